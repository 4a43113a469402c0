package otelbettermode_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/otelbettermode"
)

// A client instrumented with one option. Here the spans go to a recorder;
// a program installs its SDK's providers as the globals (or passes them with
// WithTracerProvider and WithMeterProvider) and exports them.
func ExampleInstrument() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))

	c, err := bettermode.NewClient(
		bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Guest{NetworkDomain: srv.Network().Domain}),
		otelbettermode.Instrument(otelbettermode.WithTracerProvider(tp)),
	)
	if err != nil {
		panic(err)
	}
	defer c.Close()
	var q struct {
		Network struct{ Name string } `graphql:"network"`
	}
	if err := c.Query(context.Background(), &q, nil); err != nil {
		panic(err)
	}
	for _, s := range spans.Ended() {
		parent := "-"
		for _, p := range spans.Ended() {
			if p.SpanContext().SpanID() == s.Parent().SpanID() {
				parent = p.Name()
			}
		}
		fmt.Printf("%-15s in %s\n", s.Name(), parent)
	}
	// Output:
	// query Tokens    in token guest
	// token guest     in query network
	// query network   in -
}
