package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/webhook"
)

// loginMember logs the stand-in's member in to profile (with
// BETTERMODE_PASSWORD).
func loginMember(t *testing.T, c *runner, srv *bettermodetest.Server, extra ...string) {
	t.Helper()
	args := append([]string{"login", "--domain", srv.Network().Domain, "--user", srv.Member().Username}, extra...)
	r := c.runEnv([]string{"BETTERMODE_PASSWORD=" + srv.Member().Password}, "", args...)
	require.Equal(t, 0, r.code, r)
}

func TestTokenJSONAndGuest(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	loginMember(t, c, srv)

	r := c.run("", "token", "--json")
	require.Equal(t, 0, r.code, r)
	got := decodeJSON(t, []byte(r.stdout))
	assert.Equal(t, c.sessionFile("default")["access_token"], got["token"])
	assert.Equal(t, "member", got["kind"])
	assert.Equal(t, "Bearer", got["scheme"])
	assert.Equal(t, "default", got["profile"])
	assert.Equal(t, "fakeNet0001", got["network_id"])
	assert.NotEmpty(t, got["expires_at"])

	r = c.run("", "token", "guest", "--domain", srv.Network().Domain)
	require.Equal(t, 0, r.code, r)
	tok := strings.TrimSpace(r.stdout)
	assert.Regexp(t, `^eyJ[\w-]+\.[\w-]+\.[\w-]+$`, tok)
	assert.Equal(t, "Guest", bettermode.NewToken(bettermode.Secret(tok), bettermode.KindGuest).Role)

	r = c.run("", "token", "guest", "--network-id", srv.Network().ID, "--json")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "guest", decodeJSON(t, []byte(r.stdout))["kind"])

	r = c.run("", "token", "guest", "--domain", "nowhere.example.com")
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stderr, "error: no community nowhere.example.com at "+srv.URL)

	r = c.run("", "token", "guest")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: name the community: --domain D or --network-id N\n", r.stderr)

	r = c.run("", "token", "extra")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: unknown command \"extra\" for \"bettermode token\" (see bettermode token --help)\n", r.stderr)
}

func TestWhoamiAndStatusJSON(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)

	r := c.run("", "status", "--json")
	require.Equal(t, 0, r.code, r)
	got := decodeJSON(t, []byte(r.stdout))
	assert.Equal(t, []any{}, got["profiles"])
	assert.Equal(t, "default", got["current"])
	assert.Equal(t, c.cfg, got["config_dir"])
	r = c.run("", "status")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "No sessions in "+c.cfg+": run bettermode login.\n", r.stdout)

	loginMember(t, c, srv)
	r = c.run("", "whoami", "--json")
	require.Equal(t, 0, r.code, r)
	got = decodeJSON(t, []byte(r.stdout))
	assert.Equal(t, map[string]any{"id": "fakeNet0001", "name": "Fake Community", "domain": "fake-community.example.com"}, got["network"])
	assert.Equal(t, map[string]any{"id": "fakeMember01", "name": "Fake Member", "username": "fake-member", "email": "fake-member@example.com"}, got["member"])
	assert.Equal(t, "Member", got["role"])
	assert.Equal(t, "member", got["kind"])
	assert.Equal(t, "default", got["profile"])
	assert.Equal(t, srv.URL, got["endpoint"])
	issued, err := time.Parse(time.RFC3339, got["issued_at"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), issued, time.Minute)
	assert.InDelta(t, 3600, got["expires_in_seconds"], 60)
	for _, k := range []string{"token", "access_token", "refresh_token"} {
		assert.NotContains(t, got, k)
	}

	r = c.run("", "status", "--json")
	require.Equal(t, 0, r.code, r)
	got = decodeJSON(t, []byte(r.stdout))
	profs := got["profiles"].([]any)
	require.Len(t, profs, 1)
	p := profs[0].(map[string]any)
	assert.Equal(t, "default", p["name"])
	assert.Equal(t, true, p["current"])
	assert.Equal(t, "member", p["kind"])
	assert.Equal(t, false, p["expired"])
	assert.Equal(t, "refresh token", p["renews"])
	assert.InDelta(t, 3600, p["expires_in_seconds"], 60)
}

func TestProfiles(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	app := srv.App()

	loginMember(t, c, srv, "--profile", "jane")
	r := c.runEnv([]string{"BETTERMODE_CLIENT_SECRET=" + app.ClientSecret}, "",
		"login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID, "--profile", "bot")
	require.Equal(t, 0, r.code, r)

	// The last login is current.
	r = c.run("", "status")
	require.Equal(t, 0, r.code, r)
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	require.Len(t, lines, 3, r.stdout)
	assert.Regexp(t, `^  PROFILE +KIND +COMMUNITY +WHO +EXPIRES$`, lines[0])
	assert.Regexp(t, `^\* bot +app +fakeNet0001 +client fake-client-id-0001 +in (59m\d+s|1h0m) \(renews with \$BETTERMODE_CLIENT_SECRET\)$`, lines[1])
	assert.Regexp(t, `^  jane +member +fake-community.example.com +fake-member +in (59m\d+s|1h0m) \(renews with its refresh token\)$`, lines[2])

	whoami := func(args ...string) string {
		t.Helper()
		r := c.run("", append([]string{"whoami", "--json"}, args...)...)
		require.Equal(t, 0, r.code, r)
		return decodeJSON(t, []byte(r.stdout))["profile"].(string)
	}
	assert.Equal(t, "bot", whoami())
	assert.Equal(t, "jane", whoami("--profile", "jane"))

	r = c.run("", "switch", "jane", "--json")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, map[string]any{"current": "jane"}, decodeJSON(t, []byte(r.stdout)))
	r = c.run("", "switch", "jane")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "The current profile is now \"jane\".\n", r.stdout)
	assert.Equal(t, "jane", whoami())
	r = c.runEnv([]string{"BETTERMODE_PROFILE=bot"}, "", "whoami", "--json")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "bot", decodeJSON(t, []byte(r.stdout))["profile"])

	r = c.run("", "switch", "nobody")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: no profile \"nobody\": the profiles are bot, jane (or log in with --profile nobody)\n", r.stderr)
	r = c.run("", "whoami", "--profile", "../etc")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "error: invalid profile name \"../etc\"")
	r = c.run("", "whoami", "--profile", "nobody")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: not logged in (profile \"nobody\"): run bettermode login --profile nobody\n", r.stderr)

	// Logging out of one profile leaves the other.
	r = c.run("", "logout", "--profile", "bot", "--json")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, map[string]any{"profile": "bot", "kind": "app", "server_logout": "not_applicable", "deleted": true},
		decodeJSON(t, []byte(r.stdout)))
	r = c.run("", "logout", "--json")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, map[string]any{"profile": "jane", "kind": "member", "server_logout": "ended", "deleted": true},
		decodeJSON(t, []byte(r.stdout)))
	r = c.run("", "logout")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: not logged in (profile \"jane\"): run bettermode login --profile jane\n", r.stderr)
}

func TestAPI(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)

	r := c.run("", "api", "query { authMember { id } }")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: not logged in (profile \"default\"): run bettermode login\n", r.stderr)

	loginMember(t, c, srv)
	r = c.run("", "api", "query { authMember { id name } }")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "{\n  \"authMember\": {\n    \"id\": \"fakeMember01\",\n    \"name\": \"Fake Member\"\n  }\n}\n", r.stdout)

	// Variables, typed as gh api types them: a boolean stays a boolean (a
	// string would not validate as Boolean!), @file reads a file.
	doc := "query($id: ID!, $full: Boolean!) { member(id: $id) { id name @include(if: $full) } }"
	r = c.run("", "api", doc, "-F", "id=fakeMember01", "-F", "full=false")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "{\n  \"member\": {\n    \"id\": \"fakeMember01\"\n  }\n}\n", r.stdout)
	require.NoError(t, os.WriteFile(filepath.Join(c.home, "id.txt"), []byte("fakeAdmin001"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(c.home, "q.graphql"), []byte(doc), 0o600))
	r = c.run("", "api", "@q.graphql", "-F", "id=@id.txt", "-F", "full=true", "--json")
	require.Equal(t, 0, r.code, r)
	got := decodeJSON(t, []byte(r.stdout))
	assert.Equal(t, map[string]any{"member": map[string]any{"id": "fakeAdmin001", "name": "Fake Admin"}}, got["data"])
	assert.Contains(t, got, "extensions")

	// The document on stdin; -f keeps "true" a string.
	r = c.run("query($u: String) { member(username: $u) { id } }", "api", "-f", "u=fake-member")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, `"id": "fakeMember01"`)
	r = c.run("query { network { name } }", "api", "-")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, `"name": "Fake Community"`)

	// A GraphQL error: exit 1 and the server's message as it wrote it, with
	// its code, then the hint; none of the SDK's wording.
	r = c.run("", "api", `query { member(id: "nobody") { id } }`)
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: Member not found (code 110): check the id or name\n", r.stderr)
	r = c.run("", "api", `query { member(id: "nobody") { id } }`, "--json")
	assert.Equal(t, 1, r.code, r)
	got = decodeJSON(t, []byte(r.stdout))
	assert.Nil(t, got["data"])
	assert.Equal(t, "110", got["error"].(map[string]any)["code"])
	errJSON := decodeJSON(t, []byte(r.stderr))["error"].(map[string]any)
	assert.Equal(t, "110", errJSON["code"])
	assert.EqualValues(t, 1, errJSON["exit_code"])

	// A document that does not validate.
	r = c.run("", "api", "query { nope }")
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stderr, `cannot query field \"nope\"`[:0]+`nope`)

	// Usage errors.
	for _, args := range [][]string{
		{"api", ""},
		{"api", "@missing.graphql"},
		{"api", "query { authMember { id } }", "-F", "novalue"},
		{"api", "query { authMember { id } }", "-F", "a[=1"},
		{"api", "query { authMember { id } }", "-F", "x=@-", "-"},
		{"api", "a", "b"},
	} {
		r = c.run("", args...)
		assert.Equal(t, 2, r.code, "%q: %s", args, r)
		assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "%q: %s", args, r)
	}
}

func TestWebhookSend(t *testing.T) {
	t.Parallel()
	const secret = "test-webhook-secret-0001"
	h, err := webhook.NewHandler(webhook.Config{Secrets: []bettermode.Secret{secret}})
	require.NoError(t, err)
	var events []string
	h.OnSubscription(func(_ context.Context, _ *webhook.Request, ev *webhook.Event) error {
		events = append(events, ev.Name)
		return nil
	})
	receiver := httptest.NewServer(h)
	t.Cleanup(receiver.Close)
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"type":"SOMETHING","status":"SUCCEEDED"}`))
	}))
	t.Cleanup(broken.Close)

	c := newCLI(t, nil)
	c.addSecret(secret)
	env := []string{"BETTERMODE_WEBHOOK_SECRET=" + secret}

	// The registration handshake.
	r := c.runEnv(env, "", "webhook", "send", receiver.URL)
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, "Sent TEST to "+receiver.URL+": HTTP 200\n")
	assert.Contains(t, r.stdout, `"challenge": "`)
	assert.True(t, strings.HasSuffix(r.stdout, "Envelope: right (type TEST, status SUCCEEDED)\n"), r.stdout)

	// An event's data from a file, and a whole envelope on stdin.
	require.NoError(t, os.WriteFile(filepath.Join(c.home, "event.json"),
		[]byte(`{"id":"evt-1","name":"post.published","noun":"POST","verb":"PUBLISHED","object":{"id":"p1"}}`), 0o600))
	r = c.runEnv(env, "", "webhook", "send", receiver.URL, "--event", "event.json")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, "Sent SUBSCRIPTION to ")
	r = c.runEnv(env, `{"networkId":"n1","context":"NETWORK","currentSettings":[],"type":"SUBSCRIPTION","data":{"id":"evt-2","name":"member.verified"}}`,
		"webhook", "send", receiver.URL, "--event", "-", "--json")
	require.Equal(t, 0, r.code, r)
	got := decodeJSON(t, []byte(r.stdout))
	assert.Equal(t, true, got["envelope_ok"])
	assert.Equal(t, true, got["succeeded"])
	assert.EqualValues(t, 200, got["status_code"])
	assert.Equal(t, "SUBSCRIPTION", got["type"])
	assert.Equal(t, "SUCCEEDED", got["answer"].(map[string]any)["status"])
	assert.Equal(t, []string{"post.published", "member.verified"}, events)

	// A receiver with another secret refuses the signature.
	r = c.runEnv([]string{"BETTERMODE_WEBHOOK_SECRET=another-secret-0001"}, "", "webhook", "send", receiver.URL)
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stdout, "HTTP 401")
	assert.Contains(t, r.stdout, "Envelope: wrong: the receiver refused the signature (HTTP 401)")
	assert.Equal(t, "error: the receiver did not accept the webhook: the receiver refused the signature (HTTP 401): check that it uses the same signing secret as BETTERMODE_WEBHOOK_SECRET\n", r.stderr)

	// A receiver whose answer is not the envelope Bettermode wants.
	r = c.runEnv(env, "", "webhook", "send", broken.URL)
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stdout, "Envelope: wrong: type \"SOMETHING\", the request's was \"TEST\"")

	// No receiver, no secret, no URL.
	r = c.runEnv(env, "", "webhook", "send", "http://127.0.0.1:1/hook")
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stderr, "error: cannot deliver the webhook to http://127.0.0.1:1/hook: ")
	assert.Contains(t, r.stderr, "(is the receiver running?)")
	r = c.run("", "webhook", "send", receiver.URL)
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: no signing secret: set BETTERMODE_WEBHOOK_SECRET to the app's signing secret (developer portal, Credentials)\n", r.stderr)
	r = c.runEnv(env, "", "webhook", "send")
	assert.Equal(t, 2, r.code, r)
	r = c.runEnv(env, "", "webhook", "send", "ftp://x")
	assert.Equal(t, 2, r.code, r)
}

func TestRegionAndEndpoint(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	other := bettermodetest.Start(t)
	c := newCLI(t, srv)

	r := c.run("", "whoami", "--region", "mars")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: --region: unknown region \"mars\": use one of us, us-east-1, eu, eu-central-1, tribe\n", r.stderr)
	r = c.runEnv([]string{"BETTERMODE_REGION=mars"}, "", "--region", "eu", "status")
	assert.Equal(t, 0, r.code, r) // status sends nothing; the flag wins over the variable
	r = newCLI(t, nil).runEnv([]string{"BETTERMODE_REGION=mars"}, "", "token", "guest", "--domain", "x")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "error: BETTERMODE_REGION: unknown region \"mars\": use one of us")
	r = c.run("", "--region", "eu", "--endpoint", srv.URL, "status")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: --endpoint and --region name the same thing: use one of them\n", r.stderr)
	r = c.run("", "--endpoint", "http://example.com/graphql", "status")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "error: --endpoint: endpoint uses plain http to a host that is not loopback")
	r = c.run("", "--fake", "--region", "eu", "status")
	assert.Equal(t, 2, r.code, r)

	// A session is used only where it was made.
	loginMember(t, c, srv)
	r = c.run("", "--endpoint", other.URL, "whoami")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: profile \"default\" is logged in at "+srv.URL+", not "+other.URL+": drop --endpoint/--region, or log in there with another --profile\n", r.stderr)
	assert.Zero(t, other.Requests(bettermodetest.AuthBearer))
	r = c.run("", "--region", "eu", "token")
	assert.Equal(t, 2, r.code, r)
	// Without flags, the session's own endpoint is used.
	c.endpoint = ""
	r = c.run("", "whoami")
	assert.Equal(t, 0, r.code, r)
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	loginMember(t, c, srv)

	// No temporary files are left by the atomic writes.
	entries, err := os.ReadDir(filepath.Join(c.cfg, "profiles"))
	require.NoError(t, err)
	for _, e := range entries {
		assert.Contains(t, []string{"default.json", "default.lock"}, e.Name())
	}

	file := filepath.Join(c.cfg, "profiles", "default.json")
	require.NoError(t, os.Chmod(file, 0o644))
	r := c.run("", "token")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: the session file "+file+" is open to other users (mode 0644): run chmod 600 "+file+"\n", r.stderr)
	assert.Empty(t, r.stdout)
	r = c.run("", "status")
	assert.Equal(t, 1, r.code, r)
	require.NoError(t, os.Chmod(file, 0o600))

	require.NoError(t, os.Chmod(c.cfg, 0o755))
	r = c.run("", "whoami")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: the session directory "+c.cfg+" is open to other users (mode 0755): run chmod 700 "+c.cfg+"\n", r.stderr)
	r = c.runEnv([]string{"BETTERMODE_PASSWORD=" + srv.Member().Password}, "", "login", "--domain", srv.Network().Domain, "--user", srv.Member().Username)
	assert.Equal(t, 1, r.code, r)
	require.NoError(t, os.Chmod(c.cfg, 0o700))
	r = c.run("", "whoami")
	assert.Equal(t, 0, r.code, r)

	// Without BETTERMODE_CONFIG_DIR, sessions go to the user's configuration
	// directory.
	home := t.TempDir()
	cmd := c.command(context.Background(), nil, []string{"status", "--json"})
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "xdg")}
	out, err := cmd.Output()
	require.NoError(t, err)
	dir, _ := filepath.Abs(filepath.Join(home, "xdg", "bettermode"))
	assert.Equal(t, dir, decodeJSON(t, out)["config_dir"])
	assertMode(t, dir, 0o700)
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "error: unknown command \"frobnicate\" for \"bettermode\" (see bettermode --help)\n"},
		{[]string{"whoami", "--frob"}, "error: unknown flag: --frob (see bettermode whoami --help)\n"},
		{[]string{"whoami", "extra"}, "error: unknown command \"extra\" for \"bettermode whoami\" (see bettermode whoami --help)\n"},
		{[]string{"switch"}, "error: accepts 1 arg(s), received 0 (see bettermode switch --help)\n"},
		{[]string{"login", "-p", "x"}, "error: unknown shorthand flag: 'p' in -p (there is no password flag: type it at the prompt, pipe it with --password-stdin, or set BETTERMODE_PASSWORD)\n"},
		{[]string{"--profile", "a/b", "status"}, "error: invalid profile name \"a/b\": use letters, digits, '.', '_' and '-' (at most 64)\n"},
	} {
		r := c.run("", tc.args...)
		assert.Equal(t, 2, r.code, "%q: %s", tc.args, r)
		assert.Equal(t, tc.want, r.stderr, "%q", tc.args)
		assert.Empty(t, r.stdout, "%q", tc.args)
	}
	r := c.run("", "--json", "frobnicate")
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, map[string]any{"message": "unknown command \"frobnicate\" for \"bettermode\" (see bettermode --help)", "exit_code": float64(2)},
		decodeJSON(t, []byte(r.stderr))["error"])
}

func TestHelpAndCompletion(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)
	for _, args := range [][]string{
		{}, {"login"}, {"token"}, {"token", "guest"}, {"whoami"}, {"logout"}, {"status"}, {"switch"},
		{"api"}, {"webhook"}, {"webhook", "send"},
	} {
		r := c.run("", append(args, "--help")...)
		require.Equal(t, 0, r.code, "%q: %s", args, r)
		assert.Contains(t, r.stdout, "Usage:", "%q", args)
		assert.Contains(t, r.stdout, "Examples:\n  ", "%q has no example", args)
		assert.Contains(t, r.stdout, "--fake", "%q", args)
	}
	r := c.run("", "--version")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "bettermode "+bettermode.Version+"\n", r.stdout)

	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := c.run("", "completion", shell)
		require.Equal(t, 0, r.code, "%s: %s", shell, r)
		assert.Contains(t, r.stdout, "bettermode", shell)
	}
	r = c.run("", "__complete", "--region", "")
	require.Equal(t, 0, r.code, r)
	assert.True(t, strings.HasPrefix(r.stdout, "us\neu\ntribe\n"), r.stdout)
}

func TestFake(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)

	// Every way to log in works offline with the stand-in's credentials.
	r := c.run("", "--fake", "login", "--app", "--profile", "bot")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stderr, "Using the embedded stand-in server (--fake): logging in as its app")
	r = c.run("", "--fake", "whoami")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, "Endpoint: embedded stand-in (--fake)")
	assert.Contains(t, r.stdout, "Role:     Admin")

	r = c.run("", "--fake", "login", "--email", "fake-member@example.com", "--profile", "mail")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stderr, "reading the code it mailed to fake-member@example.com from its mailbox")
	r = c.run("", "--fake", "api", "query { authMember { email } }")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, `"email": "fake-member@example.com"`)

	r = c.run("", "--fake", "login", "--oauth", "--profile", "sso")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, `Logged in with OAuth (client fake-oauth2-client-0001); profile "sso"`)
	r = c.run("", "--fake", "token")
	require.Equal(t, 0, r.code, r)
	assert.True(t, strings.HasPrefix(r.stdout, "fake-oauth2-access-"), r.stdout)
	r = c.run("", "--fake", "whoami")
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stderr, "error: the stand-in API does not take the tokens of the stand-in OAuth2 provider")

	r = c.run("", "--fake", "login", "--user", "fake-admin", "--profile", "admin", "--json")
	require.Equal(t, 0, r.code, r)
	assert.Equal(t, "Admin", decodeJSON(t, []byte(r.stdout))["role"])

	r = c.run("", "--fake", "token", "guest")
	require.Equal(t, 0, r.code, r)
	r = c.run("", "--fake", "webhook", "send")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, "Sent TEST to the embedded receiver: HTTP 200")

	r = c.run("", "--fake", "status")
	require.Equal(t, 0, r.code, r)
	for _, p := range []string{"admin", "bot", "mail", "sso"} {
		assert.Contains(t, r.stdout, " "+p+" ")
	}
	// The stand-in's sessions are kept apart from real ones.
	r = c.run("", "status")
	require.Equal(t, 0, r.code, r)
	assert.Contains(t, r.stdout, "No sessions in ")

	r = c.run("", "--fake", "login", "--user", "fake-member", "--domain", "fake-community.example.com", "--profile", "x")
	require.Equal(t, 0, r.code, r)
	r = c.runEnv([]string{"BETTERMODE_PASSWORD=wrong-password-0001"}, "", "--fake", "login", "--user", "fake-member")
	c.addSecret("wrong-password-0001")
	assert.Equal(t, 1, r.code, r)
	assert.Equal(t, "error: wrong username or password for fake-member at fake-community.example.com: check them and run bettermode --fake login again\n", r.stderr)
	r = c.run("", "--fake", "login", "--app", "--client-id", "fake-client-id-0002", "--profile", "bot")
	assert.Equal(t, 1, r.code, r)
	assert.Contains(t, r.stderr, "is not installed on network fakeNet0001")
}
