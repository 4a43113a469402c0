package oauth_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// errorTexts returns every way err and the errors in its tree print.
func errorTexts(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		out = append(out, e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e))
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	var te *oauth.TokenError
	if errors.As(err, &te) {
		out = append(out, fmt.Sprintf("%#v", *te))
	}
	var ae *oauth.AuthorizationError
	if errors.As(err, &ae) {
		out = append(out, fmt.Sprintf("%#v", *ae))
	}
	return out
}

// captureLogs sends the standard logger and slog's default to a buffer
// until the test ends.
func captureLogs(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	prevSlog := slog.Default()
	log.SetOutput(&buf)
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() {
		slog.SetDefault(prevSlog)
		log.SetOutput(os.Stderr)
	})
	return &buf
}

// TestNothingLeaks runs every failure of every flow, with the standard
// logger and slog captured, and checks that no error (nor any error in its
// tree, however printed), page or log line holds a secret: the client
// secret, a code, an access or refresh token, a state or a PKCE verifier.
func TestNothingLeaks(t *testing.T) {
	logs := captureLogs(t)
	type exposed struct {
		what    string
		texts   []string
		secrets []string
	}
	var all []exposed

	// The loopback login: every failure, and a success.
	for _, tc := range append(loginFailures(), loginFailure{name: "success"}) {
		c := newClock()
		srv, hc := startKit(t, append([]bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Clock(c.Now)}, tc.opts...)...)
		conf := srv.Config("http://127.0.0.1/callback")
		b := newBrowser(t)
		if tc.setup != nil {
			tc.setup(t, srv, conf, b, c)
		}
		tok, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
		_, page := b.lastPage()
		auth, _ := url.Parse(b.authURL)
		secrets := append(srv.SecretsSeen(), auth.Query().Get("state"), conf.ClientSecret)
		if tok != nil {
			secrets = append(secrets, tok.AccessToken, tok.RefreshToken)
		}
		all = append(all, exposed{"login: " + tc.name, append(errorTexts(err), page), secrets})
	}

	// The web flow: a failure of each kind, and the cookie.
	for _, tc := range []struct {
		name string
		opts []bettermodetest.OAuth2Option
		run  func(t *testing.T, a *webApp, u *userAgent) page
	}{
		{"state mismatch", nil, func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			setQuery(cb, "state", "forged-state-forged-state")
			return u.get(t, cb.String())
		}},
		{"tampered cookie", nil, func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			u.setLoginCookie("x" + u.loginCookie().Value[1:])
			return u.get(t, cb.String())
		}},
		{"reused code", nil, func(t *testing.T, a *webApp, u *userAgent) page {
			cb := u.begin(t, a)
			cookie := u.loginCookie().Value
			u.get(t, cb.String())
			u.setLoginCookie(cookie)
			return u.get(t, cb.String())
		}},
		{"garbage from the token endpoint", []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2FaultGarbage())},
			func(t *testing.T, a *webApp, u *userAgent) page { return u.get(t, u.begin(t, a).String()) }},
		{"denied", []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2Deny("access_denied")},
			func(t *testing.T, a *webApp, u *userAgent) page { return u.get(t, u.begin(t, a).String()) }},
	} {
		a := newWebApp(t, oauth.NewMemoryStore(), tc.opts...)
		u := newUser(t, a, "alice")
		p := tc.run(t, a, u)
		all = append(all, exposed{"web flow: " + tc.name, append(errorTexts(a.lastError()), p.body, fmt.Sprintf("%+v", a.flow)),
			append(a.srv.SecretsSeen(), string(testKey))})
	}

	// The source: rejected, down, garbage.
	for _, fault := range []func(*bettermodetest.OAuth2Server){
		func(s *bettermodetest.OAuth2Server) { s.RevokeRefreshTokens() },
		func(s *bettermodetest.OAuth2Server) { s.SetTokenFault(bettermodetest.OAuth2FaultUnavailable()) },
		func(s *bettermodetest.OAuth2Server) { s.SetTokenFault(bettermodetest.OAuth2FaultGarbage()) },
		func(s *bettermodetest.OAuth2Server) {
			s.SetTokenFault(bettermodetest.OAuth2Fault{Status: 400, ContentType: "application/json",
				Body: `{"error":"invalid_request","error_description":"echoing ` + s.ClientSecret + `"}`})
		},
	} {
		srv, hc := startKit(t)
		store := oauth.NewMemoryStore()
		first := srv.Grant()
		require.NoError(t, store.Save(t.Context(), "me", expired(first)))
		fault(srv)
		src := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc))
		_, err := src.Token(t.Context())
		require.Error(t, err)
		all = append(all, exposed{"source", append(errorTexts(err), fmt.Sprintf("%+v", src)), srv.SecretsSeen()})
	}

	// The token handed back in a redirect.
	for _, target := range []string{"/back?access_token=fake-leak-token-0001&state=wrong", "/back?state=right-state-0001&access_token=fake-leak-token-0001&error=access_denied&error_description=echo+fake-leak-token-0001"} {
		var herr error
		h := oauth.RedirectTokenHandler{State: "right-state-0001",
			OnToken: func(http.ResponseWriter, *http.Request, bettermode.Secret) {},
			OnError: func(_ http.ResponseWriter, _ *http.Request, err error) { herr = err }}
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target, nil))
		require.Error(t, herr)
		all = append(all, exposed{"redirect " + target, append(errorTexts(herr), fmt.Sprintf("%v", h)), []string{"fake-leak-token-0001", "right-state-0001"}})
	}

	for _, e := range all {
		for _, text := range e.texts {
			assert.Empty(t, secretsIn(text, e.secrets), "%s: %s", e.what, text)
		}
	}
	assert.Empty(t, logs.String(), "the package logs nothing")
	assert.GreaterOrEqual(t, len(all), 25)
}

// TestTokenErrorScrubsDescription checks that a provider echoing the request's
// secrets in error_description has them removed.
func TestTokenErrorScrubsDescription(t *testing.T) {
	srv, hc := startKit(t)
	conf := srv.Config("http://127.0.0.1/callback")
	b := newBrowser(t)
	b.callback = func(u *url.URL) {
		code := u.Query().Get("code")
		srv.SetTokenFault(bettermodetest.OAuth2Fault{Status: 400, ContentType: "application/json",
			Body: `{"error":"invalid_grant","error_description":"bad code ` + code + ` for ` + url.QueryEscape(srv.ClientSecret) + `\u0007"}`})
	}
	_, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
	var te *oauth.TokenError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, "bad code REDACTED for REDACTED", te.Description)
	assert.True(t, strings.HasPrefix(err.Error(), "bettermode: oauth: exchange: the token endpoint answered invalid_grant (HTTP 400)"), err.Error())
}
