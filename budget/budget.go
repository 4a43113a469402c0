// Package budget is a client-side rate budget for Bettermode's per-community
// API limits, in process, on golang.org/x/time/rate: requests and GraphQL
// complexity per 10 seconds and requests per day, with presets for the
// documented plans. Give it to a client with bettermode.WithRateBudget;
// every request (token mints included) then waits for budget instead of
// being answered 429.
//
//	b, err := budget.New(budget.Free)
//	c, err := bettermode.NewClient(bettermode.WithRateBudget(b), ...)
//
// One Limiter serves one community: share it between the clients of a
// process. For a fleet of processes, use redisstore.NewBudget, which keeps
// the same limits in Redis.
package budget

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/bettermode-go/bettermode"
)

// DefaultWindow is the window of a Plan's burst limits.
const DefaultWindow = 10 * time.Second

// Plan is a community's API limits.
type Plan struct {
	// Requests is how many requests the community may send per Window; 0
	// means no limit.
	Requests int
	// Complexity is how much GraphQL complexity its requests may add up to
	// per Window; 0 means no limit.
	Complexity int
	// Window is the window of Requests and Complexity; default DefaultWindow.
	Window time.Duration
	// RequestsPerDay is how many requests the community may send per 24
	// hours; 0 means no limit.
	RequestsPerDay int
	// Burst is the share of Requests and Complexity that may be spent at
	// once; the rest comes back evenly over the window, so that no window
	// ever holds more than the limit. Default 0.1 (90% of the limit is
	// sustained).
	Burst float64
	// DailyBurst is the share of RequestsPerDay that may be spent at once;
	// default 0.5.
	DailyBurst float64
	// Headroom is the share of each limit kept unused, for requests that
	// reach the server later than the budget let them go (network and
	// scheduling delays move them into a later window); default 0.05.
	// Negative means none.
	Headroom float64
}

// The documented plans (limits per community).
var (
	// Free: 100 requests and 10,000 complexity per 10 s, 50,000 requests a day.
	Free = Plan{Requests: 100, Complexity: 10_000, RequestsPerDay: 50_000}
	// Enterprise: 200 requests and 20,000 complexity per 10 s, 500,000 a day.
	Enterprise = Plan{Requests: 200, Complexity: 20_000, RequestsPerDay: 500_000}
	// APIAddOn, the API add-on of the other plans, has Enterprise's limits.
	APIAddOn = Enterprise
)

// The names of a plan's limits, in WaitError.Limit and Limit.Name.
const (
	LimitRequests   = "requests"
	LimitComplexity = "complexity"
	LimitDaily      = "requests per day"
	// LimitBackoff names the wait that a 429 from the server imposed.
	LimitBackoff = "server backoff"
)

// Limit is one limit of a plan as a token bucket (equivalently a GCRA):
// Burst units at once, then Rate units per Period coming back evenly.
// Burst + Rate is Max less the headroom, so that no window of length
// Period holds more than Max units.
type Limit struct {
	// Name is the limit's name: LimitRequests, LimitComplexity or LimitDaily.
	Name string
	// Max is the plan's limit: the most units any window of length Period
	// may hold.
	Max int
	// Burst is how many units may be spent at once.
	Burst int
	// Rate is how many units come back, evenly, per Period.
	Rate int
	// Period is the limit's window.
	Period time.Duration
}

// Limits returns p's limits, with their defaults: requests, complexity and
// daily requests, those that are set, in that order.
func (p Plan) Limits() ([]Limit, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	window, burst, daily, headroom := p.Window, p.Burst, p.DailyBurst, p.Headroom
	if window == 0 {
		window = DefaultWindow
	}
	if burst == 0 {
		burst = 0.1
	}
	if daily == 0 {
		daily = 0.5
	}
	switch {
	case headroom == 0:
		headroom = 0.05
	case headroom < 0:
		headroom = 0
	}
	var out []Limit
	add := func(name string, n int, share float64, period time.Duration) {
		if n <= 0 {
			return
		}
		b := max(1, min(int(math.Floor(share*float64(n))), n-1))
		spare := int(math.Ceil(headroom * float64(n)))
		out = append(out, Limit{Name: name, Max: n, Burst: b, Rate: max(n-b-spare, 1), Period: period})
	}
	add(LimitRequests, p.Requests, burst, window)
	add(LimitComplexity, p.Complexity, burst, window)
	add(LimitDaily, p.RequestsPerDay, daily, 24*time.Hour)
	return out, nil
}

// Validate reports an invalid plan: negative limits, a negative window, or
// a burst share outside [0, 1].
func (p Plan) Validate() error {
	switch {
	case p.Requests < 0 || p.Complexity < 0 || p.RequestsPerDay < 0:
		return errors.New("bettermode: budget: a plan's limits must not be negative")
	case p.Window < 0:
		return errors.New("bettermode: budget: a plan's window must not be negative")
	case !(p.Burst >= 0 && p.Burst <= 1) || !(p.DailyBurst >= 0 && p.DailyBurst <= 1):
		return errors.New("bettermode: budget: a plan's burst shares must be between 0 and 1")
	case !(p.Headroom <= 0.5): // NaN too
		return errors.New("bettermode: budget: a plan's headroom must be at most 0.5")
	}
	return nil
}

// Scale returns p with its limits multiplied by f (at least 1 each where
// set): the share of one replica of a fleet, for example, when the fleet's
// shared budget is unavailable.
func (p Plan) Scale(f float64) Plan {
	scale := func(n int) int {
		if n <= 0 {
			return n
		}
		return max(1, int(float64(n)*f))
	}
	p.Requests, p.Complexity, p.RequestsPerDay = scale(p.Requests), scale(p.Complexity), scale(p.RequestsPerDay)
	return p
}

// Option configures a Limiter (and redisstore's budget).
type Option func(*Options)

// Options are a budget's settings, for implementations of budgets
// elsewhere (redisstore); use the Option functions.
type Options struct {
	// MaxWait bounds one request's wait; default 30 s; negative: never wait.
	MaxWait time.Duration
}

// WithMaxWait bounds how long a request waits for budget: a wait that would
// be longer (or pass the context's deadline) fails at once with an error
// matching bettermode.ErrRateLimited. The default is 30 s; a negative d
// never waits.
func WithMaxWait(d time.Duration) Option { return func(o *Options) { o.MaxWait = d } }

// Apply returns the options opts set.
func Apply(opts ...Option) Options {
	o := Options{MaxWait: 30 * time.Second}
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// WaitError is the error of a wait longer than the bound. It matches
// bettermode.ErrRateLimited.
type WaitError struct {
	// Limit names the limit that needed the longest wait.
	Limit string
	// Delay is how long the request would have had to wait.
	Delay time.Duration
}

// Error says which limit needed how long a wait.
func (e *WaitError) Error() string {
	return fmt.Sprintf("bettermode: budget: the %s limit needs a wait of %s, longer than the bound or the context's deadline", e.Limit, e.Delay.Round(time.Millisecond))
}

// Is matches bettermode.ErrRateLimited.
func (e *WaitError) Is(target error) bool { return target == bettermode.ErrRateLimited }

// RetryAfter returns Delay.
func (e *WaitError) RetryAfter() time.Duration { return e.Delay }

// Limiter is an in-process RateBudget for one community. It is safe for
// concurrent use; share one between the clients of one community.
type Limiter struct {
	limits       []Limit
	lims         []*rate.Limiter
	complexity   int          // index of the complexity limit, -1 if none
	backoffUntil atomic.Int64 // Unix ns
	opts         Options
}

var _ bettermode.BudgetTaker = (*Limiter)(nil)

// New returns a budget for plan p.
func New(p Plan, opts ...Option) (*Limiter, error) {
	limits, err := p.Limits()
	if err != nil {
		return nil, err
	}
	l := &Limiter{limits: limits, complexity: -1, opts: Apply(opts...)}
	for i, lim := range limits {
		every := lim.Period / time.Duration(lim.Rate)
		l.lims = append(l.lims, rate.NewLimiter(rate.Every(every), lim.Burst))
		if lim.Name == LimitComplexity {
			l.complexity = i
		}
	}
	return l, nil
}

// Limits returns the limits l keeps.
func (l *Limiter) Limits() []Limit { return append([]Limit(nil), l.limits...) }

// Units returns what one request of the given complexity takes from lim:
// one request, or its complexity (at least 1, at most the limit's burst;
// the rest is charged afterwards).
func Units(lim Limit, cost int) int {
	if lim.Name != LimitComplexity {
		return 1
	}
	return min(max(cost, 1), lim.Burst)
}

// Wait takes one request and cost units of complexity, waiting for them
// (see bettermode.RateBudget).
func (l *Limiter) Wait(ctx context.Context, cost int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := time.Now()
	delay, worst := time.Duration(l.backoffUntil.Load()-now.UnixNano()), LimitBackoff
	rs := make([]*rate.Reservation, len(l.lims))
	for i, lim := range l.lims {
		rs[i] = lim.ReserveN(now, Units(l.limits[i], cost))
		if d := rs[i].DelayFrom(now); d > delay {
			delay, worst = d, l.limits[i].Name
		}
	}
	cancel := func(at time.Time) {
		for _, r := range rs {
			r.CancelAt(at)
		}
	}
	if delay > 0 {
		if !Fits(ctx, delay, l.opts.MaxWait) {
			cancel(now)
			return &WaitError{Limit: worst, Delay: delay}
		}
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			cancel(time.Now())
			return ctx.Err()
		}
	}
	if l.complexity >= 0 {
		l.debt(cost - Units(l.limits[l.complexity], cost))
	}
	return nil
}

// Take takes one request and cost units of complexity at once, without
// waiting, even into debt: later requests wait for them. The client
// charges its token mints so (see bettermode.BudgetTaker).
func (l *Limiter) Take(_ context.Context, cost int) {
	now := time.Now()
	for i, lim := range l.lims {
		lim.ReserveN(now, Units(l.limits[i], cost))
	}
	if l.complexity >= 0 {
		l.debt(cost - Units(l.limits[l.complexity], cost))
	}
}

// Fits reports whether a wait of d fits the bound maxWait and ctx's deadline.
func Fits(ctx context.Context, d, maxWait time.Duration) bool {
	if maxWait < 0 || d > maxWait {
		return false
	}
	dl, ok := ctx.Deadline()
	return !ok || time.Now().Add(d).Before(dl)
}

// debt charges n more units of complexity without waiting: later requests wait for them.
func (l *Limiter) debt(n int) {
	lim, burst := l.lims[l.complexity], l.limits[l.complexity].Burst
	for now := time.Now(); n > 0; n -= burst {
		lim.ReserveN(now, min(n, burst))
	}
}

// Charge charges the complexity the answer reported beyond the estimate.
// An estimate above the actual complexity is kept (the budget errs on the
// safe side).
func (l *Limiter) Charge(_ context.Context, actual, estimated int) {
	if l.complexity >= 0 && actual > estimated {
		l.debt(actual - max(estimated, 1))
	}
}

// Backoff makes every request wait until d has passed.
func (l *Limiter) Backoff(_ context.Context, d time.Duration) {
	until := time.Now().Add(d).UnixNano()
	for {
		cur := l.backoffUntil.Load()
		if cur >= until || l.backoffUntil.CompareAndSwap(cur, until) {
			return
		}
	}
}
