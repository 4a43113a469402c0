package bettermode

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// authorizer turns a source's tokens into what a request carries: the
// Authorization header, the URL (a token's gateway), and the forms of the
// token's secrets for scrubbing. It remembers the last token, so the hot
// path allocates nothing. The executor and Transport share it, and with it
// the one rule for an Unauthorized answer (renew).
type authorizer struct {
	last atomic.Pointer[authEntry]
}

type authEntry struct {
	tok     *Token
	hdr     []string // Authorization values; shared, never modified
	url     string   // the token's gateway, validated; "" for none
	secrets secrets  // every form of the token's secrets
	err     error    // the token cannot be used
}

// entry returns the current token's entry, or an error from src or about
// the token.
func (a *authorizer) entry(ctx context.Context, src CredentialSource) (*authEntry, error) {
	tok, err := sourceToken(ctx, src)
	if err != nil {
		return nil, err
	}
	if e := a.last.Load(); e != nil && e.tok == tok {
		return e, e.err
	}
	e := newAuthEntry(tok, knownSecrets(src))
	a.last.Store(e)
	return e, e.err
}

// freshEntry is entry for a connection that keeps its token for as long
// as it lives: from a cache, a token that is not stale (see
// CachedSource.fresh).
func (a *authorizer) freshEntry(ctx context.Context, src CredentialSource) (*authEntry, error) {
	cs, ok := src.(*CachedSource)
	if !ok || cs == nil {
		return a.entry(ctx, src)
	}
	tok, err := cs.fresh(ctx)
	if err != nil {
		return nil, err
	}
	if e := a.last.Load(); e != nil && e.tok == tok {
		return e, e.err
	}
	e := newAuthEntry(tok, knownSecrets(src))
	a.last.Store(e)
	return e, e.err
}

// sourceToken asks src for a token, turning a panic into an error: a
// source outside a cache (WithoutTokenCache, NewTransport) must not crash
// its caller either. The panic's value is not shown: it could hold a secret.
func sourceToken(ctx context.Context, src CredentialSource) (tok *Token, err error) {
	defer func() {
		if r := recover(); r != nil {
			tok, err = nil, &Error{Operation: "token", Message: fmt.Sprintf("the credential source panicked (%T)", r), hint: "fix the credential source"}
		}
	}()
	return src.Token(ctx)
}

// newAuthEntry makes the entry of tok, from a source that also knows the
// secrets in known.
func newAuthEntry(tok *Token, known secrets) *authEntry {
	if tok == nil || tok.AccessToken == "" {
		return &authEntry{tok: tok, err: &Error{Operation: "token", Message: "the credential source returned an empty token", kind: ErrUnauthorized, hint: "check the credential source"}}
	}
	e := &authEntry{tok: tok, secrets: secretForms(tok.AccessToken, tok.RefreshToken).with(known)}
	h := tok.header()
	if !validHeaderValue(h) {
		e.err = badHeader("token")
		return e
	}
	e.hdr = []string{h}
	if tok.GatewayURL != "" {
		if e.url, e.err = gatewayURL(tok.GatewayURL, e.secrets); e.err != nil {
			e.hdr = nil
		}
	}
	return e
}

// gatewayURL validates a token's gatewayUrl as an endpoint that credentials
// may go to and that holds none of the secrets in play, raw or
// percent-decoded (a hostile answer could smuggle one into the URL that
// would then be logged wherever requests are). Its error never repeats the
// URL.
func gatewayURL(raw string, ss secrets) (string, error) {
	ep, err := parseEndpoint(raw)
	if err == nil && ep.clientID == "" && ep.clientSecret == "" &&
		!ss.occursIn(raw) && !ss.occursIn(ep.url.Host) && !ss.occursIn(ep.url.Path) {
		return ep.url.String(), nil
	}
	return "", &Error{Operation: "limitedToken", Field: "gatewayUrl", Message: "the token's gatewayUrl is not a valid endpoint",
		kind: ErrInvalidInput, hint: "an https URL without credentials was expected; the token was not used, report it to Bettermode"}
}

// renew applies the one rule for a request answered Unauthorized with tok:
// tok is invalidated if it is still the current token of a cache (so that a
// storm of 401s causes one new fetch), and the request may be resent once
// if the source can now give another token.
func (a *authorizer) renew(src CredentialSource, tok *Token) bool {
	if tok == nil {
		return false
	}
	if inv, ok := src.(interface{ Invalidate(*Token) bool }); ok {
		inv.Invalidate(tok)
		return true
	}
	e := a.last.Load()
	return e != nil && e.tok != tok // the source moved on already
}

// badHeader is the error for a token or scheme that cannot be sent in a header.
func badHeader(op string) *Error {
	return &Error{Operation: op, Field: "token", Message: "the token or its scheme contains a control character", kind: ErrInvalidInput,
		hint: "remove line breaks and other control characters from the token and its scheme"}
}

// validHeaderValue reports whether v may be sent as a header value: no
// control character but tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if b := v[i]; (b < 0x20 && b != '\t') || b == 0x7f {
			return false
		}
	}
	return true
}

// secureURL reports whether credentials may travel to u at all: over https,
// or over plain http to a loopback host.
func secureURL(u *url.URL) bool {
	return u != nil && (u.Scheme == "https" || (u.Scheme == "http" && isLoopback(u.Hostname())))
}

// sameOrigin reports whether a and b have the same scheme, host and port
// (an absent port is the scheme's default).
func sameOrigin(a, b *url.URL) bool {
	return a != nil && b != nil && strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) && portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https", "wss":
		return "443"
	case "http", "ws":
		return "80"
	}
	return ""
}

// mayCarryCredentials is the one decision of where credentials may go: a
// secure URL (see secureURL) on the origin of one of the allowed URLs.
// Requests, redirects and gateways all ask it.
func mayCarryCredentials(u *url.URL, allowed ...*url.URL) bool {
	if !secureURL(u) {
		return false
	}
	for _, a := range allowed {
		if sameOrigin(u, a) {
			return true
		}
	}
	return false
}

// errRedirect refuses a redirect of one of the SDK's own requests.
var errRedirect = &Error{Operation: "redirect", Message: "the server redirected the request to another origin", kind: ErrForbidden,
	hint: "neither the credentials nor the request were sent there; set the endpoint to the final URL"}

// sameOriginRedirects wraps a CheckRedirect so that the SDK's own requests
// (which carry credentials, and for a login a password in the body) follow
// redirects only within the first request's origin (scheme, host and port),
// and never from https to http.
func sameOriginRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && !mayCarryCredentials(req.URL, via[0].URL) {
			return errRedirect
		}
		if req.Response != nil && req.Method != via[len(via)-1].Method {
			// 301, 302 or 303 after a POST: net/http would send a GET
			// without the body, which holds the operation (or a login).
			return errRedirectToGet
		}
		if len(via) > 0 && req.Header.Get("Authorization") == "" && via[0].Header.Get("Authorization") != "" {
			// Same origin, but spelled differently (EXAMPLE.com): net/http
			// dropped the credentials, which may go there.
			req.Header["Authorization"] = via[0].Header["Authorization"]
		}
		if next != nil {
			err := next(req, via)
			if err != nil && err != http.ErrUseLastResponse {
				return refusedRedirect{err}
			}
			return err
		}
		if len(via) >= 10 {
			return errRedirectLoop
		}
		return nil
	}
}

// errRedirectToGet refuses a redirect that turns one of the SDK's own POSTs
// into a GET: the operation would be lost (after a 303, the server may have
// run it), and the answer to the GET would pass for the operation's.
var errRedirectToGet = &Error{Operation: "redirect", Message: "the server redirected the request to be sent again as a GET, without the operation",
	hint: "set the endpoint to the final URL"}

// errRedirectLoop ends a chain of redirects of one of the SDK's own requests.
var errRedirectLoop = &Error{Operation: "redirect", Message: "stopped after 10 redirects", hint: "set the endpoint to the final URL"}

// refusedRedirect is a caller's CheckRedirect refusing a redirect of one of
// the SDK's own requests: the same answer would be refused again, so it is
// not retried.
type refusedRedirect struct{ err error }

func (r refusedRedirect) Error() string { return r.err.Error() }
func (r refusedRedirect) Unwrap() error { return r.err }
