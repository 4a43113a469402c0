package main

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// secretMarks are the prefixes of every secret the stand-in issues, and the
// query parameters that carry one.
var secretMarks = []string{"fake-oauth2-access-", "fake-oauth2-refresh-", "fake-oauth2-code-",
	bettermodetest.OAuth2ClientSecret, "state=", "code=", "code_verifier", "code_challenge"}

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

func TestOffline(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), func(string) string { return "" }, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	checkContains(t, text,
		"offline: using the stand-in OAuth2 provider at http://127.0.0.1:",
		`the browser shows: HTTP 200 "Login complete"`,
		"logged in: Bearer token, refresh token received: true",
		"run 2: session resumed from the store; the API says: HTTP 200",
		"run 3: session resumed from the store; the API says: HTTP 200",
		`"sub":"fake-oauth2-user-0001"`,
		"consent screens shown: 1; refreshes: 2")
	checkNoSecret(t, text)
}

// TestWithProvider runs the real-provider mode against the stand-in, with
// an HTTP client in place of the system browser. The third run finds the
// session expired and revoked, and logs in again.
func TestWithProvider(t *testing.T) {
	srv := bettermodetest.StartOAuth2Server(t, bettermodetest.WithOAuth2AccessTokenLifetime(2*time.Second))
	browser := &http.Client{Transport: &http.Transport{}}
	defer browser.CloseIdleConnections()
	opened := 0
	openURL = func(u string) error {
		opened++
		resp, err := browser.Get(u)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
	env := map[string]string{
		"OAUTH_AUTH_URL": srv.AuthURL, "OAUTH_TOKEN_URL": srv.TokenURL,
		"OAUTH_CLIENT_ID": srv.ClientID, "OAUTH_CLIENT_SECRET": srv.ClientSecret,
		"OAUTH_SCOPES": "offline_access profile", "OAUTH_TOKEN_DIR": filepath.Join(t.TempDir(), "tokens"),
		"OAUTH_API_URL": srv.UserInfoURL,
	}
	var all strings.Builder
	for i, step := range []struct {
		before func()
		want   []string
		opened int
	}{
		{want: []string{"no usable session: opening the login page", "logged in; session saved in"}, opened: 1},
		{want: []string{"session resumed from"}, opened: 1},
		{before: func() {
			srv.RevokeRefreshTokens()
			store, err := oauth.NewFileStore(env["OAUTH_TOKEN_DIR"])
			if err == nil {
				err = expireSaved(t.Context(), store)
			}
			if err != nil {
				t.Fatal(err)
			}
		}, want: []string{"no usable session: opening the login page", "logged in; session saved in"}, opened: 2},
	} {
		if step.before != nil {
			step.before()
		}
		var out bytes.Buffer
		if err := run(t.Context(), func(k string) string { return env[k] }, &out); err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, err, out.String())
		}
		checkContains(t, out.String(), append(step.want, "token: ", "GET "+srv.UserInfoURL+": HTTP 200")...)
		if opened != step.opened || srv.CodesIssued() != step.opened {
			t.Errorf("run %d: login page opened %d times, %d codes issued; want %d", i+1, opened, srv.CodesIssued(), step.opened)
		}
		all.WriteString(out.String())
	}
	checkNoSecret(t, all.String(), srv.SecretsSeen()...)
}
