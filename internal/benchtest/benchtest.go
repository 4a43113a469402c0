// Package benchtest runs the variants of an end-to-end benchmark
// interleaved, so that the drift of a shared machine hits every variant
// alike: blocks of requests per variant in a rotating order, with the wall
// time, the process's CPU time and the heap allocations of each block
// charged to its variant. It is used by the benchmarks of package api and
// of package otelbettermode.
package benchtest

import (
	"runtime"
	"testing"
	"time"
)

// Variant is one way to make a benchmark's request.
type Variant struct {
	Name string
	Do   func() error
}

// Block is how many requests each worker makes per block.
const Block = 100

// Interleave runs vs in blocks: workers goroutines making Block requests
// each, one variant after the other in an order that rotates every round,
// one round per b.Loop iteration, after one warm-up block per variant. It
// reports per variant NAME-ns/req (wall), NAME-cpu-ns/req (the process's
// CPU time: clients and in-process server), NAME-allocs/req and NAME-B/req,
// and returns the wall time per request of each variant, in vs's order.
func Interleave(b *testing.B, workers int, vs []Variant) []float64 {
	b.Helper()
	wall := make([]time.Duration, len(vs))
	cpu := make([]time.Duration, len(vs))
	mallocs := make([]uint64, len(vs))
	bytes := make([]uint64, len(vs))
	var ms runtime.MemStats
	run := func(do func() error) error {
		errs := make(chan error, workers)
		for range workers {
			go func() {
				for range Block {
					if err := do(); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		var first error
		for range workers {
			if err := <-errs; err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	for _, v := range vs { // warm every connection pool and cache
		if err := run(v.Do); err != nil {
			b.Fatal(err)
		}
	}
	round := 0
	for b.Loop() {
		for k := range vs {
			i := (k + round) % len(vs)
			runtime.ReadMemStats(&ms)
			m0, a0, c0, t0 := ms.Mallocs, ms.TotalAlloc, CPUTime(), time.Now()
			if err := run(vs[i].Do); err != nil {
				b.Fatal(err)
			}
			wall[i] += time.Since(t0)
			cpu[i] += CPUTime() - c0
			runtime.ReadMemStats(&ms)
			mallocs[i] += ms.Mallocs - m0
			bytes[i] += ms.TotalAlloc - a0
		}
		round++
	}
	n := float64(round * Block * workers)
	perReq := make([]float64, len(vs))
	for i, v := range vs {
		perReq[i] = float64(wall[i].Nanoseconds()) / n
		b.ReportMetric(perReq[i], v.Name+"-ns/req")
		b.ReportMetric(float64(cpu[i].Nanoseconds())/n, v.Name+"-cpu-ns/req")
		b.ReportMetric(float64(mallocs[i])/n, v.Name+"-allocs/req")
		b.ReportMetric(float64(bytes[i])/n, v.Name+"-B/req")
	}
	return perReq
}

// Modes runs f as the sub-benchmarks "sequential" (one worker: latency)
// and "parallel" (GOMAXPROCS workers: throughput on every core, as
// RunParallel measures it).
func Modes(b *testing.B, f func(b *testing.B, workers int)) {
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		name := "sequential"
		if workers > 1 {
			name = "parallel"
		}
		b.Run(name, func(b *testing.B) { f(b, workers) })
	}
}
