package webhook_test

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/webhook"
)

// TestHandlerGoexitIsAFailure: a function that calls runtime.Goexit (as
// t.FailNow does) is answered FAILED and its event is not marked processed:
// the retry runs it again.
func TestHandlerGoexitIsAFailure(t *testing.T) {
	h, logs := newHandler(t, nil)
	calls := 0
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls++
		if calls == 1 {
			runtime.Goexit()
		}
		return nil
	})
	a := deliver(t, h, event("n1", "p1", "post.published"))
	assert.Equal(t, "FAILED", a.Status)
	assert.Equal(t, webhook.CodeServerError, a.ErrorCode)
	assert.Contains(t, logs.String(), "Goexit")
	a = deliver(t, h, event("n1", "p1", "post.published"))
	assert.Equal(t, "SUCCEEDED", a.Status)
	assert.Equal(t, 2, calls, "the retry ran the function again")
}

// TestHandlerLogsNoSigningSecret: an error or panic that repeats the signing
// secret (interleaved with invisible characters too) is logged without it.
func TestHandlerLogsNoSigningSecret(t *testing.T) {
	h, logs := newHandler(t, nil)
	calls := 0
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls++
		if calls == 1 {
			panic("secret is " + string(secret1))
		}
		return errors.New("secret is " + interleave(string(secret1), "\u200b"))
	})
	deliver(t, h, event("n1", "p1", "post.published"))
	deliver(t, h, event("n1", "p1", "post.published"))
	require.Equal(t, 2, calls)
	assert.NotContains(t, logs.String(), string(secret1))
	assert.NotContains(t, logs.String(), `\u200b`)
}

func interleave(s, sep string) string {
	out := ""
	for i, r := range s {
		if i > 0 {
			out += sep
		}
		out += string(r)
	}
	return out
}

// TestTimestampInSeconds: a timestamp sent in seconds is called that.
func TestTimestampInSeconds(t *testing.T) {
	body := []byte(`{"networkId":"n1","type":"TEST","data":{}}`)
	ts := strconv.FormatInt(t0.Unix(), 10)
	err := webhook.Verify(secret1, ts, body, refSign(string(secret1), ts, body), webhook.WithClock(fixed(t0)))
	require.ErrorIs(t, err, webhook.ErrTooOld)
	assert.Contains(t, err.Error(), "looks like Unix seconds")
	old := strconv.FormatInt(t0.Add(-time.Hour).UnixMilli(), 10)
	err = webhook.Verify(secret1, old, body, refSign(string(secret1), old, body), webhook.WithClock(fixed(t0)))
	require.ErrorIs(t, err, webhook.ErrTooOld)
	assert.NotContains(t, err.Error(), "seconds")
}
