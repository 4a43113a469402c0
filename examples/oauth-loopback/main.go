// Command oauth-loopback logs a user in from a command-line program with the
// OAuth2 authorization code flow and PKCE on a loopback redirect (RFC 8252),
// keeps the session in a file store, and uses it after a restart without a
// new login:
//
//	go run ./examples/oauth-loopback
//
// With no OAUTH_* variable set it runs offline against the OAuth2 server of
// package bettermodetest, and plays the browser itself with an HTTP client:
// it fetches the login page, which the stand-in approves at once, and
// follows the redirect to the program's callback. The stand-in's access
// tokens last 2 seconds, so each use of the session shows a refresh and the
// rotated refresh token saved in the store.
//
// With OAUTH_CLIENT_ID set it talks to a real provider and opens the system
// browser (or prints the login URL when it cannot):
//
//	OAUTH_AUTH_URL       the provider's authorization endpoint (required)
//	OAUTH_TOKEN_URL      the provider's token endpoint (required)
//	OAUTH_CLIENT_ID      the app's client id (required)
//	OAUTH_CLIENT_SECRET  its secret, for a confidential client
//	OAUTH_SCOPES         scopes, separated by spaces (often "offline_access ...")
//	OAUTH_REDIRECT_URL   default http://127.0.0.1/callback (register it; any port is used)
//	OAUTH_TOKEN_DIR      where the session is kept; default a directory in the user's config dir
//	OAUTH_API_URL        an API to GET with the token, to show it works
//
// A saved session is reused; the browser opens only when there is none or
// the provider ended it. The program never prints a token, code, state or
// secret.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// timeout bounds the whole program, the wait for the user included.
const timeout = 5 * time.Minute

// storeKey names the one session this program keeps.
const storeKey = "default"

// openURL shows the login page in real mode: the system browser, or the URL
// on stderr when there is no browser. Tests replace it.
var openURL = func(u string) error {
	if err := oauth.OpenBrowser(u); err != nil {
		return oauth.PrintURL(os.Stderr)(u)
	}
	return nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Getenv, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, env func(string) string, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if env("OAUTH_CLIENT_ID") != "" {
		return withProvider(ctx, env, out)
	}
	return offline(ctx, out)
}

// offline logs in against the stand-in, then resumes the session twice as
// two later runs of the program would.
func offline(ctx context.Context, out io.Writer) error {
	srv := bettermodetest.NewOAuth2Server(bettermodetest.WithOAuth2AccessTokenLifetime(2 * time.Second))
	defer srv.Close()
	conf := srv.Config("http://127.0.0.1/callback", "offline_access")
	tmp, err := os.MkdirTemp("", "oauth-loopback-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "tokens")
	fmt.Fprintf(out, "offline: using the stand-in OAuth2 provider at %s (no OAUTH_* variables set)\n", srv.URL)

	browser := &http.Client{Transport: &http.Transport{}}
	defer browser.CloseIdleConnections()
	open := func(u string) error {
		fmt.Fprintln(out, "login page opened; an HTTP client plays the browser")
		resp, err := browser.Get(u) // the provider approves and redirects to our callback
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		page, _ := io.ReadAll(resp.Body)
		fmt.Fprintf(out, "the browser shows: HTTP %d %q\n", resp.StatusCode, title(string(page)))
		return nil
	}
	tok, err := oauth.Login(ctx, conf, oauth.WithOpenURL(open))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "logged in: %s token, refresh token received: %t\n", tok.Type(), tok.RefreshToken != "")
	store, err := oauth.NewFileStore(dir)
	if err != nil {
		return err
	}
	if err := store.Save(ctx, storeKey, tok); err != nil {
		return err
	}
	fmt.Fprintln(out, "session saved in a private directory (mode 0700, file 0600)")

	for run := 2; run <= 3; run++ {
		// A later run of the program, after the access token's lifetime: a
		// new store on the same directory, whose token has expired.
		store, err := oauth.NewFileStore(dir)
		if err != nil {
			return err
		}
		if err := expireSaved(ctx, store); err != nil {
			return err
		}
		who, err := callAPI(ctx, oauth.NewSource(conf, store, storeKey), srv.UserInfoURL)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "run %d: session resumed from the store; the API says: %s\n", run, who)
	}
	fmt.Fprintf(out, "consent screens shown: %d; refreshes: %d, each rotated refresh token saved before use\n",
		srv.CodesIssued(), srv.Refreshes())
	return nil
}

// expireSaved makes the saved token look expired, as it is when the program
// runs again after the token's lifetime (the demo does not wait for it).
func expireSaved(ctx context.Context, store oauth.Store) error {
	tok, err := store.Load(ctx, storeKey)
	if err != nil {
		return err
	}
	tok.Expiry = time.Now().Add(-time.Second)
	return store.Save(ctx, storeKey, tok)
}

// withProvider logs in against a real provider unless the store has a session.
func withProvider(ctx context.Context, env func(string) string, out io.Writer) error {
	conf := &oauth2.Config{
		ClientID: env("OAUTH_CLIENT_ID"), ClientSecret: env("OAUTH_CLIENT_SECRET"),
		Endpoint:    oauth2.Endpoint{AuthURL: env("OAUTH_AUTH_URL"), TokenURL: env("OAUTH_TOKEN_URL")},
		RedirectURL: env("OAUTH_REDIRECT_URL"), Scopes: strings.Fields(env("OAUTH_SCOPES")),
	}
	dir := env("OAUTH_TOKEN_DIR")
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("set OAUTH_TOKEN_DIR: %w", err)
		}
		dir = filepath.Join(base, "bettermode-oauth-example")
	}
	store, err := oauth.NewFileStore(dir)
	if err != nil {
		return err
	}
	// LoginOrLoad resumes the saved session, or logs in (and saves the
	// token) when none is saved or the provider ended it.
	loggedIn := false
	open := func(u string) error {
		loggedIn = true
		fmt.Fprintln(out, "no usable session: opening the login page in the browser...")
		return openURL(u)
	}
	src, err := oauth.LoginOrLoad(ctx, conf, store, storeKey, oauth.WithOpenURL(open))
	if err != nil {
		return err
	}
	if loggedIn {
		fmt.Fprintln(out, "logged in; session saved in", dir)
	} else {
		fmt.Fprintln(out, "session resumed from", dir)
	}
	tok, err := src.Token(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "token: %s, expires %s\n", tok, expiry(tok.Expiry))
	if api := env("OAUTH_API_URL"); api != "" {
		who, err := callAPI(ctx, src, api)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "GET %s: %s\n", api, who)
	}
	return nil
}

// callAPI GETs url with the source's token (through the SDK's cache and
// transport) and returns a line about the answer.
func callAPI(ctx context.Context, src bettermode.CredentialSource, url string) (string, error) {
	cache := bettermode.CacheSource(src)
	defer cache.Close()
	tr := bettermode.NewTransport(cache, &http.Transport{})
	defer tr.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	return fmt.Sprintf("HTTP %d %s", resp.StatusCode, strings.TrimSpace(string(body))), nil
}

func title(page string) string {
	_, rest, ok := strings.Cut(page, "<title>")
	if !ok {
		return ""
	}
	t, _, _ := strings.Cut(rest, "</title>")
	return t
}

func expiry(t time.Time) string {
	if t.IsZero() {
		return "never (as far as the provider said)"
	}
	return "in " + time.Until(t).Round(time.Second).String()
}
