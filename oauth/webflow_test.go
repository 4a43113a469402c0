package oauth_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

var testKey = bytes.Repeat([]byte("k"), 32)

// webApp is an app serving the web flow on httptest: /login starts it,
// /callback ends it, the user is named by the app's own "uid" cookie.
type webApp struct {
	srv   *bettermodetest.OAuth2Server
	hc    *http.Client
	conf  *oauth2.Config
	store oauth.Store
	flow  *oauth.WebFlow
	app   *httptest.Server

	mu     sync.Mutex
	errs   []error
	logins []string
}

var errNoUser = errors.New("app: nobody is signed in")

func newWebApp(t *testing.T, store oauth.Store, opts ...bettermodetest.OAuth2Option) *webApp {
	t.Helper()
	a := &webApp{store: store}
	a.srv, a.hc = startKit(t, opts...)
	mux := http.NewServeMux()
	a.app = httptest.NewServer(mux)
	t.Cleanup(a.app.Close)
	a.conf = a.srv.Config(a.app.URL+"/callback", "offline_access")
	var err error
	a.flow, err = oauth.NewWebFlow(a.conf, oauth.WebFlowOptions{
		Key: testKey, Store: store, HTTPClient: a.hc,
		StoreKey: func(r *http.Request) (string, error) {
			c, err := r.Cookie("uid")
			if err != nil {
				return "", errNoUser
			}
			return c.Value, nil
		},
		OnLogin: func(w http.ResponseWriter, r *http.Request, key string, tok *oauth2.Token) {
			a.mu.Lock()
			a.logins = append(a.logins, key)
			a.mu.Unlock()
			fmt.Fprintf(w, "welcome %s", key)
		},
		OnError: func(w http.ResponseWriter, r *http.Request, err error) {
			a.mu.Lock()
			a.errs = append(a.errs, err)
			a.mu.Unlock()
			http.Error(w, err.Error(), http.StatusBadRequest)
		},
	})
	require.NoError(t, err)
	mux.Handle("/login", a.flow.StartHandler())
	mux.Handle("/callback", a.flow.CallbackHandler())
	mux.Handle("/other", a.flow.CallbackHandler()) // served on a path that is not the redirect URL's
	return a
}

func (a *webApp) lastError() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.errs) == 0 {
		return nil
	}
	return a.errs[len(a.errs)-1]
}

// userAgent is a browser with a cookie jar that follows no redirect.
type userAgent struct {
	hc  *http.Client
	jar *cookiejar.Jar
	app *url.URL
}

func newUser(t *testing.T, a *webApp, uid string) *userAgent {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	app, _ := url.Parse(a.app.URL)
	if uid != "" {
		jar.SetCookies(app, []*http.Cookie{{Name: "uid", Value: uid, Path: "/"}})
	}
	u := &userAgent{jar: jar, app: app, hc: &http.Client{Jar: jar, Transport: &http.Transport{},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	t.Cleanup(u.hc.CloseIdleConnections)
	return u
}

type page struct {
	status   int
	location *url.URL
	body     string
}

func (u *userAgent) get(t *testing.T, raw string) page {
	t.Helper()
	resp, err := u.hc.Get(raw)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	p := page{status: resp.StatusCode, body: string(body)}
	if loc := resp.Header.Get("Location"); loc != "" {
		p.location, err = resp.Request.URL.Parse(loc)
		require.NoError(t, err)
	}
	return p
}

func (u *userAgent) callbackURL() *url.URL {
	c := *u.app
	c.Path = "/callback"
	return &c
}

// loginCookie returns the login cookie the jar holds for the callback.
func (u *userAgent) loginCookie() *http.Cookie {
	for _, c := range u.jar.Cookies(u.callbackURL()) {
		if c.Name == oauth.DefaultCookieName {
			return c
		}
	}
	return nil
}

func (u *userAgent) setLoginCookie(value string) {
	u.jar.SetCookies(u.callbackURL(), []*http.Cookie{{Name: oauth.DefaultCookieName, Value: value, Path: "/callback"}})
}

// begin runs the login up to the callback, and returns the callback's URL.
func (u *userAgent) begin(t *testing.T, a *webApp) *url.URL {
	t.Helper()
	start := u.get(t, a.app.URL+"/login")
	require.Equal(t, http.StatusFound, start.status)
	require.NotNil(t, u.loginCookie(), "no login cookie")
	auth := u.get(t, start.location.String())
	require.Equal(t, http.StatusFound, auth.status, auth.body)
	return auth.location
}

func TestWebFlowEndToEnd(t *testing.T) {
	store := oauth.NewMemoryStore()
	a := newWebApp(t, store)
	u := newUser(t, a, "alice")

	// A real browser session: follow every redirect.
	follow := *u.hc
	follow.CheckRedirect = nil
	resp, err := follow.Get(a.app.URL + "/login")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "welcome alice", string(body))
	assert.Nil(t, u.loginCookie(), "the callback clears the login cookie")

	tok, err := store.Load(t.Context(), "alice")
	require.NoError(t, err)
	assert.NotEmpty(t, tok.RefreshToken)
	assert.Equal(t, []string{"alice"}, a.logins)
	assert.Equal(t, 1, a.srv.CodesIssued())
	assert.Equal(t, 1, a.srv.Exchanges())

	src := oauth.NewSource(a.conf, store, "alice", oauth.WithHTTPClient(a.hc))
	bt, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, tok.AccessToken, bt.AccessToken.Reveal())
	assert.Equal(t, bettermode.KindOAuth, bt.Kind)
}

func TestWebFlowStartCookie(t *testing.T) {
	for _, tc := range []struct {
		name, redirect string
		secure         bool
	}{
		{"https", "https://app.example/auth/callback", true},
		{"http on loopback", "http://127.0.0.1:8080/auth/callback", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := startKit(t)
			flow, err := oauth.NewWebFlow(srv.Config(tc.redirect), oauth.WebFlowOptions{Key: testKey, Store: oauth.NewMemoryStore(),
				StoreKey: func(*http.Request) (string, error) { return "k", nil }})
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			flow.Start(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
			require.Equal(t, http.StatusFound, rec.Code)
			cookies := rec.Result().Cookies()
			require.Len(t, cookies, 1)
			c := cookies[0]
			assert.Equal(t, oauth.DefaultCookieName, c.Name)
			assert.Equal(t, "/auth/callback", c.Path)
			assert.True(t, c.HttpOnly)
			assert.Equal(t, tc.secure, c.Secure)
			assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
			assert.Equal(t, 600, c.MaxAge)
			loc, err := url.Parse(rec.Header().Get("Location"))
			require.NoError(t, err)
			assert.Equal(t, srv.AuthURL, loc.Scheme+"://"+loc.Host+loc.Path)
			q := loc.Query()
			assert.Equal(t, "S256", q.Get("code_challenge_method"))
			assert.Len(t, q.Get("state"), 43)
			assert.Equal(t, tc.redirect, q.Get("redirect_uri"))
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
			// The cookie holds neither the state nor the verifier in clear.
			assert.NotContains(t, c.Value, q.Get("state"))
		})
	}
}

func TestWebFlowFailures(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     []bettermodetest.OAuth2Option
		uid      string
		store    oauth.Store
		run      func(t *testing.T, a *webApp, u *userAgent) page
		want     error
		wantKit  string
		wantSave bool
	}{
		{name: "no login cookie", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			return newUser(t, a, "alice").get(t, cb.String()) // another browser
		}, want: oauth.ErrCookieMissing},
		{name: "tampered cookie", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			raw, err := base64.RawURLEncoding.DecodeString(u.loginCookie().Value)
			require.NoError(t, err)
			raw[len(raw)/2] ^= 1 // one bit of the sealed state or verifier
			u.setLoginCookie(base64.RawURLEncoding.EncodeToString(raw))
			return u.get(t, cb.String())
		}, want: oauth.ErrCookieInvalid},
		{name: "truncated cookie", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			u.setLoginCookie(u.loginCookie().Value[:20])
			return u.get(t, cb.String())
		}, want: oauth.ErrCookieInvalid},
		{name: "cookie sealed with another key", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			other, err := oauth.NewWebFlow(a.conf, oauth.WebFlowOptions{Key: bytes.Repeat([]byte("o"), 32), Store: a.store,
				StoreKey: func(*http.Request) (string, error) { return "x", nil }})
			require.NoError(t, err)
			rec := httptest.NewRecorder()
			other.Start(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
			u.setLoginCookie(rec.Result().Cookies()[0].Value)
			return u.get(t, cb.String())
		}, want: oauth.ErrCookieInvalid},
		{name: "state mismatch", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			setQuery(cb, "state", "forged-state-forged-state")
			return u.get(t, cb.String())
		}, want: oauth.ErrStateMismatch},
		{name: "another login's state", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			u.begin(t, a) // a second tab: its cookie replaces the first's
			return u.get(t, cb.String())
		}, want: oauth.ErrStateMismatch},
		{name: "access denied", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Deny("access_denied")},
			run:  func(t *testing.T, a *webApp, u *userAgent) page { return u.get(t, u.begin(t, a).String()) },
			want: oauth.ErrAccessDenied, wantKit: bettermodetest.OAuth2RejectDenied},
		{name: "no code", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			setQuery(cb, "code", "")
			return u.get(t, cb.String())
		}, want: oauth.ErrMissingCode},
		{name: "reused code", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			cookie := u.loginCookie().Value
			require.Equal(t, "welcome alice", u.get(t, cb.String()).body)
			u.setLoginCookie(cookie) // a replay with the old cookie, still within its lifetime
			return u.get(t, cb.String())
		}, want: oauth.ErrCallbackReplayed, wantSave: true},
		{name: "callback on another path", run: func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			cb.Path = "/other"
			return u.get(t, cb.String())
		}, want: oauth.ErrWrongCallbackPath},
		{name: "token endpoint answers HTML", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2FaultHTML())},
			run:  func(t *testing.T, a *webApp, u *userAgent) page { return u.get(t, u.begin(t, a).String()) },
			want: oauth.ErrBadTokenResponse, wantKit: bettermodetest.OAuth2RejectFault},
		{name: "token endpoint down", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2FaultUnavailable())},
			run:  func(t *testing.T, a *webApp, u *userAgent) page { return u.get(t, u.begin(t, a).String()) },
			want: oauth.ErrProviderUnavailable, wantKit: bettermodetest.OAuth2RejectFault},
		{name: "the app names no user", uid: "-",
			run:  func(t *testing.T, a *webApp, u *userAgent) page { return u.get(t, u.begin(t, a).String()) },
			want: errNoUser},
		{name: "the store fails", store: failingStore{oauth.NewMemoryStore()},
			run:  func(t *testing.T, a *webApp, u *userAgent) page { return u.get(t, u.begin(t, a).String()) },
			want: errStoreDown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := tc.store
			if store == nil {
				store = oauth.NewMemoryStore()
			}
			a := newWebApp(t, store, tc.opts...)
			uid := "alice"
			if tc.uid == "-" {
				uid = ""
			}
			u := newUser(t, a, uid)
			p := tc.run(t, a, u)
			assert.Equal(t, http.StatusBadRequest, p.status, p.body)
			err := a.lastError()
			require.Error(t, err)
			if errors.Is(tc.want, errNoUser) || errors.Is(tc.want, errStoreDown) {
				require.ErrorIs(t, err, tc.want)
			} else {
				requireDistinct(t, err, tc.want)
			}
			if tc.wantKit != "" {
				assert.Equal(t, 1, a.srv.Rejected(tc.wantKit))
			}
			_, lerr := store.Load(t.Context(), "alice")
			if tc.wantSave {
				assert.NoError(t, lerr)
			} else {
				assert.ErrorIs(t, lerr, oauth.ErrTokenNotFound)
			}
			assert.Empty(t, secretsIn(err.Error()+p.body, a.srv.SecretsSeen()))
		})
	}
}

var errStoreDown = errors.New("store: disk on fire")

type failingStore struct{ oauth.Store }

func (failingStore) Save(context.Context, string, *oauth2.Token) error { return errStoreDown }

func TestWebFlowCookieExpires(t *testing.T) {
	// No sockets: the handlers run on recorders inside a bubble, where ten
	// minutes pass at once. The code is never exchanged.
	synctest.Test(t, func(t *testing.T) {
		conf := &oauth2.Config{ClientID: "id", RedirectURL: "https://app.example/callback",
			Endpoint: oauth2.Endpoint{AuthURL: "https://provider.example/authorize", TokenURL: "https://provider.example/token"}}
		var got error
		flow, err := oauth.NewWebFlow(conf, oauth.WebFlowOptions{Key: testKey, Store: oauth.NewMemoryStore(),
			StoreKey: func(*http.Request) (string, error) { return "k", nil },
			OnError:  func(w http.ResponseWriter, _ *http.Request, err error) { got = err },
			OnLogin:  func(http.ResponseWriter, *http.Request, string, *oauth2.Token) { t.Error("logged in") },
		})
		require.NoError(t, err)
		callback := func() {
			rec := httptest.NewRecorder()
			flow.Start(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
			loc, _ := url.Parse(rec.Header().Get("Location"))
			req := httptest.NewRequest(http.MethodGet, "https://app.example/callback?code=c&state="+loc.Query().Get("state"), nil)
			req.AddCookie(rec.Result().Cookies()[0])
			time.Sleep(oauth.DefaultCookieLifetime + time.Second)
			flow.Callback(httptest.NewRecorder(), req)
		}
		callback()
		requireDistinct(t, got, oauth.ErrCookieExpired)
	})
}

func TestWebFlowDefaultHandlers(t *testing.T) {
	store := oauth.NewMemoryStore()
	srv, hc := startKit(t)
	mux := http.NewServeMux()
	app := httptest.NewServer(mux)
	defer app.Close()
	flow, err := oauth.NewWebFlow(srv.Config(app.URL+"/cb"), oauth.WebFlowOptions{Key: testKey, Store: store, HTTPClient: hc,
		StoreKey: func(*http.Request) (string, error) { return "bob", nil }})
	require.NoError(t, err)
	mux.HandleFunc("/login", flow.Start)
	mux.HandleFunc("/cb", flow.Callback)
	a := &webApp{app: app}
	u := newUser(t, a, "")

	start := u.get(t, app.URL+"/login")
	auth := u.get(t, start.location.String())
	done := u.get(t, auth.location.String())
	assert.Equal(t, http.StatusSeeOther, done.status)
	assert.Equal(t, app.URL+"/", done.location.String())
	_, err = store.Load(t.Context(), "bob")
	require.NoError(t, err)

	bad := u.get(t, app.URL+"/cb?code=x&state=y")
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Contains(t, bad.body, "Login failed")
	assert.Contains(t, bad.body, "login cookie is missing")

	resp, err := u.hc.Post(app.URL+"/cb", "text/plain", strings.NewReader("x"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, "oauth.WebFlow(callback /cb, store *oauth.MemoryStore)", fmt.Sprintf("%+v", flow))
}

func TestWebFlowConcurrentUsers(t *testing.T) {
	store := oauth.NewMemoryStore()
	a := newWebApp(t, store)
	users := []string{"u1", "u2", "u3", "u4", "u5", "u6"}
	var wg sync.WaitGroup
	for _, name := range users {
		u := newUser(t, a, name)
		wg.Go(func() {
			start, err := u.hc.Get(a.app.URL + "/login")
			if !assert.NoError(t, err) {
				return
			}
			start.Body.Close()
			follow := *u.hc
			follow.CheckRedirect = nil
			resp, err := follow.Get(start.Header.Get("Location"))
			if !assert.NoError(t, err) {
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, "welcome "+name, string(body))
		})
	}
	wg.Wait()
	for _, name := range users {
		_, err := store.Load(t.Context(), name)
		assert.NoError(t, err, name)
	}
	assert.Equal(t, len(users), a.srv.Exchanges())
}

func TestNewWebFlowChecks(t *testing.T) {
	srv, _ := startKit(t)
	good := oauth.WebFlowOptions{Key: testKey, Store: oauth.NewMemoryStore(), StoreKey: func(*http.Request) (string, error) { return "", nil }}
	for _, tc := range []struct {
		name     string
		redirect string
		mutate   func(o *oauth.WebFlowOptions)
	}{
		{"short key", "https://app.example/cb", func(o *oauth.WebFlowOptions) { o.Key = o.Key[:31] }},
		{"no store", "https://app.example/cb", func(o *oauth.WebFlowOptions) { o.Store = nil }},
		{"nil store pointer", "https://app.example/cb", func(o *oauth.WebFlowOptions) { o.Store = (*oauth.MemoryStore)(nil) }},
		{"no store key", "https://app.example/cb", func(o *oauth.WebFlowOptions) { o.StoreKey = nil }},
		{"bad cookie name", "https://app.example/cb", func(o *oauth.WebFlowOptions) { o.CookieName = "a b" }},
		{"cookie name with DEL", "https://app.example/cb", func(o *oauth.WebFlowOptions) { o.CookieName = "a\x7fb" }},
		{"negative lifetime", "https://app.example/cb", func(o *oauth.WebFlowOptions) { o.CookieLifetime = -time.Second }},
		{"plain http to a remote host", "http://app.example/cb", func(*oauth.WebFlowOptions) {}},
		{"relative redirect", "/cb", func(*oauth.WebFlowOptions) {}},
		{"no redirect", "", func(*oauth.WebFlowOptions) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := good
			tc.mutate(&o)
			_, err := oauth.NewWebFlow(srv.Config(tc.redirect), o)
			require.ErrorIs(t, err, bettermode.ErrInvalidInput)
		})
	}
	_, err := oauth.NewWebFlow(srv.Config("https://app.example/cb"), good)
	require.NoError(t, err)
}
