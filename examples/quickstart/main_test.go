package main

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// jwtLike matches anything shaped like a JWT.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+`)

// secretsOf lists the stand-in's passwords and client secrets.
func secretsOf(srv *bettermodetest.Server) []string {
	var s []string
	for _, m := range srv.Members() {
		s = append(s, m.Password)
	}
	for _, a := range srv.Apps() {
		s = append(s, a.ClientSecret)
	}
	return s
}

// checkNoSecret fails if text holds a secret or a JWT.
func checkNoSecret(t *testing.T, text string, secrets ...string) {
	t.Helper()
	// The embedded server's community is the preloaded one: the same secrets.
	secrets = append(secrets, secretsOf(bettermodetest.New())...)
	for _, sec := range secrets {
		if sec != "" && strings.Contains(text, sec) {
			t.Errorf("output contains the secret %q:\n%s", sec, text)
		}
	}
	if m := jwtLike.FindString(text); m != "" {
		t.Errorf("output contains a JWT-like string %q:\n%s", m, text)
	}
}

func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func fullEnv(srv *bettermodetest.Server) map[string]string {
	return map[string]string{
		"BETTERMODE_ENDPOINT":       srv.URL,
		"BETTERMODE_NETWORK_DOMAIN": srv.Network().Domain,
		"BETTERMODE_NETWORK_ID":     srv.Network().ID,
		"BETTERMODE_USERNAME":       srv.Member().Email,
		"BETTERMODE_PASSWORD":       srv.Member().Password,
		"BETTERMODE_CLIENT_ID":      srv.App().ClientID,
		"BETTERMODE_CLIENT_SECRET":  srv.App().ClientSecret,
		"BETTERMODE_MEMBER_ID":      srv.Member().ID,
	}
}

func checkContains(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("output lacks %q:\n%s", w, text)
		}
	}
}

var allSteps = []string{
	"\nguest ", "kind=guest", "role=Guest",
	"\nmember ", "kind=member", "member=fakeMember01 (Fake Member)",
	"\nbot app ", "member=BOT_fakeApp0001",
	"\nimpersonated app ", "kind=app    role=Member member=fakeMember01",
	"\nquery ", `authMember: id=fakeMember01 name="Fake Member" (as the impersonated app client)`,
	"\nexec ", "extensions.complexity=",
	"network=fakeNet0001", "(in 59m)", "fingerprint=",
}

func TestEmbedded(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(t.Context(), mapEnv(nil), &out, &errOut); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	text := out.String()
	checkContains(t, text, "using the embedded stand-in server at http://127.0.0.1:", "(no BETTERMODE_* variables set)")
	checkContains(t, text, allSteps...)
	if strings.Contains(text, "skip:") || errOut.Len() > 0 {
		t.Errorf("a step was skipped or failed:\n%s\nstderr: %s", text, errOut.String())
	}
	checkNoSecret(t, text+errOut.String())
}

func TestRealModeAllSteps(t *testing.T) {
	srv := bettermodetest.Start(t)
	var out, errOut bytes.Buffer
	if err := run(t.Context(), mapEnv(fullEnv(srv)), &out, &errOut); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	text := out.String()
	checkContains(t, text, "using the API at "+srv.URL)
	checkContains(t, text, allSteps...)
	if strings.Contains(text, "embedded") || strings.Contains(text, "skip:") {
		t.Errorf("real mode used the embedded server or skipped a step:\n%s", text)
	}
	checkNoSecret(t, text+errOut.String(), secretsOf(srv)...)
	for kind, want := range map[string]int{bettermodetest.KindGuest: 2, bettermodetest.KindMember: 1, bettermodetest.KindApp: 2} {
		if got := srv.Minted(kind); got != want {
			t.Errorf("the server minted %d %s tokens, want %d", got, kind, want)
		}
	}
}

func TestRealModeDomainOnly(t *testing.T) {
	srv := bettermodetest.Start(t)
	env := map[string]string{"BETTERMODE_ENDPOINT": srv.URL, "BETTERMODE_NETWORK_DOMAIN": srv.Network().Domain}
	var out, errOut bytes.Buffer
	if err := run(t.Context(), mapEnv(env), &out, &errOut); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	text := out.String()
	checkContains(t, text,
		"\nguest ", "kind=guest",
		"skip: member: set BETTERMODE_USERNAME and BETTERMODE_PASSWORD\n",
		"skip: bot app: set BETTERMODE_CLIENT_ID and BETTERMODE_CLIENT_SECRET and BETTERMODE_NETWORK_ID\n",
		"skip: impersonated app: set BETTERMODE_CLIENT_ID and BETTERMODE_CLIENT_SECRET and BETTERMODE_NETWORK_ID and BETTERMODE_MEMBER_ID\n",
		"(as the guest client)", "\nexec ")
	t.Logf("stdout:\n%s", text)
	if srv.Minted(bettermodetest.KindMember) != 0 || srv.Minted(bettermodetest.KindApp) != 0 {
		t.Errorf("a skipped step minted a token")
	}
	checkNoSecret(t, text+errOut.String(), secretsOf(srv)...)
}

func TestRealModeNoNetwork(t *testing.T) {
	srv := bettermodetest.Start(t)
	var out, errOut bytes.Buffer
	if err := run(t.Context(), mapEnv(map[string]string{"BETTERMODE_ENDPOINT": srv.URL}), &out, &errOut); err != nil {
		t.Fatalf("run: %v", err)
	}
	checkContains(t, out.String(), "skip: guest: set BETTERMODE_NETWORK_DOMAIN or BETTERMODE_NETWORK_ID\n", "skip: query: ")
	if n := srv.Requests(bettermodetest.AuthMissing) + srv.Requests(bettermodetest.AuthBearer); n != 0 {
		t.Errorf("%d requests were sent with nothing to do", n)
	}
}

func TestWrongPassword(t *testing.T) {
	srv := bettermodetest.Start(t)
	const wrong = "not-the-password-7f3e"
	env := fullEnv(srv)
	env["BETTERMODE_PASSWORD"] = wrong
	var out, errOut bytes.Buffer
	err := run(t.Context(), mapEnv(env), &out, &errOut)
	if err == nil {
		t.Fatalf("run succeeded with a wrong password:\n%s", out.String())
	}
	if !errors.Is(err, bettermode.ErrUnauthorized) {
		t.Errorf("err = %v, want one matching ErrUnauthorized", err)
	}
	if !strings.HasPrefix(err.Error(), "member: ") {
		t.Errorf("err = %q, want it to name the member step", err)
	}
	if got, want := errOut.String(), "error: "+err.Error()+"\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	checkContains(t, out.String(), "\nguest ")
	t.Logf("stdout:\n%sstderr:\n%s", out.String(), errOut.String())
	checkNoSecret(t, out.String()+errOut.String()+err.Error(), append(secretsOf(srv), wrong)...)
}

func TestBadEndpointSettings(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"both":       {"BETTERMODE_ENDPOINT": "http://127.0.0.1:1", "BETTERMODE_REGION": "eu"},
		"bad region": {"BETTERMODE_REGION": "mars"},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), mapEnv(env), &out, &errOut)
			if err == nil || !strings.HasPrefix(err.Error(), "endpoint: ") {
				t.Errorf("err = %v, want an endpoint error", err)
			}
		})
	}
}

func TestMissingVars(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), mapEnv(map[string]string{"BETTERMODE_ENDPOINT": "http://127.0.0.1:1", "BETTERMODE_USERNAME": "x"}), &out, &out); err != nil {
		t.Fatal(err)
	}
	checkContains(t, out.String(), "skip: member: set (BETTERMODE_NETWORK_DOMAIN or BETTERMODE_NETWORK_ID) and BETTERMODE_PASSWORD\n")
}

func TestUntil(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second: "expired", 30 * time.Second: "in 30s", 59*time.Minute + 59*time.Second: "in 59m",
		90 * time.Minute: "in 1h30m", 72 * time.Hour: "in 3d",
	} {
		if got := until(d); got != want {
			t.Errorf("until(%v) = %q, want %q", d, got, want)
		}
	}
}
