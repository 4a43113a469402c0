package bettermode

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bettermode-go/bettermode/internal/clock"
)

// benchTokenSource mints a token valid for an hour on the real clock.
var benchTokenSource = CredentialSourceFunc(func(context.Context) (*Token, error) {
	return &Token{AccessToken: "fake-access-token-1", Kind: KindGuest, Expiry: time.Now().Add(time.Hour)}, nil
})

// BenchmarkCachedSourceToken is the hot path: a warm cache, the real clock,
// every core asking at once. It must report 0 allocs/op.
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

// stoppedClock is a lock-free clock stopped at now.
type stoppedClock struct{ now time.Time }

func (c stoppedClock) Now() time.Time                       { return c.now }
func (c stoppedClock) NewTimer(d time.Duration) clock.Timer { return clock.Real{}.NewTimer(d) }

// BenchmarkCachedSourceTokenStale is the hot path inside the stale window,
// while the one background refresh is blocked: still no lock, no allocation.
func BenchmarkCachedSourceTokenStale(b *testing.B) {
	mint := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var calls atomic.Int64
	gate, refreshing := make(chan struct{}), make(chan struct{})
	src := CredentialSourceFunc(func(ctx context.Context) (*Token, error) {
		if calls.Add(1) > 1 {
			close(refreshing)
			<-gate // the refresh waits until the benchmark ends
		}
		return &Token{AccessToken: "fake-access-token-1", Kind: KindGuest, Expiry: mint.Add(time.Hour)}, nil
	})
	clk := &stoppedClock{now: mint}
	c := CacheSource(src, withClock(clk))
	ctx := context.Background()
	if _, err := c.Token(ctx); err != nil {
		b.Fatal(err)
	}
	clk.now = mint.Add(57 * time.Minute) // no fetch is running: nothing reads the clock
	if _, err := c.Token(ctx); err != nil {
		b.Fatal(err)
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
	src := CredentialSourceFunc(func(context.Context) (*Token, error) {
		fetches.Add(1)
		return &Token{AccessToken: "fake-access-token-1", Kind: KindGuest, Expiry: time.Now().Add(time.Hour)}, nil
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
