package redisstore

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// go-redis has one logger per process (redis.SetLogger), not one per
// client, and by default prints unstructured lines to stderr. The package
// installs an adapter once, when it first builds a client, store or budget,
// that writes each line as a slog record (Warn, message "bettermode:
// redisstore: go-redis", the line in "line", cut to 300 bytes) to the
// logger of the last WithLogger given (slog.Default() by default). Call
// redis.SetLogger after that to choose otherwise.
var (
	redisLogOnce   sync.Once
	redisLogTarget atomic.Pointer[slog.Logger]
)

// routeRedisLogs installs the adapter once, and sends go-redis's lines to
// l from now on (unless l is nil).
func routeRedisLogs(l *slog.Logger) {
	if l != nil {
		redisLogTarget.Store(l)
	}
	redisLogOnce.Do(func() { redis.SetLogger(redisLogAdapter{}) })
}

// redisLogAdapter is go-redis's Logging on slog.
type redisLogAdapter struct{}

// Printf logs one go-redis line.
func (redisLogAdapter) Printf(ctx context.Context, format string, v ...any) {
	l := redisLogTarget.Load()
	if l == nil {
		l = slog.Default()
	}
	if ctx == nil {
		ctx = context.Background()
	}
	line := strings.TrimPrefix(fmt.Sprintf(format, v...), "redis: ")
	if len(line) > 300 {
		line = line[:300]
	}
	l.LogAttrs(context.WithoutCancel(ctx), slog.LevelWarn, "bettermode: redisstore: go-redis", slog.String("line", line))
}
