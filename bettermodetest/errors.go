package bettermodetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Bettermode error codes, as strings in an error's "code" field. They are
// the codes of ApiErrorCodes in Bettermode's TypeScript client
// (@tribeplatform/gql-client, src/lib/response.ts), with the names given
// there; which code Bettermode answers in which case is the kit's
// assumption where the package doc says so.
const (
	// CodeServerError (SERVER_ERROR, status 500): the server failed, such as
	// a handler that returned an error that is not an *Error, or a value
	// that does not fit the field's type.
	CodeServerError = "10"
	// CodeInvalidInput (PARAMETER_VALIDATION_FAILED, status 400): a request's
	// input is wrong, such as an empty entityId, and every request the kit
	// cannot execute: a body that is not a GraphQL request, a query that
	// does not parse or is not valid against the schema, variables that do
	// not fit it.
	CodeInvalidInput = "100"
	// CodeForbidden (PERMISSION_ERROR, status 403): the credentials may not
	// do this, such as an app that is not installed on the network.
	CodeForbidden = "102"
	// CodeRateLimited (USER_REQUEST_REACHED, status 429): too many requests
	// (see Fault).
	CodeRateLimited = "104"
	// CodeInvalidParameter (INVALID_PARAMETER, status 400), for handlers.
	CodeInvalidParameter = "106"
	// CodeUnauthorized (INVALID_ACCESS_TOKEN, status 401): a token or
	// credentials are missing, invalid, expired or forged.
	CodeUnauthorized = "108"
	// CodeNotFound (RESOURCE_NOT_FOUND, status 404): the network, member or
	// seeded object does not exist, or, in replay mode, no fixture matches.
	CodeNotFound = "110"
	// CodeMissingParameter (MISSING_PARAMETER, status 400), for handlers.
	CodeMissingParameter = "112"
	// CodeParameterType (PARAMETER_TYPE_PROBLEM, status 400), for handlers.
	CodeParameterType = "114"
)

// Extension codes of the errors of a request that is not executed, in
// extensions.code of a HTTP 4xx answer, next to the Bettermode code in
// "code" (CodeInvalidInput, or CodeNotFound for ExtNoFixture).
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
	field   string
	subcode string
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

// errServer is a failure of the server (or of a test's handler).
func errServer(message string) *apiError {
	return &apiError{code: CodeServerError, message: message, status: http.StatusInternalServerError}
}

// wireError is an error as Bettermode sends it.
type wireError struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Status    int    `json:"status"`
	Field     string `json:"field,omitempty"`
	Subcode   string `json:"subcode,omitempty"`
	Path      []any  `json:"path,omitempty"`
	Timestamp string `json:"timestamp"`
}

func (s *Server) wireError(e *apiError, path ...any) wireError {
	return wireError{Code: e.code, Message: e.message, Status: e.status, Field: e.field, Subcode: e.subcode, Path: path,
		Timestamp: s.clock().UTC().Format(time.RFC3339)}
}

// requestError is an error of a request that is not executed: Bettermode's
// code and status, and the GraphQL error's locations and extensions.code.
type requestError struct {
	Code       string         `json:"code"`
	Message    string         `json:"message"`
	Status     int            `json:"status"`
	Locations  []location     `json:"locations,omitempty"`
	Path       []any          `json:"path,omitempty"`
	Extensions map[string]any `json:"extensions"`
}

// codeOfExt is the Bettermode code of a request error with extension code ext.
func codeOfExt(ext string) string {
	switch ext {
	case ExtNoFixture:
		return CodeNotFound
	case ExtValidationFailed, ExtParseFailed, ExtBadRequest:
		return CodeInvalidInput
	}
	return CodeServerError
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
	s.writeJSON(w, status, nil, map[string]any{"errors": []requestError{{Code: codeOfExt(ext), Message: message, Status: status,
		Extensions: map[string]any{"code": ext}}}})
}
