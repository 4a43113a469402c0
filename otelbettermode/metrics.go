package otelbettermode

import (
	"go.opentelemetry.io/otel/metric"
)

// instruments are the Observer's metrics.
type instruments struct {
	reqDuration  metric.Float64Histogram // http.client.request.duration
	bodySize     metric.Int64Histogram   // http.client.response.body.size
	opDuration   metric.Float64Histogram
	operations   metric.Int64Counter
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
		metric.WithDescription("Duration of GraphQL operations, retries and waits included."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	m.operations, _ = meter.Int64Counter("bettermode.client.operations", metric.WithUnit("{operation}"),
		metric.WithDescription("GraphQL operations by outcome."))
	m.tokenFetches, _ = meter.Int64Counter("bettermode.token.fetches", metric.WithUnit("{fetch}"),
		metric.WithDescription("Token fetches of the client's token cache, by kind, event and outcome."))
	m.waitDuration, _ = meter.Float64Histogram("bettermode.client.wait.duration", metric.WithUnit("s"),
		metric.WithDescription("Time requests waited for the rate budget, a retry's backoff or a rate limit."), metric.WithExplicitBucketBoundaries(durationBuckets...))
	m.connects, _ = meter.Int64Counter("bettermode.subscription.connects", metric.WithUnit("{connect}"),
		metric.WithDescription("Subscription sockets opened, by outcome."))
	m.reconnects, _ = meter.Int64Counter("bettermode.subscription.reconnects", metric.WithUnit("{reconnect}"),
		metric.WithDescription("Subscription sockets reopened, by reason."))
}
