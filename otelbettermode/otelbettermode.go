// Package otelbettermode instruments a bettermode client with OpenTelemetry:
// a span per GraphQL operation, token fetch, wait and subscription socket,
// W3C trace context on every request, and metrics for request durations,
// token fetches, waits, reconnects and bytes received. It is to the client
// what otelhttp is to net/http; the root package never imports
// OpenTelemetry.
//
//	c, err := bettermode.NewClient(
//		bettermode.WithCredentials(creds),
//		otelbettermode.Instrument(), // the global providers and propagator
//	)
//
// # Spans
//
//   - "query authMember" (kind client) per operation, the sources' mints
//     ("query Tokens", "mutation LoginNetwork", "query LimitedToken")
//     included, with graphql.operation.name and graphql.operation.type (from
//     the document: the operation's name, else its first root field),
//     server.address, server.port, http.response.status_code of the last
//     answer and the number of attempts; on failure error.type, the status
//     Error and bettermode.error.code (Bettermode's code, such as "104").
//     Each HTTP request after the first is an event "attempt" with its
//     number, reason (retry, reauth, rate limited), status and body size,
//     and bettermode.attempts counts them all when there were several.
//   - "token member" (guest, app, oauth, custom) per fetch of the client's
//     token cache, with bettermode.token.kind, bettermode.token.refresh and
//     bettermode.token.event (minted, refreshed, rotated, refresh failed and
//     any event the cache adds); the mints it makes are its children.
//   - "budget wait", "backoff wait", "rate limit wait" per wait.
//   - "subscription connect" (kind client) per socket opened, with
//     bettermode.subscription.reconnect and the reconnect's reason.
//
// # Metrics
//
//   - http.client.request.duration (s) per HTTP request and
//     http.client.response.body.size (By), by operation, server, status and
//     error.type;
//   - bettermode.client.operation.duration (s) by operation,
//     bettermode.outcome (ok, error) and error.type: its count is the
//     count of operations by outcome;
//   - bettermode.token.fetches by token kind, event and outcome;
//   - bettermode.client.wait.duration (s) by wait kind (budget, backoff,
//     rate limit) and outcome;
//   - bettermode.subscription.connects by outcome and
//     bettermode.subscription.reconnects by reason.
//
// # Nothing secret, nothing unbounded
//
// No attribute, event or span name holds a token, password, client secret,
// variable value, error message or document text; the document goes into
// graphql.document only with WithDocument, scrubbed by the client. Operation
// names come from the documents the program sends, and at most
// WithMaxOperationNames distinct ones (default 256) are reported: later ones
// are "_OTHER".
package otelbettermode

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/bettermode-go/bettermode"
)

// ScopeName is the instrumentation scope of the tracer and the meter.
const ScopeName = "github.com/bettermode-go/bettermode/otelbettermode"

// Option configures New.
type Option func(*config)

type config struct {
	tp       trace.TracerProvider
	mp       metric.MeterProvider
	prop     propagation.TextMapPropagator
	document bool
	maxNames int
}

// WithTracerProvider sets the provider of spans; the default (or nil) is
// otel.GetTracerProvider() at the time New is called.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider sets the provider of metrics; the default (or nil) is
// otel.GetMeterProvider() at the time New is called.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// WithPropagators sets how trace context goes onto requests; the default
// (or nil) is otel.GetTextMapPropagator() at the time New is called (set it
// to propagation.TraceContext{} for W3C traceparent headers).
func WithPropagators(p propagation.TextMapPropagator) Option {
	return func(c *config) { c.prop = p }
}

// WithDocument adds each operation's document, scrubbed of the client's
// secrets, as graphql.document to its span. The default leaves it out: a
// document written by hand may hold values inlined in it.
func WithDocument() Option {
	return func(c *config) { c.document = true }
}

// WithMaxOperationNames bounds the distinct operation names reported; later
// names are "_OTHER". The default is 256; n <= 0 keeps it.
func WithMaxOperationNames(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxNames = n
		}
	}
}

// Instrument returns the client option that installs New(opts...).
func Instrument(opts ...Option) bettermode.Option {
	return bettermode.WithObserver(New(opts...))
}

// Observer is a bettermode.Observer reporting to OpenTelemetry. It is safe
// for concurrent use and may be shared by several clients.
type Observer struct {
	tracer   trace.Tracer
	prop     propagation.TextMapPropagator
	document bool
	names    nameSet
	m        instruments
	sets     setCache
}

var _ bettermode.DocumentObserver = (*Observer)(nil)

// New returns an Observer configured by opts, for bettermode.WithObserver.
func New(opts ...Option) *Observer {
	cfg := config{maxNames: 256}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.tp == nil {
		cfg.tp = otel.GetTracerProvider()
	}
	if cfg.mp == nil {
		cfg.mp = otel.GetMeterProvider()
	}
	if cfg.prop == nil {
		cfg.prop = otel.GetTextMapPropagator()
	}
	o := &Observer{
		tracer:   cfg.tp.Tracer(ScopeName, trace.WithInstrumentationVersion(bettermode.Version)),
		prop:     cfg.prop,
		document: cfg.document,
		names:    nameSet{max: int64(cfg.maxNames)},
	}
	o.m.init(cfg.mp.Meter(ScopeName, metric.WithInstrumentationVersion(bettermode.Version)))
	return o
}

// ObserveDocuments reports whether WithDocument was given.
func (o *Observer) ObserveDocuments() bool { return o.document }

// Inject puts the trace context of ctx into h.
func (o *Observer) Inject(ctx context.Context, h http.Header) {
	o.prop.Inject(ctx, propagation.HeaderCarrier(h))
}

// nameSet admits at most max distinct operation names.
type nameSet struct {
	max  int64
	n    atomic.Int64
	seen sync.Map
}

// otherName replaces names past the bound.
const otherName = "_OTHER"

func (s *nameSet) bound(name string) string {
	if name == "" {
		return ""
	}
	if _, ok := s.seen.Load(name); ok {
		return name
	}
	if s.n.Add(1) > s.max {
		s.n.Add(-1)
		return otherName
	}
	if _, loaded := s.seen.LoadOrStore(name, struct{}{}); loaded {
		s.n.Add(-1)
	}
	return name
}
