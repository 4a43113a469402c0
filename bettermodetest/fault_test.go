package bettermodetest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// tryPost sends a guest tokens request and returns the answer or the error.
func tryPost(ctx context.Context, s *bettermodetest.Server, body string) (int, http.Header, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, strings.NewReader(body))
	if err != nil {
		return 0, nil, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Client().Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	record(string(raw))
	return resp.StatusCode, resp.Header, string(raw), err
}

const tokensBody = `{"query":"query Guest { tokens(networkId: \"fakeNet0001\") { accessToken } }","operationName":"Guest"}`

func TestFaultAnswers(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fault      bettermodetest.Fault
		status     int
		retryAfter string
		contains   string
	}{
		{"500", bettermodetest.Fault{Status: 500}, 500, "", `"status":500`},
		{"502", bettermodetest.Fault{Status: 502}, 502, "", `"message":"Bad Gateway"`},
		{"503 with Retry-After", bettermodetest.Fault{Status: 503, RetryAfter: 3 * time.Second}, 503, "3", `"status":503`},
		{"429 with Retry-After", bettermodetest.Fault{Status: 429, RetryAfter: 1500 * time.Millisecond}, 429, "2", `"code":"104"`},
		{"429 as a GraphQL error", bettermodetest.Fault{AsGraphQLError: true, RetryAfter: time.Second}, 200, "1", `{"data":null,"errors":[{"code":"104","message":"Too many requests","status":429,"path":["tokens"]`},
		{"401 as a GraphQL error", bettermodetest.Fault{Status: 401, AsGraphQLError: true}, 200, "", `"code":"108"`},
		{"malformed", bettermodetest.Fault{Malformed: true}, 200, "", `{not json`},
		{"latency only", bettermodetest.Fault{Latency: 20 * time.Millisecond}, 200, "", `"accessToken"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := bettermodetest.Start(t)
			s.InjectFault("tokens", tc.fault)
			start := time.Now()
			status, header, body, err := tryPost(context.Background(), s, tokensBody)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, time.Since(start), tc.fault.Latency)
			assert.Equal(t, tc.status, status, body)
			assert.Equal(t, tc.retryAfter, header.Get("Retry-After"))
			assert.Contains(t, body, tc.contains)
			if tc.fault.Malformed {
				assert.Equal(t, "{not json", body)
			}
			wantMinted := 0
			if tc.fault.Latency > 0 {
				wantMinted = 1
			}
			assert.Equal(t, wantMinted, s.Minted(bettermodetest.KindGuest), "a faulted request is not executed")
			assert.Equal(t, 1, s.Operations("tokens"))
		})
	}
}

func TestFaultLatencyHonoursCancel(t *testing.T) {
	s := bettermodetest.Start(t)
	s.InjectFault("tokens", bettermodetest.Fault{Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, _, err := tryPost(ctx, s, tokensBody)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), err)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Zero(t, s.Minted(bettermodetest.KindGuest))
	// Close must not wait for the minute either (goleak checks the handler ended).
}

func TestFaultLatencyEndsOnClose(t *testing.T) {
	s := bettermodetest.NewServer()
	s.InjectFault(bettermodetest.AnyOperation, bettermodetest.Fault{Latency: time.Minute})
	done := make(chan error, 1)
	go func() {
		_, _, _, err := tryPost(context.Background(), s, tokensBody)
		done <- err
	}()
	require.Eventually(t, func() bool { return s.Operations("tokens") == 1 }, 5*time.Second, 5*time.Millisecond)
	start := time.Now()
	s.Close()
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Error(t, <-done)
}

func TestFaultDrop(t *testing.T) {
	s := bettermodetest.Start(t)
	s.InjectFault("tokens", bettermodetest.Fault{Drop: true, Times: 1})
	_, _, _, err := tryPost(context.Background(), s, tokensBody)
	require.Error(t, err)
	assert.Zero(t, s.Minted(bettermodetest.KindGuest))
	status, _, body, err := tryPost(context.Background(), s, tokensBody)
	require.NoError(t, err)
	assert.Equal(t, 200, status, body)
}

func TestFaultSchedule(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault bettermodetest.Fault
		want  string // per request: F fails, . succeeds
	}{
		{"every", bettermodetest.Fault{Status: 503}, "FFFFF"},
		{"nth", bettermodetest.Fault{Status: 503, Nth: 3}, "..F.."},
		{"times", bettermodetest.Fault{Status: 503, Times: 2}, "FF..."},
		{"nth and times", bettermodetest.Fault{Status: 503, Nth: 2, Times: 2}, ".FF.."},
		{"first", bettermodetest.Fault{Status: 503, Nth: 1}, "F...."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := bettermodetest.Start(t, bettermodetest.WithFault("tokens", tc.fault))
			var got strings.Builder
			for range len(tc.want) {
				status, _, _, err := tryPost(context.Background(), s, tokensBody)
				require.NoError(t, err)
				if status == 503 {
					got.WriteByte('F')
				} else {
					got.WriteByte('.')
				}
			}
			assert.Equal(t, tc.want, got.String())
		})
	}
}

func TestFaultMatching(t *testing.T) {
	s := bettermodetest.Start(t)
	app := basic(s.App().ClientID, s.App().ClientSecret)
	limitedVars := map[string]any{"context": "NETWORK", "networkId": "fakeNet0001", "entityId": "x"}

	s.InjectFault("limitedToken", bettermodetest.Fault{Status: 500})
	assert.Equal(t, 200, post(t, s, "", guestQuery, map[string]any{"networkDomain": "fake-community.example.com"}).Status)
	assert.Equal(t, 500, post(t, s, app, limitedQuery, limitedVars).Status)
	// An invalid request that parses is still matched.
	assert.Equal(t, 500, post(t, s, app, `{ limitedToken { accessToken } }`, nil).Status)
	// An unparsable one is not.
	assert.Equal(t, 400, post(t, s, app, `{ limitedToken {`, nil).Status)

	s.ClearFaults()
	assert.Equal(t, 200, post(t, s, app, limitedQuery, limitedVars).Status)

	t.Run("by operationName", func(t *testing.T) {
		s.ClearFaults()
		s.InjectFault("Guest", bettermodetest.Fault{Status: 502})
		assert.Equal(t, 502, post(t, s, "", guestQuery, map[string]any{"networkDomain": "fake-community.example.com"}).Status)
		assert.Equal(t, 200, post(t, s, app, limitedQuery, limitedVars).Status)
	})
	t.Run("any operation", func(t *testing.T) {
		s.ClearFaults()
		s.InjectFault(bettermodetest.AnyOperation, bettermodetest.Fault{Status: 504})
		assert.Equal(t, 504, post(t, s, "", guestQuery, map[string]any{"networkDomain": "fake-community.example.com"}).Status)
		assert.Equal(t, 504, post(t, s, app, limitedQuery, limitedVars).Status)
	})
	t.Run("first firing fault applies", func(t *testing.T) {
		s.ClearFaults()
		s.InjectFault("tokens", bettermodetest.Fault{Status: 500, Nth: 2})
		s.InjectFault("tokens", bettermodetest.Fault{Status: 503})
		var got []int
		for range 3 {
			got = append(got, post(t, s, "", guestQuery, map[string]any{"networkDomain": "fake-community.example.com"}).Status)
		}
		assert.Equal(t, []int{503, 500, 503}, got)
	})
	s.ClearFaults()
}

func TestFaultWithHTTPAuthErrors(t *testing.T) {
	s := bettermodetest.Start(t, bettermodetest.WithHTTPAuthErrors(),
		bettermodetest.WithFault("tokens", bettermodetest.Fault{Status: 403, AsGraphQLError: true}))
	status, _, body, err := tryPost(context.Background(), s, tokensBody)
	require.NoError(t, err)
	assert.Equal(t, 403, status)
	assert.Contains(t, body, `"code":"102"`)
}
