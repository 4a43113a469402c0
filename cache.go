package bettermode

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bettermode-go/bettermode/internal/clock"
)

// refresher is implemented by sources that renew a session with its refresh
// token (the member source). The cache calls refresh instead of Token when it
// holds a previous token that has a RefreshToken, stale, expired or
// invalidated alike.
type refresher interface {
	refresh(ctx context.Context, old *Token) (*Token, error)
}

// Defaults of the cache options.
const (
	defaultEarlyFraction = 0.2
	defaultEarlyFloor    = 30 * time.Second
	defaultEarlyCeiling  = 5 * time.Minute
	defaultJitter        = 0.1
	defaultMinValidity   = 10 * time.Second
	defaultFetchTimeout  = 30 * time.Second
	defaultBackoffBase   = time.Second
	defaultBackoffMax    = time.Minute

	// maxCacheDuration bounds the durations the options accept, so that no
	// arithmetic on them overflows.
	maxCacheDuration = 24 * time.Hour
)

// errEmptyToken is returned when a source hands back no token, or one without
// an access token, and no error.
var errEmptyToken = errors.New("bettermode: credential source returned an empty token; check the source returns a token or an error")

// errCacheClosed is returned by a CachedSource after Close. It matches
// ErrClosed and net.ErrClosed with errors.Is.
var errCacheClosed error = cacheClosedError{}

type cacheClosedError struct{}

func (cacheClosedError) Error() string {
	return "bettermode: credential cache closed; create a new client or cache"
}
func (cacheClosedError) Unwrap() error { return net.ErrClosed }

// Is makes a closed cache match ErrClosed, as the client that owns it does.
func (cacheClosedError) Is(target error) bool { return target == ErrClosed }

// TokenEventType says what happened to a cached token.
type TokenEventType int

// The events a CachedSource reports to its hook.
const (
	// TokenMinted: the first token was fetched.
	TokenMinted TokenEventType = iota + 1
	// TokenRefreshed: a stale or expired token was replaced.
	TokenRefreshed
	// TokenRotated: a token dropped by Invalidate was replaced.
	TokenRotated
	// TokenRefreshFailed: a fetch failed, in the background (the current
	// token is still served) or for callers waiting on it.
	TokenRefreshFailed
)

// String returns "minted", "refreshed", "rotated" or "refresh failed".
func (t TokenEventType) String() string {
	switch t {
	case TokenMinted:
		return "minted"
	case TokenRefreshed:
		return "refreshed"
	case TokenRotated:
		return "rotated"
	case TokenRefreshFailed:
		return "refresh failed"
	}
	return fmt.Sprintf("TokenEventType(%d)", int(t))
}

// TokenEvent describes one fetch made by a CachedSource. It holds no secret.
type TokenEvent struct {
	// Type says what happened.
	Type TokenEventType
	// Kind is the kind of the new token, or of the token being replaced when
	// the fetch failed (empty if there was none).
	Kind TokenKind
	// Duration is how long the fetch took.
	Duration time.Duration
	// Expiry is the new token's expiry, or, when the fetch failed, that of the
	// token still served (zero if none, or if it never expires).
	Expiry time.Time
	// Err is the fetch's error, for TokenRefreshFailed.
	Err error
}

// CacheOption configures CacheSource.
type CacheOption func(*cacheConfig)

type cacheConfig struct {
	earlyFraction float64
	earlyFloor    time.Duration
	earlyCeiling  time.Duration
	jitter        float64
	minValidity   time.Duration
	fetchTimeout  time.Duration
	backoffBase   time.Duration
	backoffMax    time.Duration
	logger        *slog.Logger
	hook          func(TokenEvent)

	clock  clock.Clock
	rand   func() float64 // in [0, 1)
	onWait func()         // test seam: a caller starts waiting on a fetch
}

func defaultCacheConfig() cacheConfig {
	return cacheConfig{
		earlyFraction: defaultEarlyFraction,
		earlyFloor:    defaultEarlyFloor,
		earlyCeiling:  defaultEarlyCeiling,
		jitter:        defaultJitter,
		minValidity:   defaultMinValidity,
		fetchTimeout:  defaultFetchTimeout,
		backoffBase:   defaultBackoffBase,
		backoffMax:    defaultBackoffMax,
		clock:         clock.Real{},
		rand:          rand.Float64,
	}
}

// WithEarlyRefresh sets when a token turns stale and is refreshed in the
// background while it is still handed out: the stale window, which ends the
// minimum validity before the token's expiry, lasts fraction of the token's
// lifetime (expiry minus the time it was fetched), clamped to [floor,
// ceiling], and never more than half of the token's usable lifetime. The
// defaults are 0.2, 30s and 5m. A fraction outside [0, 1] is clamped,
// negative durations count as 0, durations above 24h as 24h, and a ceiling
// below floor as floor.
func WithEarlyRefresh(fraction float64, floor, ceiling time.Duration) CacheOption {
	return func(c *cacheConfig) {
		c.earlyFraction = clampFraction(fraction)
		c.earlyFloor = clampDuration(floor)
		c.earlyCeiling = max(clampDuration(ceiling), c.earlyFloor)
	}
}

// WithRefreshJitter moves the start of each token's stale window earlier by
// a random part of up to fraction of the window, drawn once per token, so
// that a fleet of clients does not refresh in lockstep. The default is 0.1; a
// fraction outside [0, 1] is clamped.
func WithRefreshJitter(fraction float64) CacheOption {
	return func(c *cacheConfig) { c.jitter = clampFraction(fraction) }
}

// WithMinValidity sets how long a token must still be valid to be handed
// out: a token with less than d left is treated as expired. The default is
// 10s; a negative d counts as 0, more than 24h as 24h.
func WithMinValidity(d time.Duration) CacheOption {
	return func(c *cacheConfig) { c.minValidity = clampDuration(d) }
}

// WithFetchTimeout bounds each fetch from the wrapped source. Fetches run on
// a context detached from the callers' (their values are kept, their
// cancellation is not), so this timeout and Close are what stop them. The
// default is 30s; d <= 0 keeps it, more than 24h counts as 24h.
func WithFetchTimeout(d time.Duration) CacheOption {
	return func(c *cacheConfig) {
		if d > 0 {
			c.fetchTimeout = clampDuration(d)
		}
	}
}

// WithRefreshBackoff sets the delays between background refresh attempts
// that fail with a transient error: base, doubled after each failure up to
// maxDelay, each reduced by a random part of up to half, and never shorter than
// an error's RetryAfter. The defaults are 1s and 1m; base <= 0 keeps the
// default base, a maxDelay below base counts as base, more than 24h as 24h.
func WithRefreshBackoff(base, maxDelay time.Duration) CacheOption {
	return func(c *cacheConfig) {
		if base > 0 {
			c.backoffBase = clampDuration(base)
		}
		c.backoffMax = clampDuration(maxDelay)
		if c.backoffMax < c.backoffBase {
			c.backoffMax = c.backoffBase
		}
	}
}

// WithLogger logs the cache's fetches to l: successes at Debug, failures at
// Warn. Records never hold a secret. The default (or nil) logs nothing.
func WithLogger(l *slog.Logger) CacheOption {
	return func(c *cacheConfig) { c.logger = l }
}

// WithTokenHook calls hook after every fetch, with what happened. Calls are
// made one at a time and in order, from the goroutine that fetched, after the
// token is stored and the callers waiting on it are released. hook must not
// block for long (the next fetch's report waits for it), and must not call
// Close. The default (or nil) is no hook.
func WithTokenHook(hook func(TokenEvent)) CacheOption {
	return func(c *cacheConfig) { c.hook = hook }
}

// withClock sets the time seam: tests pass a fake clock, the client its own.
func withClock(clk clock.Clock) CacheOption {
	return func(c *cacheConfig) {
		if clk != nil {
			c.clock = clk
		}
	}
}

// withRand sets the source of jitter (values in [0, 1)); tests pass fixed ones.
func withRand(f func() float64) CacheOption {
	return func(c *cacheConfig) {
		if f != nil {
			c.rand = f
		}
	}
}

// withWaitHook makes every caller that starts waiting on a fetch call f (tests).
func withWaitHook(f func()) CacheOption {
	return func(c *cacheConfig) { c.onWait = f }
}

func clampFraction(f float64) float64 {
	if !(f > 0) { // also NaN
		return 0
	}
	return min(f, 1)
}

func clampDuration(d time.Duration) time.Duration {
	return min(max(d, 0), maxCacheDuration)
}

// CachedSource is a CredentialSource that caches the token of the source it
// wraps and renews it before it expires. It is safe for concurrent use.
//
// A warm cache hands out its token with one atomic load and a clock read,
// allocating nothing. Once the token is stale (inside its early-refresh
// window) callers still get it at once while a single background fetch
// replaces it; if that fails, the token keeps being served and the fetch is
// retried with backoff until the token expires. Only a missing or expired
// token (one with less than the minimum validity left, see WithMinValidity)
// makes callers wait, all of them on one shared fetch. A token that never
// expires (zero Expiry) is kept until Invalidate.
//
// Fetches run on a context that keeps the values of the caller that started
// them but not its cancellation, bounded by the fetch timeout and by Close. A
// waiting caller returns when its own context ends, while the fetch goes on
// for the others and its token is kept.
//
// Its String, GoString, Format and LogValue methods never reveal a secret.
type CachedSource struct {
	cur atomic.Pointer[cacheEntry] // nil: no token; closedEntry: closed

	src CredentialSource
	clk clock.Clock
	cfg cacheConfig

	closing context.Context // cancelled by Close
	cancel  context.CancelFunc
	wg      sync.WaitGroup

	mu          sync.Mutex
	closed      bool
	fl          *flight       // the fetch in progress, if any
	last        *Token        // the last token fetched, even if dropped since
	invalidated bool          // last was dropped by Invalidate
	reported    chan struct{} // closed when the last fetch's report is made
}

var _ CredentialSource = (*CachedSource)(nil)

// cacheEntry is an immutable cached token with its precomputed deadlines,
// except for the flag that starts its one background refresh.
type cacheEntry struct {
	tok *Token
	// staleAt and expireAt are clock readings: with the real clock they carry
	// a monotonic reading, which wall clock steps do not move. staleWall and
	// expireWall are the same instants in Unix nanoseconds, against which a
	// wall clock that jumped forward (or a suspended machine) is seen too. A
	// token is stale or expired when either says so.
	staleAt, expireAt     time.Time
	staleWall, expireWall int64
	forever               bool // zero Expiry
	closed                bool
	refreshing            atomic.Bool // a background refresh was started
}

// closedEntry is the current entry of a closed cache: always expired.
var closedEntry = &cacheEntry{closed: true, staleWall: math.MinInt64, expireWall: math.MinInt64}

type entryState int

const (
	entryFresh entryState = iota
	entryStale
	entryExpired
)

func (s entryState) String() string {
	switch s {
	case entryFresh:
		return "fresh"
	case entryStale:
		return "stale"
	}
	return "expired"
}

// state is e's state at now.
func (e *cacheEntry) state(now time.Time) entryState {
	if e.forever {
		return entryFresh
	}
	wall := now.UnixNano()
	if wall >= e.expireWall || !now.Before(e.expireAt) {
		return entryExpired
	}
	if wall >= e.staleWall || !now.Before(e.staleAt) {
		return entryStale
	}
	return entryFresh
}

// flight is one fetch from the source, shared by every caller waiting on it.
type flight struct {
	prev *Token // the token to refresh, if the source can
	done chan struct{}
	tok  *Token // set before done is closed
	err  error
}

// CacheSource wraps src in a cache (see CachedSource). Wrapping an already
// cached source (a *CachedSource) returns it unchanged, ignoring opts. The
// cache starts no goroutine until a token turns stale or a caller must wait
// for one; Close the returned *CachedSource to stop that work.
func CacheSource(src CredentialSource, opts ...CacheOption) *CachedSource {
	if c, ok := src.(*CachedSource); ok {
		return c
	}
	cfg := defaultCacheConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	c := &CachedSource{src: src, clk: cfg.clock, cfg: cfg}
	c.closing, c.cancel = context.WithCancel(context.Background())
	return c
}

// Token returns the cached token, fetching one if there is none or if it has
// expired. It never returns a token with less than the minimum validity
// left (see WithMinValidity). A caller that must wait returns with its
// context's error (matching ctx.Err() with errors.Is) when ctx ends first; a
// failed fetch returns the source's error as it is. After Close, Token
// returns an error matching net.ErrClosed.
func (c *CachedSource) Token(ctx context.Context) (*Token, error) {
	if e := c.cur.Load(); e != nil {
		if e.forever {
			return e.tok, nil // no clock read for a token that never expires
		}
		switch e.state(c.clk.Now()) {
		case entryFresh:
			return e.tok, nil
		case entryStale:
			if !e.refreshing.Load() && e.refreshing.CompareAndSwap(false, true) {
				c.startRefresh(ctx, e)
			}
			return e.tok, nil
		}
	}
	return c.wait(ctx)
}

// wait is Token's slow path: join the fetch in progress, or start one, and
// wait for it or for ctx.
func (c *CachedSource) wait(ctx context.Context) (*Token, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, errCacheClosed
	}
	if e := c.cur.Load(); e != nil && e.state(c.clk.Now()) != entryExpired {
		c.mu.Unlock() // a fetch stored a token meanwhile
		return c.Token(ctx)
	}
	fl := c.fl
	if fl == nil {
		if err := ctx.Err(); err != nil {
			c.mu.Unlock() // nobody to fetch for
			return nil, waitError(err)
		}
		fl = c.startFlightLocked()
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			c.fetch(ctx, fl, nil, 0)
		}()
	}
	c.mu.Unlock()
	if c.cfg.onWait != nil {
		c.cfg.onWait()
	}
	select {
	case <-fl.done:
		return fl.tok, fl.err
	case <-ctx.Done():
		select {
		case <-fl.done: // both ready: prefer the result
			return fl.tok, fl.err
		default:
		}
		return nil, waitError(ctx.Err())
	case <-c.closing.Done():
		return nil, errCacheClosed
	}
}

func waitError(err error) error {
	return fmt.Errorf("bettermode: waiting for a token (the fetch goes on for other callers; retry or allow more time): %w", err)
}

// startFlightLocked makes the flight the next fetch goes to. c.mu is held.
func (c *CachedSource) startFlightLocked() *flight {
	fl := &flight{prev: c.last, done: make(chan struct{})}
	c.fl = fl
	return fl
}

// startRefresh starts the background refresh of the stale entry e.
func (c *CachedSource) startRefresh(ctx context.Context, e *cacheEntry) {
	if ctx == nil {
		ctx = context.Background()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.wg.Add(1)
	go c.refreshLoop(context.WithoutCancel(ctx), e)
}

// refreshLoop replaces the stale entry e, retrying transient failures with
// backoff for as long as e is current and a retry would come before it
// expires. It gives up at once on a permanent error: callers then fetch
// again, one fetch per call, once e has expired.
func (c *CachedSource) refreshLoop(ctx context.Context, e *cacheEntry) {
	defer c.wg.Done()
	for attempt := 0; ; attempt++ {
		c.mu.Lock()
		if c.closed || c.cur.Load() != e || c.fl != nil || e.state(c.clk.Now()) == entryExpired {
			// Closed, replaced, invalidated, someone else is fetching, or
			// expired: callers fetch in the foreground now.
			c.mu.Unlock()
			return
		}
		fl := c.startFlightLocked()
		c.mu.Unlock()

		delay := c.fetch(ctx, fl, e, attempt)
		if delay <= 0 {
			return
		}
		t := c.clk.NewTimer(delay)
		select {
		case <-t.C():
		case <-c.closing.Done():
			t.Stop()
			return
		}
	}
}

// permanentError reports whether retrying err without a change is pointless.
func permanentError(err error) bool {
	return errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden) || errors.Is(err, ErrInvalidInput)
}

// backoff is the delay before retry attempt+1.
func (c *CachedSource) backoff(attempt int, err error) time.Duration {
	d := c.cfg.backoffBase
	for i := 0; i < attempt && d < c.cfg.backoffMax; i++ {
		d *= 2
	}
	d = min(d, c.cfg.backoffMax)
	d -= time.Duration(c.cfg.rand() * float64(d) / 2)
	var apiErr *Error
	if errors.As(err, &apiErr) && apiErr.RetryAfter > d {
		d = apiErr.RetryAfter
	}
	return d
}

// fetch runs fl: it calls the source, stores a good token, releases the
// waiters and reports the event. Reports are made one at a time and in the
// order the fetches ended, each after the one before it. stale is the entry a
// background refresh replaces (nil for a foreground fetch), attempt its count
// of failures so far; fetch returns how long the background refresh waits
// before retrying, or 0 for no retry.
func (c *CachedSource) fetch(ctx context.Context, fl *flight, stale *cacheEntry, attempt int) (retry time.Duration) {
	fctx, cancel := context.WithTimeout(fetchContext{c.closing, ctx}, c.cfg.fetchTimeout)
	start := c.clk.Now()
	tok, err := c.call(fctx, fl.prev)
	cancel()
	now := c.clk.Now()
	var e *cacheEntry
	if err == nil {
		e, err = c.newEntry(tok, now)
	}
	ev := TokenEvent{Duration: max(now.Sub(start), 0), Err: err}

	c.mu.Lock()
	// Clear fl as the token is stored: a caller that comes after this (or
	// after an Invalidate of this token) must not join fl.
	c.fl = nil
	closed := c.closed
	switch {
	case closed:
		err = errCacheClosed
	case e != nil:
		ev.Type = TokenRefreshed
		if c.last == nil {
			ev.Type = TokenMinted
		} else if c.invalidated {
			ev.Type = TokenRotated
		}
		c.cur.Store(e)
		c.last, c.invalidated = e.tok, false
		ev.Kind, ev.Expiry = e.tok.Kind, e.tok.Expiry
	default:
		ev.Type = TokenRefreshFailed
		if c.last != nil {
			ev.Kind = c.last.Kind
		}
		if cur := c.cur.Load(); cur != nil {
			ev.Expiry = cur.tok.Expiry
		}
	}
	prevReport, myReport := c.reported, make(chan struct{})
	c.reported = myReport
	c.mu.Unlock()

	if err == nil {
		fl.tok = e.tok
	}
	fl.err = err
	close(fl.done)

	defer close(myReport)
	if closed {
		return 0
	}
	var note string
	var attrs []slog.Attr
	if err != nil && stale != nil {
		switch d := c.backoff(attempt, err); {
		case permanentError(err):
			note = "the error is permanent: not retrying before the token expires"
		case stale.state(now.Add(d)) == entryExpired:
			note = "the token expires before the next retry: callers will fetch when it has"
		default:
			retry = d
			note = "retrying in " + d.String()
			attrs = append(attrs, slog.Duration("retry_in", d))
		}
	}
	if prevReport != nil {
		<-prevReport
	}
	c.report(ctx, ev, note, attrs...)
	return retry
}

// fetchContext is the parent of a fetch's context: it has the values of
// values (the caller that started the fetch) but the deadline and
// cancellation of the embedded context (the cache's, cancelled by Close).
// The embedded context answers first, so that the context package sees it as
// the cancelable parent and needs no goroutine to propagate its cancellation;
// it holds no other values.
type fetchContext struct {
	context.Context
	values context.Context
}

func (f fetchContext) Value(key any) any {
	if v := f.Context.Value(key); v != nil {
		return v
	}
	return f.values.Value(key)
}

// call asks the source for a token: a refresh of prev when the source can and
// prev has a refresh token, a new token otherwise. A panic is an error.
func (c *CachedSource) call(ctx context.Context, prev *Token) (tok *Token, err error) {
	if c.src == nil {
		return nil, invalidInput("CacheSource", "source", "pass a non-nil CredentialSource")
	}
	defer func() {
		if r := recover(); r != nil {
			tok, err = nil, fmt.Errorf("bettermode: credential source panicked: %v", r)
		}
	}()
	if r, ok := c.src.(refresher); ok && prev != nil && prev.RefreshToken != "" {
		return r.refresh(ctx, prev)
	}
	return c.src.Token(ctx)
}

// newEntry validates tok, fetched at now, and computes its deadlines. The
// entry holds a copy of tok: its pointer identifies this fetch to Invalidate,
// even if the source returns the same *Token every time.
func (c *CachedSource) newEntry(tok *Token, now time.Time) (*cacheEntry, error) {
	if tok == nil || tok.AccessToken == "" {
		return nil, errEmptyToken
	}
	t := *tok
	e := &cacheEntry{tok: &t}
	if t.Expiry.IsZero() {
		e.forever = true
		return e, nil
	}
	lifetime := t.Expiry.Sub(now)
	usable := lifetime - c.cfg.minValidity
	if usable <= 0 {
		return nil, fmt.Errorf("bettermode: credential source returned a token that expires within the minimum validity "+
			"(expiry %s, now %s, minimum validity %s): make the source renew earlier, lower WithMinValidity, or check the machine's clock",
			t.Expiry.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), c.cfg.minValidity)
	}
	window := time.Duration(c.cfg.earlyFraction * float64(lifetime))
	window = min(max(window, c.cfg.earlyFloor), c.cfg.earlyCeiling, usable/2)
	jitter := time.Duration(c.cfg.rand() * c.cfg.jitter * float64(window))
	e.expireAt = now.Add(usable)
	e.staleAt = e.expireAt.Add(-(window + jitter))
	e.expireWall, e.staleWall = unixNanos(e.expireAt), unixNanos(e.staleAt)
	return e, nil
}

// unixNanos is t.UnixNano, saturated instead of overflowing.
func unixNanos(t time.Time) int64 {
	switch {
	case t.After(maxUnixNanos):
		return math.MaxInt64
	case t.Before(minUnixNanos):
		return math.MinInt64
	}
	return t.UnixNano()
}

var (
	maxUnixNanos = time.Unix(0, math.MaxInt64)
	minUnixNanos = time.Unix(0, math.MinInt64)
)

// report sends ev to the hook and the logger. note, when set, says what the
// background refresh does next.
func (c *CachedSource) report(ctx context.Context, ev TokenEvent, note string, attrs ...slog.Attr) {
	if c.cfg.hook != nil {
		c.cfg.hook(ev)
	}
	l := c.cfg.logger
	if l == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	attrs = append(attrs,
		slog.String("event", ev.Type.String()),
		slog.String("kind", string(ev.Kind)),
		slog.Duration("duration", ev.Duration),
	)
	if !ev.Expiry.IsZero() {
		attrs = append(attrs, slog.Time("expiry", ev.Expiry))
	}
	if ev.Err == nil {
		l.LogAttrs(ctx, slog.LevelDebug, "bettermode: token "+ev.Type.String(), attrs...)
		return
	}
	attrs = append(attrs, slog.Any("error", ev.Err))
	msg := "bettermode: token fetch failed"
	if note != "" {
		msg = "bettermode: background token refresh failed; " + note
	}
	l.LogAttrs(ctx, slog.LevelWarn, msg, attrs...)
}

// Invalidate drops tok, a token this cache returned, if it is still the
// current token, so that the next Token call fetches a new one (a refresh,
// when the source can). It reports whether it dropped it. A token that was
// already replaced, or that another caller invalidated first, is left alone:
// a storm of 401 answers for the same token causes one new fetch.
func (c *CachedSource) Invalidate(tok *Token) bool {
	if tok == nil {
		return false
	}
	e := c.cur.Load()
	if e == nil || e.tok != tok {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || !c.cur.CompareAndSwap(e, nil) {
		return false
	}
	c.invalidated = true
	return true
}

// Close stops the cache's background work, cancelling any fetch in progress,
// and waits for its goroutines to end. Callers waiting on a fetch, and every
// later Token call, get an error matching net.ErrClosed. Close is
// idempotent and always returns nil. It must not be called from a token hook.
func (c *CachedSource) Close() error {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		c.cur.Store(closedEntry)
		c.cancel()
	}
	c.mu.Unlock()
	c.wg.Wait()
	return nil
}

// describe returns c's state and current token.
func (c *CachedSource) describe() (string, *Token) {
	e := c.cur.Load()
	switch {
	case e == nil:
		return "empty", nil
	case e.closed:
		return "closed", nil
	}
	return e.state(c.clk.Now()).String(), e.tok
}

// String describes c's state and token without secrets.
func (c *CachedSource) String() string {
	state, tok := c.describe()
	s := "bettermode.CachedSource{State: " + state
	if tok != nil {
		s += ", Token: " + tok.String()
	}
	return s + "}"
}

// GoString is String: %#v never reveals a secret either.
func (c *CachedSource) GoString() string { return c.String() }

// Format prints c with String for every verb and flag.
func (c *CachedSource) Format(f fmt.State, verb rune) { formatOpaque(f, verb, c.String()) }

// LogValue makes slog log c's state and token without secrets.
func (c *CachedSource) LogValue() slog.Value {
	state, tok := c.describe()
	attrs := []slog.Attr{slog.String("state", state)}
	if tok != nil {
		attrs = append(attrs, slog.Any("token", tok))
	}
	return slog.GroupValue(attrs...)
}
