package bettermode

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Observer sees what a client does, for tracers and meters (package
// otelbettermode adapts OpenTelemetry to it): every GraphQL operation, the
// sources' token mints included, each HTTP attempt of it, each wait (the
// rate budget, a retry's backoff, a rate limit), each token fetch of the
// client's cache and each subscription socket it opens. Install it with
// WithObserver; without one nothing is observed and nothing is spent on it.
//
// Each Start method is called when the work starts and returns the func the
// client calls once when it ends (a nil func is allowed); those returning a
// context return the one the work goes on with, so that nested work (the
// token fetch an operation waits on, the mints of that fetch) is started
// with it. Inject may add headers to every outgoing request and WebSocket
// upgrade (W3C trace context, say).
//
// Nothing handed to an Observer holds a token, password, client secret or
// variable value: operations are named from their document (see
// OperationInfo), never by free text, and the document itself is handed over
// only to a DocumentObserver that asks for it, scrubbed. Errors are the
// client's, scrubbed as every error it returns is, but may hold text the
// server wrote; keep them out of telemetry unless you know their text.
//
// An Observer is called concurrently from many goroutines; it must be safe
// for concurrent use, return quickly and never panic.
type Observer interface {
	// StartOperation is called when an operation starts.
	StartOperation(ctx context.Context, op OperationInfo) (context.Context, func(OperationEnd))
	// StartAttempt is called before each HTTP request of an operation.
	StartAttempt(ctx context.Context, a AttemptInfo) (context.Context, func(AttemptEnd))
	// Inject may add headers to h, the headers of a request or WebSocket
	// upgrade about to be sent with ctx. It must not remove or change the
	// headers the client set.
	Inject(ctx context.Context, h http.Header)
	// StartWait is called before a wait: the rate budget (WaitBudget), a
	// retry's backoff (WaitBackoff), a rate limit's Retry-After
	// (WaitRateLimit). The func gets the wait's error: nil when it ran its
	// course, ctx's error or the budget's refusal otherwise.
	StartWait(ctx context.Context, w WaitInfo) func(error)
	// StartTokenFetch is called when the client's token cache starts a
	// fetch from its source; the func gets the event WithTokenHook gets.
	StartTokenFetch(ctx context.Context, f TokenFetchInfo) (context.Context, func(TokenEvent))
	// StartConnect is called before a subscription socket is opened; the
	// func gets nil once the server acknowledged it, or why it failed.
	StartConnect(ctx context.Context, c ConnectInfo) (context.Context, func(error))
}

// DocumentObserver is an Observer that also wants each operation's
// document in OperationInfo.Document. The document is scrubbed of every
// form of the secrets the client knows for the operation, and of anything
// shaped like a JWT, but a document written by hand may still hold values
// inlined in it: opt in only for documents whose text you control.
type DocumentObserver interface {
	Observer
	// ObserveDocuments reports whether to hand over documents; it is asked
	// once, by WithObserver.
	ObserveDocuments() bool
}

// OperationInfo describes a GraphQL operation. Type and Name come from the
// operation's document (the code's, not the data's), so that they take few
// values: fit for span names and metric attributes.
type OperationInfo struct {
	// Type is "query", "mutation" or "subscription"; "" if the document
	// could not be read.
	Type string
	// Name is the operation's name in the document (its operationName when
	// the document holds several), else the root field it selects first,
	// such as "authMember"; a GraphQL name of at most 64 bytes, or "".
	Name string
	// ServerAddress is the endpoint's host.
	ServerAddress string
	// ServerPort is the endpoint's port, given or the scheme's.
	ServerPort int
	// Document is the document, scrubbed, for a DocumentObserver that asked
	// for it; "" otherwise.
	Document string
}

// OperationEnd describes how an operation ended.
type OperationEnd struct {
	// Err is the operation's error, nil on success. Its *Error (errors.As)
	// has Bettermode's Code and the HTTP status.
	Err error
	// StatusCode is the HTTP status of the last answer, 0 if none came.
	StatusCode int
	// Attempts is the number of HTTP requests sent.
	Attempts int
}

// AttemptReason says why an HTTP request of an operation is sent.
type AttemptReason string

// The reasons of an attempt.
const (
	// AttemptFirst: the operation's first request.
	AttemptFirst AttemptReason = "first"
	// AttemptRetry: after a 5xx answer or a transport error, and a backoff.
	AttemptRetry AttemptReason = "retry"
	// AttemptReauth: after an Unauthorized answer, with a fresh token.
	AttemptReauth AttemptReason = "reauth"
	// AttemptRateLimited: after a rate limit's wait.
	AttemptRateLimited AttemptReason = "rate limited"
)

// AttemptInfo describes one HTTP request of an operation.
type AttemptInfo struct {
	// N counts the operation's requests, from 1.
	N int
	// Reason says why it is sent.
	Reason AttemptReason
	// ServerAddress is the host it goes to (an app token's gateway,
	// perhaps).
	ServerAddress string
	// ServerPort is the port it goes to, given or the scheme's.
	ServerPort int
}

// AttemptEnd describes the outcome of one HTTP request.
type AttemptEnd struct {
	// StatusCode is the answer's HTTP status, 0 if none came.
	StatusCode int
	// BytesReceived is the length of the answer's body as read.
	BytesReceived int64
	// Err is the transport's error (the answer is decoded afterwards; a
	// GraphQL error shows in OperationEnd).
	Err error
}

// WaitKind says what a request waits for.
type WaitKind string

// The kinds of waits.
const (
	// WaitBudget: the client-side rate budget (WithRateBudget).
	WaitBudget WaitKind = "budget"
	// WaitBackoff: the backoff before a retry.
	WaitBackoff WaitKind = "backoff"
	// WaitRateLimit: the wait a rate-limit answer asked for.
	WaitRateLimit WaitKind = "rate limit"
)

// WaitInfo describes a wait.
type WaitInfo struct {
	// Kind says what is waited for.
	Kind WaitKind
	// Delay is how long the wait is planned to last; 0 for the budget,
	// whose wait is known only to it.
	Delay time.Duration
}

// TokenFetchInfo describes a fetch of a token cache.
type TokenFetchInfo struct {
	// Kind is the source's: KindGuest, KindMember, KindApp, KindOAuth, or
	// KindCustom for any other.
	Kind TokenKind
	// Refresh says a token is being replaced (stale, expired or rejected).
	Refresh bool
}

// ConnectInfo describes the opening of a subscription socket.
type ConnectInfo struct {
	// Reconnect says a socket is reopened, after the ReconnectEvent whose
	// Reason, Attempt and Code follow; false for Run's first socket.
	Reconnect bool
	// Reason is why the socket is reopened.
	Reason ReconnectReason
	// Attempt is the ReconnectEvent's Attempt: the failures in a row.
	Attempt int
	// Code is the close code of the socket that ended, if it had one.
	Code int
	// Protocol is the WebSocket subprotocol's name.
	Protocol string
}

// WithObserver makes the client report its work to o (see Observer): its
// operations, token fetches (with the client's own token cache) and
// subscription sockets. The default is no observer, which costs nothing.
func WithObserver(o Observer) Option {
	return func(c *config) error {
		if err := c.once("WithObserver"); err != nil {
			return err
		}
		if isNil(o) {
			return &Error{Operation: "NewClient", Field: "observer", Message: "observer is nil", kind: ErrInvalidInput, hint: "pass an Observer or leave the option out"}
		}
		c.obs = &observer{Observer: o}
		if d, ok := o.(DocumentObserver); ok {
			c.obs.documents = d.ObserveDocuments()
		}
		return nil
	}
}

// observer is a client's Observer and what it asked for.
type observer struct {
	Observer
	documents bool
}

// opState is what the attempts of one observed operation share.
type opState struct {
	attempts int
	next     AttemptReason // set by a wait; "" after an attempt: a reauth
	status   int
}

type opStateKey struct{}

// observedDo is do, observed as one operation.
func (c *caller) observedDo(ctx context.Context, x *exchange) (data, ext json.RawMessage, err error) {
	info := OperationInfo{}
	info.Type, info.Name = operationOf(x.body)
	info.ServerAddress, info.ServerPort = hostPort(x.endpoint)
	if c.obs.documents {
		var req struct {
			Query string `json:"query"`
		}
		if json.Unmarshal(x.body, &req) == nil {
			sc := Scrubber{ss: x.secrets.with(knownSecrets(x.src))}
			if x.auth != nil {
				if e := x.auth.last.Load(); e != nil {
					sc.ss = sc.ss.with(e.secrets)
				}
			}
			info.Document = sc.String(req.Query)
		}
	}
	x.observed = true // x is not stored: it stays on its caller's stack
	st := &opState{next: AttemptFirst}
	octx, end := c.obs.StartOperation(ctx, info)
	data, ext, err = c.do(context.WithValue(octx, opStateKey{}, st), x)
	if end != nil {
		end(OperationEnd{Err: err, StatusCode: st.status, Attempts: st.attempts})
	}
	return data, ext, err
}

// attempt is send, observed as an attempt of the operation in ctx.
func (c *caller) attempt(ctx context.Context, url string, auth []string, body []byte) (int, http.Header, []byte, error) {
	if c.obs == nil {
		return c.send(ctx, url, auth, body)
	}
	st, _ := ctx.Value(opStateKey{}).(*opState)
	if st == nil {
		st = &opState{next: AttemptFirst}
	}
	st.attempts++
	info := AttemptInfo{N: st.attempts, Reason: st.next}
	if info.Reason == "" {
		info.Reason = AttemptReauth // the one resend without a wait
	}
	st.next = ""
	info.ServerAddress, info.ServerPort = hostPort(url)
	actx, end := c.obs.StartAttempt(ctx, info)
	status, header, b, err := c.send(actx, url, auth, body)
	st.status = status
	if end != nil {
		end(AttemptEnd{StatusCode: status, BytesReceived: int64(len(b)), Err: err})
	}
	return status, header, b, err
}

// inject lets the observer add headers to an outgoing request.
func (c *caller) inject(ctx context.Context, h http.Header) {
	if c.obs != nil {
		c.obs.Inject(ctx, h)
	}
}

// wait is sleep, observed.
func (c *caller) wait(ctx context.Context, kind WaitKind, d time.Duration) error {
	if c.obs == nil {
		return c.sleep(ctx, d)
	}
	if st, _ := ctx.Value(opStateKey{}).(*opState); st != nil {
		st.next = AttemptRetry
		if kind == WaitRateLimit {
			st.next = AttemptRateLimited
		}
	}
	end := c.obs.StartWait(ctx, WaitInfo{Kind: kind, Delay: d})
	err := c.sleep(ctx, d)
	if end != nil {
		end(err)
	}
	return err
}

// budgetWait is the rate budget's Wait, observed.
func (c *caller) budgetWait(ctx context.Context, cost int) error {
	if c.obs == nil {
		return c.budget.Wait(ctx, cost)
	}
	end := c.obs.StartWait(ctx, WaitInfo{Kind: WaitBudget})
	err := c.budget.Wait(ctx, cost)
	if end != nil {
		end(err)
	}
	return err
}

// noFetchEnd ends an unobserved fetch.
func noFetchEnd(TokenEvent) {}

// startFetch starts observing a fetch of the cache of src; prev is the
// token it replaces, if any.
func (c *cacheConfig) startFetch(ctx context.Context, src CredentialSource, prev *Token) (context.Context, func(TokenEvent)) {
	if c.obs == nil {
		return ctx, noFetchEnd
	}
	fctx, end := c.obs.StartTokenFetch(ctx, TokenFetchInfo{Kind: sourceKind(src), Refresh: prev != nil})
	if end == nil {
		end = noFetchEnd
	}
	return fctx, end
}

// observedConnect is connect, observed.
func (s *Subscriptions) observedConnect(ctx context.Context, prev *Token) (*wsConn, *connEnd) {
	o := s.c.caller.obs
	if o == nil {
		return s.connect(ctx, prev)
	}
	ev := s.lastReconnect
	s.lastReconnect = ReconnectEvent{}
	cctx, end := o.StartConnect(ctx, ConnectInfo{Reconnect: ev.Reason != "", Reason: ev.Reason, Attempt: ev.Attempt, Code: ev.Code,
		Protocol: string(s.cfg.protocol.name)})
	cn, ce := s.connect(cctx, prev)
	if end != nil {
		var err error
		if ce != nil {
			err = ce.err
			if err == nil {
				err = ErrClosed // stopped while connecting
			}
		}
		end(err)
	}
	return cn, ce
}

// hostPort returns the host and port of an absolute URL without parsing
// (and allocating): the port given, or the scheme's.
func hostPort(u string) (string, int) {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return "", 0
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	host, port := rest, ""
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.Contains(rest[i:], "]") {
		host, port = rest[:i], rest[i+1:]
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 1<<16 {
		return host, n
	}
	switch strings.ToLower(scheme) {
	case "https", "wss":
		return host, 443
	case "http", "ws":
		return host, 80
	}
	return host, 0
}
