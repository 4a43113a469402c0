package browsertest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Options configures a tab.
type Options struct {
	// NoScript turns JavaScript off in the tab
	// (Emulation.setScriptExecutionDisabled), to check that the pages work
	// without it. Default false: JavaScript on.
	NoScript bool
}

// Tab is a browser tab of one test, in a browser context of its own (its
// own cookies). It records every request it makes (see Requests). Its
// methods fail the test on an error, so call them from the test's own
// goroutine (not from a subtest's); they are not safe for concurrent use,
// except Requests, Hops and BrokenResources.
type Tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	requests []*Request
	current  map[network.RequestID]*Request // the latest hop of each request
	errors   []string                       // the console's errors, but the network's
}

// Request is one HTTP request the tab made: each hop of a redirect chain is
// one Request.
type Request struct {
	// URL is the requested URL.
	URL string
	// Method is the HTTP method.
	Method string
	// Type is what the browser loads: Document, Stylesheet, Image, ...
	Type network.ResourceType
	// Status is the HTTP status of the answer, 0 when none came.
	Status int64
	// MimeType is the answer's type as the browser understood it.
	MimeType string
	// Failed is the browser's error when the load failed ("" when it did
	// not); Canceled says the browser canceled it.
	Failed   string
	Canceled bool
}

// Open opens a tab for t, closed when t ends. It skips t when Chromium is
// missing (fails it when CI is set).
func Open(t *testing.T, opts Options) *Tab {
	t.Helper()
	bctx := shared(t)
	tab := &Tab{t: t, current: map[network.RequestID]*Request{}}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tab.record))
	t.Cleanup(cancel)
	tab.ctx = ctx
	// The first Run binds the tab to ctx: it must carry no deadline.
	if err := bounded(StepTimeout, func() error { return chromedp.Do(ctx) }); err != nil {
		cancel()
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	if opts.NoScript {
		tab.call(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		})
	}
	return tab
}

// call runs fn in the tab, bounded by StepTimeout, and fails the test on
// an error.
func (tab *Tab) call(fn func(ctx context.Context, tg *chromedp.Target) error) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, StepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Func(fn)); err != nil {
		tab.t.Fatalf("browsertest: %v", err)
	}
}

// record keeps the tab's network events and console errors. It runs in
// chromedp's event loop, so it only takes notes.
func (tab *Tab) record(ev any) {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if prev := tab.current[ev.RequestID]; prev != nil && ev.RedirectResponse != nil {
			prev.Status, prev.MimeType = ev.RedirectResponse.Status, ev.RedirectResponse.MimeType
		}
		r := &Request{URL: ev.Request.URL, Method: ev.Request.Method, Type: ev.Type}
		tab.requests = append(tab.requests, r)
		tab.current[ev.RequestID] = r
	case *network.EventResponseReceived:
		if r := tab.current[ev.RequestID]; r != nil {
			r.Status, r.MimeType = ev.Response.Status, ev.Response.MimeType
		}
	case *network.EventLoadingFailed:
		if r := tab.current[ev.RequestID]; r != nil {
			r.Failed, r.Canceled = ev.ErrorText, ev.Canceled
		}
	case *log.EventEntryAdded:
		// The network's errors repeat what the requests say, and an error
		// page's status is on purpose; every other error is a problem, such
		// as a load the page's Content-Security-Policy blocked.
		if e := ev.Entry; e.Level == log.EntryLevelError && e.Source != log.EntrySourceNetwork {
			tab.errors = append(tab.errors, fmt.Sprintf("%s: %s", e.Source, e.Text))
		}
	case *runtime.EventExceptionThrown:
		tab.errors = append(tab.errors, "javascript: "+ev.ExceptionDetails.Text)
	}
}

// Requests returns a copy of every request the tab made so far, in order.
func (tab *Tab) Requests() []Request {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	out := make([]Request, len(tab.requests))
	for i, r := range tab.requests {
		out[i] = *r
	}
	return out
}

// Cookies returns the cookies the browser holds for the URLs (Network.getCookies):
// with their HttpOnly, SameSite, Secure, Path and expiry as stored.
func (tab *Tab) Cookies(urls ...string) []*network.Cookie {
	tab.t.Helper()
	var out []*network.Cookie
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: urls})
		out = res.Cookies
		return err
	})
	return out
}

// Cookie returns the cookie named name among the cookies for url, or nil.
func (tab *Tab) Cookie(url, name string) *network.Cookie {
	tab.t.Helper()
	for _, c := range tab.Cookies(url) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Snapshot is the browser's state when a paused request was about to be
// sent (see PauseAt).
type Snapshot struct {
	// URL is the paused request's URL.
	URL string
	// Cookies are the cookies the browser held then for PauseAt's URLs.
	Cookies []*network.Cookie
}

// PauseAt holds every request whose URL matches pattern ("*" matches any
// text, as in Fetch.enable) while it reads the browser's cookies for
// cookieURLs, then lets the request go. It returns a function that lists
// what it saw so far. Use it to look at the browser in the middle of a
// redirect chain, such as on its way to the provider's page.
func (tab *Tab) PauseAt(pattern string, cookieURLs ...string) func() []Snapshot {
	tab.t.Helper()
	var (
		mu    sync.Mutex
		snaps []Snapshot
	)
	pctx, pcancel := context.WithCancel(tab.ctx)
	paused := chromedp.Events(pctx, fetch.RequestPaused) // subscribed before Fetch.enable
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev, err := range paused {
			if err != nil {
				return // the test ended
			}
			ctx, cancel := context.WithTimeout(pctx, StepTimeout)
			res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: cookieURLs})
			if err != nil {
				tab.t.Errorf("browsertest: reading the cookies at %s: %v", path(ev.Request.URL), err)
			}
			mu.Lock()
			snaps = append(snaps, Snapshot{URL: ev.Request.URL, Cookies: res.Cookies})
			mu.Unlock()
			_, err = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			cancel()
			if err != nil {
				tab.t.Errorf("browsertest: letting %s go: %v", path(ev.Request.URL), err)
			}
		}
	}()
	tab.t.Cleanup(func() { pcancel(); <-done })
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: pattern}}})
		return err
	})
	return func() []Snapshot {
		mu.Lock()
		defer mu.Unlock()
		return append([]Snapshot(nil), snaps...)
	}
}
