package browsertest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bettermode-go/bettermode/internal/browsertest"
)

// TestHarness checks that the checks catch what they are for: JavaScript
// really off, a page served as text, without a title or a language, showing
// a secret, a load the page's Content-Security-Policy blocks, and a broken
// image.
func TestHarness(t *testing.T) {
	const secret = "fake-secret-token-0123456789"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/good":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>Static</title></head>`+
				`<body><p>Hello,   reader.</p><script>document.title = "Scripted"</script></body></html>`)
		case "/plain":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, "<html><title>Not really</title>"+secret+"</html>")
		case "/blocked":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", "default-src 'none'")
			fmt.Fprint(w, `<!doctype html><html lang="en"><title>Blocked</title><link rel="icon" href="data:,"><p>An icon CSP blocks.</p></html>`)
		case "/bare":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!doctype html><link rel="icon" href="data:,"><p>no title, no lang</p><img src="/missing.png" alt="">`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ts.Close)

	tab := browsertest.Open(t, browsertest.Options{})
	page := tab.Navigate(ts.URL + "/good")
	assert.Equal(t, "Scripted", page.Title, "JavaScript runs by default")
	assert.Empty(t, browsertest.Problems(page, 200, []string{"Hello, reader."}))
	assert.Empty(t, tab.BrokenResources())

	tab = browsertest.Open(t, browsertest.Options{NoScript: true})
	page = tab.Navigate(ts.URL + "/good")
	assert.Equal(t, "Static", page.Title, "NoScript turns JavaScript off")
	assert.Empty(t, browsertest.Problems(page, 200, []string{"Hello, reader."}))

	page = tab.Navigate(ts.URL + "/plain")
	problems := strings.Join(browsertest.Problems(page, 200, []string{"missing phrase"}, secret), "\n")
	for _, want := range []string{`served as "text/plain"`, "no title", "no language", "markup shows as text",
		`does not say "missing phrase"`, "shows a secret"} {
		assert.Contains(t, problems, want)
	}

	page = tab.Navigate(ts.URL + "/blocked")
	assert.Empty(t, browsertest.Problems(page, 200, nil))
	assert.Contains(t, strings.Join(tab.BrokenResources(), "\n"), "Content Security Policy")

	page = tab.Navigate(ts.URL + "/bare")
	problems = strings.Join(browsertest.Problems(page, 404, nil), "\n")
	assert.Contains(t, problems, "HTTP 200, want 404")
	assert.Contains(t, strings.Join(tab.BrokenResources(), "\n"), "/missing.png (Image): HTTP 404")
}
