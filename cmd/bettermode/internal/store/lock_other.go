//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import (
	"context"
	"sync"
)

// Without flock, sessions are locked within the process only.
var processLock sync.Mutex

func lockFile(ctx context.Context, _ string) (func(), error) {
	done := make(chan struct{})
	go func() { processLock.Lock(); close(done) }()
	select {
	case <-done:
		return processLock.Unlock, nil
	case <-ctx.Done():
		go func() { <-done; processLock.Unlock() }()
		return nil, ctx.Err()
	}
}
