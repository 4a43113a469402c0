package bettermode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	graphql "github.com/hasura/go-graphql-client"
	"github.com/hasura/go-graphql-client/pkg/jsonutil"

	"github.com/bettermode-go/bettermode/internal/clock"
)

// Version is the SDK's version, sent in the default User-Agent.
const Version = "0.1.0"

// DefaultUserAgent is the User-Agent sent unless WithUserAgent sets another.
const DefaultUserAgent = "bettermode-go/" + Version

// ErrClosed is returned by a Client's methods after Close, and by a closed
// CachedSource.
var ErrClosed = errors.New("bettermode: client closed; create a new one")

// Client runs GraphQL operations against one Bettermode endpoint with one
// credential source. It is safe for concurrent use; make one and share it.
type Client struct {
	endpoint string
	host     string
	caller   *caller
	src      CredentialSource // as the requests see it (cached unless disabled)
	auth     *authorizer
	closeSrc func() error // closes a cache the client made; nil otherwise
	queries  queryCache
	hc       *http.Client // the caller's HTTP client copy, for HTTPClient and GraphQL

	closeOnce sync.Once
	closeErr  error
	done      chan struct{} // closed by Close
}

// Option configures NewClient.
type Option func(*config) error

type config struct {
	endpoint    string
	endpointSet bool
	region      Region
	regionSet   bool
	getenv      func(string) string
	creds       CredentialSource
	hc          *http.Client
	userAgent   string
	retry       RetryPolicy
	maxBody     int64
	noCache     bool
	cacheOpts   []CacheOption
	clock       clock.Clock
	seen        map[string]bool
}

// once fails when the option name was given before: NewClient rejects
// repeated and conflicting options rather than guessing which one wins.
func (c *config) once(name string) error {
	if c.seen[name] {
		return conflict(name + " is given twice")
	}
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	c.seen[name] = true
	return nil
}

// WithEndpoint sends requests to url, which must be an absolute https URL (or
// plain http to a loopback host). The legacy form https://id:secret@host puts
// an App's client credentials in the URL: they are taken as the App's
// ClientID and ClientSecret and removed from the URL. It conflicts with
// WithRegion.
func WithEndpoint(url string) Option {
	return func(c *config) error {
		if err := c.once("WithEndpoint"); err != nil {
			return err
		}
		c.endpoint, c.endpointSet = url, true
		return nil
	}
}

// WithRegion sends requests to r's endpoint. The default is US. It conflicts
// with WithEndpoint.
func WithRegion(r Region) Option {
	return func(c *config) error {
		if err := c.once("WithRegion"); err != nil {
			return err
		}
		if r.Endpoint == "" {
			return &Error{Operation: "NewClient", Field: "region", Message: "region has no endpoint", kind: ErrInvalidInput, hint: "use US, EU, Tribe or ParseRegion"}
		}
		c.region, c.regionSet = r, true
		return nil
	}
}

// FromEnv reads the endpoint from BETTERMODE_ENDPOINT, or the region from
// BETTERMODE_REGION (see ParseRegion), when neither WithEndpoint nor
// WithRegion is given. Setting both variables is an error. Nothing is read
// from the environment without this option.
func FromEnv() Option { return FromEnvFunc(os.Getenv) }

// FromEnvFunc is FromEnv reading the variables through getenv, for programs
// that keep their configuration elsewhere and for tests.
func FromEnvFunc(getenv func(string) string) Option {
	return func(c *config) error {
		if err := c.once("FromEnv"); err != nil {
			return err
		}
		if getenv == nil {
			return &Error{Operation: "NewClient", Field: "getenv", Message: "getenv is nil", kind: ErrInvalidInput, hint: "pass os.Getenv or use FromEnv"}
		}
		c.getenv = getenv
		return nil
	}
}

// WithCredentials authenticates every request with src: StaticToken, Guest,
// Member, App, FromOAuth2 or any CredentialSource. The sources of this package
// are bound to the client's endpoint and HTTP client. Required fields are
// checked in NewClient. Without it requests carry no Authorization header.
func WithCredentials(src CredentialSource) Option {
	return func(c *config) error {
		if err := c.once("WithCredentials"); err != nil {
			return err
		}
		if src == nil {
			return &Error{Operation: "NewClient", Field: "credentials", Message: "credentials are nil", kind: ErrInvalidInput, hint: "pass a CredentialSource"}
		}
		c.creds = src
		return nil
	}
}

// WithHTTPClient sends requests with a copy of hc: its Transport, Timeout,
// Jar and CheckRedirect are used, and hc itself is never modified. The
// default is a client with http.DefaultTransport and a 30 s timeout.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if err := c.once("WithHTTPClient"); err != nil {
			return err
		}
		if hc == nil {
			return &Error{Operation: "NewClient", Field: "http client", Message: "http client is nil", kind: ErrInvalidInput, hint: "pass an *http.Client or leave the option out"}
		}
		cp := *hc
		c.hc = &cp
		return nil
	}
}

// WithUserAgent sets the User-Agent header; the default (and what an empty
// ua means) is DefaultUserAgent.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if err := c.once("WithUserAgent"); err != nil {
			return err
		}
		if strings.ContainsFunc(ua, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return &Error{Operation: "NewClient", Field: "user agent", Message: "user agent contains a control character", kind: ErrInvalidInput, hint: "remove it"}
		}
		if ua != "" {
			c.userAgent = ua
		}
		return nil
	}
}

// WithRetryPolicy sets how requests are retried; zero fields keep their defaults.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		if err := c.once("WithRetryPolicy"); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithMaxResponseBytes bounds every response body the client reads; the
// default is 16 MiB, the most 1 GiB.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if err := c.once("WithMaxResponseBytes"); err != nil {
			return err
		}
		if n <= 0 || n > maxResponseLimit {
			return &Error{Operation: "NewClient", Field: "max response bytes", Message: "max response bytes must be between 1 and 1 GiB", kind: ErrInvalidInput}
		}
		c.maxBody = n
		return nil
	}
}

// WithoutTokenCache turns off the token cache that NewClient otherwise puts
// around every expiring source: each request then asks the source.
func WithoutTokenCache() Option {
	return func(c *config) error {
		if err := c.once("WithoutTokenCache"); err != nil {
			return err
		}
		c.noCache = true
		return nil
	}
}

// WithCacheOptions configures the token cache NewClient makes.
func WithCacheOptions(opts ...CacheOption) Option {
	return func(c *config) error {
		c.cacheOpts = append(c.cacheOpts, opts...)
		return nil
	}
}

// withClientClock sets the time seam (tests).
func withClientClock(clk clock.Clock) Option {
	return func(c *config) error {
		c.clock = clk
		return nil
	}
}

func conflict(msg string) error {
	return &Error{Operation: "NewClient", Message: msg, kind: ErrInvalidInput, hint: "give each option once"}
}

// NewClient returns a client configured by opts. Invalid or conflicting
// options, a malformed endpoint, credentials over plain http to a host that is
// not loopback, and missing required credential fields fail here, before any
// network call, with errors matching ErrInvalidInput.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{clock: clock.Real{}, maxBody: defaultMaxResponseBytes, userAgent: DefaultUserAgent}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	raw, err := cfg.endpointURL()
	if err != nil {
		return nil, err
	}
	ep, err := parseEndpoint(raw)
	if err != nil {
		return nil, err
	}
	if cfg.noCache && len(cfg.cacheOpts) > 0 {
		return nil, conflict("WithoutTokenCache and WithCacheOptions conflict: give one")
	}
	if cfg.hc == nil {
		cfg.hc = &http.Client{Timeout: 30 * time.Second}
	}
	cfg.hc.CheckRedirect = noDowngrade(cfg.hc.CheckRedirect)
	cl := newCaller(cfg.hc, cfg.userAgent, cfg.maxBody, cfg.retry, cfg.clock)
	c := &Client{endpoint: ep.url.String(), host: ep.url.Host, caller: cl, hc: cfg.hc, done: make(chan struct{})}

	src := cfg.creds
	if ep.clientID != "" || ep.clientSecret != "" {
		var app App
		switch a := src.(type) {
		case App:
			app = a
		case *App:
			app = *a
		default:
			return nil, &Error{Operation: "NewClient", Field: "endpoint", Message: "the endpoint URL carries client credentials but the credentials are not an App",
				kind: ErrInvalidInput, hint: "pass WithCredentials(App{NetworkID: ...}) or remove id:secret@ from the URL"}
		}
		if app.ClientID != "" || app.ClientSecret != "" {
			return nil, &Error{Operation: "NewClient", Field: "endpoint", Message: "client credentials are given both in the endpoint URL and in the App",
				kind: ErrInvalidInput, hint: "give them once"}
		}
	}
	if src != nil {
		if b, ok := src.(binder); ok {
			if src, err = b.bind(&binding{endpoint: c.endpoint, caller: cl, clientID: ep.clientID, clientSecret: ep.clientSecret}); err != nil {
				return nil, err
			}
		} else if v, ok := src.(interface{ validate() error }); ok {
			if err := v.validate(); err != nil {
				return nil, err
			}
		}
		if _, static := src.(staticSource); !static && !cfg.noCache {
			if _, already := src.(*CachedSource); !already {
				cached := CacheSource(src, append([]CacheOption{withClock(cfg.clock)}, cfg.cacheOpts...)...)
				c.closeSrc = cached.Close
				src = cached
			}
		}
		c.src = src
		c.auth = newAuthorizer(src)
	}
	return c, nil
}

func (cfg *config) endpointURL() (string, error) {
	switch {
	case cfg.endpointSet && cfg.regionSet:
		return "", conflict("WithEndpoint and WithRegion conflict: give one")
	case cfg.endpointSet:
		return cfg.endpoint, nil
	case cfg.regionSet:
		return cfg.region.Endpoint, nil
	case cfg.getenv != nil:
		e, r := cfg.getenv("BETTERMODE_ENDPOINT"), cfg.getenv("BETTERMODE_REGION")
		switch {
		case e != "" && r != "":
			return "", &Error{Operation: "FromEnv", Message: "BETTERMODE_ENDPOINT and BETTERMODE_REGION are both set", kind: ErrInvalidInput, hint: "unset one of them"}
		case e != "":
			return e, nil
		case r != "":
			reg, err := ParseRegion(r)
			if err != nil {
				e := *err.(*Error)
				e.Operation, e.Field = "FromEnv", "BETTERMODE_REGION"
				return "", &e
			}
			return reg.Endpoint, nil
		}
	}
	return US.Endpoint, nil
}

// Endpoint returns the URL requests are sent to (without any credentials).
func (c *Client) Endpoint() string { return c.endpoint }

// Source returns the client's credential source as requests see it: bound
// to the client's endpoint and HTTP client and, unless WithoutTokenCache was
// given, cached. Use it to share the client's tokens with NewTransport or
// ToOAuth2. It is nil for a client without credentials, and stops working
// when the client is closed.
func (c *Client) Source() CredentialSource { return c.src }

// Token returns the token the next request will carry: from the cache when
// it is warm, otherwise minted now. Without credentials it returns
// ErrUnauthorized.
func (c *Client) Token(ctx context.Context) (*Token, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if c.src == nil {
		return nil, &Error{Operation: "Token", Message: "the client has no credentials", kind: ErrUnauthorized, hint: "create it WithCredentials"}
	}
	return c.src.Token(ctx)
}

// Close stops the client's background work (token refreshes) and waits for
// it to end. Later calls fail with ErrClosed. Close is idempotent.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		close(c.done)
		if c.closeSrc != nil {
			c.closeErr = c.closeSrc()
		}
	})
	return c.closeErr
}

func (c *Client) check() error {
	select {
	case <-c.done:
		return ErrClosed
	default:
		return nil
	}
}

// CallOption configures one Query, Mutate or Exec call.
type CallOption func(*callConfig)

type callConfig struct {
	opName     string
	extensions any
	header     *http.Header
}

// OperationName names the operation ("query NAME(...)"), which Bettermode
// shows in its logs.
func OperationName(name string) CallOption { return func(c *callConfig) { c.opName = name } }

// BindExtensions decodes the answer's extensions (Bettermode reports the
// operation's complexity there) into dst, a pointer.
func BindExtensions(dst any) CallOption { return func(c *callConfig) { c.extensions = dst } }

// BindResponseHeader stores the answer's HTTP header in dst (for example to
// read rate-limit headers).
func BindResponseHeader(dst *http.Header) CallOption { return func(c *callConfig) { c.header = dst } }

// Query runs the query that q's type describes, with the struct-tag
// conventions of github.com/hasura/go-graphql-client, and decodes the answer
// into q, a pointer to a struct. variables maps names to Go values whose
// types name the GraphQL types (string is String!, *string is String, a named
// type uses its name). The query text is built once per type and variable
// types and reused. Partial data is decoded even when an error is returned.
func (c *Client) Query(ctx context.Context, q any, variables map[string]any, opts ...CallOption) error {
	return c.run(ctx, false, q, variables, opts)
}

// Mutate is Query for mutations. Mutations are not retried after a 500 or a
// transport error, since they may have run.
func (c *Client) Mutate(ctx context.Context, m any, variables map[string]any, opts ...CallOption) error {
	return c.run(ctx, true, m, variables, opts)
}

func (c *Client) run(ctx context.Context, mutation bool, v any, variables map[string]any, opts []CallOption) error {
	var cc callConfig
	for _, o := range opts {
		o(&cc)
	}
	doc, op, err := c.queries.build(mutation, v, variables, cc.opName)
	if err != nil {
		return &Error{Operation: "Query", Message: "cannot build the query from the Go type", kind: ErrInvalidInput, hint: "check the struct's graphql tags", err: err}
	}
	data, ext, err := c.exec(ctx, op, doc, cc.opName, variables, mutation, cc.header)
	if len(data) > 0 && string(data) != "null" {
		if derr := jsonutil.UnmarshalGraphQL(data, v); derr != nil && err == nil {
			err = &Error{Operation: op, Message: "cannot decode the answer into the Go type", hint: "check that the struct matches the schema", err: derr}
		}
	}
	if err == nil && cc.extensions != nil && len(ext) > 0 {
		if derr := json.Unmarshal(ext, cc.extensions); derr != nil {
			err = &Error{Operation: op, Message: "cannot decode the answer's extensions", err: derr}
		}
	}
	return err
}

// Response is the raw answer of Exec.
type Response struct {
	// Data is the answer's data object, as JSON.
	Data json.RawMessage
	// Extensions is the answer's extensions object, as JSON; nil when absent.
	Extensions json.RawMessage
}

// Complexity returns the operation's complexity from extensions.complexity,
// and whether the answer reported one.
func (r *Response) Complexity() (int, bool) {
	var ext struct {
		Complexity json.Number `json:"complexity"`
	}
	if r == nil || len(r.Extensions) == 0 || json.Unmarshal(r.Extensions, &ext) != nil {
		return 0, false
	}
	n, err := ext.Complexity.Int64()
	return int(n), err == nil
}

// Exec runs a GraphQL document written by hand and returns the raw answer,
// extensions included. A document with a mutation anywhere in it follows the
// mutation retry rules. With an error, the Response still holds any partial
// data.
func (c *Client) Exec(ctx context.Context, query string, variables map[string]any, opts ...CallOption) (*Response, error) {
	var cc callConfig
	for _, o := range opts {
		o(&cc)
	}
	mutation := mightMutate(query)
	op := cc.opName
	if op == "" {
		op = "Exec"
	}
	data, ext, err := c.exec(ctx, op, query, cc.opName, variables, mutation, cc.header)
	if err == nil && cc.extensions != nil && len(ext) > 0 {
		if derr := json.Unmarshal(ext, cc.extensions); derr != nil {
			err = &Error{Operation: op, Message: "cannot decode the answer's extensions", err: derr}
		}
	}
	return &Response{Data: data, Extensions: ext}, err
}

func (c *Client) exec(ctx context.Context, op, doc, opName string, variables map[string]any, mutation bool, hdr *http.Header) (json.RawMessage, json.RawMessage, error) {
	if err := c.check(); err != nil {
		return nil, nil, err
	}
	body, err := json.Marshal(gqlRequest{Query: doc, OperationName: opName, Variables: variables})
	if err != nil {
		return nil, nil, &Error{Operation: op, Message: "cannot encode the variables", kind: ErrInvalidInput, err: err}
	}
	return c.caller.do(ctx, &exchange{op: op, endpoint: c.endpoint, body: body, mutation: mutation, auth: c.auth, respHeader: hdr})
}

var (
	graphqlComment  = regexp.MustCompile(`#[^\n\r]*`)
	mutationKeyword = regexp.MustCompile(`(^|[\s},])mutation([\s({@]|$)`)
)

// mightMutate reports whether doc may hold a mutation. It errs towards yes:
// a false yes only forgoes a retry, a false no could run a mutation twice.
func mightMutate(doc string) bool {
	return mutationKeyword.MatchString(graphqlComment.ReplaceAllString(doc, " "))
}

// HTTPClient returns a copy of the client's HTTP client whose transport
// authenticates every request with the client's credentials (see Transport),
// for REST calls or other libraries.
//
// Only requests to the endpoint's host carry the credentials.
func (c *Client) HTTPClient() *http.Client {
	hc := *c.hc
	if c.auth != nil {
		hc.Transport = &Transport{Source: c.src, Base: c.hc.Transport, Hosts: []string{c.host}, auth: c.auth}
	}
	return &hc
}

// noDowngrade wraps a CheckRedirect so that no redirect moves a request from
// https to http, where Go would still forward its Authorization header.
func noDowngrade(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
			return &Error{Operation: "redirect", Message: "refusing a redirect from https to http", kind: ErrForbidden,
				hint: "the server tried to move credentials to plain http; check the endpoint"}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("bettermode: stopped after 10 redirects; check the endpoint")
		}
		return nil
	}
}

// GraphQL returns a github.com/hasura/go-graphql-client client for the same
// endpoint, authenticated through HTTPClient, for features this package does
// not wrap. Errors from it are hasura's, not *Error.
func (c *Client) GraphQL() *graphql.Client {
	return graphql.NewClient(c.endpoint, c.HTTPClient())
}

// String describes c without secrets.
func (c *Client) String() string {
	return fmt.Sprintf("bettermode.Client{Endpoint: %s, Credentials: %T}", c.endpoint, c.src)
}

// GoString is String.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb.
func (c *Client) Format(f fmt.State, verb rune) { formatOpaque(f, verb, c.String()) }

// LogValue logs c without secrets.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// binding is what WithCredentials binds a source to.
type binding struct {
	endpoint     string
	caller       *caller
	clientID     string // from the endpoint's userinfo
	clientSecret string
}

// binder is a source value that must be bound to a client before use.
type binder interface {
	bind(b *binding) (CredentialSource, error)
}

// defaultBinding is used when a Guest, Member or App is called directly,
// outside a client: the US endpoint and a default HTTP client.
func defaultBinding() *binding {
	return &binding{endpoint: US.Endpoint,
		caller: newCaller(&http.Client{Timeout: 30 * time.Second}, DefaultUserAgent, defaultMaxResponseBytes, RetryPolicy{}, clock.Real{})}
}
