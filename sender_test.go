package bettermode

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// TestDefaultClientPoolsConnections: with default options, 16 concurrent
// callers reuse a pool of connections instead of opening one per request
// (http.DefaultTransport keeps 2 idle connections per host).
func TestDefaultClientPoolsConnections(t *testing.T) {
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"data":{"x":1}}`))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticToken("fake-access-token-1")))
	require.NoError(t, err)
	const callers, calls = 16, 50
	var wg sync.WaitGroup
	var failures atomic.Int32
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				if _, err := c.Exec(context.Background(), "{x}", nil); err != nil {
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	require.NoError(t, c.Close())
	assert.Zero(t, failures.Load())
	assert.LessOrEqual(t, int(opened.Load()), 2*callers, "%d requests opened %d connections", callers*calls, opened.Load())
}

// TestNothingThatRanIsResent: an answer that carries data (something ran)
// is never resent, whatever its status, for mutations and queries alike.
func TestNothingThatRanIsResent(t *testing.T) {
	partial := `{"data":{"x":1},"errors":[{"message":"Service Unavailable"}]}`
	for _, tt := range []struct {
		name, doc string
		status    int
	}{
		{"mutation, 503 with partial data", "mutation { x }", 503},
		{"query, 503 with partial data", "{ x }", 503},
		{"query, 500 with partial data", "{ x }", 500},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api := newBubbleAPI(map[string][]answer{"*": {{status: tt.status, body: partial}, ok(`{"x":2}`)}})
				c := bubbleAPIClient(t, api, StaticToken("fake-access-token-1"))
				resp, err := c.Exec(context.Background(), tt.doc, nil)
				require.Error(t, err)
				assert.JSONEq(t, `{"x":1}`, string(resp.Data), "the partial data is returned")
				assert.Equal(t, 1, api.count(), "sent once")
			})
		})
	}
	t.Run("mutation, 503 without data is retried", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			api := newBubbleAPI(map[string][]answer{"*": {{status: 503, body: `{"errors":[{"message":"Service Unavailable"}]}`}, ok(`{"x":2}`)}})
			c := bubbleAPIClient(t, api, StaticToken("fake-access-token-1"))
			_, err := c.Exec(context.Background(), "mutation { x }", nil)
			require.NoError(t, err)
			assert.Equal(t, 2, api.count())
		})
	})
}

// TestReauthDoesNotUseARetry: a resend after Unauthorized with a fresh token
// is not one of the MaxAttempts: 401, 500, 500, then success.
func TestReauthDoesNotUseARetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newBubbleAPI(map[string][]answer{"*": {gqlErr("108", "Invalid token"), {status: 500, body: "boom"}, {status: 500, body: "boom"}, ok(`{"x":1}`)}})
		var n atomic.Int32
		src := CredentialSourceFunc(func(context.Context) (*Token, error) {
			return &Token{AccessToken: Secret(fmt.Sprintf("fake-access-token-%d", n.Add(1)))}, nil
		})
		c := bubbleAPIClient(t, api, src)
		_, err := c.Exec(context.Background(), "{x}", nil)
		require.NoError(t, err)
		reqs := api.requests()
		require.Len(t, reqs, 4)
		assert.Equal(t, "Bearer fake-access-token-1", reqs[0].Header.Get("Authorization"))
		assert.Equal(t, "Bearer fake-access-token-2", reqs[3].Header.Get("Authorization"))
	})
}

// TestEveryEntryPointFollowsTheGateway: Query, Exec and HTTPClient send an
// app token's requests to its gatewayUrl, alike.
func TestEveryEntryPointFollowsTheGateway(t *testing.T) {
	var gwAuth []string
	var mu sync.Mutex
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gwAuth = append(gwAuth, r.Header.Get("Authorization"))
		mu.Unlock()
		_, _ = w.Write([]byte(`{"data":{"authMember":{"id":"fakeMember01","name":"Gateway"}}}`))
	}))
	defer gw.Close()
	srv := bettermodetest.Start(t, bettermodetest.WithGatewayURL(gw.URL+"/graphql"))
	c := standInClient(t, srv, appOf(srv))

	var q authMemberQuery
	require.NoError(t, c.Query(context.Background(), &q, nil))
	assert.Equal(t, "Gateway", q.AuthMember.Name)
	_, err := c.Exec(context.Background(), "{ authMember { id } }", nil)
	require.NoError(t, err)
	resp, err := c.HTTPClient().Post(c.Endpoint(), "application/json", strings.NewReader(`{"query":"{ authMember { id } }"}`))
	require.NoError(t, err)
	resp.Body.Close()

	assert.Zero(t, srv.Operations("authMember"), "nothing went to the main endpoint")
	require.Len(t, gwAuth, 3)
	for _, h := range gwAuth {
		assert.True(t, strings.HasPrefix(h, "Bearer "), "the gateway got the token")
	}
}

// TestTransportFieldsSetLater: a Transport's exported fields work when set
// after NewTransport, or on a literal.
func TestTransportFieldsSetLater(t *testing.T) {
	var got []string
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.Header.Get("Authorization"))
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: httpBody(`{}`), Request: r}, nil
	})
	tr := NewTransport(StaticToken("fake-access-token-1"), base)
	hc := &http.Client{Transport: tr}
	get := func() {
		resp, err := hc.Get("https://api.example.com/x")
		require.NoError(t, err)
		resp.Body.Close()
	}
	get()
	tr.Source = StaticToken("fake-access-token-2")
	get()
	tr.Hosts = []string{"other.example.com"}
	get()
	hc.Transport = &Transport{Source: StaticToken("fake-access-token-3"), Base: base}
	get()
	assert.Equal(t, []string{"Bearer fake-access-token-1", "Bearer fake-access-token-2", "", "Bearer fake-access-token-3"}, got)
}

// TestQueryChecksBeforeSending: a result that is not a non-nil pointer to a
// struct fails before anything is sent.
func TestQueryChecksBeforeSending(t *testing.T) {
	api := newFakeAPI(t, map[string][]answer{"*": {ok(`{"authMember":{"id":"m1"}}`)}})
	c := newTestClient(t, api, StaticToken("fake-access-token-1"))
	var q authMemberQuery
	for name, v := range map[string]any{"struct value": q, "nil": nil, "typed nil": (*authMemberQuery)(nil), "pointer to int": new(int)} {
		t.Run(name, func(t *testing.T) {
			err := c.Query(context.Background(), v, nil)
			require.ErrorIs(t, err, ErrInvalidInput)
			assert.Zero(t, api.count(), "nothing was sent")
		})
	}
}

// TestHTTPClientDropsALocationHoldingASecret: a server that redirects with
// the token in the Location cannot make net/http put it in an error: the
// Location is dropped and the caller gets the redirect answer.
func TestHTTPClientDropsALocationHoldingASecret(t *testing.T) {
	const tok = "fake-access-token-in-location"
	for name, loc := range map[string]string{
		"query":        "http://127.0.0.2:1/x?a=" + url.QueryEscape("Bearer "+tok),
		"path":         "http://127.0.0.2:1/" + tok,
		"percent path": "http://127.0.0.2:1/" + strings.ReplaceAll(url.PathEscape(tok), "-", "%2D"),
		"unparseable":  "http://127.0.0.2:1/%zz" + tok,
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", loc)
				w.WriteHeader(http.StatusTemporaryRedirect)
			}))
			defer srv.Close()
			c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticToken(tok)))
			require.NoError(t, err)
			defer c.Close()
			resp, err := c.HTTPClient().Get(srv.URL)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
			assert.Empty(t, resp.Header.Get("Location"))
		})
	}
}

// TestCallOptionsCheckedBeforeSending: a call option that cannot work fails
// before anything is sent.
func TestCallOptionsCheckedBeforeSending(t *testing.T) {
	api := newFakeAPI(t, map[string][]answer{"*": {ok(`{"authMember":{"id":"m1"}}`)}})
	c := newTestClient(t, api, StaticToken("fake-access-token-1"))
	var q authMemberQuery
	for name, opt := range map[string]CallOption{
		"extensions not a pointer": BindExtensions(map[string]any{}),
		"extensions nil":           BindExtensions(nil),
		"response header nil":      BindResponseHeader(nil),
		"extensions typed nil":     BindExtensions((*map[string]any)(nil)),
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, c.Query(context.Background(), &q, nil, opt), ErrInvalidInput)
			_, err := c.Exec(context.Background(), "{x}", nil, opt)
			require.ErrorIs(t, err, ErrInvalidInput)
			assert.Zero(t, api.count(), "nothing was sent")
		})
	}
	_, err := NewClient(nil)
	require.ErrorIs(t, err, ErrInvalidInput, "a nil Option")
	_, err = NewClient(WithCredentials(FromOAuth2(nil)))
	require.ErrorIs(t, err, ErrInvalidInput, "FromOAuth2(nil)")
}
