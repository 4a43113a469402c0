package bettermode

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"

	"golang.org/x/oauth2"
)

// formatOpaque prints s for every verb and flag: the Format method of the
// few types whose unexported fields could hold a user's secret.
func formatOpaque(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", s)
		return
	}
	_, _ = io.WriteString(f, s)
}

// minSecretLen is the shortest secret the scrubber removes: shorter ones
// would mangle every message without protecting much.
const minSecretLen = 4

// secrets is every form of the secrets in play that the SDK, or the code it
// runs, may write: the raw value, its JSON (with and without HTML escaping)
// and Go-quoted forms, its URL (query and path) and base64 (four alphabets)
// encodings, and the query encodings of the base64 ones. The scrubber
// removes all of them, wherever they occur and however they overlap, from
// any text that reaches an error.
type secrets []string

// secretForms returns the forms of the non-empty secrets in vals.
func secretForms(vals ...Secret) secrets {
	var out secrets
	for _, v := range vals {
		if len(v) < minSecretLen {
			continue
		}
		out = out.add(string(v))
	}
	return out
}

// add appends the forms of s. JSON comes twice, as encoding/json writes it
// (with <, > and & escaped) and as most other encoders do; the Go-quoted
// form is what %q and strconv.Quote write (net/http quotes a Location it
// cannot parse, hasura's decoder an unknown key).
func (ss secrets) add(s string) secrets {
	// Text is filtered before it is scrubbed (filterText), so a secret that
	// holds hidden characters is looked for without them too.
	if f := filterText(s); f != s {
		ss = ss.addForms(f)
	}
	return ss.addForms(s)
}

// addForms appends the forms of s itself (see add).
func (ss secrets) addForms(s string) secrets {
	j, _ := json.Marshal(s)
	forms := []string{s, string(j[1 : len(j)-1]), url.QueryEscape(s), url.PathEscape(s)}
	var plain strings.Builder
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) == nil {
		p := strings.TrimSuffix(plain.String(), "\n")
		forms = append(forms, p[1:len(p)-1])
	}
	if q := strconv.Quote(s); utf8.ValidString(s) {
		forms = append(forms, q[1:len(q)-1])
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b := enc.EncodeToString([]byte(s))
		forms = append(forms, b, url.QueryEscape(b))
	}
	for _, f := range forms {
		if len(f) >= minSecretLen && !containsString(ss, f) {
			ss = append(ss, f)
		}
	}
	return ss
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// with returns the union of ss and more, without modifying either.
func (ss secrets) with(more secrets) secrets {
	switch {
	case len(more) == 0:
		return ss
	case len(ss) == 0:
		return more // both are read-only: no copy
	}
	out := append(secrets(nil), ss...)
	for _, f := range more {
		if !containsString(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// jwtLike matches what looks like a JWT, which a message must never carry.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

// placeholders stand in for a secret. scrub uses the first, REDACTED,
// unless what it produced spells a form again (a secret that starts with
// "D" next to text that completes it, say): then the first of the others
// that no form can overlap.
var placeholders = []string{redactedText, "[REDACTED]", "<REDACTED>", "(REDACTED)", "***", "~~~", "\u2026"}

// maxScrubRounds bounds the rounds of scrub's last resort; past it the
// whole text goes.
const maxScrubRounds = 64

// scrub replaces every form of every secret in s, and anything shaped like
// a JWT, with REDACTED: each run of bytes covered by occurrences (however
// they overlap or touch) becomes one placeholder. The result never holds a
// form, even where a placeholder and the text around it would spell one
// (see placeholders). It takes time linear in len(s) but for contrived
// sets of secrets, and returns text without a secret as it is, without
// allocating.
func (ss secrets) scrub(s string) string {
	if !ss.occursIn(s) {
		return s
	}
	covered := make([]bool, len(s))
	ss.occurrences(s, func(from, to int) {
		for i := from; i < to; i++ {
			covered[i] = true
		}
	})
	out, _ := render(s, covered, redactedText, false)
	if !ss.formIn(out) {
		return out
	}
	for _, p := range placeholders[1:] {
		if !ss.overlaps(p) {
			out, _ := render(s, covered, p, false)
			return out
		}
	}
	return ss.scrubRounds(s, covered)
}

// overlaps reports whether a form can share bytes with the placeholder p in
// a text: by being part of it, holding it, or starting with an end of it or
// ending with a start of it. When none can, no form occurs in a text whose
// every occurrence was replaced by p.
func (ss secrets) overlaps(p string) bool {
	for _, f := range ss {
		if strings.Contains(p, f) || strings.Contains(f, p) {
			return true
		}
		for k := 1; k < len(f) && k <= len(p); k++ {
			if f[:k] == p[len(p)-k:] || f[len(f)-k:] == p[:k] {
				return true
			}
		}
	}
	return false
}

// scrubRounds is scrub's last resort, for secrets that overlap every
// placeholder: it covers the bytes of every form the rendered text spells
// and renders again, until none does (each round covers at least one more
// byte), or replaces the whole text after maxScrubRounds rounds. Its
// placeholder, "***", is shorter than any form, so that no form fits in it.
func (ss secrets) scrubRounds(s string, covered []bool) string {
	const p = "***"
	for round := 0; round < maxScrubRounds; round++ {
		out, origin := render(s, covered, p, true)
		grew := false
		ss.formOccurrences(out, func(from, to int) {
			for i := from; i < to; i++ {
				if o := origin[i]; o >= 0 && !covered[o] {
					covered[o], grew = true, true
				}
			}
		})
		if !grew {
			return out
		}
	}
	return p
}

// occursIn reports whether s holds a form or something JWT-shaped.
func (ss secrets) occursIn(s string) bool {
	return (strings.Contains(s, "eyJ") && jwtLike.MatchString(s)) || ss.formIn(s)
}

// formIn reports whether s holds a form.
func (ss secrets) formIn(s string) bool {
	for _, f := range ss {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}

// occurrences calls fn with the byte range of every JWT-shaped match in s
// and of every occurrence of every form, overlapping ones included.
func (ss secrets) occurrences(s string, fn func(from, to int)) {
	if strings.Contains(s, "eyJ") {
		for _, m := range jwtLike.FindAllStringIndex(s, -1) {
			fn(m[0], m[1])
		}
	}
	ss.formOccurrences(s, fn)
}

// formOccurrences calls fn with the byte range of every occurrence of every
// form in s, overlapping ones included.
func (ss secrets) formOccurrences(s string, fn func(from, to int)) {
	for _, f := range ss {
		for i := 0; i+len(f) <= len(s); {
			j := strings.Index(s[i:], f)
			if j < 0 {
				break
			}
			fn(i+j, i+j+len(f))
			i += j + 1
		}
	}
}

// render returns s with every run of covered bytes replaced by placeholder,
// and, when withOrigin, for each byte of the result the byte of s it shows
// (-1 inside a placeholder).
func render(s string, covered []bool, placeholder string, withOrigin bool) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	var origin []int
	if withOrigin {
		origin = make([]int, 0, len(s))
	}
	for i := 0; i < len(s); {
		if !covered[i] {
			j := i
			for j < len(s) && !covered[j] {
				if withOrigin {
					origin = append(origin, j)
				}
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		for i < len(s) && covered[i] {
			i++
		}
		b.WriteString(placeholder)
		if withOrigin {
			for range len(placeholder) {
				origin = append(origin, -1)
			}
		}
	}
	return b.String(), origin
}

// clean returns err as it may be kept in an error the SDK returns: its text
// scrubbed, and every error its chain exposes (through Unwrap, errors.As)
// clean too. Errors of the standard library that hold no secret by
// construction are kept, rebuilt around a clean cause where they wrap one
// (*url.Error, *net.OpError, *os.SyscallError); any other error becomes an
// opaque error with its scrubbed text that still answers errors.Is (and
// Timeout) as the original did, but hands out nothing through errors.As.
func (ss secrets) clean(err error) error { return ss.checked(err, ss.cleanErr(err, false)) }

// cleanStrict is clean for errors that may hold secrets the SDK does not
// know (an OAuth2 provider's answer, a redirect it was sent): an error that
// is not one of the standard library's known types keeps no text at all.
func (ss secrets) cleanStrict(err error) error { return ss.checked(err, ss.cleanErr(err, true)) }

// checked is the last line of defence: the cleaned error's full text, as
// its wrappers compose it (quotes and separators around scrubbed parts can
// complete a secret that overlaps the placeholder), must hold no form of a
// secret, or the error keeps no text at all.
func (ss secrets) checked(orig, cleaned error) error {
	if cleaned == nil || !ss.formIn(cleaned.Error()) {
		return cleaned
	}
	return &opaqueError{msg: "the error's text is not shown: it would repeat a secret", orig: orig}
}

func (ss secrets) cleanErr(err error, strict bool) error {
	switch e := err.(type) {
	case nil:
		return nil
	case *Error:
		return e // built by the SDK from clean parts
	case *url.Error:
		return &url.Error{Op: e.Op, URL: ss.redactURL(e.URL), Err: ss.cleanErr(e.Err, strict)}
	case *net.OpError:
		cp := *e
		cp.Err = ss.cleanErr(e.Err, strict)
		return &cp
	case *os.SyscallError:
		return &os.SyscallError{Syscall: e.Syscall, Err: ss.cleanErr(e.Err, strict)}
	case syscall.Errno, errTooLarge, stallError, *tls.CertificateVerificationError, *net.DNSError, *net.AddrError:
		if ss.scrub(err.Error()) == err.Error() {
			return err
		}
	}
	switch err {
	case context.Canceled, context.DeadlineExceeded, io.EOF, io.ErrUnexpectedEOF, net.ErrClosed, os.ErrDeadlineExceeded:
		return err
	}
	if strict {
		return &opaqueError{msg: fmt.Sprintf("%T (its text is not shown: it may hold secrets)", err), orig: err}
	}
	msg := err.Error()
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re != nil {
		// The provider's answer (body, error description, even the error
		// code) may repeat secrets the SDK never knew: the OAuth2 client
		// secret, the refresh token. Only the status is kept.
		msg = strings.ReplaceAll(msg, re.Error(), retrieveErrorText(re))
	}
	return &opaqueError{msg: ss.scrub(msg), orig: err}
}

// retrieveErrorText describes an OAuth2 token endpoint's error answer
// without repeating any of it but its status.
func retrieveErrorText(re *oauth2.RetrieveError) string {
	if re.Response != nil {
		return "oauth2: the token endpoint answered HTTP " + strconv.Itoa(re.Response.StatusCode) + " (its answer is not repeated: it may hold secrets)"
	}
	return "oauth2: the token endpoint answered with an error (its answer is not repeated: it may hold secrets)"
}

// opaqueError is a foreign error reduced to its scrubbed text.
type opaqueError struct {
	msg  string
	orig error // never handed out
}

func (e *opaqueError) Error() string { return e.msg }

// Format prints the message as it is for every verb: quoting or Go syntax
// would escape its bytes, and an escape next to the placeholder could spell
// a secret again.
func (e *opaqueError) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, e.msg) }

// Is answers as the original error would: a yes or no reveals nothing.
func (e *opaqueError) Is(target error) bool { return errors.Is(e.orig, target) }

// Timeout reports whether the original error was a timeout.
func (e *opaqueError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.orig, &t) && t.Timeout()
}

// redactURL returns raw for display: without userinfo, query and fragment,
// and with every secret removed from its host and its decoded path (so that
// percent-encoding a secret, byte by byte or otherwise, does not smuggle it
// through).
func (ss secrets) redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	u.Host = ss.scrub(u.Host)
	u.Path, u.RawPath = ss.scrub(u.Path), ""
	u.Opaque = ss.scrub(u.Opaque)
	return ss.scrub(u.String())
}

// secretKeeper is a source that knows more secrets than its current token:
// its configuration's (a password, a client secret) and the tokens it used
// or minted before. Every error about a request made with its tokens is
// scrubbed of all of them, since a hostile server may echo any it has seen.
type secretKeeper interface {
	knownSecrets() secrets
}

// knownSecrets returns src's secrets when it keeps any.
func knownSecrets(src CredentialSource) secrets {
	if k, ok := src.(secretKeeper); ok {
		return k.knownSecrets()
	}
	return nil
}

// maxRememberedTokens bounds how many tokens a secretBook remembers.
const maxRememberedTokens = 6

// secretBook is the secretKeeper of a source: the forms of its fixed
// secrets and of the last tokens it handled. Safe for concurrent use.
type secretBook struct {
	mu     sync.Mutex
	fixed  secrets
	tokens []secrets // the forms of each remembered token, oldest first
	all    secrets   // fixed and tokens, rebuilt by remember
}

func newSecretBook(fixed ...Secret) *secretBook {
	f := secretForms(fixed...)
	return &secretBook{fixed: f, all: f}
}

// remember adds the secrets of a token the source used or minted.
func (b *secretBook) remember(t *Token) {
	if t == nil {
		return
	}
	forms := secretForms(t.AccessToken, t.RefreshToken)
	if len(forms) == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = append(b.tokens, forms)
	if len(b.tokens) > maxRememberedTokens {
		b.tokens = b.tokens[1:]
	}
	all := b.fixed
	for _, t := range b.tokens {
		all = all.with(t)
	}
	b.all = all
}

// knownSecrets returns every remembered form; the result is never modified.
func (b *secretBook) knownSecrets() secrets {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.all
}
