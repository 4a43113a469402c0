package oauth_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

func TestLoginEndToEnd(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opts       []bettermodetest.OAuth2Option
		registered string
		redirect   func(t *testing.T) string
		wantHost   string // "" checks only that the port is not 0
		extra      []oauth.Option
		wantParam  [2]string
	}{
		{name: "confidential client, free port", registered: "http://127.0.0.1/callback",
			redirect: func(*testing.T) string { return "http://127.0.0.1/callback" }},
		{name: "public client", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2PublicClient()}, registered: "http://127.0.0.1/callback",
			redirect: func(*testing.T) string { return "http://127.0.0.1/callback" }},
		{name: "empty redirect URL means the default", registered: oauth.DefaultRedirectURL,
			redirect: func(*testing.T) string { return "" }},
		{name: "port 0", registered: "http://127.0.0.1/cb",
			redirect: func(*testing.T) string { return "http://127.0.0.1:0/cb" }},
		{name: "fixed port", registered: "http://127.0.0.1/cb",
			redirect: func(t *testing.T) string { return "http://127.0.0.1:" + strconv.Itoa(freePort(t)) + "/cb" }},
		{name: "localhost", registered: "http://localhost/cb",
			redirect: func(*testing.T) string { return "http://localhost/cb" }},
		{name: "extra parameters", registered: "http://127.0.0.1/callback",
			redirect:  func(*testing.T) string { return "http://127.0.0.1/callback" },
			extra:     []oauth.Option{oauth.WithAuthCodeOptions(oauth2.AccessTypeOffline, oauth2.SetAuthURLParam("prompt", "consent"))},
			wantParam: [2]string{"prompt", "consent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hc := startKit(t, tc.opts...)
			conf := srv.Config(tc.registered, "offline_access")
			conf.RedirectURL = tc.redirect(t)
			orig := *conf
			b := newBrowser(t)
			opts := append([]oauth.Option{oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc)}, tc.extra...)

			tok, err := oauth.Login(loginCtx(t), conf, opts...)
			require.NoError(t, err)
			assert.True(t, tok.Valid())
			assert.NotEmpty(t, tok.RefreshToken)
			assert.Equal(t, orig, *conf, "Login must not modify the config")

			status, page := b.lastPage()
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, page, "You can close this window")
			requirePortFree(t, b)

			auth, err := url.Parse(b.authURL)
			require.NoError(t, err)
			q := auth.Query()
			assert.Equal(t, "S256", q.Get("code_challenge_method"))
			assert.Len(t, q.Get("code_challenge"), 43)
			assert.Len(t, q.Get("state"), 43)
			assert.Equal(t, "offline_access", q.Get("scope"))
			assert.NotEqual(t, "0", b.redirectURI.Port())
			assert.NotEmpty(t, b.redirectURI.Port())
			if want := conf.RedirectURL; want != "" && !strings.Contains(want, ":0/") && b.redirectURI.Port() != "" {
				if u, _ := url.Parse(want); u.Port() != "" && u.Port() != "0" {
					assert.Equal(t, want, b.redirectURI.String(), "a fixed port is kept")
				}
			}
			if tc.wantParam[0] != "" {
				assert.Equal(t, tc.wantParam[1], q.Get(tc.wantParam[0]))
			}
			assert.Equal(t, 1, srv.CodesIssued())
			assert.Equal(t, 1, srv.Exchanges())
		})
	}
}

// loginFailure is one way a loopback login goes wrong.
type loginFailure struct {
	name       string
	opts       []bettermodetest.OAuth2Option
	setup      func(t *testing.T, srv *bettermodetest.OAuth2Server, conf *oauth2.Config, b *browser, c *clock)
	want       error  // the error it must match
	wantReject string // the kit's rejection reason, if any
	wantPage   int    // the status of the page the browser shows
}

// sentinels are the errors every failure must be told apart by.
var sentinels = []error{
	oauth.ErrStateMismatch, oauth.ErrAccessDenied, oauth.ErrAuthorization, oauth.ErrMissingCode,
	oauth.ErrWrongCallbackPath, oauth.ErrInvalidGrant, oauth.ErrTokenRequest, oauth.ErrBadTokenResponse,
	oauth.ErrProviderUnavailable, oauth.ErrOpenURL, oauth.ErrCookieMissing, oauth.ErrCookieInvalid,
	oauth.ErrCookieExpired, oauth.ErrTokenNotFound, oauth.ErrCorruptToken, oauth.ErrInsecurePermissions,
	oauth.ErrMissingToken, oauth.ErrCallbackReplayed, oauth.ErrIssuerMismatch,
}

// implied lists the sentinels an error may match besides its own.
var implied = map[error][]error{
	oauth.ErrAccessDenied:        {oauth.ErrAuthorization},
	oauth.ErrInvalidGrant:        {oauth.ErrTokenRequest},
	oauth.ErrProviderUnavailable: {oauth.ErrTokenRequest}, // a 5xx answer with an OAuth2 error code
}

// requireDistinct checks that err matches want and no other sentinel (but
// those want implies).
func requireDistinct(t *testing.T, err, want error) {
	t.Helper()
	require.ErrorIs(t, err, want)
	for _, s := range sentinels {
		if s == want || (errors.Is(want, s)) {
			continue
		}
		ok := false
		for _, i := range implied[want] {
			ok = ok || i == s
		}
		if !ok {
			assert.NotErrorIs(t, err, s, "%v also matches %v", err, s)
		}
	}
}

func loginFailures() []loginFailure {
	return []loginFailure{
		{name: "state mismatch", setup: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *oauth2.Config, b *browser, _ *clock) {
			b.authorize = func(u *url.URL) { setQuery(u, "state", "forged-state-forged-state") }
		}, want: oauth.ErrStateMismatch, wantPage: 400},
		{name: "callback without state", setup: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *oauth2.Config, b *browser, _ *clock) {
			b.callback = func(u *url.URL) { setQuery(u, "state", "") }
		}, want: oauth.ErrStateMismatch, wantPage: 400},
		{name: "access denied", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Deny("access_denied")},
			want: oauth.ErrAccessDenied, wantReject: bettermodetest.OAuth2RejectDenied, wantPage: 403},
		{name: "other provider error", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Deny("temporarily_unavailable")},
			want: oauth.ErrAuthorization, wantReject: bettermodetest.OAuth2RejectDenied, wantPage: 400},
		{name: "no code", setup: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *oauth2.Config, b *browser, _ *clock) {
			b.callback = func(u *url.URL) { setQuery(u, "code", "") }
		}, want: oauth.ErrMissingCode, wantPage: 400},
		{name: "callback on the wrong path", setup: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *oauth2.Config, b *browser, _ *clock) {
			b.callback = func(u *url.URL) { u.Path = "/elsewhere" }
		}, want: oauth.ErrWrongCallbackPath, wantPage: 400},
		{name: "PKCE verifier mismatch", setup: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *oauth2.Config, b *browser, _ *clock) {
			b.authorize = func(u *url.URL) {
				setQuery(u, "code_challenge", oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier()))
			}
		}, want: oauth.ErrInvalidGrant, wantReject: bettermodetest.OAuth2RejectPKCE, wantPage: 502},
		{name: "expired code", setup: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *oauth2.Config, b *browser, c *clock) {
			b.callback = func(*url.URL) { c.Advance(bettermodetest.DefaultOAuth2CodeLifetime + time.Second) }
		}, want: oauth.ErrInvalidGrant, wantReject: bettermodetest.OAuth2RejectCodeExpired, wantPage: 502},
		{name: "wrong client secret", setup: func(_ *testing.T, _ *bettermodetest.OAuth2Server, conf *oauth2.Config, _ *browser, _ *clock) {
			conf.ClientSecret = "wrong-client-secret-0001"
		}, want: oauth.ErrTokenRequest, wantReject: bettermodetest.OAuth2RejectClient, wantPage: 502},
		{name: "token endpoint answers HTML", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2FaultHTML())},
			want: oauth.ErrBadTokenResponse, wantReject: bettermodetest.OAuth2RejectFault, wantPage: 502},
		{name: "token endpoint answers garbage", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2FaultGarbage())},
			want: oauth.ErrBadTokenResponse, wantReject: bettermodetest.OAuth2RejectFault, wantPage: 502},
		{name: "token endpoint answers 4xx HTML", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2Fault{Status: 404, ContentType: "text/html", Body: "<h1>Not Found</h1>"})},
			want: oauth.ErrBadTokenResponse, wantReject: bettermodetest.OAuth2RejectFault, wantPage: 502},
		{name: "token endpoint down", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2FaultUnavailable())},
			want: oauth.ErrProviderUnavailable, wantReject: bettermodetest.OAuth2RejectFault, wantPage: 502},
		{name: "token endpoint unreachable", setup: func(t *testing.T, _ *bettermodetest.OAuth2Server, conf *oauth2.Config, _ *browser, _ *clock) {
			conf.Endpoint.TokenURL = unreachableTokenURL(t)
		}, want: oauth.ErrProviderUnavailable, wantPage: 502},
	}
}

func setQuery(u *url.URL, k, v string) {
	q := u.Query()
	if v == "" {
		q.Del(k)
	} else {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
}

func TestLoginFailures(t *testing.T) {
	for _, tc := range loginFailures() {
		t.Run(tc.name, func(t *testing.T) {
			c := newClock()
			srv, hc := startKit(t, append([]bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Clock(c.Now)}, tc.opts...)...)
			conf := srv.Config("http://127.0.0.1/callback")
			b := newBrowser(t)
			if tc.setup != nil {
				tc.setup(t, srv, conf, b, c)
			}
			tok, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
			require.Error(t, err)
			assert.Nil(t, tok)
			requireDistinct(t, err, tc.want)
			requirePortFree(t, b)
			if tc.wantReject != "" {
				assert.Equal(t, 1, srv.Rejected(tc.wantReject))
			}
			status, page := b.lastPage()
			assert.Equal(t, tc.wantPage, status, page)
			assert.Contains(t, page, "Login failed")
			assert.Empty(t, secretsIn(err.Error()+page, srv.SecretsSeen()))
			assert.Zero(t, srv.Exchanges())
		})
	}
}

func TestLoginErrorDetails(t *testing.T) {
	t.Run("access denied", func(t *testing.T) {
		srv, hc := startKit(t, bettermodetest.WithOAuth2Deny("access_denied"))
		b := newBrowser(t)
		_, err := oauth.Login(loginCtx(t), srv.Config("http://127.0.0.1/callback"), oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
		var ae *oauth.AuthorizationError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "access_denied", ae.Code)
		assert.Equal(t, "the user denied the request", ae.Description)
		assert.Equal(t, "bettermode: oauth: the provider refused the authorization (access_denied): the user denied the request", err.Error())
	})
	t.Run("invalid grant", func(t *testing.T) {
		srv, hc := startKit(t)
		b := newBrowser(t)
		b.authorize = func(u *url.URL) {
			setQuery(u, "code_challenge", oauth2.S256ChallengeFromVerifier(oauth2.GenerateVerifier()))
		}
		_, err := oauth.Login(loginCtx(t), srv.Config("http://127.0.0.1/callback"), oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
		var te *oauth.TokenError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, oauth.TokenError{Op: "exchange", Code: "invalid_grant", StatusCode: 400,
			Description: "code_verifier does not match the code challenge"}, *te)
		assert.ErrorIs(t, err, bettermode.ErrUnauthorized)
		assert.Contains(t, err.Error(), "start the login again")
	})
	t.Run("invalid client", func(t *testing.T) {
		srv, hc := startKit(t)
		conf := srv.Config("http://127.0.0.1/callback")
		conf.ClientSecret = "wrong-client-secret-0001"
		b := newBrowser(t)
		_, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
		var te *oauth.TokenError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, "invalid_client", te.Code)
		assert.Equal(t, 401, te.StatusCode)
		assert.ErrorIs(t, err, bettermode.ErrUnauthorized)
		assert.Contains(t, err.Error(), "check the client id and secret")
	})
}

func TestLoginContextEnds(t *testing.T) {
	srv, hc := startKit(t)
	b := newBrowser(t)
	ctx, cancel := context.WithCancel(loginCtx(t))
	defer cancel()
	open := func(u string) error {
		b.mu.Lock()
		b.redirectURI, _ = url.Parse(mustQuery(u, "redirect_uri"))
		b.mu.Unlock()
		cancel() // the user walks away
		return nil
	}
	_, err := oauth.Login(ctx, srv.Config("http://127.0.0.1/callback"), oauth.WithOpenURL(open), oauth.WithHTTPClient(hc))
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "no callback arrived")
	requirePortFree(t, b)
	assert.Zero(t, srv.CodesIssued())

	_, err = oauth.Login(ctx, srv.Config("http://127.0.0.1/callback"), oauth.WithOpenURL(func(string) error {
		t.Error("a login with a done context opened the page")
		return nil
	}))
	require.ErrorIs(t, err, context.Canceled)
}

func TestLoginDeadlineDuringExchange(t *testing.T) {
	// The context ends while the browser is being answered: the exchange
	// gives up, Login returns the context's error and closes the listener.
	srv, hc := startKit(t)
	b := newBrowser(t)
	ctx, cancel := context.WithCancel(loginCtx(t))
	defer cancel()
	b.callback = func(*url.URL) { cancel() }
	_, err := oauth.Login(ctx, srv.Config("http://127.0.0.1/callback"), oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
	require.ErrorIs(t, err, context.Canceled)
	requirePortFree(t, b)
	assert.Zero(t, srv.Exchanges())
}

func mustQuery(raw, k string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Query().Get(k)
}

func TestLoginOpenURLFails(t *testing.T) {
	srv, _ := startKit(t)
	b := newBrowser(t)
	var state string
	_, err := oauth.Login(loginCtx(t), srv.Config("http://127.0.0.1/callback"), oauth.WithOpenURL(func(u string) error {
		b.redirectURI, _ = url.Parse(mustQuery(u, "redirect_uri"))
		state = mustQuery(u, "state")
		return fmt.Errorf("no display to open %s", u) // an error that quotes the URL
	}))
	requireDistinct(t, err, oauth.ErrOpenURL)
	assert.NotContains(t, err.Error(), state)
	assert.Contains(t, err.Error(), "REDACTED")
	assert.Contains(t, err.Error(), "WithOpenURL")
	requirePortFree(t, b)
}

func TestLoginPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	srv, _ := startKit(t)
	conf := srv.Config("http://127.0.0.1/callback")
	conf.RedirectURL = fmt.Sprintf("http://%s/callback", ln.Addr())
	_, err = oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(func(string) error {
		t.Error("opened the page without a listener")
		return nil
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot listen for the login callback on "+ln.Addr().String())
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr)
}

func TestLoginIgnoresStrayRequests(t *testing.T) {
	srv, hc := startKit(t)
	b := newBrowser(t)
	open := func(u string) error {
		redirect, _ := url.Parse(mustQuery(u, "redirect_uri"))
		resp, err := b.hc.Get("http://" + redirect.Host + "/favicon.ico")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			return fmt.Errorf("favicon: HTTP %d", resp.StatusCode)
		}
		resp, err = b.hc.Head(redirect.String() + "?code=probe&state=probe")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			return fmt.Errorf("HEAD: HTTP %d", resp.StatusCode)
		}
		return b.open(u)
	}
	tok, err := oauth.Login(loginCtx(t), srv.Config("http://127.0.0.1/callback"), oauth.WithOpenURL(open), oauth.WithHTTPClient(hc))
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
	requirePortFree(t, b)
}

func TestLoginBadConfig(t *testing.T) {
	srv, _ := startKit(t)
	for _, tc := range []struct {
		name   string
		mutate func(c *oauth2.Config) *oauth2.Config
	}{
		{"nil config", func(*oauth2.Config) *oauth2.Config { return nil }},
		{"no client id", func(c *oauth2.Config) *oauth2.Config { c.ClientID = ""; return c }},
		{"https redirect", func(c *oauth2.Config) *oauth2.Config { c.RedirectURL = "https://127.0.0.1/callback"; return c }},
		{"remote redirect", func(c *oauth2.Config) *oauth2.Config { c.RedirectURL = "http://example.com/callback"; return c }},
		{"bad port", func(c *oauth2.Config) *oauth2.Config { c.RedirectURL = "http://127.0.0.1:99999/callback"; return c }},
		{"relative token URL", func(c *oauth2.Config) *oauth2.Config { c.Endpoint.TokenURL = "/token"; return c }},
		{"no auth URL", func(c *oauth2.Config) *oauth2.Config { c.Endpoint.AuthURL = ""; return c }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conf := tc.mutate(srv.Config("http://127.0.0.1/callback"))
			_, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(func(string) error {
				t.Error("opened the page")
				return nil
			}))
			require.ErrorIs(t, err, bettermode.ErrInvalidInput)
			assert.True(t, strings.HasPrefix(err.Error(), "bettermode: oauth: "), err.Error())
		})
	}
	var noContext context.Context
	_, err := oauth.Login(noContext, srv.Config(""))
	require.ErrorIs(t, err, bettermode.ErrInvalidInput)
}

func TestPrintURL(t *testing.T) {
	var b strings.Builder
	require.NoError(t, oauth.PrintURL(&b)("https://provider.example/authorize?x=1"))
	assert.Equal(t, "Open this page in a browser to log in:\n\n    https://provider.example/authorize?x=1\n\n", b.String())
	assert.Error(t, oauth.OpenBrowser("file:///etc/passwd"))
	assert.Error(t, oauth.OpenBrowser("javascript:alert(1)"))
}

func TestLoginFormPostCallback(t *testing.T) {
	srv, hc := startKit(t)
	b := newBrowser(t)
	open := func(u string) error {
		b.redirectURI, _ = url.Parse(mustQuery(u, "redirect_uri"))
		resp, err := b.hc.Get(u)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		q := loc.RawQuery
		loc.RawQuery = ""
		resp, err = b.hc.Post(loc.String(), "application/x-www-form-urlencoded", strings.NewReader(q))
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	_, err := oauth.Login(loginCtx(t), srv.Config("http://127.0.0.1/callback"), oauth.WithOpenURL(open), oauth.WithHTTPClient(hc))
	requireDistinct(t, err, oauth.ErrMissingCode)
	assert.Contains(t, err.Error(), "must be a GET request")
	requirePortFree(t, b)
	assert.Zero(t, srv.Exchanges())
}
