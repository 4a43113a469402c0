package login_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/login"
)

func TestOAuthSourceEndToEnd(t *testing.T) {
	e := newEnv(t)
	code := e.oauthCode()
	src, err := login.NewOAuthSource(e.opts, e.app(), code)
	require.NoError(t, err)
	defer src.Close()
	e.cap.see(src)
	c := e.client(src)
	e.srv.Reset()

	name, err := authMember(t.Context(), c)
	require.NoError(t, err)
	assert.Equal(t, e.srv.Member().Name, name)
	assert.Equal(t, 1, e.srv.Operations("oauthTokens"))
	assert.Equal(t, 1, e.srv.Minted(bettermodetest.KindMember))
	tok, err := c.Token(t.Context())
	require.NoError(t, err)
	e.cap.secret(tok.AccessToken.Reveal(), tok.RefreshToken.Reveal())
	assert.Equal(t, bettermode.KindOAuth, tok.Kind)
	assert.Equal(t, e.srv.Member().ID, tok.MemberID)
	assert.Equal(t, e.srv.Network().ID, tok.NetworkID)
	assert.NotEmpty(t, tok.RefreshToken)

	// The kit's access token expires: the client's request is refused, the
	// source renews with the refresh token, and the request goes through.
	e.clk.Advance(2 * time.Hour)
	name, err = authMember(t.Context(), c)
	require.NoError(t, err)
	assert.Equal(t, e.srv.Member().Name, name)
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectExpired))
	assert.Equal(t, 1, e.srv.Operations("tokens"), "renewed by refresh token")
	assert.Equal(t, 1, e.srv.Operations("oauthTokens"), "the code is exchanged once")

	// Each renewal rotates the refresh token and the source keeps the new
	// one: a reused one would be rejected.
	for range 3 {
		_, err := e.token(src)
		require.NoError(t, err)
	}
	assert.Equal(t, 4, e.srv.Operations("tokens"))
	assert.Zero(t, e.srv.Rejected(bettermodetest.RejectReused))
}

func TestOAuthSourceConcurrentFirstCalls(t *testing.T) {
	e := newEnv(t)
	src, err := login.NewOAuthSource(e.opts, e.app(), e.oauthCode())
	require.NoError(t, err)
	defer src.Close()
	e.srv.Reset()

	const n = 16
	toks := make([]*bettermode.Token, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			tok, err := src.Token(context.Background())
			assert.NoError(t, err)
			toks[i] = tok
		})
	}
	close(start)
	wg.Wait()
	assert.Equal(t, 1, e.srv.Operations("oauthTokens"), "concurrent first calls exchange the code once")
	distinct := map[bettermode.Secret]bool{}
	for _, tok := range toks {
		require.NotNil(t, tok)
		distinct[tok.AccessToken] = true
	}
	// Calls that came after a fetch ended renew, one fetch per overlapping group.
	assert.Equal(t, len(distinct)-1, e.srv.Operations("tokens"))
	assert.Zero(t, e.srv.Rejected(bettermodetest.RejectReused))
}

func TestOAuthSourceThroughClientCacheConcurrent(t *testing.T) {
	e := newEnv(t)
	src, err := login.NewOAuthSource(e.opts, e.app(), e.oauthCode())
	require.NoError(t, err)
	defer src.Close()
	c := e.client(src)
	e.srv.Reset()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			_, err := authMember(context.Background(), c)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, 1, e.srv.Operations("oauthTokens"))
	assert.Zero(t, e.srv.Operations("tokens"))
	assert.Equal(t, 8, e.srv.Operations("authMember"))
}

func TestOAuthSourceBadCodes(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(e *env, code bettermode.Secret) (login.OAuthApp, bettermode.Secret)
		want    error
		reason  string
	}{
		{
			name: "reused code",
			prepare: func(e *env, code bettermode.Secret) (login.OAuthApp, bettermode.Secret) {
				toks, err := login.ExchangeOAuthCode(e.t.Context(), e.client(nil), login.OAuthTokensInput{
					ClientID: e.app().ClientID, ClientSecret: e.app().ClientSecret, Code: code,
				})
				require.NoError(e.t, err)
				e.cap.secret(toks.AccessToken.Reveal(), toks.RefreshToken.Reveal())
				e.cap.see(toks)
				return e.app(), code
			},
			want: bettermode.ErrUnauthorized, reason: bettermodetest.RejectReused,
		},
		{
			name: "wrong client secret",
			prepare: func(e *env, code bettermode.Secret) (login.OAuthApp, bettermode.Secret) {
				app := e.app()
				app.ClientSecret = "not-the-client-secret"
				e.cap.secret("not-the-client-secret")
				return app, code
			},
			want: bettermode.ErrUnauthorized, reason: bettermodetest.RejectBadCredentials,
		},
		{
			name: "expired code",
			prepare: func(e *env, code bettermode.Secret) (login.OAuthApp, bettermode.Secret) {
				e.clk.Advance(bettermodetest.OAuthCodeLifetime)
				return e.app(), code
			},
			want: bettermode.ErrUnauthorized, reason: bettermodetest.RejectExpired,
		},
		{
			name: "unknown code",
			prepare: func(e *env, _ bettermode.Secret) (login.OAuthApp, bettermode.Secret) {
				e.cap.secret("fake-unknown-code-0001")
				return e.app(), "fake-unknown-code-0001"
			},
			want: bettermode.ErrUnauthorized, reason: bettermodetest.RejectBadCode,
		},
		{
			name: "code of another app",
			prepare: func(e *env, code bettermode.Secret) (login.OAuthApp, bettermode.Secret) {
				u := e.srv.UninstalledApp()
				e.cap.secret(u.ClientSecret)
				return login.OAuthApp{ClientID: u.ClientID, ClientSecret: bettermode.Secret(u.ClientSecret)}, code
			},
			want: bettermode.ErrUnauthorized, reason: bettermodetest.RejectBadCode,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			app, code := tt.prepare(e, e.oauthCode())
			src, err := login.NewOAuthSource(e.opts, app, code)
			require.NoError(t, err)
			defer src.Close()
			e.srv.Reset()

			_, err = e.token(src)
			require.ErrorIs(t, err, tt.want)
			assert.Equal(t, 1, e.srv.Rejected(tt.reason))

			// The code is never sent twice: the next call fails at once.
			_, err = e.token(src)
			require.ErrorIs(t, err, bettermode.ErrUnauthorized)
			assert.Contains(t, err.Error(), "single-use")
			assert.Equal(t, 1, e.srv.Operations("oauthTokens"))
		})
	}
}

func TestExchangeOAuthCodeWrongSecretKeepsCode(t *testing.T) {
	e := newEnv(t)
	code := e.oauthCode()
	anon := e.client(nil)
	in := login.OAuthTokensInput{ClientID: e.app().ClientID, ClientSecret: "not-the-client-secret", Code: code}
	e.cap.secret("not-the-client-secret")
	_, err := login.ExchangeOAuthCode(t.Context(), anon, in)
	require.ErrorIs(t, err, bettermode.ErrUnauthorized)
	e.cap.see(err, in)

	in.ClientSecret = e.app().ClientSecret
	toks, err := login.ExchangeOAuthCode(t.Context(), anon, in)
	require.NoError(t, err, "a wrong secret does not spend the code")
	e.cap.secret(toks.AccessToken.Reveal(), toks.RefreshToken.Reveal())
	e.cap.see(toks, in)
	assert.Equal(t, "bearer", toks.TokenType)
	assert.Equal(t, int(bettermodetest.DefaultTokenLifetime/time.Second), toks.ExpiresIn)
	tok := toks.Token()
	assert.Equal(t, bettermode.KindOAuth, tok.Kind)
	assert.Empty(t, tok.Scheme)
	assert.False(t, tok.Expiry.IsZero())

	name, err := authMember(t.Context(), e.client(bettermode.StaticToken(toks.AccessToken.Reveal())))
	require.NoError(t, err)
	assert.Equal(t, e.srv.Member().Name, name)
}

func TestOAuthCodeErrors(t *testing.T) {
	tests := []struct {
		name   string
		client func(e *env) *bettermode.Client
		in     func(e *env) login.OAuthCodeInput
		want   error
		reason string // "" when nothing is sent
	}{
		{"missing client id", (*env).memberClient,
			func(e *env) login.OAuthCodeInput {
				return login.OAuthCodeInput{RedirectURI: "https://a.example.com/cb"}
			},
			bettermode.ErrInvalidInput, ""},
		{"missing redirect", (*env).memberClient,
			func(e *env) login.OAuthCodeInput { return login.OAuthCodeInput{ClientID: e.srv.App().ClientID} },
			bettermode.ErrInvalidInput, ""},
		{"relative redirect", (*env).memberClient,
			func(e *env) login.OAuthCodeInput {
				return login.OAuthCodeInput{ClientID: e.srv.App().ClientID, RedirectURI: "/callback"}
			},
			bettermode.ErrInvalidInput, bettermodetest.RejectValidation},
		{"unknown app", (*env).memberClient,
			func(e *env) login.OAuthCodeInput {
				return login.OAuthCodeInput{ClientID: "fake-no-such-client", RedirectURI: "https://a.example.com/cb"}
			},
			bettermode.ErrNotFound, bettermodetest.RejectNotFound},
		{"app not installed", (*env).memberClient,
			func(e *env) login.OAuthCodeInput {
				return login.OAuthCodeInput{ClientID: e.srv.UninstalledApp().ClientID, RedirectURI: "https://a.example.com/cb"}
			},
			bettermode.ErrForbidden, bettermodetest.RejectNotInstalled},
		{"guest token",
			func(e *env) *bettermode.Client {
				return e.client(bettermode.StaticToken(e.srv.MintToken(bettermodetest.KindGuest, "")))
			},
			func(e *env) login.OAuthCodeInput {
				return login.OAuthCodeInput{ClientID: e.srv.App().ClientID, RedirectURI: "https://a.example.com/cb"}
			},
			bettermode.ErrForbidden, bettermodetest.RejectNotMember},
		{"no credentials", func(e *env) *bettermode.Client { return e.client(nil) },
			func(e *env) login.OAuthCodeInput {
				return login.OAuthCodeInput{ClientID: e.srv.App().ClientID, RedirectURI: "https://a.example.com/cb"}
			},
			bettermode.ErrUnauthorized, bettermodetest.RejectUnauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := tt.client(e)
			_, err := login.OAuthCode(t.Context(), c, tt.in(e))
			require.ErrorIs(t, err, tt.want)
			e.cap.see(err)
			if tt.reason == "" {
				assert.Zero(t, e.srv.Operations("oauthCode"), "checked before sending")
				return
			}
			assert.Equal(t, 1, e.srv.Rejected(tt.reason))
			assert.Zero(t, e.srv.Minted(bettermodetest.KindOAuthCode))
		})
	}
}

func TestOAuthSourceSessionEnds(t *testing.T) {
	e := newEnv(t)
	src, err := login.NewOAuthSource(e.opts, e.app(), e.oauthCode())
	require.NoError(t, err)
	defer src.Close()
	c := e.client(src)
	_, err = authMember(t.Context(), c)
	require.NoError(t, err)

	// Logging out ends the session: its refresh token is refused.
	require.NoError(t, login.Logout(t.Context(), c))
	e.srv.Reset()
	_, err = e.token(src)
	require.ErrorIs(t, err, bettermode.ErrUnauthorized)
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectInvalidToken))
	_, err = e.token(src)
	require.ErrorIs(t, err, bettermode.ErrUnauthorized)
	assert.Contains(t, err.Error(), "authorize the app again")
	assert.Equal(t, 1, e.srv.Operations("tokens"), "an ended session sends nothing more")
	assert.Zero(t, e.srv.Operations("oauthTokens"))
}

func TestOAuthSourceConfig(t *testing.T) {
	tests := []struct {
		name string
		opts login.Options
		app  login.OAuthApp
		code bettermode.Secret
	}{
		{"no client id", login.Options{}, login.OAuthApp{ClientSecret: "fake-secret"}, "fake-code"},
		{"no client secret", login.Options{}, login.OAuthApp{ClientID: "fake-id"}, "fake-code"},
		{"no code", login.Options{}, login.OAuthApp{ClientID: "fake-id", ClientSecret: "fake-secret"}, ""},
		{"plain http endpoint", login.Options{Endpoint: "http://api.example.com"}, login.OAuthApp{ClientID: "fake-id", ClientSecret: "fake-secret"}, "fake-code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := login.NewOAuthSource(tt.opts, tt.app, tt.code)
			require.ErrorIs(t, err, bettermode.ErrInvalidInput)
			assert.Nil(t, src)
			assert.NotContains(t, err.Error(), "fake-secret")
		})
	}
}

func TestOAuthSourceClosedAndCancelled(t *testing.T) {
	e := newEnv(t)
	src, err := login.NewOAuthSource(e.opts, e.app(), e.oauthCode())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = src.Token(ctx)
	require.ErrorIs(t, err, context.Canceled)
	require.NoError(t, src.Close())
	_, err = src.Token(t.Context())
	require.ErrorIs(t, err, bettermode.ErrClosed)
	assert.Zero(t, e.srv.Operations("oauthTokens"))
	assert.Equal(t, "login.OAuthSource{ClientID: "+e.app().ClientID+", Endpoint: "+e.srv.URL+"}", src.String())
}

// TestErrorsNeverHoldSecrets runs the calls against a server that repeats
// each request in its error message, as a careless API might.
func TestErrorsNeverHoldSecrets(t *testing.T) {
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		msg := "cannot process " + string(body) + " sent with " + r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": nil, "errors": []any{map[string]any{"code": "100", "message": msg, "status": 400}}})
	}))
	defer echo.Close()
	c, err := bettermode.NewClient(bettermode.WithEndpoint(echo.URL), bettermode.WithHTTPClient(echo.Client()))
	require.NoError(t, err)
	defer c.Close()
	opts := login.Options{Endpoint: echo.URL, HTTPClient: echo.Client()}
	const (
		secret = "fake-echoed-client-secret"
		code   = "fake-echoed-code"
		global = "fake-echoed-global-token"
	)
	ctx := t.Context()
	_, err1 := login.ExchangeOAuthCode(ctx, c, login.OAuthTokensInput{ClientID: "fake-id", ClientSecret: secret, Code: code})
	_, err2 := login.VerifyEmailCode(ctx, c, "a@example.com", code)
	_, err3 := login.LoginWithGlobalToken(ctx, opts, global, "fakeNet0001")
	src, err := login.NewOAuthSource(opts, login.OAuthApp{ClientID: "fake-id", ClientSecret: secret}, code)
	require.NoError(t, err)
	defer src.Close()
	_, err4 := src.Token(ctx)
	for i, err := range []error{err1, err2, err3, err4} {
		require.ErrorIs(t, err, bettermode.ErrInvalidInput, i)
		for _, verb := range []string{"%v", "%+v", "%#v", "%q"} {
			text := fmt.Sprintf(verb, err)
			for _, s := range []string{secret, code, global} {
				assert.NotContains(t, text, s, "error %d", i)
			}
		}
		assert.Contains(t, err.Error(), "REDACTED", "error %d keeps the rest of the message", i)
	}
}
