package bettermode

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The redirect matrix: every entry point × a 301/302/307/308 from the
// endpoint to the same origin, or to another origin (another host name for
// the same socket, a subdomain, another port, another scheme, a URL with
// userinfo, a chain that leaves after a same-origin hop).
//
// The rule: the SDK's own GraphQL requests (Query, Mutate, Exec and the
// mint calls of Guest, Member and App) follow a redirect only within the
// endpoint's origin (scheme, host, port), with their credentials and, for
// 307/308, their body; off the origin the call fails with ErrForbidden and
// the other server receives nothing, neither credentials nor the body (for
// loginNetwork, the password). Client.HTTPClient and Transport follow every
// redirect, but send credentials only within the first request's origin,
// and never over plain http to a host that is not loopback.

const (
	redirStatic   = "fake-redirect-static-token"
	redirGuest    = "fake-redirect-guest-token"
	redirMember   = "fake-redirect-member-token"
	redirApp      = "fake-redirect-app-token"
	redirPassword = "fake-redirect-password"
	redirSecret   = "fake-redirect-client-secret"
	redirClientID = "fake-redirect-client-id"
)

var redirBasic = "Basic " + base64.StdEncoding.EncodeToString([]byte(redirClientID+":"+redirSecret))

// redirHit is a request one of the lab's servers received.
type redirHit struct {
	server, host, method, path, auth, body string
}

// redirPlan is what the endpoint does in one row.
type redirPlan struct {
	from   string // the server that redirects (the endpoint's)
	op     string // the operation it redirects: tokens, login, limited, query, mutation, rest
	code   int
	target string // where to: scheme://host[:port], optionally with userinfo; "" with byHost
	byHost bool   // redirect to the request's own Host header (over https)
	bounce string // redirect first to /bounce on the same origin, which then redirects to bounce
}

// redirLab is a set of servers on loopback: plain http ones, and https
// ones that a custom dialer makes answer for example.com,
// sub.example.com and example.com:8443 (the test certificate covers
// example.com and *.example.com).
type redirLab struct {
	servers map[string]*httptest.Server
	dial    map[string]string // host:port → listener address
	ipv6    bool

	mu   sync.Mutex
	plan redirPlan
	hits []redirHit
}

func newRedirLab(t *testing.T) *redirLab {
	l := &redirLab{servers: map[string]*httptest.Server{}, dial: map[string]string{}}
	start := func(name string, tlsOn bool, ln net.Listener) *httptest.Server {
		s := httptest.NewUnstartedServer(l.handler(name))
		if ln != nil {
			s.Listener.Close()
			s.Listener = ln
		}
		if tlsOn {
			s.StartTLS()
		} else {
			s.Start()
		}
		t.Cleanup(s.Close)
		l.servers[name] = s
		return s
	}
	start("A", false, nil) // http://127.0.0.1:PA: the loopback endpoint
	start("B", false, nil) // http://127.0.0.1:PB: another port
	if ln, err := net.Listen("tcp", "[::1]:0"); err == nil {
		start("V6", false, ln) // http://[::1]:PC
		l.ipv6 = true
	}
	start("T", true, nil) // https://127.0.0.1:PT: a TLS endpoint that redirects to plain http
	l.dial["example.com:443"] = start("TA", true, nil).Listener.Addr().String()
	l.dial["sub.example.com:443"] = start("TB", true, nil).Listener.Addr().String()
	l.dial["example.com:8443"] = start("TC", true, nil).Listener.Addr().String()
	l.dial["example.com:80"] = start("D", false, nil).Listener.Addr().String()
	return l
}

// transport returns a transport that resolves the lab's names to its
// listeners (any other address is dialled as it is) and trusts its
// certificate.
func (l *redirLab) transport(t *testing.T) *http.Transport {
	pool := x509.NewCertPool()
	pool.AddCert(l.servers["TA"].Certificate())
	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if to, ok := l.dial[strings.ToLower(addr)]; ok {
				addr = to
			}
			return d.DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{RootCAs: pool},
	}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

func (l *redirLab) url(name string) string { return l.servers[name].URL }

func (l *redirLab) reset(p redirPlan) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.plan, l.hits = p, nil
}

func (l *redirLab) received() []redirHit {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]redirHit(nil), l.hits...)
}

// redirOp names the operation of a request to the endpoint's path.
func redirOp(r *http.Request, body []byte) string {
	var req struct {
		Query         string `json:"query"`
		OperationName string `json:"operationName"`
	}
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/graphql") || json.Unmarshal(body, &req) != nil {
		return "rest"
	}
	switch req.OperationName {
	case "Tokens":
		return "tokens"
	case "LoginNetwork":
		return "login"
	case "LimitedToken":
		return "limited"
	}
	if strings.Contains(req.Query, "mutation") {
		return "mutation"
	}
	return "query"
}

func (l *redirLab) handler(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		l.mu.Lock()
		l.hits = append(l.hits, redirHit{server: name, host: r.Host, method: r.Method, path: r.URL.Path, auth: r.Header.Get("Authorization"), body: string(body)})
		plan := l.plan
		l.mu.Unlock()
		if op, ok := strings.CutPrefix(r.URL.Path, "/landed/"); ok {
			redirAnswer(w, op)
			return
		}
		if op, ok := strings.CutPrefix(r.URL.Path, "/bounce/"); ok {
			w.Header().Set("Location", plan.bounce+"/landed/"+op)
			w.WriteHeader(plan.code)
			return
		}
		op := redirOp(r, body)
		if name != plan.from || op != plan.op {
			redirAnswer(w, op)
			return
		}
		loc := plan.target + "/landed/" + op
		switch {
		case plan.byHost:
			loc = "https://" + r.Host + "/landed/" + op
		case plan.bounce != "":
			loc = "/bounce/" + op
		}
		w.Header().Set("Location", loc)
		w.WriteHeader(plan.code)
	})
}

// redirAnswer is the well-behaved answer to op.
func redirAnswer(w http.ResponseWriter, op string) {
	authToken := func(access string) map[string]any {
		return map[string]any{"accessToken": access, "refreshToken": access + "-refresh", "role": map[string]any{"name": "Member", "scopes": []string{}}, "member": map[string]any{"id": fakeMemberID, "name": "Fake"}}
	}
	var data any
	switch op {
	case "tokens":
		data = map[string]any{"tokens": authToken(redirGuest)}
	case "login":
		data = map[string]any{"loginNetwork": authToken(redirMember)}
	case "limited":
		data = map[string]any{"limitedToken": map[string]any{"accessToken": redirApp, "gatewayUrl": nil}}
	case "mutation":
		data = map[string]any{"leaveNetwork": map[string]any{"status": "succeeded"}}
	default:
		data = map[string]any{"authMember": map[string]any{"id": fakeMemberID, "name": "Fake"}}
	}
	leakJSON(w, 200, map[string]any{"data": data})
}

// redirTarget is where the endpoint redirects to.
type redirTarget struct {
	name string
	set  string // loopback (endpoint A), dial (endpoint https://example.com), tls (endpoint T)
	// to returns the target (scheme://host[:port]) and the server that
	// answers it.
	to         func(l *redirLab) (target, server string)
	sameOrigin bool
	byHost     bool // HTTPClient and Transport only: the request carries Host: sub.example.com
	bounce     bool // a same-origin hop first, then the target
	needsIPv6  bool
}

func redirTargets() []redirTarget {
	hostOf := func(l *redirLab, name string) string { u, _ := url.Parse(l.url(name)); return u.Host }
	portOf := func(l *redirLab, name string) string { u, _ := url.Parse(l.url(name)); return u.Port() }
	return []redirTarget{
		{name: "same-origin", set: "loopback", sameOrigin: true, to: func(l *redirLab) (string, string) { return l.url("A"), "A" }},
		{name: "same-origin-with-userinfo", set: "loopback", sameOrigin: true,
			to: func(l *redirLab) (string, string) { return "http://fake-user:fake-pass@" + hostOf(l, "A"), "A" }},
		{name: "localhost-for-127.0.0.1", set: "loopback", to: func(l *redirLab) (string, string) { return "http://localhost:" + portOf(l, "A"), "A" }},
		{name: "other-port", set: "loopback", to: func(l *redirLab) (string, string) { return l.url("B"), "B" }},
		{name: "ipv6-loopback", set: "loopback", needsIPv6: true, to: func(l *redirLab) (string, string) { return l.url("V6"), "V6" }},
		{name: "userinfo-other-port", set: "loopback",
			to: func(l *redirLab) (string, string) { return "http://fake-user:fake-pass@" + hostOf(l, "B"), "B" }},
		{name: "same-origin-then-other-port", set: "loopback", bounce: true, to: func(l *redirLab) (string, string) { return l.url("B"), "B" }},
		{name: "tls-same-origin", set: "dial", sameOrigin: true, to: func(*redirLab) (string, string) { return "https://example.com", "TA" }},
		{name: "tls-same-origin-uppercase-host-and-port", set: "dial", sameOrigin: true, to: func(*redirLab) (string, string) { return "https://EXAMPLE.com:443", "TA" }},
		{name: "subdomain", set: "dial", to: func(*redirLab) (string, string) { return "https://sub.example.com", "TB" }},
		{name: "tls-other-port", set: "dial", to: func(*redirLab) (string, string) { return "https://example.com:8443", "TC" }},
		{name: "https-to-http-same-host", set: "dial", to: func(*redirLab) (string, string) { return "http://example.com", "D" }},
		{name: "custom-host-header", set: "dial", byHost: true, to: func(*redirLab) (string, string) { return "", "TB" }},
		{name: "https-to-http-loopback", set: "tls", to: func(l *redirLab) (string, string) { return l.url("A"), "A" }},
	}
}

// redirEntry is an entry point.
type redirEntry struct {
	name string
	op   string // the operation the endpoint redirects
	// own: the SDK's own GraphQL request (the strict rule); otherwise an
	// HTTP request through Client.HTTPClient or Transport.
	own bool
	// cred is the Authorization the redirected request carries ("" for
	// the tokens query, which needs none); secretBody is what its body
	// holds that must not reach another origin.
	cred, secretBody string
	src              func() CredentialSource
	run              func(ctx context.Context, c *Client, tr http.RoundTripper, endpoint, host string) error
}

func redirEntries() []redirEntry {
	static := func() CredentialSource { return StaticToken(redirStatic) }
	httpCall := func(method string, viaClient bool) func(ctx context.Context, c *Client, tr http.RoundTripper, endpoint, host string) error {
		return func(ctx context.Context, c *Client, tr http.RoundTripper, endpoint, host string) error {
			hc := c.HTTPClient()
			if !viaClient {
				hc = &http.Client{Transport: NewTransport(StaticToken(redirStatic), tr)}
			}
			var body io.Reader
			if method == http.MethodPost {
				body = strings.NewReader(`{"note":"a user's REST call"}`)
			}
			req, err := http.NewRequestWithContext(ctx, method, endpoint+"/rest", body)
			if err != nil {
				return err
			}
			if host != "" {
				req.Host = host
			}
			resp, err := hc.Do(req)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("HTTP %d", resp.StatusCode)
			}
			return nil
		}
	}
	token := func(ctx context.Context, c *Client, _ http.RoundTripper, _, _ string) error {
		_, err := c.Token(ctx)
		return err
	}
	return []redirEntry{
		{name: "Query", op: "query", own: true, cred: "Bearer " + redirStatic, src: static,
			run: func(ctx context.Context, c *Client, _ http.RoundTripper, _, _ string) error {
				var q leakQuery
				return c.Query(ctx, &q, nil)
			}},
		{name: "Mutate", op: "mutation", own: true, cred: "Bearer " + redirStatic, src: static,
			run: func(ctx context.Context, c *Client, _ http.RoundTripper, _, _ string) error {
				var m leakMutation
				return c.Mutate(ctx, &m, nil)
			}},
		{name: "Exec", op: "query", own: true, cred: "Bearer " + redirStatic, src: static,
			run: func(ctx context.Context, c *Client, _ http.RoundTripper, _, _ string) error {
				_, err := c.Exec(ctx, "{authMember{id name}}", nil)
				return err
			}},
		{name: "Guest-tokens", op: "tokens", own: true, cred: "", secretBody: fakeDomain, run: token,
			src: func() CredentialSource { return Guest{NetworkDomain: fakeDomain} }},
		{name: "Member-loginNetwork", op: "login", own: true, cred: "Bearer " + redirGuest, secretBody: redirPassword, run: token,
			src: func() CredentialSource {
				return Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: redirPassword}
			}},
		{name: "App-limitedToken", op: "limited", own: true, cred: redirBasic, run: token,
			src: func() CredentialSource {
				return App{ClientID: redirClientID, ClientSecret: redirSecret, NetworkID: fakeNetwork}
			}},
		{name: "HTTPClient-Get", op: "rest", cred: "Bearer " + redirStatic, src: static, run: httpCall(http.MethodGet, true)},
		{name: "HTTPClient-Post", op: "rest", cred: "Bearer " + redirStatic, src: static, run: httpCall(http.MethodPost, true)},
		{name: "Transport-Get", op: "rest", cred: "Bearer " + redirStatic, src: static, run: httpCall(http.MethodGet, false)},
		{name: "Transport-Post", op: "rest", cred: "Bearer " + redirStatic, src: static, run: httpCall(http.MethodPost, false)},
	}
}

func TestRedirectMatrix(t *testing.T) {
	lab := newRedirLab(t)
	dialTr := lab.transport(t)
	tlsTr := lab.servers["T"].Client().Transport
	rows := 0
	for _, target := range redirTargets() {
		t.Run(target.name, func(t *testing.T) {
			if target.needsIPv6 && !lab.ipv6 {
				t.Skip("no IPv6 loopback")
			}
			for _, entry := range redirEntries() {
				if target.byHost && entry.own {
					continue // the SDK's own requests have no Host to set
				}
				for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
					rows++
					t.Run(fmt.Sprintf("%s/%d", entry.name, code), func(t *testing.T) {
						runRedirectRow(t, lab, target, entry, code, dialTr, tlsTr)
					})
				}
			}
		})
	}
	t.Logf("%d rows", rows)
}

func runRedirectRow(t *testing.T, lab *redirLab, target redirTarget, entry redirEntry, code int, dialTr, tlsTr http.RoundTripper) {
	from, endpoint, base, host := "A", lab.url("A"), http.RoundTripper(dialTr), ""
	switch target.set {
	case "dial":
		from, endpoint = "TA", "https://example.com"
	case "tls":
		from, endpoint, base = "T", lab.url("T"), tlsTr
	}
	to, server := target.to(lab)
	plan := redirPlan{from: from, op: entry.op, code: code, target: to}
	if target.byHost {
		plan.byHost, host = true, "sub.example.com"
	}
	if target.bounce {
		plan.bounce = to
	}
	lab.reset(plan)

	c, err := NewClient(WithEndpoint(endpoint+"/graphql"), WithCredentials(entry.src()), WithHTTPClient(&http.Client{Transport: base, Timeout: 10 * time.Second}),
		WithRetryPolicy(RetryPolicy{MaxAttempts: 1, MaxRateLimitWait: -1}))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = entry.run(ctx, c, base, strings.TrimSuffix(c.Endpoint(), "/graphql"), host)

	endpointHost := strings.TrimPrefix(strings.TrimPrefix(endpoint, "https://"), "http://")
	var landed []redirHit
	for _, h := range lab.received() {
		if entry.own && !target.sameOrigin {
			// Nothing but the endpoint's own origin heard from the SDK.
			assert.True(t, h.server == from && h.host == endpointHost, "%s received %s %s (Host %s) from the SDK", h.server, h.method, h.path, h.host)
		}
		if strings.HasPrefix(h.path, "/landed/") {
			landed = append(landed, h)
		}
	}
	switch {
	case entry.own && !target.sameOrigin:
		if target.bounce && code != http.StatusTemporaryRedirect && code != http.StatusPermanentRedirect {
			// The same-origin hop before it is refused already: it would
			// turn the POST into a GET.
			require.ErrorContains(t, err, "sent again as a GET")
		} else {
			require.ErrorIs(t, err, ErrForbidden, "a redirect off the endpoint's origin is refused")
		}
		assert.Empty(t, landed, "the other origin received nothing: neither credentials nor the body")
	case entry.own && code != http.StatusTemporaryRedirect && code != http.StatusPermanentRedirect:
		require.Error(t, err, "a redirect that turns the POST into a GET is refused")
		assert.Contains(t, err.Error(), "set the endpoint to the final URL")
		assert.Empty(t, landed, "nothing is sent again as a GET")
	case entry.own:
		require.NoError(t, err, "a same-origin 307 or 308 is followed")
		require.Len(t, landed, 1)
		assert.Equal(t, server, landed[0].server)
		want := entry.cred
		if want == "" && strings.Contains(to, "@") {
			// No credentials of its own: net/http sends the userinfo of the
			// Location, which the server chose.
			want = "Basic " + base64.StdEncoding.EncodeToString([]byte("fake-user:fake-pass"))
		}
		assert.Equal(t, want, landed[0].auth, "followed with the credentials")
		if entry.secretBody != "" {
			assert.Contains(t, landed[0].body, entry.secretBody, "307 and 308 resend the body")
		}
	default:
		require.NoError(t, err, "Client.HTTPClient and Transport follow every redirect")
		require.Len(t, landed, 1)
		assert.Equal(t, server, landed[0].server)
		if target.sameOrigin {
			assert.Equal(t, entry.cred, landed[0].auth, "a same-origin redirect keeps the credentials")
			return
		}
		// Off the origin: no credentials of the SDK. (A Location with
		// userinfo makes net/http send that userinfo as Basic: the other
		// server's own, which it already has.)
		assert.NotContains(t, landed[0].auth, redirStatic)
		if landed[0].auth != "" {
			assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte("fake-user:fake-pass")), landed[0].auth)
		}
	}
}

// TestRedirectNoCredentialsOverPlainHTTP: credentials never travel over
// plain http to a host that is not loopback, whatever asks.
func TestRedirectNoCredentialsOverPlainHTTP(t *testing.T) {
	lab := newRedirLab(t)
	tr := lab.transport(t)
	lab.reset(redirPlan{})

	t.Run("endpoint", func(t *testing.T) {
		_, err := NewClient(WithEndpoint("http://example.com/graphql"), WithCredentials(StaticToken(redirStatic)), WithHTTPClient(&http.Client{Transport: tr}))
		require.ErrorIs(t, err, ErrInvalidInput)
	})
	for _, tt := range []struct {
		name string
		hc   func(t *testing.T) *http.Client
	}{
		{"HTTPClient", func(t *testing.T) *http.Client {
			c, err := NewClient(WithEndpoint("https://example.com/graphql"), WithCredentials(StaticToken(redirStatic)), WithHTTPClient(&http.Client{Transport: tr}))
			require.NoError(t, err)
			t.Cleanup(func() { _ = c.Close() })
			return c.HTTPClient()
		}},
		{"Transport", func(t *testing.T) *http.Client {
			return &http.Client{Transport: NewTransport(StaticToken(redirStatic), tr)}
		}},
		{"Transport-with-Hosts", func(t *testing.T) *http.Client {
			return &http.Client{Transport: &Transport{Source: StaticToken(redirStatic), Base: tr, Hosts: []string{"example.com", "example.com:80"}}}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lab.reset(redirPlan{})
			hc := tt.hc(t)
			for _, method := range []string{http.MethodGet, http.MethodPost} {
				req, err := http.NewRequest(method, "http://example.com/rest", strings.NewReader("{}"))
				require.NoError(t, err)
				resp, err := hc.Do(req)
				require.NoError(t, err)
				resp.Body.Close()
			}
			hits := lab.received()
			require.Len(t, hits, 2)
			for _, h := range hits {
				assert.Equal(t, "D", h.server)
				assert.Empty(t, h.auth, "no credentials over plain http to example.com")
			}
			// The same request over https carries them (the rule is about
			// the scheme, not the host).
			lab.reset(redirPlan{})
			resp, err := hc.Get("https://example.com/rest")
			require.NoError(t, err)
			resp.Body.Close()
			hits = lab.received()
			require.Len(t, hits, 1)
			assert.Equal(t, "Bearer "+redirStatic, hits[0].auth)
		})
	}
}
