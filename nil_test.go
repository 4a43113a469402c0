package bettermode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// Every nil, empty or malformed value a caller can hand the SDK, and every
// panicking callback: an error (ErrInvalidInput where the caller is at
// fault), never a panic, and nothing sent.

// nilAPI is a well-behaved API that counts what it receives.
type nilAPI struct {
	*httptest.Server
	mu   sync.Mutex
	hits []redirHit
	// answer, when set, replaces the well-behaved answer to an operation.
	answer func(op string) (string, bool)
}

func newNilAPI(t *testing.T) *nilAPI {
	a := &nilAPI{}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		op := redirOp(r, body)
		a.mu.Lock()
		a.hits = append(a.hits, redirHit{host: r.Host, method: r.Method, path: r.URL.Path, auth: r.Header.Get("Authorization"), body: string(body)})
		custom := a.answer
		a.mu.Unlock()
		if custom != nil {
			if s, ok := custom(op); ok {
				leakRaw(w, 200, "application/json", s)
				return
			}
		}
		redirAnswer(w, op)
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *nilAPI) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.hits)
}

func (a *nilAPI) received() []redirHit {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]redirHit(nil), a.hits...)
}

func (a *nilAPI) client(t *testing.T, src CredentialSource, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithEndpoint(a.URL + "/graphql"), WithCredentials(src), WithRetryPolicy(RetryPolicy{MaxAttempts: 1, MaxRateLimitWait: -1})}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// failBug fails a test with the description of the bug it found.
func failBug(t *testing.T, msg string) {
	t.Helper()
	t.Fatal("BUG: " + msg)
}

// noPanic runs f in assert.NotPanics: a panic fails the test, with its value.
func noPanic(t *testing.T, f func()) {
	t.Helper()
	assert.NotPanics(t, f)
}

// TestNilCredentials: a nil source of any type is an ErrInvalidInput error
// from NewClient, and from the other entry points that take a source.
func TestNilCredentials(t *testing.T) {
	api := newNilAPI(t)
	tests := []struct {
		name string
		src  CredentialSource
	}{
		{"nil interface", nil},
		{"typed nil *Member", (*Member)(nil)},
		{"typed nil *App", (*App)(nil)},
		{"typed nil *Guest", (*Guest)(nil)},
		{"typed nil *CachedSource", (*CachedSource)(nil)},
		{"nil CredentialSourceFunc", CredentialSourceFunc(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/NewClient", func(t *testing.T) {
			var err error
			noPanic(t, func() { _, err = NewClient(WithEndpoint(api.URL), WithCredentials(tt.src)) })
			require.ErrorIs(t, err, ErrInvalidInput)
			assert.Contains(t, err.Error(), "credentials")
		})
		t.Run(tt.name+"/NewTransport", func(t *testing.T) {
			before := api.count()
			var err error
			noPanic(t, func() {
				var resp *http.Response
				resp, err = (&http.Client{Transport: NewTransport(tt.src, nil)}).Get(api.URL + "/rest")
				if resp != nil {
					resp.Body.Close()
				}
			})
			require.ErrorIs(t, err, ErrInvalidInput)
			assert.Equal(t, before, api.count(), "nothing sent")
		})
		t.Run(tt.name+"/ToOAuth2", func(t *testing.T) {
			var err error
			noPanic(t, func() { _, err = ToOAuth2(context.Background(), tt.src).Token() })
			require.ErrorIs(t, err, ErrInvalidInput)
		})
		t.Run(tt.name+"/CacheSource", func(t *testing.T) {
			if _, isCache := tt.src.(*CachedSource); isCache {
				// CacheSource returns a *CachedSource as it is: a nil one
				// stays nil, and its methods need a receiver.
				t.Skip("CacheSource((*CachedSource)(nil)) is the nil cache itself")
			}
			var err error
			noPanic(t, func() {
				c := CacheSource(tt.src)
				defer c.Close()
				_, err = c.Token(context.Background())
			})
			require.Error(t, err)
		})
	}
}

// TestNilContext: a nil context is an ErrInvalidInput error from every
// entry point that would use it for a request, and nothing is sent.
func TestNilContext(t *testing.T) {
	api := newNilAPI(t)
	var nilCtx context.Context
	static := api.client(t, StaticToken("fake-nil-static-token"))
	guest := api.client(t, Guest{NetworkDomain: fakeDomain})
	uncached := api.client(t, Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: "fake-nil-password"}, WithoutTokenCache())
	panicking := oauthFunc(func() (*oauth2.Token, error) { panic("must not be called") })
	calls := []struct {
		name string
		call func() error
	}{
		{"Client.Query", func() error { var q leakQuery; return static.Query(nilCtx, &q, nil) }},
		{"Client.Mutate", func() error { var m leakMutation; return static.Mutate(nilCtx, &m, nil) }},
		{"Client.Exec", func() error { _, err := static.Exec(nilCtx, "{authMember{id}}", nil); return err }},
		{"Client.Token static", func() error { _, err := static.Token(nilCtx); return err }},
		{"Client.Token guest", func() error { _, err := guest.Token(nilCtx); return err }},
		{"Guest.Token", func() error { _, err := Guest{NetworkDomain: fakeDomain}.Token(nilCtx); return err }},
		{"Member.Token", func() error {
			_, err := Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: "fake-nil-password"}.Token(nilCtx)
			return err
		}},
		{"App.Token", func() error {
			_, err := App{ClientID: "fake-nil-id", ClientSecret: "fake-nil-secret", NetworkID: fakeNetwork}.Token(nilCtx)
			return err
		}},
		{"bound Member source (no cache).Token", func() error { _, err := uncached.Source().Token(nilCtx); return err }},
		{"FromOAuth2.Token", func() error { _, err := FromOAuth2(panicking).Token(nilCtx); return err }},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			before := api.count()
			var err error
			noPanic(t, func() { err = tt.call() })
			require.ErrorIs(t, err, ErrInvalidInput)
			assert.Contains(t, err.Error(), "context")
			assert.Equal(t, before, api.count(), "nothing sent")
		})
	}
	// A source that needs no request (a static token, a warm or caching
	// cache) may answer a nil context with its token; it must not panic
	// either, and what it hands out is a real token.
	for _, tt := range []struct {
		name string
		src  CredentialSource
	}{
		{"StaticToken", StaticToken("fake-nil-static-token")},
		{"CacheSource(StaticToken)", CacheSource(StaticToken("fake-nil-static-token"))},
		{"Client.Source() cached guest", guest.Source()},
	} {
		t.Run(tt.name+" (may answer)", func(t *testing.T) {
			var tok *Token
			var err error
			noPanic(t, func() { tok, err = tt.src.Token(nilCtx) })
			if err == nil {
				require.NotNil(t, tok)
				assert.NotEmpty(t, tok.AccessToken.Reveal())
			}
			if c, ok := tt.src.(*CachedSource); ok && tt.name != "Client.Source() cached guest" {
				require.NoError(t, c.Close())
			}
		})
	}
}

// TestNilCallOption: a nil CallOption is an ErrInvalidInput error, before
// anything is sent.
func TestNilCallOption(t *testing.T) {
	api := newNilAPI(t)
	c := api.client(t, StaticToken("fake-nil-static-token"))
	ctx := context.Background()
	for _, opts := range [][]CallOption{{nil}, {OperationName("Fake"), nil}, {nil, BindExtensions(new(map[string]any))}} {
		for _, tt := range []struct {
			name string
			call func() error
		}{
			{"Query", func() error { var q leakQuery; return c.Query(ctx, &q, nil, opts...) }},
			{"Mutate", func() error { var m leakMutation; return c.Mutate(ctx, &m, nil, opts...) }},
			{"Exec", func() error { _, err := c.Exec(ctx, "{authMember{id}}", nil, opts...); return err }},
		} {
			t.Run(fmt.Sprintf("%s/%d options", tt.name, len(opts)), func(t *testing.T) {
				before := api.count()
				var err error
				noPanic(t, func() { err = tt.call() })
				require.ErrorIs(t, err, ErrInvalidInput)
				assert.Equal(t, before, api.count(), "nothing sent")
			})
		}
	}
}

// TestNilQueryTarget: Query and Mutate need a non-nil pointer to a struct,
// and variables with a type; anything else is an ErrInvalidInput error and
// nothing is sent.
func TestNilQueryTarget(t *testing.T) {
	api := newNilAPI(t)
	c := api.client(t, StaticToken("fake-nil-static-token"))
	ctx := context.Background()
	n := 1
	var nilPtr *leakQuery
	targets := []struct {
		name string
		v    any
		vars map[string]any
	}{
		{"nil", nil, nil},
		{"typed nil pointer", nilPtr, nil},
		{"non-pointer struct", leakQuery{}, nil},
		{"pointer to int", &n, nil},
		{"pointer to pointer", &nilPtr, nil},
		{"nil map", map[string]any(nil), nil},
		{"untyped nil variable", &leakQuery{}, map[string]any{"id": nil}},
		{"untyped nil among variables", &leakQuery{}, map[string]any{"a": "x", "id": nil}},
	}
	for _, tt := range targets {
		for _, mutate := range []bool{false, true} {
			name := "Query/" + tt.name
			if mutate {
				name = "Mutate/" + tt.name
			}
			t.Run(name, func(t *testing.T) {
				before := api.count()
				var err error
				noPanic(t, func() {
					if mutate {
						err = c.Mutate(ctx, tt.v, tt.vars)
					} else {
						err = c.Query(ctx, tt.v, tt.vars)
					}
				})
				require.ErrorIs(t, err, ErrInvalidInput)
				assert.Equal(t, before, api.count(), "the fake server received no request")
			})
		}
	}
}

// TestNilControlCharactersInCredentials: a line break, NUL or DEL in a
// token or its scheme would split or corrupt the Authorization header:
// NewClient refuses it, and so do the Transport and the executor for a
// source that returns one, before anything is sent.
func TestNilControlCharactersInCredentials(t *testing.T) {
	api := newNilAPI(t)
	bad := []struct {
		name string
		src  CredentialSource
	}{
		{"token with LF", StaticToken("fake-token\nX-Evil: 1")},
		{"token with CR", StaticToken("fake-token\rX")},
		{"token with CRLF", StaticToken("fake-token\r\nX-Evil: 1")},
		{"token with NUL", StaticToken("fake-token\x00X")},
		{"token with DEL", StaticToken("fake-token\x7fX")},
		{"empty token", StaticToken("")},
		{"scheme with LF", StaticToken("fake-token", WithScheme("Bearer\nX"))},
		{"scheme with CR", StaticToken("fake-token", WithScheme("Bearer\r"))},
		{"scheme with NUL", StaticToken("fake-token", WithScheme("\x00"))},
		{"bare token with LF", StaticToken("fake-token\n", WithScheme(SchemeBare))},
	}
	for _, tt := range bad {
		t.Run("NewClient/"+tt.name, func(t *testing.T) {
			var err error
			noPanic(t, func() { _, err = NewClient(WithEndpoint(api.URL), WithCredentials(tt.src)) })
			require.ErrorIs(t, err, ErrInvalidInput)
			assert.NotContains(t, err.Error(), "fake-token", "the error does not repeat the token")
		})
		t.Run("NewTransport/"+tt.name, func(t *testing.T) {
			before := api.count()
			var err error
			noPanic(t, func() {
				var resp *http.Response
				resp, err = (&http.Client{Transport: NewTransport(tt.src, nil)}).Get(api.URL + "/rest")
				if resp != nil {
					resp.Body.Close()
				}
			})
			require.ErrorIs(t, err, ErrInvalidInput)
			assert.Equal(t, before, api.count(), "nothing sent")
		})
	}

	// A source of the caller's that returns such a token.
	for _, tok := range []*Token{
		{AccessToken: "fake-token\nX-Evil: 1"},
		{AccessToken: "fake-token\r\n"},
		{AccessToken: "fake-token\x00"},
		{AccessToken: "fake-token", Scheme: "Bearer\r\nX-Evil: 1"},
	} {
		src := CredentialSourceFunc(func(context.Context) (*Token, error) { return tok, nil })
		for _, cached := range []bool{true, false} {
			var opts []Option
			mode := "cached"
			if !cached {
				opts, mode = []Option{WithoutTokenCache()}, "uncached"
			}
			c := api.client(t, src, opts...)
			for _, call := range []struct {
				name string
				run  func() error
			}{
				{"Query", func() error { var q leakQuery; return c.Query(context.Background(), &q, nil) }},
				{"Exec", func() error { _, err := c.Exec(context.Background(), "{authMember{id}}", nil); return err }},
				{"HTTPClient", func() error {
					resp, err := c.HTTPClient().Get(c.Endpoint())
					if resp != nil {
						resp.Body.Close()
					}
					return err
				}},
			} {
				t.Run(fmt.Sprintf("source/%q/%s/%s", tok.header(), mode, call.name), func(t *testing.T) {
					before := api.count()
					var err error
					noPanic(t, func() { err = call.run() })
					require.ErrorIs(t, err, ErrInvalidInput)
					assert.Equal(t, before, api.count(), "nothing sent")
					assert.NotContains(t, err.Error(), "fake-token")
				})
			}
		}
	}
}

// TestNilPanickingSources: a token source that panics, through a client,
// is an error and no crash, with and without the token cache.
func TestNilPanickingSources(t *testing.T) {
	api := newNilAPI(t)
	sources := []struct {
		name string
		src  func() CredentialSource
	}{
		{"FromOAuth2 panicking TokenSource", func() CredentialSource {
			return FromOAuth2(oauthFunc(func() (*oauth2.Token, error) { panic("fake-oauth-panic") }))
		}},
		{"FromOAuth2 panicking with nil", func() CredentialSource {
			return FromOAuth2(oauthFunc(func() (*oauth2.Token, error) { panic(nil) }))
		}},
		{"panicking CredentialSourceFunc", func() CredentialSource {
			return CredentialSourceFunc(func(context.Context) (*Token, error) { panic("fake-source-panic") })
		}},
		{"CredentialSourceFunc returning nil, nil", func() CredentialSource {
			return CredentialSourceFunc(func(context.Context) (*Token, error) { return nil, nil })
		}},
		{"CredentialSourceFunc returning an empty token", func() CredentialSource {
			return CredentialSourceFunc(func(context.Context) (*Token, error) { return &Token{}, nil })
		}},
	}
	for _, s := range sources {
		for _, cached := range []bool{true, false} {
			mode := "cached"
			var opts []Option
			if !cached {
				mode, opts = "uncached", []Option{WithoutTokenCache()}
			}
			c := api.client(t, s.src(), opts...)
			for _, call := range []struct {
				name string
				run  func() error
			}{
				{"Query", func() error { var q leakQuery; return c.Query(context.Background(), &q, nil) }},
				{"Exec", func() error { _, err := c.Exec(context.Background(), "{authMember{id}}", nil); return err }},
				{"Token", func() error { _, err := c.Token(context.Background()); return err }},
				{"HTTPClient", func() error {
					resp, err := c.HTTPClient().Get(c.Endpoint())
					if resp != nil {
						resp.Body.Close()
					}
					return err
				}},
				{"Transport", func() error {
					resp, err := (&http.Client{Transport: NewTransport(s.src(), nil)}).Get(api.URL + "/rest")
					if resp != nil {
						resp.Body.Close()
					}
					return err
				}},
			} {
				t.Run(s.name+"/"+mode+"/"+call.name, func(t *testing.T) {
					if call.name == "Token" && strings.Contains(s.name, "returning") && !cached {
						t.Skip("Client.Token hands out what an uncached source returns")
					}
					before := api.count()
					var err error
					var recovered any
					func() {
						defer func() { recovered = recover() }()
						err = call.run()
					}()
					if recovered != nil {
						if !cached || call.name == "Transport" {
							failBug(t, fmt.Sprintf("a panicking CredentialSource crashes the caller when no cache recovers it (%v): "+
								"Client.Token, auth.go authorizer.entry (Query, Mutate, Exec, HTTPClient, Transport) call src.Token without recover, unlike CachedSource.call and FromOAuth2", recovered))
						}
						t.Fatalf("panic: %v", recovered)
					}
					require.Error(t, err)
					assert.Equal(t, before, api.count(), "nothing sent without a token")
				})
			}
		}
	}
}

// TestNilClient: the methods of a nil *Client return an error.
func TestNilClient(t *testing.T) {
	var c *Client
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		call func() error
	}{
		{"Query", func() error { var q leakQuery; return c.Query(ctx, &q, nil) }},
		{"Mutate", func() error { var m leakMutation; return c.Mutate(ctx, &m, nil) }},
		{"Exec", func() error { _, err := c.Exec(ctx, "{authMember{id}}", nil); return err }},
		{"Token", func() error { _, err := c.Token(ctx); return err }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			noPanic(t, func() { err = tt.call() })
			require.ErrorIs(t, err, ErrInvalidInput)
		})
	}
	// The accessors: no panic either (a nil client is what a failed
	// NewClient returns, and "defer c.Close()" before the error check is
	// a common slip).
	for _, tt := range []struct {
		name string
		call func()
	}{
		{"Close", func() { _ = c.Close() }},
		{"Endpoint", func() { _ = c.Endpoint() }},
		{"Source", func() { _ = c.Source() }},
		{"HTTPClient", func() { _ = c.HTTPClient() }},
		{"String", func() { _ = c.String() }},
		{"fmt", func() { _ = fmt.Sprintf("%v %+v %#v", c, c, c) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var recovered any
			func() {
				defer func() { recovered = recover() }()
				tt.call()
			}()
			if recovered != nil {
				failBug(t, fmt.Sprintf("(*Client)(nil).%s panics (%v); Query, Mutate, Exec and Token check for a nil client, the accessors do not (client.go)", tt.name, recovered))
			}
		})
	}
}

// TestNilEmptyGuestTokenStopsLogin: a tokens answer without an access token
// ends a member's login; the password is not sent with an empty Bearer.
func TestNilEmptyGuestTokenStopsLogin(t *testing.T) {
	api := newNilAPI(t)
	api.answer = func(op string) (string, bool) {
		if op == "tokens" {
			return `{"data":{"tokens":{"accessToken":"","refreshToken":null}}}`, true
		}
		return "", false
	}
	c := api.client(t, Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: "fake-nil-password"})
	var err error
	noPanic(t, func() { _, err = c.Token(context.Background()) })
	for _, h := range api.received() {
		if strings.Contains(h.body, "fake-nil-password") {
			failBug(t, fmt.Sprintf("Member logs in with an empty guest token: loginNetwork is sent with Authorization %q and the password "+
				"(login.go memberSource.Token does not check guest.AccessToken; tokens.go binding.tokens accepts an answer without one)", h.auth))
		}
	}
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrInvalidInput), "%v", err)
}
