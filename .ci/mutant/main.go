// Command mutant runs mutants that gremlins (v0.6.0) lists, one by one, the
// way gremlins runs them: it reads gremlins' output lines ("NOT COVERED
// CONDITIONALS_NEGATION at cache.go:157:23") on standard input, applies
// each mutant through go test's -overlay (the files on disk are never
// changed), runs the package's tests with -failfast and prints KILLED,
// LIVED, TIMED OUT or NOT VIABLE for it, like gremlins. Not run by CI; see
// .ci/mutation.
//
// It serves two purposes. Mutants on a line that Go's coverage profile puts
// in no block (the case expressions of a tagless switch, whose counters
// start after the colon) are reported NOT COVERED by gremlins however often
// they run: -status "NOT COVERED" runs them. And on a loaded machine a full
// gremlins run of the root package takes hours: -quick runs the tests
// matching a pattern first and the whole package only for a mutant they do
// not kill (a mutant is killed by any failing test, so the verdicts are
// the same, only sooner).
//
//	gremlins unleash --dry-run ... > dry.log
//	go run ./.ci/mutant -status RUNNABLE,"NOT COVERED" -quick 'Mut|Scrub' < dry.log
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

var line = regexp.MustCompile(`(NOT COVERED|LIVED|TIMED OUT|RUNNABLE|KILLED)\s+([A-Z_]+) at (\S+\.go):(\d+):(\d+)`)

// swaps are gremlins' replacements, per mutant type and token.
var swaps = map[string]map[string]string{
	"CONDITIONALS_NEGATION": {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"},
	"CONDITIONALS_BOUNDARY": {"<": "<=", "<=": "<", ">": ">=", ">=": ">"},
	"ARITHMETIC_BASE":       {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*"},
	"INCREMENT_DECREMENT":   {"++": "--", "--": "++"},
	"INVERT_NEGATIVES":      {"-": "+"},
}

func main() {
	dir := flag.String("dir", ".", "the package's directory, which gremlins' paths are relative to")
	timeout := flag.Duration("timeout", 5*time.Minute, "the most one mutant's tests may take")
	status := flag.String("status", "NOT COVERED", "which of gremlins' lines to run, comma-separated: NOT COVERED, RUNNABLE (dry run), LIVED, TIMED OUT")
	quick := flag.String("quick", "", "a -run pattern of tests to try first")
	workers := flag.Int("workers", 1, "mutants run at once")
	flag.Parse()
	want := map[string]bool{}
	for _, s := range strings.Split(*status, ",") {
		want[strings.TrimSpace(s)] = true
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(err)
	}
	sc := bufio.NewScanner(os.Stdin)
	var todo [][]string
	for sc.Scan() {
		if m := line.FindStringSubmatch(sc.Text()); m != nil && want[m[1]] {
			todo = append(todo, m)
		}
	}
	counts := map[string]int{}
	var mu sync.Mutex
	next := make(chan []string)
	var wg sync.WaitGroup
	for range max(*workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range next {
				ln, _ := strconv.Atoi(m[4])
				col, _ := strconv.Atoi(m[5])
				res := run(abs, m[2], m[3], ln, col, *timeout, *quick)
				mu.Lock()
				counts[res]++
				fmt.Printf("%12s %s at %s:%s:%s\n", res, m[2], m[3], m[4], m[5])
				mu.Unlock()
			}
		}()
	}
	for _, m := range todo {
		next <- m
	}
	close(next)
	wg.Wait()
	fmt.Printf("killed %d, lived %d, timed out %d, not viable %d\n", counts["KILLED"], counts["LIVED"], counts["TIMED OUT"], counts["NOT VIABLE"])
}

func run(dir, typ, file string, ln, col int, timeout time.Duration, quick string) string {
	path := filepath.Join(dir, file)
	src, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	if ln < 1 || ln > len(lines) || col < 1 || col > len(lines[ln-1]) {
		return "NOT VIABLE"
	}
	l := string(lines[ln-1])
	rest := l[col-1:]
	var from, to string
	for tok, rep := range swaps[typ] {
		if strings.HasPrefix(rest, tok) && len(tok) > len(from) {
			from, to = tok, rep
		}
	}
	if from == "" {
		return "NOT VIABLE"
	}
	lines[ln-1] = []byte(l[:col-1] + to + rest[len(from):])
	tmp, err := os.MkdirTemp("", "mutant")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	mutated := filepath.Join(tmp, filepath.Base(file))
	if err := os.WriteFile(mutated, bytes.Join(lines, nil), 0o644); err != nil {
		fail(err)
	}
	overlay, _ := json.Marshal(map[string]any{"Replace": map[string]string{path: mutated}})
	ovl := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovl, overlay, 0o644); err != nil {
		fail(err)
	}
	if quick != "" {
		// A failure kills the mutant; a hang would hang the whole package too.
		if res := test(filepath.Dir(path), ovl, timeout, "-run", quick); res != "LIVED" {
			return res
		}
	}
	return test(filepath.Dir(path), ovl, timeout)
}

// test runs the package's tests in dir with the overlay.
func test(dir, ovl string, timeout time.Duration, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-count=1", "-failfast", "-timeout", timeout.String(), "-overlay", ovl}, append(args, ".")...)...)
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the test binary too
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return "TIMED OUT"
	case err == nil:
		return "LIVED"
	case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
		return "NOT VIABLE"
	case errors.As(err, &ee):
		return "KILLED"
	}
	fail(err)
	return ""
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutant:", err)
	os.Exit(1)
}
