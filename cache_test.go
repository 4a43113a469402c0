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
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode/internal/clock"
)

// The tests of the cache run on a fake clock. With the defaults (rand fixed
// at 0, no jitter), a token minted at m with a one hour lifetime expires for
// the cache at m+1h-10s and turns stale 5m earlier.
var cacheT0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const (
	cacheLifetime = time.Hour
	cacheWindow   = 5 * time.Minute
	// cacheTestWait only keeps a broken test from hanging; no test depends on it.
	cacheTestWait = 10 * time.Second
)

func cacheExpireAt(mint time.Time) time.Time {
	return mint.Add(cacheLifetime - defaultMinValidity)
}

func cacheStaleAt(mint time.Time) time.Time { return cacheExpireAt(mint).Add(-cacheWindow) }

// cacheTestSource mints "fake-access-token-N" on its Nth call, expiring
// lifetime after the fake time of the call (never, for 0). It can be made to
// fail or to block until released, and records the contexts it was called with.
type cacheTestSource struct {
	clk           *clock.Fake
	lifetime      time.Duration
	refreshTokens bool
	calls         atomic.Int64
	started       chan int64 // every call sends its number

	mu   sync.Mutex
	gate chan struct{}
	err  error
	ctxs []context.Context
}

func newCacheTestSource(clk *clock.Fake, lifetime time.Duration) *cacheTestSource {
	return &cacheTestSource{clk: clk, lifetime: lifetime, started: make(chan int64, 4096)}
}

func (s *cacheTestSource) Token(ctx context.Context) (*Token, error) {
	return s.serve(ctx, s.calls.Add(1))
}

func (s *cacheTestSource) serve(ctx context.Context, n int64) (*Token, error) {
	s.started <- n
	s.mu.Lock()
	s.ctxs = append(s.ctxs, ctx)
	gate, err := s.gate, s.err
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
	tok := &Token{AccessToken: Secret(fmt.Sprintf("fake-access-token-%d", n)), Kind: KindGuest, Role: "Guest"}
	if s.lifetime > 0 {
		tok.Expiry = s.clk.Now().Add(s.lifetime)
	}
	if s.refreshTokens {
		tok.RefreshToken = Secret(fmt.Sprintf("fake-refresh-token-%d", n))
	}
	return tok, nil
}

// block makes the next calls wait until release is called (or their context ends).
func (s *cacheTestSource) block() (release func()) {
	gate := make(chan struct{})
	s.mu.Lock()
	s.gate = gate
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.gate = nil
		s.mu.Unlock()
		close(gate)
	}
}

func (s *cacheTestSource) fail(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

func (s *cacheTestSource) ctx(i int) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctxs[i]
}

// cacheRefreshingSource also implements refresher.
type cacheRefreshingSource struct {
	*cacheTestSource
	refreshes atomic.Int64
	olds      chan *Token
}

func (s *cacheRefreshingSource) refresh(ctx context.Context, old *Token) (*Token, error) {
	s.refreshes.Add(1)
	s.olds <- old
	return s.serve(ctx, s.calls.Add(1))
}

// startTestCache wraps src in a cache on clk with rand fixed at 0 and a hook
// that sends the events to the returned channel. The cache is closed, and
// goroutine leaks checked, when the test ends.
func startTestCache(t *testing.T, src CredentialSource, clk *clock.Fake, opts ...CacheOption) (*CachedSource, chan TokenEvent) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
	events := make(chan TokenEvent, 4096)
	base := []CacheOption{
		withClock(clk),
		withRand(func() float64 { return 0 }),
		WithTokenHook(func(ev TokenEvent) { events <- ev }),
	}
	c := CacheSource(src, append(base, opts...)...)
	t.Cleanup(func() { assert.NoError(t, c.Close()) })
	return c, events
}

func cacheRecv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(cacheTestWait):
		t.Fatal("nothing received")
	}
	var zero T
	return zero
}

func cacheNoEvent(t *testing.T, events chan TokenEvent) {
	t.Helper()
	select {
	case ev := <-events:
		t.Fatalf("unexpected event %v", ev)
	default:
	}
}

func cacheWaitTimers(t *testing.T, clk *clock.Fake, n int) {
	t.Helper()
	done := make(chan struct{})
	guard := time.AfterFunc(cacheTestWait, func() { close(done) })
	defer guard.Stop()
	require.True(t, clk.WaitTimers(n, done), "waiting for %d pending timers", n)
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

func mustToken(t *testing.T, c *CachedSource) *Token {
	t.Helper()
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	require.NotNil(t, tok)
	return tok
}

func TestCachedSourceFreshStaleRefresh(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	c, events := startTestCache(t, src, clk)

	tok1 := mustToken(t, c)
	assert.Equal(t, "fake-access-token-1", tok1.AccessToken)
	ev := cacheRecv(t, events)
	assert.Equal(t, TokenMinted, ev.Type)
	assert.Equal(t, KindGuest, ev.Kind)
	assert.Equal(t, cacheT0.Add(cacheLifetime), ev.Expiry)
	assert.NoError(t, ev.Err)

	for range 10 {
		assert.Same(t, tok1, mustToken(t, c))
	}
	clk.Set(cacheStaleAt(cacheT0).Add(-time.Nanosecond))
	assert.Same(t, tok1, mustToken(t, c), "fresh until the stale window")
	assert.EqualValues(t, 1, src.calls.Load())
	assert.Contains(t, c.String(), "State: fresh")

	release := src.block()
	clk.Set(cacheStaleAt(cacheT0))
	for range 10 {
		// Stale: served at once although the refresh is blocked.
		assert.Same(t, tok1, mustToken(t, c))
	}
	assert.Contains(t, c.String(), "State: stale")
	assert.EqualValues(t, 1, cacheRecv(t, src.started))
	assert.EqualValues(t, 2, cacheRecv(t, src.started), "one refresh started")
	release()

	ev = cacheRecv(t, events)
	assert.Equal(t, TokenRefreshed, ev.Type)
	assert.Equal(t, cacheStaleAt(cacheT0).Add(cacheLifetime), ev.Expiry)
	tok2 := mustToken(t, c)
	assert.Equal(t, "fake-access-token-2", tok2.AccessToken)
	assert.Contains(t, c.String(), "State: fresh")
	assert.EqualValues(t, 2, src.calls.Load(), "one refresh for the whole stale window")
}

func TestCachedSourceStaleRefreshFailureBacksOff(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	// A 10s stale window; retries after 1s, 2s, 4s, 4s...
	c, events := startTestCache(t, src, clk,
		WithEarlyRefresh(0.2, 10*time.Second, 10*time.Second), WithRefreshBackoff(time.Second, 4*time.Second))
	tok1 := mustToken(t, c)
	cacheRecv(t, events)
	expireAt := cacheExpireAt(cacheT0)
	staleAt := expireAt.Add(-10 * time.Second)

	unavailable := &Error{Operation: "tokens", StatusCode: 503, Message: "Service Unavailable"}
	src.fail(unavailable)
	clk.Set(staleAt)
	assert.Same(t, tok1, mustToken(t, c))

	attempt := func(calls int64) {
		t.Helper()
		ev := cacheRecv(t, events)
		assert.Equal(t, TokenRefreshFailed, ev.Type)
		assert.ErrorIs(t, ev.Err, unavailable)
		assert.Equal(t, KindGuest, ev.Kind)
		assert.Equal(t, tok1.Expiry, ev.Expiry, "the token still served")
		assert.EqualValues(t, calls, src.calls.Load())
		assert.Same(t, tok1, mustToken(t, c), "a failed refresh keeps serving the valid token")
	}
	attempt(2)
	for i, delay := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		cacheWaitTimers(t, clk, 1)
		clk.Advance(delay - time.Millisecond)
		assert.Equal(t, 1, clk.Timers(), "no retry before the backoff delay")
		assert.EqualValues(t, 2+i, src.calls.Load())
		clk.Advance(time.Millisecond)
		attempt(int64(3 + i))
	}
	// At staleAt+7s the next retry (4s) would come after the expiry: the
	// loop stops, and the token is still served until it expires.
	assert.Equal(t, 0, clk.Timers())
	clk.Set(expireAt.Add(-time.Nanosecond))
	assert.Same(t, tok1, mustToken(t, c))
	assert.EqualValues(t, 5, src.calls.Load())

	// Expired: the error surfaces, one fetch per call.
	clk.Set(expireAt)
	for calls := int64(6); calls <= 7; calls++ {
		tok, err := c.Token(context.Background())
		assert.Nil(t, tok)
		assert.ErrorIs(t, err, unavailable)
		assert.EqualValues(t, calls, src.calls.Load())
		assert.Equal(t, TokenRefreshFailed, cacheRecv(t, events).Type)
	}

	src.fail(nil)
	assert.Equal(t, "fake-access-token-8", mustToken(t, c).AccessToken)
	assert.Equal(t, TokenRefreshed, cacheRecv(t, events).Type)
}

func TestCachedSourceRetryAfter(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	c, events := startTestCache(t, src, clk)
	tok1 := mustToken(t, c)
	cacheRecv(t, events)

	src.fail(&Error{Operation: "tokens", StatusCode: 429, kind: ErrRateLimited, RetryAfter: 45 * time.Second})
	clk.Set(cacheStaleAt(cacheT0))
	assert.Same(t, tok1, mustToken(t, c))
	assert.ErrorIs(t, cacheRecv(t, events).Err, ErrRateLimited)
	cacheWaitTimers(t, clk, 1)
	src.fail(nil)
	clk.Advance(45*time.Second - time.Nanosecond)
	assert.EqualValues(t, 2, src.calls.Load(), "the server's Retry-After is respected")
	clk.Advance(time.Nanosecond)
	assert.Equal(t, TokenRefreshed, cacheRecv(t, events).Type)
	assert.Equal(t, "fake-access-token-3", mustToken(t, c).AccessToken)
}

func TestCachedSourcePermanentRefreshError(t *testing.T) {
	for _, kind := range []error{ErrUnauthorized, ErrForbidden, ErrInvalidInput} {
		t.Run(kind.Error(), func(t *testing.T) {
			clk := clock.NewFake(cacheT0)
			src := newCacheTestSource(clk, cacheLifetime)
			c, events := startTestCache(t, src, clk)
			tok1 := mustToken(t, c)
			cacheRecv(t, events)

			src.fail(&Error{Operation: "tokens", kind: kind})
			clk.Set(cacheStaleAt(cacheT0))
			assert.Same(t, tok1, mustToken(t, c))
			assert.ErrorIs(t, cacheRecv(t, events).Err, kind)
			assert.Equal(t, 0, clk.Timers(), "no retry of a permanent error")
			for range 4 {
				clk.Advance(time.Minute)
				assert.Same(t, tok1, mustToken(t, c))
			}
			assert.EqualValues(t, 2, src.calls.Load())

			clk.Set(cacheExpireAt(cacheT0))
			for calls := int64(3); calls <= 4; calls++ {
				_, err := c.Token(context.Background())
				assert.ErrorIs(t, err, kind)
				assert.EqualValues(t, calls, src.calls.Load(), "one foreground fetch per call")
			}
		})
	}
}

func TestCachedSourceExpiredWaitsForFetch(t *testing.T) {
	t.Run("foreground", func(t *testing.T) {
		clk := clock.NewFake(cacheT0)
		src := newCacheTestSource(clk, cacheLifetime)
		waiting := make(chan struct{}, 10)
		c, events := startTestCache(t, src, clk, withWaitHook(func() { waiting <- struct{}{} }))
		mustToken(t, c)
		cacheRecv(t, waiting)
		cacheRecv(t, src.started)
		cacheRecv(t, events)

		clk.Set(cacheExpireAt(cacheT0)) // straight past the stale window
		assert.Contains(t, c.String(), "State: expired")
		release := src.block()
		res := goToken(context.Background(), c)
		cacheRecv(t, waiting)
		assert.EqualValues(t, 2, cacheRecv(t, src.started))
		select {
		case r := <-res:
			t.Fatalf("an expired token was served: %v", r.tok)
		default:
		}
		release()
		r := cacheRecv(t, res)
		require.NoError(t, r.err)
		assert.Equal(t, "fake-access-token-2", r.tok.AccessToken)
		assert.Equal(t, TokenRefreshed, cacheRecv(t, events).Type)
	})
	t.Run("joins the background refresh", func(t *testing.T) {
		clk := clock.NewFake(cacheT0)
		src := newCacheTestSource(clk, cacheLifetime)
		waiting := make(chan struct{}, 10)
		c, events := startTestCache(t, src, clk, withWaitHook(func() { waiting <- struct{}{} }))
		tok1 := mustToken(t, c)
		cacheRecv(t, waiting)
		cacheRecv(t, events)

		release := src.block()
		clk.Set(cacheStaleAt(cacheT0))
		assert.Same(t, tok1, mustToken(t, c))
		cacheRecv(t, src.started)
		cacheRecv(t, src.started) // the refresh, blocked

		clk.Set(cacheExpireAt(cacheT0))
		res := goToken(context.Background(), c)
		cacheRecv(t, waiting)
		release()
		r := cacheRecv(t, res)
		require.NoError(t, r.err)
		assert.Equal(t, "fake-access-token-2", r.tok.AccessToken)
		assert.EqualValues(t, 2, src.calls.Load(), "the waiter joined the refresh in flight")
	})
}

func TestCachedSourceNeverHandsOutExpiringToken(t *testing.T) {
	for _, tc := range []struct {
		lifetime, minValidity time.Duration
	}{
		{11 * time.Second, 10 * time.Second},
		{30 * time.Second, 10 * time.Second},
		{2 * time.Minute, 10 * time.Second},
		{time.Hour, 10 * time.Second},
		{time.Hour, 5 * time.Minute},
		{time.Minute, 0},
	} {
		t.Run(fmt.Sprintf("%s-%s", tc.lifetime, tc.minValidity), func(t *testing.T) {
			clk := clock.NewFake(cacheT0)
			src := newCacheTestSource(clk, tc.lifetime)
			c, _ := startTestCache(t, src, clk, WithMinValidity(tc.minValidity), withRand(func() float64 { return 0.5 }))
			step := tc.lifetime / 37
			for range 150 {
				now := clk.Now()
				tok, err := c.Token(context.Background())
				require.NoError(t, err)
				left := tok.Expiry.Sub(now)
				require.GreaterOrEqual(t, left, tc.minValidity, "token with %s left handed out", left)
				require.Positive(t, left)
				clk.Advance(step)
			}
		})
	}
}

func TestCachedSourceValidatesTokens(t *testing.T) {
	for _, tc := range []struct {
		name string
		tok  func(now time.Time) *Token
		want string
	}{
		{"nil", func(time.Time) *Token { return nil }, "credential source returned an empty token"},
		{"empty", func(now time.Time) *Token { return &Token{Expiry: now.Add(time.Hour)} }, "credential source returned an empty token"},
		{"expired", func(now time.Time) *Token {
			return &Token{AccessToken: "fake-access-token-1", Expiry: now.Add(-time.Hour)}
		}, "check the machine's clock"},
		{"inside min validity", func(now time.Time) *Token {
			return &Token{AccessToken: "fake-access-token-1", Expiry: now.Add(5 * time.Second)}
		}, "check the machine's clock"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := clock.NewFake(cacheT0)
			var calls atomic.Int64
			src := CredentialSourceFunc(func(context.Context) (*Token, error) {
				calls.Add(1)
				return tc.tok(clk.Now()), nil
			})
			c, events := startTestCache(t, src, clk)
			for i := int64(1); i <= 2; i++ {
				tok, err := c.Token(context.Background())
				assert.Nil(t, tok)
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.want)
				assert.NotContains(t, err.Error(), "fake-access-token")
				assert.Equal(t, i, calls.Load(), "nothing cached")
				assert.Equal(t, TokenRefreshFailed, cacheRecv(t, events).Type)
			}
		})
	}
}

func TestCachedSourceStaleWindow(t *testing.T) {
	for _, tc := range []struct {
		lifetime, window time.Duration
	}{
		{time.Hour, 5 * time.Minute},        // 12m, at the ceiling
		{10 * time.Minute, 2 * time.Minute}, // 20%
		{2 * time.Minute, 30 * time.Second}, // 24s, at the floor
		{time.Minute, 25 * time.Second},     // the floor is more than half of 50s usable
		{11 * time.Second, 500 * time.Millisecond},
	} {
		t.Run(tc.lifetime.String(), func(t *testing.T) {
			clk := clock.NewFake(cacheT0)
			c, _ := startTestCache(t, newCacheTestSource(clk, tc.lifetime), clk)
			mustToken(t, c)
			e := c.cur.Load()
			wantExpire := cacheT0.Add(tc.lifetime - defaultMinValidity)
			assert.Equal(t, wantExpire, e.expireAt)
			assert.Equal(t, wantExpire.Add(-tc.window), e.staleAt)
			assert.Equal(t, wantExpire.UnixNano(), e.expireWall)
			assert.Equal(t, wantExpire.Add(-tc.window).UnixNano(), e.staleWall)
		})
	}
}

func TestCachedSourceJitterSpreadsRefreshes(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	draws := []float64{0, 0.25, 0.5, 0.75, 0.999}
	type member struct {
		c   *CachedSource
		src *cacheTestSource
	}
	var fleet []member
	staleAts := map[time.Time]bool{}
	for _, r := range draws {
		src := newCacheTestSource(clk, cacheLifetime)
		c, _ := startTestCache(t, src, clk, withRand(func() float64 { return r }))
		mustToken(t, c)
		jitter := time.Duration(r * defaultJitter * float64(cacheWindow))
		staleAt := cacheStaleAt(cacheT0).Add(-jitter)
		assert.Equal(t, staleAt, c.cur.Load().staleAt, "draw %v", r)
		staleAts[staleAt] = true
		fleet = append(fleet, member{c, src})
	}
	assert.Len(t, staleAts, len(draws), "every client has its own stale time")

	// At the stale time of the middle draw, only those with a larger draw
	// (an earlier stale time) refresh.
	clk.Set(cacheStaleAt(cacheT0).Add(-time.Duration(0.5 * defaultJitter * float64(cacheWindow))))
	for i, m := range fleet {
		mustToken(t, m.c)
		cacheRecv(t, m.src.started)
		if draws[i] >= 0.5 {
			assert.EqualValues(t, 2, cacheRecv(t, m.src.started), "draw %v refreshes", draws[i])
		}
	}
	for i, m := range fleet {
		require.NoError(t, m.c.Close())
		want := int64(1)
		if draws[i] >= 0.5 {
			want = 2
		}
		assert.Equal(t, want, m.src.calls.Load(), "draw %v", draws[i])
	}
}

func TestCachedSourceBackoff(t *testing.T) {
	for _, tc := range []struct {
		name string
		rand float64
		err  error
		want []time.Duration
	}{
		{"doubling to max", 0, errors.New("boom"), []time.Duration{
			time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second,
			32 * time.Second, time.Minute, time.Minute, time.Minute,
		}},
		{"jitter takes up to half", 0.5, errors.New("boom"), []time.Duration{
			750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second,
		}},
		{"retry after wins", 0, &Error{kind: ErrRateLimited, RetryAfter: 45 * time.Second}, []time.Duration{
			45 * time.Second, 45 * time.Second, 45 * time.Second, 45 * time.Second, 45 * time.Second, 45 * time.Second, time.Minute,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := CacheSource(nil, withRand(func() float64 { return tc.rand }))
			for attempt, want := range tc.want {
				assert.Equal(t, want, c.backoff(attempt, tc.err), "attempt %d", attempt)
			}
			want := time.Minute - time.Duration(tc.rand*float64(time.Minute)/2)
			assert.Equal(t, want, c.backoff(1000, errors.New("boom")), "no overflow")
		})
	}
}

func TestCachedSourceZeroExpiry(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, 0)
	c, events := startTestCache(t, src, clk)
	tok1 := mustToken(t, c)
	assert.True(t, tok1.Expiry.IsZero())
	assert.Equal(t, TokenMinted, cacheRecv(t, events).Type)
	for range 5 {
		clk.Advance(50 * 365 * 24 * time.Hour)
		assert.Same(t, tok1, mustToken(t, c))
	}
	assert.EqualValues(t, 1, src.calls.Load())
	assert.Equal(t, 0, clk.Timers())
	assert.Contains(t, c.String(), "State: fresh")

	require.True(t, c.Invalidate(tok1))
	assert.Equal(t, "fake-access-token-2", mustToken(t, c).AccessToken)
	assert.Equal(t, TokenRotated, cacheRecv(t, events).Type)
}

func TestCachedSourceInvalidateOnlyIfCurrent(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	c, events := startTestCache(t, src, clk)
	tok1 := mustToken(t, c)
	cacheRecv(t, events)

	lookalike := *tok1
	assert.False(t, c.Invalidate(nil))
	assert.False(t, c.Invalidate(&lookalike), "only the very token this cache returned")
	assert.True(t, c.Invalidate(tok1))
	assert.False(t, c.Invalidate(tok1), "already dropped")
	assert.Contains(t, c.String(), "State: empty")

	tok2 := mustToken(t, c)
	assert.Equal(t, "fake-access-token-2", tok2.AccessToken)
	ev := cacheRecv(t, events)
	assert.Equal(t, TokenRotated, ev.Type)
	assert.False(t, c.Invalidate(tok1), "a stale pointer does nothing")
	assert.Same(t, tok2, mustToken(t, c))
	assert.EqualValues(t, 2, src.calls.Load())
}

func TestCachedSourceInvalidateWhileReporting(t *testing.T) {
	// The hook of a background refresh is slow: a caller that invalidates
	// the new token meanwhile must not be handed it again.
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	reporting, unblock := make(chan struct{}), make(chan struct{})
	c, _ := startTestCache(t, src, clk, WithTokenHook(func(ev TokenEvent) {
		if ev.Type == TokenRefreshed {
			close(reporting)
			<-unblock
		}
	}))
	defer close(unblock)
	mustToken(t, c)
	clk.Set(cacheStaleAt(cacheT0))
	mustToken(t, c)
	cacheRecv(t, reporting)

	tok2 := mustToken(t, c)
	assert.Equal(t, "fake-access-token-2", tok2.AccessToken)
	require.True(t, c.Invalidate(tok2))
	assert.Equal(t, "fake-access-token-3", mustToken(t, c).AccessToken, "callers are not held up by the hook")
}

func TestCachedSourceInvalidateSamePointerSource(t *testing.T) {
	// A source that returns the same *Token every time (like StaticToken)
	// still gets one fetch per Invalidate: the cache hands out its own copy.
	clk := clock.NewFake(cacheT0)
	shared := &Token{AccessToken: "fake-access-token-1", Kind: KindStatic, Expiry: cacheT0.Add(cacheLifetime)}
	var calls atomic.Int64
	src := CredentialSourceFunc(func(context.Context) (*Token, error) { calls.Add(1); return shared, nil })
	c, _ := startTestCache(t, src, clk)
	tok1 := mustToken(t, c)
	assert.Equal(t, *shared, *tok1)
	require.True(t, c.Invalidate(tok1))
	tok2 := mustToken(t, c)
	assert.NotSame(t, tok1, tok2)
	assert.False(t, c.Invalidate(tok1))
	assert.Same(t, tok2, mustToken(t, c))
	assert.EqualValues(t, 2, calls.Load())
}

func TestCachedSourceUnauthorizedStorm(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	c, events := startTestCache(t, src, clk)
	tok1 := mustToken(t, c)

	const n = 100
	var dropped atomic.Int64
	toks := make([]*Token, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			// Every request got a 401 with tok1.
			if c.Invalidate(tok1) {
				dropped.Add(1)
			}
			tok, err := c.Token(context.Background())
			assert.NoError(t, err)
			toks[i] = tok
		})
	}
	close(start)
	wg.Wait()

	assert.EqualValues(t, 1, dropped.Load())
	assert.EqualValues(t, 2, src.calls.Load(), "exactly one re-mint")
	for _, tok := range toks {
		assert.Equal(t, "fake-access-token-2", tok.AccessToken)
	}
	require.NoError(t, c.Close())
	close(events)
	var types []TokenEventType
	for ev := range events {
		types = append(types, ev.Type)
	}
	assert.Equal(t, []TokenEventType{TokenMinted, TokenRotated}, types)
}

func TestCachedSourceRefresher(t *testing.T) {
	for _, tc := range []struct {
		name          string
		refreshTokens bool
		wantRefreshes int64
	}{
		{"with refresh token", true, 2},
		{"without refresh token", false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := clock.NewFake(cacheT0)
			base := newCacheTestSource(clk, cacheLifetime)
			base.refreshTokens = tc.refreshTokens
			src := &cacheRefreshingSource{cacheTestSource: base, olds: make(chan *Token, 10)}
			c, events := startTestCache(t, src, clk)

			tok1 := mustToken(t, c)
			assert.Equal(t, TokenMinted, cacheRecv(t, events).Type)
			assert.EqualValues(t, 0, src.refreshes.Load(), "the first token is minted")

			clk.Set(cacheStaleAt(cacheT0))
			assert.Same(t, tok1, mustToken(t, c))
			assert.Equal(t, TokenRefreshed, cacheRecv(t, events).Type)
			tok2 := mustToken(t, c)
			assert.Equal(t, "fake-access-token-2", tok2.AccessToken)

			require.True(t, c.Invalidate(tok2))
			tok3 := mustToken(t, c)
			assert.Equal(t, "fake-access-token-3", tok3.AccessToken)
			assert.Equal(t, TokenRotated, cacheRecv(t, events).Type)

			assert.Equal(t, tc.wantRefreshes, src.refreshes.Load())
			if tc.refreshTokens {
				assert.Same(t, tok1, cacheRecv(t, src.olds), "the stale token is refreshed")
				assert.Same(t, tok2, cacheRecv(t, src.olds), "the invalidated token's refresh token is used")
				assert.Equal(t, "fake-refresh-token-3", tok3.RefreshToken)
			}
		})
	}
}

func TestCachedSourceColdStorm(t *testing.T) {
	const n = 1000
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	var waiting sync.WaitGroup
	waiting.Add(n)
	c, events := startTestCache(t, src, clk, withWaitHook(waiting.Done))
	release := src.block()

	toks := make([]*Token, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			tok, err := c.Token(context.Background())
			assert.NoError(t, err)
			toks[i] = tok
		})
	}
	waiting.Wait() // all n wait on the fetch
	assert.EqualValues(t, 1, cacheRecv(t, src.started))
	release()
	wg.Wait()

	assert.EqualValues(t, 1, src.calls.Load(), "exactly one fetch")
	for _, tok := range toks {
		assert.Same(t, toks[0], tok)
	}
	assert.Equal(t, TokenMinted, cacheRecv(t, events).Type)
	require.NoError(t, c.Close())
	cacheNoEvent(t, events)
}

type cacheCtxKey struct{}

func TestCachedSourceCancelledWaiter(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	waiting := make(chan struct{}, 10)
	c, events := startTestCache(t, src, clk, withWaitHook(func() { waiting <- struct{}{} }))
	release := src.block()

	ctxA, cancelA := context.WithCancel(context.WithValue(context.Background(), cacheCtxKey{}, "caller-a"))
	resA := goToken(ctxA, c)
	cacheRecv(t, waiting)
	cacheRecv(t, src.started)
	resB := goToken(context.Background(), c)
	cacheRecv(t, waiting)

	cancelA()
	a := cacheRecv(t, resA)
	assert.Nil(t, a.tok)
	assert.ErrorIs(t, a.err, context.Canceled, "the first caller returns when its context ends")

	ctxC, cancelC := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancelC()
	_, err := c.Token(ctxC)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a caller returns at its deadline")

	fetchCtx := src.ctx(0)
	assert.NoError(t, fetchCtx.Err(), "the fetch outlives the caller that started it")
	assert.Equal(t, "caller-a", fetchCtx.Value(cacheCtxKey{}), "and keeps its values")
	_, hasDeadline := fetchCtx.Deadline()
	assert.True(t, hasDeadline, "under the fetch timeout")

	release()
	b := cacheRecv(t, resB)
	require.NoError(t, b.err)
	assert.Equal(t, "fake-access-token-1", b.tok.AccessToken)
	assert.Same(t, b.tok, mustToken(t, c))
	assert.EqualValues(t, 1, src.calls.Load(), "no extra fetch for the cancelled callers")
	assert.Equal(t, TokenMinted, cacheRecv(t, events).Type)
}

func TestCachedSourceCancelledCallerStartsNoFetch(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	c, _ := startTestCache(t, src, clk)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Token(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.EqualValues(t, 0, src.calls.Load())
}

func TestCachedSourceFetchTimeout(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := newCacheTestSource(clk, cacheLifetime)
	c, events := startTestCache(t, src, clk, WithFetchTimeout(time.Millisecond))
	release := src.block()
	defer release()
	_, err := c.Token(context.Background())
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	ev := cacheRecv(t, events)
	assert.Equal(t, TokenRefreshFailed, ev.Type)
	assert.ErrorIs(t, ev.Err, context.DeadlineExceeded)
}

func TestCachedSourcePanickingSource(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	src := CredentialSourceFunc(func(context.Context) (*Token, error) { panic("fake source bug") })
	c, _ := startTestCache(t, src, clk)
	_, err := c.Token(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "credential source panicked: fake source bug")
}

func TestCachedSourceClose(t *testing.T) {
	t.Run("cancels the fetch in flight", func(t *testing.T) {
		clk := clock.NewFake(cacheT0)
		src := newCacheTestSource(clk, cacheLifetime)
		waiting := make(chan struct{}, 10)
		c, events := startTestCache(t, src, clk, withWaitHook(func() { waiting <- struct{}{} }))
		src.block() // never released: only Close ends the fetch
		res := goToken(context.Background(), c)
		cacheRecv(t, waiting)
		cacheRecv(t, src.started)

		require.NoError(t, c.Close())
		r := cacheRecv(t, res)
		assert.ErrorIs(t, r.err, net.ErrClosed)
		assert.ErrorIs(t, src.ctx(0).Err(), context.Canceled)
		cacheNoEvent(t, events)
	})
	t.Run("stops the backoff", func(t *testing.T) {
		clk := clock.NewFake(cacheT0)
		src := newCacheTestSource(clk, cacheLifetime)
		c, events := startTestCache(t, src, clk)
		mustToken(t, c)
		cacheRecv(t, events)
		src.fail(errors.New("fake outage"))
		clk.Set(cacheStaleAt(cacheT0))
		mustToken(t, c)
		cacheRecv(t, events)
		cacheWaitTimers(t, clk, 1)
		require.NoError(t, c.Close())
		assert.Equal(t, 0, clk.Timers())
	})
	t.Run("after use", func(t *testing.T) {
		clk := clock.NewFake(cacheT0)
		src := newCacheTestSource(clk, cacheLifetime)
		c, _ := startTestCache(t, src, clk)
		tok := mustToken(t, c)
		require.NoError(t, c.Close())
		require.NoError(t, c.Close(), "idempotent")
		_, err := c.Token(context.Background())
		assert.ErrorIs(t, err, net.ErrClosed)
		assert.EqualError(t, err, "bettermode: credential cache closed; create a new client or cache")
		assert.False(t, c.Invalidate(tok))
		assert.Equal(t, "bettermode.CachedSource{State: closed}", c.String())
		assert.EqualValues(t, 1, src.calls.Load())
	})
	t.Run("before use", func(t *testing.T) {
		clk := clock.NewFake(cacheT0)
		src := newCacheTestSource(clk, cacheLifetime)
		c, _ := startTestCache(t, src, clk)
		require.NoError(t, c.Close())
		_, err := c.Token(context.Background())
		assert.ErrorIs(t, err, net.ErrClosed)
		assert.EqualValues(t, 0, src.calls.Load())
	})
	t.Run("concurrent", func(t *testing.T) {
		clk := clock.NewFake(cacheT0)
		src := newCacheTestSource(clk, cacheLifetime)
		c, _ := startTestCache(t, src, clk)
		src.block()
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() { _, _ = c.Token(context.Background()) })
			wg.Go(func() { assert.NoError(t, c.Close()) })
		}
		wg.Wait()
	})
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

func TestCachedSourceEventsAndLogsHoldNoSecret(t *testing.T) {
	clk := clock.NewFake(cacheT0)
	base := newCacheTestSource(clk, cacheLifetime)
	base.refreshTokens = true
	src := &cacheRefreshingSource{cacheTestSource: base, olds: make(chan *Token, 10)}
	var logs cacheLogBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, events := startTestCache(t, src, clk, WithLogger(logger))

	tok1 := mustToken(t, c) // minted
	clk.Set(cacheStaleAt(cacheT0))
	mustToken(t, c) // refreshed in the background
	assert.Equal(t, TokenMinted, cacheRecv(t, events).Type)
	assert.Equal(t, TokenRefreshed, cacheRecv(t, events).Type)
	tok2 := mustToken(t, c)
	require.True(t, c.Invalidate(tok2))
	mustToken(t, c) // rotated
	assert.Equal(t, TokenRotated, cacheRecv(t, events).Type)
	src.fail(errors.New("fake outage"))
	clk.Set(cacheStaleAt(clk.Now()))
	mustToken(t, c) // refresh failed, retried later
	ev := cacheRecv(t, events)
	assert.Equal(t, TokenRefreshFailed, ev.Type)
	cacheWaitTimers(t, clk, 1)

	// Every way of printing the cache or its events.
	var out strings.Builder
	fmt.Fprintf(&out, "%v %+v %#v %s %q %x\n", c, c, c, c, c, c)
	fmt.Fprintf(&out, "%v %+v %#v\n", ev, ev, ev)
	fmt.Fprintf(&out, "%v %+v %#v\n", tok1, tok2, tok1)
	logger.Info("the cache", "cache", c, "token", tok1)
	require.NoError(t, c.Close())
	all := out.String() + logs.String()
	for _, secret := range []string{"fake-access-token", "fake-refresh-token"} {
		assert.NotContains(t, all, secret)
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
	assert.Equal(t, "bettermode: token rotated", records[2].Msg)
	assert.Equal(t, record{Level: "WARN", Msg: "bettermode: background token refresh failed; retrying in 1s",
		Event: "refresh failed", Kind: "guest", Error: "fake outage", RetryIn: int64(time.Second)}, records[3])
	assert.Contains(t, logs.String(), `"cache":{"state":"stale","token":{"kind":"guest","role":"Guest"`)
}

func TestCacheSourceIdempotent(t *testing.T) {
	src := newCacheTestSource(clock.NewFake(cacheT0), cacheLifetime)
	c := CacheSource(src)
	assert.Same(t, c, CacheSource(c, WithMinValidity(time.Hour)), "an already cached source is returned unchanged")
	assert.Equal(t, defaultMinValidity, c.cfg.minValidity)
	require.NoError(t, c.Close())

	_, err := CacheSource(nil).Token(context.Background())
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
			assert.Equal(t, clock.Real{}, c.clock)
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
		{"min validity", []CacheOption{WithMinValidity(-time.Second)}, func(t *testing.T, c cacheConfig) { assert.Equal(t, time.Duration(0), c.minValidity) }},
		{"fetch timeout", []CacheOption{WithFetchTimeout(0)}, func(t *testing.T, c cacheConfig) { assert.Equal(t, 30*time.Second, c.fetchTimeout) }},
		{"backoff", []CacheOption{WithRefreshBackoff(0, time.Millisecond)}, func(t *testing.T, c cacheConfig) {
			assert.Equal(t, time.Second, c.backoffBase)
			assert.Equal(t, time.Second, c.backoffMax)
		}},
		{"nil options", []CacheOption{nil, WithLogger(nil), WithTokenHook(nil), withClock(nil), withRand(nil)}, func(t *testing.T, c cacheConfig) {
			assert.Nil(t, c.logger)
			assert.Nil(t, c.hook)
			assert.Equal(t, clock.Real{}, c.clock)
			assert.NotNil(t, c.rand)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := CacheSource(nil, tc.opts...)
			tc.check(t, c.cfg)
		})
	}
}

func TestTokenEventTypeString(t *testing.T) {
	for typ, want := range map[TokenEventType]string{
		TokenMinted:        "minted",
		TokenRefreshed:     "refreshed",
		TokenRotated:       "rotated",
		TokenRefreshFailed: "refresh failed",
		TokenEventType(42): "TokenEventType(42)",
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
