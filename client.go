package bettermode

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	graphql "github.com/hasura/go-graphql-client"
	"github.com/hasura/go-graphql-client/pkg/jsonutil"
)

// Version is the SDK's version, sent in the default User-Agent.
const Version = "0.1.0"

// DefaultUserAgent is the User-Agent sent unless WithUserAgent sets another.
const DefaultUserAgent = "bettermode-go/" + Version

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

// ID is hasura's graphql.ID under this package's name: a variable of
// GraphQL type ID (member(id: ID!), for example) must have this Go type,
// since the variable's GraphQL type is derived from its Go type's name
// (a string would declare String!).
type ID = graphql.ID

// NewClient returns a client configured by opts. Invalid or conflicting
// options, a malformed endpoint, credentials over plain http to a host that is
// not loopback, and missing required credential fields fail here, before any
// network call, with errors matching ErrInvalidInput.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{maxBody: defaultMaxResponseBytes, userAgent: DefaultUserAgent}
	for _, o := range opts {
		if o == nil {
			return nil, &Error{Operation: "NewClient", Message: "an option is nil", kind: ErrInvalidInput, hint: "remove it"}
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
		return nil, conflict("WithoutTokenCache and WithCacheOptions conflict", "give one of them")
	}
	c := &Client{endpoint: ep.url.String(), endpointURL: ep.url, hc: cfg.hc, done: make(chan struct{})}
	if c.hc == nil {
		c.hc = &http.Client{}
	}
	stall := DefaultStallTimeout
	if cfg.stallSet {
		stall = cfg.stall
	}
	var watch *connWatch
	if c.hc.Transport == nil {
		watch = newConnWatch(stall)
		c.pool = newPooledTransport(watch)
		c.hc.Transport = c.pool
	}
	cl := newCaller(c.hc, cfg.userAgent, cfg.maxBody, cfg.retry, stall, watch)
	cl.budget, cl.obs = cfg.budget, cfg.obs
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
			return nil, &Error{Operation: "NewClient", Field: "endpoint", Message: "the endpoint URL holds client credentials, but the source is not an App",
				kind: ErrInvalidInput, hint: "pass WithCredentials(App{...}) or drop id:secret@ from the URL"}
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
				if cached.storeKey == "" && cached.cfg.store != nil {
					_ = cached.Close()
					return nil, errNoStoreKey
				}
				c.closeSrc = cached.Close
				cached.cfg.obs = cfg.obs // observe.go
				src = cached
			}
		}
		c.src = src
	}
	return c, nil
}

// Endpoint returns the URL requests are sent to (without any credentials).
func (c *Client) Endpoint() string {
	if c == nil {
		return ""
	}
	return c.endpoint
}

// Source returns the client's credential source as requests see it: bound
// to the client's endpoint and HTTP client and, unless WithoutTokenCache was
// given, cached. Use it to share the client's tokens with NewTransport or
// ToOAuth2. It is nil for a client without credentials, and stops working
// when the client is closed.
func (c *Client) Source() CredentialSource {
	if c == nil {
		return nil
	}
	return c.src
}

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
	return sourceToken(ctx, c.src)
}

// logoutDocument ends the session of the token it is sent with.
const logoutDocument = `mutation Logout { logoutNetwork { status } }`

// Logout ends the member session of the client's current token with the
// logoutNetwork mutation: Bettermode stops accepting the session's refresh
// token. The token is then dropped from the client's cache, with the
// session's refresh token, so the next request logs in anew (Member) or
// fetches a new token. The mutation is sent once with that token and never
// resent with another (which would end a new session). It fails with
// ErrUnauthorized for a client without credentials, and as the API answers
// for a token that is not a member session.
func (c *Client) Logout(ctx context.Context) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	if c.src == nil {
		return &Error{Operation: "Logout", Message: "the client has no credentials", kind: ErrUnauthorized, hint: "create it WithCredentials(Member{...})"}
	}
	e, err := c.auth.entry(ctx, c.src)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(gqlRequest{Query: logoutDocument, OperationName: "Logout"})
	url := c.endpoint
	if e.url != "" {
		url = e.url
	}
	data, _, err := c.caller.do(ctx, &exchange{op: "logoutNetwork", endpoint: url, body: body, mutation: true, header: e.hdr[0], secrets: e.secrets})
	if err != nil {
		return err
	}
	var out struct {
		LogoutNetwork struct {
			Status string `json:"status"`
		} `json:"logoutNetwork"`
	}
	if json.Unmarshal(data, &out) != nil || !strings.EqualFold(out.LogoutNetwork.Status, "succeeded") {
		return &Error{Operation: "logoutNetwork", Message: "the session was not ended", hint: "retry, or let the tokens expire"}
	}
	if cs, ok := c.src.(*CachedSource); ok {
		cs.forget(e.tok)
		cs.forgetShared(ctx, e.tok) // cache_store.go
	}
	return nil
}

// Close stops the client's background work (token refreshes) and waits for
// it to end. Calls in flight end at once with ErrClosed (a hard close: no
// call outlives Close waiting on a server), and later calls fail with it.
// Close is idempotent.
func (c *Client) Close() error {
	if c == nil {
		return nil
	}
	c.closeOnce.Do(func() {
		close(c.done)
		c.caller.flight.close() // ends the attempts in flight: a hard close
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
// settings with a pool sized for concurrent use, its connections watched by
// w (connwatch.go) unless w is nil.
func newPooledTransport(w *connWatch) *http.Transport {
	dial := (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	if w != nil {
		dial = w.dialer(&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second})
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// No ResponseHeaderTimeout: its channel timer per request cost 6%
		// of a loopback request; the connections' watch (connwatch.go)
		// bounds a silent server at no cost per request.
	}
}

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
	if err := c.check(ctx); err != nil {
		return callConfig{}, err
	}
	if len(opts) == 0 {
		return callConfig{}, nil // no allocation for the common call
	}
	return applyCallOptions(op, opts)
}

func applyCallOptions(op string, opts []CallOption) (callConfig, error) {
	var cc callConfig
	for _, o := range opts {
		if o == nil {
			return cc, &Error{Operation: op, Message: "a call option is nil", kind: ErrInvalidInput, hint: "remove it"}
		}
		o(&cc)
	}
	if cc.bad != "" {
		return cc, &Error{Operation: op, Message: cc.bad, kind: ErrInvalidInput, hint: "pass a pointer to a variable"}
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
	if c == nil {
		return &http.Client{Transport: newPooledTransport(nil)}
	}
	hc := *c.hc
	if c.src != nil {
		hc.Transport = &Transport{Source: c.src, Base: c.hc.Transport, endpoint: c.endpointURL}
	}
	return &hc
}

// String describes c: its endpoint and the type of its credentials.
func (c *Client) String() string {
	if c == nil {
		return "bettermode.Client(nil)"
	}
	return fmt.Sprintf("bettermode.Client{Endpoint: %s, Credentials: %T}", c.endpoint, c.src)
}

// Format prints String for every verb: fmt would otherwise print the
// client's internals, credentials included.
func (c *Client) Format(f fmt.State, verb rune) { formatOpaque(f, verb, c.String()) }
