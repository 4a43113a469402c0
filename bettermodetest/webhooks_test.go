package bettermodetest_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/webhook"
)

// whT0 is the webhook tests' clock.
var whT0 = time.UnixMilli(1_700_000_000_000)

func whClock() time.Time { return whT0 }

// whHMAC computes a signature independently of the kit.
func whHMAC(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + ":"))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// whRecorder is a hand-written receiver: it records each request and
// answers with answer(body) (the handshake echo by default).
type whRecorder struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   [][]byte
	answer   func(w http.ResponseWriter, body []byte)
}

func (rc *whRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.requests = append(rc.requests, r)
	rc.bodies = append(rc.bodies, body)
	answer := rc.answer
	rc.mu.Unlock()
	if answer != nil {
		answer(w, body)
		return
	}
	var req struct {
		Type string          `json:"type"`
		Data json.RawMessage `json:"data"`
	}
	_ = json.Unmarshal(body, &req)
	w.Header().Set("Content-Type", "application/json")
	if req.Type == "TEST" {
		_, _ = w.Write([]byte(`{"type":"TEST","status":"SUCCEEDED","data":` + string(req.Data) + `}`))
		return
	}
	_, _ = w.Write([]byte(`{"type":"` + req.Type + `","status":"SUCCEEDED","data":{}}`))
}

func TestWebhookSenderSignsLikeBettermode(t *testing.T) {
	rc := &whRecorder{}
	s := bettermodetest.NewWebhookSender("fake-webhook-secret-kit-0001", rc, bettermodetest.WithWebhookClock(whClock))
	ctx := t.Context()

	a, err := s.Handshake(ctx)
	require.NoError(t, err)
	require.True(t, a.Succeeded())
	_, err = s.Send(ctx, "GET_SETTINGS", nil)
	require.NoError(t, err)
	_, err = s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "space_membership.created", ActorID: "fakeMember01",
		Object: map[string]string{"id": "fakeSpace01"}})
	require.NoError(t, err)
	require.Len(t, rc.requests, 3)
	assert.Equal(t, 3, s.Deliveries())

	for i, r := range rc.requests {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		ts := r.Header.Get("X-Bettermode-Request-Timestamp")
		assert.Equal(t, "1700000000000", ts, "Unix milliseconds")
		assert.Equal(t, whHMAC("fake-webhook-secret-kit-0001", ts, rc.bodies[i]), r.Header.Get("X-Bettermode-Signature"))
	}

	var hs struct {
		NetworkID, Context, Type string
		EntityID                 *string
		CurrentSettings          []any
		Data                     struct{ Challenge string }
	}
	require.NoError(t, json.Unmarshal(rc.bodies[0], &hs))
	assert.Equal(t, "TEST", hs.Type)
	assert.Equal(t, "fakeNet0001", hs.NetworkID)
	assert.Equal(t, "NETWORK", hs.Context)
	assert.NotNil(t, hs.CurrentSettings)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{40}$`), hs.Data.Challenge)

	var gs map[string]any
	require.NoError(t, json.Unmarshal(rc.bodies[1], &gs))
	assert.Equal(t, map[string]any{"networkId": "fakeNet0001", "context": "NETWORK", "entityId": "fakeNet0001",
		"currentSettings": []any{}, "type": "GET_SETTINGS"}, gs)

	var ev struct {
		Type string
		Data struct {
			ID, Name, Noun, Verb, VerbAction, Time string
			Actor                                  struct{ ID string }
			Object                                 map[string]string
			Target                                 map[string]string
		}
	}
	require.NoError(t, json.Unmarshal(rc.bodies[2], &ev))
	assert.Equal(t, "SUBSCRIPTION", ev.Type)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{32}$`), ev.Data.ID)
	assert.Equal(t, "space_membership.created", ev.Data.Name)
	assert.Equal(t, "SPACE_MEMBERSHIP", ev.Data.Noun)
	assert.Equal(t, "CREATED", ev.Data.Verb)
	assert.Equal(t, "2023-11-14T22:13:20.000Z", ev.Data.Time)
	assert.Equal(t, "fakeMember01", ev.Data.Actor.ID)
	assert.Equal(t, map[string]string{"id": "fakeSpace01"}, ev.Data.Object)
	assert.Equal(t, map[string]string{"networkId": "fakeNet0001"}, ev.Data.Target)

	// SignWebhook is the same computation.
	assert.Equal(t, "f805ddab379f28c9d6e92f368043c5d0386cb826ba28073f362ece56a0bdf135",
		bettermodetest.SignWebhook("fake-webhook-secret-0001", "1700000000000", []byte(`{"type":"TEST","data":{"challenge":"abc"}}`)))

	_, err = s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "nodot"})
	require.Error(t, err)
	assert.Len(t, rc.requests, 3, "an invalid event is not sent")
}

func TestWebhookSenderOptions(t *testing.T) {
	rc := &whRecorder{}
	s := bettermodetest.NewWebhookSender("fake-webhook-secret-kit-0001", rc, bettermodetest.WithWebhookClock(whClock),
		bettermodetest.WithWebhookNetwork("fakeNet0002"))
	ctx := t.Context()
	last := func() (ts, sig string, body []byte) {
		r := rc.requests[len(rc.requests)-1]
		return r.Header.Get("X-Bettermode-Request-Timestamp"), r.Header.Get("X-Bettermode-Signature"), rc.bodies[len(rc.bodies)-1]
	}
	for _, tc := range []struct {
		name   string
		opt    bettermodetest.WebhookOption
		secret string
		ts     string
		sig    string // "" = computed with secret and ts; "-" = absent
	}{
		{"wrong secret", bettermodetest.WebhookWrongSecret(), "fake-wrong-webhook-secret-0000", "1700000000000", ""},
		{"signed with another secret", bettermodetest.WebhookSignedWith("fake-old-secret"), "fake-old-secret", "1700000000000", ""},
		{"stale", bettermodetest.WebhookTimestampOffset(-16 * time.Minute), "fake-webhook-secret-kit-0001", strconv.FormatInt(whT0.Add(-16*time.Minute).UnixMilli(), 10), ""},
		{"future", bettermodetest.WebhookTimestampOffset(16 * time.Minute), "fake-webhook-secret-kit-0001", strconv.FormatInt(whT0.Add(16*time.Minute).UnixMilli(), 10), ""},
		{"verbatim timestamp", bettermodetest.WebhookTimestamp("1700000000"), "fake-webhook-secret-kit-0001", "1700000000", ""},
		{"verbatim signature", bettermodetest.WebhookSignature("ABC"), "", "1700000000000", "ABC"},
		{"no signature", bettermodetest.WebhookOmitSignature(), "", "1700000000000", "-"},
		{"no timestamp", bettermodetest.WebhookOmitTimestamp(), "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := s.Send(ctx, "SUBSCRIPTION", map[string]string{"id": "opt-1"}, tc.opt)
			require.NoError(t, err)
			assert.Equal(t, "opt-1", a.Request.EventID)
			ts, sig, body := last()
			assert.Equal(t, tc.ts, ts)
			assert.Contains(t, string(body), `"networkId":"fakeNet0002"`)
			switch tc.sig {
			case "":
				if tc.secret != "" {
					assert.Equal(t, whHMAC(tc.secret, tc.ts, body), sig)
				} else {
					assert.Equal(t, whHMAC("fake-webhook-secret-kit-0001", "1700000000000", body), sig)
				}
			case "-":
				assert.Empty(t, sig)
			default:
				assert.Equal(t, tc.sig, sig)
			}
			assert.Equal(t, ts, a.Request.Timestamp)
			assert.Equal(t, sig, a.Request.Signature)
		})
	}
}

// whReceiver returns a webhook.Handler with secrets and a counter of
// SUBSCRIPTION calls.
func whReceiver(t *testing.T, secrets ...bettermode.Secret) (*webhook.Handler, *atomic.Int32) {
	t.Helper()
	h, err := webhook.NewHandler(webhook.Config{Secrets: secrets, Now: whClock})
	require.NoError(t, err)
	var calls atomic.Int32
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls.Add(1)
		if ev.Name == "post.deleted" {
			return webhook.Fail("cannot delete")
		}
		return nil
	})
	h.OnInteraction(func(ctx context.Context, req *webhook.Request, in *webhook.Interaction) (any, error) {
		return map[string]any{"interactions": []any{}}, nil
	})
	return h, &calls
}

// TestWebhookSenderWithHandler plays Bettermode against package webhook's
// Handler: the handshake, an event, its retries and every rejection.
func TestWebhookSenderWithHandler(t *testing.T) {
	h, calls := whReceiver(t, bettermodetest.WebhookSigningSecret)
	s := bettermodetest.NewWebhookSender(bettermodetest.WebhookSigningSecret, h, bettermodetest.WithWebhookClock(whClock))
	ctx := t.Context()

	a, err := s.Handshake(ctx)
	require.NoError(t, err)
	assert.Equal(t, "TEST", a.Envelope.Type)

	first, err := s.SendEvent(ctx, bettermodetest.WebhookEvent{ID: "fake-event-0001", Name: "post.published", Object: json.RawMessage(`{"id":"p1"}`)})
	require.NoError(t, err)
	require.True(t, first.Succeeded())
	assert.Equal(t, "fake-event-0001", first.Request.EventID)
	for i := range 3 {
		retry, err := s.Retry(ctx, first, bettermodetest.WebhookTimestampOffset(time.Duration(i+1)*time.Second))
		require.NoError(t, err)
		assert.True(t, retry.Succeeded())
		assert.Equal(t, first.Request.Body, retry.Request.Body)
		assert.Equal(t, "fake-event-0001", retry.Request.EventID)
		assert.NotEqual(t, first.Request.Timestamp, retry.Request.Timestamp)
		assert.NotEqual(t, first.Request.Signature, retry.Request.Signature)
	}
	assert.Equal(t, int32(1), calls.Load(), "retries are acknowledged without a second call")

	failed, err := s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "post.deleted"})
	require.NoError(t, err, "a FAILED envelope is a well-formed answer")
	assert.False(t, failed.Succeeded())
	assert.Equal(t, "FAILED", failed.Envelope.Status)
	assert.Equal(t, "cannot delete", failed.Envelope.ErrorMessage)
	assert.JSONEq(t, "10", string(failed.Envelope.ErrorCode))

	in, err := s.Send(ctx, "INTERACTION", map[string]any{"interactionId": "i1", "actorId": "fakeMember01", "appId": "a1"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"interactions":[]}`, string(in.Envelope.Data))

	unknown, err := s.Send(ctx, "SOMETHING_NEW", map[string]string{"id": "x"})
	require.NoError(t, err)
	assert.Equal(t, "FAILED", unknown.Envelope.Status)
	assert.Equal(t, "SOMETHING_NEW", unknown.Envelope.Type)

	before := calls.Load()
	for _, tc := range []struct {
		name string
		opt  bettermodetest.WebhookOption
		code int
	}{
		{"wrong secret", bettermodetest.WebhookWrongSecret(), 401},
		{"no signature", bettermodetest.WebhookOmitSignature(), 401},
		{"signature of the wrong length", bettermodetest.WebhookSignature("abc123"), 401},
		{"uppercase signature", bettermodetest.WebhookSignature(strings.ToUpper(bettermodetest.SignWebhook(bettermodetest.WebhookSigningSecret, "1700000000000", first.Request.Body))), 401},
		{"no timestamp", bettermodetest.WebhookOmitTimestamp(), 400},
		{"16 minutes old", bettermodetest.WebhookTimestampOffset(-16 * time.Minute), 400},
		{"16 minutes ahead", bettermodetest.WebhookTimestampOffset(16 * time.Minute), 400},
		{"timestamp in seconds", bettermodetest.WebhookTimestamp("1700000000"), 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "post.published"}, tc.opt)
			require.NoError(t, err)
			assert.Equal(t, tc.code, a.StatusCode, string(a.Body))
			assert.Nil(t, a.Envelope)
			assert.False(t, a.Succeeded())
			// A retry of a rejected delivery is processed.
			if tc.code == 401 {
				r, err := s.Retry(ctx, a)
				require.NoError(t, err)
				assert.True(t, r.Succeeded())
			}
		})
	}
	assert.Equal(t, before+4, calls.Load(), "only the good retries reached the function")

	// A handshake the receiver refuses is an error.
	a, err = s.Handshake(ctx, bettermodetest.WebhookWrongSecret())
	require.ErrorIs(t, err, bettermodetest.ErrWebhookAnswer)
	assert.Equal(t, 401, a.StatusCode)

	raw, err := s.SendRaw(ctx, []byte(`not json`))
	require.NoError(t, err)
	assert.Equal(t, 400, raw.StatusCode)
}

func TestWebhookSenderRotation(t *testing.T) {
	h, calls := whReceiver(t, "fake-new-secret-0002", "fake-old-secret-0001")
	s := bettermodetest.NewWebhookSender("fake-new-secret-0002", h, bettermodetest.WithWebhookClock(whClock))
	ctx := t.Context()
	for _, tc := range []struct {
		opt  []bettermodetest.WebhookOption
		code int
	}{
		{nil, 200},
		{[]bettermodetest.WebhookOption{bettermodetest.WebhookSignedWith("fake-old-secret-0001")}, 200},
		{[]bettermodetest.WebhookOption{bettermodetest.WebhookSignedWith("fake-older-secret-0000")}, 401},
	} {
		a, err := s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "post.published"}, tc.opt...)
		require.NoError(t, err)
		assert.Equal(t, tc.code, a.StatusCode)
	}
	assert.Equal(t, int32(2), calls.Load())
}

// TestWebhookSenderURL delivers over HTTP to a receiver in an
// httptest.Server.
func TestWebhookSenderURL(t *testing.T) {
	h, calls := whReceiver(t, bettermodetest.WebhookSigningSecret)
	srv := httptest.NewServer(h)
	defer srv.Close()
	s := bettermodetest.NewWebhookSenderURL(bettermodetest.WebhookSigningSecret, srv.URL,
		bettermodetest.WithWebhookHTTPClient(srv.Client()), bettermodetest.WithWebhookClock(whClock))
	ctx := t.Context()

	_, err := s.Handshake(ctx)
	require.NoError(t, err)
	a, err := s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "member.verified"})
	require.NoError(t, err)
	require.True(t, a.Succeeded())
	r, err := s.Retry(ctx, a)
	require.NoError(t, err)
	require.True(t, r.Succeeded())
	assert.Equal(t, int32(1), calls.Load())
	forged, err := s.Retry(ctx, a, bettermodetest.WebhookWrongSecret())
	require.NoError(t, err)
	assert.Equal(t, 401, forged.StatusCode)

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.SendEvent(cctx, bettermodetest.WebhookEvent{Name: "member.verified"})
	require.ErrorIs(t, err, context.Canceled)

	bad := bettermodetest.NewWebhookSenderURL(bettermodetest.WebhookSigningSecret, "http://[::1]:namedport")
	_, err = bad.Handshake(ctx)
	require.Error(t, err)
}

// TestWebhookSenderChecksAnswers runs hand-written receivers that answer
// wrongly: each answer is returned with an error wrapping ErrWebhookAnswer.
func TestWebhookSenderChecksAnswers(t *testing.T) {
	ctx := t.Context()
	jsonAnswer := func(body string) func(http.ResponseWriter, []byte) {
		return func(w http.ResponseWriter, _ []byte) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}
	}
	for _, tc := range []struct {
		name      string
		answer    func(http.ResponseWriter, []byte)
		handshake bool
	}{
		{"handshake without the challenge", jsonAnswer(`{"type":"TEST","status":"SUCCEEDED","data":{}}`), true},
		{"handshake with another challenge", jsonAnswer(`{"type":"TEST","status":"SUCCEEDED","data":{"challenge":"other"}}`), true},
		{"handshake failed", jsonAnswer(`{"type":"TEST","status":"FAILED","data":{}}`), true},
		{"handshake as plain text", func(w http.ResponseWriter, _ []byte) { _, _ = w.Write([]byte("ok")) }, true},
		{"handshake of the wrong type", jsonAnswer(`{"type":"SUBSCRIPTION","status":"SUCCEEDED","data":{}}`), true},
		{"handshake answered 500", func(w http.ResponseWriter, _ []byte) { http.Error(w, "boom", 500) }, true},
		{"type of another request", jsonAnswer(`{"type":"INTERACTION","status":"SUCCEEDED","data":{}}`), false},
		{"no status", jsonAnswer(`{"type":"SUBSCRIPTION","data":{}}`), false},
		{"status in another case", jsonAnswer(`{"type":"SUBSCRIPTION","status":"Succeeded","data":{}}`), false},
		{"data not an object", jsonAnswer(`{"type":"SUBSCRIPTION","status":"SUCCEEDED","data":[]}`), false},
		{"not JSON", jsonAnswer(`<html>`), false},
		{"two objects", jsonAnswer(`{"type":"SUBSCRIPTION","status":"SUCCEEDED"}{}`), false},
		{"not application/json", func(w http.ResponseWriter, _ []byte) {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = w.Write([]byte(`{"type":"SUBSCRIPTION","status":"SUCCEEDED","data":{}}`))
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := bettermodetest.NewWebhookSender(bettermodetest.WebhookSigningSecret, &whRecorder{answer: tc.answer})
			var a *bettermodetest.WebhookAnswer
			var err error
			if tc.handshake {
				a, err = s.Handshake(ctx)
			} else {
				a, err = s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "post.published"})
			}
			require.ErrorIs(t, err, bettermodetest.ErrWebhookAnswer)
			require.NotNil(t, a)
			assert.False(t, a.Succeeded())
		})
	}

	// A rejection (not 200) is returned without an error for SendEvent:
	// the test decides whether it expected it.
	s := bettermodetest.NewWebhookSender(bettermodetest.WebhookSigningSecret, &whRecorder{answer: func(w http.ResponseWriter, _ []byte) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
	}})
	a, err := s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "post.published"})
	require.NoError(t, err)
	assert.Equal(t, 401, a.StatusCode)
	_, err = s.Retry(ctx, nil)
	require.Error(t, err)
	assert.False(t, (*bettermodetest.WebhookAnswer)(nil).Succeeded())
	assert.False(t, errors.Is(err, bettermodetest.ErrWebhookAnswer))
}

// ExampleWebhookSender tests a receiver the way Bettermode calls it: the
// handshake, an event, a retry, and a forged request.
func ExampleWebhookSender() {
	h, err := webhook.NewHandler(webhook.Config{Secrets: []bettermode.Secret{bettermodetest.WebhookSigningSecret}})
	if err != nil {
		panic(err)
	}
	processed := 0
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		processed++
		return nil
	})

	bm := bettermodetest.NewWebhookSender(bettermodetest.WebhookSigningSecret, h)
	ctx := context.Background()
	hs, err := bm.Handshake(ctx)
	fmt.Println("handshake:", hs.Succeeded(), err)
	ev, err := bm.SendEvent(ctx, bettermodetest.WebhookEvent{ID: "fake-event-0001", Name: "post.published"})
	fmt.Println("event:", ev.StatusCode, string(ev.Body), err)
	retry, err := bm.Retry(ctx, ev)
	fmt.Println("retry:", retry.Succeeded(), retry.Request.EventID, err)
	forged, err := bm.Retry(ctx, ev, bettermodetest.WebhookWrongSecret())
	fmt.Println("forged:", forged.StatusCode, err)
	fmt.Println("processed:", processed)
	// Output:
	// handshake: true <nil>
	// event: 200 {"type":"SUBSCRIPTION","status":"SUCCEEDED","data":{}} <nil>
	// retry: true fake-event-0001 <nil>
	// forged: 401 <nil>
	// processed: 1
}
