package bettermode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The cache tests run in synctest bubbles: time.Sleep advances a fake clock
// at once, and synctest.Wait lets the cache's goroutines finish their work.
// They count source calls and events; none measures time.

// cacheSource mints "fake-access-token-N" on its Nth call, valid for
// lifetime from the (fake) time of the call, or forever for 0. It can be made
// to fail, or to block until its gate is closed or its context ends.
type cacheSource struct {
	lifetime      time.Duration
	refreshTokens bool
	calls         atomic.Int64

	mu   sync.Mutex
	err  error
	gate chan struct{}
	tok  func(n int64) *Token // overrides the minted token
	ctxs []context.Context
	olds []*Token // the tokens refresh was asked to renew
}

func (s *cacheSource) Token(ctx context.Context) (*Token, error) { return s.serve(ctx) }

func (s *cacheSource) serve(ctx context.Context) (*Token, error) {
	n := s.calls.Add(1)
	s.mu.Lock()
	s.ctxs = append(s.ctxs, ctx)
	gate, err, mint := s.gate, s.err, s.tok
	s.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if err != nil {
		return nil, err
	}
	if mint != nil {
		return mint(n), nil
	}
	tok := &Token{AccessToken: Secret(fmt.Sprintf("fake-access-token-%d", n)), Kind: KindGuest, Role: "Guest"}
	if s.lifetime > 0 {
		tok.Expiry = time.Now().Add(s.lifetime)
	}
	if s.refreshTokens {
		tok.RefreshToken = Secret(fmt.Sprintf("fake-refresh-token-%d", n))
	}
	return tok, nil
}

func (s *cacheSource) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.err = err
}

// block makes the next calls wait until release is called.
func (s *cacheSource) block() (release func()) {
	gate := make(chan struct{})
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gate = gate
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.gate = nil
		close(gate)
	}
}

func (s *cacheSource) refreshed() []*Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Token(nil), s.olds...)
}

func (s *cacheSource) ctx(i int) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctxs[i]
}

// cacheRefresher is a cacheSource that also implements Refresher.
type cacheRefresher struct{ *cacheSource }

func (s cacheRefresher) Refresh(ctx context.Context, old *Token) (*Token, error) {
	s.mu.Lock()
	s.olds = append(s.olds, old)
	s.mu.Unlock()
	return s.serve(ctx)
}

// cacheEvents records what the token hook is told.
type cacheEvents struct {
	mu  sync.Mutex
	evs []TokenEvent
}

func (r *cacheEvents) add(ev TokenEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.evs = append(r.evs, ev)
}

func (r *cacheEvents) all() []TokenEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]TokenEvent(nil), r.evs...)
}

func (r *cacheEvents) types() []TokenEventType {
	var out []TokenEventType
	for _, ev := range r.all() {
		out = append(out, ev.Type)
	}
	return out
}

// newTestCache wraps src with jitter draws fixed at 0 (so the backoff delay
// after n failures is half of base·2^(n-1)) and a recording hook. The cache
// is closed when the test ends.
func newTestCache(t *testing.T, src CredentialSource, opts ...CacheOption) (*CachedSource, *cacheEvents) {
	t.Helper()
	evs := &cacheEvents{}
	base := []CacheOption{withRand(func() float64 { return 0 }), WithTokenHook(evs.add)}
	c := CacheSource(src, append(base, opts...)...)
	t.Cleanup(func() { assert.NoError(t, c.Close()) })
	return c, evs
}

func mustToken(t *testing.T, c *CachedSource) *Token {
	t.Helper()
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	require.NotNil(t, tok)
	return tok
}

type tokenResult struct {
	tok *Token
	err error
}

func goToken(ctx context.Context, c *CachedSource) <-chan tokenResult {
	ch := make(chan tokenResult, 1)
	go func() {
		tok, err := c.Token(ctx)
		ch <- tokenResult{tok, err}
	}()
	return ch
}

// pending reports whether nothing was received on ch yet.
func pending(ch <-chan tokenResult) bool {
	synctest.Wait()
	select {
	case r := <-ch:
		panic(fmt.Sprintf("returned early: %v %v", r.tok, r.err))
	default:
		return true
	}
}

// With the default options a token of any lifetime is served on every call
// and replaced in the background: each token is refreshed at P = usable -
// window after it was fetched (5s: usable 4.5s, window 2.25s; 10s: 9s and
// 4.5s; 1.5s: 1.35s and 0.675s; 1h: 3590s and 300s). Calls every P/10 over
// three lifetimes L make ceil(3L/P) source calls.
func TestCachedSourceAnyLifetime(t *testing.T) {
	for _, tc := range []struct {
		lifetime, period time.Duration
		calls            int64
	}{
		{5 * time.Second, 2250 * time.Millisecond, 7},
		{10 * time.Second, 4500 * time.Millisecond, 7},
		{1500 * time.Millisecond, 675 * time.Millisecond, 7},
		{time.Hour, 3290 * time.Second, 4},
	} {
		t.Run(tc.lifetime.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := &cacheSource{lifetime: tc.lifetime}
				evs := &cacheEvents{}
				c := CacheSource(src, WithRefreshJitter(0), WithTokenHook(evs.add))
				defer c.Close()
				minLeft := min(10*time.Second, tc.lifetime/10)
				start := time.Now()
				for time.Since(start) < 3*tc.lifetime {
					now := time.Now()
					tok, err := c.Token(context.Background())
					require.NoError(t, err)
					require.GreaterOrEqual(t, tok.Expiry.Sub(now), minLeft, "a token with too little left was served")
					time.Sleep(tc.period / 10)
				}
				assert.Equal(t, tc.calls, src.calls.Load())
				for _, ev := range evs.all() {
					assert.NoError(t, ev.Err)
				}
			})
		})
	}
}

func TestCachedSourceDeadlines(t *testing.T) {
	for _, tc := range []struct {
		lifetime, expire, stale time.Duration // from the fetch
		rand                    float64
		opts                    []CacheOption
	}{
		{time.Hour, time.Hour - 10*time.Second, time.Hour - 10*time.Second - 5*time.Minute, 0, nil},
		{10 * time.Minute, 590 * time.Second, 470 * time.Second, 0, nil}, // 20% = 2m
		{2 * time.Minute, 110 * time.Second, 80 * time.Second, 0, nil},   // 24s, raised to the 30s floor
		{time.Minute, 54 * time.Second, 27 * time.Second, 0, nil},        // floor capped at half of 54s
		{5 * time.Second, 4500 * time.Millisecond, 2250 * time.Millisecond, 0, nil},
		{time.Hour, time.Hour - 10*time.Second, time.Hour - 10*time.Second - 5*time.Minute - 15*time.Second, 0.5, nil}, // jitter 0.5·0.1·5m
		{time.Hour, time.Hour - time.Minute, 50 * time.Minute, 0, []CacheOption{WithMinValidity(time.Minute), WithEarlyRefresh(0.5, 0, 9*time.Minute)}},
		{time.Hour, time.Hour, time.Hour, 0, []CacheOption{WithMinValidity(0), WithEarlyRefresh(0, 0, 0)}},
	} {
		t.Run(fmt.Sprintf("%s-%v", tc.lifetime, tc.rand), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, _ := newTestCache(t, &cacheSource{lifetime: tc.lifetime}, append(tc.opts, withRand(func() float64 { return tc.rand }))...)
				start := time.Now()
				mustToken(t, c)
				e := c.cur.Load()
				assert.Equal(t, tc.expire, e.expireAt.Sub(start))
				assert.Equal(t, tc.stale, e.staleAt.Sub(start))
			})
		})
	}
}

func TestCachedSourceStaleServedWhileOneRefreshRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, evs := newTestCache(t, src, WithFetchTimeout(time.Hour))
		tok1 := mustToken(t, c)
		assert.Contains(t, c.String(), "State: fresh")

		time.Sleep(time.Hour - 10*time.Second - 5*time.Minute - time.Nanosecond)
		assert.Same(t, tok1, mustToken(t, c), "fresh until the stale window")
		synctest.Wait()
		assert.EqualValues(t, 1, src.calls.Load())

		release := src.block()
		time.Sleep(time.Nanosecond)
		for range 100 {
			assert.Same(t, tok1, mustToken(t, c), "a stale token is served at once")
		}
		synctest.Wait()
		assert.Contains(t, c.String(), "State: stale")
		assert.EqualValues(t, 2, src.calls.Load(), "one background refresh")

		// The token expires while the refresh is still running: callers
		// wait on that fetch, starting none.
		time.Sleep(5 * time.Minute)
		assert.Contains(t, c.String(), "State: expired")
		res := goToken(context.Background(), c)
		require.True(t, pending(res))
		release()
		r := <-res
		require.NoError(t, r.err)
		assert.Equal(t, Secret("fake-access-token-2"), r.tok.AccessToken)
		assert.Same(t, r.tok, mustToken(t, c))
		assert.EqualValues(t, 2, src.calls.Load())
		synctest.Wait() // the hook is called after the waiters are released
		assert.Equal(t, []TokenEventType{TokenMinted, TokenRefreshed}, evs.types())
	})
}

func TestCachedSourceColdStorm(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, evs := newTestCache(t, src)
		release := src.block()
		const n = 1000
		results := make([]<-chan tokenResult, n)
		for i := range n {
			results[i] = goToken(context.Background(), c)
		}
		synctest.Wait() // all n are waiting
		assert.EqualValues(t, 1, src.calls.Load())
		release()
		first := <-results[0]
		require.NoError(t, first.err)
		for _, ch := range results[1:] {
			r := <-ch
			require.NoError(t, r.err)
			assert.Same(t, first.tok, r.tok)
		}
		assert.EqualValues(t, 1, src.calls.Load(), "exactly one fetch")
		synctest.Wait()
		assert.Equal(t, []TokenEventType{TokenMinted}, evs.types())
	})
}

func TestCachedSourceCachesFailures(t *testing.T) {
	wrongPassword := &Error{Operation: "loginNetwork", Message: "invalid credentials", kind: ErrUnauthorized}
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		src.fail(wrongPassword)
		c, evs := newTestCache(t, src)
		// Failures n = 1, 2, 3 leave the source alone 500ms, 1s, 2s.
		for n, window := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second} {
			for range 50 {
				_, err := c.Token(context.Background())
				assert.Same(t, wrongPassword, err)
				time.Sleep(window / 50 / 2)
			}
			assert.EqualValues(t, n+1, src.calls.Load(), "one source call per backoff window")
			time.Sleep(window / 2)
		}
		src.fail(nil)
		assert.Equal(t, Secret("fake-access-token-4"), mustToken(t, c).AccessToken)

		// A success resets the count: the next failure waits 500ms again.
		tok := mustToken(t, c)
		src.fail(wrongPassword)
		require.True(t, c.Invalidate(tok)) // not a failure
		_, err := c.Token(context.Background())
		assert.Same(t, wrongPassword, err)
		time.Sleep(499 * time.Millisecond)
		_, err = c.Token(context.Background())
		assert.Same(t, wrongPassword, err)
		assert.EqualValues(t, 5, src.calls.Load())
		time.Sleep(time.Millisecond)
		_, _ = c.Token(context.Background())
		assert.EqualValues(t, 6, src.calls.Load())
		synctest.Wait()
		assert.Equal(t, []TokenEventType{TokenRefreshFailed, TokenRefreshFailed, TokenRefreshFailed, TokenMinted,
			TokenRefreshFailed, TokenRefreshFailed}, evs.types())
	})
}

func TestCachedSourceRejectsUnusableTokens(t *testing.T) {
	for _, tc := range []struct {
		name string
		tok  func() *Token
		kind error
		want string
	}{
		{"expired", func() *Token {
			return &Token{AccessToken: "fake-access-token-x", Expiry: time.Now().Add(-time.Second)}
		}, ErrUnauthorized, "bettermode: token: credential source returned an expired token: check the credential source, and that this machine's clock is right"},
		{"expiring now", func() *Token { return &Token{AccessToken: "fake-access-token-x", Expiry: time.Now()} }, ErrUnauthorized, "expired token"},
		{"nil", func() *Token { return nil }, nil, "bettermode: token: credential source returned an empty token: check that the source returns a token or an error"},
		{"empty", func() *Token { return &Token{Expiry: time.Now().Add(time.Hour)} }, nil, "empty token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := &cacheSource{tok: func(int64) *Token { return tc.tok() }}
				c, evs := newTestCache(t, src)
				var msgs []string
				for i := range 2 {
					for range 10 {
						tok, err := c.Token(context.Background())
						assert.Nil(t, tok)
						var apiErr *Error
						require.ErrorAs(t, err, &apiErr)
						if tc.kind != nil {
							assert.ErrorIs(t, err, tc.kind)
						}
						assert.Contains(t, err.Error(), tc.want)
						assert.NotContains(t, err.Error(), "fake-access-token")
						msgs = append(msgs, err.Error())
					}
					assert.EqualValues(t, i+1, src.calls.Load(), "the failure is cached")
					time.Sleep(time.Minute)
				}
				assert.Equal(t, msgs[0], msgs[len(msgs)-1], "the message is the same a minute later")
				assert.Equal(t, []TokenEventType{TokenRefreshFailed, TokenRefreshFailed}, evs.types())
			})
		})
	}
}

// staleAfter is when a one hour token turns stale with the defaults.
const staleAfter = time.Hour - 10*time.Second - 5*time.Minute

func TestCachedSourceBackgroundFailureBacksOff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, evs := newTestCache(t, src)
		tok1 := mustToken(t, c)
		outage := &Error{Operation: "tokens", StatusCode: 503, Message: "service unavailable"}
		src.fail(outage)
		time.Sleep(staleAfter)
		assert.Same(t, tok1, mustToken(t, c))
		synctest.Wait()
		assert.EqualValues(t, 2, src.calls.Load())

		// Retries after 500ms, 1s, 2s (failures 1, 2, 3), each started by
		// the first call after that instant, none before.
		for i, delay := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second} {
			time.Sleep(delay - time.Nanosecond)
			for range 10 {
				assert.Same(t, tok1, mustToken(t, c), "the valid token is still served")
			}
			synctest.Wait()
			assert.EqualValues(t, 2+i, src.calls.Load(), "no retry before the backoff instant")
			time.Sleep(time.Nanosecond)
			assert.Same(t, tok1, mustToken(t, c))
			synctest.Wait()
			assert.EqualValues(t, 3+i, src.calls.Load())
		}
		src.fail(nil)
		time.Sleep(4 * time.Second)
		assert.Same(t, tok1, mustToken(t, c))
		synctest.Wait()
		assert.Equal(t, Secret("fake-access-token-6"), mustToken(t, c).AccessToken)

		all := evs.all()
		require.Len(t, all, 6)
		for _, ev := range all[1:5] {
			assert.Equal(t, TokenRefreshFailed, ev.Type)
			assert.Same(t, outage, ev.Err)
			assert.Equal(t, KindGuest, ev.Kind)
			assert.Equal(t, tok1.Expiry, ev.Expiry)
		}
		assert.Equal(t, TokenRefreshed, all[5].Type)
	})
}

func TestCachedSourceRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, _ := newTestCache(t, src)
		tok1 := mustToken(t, c)
		src.fail(&Error{Operation: "tokens", StatusCode: 429, kind: ErrRateLimited, RetryAfter: 45 * time.Second})
		time.Sleep(staleAfter)
		mustToken(t, c)
		synctest.Wait()
		src.fail(nil)
		time.Sleep(45*time.Second - time.Nanosecond)
		assert.Same(t, tok1, mustToken(t, c))
		synctest.Wait()
		assert.EqualValues(t, 2, src.calls.Load(), "the server's Retry-After is respected")
		time.Sleep(time.Nanosecond)
		mustToken(t, c)
		synctest.Wait()
		assert.EqualValues(t, 3, src.calls.Load())
		assert.Equal(t, Secret("fake-access-token-3"), mustToken(t, c).AccessToken)
	})
}

func TestCachedSourcePermanentBackgroundFailure(t *testing.T) {
	for _, kind := range []error{ErrUnauthorized, ErrForbidden, ErrInvalidInput} {
		t.Run(kind.Error(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := &cacheSource{lifetime: time.Hour}
				c, _ := newTestCache(t, src)
				tok1 := mustToken(t, c)
				src.fail(&Error{Operation: "tokens", kind: kind})
				time.Sleep(staleAfter)
				for range 290 { // every second until the token expires
					assert.Same(t, tok1, mustToken(t, c))
					synctest.Wait()
					time.Sleep(time.Second)
				}
				assert.EqualValues(t, 2, src.calls.Load(), "no retry after a permanent error")
				time.Sleep(10 * time.Second) // expired
				_, err := c.Token(context.Background())
				assert.ErrorIs(t, err, kind)
				assert.EqualValues(t, 3, src.calls.Load(), "the expired token is fetched in the foreground")
			})
		})
	}
}

func TestCachedSourceInvalidate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, evs := newTestCache(t, src)
		assert.False(t, c.Invalidate(nil))
		assert.False(t, c.Invalidate(&Token{AccessToken: "fake-access-token-0"}), "nothing cached")
		tok1 := mustToken(t, c)
		assert.False(t, c.Invalidate(&Token{AccessToken: "fake-access-token-1"}), "an equal token is not the current one")
		assert.True(t, c.Invalidate(tok1))
		assert.False(t, c.Invalidate(tok1), "already dropped")
		tok2 := mustToken(t, c)
		assert.False(t, c.Invalidate(tok1), "already replaced")
		assert.Same(t, tok2, mustToken(t, c))
		assert.EqualValues(t, 2, src.calls.Load())
		synctest.Wait()
		assert.Equal(t, []TokenEventType{TokenMinted, TokenRotated}, evs.types())
	})
}

func TestCachedSourceInvalidateSamePointerSource(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		same := &Token{AccessToken: "fake-access-token-1"} // never expires
		src := &cacheSource{tok: func(int64) *Token { return same }}
		c, _ := newTestCache(t, src)
		tok1 := mustToken(t, c)
		assert.NotSame(t, same, tok1, "the cache keeps a copy")
		require.True(t, c.Invalidate(tok1))
		tok2 := mustToken(t, c)
		assert.NotSame(t, tok1, tok2, "each fetch has its own pointer")
		assert.False(t, c.Invalidate(tok1))
		time.Sleep(1000 * time.Hour)
		assert.Same(t, tok2, mustToken(t, c), "a token without expiry is kept")
		assert.EqualValues(t, 2, src.calls.Load())
	})
}

func TestCachedSourceUnauthorizedStorm(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, evs := newTestCache(t, src)
		tok1 := mustToken(t, c)
		const n = 100
		var dropped atomic.Int64
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if c.Invalidate(tok1) { // every request got a 401 with tok1
					dropped.Add(1)
				}
				tok, err := c.Token(context.Background())
				assert.NoError(t, err)
				assert.Equal(t, Secret("fake-access-token-2"), tok.AccessToken)
			})
		}
		wg.Wait()
		assert.EqualValues(t, 1, dropped.Load())
		assert.EqualValues(t, 2, src.calls.Load(), "exactly one new fetch")
		synctest.Wait()
		assert.Equal(t, []TokenEventType{TokenMinted, TokenRotated}, evs.types())
	})
}

func TestCachedSourceRefresher(t *testing.T) {
	for _, refreshTokens := range []bool{true, false} {
		t.Run(fmt.Sprint("refresh tokens ", refreshTokens), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := cacheRefresher{&cacheSource{lifetime: time.Hour, refreshTokens: refreshTokens}}
				c, evs := newTestCache(t, src)
				tok1 := mustToken(t, c)
				time.Sleep(staleAfter)
				mustToken(t, c) // refreshed in the background
				synctest.Wait()
				tok2 := mustToken(t, c)
				require.True(t, c.Invalidate(tok2))
				time.Sleep(2 * time.Hour) // the dropped token has expired too
				tok3 := mustToken(t, c)
				assert.Equal(t, Secret("fake-access-token-3"), tok3.AccessToken)
				synctest.Wait()
				assert.Equal(t, []TokenEventType{TokenMinted, TokenRefreshed, TokenRotated}, evs.types())
				assert.Equal(t, []*Token{tok1, tok2}, src.refreshed(),
					"the stale, then the invalidated, token is handed to Refresh, with or without a refresh token")
			})
		})
	}
}

// cacheLogBuffer is a goroutine-safe log destination.
type cacheLogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *cacheLogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *cacheLogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type cacheCtxKey struct{}

func TestCachedSourceCancelledWaiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, evs := newTestCache(t, src)
		release := src.block()
		ctxA, cancelA := context.WithCancel(context.WithValue(context.Background(), cacheCtxKey{}, "caller-a"))
		resA := goToken(ctxA, c)
		require.True(t, pending(resA))
		resB := goToken(context.Background(), c)
		require.True(t, pending(resB))

		cancelA()
		a := <-resA
		assert.Nil(t, a.tok)
		assert.ErrorIs(t, a.err, context.Canceled, "the caller returns when its context ends")
		assert.True(t, strings.HasPrefix(a.err.Error(), "bettermode: "), a.err.Error())

		ctxC, cancelC := context.WithTimeout(context.Background(), time.Second)
		defer cancelC()
		_, err := c.Token(ctxC)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "a caller returns at its deadline")

		fetchCtx := src.ctx(0)
		assert.NoError(t, fetchCtx.Err(), "the fetch outlives the caller that started it")
		assert.Equal(t, "caller-a", fetchCtx.Value(cacheCtxKey{}), "and keeps its values")
		deadline, ok := fetchCtx.Deadline()
		assert.True(t, ok)
		assert.Equal(t, 29*time.Second, time.Until(deadline), "under the 30s fetch timeout, 1s later")

		release()
		b := <-resB
		require.NoError(t, b.err)
		assert.Same(t, b.tok, mustToken(t, c))
		assert.EqualValues(t, 1, src.calls.Load(), "the token is kept for the others")
		synctest.Wait()
		assert.Equal(t, []TokenEventType{TokenMinted}, evs.types())
	})
}

func TestCachedSourceDoneCallerStartsNoFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, _ := newTestCache(t, src)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Token(ctx)
		assert.ErrorIs(t, err, context.Canceled)
		assert.True(t, strings.HasPrefix(err.Error(), "bettermode: "))
		synctest.Wait()
		assert.EqualValues(t, 0, src.calls.Load())
	})
}

func TestCachedSourceFetchTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		c, evs := newTestCache(t, src, WithFetchTimeout(5*time.Second))
		release := src.block()
		defer release()
		start := time.Now()
		_, err := c.Token(context.Background())
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 5*time.Second, time.Since(start))
		synctest.Wait()
		all := evs.all()
		require.Len(t, all, 1)
		assert.Equal(t, TokenRefreshFailed, all[0].Type)
		assert.ErrorIs(t, all[0].Err, context.DeadlineExceeded)
	})
}

func TestCachedSourcePanickingSource(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int64
		src := CredentialSourceFunc(func(context.Context) (*Token, error) {
			calls.Add(1)
			panic("fake-access-token-in-a-panic")
		})
		c, _ := newTestCache(t, src)
		for range 3 {
			_, err := c.Token(context.Background())
			require.Error(t, err)
			assert.Equal(t, "bettermode: credential source panicked: string value; fix the source", err.Error())
		}
		assert.EqualValues(t, 1, calls.Load(), "the failure is cached")
	})
}

func TestCachedSourceNilContextAndReceiver(t *testing.T) {
	var nilCtx context.Context
	c := CacheSource(&cacheSource{lifetime: time.Hour})
	defer c.Close()
	_, err := c.Token(nilCtx)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Contains(t, err.Error(), "context is nil")

	var nilCache *CachedSource
	_, err = nilCache.Token(context.Background())
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = nilCache.Token(nilCtx)
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.False(t, nilCache.Invalidate(&Token{}))
	assert.NoError(t, nilCache.Close())
	assert.Equal(t, "bettermode.CachedSource(nil)", nilCache.String())
	assert.Equal(t, "bettermode.CachedSource(nil)", fmt.Sprintf("%+v", nilCache))
}

func TestCachedSourceClose(t *testing.T) {
	closed := func(t *testing.T, err error) {
		t.Helper()
		assert.ErrorIs(t, err, ErrClosed)
		assert.ErrorIs(t, err, net.ErrClosed)
	}
	t.Run("cancels the fetch in flight", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			src := &cacheSource{lifetime: time.Hour}
			c, evs := newTestCache(t, src)
			src.block() // never released: only Close ends the fetch
			res := goToken(context.Background(), c)
			require.True(t, pending(res))
			require.NoError(t, c.Close())
			r := <-res
			closed(t, r.err)
			assert.ErrorIs(t, src.ctx(0).Err(), context.Canceled)
			assert.Empty(t, evs.all(), "nothing is reported after Close")
		})
	})
	t.Run("after use", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			src := &cacheSource{lifetime: time.Hour}
			c, _ := newTestCache(t, src)
			tok := mustToken(t, c)
			time.Sleep(staleAfter)
			require.NoError(t, c.Close())
			require.NoError(t, c.Close(), "idempotent")
			_, err := c.Token(context.Background())
			closed(t, err)
			assert.False(t, c.Invalidate(tok))
			assert.Equal(t, "bettermode.CachedSource{State: closed}", c.String())
			assert.EqualValues(t, 1, src.calls.Load(), "a stale token starts no refresh after Close")
		})
	})
	t.Run("before use", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			src := &cacheSource{lifetime: time.Hour}
			c, _ := newTestCache(t, src)
			require.NoError(t, c.Close())
			_, err := c.Token(context.Background())
			closed(t, err)
			assert.EqualValues(t, 0, src.calls.Load())
		})
	})
	t.Run("concurrent", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			src := &cacheSource{lifetime: time.Hour}
			c, _ := newTestCache(t, src)
			src.block()
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() { _, _ = c.Token(context.Background()) })
				wg.Go(func() { assert.NoError(t, c.Close()) })
			}
			wg.Wait()
		})
	})
}

func TestCachedSourceEventsInOrderAfterRelease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &cacheSource{lifetime: time.Hour}
		var inHook, overlaps atomic.Int64
		evs := &cacheEvents{}
		proceed := make(chan struct{})
		c := CacheSource(src, WithTokenHook(func(ev TokenEvent) {
			if inHook.Add(1) > 1 {
				overlaps.Add(1)
			}
			<-proceed // blocks the report until the test has its token
			time.Sleep(time.Second)
			evs.add(ev)
			inHook.Add(-1)
		}))
		defer c.Close()
		tok := mustToken(t, c) // returns while the hook is blocked
		for range 5 {
			require.True(t, c.Invalidate(tok))
			tok = mustToken(t, c)
		}
		assert.EqualValues(t, 6, src.calls.Load())
		close(proceed)
		synctest.Wait()
		time.Sleep(time.Minute)
		assert.Zero(t, overlaps.Load(), "one call at a time")
		assert.Equal(t, []TokenEventType{TokenMinted, TokenRotated, TokenRotated, TokenRotated, TokenRotated, TokenRotated}, evs.types())
	})
}

func TestCachedSourceEventsAndLogsHoldNoSecret(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := cacheRefresher{&cacheSource{lifetime: time.Hour, refreshTokens: true}}
		var logs cacheLogBuffer
		logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c, evs := newTestCache(t, src, WithLogger(logger))

		tok1 := mustToken(t, c) // minted
		time.Sleep(staleAfter)
		mustToken(t, c) // refreshed in the background
		synctest.Wait()
		tok2 := mustToken(t, c)
		require.True(t, c.Invalidate(tok2))
		mustToken(t, c) // rotated
		src.fail(errors.New("fake outage"))
		time.Sleep(staleAfter)
		mustToken(t, c) // background refresh failed
		synctest.Wait()
		all := evs.all()
		require.Len(t, all, 4)

		var out strings.Builder
		fmt.Fprintf(&out, "%v %+v %#v %s %q %x\n", c, c, c, c, c, c)
		for _, ev := range all {
			fmt.Fprintf(&out, "%v %+v %#v\n", ev, ev, ev)
		}
		fmt.Fprintf(&out, "%v %+v %#v\n", tok1, tok2, tok1)
		logger.Info("the cache", "cache", c, "token", tok1)
		text := out.String() + logs.String()
		for _, secret := range []string{"fake-access-token", "fake-refresh-token"} {
			assert.NotContains(t, text, secret)
		}
		assert.Contains(t, out.String(), "bettermode.CachedSource{State: stale, Token: bettermode.Token{Kind: guest, Role: Guest")
		assert.Contains(t, out.String(), "AccessToken: REDACTED, RefreshToken: REDACTED")

		type record struct {
			Level, Msg, Event, Kind, Error string
			RetryIn                        int64 `json:"retry_in"`
		}
		var records []record
		for line := range strings.SplitSeq(strings.TrimSpace(logs.String()), "\n") {
			var r record
			require.NoError(t, json.Unmarshal([]byte(line), &r), line)
			records = append(records, r)
		}
		require.Len(t, records, 5)
		assert.Equal(t, record{Level: "DEBUG", Msg: "bettermode: token minted", Event: "minted", Kind: "guest"}, records[0])
		assert.Equal(t, "bettermode: token refreshed", records[1].Msg)
		assert.Equal(t, "bettermode: token rotated after 401", records[2].Msg)
		assert.Equal(t, record{Level: "WARN", Msg: "bettermode: background token refresh failed; the current token is still served",
			Event: "refresh failed", Kind: "guest", Error: "fake outage", RetryIn: int64(500 * time.Millisecond)}, records[3])
	})
}

func TestCacheSourceWrapsOnce(t *testing.T) {
	c := CacheSource(&cacheSource{lifetime: time.Hour})
	defer c.Close()
	assert.Same(t, c, CacheSource(c, WithMinValidity(time.Hour)), "a cached source is returned unchanged")
	assert.Equal(t, 10*time.Second, c.cfg.minValidity)

	nilSrc := CacheSource(nil)
	defer nilSrc.Close()
	_, err := nilSrc.Token(context.Background())
	assert.ErrorIs(t, err, ErrInvalidInput)
}

func TestCacheOptions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opts  []CacheOption
		check func(t *testing.T, c cacheConfig)
	}{
		{"defaults", nil, func(t *testing.T, c cacheConfig) {
			assert.Equal(t, 0.2, c.earlyFraction)
			assert.Equal(t, 30*time.Second, c.earlyFloor)
			assert.Equal(t, 5*time.Minute, c.earlyCeiling)
			assert.Equal(t, 0.1, c.jitter)
			assert.Equal(t, 10*time.Second, c.minValidity)
			assert.Equal(t, 30*time.Second, c.fetchTimeout)
			assert.Equal(t, time.Second, c.backoffBase)
			assert.Equal(t, time.Minute, c.backoffMax)
			assert.Nil(t, c.logger)
			assert.Nil(t, c.hook)
		}},
		{"early refresh clamped", []CacheOption{WithEarlyRefresh(2, time.Minute, time.Second)}, func(t *testing.T, c cacheConfig) {
			assert.Equal(t, 1.0, c.earlyFraction)
			assert.Equal(t, time.Minute, c.earlyFloor)
			assert.Equal(t, time.Minute, c.earlyCeiling)
		}},
		{"negative early refresh", []CacheOption{WithEarlyRefresh(-1, -time.Second, 1000*time.Hour)}, func(t *testing.T, c cacheConfig) {
			assert.Equal(t, 0.0, c.earlyFraction)
			assert.Equal(t, time.Duration(0), c.earlyFloor)
			assert.Equal(t, 24*time.Hour, c.earlyCeiling)
		}},
		{"jitter", []CacheOption{WithRefreshJitter(0.5)}, func(t *testing.T, c cacheConfig) { assert.Equal(t, 0.5, c.jitter) }},
		{"NaN jitter", []CacheOption{WithRefreshJitter(math.NaN())}, func(t *testing.T, c cacheConfig) { assert.Equal(t, 0.0, c.jitter) }},
		{"NaN fraction", []CacheOption{WithEarlyRefresh(math.NaN(), 0, 0)}, func(t *testing.T, c cacheConfig) { assert.Equal(t, 0.0, c.earlyFraction) }},
		{"min validity", []CacheOption{WithMinValidity(-time.Second)}, func(t *testing.T, c cacheConfig) { assert.Equal(t, time.Duration(0), c.minValidity) }},
		{"huge min validity", []CacheOption{WithMinValidity(1000 * time.Hour)}, func(t *testing.T, c cacheConfig) { assert.Equal(t, 24*time.Hour, c.minValidity) }},
		{"fetch timeout", []CacheOption{WithFetchTimeout(0)}, func(t *testing.T, c cacheConfig) { assert.Equal(t, 30*time.Second, c.fetchTimeout) }},
		{"huge fetch timeout", []CacheOption{WithFetchTimeout(math.MaxInt64)}, func(t *testing.T, c cacheConfig) { assert.Equal(t, 24*time.Hour, c.fetchTimeout) }},
		{"backoff", []CacheOption{WithRefreshBackoff(0, time.Millisecond)}, func(t *testing.T, c cacheConfig) {
			assert.Equal(t, time.Second, c.backoffBase)
			assert.Equal(t, time.Second, c.backoffMax)
		}},
		{"nil options", []CacheOption{nil, WithLogger(nil), WithTokenHook(nil), withRand(nil)}, func(t *testing.T, c cacheConfig) {
			assert.Nil(t, c.logger)
			assert.Nil(t, c.hook)
			assert.NotNil(t, c.rand)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := CacheSource(nil, tc.opts...)
			defer c.Close()
			tc.check(t, c.cfg)
		})
	}
}

func TestCacheBackoff(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		rand float64
		err  error
		want []time.Duration // after 1, 2, ... failures
	}{
		{"doubling to max", 0, boom, []time.Duration{
			500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second,
			16 * time.Second, 30 * time.Second, 30 * time.Second,
		}},
		{"equal jitter", 0.5, boom, []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second}},
		{"retry after is a minimum", 0, &Error{kind: ErrRateLimited, RetryAfter: 45 * time.Second}, []time.Duration{
			45 * time.Second, 45 * time.Second, 45 * time.Second, 45 * time.Second, 45 * time.Second, 45 * time.Second, 45 * time.Second,
		}},
		{"retry after is capped", 0, &Error{RetryAfter: math.MaxInt64}, []time.Duration{24 * time.Hour}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := defaultCacheConfig()
			withRand(func() float64 { return tc.rand })(&c)
			for i, want := range tc.want {
				assert.Equal(t, want, c.backoff(i+1, tc.err), "after %d failures", i+1)
			}
			assert.Equal(t, 30*time.Second+time.Duration(tc.rand*float64(30*time.Second)), c.backoff(1<<30, boom), "no overflow")
		})
	}
}

func TestTokenEventTypeString(t *testing.T) {
	for typ, want := range map[TokenEventType]string{
		TokenMinted:        "minted",
		TokenRefreshed:     "refreshed",
		TokenRotated:       "rotated",
		TokenRefreshFailed: "refresh failed",
		TokenLoaded:        "loaded from the store",
		TokenEventType(0):  "TokenEventType(0)",
		TokenEventType(42): "TokenEventType(42)",
		TokenEventType(-1): "TokenEventType(-1)",
	} {
		assert.Equal(t, want, typ.String())
	}
}

func TestCachedSourceHotPathAllocatesNothing(t *testing.T) {
	c := CacheSource(CredentialSourceFunc(func(context.Context) (*Token, error) {
		return &Token{AccessToken: "fake-access-token-1", Expiry: time.Now().Add(time.Hour)}, nil
	}))
	defer c.Close()
	ctx := context.Background()
	_, err := c.Token(ctx)
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := c.Token(ctx); err != nil {
			panic(err)
		}
	})
	assert.Zero(t, allocs)
}
