package otelbettermode_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/benchtest"
	"github.com/bettermode-go/bettermode/otelbettermode"
)

// BenchmarkAuthMember measures what the instrumentation costs on the root
// package's hot-path benchmark (BenchmarkHotPath/bettermode-app-token: an
// app token from the cache, one authMember query against an in-process
// server answering at once): none without an observer, noop with no-op
// providers, sdk with the SDK, a batch span processor (to an exporter that
// drops the batches) and a metric reader aggregating in memory. The three
// run interleaved in one process (internal/benchtest: blocks of requests
// in a rotating order), in two modes: "sequential" (one query at a time)
// and "parallel" (GOMAXPROCS goroutines: throughput on every core). Per
// variant it reports wall and CPU time (the process's: clients and server),
// allocations and bytes per request, and noop-vs-none and sdk-vs-none, the
// throughput relative to no observer. Run it with a fixed count of rounds:
//
//	go test -run '^$' -bench 'AuthMember$' -benchtime 40x -count 8 ./otelbettermode
func BenchmarkAuthMember(b *testing.B) {
	kit := bettermodetest.New()
	mint := []byte(`{"data":{"limitedToken":{"accessToken":"` + kit.MintToken(bettermodetest.KindApp, "") + `","gatewayUrl":null}}}`)
	answer := []byte(`{"data":{"authMember":{"id":"fakeMember01","name":"Fake Member"}}}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if bytes.Contains(body, []byte("limitedToken")) {
			_, _ = w.Write(mint)
			return
		}
		_, _ = w.Write(answer)
	}))
	defer srv.Close()
	ctx := context.Background()

	sdkTP := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer sdkTP.Shutdown(ctx)
	sdkMP := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer sdkMP.Shutdown(ctx)

	benchtest.Modes(b, func(b *testing.B, workers int) {
		var vs []benchtest.Variant
		for _, mode := range []struct {
			name string
			opts []bettermode.Option
		}{
			{"none", nil},
			{"noop", []bettermode.Option{otelbettermode.Instrument(otelbettermode.WithTracerProvider(tracenoop.NewTracerProvider()),
				otelbettermode.WithMeterProvider(noop.NewMeterProvider()), otelbettermode.WithPropagators(propagation.TraceContext{}))}},
			{"sdk", []bettermode.Option{otelbettermode.Instrument(otelbettermode.WithTracerProvider(sdkTP),
				otelbettermode.WithMeterProvider(sdkMP), otelbettermode.WithPropagators(propagation.TraceContext{}))}},
		} {
			app := bettermode.App{ClientID: kit.App().ClientID, ClientSecret: bettermode.Secret(kit.App().ClientSecret), NetworkID: kit.Network().ID}
			c, err := bettermode.NewClient(append([]bettermode.Option{bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(app)}, mode.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = c.Close() })
			vs = append(vs, benchtest.Variant{Name: mode.name, Do: func() error {
				var q authMemberQuery
				return c.Query(ctx, &q, nil)
			}})
		}
		wall := benchtest.Interleave(b, workers, vs)
		b.ReportMetric(wall[0]/wall[1], "noop-vs-none")
		b.ReportMetric(wall[0]/wall[2], "sdk-vs-none")
	})
}

// BenchmarkObserverPerOperation measures the instrumentation alone, without
// I/O: the calls the client makes for one query of one attempt (start the
// operation, start the attempt, inject the trace context, end both), with
// no-op providers and with the SDK as in BenchmarkAuthMember.
func BenchmarkObserverPerOperation(b *testing.B) {
	ctx := context.Background()
	sdkTP := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer sdkTP.Shutdown(ctx)
	sdkMP := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer sdkMP.Shutdown(ctx)
	for _, mode := range []struct {
		name string
		o    *otelbettermode.Observer
	}{
		{"noop", otelbettermode.New(otelbettermode.WithTracerProvider(tracenoop.NewTracerProvider()),
			otelbettermode.WithMeterProvider(noop.NewMeterProvider()), otelbettermode.WithPropagators(propagation.TraceContext{}))},
		{"sdk", otelbettermode.New(otelbettermode.WithTracerProvider(sdkTP),
			otelbettermode.WithMeterProvider(sdkMP), otelbettermode.WithPropagators(propagation.TraceContext{}))},
	} {
		b.Run("obs="+mode.name, func(b *testing.B) {
			o := mode.o
			info := bettermode.OperationInfo{Type: "query", Name: "authMember", ServerAddress: "127.0.0.1", ServerPort: 443}
			h := http.Header{}
			b.ReportAllocs()
			cpu := benchtest.CPUTime()
			for b.Loop() {
				octx, endOp := o.StartOperation(ctx, info)
				actx, endAttempt := o.StartAttempt(octx, bettermode.AttemptInfo{N: 1, Reason: bettermode.AttemptFirst, ServerAddress: "127.0.0.1", ServerPort: 443})
				o.Inject(actx, h)
				endAttempt(bettermode.AttemptEnd{StatusCode: 200, BytesReceived: 70})
				endOp(bettermode.OperationEnd{StatusCode: 200, Attempts: 1})
			}
			b.ReportMetric(float64(benchtest.CPUTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
