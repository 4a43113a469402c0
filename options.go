package bettermode

import (
	"net/http"
	"os"
	"reflect"
	"strings"
	"time"
)

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
	budget      RateBudget
	obs         *observer // WithObserver (observe.go)
	stall       time.Duration
	stallSet    bool
	seen        map[string]bool
}

// once fails when the option name was given before: NewClient rejects
// repeated and conflicting options rather than guessing which one wins.
func (c *config) once(name string) error {
	if c.seen[name] {
		return conflict(name+" is given twice", "give each option once")
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
// over a transport of its own pooled for concurrent use (64 idle
// connections per host, HTTP/2 where the server offers it, proxies from the
// environment; 30 s to connect, 10 s for the TLS handshake), closed by
// Close; bound a whole call with its context. Whatever the client, an
// attempt that receives nothing for the stall timeout is abandoned (see
// WithStallTimeout), and Close ends the attempts in flight.
// Whatever the client, the SDK's own requests follow a redirect only within
// the endpoint's origin (scheme, host and port), and only a 307 or 308 (a
// 301, 302 or 303 would send the request again as a GET, without the
// operation); a redirect refused (by those rules or hc.CheckRedirect), a
// chain of more than 10 and a Location that does not parse end the call
// without a retry, with an error that names the endpoint, not the Location.
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

// WithStallTimeout abandons an HTTP attempt (a request or a token mint)
// whose server sends nothing for d once the request is sent. On the
// client's own transport (the default, or WithHTTPClient with a nil
// Transport) every byte received counts, headers included; after the
// answer's headers came, a body that stops is left to the call's context.
// With a transport of the caller's own, the answer's headers must come
// within d of sending, and then the body must not stop for d. An abandoned
// query is retried like a transport error, within RetryPolicy.MaxAttempts;
// a mutation is not (it may have run). The error matches
// os.ErrDeadlineExceeded. The default is DefaultStallTimeout (30 s); a
// negative d never abandons, leaving the bound to the call's context. It
// bounds silence, not a whole call: bound that with the context's deadline.
func WithStallTimeout(d time.Duration) Option {
	return func(c *config) error {
		if err := c.once("WithStallTimeout"); err != nil {
			return err
		}
		if d == 0 {
			return &Error{Operation: "NewClient", Field: "stall timeout", Message: "stall timeout is zero", kind: ErrInvalidInput, hint: "give a positive duration, or a negative one to never abandon"}
		}
		c.stall, c.stallSet = d, true
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
// default is 16 MiB, the most 64 MiB. Exec holds an answer once; Query's
// decoding into a struct (hasura's decoder) peaks at several times the
// size of the answer's largest value, so the bound keeps that in reach.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if err := c.once("WithMaxResponseBytes"); err != nil {
			return err
		}
		if n <= 0 || n > maxResponseLimit {
			return &Error{Operation: "NewClient", Field: "max response bytes", Message: "max response bytes must be between 1 and 64 MiB", kind: ErrInvalidInput}
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

func conflict(msg, hint string) error {
	return &Error{Operation: "NewClient", Message: msg, kind: ErrInvalidInput, hint: hint}
}

func (cfg *config) endpointURL() (string, error) {
	switch {
	case cfg.endpointSet && cfg.regionSet:
		return "", conflict("WithEndpoint and WithRegion conflict", "give one of them")
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

// CallOption configures one Query, Mutate or Exec call.
type CallOption func(*callConfig)

type callConfig struct {
	opName     string
	extensions any
	header     *http.Header
	bad        string // what a call option got wrong, checked before sending
}

// OperationName names the operation ("query NAME(...)"), which Bettermode
// shows in its logs.
func OperationName(name string) CallOption { return func(c *callConfig) { c.opName = name } }

// BindExtensions decodes the answer's extensions (Bettermode reports the
// operation's complexity there) into dst, a pointer.
func BindExtensions(dst any) CallOption {
	return func(c *callConfig) {
		if rv := reflect.ValueOf(dst); rv.Kind() != reflect.Pointer || rv.IsNil() {
			c.bad = "BindExtensions needs a non-nil pointer"
		}
		c.extensions = dst
	}
}

// BindResponseHeader stores the answer's HTTP header in dst (for example to
// read rate-limit headers).
func BindResponseHeader(dst *http.Header) CallOption {
	return func(c *callConfig) {
		if dst == nil {
			c.bad = "BindResponseHeader needs a non-nil *http.Header"
		}
		c.header = dst
	}
}
