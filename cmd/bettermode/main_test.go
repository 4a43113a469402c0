package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// The tests build the real binary once and drive it as a user would: against
// a stand-in server started in the test process (bettermodetest.Start, passed
// with --endpoint), through pipes and pseudo-terminals, in a config directory
// of their own.

var binPath string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "bettermode-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binPath = filepath.Join(dir, "bettermode")
	if runtime.GOOS == "windows" {
		binPath += ".exe"
	}
	// Built without -race even when the tests run with it: the stand-in's
	// schema is parsed at start-up, which the race detector slows tenfold,
	// and every test starts the binary many times.
	build := exec.Command(goTool(), "build", "-o", binPath, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the bettermode binary: %v\n%s", err, out)
		return 1
	}
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			return 1
		}
	}
	return code
}

func goTool() string {
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// cli runs the binary in a home and config directory of its own, and
// collects everything it printed, to check at the end of the test that no
// secret was printed.
type runner struct {
	t        *testing.T
	home     string
	cfg      string // BETTERMODE_CONFIG_DIR
	endpoint string // passed as --endpoint unless a run names --fake or --endpoint
	env      []string

	mu      sync.Mutex
	outputs []output
	secrets []string // values that must never be printed or stored outside the session files
}

type output struct {
	args       []string
	text       string
	mayHoldTok bool // bettermode token, or --json output
}

type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// newCLI returns a runner against srv (nil: no endpoint is passed). Every
// password and client secret srv knows is registered as a secret.
func newCLI(t *testing.T, srv *bettermodetest.Server) *runner {
	t.Helper()
	home := t.TempDir()
	c := &runner{t: t, home: home, cfg: filepath.Join(home, "config", "bettermode")}
	c.secrets = append(c.secrets, bettermodetest.WebhookSigningSecret, bettermodetest.OAuth2ClientSecret)
	fake := bettermodetest.New() // the --fake stand-in's credentials
	for _, s := range []*bettermodetest.Server{srv, fake} {
		if s == nil {
			continue
		}
		for _, m := range s.Members() {
			c.secrets = append(c.secrets, m.Password)
		}
		for _, a := range s.Apps() {
			c.secrets = append(c.secrets, a.ClientSecret)
		}
	}
	if srv != nil {
		c.endpoint = srv.URL
	}
	t.Cleanup(c.checkSecrets)
	return c
}

// addSecret registers a value that must never be printed.
func (c *runner) addSecret(s string) {
	c.mu.Lock()
	c.secrets = append(c.secrets, s)
	c.mu.Unlock()
}

func (c *runner) environ(extra []string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + c.home,
		"XDG_CONFIG_HOME=" + filepath.Join(c.home, "xdg"),
		"BETTERMODE_CONFIG_DIR=" + c.cfg,
		"TERM=dumb",
	}
	env = append(env, c.env...)
	return append(env, extra...)
}

// argv adds --endpoint to args unless they name --fake, --endpoint or
// --region, or the runner has no endpoint.
func (c *runner) argv(args []string) []string {
	if c.endpoint == "" {
		return args
	}
	for _, a := range args {
		if a == "--fake" || a == "--endpoint" || a == "--region" || strings.HasPrefix(a, "--endpoint=") || strings.HasPrefix(a, "--region=") || a == "--" {
			return args
		}
	}
	return append([]string{"--endpoint", c.endpoint}, args...)
}

func (c *runner) command(ctx context.Context, env []string, args []string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, binPath, c.argv(args)...)
	cmd.Env = c.environ(env)
	cmd.Dir = c.home
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// run runs the binary with stdin and returns what it printed.
func (c *runner) run(stdin string, args ...string) result {
	return c.runEnv(nil, stdin, args...)
}

func (c *runner) runEnv(env []string, stdin string, args ...string) result {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := c.command(ctx, env, args)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), code: exitCode(c.t, err)}
	c.record(args, r.stdout+r.stderr)
	return r
}

// runCombined runs the binary with stdout and stderr on one pipe, in the
// order it wrote them (as a terminal shows them).
func (c *runner) runCombined(args ...string) (string, int) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := c.command(ctx, nil, args)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	c.record(args, out.String())
	return out.String(), exitCode(c.t, err)
}

func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	t.Fatalf("running bettermode: %v", err)
	return -1
}

func (c *runner) record(args []string, text string) {
	mayHold := false
	for _, a := range args {
		mayHold = mayHold || a == "--json"
	}
	// The command is the first word that is neither a flag nor the value of
	// a global flag.
	for i := 0; i < len(args); i++ {
		if a := args[i]; a == "--endpoint" || a == "--region" || a == "--profile" {
			i++
		} else if !strings.HasPrefix(a, "-") {
			mayHold = mayHold || a == "token"
			break
		}
	}
	c.mu.Lock()
	c.outputs = append(c.outputs, output{args: args, text: text, mayHoldTok: mayHold})
	c.mu.Unlock()
}

// jwtRE matches a JWT (the stand-in's tokens are JWTs).
var jwtRE = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

// checkSecrets fails the test when any output holds a password or secret,
// when an output other than bettermode token's or --json's holds a token, or
// when a file other than a session file holds either.
func (c *runner) checkSecrets() {
	t := c.t
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, o := range c.outputs {
		for _, s := range c.secrets {
			if s != "" && strings.Contains(o.text, s) {
				t.Errorf("the output of %q holds a secret:\n%s", o.args, o.text)
			}
		}
		if !o.mayHoldTok {
			if tok := jwtRE.FindString(o.text); tok != "" || strings.Contains(o.text, "fake-oauth2-access-") {
				t.Errorf("the output of %q holds a token:\n%s", o.args, o.text)
			}
		}
		if strings.Contains(o.text, "fake-oauth2-refresh-") {
			t.Errorf("the output of %q holds a refresh token:\n%s", o.args, o.text)
		}
	}
	_ = filepath.WalkDir(c.home, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		text := string(b)
		for _, s := range c.secrets {
			if s != "" && strings.Contains(text, s) {
				t.Errorf("%s holds a password or client secret", path)
			}
		}
		if !isSessionFile(c.cfg, path) && (jwtRE.MatchString(text) || strings.Contains(text, "fake-oauth2-")) {
			t.Errorf("%s holds a token but is not a session file", path)
		}
		return nil
	})
}

// isSessionFile reports whether path is a session file: a profile's JSON
// file, or an OAuth token file.
func isSessionFile(cfg, path string) bool {
	rel, err := filepath.Rel(cfg, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(strings.TrimPrefix(rel, "fake"+string(filepath.Separator)))
	return (strings.HasPrefix(rel, "profiles/") && strings.HasSuffix(rel, ".json")) || strings.HasPrefix(rel, "oauth/")
}

// proc is a running binary whose output the test watches.
type proc struct {
	t      *testing.T
	c      *runner
	args   []string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    syncBuffer // stdout and stderr
	done   chan struct{}
	code   int
	cancel context.CancelFunc
}

func (c *runner) start(env []string, args ...string) *proc {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	p := &proc{t: c.t, c: c, args: args, done: make(chan struct{}), cancel: cancel}
	p.cmd = c.command(ctx, env, args)
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	p.stdin = stdin
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	go func() {
		err := p.cmd.Wait()
		p.code = -1
		if err == nil {
			p.code = 0
		} else if ee, ok := err.(*exec.ExitError); ok {
			p.code = ee.ExitCode()
		}
		close(p.done)
	}()
	c.t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
		cancel()
	})
	return p
}

// waitFor waits until the output matches re, and returns the match's groups.
func (p *proc) waitFor(re string) []string {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := rx.FindStringSubmatch(p.out.String()); m != nil {
			return m
		}
		select {
		case <-p.done:
			if m := rx.FindStringSubmatch(p.out.String()); m != nil {
				return m
			}
			p.t.Fatalf("bettermode %q ended (exit %d) without printing %q:\n%s", p.args, p.code, re, p.out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("bettermode %q did not print %q:\n%s", p.args, re, p.out.String())
		}
	}
}

// wait waits for the process to end and returns its exit code and output.
func (p *proc) wait() (string, int) {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.t.Fatalf("bettermode %q did not end:\n%s", p.args, p.out.String())
	}
	p.c.record(p.args, p.out.String())
	return p.out.String(), p.code
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func readJSONFile(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return decodeJSON(t, b)
}

func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, b)
	}
	return m
}

// sessionFile reads a profile's session file as a map.
func (c *runner) sessionFile(profile string) map[string]any {
	c.t.Helper()
	return readJSONFile(c.t, filepath.Join(c.cfg, "profiles", profile+".json"))
}
