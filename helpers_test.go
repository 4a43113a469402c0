package bettermode

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/internal/jwt"
)

var update = flag.Bool("update", false, "rewrite the golden fixtures in testdata/fixtures")

// Obviously fake credentials used across the tests.
const (
	fakeDomain   = "fake-community.example.com"
	fakeNetwork  = "fakeNet0001"
	fakeUser     = "fake-member@example.com"
	fakePassword = "fake-password-0001"
	fakeClientID = "fake-client-id-0001"
	fakeSecret   = "fake-client-secret-0001"
	fakeMemberID = "fakeMember01"
)

// fakeJWT returns an unsigned-looking but well-formed JWT with the claims.
func fakeJWT(t testing.TB, claims map[string]any) string {
	t.Helper()
	tok, err := jwt.SignHS256(claims, []byte("fake-test-key"))
	require.NoError(t, err)
	return tok
}

var fixedExp = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

func guestJWT(t testing.TB) string {
	return fakeJWT(t, map[string]any{"exp": fixedExp.Unix(), "networkId": fakeNetwork, "role": "guest", "id": "GUEST_fake01", "kind": "guest"})
}

func memberJWT(t testing.TB, n int) string {
	return fakeJWT(t, map[string]any{"exp": fixedExp.Unix(), "networkId": fakeNetwork, "role": "member", "id": fakeMemberID, "kind": "member", "n": n})
}

func appJWT(t testing.TB, member string) string {
	return fakeJWT(t, map[string]any{"exp": fixedExp.Unix(), "networkId": fakeNetwork, "role": "admin", "id": member, "kind": "app"})
}

// answer is what the fake API replies to one request.
type answer struct {
	status int
	header map[string]string
	body   string
}

func ok(data string) answer { return answer{status: 200, body: `{"data":` + data + `}`} }

func gqlErr(code, msg string) answer {
	return answer{status: 200, body: fmt.Sprintf(`{"data":null,"errors":[{"code":%q,"message":%q}]}`, code, msg)}
}

// recorded is one request the fake API received.
type recorded struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
	Op     string
	At     time.Time // when the server got it
}

// fakeAPI is a scripted GraphQL server: it answers by operation name and
// records every request.
type fakeAPI struct {
	*httptest.Server
	mu      sync.Mutex
	reqs    []recorded
	answers map[string][]answer // per operationName; the last one repeats
	handle  func(r recorded) (answer, bool)
}

func newFakeAPI(t testing.TB, answers map[string][]answer) *fakeAPI {
	f := &fakeAPI{answers: answers}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req struct {
		OperationName string `json:"operationName"`
		Query         string `json:"query"`
	}
	_ = json.Unmarshal(body, &req)
	op := req.OperationName
	if op == "" {
		op = req.Query
	}
	rec := recorded{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body, Op: op, At: time.Now()}
	f.mu.Lock()
	f.reqs = append(f.reqs, rec)
	var a answer
	var found bool
	if f.handle != nil {
		a, found = f.handle(rec)
	}
	if !found {
		list := f.answers[req.OperationName]
		if len(list) == 0 {
			list = f.answers["*"]
		}
		if len(list) > 0 {
			a, found = list[0], true
			if len(list) > 1 {
				if _, ok := f.answers[req.OperationName]; ok {
					f.answers[req.OperationName] = list[1:]
				} else {
					f.answers["*"] = list[1:]
				}
			}
		}
	}
	f.mu.Unlock()
	if !found {
		a = gqlErr("110", "no scripted answer for "+req.OperationName)
	}
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

func (f *fakeAPI) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

func (f *fakeAPI) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reqs)
}

// fixture is a golden request/response pair, in the format bettermodetest's
// replay mode serves.
type fixture struct {
	Name    string `json:"name"`
	Request struct {
		Method  string            `json:"method"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"request"`
	Response struct {
		Status  int               `json:"status"`
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"response"`
}

var spaces = regexp.MustCompile(`\s+`)

// normalizeBody collapses whitespace in the query and re-encodes the body
// with sorted keys, so that goldens compare what matters.
func normalizeBody(t testing.TB, body []byte) json.RawMessage {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m))
	if q, ok := m["query"].(string); ok {
		m["query"] = strings.TrimSpace(spaces.ReplaceAllString(q, " "))
	}
	out, err := json.MarshalIndent(m, "    ", "  ")
	require.NoError(t, err)
	return out
}

// goldenHeaders are the request headers a fixture pins.
var goldenHeaders = []string{"Authorization", "Content-Type", "Accept"}

// checkGolden compares the requests with testdata/fixtures/NAME-N.json, or
// rewrites them with -update.
func checkGolden(t *testing.T, name string, reqs []recorded, answers []answer) {
	t.Helper()
	for i, r := range reqs {
		var fx fixture
		fx.Name = fmt.Sprintf("%s-%d", name, i+1)
		fx.Request.Method = r.Method
		fx.Request.Headers = map[string]string{}
		for _, h := range goldenHeaders {
			if v := r.Header.Get(h); v != "" {
				fx.Request.Headers[h] = v
			}
		}
		fx.Request.Body = normalizeBody(t, r.Body)
		if i < len(answers) {
			fx.Response.Status = answers[i].status
			fx.Response.Headers = map[string]string{"Content-Type": "application/json"}
			var compact bytes.Buffer
			require.NoError(t, json.Compact(&compact, []byte(answers[i].body)))
			fx.Response.Body = compact.Bytes()
		}
		got, err := json.MarshalIndent(fx, "", "  ")
		require.NoError(t, err)
		got = append(got, '\n')
		path := filepath.Join("testdata", "fixtures", fx.Name+".json")
		if *update {
			require.NoError(t, os.WriteFile(path, got, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "missing golden file; run go test -run %s -update", t.Name())
		var wantFx fixture
		require.NoError(t, json.Unmarshal(want, &wantFx))
		require.Equal(t, wantFx.Request.Method, fx.Request.Method, path)
		require.Equal(t, wantFx.Request.Headers, fx.Request.Headers, path)
		require.JSONEq(t, string(wantFx.Request.Body), string(fx.Request.Body), path)
	}
}

// secretsIn lists the fake secrets that must never be printed.
func secretsIn(t testing.TB) []string {
	return []string{fakePassword, fakeSecret, guestJWT(t), memberJWT(t, 1), memberJWT(t, 2), appJWT(t, ""), appJWT(t, fakeMemberID), "fake-refresh-token-1", "fake-refresh-token-2",
		base64.StdEncoding.EncodeToString([]byte(fakeClientID + ":" + fakeSecret))}
}

// assertNoSecret fails if any secret appears in s.
func assertNoSecret(t testing.TB, s string, secrets ...string) {
	t.Helper()
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			t.Fatalf("output contains a secret %q…: %s", sec[:min(len(sec), 12)], s)
		}
	}
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// newBubbleAPI is newFakeAPI without a socket, for tests in a synctest
// bubble: serve it with bubbleAPIClient.
func newBubbleAPI(answers map[string][]answer) *fakeAPI { return &fakeAPI{answers: answers} }

// bubbleAPIClient returns a client of api over handlerTransport.
func bubbleAPIClient(t *testing.T, api *fakeAPI, src CredentialSource, opts ...Option) *Client {
	t.Helper()
	hc := &http.Client{Transport: handlerTransport{http.HandlerFunc(api.serve)}}
	c, err := NewClient(append([]Option{WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc), WithCredentials(src)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}
