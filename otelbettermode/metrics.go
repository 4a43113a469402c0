package otelbettermode

import (
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// instruments are the Observer's metrics.
type instruments struct {
	reqDuration  metric.Float64Histogram // http.client.request.duration
	bodySize     metric.Int64Histogram   // http.client.response.body.size
	opDuration   metric.Float64Histogram
	tokenFetches metric.Int64Counter
	waitDuration metric.Float64Histogram
	connects     metric.Int64Counter
	reconnects   metric.Int64Counter
}

// durationBuckets are the semantic conventions' advice for
// http.client.request.duration, in seconds.
var durationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// init makes the instruments. A meter that fails to make one gives a no-op
// instrument (the API's contract), so errors are not fatal.
func (m *instruments) init(meter metric.Meter) {
	m.reqDuration, _ = meter.Float64Histogram("http.client.request.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of HTTP client requests."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	m.bodySize, _ = meter.Int64Histogram("http.client.response.body.size", metric.WithUnit("By"),
		metric.WithDescription("Size of HTTP client response bodies."))
	m.opDuration, _ = meter.Float64Histogram("bettermode.client.operation.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of GraphQL operations, retries and waits included; its count counts them."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	m.tokenFetches, _ = meter.Int64Counter("bettermode.token.fetches", metric.WithUnit("{fetch}"),
		metric.WithDescription("Token fetches of the client's token cache, by kind, event and outcome."))
	m.waitDuration, _ = meter.Float64Histogram("bettermode.client.wait.duration", metric.WithUnit("s"),
		metric.WithDescription("Time requests waited for the rate budget, a retry's backoff or a rate limit."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	m.connects, _ = meter.Int64Counter("bettermode.subscription.connects", metric.WithUnit("{connect}"),
		metric.WithDescription("Subscription sockets opened, by outcome."))
	m.reconnects, _ = meter.Int64Counter("bettermode.subscription.reconnects", metric.WithUnit("{reconnect}"),
		metric.WithDescription("Subscription sockets reopened, by reason."))
}

// setKey identifies a metric attribute set: the values the sets of this
// package vary by, each from a bounded set.
type setKey struct {
	name, typ, addr, errType string
	port, status             int
	attempt                  bool // an attempt's set, else an operation's
}

// maxSets bounds the cache of attribute sets; past it, sets are built per
// measurement.
const maxSets = 4096

// setCache keeps the measurement options of the attribute sets in use, so
// that a measurement does not sort and copy its attributes each time.
type setCache struct {
	mu   sync.RWMutex
	sets map[setKey]metric.MeasurementOption
}

// get returns the option for k, built by attrs on first use.
func (c *setCache) get(k setKey, attrs func() []attribute.KeyValue) metric.MeasurementOption {
	c.mu.RLock()
	opt, ok := c.sets[k]
	c.mu.RUnlock()
	if ok {
		return opt
	}
	opt = metric.WithAttributeSet(attribute.NewSet(attrs()...))
	c.mu.Lock()
	if c.sets == nil {
		c.sets = map[setKey]metric.MeasurementOption{}
	}
	if len(c.sets) < maxSets {
		c.sets[k] = opt
	}
	c.mu.Unlock()
	return opt
}
