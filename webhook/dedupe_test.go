package webhook_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/webhook"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestMemoryDeduperTTL(t *testing.T) {
	c := &clock{t: t0}
	d := webhook.NewMemoryDeduper(webhook.MemoryDeduperConfig{TTL: time.Hour, Now: c.now})
	ctx := t.Context()
	require.NoError(t, d.Claim(ctx, "a"))
	require.NoError(t, d.Finish(ctx, "a", true))
	require.ErrorIs(t, d.Claim(ctx, "a"), webhook.ErrDuplicate)
	c.advance(time.Hour - time.Millisecond)
	require.ErrorIs(t, d.Claim(ctx, "a"), webhook.ErrDuplicate)
	c.advance(time.Millisecond)
	require.NoError(t, d.Claim(ctx, "a"), "forgotten after the TTL")
	assert.Zero(t, d.Len())
	require.NoError(t, d.Finish(ctx, "a", false))
	require.NoError(t, d.Claim(ctx, "a"), "a failure releases the key")
	require.NoError(t, d.Finish(ctx, "a", true))
	assert.Equal(t, 1, d.Len())
	// Finishing a key that was never claimed is harmless.
	require.NoError(t, d.Finish(ctx, "never", false))
}

func TestMemoryDeduperBounded(t *testing.T) {
	c := &clock{t: t0}
	d := webhook.NewMemoryDeduper(webhook.MemoryDeduperConfig{TTL: time.Hour, MaxEntries: 100, Now: c.now})
	ctx := t.Context()
	for i := range 1000 {
		k := fmt.Sprint("k", i)
		require.NoError(t, d.Claim(ctx, k))
		require.NoError(t, d.Finish(ctx, k, true))
		c.advance(time.Millisecond)
		require.LessOrEqual(t, d.Len(), 100)
	}
	assert.Equal(t, 100, d.Len())
	require.ErrorIs(t, d.Claim(ctx, "k999"), webhook.ErrDuplicate, "the newest are kept")
	require.NoError(t, d.Claim(ctx, "k0"), "the oldest are forgotten first")
	require.NoError(t, d.Finish(ctx, "k0", false))
	// Expired events are dropped as time passes, with or without traffic.
	c.advance(2 * time.Hour)
	require.NoError(t, d.Claim(ctx, "fresh"))
	assert.Zero(t, d.Len())
	require.NoError(t, d.Finish(ctx, "fresh", true))
	assert.Equal(t, 1, d.Len())
}

func TestMemoryDeduperWaitsForInFlight(t *testing.T) {
	d := webhook.NewMemoryDeduper(webhook.MemoryDeduperConfig{})
	waiting := make(chan string, 4)
	webhook.SetOnWait(d, func(k string) { waiting <- k })
	ctx := t.Context()
	require.NoError(t, d.Claim(ctx, "k"))
	res := make(chan error)
	go func() { res <- d.Claim(ctx, "k") }()
	assert.Equal(t, "k", <-waiting)
	require.NoError(t, d.Finish(ctx, "k", true))
	require.ErrorIs(t, <-res, webhook.ErrDuplicate)

	require.NoError(t, d.Claim(ctx, "j"))
	cctx, cancel := context.WithCancel(ctx)
	go func() { res <- d.Claim(cctx, "j") }()
	<-waiting
	cancel()
	require.ErrorIs(t, <-res, context.Canceled)
	require.NoError(t, d.Finish(ctx, "j", false))
	require.NoError(t, d.Claim(ctx, "j"))
}

func TestMemoryDeduperDefaults(t *testing.T) {
	d := webhook.NewMemoryDeduper(webhook.MemoryDeduperConfig{})
	require.NoError(t, d.Claim(t.Context(), "x"))
	require.NoError(t, d.Finish(t.Context(), "x", true))
	require.ErrorIs(t, d.Claim(t.Context(), "x"), webhook.ErrDuplicate)
	assert.GreaterOrEqual(t, webhook.DefaultDedupeTTL, webhook.DefaultTolerance)
	require.NoError(t, webhook.NoDedupe.Claim(t.Context(), "x"))
	require.NoError(t, webhook.NoDedupe.Finish(t.Context(), "x", true))
	require.NoError(t, webhook.NoDedupe.Claim(t.Context(), "x"))
}

// TestHandlerDedupeTTL checks that the default deduper of a Handler keeps
// events at least twice the tolerance window.
func TestHandlerDedupeTTL(t *testing.T) {
	c := &clock{t: t0}
	h, _ := newHandler(t, func(cfg *webhook.Config) { cfg.Now = c.now; cfg.Tolerance = time.Hour })
	calls := 0
	h.OnSubscription(func(context.Context, *webhook.Request, *webhook.Event) error { calls++; return nil })
	body := []byte(event("n1", "ttl", "post.published"))
	for _, step := range []struct {
		advance time.Duration
		calls   int
	}{{0, 1}, {2*time.Hour - time.Millisecond, 1}, {time.Millisecond, 2}} {
		c.advance(step.advance)
		rec := serve(h, signedAt(t.Context(), body, c.now(), secret1))
		require.Equal(t, 200, rec.Code)
		assert.Equal(t, step.calls, calls)
	}
}
