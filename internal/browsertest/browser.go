// Package browsertest drives a real headless Chromium through the pages a
// person sees: the login pages of package oauth and of the examples. Only
// tests import it; the library never does.
//
// A test binary shares one browser: the first Open starts Chromium with a
// fresh profile and the flags of a machine without network access, and Main
// stops it when the tests end. Each test gets its own tab in its own browser
// context, so cookies never leak from one test to another. Without Chromium
// the tests skip, except when the environment variable CI is set: then they
// fail, since .ci/run installs Debian's chromium package.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeouts that bound every step: StartTimeout the browser's start and
// stop, StepTimeout each action in a tab (opening it, a navigation, a query).
const (
	StartTimeout = 30 * time.Second
	StepTimeout  = 10 * time.Second
)

// EnvChromium names the environment variable that may hold the browser to
// run (a path or a name in PATH); by default the first of chromium,
// chromium-browser, google-chrome and google-chrome-stable found in PATH.
const EnvChromium = "BETTERMODE_TEST_CHROMIUM"

// browser is the test binary's shared browser.
var browser struct {
	mu      sync.Mutex
	started bool
	ctx     context.Context // the browser's chromedp context
	stop    func()
	missing bool  // err says that Chromium is not installed
	err     error // why there is no browser
}

// Main runs the tests of m, then stops the shared browser. Call it from
// TestMain:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop stops the shared browser, if one runs, and removes its profile. Main
// calls it; a TestMain of its own calls it after m.Run.
func Stop() {
	browser.mu.Lock()
	defer browser.mu.Unlock()
	if browser.stop != nil {
		browser.stop()
		browser.stop = nil
	}
	browser.started, browser.ctx, browser.err = false, nil, nil
}

// findChromium returns the path of the browser to run.
func findChromium() (string, error) {
	if p := os.Getenv(EnvChromium); p != "" {
		return exec.LookPath(p)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("chromium is not installed (not in PATH)")
}

// shared returns the shared browser's context, starting the browser on first
// use. It skips t when Chromium is missing, or fails it when CI is set.
func shared(t *testing.T) context.Context {
	t.Helper()
	browser.mu.Lock()
	defer browser.mu.Unlock()
	if !browser.started {
		browser.started = true
		browser.ctx, browser.stop, browser.missing, browser.err = start()
	}
	switch {
	case browser.err == nil:
		return browser.ctx
	case browser.missing && os.Getenv("CI") == "":
		t.Skipf("browsertest: %v; install it (Debian: apt-get install chromium) to run the browser tests", browser.err)
	case browser.missing:
		t.Fatalf("browsertest: %v, and CI is set: CI must run the browser tests (.ci/run installs chromium)", browser.err)
	default:
		t.Fatalf("browsertest: chromium does not start: %v", browser.err)
	}
	return nil
}

// start starts Chromium, bounded by StartTimeout. chromedp gives it a fresh
// profile directory, which it removes when the browser stops.
func start() (ctx context.Context, stop func(), missing bool, err error) {
	path, err := findChromium()
	if err != nil {
		return nil, nil, true, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		// The machine's network is closed: nothing may try to call home.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	stop = func() {
		// A graceful close, bounded; then kill what is left.
		_ = bounded(StartTimeout, func() error { return chromedp.Cancel(bctx) })
		bcancel()
		acancel()
	}
	// The first Run binds the browser to bctx: it must carry no deadline.
	if err := bounded(StartTimeout, func() error { return chromedp.Do(bctx) }); err != nil {
		stop()
		return nil, nil, false, fmt.Errorf("%s: %w", path, err)
	}
	return bctx, stop, false, nil
}

// bounded runs fn and waits for it at most d. On a timeout fn keeps running
// until the caller cancels the context fn uses, which ends it.
func bounded(d time.Duration, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("no answer within %v", d)
	}
}
