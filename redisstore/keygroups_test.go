package redisstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/budget"
	"github.com/bettermode-go/bettermode/redisstore"
)

// TestWrongKeyReplicaBesideGoodOnes (issue 18, defect 5): a replica with
// another key mints first; the correctly keyed replicas that start after
// it get no ErrWrongKey, mint once for their group and share it; the
// wrong one neither blocked nor overwrote them, and a warning names both
// key ids.
func TestWrongKeyReplicaBesideGoodOnes(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	srv := bettermodetest.Start(t)
	pfx := prefix(t)
	var logs logBuffer
	good, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(pfx), slow, redisstore.WithLogger(logs.logger()))
	require.NoError(t, err)
	bad, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(pfx), slow, redisstore.WithLogger(logs.logger()))
	require.NoError(t, err)
	ctx := context.Background()

	wrong := replica(t, srv.URL, appOf(srv), bettermode.WithCacheOptions(bettermode.WithTokenStore(bad)))
	require.NoError(t, query(ctx, wrong), "the wrong-key replica works for itself")
	require.Equal(t, 1, srv.Minted(bettermodetest.KindApp))

	fleet := make([]*bettermode.Client, 4)
	for i := range fleet {
		fleet[i] = replica(t, srv.URL, appOf(srv), bettermode.WithCacheOptions(bettermode.WithTokenStore(good)))
	}
	var wg sync.WaitGroup
	for _, c := range fleet {
		wg.Go(func() {
			err := query(ctx, c)
			assert.NoError(t, err)
			assert.NotErrorIs(t, err, redisstore.ErrWrongKey)
		})
	}
	wg.Wait()
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp), "one mint per key group")
	tokens := map[string]bool{}
	for _, c := range fleet {
		tok, err := c.Token(ctx)
		require.NoError(t, err)
		tokens[tok.AccessToken.Reveal()] = true
	}
	assert.Len(t, tokens, 1, "the good replicas share their group's token")
	wtok, err := wrong.Token(ctx)
	require.NoError(t, err)
	assert.False(t, tokens[wtok.AccessToken.Reveal()], "the groups do not share")
	require.NoError(t, query(ctx, wrong), "the wrong-key replica was not overwritten")
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp))

	out := logs.String()
	t.Log(strings.TrimSpace(out))
	assert.Contains(t, out, "replicas with another key share this credential")
	assert.Contains(t, out, "key_id="+good.KeyID())
	assert.Contains(t, out, "other_key_id="+bad.KeyID())
	assert.Equal(t, 1, strings.Count(out, "another key"), "warned once")
}

// TestKeyRotation (issue 18, defect 5): replicas on the old key mint; a
// replica given the new key with the old one as previous reads the old
// group's token (no mint), and drops it there too when the API rejects it;
// a replica with only the new key mints once for the new group.
func TestKeyRotation(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	srv := bettermodetest.Start(t)
	pfx := prefix(t)
	oldKey, newKey := newKey(t), newKey(t)
	ctx := context.Background()
	oldStore, err := redisstore.NewTokenStore(rdb, oldKey, redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	rotating, err := redisstore.NewTokenStore(rdb, newKey, redisstore.WithPrefix(pfx), slow, redisstore.WithPreviousKeys(oldKey))
	require.NoError(t, err)
	newStore, err := redisstore.NewTokenStore(rdb, newKey, redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	assert.Equal(t, newStore.KeyID(), rotating.KeyID())

	old := replica(t, srv.URL, appOf(srv), bettermode.WithCacheOptions(bettermode.WithTokenStore(oldStore)))
	require.NoError(t, query(ctx, old))
	during := replica(t, srv.URL, appOf(srv), bettermode.WithCacheOptions(bettermode.WithTokenStore(rotating)))
	require.NoError(t, query(ctx, during))
	assert.Equal(t, 1, srv.Minted(bettermodetest.KindApp), "the rotating replica read the old group's token")
	a, _ := old.Token(ctx)
	b, _ := during.Token(ctx)
	assert.Equal(t, a.AccessToken.Reveal(), b.AccessToken.Reveal())

	after := replica(t, srv.URL, appOf(srv), bettermode.WithCacheOptions(bettermode.WithTokenStore(newStore)))
	require.NoError(t, query(ctx, after))
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp), "one mint for the new group")
	again := replica(t, srv.URL, appOf(srv), bettermode.WithCacheOptions(bettermode.WithTokenStore(rotating)))
	require.NoError(t, query(ctx, again))
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp), "the new group's token is used first")

	// Delete reaches the previous group too.
	tok := &bettermode.Token{AccessToken: "fake-rotated-token", Expiry: time.Now().Add(time.Minute)}
	require.NoError(t, oldStore.Save(ctx, "k", tok))
	require.NoError(t, rotating.Delete(ctx, "k", tok))
	got, err := oldStore.Load(ctx, "k")
	require.NoError(t, err)
	assert.Nil(t, got)
}

// TestPrefixCoversEveryKey (issue 18, defect 7): with WithPrefix, every
// key the store and the budget write (token, lock, key ids, each limit,
// the backoff, the heartbeats) starts with the prefix.
func TestPrefixCoversEveryKey(t *testing.T) {
	rdb := newRedis(t, redisAddr(t))
	srv := bettermodetest.Start(t)
	pfx := prefix(t)
	marker := strings.Split(strings.TrimSuffix(pfx, ":"), ":")
	ctx := context.Background()
	store, err := redisstore.NewTokenStore(rdb, newKey(t), redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	rb, err := redisstore.NewBudget(rdb, srv.Network().ID, budget.Free, redisstore.WithPrefix(pfx), slow)
	require.NoError(t, err)
	c := replica(t, srv.URL, appOf(srv), bettermode.WithRateBudget(rb), bettermode.WithCacheOptions(bettermode.WithTokenStore(store)),
		bettermode.WithRetryPolicy(bettermode.RetryPolicy{MaxRateLimitWait: -1}))
	require.NoError(t, query(ctx, c))
	release, err := store.TryLock(ctx, "k", time.Minute)
	require.NoError(t, err)
	defer release()
	srv.InjectFault("authMember", bettermodetest.Fault{Status: 429, RetryAfter: time.Second, Times: 1})
	_ = query(ctx, c)

	keys, err := rdb.Keys(ctx, "*"+marker[len(marker)-1]+"*").Result()
	require.NoError(t, err)
	t.Logf("%d keys: %v", len(keys), keys)
	assert.GreaterOrEqual(t, len(keys), 7, "token, key ids, lock, requests, complexity, requests per day, backoff, replicas")
	for _, k := range keys {
		assert.True(t, strings.HasPrefix(k, pfx), "%s is outside the prefix", k)
	}
}
