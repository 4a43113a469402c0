package redisstore_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/budget"
	"github.com/bettermode-go/bettermode/redisstore"
)

// overload runs workers closed loops of Wait on the budgets, spread over
// them, for d, and returns every wait.
func overload(t *testing.T, budgets []*redisstore.Budget, workers int, d time.Duration) []time.Duration {
	var (
		mu    sync.Mutex
		waits []time.Duration
		wg    sync.WaitGroup
	)
	end := time.Now().Add(d)
	for w := range workers {
		b := budgets[w%len(budgets)]
		wg.Go(func() {
			for time.Now().Before(end) {
				start := time.Now()
				err := b.Wait(context.Background(), 1)
				took := time.Since(start)
				if !assert.NoError(t, err) {
					return
				}
				mu.Lock()
				waits = append(waits, took)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return waits
}

// waitStats returns the mean and the longest of waits, leaving out the
// first `skip` (the burst, served at once).
func waitStats(waits []time.Duration, skip int) (mean, longest time.Duration) {
	waits = waits[min(skip, len(waits)):]
	var sum time.Duration
	for _, w := range waits {
		sum += w
		longest = max(longest, w)
	}
	if len(waits) > 0 {
		mean = sum / time.Duration(len(waits))
	}
	return mean, longest
}

// TestBudgetWaitsAreFair (issue 18, defect 7): four replicas with three
// callers each ask twelve times what the plan gives, in closed loops, for
// 3 s: the waits are first come, first served, so the longest wait stays
// within twice the mean.
func TestBudgetWaitsAreFair(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	pfx := prefix(t)
	plan := budget.Plan{Requests: 30, Window: time.Second}
	var fleet []*redisstore.Budget
	for range 4 {
		b, err := redisstore.NewBudget(rdb, "net1", plan, redisstore.WithPrefix(pfx), slow)
		require.NoError(t, err)
		fleet = append(fleet, b)
	}
	waits := overload(t, fleet, 12, 3*time.Second)
	mean, longest := waitStats(waits, 12)
	t.Logf("%d waits: mean %s, longest %s (%.2f× the mean)", len(waits), mean.Round(time.Millisecond), longest.Round(time.Millisecond), float64(longest)/float64(mean))
	assert.Greater(t, len(waits), 40)
	assert.LessOrEqual(t, longest, 2*mean, "waits close to first come, first served")
	assert.Equal(t, 4, fleet[0].FleetSize(), "the heartbeats count the replicas")
}

// TestFallbackScaledToFleet (issue 18, defect 7): four replicas met in
// Redis; when Redis hangs, each falls back to a quarter of the plan by
// default, so the fleet's burst stays within the plan's.
func TestFallbackScaledToFleet(t *testing.T) {
	addr := redisAddr(t)
	p := startProxy(t, addr)
	rdb := newRedis(t, p.addr())
	pfx := prefix(t)
	plan := budget.Plan{Requests: 40, Window: 10 * time.Second} // burst 4
	limits, err := plan.Limits()
	require.NoError(t, err)
	var fleet []*redisstore.Budget
	for range 4 {
		b, err := redisstore.NewBudget(rdb, "net1", plan, redisstore.WithPrefix(pfx), redisstore.WithMaxWait(-1),
			redisstore.WithTimeout(100*time.Millisecond), redisstore.WithLogger(nil))
		require.NoError(t, err)
		fleet = append(fleet, b)
	}
	for range 2 { // the second round sees the heartbeats of all four (the burst may be spent: no matter)
		for _, b := range fleet {
			_ = b.Wait(context.Background(), 1)
		}
	}
	p.setCut(true)
	granted := 0
	for _, b := range fleet {
		assert.Equal(t, 4, b.FleetSize())
		for range 10 {
			if b.Wait(context.Background(), 1) == nil {
				granted++
			}
		}
	}
	t.Logf("while Redis hangs, the fleet of 4 was granted %d requests at once (plan burst %d)", granted, limits[0].Burst)
	assert.Positive(t, granted)
	assert.LessOrEqual(t, granted, limits[0].Burst, "the fallback keeps the fleet within the plan")
}

// TestBackoffKeyCapped (issue 18, defect 7): a backoff key that says years
// makes a request wait at most MaxBackoff, and is cut down to it.
func TestBackoffKeyCapped(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	pfx := prefix(t)
	ctx := context.Background()
	b, err := redisstore.NewBudget(rdb, "net1", budget.Free, redisstore.WithPrefix(pfx), slow, redisstore.WithMaxWait(-1))
	require.NoError(t, err)
	key := pfx + "budget:{net1}:backoff"
	require.NoError(t, rdb.Set(ctx, key, "1", 10*365*24*time.Hour).Err())
	err = b.Wait(ctx, 1)
	var we *budget.WaitError
	require.ErrorAs(t, err, &we)
	assert.LessOrEqual(t, we.Delay, redisstore.MaxBackoff)
	assert.LessOrEqual(t, rdb.PTTL(ctx, key).Val(), redisstore.MaxBackoff, "the key was cut down")
	b.Backoff(ctx, 24*time.Hour)
	assert.LessOrEqual(t, rdb.PTTL(ctx, key).Val(), redisstore.MaxBackoff, "a 429's backoff is capped too")
}

// TestRedisLogsThroughSlog (issue 18, defect 6): with Redis refusing
// connections, go-redis's own lines and the store's warning reach the
// slog logger (structured), the warning says "refused" and names the
// address.
func TestRedisLogsThroughSlog(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	var logs logBuffer
	rdb, err := redisstore.NewClient("redis://" + addr)
	require.NoError(t, err)
	defer rdb.Close()
	store, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(prefix(t)), redisstore.WithLogger(logs.logger()))
	require.NoError(t, err)
	_, err = store.Load(context.Background(), "k")
	require.Error(t, err)
	require.False(t, errors.Is(err, bettermode.ErrInvalidInput))
	out := logs.String()
	t.Log(strings.TrimSpace(out))
	assert.Contains(t, out, `msg="bettermode: redis refused the connection; the token store falls back`)
	assert.Contains(t, out, "addr="+addr)
	assert.Contains(t, out, `msg="bettermode: redisstore: go-redis"`, "go-redis's own line went through slog")
}
