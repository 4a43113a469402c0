package browsertest

import (
	"context"
	"strings"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Page is what the tab shows after a navigation.
type Page struct {
	// URL is the address in the address bar.
	URL string
	// Status is the HTTP status of the page's document (the last hop).
	Status int64
	// MimeType is the document's type as the browser understood it.
	MimeType string
	// Title is the document's title, as a tab or a window shows it.
	Title string
	// Lang is the document's language (<html lang>), which screen readers
	// need to read it aloud.
	Lang string
	// Text is the text a person reads: the body's text as rendered, lines
	// trimmed, empty lines dropped.
	Text string
}

// Navigate goes to url, as a person typing it, and waits for the page to
// load.
func (tab *Tab) Navigate(url string) Page {
	tab.t.Helper()
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Navigate(url)(ctx, tg)
		return err
	})
	return tab.Page()
}

// Back is the browser's back button; it waits for the page to load.
func (tab *Tab) Back() Page {
	tab.t.Helper()
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.NavigateBack()(ctx, tg)
		return err
	})
	return tab.Page()
}

// Forward is the browser's forward button; it waits for the page to load.
func (tab *Tab) Forward() Page {
	tab.t.Helper()
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.NavigateForward()(ctx, tg)
		return err
	})
	return tab.Page()
}

// Reload is the browser's reload button; it waits for the page to load.
func (tab *Tab) Reload() Page {
	tab.t.Helper()
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Reload()(ctx, tg)
		return err
	})
	return tab.Page()
}

// Page returns what the tab shows now. It reads the document through the
// DOM domain, so it works with JavaScript off.
func (tab *Tab) Page() Page {
	tab.t.Helper()
	var p Page
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		var err error
		if p.URL, err = chromedp.Location()(ctx, tg); err != nil {
			return err
		}
		if p.Title, err = chromedp.Title()(ctx, tg); err != nil {
			return err
		}
		if p.Lang, err = chromedp.EvaluateAsDevTools[string](`document.documentElement.lang`)(ctx, tg); err != nil {
			return err
		}
		text, err := chromedp.Text(chromedp.CSS("body"))(ctx, tg)
		if err != nil {
			return err
		}
		p.Text = tidy(text)
		return nil
	})
	reqs := tab.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Type == "Document" {
			p.Status, p.MimeType = reqs[i].Status, reqs[i].MimeType
			break
		}
	}
	return p
}

// tidy trims each line of text and drops the empty ones.
func tidy(text string) string {
	var lines []string
	for l := range strings.Lines(text) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// Click clicks the element that the CSS selector sel finds first, as a
// person would with the mouse, and waits for the page it leads to.
func (tab *Tab) Click(sel string) Page {
	tab.t.Helper()
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))(ctx, tg)
		return err
	})
	return tab.Page()
}

// History returns the URLs of the tab's history entries, oldest first: what
// the back button and the browser's history list offer.
func (tab *Tab) History() []string {
	tab.t.Helper()
	var out []string
	tab.call(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := chromedp.NavigationEntries()(ctx, tg)
		for _, e := range res.Entries {
			out = append(out, e.URL)
		}
		return err
	})
	return out
}
