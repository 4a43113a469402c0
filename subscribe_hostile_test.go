package bettermode

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// rawWS is a WebSocket server written by hand, to misbehave as no library
// would: it answers the upgrade, acknowledges connection_init, and then
// runs misbehave on the raw connection.
func rawWS(t *testing.T, misbehave func(conn net.Conn)) http.Handler {
	t.Helper()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	t.Cleanup(func() {
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		mu.Lock()
		conns = append(conns, conn)
		mu.Unlock()
		sum := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		_, _ = brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(sum[:]) + "\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n")
		ack := `{"type":"connection_ack"}`
		_, _ = brw.Write(append([]byte{0x81, byte(len(ack))}, ack...)) // a text frame, unmasked
		_ = brw.Flush()
		misbehave(conn)
	})
}

// TestSubscribeHostileServerReturnsInTime (issue 18, defect 3): when ctx
// ends, Subscribe returns within the close grace (2 s) plus 100 ms and
// leaves no goroutine behind, even when the server then sends a frame
// header declaring 2^62 bytes, or never answers the close. Client and
// server run in a synctest bubble over in-memory connections, so the
// bound is measured on virtual time and holds exactly under any load.
func TestSubscribeHostileServerReturnsInTime(t *testing.T) {
	for _, tc := range []struct {
		name string
		// misbehave gets the connection and a channel closed when ctx ends.
		misbehave func(conn net.Conn, ended <-chan struct{})
	}{
		{"frame header of 2^62 bytes after ctx ends", func(conn net.Conn, ended <-chan struct{}) {
			<-ended
			_, _ = conn.Write([]byte{0x82, 0x7f, 0x40, 0, 0, 0, 0, 0, 0, 0, 'x', 'y'}) // binary, 64-bit length 2^62
			_, _ = io.Copy(io.Discard, conn)                                           // reads all, sends nothing more
		}},
		{"silent peer", func(conn net.Conn, ended <-chan struct{}) {
			_, _ = io.Copy(io.Discard, conn) // never answers the close
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ended := make(chan struct{})
				hc := pipeServer(t, rawWS(t, func(conn net.Conn) { tc.misbehave(conn, ended) }))
				c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc), WithCredentials(StaticToken("fake-static-token")))
				require.NoError(t, err)
				defer c.Close()
				opened := make(chan struct{})
				var once sync.Once
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				baseline := goleak.IgnoreCurrent()
				done := make(chan error, 1)
				go func() {
					done <- c.Subscribe(ctx, &memberEventsSub{}, nil, func(error) error { return nil },
						WithSubscriptionLogger(slogFunc(func(msg string) {
							if msg == "bettermode: subscription socket open" {
								once.Do(func() { close(opened) })
							}
						})))
				}()
				select {
				case <-opened:
				case err := <-done:
					t.Fatalf("Subscribe returned before the socket opened: %v", err)
				}
				cancel()
				start := time.Now()
				close(ended)
				err = <-done // a hang past every timer is a deadlock, which synctest reports
				took := time.Since(start)
				t.Logf("returned %s (virtual) after ctx ended (error: %v)", took, err)
				assert.NoError(t, err, "an acknowledged subscription ends with nil")
				assert.LessOrEqual(t, took, closeGrace+100*time.Millisecond, "returns within the close grace plus 100 ms")
				synctest.Wait() // the server's side ends with the cut connection
				goleak.VerifyNone(t, baseline)
			})
		})
	}
}

// TestSubscribeNeverConnected (issue 18, defect 2): pointed at a closed
// port, Subscribe returns, when its context ends, an error matching the
// context's that carries the last connection error, with no secret.
func TestSubscribeNeverConnected(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	const secret = "fake-static-token-never-sent"
	c, err := NewClient(WithEndpoint("http://"+addr+"/graphql"), WithCredentials(StaticToken(secret)))
	require.NoError(t, err)
	defer c.Close()
	h := newHookLog()
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	err = c.Subscribe(ctx, &memberEventsSub{}, nil, func(error) error { return nil }, WithReconnectHook(h.hook))
	t.Logf("after %d failed dials: %v", len(h.all()), err)
	require.Error(t, err, "a subscription that never connected is an error")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "cannot open the WebSocket", "the last connection error")
	assert.NotContains(t, err.Error(), secret)
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Positive(t, len(h.all()), "the dial was retried")

	// Close, not ctx, ends Run with nil even when nothing connected.
	s, err := c.Subscriptions()
	require.NoError(t, err)
	_, err = s.Subscribe(&memberEventsSub{}, nil, func(error) error { return nil })
	require.NoError(t, err)
	go func() { time.Sleep(100 * time.Millisecond); _ = s.Close() }()
	assert.NoError(t, s.Run(t.Context()))
}

// msgHandler is a slog handler calling fn with each record's message.
type msgHandler struct{ fn func(string) }

func (h msgHandler) Enabled(context.Context, slog.Level) bool      { return true }
func (h msgHandler) Handle(_ context.Context, r slog.Record) error { h.fn(r.Message); return nil }
func (h msgHandler) WithAttrs([]slog.Attr) slog.Handler            { return h }
func (h msgHandler) WithGroup(string) slog.Handler                 { return h }

func slogFunc(fn func(string)) *slog.Logger { return slog.New(msgHandler{fn}) }
