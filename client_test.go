package bettermode

import (
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRegion(t *testing.T) {
	tests := []struct {
		in   string
		want Region
		err  bool
	}{
		{"us", US, false}, {"US", US, false}, {"us-east-1", US, false}, {" Us-East-1 ", US, false},
		{"eu", EU, false}, {"EU", EU, false}, {"eu-central-1", EU, false},
		{"tribe", Tribe, false}, {"TRIBE", Tribe, false},
		{"", Region{}, true}, {"asia", Region{}, true}, {"us-west-2", Region{}, true}, {"eu-central", Region{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRegion(tt.in)
			if tt.err {
				require.ErrorIs(t, err, ErrInvalidInput)
				for _, name := range []string{"us", "eu", "us-east-1", "eu-central-1", "tribe"} {
					assert.Contains(t, err.Error(), name, "the error lists the valid names")
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, "https://api.bettermode.com", US.Endpoint)
	assert.Equal(t, "https://api.bettermode.de", EU.Endpoint)
	assert.Equal(t, "https://app.tribe.so/graphql", Tribe.Endpoint)
}

func TestNewClientOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    []Option
		wantErr string
		want    string // endpoint
	}{
		{name: "default is US", want: US.Endpoint},
		{name: "region EU", opts: []Option{WithRegion(EU)}, want: EU.Endpoint},
		{name: "endpoint", opts: []Option{WithEndpoint("https://community.example.com/graphql")}, want: "https://community.example.com/graphql"},
		{name: "loopback http allowed", opts: []Option{WithEndpoint("http://127.0.0.1:8080/graphql"), WithCredentials(StaticToken("fake"))}, want: "http://127.0.0.1:8080/graphql"},
		{name: "localhost http allowed", opts: []Option{WithEndpoint("http://localhost:1/x")}, want: "http://localhost:1/x"},
		{name: "ipv6 loopback allowed", opts: []Option{WithEndpoint("http://[::1]:9/")}, want: "http://[::1]:9/"},
		{name: "endpoint and region conflict", opts: []Option{WithEndpoint(US.Endpoint), WithRegion(EU)}, wantErr: "conflict"},
		{name: "credentials twice", opts: []Option{WithCredentials(StaticToken("a")), WithCredentials(StaticToken("b"))}, wantErr: "twice"},
		{name: "nil credentials", opts: []Option{WithCredentials(nil)}, wantErr: "nil"},
		{name: "nil http client", opts: []Option{WithHTTPClient(nil)}, wantErr: "nil"},
		{name: "empty region", opts: []Option{WithRegion(Region{})}, wantErr: "no endpoint"},
		{name: "plain http to remote host", opts: []Option{WithEndpoint("http://api.bettermode.com"), WithCredentials(StaticToken("fake"))}, wantErr: "in the clear"},
		{name: "ftp scheme", opts: []Option{WithEndpoint("ftp://api.bettermode.com")}, wantErr: "https"},
		{name: "relative url", opts: []Option{WithEndpoint("/graphql")}, wantErr: "https"},
		{name: "no host", opts: []Option{WithEndpoint("https:///graphql")}, wantErr: "no host"},
		{name: "garbage", opts: []Option{WithEndpoint("https://exa mple.com\x7f")}, wantErr: "not a valid URL"},
		{name: "empty endpoint", opts: []Option{WithEndpoint("")}, wantErr: "empty"},
		{name: "fragment", opts: []Option{WithEndpoint("https://api.bettermode.com/#x")}, wantErr: "fragment"},
		{name: "bad user agent", opts: []Option{WithUserAgent("x\r\nInjected: 1")}, wantErr: "control character"},
		{name: "bad body limit", opts: []Option{WithMaxResponseBytes(0)}, wantErr: "between 1 and 64 MiB"},
		{name: "huge body limit", opts: []Option{WithMaxResponseBytes(math.MaxInt64)}, wantErr: "between 1 and 64 MiB"},
		{name: "http client twice", opts: []Option{WithHTTPClient(http.DefaultClient), WithHTTPClient(http.DefaultClient)}, wantErr: "twice"},
		{name: "retry policy twice", opts: []Option{WithRetryPolicy(RetryPolicy{}), WithRetryPolicy(RetryPolicy{})}, wantErr: "twice"},
		{name: "cache off and cache options", opts: []Option{WithCredentials(Guest{NetworkID: "n"}), WithoutTokenCache(), WithCacheOptions(WithMinValidity(time.Minute))}, wantErr: "conflict"},
		{name: "credentials in URL and App", opts: []Option{WithEndpoint("https://id:fake-secret@api.example.com"), WithCredentials(App{ClientID: "a", ClientSecret: "b", NetworkID: "n"})}, wantErr: "both"},
		{name: "query string", opts: []Option{WithEndpoint("https://api.example.com/graphql?api_key=fake-key-1")}, wantErr: "query string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.opts...)
			if tt.wantErr != "" {
				require.ErrorIs(t, err, ErrInvalidInput)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Regexp(t, `^bettermode: [a-zA-Z]`, err.Error())
				return
			}
			require.NoError(t, err)
			defer c.Close()
			assert.Equal(t, tt.want, c.Endpoint())
		})
	}
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name, endpoint, region string
		opts                   []Option
		want                   string
		wantErr                bool
	}{
		{name: "nothing set", want: US.Endpoint},
		{name: "region", region: "eu-central-1", want: EU.Endpoint},
		{name: "endpoint", endpoint: "https://custom.example.com/graphql", want: "https://custom.example.com/graphql"},
		{name: "both", endpoint: "https://custom.example.com", region: "eu", wantErr: true},
		{name: "bad region", region: "mars", wantErr: true},
		{name: "explicit option wins", region: "eu", opts: []Option{WithRegion(Tribe)}, want: Tribe.Endpoint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("BETTERMODE_ENDPOINT", tt.endpoint)
			t.Setenv("BETTERMODE_REGION", tt.region)
			c, err := NewClient(append([]Option{FromEnv()}, tt.opts...)...)
			if tt.wantErr {
				require.ErrorIs(t, err, ErrInvalidInput)
				return
			}
			require.NoError(t, err)
			defer c.Close()
			assert.Equal(t, tt.want, c.Endpoint())
		})
	}
	t.Run("FromEnvFunc", func(t *testing.T) {
		env := map[string]string{"BETTERMODE_REGION": "tribe"}
		c, err := NewClient(FromEnvFunc(func(k string) string { return env[k] }))
		require.NoError(t, err)
		assert.Equal(t, Tribe.Endpoint, c.Endpoint())
		_, err = NewClient(FromEnvFunc(nil))
		require.ErrorIs(t, err, ErrInvalidInput)
	})
	t.Run("not read without FromEnv", func(t *testing.T) {
		t.Setenv("BETTERMODE_REGION", "eu")
		c, err := NewClient()
		require.NoError(t, err)
		assert.Equal(t, US.Endpoint, c.Endpoint())
	})
}

func TestWithHTTPClientCopies(t *testing.T) {
	var hits atomic.Int32
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		hits.Add(1)
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: httpBody(`{"data":{"x":1}}`), Request: r}, nil
	})
	hc := &http.Client{Transport: base, Timeout: 7 * time.Second}
	before := *hc
	c, err := NewClient(WithEndpoint("https://api.example.com"), WithHTTPClient(hc), WithCredentials(StaticToken("fake-access-token-1")))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Exec(context.Background(), "{x}", nil)
	require.NoError(t, err)
	_ = c.HTTPClient()
	assert.Equal(t, before.Timeout, hc.Timeout)
	assert.Equal(t, fmt.Sprintf("%p", before.Transport), fmt.Sprintf("%p", hc.Transport), "the caller's client is never modified")
	assert.Nil(t, hc.CheckRedirect)
	assert.Equal(t, int32(1), hits.Load(), "the caller's transport is used")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func httpBody(s string) *readCloser { return &readCloser{Reader: strings.NewReader(s)} }

type readCloser struct {
	*strings.Reader
	closed atomic.Bool
}

func (r *readCloser) Close() error { r.closed.Store(true); return nil }

func TestQueryAndExec(t *testing.T) {
	api := newFakeAPI(t, map[string][]answer{"*": {{status: 200, body: `{"data":{"authMember":{"id":"m1","name":"Fake"}},"extensions":{"complexity":3}}`}}})
	c := newTestClient(t, api, StaticToken("fake-access-token-1"))
	var q struct {
		AuthMember struct {
			ID   string
			Name string
		} `graphql:"authMember"`
	}
	var ext struct {
		Complexity int `json:"complexity"`
	}
	require.NoError(t, c.Query(context.Background(), &q, nil, BindExtensions(&ext)))
	assert.Equal(t, "m1", q.AuthMember.ID)
	assert.Equal(t, 3, ext.Complexity)
	r := api.requests()[0]
	assert.Equal(t, "Bearer fake-access-token-1", r.Header.Get("Authorization"))
	assert.JSONEq(t, `{"query":"{authMember{id,name}}"}`, string(r.Body))
	checkGolden(t, "query-authMember", api.requests()[:1], []answer{{status: 200, body: `{"data":{"authMember":{"id":"m1","name":"Fake"}},"extensions":{"complexity":3}}`}})

	resp, err := c.Exec(context.Background(), "query Me { authMember { id } }", map[string]any{"x": 1}, OperationName("Me"))
	require.NoError(t, err)
	n, has := resp.Complexity()
	assert.True(t, has)
	assert.Equal(t, 3, n)
	assert.JSONEq(t, `{"authMember":{"id":"m1","name":"Fake"}}`, string(resp.Data))
	assert.JSONEq(t, `{"query":"query Me { authMember { id } }","operationName":"Me","variables":{"x":1}}`, string(api.requests()[1].Body))

	api.handle = func(r recorded) (answer, bool) {
		return ok(`{"updateMember":{"id":"m1"}}`), strings.Contains(string(r.Body), "updateMember")
	}
	var h http.Header
	var m struct {
		UpdateMember struct{ ID string } `graphql:"updateMember(id: $id)"`
	}
	require.NoError(t, c.Mutate(context.Background(), &m, map[string]any{"id": "m1"}, BindResponseHeader(&h)))
	assert.Equal(t, "m1", m.UpdateMember.ID, "the mutation's answer is decoded")
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Contains(t, string(api.requests()[2].Body), `mutation ($id:String!){updateMember(id: $id){id}}`)
}

func TestQueryPartialDataAndErrors(t *testing.T) {
	api := newFakeAPI(t, map[string][]answer{"*": {{status: 200, body: `{"data":{"authMember":{"id":"m1"}},"errors":[{"code":"102","message":"Forbidden field"}]}`}}})
	c := newTestClient(t, api, StaticToken("fake-access-token-1"))
	var q struct {
		AuthMember struct{ ID string } `graphql:"authMember"`
	}
	err := c.Query(context.Background(), &q, nil)
	require.ErrorIs(t, err, ErrForbidden)
	assert.Equal(t, "m1", q.AuthMember.ID, "partial data is decoded")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "authMember", e.Operation)
}

func TestQueryCacheReusesText(t *testing.T) {
	var qc queryCache
	type Q struct {
		Member struct{ ID string } `graphql:"member(id: $id)"`
	}
	doc1, op, err := qc.build(false, &Q{}, map[string]any{"id": "a"}, "")
	require.NoError(t, err)
	assert.Equal(t, "member", op)
	doc2, _, err := qc.build(false, &Q{}, map[string]any{"id": "b"}, "")
	require.NoError(t, err)
	assert.Equal(t, doc1, doc2)
	assert.Len(t, *qc.m.Load(), 1, "same type and variable types: one entry")
	doc3, _, err := qc.build(false, &Q{}, map[string]any{"id": ptr("c")}, "")
	require.NoError(t, err)
	assert.NotEqual(t, doc1, doc3, "a nullable variable changes the text")
	assert.Contains(t, doc3, "$id:String)")
	doc4, _, err := qc.build(false, &Q{}, map[string]any{"id": "a"}, "Named")
	require.NoError(t, err)
	assert.Contains(t, doc4, "query Named(")
	assert.Len(t, *qc.m.Load(), 3)
	allocs := testing.AllocsPerRun(100, func() { _, _, _ = qc.build(false, &Q{}, map[string]any{"id": "a"}, "") })
	assert.LessOrEqual(t, allocs, 2.0, "a hit allocates at most the variables map of the call itself")
}

func ptr[T any](v T) *T { return &v }

func TestGatewayURL(t *testing.T) {
	gw := newFakeAPI(t, map[string][]answer{"*": {ok(`{"authMember":{"id":"bot"}}`)}})
	api := newFakeAPI(t, map[string][]answer{"LimitedToken": {ok(`{"limitedToken":{"accessToken":"` + appJWT(t, "") + `","gatewayUrl":"` + gw.URL + `/gql"}}`)}})
	c := newTestClient(t, api, App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork})
	_, err := c.Exec(context.Background(), "{authMember{id}}", nil)
	require.NoError(t, err)
	assert.Equal(t, 1, api.count(), "only the mint goes to the endpoint")
	require.Equal(t, 1, gw.count(), "requests with the token go to its gateway")
	assert.Equal(t, "/gql", gw.requests()[0].Path)

	bad := newFakeAPI(t, map[string][]answer{"LimitedToken": {ok(`{"limitedToken":{"accessToken":"x","gatewayUrl":"http://evil.example.com/gql"}}`)}})
	c2 := newTestClient(t, bad, App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork})
	_, err = c2.Exec(context.Background(), "{authMember{id}}", nil)
	require.ErrorIs(t, err, ErrInvalidInput)
	assert.Contains(t, err.Error(), "gatewayUrl")
}

func TestRedirectDoesNotForwardAuthorization(t *testing.T) {
	var gotAuth atomic.Value
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(`{"data":{"x":1}}`))
	}))
	defer other.Close()
	// Same address, other host name: Go and our transport treat it as another host.
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+"/landing", http.StatusTemporaryRedirect)
	}))
	defer origin.Close()

	t.Run("client", func(t *testing.T) {
		gotAuth.Store("unset")
		c, err := NewClient(WithEndpoint(origin.URL), WithCredentials(StaticToken("fake-access-token-1")))
		require.NoError(t, err)
		defer c.Close()
		_, err = c.Exec(context.Background(), "{x}", nil)
		require.ErrorIs(t, err, ErrForbidden, "the SDK's own requests never leave the endpoint's origin")
		assert.Equal(t, "unset", gotAuth.Load(), "nothing was sent to the other origin")
	})
	t.Run("transport", func(t *testing.T) {
		gotAuth.Store("unset")
		hc := &http.Client{Transport: NewTransport(StaticToken("fake-access-token-1"), nil)}
		resp, err := hc.Post(origin.URL, "application/json", strings.NewReader(`{"query":"{x}"}`))
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, "", gotAuth.Load())
	})
}

func TestTransportRedirectChainAndDowngrade(t *testing.T) {
	var evilAuth []string
	var mu sync.Mutex
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		evilAuth = append(evilAuth, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.URL.Path == "/first" {
			http.Redirect(w, r, "/second", http.StatusFound) // a same-host hop on the other host
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer evil.Close()
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evilURL+"/first", http.StatusFound)
	}))
	defer api.Close()
	hc := &http.Client{Transport: NewTransport(StaticToken("fake-access-token-1"), nil)}
	resp, err := hc.Get(api.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, []string{"", ""}, evilAuth, "no hop of a chain that left the first host gets credentials")

	tests := []struct {
		name     string
		from, to string
		want     bool
	}{
		{"same host", "https://a.example.com/x", "https://a.example.com/y", true},
		{"upgrade to another origin", "http://localhost/x", "https://localhost/y", false},
		{"loopback http, same origin", "http://localhost:8080/x", "http://localhost:8080/y", true},
		{"plain http to a remote host", "http://a.example.com/x", "http://a.example.com/y", false},
		{"downgrade", "https://a.example.com/x", "http://a.example.com/y", false},
		{"other host", "https://a.example.com/x", "https://b.example.com/y", false},
		{"other port", "https://a.example.com/x", "https://a.example.com:8443/y", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := httptest.NewRequest(http.MethodGet, tt.from, nil)
			next := httptest.NewRequest(http.MethodGet, tt.to, nil)
			next.Response = &http.Response{Request: first}
			assert.Equal(t, tt.want, (&Transport{}).allowed(next))
		})
	}
	restricted := &Transport{Hosts: []string{"a.example.com"}}
	assert.True(t, restricted.allowed(httptest.NewRequest(http.MethodGet, "https://a.example.com/", nil)))
	assert.False(t, restricted.allowed(httptest.NewRequest(http.MethodGet, "https://b.example.com/", nil)))
}

func TestSameOriginRedirects(t *testing.T) {
	check := sameOriginRedirects(nil)
	from := httptest.NewRequest(http.MethodPost, "https://api.example.com/graphql", nil)
	for _, to := range []string{"http://api.example.com/graphql", "https://sub.api.example.com/graphql", "https://api.example.com:8443/graphql", "https://evil.example.com/graphql"} {
		err := check(httptest.NewRequest(http.MethodPost, to, nil), []*http.Request{from})
		require.ErrorIs(t, err, ErrForbidden, to)
	}
	assert.NoError(t, check(httptest.NewRequest(http.MethodPost, "https://API.example.com:443/graphql/", nil), []*http.Request{from}))
	var via []*http.Request
	for range 10 {
		via = append(via, from)
	}
	assert.Error(t, check(from, via), "stops after 10 redirects")
	called := false
	custom := sameOriginRedirects(func(*http.Request, []*http.Request) error { called = true; return nil })
	assert.NoError(t, custom(from, []*http.Request{from}))
	assert.True(t, called, "the caller's CheckRedirect still runs")
}

func TestHTTPClientAuthenticatesOnlyTheEndpointHost(t *testing.T) {
	var got []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = append(got, r.Header.Get("Authorization")) }))
	defer other.Close()
	api := newFakeAPI(t, nil)
	c := newTestClient(t, api, StaticToken("fake-access-token-1"))
	resp, err := c.HTTPClient().Get(strings.Replace(other.URL, "127.0.0.1", "localhost", 1))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, []string{""}, got)
	resp, err = c.HTTPClient().Get(api.URL + "/rest")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "Bearer fake-access-token-1", api.requests()[0].Header.Get("Authorization"))
}

func TestTinyRetryAfterIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newBubbleAPI(map[string][]answer{"*": {{status: 429, header: map[string]string{"Retry-After": "0.0001"}}}})
		c := bubbleAPIClient(t, api, StaticToken("fake-access-token-1"))
		_, err := c.Exec(context.Background(), "{x}", nil)
		require.ErrorIs(t, err, ErrRateLimited)
		assert.Equal(t, 1+maxRateLimitWaits, api.count(), "at most %d waits", maxRateLimitWaits)
	})
}

func TestMutationsAreNotRepeated(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		status int
	}{
		{"comment before mutation, 500", "# create\nmutation { x }", 500},
		{"named mutation among queries, 500", "query A { a } mutation B { b }", 500},
		{"mutation, 502", "mutation { x }", 502},
		{"mutation, 504", "mutation { x }", 504},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, map[string][]answer{"*": {{status: tt.status, body: "boom"}}})
			c := newTestClient(t, api, StaticToken("fake-access-token-1"))
			_, err := c.Exec(context.Background(), tt.doc, nil)
			require.Error(t, err)
			assert.Equal(t, 1, api.count())
		})
	}
	t.Run("partial data with 108 is not resent", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]answer{"*": {{status: 200, body: `{"data":{"x":1},"errors":[{"code":"108","message":"Unauthorized"}]}`}}})
		src := &countingSource{}
		c := newTestClient(t, api, src, WithoutTokenCache())
		_, err := c.Exec(context.Background(), "mutation { x y }", nil)
		require.ErrorIs(t, err, ErrUnauthorized)
		assert.Equal(t, 1, api.count())
	})
}

func TestRootField(t *testing.T) {
	type aliased struct {
		M struct{ ID string } `graphql:"me: member(id: $id)"`
	}
	type plain struct {
		AuthMember struct{ ID string }
	}
	type directive struct {
		N struct{ ID string } `graphql:"network @include(if: $x)"`
	}
	assert.Equal(t, "member", rootField(reflect.TypeOf(&aliased{})))
	assert.Equal(t, "authMember", rootField(reflect.TypeOf(&plain{})))
	assert.Equal(t, "network", rootField(reflect.TypeOf(&directive{})))
}

func TestRateLimitWaitsWithinBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newBubbleAPI(map[string][]answer{"*": {{status: 429, header: map[string]string{"Retry-After": "2"}, body: ""}, ok(`{"x":1}`)}})
		c := bubbleAPIClient(t, api, StaticToken("fake-access-token-1"))
		start := time.Now()
		_, err := c.Exec(context.Background(), "{x}", nil)
		require.NoError(t, err)
		assert.Equal(t, 2, api.count())
		assert.GreaterOrEqual(t, time.Since(start), 2*time.Second, "waited Retry-After (bubble time)")
	})

	t.Run("over budget returns ErrRateLimited with Retry-After", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]answer{"*": {{status: 200, header: map[string]string{"Retry-After": "90"}, body: `{"errors":[{"code":"104","message":"Too many requests"}]}`}}})
		c := newTestClient(t, api, StaticToken("fake-access-token-1"))
		_, err := c.Exec(context.Background(), "{x}", nil)
		require.ErrorIs(t, err, ErrRateLimited)
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 90*time.Second, e.RetryAfter)
		assert.Equal(t, 1, api.count())
	})
	t.Run("deadline shorter than Retry-After returns at once", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]answer{"*": {{status: 429, header: map[string]string{"Retry-After": "5"}}}})
		c := newTestClient(t, api, StaticToken("fake-access-token-1"))
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := c.Exec(ctx, "{x}", nil)
		require.ErrorIs(t, err, ErrRateLimited)
		assert.Equal(t, 1, api.count())
	})
}

func TestServerErrorsRetryQueriesNotMutations(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newBubbleAPI(map[string][]answer{"*": {{status: 500, body: "boom"}, {status: 500, body: "boom"}, ok(`{"x":1}`)}})
		c := bubbleAPIClient(t, api, StaticToken("fake-access-token-1"))
		_, err := c.Exec(context.Background(), "{x}", nil)
		require.NoError(t, err)
		assert.Equal(t, 3, api.count())

		api2 := newBubbleAPI(map[string][]answer{"*": {{status: 500, body: "boom"}, ok(`{"x":1}`)}})
		c2 := bubbleAPIClient(t, api2, StaticToken("fake-access-token-1"))
		_, err = c2.Exec(context.Background(), "mutation { x }", nil)
		require.Error(t, err)
		assert.Equal(t, 1, api2.count(), "a mutation that may have run is not resent")
	})
}

func TestResponseSizeLimit(t *testing.T) {
	big := `{"data":{"x":"` + strings.Repeat("a", 2048) + `"}}`
	api := newFakeAPI(t, map[string][]answer{"*": {{status: 200, body: big}}})
	c := newTestClient(t, api, StaticToken("fake-access-token-1"), WithMaxResponseBytes(1024))
	_, err := c.Exec(context.Background(), "{x}", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "larger than 1024 bytes")
}

func TestClosedClient(t *testing.T) {
	api := newFakeAPI(t, nil)
	c := newTestClient(t, api, StaticToken("fake-access-token-1"))
	require.NoError(t, c.Close())
	require.NoError(t, c.Close(), "idempotent")
	_, err := c.Exec(context.Background(), "{x}", nil)
	require.ErrorIs(t, err, ErrClosed)
	_, err = c.Token(context.Background())
	require.ErrorIs(t, err, ErrClosed)
	assert.Zero(t, api.count())

	cached := CacheSource(StaticToken("fake-access-token-1"))
	require.NoError(t, cached.Close())
	_, err = cached.Token(context.Background())
	require.ErrorIs(t, err, ErrClosed, "a closed cache matches ErrClosed too")
}

func TestClientSourceIsBoundAndCached(t *testing.T) {
	bot := ok(`{"limitedToken":{"accessToken":"` + appJWT(t, "") + `","gatewayUrl":null}}`)
	api := newFakeAPI(t, map[string][]answer{"LimitedToken": {bot}, "*": {ok(`{"x":1}`)}})
	c := newTestClient(t, api, App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork})
	src := c.Source()
	require.IsType(t, &CachedSource{}, src)
	hc := &http.Client{Transport: NewTransport(src, nil)}
	resp, err := hc.Post(api.URL, "application/json", strings.NewReader(`{"query":"{x}"}`))
	require.NoError(t, err)
	resp.Body.Close()
	_, err = c.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, api.count(), "one mint shared by the transport and the client")

	own := CacheSource(StaticToken("fake-access-token-1"))
	defer own.Close()
	c2 := newTestClient(t, api, own)
	assert.Same(t, own, c2.Source(), "an already cached source is used as it is")
	require.NoError(t, c2.Close())
	_, err = own.Token(context.Background())
	require.NoError(t, err, "the client does not close a cache it did not make")
}

func TestNoCredentials(t *testing.T) {
	api := newFakeAPI(t, map[string][]answer{"*": {ok(`{"x":1}`)}})
	c, err := NewClient(WithEndpoint(api.URL))
	require.NoError(t, err)
	_, err = c.Exec(context.Background(), "{x}", nil)
	require.NoError(t, err)
	assert.Empty(t, api.requests()[0].Header.Get("Authorization"))
	_, err = c.Token(context.Background())
	require.ErrorIs(t, err, ErrUnauthorized)
}

// TestRedaction prints every exported value that can hold a secret in every
// way a program might, and checks that no secret appears.
func TestRedaction(t *testing.T) {
	guest := ok(`{"tokens":` + authTokenJSON(guestJWT(t), "fake-refresh-token-0", "Guest", "GUEST_fake01", "Guest") + `}`)
	login := ok(`{"loginNetwork":` + authTokenJSON(memberJWT(t, 1), "fake-refresh-token-1", "Member", fakeMemberID, "Fake Member") + `}`)
	api := newFakeAPI(t, map[string][]answer{"Tokens": {guest}, "LoginNetwork": {login}})
	member := Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: fakePassword}
	c := newTestClient(t, api, member)
	tok, err := c.Token(context.Background())
	require.NoError(t, err)
	app := App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork}
	static := StaticToken(memberJWT(t, 2))
	noCache := newTestClient(t, api, member, WithoutTokenCache())
	appClient := newTestClient(t, api, app, WithoutTokenCache())
	values := map[string]any{
		"bound member source": noCache.Source(), "bound app source": appClient.Source(), "cached source": c.Source(),
		"to oauth2": ToOAuth2(context.Background(), noCache.Source()), "from oauth2": FromOAuth2(ToOAuth2(context.Background(), static)),
		"token": tok, "token value": *tok, "member": member, "member ptr": &member, "app": app, "app ptr": &app,
		"static": static, "client": c, "transport": NewTransport(static, nil),
		"http client": c.HTTPClient(), "slice": []any{tok, member, app},
	}
	for _, name := range sortedKeys(values) {
		v := values[name]
		t.Run(name, func(t *testing.T) {
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%T"} {
				assertNoSecret(t, fmt.Sprintf(verb, v), secretsIn(t)...)
			}
			var buf bytes.Buffer
			for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
				slog.New(h).Info("value", "v", v)
			}
			assertNoSecret(t, buf.String(), secretsIn(t)...)
			j, err := json.Marshal(v)
			if name != "http client" { // net/http's types do not encode to JSON
				require.NoError(t, err, "every value of this package encodes to JSON")
			}
			assertNoSecret(t, string(j), secretsIn(t)...)
			if x, err := xml.Marshal(v); err == nil {
				assertNoSecret(t, string(x), secretsIn(t)...)
			}
			var g bytes.Buffer
			if err := gob.NewEncoder(&g).Encode(v); err == nil {
				assertNoSecret(t, g.String(), secretsIn(t)...)
			}
		})
	}
	assert.Contains(t, fmt.Sprint(tok), "REDACTED")
	assert.Contains(t, fmt.Sprint(tok), "Member")
}
