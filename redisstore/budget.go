package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/budget"
)

type budgetOption = budget.Option

type fallbackPlan struct{ plan budget.Plan }

// Bounds of what the budget reads from Redis and writes there.
const (
	// MaxBackoff caps a fleet backoff: one a 429 asks for, and one read
	// from Redis (a longer key is cut down to it), so that a stray key can
	// hold the fleet for no longer than one default wait.
	MaxBackoff = 30 * time.Second
	// heartbeatTTL is how long a replica counts in the fleet's size after
	// its last request.
	heartbeatTTL = time.Minute
)

// WithMaxWait bounds how long a request waits for the budget (see
// budget.WithMaxWait); default 30 s, negative: never wait.
func WithMaxWait(d time.Duration) Option {
	return func(o *options) { o.budget = append(o.budget, budget.WithMaxWait(d)) }
}

// WithFallback sets the plan of the in-process budget used while Redis is
// unavailable. The default is the fleet's plan divided by the fleet's size:
// the replicas that used the budget in the last minute (each request
// leaves a heartbeat in Redis), so that the fleet stays within its plan
// while Redis is down; a replica that never reached Redis counts itself
// alone.
func WithFallback(plan budget.Plan) Option {
	return func(o *options) { o.fallback = &fallbackPlan{plan} }
}

// Budget is a bettermode.RateBudget shared by a fleet through Redis: one
// GCRA per limit of the plan, keyed by community, so that the replicas
// together keep within the plan. Requests reserve their slot when they
// ask (one Lua script for every limit, the fleet's backoff and the
// replica's heartbeat), so waits are served first come, first served
// across the fleet. Every key starts with the prefix (WithPrefix): PREFIX
// budget:{COMMUNITY}:requests, :complexity, :requests-per-day, :backoff and
// :replicas (one hash slot, for Redis Cluster). A 429 any replica reports sets the backoff key that every
// replica waits out (at most MaxBackoff). While Redis is unavailable each
// replica keeps to an in-process budget (see WithFallback).
type Budget struct {
	rdb        redis.UniversalClient
	limits     []budget.Limit
	keys       []string // the limits', then backoff, then replicas
	backoffKey string
	id         string // this replica, in the heartbeats

	plan     budget.Plan
	fixed    bool // WithFallback: the fallback is not scaled
	opts     []budget.Option
	mu       sync.Mutex
	local    atomic.Pointer[budget.Limiter]
	fleet    atomic.Int64 // the fleet's size, last seen
	maxWait  time.Duration
	debt     atomic.Int64 // complexity charged but not yet taken from Redis
	h        *health
	localFor int64 // the fleet size local was made for; under mu
}

var _ bettermode.BudgetTaker = (*Budget)(nil)

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
	var id [8]byte
	_, _ = rand.Read(id[:])
	base := o.prefix + "budget:{" + community + "}:" // one hash slot: the script takes every key
	b := &Budget{rdb: rdb, limits: limits, backoffKey: base + "backoff", id: hex.EncodeToString(id[:]),
		plan: plan, opts: o.budget, maxWait: budget.Apply(o.budget...).MaxWait,
		h: &health{what: "rate budget", addr: addrOf(rdb), logger: o.logger, timeout: o.timeout, retry: o.retry}}
	for _, l := range limits {
		b.keys = append(b.keys, base+strings.ReplaceAll(l.Name, " ", "-"))
	}
	b.keys = append(b.keys, b.backoffKey, base+"replicas")
	fb := plan
	if o.fallback != nil {
		fb, b.fixed = o.fallback.plan, true
	}
	local, err := budget.New(fb, o.budget...)
	if err != nil {
		return nil, err
	}
	b.local.Store(local)
	b.fleet.Store(1)
	b.localFor = 1
	return b, nil
}

// FleetSize returns the number of replicas that used the budget in the
// last minute, as Redis last said (1 before it answered): the fallback's
// plan is the fleet's divided by it.
func (b *Budget) FleetSize() int { return int(b.fleet.Load()) }

// reserve is the GCRA of every limit at once, with the fleet's backoff and
// this replica's heartbeat. KEYS: the limits', backoff, replicas. ARGV:
// number of limits, the most to wait in µs (negative: reserve whatever the
// wait), replica id, heartbeat TTL µs, backoff cap µs, then per limit the
// emission interval µs, the burst and the units. It reserves only if the
// wait fits, and returns {reserved, wait µs, limit (0: backoff), fleet}.
var reserve = redis.NewScript(`
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = tonumber(ARGV[1])
local maxwait = tonumber(ARGV[2])
local hb = tonumber(ARGV[4])
local rk = KEYS[n + 2]
redis.call("ZADD", rk, now, ARGV[3])
redis.call("ZREMRANGEBYSCORE", rk, "-inf", now - hb)
redis.call("PEXPIRE", rk, math.ceil(hb / 1000))
local fleet = redis.call("ZCARD", rk)
local wait, worst = 0, 0
local pttl = redis.call("PTTL", KEYS[n + 1])
if pttl > 0 then
  wait = pttl * 1000
  if wait > tonumber(ARGV[5]) then
    wait = tonumber(ARGV[5])
    redis.call("PEXPIRE", KEYS[n + 1], math.ceil(wait / 1000))
  end
end
local tats = {}
for i = 1, n do
  local em, burst, units = tonumber(ARGV[3 + 3 * i]), tonumber(ARGV[4 + 3 * i]), tonumber(ARGV[5 + 3 * i])
  local tat = tonumber(redis.call("GET", KEYS[i]) or "0") or 0
  if tat < now then tat = now end
  tats[i] = tat + em * units
  local d = tats[i] - em * burst - now
  if d > wait then wait, worst = d, i end
end
if maxwait >= 0 and wait > maxwait then
  return {0, math.floor(wait), worst, fleet}
end
for i = 1, n do
  redis.call("SET", KEYS[i], string.format("%.0f", tats[i]), "PX", math.ceil((tats[i] - now) / 1000) + 1000)
end
return {1, math.floor(wait), worst, fleet}`)

// giveBack returns what a reservation took (ARGV: per limit, the µs its
// units moved the limit) after its request gave up waiting.
var giveBack = redis.NewScript(`
for i = 1, #KEYS do
  local tat = tonumber(redis.call("GET", KEYS[i]) or "")
  if tat then
    local ttl = redis.call("PTTL", KEYS[i])
    if ttl > 0 then redis.call("SET", KEYS[i], string.format("%.0f", tat - tonumber(ARGV[i])), "PX", ttl) end
  end
end
return 1`)

// units returns what a request of cost complexity takes from limit i.
func (b *Budget) units(i, cost int) int {
	if b.limits[i].Name == budget.LimitComplexity {
		return cost
	}
	return 1
}

// emission is limit i's emission interval in µs.
func (b *Budget) emission(i int) float64 {
	l := b.limits[i]
	return float64(l.Period.Microseconds()) / float64(l.Rate)
}

// try reserves cost in Redis if its wait is at most maxWait (negative:
// whatever the wait), and returns whether it did, the wait and the limit.
func (b *Budget) try(ctx context.Context, cost int, maxWait time.Duration) (bool, time.Duration, string, error) {
	n := len(b.limits)
	args := make([]any, 0, 5+3*n)
	mw := int64(-1)
	if maxWait >= 0 {
		mw = maxWait.Microseconds()
	}
	args = append(args, n, mw, b.id, heartbeatTTL.Microseconds(), MaxBackoff.Microseconds())
	for i := range b.limits {
		args = append(args, b.emission(i), b.limits[i].Burst, b.units(i, cost))
	}
	var res []int64
	err := b.h.do(ctx, func(ctx context.Context) (err error) {
		res, err = reserve.Run(ctx, b.rdb, b.keys, args...).Int64Slice()
		return err
	})
	if err != nil {
		return false, 0, "", err
	}
	if len(res) != 4 {
		return false, 0, "", errors.New("bettermode: redisstore: unexpected answer of the budget script")
	}
	b.sawFleet(res[3])
	limit := budget.LimitBackoff
	if w := int(res[2]); w > 0 && w <= n {
		limit = b.limits[w-1].Name
	}
	return res[0] == 1, time.Duration(res[1]) * time.Microsecond, limit, nil
}

// sawFleet records the fleet's size, and scales the fallback to it.
func (b *Budget) sawFleet(n int64) {
	n = max(n, 1)
	if b.fleet.Swap(n) == n || b.fixed {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.localFor == n {
		return
	}
	if l, err := budget.New(b.plan.Scale(1/float64(n)), b.opts...); err == nil {
		b.local.Store(l)
		b.localFor = n
	}
}

// Wait takes one request and cost units of complexity from the fleet's
// budget, waiting for them in the order the fleet asked (see
// bettermode.RateBudget).
func (b *Budget) Wait(ctx context.Context, cost int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	cost = max(cost, 1) + int(b.debt.Swap(0))
	bound := b.maxWait
	if bound >= 0 {
		if dl, ok := ctx.Deadline(); ok {
			bound = max(min(bound, time.Until(dl)-time.Millisecond), 0)
		}
	} else {
		bound = 0 // never wait
	}
	ok, delay, limit, err := b.try(ctx, cost, bound)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return b.local.Load().Wait(ctx, cost)
	}
	if !ok {
		return &budget.WaitError{Limit: limit, Delay: delay}
	}
	if delay <= 0 {
		return nil
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		b.cancel(ctx, cost)
		return ctx.Err()
	}
}

// cancel gives back a reservation whose request gave up waiting.
func (b *Budget) cancel(ctx context.Context, cost int) {
	args := make([]any, len(b.limits))
	for i := range b.limits {
		args[i] = b.emission(i) * float64(b.units(i, cost))
	}
	_ = b.h.do(context.WithoutCancel(ctx), func(ctx context.Context) error {
		return giveBack.Run(ctx, b.rdb, b.keys[:len(b.limits)], args...).Err()
	})
}

// Take takes one request and cost units of complexity at once, without
// waiting, even into debt: the fleet's later requests wait for them (see
// bettermode.BudgetTaker; the client charges its token mints so).
func (b *Budget) Take(ctx context.Context, cost int) {
	cost = max(cost, 1)
	if _, _, _, err := b.try(ctx, cost, -1); err != nil {
		b.local.Load().Take(ctx, cost)
	}
}

// Charge charges the complexity an answer reported beyond the estimate; the
// replica's next request takes it from the fleet's budget. An estimate
// above the actual complexity is kept.
func (b *Budget) Charge(_ context.Context, actual, estimated int) {
	if actual > max(estimated, 1) {
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

// Backoff makes every replica wait until d (at most MaxBackoff) has
// passed: the fleet's backoff key lasts at least d.
func (b *Budget) Backoff(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	d = min(d, MaxBackoff)
	b.local.Load().Backoff(ctx, d)
	ms := max(d.Milliseconds(), 1)
	_ = b.h.do(context.WithoutCancel(ctx), func(ctx context.Context) error {
		return extendBackoff.Run(ctx, b.rdb, []string{b.backoffKey}, ms).Err()
	})
}
