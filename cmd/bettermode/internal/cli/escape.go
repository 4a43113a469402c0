package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// escapeControls returns s with every character a terminal would act on
// instead of showing written as a visible escape: C0 controls but newline
// and tab (ESC starts every escape sequence, OSC 52 writes the clipboard),
// DEL, C1 controls (U+0080 to U+009F, whose CSI and OSC act like ESC [ and
// ESC ]), the invisible bidi controls that reorder what is shown, and bytes
// that are not UTF-8 (a lone 0x9B is CSI to an 8-bit terminal). The escape
// is \uXXXX, which is also a valid escape inside a JSON string, so JSON
// output stays valid and means the same. It is the one escaping function:
// every byte the command writes goes through it (see escapingWriter).
func escapeControls(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\u%04x`, s[i])
		case controlRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || controlRune(r) {
			return true
		}
		i += n
	}
	return false
}

// controlRune reports whether a terminal acts on r rather than showing it.
func controlRune(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\n' && r != '\t'
	case r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidi controls
	}
	return false
}

// escapingWriter writes through escapeControls: what the server sent (an
// error message, a name, a webhook receiver's body) never reaches the
// terminal raw. A rune split across two writes is escaped byte by byte.
type escapingWriter struct{ w io.Writer }

func (e escapingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(e.w, escapeControls(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// printableToken reports whether tok is what a token always is: printable
// ASCII without spaces.
func printableToken(tok string) bool {
	for i := 0; i < len(tok); i++ {
		if tok[i] <= 0x20 || tok[i] >= 0x7f {
			return false
		}
	}
	return tok != ""
}
