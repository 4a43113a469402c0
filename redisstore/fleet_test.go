package redisstore_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/budget"
	"github.com/bettermode-go/bettermode/redisstore"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv("BETTERMODE_REPLICA"); mode != "" {
		os.Exit(runReplica(mode)) // a replica process of the fleet tests (see processes_test.go)
	}
	goleak.VerifyTestMain(m)
}

// TestFleetStaysWithinBudget: four replicas share one budget on Redis and
// send twice the window's budget as fast as they can: the stand-in, which
// enforces the same limit, answers no 429 and sees no window above it. The
// same run without the budget is answered 429.
//
// The budget admits requests on Redis's clock; the stand-in counts them
// when they arrive, which on a starved CI machine can be up to a second
// later, bunching them. The plan keeps half of each limit as headroom
// (Plan.Headroom, which exists for exactly this), so that even requests
// admitted over two windows (burst 2 + 2 × 8 = 18 requests, 6 + 2 × 24 =
// 54 complexity) fit into one of the stand-in's windows (20, 60).
func TestFleetStaysWithinBudget(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	limit := bettermodetest.RateLimit{Requests: 20, Complexity: 60, Window: time.Second}
	plan := budget.Plan{Requests: limit.Requests, Complexity: limit.Complexity, Window: limit.Window, Headroom: 0.5}
	const replicas, perReplica = 4, 10 // 40 queries: 2 windows' worth of requests and complexity

	run := func(t *testing.T, withBudget bool) (srv *bettermodetest.Server, failed int) {
		srv = bettermodetest.Start(t)
		srv.LimitRate(limit)
		pfx := prefix(t)
		store, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(pfx), slow)
		require.NoError(t, err)
		var fleet []*bettermode.Client
		for range replicas {
			opts := []bettermode.Option{bettermode.WithCacheOptions(bettermode.WithTokenStore(store))}
			if withBudget {
				b, err := redisstore.NewBudget(rdb, srv.Network().ID, plan, redisstore.WithPrefix(pfx), slow)
				require.NoError(t, err)
				opts = append(opts, bettermode.WithRateBudget(b))
			} else {
				opts = append(opts, bettermode.WithRetryPolicy(bettermode.RetryPolicy{MaxRateLimitWait: -1}))
			}
			fleet = append(fleet, replica(t, srv.URL, appOf(srv), opts...))
		}
		var wg sync.WaitGroup
		var failures atomic.Int32
		for _, c := range fleet {
			wg.Go(func() {
				for range perReplica {
					if err := query(context.Background(), c); err != nil {
						assert.ErrorIs(t, err, bettermode.ErrRateLimited)
						failures.Add(1)
					}
				}
			})
		}
		wg.Wait()
		return srv, int(failures.Load())
	}

	t.Run("shared budget", func(t *testing.T) {
		start := time.Now()
		srv, failed := run(t, true)
		reqs, cx := srv.WindowMax()
		t.Logf("%d queries + %d mint in %s; busiest window: %d requests, %d complexity",
			replicas*perReplica, srv.Minted(bettermodetest.KindApp), time.Since(start).Round(time.Millisecond), reqs, cx)
		assert.Zero(t, failed)
		assert.Zero(t, srv.RateLimited(), "no 429")
		assert.LessOrEqual(t, reqs, limit.Requests, "no window above the request budget")
		assert.LessOrEqual(t, cx, limit.Complexity, "no window above the complexity budget")
		assert.Equal(t, replicas*perReplica, srv.Operations("authMember"))
		assert.Equal(t, 1, srv.Minted(bettermodetest.KindApp))
	})
	t.Run("no budget", func(t *testing.T) {
		srv, failed := run(t, false)
		reqs, _ := srv.WindowMax()
		t.Logf("without a budget: %d of %d queries rate limited; busiest window: %d requests", failed, replicas*perReplica, reqs)
		assert.Positive(t, srv.RateLimited(), "the same run without a budget is answered 429")
		assert.Positive(t, failed)
		assert.Greater(t, reqs, limit.Requests)
	})
}

// TestColdFleetMintsOnce: 20 replicas start cold at once on one Redis: one
// mint, every replica uses the same token.
func TestColdFleetMintsOnce(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	srv := bettermodetest.Start(t)
	store, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(prefix(t)), slow)
	require.NoError(t, err)
	fleet := make([]*bettermode.Client, 20)
	for i := range fleet {
		fleet[i] = replica(t, srv.URL, appOf(srv), bettermode.WithCacheOptions(bettermode.WithTokenStore(store)))
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, c := range fleet {
		wg.Go(func() {
			<-start
			assert.NoError(t, query(context.Background(), c))
		})
	}
	close(start)
	wg.Wait()
	assert.Equal(t, 1, srv.Minted(bettermodetest.KindApp), "one mint for 20 cold replicas")
	tokens := map[string]bool{}
	for _, c := range fleet {
		tok, err := c.Token(context.Background())
		require.NoError(t, err)
		tokens[tok.AccessToken.Reveal()] = true
	}
	assert.Len(t, tokens, 1, "every replica uses the fleet's token")
}

// TestFleetRefreshesOncePerLifetime: five replicas, 3 s tokens, three
// lifetimes: the fleet refreshes once per token, not once per replica.
//
// Tolerance: the stand-in's expiry is cut to whole seconds, so a token
// lives between 2 and 3 s from its mint; with the early-refresh window at a
// tenth of the lifetime, each token is replaced after 80-90% of its life,
// i.e. 1.6 s to 2.7 s after its mint. So over 9 s the fleet mints 4 to 6
// times in all, and two mints are never closer than 1.6 s (1.2 s allowed
// for scheduling on a busy machine), whereas one mint per replica would
// put five mints within milliseconds of each other.
func TestFleetRefreshesOncePerLifetime(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	const life, replicas = 3 * time.Second, 5
	srv := bettermodetest.New(bettermodetest.WithTokenLifetime(life))
	var clock mintClock
	ts := httptest.NewServer(clock.wrap(srv.Handler()))
	defer ts.Close()
	store, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(prefix(t)), slow)
	require.NoError(t, err)
	fleet := make([]*bettermode.Client, replicas)
	for i := range fleet {
		fleet[i] = replica(t, ts.URL, appOf(srv), bettermode.WithCacheOptions(bettermode.WithTokenStore(store),
			bettermode.WithEarlyRefresh(0.1, 0, time.Second)))
	}
	seen := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	deadline := time.Now().Add(3 * life)
	for _, c := range fleet {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				assert.NoError(t, query(context.Background(), c))
				if tok, err := c.Token(context.Background()); err == nil {
					mu.Lock()
					seen[tok.AccessToken.Reveal()] = true
					mu.Unlock()
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	mints := clock.all()
	t.Logf("%d mints in %s for %d replicas", len(mints), 3*life, replicas)
	assert.GreaterOrEqual(t, len(mints), 4)
	assert.LessOrEqual(t, len(mints), 6, "about one mint per lifetime for the whole fleet")
	for i := 1; i < len(mints); i++ {
		assert.Greater(t, mints[i].Sub(mints[i-1]), 1200*time.Millisecond, "mint %d came %s after the one before", i, mints[i].Sub(mints[i-1]))
	}
	assert.Len(t, seen, len(mints), "the replicas used only the tokens the fleet minted")
	assert.Zero(t, srv.Rejected(bettermodetest.RejectExpired))
}

// TestRedisOutage: Redis hangs mid-run (a proxy stops forwarding): requests
// go on, cold replicas mint for themselves, the budget keeps to the
// in-process fallback, each component logs the outage once; Redis back:
// sharing resumes (a cold replica reads the fleet's token, the budget is
// on Redis again) and the recovery is logged once.
func TestRedisOutage(t *testing.T) {
	addr := redisAddr(t)
	p := startProxy(t, addr)
	rdb := newRedis(t, p.addr())
	direct := newRedis(t, addr)
	srv := bettermodetest.Start(t)
	var logs logBuffer
	pfx := prefix(t)
	opts := []redisstore.Option{redisstore.WithPrefix(pfx), redisstore.WithLogger(logs.logger()),
		redisstore.WithTimeout(100 * time.Millisecond), redisstore.WithRetryInterval(200 * time.Millisecond)}
	store, err := redisstore.NewTokenStore(rdb, newKey(t), opts...)
	require.NoError(t, err)
	rb, err := redisstore.NewBudget(rdb, srv.Network().ID, budget.Plan{Requests: 10_000, Complexity: 1_000_000}, opts...)
	require.NoError(t, err)
	newReplica := func() *bettermode.Client {
		return replica(t, srv.URL, appOf(srv), bettermode.WithRateBudget(rb), bettermode.WithCacheOptions(bettermode.WithTokenStore(store)))
	}
	ctx := context.Background()
	a, b := newReplica(), newReplica()
	require.NoError(t, query(ctx, a))
	require.NoError(t, query(ctx, b))
	require.Equal(t, 1, srv.Minted(bettermodetest.KindApp))
	requestsKey := pfx + "budget:{" + srv.Network().ID + "}:requests"
	require.EqualValues(t, 1, direct.Exists(ctx, requestsKey).Val(), "the budget is kept in Redis")

	p.setCut(true)
	start := time.Now()
	cold := newReplica()
	for range 20 {
		for _, c := range []*bettermode.Client{a, b, cold} {
			require.NoError(t, query(ctx, c), "requests go on while Redis hangs")
		}
	}
	elapsed := time.Since(start)
	t.Logf("60 queries and a cold mint with Redis hanging: %s", elapsed.Round(time.Millisecond))
	assert.Less(t, elapsed, 2*time.Second, "each Redis call is bounded, and Redis is then left alone for a while")
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp), "the cold replica minted for itself")
	assert.Equal(t, 1, strings.Count(logs.String(), "token store falls back"), logs.String())
	assert.Contains(t, logs.String(), "redis timed out", "a Redis that hangs is told from one that refuses")
	assert.Contains(t, logs.String(), "addr="+p.addr())
	assert.Equal(t, 1, strings.Count(logs.String(), "rate budget falls back"), logs.String())

	p.setCut(false)
	require.NoError(t, direct.Del(ctx, requestsKey).Err())
	time.Sleep(300 * time.Millisecond) // past the retry interval
	for range 3 {
		require.NoError(t, query(ctx, a)) // the budget probes Redis and comes back
	}
	late := newReplica()
	require.NoError(t, query(ctx, late))
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp), "sharing resumed: the late replica read the fleet's token")
	assert.EqualValues(t, 1, direct.Exists(ctx, requestsKey).Val(), "the budget is on Redis again")
	assert.Equal(t, 1, strings.Count(logs.String(), "the token store is shared again"), logs.String())
	assert.Equal(t, 1, strings.Count(logs.String(), "the rate budget is shared again"), logs.String())
	assert.NotContains(t, logs.String(), "eyJ", "no token in the logs")
	assert.NotContains(t, logs.String(), srv.App().ClientSecret)
}

// TestTokensEncryptedAtRest: the value in Redis holds neither the access
// token nor the refresh token nor anything JWT-like; another key cannot
// read it, and says so clearly instead of minting over it.
func TestTokensEncryptedAtRest(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	srv := bettermodetest.Start(t)
	pfx := prefix(t)
	store, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	m := srv.Member()
	member := bettermode.Member{NetworkDomain: srv.Network().Domain, UsernameOrEmail: m.Email, Password: bettermode.Secret(m.Password)}
	c := replica(t, srv.URL, member, bettermode.WithCacheOptions(bettermode.WithTokenStore(store)))
	ctx := context.Background()
	require.NoError(t, query(ctx, c))
	tok, err := c.Token(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, tok.RefreshToken)

	keys, err := rdb.Keys(ctx, pfx+"token:*").Result()
	require.NoError(t, err)
	require.Len(t, keys, 1)
	raw, err := rdb.Get(ctx, keys[0]).Result()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(raw, "bm1."+store.KeyID()+"."), raw)
	for _, secret := range []string{tok.AccessToken.Reveal(), tok.RefreshToken.Reveal(), "eyJ", m.Password, m.Email} {
		assert.NotContains(t, raw, secret)
	}
	assert.NotContains(t, keys[0], m.Email, "the key is a hash, not the username")

	credKey := strings.TrimPrefix(keys[0], pfx+"token:"+store.KeyID()+":")
	other, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	got, err := other.Load(ctx, credKey)
	require.NoError(t, err, "another key has a group of its own")
	assert.Nil(t, got)

	// A value in the store's own group that does not decrypt is a clear
	// error, not a silent re-mint.
	require.NoError(t, rdb.Set(ctx, other.RedisKey(credKey), strings.Replace(raw, store.KeyID(), other.KeyID(), 1), time.Minute).Err())
	_, err = other.Load(ctx, credKey)
	require.ErrorIs(t, err, redisstore.ErrWrongKey)
	require.ErrorIs(t, err, bettermode.ErrInvalidInput)
	assert.Contains(t, err.Error(), "cannot be decrypted")
	before := srv.Minted(bettermodetest.KindMember)
	wrong := replica(t, srv.URL, member, bettermode.WithCacheOptions(bettermode.WithTokenStore(other)))
	err = query(ctx, wrong)
	require.ErrorIs(t, err, redisstore.ErrWrongKey)
	assert.Equal(t, before, srv.Minted(bettermodetest.KindMember), "not a silent re-mint")
	assert.NotContains(t, err.Error(), "eyJ")

	_, err = redisstore.NewTokenStore(rdb, []byte("short"))
	require.Error(t, err)
}

// TestLockAndDelete: the lock is exclusive and released only by its owner;
// Delete removes a token only while the store still holds it.
func TestLockAndDelete(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	ctx := context.Background()
	pfx := prefix(t)
	store, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)

	releaseA, err := store.TryLock(ctx, "k", time.Second)
	require.NoError(t, err)
	require.NotNil(t, releaseA)
	releaseB, err := store.TryLock(ctx, "k", time.Second)
	require.NoError(t, err)
	assert.Nil(t, releaseB, "held by A")
	lockKey := pfx + "lock:" + store.KeyID() + ":k"
	require.EqualValues(t, 1, rdb.Exists(ctx, lockKey).Val())
	require.NoError(t, rdb.Set(ctx, lockKey, "someone-else", time.Second).Err()) // A's lock expired, C took it
	releaseA()
	assert.Equal(t, "someone-else", rdb.Get(ctx, lockKey).Val(), "A cannot release C's lock")
	require.NoError(t, rdb.Del(ctx, lockKey).Err())
	releaseB, err = store.TryLock(ctx, "k", time.Second)
	require.NoError(t, err)
	require.NotNil(t, releaseB)
	releaseB()
	assert.Zero(t, rdb.Exists(ctx, lockKey).Val())

	x := &bettermode.Token{AccessToken: "token-x", Expiry: time.Now().Add(time.Minute), Kind: bettermode.KindApp, Scopes: []string{"a"}}
	y := &bettermode.Token{AccessToken: "token-y", Expiry: time.Now().Add(time.Minute)}
	require.NoError(t, store.Save(ctx, "t", x))
	got, err := store.Load(ctx, "t")
	require.NoError(t, err)
	assert.Equal(t, x.AccessToken, got.AccessToken)
	assert.Equal(t, x.Expiry.UnixMilli(), got.Expiry.UnixMilli())
	assert.Equal(t, x.Scopes, got.Scopes)
	ttl := rdb.PTTL(ctx, store.RedisKey("t")).Val()
	assert.InDelta(t, time.Minute.Seconds(), ttl.Seconds(), 2, "kept until the token's expiry")
	require.NoError(t, store.Delete(ctx, "t", y))
	got, _ = store.Load(ctx, "t")
	require.NotNil(t, got, "another token is not deleted")
	require.NoError(t, store.Delete(ctx, "t", x))
	got, err = store.Load(ctx, "t")
	require.NoError(t, err)
	assert.Nil(t, got)
}

// TestBudgetBoundsAndBackoff: a wait beyond the bound or the deadline
// fails at once with ErrRateLimited; a 429 one replica meets makes every
// replica back off.
func TestBudgetBoundsAndBackoff(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	ctx := context.Background()
	pfx := prefix(t)
	plan := budget.Plan{Requests: 2, Window: 10 * time.Second}
	a, err := redisstore.NewBudget(rdb, "net1", plan, redisstore.WithPrefix(pfx), slow, redisstore.WithMaxWait(time.Second))
	require.NoError(t, err)
	b, err := redisstore.NewBudget(rdb, "net1", plan, redisstore.WithPrefix(pfx), slow, redisstore.WithMaxWait(time.Second))
	require.NoError(t, err)
	require.NoError(t, a.Wait(ctx, 1))
	start := time.Now()
	err = b.Wait(ctx, 1)
	require.ErrorIs(t, err, bettermode.ErrRateLimited, "the fleet's burst is spent: 5 s to wait, bound 1 s")
	assert.Less(t, time.Since(start), 500*time.Millisecond, "failed at once")
	var we *budget.WaitError
	require.ErrorAs(t, err, &we)
	assert.Equal(t, budget.LimitRequests, we.Limit)
	assert.Greater(t, we.Delay, 4*time.Second)

	other, err := redisstore.NewBudget(rdb, "net2", budget.Free, redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	require.NoError(t, other.Wait(ctx, 1), "another community has its own budget")
	other.Backoff(ctx, 300*time.Millisecond)
	peer, err := redisstore.NewBudget(rdb, "net2", budget.Free, redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	start = time.Now()
	require.NoError(t, peer.Wait(ctx, 1))
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond, "a peer waited out the fleet's backoff")
	peer.Backoff(ctx, 5*time.Second)
	dl, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	err = other.Wait(dl, 1)
	require.ErrorIs(t, err, bettermode.ErrRateLimited, "a wait past the deadline is not started")
	require.ErrorAs(t, err, &we)
	assert.Equal(t, budget.LimitBackoff, we.Limit)

	canceled, cancel2 := context.WithCancel(ctx)
	cancel2()
	assert.ErrorIs(t, other.Wait(canceled, 1), context.Canceled)
}

// TestServer429BacksOffFleet: a 429 the server still answers one replica
// makes the fleet's backoff key last the Retry-After.
func TestServer429BacksOffFleet(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	srv := bettermodetest.Start(t)
	pfx := prefix(t)
	rb, err := redisstore.NewBudget(rdb, srv.Network().ID, budget.Free, redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	c := replica(t, srv.URL, appOf(srv), bettermode.WithRateBudget(rb), bettermode.WithRetryPolicy(bettermode.RetryPolicy{MaxRateLimitWait: -1}))
	srv.InjectFault("authMember", bettermodetest.Fault{Status: 429, RetryAfter: 2 * time.Second, Times: 1})
	err = query(context.Background(), c)
	require.ErrorIs(t, err, bettermode.ErrRateLimited)
	ttl := rdb.PTTL(context.Background(), pfx+"budget:{"+srv.Network().ID+"}:backoff").Val()
	assert.Greater(t, ttl, time.Second, "the fleet backs off for the Retry-After")

	peer, err := redisstore.NewBudget(rdb, srv.Network().ID, budget.Free, redisstore.WithPrefix(pfx), slow, redisstore.WithMaxWait(100*time.Millisecond))
	require.NoError(t, err)
	err = peer.Wait(context.Background(), 1)
	require.True(t, errors.Is(err, bettermode.ErrRateLimited), "a peer does not send during the backoff: %v", err)
}
