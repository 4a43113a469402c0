package oauth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
)

// Errors of the flows, matched with errors.Is. No error of this package holds
// a token, code, PKCE verifier, state, client secret or a URL that holds one.
var (
	// ErrStateMismatch: the callback's state is not the one the login sent
	// (a forged or stale callback, or a second login in the same browser).
	ErrStateMismatch = errors.New("bettermode: oauth: the callback's state does not match the login's; start the login again")
	// ErrAuthorization: the provider answered the authorization request with
	// an error (see AuthorizationError).
	ErrAuthorization = errors.New("bettermode: oauth: the provider refused the authorization")
	// ErrAccessDenied: the provider answered error=access_denied (the user
	// declined, or the provider refused the client). It also matches
	// ErrAuthorization.
	ErrAccessDenied = errors.New("bettermode: oauth: access denied by the user or the provider; approve the app when asked, or check the requested scopes")
	// ErrMissingCode: the callback carries neither a code nor an error.
	ErrMissingCode = errors.New("bettermode: oauth: the callback carries no authorization code")
	// ErrWrongCallbackPath: a callback arrived on a path other than the
	// redirect URL's; the redirect URL registered with the provider, or the
	// path the callback handler is served on, is wrong.
	ErrWrongCallbackPath = errors.New("bettermode: oauth: the callback arrived on a path other than the redirect URL's; check the redirect URL registered with the provider and where the callback is served")
	// ErrCookieMissing: the web flow's callback got no login cookie (the
	// login was not started in this browser, cookies are blocked, or the
	// callback path differs from the redirect URL's).
	ErrCookieMissing = errors.New("bettermode: oauth: the login cookie is missing; start the login again (and allow cookies)")
	// ErrCookieInvalid: the login cookie was altered, or sealed with another
	// key.
	ErrCookieInvalid = errors.New("bettermode: oauth: the login cookie is not valid (altered, or from another key); start the login again")
	// ErrCookieExpired: the login cookie is older than its lifetime.
	ErrCookieExpired = errors.New("bettermode: oauth: the login took too long and its cookie expired; start the login again")
	// ErrIssuerMismatch: the callback's iss parameter (RFC 9207) names
	// another provider than the login's (see WithIssuer and
	// WebFlowOptions.Issuer): a mix-up attack, or a wrong issuer setting.
	// The code is not exchanged.
	ErrIssuerMismatch = errors.New("bettermode: oauth: the callback comes from another issuer than the login's provider; check the issuer setting and start the login again")
	// ErrCallbackReplayed: the web flow's callback came a second time for
	// the same login (a replayed callback or a copied cookie); nothing was
	// sent to the provider nor saved.
	ErrCallbackReplayed = errors.New("bettermode: oauth: this login's callback was already used; start the login again")
	// ErrMissingToken: a redirect that should hand back a token (see
	// RedirectTokenHandler) carries none, or is not a GET or a form POST.
	ErrMissingToken = errors.New("bettermode: oauth: the redirect carries no token")
	// ErrTokenRequest: the token endpoint answered with an OAuth2 error (see
	// TokenError).
	ErrTokenRequest = errors.New("bettermode: oauth: the token endpoint refused the request")
	// ErrInvalidGrant: the token endpoint answered invalid_grant: the code is
	// reused, expired or not this client's, the PKCE verifier does not match,
	// or the refresh token is expired, revoked or already used. It also
	// matches ErrTokenRequest and bettermode.ErrUnauthorized.
	ErrInvalidGrant = errors.New("bettermode: oauth: the provider rejected the grant (invalid_grant)")
	// ErrBadTokenResponse: the token endpoint's answer is not a token
	// response (an HTML page, garbage, or no access token).
	ErrBadTokenResponse = errors.New("bettermode: oauth: the token endpoint's answer is not an OAuth2 token response; check the token URL")
	// ErrProviderUnavailable: the token endpoint could not be reached, or
	// answered HTTP 5xx or 429. It is transient: try again later.
	ErrProviderUnavailable = errors.New("bettermode: oauth: the provider is unavailable; try again later")
	// ErrOpenURL: the browser could not be opened (or the WithOpenURL
	// function failed).
	ErrOpenURL = errors.New("bettermode: oauth: could not open the login page")
	// ErrTokenNotFound: the store holds no token under the key.
	ErrTokenNotFound = errors.New("bettermode: oauth: no token saved under this key")
	// ErrCorruptToken: a stored token cannot be read (see FileStore).
	ErrCorruptToken = errors.New("bettermode: oauth: the saved token is corrupt")
	// ErrInsecurePermissions: a token directory or file can be read or
	// written by other users (see PermissionError).
	ErrInsecurePermissions = errors.New("bettermode: oauth: token files are open to other users")
)

// AuthorizationError is the error a provider sent back to the redirect URL
// instead of a code (RFC 6749 section 4.1.2.1). It matches ErrAuthorization,
// and ErrAccessDenied when Code is "access_denied".
type AuthorizationError struct {
	// Code is the provider's error code, such as "access_denied"; empty when
	// it is not a plausible code.
	Code string
	// Description is the provider's error_description, cut to printable
	// ASCII and 200 bytes.
	Description string
}

// Error describes e.
func (e *AuthorizationError) Error() string {
	s := "bettermode: oauth: the provider refused the authorization"
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// Is matches ErrAuthorization, and ErrAccessDenied for access_denied.
func (e *AuthorizationError) Is(target error) bool {
	return target == ErrAuthorization || (target == ErrAccessDenied && e.Code == "access_denied")
}

// TokenError is an OAuth2 error answer of the token endpoint (RFC 6749
// section 5.2), to a code exchange or a refresh. It matches
// ErrTokenRequest, and:
//   - with Code "invalid_grant", ErrInvalidGrant;
//   - with invalid_grant, invalid_client, unauthorized_client or HTTP 401,
//     bettermode.ErrUnauthorized (log in again, or fix the client
//     credentials);
//   - with another HTTP 4xx (invalid_request, invalid_scope, ...),
//     bettermode.ErrInvalidInput (fix the configuration);
//   - with HTTP 429, ErrProviderUnavailable and bettermode.ErrRateLimited;
//   - with HTTP 5xx, ErrProviderUnavailable (try again later).
type TokenError struct {
	// Op is "exchange" (a code) or "refresh".
	Op string
	// Code is the OAuth2 error code, such as "invalid_grant".
	Code string
	// Description is the provider's error_description, with every secret
	// of the request removed, cut to printable ASCII and 200 bytes.
	Description string
	// StatusCode is the HTTP status of the answer.
	StatusCode int
}

// Error describes e, with a hint on what to do.
func (e *TokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bettermode: oauth: %s: the token endpoint answered %s", e.Op, e.Code)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	}
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	switch {
	case e.Code == "invalid_grant" && e.Op == "refresh":
		b.WriteString("; the session is over: log in again")
	case e.Code == "invalid_grant":
		b.WriteString("; start the login again")
	case e.Code == "invalid_client" || e.Code == "unauthorized_client" || e.StatusCode == http.StatusUnauthorized:
		b.WriteString("; check the client id and secret")
	}
	return b.String()
}

// Is matches the errors TokenError's documentation lists.
func (e *TokenError) Is(target error) bool {
	unauthorized := e.Code == "invalid_grant" || e.Code == "invalid_client" || e.Code == "unauthorized_client" || e.StatusCode == http.StatusUnauthorized
	switch target {
	case ErrTokenRequest:
		return true
	case ErrInvalidGrant:
		return e.Code == "invalid_grant"
	case bettermode.ErrUnauthorized:
		return unauthorized
	case bettermode.ErrInvalidInput:
		return !unauthorized && e.StatusCode >= 400 && e.StatusCode < 500 && e.StatusCode != http.StatusTooManyRequests
	case bettermode.ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrProviderUnavailable:
		return e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// PermissionError reports a token directory or file that other users can
// access. It matches ErrInsecurePermissions, and its message says how to fix
// it.
type PermissionError struct {
	// Path is the directory or file.
	Path string
	// Mode is its permission bits.
	Mode uint32
	// Dir is whether Path is the directory.
	Dir bool
}

// Error describes e with the chmod command that fixes it.
func (e *PermissionError) Error() string {
	what, want := "token file", "600"
	if e.Dir {
		what, want = "token directory", "700"
	}
	return fmt.Sprintf("bettermode: oauth: %s %s has mode %04o, open to other users; fix it with: chmod %s %s", what, e.Path, e.Mode, want, e.Path)
}

// Is matches ErrInsecurePermissions.
func (e *PermissionError) Is(target error) bool { return target == ErrInsecurePermissions }

// flowError is an error with a message of its own that matches several
// errors (sentinels, a cause).
type flowError struct {
	msg  string
	errs []error
}

// Error returns the message.
func (e *flowError) Error() string { return e.msg }

// Unwrap returns the errors e matches.
func (e *flowError) Unwrap() []error { return e.errs }

func newError(msg string, errs ...error) error { return &flowError{msg: msg, errs: errs} }

// invalidInput is a configuration error, matching bettermode.ErrInvalidInput.
func invalidInput(msg string) error {
	return newError("bettermode: oauth: "+msg, bettermode.ErrInvalidInput)
}

// scrubberFor returns the root package's scrubber for vals and for the
// client credentials of conf: the secret itself and the Basic header made of
// them, raw and URL-escaped as x/oauth2 sends it (RFC 6749 section 2.3.1).
func scrubberFor(conf *oauth2.Config, vals ...string) bettermode.Scrubber {
	var secs []bettermode.Secret
	for _, v := range vals {
		secs = append(secs, bettermode.Secret(v))
	}
	sc := bettermode.NewScrubber(secs...)
	if conf != nil && conf.ClientSecret != "" {
		sc = sc.WithBasic(conf.ClientID, bettermode.Secret(conf.ClientSecret)).
			WithBasic(url.QueryEscape(conf.ClientID), bettermode.Secret(url.QueryEscape(conf.ClientSecret)))
	}
	return sc
}

// clean returns foreign text (a provider's error_description, an app's
// error) as an error of this package may hold it: everything but printable
// ASCII filtered out first, then every form of the secrets sc knows
// removed, then cut to n bytes.
func clean(sc bettermode.Scrubber, s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0x20 && r < 0x7f {
			b.WriteRune(r)
		}
	}
	return printable(sc.String(b.String()), n)
}

// printable keeps the printable ASCII of s, cut to n bytes.
func printable(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= n {
			b.WriteString("...")
			break
		}
		if r >= 0x20 && r < 0x7f {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// errorCode keeps s if it looks like an OAuth2 error code (RFC 6749: a few
// printable characters) and holds no secret sc knows, and drops anything
// else.
func errorCode(sc bettermode.Scrubber, s string) string {
	if len(s) == 0 || len(s) > 64 || sc.Contains(s) {
		return ""
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return ""
		}
	}
	return s
}

// tokenRequestError classifies an error of golang.org/x/oauth2's Exchange or
// refresh. The foreign error's text is never kept whole: a RetrieveError
// holds the answer's body, and other errors may quote the request.
func tokenRequestError(ctx context.Context, op string, err error, sc bettermode.Scrubber) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		if code := errorCode(sc, re.ErrorCode); code != "" {
			return &TokenError{Op: op, Code: code, StatusCode: status,
				Description: clean(sc, re.ErrorDescription, 200)}
		}
		if status == http.StatusTooManyRequests {
			return newError(fmt.Sprintf("bettermode: oauth: %s: the token endpoint answered HTTP 429 (rate limited); try again later", op), ErrProviderUnavailable, bettermode.ErrRateLimited)
		}
		if status >= 500 {
			return newError(fmt.Sprintf("bettermode: oauth: %s: the token endpoint answered HTTP %d; the provider is unavailable, try again later", op, status), ErrProviderUnavailable)
		}
		return newError(fmt.Sprintf("bettermode: oauth: %s: the token endpoint answered HTTP %d with no OAuth2 error (%s); check the token URL", op, status, contentType(re.Response)), ErrBadTokenResponse)
	}
	if cerr := ctx.Err(); cerr != nil {
		return newError(fmt.Sprintf("bettermode: oauth: %s: the context ended before the token endpoint answered", op), cerr)
	}
	var ue *url.Error
	var ne net.Error
	if errors.As(err, &ue) || errors.As(err, &ne) {
		cause := err
		if ue != nil {
			cause = ue.Err
		}
		// A transport error names the host, not the request's body.
		return newError(fmt.Sprintf("bettermode: oauth: %s: could not reach the token endpoint: %s; try again later", op, clean(sc, sc.Error(cause).Error(), 200)), ErrProviderUnavailable)
	}
	// What remains are x/oauth2's "cannot parse" and "missing access_token".
	return newError(fmt.Sprintf("bettermode: oauth: %s: the token endpoint's answer is not an OAuth2 token response (HTML, garbage, or no access_token); check the token URL", op), ErrBadTokenResponse)
}

func contentType(r *http.Response) string {
	if r == nil || r.Header.Get("Content-Type") == "" {
		return "no Content-Type"
	}
	return printable(r.Header.Get("Content-Type"), 60)
}
