package bettermodetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Regions the server can play.
const (
	// RegionUS is Bettermode's US deployment, the default.
	RegionUS = "us"
	// RegionEU is Bettermode's EU deployment.
	RegionEU = "eu"
)

// Default lifetimes of the tokens the server mints.
const (
	// DefaultTokenLifetime is how long an access token lasts unless
	// WithTokenLifetime says otherwise.
	DefaultTokenLifetime = time.Hour
	// DefaultRefreshTokenLifetime is how long a refresh token lasts unless
	// WithRefreshTokenLifetime says otherwise.
	DefaultRefreshTokenLifetime = 30 * 24 * time.Hour
)

// Option configures a Server.
type Option func(*config)

type config struct {
	clock           func() time.Time
	tokenLifetime   time.Duration
	refreshLifetime time.Duration
	region          string
	httpAuthErrors  bool
	gatewayURL      *string
	tls             bool
	network         Network
	members         []Member
	apps            []App
	faults          []*faultState
	fixtures        []Fixture
	replay          bool
	setup           []func(*Server) // run by newServer at the end (WithHandler, WithSeed)
	subs            subscriptionConfig
}

// WithClock makes the server read the time from now, for minting and
// checking tokens, so that a test can expire tokens without sleeping. The
// default is time.Now. Injected latency (Fault.Latency) always uses real time.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.clock = now
		}
	}
}

// WithTokenLifetime sets how long the access tokens the server mints last.
// The default is DefaultTokenLifetime (one hour).
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) { c.tokenLifetime = d }
}

// WithRefreshTokenLifetime sets how long the refresh tokens the server mints
// last. The default is DefaultRefreshTokenLifetime (30 days).
func WithRefreshTokenLifetime(d time.Duration) Option {
	return func(c *config) { c.refreshLifetime = d }
}

// WithRegion sets the region the server plays: RegionUS or RegionEU. Each
// region signs tokens with its own key, so a server rejects the tokens of the
// other region (code "108", reason RejectWrongRegion). The default is RegionUS.
// NewServer panics on any other region.
func WithRegion(region string) Option {
	return func(c *config) { c.region = strings.ToLower(strings.TrimSpace(region)) }
}

// WithHTTPAuthErrors makes authentication and authorization failures (codes
// "108" and "102") answer with HTTP 401 and 403 instead of HTTP 200. The body
// is the same. By default they answer HTTP 200, as Bettermode does.
func WithHTTPAuthErrors() Option {
	return func(c *config) { c.httpAuthErrors = true }
}

// WithGatewayURL makes limitedToken return url as the token's gatewayUrl.
// By default gatewayUrl is null.
func WithGatewayURL(url string) Option {
	return func(c *config) { c.gatewayURL = &url }
}

// WithTLS makes NewServer and Start serve HTTPS with a self-signed
// certificate (see Server.Client). By default they serve plain HTTP on
// 127.0.0.1.
func WithTLS() Option {
	return func(c *config) { c.tls = true }
}

// WithNetwork replaces the preloaded network; its empty fields keep the
// preloaded values (id "fakeNet0001", domain "fake-community.example.com").
func WithNetwork(n Network) Option {
	return func(c *config) { c.network = n }
}

// WithMember adds m to the community, or replaces the member with m's ID
// (such as Member().ID). Empty fields get defaults: Role RoleMember, Status
// "VERIFIED", Username the lowercased ID, Name the Username. NewServer panics
// if m.ID is empty, its role is not RoleMember, RoleModerator or RoleAdmin, or
// its username or e-mail is taken by another member.
func WithMember(m Member) Option {
	return func(c *config) {
		if i := slices.IndexFunc(c.members, func(x Member) bool { return x.ID == m.ID }); i >= 0 {
			c.members[i] = m
			return
		}
		c.members = append(c.members, m)
	}
}

// WithApp registers a, or replaces the app with a's ID (such as App().ID).
// Set a.Installed to install it on the network. NewServer panics if a.ID or
// a.ClientID is empty or the client id is taken by another app.
func WithApp(a App) Option {
	return func(c *config) {
		if i := slices.IndexFunc(c.apps, func(x App) bool { return x.ID == a.ID }); i >= 0 {
			c.apps[i] = a
			return
		}
		c.apps = append(c.apps, a)
	}
}

// WithFault injects f from the start, as Server.InjectFault does.
func WithFault(op string, f Fault) Option {
	return func(c *config) { c.faults = append(c.faults, &faultState{op: op, f: f}) }
}

// WithFixtures puts the server in replay mode: it answers each request with
// the recorded response of the fixture it matches (see Fixture) instead of
// executing it, and with HTTP 404 when none matches. Faults still apply.
// By default the server executes requests.
func WithFixtures(fixtures ...Fixture) Option {
	return func(c *config) {
		c.replay = true
		c.fixtures = append(c.fixtures, fixtures...)
	}
}

// Server is a stand-in Bettermode GraphQL API serving one community.
//
// It validates every request against Bettermode's complete published schema
// (SchemaSDL) and executes every valid operation. The queries tokens,
// limitedToken and loginNetwork and the mutation loginNetwork follow
// Bettermode's authentication rules; authMember, network and member answer
// from the community; every other field is answered by a handler the test
// registers (Handle), by objects it seeded (Seed) or by mock values of the
// right shape, after the request's token is checked. Introspection works.
// Its methods are safe for concurrent use.
//
// It also serves Bettermode's own login flows: the mutation oauthCode and
// the query oauthTokens (an app's authorization code for a member, then a
// member session), the mutation requestGlobalTokenCode and the queries
// globalToken and loginNetworkWithGlobalToken (an e-mailed code, which
// EmailedCode reads, then a global token, then a member session), and the
// mutation logoutNetwork (the session's access and refresh tokens stop
// working).
type Server struct {
	// URL is the GraphQL endpoint, such as "http://127.0.0.1:12345"; the
	// server answers on every path. It is empty for a server made by New.
	URL string

	ts *httptest.Server

	clock           func() time.Time
	tokenLifetime   time.Duration
	refreshLifetime time.Duration
	region          string
	key             []byte
	httpAuthErrors  bool
	gatewayURL      *string
	network         Network
	members         []Member
	apps            []App
	replay          bool
	fixtures        []Fixture
	secrets         [][]byte // every password and client secret, scrubbed from answers

	mu          sync.Mutex
	refresh     map[string]refreshEntry // unused refresh tokens by jti
	usedRefresh map[string]bool         // used refresh tokens by jti
	faults      []*faultState
	fixtureUsed []bool
	counters    counters

	login loginState // codes and sessions of the login operations (login_ops.go)

	fields fieldState      // handlers and seeded objects (handlers.go)
	subs   subscriptionHub // the WebSocket subscription endpoint (subscriptions.go)

	uploads uploadState // the upload target and its media (upload.go)
}

// New returns a server that does not listen: serve its Handler yourself.
// It panics if an option is invalid.
func New(opts ...Option) *Server { return newServer(buildConfig(opts)) }

func buildConfig(opts []Option) config {
	c := config{
		clock: time.Now, tokenLifetime: DefaultTokenLifetime, refreshLifetime: DefaultRefreshTokenLifetime,
		region: RegionUS, network: defaultNetwork,
		members: []Member{defaultAdmin, defaultMember}, apps: []App{defaultApp, defaultUninstalledApp},
	}
	for _, o := range opts {
		o(&c)
	}
	return c
}

func newServer(c config) *Server {
	key, ok := regionKeys[c.region]
	if !ok {
		panic(fmt.Sprintf("bettermodetest: unknown region %q: use %q or %q", c.region, RegionUS, RegionEU))
	}
	if c.tokenLifetime <= 0 || c.refreshLifetime <= 0 {
		panic("bettermodetest: token lifetimes must be positive")
	}
	s := &Server{
		clock: c.clock, tokenLifetime: c.tokenLifetime, refreshLifetime: c.refreshLifetime,
		region: c.region, key: key, httpAuthErrors: c.httpAuthErrors, gatewayURL: c.gatewayURL,
		network: c.network.withDefaults(), replay: c.replay, fixtures: slices.Clone(c.fixtures),
		refresh: map[string]refreshEntry{}, usedRefresh: map[string]bool{}, faults: c.faults,
	}
	s.subs.cfg = c.subs
	s.fixtureUsed = make([]bool, len(s.fixtures))
	s.counters.init()
	seen := map[string]string{}
	claim := func(kind, v, id string) {
		if v == "" {
			return
		}
		k := kind + ":" + strings.ToLower(v)
		if other, dup := seen[k]; dup && other != id {
			panic(fmt.Sprintf("bettermodetest: %s %q is used by both %q and %q", kind, v, other, id))
		}
		seen[k] = id
	}
	for _, m := range c.members {
		if m.ID == "" {
			panic("bettermodetest: WithMember: empty member ID")
		}
		m = m.withDefaults()
		if m.Role != RoleMember && m.Role != RoleModerator && m.Role != RoleAdmin {
			panic(fmt.Sprintf("bettermodetest: WithMember: member %q has role %q; use RoleMember, RoleModerator or RoleAdmin", m.ID, m.Role))
		}
		claim("username", m.Username, m.ID)
		claim("email", m.Email, m.ID)
		s.members = append(s.members, m)
		if m.Password != "" {
			s.secrets = append(s.secrets, []byte(m.Password))
		}
	}
	for _, a := range c.apps {
		if a.ID == "" || a.ClientID == "" {
			panic("bettermodetest: WithApp: empty app ID or ClientID")
		}
		claim("client id", a.ClientID, a.ID)
		if a.Name == "" {
			a.Name = a.ID
		}
		s.apps = append(s.apps, a)
		if a.ClientSecret != "" {
			s.secrets = append(s.secrets, []byte(a.ClientSecret))
		}
	}
	for _, f := range c.setup {
		f(s)
	}
	return s
}

// NewServer starts a server listening on 127.0.0.1 (HTTPS with WithTLS).
// Call Close when done. It panics if an option is invalid.
func NewServer(opts ...Option) *Server {
	c := buildConfig(opts)
	s := newServer(c)
	if c.tls {
		s.ts = httptest.NewTLSServer(s.Handler())
	} else {
		s.ts = httptest.NewServer(s.Handler())
	}
	s.URL = s.ts.URL
	return s
}

// Start is NewServer that closes the server when tb's test ends.
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := NewServer(opts...)
	tb.Cleanup(s.Close)
	return s
}

// Close shuts the server down, ending any request still running, closing
// every subscription socket and removing the uploaded files. For a server
// made by New it only closes the sockets and removes the files. It may be
// called more than once.
func (s *Server) Close() {
	s.subs.close()
	defer s.uploads.close()
	if s.ts != nil {
		s.ts.CloseClientConnections()
		s.ts.Close()
	}
}

// Client returns an HTTP client for the server: one that trusts its
// certificate with WithTLS. For a server made by New it is
// http.DefaultClient.
func (s *Server) Client() *http.Client {
	if s.ts == nil {
		return http.DefaultClient
	}
	return s.ts.Client()
}

// Handler returns the server's HTTP handler, to serve it some other way.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Region returns the region the server plays: RegionUS or RegionEU.
func (s *Server) Region() string { return s.region }

// Now returns the server's time (see WithClock).
func (s *Server) Now() time.Time { return s.clock() }

// Network returns the community the server hosts.
func (s *Server) Network() Network { return s.network }

// Members returns every member of the community, in the order they were added.
func (s *Server) Members() []Member { return slices.Clone(s.members) }

// Member returns the preloaded regular member (id "fakeMember01"), or, if
// WithMember replaced it, its replacement.
func (s *Server) Member() Member { m, _ := s.memberByID(defaultMember.ID); return m }

// Admin returns the preloaded admin (id "fakeAdmin001"), or, if WithMember
// replaced it, its replacement.
func (s *Server) Admin() Member { m, _ := s.memberByID(defaultAdmin.ID); return m }

// App returns the preloaded app installed on the network (client id
// "fake-client-id-0001"), or, if WithApp replaced it, its replacement.
func (s *Server) App() App { a, _ := s.appByID(defaultApp.ID); return a }

// UninstalledApp returns the preloaded app that is registered but not
// installed on the network (client id "fake-client-id-0002"), or, if WithApp
// replaced it, its replacement.
func (s *Server) UninstalledApp() App { a, _ := s.appByID(defaultUninstalledApp.ID); return a }

// Apps returns every registered app, in the order they were added.
func (s *Server) Apps() []App { return slices.Clone(s.apps) }

func (s *Server) memberByID(id string) (Member, bool) {
	for _, m := range s.members {
		if m.ID == id {
			return m, true
		}
	}
	return Member{}, false
}

func (s *Server) memberByLogin(login string) (Member, bool) {
	for _, m := range s.members {
		if strings.EqualFold(m.Username, login) || (m.Email != "" && strings.EqualFold(m.Email, login)) {
			return m, true
		}
	}
	return Member{}, false
}

func (s *Server) appByID(id string) (App, bool) {
	for _, a := range s.apps {
		if a.ID == id {
			return a, true
		}
	}
	return App{}, false
}

func (s *Server) appByClientID(id string) (App, bool) {
	for _, a := range s.apps {
		if a.ClientID == id {
			return a, true
		}
	}
	return App{}, false
}
