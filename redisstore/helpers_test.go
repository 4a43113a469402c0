package redisstore_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/redisstore"
)

// slow is the timeout of the tests that count mints (see newRedis).
var slow = redisstore.WithTimeout(time.Second)

// redisAddr returns the address of the test Redis (BETTERMODE_TEST_REDIS,
// which .ci/run sets). Without it the test is skipped, except in CI.
func redisAddr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv("BETTERMODE_TEST_REDIS")
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("BETTERMODE_TEST_REDIS is not set in CI: .ci/run must start redis-server")
		}
		t.Skip("no Redis: set BETTERMODE_TEST_REDIS=127.0.0.1:6390 after `redis-server --port 6390 --save '' --appendonly no --daemonize yes` (as .ci/run does)")
	}
	return addr
}

// newRedis returns a client of the package's kind for addr, closed at the end.
func newRedis(t testing.TB, addr string) *redis.Client {
	t.Helper()
	// Timeouts of a second: under -race on a loaded CI machine a call may
	// take longer than the 200 ms meant for production, which would make
	// a replica fall back (and mint) where a test counts mints.
	rdb, err := redisstore.NewClient("redis://" + addr + "?dial_timeout=1s&read_timeout=1s&write_timeout=1s")
	require.NoError(t, err)
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// prefix is a key prefix of its own for each test, so that tests never
// share keys.
func prefix(t testing.TB) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "bmtest:" + strings.ReplaceAll(t.Name(), "/", ":") + ":" + hex.EncodeToString(b[:]) + ":"
}

func newKey(t testing.TB) []byte {
	k := make([]byte, 32)
	_, err := rand.Read(k)
	require.NoError(t, err)
	return k
}

type authMemberQuery struct {
	AuthMember struct {
		ID   string
		Name string
	} `graphql:"authMember"`
}

func appOf(srv *bettermodetest.Server) bettermode.App {
	a := srv.App()
	return bettermode.App{ClientID: a.ClientID, ClientSecret: bettermode.Secret(a.ClientSecret), NetworkID: srv.Network().ID}
}

// replica returns a client of srv's app, standing in for one replica of a
// fleet, closed at the end.
func replica(t testing.TB, url string, src bettermode.CredentialSource, opts ...bettermode.Option) *bettermode.Client {
	t.Helper()
	c, err := bettermode.NewClient(append([]bettermode.Option{bettermode.WithEndpoint(url), bettermode.WithCredentials(src)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// mintClock serves srv's handler and records when each app token is minted.
type mintClock struct {
	mu    sync.Mutex
	times []time.Time
}

func (m *mintClock) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if bytes.Contains(body, []byte("limitedToken(")) {
			m.mu.Lock()
			m.times = append(m.times, time.Now())
			m.mu.Unlock()
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, r)
	})
}

func (m *mintClock) all() []time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]time.Time(nil), m.times...)
}

// proxy is a TCP proxy to Redis that a test can cut: while cut, it holds
// new connections without forwarding a byte (a Redis that hangs, the worst
// case for a client) and drops the ones it had.
type proxy struct {
	ln     net.Listener
	target string
	cut    atomic.Bool
	mu     sync.Mutex
	conns  map[net.Conn]bool
	wg     sync.WaitGroup
}

func startProxy(t testing.TB, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(func() {
		_ = ln.Close()
		p.dropAll()
		p.wg.Wait()
	})
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conns == nil {
		return false
	}
	p.conns[c] = true
	return true
}

func (p *proxy) dropAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		_ = c.Close()
	}
	clear(p.conns)
}

// setCut cuts (true) or restores (false) the link to Redis.
func (p *proxy) setCut(cut bool) {
	p.cut.Store(cut)
	p.dropAll()
}

func (p *proxy) serve() {
	defer p.wg.Done()
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.track(in) {
			_ = in.Close()
			continue
		}
		if p.cut.Load() {
			continue // held open, never answered, until dropAll
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = in.Close()
			continue
		}
		p.track(out)
		p.wg.Add(2)
		go func() { defer p.wg.Done(); _, _ = io.Copy(out, in); _ = out.Close() }()
		go func() { defer p.wg.Done(); _, _ = io.Copy(in, out); _ = in.Close() }()
	}
}

// logBuffer is a slog handler's output, safe for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *logBuffer) String() string       { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }
func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

func query(ctx context.Context, c *bettermode.Client) error {
	var q authMemberQuery
	return c.Query(ctx, &q, nil)
}
