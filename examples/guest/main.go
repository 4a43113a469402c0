// Command guest gets a guest token, the open credentials of a visitor who is
// not logged in, and reads the community with it.
//
// bettermode.Guest needs only the community's domain (or id): the SDK runs
// Bettermode's tokens query, which needs no authentication, and the client
// caches the token until shortly before it expires. The program runs against
// the embedded stand-in server of package bettermodetest: nothing leaves the
// machine.
package main

import (
	"context"
	"fmt"
	"io"
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

	// A real program leaves WithEndpoint out (the US API is the default) or
	// uses WithRegion(bettermode.EU).
	c, err := bettermode.NewClient(
		bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Guest{NetworkDomain: srv.Network().Domain}),
	)
	if err != nil {
		return err
	}
	defer c.Close()

	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "token: kind=%s role=%s network=%s\n", tok.Kind, tok.Role, tok.NetworkID)
	fmt.Fprintf(out, "guest member id starts with GUEST_: %t\n", strings.HasPrefix(tok.MemberID, "GUEST_"))
	fmt.Fprintf(out, "refresh token issued: %t (a guest gets a new token instead)\n", tok.RefreshToken != "")

	// Requests carry the cached token: no second tokens query.
	var q struct {
		Network struct {
			Name       string `graphql:"name"`
			Visibility string `graphql:"visibility"`
		} `graphql:"network"`
	}
	if err := c.Query(ctx, &q, nil); err != nil {
		return err
	}
	fmt.Fprintf(out, "network: %q (%s)\n", q.Network.Name, q.Network.Visibility)
	fmt.Fprintf(out, "guest tokens minted: %d\n", srv.Minted(bettermodetest.KindGuest))
	return nil
}
