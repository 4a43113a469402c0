package bettermodetest

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"
)

// AnyOperation, as the op of InjectFault or WithFault, matches every request.
const AnyOperation = "*"

// Fault makes the server misbehave for the requests it matches.
//
// A fault injected for op matches a request whose operation selects the root
// field op (such as "limitedToken") or is named op (in the document or by
// operationName), or every request when op is AnyOperation. A request matches
// even when it is invalid, as long as its query parses; one whose query does
// not parse matches only AnyOperation and its operationName.
//
// Of the matching requests, the fault fires on the Nth and on the ones after
// it, Times times in all: Nth 0 means from the first, and Times 0 means
// without limit, except that with Nth set it means once. So Fault{Status: 503}
// fails every request, Fault{Status: 503, Times: 2} the first two and
// Fault{Status: 503, Nth: 3} only the third.
//
// When a fault fires, the server first waits Latency, then answers as the
// first of these says: Drop, Malformed, AsGraphQLError, Status. A fault with
// none of them only delays the request, which is then served normally.
type Fault struct {
	// Latency delays the answer. The wait ends early, without an answer, when
	// the client cancels the request or Close is called. It uses real time,
	// not WithClock's.
	Latency time.Duration
	// Status, if not 0, answers with this HTTP status (such as 500, 503 or 429)
	// and a body {"errors":[{"message":…,"status":Status}]}, whose error has
	// code "104" for 429. The request is not executed.
	Status int
	// RetryAfter, if positive, adds a Retry-After header, in whole seconds
	// rounded up, to an answer made by Status or AsGraphQLError.
	RetryAfter time.Duration
	// AsGraphQLError answers HTTP 200 with a Bettermode error for Status
	// (default 429) in the body, as Bettermode reports rate limits: code "104"
	// for 429, "108" for 401, "102" for 403, "110" for 404, "100" for 400.
	// With WithHTTPAuthErrors, 401 and 403 keep their HTTP status.
	AsGraphQLError bool
	// Malformed answers HTTP 200 with the body "{not json".
	Malformed bool
	// Drop closes the connection without answering.
	Drop bool
	// Nth, if positive, makes the fault fire from the Nth matching request.
	Nth int
	// Times, if positive, makes the fault fire that many times at most.
	Times int
}

type faultState struct {
	op          string
	f           Fault
	seen, fired int
}

// InjectFault adds f for the requests matching op (a root field, an
// operationName, or AnyOperation). Faults are checked in the order they were
// added; the first that fires applies.
func (s *Server) InjectFault(op string, f Fault) {
	s.mu.Lock()
	s.faults = append(s.faults, &faultState{op: op, f: f})
	s.mu.Unlock()
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// pickFault returns the fault to apply to a request matching keys, if any.
func (s *Server) pickFault(keys []string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var picked *faultState
	for _, fs := range s.faults {
		match := fs.op == AnyOperation
		for _, k := range keys {
			match = match || k == fs.op
		}
		if !match {
			continue
		}
		fs.seen++
		limit := fs.f.Times
		if limit <= 0 {
			limit = math.MaxInt
			if fs.f.Nth > 0 {
				limit = 1
			}
		}
		if picked == nil && fs.seen >= fs.f.Nth && fs.fired < limit {
			fs.fired++
			picked = fs
		}
	}
	if picked == nil {
		return Fault{}, false
	}
	return picked.f, true
}

// applyFault applies the fault for keys, if any. It reports whether the
// request is answered (or dropped) and must not be served further. roots are
// the request's root fields, for the path of a GraphQL error.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, keys, roots []string) bool {
	f, ok := s.pickFault(keys)
	if !ok {
		return false
	}
	if f.Latency > 0 && !sleep(r.Context(), f.Latency) {
		return true
	}
	header := http.Header{}
	if f.RetryAfter > 0 {
		header.Set("Retry-After", strconv.FormatInt(int64(math.Ceil(f.RetryAfter.Seconds())), 10))
	}
	switch {
	case f.Drop:
		drop(w)
	case f.Malformed:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("{not json"))
	case f.AsGraphQLError:
		status := f.Status
		if status == 0 {
			status = http.StatusTooManyRequests
		}
		e := statusError(status)
		httpStatus := http.StatusOK
		if s.httpAuthErrors && (e.code == CodeUnauthorized || e.code == CodeForbidden) {
			httpStatus = status
		}
		var path []any
		if len(roots) > 0 {
			path = append(path, roots[0])
		}
		s.writeJSON(w, httpStatus, header, map[string]any{"data": nil, "errors": []wireError{s.wireError(e, path...)}})
	case f.Status != 0:
		e := statusError(f.Status)
		body := map[string]any{"message": e.message, "status": f.Status}
		if e.code != "" {
			body["code"] = e.code
		}
		s.writeJSON(w, f.Status, header, map[string]any{"errors": []any{body}})
	default:
		return false
	}
	return true
}

// statusError is the Bettermode error for an HTTP status.
func statusError(status int) *apiError {
	codes := map[int]string{400: CodeInvalidInput, 401: CodeUnauthorized, 403: CodeForbidden, 404: CodeNotFound, 429: CodeRateLimited}
	msg := http.StatusText(status)
	if status == http.StatusTooManyRequests {
		msg = "Too many requests"
	}
	if msg == "" {
		msg = "Error " + strconv.Itoa(status)
	}
	return &apiError{code: codes[status], message: msg, status: status}
}

// sleep waits d, or until ctx is done; it reports whether it waited d.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// drop closes the connection of w without answering.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // net/http closes the connection (or resets the stream)
}
