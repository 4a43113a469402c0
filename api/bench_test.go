package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/internal/benchtest"
	"github.com/bettermode-go/bettermode/internal/jwt"
)

// benchAnswer is the answer of every benchmark request (the root
// package's BenchmarkHotPath answers the same).
const benchAnswer = `{"data":{"authMember":{"id":"fakeMember01","name":"Fake Member"}}}`

// BenchmarkAuthMember compares, in one process against one in-process
// server answering authMember { id name }: a hand-built net/http request
// decoded with encoding/json (the floor), Client.Query with a hasura
// struct, and the typed call AuthMember with Fields("id name") and with its
// Basic preset. The clients use default options; the raw request shares
// the server's pooled transport. Run the sub-benchmarks interleaved:
//
//	go test -run '^$' -bench BenchmarkAuthMember -count 8 ./api
func BenchmarkAuthMember(b *testing.B) {
	for _, v := range authMemberVariants(b) {
		b.Run(v.Name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := v.Do(); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// rawBody is the body of the hand-built request.
var rawBody = []byte(`{"query":"{authMember{id,name}}"}`)

// rawRequest is the hand-built request the typed call is compared with: a
// POST of rawBody to url over hc, decoded with encoding/json into out.
func rawRequest(ctx context.Context, hc *http.Client, url, auth string, out any) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(rawBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(out)
}

// flatMember is api.Member without its UnmarshalJSON: what the typed call
// decodes into in one pass when no union field is selected.
type flatMember api.Member

// authMemberVariants starts the benchmark's server and returns the ways to
// ask it for authMember { id name }: the four compared, and the raw request
// decoded into the generated Member (what the result type alone costs).
func authMemberVariants(b *testing.B) []benchtest.Variant {
	tok, err := jwt.SignHS256(map[string]any{"exp": float64(time.Now().Add(24 * time.Hour).Unix()), "networkId": "fakeNet0001"}, []byte("fake-key"))
	if err != nil {
		b.Fatal(err)
	}
	answer := []byte(benchAnswer)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(answer)
	}))
	b.Cleanup(srv.Close)
	hc := srv.Client()
	hc.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	ctx := context.Background()

	client := func() *bettermode.Client {
		c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.StaticToken(tok)))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = c.Close() })
		return c
	}
	type member struct {
		ID   string
		Name string
	}

	auth := "Bearer " + tok
	raw := func(out any) error { return rawRequest(ctx, hc, srv.URL, auth, out) }
	query, fields, basic := client(), api.New(client()), api.New(client())
	return []benchtest.Variant{
		{Name: "raw-net-http", Do: func() error {
			var out struct {
				Data struct {
					AuthMember member `json:"authMember"`
				} `json:"data"`
			}
			return raw(&out)
		}},
		{Name: "client-query-hasura", Do: func() error {
			var q struct {
				AuthMember member `graphql:"authMember"`
			}
			return query.Query(ctx, &q, nil)
		}},
		{Name: "api-fields", Do: func() error {
			_, err := fields.AuthMember(ctx, api.Fields("id name"))
			return err
		}},
		{Name: "api-basic", Do: func() error {
			_, err := basic.AuthMember(ctx)
			return err
		}},
		{Name: "raw-into-member", Do: func() error {
			var out struct {
				Data struct {
					AuthMember *flatMember `json:"authMember"`
				} `json:"data"`
			}
			return raw(&out)
		}},
	}
}

// BenchmarkAuthMemberInterleaved runs the variants of BenchmarkAuthMember
// interleaved (internal/benchtest: blocks of requests in a rotating order,
// so that the drift of a shared machine hits every variant alike) and
// reports per variant the wall time, the process's CPU time (client and
// in-process server), heap allocations and bytes per request, and each
// one's throughput relative to raw net/http and to Client.Query (by wall
// time). Two modes: "sequential" (one request at a time: latency) and
// "parallel" (GOMAXPROCS goroutines at once: throughput on every core, as
// RunParallel measures it). Run it with a fixed count of rounds:
//
//	go test -run '^$' -bench AuthMemberInterleaved -benchtime 40x -count 8 ./api
func BenchmarkAuthMemberInterleaved(b *testing.B) {
	benchtest.Modes(b, func(b *testing.B, workers int) {
		vs := authMemberVariants(b)
		wall := benchtest.Interleave(b, workers, vs)
		for i, v := range vs[2:] {
			b.ReportMetric(wall[0]/wall[i+2], v.Name+"-vs-raw")
			b.ReportMetric(wall[1]/wall[i+2], v.Name+"-vs-query")
		}
		b.ReportMetric(wall[0]/wall[1], "query-vs-raw")
	})
}

// cannedTransport answers every request with benchAnswer in the caller's
// goroutine: no network and no server, so that BenchmarkClientOnly
// measures the client's own work alone.
type cannedTransport struct{}

func (cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		ContentLength: int64(len(benchAnswer)), Body: io.NopCloser(strings.NewReader(benchAnswer)), Request: r}, nil
}

// BenchmarkClientOnly is BenchmarkAuthMember's client side alone, over a
// transport that answers at once: the hand-built request into a 2-field
// struct and into the generated Member, and the typed call with Fields
// and with Basic (over a transport of the caller's own, so through
// http.Client and with the per-attempt bound, both of which the client's
// own transport does without):
//
//	go test -run '^$' -bench ClientOnly -count 5 ./api
func BenchmarkClientOnly(b *testing.B) {
	tok, err := jwt.SignHS256(map[string]any{"exp": float64(time.Now().Add(24 * time.Hour).Unix()), "networkId": "fakeNet0001"}, []byte("fake-key"))
	if err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: cannedTransport{}}
	ctx := context.Background()
	auth := "Bearer " + tok
	raw := func(out any) error { return rawRequest(ctx, hc, "http://127.0.0.1/graphql", auth, out) }
	c, err := bettermode.NewClient(bettermode.WithEndpoint("http://127.0.0.1/graphql"), bettermode.WithHTTPClient(hc),
		bettermode.WithCredentials(bettermode.StaticToken(tok)))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	typed := api.New(c)
	for _, v := range []benchtest.Variant{
		{Name: "raw-net-http", Do: func() error {
			var out struct {
				Data struct {
					AuthMember struct{ ID, Name string } `json:"authMember"`
				} `json:"data"`
			}
			return raw(&out)
		}},
		{Name: "raw-into-member", Do: func() error {
			var out struct {
				Data struct {
					AuthMember *flatMember `json:"authMember"`
				} `json:"data"`
			}
			return raw(&out)
		}},
		{Name: "api-fields", Do: func() error {
			_, err := typed.AuthMember(ctx, api.Fields("id name"))
			return err
		}},
		{Name: "api-basic", Do: func() error {
			_, err := typed.AuthMember(ctx)
			return err
		}},
	} {
		b.Run(v.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := v.Do(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
