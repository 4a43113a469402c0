package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
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
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := v.do(); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// variant is one way to make the benchmark's request.
type variant struct {
	name string
	do   func() error
}

// flatMember is api.Member without its UnmarshalJSON: what the typed call
// decodes into in one pass when no union field is selected.
type flatMember api.Member

// authMemberVariants starts the benchmark's server and returns the ways to
// ask it for authMember { id name }: the four compared, and the raw request
// decoded into the generated Member (what the result type alone costs).
func authMemberVariants(b *testing.B) []variant {
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

	body := []byte(`{"query":"{authMember{id,name}}"}`)
	auth := "Bearer " + tok
	query, fields, basic := client(), api.New(client()), api.New(client())
	return []variant{
		{"raw-net-http", func() error {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", auth)
			resp, err := hc.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			var out struct {
				Data struct {
					AuthMember member `json:"authMember"`
				} `json:"data"`
			}
			return json.NewDecoder(resp.Body).Decode(&out)
		}},
		{"client-query-hasura", func() error {
			var q struct {
				AuthMember member `graphql:"authMember"`
			}
			return query.Query(ctx, &q, nil)
		}},
		{"api-fields", func() error {
			_, err := fields.AuthMember(ctx, api.Fields("id name"))
			return err
		}},
		{"api-basic", func() error {
			_, err := basic.AuthMember(ctx)
			return err
		}},
		{"raw-into-member", func() error {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", auth)
			resp, err := hc.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			var out struct {
				Data struct {
					AuthMember *flatMember `json:"authMember"`
				} `json:"data"`
			}
			return json.NewDecoder(resp.Body).Decode(&out)
		}},
	}
}

// BenchmarkAuthMemberInterleaved runs the variants of BenchmarkAuthMember
// in turn, in blocks of requests in a rotating order, so that the drift of
// a shared machine hits every variant alike, and reports per variant the
// wall time, the process's CPU time (client and in-process server) and
// heap allocations per request, and each one's throughput relative to raw
// net/http and to Client.Query (by wall time). Two modes: "sequential"
// blocks of 100 requests one after the other (latency), and "parallel"
// blocks where GOMAXPROCS goroutines make 100 requests each at once
// (throughput on every core, as RunParallel measures it). Run it with a
// fixed count of rounds:
//
//	go test -run '^$' -bench AuthMemberInterleaved -benchtime 40x -count 8 ./api
func BenchmarkAuthMemberInterleaved(b *testing.B) {
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		name := "sequential"
		if workers > 1 {
			name = "parallel"
		}
		b.Run(name, func(b *testing.B) { interleave(b, workers) })
	}
}

// interleave runs BenchmarkAuthMemberInterleaved with workers goroutines.
func interleave(b *testing.B, workers int) {
	vs := authMemberVariants(b)
	const block = 100
	wall := make([]time.Duration, len(vs))
	cpu := make([]time.Duration, len(vs))
	mallocs := make([]uint64, len(vs))
	allocBytes := make([]uint64, len(vs))
	var ms runtime.MemStats
	run := func(do func() error) error {
		errs := make(chan error, workers)
		for range workers {
			go func() {
				for range block {
					if err := do(); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		var first error
		for range workers {
			if err := <-errs; err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	for _, v := range vs { // warm every connection pool and cache
		if err := run(v.do); err != nil {
			b.Fatal(err)
		}
	}
	round := 0
	for b.Loop() {
		for k := range vs {
			i := (k + round) % len(vs)
			runtime.ReadMemStats(&ms)
			m0, a0, c0, t0 := ms.Mallocs, ms.TotalAlloc, cpuTime(), time.Now()
			if err := run(vs[i].do); err != nil {
				b.Fatal(err)
			}
			wall[i] += time.Since(t0)
			cpu[i] += cpuTime() - c0
			runtime.ReadMemStats(&ms)
			mallocs[i] += ms.Mallocs - m0
			allocBytes[i] += ms.TotalAlloc - a0
		}
		round++
	}
	n := float64(round * block * workers)
	for i, v := range vs {
		b.ReportMetric(float64(wall[i].Nanoseconds())/n, v.name+"-ns/req")
		b.ReportMetric(float64(cpu[i].Nanoseconds())/n, v.name+"-cpu-ns/req")
		b.ReportMetric(float64(mallocs[i])/n, v.name+"-allocs/req")
		b.ReportMetric(float64(allocBytes[i])/n, v.name+"-B/req")
	}
	for i, v := range vs[2:] {
		b.ReportMetric(float64(wall[0])/float64(wall[i+2]), v.name+"-vs-raw")
		b.ReportMetric(float64(wall[1])/float64(wall[i+2]), v.name+"-vs-query")
	}
	b.ReportMetric(float64(wall[0])/float64(wall[1]), "query-vs-raw")
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
	body := []byte(`{"query":"{authMember{id,name}}"}`)
	raw := func(out any) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://127.0.0.1/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		return json.NewDecoder(resp.Body).Decode(out)
	}
	c, err := bettermode.NewClient(bettermode.WithEndpoint("http://127.0.0.1/graphql"), bettermode.WithHTTPClient(hc),
		bettermode.WithCredentials(bettermode.StaticToken(tok)))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	typed := api.New(c)
	for _, v := range []variant{
		{"raw-net-http", func() error {
			var out struct {
				Data struct {
					AuthMember struct{ ID, Name string } `json:"authMember"`
				} `json:"data"`
			}
			return raw(&out)
		}},
		{"raw-into-member", func() error {
			var out struct {
				Data struct {
					AuthMember *flatMember `json:"authMember"`
				} `json:"data"`
			}
			return raw(&out)
		}},
		{"api-fields", func() error {
			_, err := typed.AuthMember(ctx, api.Fields("id name"))
			return err
		}},
		{"api-basic", func() error {
			_, err := typed.AuthMember(ctx)
			return err
		}},
	} {
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := v.do(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
