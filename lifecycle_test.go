package bettermode

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/clock"
)

// TestMemberSessionLifecycle drives a member client with one fake clock
// shared by the client and the stand-in: cold login costs 2 round trips,
// warm 0, a proactive refresh 1 (tokens with the refresh token, no
// password), and the password is sent once per session.
func TestMemberSessionLifecycle(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	srv := bettermodetest.Start(t, bettermodetest.WithClock(clk.Now), bettermodetest.WithTokenLifetime(time.Hour))
	mem := srv.Member()
	events := make(chan TokenEvent, 16)
	c := standInClient(t, srv, Member{NetworkDomain: srv.Network().Domain, UsernameOrEmail: mem.Email, Password: mem.Password},
		withClientClock(clk), WithCacheOptions(WithTokenHook(func(e TokenEvent) { events <- e })))
	ctx := context.Background()

	first, err := c.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, TokenMinted, (<-events).Type)
	assert.Equal(t, 1, srv.Minted(bettermodetest.KindGuest))
	assert.Equal(t, 1, srv.Minted(bettermodetest.KindMember))
	assert.Equal(t, 2, srv.Operations("tokens")+srv.Operations("loginNetwork"), "member cold: 2 round trips")

	clk.Advance(30 * time.Minute) // fresh: no round trip
	tok, err := c.Token(ctx)
	require.NoError(t, err)
	assert.Same(t, first, tok)
	assert.Equal(t, 2, srv.Operations("tokens")+srv.Operations("loginNetwork"), "warm: 0 round trips")

	clk.Advance(25 * time.Minute) // inside the early-refresh window (5m cap + jitter before expiry-10s)
	tok, err = c.Token(ctx)
	require.NoError(t, err)
	assert.Same(t, first, tok, "a stale token is served at once")
	ev := <-events
	require.Equal(t, TokenRefreshed, ev.Type, "refresh event: %v", ev.Err)
	assert.Equal(t, 3, srv.Operations("tokens")+srv.Operations("loginNetwork"), "refresh: 1 round trip")
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindMember))
	assert.Equal(t, 1, srv.Operations("loginNetwork"), "the password is sent once per session")
	next, err := c.Token(ctx)
	require.NoError(t, err)
	assert.NotEqual(t, first.AccessToken, next.AccessToken)
	assert.True(t, next.Expiry.After(first.Expiry))

	var q authMemberQuery
	require.NoError(t, c.Query(ctx, &q, nil))
	assert.Equal(t, mem.ID, q.AuthMember.ID)
}

// TestColdStorm: 1000 goroutines on a cold client cause exactly one mint.
func TestColdStorm(t *testing.T) {
	srv := bettermodetest.Start(t)
	app := srv.App()
	c := standInClient(t, srv, App{ClientID: app.ClientID, ClientSecret: app.ClientSecret, NetworkID: srv.Network().ID})
	const n = 1000
	var wg sync.WaitGroup
	start := make(chan struct{})
	var failures atomic.Int32
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, err := c.Token(context.Background()); err != nil {
				failures.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.Equal(t, 1, srv.Minted(bettermodetest.KindApp), "one mint for a storm of %d", n)
	assert.Equal(t, 1, srv.Operations("limitedToken"))
}

// TestQueryStormAfterRejection: every request of a storm carries a token the
// server rejects; the rejections cause one re-mint and every request succeeds.
func TestQueryStormAfterRejection(t *testing.T) {
	us := bettermodetest.Start(t)
	eu := bettermodetest.Start(t, bettermodetest.WithRegion("eu"))
	app := eu.App()
	real, err := App{ClientID: app.ClientID, ClientSecret: app.ClientSecret, NetworkID: eu.Network().ID}.bind(testBindingURL(eu.URL))
	require.NoError(t, err)
	foreign := us.MintToken(bettermodetest.KindApp, "")
	var mints atomic.Int32
	src := CredentialSourceFunc(func(ctx context.Context) (*Token, error) {
		if mints.Add(1) == 1 {
			return &Token{AccessToken: foreign, Kind: KindApp}, nil
		}
		return real.Token(ctx)
	})
	c := standInClient(t, eu, src)
	_, err = c.Token(context.Background()) // warm the cache with the rejected token
	require.NoError(t, err)
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var q authMemberQuery
			errs <- c.Query(context.Background(), &q, nil)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, int32(2), mints.Load(), "a storm of 401s causes one re-mint")
	assert.Equal(t, 1, eu.Minted(bettermodetest.KindApp))
	rejected := eu.Rejected(bettermodetest.RejectWrongRegion)
	assert.GreaterOrEqual(t, rejected, 1)
	assert.Equal(t, n+rejected, eu.Operations("authMember"), "each rejected request is resent once")
}

// TestExpiredTokenIsNeverSent: with the clock past expiry, the client mints
// before sending instead of sending the expired token.
func TestExpiredTokenIsNeverSent(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	srv := bettermodetest.Start(t, bettermodetest.WithClock(clk.Now), bettermodetest.WithTokenLifetime(10*time.Minute))
	app := srv.App()
	c := standInClient(t, srv, App{ClientID: app.ClientID, ClientSecret: app.ClientSecret, NetworkID: srv.Network().ID}, withClientClock(clk))
	var q authMemberQuery
	require.NoError(t, c.Query(context.Background(), &q, nil))
	clk.Advance(11 * time.Minute)
	require.NoError(t, c.Query(context.Background(), &q, nil))
	assert.Zero(t, srv.Rejected(bettermodetest.RejectExpired), "no request carried an expired token")
	assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp))
}

func TestCloseStopsBackgroundRefresh(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	srv := bettermodetest.Start(t, bettermodetest.WithClock(clk.Now))
	srv.InjectFault("limitedToken", bettermodetest.Fault{Status: 503, Nth: 2})
	app := srv.App()
	c, err := NewClient(WithEndpoint(srv.URL), withClientClock(clk), WithCredentials(App{ClientID: app.ClientID, ClientSecret: app.ClientSecret, NetworkID: srv.Network().ID}),
		WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	require.NoError(t, err)
	_, err = c.Token(context.Background())
	require.NoError(t, err)
	clk.Advance(58 * time.Minute) // stale: a background refresh starts and fails, then waits to retry
	_, err = c.Token(context.Background())
	require.NoError(t, err)
	require.True(t, clk.WaitTimers(1, nil), "the refresh loop waits on its backoff timer")
	require.NoError(t, c.Close())
	assert.Zero(t, clk.Timers(), "Close stopped the retry")
	// goleak in TestMain checks that no goroutine outlives the client.
}
