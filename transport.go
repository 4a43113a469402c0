package bettermode

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Transport is an http.RoundTripper that authenticates each request with a
// token from its source. Use it for calls that are not GraphQL, or to give
// another HTTP or GraphQL client Bettermode credentials. A zero Transport
// with Source set works; so does one whose fields are changed between
// requests (not during one).
//
// For every request it takes a token from Source, clones the request, sets
// the Authorization header on the clone and sends it with Base. Credentials
// go only over https, or plain http to a loopback host; only to a host in
// Hosts when Hosts is set; and, on a redirect, only within the origin
// (scheme, host and port) of the first request. Other requests are sent
// without them. When the answer is HTTP 401 and the request can be replayed
// (no body, or GetBody set), it invalidates the token if Source is a cache
// and resends once with the new token, sharing this rule with the client.
type Transport struct {
	// Source supplies the tokens; required. Wrap it with CacheSource unless
	// it caches itself (Client.Source is cached already).
	Source CredentialSource
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Hosts, when not empty, lists the only hosts (host or host:port, as in
	// URL.Host) whose requests get credentials. The default (nil) allows
	// every host the caller sends to.
	Hosts []string

	auth     authorizer
	endpoint *url.URL // Client.HTTPClient: the only origin, and the URL a gateway replaces
}

// NewTransport returns a Transport that authenticates with src and sends with
// base (nil means http.DefaultTransport).
func NewTransport(src CredentialSource, base http.RoundTripper) *Transport {
	return &Transport{Source: src, Base: base}
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

// RoundTrip authenticates and sends req. It does not modify req, and closes
// req.Body on every error it returns before sending.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if isNil(t.Source) {
		closeBody(req)
		return nil, &Error{Operation: "Transport", Field: "Source", Message: "Source is required", kind: ErrInvalidInput, hint: "build the transport with NewTransport"}
	}
	if !t.allowed(req) {
		return checkLocation(nil)(t.base().RoundTrip(req))
	}
	e, err := t.auth.entry(req.Context(), t.Source)
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := checkLocation(e.secrets)(t.base().RoundTrip(t.authorize(req, e)))
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !replayable(req) || !t.auth.renew(t.Source, e.tok) {
		return resp, err
	}
	e2, err := t.auth.entry(req.Context(), t.Source)
	if err != nil || e2.tok == e.tok {
		return resp, nil // nothing better to send: hand back the 401
	}
	body, err := rewind(req)
	if err != nil {
		return resp, nil
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	r2 := t.authorize(req, e2)
	r2.Body = body
	return checkLocation(e2.secrets)(t.base().RoundTrip(r2))
}

// checkLocation returns a function that removes from a redirect answer a
// Location header that does not parse as a URL, or that holds a form of a
// secret of ss (raw or percent-decoded): net/http would follow it and, when
// the next hop fails, put it whole in the error it hands the caller. The
// redirect is then not followed; the caller gets the 3xx answer.
func checkLocation(ss secrets) func(*http.Response, error) (*http.Response, error) {
	return func(resp *http.Response, err error) (*http.Response, error) {
		if err != nil || resp == nil || resp.StatusCode < 300 || resp.StatusCode > 399 {
			return resp, err
		}
		loc := resp.Header.Get("Location")
		if loc == "" {
			return resp, nil
		}
		u, perr := url.Parse(loc)
		if perr != nil || ss.occursIn(loc) {
			resp.Header.Del("Location")
		} else if dec, derr := url.QueryUnescape(u.RawQuery); ss.occursIn(u.Path) || (derr == nil && ss.occursIn(dec)) {
			resp.Header.Del("Location")
		}
		return resp, nil
	}
}

// authorize returns the clone of req to send with e's credentials: to e's
// gateway when req is for the client's endpoint and the token names one.
func (t *Transport) authorize(req *http.Request, e *authEntry) *http.Request {
	r := withAuth(req, e.hdr)
	if e.url != "" && t.endpoint != nil && sameOrigin(req.URL, t.endpoint) && strings.TrimSuffix(req.URL.Path, "/") == strings.TrimSuffix(t.endpoint.Path, "/") {
		if gw, err := url.Parse(e.url); err == nil {
			gw.RawQuery = req.URL.RawQuery
			r.URL, r.Host = gw, ""
		}
	}
	return r
}

// reqBox holds a cloned request and the backing array of its header values,
// so that a clone costs one allocation beside the header map.
type reqBox struct {
	r    http.Request
	vals [8]string
}

// withAuth returns a shallow clone of req whose header is a copy of req's
// with Authorization set to auth. It allocates the clone and the header map;
// value slices point into the clone's own array (or a new one when req has
// many values), never into req's, so req is never modified.
func withAuth(req *http.Request, auth []string) *http.Request {
	box := new(reqBox)
	box.r = *req
	n := 0
	for _, vv := range req.Header {
		n += len(vv)
	}
	store := box.vals[:0:len(box.vals)]
	if n > len(box.vals) {
		store = make([]string, 0, n)
	}
	h := make(http.Header, len(req.Header)+1)
	for k, vv := range req.Header {
		if k == "Authorization" {
			continue
		}
		start := len(store)
		store = append(store, vv...)
		h[k] = store[start:len(store):len(store)]
	}
	h["Authorization"] = auth
	box.r.Header = h
	return &box.r
}

// allowed reports whether req may carry credentials (see mayCarryCredentials):
// a secure URL, in Hosts when set, on the client's endpoint for
// Client.HTTPClient, and for a redirect on the first request's origin.
func (t *Transport) allowed(req *http.Request) bool {
	u := req.URL
	if !secureURL(u) {
		return false
	}
	if len(t.Hosts) > 0 && !slices.ContainsFunc(t.Hosts, func(h string) bool { return strings.EqualFold(h, u.Host) }) {
		return false
	}
	if t.endpoint != nil && !sameOrigin(u, t.endpoint) {
		return false
	}
	first := req
	for first.Response != nil && first.Response.Request != nil && first.Response.Request.URL != nil {
		first = first.Response.Request
	}
	return first == req || mayCarryCredentials(u, first.URL)
}

// String describes t: the type of its source and its hosts.
func (t *Transport) String() string {
	return fmt.Sprintf("bettermode.Transport{Source: %T, Hosts: %q}", t.Source, t.Hosts)
}

// Format prints String for every verb: fmt would otherwise print the
// source's fields, secrets included.
func (t *Transport) Format(f fmt.State, verb rune) { formatOpaque(f, verb, t.String()) }

// CloseIdleConnections closes the idle connections of Base, when it can.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base().(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

func rewind(req *http.Request) (io.ReadCloser, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req.Body, nil
	}
	return req.GetBody()
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
