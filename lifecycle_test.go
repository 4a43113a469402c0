package bettermode

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// handlerTransport serves requests with a handler in the caller's goroutine:
// no sockets, so that a client and the stand-in run inside a synctest bubble,
// where time passes only when every goroutine waits.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// bubbleClient returns a client for srv (made with bettermodetest.New) over
// handlerTransport, with default options unless opts say otherwise.
func bubbleClient(t *testing.T, srv *bettermodetest.Server, src CredentialSource, opts ...Option) *Client {
	t.Helper()
	hc := &http.Client{Transport: handlerTransport{srv.Handler()}}
	c, err := NewClient(append([]Option{WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc), WithCredentials(src)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func memberOf(srv *bettermodetest.Server) Member {
	m := srv.Member()
	return Member{NetworkDomain: srv.Network().Domain, UsernameOrEmail: m.Email, Password: Secret(m.Password)}
}

func appOf(srv *bettermodetest.Server) App {
	a := srv.App()
	return App{ClientID: a.ClientID, ClientSecret: Secret(a.ClientSecret), NetworkID: srv.Network().ID}
}

// TestShortLivedTokensWithDefaults: tokens of any lifetime above a second
// work with default options. Over three lifetimes and more, a member logs
// in once and then renews with its refresh token in the background; no call
// fails and no request carries an expired token.
func TestShortLivedTokensWithDefaults(t *testing.T) {
	for _, life := range []time.Duration{1500 * time.Millisecond, 5 * time.Second, 10 * time.Second, 60 * time.Second} {
		t.Run(life.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := bettermodetest.New(bettermodetest.WithTokenLifetime(life))
				c := bubbleClient(t, srv, memberOf(srv))
				ctx := context.Background()
				calls := 0
				for elapsed := time.Duration(0); elapsed < 4*life; elapsed += life / 20 {
					var q authMemberQuery
					require.NoError(t, c.Query(ctx, &q, nil), "at %s", elapsed)
					calls++
					time.Sleep(life / 20)
					synctest.Wait() // let a background refresh finish
				}
				assert.Equal(t, 1, srv.Operations("loginNetwork"), "one login")
				assert.Zero(t, srv.Rejected(bettermodetest.RejectExpired), "no request carried an expired token")
				assert.Equal(t, calls, srv.Operations("authMember"), "no query was resent")
				renewals := srv.Operations("tokens") - 1 // the first is the login's guest token
				assert.GreaterOrEqual(t, renewals, 4, "renewed by refresh token at least once per lifetime")
				assert.LessOrEqual(t, renewals, 12, "renewed at most three times per lifetime")
			})
		})
	}
}

// TestMemberSessionLifecycle counts round trips: cold login 2, warm 0, a
// background refresh 1 (tokens with the refresh token, no password).
func TestMemberSessionLifecycle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := bettermodetest.New(bettermodetest.WithTokenLifetime(time.Hour))
		events := make(chan TokenEvent, 16)
		c := bubbleClient(t, srv, memberOf(srv), WithCacheOptions(WithTokenHook(func(e TokenEvent) { events <- e })))
		ctx := context.Background()

		first, err := c.Token(ctx)
		require.NoError(t, err)
		assert.Equal(t, TokenMinted, (<-events).Type)
		assert.Equal(t, 1, srv.Minted(bettermodetest.KindGuest))
		assert.Equal(t, 1, srv.Minted(bettermodetest.KindMember))
		assert.Equal(t, 2, srv.Operations("tokens")+srv.Operations("loginNetwork"), "member cold: 2 round trips")

		time.Sleep(30 * time.Minute) // fresh: no round trip
		tok, err := c.Token(ctx)
		require.NoError(t, err)
		assert.Same(t, first, tok)
		assert.Equal(t, 2, srv.Operations("tokens")+srv.Operations("loginNetwork"), "warm: 0 round trips")

		time.Sleep(25 * time.Minute) // inside the early-refresh window
		tok, err = c.Token(ctx)
		require.NoError(t, err)
		assert.Same(t, first, tok, "a stale token is served at once")
		ev := <-events
		require.Equal(t, TokenRefreshed, ev.Type, "refresh event: %v", ev.Err)
		assert.Equal(t, 3, srv.Operations("tokens")+srv.Operations("loginNetwork"), "refresh: 1 round trip")
		assert.Equal(t, 1, srv.Operations("loginNetwork"), "the password is sent once per session")
		next, err := c.Token(ctx)
		require.NoError(t, err)
		assert.NotEqual(t, first.AccessToken.Reveal(), next.AccessToken.Reveal())
		assert.True(t, next.Expiry.After(first.Expiry))
	})
}

// TestColdStorm: 1000 goroutines on a cold client with default options cause
// exactly one mint and no error.
func TestColdStorm(t *testing.T) {
	srv := bettermodetest.Start(t)
	c := standInClient(t, srv, appOf(srv))
	const n = 1000
	var wg sync.WaitGroup
	start := make(chan struct{})
	var failures atomic.Int32
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var q authMemberQuery
			if err := c.Query(context.Background(), &q, nil); err != nil {
				failures.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.Equal(t, 1, srv.Minted(bettermodetest.KindApp), "one mint for a storm of %d", n)
	assert.Equal(t, n, srv.Operations("authMember"))
}

// TestQueryStormAfterRejection: every request of a storm carries a token the
// server rejects; the rejections cause one re-mint and every request succeeds.
func TestQueryStormAfterRejection(t *testing.T) {
	us := bettermodetest.Start(t)
	eu := bettermodetest.Start(t, bettermodetest.WithRegion("eu"))
	real, err := appOf(eu).bind(testBindingURL(eu.URL))
	require.NoError(t, err)
	foreign := Secret(us.MintToken(bettermodetest.KindApp, ""))
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
	for range n {
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

// TestExpiredTokenIsNeverSent: past expiry, the client mints before sending
// instead of sending the expired token.
func TestExpiredTokenIsNeverSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := bettermodetest.New(bettermodetest.WithTokenLifetime(10 * time.Minute))
		c := bubbleClient(t, srv, appOf(srv))
		var q authMemberQuery
		require.NoError(t, c.Query(context.Background(), &q, nil))
		time.Sleep(11 * time.Minute)
		require.NoError(t, c.Query(context.Background(), &q, nil))
		assert.Zero(t, srv.Rejected(bettermodetest.RejectExpired), "no request carried an expired token")
		assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp))
	})
}

// TestCloseStopsBackgroundRefresh: a client closed while its token is stale
// and a refresh failed leaves no goroutine behind (goleak in TestMain).
func TestCloseStopsBackgroundRefresh(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := bettermodetest.New()
		srv.InjectFault("limitedToken", bettermodetest.Fault{Status: 503, Nth: 2})
		c := bubbleClient(t, srv, appOf(srv), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
		_, err := c.Token(context.Background())
		require.NoError(t, err)
		time.Sleep(58 * time.Minute) // stale: a background refresh starts and fails
		_, err = c.Token(context.Background())
		require.NoError(t, err)
		synctest.Wait()
		assert.Equal(t, 2, srv.Operations("limitedToken"))
		require.NoError(t, c.Close())
		_, err = c.Token(context.Background())
		require.ErrorIs(t, err, ErrClosed)
	})
}

// TestLogout: Logout ends the member session (its refresh token stops
// working), drops it from the cache, and the next call logs in anew.
func TestLogout(t *testing.T) {
	srv := bettermodetest.Start(t)
	c := standInClient(t, srv, memberOf(srv))
	ctx := context.Background()
	first, err := c.Token(ctx)
	require.NoError(t, err)
	require.NoError(t, c.Logout(ctx))
	assert.Equal(t, 1, srv.Operations("logoutNetwork"))

	old, err := NewClient(WithEndpoint(srv.URL))
	require.NoError(t, err)
	defer old.Close()
	_, err = old.Exec(ctx, `query { tokens(refreshToken: "`+first.RefreshToken.Reveal()+`") { accessToken } }`, nil)
	require.ErrorIs(t, err, ErrUnauthorized, "the session's refresh token no longer works")

	var q authMemberQuery
	require.NoError(t, c.Query(ctx, &q, nil))
	assert.Equal(t, 2, srv.Operations("loginNetwork"), "the next call logged in anew")
	next, err := c.Token(ctx)
	require.NoError(t, err)
	assert.NotEqual(t, first.AccessToken.Reveal(), next.AccessToken.Reveal())

	noCreds, err := NewClient(WithEndpoint(srv.URL))
	require.NoError(t, err)
	defer noCreds.Close()
	require.ErrorIs(t, noCreds.Logout(ctx), ErrUnauthorized)
}
