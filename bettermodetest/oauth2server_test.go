package bettermodetest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

const o2Redirect = "http://127.0.0.1:9999/callback"

// o2Clock is a clock a test moves by hand.
type o2Clock struct {
	mu sync.Mutex
	t  time.Time
}

func newO2Clock() *o2Clock { return &o2Clock{t: time.Now()} }

func (c *o2Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *o2Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// o2Client returns an HTTP client that does not follow redirects, closed
// when the test ends.
func o2Client(t *testing.T, s *bettermodetest.OAuth2Server) *http.Client {
	hc := s.Client()
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	t.Cleanup(hc.CloseIdleConnections)
	return hc
}

func o2Ctx(t *testing.T, hc *http.Client) context.Context {
	return context.WithValue(t.Context(), oauth2.HTTPClient, hc)
}

// o2Authorize sends the authorization request of conf and returns the
// redirect's URL.
func o2Authorize(t *testing.T, hc *http.Client, conf *oauth2.Config, state string, opts ...oauth2.AuthCodeOption) *url.URL {
	t.Helper()
	resp, err := hc.Get(conf.AuthCodeURL(state, opts...))
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return loc
}

// o2Login runs a login and returns the code's token.
func o2Login(t *testing.T, s *bettermodetest.OAuth2Server, hc *http.Client, conf *oauth2.Config) *oauth2.Token {
	t.Helper()
	v := oauth2.GenerateVerifier()
	loc := o2Authorize(t, hc, conf, "state-1", oauth2.S256ChallengeOption(v))
	tok, err := conf.Exchange(o2Ctx(t, hc), loc.Query().Get("code"), oauth2.VerifierOption(v))
	require.NoError(t, err)
	return tok
}

func o2UserInfo(t *testing.T, s *bettermodetest.OAuth2Server, hc *http.Client, access string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.UserInfoURL, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		var info map[string]string
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&info))
		assert.Equal(t, bettermodetest.OAuth2Subject, info["sub"])
	}
	return resp.StatusCode
}

// o2Refresh refreshes with rt.
func o2Refresh(t *testing.T, hc *http.Client, conf *oauth2.Config, rt string) (*oauth2.Token, error) {
	return conf.TokenSource(o2Ctx(t, hc), &oauth2.Token{RefreshToken: rt}).Token()
}

func o2Code(t *testing.T, err error) string {
	t.Helper()
	var re *oauth2.RetrieveError
	require.ErrorAs(t, err, &re)
	return re.ErrorCode
}

func TestOAuth2ServerLoginRefreshUserInfo(t *testing.T) {
	s := bettermodetest.StartOAuth2Server(t)
	hc := o2Client(t, s)
	conf := s.Config(o2Redirect, "offline_access", "profile")
	assert.Equal(t, s.URL+"/authorize", s.AuthURL)
	assert.Equal(t, s.URL+"/token", s.TokenURL)
	assert.Equal(t, bettermodetest.OAuth2ClientSecret, conf.ClientSecret)

	v := oauth2.GenerateVerifier()
	loc := o2Authorize(t, hc, conf, "the-state", oauth2.S256ChallengeOption(v))
	assert.Equal(t, "127.0.0.1:9999", loc.Host)
	assert.Equal(t, "/callback", loc.Path)
	assert.Equal(t, "the-state", loc.Query().Get("state"))
	code := loc.Query().Get("code")
	require.NotEmpty(t, code)

	tok, err := conf.Exchange(o2Ctx(t, hc), code, oauth2.VerifierOption(v))
	require.NoError(t, err)
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.NotEmpty(t, tok.RefreshToken)
	assert.Equal(t, int64(3600), tok.ExpiresIn)
	assert.WithinDuration(t, time.Now().Add(time.Hour), tok.Expiry, time.Minute)
	assert.Equal(t, http.StatusOK, o2UserInfo(t, s, hc, tok.AccessToken))
	assert.True(t, s.RefreshTokenActive(tok.RefreshToken))

	nt, err := o2Refresh(t, hc, conf, tok.RefreshToken)
	require.NoError(t, err)
	assert.NotEqual(t, tok.RefreshToken, nt.RefreshToken, "rotated")
	assert.NotEqual(t, tok.AccessToken, nt.AccessToken)
	assert.False(t, s.RefreshTokenActive(tok.RefreshToken))
	assert.True(t, s.RefreshTokenActive(nt.RefreshToken))
	assert.Equal(t, http.StatusOK, o2UserInfo(t, s, hc, nt.AccessToken))

	assert.Equal(t, 1, s.CodesIssued())
	assert.Equal(t, 1, s.Exchanges())
	assert.Equal(t, 1, s.Refreshes())
	assert.Equal(t, 2, s.TokenRequests())
	assert.Contains(t, s.SecretsSeen(), bettermodetest.OAuth2ClientSecret)
	assert.Contains(t, s.SecretsSeen(), v)
	assert.Contains(t, s.SecretsSeen(), code)
	assert.Contains(t, s.SecretsSeen(), "the-state")
	assert.Contains(t, s.SecretsSeen(), nt.RefreshToken)
}

func TestOAuth2ServerAuthorizeChecks(t *testing.T) {
	for _, tc := range []struct {
		name        string
		opts        []bettermodetest.OAuth2Option
		registered  string // for Config; "" registers nothing
		redirect    string // the redirect_uri sent
		clientID    string
		params      []oauth2.AuthCodeOption
		pkce        bool
		wantStatus  int    // 302 or 400
		wantError   string // error= in the redirect
		wantCode    bool
		wantReject  string
		wantRejects int
	}{
		{name: "exact redirect", registered: "https://app.example/cb", redirect: "https://app.example/cb", pkce: true, wantStatus: 302, wantCode: true},
		{name: "loopback any port", registered: "http://127.0.0.1/callback", redirect: "http://127.0.0.1:43210/callback", pkce: true, wantStatus: 302, wantCode: true},
		{name: "loopback ipv6 any port", registered: "http://[::1]:1/cb", redirect: "http://[::1]:2/cb", pkce: true, wantStatus: 302, wantCode: true},
		{name: "nothing registered takes loopback", redirect: "http://localhost:5/x", pkce: true, wantStatus: 302, wantCode: true},
		{name: "nothing registered refuses others", redirect: "https://app.example/cb", pkce: true, wantStatus: 400, wantReject: bettermodetest.OAuth2RejectRedirectURI},
		{name: "https port must match", registered: "https://app.example/cb", redirect: "https://app.example:8443/cb", pkce: true, wantStatus: 400, wantReject: bettermodetest.OAuth2RejectRedirectURI},
		{name: "loopback path must match", registered: "http://127.0.0.1/callback", redirect: "http://127.0.0.1:4/other", pkce: true, wantStatus: 400, wantReject: bettermodetest.OAuth2RejectRedirectURI},
		{name: "unknown client", redirect: o2Redirect, clientID: "someone-else", pkce: true, wantStatus: 400, wantReject: bettermodetest.OAuth2RejectClient},
		{name: "PKCE required", redirect: o2Redirect, wantStatus: 302, wantError: "invalid_request", wantReject: bettermodetest.OAuth2RejectPKCE},
		{name: "PKCE plain refused", redirect: o2Redirect, params: []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("code_challenge", "abc"), oauth2.SetAuthURLParam("code_challenge_method", "plain")}, wantStatus: 302, wantError: "invalid_request", wantReject: bettermodetest.OAuth2RejectPKCE},
		{name: "PKCE optional", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2PKCEOptional()}, redirect: o2Redirect, wantStatus: 302, wantCode: true},
		{name: "response type", redirect: o2Redirect, pkce: true, params: []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("response_type", "token")}, wantStatus: 302, wantError: "unsupported_response_type", wantReject: bettermodetest.OAuth2RejectBadRequest},
		{name: "deny", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Deny("access_denied")}, redirect: o2Redirect, pkce: true, wantStatus: 302, wantError: "access_denied", wantReject: bettermodetest.OAuth2RejectDenied},
		{name: "registered by option", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2RedirectURIs("https://a.example/cb")}, redirect: "https://a.example/cb", pkce: true, wantStatus: 302, wantCode: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := bettermodetest.StartOAuth2Server(t, tc.opts...)
			hc := o2Client(t, s)
			conf := s.Config(tc.registered)
			conf.RedirectURL = tc.redirect
			if tc.clientID != "" {
				conf.ClientID = tc.clientID
			}
			params := tc.params
			if tc.pkce {
				params = append(params, oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
			}
			resp, err := hc.Get(conf.AuthCodeURL("st", params...))
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.Equal(t, tc.wantStatus, resp.StatusCode, string(body))
			if tc.wantStatus == http.StatusFound {
				loc, err := url.Parse(resp.Header.Get("Location"))
				require.NoError(t, err)
				assert.Equal(t, "st", loc.Query().Get("state"))
				assert.Equal(t, tc.wantError, loc.Query().Get("error"))
				assert.Equal(t, tc.wantCode, loc.Query().Get("code") != "")
			} else {
				assert.Empty(t, resp.Header.Get("Location"), "no redirect to an unchecked URI")
			}
			if tc.wantReject != "" {
				assert.Equal(t, 1, s.Rejected(tc.wantReject))
			}
			if tc.wantCode {
				assert.Equal(t, 1, s.CodesIssued())
			} else {
				assert.Zero(t, s.CodesIssued())
			}
		})
	}
}

func TestOAuth2ServerTokenChecks(t *testing.T) {
	type setup struct {
		conf     *oauth2.Config
		code     string
		verifier string
		clock    *o2Clock
	}
	for _, tc := range []struct {
		name       string
		opts       []bettermodetest.OAuth2Option
		mutate     func(t *testing.T, s *bettermodetest.OAuth2Server, hc *http.Client, st *setup)
		wantCode   string
		wantStatus int
		wantReject string
	}{
		{name: "wrong client secret", mutate: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *http.Client, st *setup) {
			st.conf.ClientSecret = "wrong-secret"
		}, wantCode: "invalid_client", wantStatus: 401, wantReject: bettermodetest.OAuth2RejectClient},
		{name: "no client secret", mutate: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *http.Client, st *setup) {
			st.conf.ClientSecret = ""
			st.conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
		}, wantCode: "invalid_client", wantStatus: 401, wantReject: bettermodetest.OAuth2RejectClient},
		{name: "PKCE verifier mismatch", mutate: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *http.Client, st *setup) {
			st.verifier = oauth2.GenerateVerifier()
		}, wantCode: "invalid_grant", wantStatus: 400, wantReject: bettermodetest.OAuth2RejectPKCE},
		{name: "PKCE verifier missing", mutate: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *http.Client, st *setup) {
			st.verifier = ""
		}, wantCode: "invalid_grant", wantStatus: 400, wantReject: bettermodetest.OAuth2RejectPKCE},
		{name: "unknown code", mutate: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *http.Client, st *setup) {
			st.code = "fake-oauth2-code-never-issued"
		}, wantCode: "invalid_grant", wantStatus: 400, wantReject: bettermodetest.OAuth2RejectCodeUnknown},
		{name: "reused code", mutate: func(t *testing.T, _ *bettermodetest.OAuth2Server, hc *http.Client, st *setup) {
			_, err := st.conf.Exchange(o2Ctx(t, hc), st.code, oauth2.VerifierOption(st.verifier))
			require.NoError(t, err)
		}, wantCode: "invalid_grant", wantStatus: 400, wantReject: bettermodetest.OAuth2RejectCodeReused},
		{name: "expired code", mutate: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *http.Client, st *setup) {
			st.clock.Advance(bettermodetest.DefaultOAuth2CodeLifetime + time.Second)
		}, wantCode: "invalid_grant", wantStatus: 400, wantReject: bettermodetest.OAuth2RejectCodeExpired},
		{name: "other redirect_uri", mutate: func(_ *testing.T, _ *bettermodetest.OAuth2Server, _ *http.Client, st *setup) {
			st.conf.RedirectURL = "http://127.0.0.1:9998/callback"
		}, wantCode: "invalid_grant", wantStatus: 400, wantReject: bettermodetest.OAuth2RejectRedirectMismatch},
		{name: "public client without secret", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2PublicClient()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newO2Clock()
			s := bettermodetest.StartOAuth2Server(t, append([]bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Clock(clock.Now)}, tc.opts...)...)
			hc := o2Client(t, s)
			st := &setup{conf: s.Config(o2Redirect), verifier: oauth2.GenerateVerifier(), clock: clock}
			st.code = o2Authorize(t, hc, st.conf, "st", oauth2.S256ChallengeOption(st.verifier)).Query().Get("code")
			if tc.mutate != nil {
				tc.mutate(t, s, hc, st)
			}
			var opts []oauth2.AuthCodeOption
			if st.verifier != "" {
				opts = append(opts, oauth2.VerifierOption(st.verifier))
			}
			tok, err := st.conf.Exchange(o2Ctx(t, hc), st.code, opts...)
			if tc.wantCode == "" {
				require.NoError(t, err)
				assert.NotEmpty(t, tok.AccessToken)
				assert.Empty(t, s.ClientSecret)
				return
			}
			require.Error(t, err)
			var re *oauth2.RetrieveError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tc.wantCode, re.ErrorCode)
			assert.Equal(t, tc.wantStatus, re.Response.StatusCode)
			assert.Equal(t, 1, s.Rejected(tc.wantReject))
			for _, sec := range []string{bettermodetest.OAuth2ClientSecret, st.code, st.verifier, "wrong-secret"} {
				if sec != "" {
					assert.NotContains(t, string(re.Body), sec, "an error answer echoes a secret")
				}
			}
		})
	}
}

func TestOAuth2ServerCodeReuseRevokesItsTokens(t *testing.T) {
	s := bettermodetest.StartOAuth2Server(t)
	hc := o2Client(t, s)
	conf := s.Config(o2Redirect)
	v := oauth2.GenerateVerifier()
	code := o2Authorize(t, hc, conf, "st", oauth2.S256ChallengeOption(v)).Query().Get("code")
	tok, err := conf.Exchange(o2Ctx(t, hc), code, oauth2.VerifierOption(v))
	require.NoError(t, err)
	_, err = conf.Exchange(o2Ctx(t, hc), code, oauth2.VerifierOption(v))
	assert.Equal(t, "invalid_grant", o2Code(t, err))
	assert.Equal(t, http.StatusUnauthorized, o2UserInfo(t, s, hc, tok.AccessToken))
	_, err = o2Refresh(t, hc, conf, tok.RefreshToken)
	assert.Equal(t, "invalid_grant", o2Code(t, err))
	assert.Equal(t, 1, s.Rejected(bettermodetest.OAuth2RejectRefreshRevoked))
	assert.Equal(t, 1, s.Exchanges())
}

func TestOAuth2ServerRefreshRules(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opts       []bettermodetest.OAuth2Option
		act        func(s *bettermodetest.OAuth2Server, clock *o2Clock, first, second *oauth2.Token) string // the refresh token to use next
		wantOK     bool
		wantReject string
	}{
		{name: "rotated token works", act: func(_ *bettermodetest.OAuth2Server, _ *o2Clock, _, second *oauth2.Token) string {
			return second.RefreshToken
		}, wantOK: true},
		{name: "reused token fails", act: func(_ *bettermodetest.OAuth2Server, _ *o2Clock, first, _ *oauth2.Token) string {
			return first.RefreshToken
		}, wantReject: bettermodetest.OAuth2RejectRefreshReused},
		{name: "without rotation the token stays", opts: []bettermodetest.OAuth2Option{bettermodetest.WithoutOAuth2Rotation()},
			act: func(_ *bettermodetest.OAuth2Server, _ *o2Clock, first, _ *oauth2.Token) string {
				return first.RefreshToken
			}, wantOK: true},
		{name: "revoked", act: func(s *bettermodetest.OAuth2Server, _ *o2Clock, _, second *oauth2.Token) string {
			s.RevokeRefreshTokens()
			return second.RefreshToken
		}, wantReject: bettermodetest.OAuth2RejectRefreshRevoked},
		{name: "expired by call", act: func(s *bettermodetest.OAuth2Server, _ *o2Clock, _, second *oauth2.Token) string {
			s.ExpireRefreshTokens()
			return second.RefreshToken
		}, wantReject: bettermodetest.OAuth2RejectRefreshExpired},
		{name: "expired by lifetime", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2RefreshTokenLifetime(time.Hour)},
			act: func(_ *bettermodetest.OAuth2Server, clock *o2Clock, _, second *oauth2.Token) string {
				clock.Advance(time.Hour + time.Second)
				return second.RefreshToken
			}, wantReject: bettermodetest.OAuth2RejectRefreshExpired},
		{name: "unknown", act: func(*bettermodetest.OAuth2Server, *o2Clock, *oauth2.Token, *oauth2.Token) string {
			return "fake-oauth2-refresh-unknown"
		}, wantReject: bettermodetest.OAuth2RejectRefreshUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := newO2Clock()
			s := bettermodetest.StartOAuth2Server(t, append([]bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Clock(clock.Now)}, tc.opts...)...)
			hc := o2Client(t, s)
			conf := s.Config(o2Redirect)
			first := o2Login(t, s, hc, conf)
			second, err := o2Refresh(t, hc, conf, first.RefreshToken)
			require.NoError(t, err)
			rt := tc.act(s, clock, first, second)
			third, err := o2Refresh(t, hc, conf, rt)
			if tc.wantOK {
				require.NoError(t, err)
				assert.Equal(t, http.StatusOK, o2UserInfo(t, s, hc, third.AccessToken))
				assert.Equal(t, 2, s.Refreshes())
				return
			}
			assert.Equal(t, "invalid_grant", o2Code(t, err))
			assert.Equal(t, 1, s.Rejected(tc.wantReject))
			assert.Equal(t, 1, s.Refreshes())
			if tc.wantReject == bettermodetest.OAuth2RejectRefreshReused {
				// Reuse revokes the whole login, the rotated token too.
				assert.False(t, s.RefreshTokenActive(second.RefreshToken))
				assert.Equal(t, http.StatusUnauthorized, o2UserInfo(t, s, hc, second.AccessToken))
			}
		})
	}
}

func TestOAuth2ServerAccessTokenLifetime(t *testing.T) {
	clock := newO2Clock()
	s := bettermodetest.StartOAuth2Server(t, bettermodetest.WithOAuth2Clock(clock.Now),
		bettermodetest.WithOAuth2AccessTokenLifetime(1500*time.Millisecond))
	hc := o2Client(t, s)
	tok := o2Login(t, s, hc, s.Config(o2Redirect))
	assert.Equal(t, int64(2), tok.ExpiresIn, "rounded up to whole seconds")
	assert.Equal(t, http.StatusOK, o2UserInfo(t, s, hc, tok.AccessToken))
	clock.Advance(2 * time.Second)
	assert.Equal(t, http.StatusUnauthorized, o2UserInfo(t, s, hc, tok.AccessToken))
	assert.Equal(t, http.StatusUnauthorized, o2UserInfo(t, s, hc, "fake-oauth2-access-unknown"))
	assert.Equal(t, 2, s.Rejected(bettermodetest.OAuth2RejectAccessToken))

	g := s.Grant("scope-a")
	assert.WithinDuration(t, clock.Now().Add(2*time.Second), g.Expiry, time.Millisecond)
	assert.Equal(t, http.StatusOK, o2UserInfo(t, s, hc, g.AccessToken))
	assert.True(t, s.RefreshTokenActive(g.RefreshToken))
	assert.Equal(t, 1, s.Exchanges(), "Grant is not an exchange")
}

func TestOAuth2ServerTokenFaults(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fault      bettermodetest.OAuth2Fault
		wantStatus int // 0: not a RetrieveError
	}{
		{"unavailable", bettermodetest.OAuth2FaultUnavailable(), 503},
		{"html", bettermodetest.OAuth2FaultHTML(), 0},
		{"garbage", bettermodetest.OAuth2FaultGarbage(), 0},
		{"custom", bettermodetest.OAuth2Fault{Status: 502, Body: "bad gateway"}, 502},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := bettermodetest.StartOAuth2Server(t)
			hc := o2Client(t, s)
			conf := s.Config(o2Redirect)
			first := o2Login(t, s, hc, conf)
			f := tc.fault
			f.Times = 2
			s.SetTokenFault(f)
			for range 2 {
				_, err := o2Refresh(t, hc, conf, first.RefreshToken)
				require.Error(t, err)
				var re *oauth2.RetrieveError
				if tc.wantStatus != 0 {
					require.ErrorAs(t, err, &re)
					assert.Equal(t, tc.wantStatus, re.Response.StatusCode)
				} else {
					assert.False(t, errors.As(err, &re), "%v", err)
				}
			}
			// The fault is spent and the refresh token untouched.
			_, err := o2Refresh(t, hc, conf, first.RefreshToken)
			require.NoError(t, err)
			assert.Equal(t, 2, s.Rejected(bettermodetest.OAuth2RejectFault))
			assert.Equal(t, 4, s.TokenRequests())

			s.SetTokenFault(tc.fault) // Times 0: until cleared
			for range 3 {
				_, err := o2Refresh(t, hc, conf, "whatever")
				require.Error(t, err)
			}
			s.ClearTokenFault()
			_, err = o2Refresh(t, hc, conf, "whatever")
			assert.Equal(t, "invalid_grant", o2Code(t, err))
		})
	}
}

func TestOAuth2ServerTokenEndpointRequests(t *testing.T) {
	s := bettermodetest.StartOAuth2Server(t)
	hc := o2Client(t, s)
	resp, err := hc.Get(s.TokenURL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	form := url.Values{"grant_type": {"password"}, "client_id": {s.ClientID}, "client_secret": {s.ClientSecret}}
	resp, err = hc.PostForm(s.TokenURL, form)
	require.NoError(t, err)
	var e map[string]string
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	resp.Body.Close()
	assert.Equal(t, "unsupported_grant_type", e["error"])
	assert.Equal(t, 2, s.Rejected(bettermodetest.OAuth2RejectBadRequest))
}

func TestOAuth2ServerConcurrentLogins(t *testing.T) {
	s := bettermodetest.StartOAuth2Server(t)
	hc := o2Client(t, s)
	conf := s.Config(o2Redirect)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			v := oauth2.GenerateVerifier()
			resp, err := hc.Get(conf.AuthCodeURL("st", oauth2.S256ChallengeOption(v)))
			if !assert.NoError(t, err) {
				return
			}
			resp.Body.Close()
			loc, _ := url.Parse(resp.Header.Get("Location"))
			tok, err := conf.Exchange(o2Ctx(t, hc), loc.Query().Get("code"), oauth2.VerifierOption(v))
			if assert.NoError(t, err) {
				_, err = o2Refresh(t, hc, conf, tok.RefreshToken)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 8, s.CodesIssued())
	assert.Equal(t, 8, s.Exchanges())
	assert.Equal(t, 8, s.Refreshes())
}

func TestOAuth2ServerDenyAtRuntime(t *testing.T) {
	s := bettermodetest.StartOAuth2Server(t)
	hc := o2Client(t, s)
	conf := s.Config(o2Redirect)
	s.Deny("access_denied")
	loc := o2Authorize(t, hc, conf, "st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	assert.Equal(t, "access_denied", loc.Query().Get("error"))
	s.Deny("")
	loc = o2Authorize(t, hc, conf, "st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	assert.NotEmpty(t, loc.Query().Get("code"))
	assert.True(t, strings.HasPrefix(loc.String(), "http://127.0.0.1:9999/callback?"))
}

func TestNewOAuth2ServerPanicsOnBadLifetime(t *testing.T) {
	assert.Panics(t, func() { bettermodetest.NewOAuth2Server(bettermodetest.WithOAuth2CodeLifetime(0)) })
}
