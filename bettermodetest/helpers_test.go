package bettermodetest_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// answer is a decoded answer of the server.
type answer struct {
	Status int
	Header http.Header
	Raw    string
	Body   map[string]any
}

// data returns the value at a dotted path of the answer's data.
func (a answer) data(t testing.TB, path string) any {
	t.Helper()
	var v any = a.Body["data"]
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		require.Truef(t, ok, "no %q in %s", path, a.Raw)
		v = m[k]
	}
	return v
}

func (a answer) str(t testing.TB, path string) string {
	t.Helper()
	s, ok := a.data(t, path).(string)
	require.Truef(t, ok, "%q is not a string in %s", path, a.Raw)
	return s
}

// firstError returns the first entry of the answer's errors.
func (a answer) firstError(t testing.TB) map[string]any {
	t.Helper()
	errs, ok := a.Body["errors"].([]any)
	require.Truef(t, ok && len(errs) > 0, "no errors in %s", a.Raw)
	return errs[0].(map[string]any)
}

// code returns the code of the first error.
func (a answer) code(t testing.TB) string {
	t.Helper()
	c, _ := a.firstError(t)["code"].(string)
	return c
}

// allAnswers collects every raw answer body, for the secrets check.
var allAnswers struct {
	sync.Mutex
	bodies []string
}

func record(raw string) {
	allAnswers.Lock()
	allAnswers.bodies = append(allAnswers.bodies, raw)
	allAnswers.Unlock()
}

// post sends a GraphQL request with the Authorization header auth (none if
// empty) and decodes the answer.
func post(t testing.TB, s *bettermodetest.Server, auth, query string, vars map[string]any) answer {
	t.Helper()
	body := map[string]any{"query": query}
	if vars != nil {
		body["variables"] = vars
	}
	b, err := json.Marshal(body)
	require.NoError(t, err)
	return postRaw(t, s, auth, b)
}

func postRaw(t testing.TB, s *bettermodetest.Server, auth string, body []byte) answer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	record(string(raw))
	a := answer{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	_ = json.Unmarshal(raw, &a.Body)
	return a
}

func bearer(tok string) string { return "Bearer " + tok }

func basic(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
}

const (
	guestQuery = `query Guest($networkDomain: String) {
  tokens(networkDomain: $networkDomain) {
    accessToken
    refreshToken
    role { name scopes type }
    member { id name }
    network { id domain }
    networkPublicInfo { id name }
  }
}`
	loginMutation = `mutation Login($input: LoginNetworkWithPasswordInput!) {
  loginNetwork(input: $input) {
    accessToken
    refreshToken
    role { name scopes }
    member { id name username email role { name } }
  }
}`
	limitedQuery = `query Limited($context: PermissionContext!, $networkId: String!, $entityId: String!, $impersonateMemberId: String) {
  limitedToken(context: $context, networkId: $networkId, entityId: $entityId, impersonateMemberId: $impersonateMemberId) {
    accessToken
    gatewayUrl
  }
}`
	refreshQuery = `query Refresh($refreshToken: String) {
  tokens(refreshToken: $refreshToken) { accessToken refreshToken member { id } role { name } }
}`
	authMemberQuery = `{ authMember { id name username role { name } } }`
)

// guestToken fetches a guest token of s's network.
func guestToken(t testing.TB, s *bettermodetest.Server) string {
	t.Helper()
	a := post(t, s, "", guestQuery, map[string]any{"networkDomain": s.Network().Domain})
	require.Equal(t, http.StatusOK, a.Status, a.Raw)
	return a.str(t, "tokens.accessToken")
}

// login logs m in and returns the answer.
func login(t testing.TB, s *bettermodetest.Server, auth, user, password string) answer {
	t.Helper()
	return post(t, s, auth, loginMutation, map[string]any{"input": map[string]any{"usernameOrEmail": user, "password": password}})
}

func limited(t testing.TB, s *bettermodetest.Server, auth, context, networkID, entityID string, impersonate any) answer {
	t.Helper()
	return post(t, s, auth, limitedQuery, map[string]any{
		"context": context, "networkId": networkID, "entityId": entityID, "impersonateMemberId": impersonate,
	})
}

// claims decodes a JWT's claims without verifying it.
func claims(t testing.TB, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	require.Len(t, parts, 3)
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var c map[string]any
	require.NoError(t, json.Unmarshal(b, &c))
	return c
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
