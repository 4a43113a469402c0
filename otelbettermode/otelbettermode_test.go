package otelbettermode_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/otelbettermode"
)

// telemetry is an SDK pipeline that keeps everything in memory.
type telemetry struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	tp     *sdktrace.TracerProvider
	mp     *sdkmetric.MeterProvider
}

func newTelemetry(t *testing.T) *telemetry {
	t.Helper()
	tel := &telemetry{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	tel.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tel.spans))
	tel.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(tel.reader))
	t.Cleanup(func() {
		_ = tel.tp.Shutdown(context.Background())
		_ = tel.mp.Shutdown(context.Background())
	})
	return tel
}

// option instruments a client with the pipeline and W3C trace context.
func (tel *telemetry) option(opts ...otelbettermode.Option) bettermode.Option {
	return otelbettermode.Instrument(append([]otelbettermode.Option{otelbettermode.WithTracerProvider(tel.tp),
		otelbettermode.WithMeterProvider(tel.mp), otelbettermode.WithPropagators(propagation.TraceContext{})}, opts...)...)
}

func (tel *telemetry) ended() []sdktrace.ReadOnlySpan { return tel.spans.Ended() }

func (tel *telemetry) metrics(t *testing.T) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, tel.reader.Collect(context.Background(), &rm))
	return rm
}

// named returns the ended spans called name.
func named(spans []sdktrace.ReadOnlySpan, name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

// one returns the one ended span called name.
func one(t *testing.T, spans []sdktrace.ReadOnlySpan, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	got := named(spans, name)
	require.Len(t, got, 1, "spans called %q among %v", name, spanNames(spans))
	return got[0]
}

func spanNames(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}

func attr(s sdktrace.ReadOnlySpan, key attribute.Key) attribute.Value {
	for _, kv := range s.Attributes() {
		if kv.Key == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}

func childOf(t *testing.T, child, parent sdktrace.ReadOnlySpan) {
	t.Helper()
	assert.Equal(t, parent.SpanContext().SpanID(), child.Parent().SpanID(), "%q is a child of %q", child.Name(), parent.Name())
	assert.Equal(t, parent.SpanContext().TraceID(), child.SpanContext().TraceID())
}

// attemptEvents returns the reasons of a span's attempt events.
func attemptReasons(s sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, ev := range s.Events() {
		if ev.Name != "attempt" {
			continue
		}
		for _, kv := range ev.Attributes {
			if kv.Key == otelbettermode.AttemptReasonKey {
				out = append(out, kv.Value.AsString())
			}
		}
	}
	return out
}

type authMemberQuery struct {
	AuthMember struct {
		ID   string
		Name string
	} `graphql:"authMember"`
}

func memberCreds(srv *bettermodetest.Server) bettermode.Member {
	return bettermode.Member{NetworkDomain: srv.Network().Domain, UsernameOrEmail: srv.Member().Email, Password: bettermode.Secret(srv.Member().Password)}
}

// checkNoSecret fails if any span name, attribute, event or status, or any
// metric attribute, of tel holds a form of the kit's secrets (the
// scrubber's forms, JWT-shaped text) or one of the plain values.
func checkNoSecret(t *testing.T, tel *telemetry, srv *bettermodetest.Server, plain ...string) {
	t.Helper()
	sc := bettermode.NewScrubber()
	for _, m := range srv.Members() {
		sc = sc.With(bettermode.Secret(m.Password))
		plain = append(plain, m.Email)
	}
	for _, a := range srv.Apps() {
		sc = sc.WithBasic(a.ClientID, bettermode.Secret(a.ClientSecret))
	}
	plain = append(plain, srv.Network().Domain)
	n := 0
	check := func(where, text string) {
		n++
		if sc.Contains(text) {
			t.Errorf("%s holds a secret: %q", where, text)
		}
		for _, p := range plain {
			if p != "" && strings.Contains(text, p) {
				t.Errorf("%s holds the variable value %q: %q", where, p, text)
			}
		}
	}
	kvs := func(where string, set []attribute.KeyValue) {
		for _, kv := range set {
			check(where+" key", string(kv.Key))
			check(where+" "+string(kv.Key), kv.Value.Emit())
		}
	}
	for _, s := range tel.ended() {
		check("span name", s.Name())
		check("span status", s.Status().Description)
		kvs("span "+s.Name(), s.Attributes())
		for _, ev := range s.Events() {
			check("event name", ev.Name)
			kvs("event "+ev.Name, ev.Attributes)
		}
	}
	for _, sm := range tel.metrics(t).ScopeMetrics {
		for _, m := range sm.Metrics {
			check("metric name", m.Name)
			for _, set := range metricAttrs(m) {
				kvs("metric "+m.Name, set.ToSlice())
			}
		}
	}
	require.Positive(t, n)
}

// metricAttrs returns the attribute sets of m's data points.
func metricAttrs(m metricdata.Metrics) []attribute.Set {
	var out []attribute.Set
	switch d := m.Data.(type) {
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	case metricdata.Histogram[int64]:
		for _, p := range d.DataPoints {
			out = append(out, p.Attributes)
		}
	}
	return out
}

// sumOf adds up the counter name's points whose attributes hold want.
func sumOf(t *testing.T, rm metricdata.ResourceMetrics, name string, want ...attribute.KeyValue) int64 {
	t.Helper()
	var total int64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			sum, ok := m.Data.(metricdata.Sum[int64])
			require.True(t, ok, "%s is a counter", name)
			for _, p := range sum.DataPoints {
				if hasAll(p.Attributes, want) {
					total += p.Value
				}
			}
		}
	}
	return total
}

// countOf adds up the counts of the histogram name's points holding want.
func countOf(t *testing.T, rm metricdata.ResourceMetrics, name string, want ...attribute.KeyValue) uint64 {
	t.Helper()
	var total uint64
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			switch h := m.Data.(type) {
			case metricdata.Histogram[float64]:
				require.NotEmpty(t, m.Unit)
				for _, p := range h.DataPoints {
					if hasAll(p.Attributes, want) {
						total += p.Count
					}
				}
			case metricdata.Histogram[int64]:
				for _, p := range h.DataPoints {
					if hasAll(p.Attributes, want) {
						total += p.Count
					}
				}
			default:
				t.Fatalf("%s is a %T, not a histogram", name, m.Data)
			}
		}
	}
	return total
}

func hasAll(set attribute.Set, want []attribute.KeyValue) bool {
	for _, kv := range want {
		if v, ok := set.Value(kv.Key); !ok || v != kv.Value {
			return false
		}
	}
	return true
}

func newClient(t *testing.T, opts ...bettermode.Option) *bettermode.Client {
	t.Helper()
	c, err := bettermode.NewClient(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

var (
	opName = attribute.Key("graphql.operation.name")
	opType = attribute.Key("graphql.operation.type")
)

// TestMemberLoginThenQuery: the span tree of a member's first query: the
// query's span holds the token fetch's, which holds the guest token's query
// and the login mutation; the metrics count each.
func TestMemberLoginThenQuery(t *testing.T) {
	srv := bettermodetest.Start(t)
	tel := newTelemetry(t)
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(memberCreds(srv)), tel.option())
	var q authMemberQuery
	require.NoError(t, c.Query(t.Context(), &q, nil))
	require.Equal(t, srv.Member().ID, q.AuthMember.ID)

	spans := tel.ended()
	require.Len(t, spans, 4, "%v", spanNames(spans))
	query := one(t, spans, "query authMember")
	fetch := one(t, spans, "token member")
	guest := one(t, spans, "query Tokens")
	login := one(t, spans, "mutation LoginNetwork")
	assert.False(t, query.Parent().IsValid(), "the query is the root")
	childOf(t, fetch, query)
	childOf(t, guest, fetch)
	childOf(t, login, fetch)
	assert.True(t, guest.EndTime().Before(login.StartTime()) || guest.EndTime().Equal(login.StartTime()), "the guest token comes first")

	assert.Equal(t, trace.SpanKindClient, query.SpanKind())
	assert.Equal(t, "authMember", attr(query, opName).AsString())
	assert.Equal(t, "query", attr(query, opType).AsString())
	assert.Equal(t, "127.0.0.1", attr(query, "server.address").AsString())
	assert.Positive(t, attr(query, "server.port").AsInt64())
	assert.Equal(t, int64(200), attr(query, "http.response.status_code").AsInt64())
	assert.Equal(t, attribute.INVALID, attr(query, otelbettermode.AttemptsKey).Type(), "one attempt: not counted")
	assert.Empty(t, attemptReasons(query), "the first attempt is the span")
	assert.Equal(t, codes.Unset, query.Status().Code)
	assert.Equal(t, "LoginNetwork", attr(login, opName).AsString())
	assert.Equal(t, "mutation", attr(login, opType).AsString())
	assert.Equal(t, "member", attr(fetch, otelbettermode.TokenKindKey).AsString())
	assert.Equal(t, "minted", attr(fetch, otelbettermode.TokenEventKey).AsString())
	assert.False(t, attr(fetch, otelbettermode.TokenRefreshKey).AsBool())
	assert.Empty(t, attr(query, "graphql.document").AsString(), "no document without WithDocument")

	rm := tel.metrics(t)
	assert.Equal(t, uint64(3), countOf(t, rm, "http.client.request.duration"), "three HTTP requests")
	assert.Equal(t, uint64(1), countOf(t, rm, "http.client.request.duration", opName.String("authMember"), attribute.Int("http.response.status_code", 200)))
	assert.Equal(t, uint64(3), countOf(t, rm, "http.client.response.body.size"))
	assert.Equal(t, uint64(1), countOf(t, rm, "bettermode.client.operation.duration", opName.String("authMember"), otelbettermode.OutcomeKey.String("ok")))
	assert.Equal(t, uint64(3), countOf(t, rm, "bettermode.client.operation.duration"))
	assert.Equal(t, int64(1), sumOf(t, rm, "bettermode.token.fetches", otelbettermode.TokenKindKey.String("member"),
		otelbettermode.TokenEventKey.String("minted"), otelbettermode.OutcomeKey.String("ok")))
	checkNoSecret(t, tel, srv)
}

// TestUnauthorizedRemintResend: a 401 (code 108) invalidates the token; the
// query is resent once with a new one, fetched under the query's span.
func TestUnauthorizedRemintResend(t *testing.T) {
	srv := bettermodetest.Start(t)
	tel := newTelemetry(t)
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(memberCreds(srv)), tel.option())
	_, err := c.Token(t.Context()) // the first login, before the query
	require.NoError(t, err)
	srv.InjectFault("authMember", bettermodetest.Fault{Status: http.StatusUnauthorized, AsGraphQLError: true, Times: 1})
	var q authMemberQuery
	require.NoError(t, c.Query(t.Context(), &q, nil))

	spans := tel.ended()
	query := one(t, spans, "query authMember")
	assert.Equal(t, []string{"reauth"}, attemptReasons(query))
	assert.Equal(t, int64(2), attr(query, otelbettermode.AttemptsKey).AsInt64())
	assert.Equal(t, codes.Unset, query.Status().Code, "the resend succeeded")
	fetches := named(spans, "token member")
	require.Len(t, fetches, 2)
	assert.Equal(t, "minted", attr(fetches[0], otelbettermode.TokenEventKey).AsString())
	remint := fetches[1]
	childOf(t, remint, query)
	assert.Equal(t, "rotated", attr(remint, otelbettermode.TokenEventKey).AsString())
	assert.True(t, attr(remint, otelbettermode.TokenRefreshKey).AsBool())
	var under []string
	for _, s := range spans {
		if s.Parent().SpanID() == remint.SpanContext().SpanID() {
			under = append(under, s.Name())
		}
	}
	assert.Equal(t, []string{"query Tokens"}, under, "the session renewed with its refresh token")

	rm := tel.metrics(t)
	assert.Equal(t, int64(1), sumOf(t, rm, "bettermode.token.fetches", otelbettermode.TokenEventKey.String("rotated")))
	assert.Equal(t, uint64(2), countOf(t, rm, "http.client.request.duration", opName.String("authMember")))
	checkNoSecret(t, tel, srv)
}

// TestServiceUnavailableRetry: a 503 is retried after a backoff, a child
// span; the first attempt's failure shows in the metrics.
func TestServiceUnavailableRetry(t *testing.T) {
	srv := bettermodetest.Start(t, bettermodetest.WithFault("authMember", bettermodetest.Fault{Status: http.StatusServiceUnavailable, Times: 1}))
	tel := newTelemetry(t)
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(memberCreds(srv)), tel.option())
	var q authMemberQuery
	require.NoError(t, c.Query(t.Context(), &q, nil))

	spans := tel.ended()
	query := one(t, spans, "query authMember")
	assert.Equal(t, []string{"retry"}, attemptReasons(query))
	backoff := one(t, spans, "backoff wait")
	childOf(t, backoff, query)
	assert.Equal(t, "backoff", attr(backoff, otelbettermode.WaitKindKey).AsString())
	assert.Positive(t, attr(backoff, otelbettermode.WaitPlannedKey).AsFloat64())

	rm := tel.metrics(t)
	assert.Equal(t, uint64(1), countOf(t, rm, "http.client.request.duration", opName.String("authMember"),
		attribute.Int("http.response.status_code", 503), attribute.String("error.type", "503")))
	assert.Equal(t, uint64(1), countOf(t, rm, "http.client.request.duration", opName.String("authMember"), attribute.Int("http.response.status_code", 200)))
	assert.Equal(t, uint64(1), countOf(t, rm, "bettermode.client.wait.duration", otelbettermode.WaitKindKey.String("backoff")))
	checkNoSecret(t, tel, srv)
}

// TestFailureAttributes: a rate-limited query that gives up carries
// error.type, Bettermode's code and an error status without a message.
func TestFailureAttributes(t *testing.T) {
	srv := bettermodetest.Start(t, bettermodetest.WithFault("authMember", bettermodetest.Fault{Status: http.StatusTooManyRequests, AsGraphQLError: true, RetryAfter: time.Hour}))
	tel := newTelemetry(t)
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(memberCreds(srv)), tel.option())
	var q authMemberQuery
	require.ErrorIs(t, c.Query(t.Context(), &q, nil), bettermode.ErrRateLimited)

	query := one(t, tel.ended(), "query authMember")
	assert.Equal(t, codes.Error, query.Status().Code)
	assert.Equal(t, "rate_limited", query.Status().Description)
	assert.Equal(t, "rate_limited", attr(query, "error.type").AsString())
	assert.Equal(t, "104", attr(query, otelbettermode.ErrorCodeKey).AsString())
	rm := tel.metrics(t)
	assert.Equal(t, uint64(1), countOf(t, rm, "bettermode.client.operation.duration", opName.String("authMember"),
		otelbettermode.OutcomeKey.String("error"), attribute.String("error.type", "rate_limited")))
	checkNoSecret(t, tel, srv)
}

// slowBudget is a BudgetTaker whose every Wait takes a little while; it
// counts Waits and Takes.
type slowBudget struct{ waits, takes atomic.Int32 }

func (b *slowBudget) Wait(ctx context.Context, _ int) error {
	b.waits.Add(1)
	select {
	case <-time.After(5 * time.Millisecond):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
func (b *slowBudget) Take(context.Context, int)              { b.takes.Add(1) }
func (b *slowBudget) Charge(context.Context, int, int)       {}
func (b *slowBudget) Backoff(context.Context, time.Duration) {}

// TestBudgetWait: a request waits for the rate budget under its own span,
// timed in bettermode.client.wait.duration. Token mints (guest token,
// login) are charged with BudgetTaker.Take without waiting (issue 18), so
// they have no wait span: only the query waits.
func TestBudgetWait(t *testing.T) {
	srv := bettermodetest.Start(t)
	tel := newTelemetry(t)
	b := &slowBudget{}
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(memberCreds(srv)), bettermode.WithRateBudget(b), tel.option())
	var q authMemberQuery
	require.NoError(t, c.Query(t.Context(), &q, nil))

	spans := tel.ended()
	waits := named(spans, "budget wait")
	require.Len(t, waits, 1, "only the query waits")
	require.EqualValues(t, 1, b.waits.Load())
	assert.EqualValues(t, 2, b.takes.Load(), "the mints (guest token, login) are charged without waiting")
	query := one(t, spans, "query authMember")
	w := waits[0]
	assert.Equal(t, "budget", attr(w, otelbettermode.WaitKindKey).AsString())
	assert.GreaterOrEqual(t, w.EndTime().Sub(w.StartTime()), 5*time.Millisecond)
	assert.Equal(t, query.SpanContext().SpanID(), w.Parent().SpanID(), "the wait is under the query's span")
	rm := tel.metrics(t)
	assert.Equal(t, uint64(1), countOf(t, rm, "bettermode.client.wait.duration", otelbettermode.WaitKindKey.String("budget"), otelbettermode.OutcomeKey.String("ok")))
	checkNoSecret(t, tel, srv)
}

// TestSubscriptionReconnect: a dropped socket is reopened; each connect is
// a span, the second one a reconnect with its reason, and the reconnect is
// counted.
func TestSubscriptionReconnect(t *testing.T) {
	srv := bettermodetest.Start(t)
	tel := newTelemetry(t)
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.Guest{NetworkDomain: srv.Network().Domain}), tel.option())
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var sub struct {
		MemberEvents struct{ ID string } `graphql:"memberEvents"`
	}
	done := make(chan error, 1)
	go func() {
		done <- c.Subscribe(ctx, &sub, nil, func(error) error { return nil }, bettermode.WithReconnectBackoff(time.Millisecond, 5*time.Millisecond))
	}()
	waitFor := func(what string, cond func(bettermodetest.SubscriptionStats) bool) {
		wctx, wcancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer wcancel()
		require.NoError(t, srv.WaitSubscriptions(wctx, cond), what)
	}
	waitFor("subscribed", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })
	require.Equal(t, 1, srv.DropSubscriptions())
	waitFor("resubscribed", func(st bettermodetest.SubscriptionStats) bool { return st.Acknowledged == 2 && st.Active == 1 })
	require.Eventually(t, func() bool { // the client reads the kit's ack after the kit counts it
		return len(named(tel.ended(), "subscription connect")) == 2
	}, 10*time.Second, time.Millisecond)
	cancel()
	require.NoError(t, <-done)

	connects := named(tel.ended(), "subscription connect")
	require.Len(t, connects, 2)
	first, second := connects[0], connects[1]
	assert.Equal(t, trace.SpanKindClient, first.SpanKind())
	assert.False(t, attr(first, otelbettermode.ReconnectKey).AsBool())
	assert.True(t, attr(second, otelbettermode.ReconnectKey).AsBool())
	assert.Equal(t, string(bettermode.ReconnectDropped), attr(second, otelbettermode.ReconnectReasonKey).AsString())
	assert.Equal(t, int64(1), attr(second, otelbettermode.AttemptKey).AsInt64())
	assert.Equal(t, int64(bettermodetest.CloseDropped), attr(second, otelbettermode.ReconnectCodeKey).AsInt64())
	assert.Equal(t, codes.Unset, second.Status().Code)
	fetch := one(t, tel.ended(), "token guest")
	childOf(t, fetch, first)

	rm := tel.metrics(t)
	assert.Equal(t, int64(1), sumOf(t, rm, "bettermode.subscription.reconnects", otelbettermode.ReconnectReasonKey.String(string(bettermode.ReconnectDropped))))
	assert.Equal(t, int64(2), sumOf(t, rm, "bettermode.subscription.connects", otelbettermode.OutcomeKey.String("ok")))
	checkNoSecret(t, tel, srv)
}

// TestTraceparentReachesTheServer: every request the kit sees, token mints
// included, carries a W3C traceparent of the operation's span.
func TestTraceparentReachesTheServer(t *testing.T) {
	kit := bettermodetest.New()
	var (
		mu     sync.Mutex
		parent []string
	)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		parent = append(parent, r.Header.Get("traceparent"))
		mu.Unlock()
		kit.Handler().ServeHTTP(w, r)
	}))
	defer ts.Close()
	tel := newTelemetry(t)
	c := newClient(t, bettermode.WithEndpoint(ts.URL), bettermode.WithCredentials(memberCreds(kit)), tel.option())
	var q authMemberQuery
	require.NoError(t, c.Query(t.Context(), &q, nil))

	spans := tel.ended()
	want := []string{}
	for _, name := range []string{"query Tokens", "mutation LoginNetwork", "query authMember"} {
		sc := one(t, spans, name).SpanContext()
		want = append(want, fmt.Sprintf("00-%s-%s-01", sc.TraceID(), sc.SpanID()))
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, want, parent)
}

// TestDocumentOptIn: WithDocument adds the document, scrubbed; without it
// (the default) no span holds document text.
func TestDocumentOptIn(t *testing.T) {
	srv := bettermodetest.Start(t)
	tel := newTelemetry(t)
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(memberCreds(srv)), tel.option(otelbettermode.WithDocument()))
	var q authMemberQuery
	require.NoError(t, c.Query(t.Context(), &q, nil))
	spans := tel.ended()
	assert.Equal(t, "{authMember{id,name}}", attr(one(t, spans, "query authMember"), "graphql.document").AsString())
	assert.Contains(t, attr(one(t, spans, "mutation LoginNetwork"), "graphql.document").AsString(), "loginNetwork(input: $input)")
	checkNoSecret(t, tel, srv)
}

// TestBoundedCardinality: many different documents (literals, aliases,
// names) give operation names from the documents' fields and names, at most
// WithMaxOperationNames of them, never their values.
func TestBoundedCardinality(t *testing.T) {
	srv := bettermodetest.Start(t)
	tel := newTelemetry(t)
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.Guest{NetworkDomain: srv.Network().Domain}),
		tel.option(otelbettermode.WithMaxOperationNames(4)))
	ctx := t.Context()
	for i := range 40 {
		docs := []string{
			fmt.Sprintf(`{ a%d: network { id name } }`, i),
			fmt.Sprintf(`query { member(id: "value-%d") { id } }`, i),
			fmt.Sprintf(`# comment %d
query Named%d { network { id } }`, i, i%10),
		}
		for _, doc := range docs {
			_, _ = c.Exec(ctx, doc, nil)
		}
	}
	names := map[string]bool{}
	for _, s := range tel.ended() {
		names[s.Name()] = true
		v := attr(s, opName).AsString()
		assert.NotContains(t, v, "value-")
		assert.False(t, strings.HasPrefix(v, "a") && v != "", "an alias is not a name: %q", v)
	}
	rm := tel.metrics(t)
	values := map[string]bool{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			for _, set := range metricAttrs(m) {
				if v, ok := set.Value(opName); ok {
					values[v.AsString()] = true
				}
			}
		}
	}
	assert.LessOrEqual(t, len(values), 5, "at most 4 names and _OTHER: %v", values)
	assert.True(t, values["network"] && values["member"] && values["_OTHER"], "%v", values)
	assert.LessOrEqual(t, len(names), 7, "span names: %v", names)
	checkNoSecret(t, tel, srv, "value-")
}

// TestDefaultsUseGlobals: New without options uses the global providers
// (no-op ones by default) and works.
func TestDefaultsUseGlobals(t *testing.T) {
	srv := bettermodetest.Start(t)
	c := newClient(t, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(memberCreds(srv)), otelbettermode.Instrument())
	var q authMemberQuery
	require.NoError(t, c.Query(t.Context(), &q, nil))
	assert.False(t, otelbettermode.New().ObserveDocuments())
}
