package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
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
	defer srv.Close()
	hc := srv.Client()
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
	client := func(b *testing.B) *bettermode.Client {
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

	b.Run("raw-net-http", func(b *testing.B) {
		body := []byte(`{"query":"{authMember{id,name}}"}`)
		auth := "Bearer " + tok
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
				Data struct {
					AuthMember member `json:"authMember"`
				} `json:"data"`
			}
			return json.NewDecoder(resp.Body).Decode(&out)
		})
	})
	b.Run("client-query-hasura", func(b *testing.B) {
		c := client(b)
		run(b, func() error {
			var q struct {
				AuthMember member `graphql:"authMember"`
			}
			return c.Query(ctx, &q, nil)
		})
	})
	b.Run("api-fields", func(b *testing.B) {
		c := api.New(client(b))
		run(b, func() error {
			_, err := c.AuthMember(ctx, api.Fields("id name"))
			return err
		})
	})
	b.Run("api-basic", func(b *testing.B) {
		c := api.New(client(b))
		run(b, func() error {
			_, err := c.AuthMember(ctx)
			return err
		})
	})
}
