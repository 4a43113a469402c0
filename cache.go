package bettermode

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Refresher is a CredentialSource that can renew a token it handed out,
// for sources that keep a session of their own (a refresh token, a stored
// grant). A CachedSource calls Refresh instead of Token whenever it holds a
// previous token: to replace one that is stale or expired, and one that was
// invalidated because the API rejected it, in which case Refresh must not
// return old again (its own cache may still think old is fresh). Member
// sessions renew this way with their refresh token.
type Refresher interface {
	CredentialSource
	// Refresh returns a token to replace old, which it must not return
	// again.
	Refresh(ctx context.Context, old *Token) (*Token, error)
}

// errCacheClosed is returned after Close; it matches ErrClosed and net.ErrClosed.
var errCacheClosed = &Error{Operation: "token", Message: "credential cache closed", kind: ErrClosed,
	hint: "create a new client or cache", err: net.ErrClosed}

// CachedSource is a CredentialSource that caches the token of the source it
// wraps and renews it before it expires. It is safe for concurrent use.
//
// A token is fresh, then stale, then expired (see WithMinValidity and
// WithEarlyRefresh), whatever its lifetime: a 1h token is used until 10s
// before its Expiry and refreshed from 5m before that, a 5s token until 0.5s
// before and refreshed half way. A fresh or stale token is handed out at once
// (a stale one while one background fetch replaces it); a missing or expired
// one makes callers wait, all on one fetch. A zero Expiry never expires.
//
// After a failed fetch the source is left alone for a backoff delay (see
// WithRefreshBackoff): callers without a valid token get the same error, and
// a stale token is refreshed again after the delay (not at all after an
// ErrUnauthorized, ErrForbidden or ErrInvalidInput error). Fetches keep the
// caller's context values, not its cancellation; the fetch timeout and Close
// stop them.
type CachedSource struct {
	cur     atomic.Pointer[cacheEntry] // nil: none, invalidated or closed
	retryAt atomic.Int64               // Unix ns: no fetch starts before

	src     CredentialSource
	cfg     cacheConfig
	closing context.Context // cancelled by Close, under mu
	cancel  context.CancelFunc
	wg      sync.WaitGroup

	storeKey string       // the credential's key in cfg.store; "" shares nothing
	maxLife  atomic.Int64 // the longest token lifetime seen, ns (see storeMinValidity)

	mu       sync.Mutex
	fl       *flight       // the fetch in flight
	prev     *Token        // the last token fetched, even if dropped since
	rotated  bool          // prev was dropped by Invalidate
	failures int           // consecutive failed fetches
	failErr  error         // the last failure, returned until retryAt
	reported chan struct{} // closed once the last fetch is reported
}

// cacheEntry is a copy of a fetched token (its pointer marks the fetch) with
// its deadlines, wall-clock instants as Expiry is: a machine suspend shows.
type cacheEntry struct {
	tok               *Token
	staleAt, expireAt time.Time
	refreshing        atomic.Bool // a background refresh runs, or gave up
}

// flight is one fetch from the source, shared by every caller waiting on it.
type flight struct {
	done chan struct{}
	tok  *Token // set before done is closed
	err  error
}

// CacheSource wraps src in a cache (see CachedSource); a *CachedSource is
// returned unchanged, ignoring opts. Close the cache to stop its fetches.
func CacheSource(src CredentialSource, opts ...CacheOption) *CachedSource {
	if c, ok := src.(*CachedSource); ok && c != nil {
		return c
	}
	c := &CachedSource{src: src, cfg: defaultCacheConfig()}
	for _, o := range opts {
		if o != nil {
			o(&c.cfg)
		}
	}
	c.closing, c.cancel = context.WithCancel(context.Background())
	if c.cfg.store != nil {
		c.storeKey = c.cfg.store.storeKey(src)
	}
	return c
}

// Token returns the cached token, or waits for a fetch if there is none or it
// has expired: a caller whose ctx ends first returns an error wrapping ctx's
// (the fetch goes on). An expired token from the source is an *Error matching
// ErrUnauthorized. After Close, errors match ErrClosed and net.ErrClosed.
func (c *CachedSource) Token(ctx context.Context) (*Token, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	if c == nil {
		return nil, &Error{Operation: "token", Message: "the CachedSource is nil", kind: ErrInvalidInput, hint: "create it with CacheSource"}
	}
	if e := c.cur.Load(); e != nil {
		now := time.Now()
		if now.Before(e.staleAt) {
			return e.tok, nil
		}
		if now.Before(e.expireAt) {
			if now.UnixNano() >= c.retryAt.Load() && !e.refreshing.Load() && e.refreshing.CompareAndSwap(false, true) {
				c.mu.Lock() // unless the cache moved on meanwhile (closed, too):
				if c.cur.Load() != e || c.fl != nil || time.Now().UnixNano() < c.retryAt.Load() {
					e.refreshing.Store(false)
				} else {
					c.start(ctx, e)
				}
				c.mu.Unlock()
			}
			return e.tok, nil
		}
	}
	return c.wait(ctx)
}

// wait is Token's slow path: wait for the fetch in flight, or a new one.
func (c *CachedSource) wait(ctx context.Context) (*Token, error) {
	fl, tok, err := c.join(ctx)
	if fl == nil {
		return tok, err
	}
	select {
	case <-fl.done:
		return fl.tok, fl.err
	case <-ctx.Done():
		err = ctx.Err()
	case <-c.closing.Done():
		return nil, errCacheClosed
	}
	return nil, fmt.Errorf("bettermode: gave up waiting for a token (the fetch goes on for other callers): %w", err)
}

// fresh returns a token that is not stale, for a connection that keeps
// its token for as long as it lives (a subscription's socket): the current
// token while it is fresh, else the result of a fetch (the one in flight or
// a new one), or, when the fetch fails or is held back by a backoff, the
// stale token while it is valid. A missing or expired token is Token's.
func (c *CachedSource) fresh(ctx context.Context) (*Token, error) {
	e := c.cur.Load()
	if e == nil || !time.Now().Before(e.expireAt) {
		return c.Token(ctx)
	}
	if time.Now().Before(e.staleAt) {
		return e.tok, nil
	}
	c.mu.Lock()
	fl := c.fl
	switch {
	case c.cur.Load() != e: // the cache moved on (closed, too)
		c.mu.Unlock()
		return c.Token(ctx)
	case fl != nil:
	case time.Now().UnixNano() < c.retryAt.Load() || e.refreshing.Load():
		c.mu.Unlock() // a backoff, or refreshes gave up: the stale token is the best there is
		return e.tok, nil
	default:
		e.refreshing.Store(true)
		fl = c.start(ctx, e)
	}
	c.mu.Unlock()
	select {
	case <-fl.done:
		if fl.err == nil {
			return fl.tok, nil
		}
		if time.Now().Before(e.expireAt) {
			return e.tok, nil
		}
		return nil, fl.err
	case <-ctx.Done():
		return nil, fmt.Errorf("bettermode: gave up waiting for a token (the fetch goes on for other callers): %w", ctx.Err())
	case <-c.closing.Done():
		return nil, errCacheClosed
	}
}

// join returns the fetch to wait for (started if need be) or the result.
func (c *CachedSource) join(ctx context.Context) (*flight, *Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch e, now := c.cur.Load(), time.Now(); {
	case c.closing.Err() != nil:
		return nil, nil, errCacheClosed
	case e != nil && now.Before(e.expireAt): // a fetch stored a token meanwhile
		return nil, e.tok, nil
	case c.fl != nil:
		return c.fl, nil, nil
	case c.failErr != nil && now.UnixNano() < c.retryAt.Load():
		return nil, nil, c.failErr
	case ctx.Err() != nil: // nobody to fetch for
		return nil, nil, fmt.Errorf("bettermode: no token fetched: %w", ctx.Err())
	}
	return c.start(ctx, nil), nil, nil
}

// start starts a fetch on behalf of the caller with ctx. stale is the entry
// a background refresh replaces, or nil for a fetch callers wait on. c.mu is held.
func (c *CachedSource) start(ctx context.Context, stale *cacheEntry) *flight {
	c.fl = &flight{done: make(chan struct{})}
	c.wg.Add(1)
	go c.fetch(context.WithoutCancel(ctx), c.fl, c.prev, stale)
	return c.fl
}

// fetch runs fl: it calls the source, stores the token or the failure,
// releases the waiters, then reports, after the report of the fetch before.
func (c *CachedSource) fetch(ctx context.Context, fl *flight, prev *Token, stale *cacheEntry) {
	defer c.wg.Done()
	ctx, endFetch := c.cfg.startFetch(ctx, c.src, prev) // observe.go
	fctx, cancel := context.WithTimeout(ctx, c.cfg.fetchTimeout)
	defer cancel()
	defer context.AfterFunc(c.closing, cancel)()
	start := time.Now()
	tok, loaded, err := c.obtain(fctx, prev)
	now := time.Now()
	var e *cacheEntry
	if err == nil {
		e, err = c.newEntry(tok, now)
	}
	ev := TokenEvent{Type: TokenRefreshFailed, Kind: sourceKind(c.src), Duration: now.Sub(start), Err: err}
	var retryIn time.Duration

	c.mu.Lock()
	closed := c.closing.Err() != nil
	switch {
	case closed:
		e, err = nil, errCacheClosed
	case e != nil:
		ev.Type, ev.Kind, ev.Expiry = TokenRefreshed, e.tok.Kind, e.tok.Expiry
		switch {
		case loaded:
			ev.Type = TokenLoaded
		case c.prev == nil:
			ev.Type = TokenMinted
		case c.rotated:
			ev.Type = TokenRotated
		}
		c.cur.Store(e)
		c.retryAt.Store(0)
		c.prev, c.rotated, c.failures, c.failErr = e.tok, false, 0, nil
	default:
		if c.prev != nil {
			ev.Kind, ev.Expiry = c.prev.Kind, c.prev.Expiry
		}
		c.failures++
		retryIn, c.failErr = c.cfg.backoff(c.failures, err), err
		c.retryAt.Store(now.Add(retryIn).UnixNano())
	}
	if stale != nil && !permanentError(err) {
		stale.refreshing.Store(false) // a permanent error stops its refreshes
	}
	prevReport, myReport := c.reported, make(chan struct{})
	c.fl, c.reported, fl.err = nil, myReport, err
	if e != nil {
		fl.tok = e.tok
	}
	c.mu.Unlock()
	endFetch(ev) // observe.go
	close(fl.done)

	defer close(myReport)
	if prevReport != nil {
		<-prevReport
	}
	if !closed {
		c.cfg.report(ctx, ev, retryIn, stale != nil && c.cur.Load() == stale)
	}
}

// call asks the source for a token: a refresh of prev when the source can and
// prev has a refresh token, a new token otherwise. A panic is an error.
func (c *CachedSource) call(ctx context.Context, prev *Token) (tok *Token, err error) {
	if c.src == nil {
		return nil, invalidInput("CacheSource", "source", "pass a non-nil CredentialSource")
	}
	defer func() {
		if r := recover(); r != nil { // its value could hold a secret: only its type is told
			tok, err = nil, fmt.Errorf("bettermode: credential source panicked: %T value; fix the source", r)
		}
	}()
	if r, ok := c.src.(Refresher); ok && prev != nil {
		return r.Refresh(ctx, prev)
	}
	return c.src.Token(ctx)
}

// newEntry checks tok, fetched at now, and computes its deadlines.
func (c *CachedSource) newEntry(tok *Token, now time.Time) (*cacheEntry, error) {
	if tok == nil || tok.AccessToken == "" {
		return nil, &Error{Operation: "token", Message: "credential source returned an empty token",
			hint: "check that the source returns a token or an error"}
	}
	t := *tok
	e := &cacheEntry{tok: &t, staleAt: endOfTime, expireAt: endOfTime}
	if t.Expiry.IsZero() {
		return e, nil
	}
	now = now.Round(0) // wall clock only
	lifetime := t.Expiry.Sub(now)
	if l := int64(lifetime); l > c.maxLife.Load() {
		c.maxLife.Store(l) // fetches run one at a time
	}
	if lifetime <= 0 {
		return nil, &Error{Operation: "token", Message: "credential source returned an expired token", kind: ErrUnauthorized,
			hint: "check the credential source, and that this machine's clock is right"}
	}
	usable := lifetime - min(c.cfg.minValidity, lifetime/10) // > 0
	window := time.Duration(c.cfg.earlyFraction * float64(lifetime))
	window = min(max(window, c.cfg.earlyFloor), c.cfg.earlyCeiling, usable/2)
	jitter := time.Duration(c.cfg.rand() * c.cfg.jitter * float64(window))
	e.expireAt = now.Add(usable)
	e.staleAt = e.expireAt.Add(-window - jitter)
	return e, nil
}

// endOfTime is the deadline of a token that never expires.
var endOfTime = time.Unix(math.MaxInt64>>2, 0)

// Invalidate drops tok, a token this cache returned, if it is still the
// current one, so that the next Token call fetches anew (a refresh if it
// can), and reports whether it did. A storm of 401 answers for the same
// token thus causes one fetch.
func (c *CachedSource) Invalidate(tok *Token) bool {
	if c == nil || tok == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.cur.Load(); e == nil || e.tok != tok {
		return false // also after Close
	}
	c.cur.Store(nil)
	c.rotated = true
	return true
}

// forget drops tok, if it is still current, and the session it belongs to:
// the next fetch starts a new session instead of refreshing (after a
// logout, whose refresh token no longer works).
func (c *CachedSource) forget(tok *Token) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.cur.Load(); e != nil && e.tok == tok {
		c.cur.Store(nil)
	}
	if c.prev != nil && c.prev.AccessToken == tok.AccessToken {
		c.prev = nil
	}
}

// Close cancels the fetch in flight and waits for the cache's goroutines;
// waiting and later callers get an error matching ErrClosed and
// net.ErrClosed. Close is idempotent, returns nil, and must not be called
// from a token hook.
func (c *CachedSource) Close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	c.cur.Store(nil)
	c.cancel()
	c.mu.Unlock()
	c.wg.Wait()
	return nil
}

// String describes c's state and token without secrets.
func (c *CachedSource) String() string {
	if c == nil {
		return "bettermode.CachedSource(nil)"
	}
	e, now, state := c.cur.Load(), time.Now(), "fresh"
	switch {
	case c.closing.Err() != nil:
		return "bettermode.CachedSource{State: closed}"
	case e == nil:
		return "bettermode.CachedSource{State: empty}"
	case !now.Before(e.expireAt):
		state = "expired"
	case !now.Before(e.staleAt):
		state = "stale"
	}
	return "bettermode.CachedSource{State: " + state + ", Token: " + e.tok.String() + "}"
}

// knownSecrets forwards the wrapped source's secrets (see secretKeeper).
func (c *CachedSource) knownSecrets() secrets {
	if c == nil {
		return nil
	}
	return knownSecrets(c.src)
}

// Format prints String for every verb and flag, never the wrapped source.
func (c *CachedSource) Format(f fmt.State, verb rune) { formatOpaque(f, verb, c.String()) }

// LogValue makes slog log String.
func (c *CachedSource) LogValue() slog.Value { return slog.StringValue(c.String()) }
