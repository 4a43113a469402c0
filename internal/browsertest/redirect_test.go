package browsertest_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/internal/browsertest"
	"github.com/bettermode-go/bettermode/oauth"
)

// fakeRedirectToken is the token the test's provider hands back.
const fakeRedirectToken = "fake-redirect-token-0123456789"

// TestRedirectTokenHandlerInChromium: an API hands a token back to the app
// by redirecting the browser (GET) or by a form the person submits (POST);
// RedirectTokenHandler checks the state and takes it, and the app's OnToken
// sends the browser on to a page whose address, and the history, hold no
// token. A declined or forged redirect shows the package's error page.
func TestRedirectTokenHandlerInChromium(t *testing.T) {
	scripts(t, func(t *testing.T, opts browsertest.Options) {
		state := oauth.NewState()
		var (
			mu  sync.Mutex
			got []bettermode.Secret
		)
		mux := http.NewServeMux()
		app := httptest.NewServer(mux)
		t.Cleanup(app.Close)
		mux.Handle("/token", oauth.RedirectTokenHandler{State: state,
			OnToken: func(w http.ResponseWriter, r *http.Request, tok bettermode.Secret) {
				mu.Lock()
				got = append(got, tok)
				mu.Unlock()
				http.Redirect(w, r, "/signed-in", http.StatusSeeOther)
			}})
		mux.HandleFunc("/signed-in", func(w http.ResponseWriter, _ *http.Request) {
			appPage(w, 200, "Signed in", "You are signed in.")
		})

		// The provider: /authorize redirects back at once (with ?forge, with
		// another state); /consent is a page with a button that posts the
		// token back.
		back := func(q url.Values) url.Values {
			v := url.Values{"state": {state}}
			if q.Get("forge") != "" {
				v.Set("state", "forged-"+state)
			}
			if q.Has("error") {
				v.Set("error", q.Get("error"))
				v.Set("error_description", q.Get("error_description"))
			} else {
				v.Set("access_token", fakeRedirectToken)
			}
			return v
		}
		pmux := http.NewServeMux()
		provider := httptest.NewServer(pmux)
		t.Cleanup(provider.Close)
		pmux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, app.URL+"/token?"+back(r.URL.Query()).Encode(), http.StatusFound)
		})
		pmux.HandleFunc("/consent", func(w http.ResponseWriter, r *http.Request) {
			var inputs strings.Builder
			for k, v := range back(r.URL.Query()) {
				fmt.Fprintf(&inputs, `<input type="hidden" name="%s" value="%s">`, html.EscapeString(k), html.EscapeString(v[0]))
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">`+
				`<title>Allow access</title></head>`+
				`<body><form method="post" action="%s/token">%s<button id="allow">Allow</button></form></body></html>`,
				app.URL, inputs.String())
		})
		secrets := []string{fakeRedirectToken, state}

		signedIn := func(t *testing.T, tab *browsertest.Tab, page browsertest.Page, n int) {
			t.Helper()
			browsertest.RequirePage(t, page, 200, []string{"You are signed in."}, secrets...)
			assert.Equal(t, app.URL+"/signed-in", page.URL, "the token left the address bar")
			for _, u := range tab.History() {
				assert.NotContains(t, u, fakeRedirectToken, "the history holds no token")
			}
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, got, n)
			assert.Equal(t, fakeRedirectToken, got[n-1].Reveal())
			tab.RequireNoBrokenResources()
		}

		// One tab for the four cases, in this order: the history checks of
		// the first two see no page of the others.
		tab := browsertest.Open(t, opts)

		// A redirect (GET).
		signedIn(t, tab, tab.Navigate(provider.URL+"/authorize"), 1)

		// A form the person submits (POST), with JavaScript or without.
		consent := tab.Navigate(provider.URL + "/consent")
		assert.Equal(t, "Allow access", consent.Title)
		page := tab.Click("#allow")
		signedIn(t, tab, page, 2)
		assert.Contains(t, tab.Hops(), "POST "+strings.TrimPrefix(app.URL, "http://")+"/token 303")

		// Declined at the provider.
		page = tab.Navigate(provider.URL + "/authorize?error=access_denied&error_description=the+user+said+no")
		browsertest.RequirePage(t, page, 403, []string{"Login failed", "access_denied", "the user said no.",
			"Return to the application to try again."}, secrets...)

		// A redirect with another state (forged, or from another login).
		page = tab.Navigate(provider.URL + "/authorize?forge=1")
		browsertest.RequirePage(t, page, 400, []string{"Login failed", "state does not match",
			"start the login again"}, secrets...)
		tab.RequireNoBrokenResources()
		mu.Lock()
		assert.Len(t, got, 2, "only the genuine redirects handed over a token")
		mu.Unlock()
	})
}
