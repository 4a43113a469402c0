// Command observe runs the quickstart's flow (a guest token, a member
// login, an app's bot token, an app token impersonating a member, then a
// typed query and a raw one) with OpenTelemetry: every client is
// instrumented by package otelbettermode, and the spans and metrics are
// printed as JSON by the SDK's stdout exporters.
//
//	go run ./examples/observe
//
// It runs offline, against the embedded stand-in server of package
// bettermodetest. Read the output for: the span tree of each token (the
// "token member" span holding "query Tokens" and "mutation LoginNetwork"),
// the "query authMember" span of the typed query,
// the traceparent every request carried (the stand-in does not print it;
// the spans' ids are those it got), and the metrics
// http.client.request.duration, bettermode.client.operation.duration and
// bettermode.token.fetches. Nothing printed holds a token, password or
// client secret.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/otelbettermode"
)

// timeout bounds the whole walk.
const timeout = 30 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}

// run walks the steps, printing what they do, then the spans and metrics,
// to out.
func run(ctx context.Context, out io.Writer) (err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// The pipeline: spans in batches, metrics read once at the end; both
	// printed as JSON.
	res := resource.NewSchemaless(semconv.ServiceName("bettermode-observe-example"))
	spanOut, err := stdouttrace.New(stdouttrace.WithWriter(out), stdouttrace.WithPrettyPrint())
	if err != nil {
		return err
	}
	metricOut, err := stdoutmetric.New(stdoutmetric.WithWriter(out), stdoutmetric.WithPrettyPrint())
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(spanOut), sdktrace.WithResource(res))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metricOut, sdkmetric.WithInterval(time.Hour))), sdkmetric.WithResource(res))
	instrument := otelbettermode.Instrument(otelbettermode.WithTracerProvider(tp), otelbettermode.WithMeterProvider(mp),
		otelbettermode.WithPropagators(propagation.TraceContext{}))

	walkErr := walk(ctx, out, instrument)
	fmt.Fprintln(out, "\nspans:")
	err = tp.Shutdown(ctx) // flushes the batch
	fmt.Fprintln(out, "\nmetrics:")
	return errors.Join(walkErr, err, mp.Shutdown(ctx)) // Shutdown collects and exports once more
}

// walk runs the quickstart's steps on the embedded stand-in, each client
// instrumented.
func walk(ctx context.Context, out io.Writer, instrument bettermode.Option) error {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	fmt.Fprintf(out, "using the embedded stand-in server at %s\n", srv.URL)
	app := bettermode.App{ClientID: srv.App().ClientID, ClientSecret: bettermode.Secret(srv.App().ClientSecret), NetworkID: srv.Network().ID}
	impersonated := app
	impersonated.ImpersonateMemberID = srv.Member().ID
	steps := []struct {
		name string
		src  bettermode.CredentialSource
	}{
		{"guest", bettermode.Guest{NetworkDomain: srv.Network().Domain}},
		{"member", bettermode.Member{NetworkDomain: srv.Network().Domain, UsernameOrEmail: srv.Member().Username,
			Password: bettermode.Secret(srv.Member().Password)}},
		{"bot app", app},
		{"impersonated app", impersonated},
	}
	var last *bettermode.Client
	for _, st := range steps {
		c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(st.src), instrument)
		if err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
		defer c.Close()
		tok, err := c.Token(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
		fmt.Fprintf(out, "%-17s kind=%-6s role=%-6s member=%s\n", st.name, tok.Kind, tok.Role, tok.MemberID)
		last = c
	}

	var q struct {
		AuthMember struct {
			ID   string `graphql:"id"`
			Name string `graphql:"name"`
		} `graphql:"authMember"`
	}
	if err := last.Query(ctx, &q, nil); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	fmt.Fprintf(out, "%-17s authMember: id=%s name=%q\n", "query", q.AuthMember.ID, q.AuthMember.Name)
	resp, err := last.Exec(ctx, `query ObserveRaw { authMember { id role { name } } network { name } }`, nil)
	if err != nil {
		return fmt.Errorf("exec: %w", err)
	}
	fmt.Fprintf(out, "%-17s data=%s\n", "exec", resp.Data)
	return nil
}
