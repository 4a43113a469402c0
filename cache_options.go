package bettermode

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"
)

// CacheOption configures CacheSource.
type CacheOption func(*cacheConfig)

type cacheConfig struct {
	earlyFraction, jitter     float64
	earlyFloor, earlyCeiling  time.Duration
	minValidity, fetchTimeout time.Duration
	backoffBase, backoffMax   time.Duration
	logger                    *slog.Logger
	hook                      func(TokenEvent)
	rand                      func() float64 // in [0, 1)
	store                     *storeConfig   // nil: tokens are not shared (see WithTokenStore)
	obs                       *observer      // set by NewClient (WithObserver, observe.go)
}

func defaultCacheConfig() cacheConfig {
	return cacheConfig{earlyFraction: 0.2, jitter: 0.1, earlyFloor: 30 * time.Second, earlyCeiling: 5 * time.Minute,
		minValidity: 10 * time.Second, fetchTimeout: 30 * time.Second, backoffBase: time.Second, backoffMax: time.Minute,
		rand: rand.Float64}
}

// WithEarlyRefresh sets the stale window, during which a token is still
// handed out while one background fetch replaces it. It ends where the
// token's usable life ends (see WithMinValidity) and lasts fraction of the
// token's lifetime L (its Expiry minus the time it was fetched), clamped to
// [floor, ceiling], but never more than half of the usable life, whatever
// floor says. The defaults are 0.2, 30s and 5m: a 1h token turns stale 5m
// before its usable end, a 5s one half way. A fraction outside [0, 1] is
// clamped, a negative duration counts as 0, one above 24h as 24h, and a
// ceiling below floor as floor.
func WithEarlyRefresh(fraction float64, floor, ceiling time.Duration) CacheOption {
	return func(c *cacheConfig) {
		c.earlyFraction, c.earlyFloor = clampFraction(fraction), clampDuration(floor)
		c.earlyCeiling = max(clampDuration(ceiling), c.earlyFloor)
	}
}

// WithRefreshJitter moves the start of each token's stale window earlier by
// a random part of up to fraction of the window, drawn once per token, so
// that a fleet of clients does not refresh in lockstep. The default is 0.1;
// a fraction outside [0, 1] is clamped.
func WithRefreshJitter(fraction float64) CacheOption {
	return func(c *cacheConfig) { c.jitter = clampFraction(fraction) }
}

// WithMinValidity caps how long before its Expiry a token stops being handed
// out: min(d, L/10), where L is the token's lifetime, so that short-lived
// tokens stay usable. The default is 10s; a negative d counts as 0, more
// than 24h as 24h.
func WithMinValidity(d time.Duration) CacheOption {
	return func(c *cacheConfig) { c.minValidity = clampDuration(d) }
}

// WithFetchTimeout bounds each fetch from the wrapped source (fetches ignore
// the callers' cancellation). The default is 30s; d <= 0 keeps it, more than
// 24h counts as 24h.
func WithFetchTimeout(d time.Duration) CacheOption {
	return func(c *cacheConfig) {
		if d > 0 {
			c.fetchTimeout = clampDuration(d)
		}
	}
}

// WithRefreshBackoff sets how long the source is left alone after a failed
// fetch: d is base doubled per consecutive failure up to maxDelay; the delay
// is d/2 plus a random part of up to d/2, and never less than an *Error's
// RetryAfter. The defaults are 1s and 1m; base <= 0 keeps the default base,
// a maxDelay below base counts as base, more than 24h as 24h.
func WithRefreshBackoff(base, maxDelay time.Duration) CacheOption {
	return func(c *cacheConfig) {
		if base > 0 {
			c.backoffBase = clampDuration(base)
		}
		c.backoffMax = max(clampDuration(maxDelay), c.backoffBase)
	}
}

// WithLogger logs every fetch to l: successes at Debug, failures at Warn.
// Records never hold a secret. The default (or nil) logs nothing.
func WithLogger(l *slog.Logger) CacheOption {
	return func(c *cacheConfig) { c.logger = l }
}

// WithTokenHook calls hook after every fetch, one call at a time, in the
// order the fetches ended, after the callers waiting on the fetch are
// released. hook must not block for long nor call Close. The default (or
// nil) is no hook.
func WithTokenHook(hook func(TokenEvent)) CacheOption {
	return func(c *cacheConfig) { c.hook = hook }
}

// withRand sets the source of jitter, values in [0, 1) (tests fix it).
func withRand(f func() float64) CacheOption {
	return func(c *cacheConfig) {
		if f != nil {
			c.rand = f
		}
	}
}

func clampFraction(f float64) float64 {
	if !(f > 0) { // NaN too
		return 0
	}
	return min(f, 1)
}

func clampDuration(d time.Duration) time.Duration { return min(max(d, 0), 24*time.Hour) }

// backoff is how long to leave the source alone after n failures, the last err.
func (c *cacheConfig) backoff(n int, err error) time.Duration {
	d := jitteredBackoff(n, c.backoffBase, c.backoffMax, c.rand)
	if apiErr := (*Error)(nil); errors.As(err, &apiErr) {
		d = max(d, clampDuration(apiErr.RetryAfter))
	}
	return d
}

// permanentError reports whether retrying err without a change is pointless.
func permanentError(err error) bool {
	return errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrForbidden) || errors.Is(err, ErrInvalidInput)
}

// TokenEventType says what a fetch of a CachedSource did.
type TokenEventType int

// The events a CachedSource reports.
const (
	// TokenMinted: the first token was fetched.
	TokenMinted TokenEventType = iota + 1
	// TokenRefreshed: a stale or expired token was replaced.
	TokenRefreshed
	// TokenRotated: a token dropped by Invalidate was replaced.
	TokenRotated
	// TokenRefreshFailed: a fetch failed, in the background (the current
	// token is still served) or for the callers waiting on it.
	TokenRefreshFailed
	// TokenLoaded: the token was read from the fleet's token store (see
	// WithTokenStore), minted or refreshed by another replica; this cache
	// called no source. The events above are for tokens it fetched itself.
	TokenLoaded
)

var tokenEventNames = [...]string{TokenMinted: "minted", TokenRefreshed: "refreshed", TokenRotated: "rotated",
	TokenRefreshFailed: "refresh failed", TokenLoaded: "loaded from the store"}

// tokenEventMessages are the log messages of the events.
var tokenEventMessages = [...]string{TokenMinted: "bettermode: token minted", TokenRefreshed: "bettermode: token refreshed",
	TokenRotated: "bettermode: token rotated after 401", TokenLoaded: "bettermode: token loaded from the store"}

// String returns "minted", "refreshed", "rotated", "refresh failed" or
// "loaded from the store".
func (t TokenEventType) String() string {
	if t < TokenMinted || int(t) >= len(tokenEventNames) || tokenEventNames[t] == "" {
		return fmt.Sprintf("TokenEventType(%d)", int(t))
	}
	return tokenEventNames[t]
}

// TokenEvent describes one fetch of a CachedSource. It holds no secret.
type TokenEvent struct {
	// Type says what happened.
	Type TokenEventType
	// Kind is the new token's kind, or after a failure the last token's,
	// or the source's (KindCustom for a source of your own).
	Kind TokenKind
	// Duration is how long the fetch took.
	Duration time.Duration
	// Expiry is the new token's expiry, or after a failure the last token's
	// (zero if none, or if it never expires).
	Expiry time.Time
	// Err is the fetch's error, for TokenRefreshFailed.
	Err error
}

// report sends ev to the hook and the logger. retryIn is how long the source
// is left alone after a failure; serving says a valid token is still served.
func (c *cacheConfig) report(ctx context.Context, ev TokenEvent, retryIn time.Duration, serving bool) {
	if c.hook != nil {
		c.hook(ev)
	}
	if c.logger == nil {
		return
	}
	attrs := make([]slog.Attr, 0, 6)
	attrs = append(attrs, slog.String("event", ev.Type.String()), slog.String("kind", string(ev.Kind)), slog.Duration("duration", ev.Duration))
	if !ev.Expiry.IsZero() {
		attrs = append(attrs, slog.Time("expiry", ev.Expiry))
	}
	if ev.Err == nil {
		msg := "bettermode: token " + ev.Type.String()
		if int(ev.Type) < len(tokenEventMessages) && tokenEventMessages[ev.Type] != "" {
			msg = tokenEventMessages[ev.Type]
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, msg, attrs...)
		return
	}
	msg := "bettermode: token fetch failed"
	if serving {
		msg = "bettermode: background token refresh failed; the current token is still served"
	}
	c.logger.LogAttrs(ctx, slog.LevelWarn, msg, append(attrs, slog.Any("error", ev.Err), slog.Duration("retry_in", retryIn))...)
}

// sourceKind is the kind of the tokens src gives, for a failure before any
// token: the SDK's sources know theirs; any other source is KindCustom.
func sourceKind(src CredentialSource) TokenKind {
	if k, ok := src.(interface{ tokenKind() TokenKind }); ok {
		return k.tokenKind()
	}
	return KindCustom
}

func (s *guestSource) tokenKind() TokenKind  { return KindGuest }
func (s *memberSource) tokenKind() TokenKind { return KindMember }
func (s *appSource) tokenKind() TokenKind    { return KindApp }
func (s oauth2Source) tokenKind() TokenKind  { return KindOAuth }
func (s staticSource) tokenKind() TokenKind  { return KindStatic }
