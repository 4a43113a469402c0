package oauth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
)

// NewState returns a random state value: 32 bytes from crypto/rand,
// base64url-encoded. Use one per login.
func NewState() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sameSecret compares two secrets in constant time; empty never matches.
func sameSecret(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// checkConfig checks the endpoints of conf.
func checkConfig(conf *oauth2.Config) error {
	if conf == nil {
		return invalidInput("the *oauth2.Config is nil")
	}
	if conf.ClientID == "" {
		return invalidInput("oauth2.Config.ClientID is required")
	}
	for name, raw := range map[string]string{"Endpoint.AuthURL": conf.Endpoint.AuthURL, "Endpoint.TokenURL": conf.Endpoint.TokenURL} {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return invalidInput("oauth2.Config." + name + " must be an absolute http(s) URL")
		}
	}
	return nil
}

// copyConfig returns a copy of conf. A public client (no ClientSecret)
// whose endpoint leaves the auth style to detection sends its client id in
// the request's body (oauth2.AuthStyleInParams): detection would first try
// HTTP Basic, be refused, and send the code or refresh token a second time.
func copyConfig(conf *oauth2.Config) *oauth2.Config {
	c := *conf
	if c.ClientSecret == "" && c.Endpoint.AuthStyle == oauth2.AuthStyleAutoDetect {
		c.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	}
	return &c
}

// isLoopback reports whether host (without port) is a loopback address or
// "localhost".
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// callbackParams holds what a callback request carries.
type callbackParams struct {
	code, state, errCode, errDesc, iss string
	hasIss                             bool
}

func readCallback(v url.Values) callbackParams {
	return callbackParams{code: v.Get("code"), state: v.Get("state"), errCode: v.Get("error"), errDesc: v.Get("error_description"),
		iss: v.Get("iss"), hasIss: v.Has("iss")}
}

// check checks the callback against the login's state and the provider's
// issuer, and returns the code.
func (p callbackParams) check(wantState string, conf *oauth2.Config, issuer string, sc bettermode.Scrubber) (string, error) {
	if !sameSecret(p.state, wantState) {
		return "", ErrStateMismatch
	}
	if p.hasIss && !issuerMatches(p.iss, conf, issuer) {
		return "", ErrIssuerMismatch
	}
	if p.errCode != "" {
		return "", &AuthorizationError{Code: errorCode(sc, p.errCode), Description: clean(sc, p.errDesc, 200)}
	}
	if p.code == "" {
		return "", ErrMissingCode
	}
	return p.code, nil
}

// issuerMatches reports whether iss, a callback's issuer (RFC 9207), is
// the provider's: equal to issuer when it is set, or else an https URL (or
// http on a loopback host) on the host of conf's AuthURL.
func issuerMatches(iss string, conf *oauth2.Config, issuer string) bool {
	if issuer != "" {
		return iss == issuer
	}
	u, err := url.Parse(iss)
	if err != nil || u.User != nil || u.RawQuery != "" || u.Fragment != "" || !(u.Scheme == "https" || (u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return false
	}
	auth, err := url.Parse(conf.Endpoint.AuthURL)
	return err == nil && strings.EqualFold(u.Host, auth.Host)
}

// exchange trades code for a token with the PKCE verifier, classifying the
// errors (see tokenRequestError).
func exchange(ctx context.Context, conf *oauth2.Config, hc *http.Client, code, verifier string) (*oauth2.Token, error) {
	if hc != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, hc)
	}
	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, tokenRequestError(ctx, "exchange", err, scrubberFor(conf, code, verifier))
	}
	return tok, nil
}

// writePage writes a small HTML page for the browser at the end of a login.
func writePage(w http.ResponseWriter, status int, title, msg string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8">`+
		`<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">`+
		`<title>%s</title></head>`+
		`<body style="font-family:sans-serif;margin:3em"><h1>%s</h1><p>%s</p></body></html>`+"\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg))
}

// writeErrorPage writes the page of a failed login: err's message as a
// sentence, then next, what the person can do.
func writeErrorPage(w http.ResponseWriter, err error, next string) {
	msg := err.Error()
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	writePage(w, errorStatus(err), "Login failed", msg+" "+next)
}
