package bettermode_test

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
)

// These tests pin the scrubber's exact output (not only "no secret left"),
// so that a change to how it covers, merges and replaces occurrences, picks
// a placeholder or falls back to its rounds fails a test: see
// mutants_test.go.

// overlapAll is a set of secrets overlapping every placeholder the scrubber
// may use (REDACTED spells "D]zz" again before "]zz"; the others each end
// or start with a part of [REDACTED], <REDACTED>, (REDACTED), ***, ~~~ and
// …), so that only its last resort, the rounds with "***", is left.
var overlapAll = bettermode.NewScrubber("D]zz", "D>zz", "D)zz", "Q***", "Q~~~", "Q…")

func TestScrubberExactOutput(t *testing.T) {
	jwtish := "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"
	tests := []struct {
		name string
		s    bettermode.Scrubber
		in   string
		want string
	}{
		{name: "no secret is returned as it is", s: bettermode.NewScrubber("fake-secret-1"), in: "nothing to hide", want: "nothing to hide"},
		{name: "empty text", s: bettermode.NewScrubber("fake-secret-1"), in: "", want: ""},
		{name: "one occurrence", s: bettermode.NewScrubber("fake-secret-1"), in: "a fake-secret-1 b", want: "a REDACTED b"},
		{name: "at both ends", s: bettermode.NewScrubber("fake-secret-1"), in: "fake-secret-1 b fake-secret-1", want: "REDACTED b REDACTED"},
		{name: "separate runs stay separate", s: bettermode.NewScrubber("fake-secret-1"), in: "x fake-secret-1 y fake-secret-1 z", want: "x REDACTED y REDACTED z"},
		{name: "overlapping occurrences are one run", s: bettermode.NewScrubber("xyzxyz"), in: "-xyzxyzxyz-", want: "-REDACTED-"},
		{name: "touching secrets are one run", s: bettermode.NewScrubber("aaaa1", "bbbb2"), in: "<aaaa1bbbb2>", want: "<REDACTED>"},
		{name: "one byte between runs", s: bettermode.NewScrubber("aaaa1", "bbbb2"), in: "aaaa1.bbbb2", want: "REDACTED.REDACTED"},
		{name: "secret of four bytes", s: bettermode.NewScrubber("k3y!"), in: "[k3y!]", want: "[REDACTED]"},
		{name: "secret of three bytes is kept", s: bettermode.NewScrubber("k3y"), in: "[k3y]", want: "[k3y]"},
		{name: "jwt-shaped", s: bettermode.NewScrubber(), in: "token " + jwtish + " end", want: "token REDACTED end"},
		{name: "jwt-shaped next to a secret", s: bettermode.NewScrubber("fake-secret-1"), in: "fake-secret-1" + jwtish + "!", want: "REDACTED!"},
		{name: "too short to be a jwt", s: bettermode.NewScrubber(), in: "eyJab.cd.ef", want: "eyJab.cd.ef"},
		// REDACTED followed by "abc" spells "Dabc" again: the next
		// placeholder that no form overlaps is used.
		{name: "placeholder spells the secret", s: bettermode.NewScrubber("Dabc"), in: "Dabcabc", want: "[REDACTED]abc"},
		{name: "placeholder spells it, [REDACTED] overlaps", s: bettermode.NewScrubber("D]zz"), in: "D]zz]zz", want: "<REDACTED>]zz"},
		{name: "placeholder spells it, ends of text", s: bettermode.NewScrubber("Dabc"), in: "abcDabcabc", want: "abc[REDACTED]abc"},
		// Every placeholder overlaps a form: the rounds with "***".
		{name: "rounds: nothing spelled", s: overlapAll, in: "D]zz]zz", want: "***]zz"},
		{name: "rounds: Q*** spelled at the start", s: overlapAll, in: "QD]zz]zz", want: "***]zz"},
		{name: "rounds: Q*** spelled inside", s: overlapAll, in: "abQD]zz]zz", want: "ab***]zz"},
		{name: "rounds: 63 more bytes to cover", s: overlapAll, in: strings.Repeat("Q", 63) + "D]zz]zz", want: "***]zz"},
		{name: "rounds: 64 more bytes is too many", s: overlapAll, in: strings.Repeat("Q", 64) + "D]zz]zz", want: "***"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.s.String(tt.in)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in != tt.want, tt.s.Contains(tt.in), "Contains agrees with String")
			assert.False(t, tt.s.Contains(got) && got != tt.in, "the output holds no form: %q", got)
		})
	}
}

// TestScrubberSecretsAdd: With and WithBasic add to a scrubber without
// losing what it had, whichever side is empty.
func TestScrubberSecretsAdd(t *testing.T) {
	var zero bettermode.Scrubber
	a := bettermode.NewScrubber("first-fake-1")
	tests := []struct {
		name     string
		s        bettermode.Scrubber
		in, want string
	}{
		{name: "zero with nothing", s: zero.With(), in: "first-fake-1", want: "first-fake-1"},
		{name: "zero with one", s: zero.With("first-fake-1"), in: "first-fake-1", want: "REDACTED"},
		{name: "one with nothing", s: a.With(), in: "first-fake-1", want: "REDACTED"},
		{name: "one with a short one", s: a.With("abc"), in: "first-fake-1 abc", want: "REDACTED abc"},
		{name: "one with another: first", s: a.With("second-fake-2"), in: "first-fake-1 x", want: "REDACTED x"},
		{name: "one with another: second", s: a.With("second-fake-2"), in: "x second-fake-2", want: "x REDACTED"},
		{name: "one with itself", s: a.With("first-fake-1"), in: "first-fake-1", want: "REDACTED"},
		{name: "basic", s: zero.WithBasic("fake-id", "fake-basic-secret"), in: "Basic ZmFrZS1pZDpmYWtlLWJhc2ljLXNlY3JldA==.", want: "Basic REDACTED."},
		{name: "basic keeps the old", s: a.WithBasic("fake-id", "fake-basic-secret"), in: "first-fake-1", want: "REDACTED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.s.String(tt.in))
		})
	}
}

// TestScrubberRetrieveError: an OAuth2 token endpoint's error answer is
// reduced to its status, with or without a response.
func TestScrubberRetrieveError(t *testing.T) {
	s := bettermode.NewScrubber("fake-client-secret-9")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{
			name: "with a response",
			err: fmt.Errorf("refresh: %w", &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400},
				Body: []byte(`{"error":"invalid_client","hint":"unknown-secret-echo"}`), ErrorCode: "invalid_client"}),
			want: "refresh: oauth2: the token endpoint answered HTTP 400 (its answer is not repeated: it may hold secrets)",
		},
		{
			name: "without a response",
			err:  fmt.Errorf("refresh: %w", &oauth2.RetrieveError{Body: []byte("unknown-secret-echo"), ErrorCode: "invalid_grant", ErrorDescription: "unknown-secret-echo"}),
			want: "refresh: oauth2: the token endpoint answered with an error (its answer is not repeated: it may hold secrets)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Error(tt.err)
			require.Error(t, got)
			assert.Equal(t, tt.want, got.Error())
			assert.NotContains(t, fmt.Sprintf("%+v %#v %q", got, got, got), "unknown-secret-echo")
			var re *oauth2.RetrieveError
			assert.False(t, errors.As(got, &re), "the provider's answer is not handed out")
		})
	}
}

// TestScrubberEachForm: each form of a secret is removed where it is the
// only one in the text, the JSON forms with and without HTML escaping and
// the Go-quoted one included (a secret with "<" and a control byte has a
// different spelling in each).
func TestScrubberEachForm(t *testing.T) {
	const secret = "fake<\x01sec&ret>"
	s := bettermode.NewScrubber(secret)
	for name, form := range map[string]string{
		"raw":             secret,
		"json":            `fake\u003c\u0001sec\u0026ret\u003e`,
		"json, plain":     `fake<\u0001sec&ret>`,
		"go-quoted":       `fake<\x01sec&ret>`,
		"query":           "fake%3C%01sec%26ret%3E",
		"path":            "fake%3C%01sec&ret%3E",
		"base64":          "ZmFrZTwBc2VjJnJldD4=",
		"base64 url":      "ZmFrZTwBc2VjJnJldD4=",
		"base64 raw":      "ZmFrZTwBc2VjJnJldD4",
		"base64, escaped": "ZmFrZTwBc2VjJnJldD4%3D",
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, `{"echo":"REDACTED"}`, s.String(`{"echo":"`+form+`"}`))
		})
	}
}

// TestScrubberErrorTypes: errors of the standard library keep their type
// when their text holds no secret, lose it (and the secret) otherwise, and
// the text of a rebuilt error, as its wrappers compose it, never holds a
// secret: not even in a part the scrubber keeps as it is (an Op).
func TestScrubberErrorTypes(t *testing.T) {
	const secret = "fake-secret-in-error"
	s := bettermode.NewScrubber(secret)
	t.Run("url.Error", func(t *testing.T) {
		got := s.Error(&url.Error{Op: "Post", URL: "https://user:pw@example.com/graphql?x=1#f", Err: errors.New("boom")})
		assert.Equal(t, `Post "https://example.com/graphql": boom`, got.Error())
		var ue *url.Error
		assert.True(t, errors.As(got, &ue))
		got = s.Error(&url.Error{Op: "Post", URL: "https://example.com/%zz", Err: errors.New("boom")})
		assert.Equal(t, `Post "(invalid URL)": boom`, got.Error())
		got = s.Error(&url.Error{Op: "Post", URL: "https://example.com/" + secret, Err: errors.New("boom " + secret)})
		assert.Equal(t, `Post "https://example.com/REDACTED": boom REDACTED`, got.Error())
	})
	t.Run("a part kept as it is", func(t *testing.T) {
		got := s.Error(&url.Error{Op: secret, URL: "https://example.com/graphql", Err: errors.New("boom")})
		assert.NotContains(t, got.Error(), secret)
		assert.True(t, errors.Is(got, got), "still an error")
		got = s.Error(&net.OpError{Op: "dial", Net: secret, Err: errors.New("refused")})
		assert.NotContains(t, got.Error(), secret)
	})
	t.Run("DNSError", func(t *testing.T) {
		clean := &net.DNSError{Err: "no such host", Name: "example.com"}
		got := s.Error(clean)
		assert.Same(t, clean, got, "no secret: kept as it is")
		got = s.Error(&net.DNSError{Err: "no such host", Name: secret + ".example.com"})
		assert.Equal(t, "lookup REDACTED.example.com: no such host", got.Error())
		var de *net.DNSError
		assert.False(t, errors.As(got, &de), "its fields would repeat the secret")
	})
}
