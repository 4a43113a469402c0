package bettermodetest_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	bmlogin "github.com/bettermode-go/bettermode/login"
)

// flowEnv is what the SDK flows of the record → replay test need: where to
// send, and the community's names and credentials.
type flowEnv struct {
	endpoint                    string
	transport                   http.RoundTripper
	domain, networkID, memberID string
	username, email, password   string
	clientID, clientSecret      string
	emailCode                   func(t *testing.T) string // the code mailed to email
	oauthRedirect               string
}

func (e flowEnv) httpClient() *http.Client { return &http.Client{Transport: e.transport} }

func (e flowEnv) client(t *testing.T, src bettermode.CredentialSource) *bettermode.Client {
	t.Helper()
	opts := []bettermode.Option{bettermode.WithEndpoint(e.endpoint), bettermode.WithHTTPClient(e.httpClient())}
	if src != nil {
		opts = append(opts, bettermode.WithCredentials(src))
	}
	c, err := bettermode.NewClient(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// whoAmI runs the authMember query through c and returns the member's id.
func whoAmI(t *testing.T, c *bettermode.Client) string {
	t.Helper()
	var q struct {
		AuthMember struct {
			ID   string `graphql:"id"`
			Name string `graphql:"name"`
		} `graphql:"authMember"`
	}
	require.NoError(t, c.Query(t.Context(), &q, nil, bettermode.OperationName("RecordWhoAmI")))
	require.NotEmpty(t, q.AuthMember.ID)
	return q.AuthMember.ID
}

// sdkFlows are the SDK flows recorded against the kit and replayed, in order.
var sdkFlows = []struct {
	name string
	run  func(t *testing.T, e flowEnv)
}{
	{"guest by domain", func(t *testing.T, e flowEnv) {
		c := e.client(t, bettermode.Guest{NetworkDomain: e.domain})
		tok, err := c.Token(t.Context())
		require.NoError(t, err)
		assert.Equal(t, bettermode.KindGuest, tok.Kind)
		assert.Equal(t, e.networkID, tok.NetworkID)
		assert.True(t, strings.HasPrefix(whoAmI(t, c), "GUEST_"))
	}},
	{"guest by id", func(t *testing.T, e flowEnv) {
		tok, err := e.client(t, bettermode.Guest{NetworkID: e.networkID}).Token(t.Context())
		require.NoError(t, err)
		assert.Equal(t, bettermode.KindGuest, tok.Kind)
	}},
	{"member login, query, refresh, query", func(t *testing.T, e flowEnv) {
		c := e.client(t, bettermode.Member{NetworkDomain: e.domain, UsernameOrEmail: e.username, Password: bettermode.Secret(e.password)})
		tok, err := c.Token(t.Context())
		require.NoError(t, err)
		assert.Equal(t, bettermode.KindMember, tok.Kind)
		assert.Equal(t, e.memberID, whoAmI(t, c))
		cache, ok := c.Source().(*bettermode.CachedSource)
		require.True(t, ok, "the client caches its tokens")
		require.True(t, cache.Invalidate(tok))
		renewed, err := c.Token(t.Context())
		require.NoError(t, err)
		assert.NotEqual(t, tok.AccessToken.Reveal(), renewed.AccessToken.Reveal(), "a refresh mints a new token")
		assert.Equal(t, e.memberID, whoAmI(t, c))
	}},
	{"app bot", func(t *testing.T, e flowEnv) {
		c := e.client(t, bettermode.App{ClientID: e.clientID, ClientSecret: bettermode.Secret(e.clientSecret), NetworkID: e.networkID})
		tok, err := c.Token(t.Context())
		require.NoError(t, err)
		assert.Equal(t, bettermode.KindApp, tok.Kind)
		assert.True(t, strings.HasPrefix(whoAmI(t, c), "BOT_"))
	}},
	{"app impersonating", func(t *testing.T, e flowEnv) {
		c := e.client(t, bettermode.App{ClientID: e.clientID, ClientSecret: bettermode.Secret(e.clientSecret), NetworkID: e.networkID,
			ImpersonateMemberID: e.memberID})
		assert.Equal(t, e.memberID, whoAmI(t, c))
	}},
	{"Bettermode OAuth", func(t *testing.T, e flowEnv) {
		member := e.client(t, bettermode.Member{NetworkDomain: e.domain, UsernameOrEmail: e.username, Password: bettermode.Secret(e.password)})
		code, err := bmlogin.OAuthCode(t.Context(), member, bmlogin.OAuthCodeInput{ClientID: e.clientID, RedirectURI: e.oauthRedirect})
		require.NoError(t, err)
		toks, err := bmlogin.ExchangeOAuthCode(t.Context(), e.client(t, nil), bmlogin.OAuthTokensInput{
			ClientID: e.clientID, ClientSecret: bettermode.Secret(e.clientSecret), Code: code})
		require.NoError(t, err)
		c := e.client(t, bettermode.StaticToken(toks.AccessToken.Reveal()))
		assert.Equal(t, e.memberID, whoAmI(t, c))
	}},
	{"e-mailed code", func(t *testing.T, e flowEnv) {
		anon := e.client(t, nil)
		require.NoError(t, bmlogin.RequestEmailCode(t.Context(), anon, e.email))
		g, err := bmlogin.VerifyEmailCode(t.Context(), anon, e.email, bettermode.Secret(e.emailCode(t)))
		require.NoError(t, err)
		tok, err := bmlogin.LoginWithGlobalToken(t.Context(), bmlogin.Options{Endpoint: e.endpoint, HTTPClient: e.httpClient()}, g.AccessToken, e.networkID)
		require.NoError(t, err)
		assert.Equal(t, e.memberID, tok.MemberID)
	}},
}

// newTransport returns a transport of the test's own, closed when it ends.
func newTransport(t *testing.T) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// TestRecordReplayWithSDK records the SDK's flows against the kit through a
// Recorder, checks that no secret reached the files, then replays them.
func TestRecordReplayWithSDK(t *testing.T) {
	srv := bettermodetest.Start(t)
	dir := t.TempDir()
	sp := &spy{base: newTransport(t)}
	rec := bettermodetest.NewRecorder(dir, sp)

	live := flowEnv{
		endpoint: srv.URL, transport: rec, domain: srv.Network().Domain, networkID: srv.Network().ID,
		memberID: srv.Member().ID, username: srv.Member().Username, email: srv.Member().Email, password: srv.Member().Password,
		clientID: srv.App().ClientID, clientSecret: srv.App().ClientSecret, oauthRedirect: "https://app.example.com/callback",
		emailCode: func(t *testing.T) string {
			code, ok := srv.EmailedCode(srv.Member().Email)
			require.True(t, ok)
			return code
		},
	}
	for _, f := range sdkFlows {
		t.Run("record/"+f.name, func(t *testing.T) { f.run(t, live) })
	}
	require.False(t, t.Failed())
	require.Equal(t, 0, rec.Skipped())
	require.NoError(t, rec.Close())

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, rec.Len(), "one file per exchange, no temporary file left")
	assert.Equal(t, sp.count(), rec.Len())
	assert.Equal(t, "001-Tokens.json", entries[0].Name())

	// Every secret the kit holds or minted, in every form, is absent.
	secrets := sp.secrets()
	for _, m := range srv.Members() {
		secrets = append(secrets, m.Password)
	}
	for _, a := range srv.Apps() {
		secrets = append(secrets, a.ClientSecret, base64.StdEncoding.EncodeToString([]byte(a.ClientID+":"+a.ClientSecret)))
	}
	require.Greater(t, len(secrets), 20, "the flows minted tokens and codes")
	assertNoSecretInDir(t, dir, secrets)

	// Replay: the SDK sends the placeholders it got from recorded answers.
	replay := bettermodetest.NewReplayServer(t, os.DirFS(dir), ".")
	replayed := live
	replayed.endpoint, replayed.transport = replay.URL, newTransport(t)
	replayed.password, replayed.clientSecret = "fake-redacted-password-1", "fake-redacted-client-secret-1"
	replayed.emailCode = func(*testing.T) string { return "fake-redacted-code-2" } // the OAuth code is the first
	for _, f := range sdkFlows {
		t.Run("replay/"+f.name, func(t *testing.T) { f.run(t, replayed) })
	}
	assert.Equal(t, 0, replay.Rejected(bettermodetest.RejectNoFixture), "every request matched a fixture")
}

// spy passes requests on and keeps every secret it sees, as the test
// understands secrets (independently of the recorder): Authorization
// credentials, strings under the secret names of the variables and the
// data, and JWTs anywhere.
type spy struct {
	base http.RoundTripper
	mu   sync.Mutex
	seen map[string]bool
	n    int
}

var (
	spyJWT  = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
	spyKeys = []string{"password", "client_secret", "clientsecret", "refreshtoken", "accesstoken", "access_token", "refresh_token", "code", "verificationcode"}
)

func (s *spy) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body.Close()
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := s.base.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(answer))

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	s.n++
	if scheme, cred, ok := strings.Cut(req.Header.Get("Authorization"), " "); ok {
		s.seen[cred] = true
		if raw, err := base64.StdEncoding.DecodeString(cred); err == nil && strings.EqualFold(scheme, "Basic") {
			_, secret, _ := strings.Cut(string(raw), ":")
			s.seen[secret] = true
		}
	}
	for _, t := range spyJWT.FindAllString(string(body)+" "+string(answer), -1) {
		s.seen[t] = true
	}
	var reqBody struct{ Variables any }
	var respBody struct{ Data any }
	_ = json.Unmarshal(body, &reqBody)
	_ = json.Unmarshal(answer, &respBody)
	s.collect(reqBody.Variables, false)
	s.collect(respBody.Data, false)
	return resp, nil
}

func (s *spy) collect(v any, secret bool) {
	switch x := v.(type) {
	case string:
		if secret {
			s.seen[x] = true
		}
	case map[string]any:
		for k, e := range x {
			s.collect(e, slices.Contains(spyKeys, strings.ToLower(k)))
		}
	case []any:
		for _, e := range x {
			s.collect(e, secret)
		}
	}
}

func (s *spy) secrets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (s *spy) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// secretForms are the encodings of s no file may hold.
func secretForms(s string) []string {
	j, _ := json.Marshal(s)
	out := []string{s, string(j[1 : len(j)-1]), url.QueryEscape(s), url.PathEscape(s)}
	for _, e := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		out = append(out, e.EncodeToString([]byte(s)))
	}
	return out
}

// assertNoSecretInDir fails if any file of dir holds a form of a secret.
// JWTs in the files must be placeholders (with the claim "redacted"); they
// are checked by their claims, and the rest of the text by grep.
func assertNoSecretInDir(t *testing.T, dir string, secrets []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		var texts []string
		rest := spyJWT.ReplaceAllStringFunc(string(data), func(tok string) string {
			payload, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
			require.NoError(t, err, "%s: a JWT that is not a placeholder", file)
			var claims map[string]any
			require.NoError(t, json.Unmarshal(payload, &claims), file)
			assert.Regexp(t, `^fake-redacted-token-\d+$`, claims["redacted"], "%s: a JWT that is not a placeholder", file)
			for k, v := range claims {
				if s, ok := v.(string); ok {
					texts = append(texts, k+"="+s)
				}
			}
			return "JWT"
		})
		texts = append(texts, rest)
	secrets:
		for _, s := range secrets {
			if len(s) < 4 {
				continue
			}
			for _, f := range secretForms(s) {
				for _, text := range texts {
					if strings.Contains(text, f) {
						t.Errorf("%s holds a form of the secret %.6s…", filepath.Base(file), s)
						continue secrets
					}
				}
			}
		}
	}
}

// canned answers each request with the next of answers, and keeps the
// bodies it received.
type canned struct {
	mu       sync.Mutex
	answers  []cannedAnswer
	received []string
}

type cannedAnswer struct {
	status int
	header http.Header
	body   string
}

func (c *canned) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body.Close()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.received = append(c.received, string(body))
	a := cannedAnswer{status: 200, body: `{"data":{}}`}
	if len(c.answers) > 0 {
		a, c.answers = c.answers[0], c.answers[1:]
	}
	if a.status == 0 {
		a.status = 200
	}
	h := http.Header{"Content-Type": {"application/json"}}
	for k, v := range a.header {
		h[k] = v
	}
	return &http.Response{StatusCode: a.status, Header: h, Body: io.NopCloser(strings.NewReader(a.body)),
		ContentLength: int64(len(a.body)), Request: r}, nil
}

// send posts body with the Authorization header auth (if any) through rt.
func send(t *testing.T, rt http.RoundTripper, auth, body string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://api.example.com/", strings.NewReader(body))
	req.RequestURI = ""
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := rt.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// testJWT returns an unverifiable JWT with claims.
func testJWT(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." + enc([]byte(claims)) + "." + enc([]byte("signature-of-the-real-api"))
}

// claimsOf decodes the claims of a JWT.
func claimsOf(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	require.Len(t, parts, 3, tok)
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var claims map[string]any
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	require.NoError(t, d.Decode(&claims))
	return claims
}

// at returns the value at a dotted path of a JSON document.
func at(t *testing.T, doc json.RawMessage, path string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(doc, &v))
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i := 0
			for _, c := range k {
				i = i*10 + int(c-'0')
			}
			require.Less(t, i, len(x), path)
			v = x[i]
		default:
			t.Fatalf("no %q in %s", path, doc)
		}
	}
	return v
}

func TestRecorderRedaction(t *testing.T) {
	memberJWT := testJWT(`{"id":"realMember1","networkId":"realNet1","role":"member","exp":1900000000,"iat":1700000000,"sessionId":"sess-1"}`)
	basic := func(id, secret string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
	}
	type exchange struct{ auth, body, answer string }
	tests := []struct {
		name      string
		opts      []bettermodetest.RecordOption
		exchanges []exchange
		secrets   []string // must be in no file
		check     func(t *testing.T, fx []bettermodetest.Fixture)
	}{
		{
			name: "bearer token, stable across requests and answers",
			exchanges: []exchange{
				{"Bearer opaque-token-abcdef", `{"query":"{ a }"}`, `{"data":{"a":{"refreshToken":"opaque-token-abcdef","other":"opaque-token-ghijkl"}}}`},
				{"Bearer opaque-token-ghijkl", `{"query":"{ b }"}`, `{"data":{"b":"x"}}`},
			},
			secrets: []string{"opaque-token-abcdef", "opaque-token-ghijkl"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.Equal(t, "Bearer fake-redacted-token-1", fx[0].Request.Headers["Authorization"])
				assert.Equal(t, "fake-redacted-token-1", at(t, fx[0].Response.Body, "data.a.refreshToken"))
				// A token first met in the clear is replaced too, by the
				// placeholder of its first use under a secret name.
				assert.Equal(t, "fake-redacted-token-2", at(t, fx[0].Response.Body, "data.a.other"))
				assert.Equal(t, "Bearer fake-redacted-token-2", fx[1].Request.Headers["Authorization"])
			},
		},
		{
			name:      "basic credentials keep the client id",
			exchanges: []exchange{{basic("real-client-id", "real-client-secret-xyz"), `{"query":"{ a }"}`, `{"data":{}}`}},
			secrets:   []string{"real-client-secret-xyz", basic("real-client-id", "real-client-secret-xyz")[6:]},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.Equal(t, basic("real-client-id", "fake-redacted-client-secret-1"), fx[0].Request.Headers["Authorization"])
			},
		},
		{
			name:      "bare credential",
			exchanges: []exchange{{"opaque-bare-credential", `{"query":"{ a }"}`, `{"data":{}}`}},
			secrets:   []string{"opaque-bare-credential"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.Equal(t, "fake-redacted-token-1", fx[0].Request.Headers["Authorization"])
			},
		},
		{
			name: "secret names in any case",
			exchanges: []exchange{{"", `{"query":"mutation M($input: I!) { m(input: $input) { ok } }","variables":{"input":{
				"PASSWORD":"hunter2-long","Client_Secret":"client-secret-123","refresh_token":"refresh-1234567",
				"ACCESS_TOKEN":"access-1234567","verificationCode":"424242","code":"oauth-code-1","usernameOrEmail":"someone@example.com",
				"newPassword":"another-password"}}}`, `{"data":{"m":{"ok":true}}}`}},
			secrets: []string{"hunter2-long", "client-secret-123", "refresh-1234567", "access-1234567", "424242", "oauth-code-1", "another-password"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				for path, want := range map[string]string{
					"variables.input.PASSWORD": "fake-redacted-password-1", "variables.input.Client_Secret": "fake-redacted-client-secret-1",
					"variables.input.refresh_token": "fake-redacted-token-1", "variables.input.ACCESS_TOKEN": "fake-redacted-token-2",
					"variables.input.verificationCode": "fake-redacted-code-1", "variables.input.code": "fake-redacted-code-2",
					"variables.input.newPassword": "fake-redacted-password-2", "variables.input.usernameOrEmail": "someone@example.com",
				} {
					assert.Equal(t, want, at(t, fx[0].Request.Body, path), path)
				}
			},
		},
		{
			name:      "an Authorization in a body",
			exchanges: []exchange{{"", `{"query":"{ a }","variables":{"headers":{"authorization":"Bearer opaque-in-body-123"}}}`, `{"data":{}}`}},
			secrets:   []string{"opaque-in-body-123"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.Equal(t, "fake-redacted-token-1", at(t, fx[0].Request.Body, "variables.headers.authorization"))
			},
		},
		{
			name: "error codes are kept, a code in data is not",
			exchanges: []exchange{{"", `{"query":"{ a }"}`,
				`{"data":{"oauthCode":{"code":"fresh-oauth-code"}},"errors":[{"code":"108","message":"Unauthorized","extensions":{"code":"UNAUTHENTICATED"}}],"extensions":{"code":"X1"}}`}},
			secrets: []string{"fresh-oauth-code"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.Equal(t, "fake-redacted-code-1", at(t, fx[0].Response.Body, "data.oauthCode.code"))
				assert.Equal(t, "108", at(t, fx[0].Response.Body, "errors.0.code"))
				assert.Equal(t, "UNAUTHENTICATED", at(t, fx[0].Response.Body, "errors.0.extensions.code"))
				assert.Equal(t, "X1", at(t, fx[0].Response.Body, "extensions.code"))
			},
		},
		{
			name: "JWTs anywhere become signed placeholders with the same claims",
			exchanges: []exchange{
				{"", `{"query":"{ tokens { accessToken } }"}`, `{"data":{"tokens":{"accessToken":"` + memberJWT + `"}}}`},
				{"Bearer " + memberJWT, `{"query":"{ a }"}`, `{"errors":[{"message":"token ` + memberJWT + ` is expired","code":"108"}]}`},
			},
			secrets: []string{memberJWT, "signature-of-the-real-api"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				p := at(t, fx[0].Response.Body, "data.tokens.accessToken").(string)
				assert.Equal(t, "Bearer "+p, fx[1].Request.Headers["Authorization"])
				assert.Equal(t, "token "+p+" is expired", at(t, fx[1].Response.Body, "errors.0.message"))
				claims := claimsOf(t, p)
				assert.Equal(t, map[string]any{"id": "realMember1", "networkId": "realNet1", "role": "member", "exp": json.Number("1900000000"),
					"iat": json.Number("1700000000"), "sessionId": "sess-1", "redacted": "fake-redacted-token-1"}, claims)
				tok := bettermode.NewToken(bettermode.Secret(p), bettermode.KindMember)
				assert.Equal(t, time.Unix(1900000000, 0).UTC(), tok.Expiry.UTC(), "the SDK reads the expiry")
			},
		},
		{
			name:      "token expiry moved",
			opts:      []bettermodetest.RecordOption{bettermodetest.WithRecordTokenExpiry(time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))},
			exchanges: []exchange{{"Bearer " + memberJWT, `{"query":"{ a }"}`, `{"data":{}}`}},
			secrets:   []string{memberJWT},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				p := strings.TrimPrefix(fx[0].Request.Headers["Authorization"], "Bearer ")
				assert.Equal(t, json.Number("4102444800"), claimsOf(t, p)["exp"])
				assert.Equal(t, json.Number("1700000000"), claimsOf(t, p)["iat"])
			},
		},
		{
			name: "registered secrets in their encoded forms",
			opts: []bettermodetest.RecordOption{bettermodetest.WithRecordSecrets("my secret/value+1", "")},
			exchanges: []exchange{{"", `{"query":"{ a }"}`, `{"data":{"u":"https://x.example/?k=` + url.QueryEscape("my secret/value+1") +
				`","p":"/` + url.PathEscape("my secret/value+1") + `","b":"` + base64.StdEncoding.EncodeToString([]byte("my secret/value+1")) +
				`","r":"` + base64.RawURLEncoding.EncodeToString([]byte("my secret/value+1")) + `","s":"say my secret/value+1"}}`}},
			secrets: []string{"my secret/value+1"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				const p = "fake-redacted-secret-1"
				assert.Equal(t, "https://x.example/?k="+url.QueryEscape(p), at(t, fx[0].Response.Body, "data.u"))
				assert.Equal(t, base64.StdEncoding.EncodeToString([]byte(p)), at(t, fx[0].Response.Body, "data.b"))
				assert.Equal(t, base64.RawURLEncoding.EncodeToString([]byte(p)), at(t, fx[0].Response.Body, "data.r"))
				assert.Equal(t, "say "+p, at(t, fx[0].Response.Body, "data.s"))
			},
		},
		{
			name: "chosen placeholders, in JWT claims too",
			opts: []bettermodetest.RecordOption{
				bettermodetest.WithRecordPlaceholder("realNet1", "fakeNet0001"),
				bettermodetest.WithRecordPlaceholder("real-community.example.com", "fake-community.example.com"),
			},
			exchanges: []exchange{{"", `{"query":"{ a }","variables":{"networkDomain":"real-community.example.com"}}`,
				`{"data":{"url":"https://real-community.example.com/x","t":"` + memberJWT + `"}}`}},
			secrets: []string{"realNet1", "real-community.example.com"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.Equal(t, "fake-community.example.com", at(t, fx[0].Request.Body, "variables.networkDomain"))
				assert.Equal(t, "https://fake-community.example.com/x", at(t, fx[0].Response.Body, "data.url"))
				assert.Equal(t, "fakeNet0001", claimsOf(t, at(t, fx[0].Response.Body, "data.t").(string))["networkId"])
			},
		},
		{
			name: "string literals of the query",
			exchanges: []exchange{{"", `{"query":"mutation {\n  loginNetwork(input: {usernameOrEmail: \"a@example.com\", password: \"inline-pass-99\"}) { accessToken }\n}"}`,
				`{"data":{}}`}},
			secrets: []string{"inline-pass-99"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.Equal(t, `mutation { loginNetwork(input: {usernameOrEmail: "a@example.com", password: "fake-redacted-password-1"}) { accessToken } }`,
					at(t, fx[0].Request.Body, "query"))
			},
		},
		{
			name:      "an answer that is not JSON",
			exchanges: []exchange{{"Bearer opaque-token-abcdef", `{"query":"{ a }"}`, `<html>bad gateway for opaque-token-abcdef</html>`}},
			secrets:   []string{"opaque-token-abcdef"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.JSONEq(t, `"<html>bad gateway for fake-redacted-token-1</html>"`, string(fx[0].Response.Body))
			},
		},
		{
			name: "a secret named later is replaced earlier",
			exchanges: []exchange{
				{"", `{"query":"{ a }"}`, `{"data":{"note":"xyz-secret-later-1"}}`},
				{"", `{"query":"{ b }","variables":{"password":"xyz-secret-later-1"}}`, `{"data":{}}`},
			},
			secrets: []string{"xyz-secret-later-1"},
			check: func(t *testing.T, fx []bettermodetest.Fixture) {
				assert.Equal(t, "fake-redacted-password-1", at(t, fx[0].Response.Body, "data.note"))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := &canned{}
			for _, x := range tt.exchanges {
				api.answers = append(api.answers, cannedAnswer{body: x.answer})
			}
			dir := t.TempDir()
			rec := bettermodetest.NewRecorder(dir, api, tt.opts...)
			for i, x := range tt.exchanges {
				assert.Equal(t, x.answer, send(t, rec, x.auth, x.body), "the caller gets the answer as it is")
				assert.Equal(t, x.body, api.received[i], "the API gets the request as it is")
			}
			fx, err := rec.Fixtures()
			require.NoError(t, err)
			require.Len(t, fx, len(tt.exchanges))
			tt.check(t, fx)
			require.NoError(t, rec.Close())
			assertNoSecretInDir(t, dir, tt.secrets)
			loaded, err := bettermodetest.LoadFixtures(os.DirFS(dir), ".")
			require.NoError(t, err)
			require.Len(t, loaded, len(fx))
			for i := range fx {
				assert.Equal(t, fx[i].Name, loaded[i].Name)
				assert.JSONEq(t, string(fx[i].Request.Body), string(loaded[i].Request.Body))
				assert.JSONEq(t, string(fx[i].Response.Body), string(loaded[i].Response.Body))
			}
		})
	}
}

func TestRecorderFiles(t *testing.T) {
	api := &canned{answers: []cannedAnswer{
		{body: `{"data":{"tokens":{"accessToken":"opaque-token-abcdef"}},"extensions":{"complexity":1}}`,
			header: http.Header{"Set-Cookie": {"session=opaque-cookie"}, "Retry-After": {"3"}, "X-Request-Id": {"r1"}}},
		{status: 503, body: ``},
		{body: `"just a string"`},
	}}
	dir := filepath.Join(t.TempDir(), "new", "dir")
	rec := bettermodetest.NewRecorder(dir, api)
	send(t, rec, "", `{"operationName":"Tokens","query":"query Tokens {\n  tokens { accessToken }\n}"}`)
	send(t, rec, "Bearer opaque-token-abcdef", `{"query":"{\n  authMember { id }\n}"}`)
	send(t, rec, "Bearer opaque-token-abcdef", `{"query":"{ network { name } }"}`)

	paths, err := rec.Save()
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Join(dir, "001-Tokens.json"), filepath.Join(dir, "002-authMember.json"), filepath.Join(dir, "003-network.json")}, paths)
	first, err := os.ReadFile(paths[0])
	require.NoError(t, err)
	assert.Equal(t, `{
  "name": "001-Tokens",
  "request": {
    "method": "POST",
    "headers": {
      "Content-Type": "application/json"
    },
    "body": {
      "operationName": "Tokens",
      "query": "query Tokens { tokens { accessToken } }"
    }
  },
  "response": {
    "status": 200,
    "headers": {
      "Content-Type": "application/json",
      "Retry-After": "3"
    },
    "body": {
      "data": {
        "tokens": {
          "accessToken": "fake-redacted-token-1"
        }
      },
      "extensions": {
        "complexity": 1
      }
    }
  }
}
`, string(first), "the fixture format, answers' member order kept, Set-Cookie and other headers left out")
	info, err := os.Stat(paths[0])
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())

	fx, err := bettermodetest.LoadFixtures(os.DirFS(dir), ".")
	require.NoError(t, err)
	assert.Equal(t, 503, fx[1].Response.Status)
	assert.Equal(t, `""`, string(fx[1].Response.Body), "an empty answer is an empty text")
	assert.Equal(t, `"\"just a string\""`, string(fx[2].Response.Body), "a JSON string answer is kept as text")

	// Saving again writes the same bytes: placeholders are stable.
	_, err = rec.Save()
	require.NoError(t, err)
	again, err := os.ReadFile(paths[0])
	require.NoError(t, err)
	assert.Equal(t, first, again)

	// The replay server serves the files back as they were recorded.
	srv := bettermodetest.NewReplayServer(t, os.DirFS(dir), ".")
	for i, want := range []struct {
		status int
		body   string
	}{{200, `{"data":{"tokens":{"accessToken":"fake-redacted-token-1"}},"extensions":{"complexity":1}}`}, {503, ``}, {200, `"just a string"`}} {
		req := fx[i]
		hreq, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(req.Request.Body))
		require.NoError(t, err)
		hreq.Header.Set("Authorization", req.Request.Headers["Authorization"])
		resp, err := srv.Client().Do(hreq)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, want.status, resp.StatusCode)
		if strings.HasPrefix(want.body, "{") {
			assert.JSONEq(t, want.body, string(body))
		} else {
			assert.Equal(t, want.body, string(body))
		}
	}
}

func TestRecorderSkipsWhatIsNotGraphQL(t *testing.T) {
	api := &canned{}
	dir := filepath.Join(t.TempDir(), "never")
	rec := bettermodetest.NewRecorder(dir, api)
	get := httptest.NewRequest(http.MethodGet, "http://api.example.com/?token=opaque", nil)
	get.RequestURI = ""
	resp, err := rec.RoundTrip(get)
	require.NoError(t, err)
	resp.Body.Close()
	send(t, rec, "", `grant_type=password&password=hunter2`)
	send(t, rec, "", `{"variables":{}}`)
	assert.Equal(t, 3, rec.Skipped())
	assert.Equal(t, 0, rec.Len())
	require.NoError(t, rec.Close())
	_, err = os.Stat(dir)
	assert.True(t, os.IsNotExist(err), "nothing recorded, nothing written")
}

func TestRecorderRefusesToWriteASecret(t *testing.T) {
	api := &canned{}
	dir := t.TempDir()
	// A placeholder that holds its secret cannot hide it.
	rec := bettermodetest.NewRecorder(dir, api, bettermodetest.WithRecordPlaceholder("leaky-secret-1", "x-leaky-secret-1-x"))
	send(t, rec, "", `{"query":"{ a }","variables":{"v":"leaky-secret-1"}}`)
	_, err := rec.Save()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "001-a")
	assert.Contains(t, err.Error(), "nothing was written")
	assert.NotContains(t, err.Error(), "leaky-secret-1")
	_, err = rec.Fixtures()
	assert.Error(t, err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func TestRecorderCloseAndRecordHelper(t *testing.T) {
	dir := t.TempDir()
	api := &canned{}
	t.Run("Record writes when the test ends", func(t *testing.T) {
		rec := bettermodetest.Record(t, dir, api)
		send(t, rec, "Bearer opaque-token-abcdef", `{"query":"{ a }"}`)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Empty(t, entries, "nothing is written before Close")
	})
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "001-a.json", entries[0].Name())

	rec := bettermodetest.NewRecorder(t.TempDir(), api)
	send(t, rec, "", `{"query":"{ a }"}`)
	require.NoError(t, rec.Close())
	require.NoError(t, rec.Close(), "Close twice")
	assert.Equal(t, `{"data":{}}`, send(t, rec, "", `{"query":"{ b }"}`), "requests still pass after Close")
	assert.Equal(t, 1, rec.Len(), "but are not recorded")
}

func TestRecorderConcurrent(t *testing.T) {
	srv := bettermodetest.Start(t)
	dir := t.TempDir()
	rec := bettermodetest.NewRecorder(dir, newTransport(t))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithHTTPClient(&http.Client{Transport: rec}),
				bettermode.WithCredentials(bettermode.Guest{NetworkID: srv.Network().ID}))
			if !assert.NoError(t, err) {
				return
			}
			defer c.Close()
			_, err = c.Token(context.Background())
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	require.NoError(t, rec.Close())
	assert.Equal(t, 8, rec.Len())
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	assert.Len(t, files, 8)
}

// FuzzRecorder checks that whatever the answer, a secret sent as a password
// and a bearer token either is absent from every file in every form, or
// makes Save refuse to write.
func FuzzRecorder(f *testing.F) {
	f.Add("hunter2-secret", `{"data":{"a":"%s","b":["x%sy"],"c":{"%s":1}}}`)
	f.Add("p@ss w/rd+<&>", `{"errors":[{"message":"bad %s","code":"108"}]}`)
	f.Add("aaaa", `aaaaa %s aaaa`)
	f.Add("1zzz", `{"data":{"n":"1zzzzzz"}}`)
	f.Add("s3cr3t", `{"data":{"u":"https://x/?p=%s","t":"eyJhbGciOiJub25lIn0.eyJpZCI6IiVzIn0.x"}}`)
	f.Fuzz(func(t *testing.T, secret, answer string) {
		if len(secret) < 4 || !utf8.ValidString(secret) || strings.ContainsAny(secret, "\r\n\x00") {
			t.Skip()
		}
		answer = strings.ReplaceAll(answer, "%s", secret)
		vars, err := json.Marshal(map[string]any{"input": map[string]any{"password": secret}})
		require.NoError(t, err)
		dir := t.TempDir()
		rec := bettermodetest.NewRecorder(dir, &canned{answers: []cannedAnswer{{body: answer}}})
		send(t, rec, "Bearer "+secret, `{"query":"mutation M { m }","variables":`+string(vars)+`}`)
		if _, err := rec.Save(); err != nil {
			assert.Contains(t, err.Error(), "nothing was written")
			assert.NotContains(t, err.Error(), secret)
			entries, _ := os.ReadDir(dir)
			assert.Empty(t, entries)
			return
		}
		data, err := os.ReadFile(filepath.Join(dir, "001-m.json"))
		require.NoError(t, err)
		// The file's strings, not its bytes: "\u0000" does not hold "0000".
		var doc any
		require.NoError(t, json.Unmarshal(data, &doc))
		for _, str := range jsonStrings(doc) {
			text := spyJWT.ReplaceAllString(str, "JWT")
			for _, form := range secretForms(secret) {
				if len(form) >= 4 && strings.Contains(text, form) {
					t.Fatalf("the file holds the secret %q as %q:\n%s", secret, form, data)
				}
			}
		}
		_, err = bettermodetest.LoadFixtures(os.DirFS(dir), ".")
		require.NoError(t, err)
	})
}

// jsonStrings returns the strings of a decoded JSON value, keys included.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case map[string]any:
		var out []string
		for k, e := range x {
			out = append(out, k)
			out = append(out, jsonStrings(e)...)
		}
		return out
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}
