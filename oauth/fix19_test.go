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
	tok, err := oauth.Login(t.Context(), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
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
