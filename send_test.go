package bettermode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewRequestParsesAsNetHTTP: the cached parse gives each request the
// URL and Host that http.NewRequest gives, whichever URL came before.
func TestNewRequestParsesAsNetHTTP(t *testing.T) {
	c := newCaller(&http.Client{}, "ua", 1<<20, RetryPolicy{}, DefaultStallTimeout, nil)
	urls := []string{
		"https://fake-community.example.com/graphql",
		"https://fake-community.example.com:/graphql",
		"http://127.0.0.1:8080/graphql?x=1",
		"https://[::1]:443/",
		"https://gateway.fake.example.com/v1/graphql",
	}
	for round := range 2 {
		for _, u := range urls {
			t.Run(u, func(t *testing.T) {
				want, err := http.NewRequest(http.MethodPost, u, nil)
				require.NoError(t, err)
				got, err := c.newRequest(context.Background(), u, []byte(`{"query":"{a}"}`))
				require.NoError(t, err)
				assert.Equal(t, *want.URL, *got.URL, "round %d", round)
				assert.Equal(t, want.Host, got.Host)
				assert.Equal(t, int64(15), got.ContentLength)
				require.NotNil(t, got.GetBody, "a request on a reused connection may be resent")
				got.URL.Path = "/changed" // each request owns its URL
				again, err := c.newRequest(context.Background(), u, nil)
				require.NoError(t, err)
				assert.Equal(t, want.URL.Path, again.URL.Path)
			})
		}
	}
	_, err := c.newRequest(context.Background(), "http://[::1", nil)
	require.Error(t, err)
}

// TestDirectSendFollowsRedirects: over the SDK's own transport, a request
// whose endpoint redirects within its origin is sent once and a 307 or 308
// followed as http.Client follows it (the body sent again, credentials
// kept); a 301, 302 or 303, which would turn the POST into a GET without
// the operation, is refused; a redirect without a Location is the answer;
// one off the origin is refused and the other origin receives nothing.
func TestDirectSendFollowsRedirects(t *testing.T) {
	type hit struct{ method, auth, body string }
	var (
		mu   sync.Mutex
		hits = map[string][]hit{}
		code int
	)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits["other"] = append(hits["other"], hit{method: r.Method})
		mu.Unlock()
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		hits[r.URL.Path] = append(hits[r.URL.Path], hit{r.Method, r.Header.Get("Authorization"), string(b)})
		c := code
		mu.Unlock()
		switch r.URL.Path {
		case "/from":
			http.Redirect(w, r, "/to", c)
		case "/nowhere":
			w.WriteHeader(http.StatusTemporaryRedirect) // no Location: the answer itself
		case "/away":
			http.Redirect(w, r, other.URL+"/graphql", c)
		default:
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"data":{"a":1}}`)
		}
	}))
	defer srv.Close()
	tok := memberJWT(t, 1)
	client := func(path string) *Client {
		c, err := NewClient(WithEndpoint(srv.URL+path), WithCredentials(StaticToken(tok)), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
		require.NotNil(t, c.caller.direct, "default options send directly")
		return c
	}
	for _, doc := range []string{"{a}", "mutation {a}"} {
		for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			t.Run(fmt.Sprintf("%s/%d", doc, status), func(t *testing.T) {
				mu.Lock()
				hits, code = map[string][]hit{}, status
				mu.Unlock()
				sent := hit{http.MethodPost, "Bearer " + tok, `{"query":"` + doc + `"}`}

				data, err := client("/from").Exec(context.Background(), doc, nil)
				assert.Equal(t, []hit{sent}, hits["/from"], "sent once")
				if status == http.StatusTemporaryRedirect || status == http.StatusPermanentRedirect {
					require.NoError(t, err)
					assert.JSONEq(t, `{"a":1}`, string(data.Data))
					assert.Equal(t, []hit{sent}, hits["/to"], "followed as http.Client follows it")
				} else {
					require.Error(t, err)
					assert.Contains(t, err.Error(), "sent again as a GET")
					assert.Empty(t, hits["/to"], "nothing sent again as a GET")
				}

				_, err = client("/away").Exec(context.Background(), doc, nil)
				require.ErrorIs(t, err, ErrForbidden, "a redirect off the origin is refused")
				assert.NotContains(t, err.Error(), tok)
				assert.Len(t, hits["/away"], 1)
				assert.Empty(t, hits["other"], "the other origin receives nothing")
			})
		}
	}
	_, err := client("/nowhere").Exec(context.Background(), "{a}", nil)
	require.Error(t, err)
	assert.Len(t, hits["/nowhere"], 1, "a redirect without a Location is the answer: sent once")
}

// TestClientExtrasKept: a caller's client with a cookie jar or a timeout
// but no transport gets the SDK's transport and keeps what it adds, so its
// requests go through http.Client.
func TestClientExtrasKept(t *testing.T) {
	t.Run("jar", func(t *testing.T) {
		var mu sync.Mutex
		var cookies []string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			cookies = append(cookies, r.Header.Get("Cookie"))
			mu.Unlock()
			http.SetCookie(w, &http.Cookie{Name: "affinity", Value: "fake-node-1"})
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"data":{"a":1}}`)
		}))
		defer srv.Close()
		jar, err := cookiejar.New(nil)
		require.NoError(t, err)
		c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticToken(memberJWT(t, 1))), WithHTTPClient(&http.Client{Jar: jar}))
		require.NoError(t, err)
		defer c.Close()
		assert.Nil(t, c.caller.direct)
		for range 2 {
			_, err := c.Exec(context.Background(), "{a}", nil)
			require.NoError(t, err)
		}
		assert.Equal(t, []string{"", "affinity=fake-node-1"}, cookies)
	})
	t.Run("timeout", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		}))
		defer srv.Close()
		defer close(release)
		c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticToken(memberJWT(t, 1))),
			WithHTTPClient(&http.Client{Timeout: 50 * time.Millisecond}), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
		require.NoError(t, err)
		defer c.Close()
		assert.Nil(t, c.caller.direct)
		_, err = c.Exec(context.Background(), "{a}", nil)
		var ne net.Error
		require.ErrorAs(t, err, &ne)
		assert.True(t, ne.Timeout(), "the client's Timeout ended it: %v", err)
	})
}

// TestDirectSendErrorShape: a transport error on the direct path reads as
// http.Client's does.
func TestDirectSendErrorShape(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	u := "http://" + l.Addr().String() + "/graphql"
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			_ = conn.Close() // before any answer
		}
	}()
	defer l.Close()
	direct, err := NewClient(WithEndpoint(u), WithCredentials(StaticToken(memberJWT(t, 1))))
	require.NoError(t, err)
	defer direct.Close()
	viaClient, err := NewClient(WithEndpoint(u), WithCredentials(StaticToken(memberJWT(t, 1))), WithHTTPClient(&http.Client{Timeout: time.Hour}))
	require.NoError(t, err)
	defer viaClient.Close()
	require.NotNil(t, direct.caller.direct)
	require.Nil(t, viaClient.caller.direct)
	for _, c := range []*Client{direct, viaClient} {
		req, err := c.caller.newRequest(context.Background(), u, []byte(`{}`))
		require.NoError(t, err)
		_, err = c.caller.roundTrip(req, u, []byte(`{}`))
		var ue *url.Error
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, "Post", ue.Op)
		assert.Equal(t, u, ue.URL)
		assert.True(t, strings.HasPrefix(err.Error(), `Post "`+u+`": `), err.Error())
	}
}

// TestReadBounded: a body read whole, into a buffer of its stated length
// when it states one, and refused past the limit either way.
func TestReadBounded(t *testing.T) {
	const limit = 8
	for _, tt := range []struct {
		name    string
		body    string
		length  int64
		want    string
		wantErr string
	}{
		{name: "stated", body: "12345", length: 5, want: "12345"},
		{name: "stated empty", body: "", length: 0, want: ""},
		{name: "stated at the limit", body: "12345678", length: 8, want: "12345678"},
		{name: "stated past the limit", body: "123456789", length: 9, wantErr: "response larger than 8 bytes"},
		{name: "stated, body cut short", body: "123", length: 5, wantErr: "reading the response: unexpected EOF"},
		{name: "stated less than sent", body: "12345", length: 3, want: "12345"},
		{name: "stated 0, sent more", body: "12345", length: 0, want: "12345"},
		{name: "stated less than sent, past the limit", body: "123456789", length: 3, wantErr: "response larger than 8 bytes"},
		{name: "unstated", body: "12345", length: -1, want: "12345"},
		{name: "unstated at the limit", body: "12345678", length: -1, want: "12345678"},
		{name: "unstated past the limit", body: "123456789", length: -1, wantErr: "response larger than 8 bytes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readBounded(strings.NewReader(tt.body), tt.length, limit)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
			if tt.length >= 0 && int(tt.length) == len(tt.body) {
				assert.Equal(t, int(tt.length)+1, cap(got), "one buffer of the stated size, and a byte to see its end")
			}
		})
	}
	t.Run("last bytes with EOF", func(t *testing.T) {
		// net/http's bodies hand over their last bytes with io.EOF.
		got, err := readBounded(iotest.DataErrReader(strings.NewReader("12345")), 4, limit)
		require.NoError(t, err)
		assert.Equal(t, "12345", string(got))
	})
	t.Run("an error after the stated bytes", func(t *testing.T) {
		// A caller's transport may end a body with an error rather than EOF.
		_, err := readBounded(io.MultiReader(strings.NewReader("12345"), iotest.ErrReader(io.ErrUnexpectedEOF)), 5, limit)
		require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})
	t.Run("a lying length reads no more than the limit", func(t *testing.T) {
		r := &countingReader{r: strings.NewReader(strings.Repeat("x", 100))}
		_, err := readBounded(r, 3, limit)
		require.ErrorContains(t, err, "response larger than 8 bytes")
		assert.LessOrEqual(t, r.n, limit+1)
	})
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// errFakeRefusal is a caller's CheckRedirect refusal.
var errFakeRefusal = errors.New("fake refusal of the caller's")

// TestRedirectErrors: an error about a redirect of one of the SDK's own
// requests names the endpoint, never the Location the server chose (its
// path or its unparseable text may hold the server's secrets), and a
// refused redirect, a loop or a Location that does not parse is not
// retried: the same answer would come again. Over the SDK's own transport
// and through a caller's http.Client alike.
func TestRedirectErrors(t *testing.T) {
	const serverSecret = "FAKE-SIGNATURE-0001"
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/unparseable":
			w.Header().Set("Location", "http://[::1/x?k="+serverSecret)
			w.WriteHeader(http.StatusFound)
		case "/away":
			w.Header().Set("Location", "http://localhost:1/hook/"+serverSecret)
			w.WriteHeader(http.StatusTemporaryRedirect)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusTemporaryRedirect)
		case "/refused":
			http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
		}
	}))
	defer srv.Close()
	for _, client := range []struct {
		name string
		opts []Option
	}{
		{"own transport", nil},
		{"caller's client", []Option{WithHTTPClient(&http.Client{Timeout: time.Minute})}},
	} {
		for _, tt := range []struct {
			path  string
			hits  int
			check func(t *testing.T, err error)
		}{
			{path: "/unparseable", hits: 1, check: func(t *testing.T, err error) {
				assert.Contains(t, err.Error(), "the server redirected to a location that does not parse")
			}},
			{path: "/away", hits: 1, check: func(t *testing.T, err error) { assert.ErrorIs(t, err, ErrForbidden) }},
			{path: "/loop", hits: 10, check: func(t *testing.T, err error) {
				assert.Contains(t, err.Error(), "stopped after 10 redirects")
			}},
		} {
			t.Run(client.name+tt.path, func(t *testing.T) {
				mu.Lock()
				clear(hits)
				mu.Unlock()
				c, err := NewClient(append([]Option{WithEndpoint(srv.URL + tt.path), WithCredentials(StaticToken(memberJWT(t, 1)))}, client.opts...)...)
				require.NoError(t, err)
				defer c.Close()
				_, err = c.Exec(context.Background(), "{a}", nil)
				require.Error(t, err)
				tt.check(t, err)
				for _, s := range []string{fmt.Sprint(err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
					assert.NotContains(t, s, serverSecret)
					assert.NotContains(t, s, "[::1")
					assert.NotContains(t, s, "/hook/")
				}
				assert.Contains(t, err.Error(), srv.URL+tt.path, "the error names the endpoint")
				assert.Equal(t, tt.hits, hits[tt.path], "not retried")
			})
		}
	}
	t.Run("a caller's CheckRedirect refusal", func(t *testing.T) {
		var calls atomic.Int32
		hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { calls.Add(1); return errFakeRefusal }}
		c, err := NewClient(WithEndpoint(srv.URL+"/refused"), WithCredentials(StaticToken(memberJWT(t, 1))), WithHTTPClient(hc))
		require.NoError(t, err)
		defer c.Close()
		_, err = c.Exec(context.Background(), "{a}", nil)
		require.ErrorIs(t, err, errFakeRefusal)
		assert.EqualValues(t, 1, calls.Load(), "not retried")
	})
}
