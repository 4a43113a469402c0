package bettermodetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Bettermode error codes the server answers with, as strings in an error's
// "code" field.
const (
	// CodeInvalidInput (status 400): a request's input is wrong, such as an
	// empty entityId.
	CodeInvalidInput = "100"
	// CodeForbidden (status 403): the credentials may not do this, such as an
	// app that is not installed on the network.
	CodeForbidden = "102"
	// CodeRateLimited (status 429): too many requests (see Fault).
	CodeRateLimited = "104"
	// CodeUnauthorized (status 401): a token or credentials are missing,
	// invalid, expired or forged.
	CodeUnauthorized = "108"
	// CodeNotFound (status 404): the network or member does not exist.
	CodeNotFound = "110"
)

// Extension codes of the errors of a request that is not executed, in
// extensions.code of a HTTP 4xx answer.
const (
	// ExtValidationFailed: the document is not valid against the schema, or
	// the variables do not fit it (HTTP 400).
	ExtValidationFailed = "GRAPHQL_VALIDATION_FAILED"
	// ExtParseFailed: the query is not GraphQL (HTTP 400).
	ExtParseFailed = "GRAPHQL_PARSE_FAILED"
	// ExtBadRequest: the body is not a GraphQL request, or the method is not
	// POST (HTTP 400, 405 or 413).
	ExtBadRequest = "BAD_REQUEST"
	// ExtNoFixture: in replay mode, no fixture matches the request (HTTP 404).
	ExtNoFixture = "NO_FIXTURE"
)

// apiError is an error of a resolved field, in Bettermode's shape.
type apiError struct {
	code    string
	message string
	status  int
	reason  string // counted by Rejected, if not empty
}

func errUnauthorized(reason, message string) *apiError {
	return &apiError{code: CodeUnauthorized, message: message, status: http.StatusUnauthorized, reason: reason}
}

func errForbidden(reason, message string) *apiError {
	return &apiError{code: CodeForbidden, message: message, status: http.StatusForbidden, reason: reason}
}

func errNotFound(message string) *apiError {
	return &apiError{code: CodeNotFound, message: message, status: http.StatusNotFound, reason: RejectNotFound}
}

func errInvalidInput(message string) *apiError {
	return &apiError{code: CodeInvalidInput, message: message, status: http.StatusBadRequest, reason: RejectValidation}
}

// messages of rejected tokens, by reason. They never repeat the token.
var tokenMessages = map[string]string{
	RejectUnauthenticated: "Unauthorized",
	RejectInvalidToken:    "Unauthorized: invalid token",
	RejectExpired:         "Unauthorized: token expired",
	RejectForged:          "Unauthorized: invalid token signature",
	RejectWrongRegion:     "Unauthorized: token was issued by another region",
	RejectReused:          "Unauthorized: refresh token was already used",
}

func errToken(reason string) *apiError {
	msg, ok := tokenMessages[reason]
	if !ok {
		msg = "Unauthorized"
	}
	return errUnauthorized(reason, msg)
}

// wireError is an error as Bettermode sends it.
type wireError struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Status    int    `json:"status"`
	Path      []any  `json:"path,omitempty"`
	Timestamp string `json:"timestamp"`
}

func (s *Server) wireError(e *apiError, path ...any) wireError {
	return wireError{Code: e.code, Message: e.message, Status: e.status, Path: path, Timestamp: s.clock().UTC().Format(time.RFC3339)}
}

// requestError is an error of a request that is not executed.
type requestError struct {
	Message    string         `json:"message"`
	Locations  []location     `json:"locations,omitempty"`
	Path       []any          `json:"path,omitempty"`
	Extensions map[string]any `json:"extensions"`
}

type location struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// writeJSON answers status with v as JSON, with every known secret removed.
func (s *Server) writeJSON(w http.ResponseWriter, status int, header http.Header, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"errors":[{"message":"bettermodetest: cannot encode the answer"}]}`)
	}
	body = s.scrub(body)
	for k, vs := range header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// scrub removes every password and client secret from body. The server never
// puts one in an answer; this makes sure of it.
func (s *Server) scrub(body []byte) []byte {
	for _, sec := range s.secrets {
		if len(sec) >= 4 && bytes.Contains(body, sec) {
			body = bytes.ReplaceAll(body, sec, []byte("REDACTED"))
		}
	}
	return body
}

// writeRequestError answers status with one request error.
func (s *Server) writeRequestError(w http.ResponseWriter, status int, ext, message string) {
	s.writeJSON(w, status, nil, map[string]any{"errors": []requestError{{Message: message, Extensions: map[string]any{"code": ext}}}})
}
