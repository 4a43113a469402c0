//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package oauth

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/bettermode-go/bettermode/internal/privfile"
)

// lockFile takes an exclusive flock on path (created with mode 0600; a
// symbolic link, a FIFO or a file of another user there is refused),
// polling so that ctx can end the wait, and returns the function that frees
// it. flock locks belong to an open file, so two FileStores in one process
// exclude each other as two processes do.
func lockFile(ctx context.Context, path string) (func(), error) {
	f, err := privfile.OpenLock(path)
	if err != nil {
		return nil, fileError("cannot open the token's lock file", err)
	}
	delay := time.Millisecond
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("bettermode: oauth: cannot lock the token's lock file: %w", err)
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			f.Close()
			return nil, newError("bettermode: oauth: gave up waiting for the token's lock file: the context ended", ctx.Err())
		case <-t.C:
		}
		delay = min(2*delay, 50*time.Millisecond)
	}
}
