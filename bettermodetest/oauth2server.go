package bettermodetest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// The client credentials of an OAuth2Server. They are obviously fake.
const (
	// OAuth2ClientID is the client id the OAuth2Server knows.
	OAuth2ClientID = "fake-oauth2-client-0001"
	// OAuth2ClientSecret is that client's secret (unused with
	// WithOAuth2PublicClient).
	OAuth2ClientSecret = "fake-oauth2-client-secret-0001"
	// OAuth2Subject is the user every login of an OAuth2Server acts as, as
	// its user-info endpoint reports it ("sub").
	OAuth2Subject = "fake-oauth2-user-0001"
)

// Default lifetimes of what an OAuth2Server issues.
const (
	// DefaultOAuth2CodeLifetime is how long an authorization code can be
	// exchanged unless WithOAuth2CodeLifetime says otherwise.
	DefaultOAuth2CodeLifetime = time.Minute
	// DefaultOAuth2AccessTokenLifetime is how long an access token lasts
	// unless WithOAuth2AccessTokenLifetime says otherwise.
	DefaultOAuth2AccessTokenLifetime = time.Hour
	// DefaultOAuth2RefreshTokenLifetime is how long a refresh token lasts
	// unless WithOAuth2RefreshTokenLifetime says otherwise.
	DefaultOAuth2RefreshTokenLifetime = 30 * 24 * time.Hour
)

// Reasons an OAuth2Server rejects a request, the names OAuth2Server.Rejected
// counts them by.
const (
	// OAuth2RejectClient: an unknown client id, or a wrong or missing client
	// secret (invalid_client; at the authorize endpoint, a 400 page).
	OAuth2RejectClient = "client"
	// OAuth2RejectRedirectURI: a redirect_uri that is not registered (a 400
	// page at the authorize endpoint, which does not redirect).
	OAuth2RejectRedirectURI = "redirect_uri"
	// OAuth2RejectBadRequest: a malformed request (invalid_request,
	// unsupported_response_type, unsupported_grant_type).
	OAuth2RejectBadRequest = "bad_request"
	// OAuth2RejectPKCE: PKCE missing at the authorize endpoint when it is
	// required, or a code_verifier that does not match the code challenge
	// (invalid_grant).
	OAuth2RejectPKCE = "pkce"
	// OAuth2RejectDenied: an authorization denied (see WithOAuth2Deny).
	OAuth2RejectDenied = "denied"
	// OAuth2RejectCodeUnknown: a code the server never issued (invalid_grant).
	OAuth2RejectCodeUnknown = "code_unknown"
	// OAuth2RejectCodeReused: a code exchanged a second time (invalid_grant);
	// the tokens issued for it are revoked.
	OAuth2RejectCodeReused = "code_reused"
	// OAuth2RejectCodeExpired: a code older than its lifetime (invalid_grant).
	OAuth2RejectCodeExpired = "code_expired"
	// OAuth2RejectRedirectMismatch: a token request whose redirect_uri is
	// not the authorization request's, or a code of another client
	// (invalid_grant).
	OAuth2RejectRedirectMismatch = "redirect_mismatch"
	// OAuth2RejectRefreshUnknown: a refresh token the server never issued
	// (invalid_grant).
	OAuth2RejectRefreshUnknown = "refresh_unknown"
	// OAuth2RejectRefreshReused: a rotated refresh token used again
	// (invalid_grant); every token of its login is revoked.
	OAuth2RejectRefreshReused = "refresh_reused"
	// OAuth2RejectRefreshExpired: an expired refresh token (invalid_grant).
	OAuth2RejectRefreshExpired = "refresh_expired"
	// OAuth2RejectRefreshRevoked: a revoked refresh token (invalid_grant).
	OAuth2RejectRefreshRevoked = "refresh_revoked"
	// OAuth2RejectAccessToken: a missing, unknown, expired or revoked access
	// token at the user-info endpoint (HTTP 401).
	OAuth2RejectAccessToken = "access_token"
	// OAuth2RejectFault: a token request answered by an injected fault.
	OAuth2RejectFault = "fault"
)

// OAuth2Fault replaces the token endpoint's answers (see SetTokenFault).
type OAuth2Fault struct {
	// Status is the HTTP status; 0 means 200.
	Status int
	// ContentType is the answer's Content-Type; empty sends none.
	ContentType string
	// Body is the answer's body.
	Body string
	// Times is how many token requests the fault answers; 0 means every one
	// until ClearTokenFault.
	Times int
}

// OAuth2FaultUnavailable is a fault that answers HTTP 503 with an HTML page,
// as a provider that is down (or its load balancer) does.
func OAuth2FaultUnavailable() OAuth2Fault {
	return OAuth2Fault{Status: http.StatusServiceUnavailable, ContentType: "text/html; charset=utf-8",
		Body: "<html><body><h1>503 Service Unavailable</h1></body></html>"}
}

// OAuth2FaultHTML is a fault that answers HTTP 200 with an HTML page (a
// captive portal, a login page, a misconfigured token URL).
func OAuth2FaultHTML() OAuth2Fault {
	return OAuth2Fault{Status: http.StatusOK, ContentType: "text/html; charset=utf-8",
		Body: "<!doctype html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>"}
}

// OAuth2FaultGarbage is a fault that answers HTTP 200, declared as JSON, with
// a body that is not JSON.
func OAuth2FaultGarbage() OAuth2Fault {
	return OAuth2Fault{Status: http.StatusOK, ContentType: "application/json", Body: "\x00\x01garbage{\"access_token\":"}
}

// OAuth2Option configures an OAuth2Server.
type OAuth2Option func(*oauth2ServerConfig)

type oauth2ServerConfig struct {
	clock                                         func() time.Time
	codeLifetime, accessLifetime, refreshLifetime time.Duration
	public, pkceOptional, noRotation              bool
	redirects                                     []string
	deny                                          string
	fault                                         *OAuth2Fault
}

// WithOAuth2Clock makes the server read the time from now, to expire codes
// and tokens without sleeping. The default is time.Now. The expiry the server
// announces (expires_in) is a duration, which clients count from their own
// clock.
func WithOAuth2Clock(now func() time.Time) OAuth2Option {
	return func(c *oauth2ServerConfig) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithOAuth2CodeLifetime sets how long an authorization code can be
// exchanged. The default is DefaultOAuth2CodeLifetime (one minute).
func WithOAuth2CodeLifetime(d time.Duration) OAuth2Option {
	return func(c *oauth2ServerConfig) { c.codeLifetime = d }
}

// WithOAuth2AccessTokenLifetime sets how long access tokens last; expires_in
// is rounded up to whole seconds. The default is
// DefaultOAuth2AccessTokenLifetime (one hour). A lifetime shorter than the
// 10 s that golang.org/x/oauth2 renews ahead makes every use of a token
// refresh it, which drives refresh tests without waiting.
func WithOAuth2AccessTokenLifetime(d time.Duration) OAuth2Option {
	return func(c *oauth2ServerConfig) { c.accessLifetime = d }
}

// WithOAuth2RefreshTokenLifetime sets how long refresh tokens last (each new
// one from its issue). The default is DefaultOAuth2RefreshTokenLifetime
// (30 days).
func WithOAuth2RefreshTokenLifetime(d time.Duration) OAuth2Option {
	return func(c *oauth2ServerConfig) { c.refreshLifetime = d }
}

// WithOAuth2PublicClient makes the client public: it has no secret, and the
// token endpoint takes its client id alone (ClientSecret is empty). By
// default the client is confidential and its secret is checked.
func WithOAuth2PublicClient() OAuth2Option {
	return func(c *oauth2ServerConfig) { c.public = true }
}

// WithOAuth2PKCEOptional lets authorization requests without PKCE through.
// A code challenge that is sent is still checked. By default PKCE with
// method S256 is required.
func WithOAuth2PKCEOptional() OAuth2Option {
	return func(c *oauth2ServerConfig) { c.pkceOptional = true }
}

// WithOAuth2RedirectURIs registers redirect URIs (Config registers its own
// too). A redirect_uri must equal one of them, except that for an http URI
// whose host is a loopback address (127.0.0.1, [::1] or localhost) any port
// is accepted (RFC 8252, section 7.3). While none is registered, every http
// loopback URI is accepted and every other refused.
func WithOAuth2RedirectURIs(uris ...string) OAuth2Option {
	return func(c *oauth2ServerConfig) { c.redirects = append(c.redirects, uris...) }
}

// WithOAuth2Deny makes the authorize endpoint deny every request: it
// redirects with error=errorCode (such as "access_denied") instead of a
// code. See also OAuth2Server.Deny.
func WithOAuth2Deny(errorCode string) OAuth2Option {
	return func(c *oauth2ServerConfig) { c.deny = errorCode }
}

// WithoutOAuth2Rotation makes refresh grants keep the refresh token instead
// of rotating it. By default each refresh returns a new refresh token and
// the old one stops working.
func WithoutOAuth2Rotation() OAuth2Option {
	return func(c *oauth2ServerConfig) { c.noRotation = true }
}

// WithOAuth2TokenFault makes the token endpoint answer with f from the start
// (see OAuth2Server.SetTokenFault).
func WithOAuth2TokenFault(f OAuth2Fault) OAuth2Option {
	return func(c *oauth2ServerConfig) { c.fault = &f }
}

// OAuth2Server is a generic OAuth2 authorization server (RFC 6749, with PKCE
// per RFC 7636) for testing apps' login flows, served on 127.0.0.1 by
// httptest.
//
// Its authorize endpoint approves at once: it redirects to the redirect_uri
// with a code and the state (or, with WithOAuth2Deny, with an error). It
// checks the client id, the redirect URI (see WithOAuth2RedirectURIs) and,
// by default, requires a PKCE S256 challenge. Codes are single-use and
// short-lived; reusing one revokes the tokens it gave. The token endpoint
// takes the authorization_code and refresh_token grants, with the client
// secret in HTTP Basic or in the form; refresh tokens rotate, and presenting
// a rotated one revokes its whole login (RFC 9700). Errors are RFC 6749
// JSON answers (invalid_grant, invalid_client, ...). UserInfoURL answers a
// valid access token with {"sub": OAuth2Subject, ...}.
//
// No answer contains a secret it did not issue in that answer. Counters
// (CodesIssued, Exchanges, Refreshes, TokenRequests, Rejected) let tests
// assert what a flow did. Its methods are safe for concurrent use.
type OAuth2Server struct {
	// URL is the server's base URL, such as "http://127.0.0.1:12345".
	URL string
	// AuthURL is the authorize endpoint, URL + "/authorize".
	AuthURL string
	// TokenURL is the token endpoint, URL + "/token".
	TokenURL string
	// UserInfoURL is an API that needs a bearer access token, URL + "/userinfo".
	UserInfoURL string
	// ClientID is the only client id the server knows, OAuth2ClientID.
	ClientID string
	// ClientSecret is its secret, OAuth2ClientSecret, or empty for a public
	// client (WithOAuth2PublicClient).
	ClientSecret string

	ts *httptest.Server

	clock                                         func() time.Time
	codeLifetime, accessLifetime, refreshLifetime time.Duration
	public, pkce, rotate                          bool

	mu        sync.Mutex
	redirects []string
	deny      string
	fault     *OAuth2Fault
	faultLeft int
	codes     map[string]*o2Code
	refreshes map[string]*o2Refresh
	accesses  map[string]*o2Access
	seen      []string
	seenSet   map[string]bool
	counts    struct{ codes, exchanges, refreshes, tokenRequests int }
	rejected  map[string]int
}

type o2Login struct{ revoked bool }

type o2Code struct {
	clientID, redirectURI, challenge, scope string
	expires                                 time.Time
	used                                    bool
	login                                   *o2Login // the tokens it gave, once exchanged
}

type o2Refresh struct {
	login         *o2Login
	scope         string
	expires       time.Time
	used, revoked bool
}

type o2Access struct {
	login   *o2Login
	scope   string
	expires time.Time
}

// NewOAuth2Server starts an OAuth2Server on 127.0.0.1. Call Close when done.
// It panics if a lifetime is not positive.
func NewOAuth2Server(opts ...OAuth2Option) *OAuth2Server {
	c := oauth2ServerConfig{clock: time.Now, codeLifetime: DefaultOAuth2CodeLifetime,
		accessLifetime: DefaultOAuth2AccessTokenLifetime, refreshLifetime: DefaultOAuth2RefreshTokenLifetime}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.codeLifetime <= 0 || c.accessLifetime <= 0 || c.refreshLifetime <= 0 {
		panic("bettermodetest: OAuth2Server lifetimes must be positive")
	}
	s := &OAuth2Server{
		ClientID: OAuth2ClientID, ClientSecret: OAuth2ClientSecret,
		clock: c.clock, codeLifetime: c.codeLifetime, accessLifetime: c.accessLifetime, refreshLifetime: c.refreshLifetime,
		public: c.public, pkce: !c.pkceOptional, rotate: !c.noRotation,
		redirects: slices.Clone(c.redirects), deny: c.deny,
		codes: map[string]*o2Code{}, refreshes: map[string]*o2Refresh{}, accesses: map[string]*o2Access{},
		seenSet: map[string]bool{}, rejected: map[string]int{},
	}
	if c.public {
		s.ClientSecret = ""
	} else {
		s.remember(s.ClientSecret)
	}
	if c.fault != nil {
		s.SetTokenFault(*c.fault)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", s.authorize)
	mux.HandleFunc("/token", s.token)
	mux.HandleFunc("/userinfo", s.userInfo)
	s.ts = httptest.NewServer(mux)
	s.URL = s.ts.URL
	s.AuthURL, s.TokenURL, s.UserInfoURL = s.URL+"/authorize", s.URL+"/token", s.URL+"/userinfo"
	return s
}

// StartOAuth2Server is NewOAuth2Server that closes the server when tb's test
// ends.
func StartOAuth2Server(tb testing.TB, opts ...OAuth2Option) *OAuth2Server {
	tb.Helper()
	s := NewOAuth2Server(opts...)
	tb.Cleanup(s.Close)
	return s
}

// Close shuts the server down, ending any request still running. It may be
// called more than once.
func (s *OAuth2Server) Close() {
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// Client returns an HTTP client for the server, with a transport of its own
// that Close does not close: call its CloseIdleConnections when done.
func (s *OAuth2Server) Client() *http.Client {
	return &http.Client{Transport: &http.Transport{Proxy: nil, DisableCompression: true}}
}

// Endpoint returns the server's endpoints for an oauth2.Config. AuthStyle is
// oauth2.AuthStyleInHeader (HTTP Basic) for a confidential client and
// oauth2.AuthStyleInParams for a public one, so that golang.org/x/oauth2 does
// not probe (it would resend a failed request the other way).
func (s *OAuth2Server) Endpoint() oauth2.Endpoint {
	style := oauth2.AuthStyleInHeader
	if s.public {
		style = oauth2.AuthStyleInParams
	}
	return oauth2.Endpoint{AuthURL: s.AuthURL, TokenURL: s.TokenURL, AuthStyle: style}
}

// Config returns a config for the server's client with redirectURL (which it
// registers, see WithOAuth2RedirectURIs; an empty one registers nothing) and
// scopes.
func (s *OAuth2Server) Config(redirectURL string, scopes ...string) *oauth2.Config {
	if redirectURL != "" {
		s.mu.Lock()
		if !slices.Contains(s.redirects, redirectURL) {
			s.redirects = append(s.redirects, redirectURL)
		}
		s.mu.Unlock()
	}
	return &oauth2.Config{ClientID: s.ClientID, ClientSecret: s.ClientSecret, Endpoint: s.Endpoint(),
		RedirectURL: redirectURL, Scopes: slices.Clone(scopes)}
}

// Deny makes the authorize endpoint redirect with error=errorCode (such as
// "access_denied") instead of a code; an empty errorCode approves again.
func (s *OAuth2Server) Deny(errorCode string) {
	s.mu.Lock()
	s.deny = errorCode
	s.mu.Unlock()
}

// SetTokenFault makes the token endpoint answer with f (counted as
// OAuth2RejectFault) for its next f.Times requests, or every request until
// ClearTokenFault when f.Times is 0.
func (s *OAuth2Server) SetTokenFault(f OAuth2Fault) {
	s.mu.Lock()
	s.fault, s.faultLeft = &f, f.Times
	s.mu.Unlock()
}

// ClearTokenFault removes the token endpoint's fault.
func (s *OAuth2Server) ClearTokenFault() {
	s.mu.Lock()
	s.fault = nil
	s.mu.Unlock()
}

// RevokeRefreshTokens revokes every refresh token issued so far: using one
// fails with invalid_grant (OAuth2RejectRefreshRevoked). Access tokens stay
// valid, and later logins get working tokens.
func (s *OAuth2Server) RevokeRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.refreshes {
		e.revoked = true
	}
}

// ExpireRefreshTokens makes every refresh token issued so far expired:
// using one fails with invalid_grant (OAuth2RejectRefreshExpired).
func (s *OAuth2Server) ExpireRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	past := s.clock().Add(-time.Second)
	for _, e := range s.refreshes {
		e.expires = past
	}
}

// RefreshTokenActive reports whether rt is a refresh token the server would
// accept now: issued, not rotated away, revoked or expired.
func (s *OAuth2Server) RefreshTokenActive(rt string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.refreshes[rt]
	return e != nil && !e.used && !e.revoked && !e.login.revoked && !s.clock().After(e.expires)
}

// Grant issues an access and a refresh token as a completed login would,
// without the authorize step (not counted by Exchanges). Its Expiry is the
// server's time plus the access token lifetime.
func (s *OAuth2Server) Grant(scopes ...string) *oauth2.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.issueLocked(&o2Login{}, strings.Join(scopes, " "), "")
	tok := &oauth2.Token{AccessToken: a.AccessToken, TokenType: a.TokenType, RefreshToken: a.RefreshToken,
		ExpiresIn: a.ExpiresIn, Expiry: s.clock().Add(time.Duration(a.ExpiresIn) * time.Second)}
	return tok
}

// CodesIssued returns how many authorization codes the authorize endpoint has
// issued: how many times a user would have seen a consent screen.
func (s *OAuth2Server) CodesIssued() int { return s.readCount(func() int { return s.counts.codes }) }

// Exchanges returns how many codes were exchanged for tokens successfully.
func (s *OAuth2Server) Exchanges() int { return s.readCount(func() int { return s.counts.exchanges }) }

// Refreshes returns how many refresh grants succeeded.
func (s *OAuth2Server) Refreshes() int { return s.readCount(func() int { return s.counts.refreshes }) }

// TokenRequests returns how many requests reached the token endpoint,
// whatever their outcome.
func (s *OAuth2Server) TokenRequests() int {
	return s.readCount(func() int { return s.counts.tokenRequests })
}

// Rejected returns how many requests were rejected for reason (one of the
// OAuth2Reject constants).
func (s *OAuth2Server) Rejected(reason string) int {
	return s.readCount(func() int { return s.rejected[reason] })
}

// SecretsSeen returns every secret the server has issued or received: the
// client secret, codes, access and refresh tokens, states and PKCE
// verifiers. A test can check that none of them appears in its app's logs,
// errors or pages.
func (s *OAuth2Server) SecretsSeen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen)
}

func (s *OAuth2Server) readCount(f func() int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return f()
}

// remember records a secret for SecretsSeen; s.mu is held (or s is new).
func (s *OAuth2Server) remember(v string) {
	if v != "" && !s.seenSet[v] {
		s.seenSet[v] = true
		s.seen = append(s.seen, v)
	}
}

func (s *OAuth2Server) reject(reason string) { s.rejected[reason]++ }

// authorize serves the authorize endpoint (RFC 6749 section 4.1.1).
func (s *OAuth2Server) authorize(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := r.URL.Query()
	state := q.Get("state")
	s.remember(state)
	if q.Get("client_id") != s.ClientID {
		s.reject(OAuth2RejectClient)
		o2Page(w, http.StatusBadRequest, "Unknown client_id: the authorization request was not redirected.")
		return
	}
	redirectURI := q.Get("redirect_uri")
	target, ok := s.redirectAllowedLocked(redirectURI)
	if !ok {
		s.reject(OAuth2RejectRedirectURI)
		o2Page(w, http.StatusBadRequest, "The redirect_uri is not registered for this client: the authorization request was not redirected.")
		return
	}
	fail := func(reason, code, desc string) {
		s.reject(reason)
		v := target.Query()
		v.Set("error", code)
		v.Set("error_description", desc)
		if state != "" {
			v.Set("state", state)
		}
		target.RawQuery = v.Encode()
		http.Redirect(w, r, target.String(), http.StatusFound)
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case q.Get("response_type") != "code":
		fail(OAuth2RejectBadRequest, "unsupported_response_type", "only response_type=code is supported")
		return
	case challenge == "" && s.pkce:
		fail(OAuth2RejectPKCE, "invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256")
		return
	case challenge != "" && method != "S256":
		fail(OAuth2RejectPKCE, "invalid_request", "only code_challenge_method=S256 is supported")
		return
	case s.deny != "":
		fail(OAuth2RejectDenied, s.deny, "the user denied the request")
		return
	}
	code := "fake-oauth2-code-" + o2Random()
	s.remember(code)
	s.codes[code] = &o2Code{clientID: s.ClientID, redirectURI: redirectURI, challenge: challenge,
		scope: q.Get("scope"), expires: s.clock().Add(s.codeLifetime)}
	s.counts.codes++
	v := target.Query()
	v.Set("code", code)
	if state != "" {
		v.Set("state", state)
	}
	target.RawQuery = v.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// redirectAllowedLocked parses uri and reports whether it is registered.
func (s *OAuth2Server) redirectAllowedLocked(uri string) (*url.URL, bool) {
	u, err := url.Parse(uri)
	if err != nil || !u.IsAbs() || u.Fragment != "" || u.Host == "" {
		return nil, false
	}
	if len(s.redirects) == 0 {
		return u, u.Scheme == "http" && o2Loopback(u.Hostname())
	}
	for _, reg := range s.redirects {
		if reg == uri {
			return u, true
		}
		ru, err := url.Parse(reg)
		if err != nil {
			continue
		}
		if u.Scheme == "http" && ru.Scheme == "http" && o2Loopback(u.Hostname()) &&
			strings.EqualFold(u.Hostname(), ru.Hostname()) && u.EscapedPath() == ru.EscapedPath() && u.RawQuery == ru.RawQuery {
			return u, true
		}
	}
	return nil, false
}

func o2Loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type o2TokenAnswer struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope,omitempty"`
}

// token serves the token endpoint (RFC 6749 sections 4.1.3 and 6).
func (s *OAuth2Server) token(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	formErr := r.ParseForm()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.tokenRequests++
	for _, k := range []string{"code", "code_verifier", "refresh_token", "client_secret"} {
		s.remember(r.PostForm.Get(k))
	}
	if s.fault != nil {
		f := *s.fault
		if f.Times > 0 {
			if s.faultLeft--; s.faultLeft <= 0 {
				s.fault = nil
			}
		}
		s.reject(OAuth2RejectFault)
		if f.ContentType != "" {
			w.Header().Set("Content-Type", f.ContentType)
		}
		if f.Status == 0 {
			f.Status = http.StatusOK
		}
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	if r.Method != http.MethodPost || formErr != nil {
		s.reject(OAuth2RejectBadRequest)
		o2Error(w, http.StatusBadRequest, "invalid_request", "POST a form to the token endpoint")
		return
	}
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 section 2.3.1: the credentials are form-encoded first.
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
		s.remember(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.ClientID || (!s.public && subtle.ConstantTimeCompare([]byte(secret), []byte(s.ClientSecret)) != 1) {
		s.reject(OAuth2RejectClient)
		w.Header().Set("WWW-Authenticate", `Basic realm="token"`)
		o2Error(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		s.exchangeLocked(w, r)
	case "refresh_token":
		s.refreshLocked(w, r)
	default:
		s.reject(OAuth2RejectBadRequest)
		o2Error(w, http.StatusBadRequest, "unsupported_grant_type", "use authorization_code or refresh_token")
	}
}

func (s *OAuth2Server) exchangeLocked(w http.ResponseWriter, r *http.Request) {
	c := s.codes[r.PostForm.Get("code")]
	now := s.clock()
	bad := func(reason, desc string) {
		s.reject(reason)
		o2Error(w, http.StatusBadRequest, "invalid_grant", desc)
	}
	switch {
	case c == nil:
		bad(OAuth2RejectCodeUnknown, "unknown authorization code")
		return
	case c.used:
		if c.login != nil {
			c.login.revoked = true
		}
		bad(OAuth2RejectCodeReused, "authorization code already used; the tokens it gave are revoked")
		return
	}
	c.used = true
	verifier := r.PostForm.Get("code_verifier")
	switch {
	case now.After(c.expires):
		bad(OAuth2RejectCodeExpired, "authorization code expired")
	case c.redirectURI != r.PostForm.Get("redirect_uri"):
		bad(OAuth2RejectRedirectMismatch, "redirect_uri does not match the authorization request")
	case c.challenge != "" && (verifier == "" || subtle.ConstantTimeCompare([]byte(oauth2.S256ChallengeFromVerifier(verifier)), []byte(c.challenge)) != 1):
		bad(OAuth2RejectPKCE, "code_verifier does not match the code challenge")
	case c.challenge == "" && verifier != "":
		bad(OAuth2RejectPKCE, "code_verifier sent for an authorization request without a code challenge")
	default:
		c.login = &o2Login{}
		s.counts.exchanges++
		o2JSON(w, s.issueLocked(c.login, c.scope, ""))
	}
}

func (s *OAuth2Server) refreshLocked(w http.ResponseWriter, r *http.Request) {
	rt := r.PostForm.Get("refresh_token")
	e := s.refreshes[rt]
	bad := func(reason, desc string) {
		s.reject(reason)
		o2Error(w, http.StatusBadRequest, "invalid_grant", desc)
	}
	switch {
	case e == nil:
		bad(OAuth2RejectRefreshUnknown, "unknown refresh token")
	case e.login.revoked || e.revoked:
		bad(OAuth2RejectRefreshRevoked, "refresh token revoked")
	case e.used:
		e.login.revoked = true
		bad(OAuth2RejectRefreshReused, "refresh token already used; every token of this login is revoked")
	case s.clock().After(e.expires):
		bad(OAuth2RejectRefreshExpired, "refresh token expired")
	default:
		keep := ""
		if !s.rotate {
			keep = rt
		} else {
			e.used = true
		}
		s.counts.refreshes++
		o2JSON(w, s.issueLocked(e.login, e.scope, keep))
	}
}

// issueLocked issues an access token and a refresh token (keepRefresh, or a
// new one) for login.
func (s *OAuth2Server) issueLocked(login *o2Login, scope, keepRefresh string) o2TokenAnswer {
	now := s.clock()
	at := "fake-oauth2-access-" + o2Random()
	s.accesses[at] = &o2Access{login: login, scope: scope, expires: now.Add(s.accessLifetime)}
	rt := keepRefresh
	if rt == "" {
		rt = "fake-oauth2-refresh-" + o2Random()
		s.refreshes[rt] = &o2Refresh{login: login, scope: scope, expires: now.Add(s.refreshLifetime)}
	}
	s.remember(at)
	s.remember(rt)
	return o2TokenAnswer{AccessToken: at, TokenType: "Bearer", RefreshToken: rt, Scope: scope,
		ExpiresIn: int64(math.Ceil(s.accessLifetime.Seconds()))}
}

// userInfo answers a valid bearer access token with the user it acts for.
func (s *OAuth2Server) userInfo(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	a := s.accesses[at]
	if !ok || a == nil || a.login.revoked || s.clock().After(a.expires) {
		s.reject(OAuth2RejectAccessToken)
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		o2Error(w, http.StatusUnauthorized, "invalid_token", "the access token is missing, unknown, expired or revoked")
		return
	}
	o2JSON(w, map[string]string{"sub": OAuth2Subject, "name": "Fake OAuth2 User", "scope": a.scope})
}

func o2JSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(v)
}

func o2Error(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

func o2Page(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,">`+
		"<title>Authorization error</title><p>%s</p></html>\n", html.EscapeString(msg))
}

// o2Random returns 24 random bytes, base64url-encoded.
func o2Random() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
