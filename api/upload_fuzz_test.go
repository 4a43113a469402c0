package api

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bettermode-go/bettermode"
)

// FuzzOrderedFields feeds the parser of a SignedUrl's fields (text from
// the server) anything: it never panics, and what it accepts is a list of
// named fields none of which is the file.
func FuzzOrderedFields(f *testing.F) {
	for _, s := range []string{`{"key":"k","Policy":"p"}`, `{}`, `{"a":1,"b":true}`, `{"file":"x"}`, `[]`, `{"a":{"b":1}}`, `{"a":"b"} x`, ``} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fields, err := orderedFields(s)
		if err != nil {
			return
		}
		for _, fl := range fields {
			if fl.name == "" || strings.EqualFold(fl.name, "file") {
				t.Fatalf("accepted field %q", fl.name)
			}
		}
	})
}

// FuzzDescribeAnswer feeds the reader of the upload target's answer
// anything around a secret: what it keeps never holds the secret, is valid
// text, and is bounded.
func FuzzDescribeAnswer(f *testing.F) {
	const secret = "fake-signed-secret-0123456789"
	for _, s := range []string{"<Error><Code>AccessDenied</Code><Message>" + secret + "</Message></Error>", "plain " + secret, "\x00binary", ""} {
		f.Add([]byte(s))
	}
	scrub := bettermode.NewScrubber(secret)
	f.Fuzz(func(t *testing.T, body []byte) {
		got := describeAnswer(append(append(body, secret...), body...), scrub)
		if scrub.Contains(got) && !scrub.Contains(string(body)) {
			t.Fatalf("kept the secret: %q", got)
		}
		if !utf8.ValidString(got) || len(got) > maxShown+len("…") {
			t.Fatalf("bad text: %q", got)
		}
	})
}
