package bettermodetest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Webhook headers and defaults of a WebhookSender. This file does not use
// package webhook: it signs as Bettermode does, on its own, so that it tests
// any receiver (that package's Handler included) independently.
const (
	// WebhookSignatureHeader carries the hex HMAC-SHA256 of
	// "<timestamp>:<body>", keyed with the app's signing secret.
	WebhookSignatureHeader = "X-Bettermode-Signature"
	// WebhookTimestampHeader carries the send time in Unix milliseconds.
	WebhookTimestampHeader = "X-Bettermode-Request-Timestamp"
	// WebhookSigningSecret is an obviously fake signing secret for tests
	// and examples.
	WebhookSigningSecret = "fake-webhook-signing-secret-0001"
	// WebhookNetworkID is the networkId a WebhookSender puts in its
	// requests unless WithWebhookNetwork says otherwise: the stand-in
	// server's preloaded network.
	WebhookNetworkID = "fakeNet0001"
)

// wrongWebhookSecret signs deliveries made with WebhookWrongSecret.
const wrongWebhookSecret = "fake-wrong-webhook-secret-0000"

// maxWebhookAnswer bounds the answer a WebhookSender reads from a URL.
const maxWebhookAnswer = 10 << 20

// ErrWebhookAnswer is wrapped by the error a WebhookSender returns when a
// receiver's answer is not what Bettermode expects: an HTTP 200 answer that
// is not an envelope {"type": <the request's type>, "status": "SUCCEEDED"
// or "FAILED", "data": {...}}, or a handshake answer that does not echo the
// challenge.
var ErrWebhookAnswer = errors.New("bettermodetest: the webhook answer is not what Bettermode expects")

// SignWebhook returns the X-Bettermode-Signature of body sent at timestamp
// (Unix milliseconds): the lowercase hex HMAC-SHA256 of "<timestamp>:<body>"
// keyed with secret.
func SignWebhook(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte{':'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// WebhookSender delivers signed webhooks to a receiver the way Bettermode
// does: a POST with a JSON envelope, X-Bettermode-Request-Timestamp and
// X-Bettermode-Signature. It plays the registration handshake, events,
// arbitrary types and raw bodies, and retries of a delivery (the same body,
// so the same data.id, with a new timestamp and signature); options forge
// the rejection paths (a wrong secret, a stale or future timestamp, missing
// headers). Each method returns the receiver's answer and checks its shape
// (see ErrWebhookAnswer). A WebhookSender is safe for concurrent use.
type WebhookSender struct {
	secret  string
	handler http.Handler
	url     string
	client  *http.Client
	now     func() time.Time
	network string

	mu   sync.Mutex
	sent int
}

// WebhookSenderOption configures a WebhookSender.
type WebhookSenderOption func(*WebhookSender)

// WithWebhookClock sets the clock the timestamps are taken from (time.Now
// by default).
func WithWebhookClock(now func() time.Time) WebhookSenderOption {
	return func(s *WebhookSender) {
		if now != nil {
			s.now = now
		}
	}
}

// WithWebhookNetwork sets the networkId (and entityId) of the requests;
// default WebhookNetworkID.
func WithWebhookNetwork(networkID string) WebhookSenderOption {
	return func(s *WebhookSender) { s.network = networkID }
}

// WithWebhookHTTPClient sets the client that delivers to a URL
// (http.DefaultClient by default).
func WithWebhookHTTPClient(c *http.Client) WebhookSenderOption {
	return func(s *WebhookSender) {
		if c != nil {
			s.client = c
		}
	}
}

// NewWebhookSender returns a sender that delivers to h in process, signing
// with secret (the receiver's signing secret).
func NewWebhookSender(secret string, h http.Handler, opts ...WebhookSenderOption) *WebhookSender {
	return newWebhookSender(secret, h, "", opts)
}

// NewWebhookSenderURL returns a sender that POSTs to url (a receiver
// running in an httptest.Server, or anywhere), signing with secret.
func NewWebhookSenderURL(secret, url string, opts ...WebhookSenderOption) *WebhookSender {
	return newWebhookSender(secret, nil, url, opts)
}

func newWebhookSender(secret string, h http.Handler, url string, opts []WebhookSenderOption) *WebhookSender {
	s := &WebhookSender{secret: secret, handler: h, url: url, client: http.DefaultClient, now: time.Now, network: WebhookNetworkID}
	for _, o := range opts {
		o(s)
	}
	return s
}

// WebhookOption changes one delivery, to test a receiver's rejections.
type WebhookOption func(*webhookDelivery)

type webhookDelivery struct {
	secret    string
	offset    time.Duration
	timestamp *string
	signature *string
	noTS      bool
	noSig     bool
}

// WebhookWrongSecret signs the delivery with a secret the receiver does not
// know: it must answer 401.
func WebhookWrongSecret() WebhookOption {
	return func(d *webhookDelivery) { d.secret = wrongWebhookSecret }
}

// WebhookSignedWith signs the delivery with secret instead of the sender's
// (for rotations: the old and the new secret).
func WebhookSignedWith(secret string) WebhookOption {
	return func(d *webhookDelivery) { d.secret = secret }
}

// WebhookTimestampOffset sends the delivery as if at now+d: a negative d
// beyond the receiver's window (-16*time.Minute) is a stale request or a
// replay, a positive one a request from the future. The signature is valid.
func WebhookTimestampOffset(d time.Duration) WebhookOption {
	return func(dl *webhookDelivery) { dl.offset = d }
}

// WebhookTimestamp sends ts verbatim as the timestamp header, and signs
// with it.
func WebhookTimestamp(ts string) WebhookOption {
	return func(d *webhookDelivery) { d.timestamp = &ts }
}

// WebhookSignature sends sig verbatim as the signature header instead of
// the computed one (a wrong length, uppercase, not hex...).
func WebhookSignature(sig string) WebhookOption {
	return func(d *webhookDelivery) { d.signature = &sig }
}

// WebhookOmitSignature leaves the signature header out.
func WebhookOmitSignature() WebhookOption { return func(d *webhookDelivery) { d.noSig = true } }

// WebhookOmitTimestamp leaves the timestamp header out (the signature is
// still computed over the timestamp it would have had).
func WebhookOmitTimestamp() WebhookOption { return func(d *webhookDelivery) { d.noTS = true } }

// WebhookRequest is what a WebhookSender delivered.
type WebhookRequest struct {
	// Type is the envelope's type ("" if the body has none).
	Type string
	// EventID is data.id, when the body has one: what a receiver
	// deduplicates on.
	EventID string
	// Body is the raw body.
	Body []byte
	// Timestamp and Signature are the header values sent ("" when left out).
	Timestamp, Signature string
}

// WebhookAnswer is a receiver's answer to one delivery.
type WebhookAnswer struct {
	// Request is what was delivered; Retry sends its body again.
	Request WebhookRequest
	// StatusCode is the answer's HTTP status.
	StatusCode int
	// Header is the answer's HTTP header.
	Header http.Header
	// Body is the answer's raw body.
	Body []byte
	// Envelope is the decoded answer when StatusCode is 200 and the body
	// is a JSON object.
	Envelope *WebhookEnvelope

	// invalid is set when the answer failed the sender's checks.
	invalid bool
}

// Succeeded reports whether the receiver answered HTTP 200 with status
// SUCCEEDED and the answer passed the sender's checks (see
// ErrWebhookAnswer).
func (a *WebhookAnswer) Succeeded() bool {
	return a != nil && !a.invalid && a.StatusCode == http.StatusOK && a.Envelope != nil && a.Envelope.Status == "SUCCEEDED"
}

// WebhookEnvelope is an answer envelope.
type WebhookEnvelope struct {
	// Type is the answer's type, which must repeat the request's.
	Type string `json:"type"`
	// Status is "SUCCEEDED" or "FAILED".
	Status string `json:"status"`
	// Data is the answer's data, undecoded (absent or an object).
	Data json.RawMessage `json:"data,omitempty"`
	// ErrorCode and ErrorMessage come with a FAILED answer.
	ErrorCode json.RawMessage `json:"errorCode,omitempty"`
	// ErrorMessage is the FAILED answer's message (see ErrorCode).
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// WebhookEvent describes a SUBSCRIPTION event for SendEvent.
type WebhookEvent struct {
	// ID is data.id; a random one when empty.
	ID string
	// Name is the event's name, "<noun>.<verb>" ("post.published"); noun
	// and verb are derived from it ("POST", "PUBLISHED"). Required.
	Name string
	// Object is data.object, any JSON-encodable value (a json.RawMessage
	// too).
	Object any
	// ActorID is data.actor.id; no actor when empty.
	ActorID string
	// Time is data.time; the sender's clock when zero.
	Time time.Time
}

// webhookEnvelope is the request envelope.
type webhookEnvelope struct {
	NetworkID       string `json:"networkId"`
	Context         string `json:"context"`
	EntityID        string `json:"entityId,omitempty"`
	CurrentSettings []any  `json:"currentSettings"`
	Type            string `json:"type"`
	Data            any    `json:"data,omitempty"`
}

// Handshake sends the registration request of the developer portal (type
// TEST with a random data.challenge) and checks the answer as Bettermode
// does: HTTP 200, type TEST, status SUCCEEDED and the same challenge. Any
// other answer (the 401 of a receiver refusing WebhookWrongSecret
// included) returns the answer and an error wrapping ErrWebhookAnswer.
func (s *WebhookSender) Handshake(ctx context.Context, opts ...WebhookOption) (*WebhookAnswer, error) {
	challenge, err := webhookRandomHex(20)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(webhookEnvelope{NetworkID: s.network, Context: "NETWORK", CurrentSettings: []any{},
		Type: "TEST", Data: map[string]string{"challenge": challenge}})
	if err != nil {
		return nil, err
	}
	a, err := s.deliver(ctx, body, opts)
	if err != nil {
		return a, err
	}
	if a.StatusCode != http.StatusOK {
		a.invalid = true
		return a, fmt.Errorf("%w: the handshake was answered HTTP %d", ErrWebhookAnswer, a.StatusCode)
	}
	var d struct {
		Challenge *string `json:"challenge"`
	}
	if a.Envelope.Status != "SUCCEEDED" || json.Unmarshal(a.Envelope.Data, &d) != nil || d.Challenge == nil || *d.Challenge != challenge {
		a.invalid = true
		return a, fmt.Errorf("%w: the handshake answer must be {\"type\":\"TEST\",\"status\":\"SUCCEEDED\",\"data\":{\"challenge\":<the same>}}; got %s",
			ErrWebhookAnswer, webhookCut(a.Body))
	}
	return a, nil
}

// Send delivers a request of type typ with data (any JSON-encodable value,
// or a json.RawMessage; nil for none) in the envelope Bettermode uses:
// networkId, context NETWORK, entityId, currentSettings [], type, data.
func (s *WebhookSender) Send(ctx context.Context, typ string, data any, opts ...WebhookOption) (*WebhookAnswer, error) {
	body, err := json.Marshal(webhookEnvelope{NetworkID: s.network, Context: "NETWORK", EntityID: s.network,
		CurrentSettings: []any{}, Type: typ, Data: data})
	if err != nil {
		return nil, fmt.Errorf("bettermodetest: encoding the webhook: %w", err)
	}
	return s.deliver(ctx, body, opts)
}

// SendEvent delivers a SUBSCRIPTION request for ev, shaped as Bettermode's
// documented events: data {id, name, noun, verb, verbAction, time, actor,
// object, target}.
func (s *WebhookSender) SendEvent(ctx context.Context, ev WebhookEvent, opts ...WebhookOption) (*WebhookAnswer, error) {
	noun, verb, ok := strings.Cut(ev.Name, ".")
	if !ok || noun == "" || verb == "" {
		return nil, fmt.Errorf("bettermodetest: SendEvent: the event name %q is not <noun>.<verb>", ev.Name)
	}
	if ev.ID == "" {
		id, err := webhookRandomHex(16)
		if err != nil {
			return nil, err
		}
		ev.ID = id
	}
	if ev.Time.IsZero() {
		ev.Time = s.now()
	}
	type actor struct {
		ID string `json:"id"`
	}
	data := struct {
		ID         string            `json:"id"`
		Name       string            `json:"name"`
		Noun       string            `json:"noun"`
		Verb       string            `json:"verb"`
		VerbAction string            `json:"verbAction"`
		Time       string            `json:"time"`
		Actor      *actor            `json:"actor,omitempty"`
		Object     any               `json:"object"`
		Target     map[string]string `json:"target"`
	}{ID: ev.ID, Name: ev.Name, Noun: strings.ToUpper(noun), Verb: strings.ToUpper(verb), VerbAction: strings.ToUpper(verb),
		Time: ev.Time.UTC().Format("2006-01-02T15:04:05.000Z07:00"), Object: ev.Object,
		Target: map[string]string{"networkId": s.network}}
	if ev.ActorID != "" {
		data.Actor = &actor{ID: ev.ActorID}
	}
	return s.Send(ctx, "SUBSCRIPTION", data, opts...)
}

// SendRaw delivers body as it is, signed.
func (s *WebhookSender) SendRaw(ctx context.Context, body []byte, opts ...WebhookOption) (*WebhookAnswer, error) {
	return s.deliver(ctx, bytes.Clone(body), opts)
}

// Retry delivers prev's body again, as Bettermode retries a delivery: the
// same data.id, with a new timestamp and signature.
func (s *WebhookSender) Retry(ctx context.Context, prev *WebhookAnswer, opts ...WebhookOption) (*WebhookAnswer, error) {
	if prev == nil {
		return nil, errors.New("bettermodetest: Retry: no previous delivery")
	}
	return s.deliver(ctx, prev.Request.Body, opts)
}

// Deliveries returns how many requests the sender delivered.
func (s *WebhookSender) Deliveries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

// deliver signs and sends body and reads and checks the answer.
func (s *WebhookSender) deliver(ctx context.Context, body []byte, opts []WebhookOption) (*WebhookAnswer, error) {
	d := webhookDelivery{secret: s.secret}
	for _, o := range opts {
		o(&d)
	}
	ts := strconv.FormatInt(s.now().Add(d.offset).UnixMilli(), 10)
	if d.timestamp != nil {
		ts = *d.timestamp
	}
	sig := SignWebhook(d.secret, ts, body)
	if d.signature != nil {
		sig = *d.signature
	}
	if d.noTS {
		ts = ""
	}
	if d.noSig {
		sig = ""
	}
	var head struct {
		Type string `json:"type"`
		Data struct {
			ID any `json:"id"`
		} `json:"data"`
	}
	_ = json.Unmarshal(body, &head)
	id, _ := head.Data.ID.(string)
	a := &WebhookAnswer{Request: WebhookRequest{Type: head.Type, EventID: id, Body: body, Timestamp: ts, Signature: sig}}

	header := http.Header{}
	header.Set("Content-Type", "application/json")
	header.Set("User-Agent", "bettermodetest-webhook-sender")
	if ts != "" {
		header.Set(WebhookTimestampHeader, ts)
	}
	if sig != "" {
		header.Set(WebhookSignatureHeader, sig)
	}
	s.mu.Lock()
	s.sent++
	s.mu.Unlock()
	if err := s.roundTrip(ctx, header, body, a); err != nil {
		return a, err
	}
	if a.StatusCode != http.StatusOK {
		return a, nil
	}
	if err := checkWebhookEnvelope(a); err != nil {
		a.invalid = true
		return a, err
	}
	return a, nil
}

// roundTrip delivers in process or over HTTP and fills a's answer fields.
func (s *WebhookSender) roundTrip(ctx context.Context, header http.Header, body []byte, a *WebhookAnswer) error {
	if s.handler != nil {
		r := httptest.NewRequestWithContext(ctx, http.MethodPost, "/", bytes.NewReader(body))
		r.Header = header
		rec := httptest.NewRecorder()
		s.handler.ServeHTTP(rec, r)
		res := rec.Result()
		a.StatusCode, a.Header, a.Body = res.StatusCode, res.Header, rec.Body.Bytes()
		return nil
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("bettermodetest: webhook request: %w", err)
	}
	r.Header = header
	res, err := s.client.Do(r)
	if err != nil {
		return fmt.Errorf("bettermodetest: delivering the webhook: %w", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxWebhookAnswer))
	a.StatusCode, a.Header, a.Body = res.StatusCode, res.Header, b
	if err != nil {
		return fmt.Errorf("bettermodetest: reading the webhook answer: %w", err)
	}
	return nil
}

// checkWebhookEnvelope decodes a 200 answer and checks its shape.
func checkWebhookEnvelope(a *WebhookAnswer) error {
	if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("%w: Content-Type %q, not application/json", ErrWebhookAnswer, ct)
	}
	var env WebhookEnvelope
	dec := json.NewDecoder(bytes.NewReader(a.Body))
	if err := dec.Decode(&env); err != nil || dec.More() {
		return fmt.Errorf("%w: not a JSON object: %s", ErrWebhookAnswer, webhookCut(a.Body))
	}
	a.Envelope = &env
	switch {
	case a.Request.Type != "" && env.Type != a.Request.Type:
		return fmt.Errorf("%w: type %q, the request's was %q", ErrWebhookAnswer, env.Type, a.Request.Type)
	case env.Status != "SUCCEEDED" && env.Status != "FAILED":
		return fmt.Errorf("%w: status %q, want SUCCEEDED or FAILED", ErrWebhookAnswer, env.Status)
	case len(env.Data) > 0 && string(env.Data) != "null" && env.Data[0] != '{':
		return fmt.Errorf("%w: data is not an object: %s", ErrWebhookAnswer, webhookCut(env.Data))
	}
	return nil
}

// webhookRandomHex returns n random bytes in hex.
func webhookRandomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// webhookCut shortens an answer for an error message.
func webhookCut(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "..."
	}
	return string(b)
}
