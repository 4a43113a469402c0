package webhook_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/webhook"
)

// TestVerifyTimestampDigits: a timestamp of up to 19 digits (leading zeros
// included) is read; 20 digits are refused.
func TestVerifyTimestampDigits(t *testing.T) {
	body := []byte(`{"type":"TEST"}`)
	for _, tt := range []struct {
		ts   string
		want error
	}{
		{ts: ms(t0)},
		{ts: strings.Repeat("0", 19-len(ms(t0))) + ms(t0)},
		{ts: strings.Repeat("0", 20-len(ms(t0))) + ms(t0), want: webhook.ErrBadTimestamp},
	} {
		t.Run(tt.ts, func(t *testing.T) {
			err := webhook.Verify(secret1, tt.ts, body, refSign(string(secret1), tt.ts, body), webhook.WithClock(fixed(t0)))
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
		})
	}
}

// TestVerifyTooNewSays: a request from the future says how far ahead it
// is, as a positive duration.
func TestVerifyTooNewSays(t *testing.T) {
	body := []byte(`{"type":"TEST"}`)
	ts := ms(t0.Add(20 * time.Minute))
	err := webhook.Verify(secret1, ts, body, refSign(string(secret1), ts, body), webhook.WithClock(fixed(t0)))
	require.ErrorIs(t, err, webhook.ErrTooNew)
	assert.Contains(t, err.Error(), "sent 20m0s ahead")
}
