package bettermode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests pin the sender's limits and defaults at their boundaries:
// the response-size limit byte for byte, the retry policy's defaults, the
// rate-limit budget and the backoff, so that an off-by-one or a lost
// default fails a test (see mutants_test.go).

// sizedBody returns a GraphQL answer of exactly n bytes.
func sizedBody(t *testing.T, n int) string {
	t.Helper()
	const head, tail = `{"data":{"x":"`, `"}}`
	require.GreaterOrEqual(t, n, len(head)+len(tail))
	return head + strings.Repeat("a", n-len(head)-len(tail)) + tail
}

func TestResponseSizeLimitBoundary(t *testing.T) {
	const limit = 1024
	for _, declared := range []bool{true, false} {
		for _, tt := range []struct {
			size    int
			tooLong bool
		}{
			{size: limit - 1},
			{size: limit},
			{size: limit + 1, tooLong: true},
			{size: 4 * limit, tooLong: true},
		} {
			t.Run(fmt.Sprintf("declared=%v/size=%d", declared, tt.size), func(t *testing.T) {
				body := sizedBody(t, tt.size)
				var calls atomic.Int32
				h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					calls.Add(1)
					if declared {
						w.Header().Set("Content-Length", strconv.Itoa(len(body)))
					}
					_, _ = io.WriteString(w, body)
				})
				c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithCredentials(StaticToken("fake-access-token-1")),
					WithHTTPClient(&http.Client{Transport: handlerTransport{h}}), WithMaxResponseBytes(limit))
				require.NoError(t, err)
				t.Cleanup(func() { _ = c.Close() })
				resp, err := c.Exec(context.Background(), "{x}", nil)
				assert.EqualValues(t, 1, calls.Load(), "an answer too large is not retried")
				if tt.tooLong {
					require.Error(t, err)
					assert.Contains(t, err.Error(), "response larger than 1024 bytes; raise the limit with WithMaxResponseBytes")
					return
				}
				require.NoError(t, err)
				assert.Len(t, resp.Data, tt.size-len(`{"data":}`))
			})
		}
	}
}

// hourCtx returns a context that ends an hour (of the bubble's time) after
// now, so that a sender that retries forever fails its test instead of
// hanging it.
func hourCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	t.Cleanup(cancel)
	return ctx
}

// scriptedClient returns a client, in a synctest bubble, whose requests get
// the answers in turn (the last one repeats).
func scriptedClient(t *testing.T, answers []answer, opts ...Option) (*Client, *fakeAPI) {
	api := newBubbleAPI(map[string][]answer{"*": answers})
	return bubbleAPIClient(t, api, StaticToken("fake-access-token-1"), opts...), api
}

func httpAnswer(code int, hdr ...string) answer {
	a := answer{status: code, body: `{"data":null}`, header: map[string]string{}}
	for i := 0; i+1 < len(hdr); i += 2 {
		a.header[hdr[i]] = hdr[i+1]
	}
	return a
}

// TestRetryPolicyDefaults: a zero policy, or none, retries a query three
// times in all after 5xx answers, waiting 100–200 ms and then 200–400 ms
// (a 200 ms base, doubled, with equal jitter).
func TestRetryPolicyDefaults(t *testing.T) {
	for name, opts := range map[string][]Option{
		"no policy":            nil,
		"zero policy":          {WithRetryPolicy(RetryPolicy{})},
		"negative fields":      {WithRetryPolicy(RetryPolicy{MaxAttempts: -1, BaseDelay: -1, MaxDelay: -1})},
		"max attempts 3 given": {WithRetryPolicy(RetryPolicy{MaxAttempts: 3})},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, api := scriptedClient(t, []answer{httpAnswer(500)}, opts...)
				start := time.Now()
				_, err := c.Exec(hourCtx(t), "{x}", nil)
				elapsed := time.Since(start)
				require.Error(t, err)
				assert.Equal(t, 500, err.(*Error).StatusCode)
				assert.Equal(t, 3, api.count())
				assert.GreaterOrEqual(t, elapsed, 300*time.Millisecond)
				assert.Less(t, elapsed, 600*time.Millisecond)
			})
		})
	}
}

// TestRetryPolicyMaxDelay: the delay doubles from BaseDelay up to MaxDelay
// (default 5 s), each drawn in [d/2, d).
func TestRetryPolicyMaxDelay(t *testing.T) {
	tests := []struct {
		name     string
		policy   RetryPolicy
		attempts int
		min, max time.Duration
	}{
		// 1 s, 2 s, 4 s, then 5 s (not 8 s) twice.
		{name: "default cap", policy: RetryPolicy{MaxAttempts: 6, BaseDelay: time.Second}, attempts: 6, min: 8500 * time.Millisecond, max: 17 * time.Second},
		// 1 s, then 1.5 s (not 2 s) thrice.
		{name: "given cap", policy: RetryPolicy{MaxAttempts: 5, BaseDelay: time.Second, MaxDelay: 1500 * time.Millisecond}, attempts: 5, min: 2750 * time.Millisecond, max: 5500 * time.Millisecond},
		{name: "two attempts", policy: RetryPolicy{MaxAttempts: 2, BaseDelay: time.Second}, attempts: 2, min: 500 * time.Millisecond, max: time.Second},
		{name: "one attempt", policy: RetryPolicy{MaxAttempts: 1}, attempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, api := scriptedClient(t, []answer{httpAnswer(502)}, WithRetryPolicy(tt.policy))
				start := time.Now()
				_, err := c.Exec(hourCtx(t), "{x}", nil)
				elapsed := time.Since(start)
				require.Error(t, err)
				assert.Equal(t, tt.attempts, api.count())
				assert.GreaterOrEqual(t, elapsed, tt.min)
				if tt.max > 0 {
					assert.Less(t, elapsed, tt.max)
				} else {
					assert.Zero(t, elapsed)
				}
			})
		})
	}
}

// TestRetryOnStatus: which statuses are retried, for queries and for
// mutations (only a 503 without data), and that an answer that succeeds
// on the last attempt is returned.
func TestRetryOnStatus(t *testing.T) {
	tests := []struct {
		name     string
		doc      string
		answers  []answer
		attempts int
		ok       bool
	}{
		{name: "query 500", doc: "{x}", answers: []answer{httpAnswer(500)}, attempts: 3},
		{name: "query 503", doc: "{x}", answers: []answer{httpAnswer(503)}, attempts: 3},
		{name: "query 599", doc: "{x}", answers: []answer{httpAnswer(599)}, attempts: 3},
		{name: "query 499", doc: "{x}", answers: []answer{httpAnswer(499)}, attempts: 1},
		{name: "query 404", doc: "{x}", answers: []answer{httpAnswer(404)}, attempts: 1},
		{name: "query 500 then ok", doc: "{x}", answers: []answer{httpAnswer(500), ok(`{"x":1}`)}, attempts: 2, ok: true},
		{name: "query ok on the last attempt", doc: "{x}", answers: []answer{httpAnswer(500), httpAnswer(500), ok(`{"x":1}`)}, attempts: 3, ok: true},
		{name: "query 500 with data", doc: "{x}", answers: []answer{{status: 500, body: `{"data":{"x":1},"errors":[{"message":"partly"}]}`}}, attempts: 1},
		{name: "mutation 503", doc: "mutation { x }", answers: []answer{httpAnswer(503)}, attempts: 3},
		{name: "mutation 503 then ok", doc: "mutation { x }", answers: []answer{httpAnswer(503), ok(`{"x":1}`)}, attempts: 2, ok: true},
		{name: "mutation 500", doc: "mutation { x }", answers: []answer{httpAnswer(500)}, attempts: 1},
		{name: "mutation 502", doc: "mutation { x }", answers: []answer{httpAnswer(502)}, attempts: 1},
		{name: "mutation 504", doc: "mutation { x }", answers: []answer{httpAnswer(504)}, attempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, api := scriptedClient(t, tt.answers)
				_, err := c.Exec(hourCtx(t), tt.doc, nil)
				assert.Equal(t, tt.attempts, api.count())
				if tt.ok {
					require.NoError(t, err)
				} else {
					require.Error(t, err)
				}
			})
		})
	}
}

// failingTransport fails every request with err, counting them.
type failingTransport struct {
	err   error
	calls atomic.Int32
}

func (f *failingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.calls.Add(1)
	if r.Body != nil {
		_ = r.Body.Close()
	}
	return nil, f.err
}

// TestRetryOnTransportError: a transport error is retried for queries (up
// to MaxAttempts), never for mutations.
func TestRetryOnTransportError(t *testing.T) {
	tests := []struct {
		name     string
		doc      string
		policy   RetryPolicy
		attempts int32
	}{
		{name: "query", doc: "{x}", attempts: 3},
		{name: "query, two attempts", doc: "{x}", policy: RetryPolicy{MaxAttempts: 2}, attempts: 2},
		{name: "query, four attempts", doc: "{x}", policy: RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond}, attempts: 4},
		{name: "mutation", doc: "mutation { x }", attempts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ft := &failingTransport{err: errors.New("fake connection reset")}
				c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithCredentials(StaticToken("fake-access-token-1")),
					WithHTTPClient(&http.Client{Transport: ft}), WithRetryPolicy(tt.policy))
				require.NoError(t, err)
				defer c.Close()
				_, err = c.Exec(hourCtx(t), tt.doc, nil)
				require.Error(t, err)
				assert.Contains(t, err.Error(), "fake connection reset")
				assert.Equal(t, tt.attempts, ft.calls.Load())
			})
		})
	}
}

// TestRetryBackoffWaitIsCancelled: a caller whose context ends during a
// backoff gets its error at once, without another attempt.
func TestRetryBackoffWaitIsCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ft := &failingTransport{err: errors.New("fake connection reset")}
		c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithCredentials(StaticToken("fake-access-token-1")),
			WithHTTPClient(&http.Client{Transport: ft}), WithRetryPolicy(RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour}))
		require.NoError(t, err)
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		start := time.Now()
		_, err = c.Exec(ctx, "{x}", nil)
		require.Error(t, err)
		assert.Equal(t, time.Minute, time.Since(start))
		assert.EqualValues(t, 1, ft.calls.Load())

		api := newBubbleAPI(map[string][]answer{"*": {httpAnswer(500)}})
		c2 := bubbleAPIClient(t, api, StaticToken("fake-access-token-1"), WithRetryPolicy(RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour}))
		ctx2, cancel2 := context.WithTimeout(context.Background(), time.Minute)
		defer cancel2()
		_, err = c2.Exec(ctx2, "{x}", nil)
		require.Error(t, err)
		assert.Equal(t, 1, api.count())
	})
}

// TestRateLimitDefaults: 429 and code 104 answers are waited out with the
// default budget of 30 s over at most 5 waits, each at least the backoff.
func TestRateLimitDefaults(t *testing.T) {
	limited := func(after string) answer { return httpAnswer(429, "Retry-After", after) }
	tests := []struct {
		name     string
		policy   RetryPolicy
		ctxLimit time.Duration
		answers  []answer
		attempts int
		ok       bool
		min, max time.Duration
	}{
		{name: "one wait", answers: []answer{limited("1"), ok(`{"x":1}`)}, attempts: 2, ok: true, min: time.Second, max: time.Second + 200*time.Millisecond},
		{name: "code 104", answers: []answer{{status: 200, header: map[string]string{"Retry-After": "2"}, body: `{"data":null,"errors":[{"code":"104","message":"slow down"}]}`}, ok(`{"x":1}`)},
			attempts: 2, ok: true, min: 2 * time.Second, max: 2*time.Second + 200*time.Millisecond},
		// Three waits of 10 s fill the 30 s budget exactly; a fourth would pass it.
		{name: "budget filled exactly", answers: []answer{limited("10")}, attempts: 4, min: 30 * time.Second, max: 30 * time.Second},
		{name: "budget passed", answers: []answer{limited("20")}, attempts: 2, min: 20 * time.Second, max: 20 * time.Second},
		{name: "over budget at once", answers: []answer{limited("31")}, attempts: 1},
		// Five waits at most, each at least the backoff (100–200 ms, then
		// doubled): 1 s, 1 s, 1 s, 1–1.6 s, 1.6–3.2 s.
		{name: "five waits", answers: []answer{limited("1")}, attempts: 6, min: 5600 * time.Millisecond, max: 7800 * time.Millisecond},
		{name: "five waits then ok", answers: []answer{limited("1"), limited("1"), limited("1"), limited("1"), limited("1"), ok(`{"x":1}`)}, attempts: 6, ok: true, min: 5600 * time.Millisecond, max: 7800 * time.Millisecond},
		// A tiny Retry-After waits the backoff: 100–200, 200–400, 400–800 ms.
		{name: "backoff floor", answers: []answer{limited("0"), limited("0"), limited("0"), ok(`{"x":1}`)}, attempts: 4, ok: true, min: 700 * time.Millisecond, max: 1400 * time.Millisecond},
		{name: "negative budget never waits", policy: RetryPolicy{MaxRateLimitWait: -1}, answers: []answer{limited("1")}, attempts: 1},
		{name: "given budget", policy: RetryPolicy{MaxRateLimitWait: 3 * time.Second}, answers: []answer{limited("1")}, attempts: 4, min: 3 * time.Second, max: 3 * time.Second},
		{name: "deadline too close", ctxLimit: 5 * time.Second, answers: []answer{limited("10")}, attempts: 1},
		{name: "deadline far enough", ctxLimit: 15 * time.Second, answers: []answer{limited("10"), ok(`{"x":1}`)}, attempts: 2, ok: true, min: 10 * time.Second, max: 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, api := scriptedClient(t, tt.answers, WithRetryPolicy(tt.policy))
				ctx := hourCtx(t)
				if tt.ctxLimit > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.ctxLimit)
					defer cancel()
				}
				start := time.Now()
				_, err := c.Exec(ctx, "{x}", nil)
				elapsed := time.Since(start)
				assert.Equal(t, tt.attempts, api.count())
				if tt.ok {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, ErrRateLimited)
				}
				assert.GreaterOrEqual(t, elapsed, tt.min)
				assert.LessOrEqual(t, elapsed, tt.max)
			})
		})
	}
}

// TestJitteredBackoff pins the one backoff: base doubled per failure (from
// the first) up to maxDelay, half of it fixed and half drawn.
func TestJitteredBackoff(t *testing.T) {
	zero, almostOne, half := func() float64 { return 0 }, func() float64 { return 0.999 }, func() float64 { return 0.5 }
	tests := []struct {
		n         int
		base, max time.Duration
		rnd       func() float64
		want      time.Duration
	}{
		{n: 1, base: time.Second, max: time.Minute, rnd: zero, want: 500 * time.Millisecond},
		{n: 0, base: time.Second, max: time.Minute, rnd: zero, want: 500 * time.Millisecond},
		{n: -3, base: time.Second, max: time.Minute, rnd: zero, want: 500 * time.Millisecond},
		{n: 2, base: time.Second, max: time.Minute, rnd: zero, want: time.Second},
		{n: 3, base: time.Second, max: time.Minute, rnd: half, want: 3 * time.Second},
		{n: 3, base: time.Second, max: time.Minute, rnd: almostOne, want: 2*time.Second + time.Duration(0.999*float64(2*time.Second))},
		{n: 4, base: time.Second, max: 8 * time.Second, rnd: zero, want: 4 * time.Second},
		{n: 5, base: time.Second, max: 8 * time.Second, rnd: zero, want: 4 * time.Second},
		{n: 21, base: time.Nanosecond, max: time.Hour, rnd: zero, want: 1 << 19},
		{n: 22, base: time.Nanosecond, max: time.Hour, rnd: zero, want: 1 << 19},
		{n: 40, base: time.Nanosecond, max: time.Hour, rnd: zero, want: 1 << 19},
		// Overflowing shifts take the cap: negative, and exactly zero.
		{n: 2, base: 1 << 62, max: time.Second, rnd: zero, want: 500 * time.Millisecond},
		{n: 3, base: 1 << 62, max: time.Second, rnd: zero, want: 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("n=%d/base=%v/max=%v", tt.n, tt.base, tt.max), func(t *testing.T) {
			assert.Equal(t, tt.want, jitteredBackoff(tt.n, tt.base, tt.max, tt.rnd))
		})
	}
}
