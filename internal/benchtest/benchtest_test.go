package benchtest

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInterleave: every variant makes the same number of requests (a
// warm-up block, then one block per round), from the given number of
// goroutines, and gets its wall time back.
func TestInterleave(t *testing.T) {
	for _, workers := range []int{1, 3} {
		var calls [2]atomic.Int64
		var wall []float64
		res := testing.Benchmark(func(b *testing.B) {
			calls[0].Store(0)
			calls[1].Store(0)
			wall = Interleave(b, workers, []Variant{
				{Name: "a", Do: func() error { calls[0].Add(1); return nil }},
				{Name: "b", Do: func() error { calls[1].Add(1); return nil }},
			})
		})
		require.Positive(t, res.N)
		want := int64((res.N + 1) * Block * workers)
		assert.Equal(t, want, calls[0].Load(), "workers=%d", workers)
		assert.Equal(t, want, calls[1].Load(), "workers=%d", workers)
		require.Len(t, wall, 2)
		assert.Positive(t, wall[0])
		for _, m := range []string{"a-ns/req", "a-cpu-ns/req", "a-allocs/req", "a-B/req", "b-ns/req"} {
			assert.Contains(t, res.Extra, m)
		}
	}
}

// TestInterleaveStopsOnError: a variant's error fails the benchmark.
func TestInterleaveStopsOnError(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		Interleave(b, 2, []Variant{{Name: "bad", Do: func() error { return errors.New("fake failure") }}})
	})
	assert.Zero(t, res.N, "a failed benchmark reports no result")
}
