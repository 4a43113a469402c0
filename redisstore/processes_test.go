package redisstore_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/budget"
	"github.com/bettermode-go/bettermode/redisstore"
)

// The fleet tests below run each replica as a process of its own: the
// test binary again, with BETTERMODE_REPLICA naming what it does and BM_*
// variables its settings. A replica logs JSON records to stdout through
// slog and ends with one line {"result": ...}; it must write nothing to
// stderr.

// replicaResult is a replica's last line.
type replicaResult struct {
	Result string  `json:"result"`
	Waits  []int64 `json:"waits_us,omitempty"`
}

// runReplica is the replica process's main.
func runReplica(mode string) int {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := func(k string) string { return os.Getenv("BM_" + k) }
	rdb, err := redisstore.NewClient("redis://" + env("REDIS") + "?dial_timeout=1s&read_timeout=1s&write_timeout=1s")
	if err != nil {
		return 2
	}
	defer rdb.Close()
	opts := []redisstore.Option{redisstore.WithPrefix(env("PREFIX")), redisstore.WithLogger(logger), redisstore.WithTimeout(time.Second)}
	res := replicaResult{Result: "ok"}
	ctx := context.Background()
	switch mode {
	case "query", "down":
		key, _ := hex.DecodeString(env("KEY"))
		store, err := redisstore.NewTokenStore(rdb, key, opts...)
		if err != nil {
			res.Result = err.Error()
			break
		}
		if mode == "down" {
			_, err = store.Load(ctx, "k")
			res.Result = fmt.Sprint(err)
			break
		}
		c, err := bettermode.NewClient(bettermode.WithEndpoint(env("URL")), bettermode.WithCredentials(bettermode.App{
			ClientID: env("CLIENT_ID"), ClientSecret: bettermode.Secret(env("CLIENT_SECRET")), NetworkID: env("NETWORK")}),
			bettermode.WithCacheOptions(bettermode.WithTokenStore(store), bettermode.WithLogger(logger)))
		if err != nil {
			res.Result = err.Error()
			break
		}
		defer c.Close()
		if err := query(ctx, c); err != nil {
			res.Result = err.Error()
		}
	case "wait":
		b, err := redisstore.NewBudget(rdb, env("NETWORK"), budget.Plan{Requests: 30, Window: time.Second}, opts...)
		if err != nil {
			res.Result = err.Error()
			break
		}
		workers, _ := strconv.Atoi(env("WORKERS"))
		d, _ := time.ParseDuration(env("DURATION"))
		var mu sync.Mutex
		var wg sync.WaitGroup
		end := time.Now().Add(d)
		for range workers {
			wg.Go(func() {
				for time.Now().Before(end) {
					start := time.Now()
					if err := b.Wait(ctx, 1); err != nil {
						mu.Lock()
						res.Result = err.Error()
						mu.Unlock()
						return
					}
					mu.Lock()
					res.Waits = append(res.Waits, time.Since(start).Microseconds())
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	}
	line, _ := json.Marshal(res)
	fmt.Println(string(line))
	return 0
}

// proc is a replica process that ran.
type proc struct {
	stdout, stderr bytes.Buffer
	res            replicaResult
	err            error
}

// startReplica starts a replica process of mode with the BM_ settings.
func startReplica(t *testing.T, mode string, settings map[string]string) (*exec.Cmd, *proc) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BETTERMODE_REPLICA="+mode)
	for k, v := range settings {
		cmd.Env = append(cmd.Env, "BM_"+k+"="+v)
	}
	p := &proc{}
	cmd.Stdout, cmd.Stderr = &p.stdout, &p.stderr
	require.NoError(t, cmd.Start())
	return cmd, p
}

// finish waits for cmd and reads its result line.
func (p *proc) finish(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	p.err = cmd.Wait()
	// The result is the last line holding one; a record the client logs
	// while it closes (deferred) may follow it.
	lines := strings.Split(strings.TrimSpace(p.stdout.String()), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], `{"result":`) {
			require.NoError(t, json.Unmarshal([]byte(lines[i]), &p.res), p.stdout.String())
			return
		}
	}
	t.Fatalf("the replica printed no result: %s", p.stdout.String())
}

// runReplicas runs n replica processes of mode at once and returns them.
func runReplicas(t *testing.T, n int, mode string, settings map[string]string) []*proc {
	var cmds []*exec.Cmd
	var procs []*proc
	for range n {
		cmd, p := startReplica(t, mode, settings)
		cmds, procs = append(cmds, cmd), append(procs, p)
	}
	for i, p := range procs {
		p.finish(t, cmds[i])
	}
	return procs
}

// TestProcessFleetWrongKey (issue 18, defect 5, separate processes): a
// replica process with another key mints first; three correctly keyed
// processes started together then get no ErrWrongKey and mint once for
// their group; a warning names the other key id; nothing reaches stderr.
func TestProcessFleetWrongKey(t *testing.T) {
	addr := redisAddr(t)
	srv := bettermodetest.Start(t)
	app := srv.App()
	base := map[string]string{"REDIS": addr, "PREFIX": prefix(t), "URL": srv.URL, "NETWORK": srv.Network().ID,
		"CLIENT_ID": app.ClientID, "CLIENT_SECRET": app.ClientSecret}
	with := func(key []byte) map[string]string {
		m := map[string]string{"KEY": hex.EncodeToString(key)}
		for k, v := range base {
			m[k] = v
		}
		return m
	}
	wrong := runReplicas(t, 1, "query", with(newKey(t)))
	good := runReplicas(t, 3, "query", with(newKey(t)))
	logs := ""
	for _, p := range append(wrong, good...) {
		assert.NoError(t, p.err)
		assert.Equal(t, "ok", p.res.Result, p.stdout.String())
		assert.Empty(t, p.stderr.String(), "nothing on stderr: every record goes through slog")
		assert.NotContains(t, p.stdout.String(), "eyJ", "no token in the logs")
		assert.NotContains(t, p.stdout.String(), app.ClientSecret)
		logs += p.stdout.String()
	}
	t.Logf("mints: %d; minted %d, loaded %d, warnings %d", srv.Minted(bettermodetest.KindApp), strings.Count(logs, "token minted"),
		strings.Count(logs, "token loaded from the store"), strings.Count(logs, "another key"))
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp), "one mint per key group")
	assert.Equal(t, 2, strings.Count(logs, `"msg":"bettermode: token minted"`), "the minting replicas say minted")
	assert.Equal(t, 2, strings.Count(logs, `"msg":"bettermode: token loaded from the store"`), "the others say loaded")
	assert.Contains(t, logs, "replicas with another key share this credential")
	assert.NotContains(t, logs, "cannot be decrypted")
}

// TestProcessFleetFairness (issue 18, defect 7, separate processes): four
// replica processes with three callers each overload one budget for 3 s:
// the longest wait stays within twice the mean.
func TestProcessFleetFairness(t *testing.T) {
	addr := redisAddr(t)
	procs := runReplicas(t, 4, "wait", map[string]string{"REDIS": addr, "PREFIX": prefix(t), "NETWORK": "net1", "WORKERS": "3", "DURATION": "3s"})
	var waits []time.Duration
	for _, p := range procs {
		assert.NoError(t, p.err)
		assert.Equal(t, "ok", p.res.Result, p.stdout.String())
		assert.Empty(t, p.stderr.String())
		for _, us := range p.res.Waits {
			waits = append(waits, time.Duration(us)*time.Microsecond)
		}
	}
	mean, longest := waitStats(waits, 0)
	t.Logf("%d waits in 4 processes: mean %s, longest %s (%.2f× the mean)", len(waits), mean.Round(time.Millisecond), longest.Round(time.Millisecond), float64(longest)/float64(mean))
	assert.Greater(t, len(waits), 40)
	assert.LessOrEqual(t, longest, 2*mean, "waits close to first come, first served across processes")
}

// TestProcessLogsThroughSlogOnly (issue 18, defect 6, separate process):
// with Redis refusing connections, the process writes nothing to stderr;
// go-redis's line and the warning (refused, with the address) are slog
// records.
func TestProcessLogsThroughSlogOnly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	cmd, p := startReplica(t, "down", map[string]string{"REDIS": addr, "PREFIX": prefix(t), "KEY": hex.EncodeToString(newKey(t))})
	p.finish(t, cmd)
	require.NoError(t, p.err)
	t.Log(strings.TrimSpace(p.stdout.String()))
	assert.Empty(t, p.stderr.String(), "go-redis printed nothing to stderr")
	assert.Contains(t, p.stdout.String(), `"msg":"bettermode: redisstore: go-redis"`)
	assert.Contains(t, p.stdout.String(), `"msg":"bettermode: redis refused the connection; the token store falls back to this process until it answers again"`)
	assert.Contains(t, p.stdout.String(), `"addr":"`+addr+`"`)
}
