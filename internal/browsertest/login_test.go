package browsertest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/browsertest"
	"github.com/bettermode-go/bettermode/oauth"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// scripts runs f with JavaScript on, then off: every page must work without it.
func scripts(t *testing.T, f func(t *testing.T, opts browsertest.Options)) {
	for _, opts := range []browsertest.Options{{}, {NoScript: true}} {
		name := "js"
		if opts.NoScript {
			name = "nojs"
		}
		t.Run(name, func(t *testing.T) { f(t, opts) })
	}
}

// flowTimeout bounds a whole login; each browser step has its own bound.
const flowTimeout = 30 * time.Second

// TestLoginInChromium: oauth.Login opens the provider's login page in
// Chromium (WithOpenURL), which the kit approves; Chromium follows the
// redirect to Login's loopback callback and shows the "you can close this
// window" page; the token is saved in a store and used from it.
func TestLoginInChromium(t *testing.T) {
	scripts(t, func(t *testing.T, opts browsertest.Options) {
		srv := bettermodetest.StartOAuth2Server(t)
		hc := srv.Client()
		t.Cleanup(hc.CloseIdleConnections)
		conf := srv.Config("http://127.0.0.1/callback", "offline_access")
		tab := browsertest.Open(t, opts)
		ctx, cancel := context.WithTimeout(t.Context(), flowTimeout)
		defer cancel()

		var page browsertest.Page
		open := func(u string) error { page = tab.Navigate(u); return nil }
		tok, err := oauth.Login(ctx, conf, oauth.WithOpenURL(open), oauth.WithHTTPClient(hc))
		require.NoError(t, err)

		browsertest.RequirePage(t, page, 200, []string{"Login complete", "You are logged in.", "You can close this window"}, srv.SecretsSeen()...)
		assert.Equal(t, "Login complete", page.Title)
		assert.True(t, strings.HasPrefix(page.URL, "http://127.0.0.1:"), "the page is Login's loopback callback: %s", page.URL)
		hops := tab.Hops()
		require.Len(t, hops, 2, "the provider's page, then the callback: %v", hops)
		assert.Regexp(t, `^GET 127\.0\.0\.1:\d+/authorize 302$`, hops[0])
		assert.Regexp(t, `^GET 127\.0\.0\.1:\d+/callback 200$`, hops[1])
		tab.RequireNoBrokenResources()
		assert.Equal(t, 1, srv.CodesIssued())
		assert.Equal(t, 1, srv.Exchanges())

		store := oauth.NewMemoryStore()
		require.NoError(t, store.Save(ctx, "default", tok))
		got, err := oauth.NewSource(conf, store, "default", oauth.WithHTTPClient(hc)).Token(ctx)
		require.NoError(t, err)
		assert.Equal(t, tok.AccessToken, got.AccessToken.Reveal(), "the saved token is the one Login got")
		assert.Equal(t, 1, srv.Exchanges(), "no second login")
		assert.Equal(t, 0, srv.Refreshes())
	})
}

// TestLoginDeniedInChromium: the person declines at the provider; Login
// fails with ErrAccessDenied and the page says so and what to do.
func TestLoginDeniedInChromium(t *testing.T) {
	scripts(t, func(t *testing.T, opts browsertest.Options) {
		srv := bettermodetest.StartOAuth2Server(t, bettermodetest.WithOAuth2Deny("access_denied"))
		hc := srv.Client()
		t.Cleanup(hc.CloseIdleConnections)
		conf := srv.Config("http://127.0.0.1/callback")
		tab := browsertest.Open(t, opts)
		ctx, cancel := context.WithTimeout(t.Context(), flowTimeout)
		defer cancel()

		var page browsertest.Page
		open := func(u string) error { page = tab.Navigate(u); return nil }
		_, err := oauth.Login(ctx, conf, oauth.WithOpenURL(open), oauth.WithHTTPClient(hc))
		require.ErrorIs(t, err, oauth.ErrAccessDenied)

		browsertest.RequirePage(t, page, 403, []string{"Login failed", "access_denied", "the user denied the request.",
			"You can close this window", "try again"}, srv.SecretsSeen()...)
		tab.RequireNoBrokenResources()
		assert.Equal(t, 0, srv.Exchanges())
	})
}

// TestKitErrorPageInChromium: the page the kit's provider shows when it
// cannot redirect back (a redirect URI it does not know) is one a person can
// read, and Login gives up when its context ends.
func TestKitErrorPageInChromium(t *testing.T) {
	scripts(t, func(t *testing.T, opts browsertest.Options) {
		srv := bettermodetest.StartOAuth2Server(t)
		conf := srv.Config("http://127.0.0.1/callback") // registers this redirect URL
		conf.RedirectURL = "http://127.0.0.1/not-registered"
		tab := browsertest.Open(t, opts)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()

		var page browsertest.Page
		open := func(u string) error {
			page = tab.Navigate(u)
			cancel() // the person gives up: nothing will call back
			return nil
		}
		_, err := oauth.Login(ctx, conf, oauth.WithOpenURL(open))
		require.ErrorIs(t, err, context.Canceled)
		browsertest.RequirePage(t, page, 400, []string{"The redirect_uri is not registered for this client"}, srv.SecretsSeen()...)
		assert.Equal(t, "Authorization error", page.Title)
		tab.RequireNoBrokenResources()
	})
}
