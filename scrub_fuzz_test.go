package bettermode

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

var pointerAddr = regexp.MustCompile(`\(0x[0-9a-f]+\)`)

// scrubSeeds are secrets whose forms overlap the placeholder, each other,
// or the text around them.
var scrubSeeds = []struct{ secret, before, after string }{
	{"fake-secret-x", "token ", " and more"},
	{"REDACTED", "x", "y"},
	{"EDAC", "R", "TED"},
	{"DACT", "", ""},
	{"TEDx", "REDAC", "x"},
	{"xRED", "xx", "ACTED"},
	{"****", "*", "**"},
	{"aaaa", "aaa", "aaaaa"},
	{`fake "q" \ <&> +/=%41 ä`, "{\"message\":\"", "\"}"},
	{"\xff\xfefake", "", ""},
	{"eyJhbGciOiJIUzI1NiJ9", "", ".eyJleHAiOjF9.c2ln"},
	{"fake-pass", "https://id:", "@host/graphql?x=1"},
	{"Dabc", "", "abcabcabcabc"},     // REDACTED + abc spells it again
	{"abcR", "abcabcabc", ""},        // abc + REDACTED too
	{"]fake[", "[", "]"},             // and for [REDACTED]
	{"***fake***", "**", "**"},       // and for ***
	{"Dfake[", "fake[fake[", "fake"}, // both ends
}

// FuzzScrub: after secretForms(s).scrub(text), no form of s appears, for
// any secret s of minSecretLen bytes or more and any text around any of
// its forms; and text without a form is returned unchanged. The forms are
// computed here independently of redact.go (independentForms: raw,
// JSON-escaped, Go-quoted, url.QueryEscape, url.PathEscape, the four base64
// encodings and the QueryEscape of each).
func FuzzScrub(f *testing.F) {
	for i, s := range scrubSeeds {
		f.Add(s.secret, s.before, s.after, uint8(i), uint8(i*7))
	}
	f.Fuzz(func(t *testing.T, secret, before, after string, pick1, pick2 uint8) {
		if len(secret) < minSecretLen || len(before)+len(after) > 4096 {
			return
		}
		forms := independentForms(secret)
		f1, f2 := forms[int(pick1)%len(forms)].text, forms[int(pick2)%len(forms)].text
		ss := secretForms(Secret(secret))
		for _, text := range []string{
			before + f1 + after,
			before + f1 + f2 + after,
			f1 + before + f2 + after + f1,
			before + secret + secret + after,
		} {
			out := ss.scrub(text)
			for _, form := range forms {
				if strings.Contains(out, form.text) {
					t.Fatalf("the %s form %q of %q survives in %q (from %q)", form.label, form.text, secret, out, text)
				}
			}
			if again := ss.scrub(out); again != out {
				t.Fatalf("scrub is not idempotent: %q then %q", out, again)
			}
		}
		// Text that holds no form (nor anything JWT-shaped) is kept as it is.
		// A secret holding hidden characters is also looked for as it is
		// shown, without them (text is filtered before it is scrubbed).
		clean := before + after
		holds := strings.Contains(clean, "eyJ")
		shown := forms
		if f := filterText(secret); f != secret {
			shown = append(append([]leakForm(nil), forms...), independentForms(f)...)
		}
		for _, form := range shown {
			holds = holds || strings.Contains(clean, form.text)
		}
		if !holds && ss.scrub(clean) != clean {
			t.Fatalf("text without a secret changed: %q → %q", clean, ss.scrub(clean))
		}
	})
}

// FuzzClean: an error whose text holds the secret, wrapped in the chains
// the SDK meets (url.Error, net.OpError, os.SyscallError, fmt.Errorf %w,
// errors.Join), is cleaned so that nothing its chain exposes — the text of
// every error, what errors.As extracts, the URL of a *url.Error — holds a
// form of the secret, while errors.Is still answers as before.
func FuzzClean(f *testing.F) {
	for i, s := range scrubSeeds {
		f.Add(s.secret, s.before, s.after, uint8(i))
	}
	f.Fuzz(func(t *testing.T, secret, before, after string, shape uint8) {
		if len(secret) < minSecretLen || len(before)+len(after) > 4096 {
			return
		}
		forms := independentForms(secret)
		leaf := fmt.Errorf("%s%s%s: %w", before, forms[int(shape)%len(forms)].text, after, os.ErrDeadlineExceeded)
		var err error
		switch shape % 6 {
		case 0:
			err = &url.Error{Op: "Post", URL: "https://api.example.com/" + url.PathEscape(secret) + "?t=" + url.QueryEscape(secret), Err: leaf}
		case 1:
			err = &url.Error{Op: "Get", URL: "https://id:" + url.PathEscape(secret) + "@api.example.com/" + secret, Err: &net.OpError{Op: "read", Net: "tcp", Err: leaf}}
		case 2:
			err = &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: leaf}}
		case 3:
			err = fmt.Errorf("reading the response: %w", leaf)
		case 4:
			err = errors.Join(leaf, fmt.Errorf("%s %w", secret, syscall.ECONNRESET))
		default:
			err = &url.Error{Op: "Post", URL: "https://api.example.com/" + percentEncodeAll(secret), Err: errors.Join(leaf)}
		}
		cleaned := secretForms(Secret(secret)).clean(err)
		if !errors.Is(cleaned, os.ErrDeadlineExceeded) {
			t.Fatalf("errors.Is lost: %v", cleaned)
		}
		var texts, quoted []string // quoted: %#v output, whose escapes (\x80) can spell hex-like forms
		queue := []error{cleaned}
		for i := 0; len(queue) > 0 && i < 64; i++ {
			e := queue[0]
			queue = queue[1:]
			// %#v prints pointers as addresses, which are no one's secret.
			texts = append(texts, e.Error(), fmt.Sprintf("%+v", e))
			quoted = append(quoted, pointerAddr.ReplaceAllString(fmt.Sprintf("%#v", e), "(ptr)"))
			switch u := e.(type) {
			case interface{ Unwrap() error }:
				if n := u.Unwrap(); n != nil {
					queue = append(queue, n)
				}
			case interface{ Unwrap() []error }:
				queue = append(queue, u.Unwrap()...)
			}
		}
		if ue := (*url.Error)(nil); errors.As(cleaned, &ue) {
			texts = append(texts, ue.URL, ue.Op)
			if d, err := url.PathUnescape(ue.URL); err == nil {
				texts = append(texts, d)
			}
		}
		if se := (*os.SyscallError)(nil); errors.As(cleaned, &se) {
			texts = append(texts, se.Err.Error())
		}
		for _, text := range texts {
			for _, form := range forms {
				if strings.Contains(text, form.text) {
					t.Fatalf("the %s form of %q survives cleaning in %q", form.label, secret, text)
				}
			}
		}
		for _, text := range quoted {
			for _, form := range forms {
				if strings.Trim(form.text, `\"0123456789abcdefABCDEFxuUnrtv`) != "" && strings.Contains(text, form.text) {
					t.Fatalf("the %s form of %q survives cleaning in %q", form.label, secret, text)
				}
			}
		}
	})
}
