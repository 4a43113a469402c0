// Command eu talks to a community hosted in Bettermode's EU region.
//
// Bettermode runs separate US and EU deployments; a community lives in one,
// and a token of one region is rejected by the other. A real program picks
// the EU API with bettermode.WithRegion(bettermode.EU) (or a region name
// through ParseRegion, or BETTERMODE_REGION with FromEnv). This program runs
// against two embedded stand-in servers of package bettermodetest instead, one
// playing the EU region and one the US region, so it connects to them with
// WithEndpoint.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

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
	region, err := bettermode.ParseRegion("eu-central-1") // "eu" and "EU" work too
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "region %s (%s), real endpoint %s\n", region.Name, region.ID, bettermode.EU.Endpoint)

	eu := bettermodetest.NewServer(bettermodetest.WithRegion(bettermodetest.RegionEU))
	defer eu.Close()
	m := eu.Member()
	login := bettermode.Member{NetworkDomain: eu.Network().Domain, UsernameOrEmail: m.Username, Password: bettermode.Secret(m.Password)}

	// Real program: bettermode.NewClient(bettermode.WithRegion(region), bettermode.WithCredentials(login))
	c, err := bettermode.NewClient(bettermode.WithEndpoint(eu.URL), bettermode.WithCredentials(login))
	if err != nil {
		return err
	}
	defer c.Close()
	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "EU login: kind=%s role=%s member=%s\n", tok.Kind, tok.Role, tok.MemberID)

	// The US deployment does not know the EU region's tokens.
	us := bettermodetest.NewServer() // RegionUS
	defer us.Close()
	cu, err := bettermode.NewClient(bettermode.WithEndpoint(us.URL), bettermode.WithCredentials(bettermode.StaticToken(tok.AccessToken.Reveal())))
	if err != nil {
		return err
	}
	defer cu.Close()
	var q struct {
		AuthMember struct{ ID string } `graphql:"authMember"`
	}
	err = cu.Query(ctx, &q, nil)
	fmt.Fprintf(out, "EU token at the US API: unauthorized=%t\n", errors.Is(err, bettermode.ErrUnauthorized))
	fmt.Fprintf(out, "US stand-in rejections for the wrong region: %d\n", us.Rejected(bettermodetest.RejectWrongRegion))
	return nil
}
