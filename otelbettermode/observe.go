package otelbettermode

import (
	"context"
	"errors"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/bettermode-go/bettermode"
)

// Attribute keys of this package (the others are OpenTelemetry's semantic
// conventions).
const (
	// ErrorCodeKey is Bettermode's error code of a failed operation, such
	// as "104"; digits only.
	ErrorCodeKey = attribute.Key("bettermode.error.code")
	// OutcomeKey is "ok" or "error", on metrics.
	OutcomeKey = attribute.Key("bettermode.outcome")
	// AttemptKey is an attempt's number, from 1 (an attempt event), or a
	// reconnect's attempt.
	AttemptKey = attribute.Key("bettermode.attempt")
	// AttemptsKey is the number of HTTP requests of an operation that
	// needed more than one.
	AttemptsKey = attribute.Key("bettermode.attempts")
	// AttemptReasonKey is why an attempt was sent: retry, reauth, rate
	// limited.
	AttemptReasonKey = attribute.Key("bettermode.attempt.reason")
	// TokenKindKey is the kind of a token source: guest, member, app,
	// oauth, custom.
	TokenKindKey = attribute.Key("bettermode.token.kind")
	// TokenRefreshKey says a fetch replaced a token.
	TokenRefreshKey = attribute.Key("bettermode.token.refresh")
	// TokenEventKey is what a fetch did: minted, refreshed, rotated,
	// refresh failed (the names of bettermode.TokenEventType).
	TokenEventKey = attribute.Key("bettermode.token.event")
	// WaitKindKey is what a wait was for: budget, backoff, rate limit.
	WaitKindKey = attribute.Key("bettermode.wait.kind")
	// WaitPlannedKey is how long a wait was planned to last, in seconds.
	WaitPlannedKey = attribute.Key("bettermode.wait.planned")
	// ReconnectKey says a subscription socket was reopened.
	ReconnectKey = attribute.Key("bettermode.subscription.reconnect")
	// ReconnectReasonKey is why: token expiring, refused, dropped.
	ReconnectReasonKey = attribute.Key("bettermode.subscription.reconnect.reason")
	// ReconnectCodeKey is the close code of the socket that ended.
	ReconnectCodeKey = attribute.Key("bettermode.subscription.close_code")
	// ProtocolKey is the subscription's WebSocket subprotocol.
	ProtocolKey = attribute.Key("bettermode.subscription.protocol")
)

var (
	outcomeOK    = OutcomeKey.String("ok")
	outcomeError = OutcomeKey.String("error")
	methodPost   = semconv.HTTPRequestMethodPost
)

// clientSpan starts a span of kind client (a variable: no allocation).
var clientSpan = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient)}

// opKey holds the operation's attributes in its context, for its attempts.
type opKey struct{}

// opData is what the attempts of an operation report with.
type opData struct {
	span      trace.Span
	recording bool
	attrs     []attribute.KeyValue // name and type
}

// StartOperation starts the operation's span.
func (o *Observer) StartOperation(ctx context.Context, op bettermode.OperationInfo) (context.Context, func(bettermode.OperationEnd)) {
	typ := opType(op.Type)
	name := o.names.bound(op.Name)
	spanName := typ
	if name != "" {
		spanName = typ + " " + name
	}
	start := time.Now()
	ctx, span := o.tracer.Start(ctx, spanName, clientSpan...)
	recording, measuring := span.IsRecording(), o.m.opDuration.Enabled(ctx)
	if !recording && !measuring {
		return ctx, noOperationEnd // no-op providers: nothing to build
	}
	attrs := make([]attribute.KeyValue, 4, 5)
	attrs[0], attrs[1] = semconv.GraphQLOperationName(name), semconv.GraphQLOperationTypeKey.String(typ)
	attrs[2], attrs[3] = semconv.ServerAddress(op.ServerAddress), semconv.ServerPort(op.ServerPort)
	if recording {
		if o.document && op.Document != "" {
			attrs = append(attrs, semconv.GraphQLDocument(op.Document))
		}
		span.SetAttributes(attrs...)
	}
	d := &opData{span: span, recording: recording, attrs: attrs[:2:2]}
	ctx = context.WithValue(ctx, opKey{}, d)
	return ctx, func(end bettermode.OperationEnd) {
		now := time.Now()
		var et string
		if end.Err != nil {
			et = errorType(end.Err, end.StatusCode)
		}
		if measuring {
			set := o.sets.get(setKey{name: name, typ: typ, errType: et}, func() []attribute.KeyValue {
				if end.Err == nil {
					return append(d.attrs[:2:2], outcomeOK)
				}
				return append(d.attrs[:2:2], outcomeError, semconv.ErrorTypeKey.String(et))
			})
			o.m.opDuration.Record(ctx, now.Sub(start).Seconds(), set)
		}
		if !recording {
			return
		}
		var res [4]attribute.KeyValue
		n := 0
		if end.Attempts != 1 {
			res[n] = AttemptsKey.Int(end.Attempts)
			n++
		}
		if end.StatusCode > 0 {
			res[n] = semconv.HTTPResponseStatusCode(end.StatusCode)
			n++
		}
		if end.Err != nil {
			res[n] = semconv.ErrorTypeKey.String(et)
			n++
			if code := errorCode(end.Err); code != "" {
				res[n] = ErrorCodeKey.String(code)
				n++
			}
			span.SetStatus(codes.Error, et) // never the message: it may quote the server
		}
		span.SetAttributes(res[:n]...)
		span.End()
	}
}

func noOperationEnd(bettermode.OperationEnd) {}

func noAttemptEnd(bettermode.AttemptEnd) {}

// StartAttempt times one HTTP request of the operation in ctx.
func (o *Observer) StartAttempt(ctx context.Context, a bettermode.AttemptInfo) (context.Context, func(bettermode.AttemptEnd)) {
	d, _ := ctx.Value(opKey{}).(*opData)
	if d == nil {
		return ctx, noAttemptEnd
	}
	start := time.Now()
	return ctx, func(end bettermode.AttemptEnd) {
		if o.m.reqDuration.Enabled(ctx) {
			elapsed := time.Since(start).Seconds()
			k := setKey{attempt: true, name: d.attrs[0].Value.AsString(), typ: d.attrs[1].Value.AsString(),
				addr: a.ServerAddress, port: a.ServerPort, status: end.StatusCode}
			if end.Err != nil || end.StatusCode >= 400 {
				k.errType = errorType(end.Err, end.StatusCode)
			}
			set := o.sets.get(k, func() []attribute.KeyValue {
				attrs := append(d.attrs[:2:2], methodPost, semconv.ServerAddress(a.ServerAddress), semconv.ServerPort(a.ServerPort))
				if end.StatusCode > 0 {
					attrs = append(attrs, semconv.HTTPResponseStatusCode(end.StatusCode))
				}
				if k.errType != "" {
					attrs = append(attrs, semconv.ErrorTypeKey.String(k.errType))
				}
				return attrs
			})
			o.m.reqDuration.Record(ctx, elapsed, set)
			o.m.bodySize.Record(ctx, end.BytesReceived, set)
		}
		if d.recording && a.N > 1 { // the first attempt is the span itself
			d.span.AddEvent("attempt", trace.WithAttributes(AttemptKey.Int(a.N), AttemptReasonKey.String(string(a.Reason)),
				semconv.HTTPResponseStatusCode(end.StatusCode), semconv.HTTPResponseBodySize(int(end.BytesReceived))))
		}
	}
}

// StartWait starts a wait's span.
func (o *Observer) StartWait(ctx context.Context, w bettermode.WaitInfo) func(error) {
	kind := WaitKindKey.String(string(w.Kind))
	start := time.Now()
	ctx, span := o.tracer.Start(ctx, string(w.Kind)+" wait", trace.WithAttributes(kind, WaitPlannedKey.Float64(w.Delay.Seconds())), trace.WithTimestamp(start))
	return func(err error) {
		now := time.Now()
		outcome := outcomeOK
		if err != nil {
			outcome = outcomeError
			et := errorType(err, 0)
			span.SetAttributes(semconv.ErrorTypeKey.String(et))
			span.SetStatus(codes.Error, et)
		}
		o.m.waitDuration.Record(ctx, now.Sub(start).Seconds(), metric.WithAttributes(kind, outcome))
		span.End(trace.WithTimestamp(now))
	}
}

// StartTokenFetch starts a token fetch's span.
func (o *Observer) StartTokenFetch(ctx context.Context, f bettermode.TokenFetchInfo) (context.Context, func(bettermode.TokenEvent)) {
	kind := TokenKindKey.String(string(f.Kind))
	ctx, span := o.tracer.Start(ctx, "token "+string(f.Kind), trace.WithAttributes(kind, TokenRefreshKey.Bool(f.Refresh)))
	return ctx, func(ev bettermode.TokenEvent) {
		event := TokenEventKey.String(eventName(ev.Type))
		attrs := []attribute.KeyValue{kind, event, outcomeOK}
		span.SetAttributes(event)
		if ev.Err != nil || ev.Type == bettermode.TokenRefreshFailed {
			et := errorType(ev.Err, 0)
			attrs = append(attrs[:2], outcomeError, semconv.ErrorTypeKey.String(et))
			span.SetAttributes(semconv.ErrorTypeKey.String(et))
			if code := errorCode(ev.Err); code != "" {
				span.SetAttributes(ErrorCodeKey.String(code))
			}
			span.SetStatus(codes.Error, et)
		}
		o.m.tokenFetches.Add(ctx, 1, metric.WithAttributes(attrs...))
		span.End()
	}
}

// StartConnect starts a subscription socket's span.
func (o *Observer) StartConnect(ctx context.Context, c bettermode.ConnectInfo) (context.Context, func(error)) {
	attrs := []attribute.KeyValue{ReconnectKey.Bool(c.Reconnect), ProtocolKey.String(bounded(c.Protocol, 32))}
	if c.Reconnect {
		reason := ReconnectReasonKey.String(bounded(string(c.Reason), 32))
		attrs = append(attrs, reason, AttemptKey.Int(c.Attempt))
		if c.Code != 0 {
			attrs = append(attrs, ReconnectCodeKey.Int(c.Code))
		}
		o.m.reconnects.Add(ctx, 1, metric.WithAttributes(reason))
	}
	ctx, span := o.tracer.Start(ctx, "subscription connect", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	return ctx, func(err error) {
		mattrs := []attribute.KeyValue{ReconnectKey.Bool(c.Reconnect), outcomeOK}
		if err != nil {
			et := errorType(err, 0)
			mattrs = append(mattrs[:1], outcomeError, semconv.ErrorTypeKey.String(et))
			span.SetAttributes(semconv.ErrorTypeKey.String(et))
			span.SetStatus(codes.Error, et)
		}
		o.m.connects.Add(ctx, 1, metric.WithAttributes(mattrs...))
		span.End()
	}
}

// opType bounds an operation type.
func opType(t string) string {
	switch t {
	case "query", "mutation", "subscription":
		return t
	}
	return "graphql"
}

// eventName bounds a token event's name.
func eventName(t bettermode.TokenEventType) string {
	s := t.String()
	if len(s) > 32 {
		return otherName
	}
	return s
}

// bounded returns s, or "_OTHER" if it is longer than n.
func bounded(s string, n int) string {
	if len(s) > n {
		return otherName
	}
	return s
}

// errorType names the class of err for error.type: a sentinel of the SDK,
// a context's end, else the HTTP status, else "_OTHER".
func errorType(err error, status int) string {
	for _, k := range errorKinds {
		if err != nil && errors.Is(err, k.err) {
			return k.name
		}
	}
	var ae *bettermode.Error
	if status == 0 && errors.As(err, &ae) {
		status = ae.StatusCode
	}
	if status >= 400 && status < 600 {
		return strconv.Itoa(status)
	}
	return otherName
}

var errorKinds = []struct {
	err  error
	name string
}{
	{bettermode.ErrUnauthorized, "unauthorized"},
	{bettermode.ErrForbidden, "forbidden"},
	{bettermode.ErrRateLimited, "rate_limited"},
	{bettermode.ErrNotFound, "not_found"},
	{bettermode.ErrInvalidInput, "invalid_input"},
	{bettermode.ErrClosed, "closed"},
	{context.DeadlineExceeded, "timeout"},
	{context.Canceled, "canceled"},
}

// errorCode returns Bettermode's error code of err: digits, at most 8 of
// them, or "".
func errorCode(err error) string {
	var ae *bettermode.Error
	if !errors.As(err, &ae) || ae.Code == "" || len(ae.Code) > 8 {
		return ""
	}
	for i := 0; i < len(ae.Code); i++ {
		if ae.Code[i] < '0' || ae.Code[i] > '9' {
			return ""
		}
	}
	return ae.Code
}
