package budget_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/budget"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPlanLimits(t *testing.T) {
	limits, err := budget.Free.Limits()
	require.NoError(t, err)
	assert.Equal(t, []budget.Limit{
		{Name: budget.LimitRequests, Max: 100, Burst: 10, Rate: 85, Period: 10 * time.Second},
		{Name: budget.LimitComplexity, Max: 10_000, Burst: 1000, Rate: 8500, Period: 10 * time.Second},
		{Name: budget.LimitDaily, Max: 50_000, Burst: 25_000, Rate: 22_500, Period: 24 * time.Hour},
	}, limits)
	limits, err = budget.Enterprise.Limits()
	require.NoError(t, err)
	assert.Equal(t, 200, limits[0].Max)
	assert.Equal(t, 20_000, limits[1].Max)
	assert.Equal(t, 500_000, limits[2].Max)
	assert.Equal(t, budget.Enterprise, budget.APIAddOn)

	limits, err = budget.Plan{Requests: 1}.Limits()
	require.NoError(t, err)
	assert.Equal(t, []budget.Limit{{Name: budget.LimitRequests, Max: 1, Burst: 1, Rate: 1, Period: 10 * time.Second}}, limits)
	half := budget.Free.Scale(0.5)
	assert.Equal(t, budget.Plan{Requests: 50, Complexity: 5000, RequestsPerDay: 25_000}, half)

	for _, bad := range []budget.Plan{{Requests: -1}, {Window: -time.Second}, {Burst: 2}, {Headroom: 0.9}} {
		_, err := budget.New(bad)
		assert.Error(t, err, "%+v", bad)
	}
}

// TestWaitBounds: a wait beyond the bound or the deadline fails at once
// with ErrRateLimited, and takes nothing; cancelling a wait gives back
// what it took.
func TestWaitBounds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		l, err := budget.New(budget.Plan{Requests: 10, Window: 10 * time.Second}, budget.WithMaxWait(time.Second))
		require.NoError(t, err)
		require.NoError(t, l.Wait(ctx, 1), "the burst")
		start := time.Now()
		err = l.Wait(ctx, 1) // the next unit comes back in 10s/8
		require.ErrorIs(t, err, bettermode.ErrRateLimited)
		assert.Zero(t, time.Since(start), "failed at once")
		var we *budget.WaitError
		require.ErrorAs(t, err, &we)
		assert.Equal(t, budget.LimitRequests, we.Limit)
		assert.InDelta(t, 1250*time.Millisecond, we.Delay, float64(time.Millisecond))
		assert.Equal(t, we.Delay, we.RetryAfter())

		time.Sleep(500 * time.Millisecond)
		start = time.Now()
		require.NoError(t, l.Wait(ctx, 1), "a wait within the bound")
		assert.InDelta(t, 750*time.Millisecond, time.Since(start), float64(time.Millisecond))

		dl, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		require.ErrorIs(t, l.Wait(dl, 1), bettermode.ErrRateLimited, "past the deadline: not started")

		time.Sleep(500 * time.Millisecond)
		cctx, cancel2 := context.WithCancel(ctx)
		go func() { time.Sleep(100 * time.Millisecond); cancel2() }()
		require.ErrorIs(t, l.Wait(cctx, 1), context.Canceled)
		start = time.Now()
		require.NoError(t, l.Wait(ctx, 1))
		assert.InDelta(t, 650*time.Millisecond, time.Since(start), float64(time.Millisecond), "the cancelled wait gave its unit back")

		never, _ := budget.New(budget.Plan{Requests: 10}, budget.WithMaxWait(-1))
		require.NoError(t, never.Wait(ctx, 1))
		require.ErrorIs(t, never.Wait(ctx, 1), bettermode.ErrRateLimited)
	})
}

func TestBackoffAndCharge(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		l, err := budget.New(budget.Plan{Complexity: 100, Window: time.Second})
		require.NoError(t, err)
		l.Backoff(ctx, 2*time.Second)
		l.Backoff(ctx, time.Second) // a shorter one does not shorten it
		start := time.Now()
		require.NoError(t, l.Wait(ctx, 1))
		assert.Equal(t, 2*time.Second, time.Since(start))

		time.Sleep(time.Second) // the burst is back: 10
		require.NoError(t, l.Wait(ctx, 5))
		l.Charge(ctx, 25, 5) // 20 more than estimated: a debt the next request waits for
		start = time.Now()
		require.NoError(t, l.Wait(ctx, 5))
		assert.Greater(t, time.Since(start), 200*time.Millisecond)
		l.Charge(ctx, 1, 5) // an overestimate is kept
	})
}

// handlerTransport serves requests with a handler in the caller's goroutine,
// so that clients and the stand-in run in a synctest bubble.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// TestFreePlanAgainstStandIn: three clients of one process share the free
// plan's budget and send three times its burst (300 queries); the
// stand-in, which enforces the free plan, answers no 429 and sees no
// 10-second window above 100 requests or 10,000 complexity. In a synctest
// bubble the 30 seconds pass at once.
func TestFreePlanAgainstStandIn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := bettermodetest.New()
		srv.LimitRate(bettermodetest.RateLimit{Requests: 100, Complexity: 10_000, Window: 10 * time.Second})
		b, err := budget.New(budget.Free)
		require.NoError(t, err)
		a := srv.App()
		start := time.Now()
		var wg sync.WaitGroup
		for range 3 {
			c, err := bettermode.NewClient(bettermode.WithEndpoint("http://localhost/graphql"),
				bettermode.WithHTTPClient(&http.Client{Transport: handlerTransport{srv.Handler()}}),
				bettermode.WithCredentials(bettermode.App{ClientID: a.ClientID, ClientSecret: bettermode.Secret(a.ClientSecret), NetworkID: srv.Network().ID}),
				bettermode.WithRateBudget(b))
			require.NoError(t, err)
			defer c.Close()
			wg.Go(func() {
				for range 100 {
					var q struct {
						AuthMember struct{ ID string } `graphql:"authMember"`
					}
					assert.NoError(t, c.Query(context.Background(), &q, nil))
				}
			})
		}
		wg.Wait()
		reqs, cx := srv.WindowMax()
		t.Logf("300 queries and 3 mints in %s; busiest 10 s: %d requests, %d complexity", time.Since(start), reqs, cx)
		assert.Zero(t, srv.RateLimited())
		assert.LessOrEqual(t, reqs, 100)
		assert.Greater(t, time.Since(start), 20*time.Second, "paced, not sent at once")
	})
}

// TestTakeChargesWithoutWaiting: Take (how the client charges a token
// mint) never waits, even into debt, and the next Wait waits for it.
func TestTakeChargesWithoutWaiting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		l, err := budget.New(budget.Plan{Requests: 10, Window: time.Second}) // burst 1
		require.NoError(t, err)
		start := time.Now()
		l.Take(ctx, 1)
		l.Take(ctx, 1) // into debt, at once
		assert.Zero(t, time.Since(start))
		require.NoError(t, l.Wait(ctx, 1))
		assert.Positive(t, time.Since(start), "the next request waited for the mints")
	})
}
