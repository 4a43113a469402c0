// Command fleet runs two clients as a tiny fleet of replicas sharing one
// app token and one rate budget through Redis.
//
// With REDIS_URL set (such as redis://127.0.0.1:6379/0), it starts the
// embedded stand-in server of package bettermodetest with the free plan's
// rate limit, makes two clients of one app that share a redisstore
// TokenStore (tokens encrypted with AES-GCM under BETTERMODE_FLEET_KEY, 64
// hex digits, or a key made up for this run) and a redisstore Budget (the
// free plan: 100 requests and 10,000 complexity per 10 s), sends 15 queries
// from each, and shows that the fleet minted one token and was never
// answered 429. Its keys live under a prefix of their own and are deleted
// at the end. Without REDIS_URL it says what it would do and exits.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/budget"
	"github.com/bettermode-go/bettermode/redisstore"
)

func main() {
	if err := run(context.Background(), os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

const explanation = `REDIS_URL is not set, so this example only explains itself.

With REDIS_URL=redis://host:port/db it would run two clients (two replicas of one
app) against the embedded stand-in server, which enforces the free plan's limits:
  - one token for the fleet: both clients share a redisstore.TokenStore; the first
    to need a token takes a short lock in Redis, mints, and saves it encrypted with
    AES-GCM (key: BETTERMODE_FLEET_KEY, 64 hex digits); the other reads it;
  - one rate budget for the fleet: both share a redisstore.Budget (GCRA in Redis,
    the free plan: 100 requests and 10,000 complexity per 10 s), so together they
    are never answered 429;
  - if Redis fails, each client falls back to its own cache and budget.
Try: REDIS_URL=redis://127.0.0.1:6379/0 go run ./examples/fleet
`

func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	url := getenv("REDIS_URL")
	if url == "" {
		_, err := io.WriteString(out, explanation)
		return err
	}
	key, err := fleetKey(getenv("BETTERMODE_FLEET_KEY"))
	if err != nil {
		return err
	}
	rdb, err := redisstore.NewClient(url)
	if err != nil {
		return err
	}
	defer rdb.Close()
	if err := rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("cannot reach Redis at REDIS_URL: %w", err)
	}
	var run [4]byte
	_, _ = rand.Read(run[:])
	prefix := "bettermode-example:" + hex.EncodeToString(run[:]) + ":"
	defer func() { // this run's keys only: every key starts with the prefix
		if keys, _ := rdb.Keys(context.WithoutCancel(ctx), prefix+"*").Result(); len(keys) > 0 {
			rdb.Del(context.WithoutCancel(ctx), keys...)
		}
	}()

	srv := bettermodetest.NewServer()
	defer srv.Close()
	srv.LimitRate(bettermodetest.RateLimit{Requests: 100, Complexity: 10_000}) // the free plan, per 10 s
	a := srv.App()
	app := bettermode.App{ClientID: a.ClientID, ClientSecret: bettermode.Secret(a.ClientSecret), NetworkID: srv.Network().ID}

	store, err := redisstore.NewTokenStore(rdb, key, redisstore.WithPrefix(prefix))
	if err != nil {
		return err
	}
	var replicas []*bettermode.Client
	for range 2 {
		// Each replica has a budget object of its own, as separate processes
		// would; they share the budget through Redis.
		rb, err := redisstore.NewBudget(rdb, app.NetworkID, budget.Free, redisstore.WithPrefix(prefix))
		if err != nil {
			return err
		}
		c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(app),
			bettermode.WithCacheOptions(bettermode.WithTokenStore(store)), bettermode.WithRateBudget(rb))
		if err != nil {
			return err
		}
		defer c.Close()
		replicas = append(replicas, c)
	}

	var wg sync.WaitGroup
	errs := make([]error, len(replicas))
	for i, c := range replicas {
		wg.Go(func() {
			for range 15 {
				var q struct {
					AuthMember struct{ ID, Name string } `graphql:"authMember"`
				}
				if err := c.Query(ctx, &q, nil); err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	t0, err := replicas[0].Token(ctx)
	if err != nil {
		return err
	}
	t1, err := replicas[1].Token(ctx)
	if err != nil {
		return err
	}
	reqs, cx := srv.WindowMax()
	fmt.Fprintf(out, "replicas: 2, queries: %d\n", srv.Operations("authMember"))
	fmt.Fprintf(out, "app tokens minted for the fleet: %d\n", srv.Minted(bettermodetest.KindApp))
	fmt.Fprintf(out, "same token on both replicas: %t (%s)\n", t0.AccessToken == t1.AccessToken, t0)
	fmt.Fprintf(out, "answered 429: %d; busiest 10 s: %d requests, %d complexity (free plan: 100, 10000)\n", srv.RateLimited(), reqs, cx)
	return nil
}

// fleetKey returns the key of BETTERMODE_FLEET_KEY, or one for this run.
func fleetKey(hexKey string) ([]byte, error) {
	if hexKey == "" {
		key := make([]byte, redisstore.KeySize)
		_, err := rand.Read(key)
		return key, err
	}
	key, err := hex.DecodeString(hexKey)
	if err != nil || len(key) != redisstore.KeySize {
		return nil, errors.New("BETTERMODE_FLEET_KEY must be 64 hex digits (32 bytes)")
	}
	return key, nil
}
