package webhook

import (
	"errors"
	"net/http"
)

// Errors of verification and of reading a request. Verify and the Handler
// return them (possibly wrapped with detail, so match with errors.Is). No
// message contains the secret, the signature or the body.
var (
	// ErrNoSecret: no signing secret, or an empty one, is configured. An
	// empty key would let anyone sign.
	ErrNoSecret = errors.New("bettermode: webhook: no signing secret is configured (set the app's signing secret from the developer portal)")
	// ErrMissingSignature: the X-Bettermode-Signature header is absent or
	// empty.
	ErrMissingSignature = errors.New("bettermode: webhook: the X-Bettermode-Signature header is missing")
	// ErrBadSignature: the signature is not 64 lowercase hex digits, or does
	// not match the body and timestamp under any configured secret (a wrong
	// secret, or a tampered body or timestamp).
	ErrBadSignature = errors.New("bettermode: webhook: the signature does not match (check the signing secret; the body or timestamp may have been altered)")
	// ErrMissingTimestamp: the X-Bettermode-Request-Timestamp header is
	// absent or empty.
	ErrMissingTimestamp = errors.New("bettermode: webhook: the X-Bettermode-Request-Timestamp header is missing")
	// ErrBadTimestamp: the timestamp is not a decimal count of Unix
	// milliseconds.
	ErrBadTimestamp = errors.New("bettermode: webhook: the request timestamp is not Unix milliseconds")
	// ErrTooOld: the timestamp is further in the past than the tolerance
	// window: a replay, or a receiver clock far ahead.
	ErrTooOld = errors.New("bettermode: webhook: the request is older than the tolerance window (a replay, or this server's clock is ahead)")
	// ErrTooNew: the timestamp is further in the future than the tolerance
	// window: a forgery, or a receiver clock far behind.
	ErrTooNew = errors.New("bettermode: webhook: the request timestamp is in the future beyond the tolerance window (check this server's clock)")
	// ErrBodyTooLarge: the body is longer than the configured limit.
	ErrBodyTooLarge = errors.New("bettermode: webhook: the request body exceeds the size limit")
	// ErrMalformedBody: the body is not a webhook envelope (a JSON object
	// with a non-empty string "type"), or its data does not fit the type.
	ErrMalformedBody = errors.New("bettermode: webhook: the request body is not a Bettermode webhook")
	// ErrDuplicate: a Deduper's answer for an event that was already
	// processed. The Handler acknowledges it without calling your function.
	ErrDuplicate = errors.New("bettermode: webhook: this event was already processed")
	// ErrInFlight: a Deduper's answer for an event that another delivery is
	// processing, from an implementation that cannot wait for it. The
	// Handler answers FAILED so that Bettermode retries later.
	ErrInFlight = errors.New("bettermode: webhook: this event is being processed by another delivery")
	// ErrUnsupportedType: no function is registered for the request's type.
	// The Handler answers a FAILED envelope (errorCode 118, errorMessage
	// naming the type) and logs this error.
	ErrUnsupportedType = errors.New("bettermode: webhook: no handler is registered for this webhook type")
	// ErrMethod: the request is not a POST.
	ErrMethod = errors.New("bettermode: webhook: only POST is accepted")
)

// Error codes of a FAILED envelope (its "errorCode"), from Bettermode's
// error code list.
const (
	// CodeUnknownError: an unclassified failure.
	CodeUnknownError = 1
	// CodeServerError: your function failed (the default for its errors).
	CodeServerError = 10
	// CodeServiceTimeout: the request's context ended before your function
	// returned.
	CodeServiceTimeout = 30
	// CodeServiceUnavailable: the duplicate guard could not be consulted,
	// or the event is in flight elsewhere; Bettermode should retry.
	CodeServiceUnavailable = 50
	// CodeInvalidParameter: for your own failures about the request's input.
	CodeInvalidParameter = 106
	// CodeInvalidRequest: the type is not supported by this receiver.
	CodeInvalidRequest = 118
)

// genericFailure is the errorMessage of a function's error that carries no
// public message.
const genericFailure = "handler failed"

// Failure is an error whose Message may be shown to Bettermode (and so to
// the community's admins): a function that returns a *Failure (or any error
// wrapping one) gets a FAILED envelope with Code and Message. Err, the
// cause, is kept for logs and errors.Is, never sent.
type Failure struct {
	// Code is the envelope's errorCode; 0 means CodeServerError.
	Code int
	// Message is the envelope's errorMessage, shown to Bettermode.
	Message string
	// Err is the cause, logged but not sent.
	Err error
}

// Fail returns a *Failure with CodeServerError and message.
func Fail(message string) error { return &Failure{Code: CodeServerError, Message: message} }

// Error returns the message and the cause's text.
func (f *Failure) Error() string {
	if f.Err != nil {
		return f.Message + ": " + f.Err.Error()
	}
	return f.Message
}

// PublicMessage returns Message.
func (f *Failure) PublicMessage() string { return f.Message }

// ErrorCode returns Code, or CodeServerError when it is 0.
func (f *Failure) ErrorCode() int {
	if f.Code == 0 {
		return CodeServerError
	}
	return f.Code
}

// Unwrap returns the cause.
func (f *Failure) Unwrap() error { return f.Err }

// publicMessager is an error that may be shown to Bettermode.
type publicMessager interface{ PublicMessage() string }

// errorCoder is an error with its own errorCode.
type errorCoder interface{ ErrorCode() int }

// publicFailure returns the errorCode and errorMessage for a function's
// error: its public message if it has one, "handler failed" otherwise.
func publicFailure(err error) (int, string) {
	code := CodeServerError
	var c errorCoder
	if errors.As(err, &c) {
		code = c.ErrorCode()
	}
	var pm publicMessager
	if errors.As(err, &pm) {
		if msg := pm.PublicMessage(); msg != "" {
			return code, msg
		}
	}
	return code, genericFailure
}

// StatusCode returns the HTTP status the Handler answers for an error of
// verification or reading: 401 for a missing or bad signature, 413 for a
// body too large, 405 for a method other than POST, 500 for ErrNoSecret,
// and 400 for the rest (timestamp problems, a malformed body).
func StatusCode(err error) int {
	switch {
	case errors.Is(err, ErrMissingSignature), errors.Is(err, ErrBadSignature):
		return http.StatusUnauthorized
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrMethod):
		return http.StatusMethodNotAllowed
	case errors.Is(err, ErrNoSecret):
		return http.StatusInternalServerError
	default:
		return http.StatusBadRequest
	}
}
