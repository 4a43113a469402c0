// Command webhook-receiver receives Bettermode app webhooks with package
// webhook: it verifies each request's signature and timestamp, answers the
// registration handshake, acknowledges retries without processing an event
// twice, and answers each type in the envelope Bettermode expects.
//
//	go run ./examples/webhook-receiver
//
// With no WEBHOOK_LISTEN set it runs offline: it starts the receiver on a
// loopback httptest server and plays Bettermode with the WebhookSender of
// package bettermodetest: the handshake of the developer portal, an event,
// Bettermode's retry of it, an interaction, a forged request and a replay;
// it prints each answer and exits.
//
// With WEBHOOK_LISTEN set it serves for real at /webhooks/bettermode until
// interrupted:
//
//	WEBHOOK_LISTEN                       the address to listen on, such as ":8080" (behind TLS)
//	BETTERMODE_SIGNING_SECRET            the app's signing secret (developer portal, Credentials)
//	BETTERMODE_PREVIOUS_SIGNING_SECRET   the previous one, while rotating
//
// The program never prints a secret or a signature.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/webhook"
)

// path is where the receiver is mounted.
const path = "/webhooks/bettermode"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Getenv, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, env func(string) string, out io.Writer) error {
	out = &syncWriter{w: out}
	addr := env("WEBHOOK_LISTEN")
	if addr == "" {
		return offline(ctx, out)
	}
	secrets := []bettermode.Secret{bettermode.Secret(env("BETTERMODE_SIGNING_SECRET"))}
	if secrets[0] == "" {
		return errors.New("set BETTERMODE_SIGNING_SECRET to the app's signing secret")
	}
	if prev := env("BETTERMODE_PREVIOUS_SIGNING_SECRET"); prev != "" {
		secrets = append(secrets, bettermode.Secret(prev))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return serve(ctx, ln, secrets, out)
}

// app is what a real app does with its webhooks; here it prints.
type app struct {
	out       io.Writer
	processed atomic.Int32
}

// newReceiver builds the webhook handler and registers the app's functions.
func newReceiver(secrets []bettermode.Secret, out io.Writer) (*webhook.Handler, *app, error) {
	logger := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{
		Level: slog.LevelWarn,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "remote" {
				return slog.Attr{}
			}
			return a
		},
	}))
	h, err := webhook.NewHandler(webhook.Config{Secrets: secrets, Logger: logger})
	if err != nil {
		return nil, nil, err
	}
	a := &app{out: out}
	h.OnSubscription(a.event)
	h.OnInteraction(a.interaction)
	h.OnAppInstalled(func(ctx context.Context, req *webhook.Request, inst *webhook.Installation) error {
		fmt.Fprintf(a.out, "  app: installed on %s\n", req.NetworkID)
		return nil
	})
	h.OnAppUninstalled(func(ctx context.Context, req *webhook.Request, inst *webhook.Installation) error {
		fmt.Fprintf(a.out, "  app: uninstalled from %s\n", req.NetworkID)
		return nil
	})
	return h, a, nil
}

// event handles a community event.
func (a *app) event(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
	a.processed.Add(1)
	switch ev.Name {
	case "post.published":
		var post struct{ ID, Title string }
		if err := ev.DecodeObject(&post); err != nil {
			return &webhook.Failure{Code: webhook.CodeInvalidParameter, Message: "the post could not be read", Err: err}
		}
		fmt.Fprintf(a.out, "  app: post %s %q published on %s (event %s)\n", post.ID, post.Title, req.NetworkID, ev.ID)
	default:
		fmt.Fprintf(a.out, "  app: %s on %s, nothing to do\n", ev.Name, req.NetworkID)
	}
	return nil
}

// interaction answers a click in the app's dynamic block with a toast.
func (a *app) interaction(ctx context.Context, req *webhook.Request, in *webhook.Interaction) (any, error) {
	fmt.Fprintf(a.out, "  app: interaction %s by %s in block %q\n", in.InteractionID, in.ActorID, in.DynamicBlockKey)
	return map[string]any{"interactions": []any{map[string]any{
		"id": "thanks", "type": "OPEN_TOAST",
		"props": map[string]string{"status": "SUCCESS", "title": "Thanks!"},
	}}}, nil
}

// offline plays Bettermode against the receiver on a loopback server.
func offline(ctx context.Context, out io.Writer) error {
	secret := bettermode.Secret(bettermodetest.WebhookSigningSecret)
	h, a, err := newReceiver([]bettermode.Secret{secret}, out)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+path, h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	fmt.Fprintf(out, "offline: the receiver listens at %s%s (signing secret %v)\n", srv.URL, path, secret)

	bm := bettermodetest.NewWebhookSenderURL(secret.Reveal(), srv.URL+path, bettermodetest.WithWebhookHTTPClient(srv.Client()))
	show := func(what string, ans *bettermodetest.WebhookAnswer, err error) error {
		if ans != nil {
			fmt.Fprintf(out, "  answer: HTTP %d %s\n", ans.StatusCode, strings.TrimSpace(string(ans.Body)))
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}

	fmt.Fprintln(out, "1. the handshake, as when the webhook URL is saved in the developer portal")
	ans, err := bm.Handshake(ctx)
	if err := show("handshake", ans, err); err != nil {
		return err
	}

	fmt.Fprintln(out, "2. an event: post.published")
	first, err := bm.SendEvent(ctx, bettermodetest.WebhookEvent{ID: "fake-event-0001", Name: "post.published",
		ActorID: "fakeMember01", Object: map[string]string{"id": "fakePost0001", "title": "Hello, webhooks"}})
	if err := show("event", first, err); err != nil {
		return err
	}

	fmt.Fprintln(out, "3. Bettermode retries it (same data.id, new timestamp and signature): acknowledged, not processed again")
	ans, err = bm.Retry(ctx, first, bettermodetest.WebhookTimestampOffset(30*time.Second))
	if err := show("retry", ans, err); err != nil {
		return err
	}

	fmt.Fprintln(out, "4. an interaction with the app's dynamic block")
	ans, err = bm.Send(ctx, webhook.TypeInteraction, json.RawMessage(
		`{"actorId":"fakeMember01","appId":"fakeApp01","interactionId":"fakeInteraction01","dynamicBlockKey":"settings","inputs":null}`))
	if err := show("interaction", ans, err); err != nil {
		return err
	}

	fmt.Fprintln(out, "5. a forged request (signed with another secret): refused")
	ans, err = bm.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "post.deleted"}, bettermodetest.WebhookWrongSecret())
	if err := show("forged", ans, err); err != nil {
		return err
	}

	fmt.Fprintln(out, "6. a replay of the event's request 20 minutes later: refused")
	ans, err = bm.Retry(ctx, first, bettermodetest.WebhookTimestampOffset(-20*time.Minute))
	if err := show("replay", ans, err); err != nil {
		return err
	}

	fmt.Fprintf(out, "deliveries: %d; events the app processed: %d\n", bm.Deliveries(), a.processed.Load())
	return nil
}

// serve runs the receiver on ln until ctx ends.
func serve(ctx context.Context, ln net.Listener, secrets []bettermode.Secret, out io.Writer) error {
	h, _, err := newReceiver(secrets, out)
	if err != nil {
		_ = ln.Close()
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+path, h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	fmt.Fprintf(out, "listening on http://%s%s (%d signing secret(s))\n", ln.Addr(), path, len(secrets))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	<-errc
	fmt.Fprintln(out, "stopped")
	return err
}

// syncWriter serializes writes: the receiver's functions print from their
// own goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
