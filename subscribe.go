package bettermode

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"

	graphql "github.com/hasura/go-graphql-client"
	"github.com/hasura/go-graphql-client/pkg/jsonutil"
)

// Subscribe runs the GraphQL subscription that v's type describes (with the
// struct-tag conventions of Query) over a WebSocket, and calls handler after
// each event has been decoded into v, a pointer to a struct. handler's err
// is nil for an event with data only; it is an *Error when the event carried
// errors (v then holds any partial data) or could not be decoded, and on the
// last call when the server ends the subscription with an error. handler
// runs in Subscribe's goroutine, one event at a time, and must return
// promptly (the socket is not read meanwhile); returning an error ends
// Subscribe with that error.
//
// The socket goes to the client's endpoint (https becomes wss, http to a
// loopback host ws; see WithSubscriptionEndpoint) and carries the client's
// credentials as every request does: the upgrade request's Authorization
// header and connection_init's payload (see WithInitAuth), both from the
// client's (cached) source on every connect. The protocol is
// graphql-transport-ws unless WithProtocol says otherwise. Subscribe reopens
// the socket, resuming the subscription, when it drops (after a jittered
// backoff) and before the token it was opened with expires; events published
// while it is reopened are lost, as with any GraphQL subscription. A server
// that refuses the token gets one fresh token; a second refusal in a row
// ends Subscribe with ErrUnauthorized (ErrForbidden for close code 4403 or
// HTTP 403). See WithReconnectHook and WithSubscriptionLogger to watch
// reconnects.
//
// Subscribe blocks until ctx ends or the server completes the
// subscription, and then returns nil, or until a fatal error, which it
// returns. When ctx ends before any socket was acknowledged, the error
// matches ctx's and carries the last connection error (see Run). To run many subscriptions over one socket, use Subscriptions.
func (c *Client) Subscribe(ctx context.Context, v any, variables map[string]any, handler func(err error) error, opts ...SubscribeOption) error {
	if err := c.check(ctx); err != nil {
		return err
	}
	s, err := c.Subscriptions(opts...)
	if err != nil {
		return err
	}
	if _, err := s.add(v, variables, handler, true); err != nil {
		return err
	}
	return s.Run(ctx)
}

// Subscriptions runs many subscriptions over one WebSocket (see
// Client.Subscribe for the credentials, reconnects and handlers). Add
// subscriptions with Subscribe, before or while Run runs; Run opens the
// socket and keeps it open until its context ends or Close is called. Its
// methods are safe for concurrent use, and may be called from handlers.
type Subscriptions struct {
	c        *Client
	cfg      subConfig
	stop     chan struct{} // closed by Close, or when Run must end
	stopOnce sync.Once

	mu     sync.Mutex
	state  int // subNew, subRunning, subDone
	subs   map[string]*subscription
	nextID uint64
	live   *wsConn // the acknowledged socket, or nil
	ended  bool    // a single subscription ended, or a handler failed
	endErr error   // Run's result then

	lastReconnect ReconnectEvent // for the observer's next connect (observe.go); Run's goroutine only
	// Run's goroutine only:
	acked   bool  // a socket was acknowledged
	lastErr error // the last connect's error (clean), for neverConnected
}

const (
	subNew = iota
	subRunning
	subDone
)

// subscription is one subscription of a Subscriptions.
type subscription struct {
	id      string
	n       uint64          // order of subscription
	op      string          // the root field, for errors
	payload json.RawMessage // {query, variables}
	v       any
	handler func(error) error
	single  bool // Client.Subscribe: its end ends Run
}

// Subscriptions returns an idle set of subscriptions over one socket of
// the client's, configured by opts. Invalid options and an endpoint that
// may not carry credentials fail here, with errors matching
// ErrInvalidInput.
func (c *Client) Subscriptions(opts ...SubscribeOption) (*Subscriptions, error) {
	if err := c.check(context.Background()); err != nil {
		return nil, err
	}
	cfg := defaultSubConfig()
	for _, o := range opts {
		if o == nil {
			return nil, subOptionError("a subscribe option is nil", "remove it")
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.initParams != nil {
		if _, err := json.Marshal(cfg.initParams); err != nil {
			return nil, &Error{Operation: "Subscriptions", Field: "init payload", Message: "cannot encode the init payload", kind: ErrInvalidInput,
				hint: "pass values encoding/json can encode", err: secrets(nil).clean(err)}
		}
	}
	s := &Subscriptions{c: c, cfg: cfg, stop: make(chan struct{}), subs: map[string]*subscription{}}
	if _, err := s.target(nil); err != nil {
		return nil, err
	}
	return s, nil
}

// Subscribe adds the subscription that v's type describes, with handler
// (see Client.Subscribe), and returns its id. Before Run it waits for the
// socket; during Run it starts at once. A subscription the server completes
// is removed; one it ends with an error is removed after handler got the
// error. A handler that returns an error ends Run with it; to stop one
// subscription, call Unsubscribe.
func (s *Subscriptions) Subscribe(v any, variables map[string]any, handler func(err error) error) (string, error) {
	return s.add(v, variables, handler, false)
}

var errSubscriptionsClosed = &Error{Operation: "subscribe", Message: "the subscriptions were closed", kind: ErrClosed,
	hint: "make a new set with Client.Subscriptions"}

func (s *Subscriptions) add(v any, variables map[string]any, handler func(error) error, single bool) (string, error) {
	const op = "subscribe"
	if s == nil {
		return "", &Error{Operation: op, Message: "the Subscriptions is nil", kind: ErrInvalidInput, hint: "create it with Client.Subscriptions"}
	}
	if handler == nil {
		return "", &Error{Operation: op, Message: "the handler is nil", kind: ErrInvalidInput, hint: "pass a function called for each event"}
	}
	if rv := reflect.ValueOf(v); rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return "", &Error{Operation: op, Message: fmt.Sprintf("the result must be a non-nil pointer to a struct, not %T", v), kind: ErrInvalidInput, hint: "pass &sub"}
	}
	for name, val := range variables {
		if val == nil {
			return "", &Error{Operation: op, Field: name, Message: fmt.Sprintf("variable %q is an untyped nil", truncate(name, 64)), kind: ErrInvalidInput,
				hint: "pass a typed nil, such as (*string)(nil), so that its GraphQL type is known"}
		}
	}
	doc, _, err := graphql.ConstructSubscription(v, variables)
	if err != nil {
		return "", &Error{Operation: op, Message: "cannot build the subscription from the Go type", kind: ErrInvalidInput, hint: "check the struct's graphql tags", err: secrets(nil).clean(err)}
	}
	payload, err := json.Marshal(gqlRequest{Query: doc, Variables: variables})
	if err != nil {
		return "", &Error{Operation: op, Message: "cannot encode the variables", kind: ErrInvalidInput, hint: "pass values encoding/json can encode", err: secrets(nil).clean(err)}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == subDone || s.isStopped() {
		return "", errSubscriptionsClosed
	}
	s.nextID++
	sub := &subscription{id: strconv.FormatUint(s.nextID, 10), n: s.nextID, op: rootField(reflect.TypeOf(v)), payload: payload, v: v, handler: handler, single: single}
	s.subs[sub.id] = sub
	if s.live != nil {
		_ = s.live.send(wsMessage{ID: sub.id, Type: s.live.proto.start, Payload: sub.payload}) // a failed socket is reopened, and resubscribes
	}
	return sub.id, nil
}

// Unsubscribe stops the subscription id. An unknown id (or one that ended)
// is an error matching ErrNotFound.
func (s *Subscriptions) Unsubscribe(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.subs[id]; !ok {
		return &Error{Operation: "unsubscribe", Message: "no running subscription has this id", kind: ErrNotFound, hint: "pass an id Subscribe returned"}
	}
	delete(s.subs, id)
	if s.live != nil {
		_ = s.live.send(wsMessage{ID: id, Type: s.live.proto.stop})
	}
	return nil
}

// Close ends Run, which closes the socket and returns nil; later calls of
// Subscribe and Run fail with ErrClosed. It does not wait for Run to
// return. Close is idempotent and returns nil.
func (s *Subscriptions) Close() error {
	s.mu.Lock()
	if s.state == subNew {
		s.state = subDone
	}
	s.mu.Unlock()
	s.stopOnce.Do(func() { close(s.stop) })
	return nil
}

func (s *Subscriptions) isStopped() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

// finish ends Run with err (nil: without error), unless it ended already.
func (s *Subscriptions) finish(err error) {
	s.mu.Lock()
	if !s.ended {
		s.ended, s.endErr = true, err
	}
	s.mu.Unlock()
	s.stopOnce.Do(func() { close(s.stop) })
}

// Run opens the socket, starts the subscriptions and serves their events
// until ctx ends, Close is called or the client is closed (it then returns
// nil, or ErrClosed for the client), or a fatal error, which it returns:
// credentials refused twice in a row (ErrUnauthorized, or ErrForbidden),
// credentials the source cannot give (its error), a protocol the server does
// not speak, or a handler's error. Drops are retried with backoff for as
// long as ctx lasts. When ctx ends before any socket was acknowledged, Run
// returns an *Error matching ctx's error (errors.Is) that carries the last
// connection error, scrubbed. Run may be called once.
func (s *Subscriptions) Run(ctx context.Context) error {
	if err := s.c.check(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	if s.state != subNew {
		s.mu.Unlock()
		return &Error{Operation: "subscribe", Message: "Run was called after it ran or after Close", kind: ErrClosed, hint: "call Run once; make a new set with Client.Subscriptions"}
	}
	s.state = subRunning
	s.mu.Unlock()

	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-s.stop:
		case <-s.c.done:
		case <-rctx.Done():
		}
		cancel()
	}()
	err := s.loop(rctx)
	cancel()
	wg.Wait()

	s.mu.Lock()
	s.state = subDone
	ended, endErr := s.ended, s.endErr
	s.mu.Unlock()
	s.stopOnce.Do(func() { close(s.stop) })
	switch {
	case err != nil:
		return err
	case ended:
		return endErr
	}
	select {
	case <-s.c.done:
		return ErrClosed
	default:
	}
	if ctx.Err() != nil && !s.acked {
		return s.neverConnected(ctx.Err())
	}
	return nil
}

// neverConnected is Run's error when ctx ended before any socket was
// acknowledged: it matches ctx's error, and carries the last connection
// error, so that a wrong endpoint does not pass for a quiet subscription.
func (s *Subscriptions) neverConnected(ctxErr error) error {
	e := &Error{Operation: "subscribe", Message: "no socket was acknowledged before the context ended", hint: "check the endpoint and the network", err: ctxErr}
	if s.lastErr != nil {
		e.err = fmt.Errorf("%w; last attempt: %w", ctxErr, s.lastErr)
	}
	return e
}

const (
	// stableAfter is how long an acknowledged socket must stay up for its
	// drop to count as a first failure again (a server that acknowledges
	// and drops at once still meets a growing backoff).
	stableAfter = time.Second
	// refusalsForgotten is how long an acknowledged socket must stay up for
	// a refusal to count as a first one again: a server that refuses every
	// fresh token soon after acknowledging it must not cost a mint a second.
	refusalsForgotten = 30 * time.Second
)

// loop connects, serves and reconnects until ctx ends or a fatal error.
func (s *Subscriptions) loop(ctx context.Context) error {
	var (
		failures, refusals int
		prev               *Token // the token of a socket closed for its expiry
	)
	for {
		cn, end := s.observedConnect(ctx, prev) // observe.go
		prev = nil
		lived := time.Duration(-1)
		if end != nil && end.err != nil {
			s.lastErr = end.err
		}
		if end == nil {
			s.acked = true
			end = s.serve(ctx, cn)
			lived = time.Since(cn.opened)
			if end.kind != endRefused || lived >= refusalsForgotten {
				refusals = 0 // refused right after connection_ack counts as refused in a row
			}
			switch end.kind {
			case endDropped:
				if lived >= stableAfter {
					failures = 0
				}
			case endExpiring:
				prev = cn.tok
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		switch end.kind {
		case endStopped:
			return nil
		case endFatal:
			s.log(ctx, slog.LevelWarn, "bettermode: subscriptions stopped", slog.Any("error", end.err))
			return end.err
		case endExpiring:
			// Closed on purpose before its token expired: no failure, no
			// backoff (the next connect takes a token that is not stale).
			failures = 0
			s.reconnecting(ctx, ReconnectEvent{Reason: ReconnectTokenExpiring})
		case endRefused:
			refusals++
			renewed := s.c.src != nil && s.c.auth.renew(s.c.src, end.tok)
			if refusals > 1 || !renewed {
				err := end.refusal(refusals > 1, s.c.src != nil)
				s.log(ctx, slog.LevelWarn, "bettermode: subscription credentials refused", slog.Any("error", err))
				return err
			}
			s.reconnecting(ctx, ReconnectEvent{Reason: ReconnectRefused, Attempt: refusals, Code: end.code, Err: end.err})
		default: // endDropped
			failures++
			d := max(s.backoff(failures), end.wait) // never sooner than the server asked
			s.reconnecting(ctx, ReconnectEvent{Reason: ReconnectDropped, Attempt: failures, Delay: d, Code: end.code, Err: end.err})
			if sleep(ctx, d) != nil {
				return nil
			}
		}
	}
}

// reconnecting reports ev to the hook and the logger.
func (s *Subscriptions) reconnecting(ctx context.Context, ev ReconnectEvent) {
	s.lastReconnect = ev
	if s.cfg.hook != nil {
		s.cfg.hook(ev)
	}
	level := slog.LevelInfo
	if ev.Reason == ReconnectRefused {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{slog.String("reason", string(ev.Reason)), slog.Int("attempt", ev.Attempt), slog.Duration("delay", ev.Delay)}
	if ev.Code != 0 {
		attrs = append(attrs, slog.Int("code", ev.Code))
	}
	if ev.Err != nil {
		attrs = append(attrs, slog.Any("error", ev.Err))
	}
	s.log(ctx, level, "bettermode: subscription socket reconnecting", attrs...)
}

func (s *Subscriptions) log(ctx context.Context, level slog.Level, msg string, attrs ...slog.Attr) {
	if s.cfg.logger != nil {
		s.cfg.logger.LogAttrs(context.WithoutCancel(ctx), level, msg, attrs...)
	}
}

// backoff returns the wait after the nth consecutive failure: base doubled
// per failure up to max, with equal jitter.
func (s *Subscriptions) backoff(n int) time.Duration {
	return jitteredBackoff(n, s.cfg.backoffBase, s.cfg.backoffMax, rand.Float64)
}

// target returns the WebSocket URL for a socket carrying e's token: the
// subscription endpoint if one was given, else the token's gateway, else
// the client's endpoint, each asked of the one rule of where credentials
// may go.
func (s *Subscriptions) target(e *authEntry) (string, error) {
	base, allowed := s.c.endpointURL, []*url.URL{s.c.endpointURL}
	if e != nil && e.url != "" {
		if gw, err := url.Parse(e.url); err == nil {
			base, allowed = gw, append(allowed, gw)
		}
	}
	if s.cfg.endpoint != nil {
		base, allowed = s.cfg.endpoint, append(allowed, s.cfg.endpoint)
	}
	if !mayCarryCredentials(base, allowed...) {
		return "", &Error{Operation: "subscribe", Field: "subscription endpoint", Message: "credentials may not be sent to the subscription endpoint",
			kind: ErrInvalidInput, hint: "use wss (https), or plain ws (http) only to a loopback host"}
	}
	u := *base
	switch u.Scheme {
	case "https":
		u.Scheme = "wss"
	case "http":
		u.Scheme = "ws"
	}
	return u.String(), nil
}

// sortedSubs returns the subscriptions in the order they were added. s.mu is held.
func (s *Subscriptions) sortedSubs() []*subscription {
	out := make([]*subscription, 0, len(s.subs))
	for _, sub := range s.subs {
		out = append(out, sub)
	}
	slices.SortFunc(out, func(a, b *subscription) int { return cmp.Compare(a.n, b.n) })
	return out
}

// lookup returns the subscription id, or nil.
func (s *Subscriptions) lookup(id string) *subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subs[id]
}

// remove removes the subscription id and returns it, or nil.
func (s *Subscriptions) remove(id string) *subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.subs[id]
	delete(s.subs, id)
	return sub
}

// deliver decodes an event into its subscription's value and calls the handler.
func (s *Subscriptions) deliver(cn *wsConn, m wsMessage) {
	sub := s.lookup(m.ID)
	if sub == nil {
		return
	}
	var herr error
	var wr wireResponse
	if err := json.Unmarshal(m.Payload, &wr); err != nil {
		herr = &Error{Operation: sub.op, Message: "the event is not valid GraphQL JSON", hint: "check that the endpoint is a GraphQL subscription endpoint", err: cn.secrets.clean(err)}
	} else {
		if len(wr.Data) > 0 && string(wr.Data) != "null" {
			rv := reflect.ValueOf(sub.v).Elem()
			rv.SetZero() // an event replaces the last one, lists included
			if err := jsonutil.UnmarshalGraphQL(wr.Data, sub.v); err != nil {
				herr = &Error{Operation: sub.op, Message: "cannot decode the event into the Go type", hint: "check that the struct matches the schema", err: cn.secrets.clean(err)}
			}
		}
		if len(wr.Errors) > 0 {
			herr = apiError(sub.op, 0, nil, wr.Errors, cn.secrets)
		}
	}
	if err := sub.handler(herr); err != nil {
		s.finish(err)
	}
}

// failed ends the subscription of an error message, after its handler got the error.
func (s *Subscriptions) failed(cn *wsConn, m wsMessage) {
	sub := s.remove(m.ID)
	if sub == nil {
		return
	}
	err := payloadError(sub.op, m.Payload, cn.secrets)
	if herr := sub.handler(err); herr != nil {
		s.finish(herr)
		return
	}
	if sub.single {
		s.finish(err)
	}
}

// completed removes a subscription the server completed.
func (s *Subscriptions) completed(m wsMessage) {
	if sub := s.remove(m.ID); sub != nil && sub.single {
		s.finish(nil)
	}
}

// payloadError turns the payload of an error message (a list of GraphQL
// errors, or one) into an *Error.
func payloadError(op string, payload json.RawMessage, ss secrets) *Error {
	var list []wireError
	if json.Unmarshal(payload, &list) != nil || len(list) == 0 {
		var one wireError
		if json.Unmarshal(payload, &one) == nil && one.Message != "" {
			list = []wireError{one}
		}
	}
	if len(list) == 0 {
		return &Error{Operation: op, Message: "the server ended the subscription with an error", hint: "check the subscription against the schema"}
	}
	e := apiError(op, 0, nil, list, ss)
	if e.kind == nil {
		e.hint = "the server ended the subscription; check it against the schema"
	}
	return e
}
