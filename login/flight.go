package login

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/bettermode-go/bettermode"
)

// flight runs a source's fetches one at a time and gives callers that
// overlap a fetch its result: concurrent first calls make one login, and
// concurrent renewals one renewal.
type flight struct {
	sem    chan struct{} // held by the running fetch
	gen    atomic.Uint64 // fetches done
	closed atomic.Bool

	mu      sync.Mutex
	tok     *bettermode.Token
	err     error
	ctxDone bool // the last fetch failed because its caller's ctx ended
}

func newFlight() *flight { return &flight{sem: make(chan struct{}, 1)} }

// do returns the result of a fetch that started after the call began: its
// own, or that of one that ran while it waited.
func (f *flight) do(ctx context.Context, op string, fetch func(context.Context) (*bettermode.Token, error)) (*bettermode.Token, error) {
	if ctx == nil {
		return nil, invalid(op, "nil context")
	}
	if f.closed.Load() {
		return nil, errClosed(op)
	}
	if ctx.Err() != nil { // before any fetch: a code is not spent for nothing
		return nil, fmt.Errorf("bettermode: login: %s: %w", op, context.Cause(ctx))
	}
	g := f.gen.Load()
	select {
	case f.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("bettermode: login: %s: %w", op, context.Cause(ctx))
	}
	defer func() { <-f.sem }()
	if f.closed.Load() {
		return nil, errClosed(op)
	}
	f.mu.Lock()
	shared, tok, err := f.gen.Load() != g && !f.ctxDone, f.tok, f.err
	f.mu.Unlock()
	if shared {
		return tok, err
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("bettermode: login: %s: %w", op, context.Cause(ctx))
	}
	tok, err = fetch(ctx)
	f.mu.Lock()
	f.tok, f.err, f.ctxDone = tok, err, err != nil && ctx.Err() != nil
	f.mu.Unlock()
	f.gen.Add(1)
	return tok, err
}

// close makes later calls fail. A fetch in flight ends on its own (closing
// the source's connections hastens it).
func (f *flight) close() { f.closed.Store(true) }

func errClosed(op string) error {
	return fmt.Errorf("bettermode: login: %s: source closed: %w", op, bettermode.ErrClosed)
}
