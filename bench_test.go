package bettermode

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	graphql "github.com/hasura/go-graphql-client"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode/internal/jwt"
)

// nopTransport answers every request at once without I/O.
type nopTransport struct{ resp http.Response }

func (t *nopTransport) RoundTrip(*http.Request) (*http.Response, error) { return &t.resp, nil }

// BenchmarkTransport measures one authenticated RoundTrip over a no-op base
// transport: the cost the auth layer adds to every request.
func BenchmarkTransport(b *testing.B) {
	req, _ := http.NewRequest(http.MethodPost, "https://api.bettermode.com", http.NoBody)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", DefaultUserAgent)
	base := &nopTransport{resp: http.Response{StatusCode: 200, Body: http.NoBody}}
	b.Run("bettermode", func(b *testing.B) {
		cached := CacheSource(StaticToken("fake-access-token-1"))
		tr := NewTransport(cached, base)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tr.RoundTrip(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("x-oauth2", func(b *testing.B) {
		tr := &oauth2.Transport{Source: oauth2.ReuseTokenSource(nil, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "fake-access-token-1"})), Base: base}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := tr.RoundTrip(req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

type benchQuery struct {
	AuthMember struct {
		ID   string
		Name string
	} `graphql:"authMember"`
}

const benchAnswer = `{"data":{"authMember":{"id":"fakeMember01","name":"Fake Member"}}}`

// BenchmarkHotPath compares, against one in-process server, an app-token
// Client.Query with the same query through hasura with a constant header (the
// floor for any auth layer over it), hasura over x/oauth2's Transport, and
// raw net/http.
func BenchmarkHotPath(b *testing.B) {
	appTok := fakeJWT(b, map[string]any{"exp": fixedExp.Unix(), "networkId": fakeNetwork, "role": "admin", "kind": "app"})
	mint := []byte(`{"data":{"limitedToken":{"accessToken":"` + appTok + `","gatewayUrl":null}}}`)
	answer := []byte(benchAnswer)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if bytes.Contains(body, []byte("limitedToken")) {
			_, _ = w.Write(mint)
			return
		}
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write(answer)
	}))
	defer srv.Close()
	hc := srv.Client() // the pooled transport the baselines share
	hc.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	ctx := context.Background()

	run := func(b *testing.B, do func() error) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := do(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}

	b.Run("raw-net-http", func(b *testing.B) {
		body := []byte(`{"query":"{authMember{id,name}}"}`)
		auth := "Bearer " + appTok
		run(b, func() error {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", auth)
			resp, err := hc.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			var out struct {
				Data benchQuery `json:"data"`
			}
			return json.NewDecoder(resp.Body).Decode(&out)
		})
	})
	b.Run("hasura-constant-header", func(b *testing.B) {
		auth := "Bearer " + appTok
		c := graphql.NewClient(srv.URL, hc).WithRequestModifier(func(r *http.Request) { r.Header.Set("Authorization", auth) })
		run(b, func() error {
			var q benchQuery
			return c.Query(ctx, &q, nil)
		})
	})
	b.Run("hasura-x-oauth2", func(b *testing.B) {
		ts := oauth2.ReuseTokenSource(nil, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: appTok}))
		c := graphql.NewClient(srv.URL, &http.Client{Transport: &oauth2.Transport{Source: ts, Base: hc.Transport}})
		run(b, func() error {
			var q benchQuery
			return c.Query(ctx, &q, nil)
		})
	})
	b.Run("bettermode-app-token", func(b *testing.B) {
		// Default options: the client's own pooled transport and token cache.
		c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork}))
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		if _, err := c.Token(ctx); err != nil {
			b.Fatal(err)
		}
		run(b, func() error {
			var q benchQuery
			return c.Query(ctx, &q, nil)
		})
	})
}

// BenchmarkQueryText measures building the query text: hasura's reflection
// against the client's cache.
func BenchmarkQueryText(b *testing.B) {
	vars := map[string]any{"id": "fakeMember01", "limit": 10}
	type q struct {
		Member struct {
			ID, Name string
			Role     struct{ Name string }
		} `graphql:"member(id: $id, limit: $limit)"`
	}
	b.Run("hasura", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := graphql.ConstructQuery(&q{}, vars); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		var qc queryCache
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := qc.build(false, &q{}, vars, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRefreshStall measures request latency across token refreshes
// against an in-process server whose token endpoint takes 200 ms and whose
// tokens live 2 s: the SDK refreshes in the background while serving the
// still-valid token, x/oauth2's ReuseTokenSource blocks every caller for the
// whole fetch. It runs one fixed 5 s scenario per sub-benchmark; run it with
// -benchtime 1x. Reported: p50, p99 and max latency of all requests, the
// slowest request that overlapped a token fetch ("refresh-max"), and how many
// did; all in µs.
func BenchmarkRefreshStall(b *testing.B) {
	const (
		mintDelay = 200 * time.Millisecond
		lifetime  = 2 * time.Second
		scenario  = 5 * time.Second
		workers   = 2
	)
	type span struct{ start, end time.Time }
	var mintMu sync.Mutex
	var mints []span
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if bytes.Contains(body, []byte("limitedToken")) {
			start := time.Now()
			time.Sleep(mintDelay) // the slow token endpoint under test
			mintMu.Lock()
			mints = append(mints, span{start, time.Now()})
			mintMu.Unlock()
			tok, _ := jwt.SignHS256(map[string]any{"exp": float64(time.Now().Add(lifetime).UnixMilli()) / 1000, "networkId": fakeNetwork}, []byte("fake-key"))
			_, _ = w.Write([]byte(`{"data":{"limitedToken":{"accessToken":"` + tok + `","gatewayUrl":null}}}`))
			return
		}
		_, _ = w.Write([]byte(benchAnswer))
	}))
	defer srv.Close()
	hc := srv.Client()
	hc.Transport.(*http.Transport).MaxIdleConnsPerHost = 64

	measure := func(b *testing.B, query func(context.Context) error) {
		ctx := context.Background()
		if err := query(ctx); err != nil { // warm
			b.Fatal(err)
		}
		mintMu.Lock()
		mints = nil
		mintMu.Unlock()
		var mu sync.Mutex
		var reqs []span
		deadline := time.Now().Add(scenario)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []span
				for time.Now().Before(deadline) {
					start := time.Now()
					if err := query(ctx); err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, span{start, time.Now()})
				}
				mu.Lock()
				reqs = append(reqs, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		var lat, during, steady []time.Duration
		for _, r := range reqs {
			d := r.end.Sub(r.start)
			lat = append(lat, d)
			overlaps := false
			for _, m := range mints {
				if r.start.Before(m.end) && r.end.After(m.start) {
					overlaps = true
					break
				}
			}
			if overlaps {
				during = append(during, d)
			} else {
				steady = append(steady, d)
			}
		}
		if len(mints) < 2 || len(during) == 0 {
			b.Fatalf("the scenario saw %d token fetches and %d requests during them", len(mints), len(during))
		}
		pct := func(d []time.Duration, p float64) float64 {
			slices.Sort(d)
			return float64(d[int(p*float64(len(d)-1))].Microseconds())
		}
		b.ReportMetric(pct(lat, 0.50), "p50-µs")
		b.ReportMetric(pct(lat, 0.99), "p99-µs")
		b.ReportMetric(pct(lat, 1), "max-µs")
		b.ReportMetric(pct(steady, 1), "steady-max-µs")
		b.ReportMetric(pct(during, 0.5), "refresh-p50-µs")
		b.ReportMetric(pct(during, 1), "refresh-max-µs")
		b.ReportMetric(float64(len(mints)), "fetches")
	}

	b.Run("bettermode", func(b *testing.B) {
		for b.Loop() {
			// Default options: the cache scales its windows to the 2 s tokens.
			c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork}))
			if err != nil {
				b.Fatal(err)
			}
			measure(b, func(ctx context.Context) error {
				var q benchQuery
				return c.Query(ctx, &q, nil)
			})
			c.Close()
		}
	})
	b.Run("x-oauth2", func(b *testing.B) {
		for b.Loop() {
			app, _ := App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork}.bind(&binding{endpoint: srv.URL,
				caller: newCaller(hc, DefaultUserAgent, defaultMaxResponseBytes, RetryPolicy{}, DefaultStallTimeout, nil)})
			ts := oauth2.ReuseTokenSourceWithExpiry(nil, ToOAuth2(context.Background(), app), 500*time.Millisecond)
			c := graphql.NewClient(srv.URL, &http.Client{Transport: &oauth2.Transport{Source: ts, Base: hc.Transport}})
			measure(b, func(ctx context.Context) error {
				var q benchQuery
				return c.Query(ctx, &q, nil)
			})
		}
	})
}
