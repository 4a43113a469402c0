package bettermode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultStallTimeout is how long an HTTP attempt may go without receiving
// anything from the server before it is abandoned (see WithStallTimeout).
const DefaultStallTimeout = 30 * time.Second

// stallError ends an attempt that received nothing for the stall timeout.
// Like a transport error, it is retried for a query and never for a
// mutation (which may have run).
type stallError struct{ d time.Duration }

func (e stallError) Error() string {
	return fmt.Sprintf("the server sent nothing for %s", e.d)
}

// Timeout reports true: a stall is a timeout, as net.Error means it.
func (stallError) Timeout() bool { return true }

// Unwrap makes a stall match os.ErrDeadlineExceeded, as an I/O timeout does.
func (stallError) Unwrap() error { return os.ErrDeadlineExceeded }

// inflight bounds the HTTP attempts of one caller beyond their contexts:
// Close ends them all at once (a hard close), and an attempt that has
// received nothing from the server for the stall timeout (no headers, or no
// more of the body) is abandoned. One timer function, armed while attempts
// are in flight, checks them every quarter of the timeout: an attempt costs
// a context and a map entry, no timer of its own (a channel timer per
// request, as http.Transport's ResponseHeaderTimeout makes, measured 6% of
// a loopback request), and no goroutine lingers once they are done.
type inflight struct {
	stall time.Duration // <= 0: no stall check
	epoch time.Time     // the clock's zero
	watch *connWatch    // the SDK's transport's: its connections carry the bound; nil for another transport

	done chan struct{} // closed by close

	mu     sync.Mutex
	set    map[*attemptBound]struct{}
	closed bool
	timer  *time.Timer // made on first use
	armed  bool
}

// attemptBound is one attempt in flight.
type attemptBound struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	last   atomic.Int64 // when the server last sent something, in ns since epoch
	f      *inflight
	body   io.Reader // the body being read (Read)
}

func newInflight(stall time.Duration, watch *connWatch) *inflight {
	return &inflight{stall: stall, epoch: time.Now(), watch: watch, done: make(chan struct{}), set: map[*attemptBound]struct{}{}}
}

// isClosed reports whether close was called.
func (f *inflight) isClosed() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

func (f *inflight) now() int64 { return int64(time.Since(f.epoch)) }

// tick is how often the attempts are checked.
func (f *inflight) tick() time.Duration { return checkPeriod(f.stall) }

// checkPeriod is how often a stall timeout of stall is checked, by the
// attempts' bound here and by the connections' watch (connwatch.go).
func checkPeriod(stall time.Duration) time.Duration { return max(stall/4, time.Millisecond) }

// start returns the bound of one attempt of ctx; release it when the
// attempt's body is read. After close, its context is already ended.
func (f *inflight) start(ctx context.Context) *attemptBound {
	b := &attemptBound{f: f}
	b.ctx, b.cancel = context.WithCancelCause(ctx)
	b.last.Store(f.now())
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		b.cancel(ErrClosed)
		return b
	}
	f.set[b] = struct{}{}
	if f.stall > 0 && !f.armed {
		f.armed = true
		if f.timer == nil {
			f.timer = time.AfterFunc(f.tick(), f.check)
		} else {
			f.timer.Reset(f.tick())
		}
	}
	return b
}

// check abandons the attempts that stalled, and re-arms itself while any
// attempt is in flight.
func (f *inflight) check() {
	now := f.now()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed || len(f.set) == 0 {
		f.armed = false
		return
	}
	for b := range f.set {
		if now-b.last.Load() >= int64(f.stall) {
			b.cancel(stallError{f.stall})
		}
	}
	f.timer.Reset(f.tick())
}

// close ends every attempt in flight and every later one with ErrClosed.
func (f *inflight) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return
	}
	f.closed = true
	close(f.done)
	for b := range f.set {
		b.cancel(ErrClosed)
	}
	if f.timer != nil {
		f.timer.Stop()
	}
	if f.watch != nil {
		f.watch.close()
	}
}

// progress restarts the stall clock: something came from the server.
func (b *attemptBound) progress() { b.last.Store(b.f.now()) }

// Read reads the body, restarting the stall clock on every byte received.
func (b *attemptBound) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 {
		b.progress()
	}
	return n, err
}

// release ends the attempt.
func (b *attemptBound) release() {
	b.f.mu.Lock()
	delete(b.f.set, b)
	b.f.mu.Unlock()
	b.cancel(nil)
}

// why returns the error an attempt failed with: the stall or the client's
// Close when one of them ended it (and not the caller's context), err
// otherwise.
func (b *attemptBound) why(ctx context.Context, err error) error {
	if b == nil || err == nil || ctx.Err() != nil {
		return err
	}
	switch cause := context.Cause(b.ctx); {
	case errors.Is(cause, ErrClosed):
		return ErrClosed
	case errors.As(cause, new(stallError)):
		return cause
	}
	return err
}
