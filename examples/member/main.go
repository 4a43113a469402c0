// Command member logs a member in with username (or e-mail) and password and
// acts as that member.
//
// bettermode.Member gets a guest token, runs the loginNetwork mutation with
// it, and keeps the session: the client renews it with the refresh token
// before it expires, and sends the password again only if that is rejected.
// The password is never printed, logged or put in an error. The program runs
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
	m := srv.Member() // the stand-in's fake member; in a real program, read these from a secret store

	login := bettermode.Member{
		NetworkDomain:   srv.Network().Domain,
		UsernameOrEmail: m.Email, // or m.Username
		Password:        bettermode.Secret(m.Password),
	}
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(login))
	if err != nil {
		return err
	}
	defer c.Close()

	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "token: kind=%s role=%s member=%s (%s)\n", tok.Kind, tok.Role, tok.MemberID, tok.MemberName)
	fmt.Fprintf(out, "refresh token issued: %t\n", tok.RefreshToken != "")
	fmt.Fprintf(out, "the source prints as: %+v\n", login) // Password:REDACTED: a Secret never prints itself

	var q struct {
		AuthMember struct {
			Name string `graphql:"name"`
			Role struct {
				Name string `graphql:"name"`
			} `graphql:"role"`
		} `graphql:"authMember"`
	}
	if err := c.Query(ctx, &q, nil); err != nil {
		return err
	}
	fmt.Fprintf(out, "authMember: %s, role %s\n", q.AuthMember.Name, q.AuthMember.Role.Name)

	// A wrong password fails with ErrUnauthorized, without repeating it.
	bad := login
	bad.Password = "not-the-password"
	c2, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bad))
	if err != nil {
		return err
	}
	defer c2.Close()
	_, err = c2.Token(ctx)
	fmt.Fprintf(out, "wrong password: unauthorized=%t: %v\n", errors.Is(err, bettermode.ErrUnauthorized), err)
	return nil
}
