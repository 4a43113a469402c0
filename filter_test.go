package bettermode

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// interleave puts sep between the bytes of every rune of s.
func interleave(s, sep string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// hiddenSeparators are characters a terminal or a log shows as nothing.
var hiddenSeparators = map[string]string{
	"SOH": "\x01", "ESC": "\x1b", "DEL": "\x7f", "C1 CSI": "\u009b", "soft hyphen": "\u00ad",
	"ZWSP": "\u200b", "ZWNJ": "\u200c", "ZWJ": "\u200d", "word joiner": "\u2060", "BOM": "\ufeff",
	"RLO": "\u202e", "LRI": "\u2066", "newline": "\n", "tab": "\t", "CR": "\r",
}

// TestScrubberFiltersFirst: a secret, or the base64 of id:secret, that a
// server interleaved with control or invisible characters is found whole
// by String, Error, StrictError and the server-message path of the client.
func TestScrubberFiltersFirst(t *testing.T) {
	const id, secret = "fake-client-id", "fake-client-secret-42"
	s := NewScrubber("fake-refresh-token-7").WithBasic(id, secret)
	basic := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	plain := func(out string) string { return filterText(dropBreaks(out)) }
	for name, sep := range hiddenSeparators {
		for form, v := range map[string]string{"raw": secret, "basic": basic, "refresh": "fake-refresh-token-7"} {
			t.Run(name+"/"+form, func(t *testing.T) {
				text := "provider said: " + interleave(v, sep) + " (end)"
				out := s.String(text)
				assert.NotContains(t, plain(out), v, out)
				assert.Contains(t, out, "REDACTED")
				for _, err := range []error{s.Error(errors.New(text)), s.Error(fmt.Errorf("w: %w", errors.New(text))), s.StrictError(errors.New(text))} {
					assert.NotContains(t, plain(err.Error()), v, err.Error())
				}
				_, _, err := decodeResponse("op", 200, nil, []byte(fmt.Sprintf(`{"errors":[{"code":"100","message":%q,"field":%q}]}`, text, text)), s.ss)
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.NotContains(t, plain(e.Message), v, e.Message)
				assert.NotContains(t, plain(e.Field), v, e.Field)
				assert.NotContains(t, plain(err.Error()), v)
			})
		}
	}
}

func TestFilterText(t *testing.T) {
	assert.Equal(t, "plain text\nwith\ttab", filterText("plain text\nwith\ttab"))
	assert.Equal(t, "abc", filterText("a\x01b\u00ad\u200bc\x1b"))
	assert.Equal(t, "\xffé", filterText("\xff\u009bé"), "bytes that are not UTF-8 are kept")
	assert.Equal(t, "no secret here", NewScrubber("fake-secret-x").String("no secret\u200b here"))
}

// FuzzScrubberFiltersFirst: a secret interleaved with any of the hidden
// characters, anywhere in any text, is not spelled by Scrubber.String's
// result once the hidden characters are taken out.
func FuzzScrubberFiltersFirst(f *testing.F) {
	f.Add("fake-secret-0001", "say ", " end", uint8(0), uint8(1))
	f.Add("Dabc", "abcabc", "", uint8(3), uint8(7))
	f.Add("xRED", "xx", "ACTED", uint8(5), uint8(2))
	seps := []string{"\x01", "\x1b", "\x7f", "\u0085", "\u009b", "\u00ad", "\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066", "\n", "\t", "\r"}
	f.Fuzz(func(t *testing.T, secret, before, after string, pick, every uint8) {
		if len(secret) < minSecretLen || len(secret) > 64 || len(before)+len(after) > 1024 || !utf8.ValidString(secret) || strings.IndexFunc(secret, hiddenRune) >= 0 {
			return
		}
		sep := seps[int(pick)%len(seps)]
		n := int(every)%4 + 1
		var b strings.Builder
		for i, r := range []rune(secret) {
			if i > 0 && i%n == 0 {
				b.WriteString(sep)
			}
			b.WriteRune(r)
		}
		out := NewScrubber(Secret(secret)).String(before + b.String() + after)
		if plain := filterText(dropBreaks(out)); strings.Contains(plain, secret) {
			t.Fatalf("%q spells the secret %q: %q", out, secret, plain)
		}
	})
}
