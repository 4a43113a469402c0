package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/bettermode-go/bettermode"
)

// DefaultMaxBodyBytes is the default limit on a request body: 1 MiB.
const DefaultMaxBodyBytes = 1 << 20

// Config configures a Handler. Only Secrets is required.
type Config struct {
	// Secrets are the app's signing secrets (in the developer portal,
	// under Credentials). A request signed with any of them is accepted:
	// during a rotation list the new and the old secret, and drop the old
	// one when Bettermode signs with the new one. At least one is required;
	// none may be empty.
	Secrets []bettermode.Secret
	// MaxBodyBytes bounds the request body; default DefaultMaxBodyBytes.
	// A longer body is answered 413 and never read past MaxBodyBytes+1.
	MaxBodyBytes int64
	// Tolerance is how far the request's timestamp may lie from now, in
	// either direction; default DefaultTolerance (15 minutes).
	Tolerance time.Duration
	// Dedupe guards against processing an event twice. Nil means a
	// MemoryDeduper keeping events for max(DefaultDedupeTTL, 2×Tolerance);
	// NoDedupe switches deduplication off.
	Dedupe Deduper
	// Logger receives one record per rejected request (Warn), per failed
	// function (Error), per handshake (Info) and per duplicate (Debug).
	// Records hold the type, network id, status and reason; never the
	// secret, the signature or the body. Nil means no logging.
	Logger *slog.Logger
	// Now is the clock, time.Now by default (for tests).
	Now func() time.Time
}

// HandlerFunc handles a request of one type. Its data becomes the answer's
// data ({} when nil); its error a FAILED answer (see Failure).
type HandlerFunc func(ctx context.Context, req *Request) (data any, err error)

// Handler is an http.Handler that receives Bettermode webhooks: it
// verifies each request, answers the handshake, drops duplicates and
// dispatches by type to the functions registered with Handle and the On
// methods. Register before serving; a Handler is safe for concurrent use.
type Handler struct {
	secrets   []bettermode.Secret
	max       int64
	tolerance time.Duration
	dedupe    Deduper
	log       *slog.Logger
	scrub     bettermode.Scrubber // the signing secrets, out of every logged text
	now       func() time.Time

	mu     sync.RWMutex
	routes map[string]prepareFunc
}

// prepareFunc decodes a request's data for its typed function and returns
// the call, or an error wrapping ErrMalformedBody.
type prepareFunc func(req *Request) (func(ctx context.Context) (any, error), error)

// dedupeTypes are the notification types whose deliveries are
// deduplicated on data.id.
var dedupeTypes = map[string]bool{TypeSubscription: true, TypeAppInstalled: true, TypeAppUninstalled: true}

// NewHandler returns a Handler, or ErrNoSecret when cfg has no secret or an
// empty one.
func NewHandler(cfg Config) (*Handler, error) {
	if len(cfg.Secrets) == 0 {
		return nil, ErrNoSecret
	}
	for _, s := range cfg.Secrets {
		if s == "" {
			return nil, ErrNoSecret
		}
	}
	h := &Handler{
		secrets:   append([]bettermode.Secret(nil), cfg.Secrets...),
		max:       cfg.MaxBodyBytes,
		tolerance: cfg.Tolerance,
		dedupe:    cfg.Dedupe,
		log:       cfg.Logger,
		scrub:     bettermode.NewScrubber(cfg.Secrets...),
		now:       cfg.Now,
		routes:    make(map[string]prepareFunc),
	}
	if h.max <= 0 {
		h.max = DefaultMaxBodyBytes
	}
	if h.tolerance <= 0 {
		h.tolerance = DefaultTolerance
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.dedupe == nil {
		h.dedupe = NewMemoryDeduper(MemoryDeduperConfig{TTL: max(DefaultDedupeTTL, 2*h.tolerance), Now: h.now})
	}
	return h, nil
}

// Handle registers fn for requests of type typ (one of the Type constants,
// or a type this package does not know yet), replacing any function
// registered for it. It panics if typ is empty or TEST (the Handler answers
// the handshake itself) or fn is nil. Deliveries of SUBSCRIPTION,
// APP_INSTALLED and APP_UNINSTALLED are deduplicated whichever way their
// function is registered.
func (h *Handler) Handle(typ string, fn HandlerFunc) {
	if fn == nil {
		panic("bettermode: webhook: Handle: nil function")
	}
	h.register(typ, func(req *Request) (func(context.Context) (any, error), error) {
		return func(ctx context.Context) (any, error) { return fn(ctx, req) }, nil
	})
}

// OnSubscription registers fn for SUBSCRIPTION requests: the community
// events the app subscribed to. Switch on ev.Name ("post.published"...).
// The answer is SUCCEEDED with empty data when fn returns nil.
func (h *Handler) OnSubscription(fn func(ctx context.Context, req *Request, ev *Event) error) {
	mustFunc(fn == nil)
	h.register(TypeSubscription, func(req *Request) (func(context.Context) (any, error), error) {
		var ev Event
		if err := decodeObject(req, &ev, true); err != nil {
			return nil, err
		}
		return func(ctx context.Context) (any, error) { return nil, fn(ctx, req, &ev) }, nil
	})
}

// OnInteraction registers fn for INTERACTION requests (dynamic blocks,
// shortcuts, their forms). Its data becomes the answer's data, typically
// {"interactions": [...]}.
func (h *Handler) OnInteraction(fn func(ctx context.Context, req *Request, in *Interaction) (any, error)) {
	mustFunc(fn == nil)
	h.register(TypeInteraction, func(req *Request) (func(context.Context) (any, error), error) {
		var in Interaction
		if err := decodeObject(req, &in, true); err != nil {
			return nil, err
		}
		return func(ctx context.Context) (any, error) { return fn(ctx, req, &in) }, nil
	})
}

// OnGetSettings registers fn for GET_SETTINGS requests; req.CurrentSettings
// holds what is stored. Its data (the settings) becomes the answer's data.
func (h *Handler) OnGetSettings(fn func(ctx context.Context, req *Request) (any, error)) {
	mustFunc(fn == nil)
	h.Handle(TypeGetSettings, fn)
}

// OnUpdateSettings registers fn for UPDATE_SETTINGS requests, with the new
// settings (data.settings, undecoded). Its data becomes the answer's data,
// typically {"toStore": settings} for Bettermode to store.
func (h *Handler) OnUpdateSettings(fn func(ctx context.Context, req *Request, settings json.RawMessage) (any, error)) {
	mustFunc(fn == nil)
	h.register(TypeUpdateSettings, func(req *Request) (func(context.Context) (any, error), error) {
		var d struct {
			Settings json.RawMessage `json:"settings"`
		}
		if err := decodeObject(req, &d, false); err != nil {
			return nil, err
		}
		return func(ctx context.Context) (any, error) { return fn(ctx, req, d.Settings) }, nil
	})
}

// OnAppInstalled registers fn for APP_INSTALLED requests.
func (h *Handler) OnAppInstalled(fn func(ctx context.Context, req *Request, inst *Installation) error) {
	h.onInstallation(TypeAppInstalled, fn)
}

// OnAppUninstalled registers fn for APP_UNINSTALLED requests.
func (h *Handler) OnAppUninstalled(fn func(ctx context.Context, req *Request, inst *Installation) error) {
	h.onInstallation(TypeAppUninstalled, fn)
}

func (h *Handler) onInstallation(typ string, fn func(context.Context, *Request, *Installation) error) {
	mustFunc(fn == nil)
	h.register(typ, func(req *Request) (func(context.Context) (any, error), error) {
		var inst Installation
		if err := decodeObject(req, &inst, false); err != nil {
			return nil, err
		}
		return func(ctx context.Context) (any, error) { return nil, fn(ctx, req, &inst) }, nil
	})
}

func mustFunc(isNil bool) {
	if isNil {
		panic("bettermode: webhook: nil function")
	}
}

func (h *Handler) register(typ string, p prepareFunc) {
	if typ == "" || typ == TypeTest {
		panic("bettermode: webhook: cannot register a function for type " + strconv.Quote(typ) + " (the Handler answers the TEST handshake itself)")
	}
	h.mu.Lock()
	h.routes[typ] = p
	h.mu.Unlock()
}

// decodeObject decodes req.Data, which must be a JSON object (or, unless
// required, absent or null), into v.
func decodeObject(req *Request, v any, required bool) error {
	d := bytes.TrimSpace(req.Data)
	if len(d) == 0 || bytes.Equal(d, []byte("null")) {
		if required {
			return fmt.Errorf("%w: %s data is missing", ErrMalformedBody, req.Type)
		}
		return nil
	}
	if d[0] != '{' {
		return fmt.Errorf("%w: %s data is not an object", ErrMalformedBody, req.Type)
	}
	if err := json.Unmarshal(d, v); err != nil {
		return fmt.Errorf("%w: %s data does not fit its type", ErrMalformedBody, req.Type)
	}
	return nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	req, err := h.read(w, r)
	if err != nil {
		h.reject(w, r, err)
		return
	}
	resp, err := h.answer(ctx, req)
	if err != nil {
		h.reject(w, r, err)
		return
	}
	writeResponse(w, resp)
}

// Middleware returns a handler that verifies each request as the Handler
// does (method, size, signature, window, envelope; the same answers for
// rejections), answers the TEST handshake, and passes every other request
// to next, with the verified body in r.Body and the parsed *Request in the
// context (RequestFromContext). It neither deduplicates nor dispatches:
// next answers, with a Response. No function registered on h is used.
func (h *Handler) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := h.read(w, r)
		if err != nil {
			h.reject(w, r, err)
			return
		}
		if req.Type == TypeTest {
			resp, err := h.handshake(r.Context(), req)
			if err != nil {
				h.reject(w, r, err)
				return
			}
			writeResponse(w, resp)
			return
		}
		r2 := r.WithContext(context.WithValue(r.Context(), requestKey{}, req))
		r2.Body = io.NopCloser(bytes.NewReader(req.Body))
		r2.ContentLength = int64(len(req.Body))
		next.ServeHTTP(w, r2)
	})
}

type requestKey struct{}

// RequestFromContext returns the verified request a Middleware put in the
// context.
func RequestFromContext(ctx context.Context) (*Request, bool) {
	req, ok := ctx.Value(requestKey{}).(*Request)
	return req, ok
}

// read reads the body through the size limit, verifies it and parses the
// envelope.
func (h *Handler) read(w http.ResponseWriter, r *http.Request) (*Request, error) {
	if r.Method != http.MethodPost {
		return nil, ErrMethod
	}
	if r.ContentLength > h.max {
		return nil, fmt.Errorf("%w (%d bytes; the limit is %d)", ErrBodyTooLarge, r.ContentLength, h.max)
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	if r.Body != nil {
		if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, h.max)); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, fmt.Errorf("%w (the limit is %d bytes)", ErrBodyTooLarge, h.max)
			}
			return nil, fmt.Errorf("bettermode: webhook: reading the body: %w", err)
		}
	}
	body := buf.Bytes()
	t, err := verify(h.secrets, r.Header.Get(TimestampHeader), body, r.Header.Get(SignatureHeader), h.tolerance, h.now())
	if err != nil {
		return nil, err
	}
	req, err := parseRequest(body)
	if err != nil {
		return nil, err
	}
	req.Time = t
	return req, nil
}

// parseRequest parses a verified body as a webhook envelope.
func parseRequest(body []byte) (*Request, error) {
	b := bytes.TrimSpace(body)
	if len(b) == 0 || b[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrMalformedBody)
	}
	var req Request
	if err := json.Unmarshal(b, &req); err != nil {
		return nil, fmt.Errorf("%w: the envelope does not parse", ErrMalformedBody)
	}
	if req.Type == "" {
		return nil, fmt.Errorf("%w: no type", ErrMalformedBody)
	}
	req.Body = body
	return &req, nil
}

// reject answers a request that failed verification or reading.
func (h *Handler) reject(w http.ResponseWriter, r *http.Request, err error) {
	code := StatusCode(err)
	if code == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	h.log.LogAttrs(r.Context(), slog.LevelWarn, "bettermode: webhook: request rejected",
		slog.Int("status", code), slog.String("reason", err.Error()), slog.String("remote", r.RemoteAddr))
	http.Error(w, err.Error(), code)
}

// answer builds the answer to a verified request, or returns an error
// wrapping ErrMalformedBody when its data does not fit its type.
func (h *Handler) answer(ctx context.Context, req *Request) (Response, error) {
	if req.Type == TypeTest {
		return h.handshake(ctx, req)
	}
	h.mu.RLock()
	prepare := h.routes[req.Type]
	h.mu.RUnlock()
	if prepare == nil {
		h.log.LogAttrs(ctx, slog.LevelWarn, "bettermode: webhook: no handler for the type",
			slog.String("type", req.Type), slog.String("networkId", req.NetworkID))
		return failed(req.Type, CodeInvalidRequest, "unsupported webhook type "+quoteShort(req.Type)), nil
	}
	call, err := prepare(req)
	if err != nil {
		return Response{}, err
	}
	key := ""
	if dedupeTypes[req.Type] {
		key = dedupeKey(req)
	}
	if key != "" {
		switch err := h.dedupe.Claim(ctx, key); {
		case err == nil:
		case errors.Is(err, ErrDuplicate):
			h.log.LogAttrs(ctx, slog.LevelDebug, "bettermode: webhook: duplicate acknowledged",
				slog.String("type", req.Type), slog.String("networkId", req.NetworkID))
			return succeeded(req.Type, nil), nil
		case ctx.Err() != nil:
			return failed(req.Type, CodeServiceTimeout, "the request ended while a copy of this event was being processed"), nil
		default:
			h.log.LogAttrs(ctx, slog.LevelError, "bettermode: webhook: duplicate guard failed",
				slog.String("type", req.Type), slog.String("networkId", req.NetworkID), slog.String("error", err.Error()))
			return failed(req.Type, CodeServiceUnavailable, "the event cannot be processed now; retry later"), nil
		}
	}
	return h.run(ctx, req, key, call), nil
}

// handshake answers the TEST request: its data.challenge, echoed.
func (h *Handler) handshake(ctx context.Context, req *Request) (Response, error) {
	var d struct {
		Challenge json.RawMessage `json:"challenge"`
	}
	if err := decodeObject(req, &d, false); err != nil {
		return Response{}, err
	}
	h.log.LogAttrs(ctx, slog.LevelInfo, "bettermode: webhook: handshake answered", slog.String("networkId", req.NetworkID))
	if len(d.Challenge) == 0 || string(d.Challenge) == "null" {
		return succeeded(TypeTest, nil), nil
	}
	return succeeded(TypeTest, json.RawMessage(`{"challenge":`+string(d.Challenge)+`}`)), nil
}

// outcome is what a function returned: its data, marshaled, or its error.
type outcome struct {
	data json.RawMessage
	err  error
}

// run calls the function in its own goroutine, so that the answer is
// written when ctx ends even if the function has not returned. The
// duplicate guard is finished when the function returns, with its result.
func (h *Handler) run(ctx context.Context, req *Request, key string, call func(context.Context) (any, error)) Response {
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		returned := false
		defer func() {
			if p := recover(); p != nil {
				o = outcome{err: fmt.Errorf("bettermode: webhook: the %s function panicked: %v", req.Type, p)}
				h.log.LogAttrs(ctx, slog.LevelError, "bettermode: webhook: handler panicked",
					slog.String("type", req.Type), slog.String("networkId", req.NetworkID),
					slog.String("panic", h.scrub.String(fmt.Sprint(p))), slog.String("stack", string(debug.Stack())))
			} else if !returned {
				// runtime.Goexit (t.FailNow, log.Fatal's cousins): the
				// function did not finish, so the event was not handled.
				o = outcome{err: fmt.Errorf("bettermode: webhook: the %s function called runtime.Goexit", req.Type)}
				h.log.LogAttrs(ctx, slog.LevelError, "bettermode: webhook: handler exited its goroutine (runtime.Goexit)",
					slog.String("type", req.Type), slog.String("networkId", req.NetworkID))
			}
			if key != "" {
				if err := h.dedupe.Finish(context.WithoutCancel(ctx), key, o.err == nil); err != nil {
					h.log.LogAttrs(ctx, slog.LevelError, "bettermode: webhook: duplicate guard failed",
						slog.String("type", req.Type), slog.String("networkId", req.NetworkID), slog.String("error", err.Error()))
				}
			}
			done <- o
		}()
		data, err := call(ctx)
		returned = true
		if err != nil {
			o.err = err
			return
		}
		o.data, o.err = marshalData(data)
	}()
	select {
	case o := <-done:
		if o.err != nil {
			h.log.LogAttrs(ctx, slog.LevelError, "bettermode: webhook: handler failed",
				slog.String("type", req.Type), slog.String("networkId", req.NetworkID), slog.String("error", h.scrub.String(o.err.Error())))
			code, msg := publicFailure(o.err)
			return failed(req.Type, code, msg)
		}
		return succeeded(req.Type, o.data)
	case <-ctx.Done():
		h.log.LogAttrs(context.WithoutCancel(ctx), slog.LevelWarn, "bettermode: webhook: the request ended before the handler returned",
			slog.String("type", req.Type), slog.String("networkId", req.NetworkID), slog.String("error", ctx.Err().Error()))
		return failed(req.Type, CodeServiceTimeout, "the request ended before the handler finished")
	}
}

// marshalData marshals a function's data: {} for nil.
func marshalData(data any) (json.RawMessage, error) {
	if data == nil {
		return nil, nil
	}
	b, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("bettermode: webhook: encoding the answer's data: %w", err)
	}
	if string(b) == "null" {
		return nil, nil
	}
	return b, nil
}

// dedupeKey returns the key of a notification: network, type and data.id,
// or "" when data has no string id.
func dedupeKey(req *Request) string {
	var d struct {
		ID any `json:"id"`
	}
	if decodeObject(req, &d, false) != nil {
		return ""
	}
	id, _ := d.ID.(string)
	if id == "" {
		return ""
	}
	return req.NetworkID + "\x1f" + req.Type + "\x1f" + id
}

func succeeded(typ string, data json.RawMessage) Response {
	if len(data) == 0 {
		data = json.RawMessage("{}")
	}
	return Response{Type: typ, Status: StatusSucceeded, Data: data}
}

func failed(typ string, code int, msg string) Response {
	return Response{Type: typ, Status: StatusFailed, Data: json.RawMessage("{}"), ErrorCode: code, ErrorMessage: msg}
}

// quoteShort quotes s, cut to 64 bytes.
func quoteShort(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strconv.Quote(s)
}

func writeResponse(w http.ResponseWriter, resp Response) {
	b, err := json.Marshal(resp)
	if err != nil { // cannot happen: Data is always marshaled already
		http.Error(w, "bettermode: webhook: encoding the answer failed", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
