package bettermode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// memberEventsSub is the kit's subscription (bettermodetest.SubscriptionSDL).
type memberEventsSub struct {
	MemberEvents struct {
		ID     ID
		Name   string
		Member *struct {
			ID   ID
			Name string
		}
	} `graphql:"memberEvents"`
}

// memberEventIDs selects only the event's id.
type memberEventIDs struct {
	MemberEvents struct{ ID ID } `graphql:"memberEvents"`
}

func memberEvent(id, name string) map[string]any {
	return map[string]any{"id": id, "name": name, "member": map[string]any{"id": "fakeMember01", "name": "Fake Member"}}
}

// protocolCases run a test with each protocol.
var protocolCases = []struct {
	name  string
	proto Protocol
	kit   string // the subprotocol the kit must see
}{
	{"graphql-transport-ws", GraphQLTransportWS, bettermodetest.ProtocolGraphQLTransportWS},
	{"subscriptions-transport-ws", SubscriptionsTransportWS, bettermodetest.ProtocolGraphQLWS},
}

// kitClient returns a client of srv with Guest credentials (cached).
func kitClient(t *testing.T, srv *bettermodetest.Server, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithEndpoint(srv.URL), WithCredentials(Guest{NetworkDomain: srv.Network().Domain})}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// waitKit waits (bounded) until cond holds for srv's subscription stats.
func waitKit(t *testing.T, srv *bettermodetest.Server, what string, cond func(bettermodetest.SubscriptionStats) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.WaitSubscriptions(ctx, cond), "waiting for %s; stats: %+v", what, srv.SubscriptionStats())
}

// running is a Subscribe call running in a goroutine.
type running struct {
	events chan memberEventsSub
	done   chan error
	cancel context.CancelFunc
}

// subscribe starts c.Subscribe on memberEvents; cancel and wait with stop.
func subscribe(t *testing.T, c *Client, opts ...SubscribeOption) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	r := &running{events: make(chan memberEventsSub, 16), done: make(chan error, 1), cancel: cancel}
	var sub memberEventsSub
	go func() {
		r.done <- c.Subscribe(ctx, &sub, nil, func(err error) error {
			if err != nil {
				return err
			}
			r.events <- sub
			return nil
		}, opts...)
	}()
	t.Cleanup(func() { cancel() })
	return r
}

func (r *running) next(t *testing.T) memberEventsSub {
	t.Helper()
	select {
	case ev := <-r.events:
		return ev
	case err := <-r.done:
		t.Fatalf("Subscribe returned before the event: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return memberEventsSub{}
}

// stop cancels the subscription and returns Subscribe's result.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	return r.result(t)
}

func (r *running) result(t *testing.T) error {
	t.Helper()
	select {
	case err := <-r.done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Subscribe did not return within 10s")
	}
	return nil
}

// hookLog records reconnect events.
type hookLog struct {
	mu     sync.Mutex
	events []ReconnectEvent
	ch     chan ReconnectEvent
}

func newHookLog() *hookLog { return &hookLog{ch: make(chan ReconnectEvent, 64)} }

func (h *hookLog) hook(ev ReconnectEvent) {
	h.mu.Lock()
	h.events = append(h.events, ev)
	h.mu.Unlock()
	select {
	case h.ch <- ev:
	default:
	}
}

func (h *hookLog) all() []ReconnectEvent {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]ReconnectEvent(nil), h.events...)
}

func (h *hookLog) reasons() []ReconnectReason {
	var out []ReconnectReason
	for _, ev := range h.all() {
		out = append(out, ev.Reason)
	}
	return out
}

// await waits for a reconnect of reason.
func (h *hookLog) await(t *testing.T, reason ReconnectReason) ReconnectEvent {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev := <-h.ch:
			if ev.Reason == reason {
				return ev
			}
		case <-timeout:
			t.Fatalf("no %q reconnect within 10s; saw %v", reason, h.reasons())
		}
	}
}

func TestSubscribeReceivesEvents(t *testing.T) {
	for _, pc := range protocolCases {
		t.Run(pc.name, func(t *testing.T) {
			t.Parallel()
			srv := bettermodetest.Start(t)
			c := kitClient(t, srv)
			r := subscribe(t, c, WithProtocol(pc.proto))
			waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })

			for i, name := range []string{"member.verified", "member.updated", "member.deleted"} {
				require.Equal(t, 1, srv.Publish("memberEvents", memberEvent("ev"+string(rune('1'+i)), name)))
				ev := r.next(t)
				assert.Equal(t, name, ev.MemberEvents.Name)
				assert.Equal(t, ID("ev"+string(rune('1'+i))), ev.MemberEvents.ID)
				require.NotNil(t, ev.MemberEvents.Member)
				assert.Equal(t, "Fake Member", ev.MemberEvents.Member.Name)
			}
			require.NoError(t, r.stop(t), "a cancelled Subscribe returns nil")
			waitKit(t, srv, "the socket closed", func(st bettermodetest.SubscriptionStats) bool { return st.Open == 0 })

			st := srv.SubscriptionStats()
			assert.Equal(t, 1, st.Connections)
			assert.Equal(t, map[string]int{pc.kit: 1}, st.Protocols)
			assert.Equal(t, 1, st.BearerUpgrades, "the upgrade request carried the Authorization header")
			tok, err := c.Token(t.Context())
			require.NoError(t, err)
			assert.Equal(t, []string{tok.AccessToken.Reveal()}, srv.SubscriptionTokens(), "connection_init carried the client's token")
		})
	}
}

// TestSubscribeDropReconnects: a dropped socket is reopened and the
// subscription resumed; the reconnect takes the source's current token, the
// same while it is valid and a new one after it rotated.
func TestSubscribeDropReconnects(t *testing.T) {
	for _, pc := range protocolCases {
		t.Run(pc.name, func(t *testing.T) {
			t.Parallel()
			srv := bettermodetest.Start(t)
			c := kitClient(t, srv)
			h := newHookLog()
			r := subscribe(t, c, WithProtocol(pc.proto), WithReconnectHook(h.hook), WithReconnectBackoff(time.Millisecond, 5*time.Millisecond))
			waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })

			// A drop with a valid token: the same token is used again.
			require.Equal(t, 1, srv.DropSubscriptions())
			ev := h.await(t, ReconnectDropped)
			assert.Equal(t, bettermodetest.CloseDropped, ev.Code)
			assert.Equal(t, 1, ev.Attempt)
			waitKit(t, srv, "the second socket subscribed", func(st bettermodetest.SubscriptionStats) bool {
				return st.Acknowledged == 2 && st.Active == 1 && st.Open == 1
			})
			assert.Len(t, srv.SubscriptionTokens(), 1, "a valid cached token is reused")

			// The token rotates; the next drop reopens with the new one.
			tok, err := c.Token(t.Context())
			require.NoError(t, err)
			require.True(t, c.Source().(*CachedSource).Invalidate(tok))
			require.Equal(t, 1, srv.DropSubscriptions())
			h.await(t, ReconnectDropped)
			waitKit(t, srv, "the third socket subscribed", func(st bettermodetest.SubscriptionStats) bool {
				return st.Acknowledged == 3 && st.Active == 1 && st.Open == 1
			})
			tokens := srv.SubscriptionTokens()
			require.Len(t, tokens, 2, "the kit saw two different tokens")
			assert.NotEqual(t, tokens[0], tokens[1])
			assert.NotEqual(t, tok.AccessToken.Reveal(), tokens[1], "the rotated token was not reused")

			require.Equal(t, 1, srv.Publish("memberEvents", memberEvent("ev9", "after.drops")))
			assert.Equal(t, "after.drops", r.next(t).MemberEvents.Name, "the subscription resumed")
			require.NoError(t, r.stop(t))
			assert.Equal(t, 3, srv.SubscriptionStats().Subscribes, "one subscribe per socket")
		})
	}
}

// TestSubscribeReconnectsBeforeTokenExpiry: a socket is reopened with a
// fresh token before the one it was opened with expires; the kit, which
// closes sockets whose token expired, never has to.
func TestSubscribeReconnectsBeforeTokenExpiry(t *testing.T) {
	for _, pc := range protocolCases {
		t.Run(pc.name, func(t *testing.T) {
			t.Parallel()
			srv := bettermodetest.Start(t, bettermodetest.WithTokenLifetime(2*time.Second))
			c := kitClient(t, srv)
			h := newHookLog()
			r := subscribe(t, c, WithProtocol(pc.proto), WithReconnectHook(h.hook))
			waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })

			ev := h.await(t, ReconnectTokenExpiring)
			assert.NoError(t, ev.Err)
			waitKit(t, srv, "the second socket subscribed", func(st bettermodetest.SubscriptionStats) bool {
				return st.Acknowledged >= 2 && st.Active == 1 && st.Open == 1
			})
			require.Equal(t, 1, srv.Publish("memberEvents", memberEvent("ev1", "after.expiry")))
			assert.Equal(t, "after.expiry", r.next(t).MemberEvents.Name, "the subscription resumed by itself")
			require.NoError(t, r.stop(t))
			waitKit(t, srv, "the socket closed", func(st bettermodetest.SubscriptionStats) bool { return st.Open == 0 })

			st := srv.SubscriptionStats()
			assert.Zero(t, st.Expired, "the kit never closed a socket for expiry")
			assert.Zero(t, srv.Rejected(bettermodetest.RejectExpired))
			assert.Zero(t, st.Refused)
			tokens := srv.SubscriptionTokens()
			assert.GreaterOrEqual(t, len(tokens), 2, "each socket opened with a fresh token")
			assert.Equal(t, st.Acknowledged, len(tokens), "no token was used for two sockets")
			assert.NotContains(t, h.reasons(), ReconnectDropped)
		})
	}
}

// forgedSource mints tokens the kit refuses: well-formed, unexpired, signed
// with another key.
func forgedSource(t *testing.T, calls *atomic.Int32) CredentialSource {
	return CredentialSourceFunc(func(ctx context.Context) (*Token, error) {
		n := calls.Add(1)
		return NewToken(Secret(fakeJWT(t, map[string]any{"exp": time.Now().Add(time.Hour).Unix(), "networkId": "fakeNet0001",
			"role": "member", "id": "fakeMember01", "kind": "member", "n": n})), KindStatic), nil
	})
}

// TestSubscribeRefusedOnceThenUnauthorized: a refused connection_init
// invalidates the token and retries once with a fresh one; the second
// refusal ends Subscribe with ErrUnauthorized, promptly.
func TestSubscribeRefusedOnceThenUnauthorized(t *testing.T) {
	for _, pc := range protocolCases {
		for _, upgrade := range []bool{false, true} {
			name := pc.name + "/connection_init"
			var kitOpts []bettermodetest.Option
			if upgrade {
				name = pc.name + "/upgrade_401"
				kitOpts = append(kitOpts, bettermodetest.WithSubscriptionUpgradeAuth())
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				srv := bettermodetest.Start(t, kitOpts...)
				var calls atomic.Int32
				c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(forgedSource(t, &calls)))
				require.NoError(t, err)
				t.Cleanup(func() { _ = c.Close() })
				h := newHookLog()
				start := time.Now()
				r := subscribe(t, c, WithProtocol(pc.proto), WithReconnectHook(h.hook))
				err = r.result(t)
				require.ErrorIs(t, err, ErrUnauthorized)
				assert.Less(t, time.Since(start), 5*time.Second, "bounded")
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Contains(t, err.Error(), "bettermode: subscribe: the server refused the credentials")
				assert.Contains(t, err.Error(), "a fresh token was refused too")
				if upgrade {
					assert.Equal(t, http.StatusUnauthorized, e.StatusCode)
					assert.Zero(t, srv.SubscriptionConnections(), "no socket was opened")
				} else {
					assert.Equal(t, 2, srv.SubscriptionConnections())
				}
				assert.Equal(t, 2, srv.SubscriptionStats().Refused, "one retry")
				assert.Equal(t, int32(2), calls.Load(), "the refused token was replaced once")
				assert.Equal(t, []ReconnectReason{ReconnectRefused}, h.reasons())
				assert.NotContains(t, err.Error(), "eyJ")
			})
		}
	}
}

// TestSubscribeRefusedStaticToken: a token that cannot be renewed is not
// retried.
func TestSubscribeRefusedStaticToken(t *testing.T) {
	srv := bettermodetest.Start(t)
	c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticToken("not-a-valid-token")))
	require.NoError(t, err)
	defer c.Close()
	err = c.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return nil })
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Contains(t, err.Error(), "the source cannot give another token")
	assert.NotContains(t, err.Error(), "not-a-valid-token")
	assert.Equal(t, 1, srv.SubscriptionConnections())
}

// fakeWS serves WebSocket upgrades with fn, for protocol behaviour the kit
// does not have.
func fakeWS(t *testing.T, subprotocol string, fn func(ctx context.Context, conn *websocket.Conn)) *httptest.Server {
	t.Helper()
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background()) // a hijacked request's context never ends
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{subprotocol}})
		if err != nil {
			return
		}
		defer conn.CloseNow()
		fn(ctx, conn)
	}))
	t.Cleanup(func() { cancel(); ts.Close(); wg.Wait() })
	return ts
}

func readMsg(ctx context.Context, conn *websocket.Conn) (wsMessage, error) {
	var m wsMessage
	_, b, err := conn.Read(ctx)
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	return m, err
}

// TestSubscribeForbidden: close code 4403 after connection_init is
// ErrForbidden, after one retry.
func TestSubscribeForbidden(t *testing.T) {
	var inits atomic.Int32
	ts := fakeWS(t, "graphql-transport-ws", func(ctx context.Context, conn *websocket.Conn) {
		if m, err := readMsg(ctx, conn); err == nil && m.Type == "connection_init" {
			inits.Add(1)
			_ = conn.Close(4403, "Forbidden")
		}
	})
	var calls atomic.Int32
	c, err := NewClient(WithEndpoint(ts.URL), WithCredentials(forgedSource(t, &calls)))
	require.NoError(t, err)
	defer c.Close()
	err = c.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return nil })
	require.ErrorIs(t, err, ErrForbidden)
	assert.Contains(t, err.Error(), "close code 4403: Forbidden")
	assert.Equal(t, int32(2), inits.Load())
	assert.Equal(t, int32(2), calls.Load())
}

// TestSubscribeProtocolErrors: the server's operation error ends the
// subscription; an error event reaches the handler; a completed
// subscription ends Subscribe with nil; a server that speaks another
// subprotocol is a fatal error.
func TestSubscribeProtocolErrors(t *testing.T) {
	t.Run("invalid field", func(t *testing.T) {
		srv := bettermodetest.Start(t)
		c := kitClient(t, srv)
		var sub struct {
			MemberEvents struct{ Nope string } `graphql:"memberEvents"`
		}
		var got []error
		err := c.Subscribe(t.Context(), &sub, nil, func(err error) error { got = append(got, err); return nil })
		require.ErrorIs(t, err, ErrInvalidInput)
		assert.Contains(t, err.Error(), "bettermode: memberEvents: ")
		assert.Contains(t, err.Error(), `cannot query field "nope"`)
		require.Len(t, got, 1, "the handler got the error too")
	})
	t.Run("events with errors, then complete", func(t *testing.T) {
		ts := fakeWS(t, "graphql-transport-ws", func(ctx context.Context, conn *websocket.Conn) {
			_, _ = readMsg(ctx, conn)
			_ = conn.Write(ctx, websocket.MessageText, []byte(`{"type":"connection_ack"}`))
			m, _ := readMsg(ctx, conn)
			for _, msg := range []string{
				`{"type":"ping"}`,
				`{"id":"` + m.ID + `","type":"next","payload":{"data":{"memberEvents":{"id":"e1","name":"one"}}}}`,
				`{"id":"` + m.ID + `","type":"next","payload":{"data":null,"errors":[{"message":"Member not found","code":"110"}]}}`,
				`{"id":"` + m.ID + `","type":"complete"}`,
			} {
				_ = conn.Write(ctx, websocket.MessageText, []byte(msg))
			}
			pong, _ := readMsg(ctx, conn)
			assert.Equal(t, "pong", pong.Type)
			_, _, _ = conn.Read(ctx) // until the client closes
		})
		c, err := NewClient(WithEndpoint(ts.URL), WithCredentials(StaticToken("fake-static-token")))
		require.NoError(t, err)
		defer c.Close()
		var sub memberEventsSub
		var names []string
		var errs []error
		err = c.Subscribe(t.Context(), &sub, nil, func(err error) error {
			if err != nil {
				errs = append(errs, err)
			} else {
				names = append(names, sub.MemberEvents.Name)
			}
			return nil
		})
		require.NoError(t, err, "a completed subscription ends Subscribe without error")
		assert.Equal(t, []string{"one"}, names)
		require.Len(t, errs, 1)
		assert.ErrorIs(t, errs[0], ErrNotFound)
	})
	t.Run("wrong subprotocol", func(t *testing.T) {
		ts := fakeWS(t, "graphql-ws", func(ctx context.Context, conn *websocket.Conn) { _, _, _ = conn.Read(ctx) })
		c, err := NewClient(WithEndpoint(ts.URL), WithCredentials(StaticToken("fake-static-token")))
		require.NoError(t, err)
		defer c.Close()
		err = c.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return nil })
		require.ErrorIs(t, err, ErrInvalidInput)
		assert.Contains(t, err.Error(), "does not speak graphql-transport-ws")
	})
	t.Run("handler error", func(t *testing.T) {
		srv := bettermodetest.Start(t)
		c := kitClient(t, srv)
		stop := errors.New("enough")
		done := make(chan error, 1)
		go func() {
			done <- c.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return stop })
		}()
		waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })
		srv.Publish("memberEvents", memberEvent("e1", "x"))
		assert.Equal(t, stop, <-done)
		waitKit(t, srv, "the socket closed", func(st bettermodetest.SubscriptionStats) bool { return st.Open == 0 })
	})
}

// TestSubscribeCancelLeavesNothing: cancelling Subscribe closes the socket
// and leaves no goroutine behind.
func TestSubscribeCancelLeavesNothing(t *testing.T) {
	for _, pc := range protocolCases {
		t.Run(pc.name, func(t *testing.T) {
			srv := bettermodetest.Start(t)
			c := kitClient(t, srv)
			_, err := c.Token(t.Context()) // the token's HTTP connection predates the snapshot
			require.NoError(t, err)
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

			r := subscribe(t, c, WithProtocol(pc.proto), WithKeepAlive(time.Hour))
			waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })
			require.NoError(t, r.stop(t))
			waitKit(t, srv, "the socket closed", func(st bettermodetest.SubscriptionStats) bool { return st.Open == 0 && st.Active == 0 })
		})
	}
}

// TestSubscriptionsOverOneSocket: many subscriptions share one socket, are
// resumed together after a drop, and stop one by one.
func TestSubscriptionsOverOneSocket(t *testing.T) {
	for _, pc := range protocolCases {
		t.Run(pc.name, func(t *testing.T) {
			t.Parallel()
			srv := bettermodetest.Start(t)
			c := kitClient(t, srv)
			s, err := c.Subscriptions(WithProtocol(pc.proto), WithReconnectBackoff(time.Millisecond, time.Millisecond))
			require.NoError(t, err)

			var full memberEventsSub
			var ids memberEventIDs
			var late memberEventIDs
			fullCh, idsCh, lateCh := make(chan string, 8), make(chan string, 8), make(chan string, 8)
			_, err = s.Subscribe(&full, nil, func(err error) error { require.NoError(t, err); fullCh <- full.MemberEvents.Name; return nil })
			require.NoError(t, err)
			idsID, err := s.Subscribe(&ids, nil, func(err error) error { require.NoError(t, err); idsCh <- string(ids.MemberEvents.ID); return nil })
			require.NoError(t, err)

			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() { done <- s.Run(ctx) }()
			waitKit(t, srv, "two subscriptions", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 2 })
			_, err = s.Subscribe(&late, nil, func(err error) error { require.NoError(t, err); lateCh <- string(late.MemberEvents.ID); return nil })
			require.NoError(t, err, "a subscription added while Run runs")
			waitKit(t, srv, "three subscriptions", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 3 })

			require.Equal(t, 3, srv.Publish("memberEvents", memberEvent("e1", "first")))
			assert.Equal(t, "first", <-fullCh)
			assert.Equal(t, "e1", <-idsCh)
			assert.Equal(t, "e1", <-lateCh)

			require.Equal(t, 1, srv.DropSubscriptions())
			waitKit(t, srv, "all three resumed", func(st bettermodetest.SubscriptionStats) bool {
				return st.Acknowledged == 2 && st.Active == 3 && st.Open == 1
			})
			require.NoError(t, s.Unsubscribe(idsID))
			require.ErrorIs(t, s.Unsubscribe(idsID), ErrNotFound)
			waitKit(t, srv, "two subscriptions", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 2 })
			require.Equal(t, 2, srv.Publish("memberEvents", memberEvent("e2", "second")))
			assert.Equal(t, "second", <-fullCh)
			assert.Equal(t, "e2", <-lateCh)
			assert.Empty(t, idsCh)

			cancel()
			require.NoError(t, <-done)
			st := srv.SubscriptionStats()
			assert.Equal(t, 2, st.Connections, "one socket at a time")
			assert.Equal(t, 6, st.Subscribes)
			_, err = s.Subscribe(&ids, nil, func(error) error { return nil })
			assert.ErrorIs(t, err, ErrClosed)
			assert.ErrorIs(t, s.Run(t.Context()), ErrClosed)
		})
	}
}

// TestSubscriptionsCloseAndClientClose: Close ends Run with nil; closing
// the client ends it with ErrClosed.
func TestSubscriptionsCloseAndClientClose(t *testing.T) {
	srv := bettermodetest.Start(t)
	c := kitClient(t, srv)
	s, err := c.Subscriptions()
	require.NoError(t, err)
	_, err = s.Subscribe(&memberEventsSub{}, nil, func(error) error { return nil })
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- s.Run(t.Context()) }()
	waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })
	require.NoError(t, s.Close())
	require.NoError(t, <-done)

	s2, err := c.Subscriptions()
	require.NoError(t, err)
	_, err = s2.Subscribe(&memberEventsSub{}, nil, func(error) error { return nil })
	require.NoError(t, err)
	go func() { done <- s2.Run(t.Context()) }()
	waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 && st.Open == 1 })
	require.NoError(t, c.Close())
	require.ErrorIs(t, <-done, ErrClosed)
	_, err = c.Subscriptions()
	assert.ErrorIs(t, err, ErrClosed)
	waitKit(t, srv, "the socket closed", func(st bettermodetest.SubscriptionStats) bool { return st.Open == 0 })
}

// TestSubscriptionEndpoint: the WebSocket URL comes from the endpoint
// (https → wss, http → ws to loopback), or from WithSubscriptionEndpoint,
// validated by the same rule; plain ws or http to another host is refused
// before any dial.
func TestSubscriptionEndpoint(t *testing.T) {
	target := func(t *testing.T, endpoint string, opts ...SubscribeOption) (string, error) {
		c, err := NewClient(WithEndpoint(endpoint), WithCredentials(StaticToken("fake-static-token")))
		require.NoError(t, err)
		defer c.Close()
		s, err := c.Subscriptions(opts...)
		if err != nil {
			return "", err
		}
		return s.target(nil)
	}
	for _, tc := range []struct {
		endpoint, sub, want string
	}{
		{"https://api.example.com/graphql", "", "wss://api.example.com/graphql"},
		{"http://127.0.0.1:8080/graphql", "", "ws://127.0.0.1:8080/graphql"},
		{"http://localhost:8080", "", "ws://localhost:8080"},
		{"https://api.example.com/graphql", "wss://realtime.example.com/ws", "wss://realtime.example.com/ws"},
		{"https://api.example.com/graphql", "https://realtime.example.com/ws", "wss://realtime.example.com/ws"},
		{"https://api.example.com/graphql", "ws://[::1]:9000/ws", "ws://[::1]:9000/ws"},
	} {
		var opts []SubscribeOption
		if tc.sub != "" {
			opts = append(opts, WithSubscriptionEndpoint(tc.sub))
		}
		got, err := target(t, tc.endpoint, opts...)
		require.NoError(t, err, tc)
		assert.Equal(t, tc.want, got, tc)
	}

	srv := bettermodetest.Start(t)
	c := kitClient(t, srv)
	for _, bad := range []string{"ws://example.com/graphql", "http://example.com/graphql", "ftp://example.com", "wss://user:pw@example.com",
		"wss://example.com/?token=x", "wss://example.com/#x", "wss://", ""} {
		err := c.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return nil }, WithSubscriptionEndpoint(bad))
		require.ErrorIs(t, err, ErrInvalidInput, bad)
		assert.True(t, strings.HasPrefix(err.Error(), "bettermode: Subscriptions: the subscription endpoint"), err.Error())
		assert.NotContains(t, err.Error(), "pw")
	}
	err := c.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return nil }, WithSubscriptionEndpoint("ws://example.com/graphql"))
	assert.Contains(t, err.Error(), "plain ws or http to a host that is not loopback")
	assert.Zero(t, srv.SubscriptionConnections(), "nothing was dialled")
	assert.Zero(t, srv.Requests(bettermodetest.AuthMissing), "not even a token was minted")
}

// TestSubscribeOptions checks the options' validation and the
// connection_init payload's forms, which the kit accepts.
func TestSubscribeOptions(t *testing.T) {
	c, err := NewClient(WithEndpoint("https://api.example.com"), WithCredentials(StaticToken("fake-static-token")))
	require.NoError(t, err)
	defer c.Close()
	for _, opts := range [][]SubscribeOption{
		{WithProtocol("graphql-sse")},
		{WithProtocol(GraphQLTransportWS), WithProtocol(GraphQLTransportWS)},
		{WithInitAuth("Bearer")},
		{WithInitAuth("Bearer", "")},
		{WithInitAuth("Bea rer", "Authorization")},
		{WithInitPayload(map[string]any{"f": func() {}})},
		{nil},
	} {
		_, err := c.Subscriptions(opts...)
		require.ErrorIs(t, err, ErrInvalidInput)
		assert.True(t, strings.HasPrefix(err.Error(), "bettermode: Subscriptions: "), err.Error())
	}
	s, err := c.Subscriptions()
	require.NoError(t, err)
	for _, bad := range []struct {
		v       any
		vars    map[string]any
		handler func(error) error
	}{
		{&memberEventsSub{}, nil, nil},
		{memberEventsSub{}, nil, func(error) error { return nil }},
		{(*memberEventsSub)(nil), nil, func(error) error { return nil }},
		{&memberEventsSub{}, map[string]any{"x": nil}, func(error) error { return nil }},
	} {
		_, err := s.Subscribe(bad.v, bad.vars, bad.handler)
		require.ErrorIs(t, err, ErrInvalidInput)
	}
}

// TestSubscribeNeverLogsTokens: with a Debug logger and a reconnect hook,
// through opens, drops, rotations and refusals, no record and no error holds
// a token.
func TestSubscribeNeverLogsTokens(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var texts []string
	var mu sync.Mutex
	hook := func(ev ReconnectEvent) {
		mu.Lock()
		defer mu.Unlock()
		if ev.Err != nil {
			texts = append(texts, ev.Err.Error(), fmt.Sprintf("%+v %#v", ev, ev))
		}
	}

	// A working subscription: opened, dropped, rotated, expiring.
	srv := bettermodetest.Start(t, bettermodetest.WithTokenLifetime(2*time.Second))
	c := kitClient(t, srv, WithCacheOptions(WithLogger(logger)))
	h := newHookLog()
	r := subscribe(t, c, WithSubscriptionLogger(logger), WithInitAuth(SchemeBare, "authToken"),
		WithReconnectBackoff(time.Millisecond, time.Millisecond), WithReconnectHook(func(ev ReconnectEvent) { hook(ev); h.hook(ev) }))
	waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })
	srv.DropSubscriptions()
	h.await(t, ReconnectDropped)
	h.await(t, ReconnectTokenExpiring)
	require.NoError(t, r.stop(t))

	// A refused one, both protocols.
	var forged []string
	var calls atomic.Int32
	src := CredentialSourceFunc(func(ctx context.Context) (*Token, error) {
		tok, err := forgedSource(t, &calls).Token(ctx)
		if err == nil {
			mu.Lock()
			forged = append(forged, tok.AccessToken.Reveal())
			mu.Unlock()
		}
		return tok, err
	})
	c2, err := NewClient(WithEndpoint(srv.URL), WithCredentials(src))
	require.NoError(t, err)
	defer c2.Close()
	for _, pc := range protocolCases {
		err := c2.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return nil },
			WithProtocol(pc.proto), WithSubscriptionLogger(logger), WithReconnectHook(hook))
		require.ErrorIs(t, err, ErrUnauthorized)
		texts = append(texts, err.Error(), fmt.Sprintf("%+v %#v", err, err))
	}

	all := buf.String() + strings.Join(texts, "\n")
	require.Contains(t, all, "subscription socket open", "the logger saw the sockets")
	require.Contains(t, all, "refused")
	tokens := append(srv.SubscriptionTokens(), forged...)
	require.GreaterOrEqual(t, len(tokens), 4)
	assertNoSecret(t, all, tokens...)
	assert.NotContains(t, all, "eyJ", "nothing JWT-shaped")
}

// syncBuffer is a bytes.Buffer for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSubscribeInitPayload: the token goes in connection_init at the
// configured key, as the configured scheme, beside WithInitPayload's
// params; the kit accepts each form.
func TestSubscribeInitPayload(t *testing.T) {
	srv := bettermodetest.Start(t)
	c := kitClient(t, srv)
	tok, err := c.Token(t.Context())
	require.NoError(t, err)
	raw := tok.AccessToken.Reveal()
	params := map[string]any{"client": "sdk", "headers": map[string]any{"X-Trace": "1"}}
	for _, tc := range []struct {
		name string
		opts []SubscribeOption
		want map[string]any
	}{
		{"default", nil, map[string]any{"Authorization": "Bearer " + raw}},
		{"authToken", []SubscribeOption{WithInitAuth(SchemeBare, "authToken")}, map[string]any{"authToken": raw}},
		{"headers", []SubscribeOption{WithInitAuth("Bearer", "headers", "Authorization"), WithInitPayload(params)},
			map[string]any{"client": "sdk", "headers": map[string]any{"X-Trace": "1", "Authorization": "Bearer " + raw}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := c.Subscriptions(tc.opts...)
			require.NoError(t, err)
			e := newAuthEntry(tok, nil)
			var got map[string]any
			require.NoError(t, json.Unmarshal(s.initPayload(e), &got))
			assert.Equal(t, tc.want, got)

			before := srv.SubscriptionStats().Acknowledged
			r := subscribe(t, c, tc.opts...)
			waitKit(t, srv, "acknowledged", func(st bettermodetest.SubscriptionStats) bool { return st.Acknowledged == before+1 && st.Active == 1 })
			require.NoError(t, r.stop(t))
			waitKit(t, srv, "closed", func(st bettermodetest.SubscriptionStats) bool { return st.Open == 0 })
		})
	}
	assert.Equal(t, map[string]any{"X-Trace": "1"}, params["headers"], "the caller's map is not modified")
	assert.Zero(t, srv.SubscriptionStats().Refused)
}

// TestSubscribeUnresponsiveServer: a server that never acknowledges, or
// stops answering pings, counts as a drop: the socket is reopened with
// backoff until ctx ends.
func TestSubscribeUnresponsiveServer(t *testing.T) {
	var sockets atomic.Int32
	ackFirst := true
	ts := fakeWS(t, "graphql-transport-ws", func(ctx context.Context, conn *websocket.Conn) {
		n := sockets.Add(1)
		_, _ = readMsg(ctx, conn)
		if ackFirst && n == 1 {
			_ = conn.Write(ctx, websocket.MessageText, []byte(`{"type":"connection_ack"}`))
		}
		<-ctx.Done() // never reads again: pings go unanswered
	})
	c, err := NewClient(WithEndpoint(ts.URL), WithCredentials(StaticToken("fake-static-token")))
	require.NoError(t, err)
	defer c.Close()
	h := newHookLog()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- c.Subscribe(ctx, &memberEventsSub{}, nil, func(error) error { return nil }, WithKeepAlive(20*time.Millisecond),
			WithInitTimeout(20*time.Millisecond), WithReconnectBackoff(time.Millisecond, 2*time.Millisecond), WithReconnectHook(h.hook))
	}()
	first := h.await(t, ReconnectDropped)
	assert.Contains(t, first.Err.Error(), "did not answer a ping")
	second := h.await(t, ReconnectDropped)
	assert.Contains(t, second.Err.Error(), "did not acknowledge connection_init")
	assert.Equal(t, 2, second.Attempt)
	cancel()
	require.NoError(t, <-done)
}

func TestSubscribeBackoff(t *testing.T) {
	s := &Subscriptions{cfg: defaultSubConfig()}
	for n, want := range map[int]time.Duration{1: 500 * time.Millisecond, 2: time.Second, 3: 2 * time.Second, 7: 30 * time.Second, 100: 30 * time.Second} {
		for range 20 {
			d := s.backoff(n)
			assert.GreaterOrEqual(t, d, want/2, n)
			assert.LessOrEqual(t, d, want, n)
		}
	}
}

// TestSubscribeOverTLS: an https endpoint becomes wss, and the upgrade works
// beside HTTP/2 requests on the same client.
func TestSubscribeOverTLS(t *testing.T) {
	srv := bettermodetest.New()
	var mu sync.Mutex
	protos := map[string]bool{} // "POST HTTP/2.0", "GET HTTP/1.1"
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		protos[r.Method+" "+r.Proto] = true
		mu.Unlock()
		srv.Handler().ServeHTTP(w, r)
	}))
	ts.EnableHTTP2 = true
	ts.StartTLS()
	t.Cleanup(ts.Close)
	t.Cleanup(srv.Close) // first: it closes the sockets
	c, err := NewClient(WithEndpoint(ts.URL), WithHTTPClient(ts.Client()), WithCredentials(Guest{NetworkDomain: srv.Network().Domain}))
	require.NoError(t, err)
	defer c.Close()
	var q struct {
		Network struct{ Name string } `graphql:"network"`
	}
	var hdr http.Header
	require.NoError(t, c.Query(t.Context(), &q, nil, BindResponseHeader(&hdr)))

	r := subscribe(t, c)
	waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })
	srv.Publish("memberEvents", memberEvent("e1", "over.tls"))
	assert.Equal(t, "over.tls", r.next(t).MemberEvents.Name)
	require.NoError(t, r.stop(t))
	s, err := c.Subscriptions()
	require.NoError(t, err)
	u, err := s.target(nil)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(u, "wss://127.0.0.1:"), u)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, map[string]bool{"POST HTTP/2.0": true, "GET HTTP/1.1": true}, protos)
}

// TestSubscribeExpiringStaticToken: a source that cannot give a fresh token
// (a static one) gets one early reconnect, and ErrUnauthorized once the
// server closes the socket at the token's expiry: never a loop.
func TestSubscribeExpiringStaticToken(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t, bettermodetest.WithTokenLifetime(2*time.Second))
	c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticToken(srv.MintToken(bettermodetest.KindMember, ""))))
	require.NoError(t, err)
	defer c.Close()
	h := newHookLog()
	err = c.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return nil }, WithReconnectHook(h.hook))
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Contains(t, err.Error(), "close code 4401: Unauthorized: token expired")
	assert.Contains(t, err.Error(), "the source cannot give another token")
	assert.LessOrEqual(t, len(h.reasons()), 1, "at most one early reconnect: %v", h.reasons())
	st := srv.SubscriptionStats()
	assert.LessOrEqual(t, st.Connections, 2)
	// The kit closed the live socket at expiry, or (when the early reconnect
	// waited out a backoff) refused the expired token at connection_init.
	assert.Equal(t, 1, st.Expired+st.Refused)
	assert.Equal(t, 1, srv.Rejected(bettermodetest.RejectExpired))
}

// TestSubscribeRefusedAfterAck: a server that acknowledges and then closes
// with 4401 at once is a refusal too: one retry, then ErrUnauthorized.
func TestSubscribeRefusedAfterAck(t *testing.T) {
	var sockets atomic.Int32
	ts := fakeWS(t, "graphql-transport-ws", func(ctx context.Context, conn *websocket.Conn) {
		sockets.Add(1)
		_, _ = readMsg(ctx, conn)
		_ = conn.Write(ctx, websocket.MessageText, []byte(`{"type":"connection_ack"}`))
		_, _ = readMsg(ctx, conn) // subscribe
		_ = conn.Close(4401, "Unauthorized")
	})
	var calls atomic.Int32
	c, err := NewClient(WithEndpoint(ts.URL), WithCredentials(forgedSource(t, &calls)))
	require.NoError(t, err)
	defer c.Close()
	err = c.Subscribe(t.Context(), &memberEventsSub{}, nil, func(error) error { return nil })
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, int32(2), sockets.Load())
	assert.Equal(t, int32(2), calls.Load())
}

// ExampleClient_Subscribe subscribes to the stand-in's memberEvents with a
// guest token; the stand-in publishes one event.
func ExampleClient_Subscribe() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(Guest{NetworkDomain: srv.Network().Domain}))
	if err != nil {
		panic(err)
	}
	defer c.Close()

	ctx, cancel := context.WithCancel(context.Background())
	go func() { // the stand-in publishes once the subscription runs
		_ = srv.WaitSubscriptions(ctx, func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })
		srv.Publish("memberEvents", map[string]any{"id": "ev1", "name": "member.verified", "member": map[string]any{"id": "fakeMember01", "name": "Fake Member"}})
	}()

	var sub struct {
		MemberEvents struct {
			Name   string
			Member struct{ Name string }
		} `graphql:"memberEvents"`
	}
	err = c.Subscribe(ctx, &sub, nil, func(err error) error {
		if err != nil {
			return err
		}
		fmt.Println(sub.MemberEvents.Name, "-", sub.MemberEvents.Member.Name)
		cancel() // one event is enough
		return nil
	})
	fmt.Println("Subscribe returned:", err)
	// Output:
	// member.verified - Fake Member
	// Subscribe returned: <nil>
}
