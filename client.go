package bettermode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/hasura/go-graphql-client/pkg/jsonutil"
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
	endpoint    string
	endpointURL *url.URL
	caller      *caller
	src         CredentialSource // as the requests see it (cached unless disabled)
	auth        authorizer
	closeSrc    func() error // closes a cache the client made; nil otherwise
	queries     queryCache
	hc          *http.Client    // the user's HTTP client copy (or the default), for HTTPClient
	pool        *http.Transport // the default transport, when the client made it

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
// Jar and CheckRedirect are used, and hc itself is never modified. A nil
// hc.Transport means the SDK's pooled transport. The default is a client
// with a 30 s timeout over a transport of its own pooled for concurrent use
// (64 idle connections per host, HTTP/2 where the server offers it, 10 s
// TLS handshake timeout, proxies from the environment), closed by Close.
// Whatever the client, the SDK's own requests follow a redirect only within
// the endpoint's origin (scheme, host and port).
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
// default is 16 MiB, the most 256 MiB (a body is held in memory while it is
// decoded).
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if err := c.once("WithMaxResponseBytes"); err != nil {
			return err
		}
		if n <= 0 || n > maxResponseLimit {
			return &Error{Operation: "NewClient", Field: "max response bytes", Message: "max response bytes must be between 1 and 256 MiB", kind: ErrInvalidInput}
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

func conflict(msg string) error {
	return &Error{Operation: "NewClient", Message: msg, kind: ErrInvalidInput, hint: "give each option once"}
}

// NewClient returns a client configured by opts. Invalid or conflicting
// options, a malformed endpoint, credentials over plain http to a host that is
// not loopback, and missing required credential fields fail here, before any
// network call, with errors matching ErrInvalidInput.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{maxBody: defaultMaxResponseBytes, userAgent: DefaultUserAgent}
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
	c := &Client{endpoint: ep.url.String(), endpointURL: ep.url, hc: cfg.hc, done: make(chan struct{})}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: 30 * time.Second}
	}
	if c.hc.Transport == nil {
		c.pool = newPooledTransport()
		c.hc.Transport = c.pool
	}
	cl := newCaller(c.hc, cfg.userAgent, cfg.maxBody, cfg.retry)
	c.caller = cl

	src := cfg.creds
	if isNil(src) && src != nil {
		return nil, &Error{Operation: "NewClient", Field: "credentials", Message: fmt.Sprintf("credentials are a nil %T", src), kind: ErrInvalidInput, hint: "pass a non-nil CredentialSource"}
	}
	if ep.clientID != "" || ep.clientSecret != "" {
		var app App
		switch a := src.(type) {
		case App:
			app = a
		case *App:
			app = *a // not nil: checked above
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
				cached := CacheSource(src, cfg.cacheOpts...)
				c.closeSrc = cached.Close
				src = cached
			}
		}
		c.src = src
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
	if err := c.check(ctx); err != nil {
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
		if c.pool != nil {
			c.pool.CloseIdleConnections()
		}
	})
	return c.closeErr
}

// check fails for a nil or closed client and a nil context.
func (c *Client) check(ctx context.Context) error {
	if c == nil {
		return &Error{Message: "the client is nil", kind: ErrInvalidInput, hint: "create it with NewClient"}
	}
	if ctx == nil {
		return errNilContext
	}
	select {
	case <-c.done:
		return ErrClosed
	default:
		return nil
	}
}

var errNilContext = &Error{Message: "the context is nil", kind: ErrInvalidInput, hint: "pass context.Background() or a request's context"}

// isNil reports whether v is nil or holds a nil pointer, func, map, slice or
// channel, which a method call could panic on.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Slice, reflect.Chan, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// newPooledTransport returns the default transport: http.DefaultTransport's
// settings with a pool sized for concurrent use.
func newPooledTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
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
	op := "Query"
	if mutation {
		op = "Mutate"
	}
	cc, err := c.prepare(ctx, op, opts)
	if err != nil {
		return err
	}
	if rv := reflect.ValueOf(v); rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return &Error{Operation: op, Message: fmt.Sprintf("the result must be a non-nil pointer to a struct, not %T", v), kind: ErrInvalidInput, hint: "pass &q"}
	}
	for name, val := range variables {
		if val == nil {
			return &Error{Operation: op, Field: name, Message: fmt.Sprintf("variable %q is an untyped nil", truncate(name, 64)), kind: ErrInvalidInput,
				hint: "pass a typed nil, such as (*string)(nil), so that its GraphQL type is known"}
		}
	}
	doc, op, err := c.queries.build(mutation, v, variables, cc.opName)
	if err != nil {
		return &Error{Operation: op, Message: "cannot build the query from the Go type", kind: ErrInvalidInput, hint: "check the struct's graphql tags", err: secrets(nil).clean(err)}
	}
	data, ext, err := c.exec(ctx, op, doc, cc.opName, variables, mutation, cc.header)
	if len(data) > 0 && string(data) != "null" {
		if derr := jsonutil.UnmarshalGraphQL(data, v); derr != nil && err == nil {
			err = &Error{Operation: op, Message: "cannot decode the answer into the Go type", hint: "check that the struct matches the schema", err: c.secrets().clean(derr)}
		}
	}
	if err == nil {
		err = cc.bindExtensions(op, ext)
	}
	return err
}

// prepare checks the client and the context, and applies opts.
func (c *Client) prepare(ctx context.Context, op string, opts []CallOption) (callConfig, error) {
	var cc callConfig
	if err := c.check(ctx); err != nil {
		return cc, err
	}
	for _, o := range opts {
		if o == nil {
			return cc, &Error{Operation: op, Message: "a call option is nil", kind: ErrInvalidInput, hint: "remove it"}
		}
		o(&cc)
	}
	return cc, nil
}

// bindExtensions decodes ext into the BindExtensions target, if any.
func (cc *callConfig) bindExtensions(op string, ext json.RawMessage) error {
	if cc.extensions == nil || len(ext) == 0 {
		return nil
	}
	if err := json.Unmarshal(ext, cc.extensions); err != nil {
		return &Error{Operation: op, Message: "cannot decode the answer's extensions", hint: "pass a pointer to BindExtensions", err: secrets(nil).clean(err)}
	}
	return nil
}

// secrets returns the forms of the current token's secrets, for errors
// built outside the executor.
func (c *Client) secrets() secrets {
	if e := c.auth.last.Load(); e != nil {
		return e.secrets
	}
	return nil
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
	cc, err := c.prepare(ctx, "Exec", opts)
	if err != nil {
		return &Response{}, err
	}
	op := cc.opName
	if op == "" {
		op = "Exec"
	}
	data, ext, err := c.exec(ctx, op, query, cc.opName, variables, mightMutate(query), cc.header)
	if err == nil {
		err = cc.bindExtensions(op, ext)
	}
	return &Response{Data: data, Extensions: ext}, err
}

func (c *Client) exec(ctx context.Context, op, doc, opName string, variables map[string]any, mutation bool, hdr *http.Header) (json.RawMessage, json.RawMessage, error) {
	body, err := json.Marshal(gqlRequest{Query: doc, OperationName: opName, Variables: variables})
	if err != nil {
		return nil, nil, &Error{Operation: op, Message: "cannot encode the variables", kind: ErrInvalidInput, hint: "pass values encoding/json can encode", err: secrets(nil).clean(err)}
	}
	x := &exchange{op: op, endpoint: c.endpoint, body: body, mutation: mutation, respHeader: hdr}
	if c.src != nil {
		x.src, x.auth = c.src, &c.auth
	}
	return c.caller.do(ctx, x)
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
// authenticates requests with the client's credentials (see Transport), for
// REST calls or another GraphQL library. Credentials go only to the
// endpoint's origin (scheme, host and port; https, or http to loopback),
// and a request for the endpoint's URL goes to an app token's gateway, as
// Query does.
func (c *Client) HTTPClient() *http.Client {
	hc := *c.hc
	if c.src != nil {
		hc.Transport = &Transport{Source: c.src, Base: c.hc.Transport, endpoint: c.endpointURL}
	}
	return &hc
}

// String describes c: its endpoint and the type of its credentials.
func (c *Client) String() string {
	return fmt.Sprintf("bettermode.Client{Endpoint: %s, Credentials: %T}", c.endpoint, c.src)
}

// Format prints String for every verb: fmt would otherwise print the
// client's internals, credentials included.
func (c *Client) Format(f fmt.State, verb rune) { formatOpaque(f, verb, c.String()) }

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

// defaultHTTPClient sends the requests of sources called outside a client.
var defaultHTTPClient = &http.Client{Timeout: 30 * time.Second, Transport: newPooledTransport()}

// defaultBinding is used when a Guest, Member or App is called directly,
// outside a client: the US endpoint and a default HTTP client.
func defaultBinding() *binding {
	return &binding{endpoint: US.Endpoint,
		caller: newCaller(defaultHTTPClient, DefaultUserAgent, defaultMaxResponseBytes, RetryPolicy{})}
}
