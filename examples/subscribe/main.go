// Command subscribe runs a GraphQL subscription with the client's
// credentials, and keeps it running across a dropped socket.
//
// Client.Subscribe opens a WebSocket (wss:// for an https endpoint) and
// sends the token twice, as servers want it: in the upgrade request's
// Authorization header and in connection_init's payload
// ({"Authorization": "Bearer …"}; see WithInitAuth for other forms). Every
// reconnect takes the current token from the client's cache, and the socket
// is reopened with a fresh token before the one it was opened with expires.
// The program runs against the embedded stand-in server of package
// bettermodetest, which publishes the events: nothing leaves the machine.
package main

import (
	"context"
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

// memberEvents is the stand-in's subscription (bettermodetest.SubscriptionSDL),
// described as a Query result is.
type memberEvents struct {
	MemberEvents struct {
		Name   string
		Member struct {
			Name string
		}
	} `graphql:"memberEvents"`
}

func run(ctx context.Context, out io.Writer) error {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Guest{NetworkDomain: srv.Network().Domain}))
	if err != nil {
		return err
	}
	defer c.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	events := make(chan string)
	reconnects := make(chan bettermode.ReconnectEvent, 8)
	done := make(chan error, 1)
	go func() {
		var sub memberEvents
		done <- c.Subscribe(ctx, &sub, nil, func(err error) error {
			if err != nil {
				return err // an event that carried errors: stop (or log it and return nil)
			}
			select {
			case events <- sub.MemberEvents.Name + " (" + sub.MemberEvents.Member.Name + ")":
			case <-ctx.Done():
			}
			return nil
		}, bettermode.WithReconnectHook(func(ev bettermode.ReconnectEvent) { reconnects <- ev }))
	}()

	// The stand-in plays Bettermode: it publishes once the subscription runs.
	subscribed := func(sockets int) error {
		return srv.WaitSubscriptions(ctx, func(st bettermodetest.SubscriptionStats) bool {
			return st.Acknowledged == sockets && st.Active == 1 && st.Open == 1
		})
	}
	publish := func(name string) error {
		srv.Publish("memberEvents", map[string]any{"id": name, "name": name, "member": map[string]any{"id": "fakeMember01", "name": "Fake Member"}})
		select {
		case ev := <-events:
			fmt.Fprintf(out, "event: %s\n", ev)
			return nil
		case err := <-done:
			return err
		}
	}
	if err := subscribed(1); err != nil {
		return err
	}
	if err := publish("member.verified"); err != nil {
		return err
	}

	// The server drops the socket; the client reopens it and resumes.
	srv.DropSubscriptions()
	ev := <-reconnects
	fmt.Fprintf(out, "reconnecting: %s (close code %d)\n", ev.Reason, ev.Code)
	if err := subscribed(2); err != nil {
		return err
	}
	if err := publish("member.updated"); err != nil {
		return err
	}

	cancel()
	fmt.Fprintf(out, "stopped: %v\n", <-done) // nil: cancelling is how a subscription ends
	fmt.Fprintf(out, "sockets opened: %d, with %d token(s)\n", srv.SubscriptionConnections(), len(srv.SubscriptionTokens()))
	return nil
}
