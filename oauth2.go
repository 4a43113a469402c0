package bettermode

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
)

// FromOAuth2 adapts an oauth2.TokenSource (for example from an
// authorization-code flow's Config.TokenSource) to a CredentialSource. The
// token's type becomes the Authorization scheme and its Expiry the expiry.
// NewClient caches it; the cache refreshes early by a share of each token's
// lifetime, so an oauth2.ReuseTokenSource underneath (which renews 10 s
// before expiry) is renewed in time.
//
// Errors are classified: a provider answer of invalid_grant,
// invalid_client, unauthorized_client or HTTP 401 matches ErrUnauthorized (log
// in again); HTTP 429 matches ErrRateLimited; transport errors, timeouts and
// 5xx answers match no sentinel and are retried by the cache with backoff.
// A panicking TokenSource becomes an error. TokenSource takes no context: a
// call returns when ctx ends, while ts.Token finishes on its own.
func FromOAuth2(ts oauth2.TokenSource) CredentialSource {
	return oauth2Source{ts: ts}
}

type oauth2Source struct{ ts oauth2.TokenSource }

// validate makes NewClient refuse FromOAuth2(nil).
func (s oauth2Source) validate() error {
	if isNil(s.ts) {
		return invalidInput("FromOAuth2", "TokenSource", "pass a non-nil oauth2.TokenSource to FromOAuth2")
	}
	return nil
}

func (s oauth2Source) Token(ctx context.Context) (*Token, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	if isNil(s.ts) {
		return nil, invalidInput("oauth2", "TokenSource", "pass a non-nil oauth2.TokenSource to FromOAuth2")
	}
	if err := ctx.Err(); err != nil {
		return nil, &Error{Operation: "oauth2", Message: "not asking the OAuth2 token source: the context is done", err: err}
	}
	type result struct {
		t   *oauth2.Token
		err error
	}
	ch := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				ch <- result{err: &Error{Operation: "oauth2", Message: fmt.Sprintf("the OAuth2 token source panicked (%T)", r), hint: "fix the token source"}}
			}
		}()
		t, err := s.ts.Token()
		ch <- result{t, err}
	}()
	var r result
	select {
	case r = <-ch:
	case <-ctx.Done():
		return nil, &Error{Operation: "oauth2", Message: "the OAuth2 token source did not answer in time", hint: "check the OAuth2 provider, or allow more time", err: ctx.Err()}
	}
	if e, ok := r.err.(*Error); ok {
		return nil, e // the panic
	}
	if r.err != nil {
		return nil, oauth2Error(r.err)
	}
	if r.t == nil || r.t.AccessToken == "" {
		return nil, &Error{Operation: "oauth2", Message: "the OAuth2 token source returned an empty token", kind: ErrUnauthorized, hint: "check the OAuth2 configuration"}
	}
	t := &Token{AccessToken: Secret(r.t.AccessToken), RefreshToken: Secret(r.t.RefreshToken), Expiry: r.t.Expiry, Kind: KindOAuth}
	if typ := r.t.Type(); !strings.EqualFold(typ, SchemeBearer) {
		t.Scheme = typ
	}
	if t.Expiry.IsZero() {
		t.fillFromJWT()
	}
	return t, nil
}

// oauth2Error classifies an error of an oauth2.TokenSource. The provider's
// answer may echo secrets the SDK does not know (the client secret, the
// refresh token), so only its error code and status are kept in the text,
// and the original error is reduced to its scrubbed text.
func oauth2Error(err error) *Error {
	e := &Error{Operation: "oauth2", Message: "the OAuth2 token source failed", hint: "the provider may be down; it is retried", err: secrets(nil).cleanStrict(err)}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return e
	}
	code := safeCode(re.ErrorCode)
	if re.Response != nil {
		e.StatusCode = re.Response.StatusCode
	}
	if code != "" {
		e.Code = code
		e.Message = "the OAuth2 provider answered " + code
	}
	switch {
	case code == "invalid_grant" || code == "invalid_client" || code == "unauthorized_client" || e.StatusCode == http.StatusUnauthorized:
		e.kind, e.hint = ErrUnauthorized, "the grant or the client was rejected; log in again or check the client credentials"
	case e.StatusCode == http.StatusTooManyRequests:
		e.kind, e.hint = ErrRateLimited, "the provider is rate limiting; it is retried later"
	case e.StatusCode >= 400 && e.StatusCode < 500:
		e.kind, e.hint = ErrInvalidInput, "check the OAuth2 configuration"
	}
	return e
}

// oauth2Codes are the registered OAuth2 error codes (RFC 6749, 6750 and
// 8628). Only these are repeated in an error: a provider could echo a
// secret in the code field.
var oauth2Codes = map[string]bool{
	"invalid_request": true, "invalid_client": true, "invalid_grant": true, "unauthorized_client": true,
	"unsupported_grant_type": true, "invalid_scope": true, "access_denied": true, "unsupported_response_type": true,
	"server_error": true, "temporarily_unavailable": true, "invalid_token": true, "insufficient_scope": true,
	"authorization_pending": true, "slow_down": true, "expired_token": true,
}

// safeCode returns s if it is a registered OAuth2 error code, else "".
func safeCode(s string) string {
	if oauth2Codes[s] {
		return s
	}
	return ""
}

// Format prints FromOAuth2(...) for every verb: the token source may hold
// secrets in fields fmt would print.
func (s oauth2Source) Format(f fmt.State, verb rune) {
	formatOpaque(f, verb, "bettermode.FromOAuth2(...)")
}

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
	if isNil(s.src) {
		return nil, invalidInput("ToOAuth2", "source", "pass a non-nil CredentialSource")
	}
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

// Format prints ToOAuth2(...) for every verb.
func (s toOAuth2) Format(f fmt.State, verb rune) { formatOpaque(f, verb, "bettermode.ToOAuth2(...)") }
