package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/budget"
	"github.com/bettermode-go/bettermode/redisstore"
)

// unlimited has the three limits of a real plan, too large to ever wait:
// the benchmarks measure the cost of taking from a budget, not waiting.
var unlimited = budget.Plan{Requests: 1 << 40, Complexity: 1 << 50, RequestsPerDay: 1 << 45}

// BenchmarkBudgetWait: what a budget adds to every request (Wait with a
// complexity estimate of 3): in process, and on Redis (a PTTL of the
// fleet's backoff key and one GCRA script per limit, over loopback).
func BenchmarkBudgetWait(b *testing.B) {
	ctx := context.Background()
	b.Run("in-process", func(b *testing.B) {
		l, err := budget.New(unlimited)
		require.NoError(b, err)
		b.ReportAllocs()
		for b.Loop() {
			_ = l.Wait(ctx, 3)
		}
	})
	b.Run("redis", func(b *testing.B) {
		rdb := newRedis(b, redisAddr(b))
		rb, err := redisstore.NewBudget(rdb, "bench", unlimited, redisstore.WithPrefix(prefix(b)))
		require.NoError(b, err)
		b.ReportAllocs()
		for b.Loop() {
			if err := rb.Wait(ctx, 3); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSharedCache: a warm token from a cache that shares through
// Redis (the store is not touched: one atomic load, as without a store),
// and what a cold replica pays to read the fleet's token (GET and an
// AES-GCM open).
func BenchmarkSharedCache(b *testing.B) {
	ctx := context.Background()
	rdb := newRedis(b, redisAddr(b))
	store, err := redisstore.NewTokenStore(rdb, newKey(b), redisstore.WithPrefix(prefix(b)))
	require.NoError(b, err)
	src := bettermode.CredentialSourceFunc(func(context.Context) (*bettermode.Token, error) {
		return &bettermode.Token{AccessToken: "token", Expiry: time.Now().Add(time.Hour), Kind: bettermode.KindApp}, nil
	})
	b.Run("warm-hit", func(b *testing.B) {
		c := bettermode.CacheSource(src, bettermode.WithTokenStore(store, "bench"))
		defer c.Close()
		_, err := c.Token(ctx)
		require.NoError(b, err)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_, _ = c.Token(ctx)
			}
		})
	})
	b.Run("cold-load", func(b *testing.B) {
		tok, _ := src(ctx)
		require.NoError(b, store.Save(ctx, "cold", tok))
		b.ReportAllocs()
		for b.Loop() {
			if t, err := store.Load(ctx, "cold"); err != nil || t == nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkQueryWithBudget: Client.Query (authMember { id name }) against
// the in-process stand-in over loopback, one caller: without a budget, with
// the in-process budget and with the Redis budget. The differences are the
// added latency per request.
func BenchmarkQueryWithBudget(b *testing.B) {
	srv := bettermodetest.Start(b)
	a := srv.App()
	app := bettermode.App{ClientID: a.ClientID, ClientSecret: bettermode.Secret(a.ClientSecret), NetworkID: srv.Network().ID}
	for _, mode := range []string{"none", "in-process", "redis"} {
		b.Run(mode, func(b *testing.B) {
			opts := []bettermode.Option{bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(app)}
			switch mode {
			case "in-process":
				l, err := budget.New(unlimited)
				require.NoError(b, err)
				opts = append(opts, bettermode.WithRateBudget(l))
			case "redis":
				rb, err := redisstore.NewBudget(newRedis(b, redisAddr(b)), "bench", unlimited, redisstore.WithPrefix(prefix(b)))
				require.NoError(b, err)
				opts = append(opts, bettermode.WithRateBudget(rb))
			}
			c, err := bettermode.NewClient(opts...)
			require.NoError(b, err)
			defer c.Close()
			ctx := context.Background()
			require.NoError(b, query(ctx, c))
			b.ReportAllocs()
			for b.Loop() {
				if err := query(ctx, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
