package browsertest

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// markup finds HTML that shows as text: a page served as text/plain, or
// escaped twice.
var markup = regexp.MustCompile(`(?i)<(!doctype|html|head|body|title|p|h1|a|div|script)\b|&(lt|gt|amp|quot);`)

// RequirePage checks that p is a page a person can use (see Problems) and
// fails t with each problem found.
func RequirePage(t testing.TB, p Page, want int64, phrases []string, secrets ...string) {
	t.Helper()
	for _, problem := range Problems(p, want, phrases, secrets...) {
		t.Errorf("page %s: %s", path(p.URL), problem)
	}
}

// Problems lists what keeps p from being a page a person can use: it must be
// an HTML document with the HTTP status want, a title, a language, readable
// text (no markup showing), every one of phrases in its text, and none of
// secrets (nor their URL-encoded forms) in its text or title.
func Problems(p Page, want int64, phrases []string, secrets ...string) []string {
	var out []string
	if p.Status != want {
		out = append(out, fmt.Sprintf("HTTP %d, want %d; it says: %q", p.Status, want, p.Text))
	}
	if p.MimeType != "text/html" {
		out = append(out, fmt.Sprintf("served as %q, want text/html (a browser shows anything else as raw text)", p.MimeType))
	}
	if strings.TrimSpace(p.Title) == "" {
		out = append(out, "no title (the tab and the history show none)")
	}
	if p.Lang == "" {
		out = append(out, "no language (<html lang>) for screen readers")
	}
	if strings.TrimSpace(p.Text) == "" {
		out = append(out, "no text")
	}
	if m := markup.FindString(p.Text); m != "" {
		out = append(out, fmt.Sprintf("markup shows as text (%q): %q", m, p.Text))
	}
	for _, want := range phrases {
		if !strings.Contains(p.Text, want) {
			out = append(out, fmt.Sprintf("does not say %q; it says: %q", want, p.Text))
		}
	}
	for _, s := range secrets {
		if len(s) < 8 {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s)} {
			if strings.Contains(p.Text, form) || strings.Contains(p.Title, form) {
				out = append(out, fmt.Sprintf("shows a secret (%.12s...)", s))
				break
			}
		}
	}
	return out
}

// RequireNoBrokenResources fails the test with each of BrokenResources.
func (tab *Tab) RequireNoBrokenResources() {
	tab.t.Helper()
	for _, problem := range tab.BrokenResources() {
		tab.t.Error(problem)
	}
}

// BrokenResources lists what the tab failed to load so far: a load error,
// an HTTP 4xx or 5xx for anything but a document (an error page has such a
// status on purpose; check it with RequirePage), and the errors the console
// showed (a load the page's Content-Security-Policy blocked, a script
// error). The browser's own requests count too, such as a /favicon.ico that
// a page does not declare.
func (tab *Tab) BrokenResources() []string {
	tab.mu.Lock()
	out := append([]string(nil), tab.errors...)
	tab.mu.Unlock()
	for _, r := range tab.Requests() {
		switch {
		case r.Failed != "":
			out = append(out, fmt.Sprintf("loading %s %s (%s) failed: %s (canceled %t)", r.Method, path(r.URL), r.Type, r.Failed, r.Canceled))
		case r.Type != "Document" && r.Status >= 400:
			out = append(out, fmt.Sprintf("loading %s %s (%s): HTTP %d", r.Method, path(r.URL), r.Type, r.Status))
		}
	}
	return out
}

// Hops returns the method, host and path of each document the tab loaded,
// redirects included, in order: "GET 127.0.0.1:1234/connect 302".
func (tab *Tab) Hops() []string {
	var out []string
	for _, r := range tab.Requests() {
		if r.Type != "Document" {
			continue
		}
		u, err := url.Parse(r.URL)
		if err != nil {
			out = append(out, r.Method+" ? "+strconv.FormatInt(r.Status, 10))
			continue
		}
		out = append(out, r.Method+" "+u.Host+u.Path+" "+strconv.FormatInt(r.Status, 10))
	}
	return out
}

// path returns u without its query (which may hold codes and states).
func path(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "?"
	}
	return p.Host + p.Path
}
