package bettermode

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
)

// parsedURL is the last URL a caller sent to, parsed as net/http parses a
// request's.
type parsedURL struct {
	raw  string
	u    url.URL
	host string // the request's Host
}

// newRequest returns a POST of body to rawURL, parsing rawURL only when it
// differs from the last one sent to (the endpoint, or a token's gateway).
func (c *caller) newRequest(ctx context.Context, rawURL string, body []byte) (*http.Request, error) {
	p := c.lastURL.Load()
	if p == nil || p.raw != rawURL {
		r, err := http.NewRequest(http.MethodPost, rawURL, nil)
		if err != nil {
			return nil, err
		}
		p = &parsedURL{raw: rawURL, u: *r.URL, host: r.Host}
		c.lastURL.Store(p)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	*req.URL = p.u
	req.Host = p.host
	return req, nil
}

// roundTrip sends req. Over the SDK's own transport with a client that
// adds nothing to it (no cookie jar, no timeout), it goes to the transport
// directly: http.Client.Do would copy its headers for redirects that a
// GraphQL endpoint does not make. An answer that redirects is handed to the
// client as the answer to its first request (replayFirst), so that the
// client follows it by its rule, exactly as if it had sent the request: the
// request is never sent twice.
func (c *caller) roundTrip(req *http.Request, rawURL string, body []byte) (*http.Response, error) {
	if c.direct == nil {
		return c.hc.Do(req)
	}
	resp, err := c.direct.RoundTrip(req)
	if err != nil {
		return nil, &url.Error{Op: "Post", URL: rawURL, Err: err}
	}
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		if resp.Header.Get("Location") == "" {
			return resp, nil
		}
		again, err := c.newRequest(req.Context(), rawURL, body)
		if err != nil {
			_ = resp.Body.Close()
			return nil, err
		}
		again.Header = req.Header
		hc := *c.hc
		hc.Transport = &replayFirst{first: resp, rt: c.direct}
		return hc.Do(again)
	}
	return resp, nil
}

// replayFirst answers its first request with an answer already received,
// and sends the later ones (the redirects http.Client follows) with rt. It
// serves one call, in one goroutine.
type replayFirst struct {
	first *http.Response
	rt    http.RoundTripper
}

func (r *replayFirst) RoundTrip(req *http.Request) (*http.Response, error) {
	if first := r.first; first != nil {
		r.first = nil
		_ = req.Body.Close() // a RoundTripper closes the body (newRequest always gives one); it was sent already
		first.Request = req
		return first, nil
	}
	return r.rt.RoundTrip(req)
}

// sentURLError names, in an error about one of the SDK's own requests, the
// URL the SDK sent it to. net/http names the redirect hop that failed, a
// URL the server chose (whose path may hold the server's secrets), and
// quotes a Location that does not parse.
func sentURLError(err error, sent string) error {
	ue, ok := err.(*url.Error)
	if !ok {
		return err
	}
	bad := ue.Err != nil && strings.HasPrefix(ue.Err.Error(), "failed to parse Location header")
	if ue.URL == sent && !bad {
		return err
	}
	inner := ue.Err
	if bad {
		inner = errBadLocation
	}
	return &url.Error{Op: ue.Op, URL: sent, Err: inner}
}

// errBadLocation replaces net/http's error about a Location that does not
// parse, which quotes it.
var errBadLocation = &Error{Operation: "redirect", Message: "the server redirected to a location that does not parse", hint: "set the endpoint to the final URL"}
