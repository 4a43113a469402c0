package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/webhook"
)

func ExampleVerify() {
	secret := bettermode.Secret("fake-webhook-secret-0001")
	body := []byte(`{"type":"TEST","data":{"challenge":"abc"}}`)
	sent := time.UnixMilli(1_700_000_000_000)
	ts := webhook.Timestamp(sent)
	sig := webhook.Sign(secret, ts, body)
	fmt.Println(ts, sig)

	at := func(t time.Time) webhook.Option { return webhook.WithClock(func() time.Time { return t }) }
	fmt.Println(webhook.Verify(secret, ts, body, sig, at(sent.Add(time.Minute))))
	err := webhook.Verify(secret, ts, body, sig, at(sent.Add(20*time.Minute)))
	fmt.Println(errors.Is(err, webhook.ErrTooOld))
	err = webhook.Verify("wrong-secret", ts, body, sig, at(sent))
	fmt.Println(errors.Is(err, webhook.ErrBadSignature))
	// Output:
	// 1700000000000 f805ddab379f28c9d6e92f368043c5d0386cb826ba28073f362ece56a0bdf135
	// <nil>
	// true
	// true
}

func ExampleNewHandler() {
	h, err := webhook.NewHandler(webhook.Config{
		// The signing secret from the developer portal; list the old one too
		// while rotating.
		Secrets: []bettermode.Secret{"fake-webhook-secret-0001"},
	})
	if err != nil {
		log.Fatal(err)
	}
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		fmt.Printf("%s on %s: event %s\n", ev.Name, req.NetworkID, ev.ID)
		return nil
	})
	// In a server: http.Handle("/webhooks/bettermode", h)

	// Deliver an event as Bettermode does, twice (a retry).
	body := []byte(`{"networkId":"fake-network-0001","context":"NETWORK","type":"SUBSCRIPTION",` +
		`"data":{"id":"fake-event-0001","name":"post.published","noun":"POST","verb":"PUBLISHED"}}`)
	for range 2 {
		r := httptest.NewRequest(http.MethodPost, "/webhooks/bettermode", bytes.NewReader(body))
		r.Header = webhook.Headers("fake-webhook-secret-0001", time.Now(), body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// post.published on fake-network-0001: event fake-event-0001
	// 200 {"type":"SUBSCRIPTION","status":"SUCCEEDED","data":{}}
	// 200 {"type":"SUBSCRIPTION","status":"SUCCEEDED","data":{}}
}
