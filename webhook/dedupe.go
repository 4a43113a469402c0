package webhook

import (
	"context"
	"sync"
	"time"
)

// Deduper guards against processing one event twice. The Handler calls
// Claim before running your function for a deduplicated delivery and Finish
// after it returned; key identifies the event (network, type and data.id).
//
// Implementations must be safe for concurrent use.
type Deduper interface {
	// Claim reserves key for processing and returns nil, or returns
	// ErrDuplicate when key was processed successfully within the retention
	// period. While another delivery holds key, Claim waits for it to
	// finish (or for ctx to end, returning ctx.Err()); an implementation
	// that cannot wait returns ErrInFlight. Any other error makes the
	// Handler answer FAILED, so that Bettermode retries.
	Claim(ctx context.Context, key string) error
	// Finish ends a successful Claim: succeeded records key as processed;
	// otherwise key is released so that a retry is processed again.
	Finish(ctx context.Context, key string, succeeded bool) error
}

// NoDedupe is a Deduper that processes every delivery. Set Config.Dedupe to
// it to switch deduplication off (when your functions are idempotent).
var NoDedupe Deduper = noDedupe{}

type noDedupe struct{}

func (noDedupe) Claim(context.Context, string) error        { return nil }
func (noDedupe) Finish(context.Context, string, bool) error { return nil }

// Defaults of a MemoryDeduper.
const (
	// DefaultDedupeTTL is the least time a processed event is remembered.
	// The Handler's default deduper keeps events for the larger of this and
	// twice the tolerance window, so that a replay of a captured request,
	// which verifies only within the window around its timestamp, is always
	// caught.
	DefaultDedupeTTL = time.Hour
	// DefaultDedupeMaxEntries bounds the events a MemoryDeduper remembers.
	DefaultDedupeMaxEntries = 100_000
)

// MemoryDeduperConfig configures a MemoryDeduper.
type MemoryDeduperConfig struct {
	// TTL is how long a processed event is remembered; default
	// DefaultDedupeTTL.
	TTL time.Duration
	// MaxEntries bounds the remembered events; default
	// DefaultDedupeMaxEntries. When full, the oldest is forgotten first.
	MaxEntries int
	// Now is the clock, time.Now by default.
	Now func() time.Time
}

// MemoryDeduper is an in-memory Deduper for a single process. It remembers
// each processed event for a TTL, in bounded memory: expired events are
// dropped as new ones arrive, and at most MaxEntries are kept (the oldest
// are forgotten first). A delivery that arrives while another of the same
// event runs waits for it. Several processes need a shared Deduper instead.
type MemoryDeduper struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu       sync.Mutex
	done     map[string]time.Time     // processed key -> expiry
	queue    []queued                 // processed keys in order of expiry
	head     int                      // first live element of queue
	inflight map[string]chan struct{} // claimed key -> closed when finished

	// onWait, for tests, is called when a Claim starts waiting.
	onWait func(key string)
}

type queued struct {
	key    string
	expiry time.Time
}

// NewMemoryDeduper returns a MemoryDeduper.
func NewMemoryDeduper(c MemoryDeduperConfig) *MemoryDeduper {
	d := &MemoryDeduper{ttl: c.TTL, max: c.MaxEntries, now: c.Now,
		done: make(map[string]time.Time), inflight: make(map[string]chan struct{})}
	if d.ttl <= 0 {
		d.ttl = DefaultDedupeTTL
	}
	if d.max <= 0 {
		d.max = DefaultDedupeMaxEntries
	}
	if d.now == nil {
		d.now = time.Now
	}
	return d
}

// Claim implements Deduper.
func (d *MemoryDeduper) Claim(ctx context.Context, key string) error {
	for {
		d.mu.Lock()
		now := d.now()
		d.prune(now)
		if exp, ok := d.done[key]; ok && now.Before(exp) {
			d.mu.Unlock()
			return ErrDuplicate
		}
		ch, busy := d.inflight[key]
		if !busy {
			d.inflight[key] = make(chan struct{})
			d.mu.Unlock()
			return nil
		}
		onWait := d.onWait
		d.mu.Unlock()
		if onWait != nil {
			onWait(key)
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Finish implements Deduper.
func (d *MemoryDeduper) Finish(_ context.Context, key string, succeeded bool) error {
	d.mu.Lock()
	ch := d.inflight[key]
	delete(d.inflight, key)
	if succeeded {
		now := d.now()
		d.prune(now)
		exp := now.Add(d.ttl)
		d.done[key] = exp
		d.queue = append(d.queue, queued{key, exp})
		for len(d.done) > d.max && d.head < len(d.queue) {
			d.popOldest()
		}
	}
	d.mu.Unlock()
	if ch != nil {
		close(ch)
	}
	return nil
}

// Len returns the number of events remembered as processed (expired ones
// may be counted until the next Claim or Finish).
func (d *MemoryDeduper) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.done)
}

// prune drops expired events. The TTL is the same for all, so the queue is
// in order of expiry.
func (d *MemoryDeduper) prune(now time.Time) {
	for d.head < len(d.queue) && !now.Before(d.queue[d.head].expiry) {
		d.popOldest()
	}
}

// popOldest forgets the first event in the queue and compacts the queue
// when half of it is spent.
func (d *MemoryDeduper) popOldest() {
	q := d.queue[d.head]
	d.queue[d.head] = queued{}
	d.head++
	if exp, ok := d.done[q.key]; ok && exp.Equal(q.expiry) {
		delete(d.done, q.key)
	}
	if d.head > 64 && d.head*2 >= len(d.queue) {
		d.queue = append(d.queue[:0], d.queue[d.head:]...)
		d.head = 0
	}
}
