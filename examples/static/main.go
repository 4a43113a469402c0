// Command static uses a token you already have: bettermode.StaticToken sends
// it as it is, with no minting and no refresh, and NewTransport puts it on
// plain net/http requests.
//
// A StaticToken reads its expiry, role and network from the JWT claims. Its
// scheme is Bearer unless WithScheme says otherwise: SchemeBare sends the
// bare token ("Authorization: <token>") for APIs that want that. The program
// runs against the embedded stand-in server of package bettermodetest, and
// never prints the token.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	// Stands in for a token from elsewhere: a secret store, another login flow.
	token := srv.MintToken(bettermodetest.KindMember, srv.Member().ID)

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.StaticToken(token)))
	if err != nil {
		return err
	}
	defer c.Close()
	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "static token: kind=%s role=%s member=%s expiry known=%t\n", tok.Kind, tok.Role, tok.MemberID, !tok.Expiry.IsZero())
	var q struct {
		AuthMember struct{ Name string } `graphql:"authMember"`
	}
	if err := c.Query(ctx, &q, nil); err != nil {
		return err
	}
	fmt.Fprintf(out, "Client.Query authMember: %s\n", q.AuthMember.Name)

	// NewTransport authenticates any net/http request, here a hand-written POST.
	hc := &http.Client{Transport: bettermode.NewTransport(bettermode.StaticToken(token), nil)}
	body := strings.NewReader(`{"query":"{ authMember { name } }"}`)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var answer struct {
		Data struct{ AuthMember struct{ Name string } }
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return err
	}
	fmt.Fprintf(out, "net/http with NewTransport: HTTP %d, authMember %s\n", resp.StatusCode, answer.Data.AuthMember.Name)

	// SchemeBare: an API (here a local test server) that takes the bare token.
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "bare token received: %t", r.Header.Get("Authorization") == token)
	}))
	defer bare.Close()
	hc.Transport = bettermode.NewTransport(bettermode.StaticToken(token, bettermode.WithScheme(bettermode.SchemeBare)), nil)
	resp2, err := hc.Get(bare.URL)
	if err != nil {
		return err
	}
	defer resp2.Body.Close()
	msg, _ := io.ReadAll(resp2.Body)
	fmt.Fprintf(out, "WithScheme(SchemeBare): %s\n", msg)
	return nil
}
