//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package oauth

import "context"

// lockFile is a no-op where flock does not exist: FileStore.Lock then locks
// within the process only.
func lockFile(ctx context.Context, path string) (func(), error) { return func() {}, nil }
