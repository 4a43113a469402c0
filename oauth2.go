package bettermode

import (
	"context"
	"strings"

	"golang.org/x/oauth2"
)

// FromOAuth2 adapts an oauth2.TokenSource (for example from an
// authorization-code flow's Config.TokenSource) to a CredentialSource. The
// token's type becomes the Authorization scheme and its Expiry the expiry.
// NewClient caches it; if ts caches too (oauth2.ReuseTokenSource renews 10 s
// before expiry), make it renew at least the cache's minimum validity early,
// with oauth2.ReuseTokenSourceWithExpiry. TokenSource takes no context: a
// call returns when ctx ends, while ts.Token finishes on its own.
func FromOAuth2(ts oauth2.TokenSource) CredentialSource {
	return oauth2Source{ts: ts}
}

type oauth2Source struct{ ts oauth2.TokenSource }

func (s oauth2Source) Token(ctx context.Context) (*Token, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		t   *oauth2.Token
		err error
	}
	ch := make(chan result, 1)
	go func() {
		t, err := s.ts.Token()
		ch <- result{t, err}
	}()
	var ot *oauth2.Token
	var err error
	select {
	case r := <-ch:
		ot, err = r.t, r.err
	case <-ctx.Done():
		return nil, &Error{Operation: "oauth2", Message: "the OAuth2 token source did not answer in time", hint: "check the OAuth2 provider", err: ctx.Err()}
	}
	if err != nil {
		return nil, &Error{Operation: "oauth2", Message: "the OAuth2 token source failed", kind: ErrUnauthorized, hint: "check the OAuth2 configuration", err: err}
	}
	if ot == nil || ot.AccessToken == "" {
		return nil, &Error{Operation: "oauth2", Message: "the OAuth2 token source returned an empty token", kind: ErrUnauthorized}
	}
	t := &Token{AccessToken: Secret(ot.AccessToken), RefreshToken: Secret(ot.RefreshToken), Expiry: ot.Expiry, Kind: KindOAuth}
	if typ := ot.Type(); !strings.EqualFold(typ, SchemeBearer) {
		t.Scheme = typ
	}
	if t.Expiry.IsZero() {
		t.fillFromJWT()
	}
	return t, nil
}

func (s oauth2Source) String() string { return "bettermode.FromOAuth2(...)" }

// ToOAuth2 adapts src to an oauth2.TokenSource, for libraries that take one.
// Each Token call uses ctx. The refresh token is not handed out.
func ToOAuth2(ctx context.Context, src CredentialSource) oauth2.TokenSource {
	return toOAuth2{ctx: ctx, src: src}
}

type toOAuth2 struct {
	ctx context.Context
	src CredentialSource
}

func (s toOAuth2) Token() (*oauth2.Token, error) {
	t, err := s.src.Token(s.ctx)
	if err != nil {
		return nil, err
	}
	typ := SchemeBearer
	if t.Scheme != "" && t.Scheme != SchemeBare {
		typ = t.Scheme
	}
	return &oauth2.Token{AccessToken: string(t.AccessToken), TokenType: typ, Expiry: t.Expiry}, nil
}
