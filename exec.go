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

	"github.com/bettermode-go/bettermode/internal/clock"
)

// RetryPolicy says how a client retries a request that failed for a reason
// that may pass. A zero field takes its default.
type RetryPolicy struct {
	// MaxAttempts is the most attempts for a request that met a 5xx answer or
	// a transport error; default 3. 1 disables these retries. Mutations are
	// retried only on 503, which is answered before an operation runs.
	MaxAttempts int
	// BaseDelay is the first backoff delay, doubled per attempt with full
	// jitter; default 200ms.
	BaseDelay time.Duration
	// MaxDelay caps one backoff delay; default 5s.
	MaxDelay time.Duration
	// MaxRateLimitWait is the most time one request spends waiting on
	// Retry-After answers (code 104 or HTTP 429), over at most 5 waits, each
	// at least the backoff delay; default 30s. A negative value returns
	// ErrRateLimited at once.
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

// defaultMaxResponseBytes bounds every response body the SDK reads.
const defaultMaxResponseBytes = 16 << 20

// maxResponseLimit is the largest WithMaxResponseBytes.
const maxResponseLimit = 1 << 30

// maxRateLimitWaits bounds how often one request waits out a rate limit.
const maxRateLimitWaits = 5

// caller sends GraphQL requests: it owns the plain HTTP client (no auth
// transport, so minting never recurses into the auth layer), the retry policy
// and the response size limit. It is shared by a client and its sources.
type caller struct {
	hc      *http.Client
	ua      []string // the User-Agent header value, shared by every request; nil sends Go's
	maxBody int64
	retry   RetryPolicy
	clock   clock.Clock
}

// newCaller returns a caller; zero retry fields take their defaults.
func newCaller(hc *http.Client, userAgent string, maxBody int64, retry RetryPolicy, clk clock.Clock) *caller {
	c := &caller{hc: hc, maxBody: maxBody, retry: retry.withDefaults(), clock: clk}
	if userAgent != "" {
		c.ua = []string{userAgent}
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
	auth       *authorizer
	header     string  // fixed Authorization for mint calls; "" sends none
	secrets    secrets // removed from any text kept in an error
	respHeader *http.Header
}

// do sends x and returns the answer's data and extensions. It resends once
// with a fresh token after an Unauthorized answer, waits out rate limits
// within the policy's budget and the context, and retries transient failures
// with jittered backoff.
func (c *caller) do(ctx context.Context, x *exchange) (data, ext json.RawMessage, err error) {
	var (
		reauthed  bool
		attempt   int
		rateWaits int
		waited    time.Duration
	)
	for {
		attempt++
		url, hdr, tokSecrets, tok, err := x.target(ctx)
		if err != nil {
			return nil, nil, err
		}
		status, header, body, err := c.send(ctx, url, hdr, x.body)
		if err != nil {
			if ctx.Err() != nil || !c.transient(x, 0, err) || attempt >= c.retry.MaxAttempts {
				return nil, nil, &Error{Operation: x.op, Message: "request failed", hint: "check the endpoint and the network", err: x.secrets.with(tokSecrets).clean(err)}
			}
			if werr := c.sleep(ctx, c.backoff(attempt)); werr != nil {
				return nil, nil, &Error{Operation: x.op, Message: "request failed", err: werr}
			}
			continue
		}
		if x.respHeader != nil {
			*x.respHeader = header
		}
		data, ext, err = decodeResponse(x.op, status, header, body, x.secrets.with(tokSecrets))
		if err == nil {
			return data, ext, nil
		}
		var e *Error
		if !errors.As(err, &e) {
			return data, ext, err
		}
		nothingRan := len(data) == 0 || string(data) == "null" // resending cannot repeat an effect
		switch {
		case e.kind == ErrUnauthorized && nothingRan && x.auth != nil && !reauthed && x.auth.renew(tok):
			reauthed = true
			continue
		case e.kind == ErrRateLimited && nothingRan && c.retry.MaxRateLimitWait > 0 && rateWaits < maxRateLimitWaits:
			// Never wait less than the backoff: a tiny Retry-After must not
			// turn into a burst of requests.
			wait := max(e.RetryAfter, c.backoff(attempt+rateWaits))
			if waited+wait > c.retry.MaxRateLimitWait || !fitsDeadline(ctx, c.clock, wait) {
				return data, ext, err
			}
			if werr := c.sleep(ctx, wait); werr != nil {
				return data, ext, err
			}
			waited += wait
			rateWaits++
			attempt-- // waiting out a rate limit is not a failed attempt
			continue
		case e.kind == nil && c.transient(x, e.StatusCode, nil) && attempt < c.retry.MaxAttempts:
			if werr := c.sleep(ctx, c.backoff(attempt)); werr != nil {
				return data, ext, err
			}
			continue
		}
		return data, ext, err
	}
}

// target returns where to send x and the Authorization header values.
func (x *exchange) target(ctx context.Context) (string, []string, secrets, *Token, error) {
	if x.auth == nil {
		if x.header == "" {
			return x.endpoint, nil, nil, nil, nil
		}
		return x.endpoint, []string{x.header}, nil, nil, nil
	}
	e, err := x.auth.entry(ctx)
	if err != nil {
		return "", nil, nil, nil, err
	}
	if e.url != "" {
		return e.url, e.hdr, e.secrets, e.tok, nil
	}
	return x.endpoint, e.hdr, e.secrets, e.tok, nil
}

// send makes one HTTP attempt and reads the bounded body.
func (c *caller) send(ctx context.Context, url string, auth []string, body []byte) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header["Content-Type"] = jsonContentType
	req.Header["Accept"] = jsonAccept
	if c.ua != nil {
		req.Header["User-Agent"] = c.ua
	}
	if auth != nil {
		req.Header["Authorization"] = auth
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("reading the response: %w", err)
	}
	if int64(len(b)) > c.maxBody {
		return 0, nil, nil, errTooLarge{c.maxBody}
	}
	return resp.StatusCode, resp.Header, b, nil
}

// errTooLarge reports a response over the size limit; it is not retried.
type errTooLarge struct{ limit int64 }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("response larger than %d bytes; raise the limit with WithMaxResponseBytes", e.limit)
}

var (
	jsonContentType = []string{"application/json"}
	jsonAccept      = []string{"application/json"}
)

// transient reports whether a failure may pass on retry: for queries any 5xx
// or transport error, for mutations only 503, which Bettermode answers
// before running an operation (a 502 or 504 may come after it ran).
func (c *caller) transient(x *exchange, status int, err error) bool {
	if err != nil {
		if errors.As(err, new(errTooLarge)) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false
		}
		return !x.mutation
	}
	if status == http.StatusServiceUnavailable {
		return true
	}
	return status >= 500 && !x.mutation
}

// backoff returns the full-jitter delay before attempt+1.
func (c *caller) backoff(attempt int) time.Duration {
	d := c.retry.BaseDelay << min(attempt-1, 20)
	if d <= 0 || d > c.retry.MaxDelay {
		d = c.retry.MaxDelay
	}
	return d/2 + rand.N(d/2+1)
}

// sleep waits d on the client's clock, or returns ctx's error.
func (c *caller) sleep(ctx context.Context, d time.Duration) error {
	t := c.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func fitsDeadline(ctx context.Context, clk clock.Clock, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || clk.Now().Add(d).Before(dl)
}

// authorizer turns a source's token into header values, and remembers the
// last token so the hot path allocates nothing for it.
type authorizer struct {
	src  CredentialSource
	last atomic.Pointer[authEntry]
}

type authEntry struct {
	tok     *Token
	hdr     []string // Authorization values; shared, never modified
	url     string   // gateway URL, when the token names one
	secrets secrets  // the forms of the token's secrets
	err     error    // the gateway URL is invalid
}

func newAuthorizer(src CredentialSource) *authorizer { return &authorizer{src: src} }

func (a *authorizer) entry(ctx context.Context) (*authEntry, error) {
	tok, err := a.src.Token(ctx)
	if err != nil {
		return nil, err
	}
	if e := a.last.Load(); e != nil && e.tok == tok {
		return e, e.err
	}
	if tok == nil || tok.AccessToken == "" {
		return nil, &Error{Message: "credential source returned an empty token", kind: ErrUnauthorized, hint: "check the credential source"}
	}
	h := tok.header()
	e := &authEntry{tok: tok, hdr: []string{h}[:1:1], secrets: secretForms(tok.AccessToken, tok.RefreshToken)}
	if tok.GatewayURL != "" {
		if ep, perr := parseEndpoint(tok.GatewayURL); perr != nil {
			e.err = &Error{Operation: "limitedToken", Field: "gatewayUrl", Message: "the token's gatewayUrl is not a valid endpoint",
				kind: ErrInvalidInput, hint: "report it to Bettermode; the token was not used", err: perr}
		} else {
			e.url = ep.url.String()
		}
	}
	a.last.Store(e)
	return e, e.err
}

// renew reports whether a request that got Unauthorized with tok may be
// resent: it invalidates tok if it is still the current token of a cached
// source, or sees that the source already moved on to another token.
func (a *authorizer) renew(tok *Token) bool {
	if tok == nil {
		return false
	}
	if inv, ok := a.src.(interface{ Invalidate(*Token) bool }); ok {
		inv.Invalidate(tok)
		return true
	}
	if e := a.last.Load(); e != nil && e.tok != tok {
		return true
	}
	return false
}
