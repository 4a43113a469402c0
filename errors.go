package bettermode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel errors, matched with errors.Is against any error the SDK returns.
var (
	// ErrUnauthorized: the token is missing, invalid or expired (code 108 or HTTP 401).
	ErrUnauthorized = errors.New("bettermode: unauthorized")
	// ErrForbidden: the credentials are valid but not allowed to do this (code 102 or HTTP 403).
	ErrForbidden = errors.New("bettermode: forbidden")
	// ErrRateLimited: a burst or daily rate limit was hit (code 104 or HTTP 429).
	ErrRateLimited = errors.New("bettermode: rate limited")
	// ErrNotFound: the requested entity does not exist (code 110).
	ErrNotFound = errors.New("bettermode: not found")
	// ErrInvalidInput: a request or configuration value is wrong or missing
	// (codes 100, 106, 112, 114, HTTP 400, or a check before any network call).
	ErrInvalidInput = errors.New("bettermode: invalid input")
)

// ErrClosed is returned by a Client's methods after Close, and by a closed
// CachedSource.
var ErrClosed = errors.New("bettermode: client closed; create a new one")

// Error is an error answered by the API, or found before a request was sent.
// It matches one of the sentinel errors with errors.Is and wraps its cause.
type Error struct {
	// Code is Bettermode's error code, such as "108"; empty when the answer
	// carried none (an HTTP error, or a check made before sending).
	Code string
	// Subcode is Bettermode's subcode, when given.
	Subcode string
	// Message is the server's message as it sent it (Error lowercases its
	// first letter), with any secret the SDK knows removed.
	Message string
	// Field names the input field at fault, when known.
	Field string
	// StatusCode is the HTTP status of the answer; 0 when nothing was sent.
	StatusCode int
	// Operation is the GraphQL operation, such as "limitedToken".
	Operation string
	// RetryAfter is how long the server asked to wait (Retry-After), for rate limits.
	RetryAfter time.Duration
	// More counts the further errors the same answer carried.
	More int

	kind    error  // one of the sentinels, or nil
	lowered string // Message with its first letter lowercased, scrubbed again, for Error
	hint    string
	err     error // wrapped cause, or nil
}

// Error formats e as "bettermode: OPERATION: MESSAGE (code C, HTTP S): HINT".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("bettermode: ")
	if e.Operation != "" {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	msg := e.Message
	if e.lowered != "" {
		msg = e.lowered
	}
	if msg == "" && e.kind != nil {
		msg = strings.TrimPrefix(e.kind.Error(), "bettermode: ")
	}
	if msg == "" {
		msg = "request failed"
	}
	b.WriteString(msg)
	var meta []string
	if e.Code != "" {
		meta = append(meta, "code "+e.Code)
	}
	if e.Field != "" && !strings.Contains(msg, e.Field) {
		meta = append(meta, "field "+e.Field)
	}
	if e.StatusCode != 0 && e.StatusCode != http.StatusOK {
		meta = append(meta, "HTTP "+strconv.Itoa(e.StatusCode))
	}
	if e.More > 0 {
		meta = append(meta, fmt.Sprintf("%d more", e.More))
	}
	if len(meta) > 0 {
		b.WriteString(" (" + strings.Join(meta, ", ") + ")")
	}
	if h := e.advice(); h != "" {
		b.WriteString(": ")
		b.WriteString(h)
	}
	if e.err != nil {
		b.WriteString(": ")
		b.WriteString(e.err.Error())
	}
	return b.String()
}

func (e *Error) advice() string {
	if e.hint != "" {
		return e.hint
	}
	switch e.kind {
	case ErrUnauthorized:
		return "the token is missing, invalid or expired; check the credentials"
	case ErrForbidden:
		return "the credentials are not allowed to do this; check the role's permissions"
	case ErrRateLimited:
		if e.RetryAfter > 0 {
			return "retry after " + e.RetryAfter.String()
		}
		return "slow down and retry later"
	case ErrNotFound:
		return "check the id or name"
	case ErrInvalidInput:
		return "fix the request's input"
	}
	return ""
}

// Is reports whether target is the sentinel e matches.
func (e *Error) Is(target error) bool { return target != nil && target == e.kind }

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.err }

// LogValue logs e by its message (which never holds a secret).
func (e *Error) LogValue() slog.Value {
	return slog.GroupValue(slog.String("code", e.Code), slog.Int("status", e.StatusCode),
		slog.String("operation", e.Operation), slog.String("error", e.Error()))
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' { // an acronym such as "JWT"
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// invalidInput is the error of a check made before any network call.
func invalidInput(op, field, hint string) *Error {
	return &Error{Operation: op, Field: field, Message: field + " is required", kind: ErrInvalidInput, hint: hint}
}

// kindFor maps a Bettermode code, a GraphQL extensions code and an HTTP status to a sentinel.
func kindFor(code, extCode string, status int) error {
	switch code {
	case "108":
		return ErrUnauthorized
	case "102":
		return ErrForbidden
	case "104":
		return ErrRateLimited
	case "110":
		return ErrNotFound
	case "100", "106", "112", "114":
		return ErrInvalidInput
	}
	switch extCode {
	case "UNAUTHENTICATED":
		return ErrUnauthorized
	case "FORBIDDEN":
		return ErrForbidden
	case "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED":
		return ErrInvalidInput
	}
	switch status {
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusTooManyRequests:
		return ErrRateLimited
	case http.StatusBadRequest:
		return ErrInvalidInput
	}
	return nil
}

// wireError is one entry of a response's errors array as Bettermode sends it.
type wireError struct {
	Message    string          `json:"message"`
	Code       json.RawMessage `json:"code"`
	Subcode    json.RawMessage `json:"subcode"`
	Field      string          `json:"field"`
	Status     int             `json:"status"`
	Extensions struct {
		Code string `json:"code"`
	} `json:"extensions"`
}

// wireResponse is a GraphQL response body.
type wireResponse struct {
	Data       rawJSON         `json:"data"`
	Errors     []wireError     `json:"errors"`
	Extensions json.RawMessage `json:"extensions"`
}

// rawJSON is json.RawMessage without the copy: it keeps the slice of the
// input it is given. json.Unmarshal hands it a slice of the body, which the
// SDK never modifies, so the largest part of an answer is held once.
type rawJSON []byte

// UnmarshalJSON keeps b.
func (r *rawJSON) UnmarshalJSON(b []byte) error { *r = b; return nil }

// scalarString returns a JSON string or number as text ("108" and 108 alike).
func scalarString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
		return string(raw)
	}
	return ""
}

// maxMessageLen bounds how much of a server's message an error keeps.
const maxMessageLen = 512

// decodeResponse turns an HTTP answer into data and extensions, or an *Error.
// It never returns both a nil error and nil data for a 2xx answer without
// errors; partial data is returned beside the error when the answer has both.
// op names the operation; every form of the secrets in ss is removed from
// any text it keeps, before the text is cut, so no part of one survives.
func decodeResponse(op string, status int, header http.Header, body []byte, ss secrets) (data, ext json.RawMessage, err error) {
	var wr wireResponse
	jsonErr := json.Unmarshal(body, &wr)
	if jsonErr == nil && len(wr.Errors) > 0 {
		return json.RawMessage(wr.Data), wr.Extensions, apiError(op, status, header, wr.Errors, ss)
	}
	if status < 200 || status > 299 {
		e := &Error{Operation: op, StatusCode: status, kind: kindFor("", "", status), RetryAfter: retryAfter(header, time.Now())}
		e.Message = strings.ToLower(http.StatusText(status))
		if status == http.StatusNotFound {
			e.hint = "check the endpoint URL"
		} else if status >= 500 {
			e.hint = "the service failed; retry later"
		}
		return nil, nil, e
	}
	if jsonErr != nil {
		return nil, nil, &Error{Operation: op, StatusCode: status, Message: "the response is not valid GraphQL JSON",
			hint: "check that the endpoint is a Bettermode GraphQL API", err: ss.clean(jsonErr)}
	}
	if len(wr.Data) == 0 || string(wr.Data) == "null" {
		return nil, wr.Extensions, &Error{Operation: op, StatusCode: status, Message: "the response has no data and no errors",
			hint: "check that the endpoint is a Bettermode GraphQL API"}
	}
	return json.RawMessage(wr.Data), wr.Extensions, nil
}

func apiError(op string, status int, header http.Header, errs []wireError, ss secrets) *Error {
	w := errs[0]
	code := truncate(ss.scrubText(scalarString(w.Code)), 32)
	st := status
	if st == http.StatusOK && w.Status >= 400 && w.Status <= 599 {
		st = w.Status // Bettermode repeats the status in the error object
	}
	e := &Error{
		Code:       code,
		Subcode:    truncate(ss.scrubText(scalarString(w.Subcode)), 32),
		Message:    truncate(ss.scrubText(w.Message), maxMessageLen),
		lowered:    truncate(ss.scrubText(lowerFirst(w.Message)), maxMessageLen),
		Field:      truncate(ss.scrubText(w.Field), 128),
		StatusCode: status,
		Operation:  op,
		More:       len(errs) - 1,
		kind:       kindFor(code, w.Extensions.Code, st),
	}
	if e.kind == ErrRateLimited {
		e.RetryAfter = retryAfter(header, time.Now())
	}
	return e
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// maxRetryAfter caps a server's Retry-After.
const maxRetryAfter = time.Hour

// retryAfter parses a Retry-After header as seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || secs != secs {
			return 0
		}
		if secs > maxRetryAfter.Seconds() {
			return maxRetryAfter
		}
		d = time.Duration(secs * float64(time.Second))
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(d, maxRetryAfter)
}
