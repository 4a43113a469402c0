package bettermode_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// printer is an Observer that prints operations and token fetches,
// indented by nesting. A tracer would start and end spans instead
// (package otelbettermode does, for OpenTelemetry).
type printer struct{}

type depthKey struct{}

func indent(ctx context.Context) (context.Context, string) {
	d, _ := ctx.Value(depthKey{}).(int)
	return context.WithValue(ctx, depthKey{}, d+1), strings.Repeat("  ", d)
}

func (printer) StartOperation(ctx context.Context, op bettermode.OperationInfo) (context.Context, func(bettermode.OperationEnd)) {
	ctx, pad := indent(ctx)
	fmt.Printf("%s%s %s\n", pad, op.Type, op.Name)
	return ctx, func(end bettermode.OperationEnd) {
		fmt.Printf("%s%s %s: HTTP %d after %d attempt(s)\n", pad, op.Type, op.Name, end.StatusCode, end.Attempts)
	}
}

func (printer) StartAttempt(ctx context.Context, _ bettermode.AttemptInfo) (context.Context, func(bettermode.AttemptEnd)) {
	return ctx, nil
}

func (printer) Inject(_ context.Context, h http.Header) { h.Set("X-Request-Source", "example") }

func (printer) StartWait(context.Context, bettermode.WaitInfo) func(error) { return nil }

func (printer) StartTokenFetch(ctx context.Context, f bettermode.TokenFetchInfo) (context.Context, func(bettermode.TokenEvent)) {
	ctx, pad := indent(ctx)
	fmt.Printf("%sfetch a %s token\n", pad, f.Kind)
	return ctx, func(ev bettermode.TokenEvent) { fmt.Printf("%s%s token %s\n", pad, ev.Kind, ev.Type) }
}

func (printer) StartConnect(ctx context.Context, _ bettermode.ConnectInfo) (context.Context, func(error)) {
	return ctx, nil
}

// An Observer sees every operation, the token fetch it waits for and the
// mints inside that fetch.
func ExampleWithObserver() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	c, err := bettermode.NewClient(
		bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Member{NetworkDomain: srv.Network().Domain,
			UsernameOrEmail: srv.Member().Email, Password: bettermode.Secret(srv.Member().Password)}),
		bettermode.WithObserver(printer{}),
	)
	if err != nil {
		panic(err)
	}
	defer c.Close()
	var q struct {
		AuthMember struct{ Name string } `graphql:"authMember"`
	}
	if err := c.Query(context.Background(), &q, nil); err != nil {
		panic(err)
	}
	// Output:
	// query authMember
	//   fetch a member token
	//     query Tokens
	//     query Tokens: HTTP 200 after 1 attempt(s)
	//     mutation LoginNetwork
	//     mutation LoginNetwork: HTTP 200 after 1 attempt(s)
	//   member token minted
	// query authMember: HTTP 200 after 1 attempt(s)
}
