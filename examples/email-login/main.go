// Command email-login logs a member in to a community by a code Bettermode
// mails, as the Bettermode portal does, and acts as that member.
//
//	go run ./examples/email-login
//
// login.NewEmailCodeSource asks Bettermode to mail a code
// (requestGlobalTokenCode), calls a function of yours for it once, trades
// it for a global token (globalToken) and logs in to the community with that
// (loginNetworkWithGlobalToken). The client's cache renews the session with
// its refresh token; the source falls back to the global token, and mails a
// new code only when both are refused.
//
// By default the program runs offline against the embedded stand-in server
// of package bettermodetest, and reads the mailed code from it in place of a
// prompt. With BETTERMODE_EMAIL and BETTERMODE_NETWORK_ID set, it logs in to
// that community of the real API (BETTERMODE_ENDPOINT, default the US API)
// and prompts for the code on the terminal. No code, token or secret is
// printed.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/login"
)

func main() {
	ctx := context.Background()
	var err error
	if email, network := os.Getenv("BETTERMODE_EMAIL"), os.Getenv("BETTERMODE_NETWORK_ID"); email != "" && network != "" {
		err = run(ctx, os.Stdout, os.Getenv("BETTERMODE_ENDPOINT"), login.EmailCode{Email: email, NetworkID: network, Code: promptCode(os.Stdin, os.Stderr)})
	} else {
		err = runOffline(ctx, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// runOffline logs the stand-in server's member in, reading the mailed code
// from the server.
func runOffline(ctx context.Context, out io.Writer) error {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	email := srv.Member().Email
	mailbox := func(ctx context.Context) (string, error) {
		fmt.Fprintln(out, "reading the mailed code (a real program prompts for it)")
		code, ok := srv.EmailedCode(email)
		if !ok {
			return "", errors.New("no code was mailed")
		}
		return code, nil
	}
	if err := run(ctx, out, srv.URL, login.EmailCode{Email: email, NetworkID: srv.Network().ID, Code: mailbox}); err != nil {
		return err
	}
	fmt.Fprintf(out, "requests: requestGlobalTokenCode=%d globalToken=%d loginNetworkWithGlobalToken=%d\n",
		srv.Operations("requestGlobalTokenCode"), srv.Operations("globalToken"), srv.Operations("loginNetworkWithGlobalToken"))

	// A wrong code fails with ErrInvalidInput, and the error does not repeat it.
	anon, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL))
	if err != nil {
		return err
	}
	defer anon.Close()
	_, err = login.VerifyEmailCode(ctx, anon, email, "fake-wrong-code")
	fmt.Fprintf(out, "wrong code: invalid input=%t: %v\n", errors.Is(err, bettermode.ErrInvalidInput), err)
	return nil
}

// run logs in by e-mailed code at endpoint and acts as the member.
func run(ctx context.Context, out io.Writer, endpoint string, cfg login.EmailCode) error {
	src, err := login.NewEmailCodeSource(login.Options{Endpoint: endpoint}, cfg)
	if err != nil {
		return err
	}
	defer src.Close()
	opts := []bettermode.Option{bettermode.WithCredentials(src)}
	if endpoint != "" {
		opts = append(opts, bettermode.WithEndpoint(endpoint))
	}
	c, err := bettermode.NewClient(opts...)
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
	if err := c.Query(ctx, &q, nil); err != nil {
		return err
	}
	fmt.Fprintf(out, "authMember: %s (%s)\n", q.AuthMember.Name, q.AuthMember.ID)
	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "token: kind=%s role=%s refresh token issued: %t\n", tok.Kind, tok.Role, tok.RefreshToken != "")
	fmt.Fprintf(out, "source: %v\n", src) // prints no secret
	return nil
}

// promptCode asks for the mailed code on the terminal.
func promptCode(in io.Reader, prompt io.Writer) func(ctx context.Context) (string, error) {
	r := bufio.NewReader(in)
	return func(ctx context.Context) (string, error) {
		fmt.Fprint(prompt, "Enter the code Bettermode mailed you: ")
		line, err := r.ReadString('\n')
		if err != nil && line == "" {
			return "", err
		}
		return strings.TrimSpace(line), ctx.Err()
	}
}
