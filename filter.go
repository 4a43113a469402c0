package bettermode

import (
	"strings"
	"unicode/utf8"
)

// hiddenRune reports whether r is a character a terminal or a log shows as
// nothing (or as a command): C0 controls but newline and tab, DEL, C1
// controls, and the invisible format characters (soft hyphen, zero-width
// spaces and joiners, word joiner, bidi controls, byte order mark). Text
// interleaved with them looks like the text without them, so the scrubber
// filters them out before it looks for secrets.
func hiddenRune(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\n' && r != '\t'
	case r < 0x7f:
		return false
	case r <= 0x9f: // DEL and C1
		return true
	}
	switch r {
	case 0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x3164, 0xfeff, 0xffa0:
		return true
	}
	return (r >= 0x200b && r <= 0x200f) || // zero-width space, joiners, LRM, RLM
		(r >= 0x2028 && r <= 0x202e) || // separators, bidi embeddings and overrides
		(r >= 0x2060 && r <= 0x206f) || // word joiner, invisible operators, bidi isolates
		(r >= 0xfe00 && r <= 0xfe0f) || // variation selectors
		(r >= 0xfff9 && r <= 0xfffb) || // interlinear annotation
		(r >= 0xe0000 && r <= 0xe007f) // tags
}

// filterText returns text without the characters that a terminal or a log
// does not show as themselves (see the Scrubber): C0 controls other than
// newline and tab, DEL, C1 controls, and invisible format characters such
// as the soft hyphen, zero-width spaces and joiners and bidi controls.
// Bytes that are not UTF-8 are kept. Text without any is returned as it is.
func filterText(text string) string {
	i := strings.IndexFunc(text, hiddenRune)
	if i < 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	b.WriteString(text[:i])
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteByte(text[i])
		} else if !hiddenRune(r) {
			b.WriteString(text[i : i+n])
		}
		i += n
	}
	return b.String()
}

// scrubText filters text (filterText), then scrubs it: a secret that a
// server interleaved with hidden characters is found whole. A secret split
// by line breaks or tabs is found too: when removing them from the result
// would spell a secret, they are removed before scrubbing.
func (ss secrets) scrubText(text string) string {
	f := filterText(text)
	out := ss.scrub(f)
	if strings.ContainsAny(out, "\n\t\r") {
		if ss.occursIn(dropBreaks(out)) {
			return ss.scrub(dropBreaks(f))
		}
	}
	return out
}

func dropBreaks(s string) string {
	return strings.NewReplacer("\n", "", "\t", "", "\r", "").Replace(s)
}

// cleanText is clean (or cleanStrict) whose message is filtered before it
// is scrubbed; an error whose text changes that way keeps only the filtered
// and scrubbed text.
func (ss secrets) cleanText(err error, strict bool) error {
	if err == nil {
		return nil
	}
	var c error
	if strict {
		c = ss.cleanStrict(err)
	} else {
		c = ss.clean(err)
	}
	msg := c.Error()
	if clean := ss.scrubText(msg); clean != msg {
		return &opaqueError{msg: clean, orig: err}
	}
	return c
}
