package bettermodetest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

const tokensQuery = `query { tokens(networkDomain: "fake-community.example.com") { accessToken } }`

// TestLimitRate: requests over the limit are answered 429 with code 104 and
// a Retry-After, without being executed; WindowMax reports the busiest
// window; a zero RateLimit lifts the limit.
func TestLimitRate(t *testing.T) {
	srv := bettermodetest.Start(t)
	srv.LimitRate(bettermodetest.RateLimit{Requests: 3, Window: time.Hour})
	for range 3 {
		a := post(t, srv, "", tokensQuery, nil)
		require.Equal(t, http.StatusOK, a.Status, a.Raw)
	}
	a := post(t, srv, "", tokensQuery, nil)
	assert.Equal(t, http.StatusTooManyRequests, a.Status)
	assert.Equal(t, bettermodetest.CodeRateLimited, a.code(t))
	assert.Equal(t, "3600", a.Header.Get("Retry-After"))
	assert.Equal(t, 3, srv.Operations("tokens"), "the limited request was not executed")
	assert.Equal(t, 1, srv.RateLimited())
	assert.Equal(t, 1, srv.Rejected(bettermodetest.RejectRateLimited))
	reqs, cx := srv.WindowMax()
	assert.Equal(t, 4, reqs, "every arrival counts")
	assert.Equal(t, 6, cx, "tokens { accessToken } is 2, three times")

	srv.LimitRate(bettermodetest.RateLimit{Complexity: 4, Window: time.Hour})
	assert.Equal(t, 200, post(t, srv, "", tokensQuery, nil).Status)
	assert.Equal(t, 200, post(t, srv, "", tokensQuery, nil).Status)
	assert.Equal(t, 429, post(t, srv, "", tokensQuery, nil).Status, "4 complexity spent")

	srv.LimitRate(bettermodetest.RateLimit{})
	assert.Equal(t, 200, post(t, srv, "", tokensQuery, nil).Status)
	assert.Zero(t, srv.RateLimited())
}
