package bettermode

// Scrubber removes every form of a set of secrets from text and errors. It
// is the SDK's one scrubber, the one the client uses on every error, offered
// to packages that handle secrets of their own (OAuth2 flows, uploads, the
// CLI) so that none of them needs a second, weaker copy. The forms are those
// the SDK may write: the raw value, its JSON and Go-quoted forms, URL query
// and path escapes, base64 in four alphabets (of the value and of
// "id:secret" Basic credentials when added with WithBasic) and their URL
// escapes; anything shaped like a JWT goes too.
//
// A Scrubber is an immutable value, safe for concurrent use; the zero value
// scrubs only JWT-shaped text. Secrets shorter than 4 bytes are not
// scrubbed: they would mangle every message.
type Scrubber struct {
	ss secrets
}

// NewScrubber returns a Scrubber for the non-empty secrets in vals.
func NewScrubber(vals ...Secret) Scrubber {
	return Scrubber{ss: secretForms(vals...)}
}

// With returns a Scrubber for the secrets of s and those in vals; s is not
// modified.
func (s Scrubber) With(vals ...Secret) Scrubber {
	return Scrubber{ss: s.ss.with(secretForms(vals...))}
}

// WithBasic returns a Scrubber that also removes the HTTP Basic credential
// made of id and secret (the base64 of "id:secret" in every alphabet), as
// an OAuth2 client or an app login sends it, and the secret itself.
func (s Scrubber) WithBasic(id string, secret Secret) Scrubber {
	more := secretForms(secret)
	if id != "" && secret != "" {
		more = more.add(id + ":" + string(secret))
	}
	return Scrubber{ss: s.ss.with(more)}
}

// String returns text without any form of the secrets, each run of them
// replaced by REDACTED. It filters first, then scrubs: the characters a
// terminal or a log does not show (see FilterText) are removed before the
// secrets are looked for, so that a secret interleaved with them is found.
// Text without a secret or such characters is returned as it is.
func (s Scrubber) String(text string) string { return s.ss.scrubText(text) }

// Contains reports whether text holds a form of one of the secrets or
// something shaped like a JWT.
func (s Scrubber) Contains(text string) bool { return s.ss.occursIn(text) }

// Error returns err as it may be kept in an error the caller returns: its
// text scrubbed and every error its chain exposes (through Unwrap and
// errors.As) clean too. Errors of the standard library that hold no secret
// by construction keep their types (*url.Error, *net.OpError,
// *os.SyscallError, rebuilt around a clean cause); any other error becomes
// an opaque error with the scrubbed text that still answers errors.Is. As
// String does, it filters the text before scrubbing it: an error whose text
// holds hidden characters keeps only its filtered, scrubbed text. A nil err
// gives nil.
func (s Scrubber) Error(err error) error {
	return s.ss.cleanText(err, false)
}

// StrictError is Error for errors that may hold secrets the caller does not
// know, such as an OAuth2 provider's answer: an error that is not one of the
// standard library's known types keeps no foreign text at all.
func (s Scrubber) StrictError(err error) error {
	return s.ss.cleanText(err, true)
}
