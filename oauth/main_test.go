package oauth_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(helperProcess())
	}
	code := m.Run()
	http.DefaultClient.CloseIdleConnections()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// startKit starts the kit's OAuth2 server and an HTTP client for the token
// endpoint, both closed when the test ends.
func startKit(t *testing.T, opts ...bettermodetest.OAuth2Option) (*bettermodetest.OAuth2Server, *http.Client) {
	t.Helper()
	srv := bettermodetest.StartOAuth2Server(t, opts...)
	hc := srv.Client()
	t.Cleanup(hc.CloseIdleConnections)
	return srv, hc
}

// clock is a clock a test moves by hand (for the kit's WithOAuth2Clock).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// browser plays the user's browser for Login: it fetches the login page's
// URL, follows the redirects to the callback, and keeps what it saw. Hooks
// let a test tamper with the authorization request or the callback.
type browser struct {
	hc *http.Client
	// authorize, if set, changes the authorization URL before it is fetched.
	authorize func(u *url.URL)
	// callback, if set, changes the callback URL before it is fetched.
	callback func(u *url.URL)

	mu          sync.Mutex
	authURL     string
	redirectURI *url.URL // the redirect_uri Login sent
	status      int      // of the last page
	page        string   // the last page
	pages       []string // every page and URL seen
}

func newBrowser(t *testing.T) *browser {
	b := &browser{hc: &http.Client{
		Transport:     &http.Transport{},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	t.Cleanup(b.hc.CloseIdleConnections)
	return b
}

// open is the WithOpenURL function.
func (b *browser) open(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	redirect, _ := url.Parse(u.Query().Get("redirect_uri"))
	b.mu.Lock()
	b.authURL, b.redirectURI = raw, redirect
	b.mu.Unlock()
	if b.authorize != nil {
		b.authorize(u)
	}
	next := u.String()
	for range 5 {
		resp, err := b.hc.Get(next)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		b.mu.Lock()
		b.status, b.page = resp.StatusCode, string(body)
		b.pages = append(b.pages, string(body), resp.Header.Get("Location"))
		b.mu.Unlock()
		if resp.StatusCode != http.StatusFound {
			return nil
		}
		loc, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
		if err != nil {
			return err
		}
		if b.callback != nil && redirect != nil && loc.Host == redirect.Host {
			b.callback(loc)
		}
		next = loc.String()
	}
	return fmt.Errorf("too many redirects")
}

func (b *browser) lastPage() (int, string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.status, b.page
}

// requirePortFree checks that nothing listens on the redirect URI's port.
func requirePortFree(t *testing.T, b *browser) {
	t.Helper()
	b.mu.Lock()
	redirect := b.redirectURI
	b.mu.Unlock()
	require.NotNil(t, redirect, "Login never opened the login page")
	ln, err := net.Listen("tcp", redirect.Host)
	require.NoError(t, err, "the callback listener is still open")
	ln.Close()
}

// unreachableTokenURL returns a token URL on a port this test holds for its
// whole run, where every connection is reset before a byte is read: a peer
// that cannot be reached. (A port that was merely free a moment ago can be
// handed to Login's own callback listener, which then answers 404.)
func unreachableTokenURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetLinger(0) // reset, not an orderly close
			}
			_ = c.Close()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
	})
	return "http://" + ln.Addr().String() + "/token"
}

// freePort returns a port nothing listens on (for a moment).
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// secretsIn returns the secrets of list that text contains.
func secretsIn(text string, list []string) []string {
	var found []string
	for _, s := range list {
		if len(s) >= 8 && (strings.Contains(text, s) || strings.Contains(text, url.QueryEscape(s))) {
			found = append(found, s)
		}
	}
	return found
}

// fileModesMatter reports whether FileStore checks permission bits here.
func fileModesMatter() bool { return runtime.GOOS != "windows" }
