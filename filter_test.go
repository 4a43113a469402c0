package bettermode

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

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
