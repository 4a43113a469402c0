package oauth_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// A command-line login against the test kit's provider, where an HTTP
// client plays the browser. A real program leaves out WithOpenURL (the
// system browser opens) or passes oauth.PrintURL(os.Stderr).
func ExampleLogin() {
	srv := bettermodetest.NewOAuth2Server()
	defer srv.Close()
	conf := srv.Config("http://127.0.0.1/callback", "offline_access") // any free port

	browser := &http.Client{Transport: &http.Transport{}}
	defer browser.CloseIdleConnections()
	tok, err := oauth.Login(context.Background(), conf, oauth.WithOpenURL(func(url string) error {
		resp, err := browser.Get(url) // the provider approves and redirects to Login's listener
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Type(), "token; refresh token:", tok.RefreshToken != "")
	// Output: Bearer token; refresh token: true
}

// A session kept in a file store, used by a client: the client caches the
// source's tokens, and the source refreshes and saves them.
func ExampleNewSource() {
	srv := bettermodetest.NewOAuth2Server()
	defer srv.Close()
	conf := srv.Config("http://127.0.0.1/callback")

	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	store, err := oauth.NewFileStore(dir + "/tokens")
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = store.Save(context.Background(), "me", srv.Grant()) // as after oauth.Login

	c, err := bettermode.NewClient(bettermode.WithCredentials(oauth.NewSource(conf, store, "me")))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	tok, err := c.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Kind, tok.AccessToken)
	// Output: oauth REDACTED
}

// The web flow's two handlers in an app's mux. StoreKey names the app's
// signed-in user, under whose id the token is saved.
func ExampleNewWebFlow() {
	conf := &oauth2.Config{
		ClientID: "client-id", ClientSecret: "client-secret", Scopes: []string{"offline_access"},
		Endpoint:    oauth2.Endpoint{AuthURL: "https://provider.example/authorize", TokenURL: "https://provider.example/token"},
		RedirectURL: "https://app.example/auth/callback",
	}
	key := make([]byte, 32) // in production: from the app's secret configuration, the same on every server
	_, _ = rand.Read(key)
	flow, err := oauth.NewWebFlow(conf, oauth.WebFlowOptions{
		Key:   key,
		Store: oauth.NewMemoryStore(),
		StoreKey: func(r *http.Request) (string, error) {
			return r.Header.Get("X-User-Id"), nil // the app's own session
		},
		OnLogin: func(w http.ResponseWriter, r *http.Request, userID string, _ *oauth2.Token) {
			http.Redirect(w, r, "/account", http.StatusSeeOther)
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	mux := http.NewServeMux()
	mux.Handle("/auth/start", flow.StartHandler())
	mux.Handle("/auth/callback", flow.CallbackHandler())

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/auth/start", nil))
	fmt.Println(rec.Code, rec.Result().Cookies()[0].Name)
	// Output: 302 oauth_login
}

// A token an API hands back in the redirect's query, used bare.
func ExampleRedirectTokenHandler() {
	state := oauth.NewState() // sent along to the API's login page
	h := oauth.RedirectTokenHandler{
		Param: "access_token",
		State: state,
		OnToken: func(w http.ResponseWriter, r *http.Request, tok bettermode.Secret) {
			src := bettermode.StaticToken(tok.Reveal(), bettermode.WithScheme(bettermode.SchemeBare))
			_ = src // use it with bettermode.NewTransport or WithCredentials
			fmt.Println("got a token:", tok)
			http.Redirect(w, r, "/", http.StatusSeeOther) // off the URL that holds the token
		},
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/back?access_token=abc123&state="+state, nil))
	// Output: got a token: REDACTED
}

// A command-line program's session: resumed from the store when one is
// saved, or a login (saved for next time) when there is none or it was
// revoked. An HTTP client plays the browser here.
func ExampleLoginOrLoad() {
	srv := bettermodetest.NewOAuth2Server()
	defer srv.Close()
	conf := srv.Config("http://127.0.0.1/callback", "offline_access")
	store := oauth.NewMemoryStore() // a FileStore in a real program
	browser := &http.Client{Transport: &http.Transport{}}
	defer browser.CloseIdleConnections()
	open := oauth.WithOpenURL(func(url string) error {
		resp, err := browser.Get(url)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	})

	for run := 1; run <= 2; run++ {
		src, err := oauth.LoginOrLoad(context.Background(), conf, store, "me", open)
		if err != nil {
			fmt.Println(err)
			return
		}
		_, err = src.Token(context.Background())
		fmt.Printf("run %d: logins so far %d, error %v\n", run, srv.Exchanges(), err)
	}
	// Output:
	// run 1: logins so far 1, error <nil>
	// run 2: logins so far 1, error <nil>
}
