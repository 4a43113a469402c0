package bettermode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"
)

// RetryPolicy says how a client retries a request that failed for a reason
// that may pass. A zero field takes its default.
type RetryPolicy struct {
	// MaxAttempts is the most attempts for a request that met a 5xx answer or
	// a transport error; default 3. 1 disables these retries. A resend after
	// Unauthorized (with a fresh token) or a rate-limit wait is not counted.
	// Nothing that may have run is resent: mutations are retried only after a
	// 503 that carried no data (answered before an operation runs), and no
	// request is resent when its answer carried partial data.
	MaxAttempts int
	// BaseDelay is the first backoff delay, doubled per attempt; each delay is
	// drawn with equal jitter (half fixed, half random); default 200ms.
	BaseDelay time.Duration
	// MaxDelay caps one backoff delay; default 5s.
	MaxDelay time.Duration
	// MaxRateLimitWait is the most time one request spends waiting on
	// Retry-After answers (code 104 or HTTP 429), over at most 5 waits, each
	// at least the backoff delay; default 30s. A wait that would pass the
	// budget or the context's deadline is not started: the request returns
	// ErrRateLimited at once. A negative value never waits.
	MaxRateLimitWait time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 3
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 200 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 5 * time.Second
	}
	if p.MaxRateLimitWait == 0 {
		p.MaxRateLimitWait = 30 * time.Second
	}
	return p
}

const (
	// defaultMaxResponseBytes bounds every response body the SDK reads.
	defaultMaxResponseBytes = 16 << 20
	// maxResponseLimit is the largest WithMaxResponseBytes. Exec holds a body
	// once (measured: 64 MiB over the baseline for a 64 MiB answer); Query
	// decodes through hasura's tokenizing decoder, which holds several more
	// copies of the largest value (about 8 times its size at the peak).
	maxResponseLimit = 64 << 20
	// maxRateLimitWaits bounds how often one request waits out a rate limit.
	maxRateLimitWaits = 5
)

// caller is the one sender of the SDK: every GraphQL request, the client's
// and the sources' minting calls alike, goes through do. It owns the plain
// HTTP client (no auth transport, so minting never recurses into the auth
// layer), the retry policy and the response size limit.
type caller struct {
	hc      *http.Client
	ua      []string // the User-Agent header value, shared by every request
	maxBody int64
	retry   RetryPolicy
	budget  RateBudget                // nil: requests are sent at once (see WithRateBudget)
	obs     *observer                 // nil: nothing is observed (see WithObserver, observe.go)
	flight  *inflight                 // the attempts in flight: stalls and the client's Close end them (bound.go)
	direct  http.RoundTripper         // the SDK's own transport when hc adds nothing to it (send.go); nil otherwise
	lastURL atomic.Pointer[parsedURL] // the last URL sent to, parsed once (send.go)
}

// newCaller returns a caller sending with a copy of hc whose redirects stay
// on the origin of the first request (see sameOrigin), its attempts bounded
// by the stall timeout (bound.go). watch is the watch of the connections of
// hc's transport when that is the SDK's own (nil otherwise): the attempts
// are then bound through it, and sent to the transport directly (send.go)
// unless hc adds a cookie jar or a timeout.
func newCaller(hc *http.Client, userAgent string, maxBody int64, retry RetryPolicy, stall time.Duration, watch *connWatch) *caller {
	cp := *hc
	cp.CheckRedirect = sameOriginRedirects(hc.CheckRedirect)
	c := &caller{hc: &cp, ua: []string{userAgent}, maxBody: maxBody, retry: retry.withDefaults(),
		flight: newInflight(stall, watch)}
	if watch != nil && hc.Jar == nil && hc.Timeout == 0 {
		c.direct = hc.Transport
	}
	return c
}

// gqlRequest is the JSON body of a GraphQL request.
type gqlRequest struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables,omitempty"`
}

// exchange is one GraphQL operation to send.
type exchange struct {
	op         string // operation, for errors
	endpoint   string // URL, unless the token names a gateway
	body       []byte // JSON request
	mutation   bool   // retry policy
	src        CredentialSource
	auth       *authorizer // with src: the client's; nil for mint calls
	header     string      // mint calls: a fixed Authorization value; "" sends none
	secrets    secrets     // mint calls: removed from any text kept in an error
	respHeader *http.Header
	observed   bool // its operation is observed (observe.go)
	mint       bool // a token mint: never queued behind other requests (see waitBudget)
	into       any  // SendJSONInto's target (rawinto.go); nil otherwise
	intoDirty  bool // an attempt may have written into
}

// do sends x and returns the answer's data and extensions. It resends once
// with a fresh token after an Unauthorized answer, waits out rate limits
// within the policy's budget and the context, and retries transient failures
// with jittered backoff, never resending what may have run.
func (c *caller) do(ctx context.Context, x *exchange) (data, ext json.RawMessage, err error) {
	var (
		reauthed  bool
		failures  int // attempts that failed transiently
		rateWaits int
		waited    time.Duration
		cost      int // the complexity estimate, with a budget
	)
	if ctx == nil {
		return nil, nil, errNilContext
	}
	if c.obs != nil && !x.observed {
		return c.observedDo(ctx, x) // observe.go
	}
	for {
		// Every wait (the budget here; backoff and rate limits below, which
		// loop back) comes before the token is taken: a token taken before
		// a long wait could expire on the way.
		if c.budget != nil {
			if cost == 0 {
				cost = estimateCost(x.body)
			}
			if err := c.waitBudget(ctx, x, cost); err != nil {
				return nil, nil, budgetWaitError(x.op, err)
			}
		}
		url, hdr := x.endpoint, []string(nil)
		var e *authEntry
		if x.auth != nil {
			if e, err = x.auth.entry(ctx, x.src); err != nil {
				return nil, nil, err
			}
			hdr = e.hdr
			if e.url != "" {
				url = e.url
			}
		} else if x.header != "" {
			hdr = []string{x.header}
		}
		status, header, body, err := c.attempt(ctx, url, hdr, x.body)
		if err != nil {
			if err == ErrClosed {
				return nil, nil, ErrClosed
			}
			ss := x.secretsWith(e)
			if !c.transient(x, err) || failures+1 >= c.retry.MaxAttempts {
				return nil, nil, &Error{Operation: x.op, Message: "request failed", hint: "check the endpoint and the network", err: ss.clean(err)}
			}
			failures++
			if werr := c.wait(ctx, WaitBackoff, c.backoff(failures)); werr != nil {
				if werr == ErrClosed {
					return nil, nil, ErrClosed
				}
				return nil, nil, &Error{Operation: x.op, Message: "request failed", err: ss.clean(err)}
			}
			continue
		}
		if x.respHeader != nil {
			*x.respHeader = header
		}
		if x.into == nil || !x.decodeDirect(status, body, &ext) { // rawinto.go
			data, ext, err = decodeResponse(x.op, status, header, body, x.secretsWith(e))
		}
		if c.budget != nil {
			c.settleBudget(ctx, cost, ext, err)
		}
		if err == nil {
			return data, ext, nil
		}
		var ae *Error
		if !errors.As(err, &ae) {
			return data, ext, err
		}
		if len(data) > 0 && string(data) != "null" {
			return data, ext, err // something ran: never resend
		}
		switch {
		case ae.kind == ErrUnauthorized && e != nil && !reauthed && x.auth.renew(x.src, e.tok):
			reauthed = true
			continue
		case ae.kind == ErrRateLimited && c.retry.MaxRateLimitWait > 0 && rateWaits < maxRateLimitWaits:
			// Never wait less than the backoff: a tiny Retry-After must not
			// turn into a burst of requests.
			wait := max(ae.RetryAfter, c.backoff(failures+rateWaits+1))
			if waited+wait > c.retry.MaxRateLimitWait || !fitsDeadline(ctx, wait) {
				return data, ext, err
			}
			if werr := c.wait(ctx, WaitRateLimit, wait); werr != nil {
				return data, ext, closedOr(werr, err)
			}
			waited += wait
			rateWaits++
			continue
		case ae.kind == nil && c.transientStatus(x, ae.StatusCode) && failures+1 < c.retry.MaxAttempts:
			failures++
			if werr := c.wait(ctx, WaitBackoff, c.backoff(failures)); werr != nil {
				return data, ext, closedOr(werr, err)
			}
			continue
		}
		return data, ext, err
	}
}

// closedOr is ErrClosed when a wait ended because the client closed, and
// the answer's error err when the caller's context ended it.
func closedOr(werr, err error) error {
	if werr == ErrClosed {
		return ErrClosed
	}
	return err
}

// secretsWith returns the secrets of x and of the token entry e: only on an
// error path, so that the hot path allocates nothing for them.
func (x *exchange) secretsWith(e *authEntry) secrets {
	if e == nil {
		return x.secrets
	}
	return x.secrets.with(e.secrets)
}

// send makes one HTTP attempt and reads the bounded body. The attempt ends
// with ctx, with the client's Close, or when the server stalls (bound.go).
func (c *caller) send(ctx context.Context, url string, auth []string, body []byte) (int, http.Header, []byte, error) {
	if c.flight.watch != nil { // the SDK's transport: its connections are watched
		mctx, m := newMark(ctx)
		defer m.release()
		status, header, b, err := c.sendBounded(mctx, nil, url, auth, body)
		if err != nil && c.flight.isClosed() {
			err = ErrClosed
		}
		return status, header, b, err
	}
	bd := c.flight.start(ctx)
	defer bd.release()
	return c.sendBounded(ctx, bd, url, auth, body)
}

// sendBounded is send, with the attempt's own bound bd unless it is nil.
func (c *caller) sendBounded(ctx context.Context, bd *attemptBound, url string, auth []string, body []byte) (int, http.Header, []byte, error) {
	rctx := ctx
	if bd != nil {
		rctx = bd.ctx
	}
	req, err := c.newRequest(rctx, url, body)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header["Content-Type"] = jsonContentType
	req.Header["User-Agent"] = c.ua
	if auth != nil {
		req.Header["Authorization"] = auth
	}
	c.inject(ctx, req.Header) // observe.go
	resp, err := c.roundTrip(req, url, body)
	if err != nil {
		return 0, nil, nil, bd.why(ctx, sentURLError(err, url))
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if bd != nil {
		bd.progress() // the headers came
		bd.body, r = resp.Body, bd
	}
	b, err := readBounded(r, resp.ContentLength, c.maxBody)
	if err != nil {
		return 0, nil, nil, bd.why(ctx, err)
	}
	return resp.StatusCode, resp.Header, b, nil
}

// readBounded reads body, failing when it is longer than limit. A body
// that states its length (contentLength >= 0) is read into one buffer of
// that size (and one byte, to see its end); a transport of the caller's own
// may send more than it states, and the rest is then read as an unstated
// body is, never more than limit+1 bytes in all.
func readBounded(body io.Reader, contentLength, limit int64) ([]byte, error) {
	if contentLength > limit {
		return nil, errTooLarge{limit}
	}
	var b []byte
	if contentLength >= 0 {
		b = make([]byte, contentLength, contentLength+1)
		if _, err := io.ReadFull(body, b); err != nil {
			return nil, fmt.Errorf("reading the response: %w", err)
		}
		n, err := body.Read(b[contentLength : contentLength+1])
		if n == 0 && err == io.EOF { // what net/http's bodies always end with here
			return b, nil
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("reading the response: %w", err)
		}
		b = b[:contentLength+int64(n)]
	}
	buf := bytes.NewBuffer(b)
	if _, err := buf.ReadFrom(io.LimitReader(body, limit+1-int64(len(b)))); err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if int64(buf.Len()) > limit {
		return nil, errTooLarge{limit}
	}
	return buf.Bytes(), nil
}

// errTooLarge reports a response over the size limit; it is not retried.
type errTooLarge struct{ limit int64 }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("response larger than %d bytes; raise the limit with WithMaxResponseBytes", e.limit)
}

var jsonContentType = []string{"application/json"}

// transient reports whether a transport error may pass on retry. Only
// queries are retried: a mutation may have reached the server.
func (c *caller) transient(x *exchange, err error) bool {
	if x.mutation || errors.As(err, new(errTooLarge)) || errors.As(err, new(*Error)) || errors.As(err, new(refusedRedirect)) || errors.Is(err, ErrClosed) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return true
}

// transientStatus reports whether an HTTP status may pass on retry: for
// queries any 5xx, for mutations only 503, which Bettermode answers before
// running an operation (a 502 or 504 may come after it ran).
func (c *caller) transientStatus(x *exchange, status int) bool {
	return status == http.StatusServiceUnavailable || (status >= 500 && !x.mutation)
}

// backoff returns the delay after the nth failure: BaseDelay doubled per
// failure up to MaxDelay, with equal jitter.
func (c *caller) backoff(n int) time.Duration {
	return jitteredBackoff(n, c.retry.BaseDelay, c.retry.MaxDelay, rand.Float64)
}

// jitteredBackoff is the one backoff of the SDK (requests, the token cache,
// subscriptions): base doubled per consecutive failure n (from 1) up to
// maxDelay, with equal jitter: half fixed, half random (rnd in [0, 1)).
func jitteredBackoff(n int, base, maxDelay time.Duration, rnd func() float64) time.Duration {
	d := base << min(max(n-1, 0), 20)
	if d <= 0 || d > maxDelay {
		d = maxDelay
	}
	return d/2 + time.Duration(rnd()*float64(d/2))
}

// sleep waits d, or returns ctx's error, or ErrClosed once the client
// closes.
func (c *caller) sleep(ctx context.Context, d time.Duration) error {
	return sleepOr(ctx, d, c.flight.done)
}

// sleep waits d, or returns ctx's error.
func sleep(ctx context.Context, d time.Duration) error { return sleepOr(ctx, d, nil) }

// sleepOr waits d, or returns ctx's error, or ErrClosed once done is
// closed (never, when done is nil).
func sleepOr(ctx context.Context, d time.Duration, done <-chan struct{}) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-done:
		return ErrClosed
	}
}

// fitsDeadline reports whether waiting d leaves ctx's deadline ahead.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Now().Add(d).Before(dl)
}
