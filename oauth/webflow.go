package oauth

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Defaults of WebFlowOptions.
const (
	// DefaultCookieName is the login cookie's name unless
	// WebFlowOptions.CookieName says otherwise.
	DefaultCookieName = "oauth_login"
	// DefaultCookieLifetime is how long a login may take unless
	// WebFlowOptions.CookieLifetime says otherwise.
	DefaultCookieLifetime = 10 * time.Minute
	// MinKeyLength is the shortest WebFlowOptions.Key accepted, in bytes.
	MinKeyLength = 32
)

// WebFlowOptions configures a WebFlow.
type WebFlowOptions struct {
	// Key seals the login cookie. Required: at least MinKeyLength (32)
	// random bytes, kept secret and the same on every server of the app
	// (a login may start on one and end on another).
	Key []byte
	// Store keeps the tokens. Required.
	Store Store
	// StoreKey returns the key to save the callback's token under, from the
	// callback request: typically the id of the app's logged-in user, from
	// the app's own session. An error ends the login (OnError gets it).
	// Required.
	StoreKey func(r *http.Request) (string, error)
	// OnLogin is called after the token is saved, to answer the callback
	// request: typically a redirect to the page the user came from. The
	// default redirects to "/" (303 See Other).
	OnLogin func(w http.ResponseWriter, r *http.Request, key string, tok *oauth2.Token)
	// OnError answers a start or callback request that failed. err matches
	// one of the package's errors (ErrStateMismatch, ErrCookieMissing,
	// ErrCookieInvalid, ErrCookieExpired, ErrAccessDenied, ErrInvalidGrant,
	// ...) and never holds a secret. The default writes a short HTML page
	// with err's message and a fitting status (400, 403, 502 or 500).
	OnError func(w http.ResponseWriter, r *http.Request, err error)
	// CookieName is the login cookie's name; default DefaultCookieName.
	CookieName string
	// CookieLifetime is how long a login may take from start to callback;
	// default DefaultCookieLifetime (10 minutes).
	CookieLifetime time.Duration
	// AuthCodeOptions adds parameters to the authorization request, such as
	// oauth2.AccessTypeOffline. Scopes come from the config.
	AuthCodeOptions []oauth2.AuthCodeOption
	// Issuer is the provider's issuer identifier, compared with the
	// callback's iss parameter (RFC 9207) when the provider sends one (see
	// WithIssuer); optional: without it, an iss must be on the host of the
	// config's AuthURL.
	Issuer string
	// HTTPClient sends the code exchange; default an oauth2.HTTPClient value
	// in the request's context, or else http.DefaultClient.
	HTTPClient *http.Client
}

// WebFlow is the authorization code flow with PKCE for web apps, as a pair of
// handlers: Start redirects the user's browser to the provider, Callback
// receives the code at the config's RedirectURL, exchanges it, saves the token
// in the store under the app's key and calls OnLogin.
//
// No state is kept on the server: the state and the PKCE verifier travel in a
// short-lived login cookie, sealed (AES-256-GCM, so authenticated and
// encrypted) with WebFlowOptions.Key, HttpOnly, SameSite=Lax, scoped to the
// callback's path, and Secure unless the redirect URL is plain http on a
// loopback host (development). The callback clears it, and the WebFlow
// remembers each login's state until its cookie expires, so that a replayed
// callback (a copied cookie) fails with ErrCallbackReplayed without sending
// the code again: the session the first callback saved stays as it is. An
// app served by several processes should route callbacks to one of them: a
// replay reaching another is sent to the provider, which refuses the used
// code. A WebFlow is safe for concurrent use.
type WebFlow struct {
	conf     *oauth2.Config
	opts     WebFlowOptions
	path     string
	secure   bool
	sealer   *sealer
	lifetime time.Duration
	used     usedStates
}

// NewWebFlow returns a WebFlow for conf, whose RedirectURL must be the
// absolute URL the Callback handler is served at: https, or http on a
// loopback host. conf is copied. Missing required options and a short key
// fail with an error matching bettermode.ErrInvalidInput.
func NewWebFlow(conf *oauth2.Config, opts WebFlowOptions) (*WebFlow, error) {
	if err := checkConfig(conf); err != nil {
		return nil, err
	}
	u, err := url.Parse(conf.RedirectURL)
	if err != nil || u.Host == "" || u.Fragment != "" || u.User != nil || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return nil, invalidInput("oauth2.Config.RedirectURL must be the callback's absolute https URL (http only on a loopback host)")
	}
	switch {
	case len(opts.Key) < MinKeyLength:
		return nil, invalidInput(fmt.Sprintf("WebFlowOptions.Key must be at least %d random bytes", MinKeyLength))
	case isNil(opts.Store):
		return nil, invalidInput("WebFlowOptions.Store is required")
	case opts.StoreKey == nil:
		return nil, invalidInput("WebFlowOptions.StoreKey is required")
	case opts.CookieLifetime < 0:
		return nil, invalidInput("WebFlowOptions.CookieLifetime must not be negative")
	}
	if opts.CookieName == "" {
		opts.CookieName = DefaultCookieName
	}
	if !validCookieName(opts.CookieName) {
		return nil, invalidInput("WebFlowOptions.CookieName is not a valid cookie name")
	}
	if opts.CookieLifetime == 0 {
		opts.CookieLifetime = DefaultCookieLifetime
	}
	if opts.OnLogin == nil {
		opts.OnLogin = func(w http.ResponseWriter, r *http.Request, _ string, _ *oauth2.Token) {
			http.Redirect(w, r, "/", http.StatusSeeOther)
		}
	}
	if opts.OnError == nil {
		opts.OnError = func(w http.ResponseWriter, _ *http.Request, err error) {
			writeErrorPage(w, err, "Return to the application to try again.")
		}
	}
	opts.Key = append([]byte(nil), opts.Key...)
	c := *copyConfig(conf)
	path := u.Path
	if path == "" {
		path = "/"
	}
	s, err := newSealer(opts.Key, opts.CookieName, conf.RedirectURL)
	if err != nil {
		return nil, err
	}
	return &WebFlow{conf: &c, opts: opts, path: path, secure: u.Scheme == "https", sealer: s,
		lifetime: opts.CookieLifetime}, nil
}

// StartHandler returns Start as an http.Handler.
func (f *WebFlow) StartHandler() http.Handler { return http.HandlerFunc(f.Start) }

// CallbackHandler returns Callback as an http.Handler.
func (f *WebFlow) CallbackHandler() http.Handler { return http.HandlerFunc(f.Callback) }

// Start begins a login: it sets the login cookie (a new state and PKCE
// verifier) and redirects the browser (302 Found) to the provider's
// authorization URL with the state and the S256 challenge. Serve it on any
// path, for GET (a link) or POST (a form).
func (f *WebFlow) Start(w http.ResponseWriter, r *http.Request) {
	state, verifier := NewState(), oauth2.GenerateVerifier()
	expires := time.Now().Add(f.lifetime)
	http.SetCookie(w, &http.Cookie{
		Name: f.opts.CookieName, Value: f.sealer.seal(loginCookie{expires: expires, state: state, verifier: verifier}),
		Path: f.path, MaxAge: int(f.lifetime / time.Second), Expires: expires,
		HttpOnly: true, Secure: f.secure, SameSite: http.SameSiteLaxMode,
	})
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	opts := append([]oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}, f.opts.AuthCodeOptions...)
	http.Redirect(w, r, f.conf.AuthCodeURL(state, opts...), http.StatusFound)
}

// Callback ends a login: it checks the login cookie (ErrCookieMissing,
// ErrCookieInvalid, ErrCookieExpired), clears it, checks the path
// (ErrWrongCallbackPath) and the state (ErrStateMismatch), takes the
// provider's error (an *AuthorizationError, ErrAccessDenied) or code
// (ErrMissingCode), asks StoreKey for the key, exchanges the code with the
// verifier (TokenError, ErrInvalidGrant, ErrBadTokenResponse,
// ErrProviderUnavailable), saves the token in the store, and calls OnLogin.
// Any failure goes to OnError. Serve it at the RedirectURL's path, for GET.
func (f *WebFlow) Callback(w http.ResponseWriter, r *http.Request) {
	key, tok, err := f.callback(w, r)
	if err != nil {
		f.opts.OnError(w, r, err)
		return
	}
	f.opts.OnLogin(w, r, key, tok)
}

func (f *WebFlow) callback(w http.ResponseWriter, r *http.Request) (string, *oauth2.Token, error) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if r.URL.Path != f.path {
		return "", nil, ErrWrongCallbackPath
	}
	if r.Method != http.MethodGet {
		return "", nil, newError("bettermode: oauth: the login callback must be a GET request", ErrMissingCode)
	}
	ck, err := r.Cookie(f.opts.CookieName)
	if err != nil {
		return "", nil, ErrCookieMissing
	}
	// The cookie is single-use: clear it whatever happens next.
	http.SetCookie(w, &http.Cookie{Name: f.opts.CookieName, Value: "", Path: f.path, MaxAge: -1,
		HttpOnly: true, Secure: f.secure, SameSite: http.SameSiteLaxMode})
	lc, err := f.sealer.open(ck.Value)
	if err != nil {
		return "", nil, ErrCookieInvalid
	}
	if !time.Now().Before(lc.expires) {
		return "", nil, ErrCookieExpired
	}
	secrets := scrubberFor(f.conf, lc.state, lc.verifier, r.URL.Query().Get("code"))
	code, err := readCallback(r.URL.Query()).check(lc.state, f.conf, f.opts.Issuer, secrets)
	if err != nil {
		return "", nil, err
	}
	// A login ends once: a replayed callback (a copied cookie and URL) is
	// refused before its code is sent again, which would make the
	// provider revoke the session the first callback saved.
	if !f.used.claim(lc.state, lc.expires, time.Now()) {
		return "", nil, ErrCallbackReplayed
	}
	key, err := f.opts.StoreKey(r)
	if err != nil {
		return "", nil, newError("bettermode: oauth: the app could not name the user to save the token for: "+clean(secrets, err.Error(), 300), err)
	}
	tok, err := exchange(r.Context(), f.conf, f.opts.HTTPClient, code, lc.verifier)
	if err != nil {
		return "", nil, err
	}
	if err := f.opts.Store.Save(r.Context(), key, tok); err != nil {
		return "", nil, newError("bettermode: oauth: the token could not be saved: "+err.Error(), err)
	}
	return key, tok, nil
}

// usedStates is the set of states whose callback came, until their cookie
// expires: a seen-set that makes each login single-use.
type usedStates struct {
	mu   sync.Mutex
	m    map[[32]byte]time.Time
	next int // prune when the set reaches this size
}

// claim records state, seen until expires, and reports whether it was new.
func (u *usedStates) claim(state string, expires, now time.Time) bool {
	k := sha256.Sum256([]byte(state))
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[[32]byte]time.Time{}
	}
	if exp, ok := u.m[k]; ok && now.Before(exp) {
		return false
	}
	if len(u.m) >= u.next {
		for s, exp := range u.m {
			if !now.Before(exp) {
				delete(u.m, s)
			}
		}
		u.next = max(64, 2*len(u.m))
	}
	u.m[k] = expires
	return true
}

// validCookieName reports whether name is a cookie name (an RFC 7230 token).
func validCookieName(name string) bool {
	for _, r := range name {
		if r <= 0x20 || r >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", r) {
			return false
		}
	}
	return name != ""
}

// String describes f without its key or the config's secret.
func (f *WebFlow) String() string {
	if f == nil {
		return "oauth.WebFlow(nil)"
	}
	return fmt.Sprintf("oauth.WebFlow(callback %s, store %T)", f.path, f.opts.Store)
}

// Format prints String for every verb, so that the key and the client
// secret never show.
func (f *WebFlow) Format(s fmt.State, verb rune) { _, _ = s.Write([]byte(f.String())) }
