package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// staleClock makes the stand-in mint tokens that expire two minutes from now
// (real time) although it still takes them: the command renews such a token
// before each use, which drives renewals without waiting.
func staleClock() bettermodetest.Option {
	return bettermodetest.WithClock(func() time.Time { return time.Now().Add(-58 * time.Minute) })
}

func TestMemberLoginPasswordStdin(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	m := srv.Member()

	r := c.run(m.Password+"\n", "login", "--domain", srv.Network().Domain, "--user", m.Username, "--password-stdin")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, `Logged in to fake-community.example.com as Fake Member (fakeMember01, role Member); profile "default".`+"\n", r.stdout)
	assert.Empty(t, r.stderr)

	// The session file holds the tokens, not the password, with mode 0600 in
	// directories of mode 0700.
	sess := c.sessionFile("default")
	assert.Equal(t, "member", sess["kind"])
	assert.Equal(t, srv.URL, sess["endpoint"])
	assert.Equal(t, "fakeNet0001", sess["network_id"])
	assert.Equal(t, m.Username, sess["user"])
	assert.NotEmpty(t, sess["access_token"])
	assert.NotEmpty(t, sess["refresh_token"])
	assertMode(t, c.cfg, 0o700)
	assertMode(t, filepath.Join(c.cfg, "profiles"), 0o700)
	assertMode(t, filepath.Join(c.cfg, "profiles", "default.json"), 0o600)
	assertMode(t, filepath.Join(c.cfg, "config.json"), 0o600)

	// bettermode token prints the stored token and nothing else.
	r = c.run("", "token")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, sess["access_token"].(string)+"\n", r.stdout)
	assert.Empty(t, r.stderr)

	r = c.run("", "whoami")
	require.Equal(t, 0, r.code, r)
	for _, want := range []string{
		"Profile:  default (member session)",
		"Endpoint: " + srv.URL,
		"Network:  Fake Community (fakeNet0001, fake-community.example.com)",
		"Member:   Fake Member (@fake-member, fakeMember01)",
		"Role:     Member",
		"Expires:  in ",
	} {
		assert.Contains(t, r.stdout, want)
	}

	r = c.run("", "logout")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, `Logged out: the session ended on the server and profile "default" was deleted.`+"\n", r.stdout)
	assert.Equal(t, 1, srv.Operations("logoutNetwork"))
	assert.NoFileExists(t, filepath.Join(c.cfg, "profiles", "default.json"))

	r = c.run("", "whoami")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: not logged in (profile \"default\"): run bettermode login\n", r.stderr)
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, want, fi.Mode().Perm(), "mode of %s", path)
}

func TestMemberLoginEnvPassword(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	admin := srv.Admin()
	r := c.runEnv([]string{"BETTERMODE_PASSWORD=" + admin.Password}, "",
		"login", "--network-id", srv.Network().ID, "--user", admin.Email, "--json")
	require.Equal(t, 0, r.code, r)
	got := decodeJSON(t, []byte(r.stdout))
	assert.Equal(t, "default", got["profile"])
	assert.Equal(t, "member", got["kind"])
	assert.Equal(t, srv.URL, got["endpoint"])
	assert.Equal(t, "fakeNet0001", got["network_id"])
	assert.Equal(t, admin.ID, got["member_id"])
	assert.Equal(t, "Admin", got["role"])
	exp, err := time.Parse(time.RFC3339, got["expires_at"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(time.Hour), exp, time.Minute)
	assert.NotContains(t, r.stdout, "token") // login --json holds no token
}

func TestMemberLoginFailures(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	m := srv.Member()
	c.addSecret("not-the-password-0001")

	// A wrong password: exit 1, one line that says what to do, no session.
	r := c.run("not-the-password-0001\n", "login", "--domain", srv.Network().Domain, "--user", m.Username, "--password-stdin")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: wrong username or password for fake-member at fake-community.example.com: check them and run bettermode login again\n", r.stderr)
	assert.Empty(t, r.stdout)
	assert.NoFileExists(t, filepath.Join(c.cfg, "profiles", "default.json"))

	// An unknown community.
	r = c.runEnv([]string{"BETTERMODE_PASSWORD=" + m.Password}, "", "login", "--domain", "nowhere.example.com", "--user", m.Username)
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stderr, "error: no community nowhere.example.com at "+srv.URL+": check --domain")

	// No password and no terminal: a usage error.
	r = c.run("", "login", "--domain", srv.Network().Domain, "--user", m.Username)
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: no password: type it at a terminal, pipe it with --password-stdin, or set BETTERMODE_PASSWORD\n", r.stderr)

	// --password-stdin with nothing on stdin.
	r = c.run("", "login", "--domain", srv.Network().Domain, "--user", m.Username, "--password-stdin")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "stdin holds no password")

	// A password given as a flag is refused, and the value is not repeated.
	r = c.run("", "login", "--domain", srv.Network().Domain, "--user", m.Username, "--password", "not-the-password-0001")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: unknown flag: --password (there is no password flag: type it at the prompt, pipe it with --password-stdin, or set BETTERMODE_PASSWORD)\n", r.stderr)

	// Without a way and without a terminal.
	r = c.run("", "login")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "error: choose how to log in: --domain D --user U, --app, --oauth or --email")

	// Two ways at once.
	r = c.run("", "login", "--app", "--email", "a@example.com")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "--app and --email choose different ways to log in")

	// Nothing was stored by any of these.
	assert.NoFileExists(t, filepath.Join(c.cfg, "profiles", "default.json"))
}

func TestMemberSessionRenews(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t, staleClock())
	c := newCLI(t, srv)
	m := srv.Member()
	r := c.runEnv([]string{"BETTERMODE_PASSWORD=" + m.Password}, "", "login", "--domain", srv.Network().Domain, "--user", m.Username)
	require.Equal(t, 0, r.code, r)
	before := c.sessionFile("default")

	// The token expires within minutes: bettermode token renews it with the
	// refresh token first and saves the rotated refresh token.
	r = c.run("", "token")
	require.Equal(t, 0, r.code, r)
	after := c.sessionFile("default")
	assert.NotEqual(t, before["refresh_token"], after["refresh_token"])
	assert.NotEqual(t, before["access_token"], after["access_token"])
	assert.Equal(t, after["access_token"].(string)+"\n", r.stdout)
	assert.Equal(t, 1, srv.Minted(bettermodetest.KindMember)-1, "one login, one renewal")

	// Runs at the same time renew one after the other under the profile's
	// lock: none sends a refresh token another already used.
	const n = 4
	procs := make([]*proc, n)
	for i := range procs {
		procs[i] = c.start(nil, "whoami")
	}
	for _, p := range procs {
		out, code := p.wait()
		assert.Equal(t, 0, code, out)
	}
	assert.Zero(t, srv.Rejected(bettermodetest.RejectReused))

	// A session whose refresh token the server no longer takes has ended.
	saved, err := os.ReadFile(filepath.Join(c.cfg, "profiles", "default.json"))
	require.NoError(t, err)
	r = c.run("", "logout")
	require.Equal(t, 0, r.code, r)
	require.NoError(t, os.WriteFile(filepath.Join(c.cfg, "profiles", "default.json"), saved, 0o600))
	r = c.run("", "token")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: the session of profile \"default\" has ended (its refresh token was refused): run bettermode login again\n", r.stderr)
	assert.Empty(t, r.stdout)
	// Logging out of it deletes it all the same.
	r = c.run("", "logout")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "Logged out: the session had already ended on the server; profile \"default\" was deleted.\n", r.stdout)
	assert.NoFileExists(t, filepath.Join(c.cfg, "profiles", "default.json"))
}

func TestRejectedTokenIsRenewed(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	loginMember(t, c, srv)

	// A stored token that looks fresh but that the API refuses (here, its
	// signature is spoiled) is renewed with the refresh token, once.
	path := filepath.Join(c.cfg, "profiles", "default.json")
	sess := c.sessionFile("default")
	at := sess["access_token"].(string)
	spoiled := at[:len(at)-4] + "AAAA"
	if spoiled == at {
		spoiled = at[:len(at)-4] + "BBBB"
	}
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(b), at, spoiled, 1)), 0o600))

	r := c.run("", "whoami")
	require.Equal(t, 0, r.code, r)
	after := c.sessionFile("default")
	assert.NotEqual(t, spoiled, after["access_token"])
	assert.NotEqual(t, sess["refresh_token"], after["refresh_token"])
	assert.Positive(t, srv.Rejected(bettermodetest.RejectForged))
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindMember), "the login and one renewal")
}

func TestAppLogin(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t, staleClock())
	c := newCLI(t, srv)
	app := srv.App()
	secretEnv := []string{"BETTERMODE_CLIENT_SECRET=" + app.ClientSecret}

	r := c.runEnv(secretEnv, "", "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID, "--profile", "bot")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, `Logged in to fakeNet0001 as app fake-client-id-0001 (its bot, role Admin); profile "bot".`+"\n", r.stdout)
	sess := c.sessionFile("bot")
	assert.Equal(t, "app", sess["kind"])
	assert.Equal(t, app.ClientID, sess["client_id"])
	assert.NotContains(t, sess, "refresh_token")

	r = c.runEnv(secretEnv, "", "whoami")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, "Profile:  bot (app token, bot)")
	assert.Contains(t, r.stdout, "via app fake-client-id-0001")
	assert.Contains(t, r.stdout, "Role:     Admin")

	// The token expires within minutes and the secret is not stored: renewing
	// needs BETTERMODE_CLIENT_SECRET.
	r = c.run("", "token")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: the app token of profile \"bot\" needs renewing and the client secret is not stored: set BETTERMODE_CLIENT_SECRET and run the command again, or run bettermode login --app --profile bot\n", r.stderr)
	sess = c.sessionFile("bot")
	r = c.runEnv(secretEnv, "", "token")
	require.Equal(t, 0, r.code, r)
	assert.NotEqual(t, sess["access_token"], c.sessionFile("bot")["access_token"])
	assert.Equal(t, c.sessionFile("bot")["access_token"].(string)+"\n", r.stdout)

	// An impersonated member.
	r = c.runEnv(secretEnv, "", "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID,
		"--member", srv.Member().ID, "--profile", "as-member", "--json")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, srv.Member().ID, decodeJSON(t, []byte(r.stdout))["member_id"])

	r = c.run("", "logout")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, `Logged out: profile "as-member" was deleted (app tokens expire on their own).`+"\n", r.stdout)
	assert.Zero(t, srv.Operations("logoutNetwork"))
}

func TestAppLoginFailures(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	app, other := srv.App(), srv.UninstalledApp()

	r := c.runEnv([]string{"BETTERMODE_CLIENT_SECRET=" + other.ClientSecret}, "",
		"login", "--app", "--client-id", other.ClientID, "--network-id", srv.Network().ID)
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: app fake-client-id-0002 is not installed on network fakeNet0001: install it on the community (its Apps page, or the developer portal) and log in again\n", r.stderr)

	r = c.runEnv([]string{"BETTERMODE_CLIENT_SECRET=" + other.ClientSecret}, "",
		"login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID)
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: wrong client id or client secret for app fake-client-id-0001: copy them from the developer portal (Credentials) and log in again\n", r.stderr)

	r = c.run("", "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID)
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: no client secret: set BETTERMODE_CLIENT_SECRET, pipe it with --secret-stdin, or type it at a terminal\n", r.stderr)

	// The secret through stdin.
	r = c.run(app.ClientSecret+"\n", "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID, "--secret-stdin", "--profile", "piped")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "app", c.sessionFile("piped")["kind"])
	r = c.run("", "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID, "--secret-stdin")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: --secret-stdin: stdin holds no secret\n", r.stderr)
	r = c.run("x\n", "login", "--user", "u", "--secret-stdin")
	assert.Equal(t, 2, r.code, r)

	r = c.run("", "login", "--app", "--network-id", srv.Network().ID)
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: missing --client-id\n", r.stderr)

	r = c.run("", "login", "--app", "--client-id", app.ClientID, "--client-secret", "x")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "there is no secret flag: set BETTERMODE_CLIENT_SECRET")
	assert.NoDirExists(t, filepath.Join(c.cfg, "oauth"))
	assert.NoFileExists(t, filepath.Join(c.cfg, "profiles", "default.json"))
	assert.FileExists(t, filepath.Join(c.cfg, "profiles", "piped.json"))
}

func TestEmailLogin(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	email := srv.Member().Email

	// The code is asked for on stdin after Bettermode mailed it.
	p := c.start(nil, "login", "--email", email, "--domain", srv.Network().Domain)
	p.waitFor(`Code: `)
	code, ok := srv.EmailedCode(email)
	require.True(t, ok)
	c.addSecret(code)
	_, err := io.WriteString(p.stdin, code+"\n")
	require.NoError(t, err)
	out, exit := p.wait()
	require.Equal(t, 0, exit, out)
	assert.Contains(t, out, "Bettermode mailed a code to fake-member@example.com.")
	assert.Contains(t, out, `Logged in to fake-community.example.com as Fake Member (fakeMember01, role Member); profile "default".`)
	sess := c.sessionFile("default")
	assert.Equal(t, "email", sess["kind"])
	assert.NotEmpty(t, sess["refresh_token"])

	r := c.run("", "whoami", "--json")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "email", decodeJSON(t, []byte(r.stdout))["kind"])
	r = c.run("", "logout")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, "the session ended on the server")

	// A wrong code.
	p = c.start(nil, "login", "--email", email, "--network-id", srv.Network().ID)
	p.waitFor(`Code: `)
	_, err = io.WriteString(p.stdin, "000000\n")
	require.NoError(t, err)
	out, exit = p.wait()
	assert.Equal(t, 1, exit, out)
	assert.Contains(t, out, "error: the code was wrong or has expired: run bettermode login --email fake-member@example.com again for a new one")

	// No code on stdin.
	r = c.run("", "login", "--email", email, "--network-id", srv.Network().ID)
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "error: no code: type it at the prompt, or pipe it on stdin")
}

// oauthLogin starts bettermode login --oauth against provider, plays the
// browser when the URL is printed, and returns the output.
func oauthLogin(t *testing.T, c *runner, provider *bettermodetest.OAuth2Server, extra ...string) (string, int) {
	t.Helper()
	args := append([]string{"login", "--oauth", "--client-id", provider.ClientID, "--auth-url", provider.AuthURL,
		"--token-url", provider.TokenURL, "--scopes", "offline_access"}, extra...)
	p := c.start([]string{"BETTERMODE_CLIENT_SECRET=" + provider.ClientSecret}, args...)
	m := p.waitFor(`(?m)^  (http://\S+)$`)
	p.waitFor(`Waiting for the browser to finish the login \(Ctrl-C to cancel\)\.\.\.`)
	browser := &http.Client{Transport: &http.Transport{}}
	defer browser.CloseIdleConnections()
	resp, err := browser.Get(m[1])
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return p.wait()
}

// expireOAuthToken makes the saved OAuth token of profile look expired.
func expireOAuthToken(t *testing.T, c *runner, profile string) {
	t.Helper()
	fst, err := oauth.NewFileStore(filepath.Join(c.cfg, "oauth"))
	require.NoError(t, err)
	tok, err := fst.Load(t.Context(), profile)
	require.NoError(t, err)
	tok.Expiry = time.Now().Add(-time.Minute)
	require.NoError(t, fst.Save(t.Context(), profile, tok))
}

func TestOAuthLogin(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	provider := bettermodetest.StartOAuth2Server(t, bettermodetest.WithOAuth2AccessTokenLifetime(2*time.Second))
	c := newCLI(t, srv)
	c.env = []string{"DISPLAY="} // no browser to open

	out, code := oauthLogin(t, c, provider, "--profile", "sso")
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "Open this URL in a browser to log in:")
	assert.Contains(t, out, `Logged in with OAuth (client fake-oauth2-client-0001); profile "sso"; the token expires in `)
	sess := c.sessionFile("sso")
	assert.Equal(t, "oauth", sess["kind"])
	assert.Equal(t, provider.TokenURL, sess["token_url"])
	assert.NotContains(t, sess, "access_token") // kept in the OAuth store
	entries, err := os.ReadDir(filepath.Join(c.cfg, "oauth"))
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	assertMode(t, filepath.Join(c.cfg, "oauth"), 0o700)
	for _, e := range entries {
		assertMode(t, filepath.Join(c.cfg, "oauth", e.Name()), 0o600)
	}

	// An expired token is renewed with the refresh token, which needs the
	// confidential client's secret (not stored), and the rotated refresh
	// token is saved for the next run.
	expireOAuthToken(t, c, "sso")
	r := c.run("", "token")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: the OAuth provider refused the client while renewing the session of profile \"sso\": set BETTERMODE_CLIENT_SECRET to the client's secret (it is not stored), or run bettermode login --oauth --profile sso again\n", r.stderr)
	secretEnv := []string{"BETTERMODE_CLIENT_SECRET=" + provider.ClientSecret}
	r = c.runEnv(secretEnv, "", "token")
	require.Equal(t, 0, r.code, r)
	first := strings.TrimSpace(r.stdout)
	assert.True(t, strings.HasPrefix(first, "fake-oauth2-access-"), r.stdout)
	expireOAuthToken(t, c, "sso")
	r = c.runEnv(secretEnv, "", "token")
	require.Equal(t, 0, r.code, r)
	assert.NotEqual(t, first, strings.TrimSpace(r.stdout))
	assert.Equal(t, 2, provider.Refreshes())
	assert.Zero(t, provider.Rejected(bettermodetest.OAuth2RejectRefreshReused))

	r = c.run("", "status", "--json")
	require.Equal(t, 0, r.code, r)
	st := decodeJSON(t, []byte(r.stdout))
	prof := st["profiles"].([]any)[0].(map[string]any)
	assert.Equal(t, "oauth", prof["kind"])
	assert.Equal(t, "refresh token", prof["renews"])

	r = c.run("", "logout")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, `profile "sso" was deleted (revoke the grant at the OAuth provider if need be)`)
	entries, _ = os.ReadDir(filepath.Join(c.cfg, "oauth"))
	for _, e := range entries {
		assert.True(t, strings.HasSuffix(e.Name(), ".lock"), "left behind: %s", e.Name())
	}
}

func TestOAuthLoginDeniedAndInterrupted(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	provider := bettermodetest.StartOAuth2Server(t, bettermodetest.WithOAuth2Deny("access_denied"))
	c := newCLI(t, srv)
	c.env = []string{"DISPLAY="}

	out, code := oauthLogin(t, c, provider)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "error: the login was denied in the browser: run bettermode login --oauth again and approve it")

	// Ctrl-C while waiting for the browser: exit 130, nothing stored.
	p := c.start(nil, "login", "--oauth", "--client-id", provider.ClientID, "--auth-url", provider.AuthURL,
		"--token-url", provider.TokenURL, "--no-browser")
	p.waitFor(`Waiting for the browser`)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGINT))
	out, code = p.wait()
	assert.Equal(t, 130, code, out)
	assert.True(t, strings.HasSuffix(out, "error: interrupted\n"), out)
	assert.NoFileExists(t, filepath.Join(c.cfg, "profiles", "default.json"))
}
