// Command bettermode logs in to Bettermode communities, prints and inspects
// tokens, runs GraphQL documents and sends signed test webhooks:
//
//	go install github.com/bettermode-go/bettermode/cmd/bettermode@latest
//	bettermode login
//	bettermode whoami
//	bettermode api 'query { authMember { id name } }'
//	curl -H "Authorization: Bearer $(bettermode token)" ...
//
// bettermode --fake runs every command against the SDK's embedded stand-in
// server with its preloaded fake credentials, offline. See bettermode --help.
//
// Exit codes: 0 ok, 1 API or authentication failure, 2 usage error, 130
// interrupted.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/bettermode-go/bettermode/cmd/bettermode/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	// A second Ctrl-C ends the program at once.
	context.AfterFunc(ctx, stop)
	code := cli.Main(ctx, os.Args[1:], cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
