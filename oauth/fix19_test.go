package oauth_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// TestWebFlowReplayChangesNothing: a callback replayed with a copy of the
// login cookie is refused before its code reaches the provider, so the
// session the first callback saved stays in the store and stays alive.
func TestWebFlowReplayChangesNothing(t *testing.T) {
	store := oauth.NewMemoryStore()
	a := newWebApp(t, store)
	u := newUser(t, a, "alice")
	cb := u.begin(t, a)
	cookie := u.loginCookie().Value
	require.Equal(t, "welcome alice", u.get(t, cb.String()).body)
	saved, err := store.Load(t.Context(), "alice")
	require.NoError(t, err)
	requests := a.srv.TokenRequests()

	u.setLoginCookie(cookie)
	p := u.get(t, cb.String())
	assert.Equal(t, http.StatusBadRequest, p.status)
	require.ErrorIs(t, a.lastError(), oauth.ErrCallbackReplayed)
	assert.Equal(t, requests, a.srv.TokenRequests(), "the code was not sent again")
	now, err := store.Load(t.Context(), "alice")
	require.NoError(t, err)
	assert.Equal(t, saved, now, "the store is unchanged")
	assert.True(t, a.srv.RefreshTokenActive(saved.RefreshToken), "the saved session is alive")
}

// strictProvider puts a token endpoint in front of the kit's that refuses
// HTTP Basic client authentication for a public client, as real providers
// do, and counts the token requests.
func strictProvider(t *testing.T, srv *bettermodetest.OAuth2Server) (*url.URL, *atomic.Int32) {
	target, err := url.Parse(srv.TokenURL)
	require.NoError(t, err)
	var n atomic.Int32
	proxy := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.URL.Path = target.Path
	}, Transport: srv.Client().Transport}
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if _, _, basic := r.BasicAuth(); basic {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"client authentication by Basic is not allowed for this client"}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	u, _ := url.Parse(front.URL + target.Path)
	return u, &n
}

// TestPublicClientOneTokenRequest: a public client (no secret) sends its
// code once per login and its refresh token once per refresh.
func TestPublicClientOneTokenRequest(t *testing.T) {
	srv, hc := startKit(t, bettermodetest.WithOAuth2PublicClient())
	front, n := strictProvider(t, srv)
	conf := srv.Config("http://127.0.0.1/callback")
	conf.ClientSecret = ""
	conf.Endpoint.TokenURL = front.String()
	conf.Endpoint.AuthStyle = oauth2.AuthStyleAutoDetect // as a config written by hand has it
	b := newBrowser(t)
	tok, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
	require.NoError(t, err)
	assert.Equal(t, int32(1), n.Load(), "one token request per exchange")

	store := oauth.NewMemoryStore()
	require.NoError(t, store.Save(t.Context(), "me", expired(tok)))
	_, err = oauth.NewSource(conf, store, "me", oauth.WithHTTPClient(hc)).Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, int32(2), n.Load(), "one token request per refresh")
	assert.Equal(t, 1, srv.Refreshes())
}

// TestSourceShortLivedToken: an 8 s token is used for half its lifetime,
// not refreshed on every call.
func TestSourceShortLivedToken(t *testing.T) {
	srv, hc := startKit(t, bettermodetest.WithOAuth2AccessTokenLifetime(8*time.Second))
	store := oauth.NewMemoryStore()
	require.NoError(t, store.Save(t.Context(), "me", srv.Grant()))
	src := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc))
	for range 5 {
		_, err := src.Token(t.Context())
		require.NoError(t, err)
	}
	assert.Equal(t, 0, srv.Refreshes(), "a fresh 8 s token is not refreshed")
}

// TestCallbackIssuer: a callback whose iss (RFC 9207) names another
// provider is refused before the code is exchanged; the provider's own iss
// passes.
func TestCallbackIssuer(t *testing.T) {
	for _, tc := range []struct {
		name, iss string
		opts      []oauth.Option
		want      error
	}{
		{name: "no iss"},
		{name: "the provider's host", iss: "{auth}"},
		{name: "another provider", iss: "https://evil.example", want: oauth.ErrIssuerMismatch},
		{name: "configured issuer", iss: "https://idp.example/tenant", opts: []oauth.Option{oauth.WithIssuer("https://idp.example/tenant")}},
		{name: "not the configured issuer", iss: "{auth}", opts: []oauth.Option{oauth.WithIssuer("https://idp.example/tenant")}, want: oauth.ErrIssuerMismatch},
		{name: "empty iss", iss: "", want: oauth.ErrIssuerMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hc := startKit(t)
			conf := srv.Config("http://127.0.0.1/callback")
			b := newBrowser(t)
			b.callback = func(u *url.URL) {
				if tc.name == "no iss" {
					return
				}
				iss := tc.iss
				if iss == "{auth}" {
					a, _ := url.Parse(srv.AuthURL)
					iss = a.Scheme + "://" + a.Host
				}
				if iss == "" {
					u.RawQuery += "&iss="
					return
				}
				setQuery(u, "iss", iss)
			}
			_, err := oauth.Login(loginCtx(t), conf, append(tc.opts, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))...)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			requireDistinct(t, err, tc.want)
			assert.Zero(t, srv.TokenRequests(), "the code was not exchanged")
		})
	}

	// The web flow.
	a := newWebApp(t, oauth.NewMemoryStore())
	u := newUser(t, a, "alice")
	cb := u.begin(t, a)
	setQuery(cb, "iss", "https://evil.example")
	u.get(t, cb.String())
	require.ErrorIs(t, a.lastError(), oauth.ErrIssuerMismatch)
	assert.Zero(t, a.srv.TokenRequests())
}

// TestLoginOrLoad: the helper logs in when nothing is saved or the saved
// session was revoked, and resumes a saved one without a login.
func TestLoginOrLoad(t *testing.T) {
	srv, hc := startKit(t)
	conf := srv.Config("http://127.0.0.1/callback")
	store := oauth.NewMemoryStore()
	b := newBrowser(t)
	opts := []oauth.Option{oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc)}

	src, err := oauth.LoginOrLoad(loginCtx(t), conf, store, "me", opts...)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Exchanges(), "nothing saved: a login")
	tok, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)

	_, err = oauth.LoginOrLoad(loginCtx(t), conf, store, "me", opts...)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Exchanges(), "a saved session: no login")

	saved, err := store.Load(t.Context(), "me")
	require.NoError(t, err)
	require.NoError(t, store.Save(t.Context(), "me", expired(saved)))
	srv.RevokeRefreshTokens()
	_, err = oauth.LoginOrLoad(loginCtx(t), conf, store, "me", opts...)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.Exchanges(), "a revoked session: a login")

	srv.SetTokenFault(bettermodetest.OAuth2FaultUnavailable())
	require.NoError(t, store.Save(t.Context(), "me", expired(saved)))
	_, err = oauth.LoginOrLoad(loginCtx(t), conf, store, "me", opts...)
	require.ErrorIs(t, err, oauth.ErrProviderUnavailable, "a provider that is down is not a reason to log in")
	assert.Equal(t, 2, srv.Exchanges())
}

// TestOptionThatDoesNotApply: an option a function does not take is an
// error, not ignored.
func TestOptionThatDoesNotApply(t *testing.T) {
	srv, hc := startKit(t)
	store := oauth.NewMemoryStore()
	require.NoError(t, store.Save(t.Context(), "me", srv.Grant()))
	src := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc), oauth.WithOpenURL(func(string) error { return nil }))
	_, err := src.Token(t.Context())
	require.ErrorIs(t, err, bettermode.ErrInvalidInput)
	assert.Contains(t, err.Error(), "NewSource does not take the option WithOpenURL")
	src = oauth.NewSource(srv.Config(""), store, "me", oauth.WithAuthCodeOptions(oauth2.AccessTypeOffline))
	_, err = src.Token(t.Context())
	require.ErrorIs(t, err, bettermode.ErrInvalidInput)
	_, err = oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc)).Token(t.Context())
	require.NoError(t, err)
}
