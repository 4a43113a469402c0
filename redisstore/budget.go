package redisstore

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/budget"
)

type budgetOption = budget.Option

type fallbackPlan struct{ plan budget.Plan }

// WithMaxWait bounds how long a request waits for the budget (see
// budget.WithMaxWait); default 30 s, negative: never wait.
func WithMaxWait(d time.Duration) Option {
	return func(o *options) { o.budget = append(o.budget, budget.WithMaxWait(d)) }
}

// WithFallback sets the plan of the in-process budget used while Redis is
// unavailable. The default is the fleet's plan itself: each replica then
// keeps to the whole plan, so a fleet of n may send up to n times it; give
// plan.Scale(1.0/n) to stay within it at the cost of throughput.
func WithFallback(plan budget.Plan) Option {
	return func(o *options) { o.fallback = &fallbackPlan{plan} }
}

// Budget is a bettermode.RateBudget shared by a fleet through Redis: one
// GCRA per limit of the plan (github.com/go-redis/redis_rate), keyed by
// community, so that the replicas together keep within the plan. A 429 any
// replica reports sets a backoff key that every replica waits out. While
// Redis is unavailable each replica keeps to an in-process budget (see
// WithFallback).
type Budget struct {
	rdb        redis.UniversalClient
	rl         *redis_rate.Limiter
	limits     []budget.Limit
	rates      []redis_rate.Limit
	keys       []string
	backoffKey string
	complexity int // index of the complexity limit, -1 if none

	local        *budget.Limiter
	maxWait      time.Duration
	debt         atomic.Int64 // complexity charged but not yet taken from Redis
	backoffUntil atomic.Int64 // Unix ns, this replica's copy of the fleet's backoff
	h            *health
}

var _ bettermode.RateBudget = (*Budget)(nil)

// NewBudget returns the budget of community (its network id) under plan on
// rdb. Options: WithMaxWait, WithFallback, WithPrefix, WithTimeout,
// WithRetryInterval, WithLogger.
func NewBudget(rdb redis.UniversalClient, community string, plan budget.Plan, opts ...Option) (*Budget, error) {
	if rdb == nil {
		return nil, errors.New("bettermode: redisstore: the redis client is nil")
	}
	if community == "" || strings.ContainsAny(community, " \r\n{}") {
		return nil, errors.New("bettermode: redisstore: the community must be its network id")
	}
	o := applyOptions(opts)
	limits, err := plan.Limits()
	if err != nil {
		return nil, err
	}
	fb := plan
	if o.fallback != nil {
		fb = o.fallback.plan
	}
	local, err := budget.New(fb, o.budget...)
	if err != nil {
		return nil, err
	}
	base := o.prefix + "budget:" + community + ":"
	b := &Budget{rdb: rdb, rl: redis_rate.NewLimiter(rdb), limits: limits, backoffKey: base + "backoff", complexity: -1,
		local: local, maxWait: budget.Apply(o.budget...).MaxWait,
		h: &health{what: "rate budget", logger: o.logger, timeout: o.timeout, retry: o.retry}}
	for i, l := range limits {
		b.rates = append(b.rates, redis_rate.Limit{Rate: l.Rate, Burst: l.Burst, Period: l.Period})
		b.keys = append(b.keys, base+strings.ReplaceAll(l.Name, " ", "-"))
		if l.Name == budget.LimitComplexity {
			b.complexity = i
		}
	}
	return b, nil
}

// Wait takes one request and cost units of complexity from the fleet's
// budget, waiting for them (see bettermode.RateBudget).
func (b *Budget) Wait(ctx context.Context, cost int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	cost = max(cost, 1) + int(b.debt.Swap(0))
	var waited time.Duration
	for {
		delay, limit, err := b.try(ctx, cost)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return b.local.Wait(ctx, cost)
		}
		if delay <= 0 {
			return nil
		}
		if !budget.Fits(ctx, delay, b.remaining(waited)) {
			return &budget.WaitError{Limit: limit, Delay: delay}
		}
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		waited += delay
	}
}

func (b *Budget) remaining(waited time.Duration) time.Duration {
	if b.maxWait < 0 {
		return -1
	}
	return max(b.maxWait-waited, 0)
}

// try takes the request from every limit, or from none of them: it
// returns how long to wait before trying again, and which limit says so.
// It reads the fleet's backoff and asks every limit at once (one round
// trip of latency, not one per limit), and gives back what the limits
// granted when another refused.
func (b *Budget) try(ctx context.Context, cost int) (time.Duration, string, error) {
	type answer struct {
		ok    bool
		retry time.Duration
		err   error
	}
	n := len(b.limits)
	answers := make([]answer, n+1)
	var wg sync.WaitGroup
	for i := range n + 1 {
		wg.Go(func() {
			a := &answers[i]
			if i == n {
				var pttl time.Duration
				a.err = b.h.do(ctx, func(ctx context.Context) (err error) { pttl, err = b.rdb.PTTL(ctx, b.backoffKey).Result(); return err })
				a.ok, a.retry = pttl <= 0, pttl
				return
			}
			var res *redis_rate.Result
			a.err = b.h.do(ctx, func(ctx context.Context) (err error) {
				res, err = b.rl.AllowN(ctx, b.keys[i], b.rates[i], budget.Units(b.limits[i], cost))
				return err
			})
			if a.err == nil {
				a.ok, a.retry = res.Allowed > 0, res.RetryAfter
			}
		})
	}
	wg.Wait()
	if d := time.Duration(b.backoffUntil.Load() - time.Now().UnixNano()); d > 0 {
		answers[n] = answer{retry: max(d, answers[n].retry)}
	}
	var (
		delay time.Duration
		limit string
		err   error
	)
	for i, a := range answers {
		switch {
		case a.err != nil:
			err = a.err
		case !a.ok && a.retry >= delay:
			delay, limit = max(a.retry, time.Millisecond), budget.LimitBackoff
			if i < n {
				limit = b.limits[i].Name
			}
		}
	}
	if err == nil && limit == "" {
		if b.complexity >= 0 {
			b.debt.Add(int64(cost - budget.Units(b.limits[b.complexity], cost))) // beyond one burst: paid by the next requests
		}
		return 0, "", nil
	}
	for i, a := range answers[:n] {
		if a.ok { // give back a GCRA step: a negative cost
			_ = b.h.do(ctx, func(ctx context.Context) error {
				_, err := b.rl.AllowN(ctx, b.keys[i], b.rates[i], -budget.Units(b.limits[i], cost))
				return err
			})
		}
	}
	return delay, limit, err
}

// Charge charges the complexity an answer reported beyond the estimate; the
// replica's next request takes it from the fleet's budget. An estimate
// above the actual complexity is kept.
func (b *Budget) Charge(_ context.Context, actual, estimated int) {
	if b.complexity >= 0 && actual > max(estimated, 1) {
		b.debt.Add(int64(actual - max(estimated, 1)))
	}
}

// extendBackoff sets KEYS[1] to expire in ARGV[1] ms unless it lasts longer.
var extendBackoff = redis.NewScript(`
local cur = redis.call("PTTL", KEYS[1])
if cur < tonumber(ARGV[1]) then
  redis.call("SET", KEYS[1], "1", "PX", ARGV[1])
end
return 1`)

// Backoff makes every replica wait until d has passed: the fleet's backoff
// key lasts at least d.
func (b *Budget) Backoff(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	until := time.Now().Add(d).UnixNano()
	for cur := b.backoffUntil.Load(); cur < until && !b.backoffUntil.CompareAndSwap(cur, until); cur = b.backoffUntil.Load() {
	}
	b.local.Backoff(ctx, d)
	ms := max(d.Milliseconds(), 1)
	_ = b.h.do(context.WithoutCancel(ctx), func(ctx context.Context) error {
		return extendBackoff.Run(ctx, b.rdb, []string{b.backoffKey}, ms).Err()
	})
}
