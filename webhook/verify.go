package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bettermode-go/bettermode"
)

// The headers Bettermode signs its webhooks with.
const (
	// SignatureHeader carries the hex HMAC-SHA256 of "<timestamp>:<body>".
	SignatureHeader = "X-Bettermode-Signature"
	// TimestampHeader carries the send time in Unix milliseconds.
	TimestampHeader = "X-Bettermode-Request-Timestamp"
)

// DefaultTolerance is how far a request's timestamp may lie from the
// receiver's clock, in either direction, unless configured otherwise.
// Bettermode's documentation asks receivers to ignore events older than 15
// minutes.
const DefaultTolerance = 15 * time.Minute

// signatureLen is the length of a signature: hex of 32 bytes.
const signatureLen = 2 * sha256.Size

// maxTimestampDigits bounds a timestamp: int64 milliseconds have at most 19
// digits.
const maxTimestampDigits = 19

// Option configures Verify.
type Option func(*verifyConfig)

type verifyConfig struct {
	tolerance time.Duration
	now       func() time.Time
}

// WithTolerance sets how far the timestamp may lie from now, in either
// direction. A value <= 0 means DefaultTolerance; the window cannot be
// switched off.
func WithTolerance(d time.Duration) Option {
	return func(c *verifyConfig) {
		if d > 0 {
			c.tolerance = d
		}
	}
}

// WithClock sets the clock the timestamp is compared with (time.Now by
// default), for tests.
func WithClock(now func() time.Time) Option {
	return func(c *verifyConfig) {
		if now != nil {
			c.now = now
		}
	}
}

// Verify checks a webhook: signature is the X-Bettermode-Signature header,
// timestamp the X-Bettermode-Request-Timestamp header, body the raw request
// body, exactly as received. It returns nil when signature is the lowercase
// hex HMAC-SHA256 of "<timestamp>:<body>" keyed with secret and the
// timestamp is within the tolerance window of now (inclusive, both
// directions).
//
// The signature is decoded first and compared as 32 bytes with a
// constant-time comparison, so any input (empty, short, long, not hex)
// is refused with ErrBadSignature without a panic and without timing that
// depends on the secret. The signature is checked before the timestamp is
// interpreted, so a request that is not authentic always gets
// ErrBadSignature (or ErrMissingSignature, ErrMissingTimestamp); ErrTooOld,
// ErrTooNew and ErrBadTimestamp are reported only for authentic requests.
// Errors wrap the exported variables; none contains the secret or the
// signature.
func Verify(secret bettermode.Secret, timestamp string, body []byte, signature string, opts ...Option) error {
	c := verifyConfig{tolerance: DefaultTolerance, now: time.Now}
	for _, o := range opts {
		o(&c)
	}
	_, err := verify([]bettermode.Secret{secret}, timestamp, body, signature, c.tolerance, c.now())
	return err
}

// verify checks the request against each secret (all of them, in constant
// time per secret) and returns the request's time.
func verify(secrets []bettermode.Secret, timestamp string, body []byte, signature string, tolerance time.Duration, now time.Time) (time.Time, error) {
	if len(secrets) == 0 {
		return time.Time{}, ErrNoSecret
	}
	for _, s := range secrets {
		if s == "" {
			return time.Time{}, ErrNoSecret
		}
	}
	if signature == "" {
		return time.Time{}, ErrMissingSignature
	}
	if timestamp == "" {
		return time.Time{}, ErrMissingTimestamp
	}
	var got [sha256.Size]byte
	if !decodeSignature(got[:], signature) {
		return time.Time{}, ErrBadSignature
	}
	match := 0
	for _, s := range secrets {
		want := mac(s, timestamp, body)
		match |= subtle.ConstantTimeCompare(want, got[:])
	}
	if match != 1 {
		return time.Time{}, ErrBadSignature
	}
	t, ok := parseMillis(timestamp)
	if !ok {
		return time.Time{}, ErrBadTimestamp
	}
	switch age := now.Sub(t); {
	case age > tolerance && inSeconds(t, now, tolerance):
		return t, fmt.Errorf("%w: the timestamp looks like Unix seconds; %s is in Unix milliseconds (multiply by 1000)", ErrTooOld, TimestampHeader)
	case age > tolerance:
		return t, fmt.Errorf("%w: sent %s ago, the window is %s", ErrTooOld, age.Round(time.Millisecond), tolerance)
	case age < -tolerance:
		return t, fmt.Errorf("%w: sent %s ahead, the window is %s", ErrTooNew, (-age).Round(time.Millisecond), tolerance)
	}
	return t, nil
}

// decodeSignature decodes a signature of exactly 64 lowercase hex digits
// into dst (32 bytes). Bettermode sends lowercase hex; anything else is
// refused. The checks depend only on the attacker-visible input.
func decodeSignature(dst []byte, sig string) bool {
	if len(sig) != signatureLen {
		return false
	}
	for i := 0; i < len(sig); i++ {
		c := sig[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	_, err := hex.Decode(dst, []byte(sig))
	return err == nil
}

// inSeconds reports whether t, read as milliseconds, is within tolerance of
// now when read as seconds: a sender that wrote seconds.
func inSeconds(t, now time.Time, tolerance time.Duration) bool {
	ms := t.UnixMilli()
	if ms <= 0 || ms > now.Unix()*10 {
		return false
	}
	d := now.Sub(time.Unix(ms, 0))
	return d <= tolerance && d >= -tolerance
}

// parseMillis parses a timestamp of 1 to 19 decimal digits (no sign, no
// space) as Unix milliseconds.
func parseMillis(ts string) (time.Time, bool) {
	if len(ts) == 0 || len(ts) > maxTimestampDigits {
		return time.Time{}, false
	}
	for i := 0; i < len(ts); i++ {
		if ts[i] < '0' || ts[i] > '9' {
			return time.Time{}, false
		}
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.UnixMilli(ms), true
}

// mac returns HMAC-SHA256("<timestamp>:<body>") keyed with secret.
func mac(secret bettermode.Secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret.Reveal()))
	m.Write([]byte(timestamp))
	m.Write([]byte{':'})
	m.Write(body)
	return m.Sum(nil)
}

// Sign returns what Bettermode puts in X-Bettermode-Signature: the lowercase
// hex HMAC-SHA256 of "<timestamp>:<body>" keyed with secret. It is meant for
// tests and tools that play Bettermode.
func Sign(secret bettermode.Secret, timestamp string, body []byte) string {
	return hex.EncodeToString(mac(secret, timestamp, body))
}

// Timestamp formats t as Bettermode's timestamp header: Unix milliseconds.
func Timestamp(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// Headers returns the headers of a webhook sent at t with body, signed with
// secret, as Bettermode sends them: X-Bettermode-Request-Timestamp,
// X-Bettermode-Signature and Content-Type: application/json.
func Headers(secret bettermode.Secret, t time.Time, body []byte) http.Header {
	ts := Timestamp(t)
	h := make(http.Header, 3)
	h.Set("Content-Type", "application/json")
	h.Set(TimestampHeader, ts)
	h.Set(SignatureHeader, Sign(secret, ts, body))
	return h
}
