package browsertest

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// markup finds HTML that shows as text: a page served as text/plain, or
// escaped twice.
var markup = regexp.MustCompile(`(?i)<(!doctype|html|head|body|title|p|h1|a|div|script)\b|&(lt|gt|amp|quot);`)

// RequirePage checks that p is a page a person can use: an HTML document
// with the HTTP status want, a title, a language, readable text (no markup showing),
// every one of phrases in its text, and none of secrets (nor their
// URL-encoded forms) in its text or title.
func RequirePage(t *testing.T, p Page, want int64, phrases []string, secrets ...string) {
	t.Helper()
	if p.Status != want {
		t.Errorf("page %s: HTTP %d, want %d; it says: %q", path(p.URL), p.Status, want, p.Text)
	}
	if p.MimeType != "text/html" {
		t.Errorf("page %s: served as %q, want text/html (a browser shows anything else as raw text)", path(p.URL), p.MimeType)
	}
	if strings.TrimSpace(p.Title) == "" {
		t.Errorf("page %s has no title (the tab and the history show none)", path(p.URL))
	}
	if p.Lang == "" {
		t.Errorf("page %s names no language (<html lang>)", path(p.URL))
	}
	if strings.TrimSpace(p.Text) == "" {
		t.Errorf("page %s shows no text", path(p.URL))
	}
	if m := markup.FindString(p.Text); m != "" {
		t.Errorf("page %s shows markup as text (%q): %q", path(p.URL), m, p.Text)
	}
	for _, want := range phrases {
		if !strings.Contains(p.Text, want) {
			t.Errorf("page %s does not say %q; it says: %q", path(p.URL), want, p.Text)
		}
	}
	for _, s := range secrets {
		if len(s) < 8 {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s)} {
			if strings.Contains(p.Text, form) || strings.Contains(p.Title, form) {
				t.Errorf("page %s shows a secret (%.12s...)", path(p.URL), s)
			}
		}
	}
}

// RequireNoBrokenResources checks that nothing the tab loaded failed: no
// load error, and no HTTP 4xx or 5xx for anything but a document (an error
// page has such a status on purpose; check it with RequirePage).
func (tab *Tab) RequireNoBrokenResources() {
	tab.t.Helper()
	for _, r := range tab.Requests() {
		switch {
		case r.Failed != "":
			tab.t.Errorf("loading %s %s (%s) failed: %s (canceled %t)", r.Method, path(r.URL), r.Type, r.Failed, r.Canceled)
		case r.Type != "Document" && r.Status >= 400:
			tab.t.Errorf("loading %s %s (%s): HTTP %d", r.Method, path(r.URL), r.Type, r.Status)
		}
	}
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
