//go:build linux

package main

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// TestWrongPasswordCode100OnTerminal: a loginNetwork that refuses the
// password with code 100 ("invalid credentials", as Bettermode answers)
// reads "wrong username or password", with what to do.
func TestWrongPasswordCode100OnTerminal(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	srv.InjectFault("loginNetwork", bettermodetest.Fault{Status: 400, AsGraphQLError: true})
	c := newCLI(t, srv)
	m := srv.Member()
	p := c.startPTY(nil, "login", "--domain", srv.Network().Domain, "--user", m.Username)
	p.waitFor(`Password for fake-member`)
	p.waitEchoOff()
	p.typeLine(m.Password)
	out, code := p.wait()
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "error: wrong username or password for fake-member at fake-community.example.com: check them and run bettermode login again")
	assert.NotContains(t, out, "fix the request's input")
}

// TestLoginAsksBeforeReplacingAnotherKind: a member login on a profile
// that holds an app's session asks on a terminal (no keeps it), is refused
// without a terminal, and replaces it with --force.
func TestLoginAsksBeforeReplacingAnotherKind(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	app := srv.App()
	r := c.runEnv([]string{"BETTERMODE_CLIENT_SECRET=" + app.ClientSecret}, "", "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID)
	require.Equal(t, 0, r.code, r)

	m := srv.Member()
	p := c.startPTY(nil, "login", "--domain", srv.Network().Domain, "--user", m.Username)
	p.waitFor(`Profile "default" holds a session of another kind \(app token, bot\)\. Replace it\? \[y/N\]: `)
	p.typeLine("n")
	out, code := p.wait()
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, `kept the session of profile "default"`)
	assert.Equal(t, "app", c.sessionFile("default")["kind"])

	p = c.startPTY(nil, "login", "--domain", srv.Network().Domain, "--user", m.Username)
	p.waitFor(`Replace it\? \[y/N\]: `)
	p.typeLine("y")
	p.waitFor(`Password for fake-member`)
	p.waitEchoOff()
	p.typeLine(m.Password)
	out, code = p.wait()
	require.Equal(t, 0, code, out)
	assert.Equal(t, "member", c.sessionFile("default")["kind"])

	env := []string{"BETTERMODE_CLIENT_SECRET=" + app.ClientSecret}
	r = c.runEnv(env, "", "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID)
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, `profile "default" holds a session of another kind (member session): pass --force to replace it, or log in with --profile NAME to keep both`)
	assert.Equal(t, "member", c.sessionFile("default")["kind"])
	r = c.runEnv(env, "", "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID, "--force")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "app", c.sessionFile("default")["kind"])
}

// TestLogoutLocalOnTerminal: when the server refuses to end the session,
// the message offers --local, which deletes it without the server.
func TestLogoutLocalOnTerminal(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	loginMember(t, c, srv)
	srv.InjectFault("logoutNetwork", bettermodetest.Fault{Status: 400, AsGraphQLError: true})
	p := c.startPTY(nil, "logout")
	out, code := p.wait()
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "the session is kept; run bettermode logout again, or bettermode logout --local to delete it without the server")
	assert.Equal(t, "member", c.sessionFile("default")["kind"])

	p = c.startPTY(nil, "logout", "--local")
	out, code = p.wait()
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, `Deleted profile "default" without asking the server (--local): its refresh token stays valid until it expires.`)
	assert.NoFileExists(t, c.cfg+"/profiles/default.json")
}

// TestSlowServerOnTerminal: a server that accepts but does not answer
// gets a one-line "waiting for" on a terminal after a couple of seconds,
// and --timeout bounds the wait with a message that says what to do.
func TestSlowServerOnTerminal(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	loginMember(t, c, srv)
	srv.InjectFault(bettermodetest.AnyOperation, bettermodetest.Fault{Latency: time.Minute})
	p := c.startPTY(nil, "whoami", "--timeout", "3s")
	p.waitFor(`waiting for 127\.0\.0\.1:\d+ to answer… \(at most 3s, see --timeout; Ctrl-C cancels\)`)
	out, code := p.wait()
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "error: no answer in time (")
	assert.Contains(t, out, "allow more time with --timeout")
	assert.Equal(t, 1, countLines(out, "waiting for "), "said once")
}

func countLines(out, prefix string) int {
	n := 0
	for _, l := range splitLines(out) {
		if len(l) >= len(prefix) && l[:len(prefix)] == prefix {
			n++
		}
	}
	return n
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, trimCR(s[start:i]))
			start = i + 1
		}
	}
	return append(out, trimCR(s[start:]))
}

func trimCR(s string) string {
	for len(s) > 0 && s[len(s)-1] == '\r' {
		s = s[:len(s)-1]
	}
	return s
}

// TestServerErrorVerbatimOnTerminal: an API error shows the server's
// message as it wrote it, its code, then the hint; no SDK wording.
func TestServerErrorVerbatimOnTerminal(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	loginMember(t, c, srv)
	p := c.startPTY(nil, "api", `query { member(id: "nobody") { id } }`)
	out, code := p.wait()
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "error: Member not found (code 110): check the id or name")
	assert.NotContains(t, out, "bettermode: Exec")
}

// TestOAuthIssuerMismatchOnTerminal: a callback whose iss (RFC 9207)
// names another provider ends the login with a message saying so; no
// code is exchanged, nothing is saved.
func TestOAuthIssuerMismatchOnTerminal(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	provider := bettermodetest.StartOAuth2Server(t)
	c := newCLI(t, srv)
	c.env = []string{"DISPLAY="}
	p := c.startPTY([]string{"BETTERMODE_CLIENT_SECRET=" + provider.ClientSecret}, "login", "--oauth", "--client-id", provider.ClientID,
		"--auth-url", provider.AuthURL, "--token-url", provider.TokenURL, "--no-browser")
	p.waitFor(`Waiting for the browser`)
	m := regexp.MustCompile(`(?m)^  (http://\S+)\r?$`).FindStringSubmatch(p.out.String())
	require.NotNil(t, m, p.out.String())
	browser := &http.Client{Transport: &http.Transport{}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	defer browser.CloseIdleConnections()
	resp, err := browser.Get(m[1])
	require.NoError(t, err)
	resp.Body.Close()
	cb, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	q := cb.Query()
	q.Set("iss", "https://evil.example")
	cb.RawQuery = q.Encode()
	resp, err = browser.Get(cb.String())
	require.NoError(t, err)
	resp.Body.Close()
	out, code := p.wait()
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "the callback comes from another issuer than the login's provider")
	assert.Zero(t, provider.TokenRequests())
	assert.NoFileExists(t, c.cfg+"/profiles/default.json")
}
