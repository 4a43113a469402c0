package bettermodetest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/jwt"
)

// wsMsg is a message of either protocol.
type wsMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// wsClient is a bare protocol client of the kit's subscription endpoint.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
}

func dialWS(t *testing.T, s *bettermodetest.Server, proto string, header http.Header) (*wsClient, *http.Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	var protos []string
	if proto != "" {
		protos = []string{proto}
	}
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.URL, "http"), &websocket.DialOptions{Subprotocols: protos, HTTPHeader: header})
	if err != nil {
		return nil, resp, err
	}
	t.Cleanup(func() { _ = conn.CloseNow() })
	return &wsClient{t: t, conn: conn}, resp, nil
}

func mustDial(t *testing.T, s *bettermodetest.Server, proto string) *wsClient {
	t.Helper()
	c, _, err := dialWS(t, s, proto, nil)
	require.NoError(t, err)
	require.Equal(t, proto, c.conn.Subprotocol())
	return c
}

func (c *wsClient) send(typ, id string, payload any) {
	c.t.Helper()
	m := map[string]any{"type": typ}
	if id != "" {
		m["id"] = id
	}
	if payload != nil {
		m["payload"] = payload
	}
	b, err := json.Marshal(m)
	require.NoError(c.t, err)
	require.NoError(c.t, c.conn.Write(c.t.Context(), websocket.MessageText, b))
}

// read returns the next message, or the error that ended the socket.
func (c *wsClient) read() (wsMsg, error) {
	ctx, cancel := context.WithTimeout(c.t.Context(), 5*time.Second)
	defer cancel()
	_, b, err := c.conn.Read(ctx)
	if err != nil {
		return wsMsg{}, err
	}
	record(string(b))
	var m wsMsg
	require.NoError(c.t, json.Unmarshal(b, &m))
	return m, nil
}

func (c *wsClient) expect(typ string) wsMsg {
	c.t.Helper()
	m, err := c.read()
	require.NoError(c.t, err)
	require.Equal(c.t, typ, m.Type, string(m.Payload))
	return m
}

// expectClose reads until the socket closes and returns its close error.
func (c *wsClient) expectClose(code int) websocket.CloseError {
	c.t.Helper()
	for {
		_, err := c.read()
		if err != nil {
			var ce websocket.CloseError
			require.ErrorAs(c.t, err, &ce)
			require.Equal(c.t, code, int(ce.Code), ce.Reason)
			return ce
		}
	}
}

func (c *wsClient) init(token string) {
	c.t.Helper()
	c.send("connection_init", "", map[string]any{"Authorization": "Bearer " + token})
	c.expect("connection_ack")
}

// protos names each protocol's messages.
var protos = []struct {
	name, start, stop, data string
	legacy                  bool
}{
	{bettermodetest.ProtocolGraphQLTransportWS, "subscribe", "complete", "next", false},
	{bettermodetest.ProtocolGraphQLWS, "start", "stop", "data", true},
}

func waitStats(t *testing.T, s *bettermodetest.Server, cond func(bettermodetest.SubscriptionStats) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	require.NoError(t, s.WaitSubscriptions(ctx, cond), "%+v", s.SubscriptionStats())
}

const eventQuery = `subscription Events { ev: memberEvents { __typename id name member { id name } } }`

func TestSubscriptionEvents(t *testing.T) {
	for _, p := range protos {
		t.Run(p.name, func(t *testing.T) {
			s := bettermodetest.Start(t)
			tok := s.MintToken(bettermodetest.KindMember, "")
			c := mustDial(t, s, p.name)
			if !p.legacy {
				c.send("ping", "", nil)
				c.expect("pong")
			}
			c.init(tok)
			c.send(p.start, "1", map[string]any{"query": eventQuery})
			waitStats(t, s, func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })

			n := s.Publish("memberEvents", map[string]any{"id": "e1", "name": "member.verified", "createdAt": "2024-01-02T03:04:05Z",
				"member": map[string]any{"id": "fakeMember01", "name": "Fake Member", "email": "not-selected@example.com"}})
			require.Equal(t, 1, n)
			m := c.expect(p.data)
			assert.Equal(t, "1", m.ID)
			assert.JSONEq(t, `{"data":{"ev":{"__typename":"MemberEvent","id":"e1","name":"member.verified","member":{"id":"fakeMember01","name":"Fake Member"}}}}`, string(m.Payload))

			// A struct payload works too, and only selected fields are sent.
			type event struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			}
			require.Equal(t, 1, s.Publish("memberEvents", event{ID: "e2", Name: "member.updated"}))
			m = c.expect(p.data)
			assert.JSONEq(t, `{"data":{"ev":{"__typename":"MemberEvent","id":"e2","name":"member.updated","member":null}}}`, string(m.Payload))

			c.send(p.stop, "1", nil)
			waitStats(t, s, func(st bettermodetest.SubscriptionStats) bool { return st.Active == 0 })
			assert.Zero(t, s.Publish("memberEvents", event{ID: "e3"}))

			st := s.SubscriptionStats()
			assert.Equal(t, 1, st.Connections)
			assert.Equal(t, map[string]int{p.name: 1}, st.Protocols)
			assert.Equal(t, 1, st.Acknowledged)
			assert.Equal(t, 1, st.Subscribes)
			assert.Equal(t, 1, s.SubscriptionConnections())
			assert.Equal(t, []string{tok}, s.SubscriptionTokens())
			require.NoError(t, c.conn.Close(websocket.StatusNormalClosure, ""))
			waitStats(t, s, func(st bettermodetest.SubscriptionStats) bool { return st.Open == 0 })
		})
	}
}

// TestSubscriptionInitForms: the token is found under Authorization,
// authToken or headers.Authorization, bearer or bare, and in the upgrade
// header when connection_init has none.
func TestSubscriptionInitForms(t *testing.T) {
	s := bettermodetest.Start(t)
	tok := s.MintToken(bettermodetest.KindGuest, "")
	for _, payload := range []any{
		map[string]any{"Authorization": "Bearer " + tok},
		map[string]any{"authorization": "bearer " + tok},
		map[string]any{"authToken": tok},
		map[string]any{"headers": map[string]any{"Authorization": "Bearer " + tok}},
	} {
		c := mustDial(t, s, bettermodetest.ProtocolGraphQLTransportWS)
		c.send("connection_init", "", payload)
		c.expect("connection_ack")
	}
	c, _, err := dialWS(t, s, bettermodetest.ProtocolGraphQLTransportWS, http.Header{"Authorization": {"Bearer " + tok}})
	require.NoError(t, err)
	c.send("connection_init", "", nil)
	c.expect("connection_ack")
	st := s.SubscriptionStats()
	assert.Equal(t, 5, st.Acknowledged)
	assert.Equal(t, 1, st.BearerUpgrades)
	assert.Equal(t, []string{tok}, s.SubscriptionTokens())
}

// TestSubscriptionRefusals: connection_init without a valid token is
// refused (4401, or connection_error then 1011 in the legacy protocol), as
// are protocol errors.
func TestSubscriptionRefusals(t *testing.T) {
	s := bettermodetest.Start(t)
	member := s.MintToken(bettermodetest.KindMember, "")
	other := bettermodetest.New(bettermodetest.WithRegion(bettermodetest.RegionEU)).MintToken(bettermodetest.KindMember, "")
	for _, p := range protos {
		for _, tc := range []struct {
			name    string
			payload any
			reason  string
		}{
			{"no payload", nil, bettermodetest.RejectUnauthenticated},
			{"basic", map[string]any{"Authorization": "Basic Zm9vOmJhcg=="}, bettermodetest.RejectUnauthenticated},
			{"not a JWT", map[string]any{"Authorization": "Bearer nope"}, bettermodetest.RejectInvalidToken},
			{"other region", map[string]any{"authToken": other}, bettermodetest.RejectWrongRegion},
		} {
			t.Run(p.name+"/"+tc.name, func(t *testing.T) {
				before, refused := s.Rejected(tc.reason), s.SubscriptionStats().Refused
				c := mustDial(t, s, p.name)
				c.send("connection_init", "", tc.payload)
				if p.legacy {
					m := c.expect("connection_error")
					assert.Contains(t, string(m.Payload), "Unauthorized")
					c.expectClose(bettermodetest.CloseTokenExpiredLegacy)
				} else {
					ce := c.expectClose(bettermodetest.CloseUnauthorized)
					assert.True(t, strings.HasPrefix(ce.Reason, "Unauthorized"), ce.Reason)
				}
				assert.Equal(t, before+1, s.Rejected(tc.reason))
				assert.Equal(t, refused+1, s.SubscriptionStats().Refused)
			})
		}
	}
	t.Run("subscribe before init", func(t *testing.T) {
		c := mustDial(t, s, bettermodetest.ProtocolGraphQLTransportWS)
		c.send("subscribe", "1", map[string]any{"query": eventQuery})
		c.expectClose(bettermodetest.CloseUnauthorized)
	})
	t.Run("second init", func(t *testing.T) {
		c := mustDial(t, s, bettermodetest.ProtocolGraphQLTransportWS)
		c.init(member)
		c.send("connection_init", "", nil)
		c.expectClose(bettermodetest.CloseTooManyInits)
	})
	t.Run("invalid message", func(t *testing.T) {
		c := mustDial(t, s, bettermodetest.ProtocolGraphQLTransportWS)
		c.send("hello", "", nil)
		c.expectClose(bettermodetest.CloseInvalidMessage)
	})
	t.Run("duplicate id", func(t *testing.T) {
		c := mustDial(t, s, bettermodetest.ProtocolGraphQLTransportWS)
		c.init(member)
		c.send("subscribe", "1", map[string]any{"query": eventQuery})
		c.send("subscribe", "1", map[string]any{"query": eventQuery})
		c.expectClose(bettermodetest.CloseSubscriberExists)
	})
	for _, p := range protos {
		for _, q := range []struct{ query, want string }{
			{`subscription { memberEvents { nope } }`, `Cannot query field \"nope\"`},
			{`{ network { id } }`, "serves only subscriptions"},
			{`subscription { memberEvents { id } `, "Expected Name"},
		} {
			t.Run(p.name+"/"+q.query, func(t *testing.T) {
				c := mustDial(t, s, p.name)
				c.init(member)
				c.send(p.start, "7", map[string]any{"query": q.query})
				m := c.expect("error")
				assert.Equal(t, "7", m.ID)
				assert.Contains(t, string(m.Payload), q.want)
				assert.Contains(t, string(m.Payload), bettermodetest.ExtValidationFailed)
			})
		}
	}
	t.Run("no subprotocol", func(t *testing.T) {
		_, resp, err := dialWS(t, s, "", nil)
		require.Error(t, err)
		require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	})
	assert.Zero(t, s.SubscriptionStats().Expired)
}

func TestSubscriptionUpgradeAuth(t *testing.T) {
	s := bettermodetest.Start(t, bettermodetest.WithSubscriptionUpgradeAuth())
	tok := s.MintToken(bettermodetest.KindMember, "")
	for _, h := range []http.Header{nil, {"Authorization": {"Bearer nope"}}} {
		_, resp, err := dialWS(t, s, bettermodetest.ProtocolGraphQLTransportWS, h)
		require.Error(t, err)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		body, _ := io.ReadAll(resp.Body)
		record(string(body))
		assert.Contains(t, string(body), `"code":"108"`)
	}
	c, _, err := dialWS(t, s, bettermodetest.ProtocolGraphQLTransportWS, http.Header{"Authorization": {"Bearer " + tok}})
	require.NoError(t, err)
	c.init(tok)
	st := s.SubscriptionStats()
	assert.Equal(t, 2, st.Refused)
	assert.Equal(t, 1, st.Connections)
	assert.Equal(t, 2, st.BearerUpgrades)
}

// TestSubscriptionExpiry: a live socket whose token expires is closed
// (4401 with graphql-transport-ws; connection_error then 1011 with the
// legacy protocol). The clock is moved to just before the token's expiry.
func TestSubscriptionExpiry(t *testing.T) {
	for _, p := range protos {
		t.Run(p.name, func(t *testing.T) {
			var offset atomic.Int64
			s := bettermodetest.Start(t, bettermodetest.WithClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }))
			tok := s.MintToken(bettermodetest.KindMember, "")
			claims, err := jwt.Parse(tok)
			require.NoError(t, err)
			offset.Store(int64(time.Until(claims.Expiry.Add(-30 * time.Millisecond)))) // the server's clock: 30ms before the expiry
			c := mustDial(t, s, p.name)
			c.init(tok)
			if p.legacy {
				m := c.expect("connection_error")
				assert.Contains(t, string(m.Payload), "token expired")
				c.expectClose(bettermodetest.CloseTokenExpiredLegacy)
			} else {
				ce := c.expectClose(bettermodetest.CloseUnauthorized)
				assert.Equal(t, "Unauthorized: token expired", ce.Reason)
			}
			assert.Equal(t, 1, s.SubscriptionStats().Expired)
			assert.Equal(t, 1, s.Rejected(bettermodetest.RejectExpired))
		})
	}
}

func TestSubscriptionDrops(t *testing.T) {
	t.Run("on demand", func(t *testing.T) {
		s := bettermodetest.Start(t)
		tok := s.MintToken(bettermodetest.KindMember, "")
		a, b := mustDial(t, s, bettermodetest.ProtocolGraphQLTransportWS), mustDial(t, s, bettermodetest.ProtocolGraphQLWS)
		a.init(tok)
		b.init(tok)
		require.Equal(t, 2, s.DropSubscriptions())
		a.expectClose(bettermodetest.CloseDropped)
		b.expectClose(bettermodetest.CloseDropped)
		waitStats(t, s, func(st bettermodetest.SubscriptionStats) bool { return st.Open == 0 })
		assert.Equal(t, 2, s.SubscriptionStats().Dropped)
		assert.Zero(t, s.DropSubscriptions())
	})
	t.Run("on a timer", func(t *testing.T) {
		s := bettermodetest.Start(t, bettermodetest.WithSubscriptionDropAfter(20*time.Millisecond))
		c := mustDial(t, s, bettermodetest.ProtocolGraphQLTransportWS)
		c.init(s.MintToken(bettermodetest.KindGuest, ""))
		c.expectClose(bettermodetest.CloseDropped)
		assert.Equal(t, 1, s.SubscriptionStats().Dropped)
	})
	t.Run("server close", func(t *testing.T) {
		s := bettermodetest.NewServer()
		c := mustDial(t, s, bettermodetest.ProtocolGraphQLTransportWS)
		c.init(s.MintToken(bettermodetest.KindGuest, ""))
		s.Close()
		c.expectClose(int(websocket.StatusGoingAway))
		assert.Zero(t, s.SubscriptionStats().Open)
	})
}

func TestSubscriptionSchema(t *testing.T) {
	sch, err := gqlparser.LoadSchema(&ast.Source{Input: bettermodetest.SchemaSDL}, &ast.Source{Input: bettermodetest.SubscriptionSDL})
	require.NoError(t, err)
	require.NotNil(t, sch.Subscription)
	f := sch.Subscription.Fields.ForName("memberEvents")
	require.NotNil(t, f)
	assert.Equal(t, "MemberEvent!", f.Type.String())
	assert.Nil(t, testSchema.Subscription, "POST requests see no subscription root")
	s := bettermodetest.New()
	assert.PanicsWithValue(t, `bettermodetest: Publish: "nope" is not a field of Subscription`, func() { s.Publish("nope", nil) })
	assert.Zero(t, s.Publish("memberEvents", map[string]any{}))
	s.Close()
}
