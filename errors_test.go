package bettermode

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeResponse(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		header   http.Header
		body     string
		kind     error
		code     string
		data     string
		errText  string
		noErr    bool
		retryAft time.Duration
	}{
		{name: "data", status: 200, body: `{"data":{"a":1},"extensions":{"complexity":2}}`, noErr: true, data: `{"a":1}`},
		{name: "108 string", status: 200, body: `{"errors":[{"code":"108","message":"Invalid token"}]}`, kind: ErrUnauthorized, code: "108"},
		{name: "108 number", status: 200, body: `{"errors":[{"code":108,"message":"Invalid token"}]}`, kind: ErrUnauthorized, code: "108"},
		{name: "102", status: 200, body: `{"errors":[{"code":"102","message":"Forbidden"}]}`, kind: ErrForbidden, code: "102"},
		{name: "104 with retry", status: 200, header: http.Header{"Retry-After": {"3"}}, body: `{"errors":[{"code":"104","message":"Slow"}]}`, kind: ErrRateLimited, code: "104", retryAft: 3 * time.Second},
		{name: "110", status: 200, body: `{"errors":[{"code":"110","message":"Not found"}]}`, kind: ErrNotFound, code: "110"},
		{name: "100", status: 200, body: `{"errors":[{"code":"100","message":"Bad"}]}`, kind: ErrInvalidInput, code: "100"},
		{name: "112", status: 200, body: `{"errors":[{"code":"112","message":"Bad","field":"email"}]}`, kind: ErrInvalidInput, code: "112", errText: "field email"},
		{name: "114", status: 200, body: `{"errors":[{"code":"114","message":"Bad"}]}`, kind: ErrInvalidInput, code: "114"},
		{name: "extensions code", status: 200, body: `{"errors":[{"message":"x","extensions":{"code":"UNAUTHENTICATED"}}]}`, kind: ErrUnauthorized},
		{name: "status in error object", status: 200, body: `{"errors":[{"message":"x","status":403}]}`, kind: ErrForbidden},
		{name: "validation 400", status: 400, body: `{"errors":[{"message":"Unknown field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}`, kind: ErrInvalidInput},
		{name: "partial data", status: 200, body: `{"data":{"a":1},"errors":[{"code":"110","message":"gone"},{"message":"b"}]}`, kind: ErrNotFound, code: "110", data: `{"a":1}`, errText: "1 more"},
		{name: "http 401 text", status: 401, body: `Unauthorized`, kind: ErrUnauthorized},
		{name: "http 429 date", status: 429, header: http.Header{"Retry-After": {time.Now().Add(time.Hour + time.Minute).UTC().Format(http.TimeFormat)}}, body: ``, kind: ErrRateLimited, retryAft: time.Hour},
		{name: "http 404", status: 404, body: `<html>`, errText: "check the endpoint URL"},
		{name: "http 502", status: 502, body: `bad gateway`, errText: "retry later"},
		{name: "malformed", status: 200, body: `{"data":`, errText: "not valid GraphQL JSON"},
		{name: "empty", status: 200, body: ``, errText: "not valid GraphQL JSON"},
		{name: "null data", status: 200, body: `{"data":null}`, errText: "no data and no errors"},
		{name: "message is cut", status: 200, body: `{"errors":[{"message":"` + strings.Repeat("x", 2000) + `"}]}`, errText: "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, _, err := decodeResponse("op", tt.status, tt.header, []byte(tt.body), nil)
			if tt.data != "" {
				assert.JSONEq(t, tt.data, string(data))
			}
			if tt.noErr {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			var e *Error
			require.ErrorAs(t, err, &e)
			if tt.kind != nil {
				assert.ErrorIs(t, err, tt.kind)
			}
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.status, e.StatusCode)
			if tt.retryAft != 0 {
				assert.InDelta(t, tt.retryAft.Seconds(), e.RetryAfter.Seconds(), 2)
			}
			assert.Regexp(t, `^bettermode: op: [a-z<]`, err.Error())
			if tt.errText != "" {
				assert.Contains(t, err.Error(), tt.errText)
			}
			assert.Less(t, len(err.Error()), 1000)
		})
	}
}

func TestErrorWrapsCause(t *testing.T) {
	cause := errors.New("dial tcp: refused")
	e := &Error{Operation: "tokens", Message: "request failed", err: cause}
	assert.ErrorIs(t, e, cause)
	assert.Equal(t, "bettermode: tokens: request failed: dial tcp: refused", e.Error())
	wrapped := fmt.Errorf("outer: %w", &Error{kind: ErrNotFound, Code: "110"})
	assert.ErrorIs(t, wrapped, ErrNotFound)
	assert.NotErrorIs(t, wrapped, ErrForbidden)
}

func TestScrubBeforeCut(t *testing.T) {
	tok := &Token{AccessToken: "fake-opaque-token-value"}
	// The token straddles the point where long messages are cut.
	body := `{"errors":[{"code":"108","message":"` + strings.Repeat("x", maxMessageLen-6) + tok.AccessToken.Reveal() + `"}]}`
	_, _, err := decodeResponse("op", 200, nil, []byte(body), secretForms(tok.AccessToken))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "fake-o")
	assert.Contains(t, err.Error(), "xREDACT")
}

func TestScrub(t *testing.T) {
	jwtish := "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2lnbmF0dXJl"
	s := secretForms("fake-secret-x", "abc").scrub("token " + jwtish + " and secret fake-secret-x and abc")
	assert.Equal(t, "token REDACTED and secret REDACTED and abc", s, "secrets under 4 bytes are not scrubbed (too likely to be words)")
}

func FuzzDecodeResponse(f *testing.F) {
	f.Add(200, `{"data":{"a":1}}`, "")
	f.Add(200, `{"errors":[{"code":"108","message":"Invalid token"}]}`, "")
	f.Add(200, `{"errors":[{"code":108,"subcode":{"x":1},"field":7}]}`, "")
	f.Add(429, ``, "12")
	f.Add(503, `{"errors":[]}`, "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add(200, `{"data":null,"errors":null}`, "-1")
	const secret, tokenSecret = "fake-secret-value", "fake-opaque-token-value"
	f.Add(200, `{"errors":[{"code":"108","message":"`+strings.Repeat("x", 505)+tokenSecret+`"}]}`, "")
	f.Fuzz(func(t *testing.T, status int, body, retry string) {
		h := http.Header{"Retry-After": {retry}}
		data, _, err := decodeResponse("op", status, h, []byte(body), secretForms(tokenSecret, secret))
		if err == nil {
			if len(data) == 0 {
				t.Fatal("no error and no data")
			}
			if status < 200 || status > 299 {
				t.Fatalf("status %d accepted", status)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("not an *Error: %T", err)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "bettermode: ") {
			t.Fatalf("unprefixed: %q", msg)
		}
		if strings.Contains(msg, secret) || strings.Contains(msg, tokenSecret) {
			t.Fatalf("secret leaked: %q", msg)
		}
		if e.RetryAfter < 0 || e.RetryAfter > maxRetryAfter {
			t.Fatalf("retry after out of range: %v", e.RetryAfter)
		}
	})
}

// FuzzParseEndpoint: an endpoint's error never depends on the secret in
// its userinfo. Each input is prefix + id + ":" + secret + "@" + rest,
// tried with two different secrets of the same length drawn from
// [A-Za-z0-9] (so that neither changes how the URL parses): the two errors
// must be the same text, and neither may hold its secret. Comparing two
// runs, rather than searching the error for the secret, has no false
// positive when the secret is a word the message uses anyway ("https").
// An endpoint that is accepted keeps no userinfo and is plain http only to
// loopback.
func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []struct {
		prefix, id, rest string
	}{
		{"https:/", "id", "host"},
		{"https//", "id", "host"},
		{"https:///", "id", "host"},
		{"htps://", "id", "host"},
		{"https:", "id", "host"},
		{"https:\\\\", "id", "host/graphql"},
		{"http://", "id", "evil.example.com/graphql"},
		{"http://", "id", "127.0.0.1:1/graphql"},
		{"https://", "id", "app.tribe.so/graphql"},
		{"https://", "id", "host/graphql?token=x"},
		{"https://", "id", "host/graphql#frag"},
		{"https://", "id", "host:99999"},
		{"https://", "id", "[::1"},
		{"https://", "", "host"},
		{"https://", "https", "https"},
		{"HTTPS://", "id", "host"},
		{" https://", "id", "host"},
		{"", "https", "host"},
		{"//", "id", "host"},
		{"https://host/?", "id", "x"},
		{"https://host#", "id", "x"},
		{"https://a@b/", "id", "c"},
		{"https://", "id%", "host"},
		{"https://", "i d", "host"},
		{"ftp://", "id", "host"},
	} {
		f.Add(s.prefix, s.id, s.rest, uint8(16), uint64(1))
	}
	f.Add("https:/", "id", "SECRET@host", uint8(8), uint64(2))
	f.Add("https//", "id", "host", uint8(5), uint64(3))
	f.Fuzz(func(t *testing.T, prefix, id, rest string, n uint8, seed uint64) {
		size := 1 + int(n)%48
		a, b := endpointSecret(seed, size), endpointSecret(^seed, size)
		if a == b {
			b = strings.Map(func(r rune) rune {
				if r == 'z' {
					return 'A'
				}
				return r + 1
			}, a)
		}
		rawA := prefix + id + ":" + a + "@" + rest
		rawB := prefix + id + ":" + b + "@" + rest
		epA, errA := parseEndpoint(rawA)
		_, errB := parseEndpoint(rawB)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("the secret decides whether %q is valid: %v / %v", rawA, errA, errB)
		}
		if errA != nil {
			if errA.Error() != errB.Error() {
				t.Fatalf("the error depends on the secret:\n%q → %q\n%q → %q", rawA, errA, rawB, errB)
			}
			if size >= 8 && strings.Contains(errA.Error(), a) && strings.Contains(errB.Error(), b) {
				t.Fatalf("the error repeats the secret: %q", errA)
			}
			return
		}
		if epA.url.User != nil {
			t.Fatal("userinfo kept")
		}
		if epA.url.Scheme == "http" && !isLoopback(epA.url.Hostname()) {
			t.Fatalf("plain http to %q accepted", epA.url.Host)
		}
	})
}

// endpointSecret returns size characters of [A-Za-z0-9] drawn from seed.
func endpointSecret(seed uint64, size int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	b := make([]byte, size)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}
