// Command oauth-webserver is a web app that connects its users' accounts at
// an OAuth2 provider with the authorization code flow and PKCE, using
// oauth.WebFlow: /connect redirects the browser to the provider, the
// provider redirects back to /auth/callback, which saves the user's token in
// a store under the user's id, and /me uses it through oauth.NewSource.
//
//	go run ./examples/oauth-webserver
//
// With no OAUTH_* variable set it runs a short scripted session offline: the
// app and the OAuth2 server of package bettermodetest on 127.0.0.1, and an
// HTTP client with a cookie jar as the browser, for a user who connects
// (the stand-in approves at once), a user who declines, and a forged
// callback. It prints each hop's path, never a URL's query (which carries
// codes and states).
//
// With OAUTH_CLIENT_ID set it serves the app until interrupted:
//
//	OAUTH_AUTH_URL       the provider's authorization endpoint (required)
//	OAUTH_TOKEN_URL      the provider's token endpoint (required)
//	OAUTH_CLIENT_ID      the app's client id (required)
//	OAUTH_CLIENT_SECRET  its secret
//	OAUTH_SCOPES         scopes, separated by spaces
//	OAUTH_LISTEN         the address to serve on; default 127.0.0.1:8080
//	OAUTH_REDIRECT_URL   default http://127.0.0.1:8080/auth/callback (register it)
//	OAUTH_COOKIE_KEY     32 or more bytes sealing the login cookie; default random per start
//	OAUTH_TOKEN_DIR      where tokens are kept; default in memory
//	OAUTH_API_URL        an API /me calls with the user's token
//
// Open http://127.0.0.1:8080/signin?user=alice to sign in to the app (a toy
// session cookie) and connect the account. A browser gets small HTML pages
// that need no JavaScript (browser_test.go runs the flow in Chromium); other
// clients get their text.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

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
	if env("OAUTH_CLIENT_ID") != "" {
		return serve(ctx, env, out)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return script(ctx, out)
}

// app is the example web app.
type app struct {
	conf   *oauth2.Config
	store  oauth.Store
	flow   *oauth.WebFlow
	apiURL string
}

// sessionUser is the app's own notion of who is signed in: a toy cookie.
// A real app has real sessions (signed, server-side, ...).
func sessionUser(r *http.Request) (string, error) {
	c, err := r.Cookie("session")
	if err != nil || c.Value == "" {
		return "", errors.New("sign in to the app first")
	}
	return c.Value, nil
}

func newApp(conf *oauth2.Config, store oauth.Store, key []byte, apiURL string) (*app, http.Handler, error) {
	a := &app{conf: conf, store: store, apiURL: apiURL}
	flow, err := oauth.NewWebFlow(conf, oauth.WebFlowOptions{
		Key: key, Store: store, StoreKey: sessionUser,
		OnLogin: func(w http.ResponseWriter, r *http.Request, _ string, _ *oauth2.Token) {
			http.Redirect(w, r, "/me", http.StatusSeeOther)
		},
		OnError: func(w http.ResponseWriter, r *http.Request, err error) {
			status := http.StatusBadRequest
			if errors.Is(err, oauth.ErrAccessDenied) {
				status = http.StatusForbidden
			} else if errors.Is(err, oauth.ErrProviderUnavailable) {
				status = http.StatusBadGateway
			}
			// Errors of package oauth hold no secret.
			page(w, r, status, "Account not connected", "could not connect your account: "+err.Error(),
				"/connect", "Connect your account again")
		},
	})
	if err != nil {
		return nil, nil, err
	}
	a.flow = flow
	u, err := url.Parse(conf.RedirectURL)
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/signin", a.signin)
	mux.Handle("/connect", flow.StartHandler())
	mux.Handle(u.Path, flow.CallbackHandler())
	mux.HandleFunc("/me", a.me)
	return a, mux, nil
}

// signin signs the user in to the app (toy) and starts the connection.
func (a *app) signin(w http.ResponseWriter, r *http.Request) {
	user := r.URL.Query().Get("user")
	if user == "" || strings.ContainsAny(user, ";, \"") {
		page(w, r, http.StatusBadRequest, "Sign in", "pass ?user=NAME", "", "")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: user, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/connect", http.StatusFound)
}

// me shows what the user's saved token gets from the provider's API.
func (a *app) me(w http.ResponseWriter, r *http.Request) {
	user, err := sessionUser(r)
	if err != nil {
		page(w, r, http.StatusUnauthorized, "Not signed in", err.Error(), "", "")
		return
	}
	src := oauth.NewSource(a.conf, a.store, user)
	tok, err := src.Token(r.Context())
	if errors.Is(err, bettermode.ErrUnauthorized) {
		page(w, r, http.StatusUnauthorized, "Account not connected", user+" has no connected account: open /connect", "/connect", "Connect your account")
		return
	} else if err != nil {
		page(w, r, http.StatusBadGateway, "Account unavailable", err.Error(), "", "")
		return
	}
	msg := fmt.Sprintf("%s is connected (%s)", user, tok)
	if a.apiURL != "" {
		hc := &http.Client{Transport: bettermode.NewTransport(src, nil)}
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, a.apiURL, nil)
		resp, err := hc.Do(req)
		if err != nil {
			page(w, r, http.StatusBadGateway, "Account unavailable", "the API: "+err.Error(), "", "")
			return
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		resp.Body.Close()
		msg += fmt.Sprintf("; the API answers HTTP %d %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	page(w, r, http.StatusOK, "Account connected", msg, "", "")
}

// page answers with a short page: HTML with a title and, if href is set, a
// link to it for a browser; the text alone for other clients (the script's).
// It needs no JavaScript and loads nothing else.
func page(w http.ResponseWriter, r *http.Request, status int, title, text, href, link string) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintln(w, text)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src data:")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">`+
		`<title>%s</title></head><body><h1>%s</h1><p>%s</p>`, html.EscapeString(title), html.EscapeString(title), html.EscapeString(text))
	if href != "" {
		fmt.Fprintf(w, `<p><a href="%s">%s</a></p>`, html.EscapeString(href), html.EscapeString(link))
	}
	fmt.Fprintln(w, `</body></html>`)
}

// script runs the offline session.
func script(ctx context.Context, out io.Writer) error {
	srv := bettermodetest.NewOAuth2Server()
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	appURL := "http://" + ln.Addr().String()
	conf := srv.Config(appURL+"/auth/callback", "offline_access")
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	_, handler, err := newApp(conf, oauth.NewMemoryStore(), key, srv.UserInfoURL)
	if err != nil {
		ln.Close()
		return err
	}
	ts := &httptest.Server{Listener: ln, Config: &http.Server{Handler: handler}}
	ts.Start()
	defer ts.Close()
	fmt.Fprintf(out, "offline: the app at %s, the stand-in provider at %s\n", appURL, srv.URL)

	jars := map[string]http.CookieJar{}
	browse := func(user, start string) error {
		if jars[user] == nil {
			jars[user], _ = cookiejar.New(nil)
		}
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		hc := &http.Client{Jar: jars[user], Transport: tr, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			fmt.Fprintf(out, "  -> %s %s\n", origin(req.URL, appURL, srv.URL), req.URL.Path) // never the query
			return nil
		}}
		fmt.Fprintf(out, "%s: GET %s\n", user, strings.SplitN(start, "?", 2)[0])
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, appURL+start, nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		fmt.Fprintf(out, "  <- HTTP %d: %s\n", resp.StatusCode, strings.TrimSpace(string(body)))
		return nil
	}

	for _, step := range []struct {
		user, path string
		deny       bool
	}{
		{user: "alice", path: "/signin?user=alice"}, // connects her account
		{user: "alice", path: "/me"},                // later: her saved token, no new consent
		{user: "bob", path: "/signin?user=bob", deny: true},
		{user: "bob", path: "/me"},
		{user: "mallory", path: "/auth/callback?code=stolen&state=guessed"}, // a forged callback
	} {
		if step.deny {
			srv.Deny("access_denied")
		}
		err := browse(step.user, step.path)
		srv.Deny("")
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "provider: %d consent screen(s), %d code(s) exchanged, %d denied\n",
		srv.CodesIssued(), srv.Exchanges(), srv.Rejected(bettermodetest.OAuth2RejectDenied))
	return nil
}

// origin names a URL's server for the script's output.
func origin(u *url.URL, appURL, providerURL string) string {
	switch u.Scheme + "://" + u.Host {
	case appURL:
		return "app"
	case providerURL:
		return "provider"
	}
	return u.Host
}

// serve runs the app against a real provider until ctx ends.
func serve(ctx context.Context, env func(string) string, out io.Writer) error {
	listen := env("OAUTH_LISTEN")
	if listen == "" {
		listen = "127.0.0.1:8080"
	}
	redirect := env("OAUTH_REDIRECT_URL")
	if redirect == "" {
		redirect = "http://" + listen + "/auth/callback"
	}
	conf := &oauth2.Config{
		ClientID: env("OAUTH_CLIENT_ID"), ClientSecret: env("OAUTH_CLIENT_SECRET"),
		Endpoint:    oauth2.Endpoint{AuthURL: env("OAUTH_AUTH_URL"), TokenURL: env("OAUTH_TOKEN_URL")},
		RedirectURL: redirect, Scopes: strings.Fields(env("OAUTH_SCOPES")),
	}
	key := []byte(env("OAUTH_COOKIE_KEY"))
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key)
	}
	var store oauth.Store = oauth.NewMemoryStore()
	if dir := env("OAUTH_TOKEN_DIR"); dir != "" {
		fs, err := oauth.NewFileStore(dir)
		if err != nil {
			return err
		}
		store = fs
	}
	_, handler, err := newApp(conf, store, key, env("OAUTH_API_URL"))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	fmt.Fprintf(out, "serving on http://%s; open http://%s/signin?user=alice\n", ln.Addr(), ln.Addr())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-stopped
	return nil
}
