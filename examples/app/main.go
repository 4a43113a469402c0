// Command app gets app tokens with an app's client id and secret: one for
// the app's bot, and one that impersonates a member.
//
// bettermode.App runs Bettermode's limitedToken query with HTTP Basic client
// credentials. Without ImpersonateMemberID the token acts as the app's bot,
// which can do what a community admin can; with it, as that member. The app
// must be installed on the community, or Bettermode answers Forbidden. The
// client secret is never printed, logged or put in an error. The program runs
// against the embedded stand-in server of package bettermodetest.
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
	srv := bettermodetest.NewServer()
	defer srv.Close()
	a := srv.App() // the stand-in's installed app; in a real program, read these from a secret store

	bot := bettermode.App{ClientID: a.ClientID, ClientSecret: bettermode.Secret(a.ClientSecret), NetworkID: srv.Network().ID}
	impersonated := bot
	impersonated.ImpersonateMemberID = srv.Member().ID
	uninstalled := bot
	uninstalled.ClientID, uninstalled.ClientSecret = srv.UninstalledApp().ClientID, bettermode.Secret(srv.UninstalledApp().ClientSecret)

	for _, step := range []struct {
		name string
		src  bettermode.App
	}{{"bot", bot}, {"impersonated", impersonated}, {"uninstalled", uninstalled}} {
		c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(step.src))
		if err != nil {
			return err
		}
		defer c.Close()
		var q struct {
			AuthMember struct {
				ID   string `graphql:"id"`
				Name string `graphql:"name"`
			} `graphql:"authMember"`
		}
		// The query mints the token on first use; Token shows what it is.
		if err := c.Query(ctx, &q, nil); errors.Is(err, bettermode.ErrForbidden) {
			fmt.Fprintf(out, "%-12s forbidden: %v\n", step.name, err)
			continue
		} else if err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
		tok, err := c.Token(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%-12s kind=%s role=%-6s member=%s authMember=%q\n",
			step.name, tok.Kind, tok.Role, tok.MemberID, q.AuthMember.Name)
	}
	fmt.Fprintf(out, "app tokens minted: %d\n", srv.Minted(bettermodetest.KindApp))
	fmt.Fprintf(out, "the source prints as: %+v\n", bot) // ClientSecret:REDACTED: a Secret never prints itself
	return nil
}
