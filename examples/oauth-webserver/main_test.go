package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// secretMarks are the prefixes of every secret the stand-in issues, and the
// query parameters that carry one.
var secretMarks = []string{"fake-oauth2-access-", "fake-oauth2-refresh-", "fake-oauth2-code-",
	bettermodetest.OAuth2ClientSecret, "state=", "code=", "code_verifier", "code_challenge", "oauth_login="}

func checkNoSecret(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range append(secrets, secretMarks...) {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("output contains the secret %q:\n%s", s, text)
		}
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

func TestScript(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), func(string) string { return "" }, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	checkContains(t, text,
		"alice: GET /signin\n  -> app /connect\n  -> provider /authorize\n  -> app /auth/callback\n  -> app /me\n  <- HTTP 200: alice is connected (",
		"AccessToken: REDACTED", `the API answers HTTP 200 {"name":"Fake OAuth2 User"`,
		"alice: GET /me\n  <- HTTP 200: alice is connected",
		"bob: GET /signin\n  -> app /connect\n  -> provider /authorize\n  -> app /auth/callback\n  <- HTTP 403: could not connect your account: bettermode: oauth: the provider refused the authorization (access_denied)",
		"bob: GET /me\n  <- HTTP 401: bob has no connected account",
		"mallory: GET /auth/callback\n  <- HTTP 400: could not connect your account: bettermode: oauth: the login cookie is missing",
		"provider: 1 consent screen(s), 1 code(s) exchanged, 1 denied")
	checkNoSecret(t, text)
}

// TestServe runs the real-provider mode against the stand-in and browses it.
func TestServe(t *testing.T) {
	srv := bettermodetest.StartOAuth2Server(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	env := map[string]string{
		"OAUTH_AUTH_URL": srv.AuthURL, "OAUTH_TOKEN_URL": srv.TokenURL,
		"OAUTH_CLIENT_ID": srv.ClientID, "OAUTH_CLIENT_SECRET": srv.ClientSecret,
		"OAUTH_LISTEN": listen, "OAUTH_API_URL": srv.UserInfoURL,
		"OAUTH_COOKIE_KEY": strings.Repeat("k", 32), "OAUTH_TOKEN_DIR": t.TempDir() + "/tokens",
	}
	srv.Config("http://" + listen + "/auth/callback") // registers the redirect URL

	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, func(k string) string { return env[k] }, pw)
		pw.Close()
	}()
	lines := bufio.NewReader(pr)
	first, err := lines.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	checkContains(t, first, "serving on http://"+listen)

	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	var pages strings.Builder
	for _, path := range []string{"/signin?user=carol", "/me"} {
		resp, err := hc.Get("http://" + listen + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: HTTP %d %s", path, resp.StatusCode, body)
		}
		pages.Write(body)
	}
	checkContains(t, pages.String(), "carol is connected", `"sub":"fake-oauth2-user-0001"`)
	checkNoSecret(t, pages.String(), srv.SecretsSeen()...)
	if srv.CodesIssued() != 1 || srv.Exchanges() != 1 {
		t.Errorf("codes %d, exchanges %d; want 1, 1", srv.CodesIssued(), srv.Exchanges())
	}
	cancel()
	rest, _ := io.ReadAll(lines)
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	checkNoSecret(t, first+string(rest), srv.SecretsSeen()...)
}
