package oauth

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/bettermode-go/bettermode"
)

// DefaultTokenParam is the parameter RedirectTokenHandler reads the token
// from unless its Param says otherwise.
const DefaultTokenParam = "access_token"

// maxFormBytes bounds the form a RedirectTokenHandler reads.
const maxFormBytes = 64 << 10

// RedirectTokenHandler receives an access token that an API hands back by
// redirecting the browser to the app with the token in the URL's query (or
// by posting it as a form): ...?access_token=TOKEN&state=STATE. Such tokens
// are usually sent back bare; use one with
//
//	bettermode.StaticToken(tok.Reveal(), bettermode.WithScheme(bettermode.SchemeBare))
//
// It checks the state (constant time) against State or ExpectedState, then
// hands the token to OnToken as a bettermode.Secret. The request's URL,
// which holds the token, is never logged nor put in an error; the answer
// carries Cache-Control: no-store and Referrer-Policy: no-referrer, and
// OnToken should redirect to a URL without the token, so that it leaves the
// browser's address bar and history.
//
// Errors, for OnError: ErrStateMismatch, ErrMissingToken, an
// *AuthorizationError when the redirect carries error=..., and
// bettermode.ErrInvalidInput for a misconfigured handler.
type RedirectTokenHandler struct {
	// Param names the query (or form) parameter holding the token; default
	// DefaultTokenParam ("access_token").
	Param string
	// State is the state the app sent along (see NewState). Required unless
	// ExpectedState is set.
	State string
	// ExpectedState returns the state to expect for r, for apps that keep
	// one per user; it takes precedence over State.
	ExpectedState func(r *http.Request) (string, error)
	// OnToken takes the token and answers the request. Required.
	OnToken func(w http.ResponseWriter, r *http.Request, token bettermode.Secret)
	// OnError answers a request that failed; err never holds a secret. The
	// default writes a short HTML page with err's message (HTTP 400, 403 or
	// 500).
	OnError func(w http.ResponseWriter, r *http.Request, err error)
}

// ServeHTTP takes the token from a GET request's query or a POST request's
// form (application/x-www-form-urlencoded, its body only).
func (h RedirectTokenHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	tok, err := h.token(w, r)
	if err != nil {
		if h.OnError != nil {
			h.OnError(w, r, err)
		} else {
			writeErrorPage(w, err, "Return to the application to try again.")
		}
		return
	}
	h.OnToken(w, r, tok)
}

func (h RedirectTokenHandler) token(w http.ResponseWriter, r *http.Request) (bettermode.Secret, error) {
	if h.OnToken == nil {
		return "", invalidInput("RedirectTokenHandler.OnToken is required")
	}
	param := h.Param
	if param == "" {
		param = DefaultTokenParam
	}
	if !topLevelNavigation(r) {
		return "", newError("bettermode: oauth: the token redirect must be a page the browser opens, not an image, script or frame", ErrMissingToken)
	}
	var v url.Values
	switch r.Method {
	case http.MethodGet:
		v = r.URL.Query()
	case http.MethodPost:
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
			return "", newError("bettermode: oauth: the token redirect's form must be application/x-www-form-urlencoded", ErrMissingToken)
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			return "", newError("bettermode: oauth: the token redirect's form cannot be read", ErrMissingToken)
		}
		v = r.PostForm
	default:
		return "", newError("bettermode: oauth: the token redirect must be a GET or a form POST", ErrMissingToken)
	}
	want := h.State
	if h.ExpectedState != nil {
		s, err := h.ExpectedState(r)
		if err != nil {
			return "", newError("bettermode: oauth: the app has no state for this redirect: "+clean(scrubberFor(nil, v.Get(param), v.Get("state"), h.State), err.Error(), 300), ErrStateMismatch)
		}
		if s == "" {
			return "", newError("bettermode: oauth: the app has no state for this redirect; start the login again", ErrStateMismatch)
		}
		want = s
	}
	if want == "" {
		return "", invalidInput("RedirectTokenHandler needs State or ExpectedState")
	}
	if !sameSecret(v.Get("state"), want) {
		return "", ErrStateMismatch
	}
	if code := v.Get("error"); code != "" {
		sc := scrubberFor(nil, v.Get(param), v.Get("state"), want)
		return "", &AuthorizationError{Code: errorCode(sc, code), Description: clean(sc, v.Get("error_description"), 200)}
	}
	tok := v.Get(param)
	if tok == "" {
		return "", newError(fmt.Sprintf("bettermode: oauth: the redirect carries no token in its %q parameter", printable(param, 64)), ErrMissingToken)
	}
	return bettermode.Secret(tok), nil
}

// topLevelNavigation reports whether r may be the browser opening the
// redirect as a page. A browser says what a request is for in its Fetch
// Metadata headers; a token must not be taken by a request for an image
// (a page's automatic /favicon.ico following a redirect), a script or a
// frame. Clients that send no such header are taken at their word.
func topLevelNavigation(r *http.Request) bool {
	if m := r.Header.Get("Sec-Fetch-Mode"); m != "" && m != "navigate" {
		return false
	}
	if d := r.Header.Get("Sec-Fetch-Dest"); d != "" && d != "document" {
		return false
	}
	return true
}

// Format prints the handler without its state, for every verb.
func (h RedirectTokenHandler) Format(f fmt.State, verb rune) {
	_, _ = fmt.Fprintf(f, "oauth.RedirectTokenHandler{Param: %q}", h.Param)
}
