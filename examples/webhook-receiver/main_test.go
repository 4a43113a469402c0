package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// secrets are every signing secret the tests use; none may be printed.
var secrets = []string{bettermodetest.WebhookSigningSecret, "fake-wrong-webhook-secret-0000", "fake-serve-secret-0001", "fake-serve-secret-0000"}

func checkNoSecret(t *testing.T, text string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("output contains the secret %q:\n%s", s, text)
		}
	}
}

func checkContains(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("output lacks %q:\n%s", w, text)
		}
	}
}

func TestOffline(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), func(string) string { return "" }, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	checkContains(t, text,
		"offline: the receiver listens at http://127.0.0.1:",
		`answer: HTTP 200 {"type":"TEST","status":"SUCCEEDED","data":{"challenge":"`,
		`app: post fakePost0001 "Hello, webhooks" published on fakeNet0001 (event fake-event-0001)`,
		`answer: HTTP 200 {"type":"SUBSCRIPTION","status":"SUCCEEDED","data":{}}`,
		`app: interaction fakeInteraction01 by fakeMember01 in block "settings"`,
		`"type":"OPEN_TOAST"`,
		"answer: HTTP 401 bettermode: webhook: the signature does not match",
		"answer: HTTP 400 bettermode: webhook: the request is older than the tolerance window",
		"status=401", "status=400",
		"deliveries: 6; events the app processed: 1")
	if n := strings.Count(text, `{"type":"SUBSCRIPTION","status":"SUCCEEDED","data":{}}`); n != 2 {
		t.Errorf("%d SUCCEEDED answers to the event; want 2 (the event and its retry)", n)
	}
	if n := strings.Count(text, "app: post "); n != 1 {
		t.Errorf("the app processed the post %d times; want 1", n)
	}
	checkNoSecret(t, text)
}

func TestRunNeedsSecret(t *testing.T) {
	var out bytes.Buffer
	env := map[string]string{"WEBHOOK_LISTEN": "127.0.0.1:0"}
	err := run(t.Context(), func(k string) string { return env[k] }, &out)
	if err == nil || !strings.Contains(err.Error(), "BETTERMODE_SIGNING_SECRET") {
		t.Fatalf("run without a secret: %v", err)
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent use.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServe runs the real mode on a loopback listener with two secrets (a
// rotation), delivers to it, and stops it.
func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, ln, []bettermode.Secret{"fake-serve-secret-0001", "fake-serve-secret-0000"}, &syncWriter{w: out})
	}()

	url := "http://" + ln.Addr().String() + path
	for _, secret := range []string{"fake-serve-secret-0001", "fake-serve-secret-0000"} {
		s := bettermodetest.NewWebhookSenderURL(secret, url)
		if _, err := s.Handshake(ctx); err != nil {
			t.Fatalf("handshake signed with %q: %v", secret, err)
		}
		a, err := s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "member.verified"})
		if err != nil || !a.Succeeded() {
			t.Fatalf("event: %v %+v", err, a)
		}
	}
	s := bettermodetest.NewWebhookSenderURL(bettermodetest.WebhookSigningSecret, url)
	a, err := s.SendEvent(ctx, bettermodetest.WebhookEvent{Name: "member.verified"})
	if err != nil || a.StatusCode != 401 {
		t.Fatalf("an unknown secret: %v %+v", err, a)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	text := out.String()
	checkContains(t, text, "listening on http://127.0.0.1:", "(2 signing secret(s))",
		"app: member.verified on fakeNet0001, nothing to do", "status=401", "stopped")
	if n := strings.Count(text, "member.verified on"); n != 2 {
		t.Errorf("%d events processed; want 2", n)
	}
	checkNoSecret(t, text)
}
