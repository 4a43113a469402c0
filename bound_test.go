package bettermode

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// silentServer accepts connections, reads each request's head and then
// sends nothing (or, with head, the head of an answer and nothing more),
// holding the connection open until the test ends: a peer that never
// answers. requests counts the requests it read; got receives one value
// per request.
type silentServer struct {
	url      string
	requests atomic.Int32
	got      chan struct{}
}

func newSilentServer(t *testing.T, head string) *silentServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &silentServer{url: "http://" + ln.Addr().String() + "/graphql", got: make(chan struct{}, 64)}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				br := bufio.NewReader(c)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					_, _ = req.Body.Read(make([]byte, 1<<16))
					s.requests.Add(1)
					s.got <- struct{}{}
					if head != "" {
						_, _ = c.Write([]byte(head))
					}
				}
			}()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return s
}

// realCtx bounds a test on real sockets: a mechanism that fails to end a
// call fails the test in 20 s instead of hanging it.
func realCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// quickRetry keeps the backoff between attempts short.
var quickRetry = WithRetryPolicy(RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond})

// TestStallAbandonsAttempt: on the client's own transport (default options
// but the stall timeout), a server that reads the request and sends
// nothing is abandoned: a query is tried MaxAttempts times and fails with
// a timeout, a mutation is tried once (it may have run).
func TestStallAbandonsAttempt(t *testing.T) {
	for _, tc := range []struct {
		name     string
		doc      string
		attempts int32
	}{
		{"query", "{ authMember { id } }", 3},
		{"mutation", "mutation { leaveSpace(spaceId: \"s\") { status } }", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSilentServer(t, "")
			c, err := NewClient(WithEndpoint(srv.url), WithStallTimeout(40*time.Millisecond), quickRetry)
			require.NoError(t, err)
			defer c.Close()
			_, err = c.Exec(realCtx(t), tc.doc, nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
			assert.Contains(t, err.Error(), "the server sent nothing for 40ms")
			var ne interface{ Timeout() bool }
			require.ErrorAs(t, err, &ne)
			assert.True(t, ne.Timeout())
			assert.Equal(t, tc.attempts, srv.requests.Load())
		})
	}
}

// TestStallAfterHeadersOwnTransport: with a transport of the caller's own,
// the attempt's own bound also abandons a body that stops.
func TestStallAfterHeadersOwnTransport(t *testing.T) {
	srv := newSilentServer(t, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data\":")
	c, err := NewClient(WithEndpoint(srv.url), WithHTTPClient(&http.Client{Transport: &http.Transport{}}),
		WithStallTimeout(40*time.Millisecond), quickRetry)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Exec(realCtx(t), "{ authMember { id } }", nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
	assert.Equal(t, int32(3), srv.requests.Load())
}

// TestCloseEndsCallsInFlight: Close ends a call waiting on a server that
// never answers at once with ErrClosed (a hard close), on the client's own
// transport and on one of the caller's, and with the default stall timeout.
func TestCloseEndsCallsInFlight(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []Option
	}{
		{"own transport", nil},
		{"caller's transport", []Option{WithHTTPClient(&http.Client{Transport: &http.Transport{}})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSilentServer(t, "")
			c, err := NewClient(append([]Option{WithEndpoint(srv.url)}, tc.opts...)...)
			require.NoError(t, err)
			done := make(chan error, 1)
			ctx := realCtx(t)
			go func() {
				_, err := c.Exec(ctx, "{ authMember { id } }", nil)
				done <- err
			}()
			<-srv.got // the request is in flight
			require.NoError(t, c.Close())
			select {
			case err := <-done:
				assert.Same(t, ErrClosed, err)
			case <-ctx.Done():
				t.Fatal("the call outlived Close")
			}
			assert.Equal(t, int32(1), srv.requests.Load())
			_, err = c.Exec(ctx, "{ authMember { id } }", nil)
			assert.Same(t, ErrClosed, err)
		})
	}
}

// TestCloseEndsBackoff: a call waiting out a backoff after a failed
// attempt ends with ErrClosed when the client closes.
func TestCloseEndsBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
			calls.Add(1)
			return nil, errors.New("connection refused (fake)")
		})}
		c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc),
			WithRetryPolicy(RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour}))
		require.NoError(t, err)
		done := make(chan error, 1)
		go func() {
			_, err := c.Exec(context.Background(), "{ authMember { id } }", nil)
			done <- err
		}()
		synctest.Wait() // the call waits out its backoff
		require.NoError(t, c.Close())
		assert.Same(t, ErrClosed, <-done)
		assert.Equal(t, int32(1), calls.Load())
	})
}

// TestStallClockInBubble: with a transport of the caller's own, the stall
// check runs on the attempt's clock: an answer within the timeout passes,
// one past it is abandoned (synctest: no wall time).
func TestStallClockInBubble(t *testing.T) {
	for _, tc := range []struct {
		name    string
		idle    time.Duration // between making the client and the call
		delay   time.Duration
		wantErr bool
	}{
		{"answer in time", 0, 20 * time.Second, false},
		{"answer in time, a while after the client was made", 40 * time.Second, 20 * time.Second, false},
		{"answer too late", 0, 50 * time.Second, true},
		{"answer just past the timeout", 0, 31 * time.Second, true}, // the check at 30 s abandons it
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var calls atomic.Int32
				hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
					calls.Add(1)
					select {
					case <-time.After(tc.delay):
						return handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
							_, _ = w.Write([]byte(`{"data":{"authMember":{"id":"m1"}}}`))
						})}.RoundTrip(r)
					case <-r.Context().Done():
						return nil, r.Context().Err()
					}
				})}
				c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc),
					WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
				require.NoError(t, err)
				defer c.Close()
				time.Sleep(tc.idle)
				_, err = c.Exec(context.Background(), "{ authMember { id } }", nil)
				if !tc.wantErr {
					require.NoError(t, err)
					return
				}
				require.ErrorIs(t, err, os.ErrDeadlineExceeded)
				assert.Contains(t, err.Error(), "the server sent nothing for 30s")
				assert.Equal(t, int32(1), calls.Load())
			})
		})
	}
}

func TestWithStallTimeoutChecks(t *testing.T) {
	_, err := NewClient(WithStallTimeout(0))
	require.ErrorIs(t, err, ErrInvalidInput)
	_, err = NewClient(WithStallTimeout(time.Second), WithStallTimeout(time.Second))
	require.ErrorIs(t, err, ErrInvalidInput)
	c, err := NewClient(WithStallTimeout(-1))
	require.NoError(t, err)
	assert.Nil(t, c.caller.flight.watch.timer, "a negative timeout arms no check")
	require.NoError(t, c.Close())
}

// TestStallJudgesOnlyTheCallersAttempts: a connection that carries none of
// the client's own attempts (here a slow request through HTTPClient, like a
// subscription's quiet socket) is never abandoned, even while the client's
// attempts run on other connections.
func TestStallJudgesOnlyTheCallersAttempts(t *testing.T) {
	release, arrived := make(chan struct{}), make(chan struct{}, 1)
	var slowRequests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			slowRequests.Add(1)
			select {
			case arrived <- struct{}{}:
			default:
			}
			<-release
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"authMember":{"id":"m1"}}}`))
	}))
	defer srv.Close()
	defer close(release)
	c, err := NewClient(WithEndpoint(srv.URL+"/graphql"), WithStallTimeout(20*time.Millisecond))
	require.NoError(t, err)
	defer c.Close()
	ctx := realCtx(t)
	// A query first: the slow request then reuses the connection it ended
	// on, which must carry no mark of it any more.
	_, err = c.Exec(ctx, "{ authMember { id } }", nil)
	require.NoError(t, err)
	slow := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/slow", nil)
		resp, err := c.HTTPClient().Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		slow <- err
	}()
	<-arrived // on the connection the query left idle
	// Queries keep the client busy for several stall timeouts.
	for start := time.Now(); time.Since(start) < 150*time.Millisecond; {
		_, err := c.Exec(ctx, "{ authMember { id } }", nil)
		require.NoError(t, err)
	}
	release <- struct{}{}
	require.NoError(t, <-slow)
	assert.Equal(t, int32(1), slowRequests.Load(), "the slow request was sent once: its connection was not abandoned")
}

// trickleBody sends its bytes one at a time, every gap, until its
// request's context ends, as a real transport's body does.
type trickleBody struct {
	ctx  context.Context
	data []byte
	gap  time.Duration
}

func (b *trickleBody) Read(p []byte) (int, error) {
	if len(b.data) == 0 {
		return 0, io.EOF
	}
	select {
	case <-time.After(b.gap):
	case <-b.ctx.Done():
		return 0, b.ctx.Err()
	}
	p[0], b.data = b.data[0], b.data[1:]
	return 1, nil
}

func (*trickleBody) Close() error { return nil }

// TestStallBodyProgress: with a transport of the caller's own, a body that
// keeps coming, a byte every 4 s (64 s in all, far past the 5 s stall timeout),
// is not abandoned; every byte restarts the clock (synctest).
func TestStallBodyProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
				ContentLength: -1, Body: &trickleBody{ctx: r.Context(), data: []byte(`{"data":{"x":1}}`), gap: 4 * time.Second}, Request: r}, nil
		})}
		c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc), WithStallTimeout(5*time.Second),
			WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
		require.NoError(t, err)
		defer c.Close()
		start := time.Now()
		resp, err := c.Exec(context.Background(), "{ x }", nil)
		require.NoError(t, err)
		assert.JSONEq(t, `{"x":1}`, string(resp.Data))
		assert.Greater(t, time.Since(start), 5*time.Second, "the body took longer than the stall timeout (virtual time)")
	})
}

// TestStallSteadyAnswerOwnTransport: on the client's own transport, an
// answer that keeps coming in small parts, each well within the stall
// timeout but the whole far longer, is not abandoned.
func TestStallSteadyAnswerOwnTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"x":"`)
		for range 30 {
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
			_, _ = io.WriteString(w, "abcdefgh")
		}
		_, _ = io.WriteString(w, `"}}`)
	}))
	defer srv.Close()
	c, err := NewClient(WithEndpoint(srv.URL), WithStallTimeout(500*time.Millisecond), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	defer c.Close()
	resp, err := c.Exec(realCtx(t), "{ x }", nil)
	require.NoError(t, err)
	assert.Len(t, string(resp.Data), len(`{"x":""}`)+30*8)
}

// TestStallWhileSending: on the client's own transport, a server that
// never reads a large request is a stall too: the attempt ends with the
// stall's error, not a broken pipe.
func TestStallWhileSending(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c) // never read
			mu.Unlock()
		}
	}()
	defer func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range held {
			_ = c.Close()
		}
		mu.Unlock()
	}()
	c, err := NewClient(WithEndpoint("http://"+ln.Addr().String()+"/graphql"), WithStallTimeout(100*time.Millisecond),
		WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	defer c.Close()
	big := strings.Repeat("x", 32<<20) // far more than the socket buffers hold
	_, err = c.Exec(realCtx(t), "mutation($v: String!) { x(v: $v) }", map[string]any{"v": big})
	require.Error(t, err)
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
}

// TestCloseEndsServerWaits: a call waiting out a 503's backoff or a 429's
// Retry-After ends with ErrClosed when the client closes, not with the
// answer's error (synctest).
func TestCloseEndsServerWaits(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		header http.Header
		doc    string
	}{
		{"503 backoff, query", http.StatusServiceUnavailable, nil, "{ x }"},
		{"503 backoff, mutation", http.StatusServiceUnavailable, nil, "mutation { x }"},
		{"429 retry-after", http.StatusTooManyRequests, http.Header{"Retry-After": {"5"}}, "{ x }"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var calls atomic.Int32
				hc := &http.Client{Transport: handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					calls.Add(1)
					for k, v := range tc.header {
						w.Header()[k] = v
					}
					w.WriteHeader(tc.status)
				})}}
				c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc),
					WithRetryPolicy(RetryPolicy{BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second}))
				require.NoError(t, err)
				done := make(chan error, 1)
				go func() {
					_, err := c.Exec(context.Background(), tc.doc, nil)
					done <- err
				}()
				synctest.Wait() // the call waits
				require.NoError(t, c.Close())
				assert.Same(t, ErrClosed, <-done)
				assert.Equal(t, int32(1), calls.Load())
			})
		})
	}
}

// TestStallSlowAnswerWithinTimeout: on the client's own transport, an
// answer slower than the check's period (a quarter of the timeout) but
// within the timeout passes, sent once.
func TestStallSlowAnswerWithinTimeout(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		time.Sleep(150 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":{"x":1}}`)
	}))
	defer srv.Close()
	c, err := NewClient(WithEndpoint(srv.URL), WithStallTimeout(400*time.Millisecond))
	require.NoError(t, err)
	defer c.Close()
	for range 3 {
		_, err = c.Exec(realCtx(t), "{ x }", nil)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(3), calls.Load())
}
