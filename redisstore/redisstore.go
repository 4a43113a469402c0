// Package redisstore makes a fleet of processes behave like one Bettermode
// client, on Redis: a TokenStore that shares one token per credential (one
// mint, one refresh per token lifetime for the whole fleet; tokens
// encrypted with AES-GCM under a key you supply) and a RateBudget that keeps
// a community's requests, complexity and daily requests within its plan
// (GCRA: one Lua script reserves every limit at once, first come, first
// served).
//
//	rdb, err := redisstore.NewClient(os.Getenv("REDIS_URL"))
//	store, err := redisstore.NewTokenStore(rdb, key32)
//	rb, err := redisstore.NewBudget(rdb, networkID, budget.Free)
//	c, err := bettermode.NewClient(bettermode.WithCredentials(app),
//		bettermode.WithCacheOptions(bettermode.WithTokenStore(store)),
//		bettermode.WithRateBudget(rb))
//
// Redis is never a single point of failure: every call is bounded by a
// short timeout (200 ms by default); when Redis fails or is slow, the token
// cache mints for itself and the budget falls back to an in-process one,
// Redis is left alone for a second and then tried again, and the change is
// logged once each way (no secret is ever logged).
package redisstore

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults.
const (
	// DefaultPrefix starts every key the package writes.
	DefaultPrefix = "bettermode:"
	// DefaultTimeout bounds every Redis call.
	DefaultTimeout = 200 * time.Millisecond
	// DefaultRetryInterval is how long Redis is left alone after it failed.
	DefaultRetryInterval = time.Second
)

// NewClient returns a Redis client for url (redis://[user:password@]host:port/db,
// rediss:// for TLS) set up to fail fast, as this package wants: context
// deadlines bound every call (ContextTimeoutEnabled), dialing, reading and
// writing time out after DefaultTimeout (unless the URL says otherwise),
// and failed commands and dials are not retried (the package falls back
// instead).
// go-redis's own log lines go to slog from then on (see WithLogger).
// A client of your own works too if it honours context deadlines.
func NewClient(url string) (*redis.Client, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, errors.New("bettermode: redisstore: REDIS_URL is not a valid redis:// URL") // the URL may hold a password: not repeated
	}
	opt.ContextTimeoutEnabled = true
	if opt.DialTimeout == 0 {
		opt.DialTimeout = DefaultTimeout
	}
	if opt.ReadTimeout == 0 {
		opt.ReadTimeout = DefaultTimeout
	}
	if opt.WriteTimeout == 0 {
		opt.WriteTimeout = DefaultTimeout
	}
	opt.MaxRetries = -1
	opt.DialerRetries = 1 // a refused connection is told at once, not after retries that outlast the deadline
	routeRedisLogs(nil)
	return redis.NewClient(opt), nil
}

// Option configures a TokenStore or a Budget.
type Option func(*options)

type options struct {
	prefix   string
	timeout  time.Duration
	retry    time.Duration
	logger   *slog.Logger
	budget   []budgetOption
	fallback *fallbackPlan
	previous [][]byte // WithPreviousKeys
}

func applyOptions(opts []Option) options {
	o := options{prefix: DefaultPrefix, timeout: DefaultTimeout, retry: DefaultRetryInterval, logger: slog.Default()}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	routeRedisLogs(o.logger)
	return o
}

// WithPrefix starts every key with prefix instead of DefaultPrefix, to
// keep apart several fleets on one Redis.
func WithPrefix(prefix string) Option { return func(o *options) { o.prefix = prefix } }

// WithTimeout bounds every Redis call; default 200 ms. d <= 0 keeps it.
func WithTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.timeout = d
		}
	}
}

// WithRetryInterval sets how long Redis is left alone after a failed call
// (the fallback serves meanwhile) before one call tries it again; default
// 1 s. d <= 0 keeps it.
func WithRetryInterval(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.retry = d
		}
	}
}

// WithLogger logs, at Warn, that Redis became unavailable (refused or
// timed out, and at which address) and, at Info, that it is back: once per
// change, with no key material, token or secret. go-redis's own log lines
// go there too (see NewClient). The default is slog.Default(); nil logs
// nothing.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// health tracks whether Redis answers: while it does not, calls are skipped
// (the caller falls back) for the retry interval, then one call probes it.
type health struct {
	what      string // "token store" or "rate budget", for the log
	addr      string // Redis's address, for the log; "" if unknown
	logger    *slog.Logger
	timeout   time.Duration
	retry     time.Duration
	down      atomic.Bool
	downUntil atomic.Int64 // Unix ns: calls are skipped before
}

// errUnavailable is returned while Redis is considered down.
var errUnavailable = errors.New("bettermode: redisstore: redis is unavailable; falling back")

// do runs f with a context bounded by the timeout, unless Redis is
// considered down. An error that is Redis's (not the caller's ctx, not
// redis.Nil) marks it down.
func (h *health) do(ctx context.Context, f func(ctx context.Context) error) error {
	if h.down.Load() {
		now, until := time.Now().UnixNano(), h.downUntil.Load()
		if now < until || !h.downUntil.CompareAndSwap(until, now+int64(h.retry)) {
			return errUnavailable // another call probes
		}
	}
	cctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	err := f(cctx)
	switch {
	case err == nil || errors.Is(err, redis.Nil):
		if h.down.CompareAndSwap(true, false) && h.logger != nil {
			h.logger.LogAttrs(ctx, slog.LevelInfo, "bettermode: redis is reachable again; the "+h.what+" is shared again")
		}
	case ctx.Err() != nil: // the caller gave up: says nothing about Redis
	case isScriptError(err):
	default:
		h.downUntil.Store(time.Now().Add(h.retry).UnixNano())
		if h.down.CompareAndSwap(false, true) && h.logger != nil {
			reason := failureReason(err)
			if reason != "refused the connection" && h.addr != "" && refuses(h.addr, h.timeout) {
				reason = "refused the connection" // a client that retries dials says only that it timed out
			}
			attrs := []slog.Attr{slog.String("reason", reason), slog.String("error", redactedError(err))}
			if h.addr != "" {
				attrs = append(attrs, slog.String("addr", h.addr))
			}
			h.logger.LogAttrs(ctx, slog.LevelWarn, "bettermode: redis "+reason+"; the "+h.what+" falls back to this process until it answers again", attrs...)
		}
	}
	return err
}

// isScriptError reports an error Redis answered (it is up).
func isScriptError(err error) bool {
	var re redis.Error
	return errors.As(err, &re) && !errors.Is(err, context.DeadlineExceeded)
}

// failureReason says how Redis failed: "refused the connection", "timed
// out", or "is unavailable".
func failureReason(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused the connection"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	}
	return "is unavailable"
}

// refuses reports whether a TCP dial to addr is refused: once per outage,
// to tell a Redis that is down from one that hangs.
func refuses(addr string, timeout time.Duration) bool {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err == nil {
		_ = c.Close()
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// redactedError describes err for the log: go-redis's errors name the
// address and the command, never a key's value or a password.
func redactedError(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// addrOf returns the address of rdb's server, or "" when it has several.
func addrOf(rdb redis.UniversalClient) string {
	if c, ok := rdb.(interface{ Options() *redis.Options }); ok {
		return c.Options().Addr
	}
	return ""
}
