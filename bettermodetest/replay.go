package bettermodetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// Fixture is a recorded request and the answer to replay for it. As JSON:
//
//	{
//	  "name": "guest token",
//	  "request": {
//	    "method": "POST",
//	    "headers": {"Authorization": "Bearer …", "Content-Type": "application/json"},
//	    "body": {
//	      "query": "query Guest($d: String) { tokens(networkDomain: $d) { accessToken } }",
//	      "operationName": "Guest",
//	      "variables": {"d": "fake-community.example.com"}
//	    }
//	  },
//	  "response": {
//	    "status": 200,
//	    "headers": {"Content-Type": "application/json"},
//	    "body": {"data": {"tokens": {"accessToken": "…"}}}
//	  }
//	}
//
// A request matches a fixture when their bodies match as SameRequest says.
// When several fixtures match, those whose recorded headers all equal the
// request's are preferred, then the first not yet replayed, then the last;
// so fixtures recorded in sequence for the same request replay in sequence.
type Fixture struct {
	// Name names the fixture in messages; empty means the file's name.
	Name string `json:"name"`
	// Request is the recorded request.
	Request FixtureRequest `json:"request"`
	// Response is the answer replayed.
	Response FixtureResponse `json:"response"`
	// File is the file the fixture was loaded from, if any.
	File string `json:"-"`
}

// FixtureRequest is a recorded request.
type FixtureRequest struct {
	// Method is the HTTP method; empty means POST.
	Method string `json:"method,omitempty"`
	// Headers are request headers; they only break ties between fixtures.
	Headers map[string]string `json:"headers,omitempty"`
	// Body is the GraphQL request body {query, operationName, variables}.
	Body json.RawMessage `json:"body"`
}

// FixtureResponse is a recorded answer.
type FixtureResponse struct {
	// Status is the HTTP status; 0 means 200.
	Status int `json:"status,omitempty"`
	// Headers are answer headers; Content-Type defaults to application/json.
	Headers map[string]string `json:"headers,omitempty"`
	// Body is the answer's body: JSON written as it is, or a JSON string
	// whose text is written as the raw body (for answers that are not JSON).
	Body json.RawMessage `json:"body"`
}

// NormalizeQuery collapses every run of whitespace in query to one space
// and trims it, so that queries that differ only in layout compare equal.
func NormalizeQuery(query string) string { return strings.Join(strings.Fields(query), " ") }

// SameRequest reports whether two GraphQL request bodies ask the same: equal
// queries after NormalizeQuery, equal operationName (absent is empty), and
// equal variables as JSON values (absent, null and {} alike). A body that is
// not a GraphQL request matches nothing.
func SameRequest(a, b []byte) bool {
	ra, erra := decodeRequest(a)
	rb, errb := decodeRequest(b)
	return erra == nil && errb == nil && sameRequest(ra, rb)
}

func sameRequest(a, b request) bool {
	if NormalizeQuery(a.Query) != NormalizeQuery(b.Query) || a.OperationName != b.OperationName {
		return false
	}
	if len(a.Variables) == 0 && len(b.Variables) == 0 {
		return true
	}
	return reflect.DeepEqual(a.Variables, b.Variables)
}

// LoadFixtures reads every *.json file of directory dir of fsys (not of its
// subdirectories), in name order, as a Fixture. Unknown fields, a request body
// without a query, or a response without a body are errors naming the file.
func LoadFixtures(fsys fs.FS, dir string) ([]Fixture, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("bettermodetest: reading fixtures: %w", err)
	}
	var out []Fixture
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		file := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("bettermodetest: fixture %s: %w", file, err)
		}
		fx, err := parseFixture(data)
		if err != nil {
			return nil, fmt.Errorf("bettermodetest: fixture %s: %w", file, err)
		}
		fx.File = file
		if fx.Name == "" {
			fx.Name = strings.TrimSuffix(e.Name(), ".json")
		}
		out = append(out, fx)
	}
	return out, nil
}

func parseFixture(data []byte) (Fixture, error) {
	var fx Fixture
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fx); err != nil {
		return Fixture{}, err
	}
	if _, err := decodeRequest(fx.Request.Body); err != nil {
		return Fixture{}, fmt.Errorf("request body: %w", err)
	}
	if len(bytes.TrimSpace(fx.Response.Body)) == 0 {
		return Fixture{}, fmt.Errorf("response has no body")
	}
	if fx.Response.Status != 0 && (fx.Response.Status < 100 || fx.Response.Status > 999) {
		return Fixture{}, fmt.Errorf("response status %d is not an HTTP status", fx.Response.Status)
	}
	return fx, nil
}

// NewReplayServer starts a server in replay mode (see WithFixtures) with the
// fixtures of directory dir of fsys, read by LoadFixtures, and closes it when
// tb's test ends. It fails tb if the fixtures cannot be read. A Recorder
// records such a directory from a real community.
func NewReplayServer(tb testing.TB, fsys fs.FS, dir string, opts ...Option) *Server {
	tb.Helper()
	fixtures, err := LoadFixtures(fsys, dir)
	if err != nil {
		tb.Fatal(err)
	}
	return Start(tb, append(opts, WithFixtures(fixtures...))...)
}

// Fixtures returns the fixtures the server replays.
func (s *Server) Fixtures() []Fixture { return append([]Fixture(nil), s.fixtures...) }

// serveReplay answers req with the fixture it matches.
func (s *Server) serveReplay(w http.ResponseWriter, r *http.Request, req request, keys []string) {
	var bodyMatch, headerMatch, sameQuery []int
	for i, fx := range s.fixtures {
		rec, err := decodeRequest(fx.Request.Body)
		if err != nil {
			continue
		}
		if method := fx.Request.Method; method != "" && !strings.EqualFold(method, r.Method) {
			continue
		}
		if !sameRequest(rec, req) {
			if NormalizeQuery(rec.Query) == NormalizeQuery(req.Query) {
				sameQuery = append(sameQuery, i)
			}
			continue
		}
		bodyMatch = append(bodyMatch, i)
		if headersMatch(fx.Request.Headers, r.Header) {
			headerMatch = append(headerMatch, i)
		}
	}
	candidates := bodyMatch
	if len(headerMatch) > 0 {
		candidates = headerMatch
	}
	if len(candidates) == 0 {
		s.count(rejectedMap, RejectNoFixture)
		what := "operation " + strconv.Quote(req.OperationName)
		if req.OperationName == "" {
			what = "root fields " + strconv.Quote(strings.Join(keys, ","))
		}
		msg := fmt.Sprintf("bettermodetest: no fixture matches this request (%s) among %d fixtures", what, len(s.fixtures))
		if len(sameQuery) > 0 {
			var names []string
			for _, i := range sameQuery {
				names = append(names, strconv.Quote(s.fixtures[i].Name))
			}
			msg += "; fixtures " + strings.Join(names, ", ") + " have the same query but other variables or operationName"
		}
		s.writeRequestError(w, http.StatusNotFound, ExtNoFixture, msg)
		return
	}
	s.mu.Lock()
	pick := candidates[len(candidates)-1]
	for _, i := range candidates {
		if !s.fixtureUsed[i] {
			pick = i
			break
		}
	}
	s.fixtureUsed[pick] = true
	s.mu.Unlock()

	resp := s.fixtures[pick].Response
	body := []byte(resp.Body)
	var text string
	if json.Unmarshal(resp.Body, &text) == nil {
		body = []byte(text)
	}
	for k, v := range resp.Headers {
		if !strings.EqualFold(k, "Content-Length") {
			w.Header().Set(k, v)
		}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	status := resp.Status
	if status == 0 {
		status = http.StatusOK
	}
	body = s.scrub(body)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// headersMatch reports whether every recorded header has its value in h.
func headersMatch(recorded map[string]string, h http.Header) bool {
	for k, v := range recorded {
		if h.Get(k) != v {
			return false
		}
	}
	return true
}
