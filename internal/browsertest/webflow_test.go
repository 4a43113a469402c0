package browsertest_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/browsertest"
	"github.com/bettermode-go/bettermode/oauth"
)

// appPage writes a page of the test's app.
func appPage(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>%s</title></head><body><p>%s</p></body></html>`,
		html.EscapeString(title), html.EscapeString(text))
}

// RequireLoginCookie checks the web flow's login cookie as the browser
// stored it: HttpOnly, SameSite=Lax, scoped to the callback's path, not
// Secure on plain-http loopback, and expiring within the 10-minute default.
func requireLoginCookie(t *testing.T, cookies []*network.Cookie, path string, set time.Time) {
	t.Helper()
	var c *network.Cookie
	for _, ck := range cookies {
		if ck.Name == oauth.DefaultCookieName {
			c = ck
		}
	}
	require.NotNil(t, c, "the browser holds no login cookie on its way to the provider: %v", cookies)
	assert.True(t, c.HTTPOnly, "HttpOnly: scripts cannot read the login cookie")
	assert.Equal(t, network.CookieSameSiteLax, c.SameSite)
	assert.Equal(t, path, c.Path)
	assert.False(t, c.Secure, "plain http on loopback (development)")
	assert.False(t, c.Session, "the cookie expires")
	expires := time.Unix(int64(c.Expires), 0)
	assert.WithinRange(t, expires, set.Add(oauth.DefaultCookieLifetime-time.Minute), set.Add(oauth.DefaultCookieLifetime+time.Minute))
}

// TestWebFlowDefaultsInChromium: a WebFlow with default options (OnLogin
// redirects to "/", OnError shows the package's page) in Chromium: the login
// cookie as stored, the token saved, and a declined consent's page.
func TestWebFlowDefaultsInChromium(t *testing.T) {
	scripts(t, func(t *testing.T, opts browsertest.Options) {
		srv := bettermodetest.StartOAuth2Server(t)
		hc := srv.Client()
		t.Cleanup(hc.CloseIdleConnections)
		mux := http.NewServeMux()
		app := httptest.NewServer(mux)
		t.Cleanup(app.Close)
		conf := srv.Config(app.URL+"/callback", "offline_access")
		store := oauth.NewMemoryStore()
		flow, err := oauth.NewWebFlow(conf, oauth.WebFlowOptions{
			Key: []byte(strings.Repeat("k", oauth.MinKeyLength)), Store: store, HTTPClient: hc,
			StoreKey: func(*http.Request) (string, error) { return "alice", nil },
		})
		require.NoError(t, err)
		mux.Handle("/login", flow.StartHandler())
		mux.Handle("/callback", flow.CallbackHandler())
		mux.HandleFunc("/{$}", func(w http.ResponseWriter, _ *http.Request) { appPage(w, 200, "Home", "Welcome back.") })
		ctx, cancel := context.WithTimeout(t.Context(), flowTimeout)
		defer cancel()

		// Declined: the package's error page, nothing saved.
		srv.Deny("access_denied")
		tab := browsertest.Open(t, opts)
		page := tab.Navigate(app.URL + "/login")
		browsertest.RequirePage(t, page, 403, []string{"Login failed", "access_denied",
			"Return to the application to try again."}, srv.SecretsSeen()...)
		_, err = store.Load(ctx, "alice")
		require.ErrorIs(t, err, oauth.ErrTokenNotFound)
		assert.Nil(t, tab.Cookie(app.URL+"/callback", oauth.DefaultCookieName), "the callback clears the login cookie")

		// Approved: the default OnLogin lands on "/".
		srv.Deny("")
		set := time.Now()
		atProvider := tab.PauseAt(srv.AuthURL+"*", app.URL+"/callback")
		page = tab.Navigate(app.URL + "/login")
		browsertest.RequirePage(t, page, 200, []string{"Welcome back."}, srv.SecretsSeen()...)
		assert.Equal(t, app.URL+"/", page.URL)
		snaps := atProvider()
		require.Len(t, snaps, 1)
		requireLoginCookie(t, snaps[0].Cookies, "/callback", set)
		assert.Nil(t, tab.Cookie(app.URL+"/callback", oauth.DefaultCookieName), "the callback clears the login cookie")
		tok, err := store.Load(ctx, "alice")
		require.NoError(t, err)
		assert.NotEmpty(t, tok.AccessToken)
		assert.Equal(t, 1, srv.Exchanges())
		tab.RequireNoBrokenResources()
	})
}
