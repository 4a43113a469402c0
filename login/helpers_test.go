package login_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/login"
)

// clock is a settable clock for the kit, starting at the real time so that
// the tokens it mints are valid for the client's cache too.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// env is a kit server and what the tests need around it.
type env struct {
	t    *testing.T
	srv  *bettermodetest.Server
	clk  *clock
	opts login.Options
	cap  *capture
}

func newEnv(t *testing.T, opts ...bettermodetest.Option) *env {
	t.Helper()
	clk := &clock{now: time.Now()}
	srv := bettermodetest.Start(t, append([]bettermodetest.Option{bettermodetest.WithClock(clk.Now)}, opts...)...)
	e := &env{t: t, srv: srv, clk: clk, opts: login.Options{Endpoint: srv.URL, HTTPClient: srv.Client()}, cap: &capture{}}
	e.cap.secret(srv.App().ClientSecret, srv.Member().Password, srv.Admin().Password)
	t.Cleanup(func() { e.cap.check(t) })
	return e
}

// client returns a client of the kit with src as credentials (none if nil),
// closed when the test ends.
func (e *env) client(src bettermode.CredentialSource, opts ...bettermode.Option) *bettermode.Client {
	e.t.Helper()
	o := []bettermode.Option{bettermode.WithEndpoint(e.srv.URL), bettermode.WithHTTPClient(e.srv.Client())}
	if src != nil {
		o = append(o, bettermode.WithCredentials(src))
	}
	c, err := bettermode.NewClient(append(o, opts...)...)
	require.NoError(e.t, err)
	e.t.Cleanup(func() { _ = c.Close() })
	return c
}

// memberClient returns a client sending a member token of the kit's member.
func (e *env) memberClient() *bettermode.Client {
	tok := e.srv.MintToken(bettermodetest.KindMember, "")
	e.cap.secret(tok)
	return e.client(bettermode.StaticToken(tok))
}

// oauthCode gets an authorization code of the kit's app for its member.
func (e *env) oauthCode() bettermode.Secret {
	e.t.Helper()
	code, err := login.OAuthCode(e.t.Context(), e.memberClient(), login.OAuthCodeInput{
		ClientID: e.srv.App().ClientID, RedirectURI: "https://app.example.com/callback", State: "st-1",
	})
	require.NoError(e.t, err)
	e.cap.secret(code.Reveal())
	return code
}

// app is the kit's app as an OAuthApp.
func (e *env) app() login.OAuthApp {
	a := e.srv.App()
	return login.OAuthApp{ClientID: a.ClientID, ClientSecret: bettermode.Secret(a.ClientSecret)}
}

// authMember returns the name of the member c acts as.
func authMember(ctx context.Context, c *bettermode.Client) (string, error) {
	var q struct {
		AuthMember struct {
			ID   string `graphql:"id"`
			Name string `graphql:"name"`
		} `graphql:"authMember"`
	}
	err := c.Query(ctx, &q, nil)
	return q.AuthMember.Name, err
}

// token calls src.Token and records the token's secrets.
func (e *env) token(src bettermode.CredentialSource) (*bettermode.Token, error) {
	tok, err := src.Token(e.t.Context())
	if tok != nil {
		e.cap.secret(tok.AccessToken.Reveal(), tok.RefreshToken.Reveal())
	}
	e.cap.see(tok, err)
	return tok, err
}

// capture collects every secret a test meets and every text the package
// produced, and checks that no text holds a secret.
type capture struct {
	mu      sync.Mutex
	secrets []string
	texts   []string
}

func (c *capture) secret(ss ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range ss {
		if s != "" {
			c.secrets = append(c.secrets, s)
		}
	}
}

// see records how vs print (every common verb), log (slog JSON) and, for
// errors, read.
func (c *capture) see(vs ...any) {
	var texts []string
	for _, v := range vs {
		if v == nil {
			continue
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			texts = append(texts, fmt.Sprintf(verb, v))
		}
		if err, ok := v.(error); ok && err != nil {
			texts = append(texts, err.Error())
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("value", "v", v)
		texts = append(texts, buf.String())
	}
	c.mu.Lock()
	c.texts = append(c.texts, texts...)
	c.mu.Unlock()
}

func (c *capture) check(t *testing.T) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, text := range c.texts {
		for _, s := range c.secrets {
			if len(s) >= 4 && strings.Contains(text, s) {
				t.Errorf("a secret shows in %q", text)
			}
		}
	}
}
