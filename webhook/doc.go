// Package webhook receives Bettermode app webhooks: it proves each request
// came from Bettermode, refuses replays and duplicates, answers the
// registration handshake, and dispatches typed requests to your functions,
// writing the answer envelope Bettermode expects.
//
// # What Bettermode sends
//
// Every webhook is an HTTP POST with a JSON body and two headers:
//
//	X-Bettermode-Request-Timestamp  the send time, Unix milliseconds ("1700000000000")
//	X-Bettermode-Signature          hex HMAC-SHA256 of "<timestamp>:<raw body>",
//	                                keyed with the app's signing secret
//
// The body is an envelope {"networkId", "context", "entityId",
// "currentSettings", "type", "data"}. When a webhook URL is saved in the
// developer portal, Bettermode sends type TEST with data.challenge and wants
// it back: {"type":"TEST","status":"SUCCEEDED","data":{"challenge":<same>}}.
// Other types (SUBSCRIPTION for community events, INTERACTION for dynamic
// blocks and shortcuts, GET_SETTINGS, UPDATE_SETTINGS, APP_INSTALLED,
// APP_UNINSTALLED, ...) want {"type":<same>,"status":"SUCCEEDED","data":{...}}
// or, on failure, {"type":<same>,"status":"FAILED","errorCode":N,
// "errorMessage":"..."}. Bettermode retries a delivery it got no answer for,
// so one event (data.id) can arrive more than once, each time with a new
// timestamp and signature.
//
// # Verifying
//
// Verify checks one request: the signature is compared in constant time as
// 32 decoded bytes (a signature of any other length, or not lowercase hex, is
// refused without a panic), and the timestamp must lie within the tolerance
// window (DefaultTolerance, 15 minutes) in both directions: an old request is
// a replay, one far in the future a forged or skewed clock. Each failure is
// its own error (ErrMissingSignature, ErrBadSignature, ErrMissingTimestamp,
// ErrBadTimestamp, ErrTooOld, ErrTooNew, ...); no message contains the
// secret or the signature. Sign and Headers produce what Bettermode sends,
// for tests.
//
// # Handling
//
// NewHandler returns an http.Handler that does the whole job:
//
//	h, err := webhook.NewHandler(webhook.Config{
//		Secrets: []bettermode.Secret{current, previous}, // both accepted while rotating
//	})
//	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
//		if ev.Name == "post.published" { ... }
//		return nil
//	})
//	http.Handle("/webhooks/bettermode", h)
//
// For each request it reads the body through http.MaxBytesReader (never
// more than MaxBodyBytes+1 bytes; 413 beyond), verifies it against every
// configured secret (401 for a missing or wrong signature; 400 for a
// missing, malformed or out-of-window timestamp and for a body that is not
// a webhook envelope), answers the TEST handshake itself, drops duplicates
// (see Deduper), and calls the function registered for the type. Its result
// becomes the answer's data; its error a FAILED envelope whose message is
// "handler failed" unless the error carries a public message (a *Failure, or
// any error with a PublicMessage() string method), so internals never reach
// Bettermode. A type with no function gets a FAILED envelope (HTTP 200), not
// a crash. The function runs with the request's context, and the answer is
// written when that context ends even if the function has not returned.
// A panic in a function is recovered and answered as a failure.
//
// Handler.Middleware offers the verification alone (size limit,
// signature, window, envelope, handshake) in front of your own handler,
// which finds the parsed request with RequestFromContext and answers with a
// Response.
//
// # Duplicates
//
// Deliveries of the notification types (SUBSCRIPTION, APP_INSTALLED,
// APP_UNINSTALLED) that carry a data.id are deduplicated on (networkId, type,
// data.id): the first is processed; a copy that arrives while it runs waits
// for it; a copy that arrives after it succeeded is acknowledged with
// SUCCEEDED without calling your function again. An event is recorded as
// processed only when your function succeeded, so a retry after a FAILED
// answer runs it again. Request/answer types (INTERACTION, the settings
// calls, ...) are never deduplicated: their answer carries data that an
// acknowledgement could not repeat. The default Deduper is a MemoryDeduper,
// which keeps each processed event for max(DefaultDedupeTTL, 2×Tolerance)
// and at most DefaultDedupeMaxEntries events; use a shared implementation
// (a database, Redis SET NX) when several processes receive webhooks.
//
// Nothing here logs or returns the secret, the signature or the body.
package webhook
