package webhook_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/webhook"
)

// validTimestamp reports, independently of package webhook, whether ts is
// 1 to 19 decimal digits that fit an int64, and returns its time.
func validTimestamp(ts string) (time.Time, bool) {
	if ts == "" || len(ts) > 19 || strings.TrimLeft(ts, "0123456789") != "" {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.UnixMilli(n), true
}

// FuzzVerify checks that Verify never panics, accepts a signature only if it
// is exactly what Sign (and crypto/hmac, independently) produce for the same
// secret, timestamp and body, with a non-empty secret and a timestamp in the
// window; and that it accepts Sign's output in exactly those cases.
func FuzzVerify(f *testing.F) {
	body := []byte(`{"type":"TEST","data":{"challenge":"abc"}}`)
	ts := "1700000000000"
	good := refSign(string(secret1), ts, body)
	f.Add(string(secret1), ts, body, good, int64(0))
	f.Add(string(secret1), ts, body, strings.ToUpper(good), int64(0))
	f.Add(string(secret1), ts, body, good[:63], int64(0))
	f.Add(string(secret1), ts, body, good+"00", int64(0))
	f.Add(string(secret1), ts, body, "", int64(0))
	f.Add("", ts, body, refSign("", ts, body), int64(0))
	f.Add(string(secret1), "", body, good, int64(0))
	f.Add(string(secret1), "+1700000000000", body, good, int64(0))
	f.Add(string(secret1), "99999999999999999999", body, good, int64(0))
	f.Add(string(secret1), ts, []byte{}, good, int64(15*60*1000))
	f.Add(string(secret1), ts, body, good, int64(15*60*1000+1))
	f.Add(string(secret1), ts, body, good, int64(-15*60*1000-1))
	f.Add("k", "0", []byte{}, "ef773d2a4edf50535577abe9123f24709955384711ee7355982af4b3a5d30722", int64(-1700000000000))

	f.Fuzz(func(t *testing.T, secret, ts string, body []byte, sig string, skewMs int64) {
		now := time.UnixMilli(1_700_000_000_000).Add(time.Duration(skewMs%(48*3600*1000)) * time.Millisecond)
		opt := webhook.WithClock(func() time.Time { return now })
		tsTime, tsOK := validTimestamp(ts)
		inWindow := tsOK && now.Sub(tsTime) <= webhook.DefaultTolerance && tsTime.Sub(now) <= webhook.DefaultTolerance
		signable := secret != "" && ts != ""

		err := webhook.Verify(bettermode.Secret(secret), ts, body, sig, opt)
		if err == nil {
			if !signable || !inWindow {
				t.Fatalf("accepted with secret %q, timestamp %q (valid %v, in window %v)", secret, ts, tsOK, inWindow)
			}
			if sig != webhook.Sign(bettermode.Secret(secret), ts, body) || sig != refSign(secret, ts, body) {
				t.Fatalf("accepted a signature Sign did not produce: %q", sig)
			}
		} else if !strings.HasPrefix(err.Error(), "bettermode: webhook: ") {
			t.Fatalf("error without the prefix: %v", err)
		}

		// Sign's own output is accepted exactly when it should be.
		signed := webhook.Sign(bettermode.Secret(secret), ts, body)
		if signed != refSign(secret, ts, body) {
			t.Fatalf("Sign disagrees with crypto/hmac")
		}
		err = webhook.Verify(bettermode.Secret(secret), ts, body, signed, opt)
		if want := signable && inWindow; (err == nil) != want {
			t.Fatalf("Verify(Sign(...)) = %v; want accepted %v (timestamp %q valid %v in window %v)", err, want, ts, tsOK, inWindow)
		}
	})
}
