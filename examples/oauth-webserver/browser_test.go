package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
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

func TestMain(m *testing.M) { browsertest.Main(m) }

// startApp starts the example's app on the kit's OAuth2 server, with a
// memory store, both closed when the test ends.
func startApp(t *testing.T) (*bettermodetest.OAuth2Server, string, oauth.Store) {
	t.Helper()
	srv := bettermodetest.StartOAuth2Server(t)
	mux := http.NewServeMux()
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	store := oauth.NewMemoryStore()
	_, handler, err := newApp(srv.Config(ts.URL+"/auth/callback", "offline_access"), store,
		[]byte(strings.Repeat("k", 32)), srv.UserInfoURL)
	require.NoError(t, err)
	mux.Handle("/", handler)
	return srv, ts.URL, store
}

// cookie returns the cookie named name, or nil.
func cookie(cookies []*network.Cookie, name string) *network.Cookie {
	for _, c := range cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestBrowserConnect runs the example's web-server flow in Chromium, with
// JavaScript on and off: /signin, /connect (the login cookie, looked at while
// the browser is on its way to the provider), the provider, the callback,
// and the signed-in page /me; then the back and forward buttons, a reload,
// and the callback's URL loaded again log in no second time.
func TestBrowserConnect(t *testing.T) {
	for _, opts := range []browsertest.Options{{}, {NoScript: true}} {
		t.Run(map[bool]string{false: "js", true: "nojs"}[opts.NoScript], func(t *testing.T) {
			srv, app, store := startApp(t)
			tab := browsertest.Open(t, opts)
			set := time.Now()
			atProvider := tab.PauseAt(srv.AuthURL+"*", app+"/auth/callback", app+"/")

			page := tab.Navigate(app + "/signin?user=alice")
			browsertest.RequirePage(t, page, 200, []string{"Account connected", "alice is connected",
				"AccessToken: REDACTED", `"name":"Fake OAuth2 User"`}, srv.SecretsSeen()...)
			assert.Equal(t, app+"/me", page.URL)
			host := strings.TrimPrefix(app, "http://")
			provider := strings.TrimPrefix(srv.URL, "http://")
			assert.Equal(t, []string{
				"GET " + host + "/signin 302", "GET " + host + "/connect 302", "GET " + provider + "/authorize 302",
				"GET " + host + "/auth/callback 303", "GET " + host + "/me 200",
			}, tab.Hops())

			// On the way to the provider: the login cookie as README documents
			// it, and the app's session cookie.
			snaps := atProvider()
			require.Len(t, snaps, 1)
			login := cookie(snaps[0].Cookies, oauth.DefaultCookieName)
			require.NotNil(t, login, "no login cookie on the way to the provider")
			assert.True(t, login.HTTPOnly)
			assert.Equal(t, network.CookieSameSiteLax, login.SameSite)
			assert.Equal(t, "/auth/callback", login.Path)
			assert.False(t, login.Secure, "plain http on loopback")
			assert.WithinRange(t, time.Unix(int64(login.Expires), 0),
				set.Add(oauth.DefaultCookieLifetime-time.Minute), set.Add(oauth.DefaultCookieLifetime+time.Minute))
			session := cookie(snaps[0].Cookies, "session")
			require.NotNil(t, session)
			assert.True(t, session.HTTPOnly)
			assert.Equal(t, network.CookieSameSiteLax, session.SameSite)

			// After the callback: the login cookie is gone, the token saved.
			assert.Nil(t, tab.Cookie(app+"/auth/callback", oauth.DefaultCookieName))
			_, err := store.Load(t.Context(), "alice")
			require.NoError(t, err)
			require.Equal(t, 1, srv.Exchanges())

			// The callback answered with a redirect, so its URL (code and
			// state) is in no history entry for the back button to reach.
			for _, u := range tab.History() {
				assert.NotContains(t, u, "/auth/callback", "the history holds the callback")
			}

			// Back, forward, reload: no second login.
			tab.Back()
			page = tab.Forward()
			assert.Equal(t, app+"/me", page.URL)
			page = tab.Reload()
			browsertest.RequirePage(t, page, 200, []string{"alice is connected"}, srv.SecretsSeen()...)
			// The callback's URL again (a reload of it, a restored tab): its
			// code is never exchanged twice.
			var callback string
			for _, r := range tab.Requests() {
				if u, _ := url.Parse(r.URL); u != nil && u.Path == "/auth/callback" {
					callback = r.URL
				}
			}
			require.NotEmpty(t, callback)
			page = tab.Navigate(callback)
			browsertest.RequirePage(t, page, 400, []string{"could not connect your account", "the login cookie is missing",
				"start the login again", "Connect your account again"}, srv.SecretsSeen()...)
			assert.Equal(t, 1, srv.CodesIssued())
			assert.Equal(t, 1, srv.Exchanges(), "one login, one code exchange")
			tab.RequireNoBrokenResources()
		})
	}
}

// TestBrowserDeclined: the person declines at the provider. The error page
// says so and offers to connect again; following its link, and accepting
// this time, connects the account.
func TestBrowserDeclined(t *testing.T) {
	for _, opts := range []browsertest.Options{{}, {NoScript: true}} {
		t.Run(map[bool]string{false: "js", true: "nojs"}[opts.NoScript], func(t *testing.T) {
			srv, app, store := startApp(t)
			tab := browsertest.Open(t, opts)
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()

			srv.Deny("access_denied")
			page := tab.Navigate(app + "/signin?user=bob")
			browsertest.RequirePage(t, page, 403, []string{"Account not connected", "could not connect your account",
				"access_denied", "Connect your account again"}, srv.SecretsSeen()...)
			_, err := store.Load(ctx, "bob")
			require.ErrorIs(t, err, oauth.ErrTokenNotFound)
			assert.Equal(t, 0, srv.Exchanges())

			srv.Deny("")
			page = tab.Click("a[href='/connect']")
			browsertest.RequirePage(t, page, 200, []string{"bob is connected"}, srv.SecretsSeen()...)
			_, err = store.Load(ctx, "bob")
			require.NoError(t, err)
			assert.Equal(t, 1, srv.Exchanges())
			tab.RequireNoBrokenResources()
		})
	}
}
