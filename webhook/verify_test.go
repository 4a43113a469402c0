package webhook_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/webhook"
)

// TestSignKnownAnswers checks Sign against vectors computed outside Go
// (Python's hmac module) and against crypto/hmac in the test.
func TestSignKnownAnswers(t *testing.T) {
	for _, v := range []struct {
		secret, ts, body, want string
	}{
		// python3 -c 'import hmac,hashlib; print(hmac.new(s.encode(), (ts+":"+body).encode(), hashlib.sha256).hexdigest())'
		{"fake-webhook-secret-0001", "1700000000000", `{"type":"TEST","data":{"challenge":"abc"}}`,
			"f805ddab379f28c9d6e92f368043c5d0386cb826ba28073f362ece56a0bdf135"},
		{"k", "0", "", "ef773d2a4edf50535577abe9123f24709955384711ee7355982af4b3a5d30722"},
		{"fake-webhook-secret-0002", "1712345678901", `{"networkId":"net","type":"SUBSCRIPTION","data":{"id":"e1"}}`,
			"7f5d45840c22d7e50540d5e11fd41dd10894099270654705c84786f2b9da7a5b"},
	} {
		got := webhook.Sign(bettermode.Secret(v.secret), v.ts, []byte(v.body))
		assert.Equal(t, v.want, got)
		assert.Equal(t, refSign(v.secret, v.ts, []byte(v.body)), got)
		now := time.UnixMilli(mustParse(t, v.ts))
		assert.NoError(t, webhook.Verify(bettermode.Secret(v.secret), v.ts, []byte(v.body), v.want, webhook.WithClock(fixed(now))))
	}
	// Binary bodies and a colon in the body are signed as bytes.
	body := []byte{0, 1, 2, ':', 0xff, '\n'}
	assert.Equal(t, refSign(string(secret1), "123", body), webhook.Sign(secret1, "123", body))
}

func mustParse(t *testing.T, ts string) int64 {
	t.Helper()
	var n int64
	for _, c := range ts {
		n = n*10 + int64(c-'0')
	}
	return n
}

func TestTimestampAndHeaders(t *testing.T) {
	assert.Equal(t, "1700000000000", webhook.Timestamp(t0))
	body := []byte(`{"type":"TEST"}`)
	h := webhook.Headers(secret1, t0, body)
	assert.Equal(t, "1700000000000", h.Get("X-Bettermode-Request-Timestamp"))
	assert.Equal(t, refSign(string(secret1), "1700000000000", body), h.Get("X-Bettermode-Signature"))
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Equal(t, "X-Bettermode-Signature", webhook.SignatureHeader)
	assert.Equal(t, "X-Bettermode-Request-Timestamp", webhook.TimestampHeader)
}

func TestVerify(t *testing.T) {
	body := []byte(`{"networkId":"fake-network-0001","type":"SUBSCRIPTION","data":{"id":"e1"}}`)
	ts := ms(t0)
	good := refSign(string(secret1), ts, body)
	at := func(d time.Duration) string { return ms(t0.Add(d)) }
	signAt := func(d time.Duration) string { return refSign(string(secret1), at(d), body) }
	tampered := append([]byte(nil), body...)
	tampered[len(tampered)-3] = '2'
	flip := []byte(good)
	if flip[0] == '0' {
		flip[0] = '1'
	} else {
		flip[0] = '0'
	}

	for _, tc := range []struct {
		name   string
		secret bettermode.Secret
		ts     string
		body   []byte
		sig    string
		want   error
	}{
		{"valid", secret1, ts, body, good, nil},
		{"tampered body", secret1, ts, tampered, good, webhook.ErrBadSignature},
		{"tampered timestamp", secret1, at(time.Millisecond), body, good, webhook.ErrBadSignature},
		{"wrong secret", secret2, ts, body, good, webhook.ErrBadSignature},
		{"one flipped digit", secret1, ts, body, string(flip), webhook.ErrBadSignature},
		{"empty body signed", secret1, ts, nil, refSign(string(secret1), ts, nil), nil},
		{"empty body, signature of another", secret1, ts, nil, good, webhook.ErrBadSignature},

		{"missing signature", secret1, ts, body, "", webhook.ErrMissingSignature},
		{"missing timestamp", secret1, "", body, good, webhook.ErrMissingTimestamp},
		{"empty secret", "", ts, body, good, webhook.ErrNoSecret},
		{"signature one digit short", secret1, ts, body, good[:63], webhook.ErrBadSignature},
		{"signature one digit long", secret1, ts, body, good + "0", webhook.ErrBadSignature},
		{"signature of 31 bytes", secret1, ts, body, good[:62], webhook.ErrBadSignature},
		{"signature of 64 bytes", secret1, ts, body, good + good, webhook.ErrBadSignature},
		{"signature of one character", secret1, ts, body, "a", webhook.ErrBadSignature},
		{"signature not hex", secret1, ts, body, "g" + good[1:], webhook.ErrBadSignature},
		{"signature uppercase hex", secret1, ts, body, strings.ToUpper(good), webhook.ErrBadSignature},
		{"signature with prefix", secret1, ts, body, "sha256=" + good, webhook.ErrBadSignature},
		{"signature with space", secret1, ts, body, " " + good[1:], webhook.ErrBadSignature},
		{"signature base64", secret1, ts, body, "+AXdqzefKMnW6S82gEPF0DhsuCa6KAc/Ni7OVqC98TU=", webhook.ErrBadSignature},
		{"signature with NUL", secret1, ts, body, "\x00" + good[1:], webhook.ErrBadSignature},

		{"timestamp not a number", secret1, "abc", body, refSign(string(secret1), "abc", body), webhook.ErrBadTimestamp},
		{"timestamp with sign", secret1, "+" + ts, body, refSign(string(secret1), "+"+ts, body), webhook.ErrBadTimestamp},
		{"negative timestamp", secret1, "-1", body, refSign(string(secret1), "-1", body), webhook.ErrBadTimestamp},
		{"timestamp with fraction", secret1, ts + ".5", body, refSign(string(secret1), ts+".5", body), webhook.ErrBadTimestamp},
		{"timestamp of 20 digits", secret1, "99999999999999999999", body, refSign(string(secret1), "99999999999999999999", body), webhook.ErrBadTimestamp},
		{"timestamp beyond int64", secret1, "9999999999999999999", body, refSign(string(secret1), "9999999999999999999", body), webhook.ErrBadTimestamp},
		{"timestamp in seconds is 54 years old", secret1, "1700000000", body, refSign(string(secret1), "1700000000", body), webhook.ErrTooOld},
		{"forged and stale: the signature is checked first", secret1, at(-time.Hour), body, good, webhook.ErrBadSignature},

		{"just inside the window, past", secret1, at(-15 * time.Minute), body, signAt(-15 * time.Minute), nil},
		{"just outside the window, past", secret1, at(-15*time.Minute - time.Millisecond), body, signAt(-15*time.Minute - time.Millisecond), webhook.ErrTooOld},
		{"just inside the window, future", secret1, at(15 * time.Minute), body, signAt(15 * time.Minute), nil},
		{"just outside the window, future", secret1, at(15*time.Minute + time.Millisecond), body, signAt(15*time.Minute + time.Millisecond), webhook.ErrTooNew},
		{"a day old", secret1, at(-24 * time.Hour), body, signAt(-24 * time.Hour), webhook.ErrTooOld},
		{"a year ahead", secret1, at(365 * 24 * time.Hour), body, signAt(365 * 24 * time.Hour), webhook.ErrTooNew},
		{"timestamp zero", secret1, "0", body, refSign(string(secret1), "0", body), webhook.ErrTooOld},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := webhook.Verify(tc.secret, tc.ts, tc.body, tc.sig, webhook.WithClock(fixed(t0)))
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "bettermode: webhook: "), msg)
			assert.Equal(t, strings.ToLower(msg[:1]), msg[:1])
			checkNoSecret(t, "error", msg, nonEmpty(tc.sig)...)
		})
	}
}

// nonEmpty returns s as a list, unless it is too short to be meaningful in
// a substring check.
func nonEmpty(s string) []string {
	if len(s) < 8 {
		return nil
	}
	return []string{s}
}

func TestVerifyTolerance(t *testing.T) {
	body := []byte(`{"type":"TEST"}`)
	for _, tc := range []struct {
		name string
		tol  time.Duration
		skew time.Duration
		want error
	}{
		{"5m window, 5m old", 5 * time.Minute, -5 * time.Minute, nil},
		{"5m window, 5m1ms old", 5 * time.Minute, -5*time.Minute - time.Millisecond, webhook.ErrTooOld},
		{"5m window, 5m1ms ahead", 5 * time.Minute, 5*time.Minute + time.Millisecond, webhook.ErrTooNew},
		{"1h window, 59m old", time.Hour, -59 * time.Minute, nil},
		{"zero means the default", 0, -15 * time.Minute, nil},
		{"zero means the default, outside", 0, -16 * time.Minute, webhook.ErrTooOld},
		{"negative means the default", -time.Second, 14 * time.Minute, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := ms(t0.Add(tc.skew))
			err := webhook.Verify(secret1, ts, body, refSign(string(secret1), ts, body),
				webhook.WithTolerance(tc.tol), webhook.WithClock(fixed(t0)))
			if tc.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
	// The error says by how much, not with what.
	ts := ms(t0.Add(-20 * time.Minute))
	err := webhook.Verify(secret1, ts, body, refSign(string(secret1), ts, body), webhook.WithClock(fixed(t0)))
	require.ErrorIs(t, err, webhook.ErrTooOld)
	assert.Contains(t, err.Error(), "sent 20m0s ago, the window is 15m0s")
	// The default clock is the real one.
	now := time.Now()
	ts = ms(now)
	require.NoError(t, webhook.Verify(secret1, ts, body, webhook.Sign(secret1, ts, body)))
}

// TestVerifyAnyLength feeds signatures of every length from 0 to 200, hex
// and not: none panics, none is accepted.
func TestVerifyAnyLength(t *testing.T) {
	body := []byte("{}")
	ts := ms(t0)
	good := refSign(string(secret1), ts, body)
	for n := 0; n <= 200; n++ {
		for _, sig := range []string{strings.Repeat("a", n), strings.Repeat("z", n), (good + good + good + good)[:min(n, 256)]} {
			if sig == good {
				continue
			}
			err := webhook.Verify(secret1, ts, body, sig, webhook.WithClock(fixed(t0)))
			require.Error(t, err, "length %d", n)
			require.True(t, errors.Is(err, webhook.ErrBadSignature) || (n == 0 && errors.Is(err, webhook.ErrMissingSignature)), "length %d: %v", n, err)
		}
	}
}

func TestStatusCode(t *testing.T) {
	for err, want := range map[error]int{
		webhook.ErrMissingSignature: 401, webhook.ErrBadSignature: 401,
		webhook.ErrMissingTimestamp: 400, webhook.ErrBadTimestamp: 400, webhook.ErrTooOld: 400, webhook.ErrTooNew: 400,
		webhook.ErrMalformedBody: 400, webhook.ErrBodyTooLarge: 413, webhook.ErrMethod: 405, webhook.ErrNoSecret: 500,
	} {
		assert.Equal(t, want, webhook.StatusCode(err), err.Error())
		assert.True(t, strings.HasPrefix(err.Error(), "bettermode: webhook: "))
	}
}
