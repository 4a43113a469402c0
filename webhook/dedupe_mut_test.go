package webhook_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/webhook"
)

// TestMemoryDeduperMemoryBounded: the deduper's memory stays bounded by
// its live events (its queue compacts once half of it is spent), whether
// events expire or are pushed out by MaxEntries.
func TestMemoryDeduperMemoryBounded(t *testing.T) {
	tests := []struct {
		name    string
		max     int
		advance time.Duration
		live    int
	}{
		{name: "each expires before the next", max: 100, advance: 2 * time.Hour, live: 1},
		{name: "pushed out by the bound", max: 100, advance: time.Millisecond, live: 100},
		{name: "small bound", max: 10, advance: time.Millisecond, live: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &clock{t: t0}
			d := webhook.NewMemoryDeduper(webhook.MemoryDeduperConfig{TTL: time.Hour, MaxEntries: tt.max, Now: c.now})
			ctx := t.Context()
			for i := range 1000 {
				c.advance(tt.advance)
				k := fmt.Sprint("k", i)
				require.NoError(t, d.Claim(ctx, k))
				require.NoError(t, d.Finish(ctx, k, true))
				require.LessOrEqual(t, webhook.QueueLen(d), 2*max(tt.live, 64)+2, "after %d events", i+1)
			}
			assert.Equal(t, tt.live, d.Len())
			require.ErrorIs(t, d.Claim(ctx, "k999"), webhook.ErrDuplicate, "the newest is kept")
		})
	}
}

// TestMemoryDeduperWaitsWithoutHook: a second Claim of a key in flight
// waits (no test hook set) until the first finishes.
func TestMemoryDeduperWaitsWithoutHook(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		d := webhook.NewMemoryDeduper(webhook.MemoryDeduperConfig{})
		ctx := t.Context()
		require.NoError(t, d.Claim(ctx, "k"))
		res := make(chan error, 1)
		go func() { res <- d.Claim(ctx, "k") }()
		synctest.Wait()
		select {
		case err := <-res:
			t.Fatalf("the second claim did not wait: %v", err)
		default:
		}
		require.NoError(t, d.Finish(ctx, "k", true))
		require.ErrorIs(t, <-res, webhook.ErrDuplicate)

		require.NoError(t, d.Claim(ctx, "j"))
		cctx, cancel := context.WithCancel(ctx)
		go func() { res <- d.Claim(cctx, "j") }()
		synctest.Wait()
		cancel()
		require.ErrorIs(t, <-res, context.Canceled)
	})
}

// TestHandlerSecondDeliveryAcknowledged (here, so that it runs before the
// other tests of the deduper: see mutants_test.go): a delivery of an event already
// processed is acknowledged without running the function again, with the
// default deduper. In a bubble, a delivery left waiting on a claim that was
// never finished fails at once (deadlock) instead of hanging.
func TestHandlerSecondDeliveryAcknowledged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, _ := newHandler(t, nil)
		calls := 0
		h.OnSubscription(func(context.Context, *webhook.Request, *webhook.Event) error { calls++; return nil })
		body := event("n1", "twice", "post.published")
		for range 3 {
			a := deliver(t, h, body)
			assert.Equal(t, "SUCCEEDED", a.Status)
		}
		assert.Equal(t, 1, calls)
	})
}
