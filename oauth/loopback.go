package oauth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
)

// DefaultRedirectURL is the redirect URL Login uses when the config names
// none: a free port on 127.0.0.1, path /callback. Register
// "http://127.0.0.1/callback" with the provider (RFC 8252 lets a loopback
// redirect URI take any port).
const DefaultRedirectURL = "http://127.0.0.1/callback"

// shutdownGrace bounds how long Login waits for the callback page to be
// written before it closes the listener anyway.
const shutdownGrace = 2 * time.Second

// Option configures Login, NewSource and LoginOrLoad. An option that does
// not apply to the function it is given to is an error (matching
// bettermode.ErrInvalidInput), not silently ignored: NewSource takes only
// WithHTTPClient.
type Option func(*options)

type options struct {
	open     func(string) error
	hc       *http.Client
	authOpts []oauth2.AuthCodeOption
	issuer   string
	given    []string // the names of the options given, in order
}

// applyOptions applies opts for fn, which takes the options named in
// allowed.
func applyOptions(fn string, opts []Option, allowed ...string) (options, error) {
	o := options{open: OpenBrowser}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	for _, name := range o.given {
		ok := false
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			return o, invalidInput(fn + " does not take the option " + name + "; it takes " + strings.Join(allowed, ", "))
		}
	}
	return o, nil
}

// Names of the options, for applyOptions.
const (
	optOpenURL         = "WithOpenURL"
	optHTTPClient      = "WithHTTPClient"
	optAuthCodeOptions = "WithAuthCodeOptions"
	optIssuer          = "WithIssuer"
)

// WithOpenURL makes Login hand the login page's URL to open instead of
// opening the system browser: to print it for a headless user (see
// PrintURL), or, in tests, to fetch it with an HTTP client. Login waits for
// the callback after open returns, so open may either start the browser and
// return, or follow the login to its end itself. An error from open ends the
// login with ErrOpenURL. The URL holds the login's state: show it to the
// user, never log it.
func WithOpenURL(open func(url string) error) Option {
	return func(o *options) {
		o.given = append(o.given, optOpenURL)
		if open != nil {
			o.open = open
		}
	}
}

// WithHTTPClient sends the requests to the token endpoint (code exchange,
// refresh) with hc. The default is an oauth2.HTTPClient value in the
// context, or else http.DefaultClient.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) { o.given, o.hc = append(o.given, optHTTPClient), hc }
}

// WithAuthCodeOptions adds parameters to the authorization request, such as
// oauth2.AccessTypeOffline or oauth2.SetAuthURLParam("prompt", "consent").
// Scopes come from the config's Scopes (add "offline_access" for providers
// that give a refresh token only then).
func WithAuthCodeOptions(opts ...oauth2.AuthCodeOption) Option {
	return func(o *options) {
		o.given, o.authOpts = append(o.given, optAuthCodeOptions), append(o.authOpts, opts...)
	}
}

// WithIssuer sets the provider's issuer identifier (its OpenID or RFC 8414
// metadata's "issuer"), which Login compares with the callback's iss
// parameter (RFC 9207) when the provider sends one: a callback from another
// provider, as in a mix-up attack, fails with ErrIssuerMismatch. Without
// it, an iss the provider sends must be on the host of the config's
// AuthURL.
func WithIssuer(issuer string) Option {
	return func(o *options) { o.given, o.issuer = append(o.given, optIssuer), issuer }
}

// OpenBrowser opens u, an http or https URL, in the system's browser:
// xdg-open (Linux and BSDs), open (macOS) or rundll32 (Windows). It returns
// once the command started. It is Login's default way to show the login page.
func OpenBrowser(u string) error {
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "https" && pu.Scheme != "http") {
		return errors.New("bettermode: oauth: the login page's URL is not an http(s) URL")
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", u)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("bettermode: oauth: cannot start %s: %w", cmd.Args[0], err)
	}
	go func() { _ = cmd.Wait() }() // reap it; xdg-open may hand over to a browser that runs on
	return nil
}

// PrintURL returns a function for WithOpenURL that writes the login page's
// URL to w (a terminal, for a user who opens it on another device).
func PrintURL(w io.Writer) func(url string) error {
	return func(u string) error {
		_, err := fmt.Fprintf(w, "Open this page in a browser to log in:\n\n    %s\n\n", u)
		return err
	}
}

// Login logs a user in with the authorization code flow and PKCE for native
// apps (RFC 8252), and returns the provider's token:
//
//  1. It listens on the loopback address of conf.RedirectURL, an http URL on
//     127.0.0.1, [::1] or localhost (which listens on 127.0.0.1), at its
//     port, or at a free port when it names none (the redirect URL sent to
//     the provider then carries the real port). An empty RedirectURL means
//     DefaultRedirectURL. conf itself is not modified.
//  2. It opens the login page (the authorization URL, with a random state
//     and an S256 PKCE challenge) in the system browser, or hands it to the
//     WithOpenURL function.
//  3. It waits for the callback on the redirect URL's path. A callback whose
//     state differs fails with ErrStateMismatch; a provider error with an
//     *AuthorizationError (ErrAccessDenied for access_denied); a request on
//     another path that carries code, state or error with
//     ErrWrongCallbackPath (other requests there, like /favicon.ico, get a
//     404 and are ignored).
//  4. It exchanges the code with the PKCE verifier (errors: TokenError,
//     ErrInvalidGrant, ErrBadTokenResponse, ErrProviderUnavailable), and
//     shows the browser a short page saying whether it worked and that the
//     window can be closed.
//
// The listener is shut down before Login returns, whatever the outcome,
// also when ctx ends first (the error then wraps ctx.Err()). Bound the wait
// with a ctx deadline: without one, Login waits until a callback arrives.
//
// To keep the session across runs, save the token in a Store and use
// NewSource; or pass conf.TokenSource(ctx, tok) to bettermode.FromOAuth2.
func Login(ctx context.Context, conf *oauth2.Config, opts ...Option) (*oauth2.Token, error) {
	if ctx == nil {
		return nil, invalidInput("Login: the context is nil")
	}
	if err := checkConfig(conf); err != nil {
		return nil, err
	}
	o, err := applyOptions("Login", opts, optOpenURL, optHTTPClient, optAuthCodeOptions, optIssuer)
	if err != nil {
		return nil, err
	}
	redirect, addr, err := loopbackRedirect(conf.RedirectURL)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, newError("bettermode: oauth: login: the context is done", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, newError(fmt.Sprintf("bettermode: oauth: cannot listen for the login callback on %s: %v; free the port or change the redirect URL", addr, errors.Unwrap(err)), err)
	}
	if p := redirect.Port(); p == "" || p == "0" {
		redirect.Host = net.JoinHostPort(redirect.Hostname(), strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	}
	c := *copyConfig(conf)
	c.RedirectURL = redirect.String()
	state, verifier := NewState(), oauth2.GenerateVerifier()
	secrets := scrubberFor(&c, state, verifier)
	authURL := c.AuthCodeURL(state, append([]oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}, o.authOpts...)...)

	hctx, cancel := context.WithCancel(ctx)
	h := &loopbackHandler{conf: &c, hc: o.hc, path: redirect.Path, state: state, verifier: verifier, issuer: o.issuer,
		secrets: secrets, result: make(chan loginResult, 1)}
	srv := &http.Server{
		Handler:           h,
		ErrorLog:          log.New(io.Discard, "", 0),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return hctx },
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	defer func() {
		// The result is in: let the page be written, then close everything.
		cancel()
		sctx, scancel := context.WithTimeout(context.Background(), shutdownGrace)
		_ = srv.Shutdown(sctx)
		scancel()
		_ = srv.Close()
		<-served
		h.close()
	}()

	if err := o.open(authURL); err != nil {
		return nil, newError("bettermode: oauth: could not open the login page: "+clean(secrets, err.Error(), 300)+
			"; use WithOpenURL (for example with PrintURL) to show it another way", ErrOpenURL)
	}
	select {
	case r := <-h.result:
		return r.tok, r.err
	case <-ctx.Done():
		return nil, newError("bettermode: oauth: login: no callback arrived before the context ended", ctx.Err())
	}
}

// loopbackRedirect checks a loopback redirect URL and returns it with the
// address to listen on.
func loopbackRedirect(raw string) (*url.URL, string, error) {
	if raw == "" {
		raw = DefaultRedirectURL
	}
	bad := invalidInput("oauth2.Config.RedirectURL must be an http URL on a loopback address, such as " + DefaultRedirectURL + " (RFC 8252)")
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" || u.User != nil || u.Fragment != "" || !isLoopback(u.Hostname()) {
		return nil, "", bad
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "0"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return nil, "", bad
	}
	if u.Path == "" {
		u.Path = "/"
	}
	if !isIP(host) {
		host = "127.0.0.1"
	}
	return u, net.JoinHostPort(host, port), nil
}

func isIP(host string) bool { return net.ParseIP(host) != nil }

type loginResult struct {
	tok *oauth2.Token
	err error
}

// loopbackHandler serves Login's callback. The first callback on the path
// decides the login; later ones are told it is over.
type loopbackHandler struct {
	conf            *oauth2.Config
	hc              *http.Client
	path            string
	state, verifier string
	issuer          string
	secrets         bettermode.Scrubber
	result          chan loginResult // buffered, written once

	mu      sync.Mutex
	claimed bool
	closed  bool
	running sync.WaitGroup
}

// ServeHTTP serves the callback, and 404 for other paths.
func (h *loopbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.running.Add(1)
	defer h.running.Done()
	if r.Method == http.MethodHead { // a probe, not the browser's callback
		h.mu.Unlock()
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	onPath := r.URL.Path == h.path
	q := r.URL.Query()
	callback := q.Has("code") || q.Has("state") || q.Has("error")
	first := !h.claimed && (onPath || callback)
	if first {
		h.claimed = true
	}
	h.mu.Unlock()

	switch {
	case !onPath && !callback:
		http.NotFound(w, r)
		return
	case !first:
		writePage(w, http.StatusConflict, "Login already finished", "This login has already ended. You can close this window.")
		return
	case !onPath:
		h.finish(w, nil, ErrWrongCallbackPath)
		return
	case r.Method != http.MethodGet:
		h.finish(w, nil, newError("bettermode: oauth: the login callback must be a GET request; check the provider's response_mode", ErrMissingCode))
		return
	}
	code, err := readCallback(q).check(h.state, h.conf, h.issuer, h.secrets)
	var tok *oauth2.Token
	if err == nil {
		tok, err = exchange(r.Context(), h.conf, h.hc, code, h.verifier)
	}
	h.finish(w, tok, err)
}

// finish shows the browser the outcome and hands it to Login.
func (h *loopbackHandler) finish(w http.ResponseWriter, tok *oauth2.Token, err error) {
	if err != nil {
		writeErrorPage(w, err, "You can close this window and return to the application to try again.")
	} else {
		writePage(w, http.StatusOK, "Login complete", "You are logged in. You can close this window and return to the application.")
	}
	h.result <- loginResult{tok, err}
}

// close waits for running handlers and turns later ones away.
func (h *loopbackHandler) close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.running.Wait()
}

// errorStatus is the HTTP status for a login's error, for the page shown.
func errorStatus(err error) int {
	switch {
	case errors.Is(err, ErrAccessDenied):
		return http.StatusForbidden
	case errors.Is(err, ErrTokenRequest), errors.Is(err, ErrBadTokenResponse), errors.Is(err, ErrProviderUnavailable):
		return http.StatusBadGateway
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	case errors.Is(err, ErrStateMismatch), errors.Is(err, ErrMissingCode), errors.Is(err, ErrAuthorization),
		errors.Is(err, ErrWrongCallbackPath), errors.Is(err, ErrCookieMissing), errors.Is(err, ErrCookieInvalid),
		errors.Is(err, ErrCookieExpired), errors.Is(err, ErrMissingToken), errors.Is(err, ErrCallbackReplayed), errors.Is(err, ErrIssuerMismatch):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}
