package bettermode

import (
	"fmt"
	"log/slog"
)

// Secret is a credential: a password, a client secret, an access or a
// refresh token. It is a string that never shows itself: fmt (every verb and
// flag), slog, encoding/json, encoding/xml, encoding/gob and every encoder
// that honours encoding.TextMarshaler or encoding.BinaryMarshaler print
// "REDACTED" in its place (and nothing for an empty Secret). Every credential
// field of this package has this type, so a struct holding one can be logged
// or dumped whole.
//
// Convert a string with Secret(s); read the value with Reveal, only where it
// is sent. Decoding (json.Unmarshal and the like) fills a Secret as a string.
type Secret string

// redactedText stands in for a non-empty Secret.
const redactedText = "REDACTED"

// Reveal returns the secret itself. Call it only to send the secret where it
// belongs; never log or print what it returns.
func (s Secret) Reveal() string { return string(s) }

// String returns "REDACTED", or "" for an empty Secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redactedText
}

// GoString returns String quoted, so that %#v of a struct shows a redacted
// string literal.
func (s Secret) GoString() string { return fmt.Sprintf("%q", s.String()) }

// Format prints String for every verb and flag, so that no verb (%x
// included) reveals the secret.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'q' || (verb == 'v' && f.Flag('#')):
		fmt.Fprintf(f, "%q", s.String())
	default:
		_, _ = f.Write([]byte(s.String()))
	}
}

// LogValue makes slog log String.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText returns String; encoding/xml, YAML and other text encoders use it.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalJSON returns String as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalBinary returns String; binary encoders use it.
func (s Secret) MarshalBinary() ([]byte, error) { return []byte(s.String()), nil }

// GobEncode returns String, so that encoding/gob never writes the secret.
func (s Secret) GobEncode() ([]byte, error) { return []byte(s.String()), nil }

// GobDecode sets s to the decoded bytes (which, from GobEncode, are
// "REDACTED" or empty: a secret does not survive gob).
func (s *Secret) GobDecode(b []byte) error { *s = Secret(b); return nil }
