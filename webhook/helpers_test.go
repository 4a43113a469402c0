package webhook_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/webhook"
)

// The signing secrets the tests use. They are obviously fake; none may
// appear in an error, a log record or an answer.
const (
	secret1     = bettermode.Secret("fake-webhook-secret-0001")
	secret2     = bettermode.Secret("fake-webhook-secret-0002")
	otherSecret = bettermode.Secret("fake-webhook-secret-9999")
)

var allSecrets = []string{string(secret1), string(secret2), string(otherSecret)}

// t0 is the tests' "now".
var t0 = time.UnixMilli(1_700_000_000_000)

// fixed returns a clock stopped at t.
func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

// refSign computes a signature independently of package webhook: hex
// HMAC-SHA256 of "<ts>:<body>".
func refSign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + ":"))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// ms formats t as Unix milliseconds, independently of webhook.Timestamp.
func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// debugLogger returns a JSON logger at Debug level writing to a buffer.
func debugLogger() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

// newHandler returns a Handler at t0 with secret1, logging to logs.
func newHandler(t *testing.T, mod func(*webhook.Config)) (*webhook.Handler, *syncBuffer) {
	t.Helper()
	logger, logs := debugLogger()
	cfg := webhook.Config{Secrets: []bettermode.Secret{secret1}, Logger: logger, Now: fixed(t0)}
	if mod != nil {
		mod(&cfg)
	}
	h, err := webhook.NewHandler(cfg)
	require.NoError(t, err)
	return h, logs
}

// post builds a POST with the given headers ("" leaves one out).
func post(ctx context.Context, body []byte, ts, sig string) *http.Request {
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, "/webhook", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if ts != "" {
		r.Header.Set("X-Bettermode-Request-Timestamp", ts)
	}
	if sig != "" {
		r.Header.Set("X-Bettermode-Signature", sig)
	}
	return r
}

// signedAt builds a POST of body sent at t, signed with secret.
func signedAt(ctx context.Context, body []byte, t time.Time, secret bettermode.Secret) *http.Request {
	ts := ms(t)
	return post(ctx, body, ts, refSign(string(secret), ts, body))
}

// answer is a decoded answer envelope.
type answer struct {
	Type         string          `json:"type"`
	Status       string          `json:"status"`
	Data         json.RawMessage `json:"data"`
	ErrorCode    int             `json:"errorCode"`
	ErrorMessage string          `json:"errorMessage"`
}

// serve runs r through h and returns the recorder.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// deliver sends body at t0 signed with secret1 and decodes the envelope,
// which must be HTTP 200 JSON.
func deliver(t *testing.T, h http.Handler, body string) answer {
	t.Helper()
	return envelopeOf(t, serve(h, signedAt(t.Context(), []byte(body), t0, secret1)))
}

func envelopeOf(t *testing.T, rec *httptest.ResponseRecorder) answer {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, "body: %s", rec.Body.String())
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var a answer
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&a), "body: %s", rec.Body.String())
	require.Contains(t, []string{"SUCCEEDED", "FAILED"}, a.Status)
	require.True(t, bytes.HasPrefix(a.Data, []byte("{")), "data must be an object: %s", rec.Body.String())
	return a
}

// event returns a SUBSCRIPTION body for event id on network.
func event(network, id, name string) string {
	return `{"networkId":"` + network + `","context":"NETWORK","entityId":"` + network + `","currentSettings":[],` +
		`"type":"SUBSCRIPTION","data":{"id":"` + id + `","name":"` + name + `","noun":"POST","verb":"PUBLISHED",` +
		`"time":"2024-01-02T03:04:05.678Z","actor":{"id":"fake-member-0001"},"object":{"id":"fake-post-0001","title":"Hello"}}}`
}

// checkNoSecret fails if text contains a secret or one of extra.
func checkNoSecret(t *testing.T, what, text string, extra ...string) {
	t.Helper()
	for _, s := range append(append([]string(nil), allSecrets...), extra...) {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%s contains %q:\n%s", what, s, text)
		}
	}
}

// infiniteReader serves 'a' forever and counts the bytes it served.
type infiniteReader struct {
	mu sync.Mutex
	n  int64
}

func (r *infiniteReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	r.mu.Lock()
	r.n += int64(len(p))
	r.mu.Unlock()
	return len(p), nil
}

func (r *infiniteReader) served() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

var _ io.Reader = (*infiniteReader)(nil)
