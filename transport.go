package bettermode

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
)

// Transport is an http.RoundTripper that authenticates each request with a
// token from its source. Use it for calls that are not GraphQL, or to give
// another HTTP or GraphQL client Bettermode credentials.
//
// For every request it takes a token from Source, clones the request, sets
// the Authorization header on the clone and sends it with Base. When the
// answer is HTTP 401 and the request can be replayed (no body, or GetBody
// set), it invalidates the token if Source is a cache and resends once with
// the new token. It never adds credentials to a redirect that leaves the
// first request's host or downgrades https to http, nor to a host outside
// Hosts when Hosts is set. It does not follow a token's GatewayURL; Client
// does.
type Transport struct {
	// Source supplies the tokens; required. Wrap it with CacheSource unless
	// it caches itself. A Transport made by NewTransport keeps the source it
	// was given: set Source only on a Transport built as a literal.
	Source CredentialSource
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Hosts, when not empty, lists the only hosts (host or host:port, as in
	// URL.Host) whose requests get credentials; others are sent without. The
	// default (nil) authenticates every host the caller sends to.
	Hosts []string

	auth *authorizer
}

// NewTransport returns a Transport that authenticates with src and sends with
// base (nil means http.DefaultTransport).
func NewTransport(src CredentialSource, base http.RoundTripper) *Transport {
	return &Transport{Source: src, Base: base, auth: newAuthorizer(src)}
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

func (t *Transport) authorizer() *authorizer {
	if t.auth == nil {
		// A Transport built as a literal: make a private authorizer per call.
		// NewTransport avoids this allocation.
		return newAuthorizer(t.Source)
	}
	return t.auth
}

// RoundTrip authenticates and sends req. It does not modify req, and closes
// req.Body on every error it returns before sending.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.Source == nil {
		closeBody(req)
		return nil, &Error{Operation: "Transport", Field: "Source", Message: "Source is required", kind: ErrInvalidInput, hint: "build the transport with NewTransport"}
	}
	if !t.allowed(req) {
		return t.base().RoundTrip(req)
	}
	a := t.authorizer()
	e, err := a.entry(req.Context())
	if err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := t.base().RoundTrip(withAuth(req, e.hdr))
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !replayable(req) || !a.renew(e.tok) {
		return resp, err
	}
	e2, err := a.entry(req.Context())
	if err != nil || e2.tok == e.tok {
		return resp, nil // nothing better to send: hand back the 401
	}
	body, err := rewind(req)
	if err != nil {
		return resp, nil
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	r2 := withAuth(req, e2.hdr)
	r2.Body = body
	return t.base().RoundTrip(r2)
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

// allowed reports whether req may carry credentials: its host is in Hosts
// (when set) and, for a redirect, it stays on the first request's host and
// scheme (or moves from http to https).
func (t *Transport) allowed(req *http.Request) bool {
	if len(t.Hosts) > 0 && !slices.ContainsFunc(t.Hosts, func(h string) bool { return strings.EqualFold(h, req.URL.Host) }) {
		return false
	}
	first := req
	for first.Response != nil && first.Response.Request != nil && first.Response.Request.URL != nil {
		first = first.Response.Request
	}
	if first == req {
		return true
	}
	return strings.EqualFold(first.URL.Host, req.URL.Host) && (first.URL.Scheme == req.URL.Scheme || req.URL.Scheme == "https")
}

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

// String describes t without secrets.
func (t *Transport) String() string {
	return fmt.Sprintf("bettermode.Transport{Source: %T}", t.Source)
}

// GoString is String.
func (t *Transport) GoString() string { return t.String() }

// Format prints String for every verb.
func (t *Transport) Format(f fmt.State, verb rune) { formatOpaque(f, verb, t.String()) }

// LogValue logs t without secrets.
func (t *Transport) LogValue() slog.Value { return slog.StringValue(t.String()) }
