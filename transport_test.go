package bettermode

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTransportSetsHeaderOnClone(t *testing.T) {
	tests := []struct {
		name string
		src  CredentialSource
		want string
	}{
		{"bearer", StaticToken("fake-access-token-1"), "Bearer fake-access-token-1"},
		{"bare", StaticToken("fake-access-token-1", WithScheme(SchemeBare)), "fake-access-token-1"},
		{"custom scheme", StaticToken("fake-access-token-1", WithScheme("Token")), "Token fake-access-token-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				got = r
				return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
			})
			req := httptest.NewRequest(http.MethodGet, "https://api.example.com/v1/x", nil)
			req.Header.Set("Authorization", "Basic stale")
			req.Header.Set("X-Trace", "t1")
			req.Header.Add("X-Multi", "a")
			req.Header.Add("X-Multi", "b")
			before := req.Header.Clone()
			resp, err := NewTransport(tt.src, base).RoundTrip(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tt.want, got.Header.Get("Authorization"))
			assert.Equal(t, "t1", got.Header.Get("X-Trace"))
			assert.Equal(t, []string{"a", "b"}, got.Header.Values("X-Multi"))
			assert.NotSame(t, req, got)
			assert.Equal(t, before, req.Header, "the caller's request is not modified")
			got.Header.Add("X-Multi", "c")
			assert.Equal(t, []string{"a", "b"}, req.Header.Values("X-Multi"), "the clone shares no value slice")
		})
	}
}

func TestTransportManyHeaders(t *testing.T) {
	var got *http.Request
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = r
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	})
	req := httptest.NewRequest(http.MethodGet, "https://api.example.com/", nil)
	for i := 0; i < 12; i++ {
		req.Header.Add("X-H", strings.Repeat("v", i))
	}
	_, err := NewTransport(StaticToken("fake-access-token-1"), base).RoundTrip(req)
	require.NoError(t, err)
	assert.Len(t, got.Header.Values("X-H"), 12)
	assert.Len(t, req.Header, 1)
}

type closeTracker struct {
	io.Reader
	closed atomic.Int32
}

func (c *closeTracker) Close() error { c.closed.Add(1); return nil }

func TestTransportClosesBodyOnEarlyError(t *testing.T) {
	failing := CredentialSourceFunc(func(context.Context) (*Token, error) { return nil, errors.New("bettermode: no token") })
	called := false
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) { called = true; return nil, errors.New("unreachable") })
	for name, tr := range map[string]*Transport{
		"source fails": NewTransport(failing, base),
		"no source":    {Base: base},
		"empty token":  NewTransport(CredentialSourceFunc(func(context.Context) (*Token, error) { return &Token{}, nil }), base),
	} {
		t.Run(name, func(t *testing.T) {
			body := &closeTracker{Reader: strings.NewReader("payload")}
			req := httptest.NewRequest(http.MethodPost, "https://api.example.com/", body)
			_, err := tr.RoundTrip(req)
			require.Error(t, err)
			assert.Equal(t, int32(1), body.closed.Load())
		})
	}
	assert.False(t, called)
}

// countingSource mints "fake-access-token-N" and supports Invalidate.
type countingSource struct {
	n       atomic.Int32
	current atomic.Pointer[Token]
}

func (s *countingSource) Token(context.Context) (*Token, error) {
	if t := s.current.Load(); t != nil {
		return t, nil
	}
	n := s.n.Add(1)
	t := &Token{AccessToken: Secret("fake-access-token-" + string(rune('0'+n)))}
	if s.current.CompareAndSwap(nil, t) {
		return t, nil
	}
	return s.current.Load(), nil
}

func (s *countingSource) Invalidate(t *Token) bool { return s.current.CompareAndSwap(t, nil) }

func TestTransport401ResendsOnce(t *testing.T) {
	var seen []string
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Header.Get("Authorization"))
		bodies = append(bodies, string(b))
		if r.Header.Get("Authorization") != "Bearer fake-access-token-2" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	src := &countingSource{}
	hc := &http.Client{Transport: NewTransport(src, nil)}
	resp, err := hc.Post(srv.URL, "text/plain", strings.NewReader("replayable body"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, []string{"Bearer fake-access-token-1", "Bearer fake-access-token-2"}, seen)
	assert.Equal(t, []string{"replayable body", "replayable body"}, bodies)

	// A second 401 is returned as it is.
	seen = nil
	src2 := &countingSource{}
	src2.n.Store(5)
	hc2 := &http.Client{Transport: NewTransport(src2, nil)}
	resp, err = hc2.Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Len(t, seen, 2, "resent once, not more")
}

func TestClient401AndCode108ResendOnce(t *testing.T) {
	for _, mode := range []string{"http401", "code108"} {
		t.Run(mode, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				if r.Header.Get("Authorization") == "Bearer fake-access-token-2" {
					_, _ = w.Write([]byte(`{"data":{"x":1}}`))
					return
				}
				if mode == "http401" {
					w.WriteHeader(http.StatusUnauthorized)
					return
				}
				_, _ = w.Write([]byte(`{"data":null,"errors":[{"code":"108","message":"Invalid token"}]}`))
			}))
			defer srv.Close()
			src := &countingSource{}
			c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(src), WithoutTokenCache())
			require.NoError(t, err)
			defer c.Close()
			_, err = c.Exec(context.Background(), "{x}", nil)
			require.NoError(t, err)
			assert.Equal(t, int32(2), calls.Load())
			assert.Equal(t, int32(2), src.n.Load(), "one re-mint")

			// Always rejected: resent once, then ErrUnauthorized.
			src.current.Store(&Token{AccessToken: "fake-access-token-9"})
			src.n.Store(8)
			calls.Store(0)
			_, err = c.Exec(context.Background(), "{x}", nil)
			require.ErrorIs(t, err, ErrUnauthorized)
			assert.Equal(t, int32(2), calls.Load())
			assertNoSecret(t, err.Error(), "fake-access-token-9")
		})
	}
}

func TestTransportStandaloneREST(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	hc := &http.Client{Transport: &Transport{Source: StaticToken("fake-access-token-1")}}
	resp, err := hc.Get(srv.URL + "/rest")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, "Bearer fake-access-token-1", string(b))
}
