package bettermode

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchTokenSource mints a token valid for an hour.
var benchTokenSource = CredentialSourceFunc(func(context.Context) (*Token, error) {
	return &Token{AccessToken: "fake-access-token-1", Kind: KindGuest, Expiry: time.Now().Add(time.Hour)}, nil
})

// BenchmarkCachedSourceToken is the hot path: a warm cache, every core
// asking at once. It must report 0 allocs/op.
func BenchmarkCachedSourceToken(b *testing.B) {
	c := CacheSource(benchTokenSource)
	defer c.Close()
	ctx := context.Background()
	if _, err := c.Token(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if tok, err := c.Token(ctx); err != nil || tok == nil {
				panic(err)
			}
		}
	})
}

// BenchmarkCachedSourceTokenStale is the hot path inside the stale window,
// while the one background refresh is blocked: still no lock, no allocation.
func BenchmarkCachedSourceTokenStale(b *testing.B) {
	var calls atomic.Int64
	gate, refreshing := make(chan struct{}), make(chan struct{})
	src := CredentialSourceFunc(func(ctx context.Context) (*Token, error) {
		if calls.Add(1) > 1 {
			close(refreshing)
			<-gate // the refresh waits until the benchmark ends
		}
		return &Token{AccessToken: "fake-access-token-1", Kind: KindGuest, Expiry: time.Now().Add(time.Hour)}, nil
	})
	// A full jitter draw over a window of half the usable life: the token is
	// stale as soon as it is fetched.
	c := CacheSource(src, WithEarlyRefresh(1, time.Hour, time.Hour), WithRefreshJitter(1),
		withRand(func() float64 { return 1 }), WithFetchTimeout(24*time.Hour))
	ctx := context.Background()
	for range 2 { // the second call starts the refresh
		if _, err := c.Token(ctx); err != nil {
			b.Fatal(err)
		}
	}
	<-refreshing
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if tok, err := c.Token(ctx); err != nil || tok == nil {
				panic(err)
			}
		}
	})
	b.StopTimer()
	if s := c.String(); !strings.HasPrefix(s, "bettermode.CachedSource{State: stale") {
		b.Fatalf("not stale: %s", s)
	}
	close(gate)
	c.Close()
	if n := calls.Load(); n != 2 {
		b.Fatalf("%d fetches, want 2", n)
	}
}

// BenchmarkCachedSourceColdStorm is a cold cache hit by 100 callers at once:
// one fetch per op, the others wait on it.
func BenchmarkCachedSourceColdStorm(b *testing.B) {
	const callers = 100
	var fetches atomic.Int64
	src := CredentialSourceFunc(func(ctx context.Context) (*Token, error) {
		fetches.Add(1)
		return benchTokenSource(ctx)
	})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		c := CacheSource(src)
		var wg sync.WaitGroup
		for range callers {
			wg.Go(func() {
				if _, err := c.Token(ctx); err != nil {
					panic(err)
				}
			})
		}
		wg.Wait()
		c.Close()
	}
	b.ReportMetric(float64(fetches.Load())/float64(b.N), "fetches/op")
}
