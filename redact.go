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

// secrets is every form of the secrets in play that the SDK itself
// produces: the raw value, its JSON, URL (query and path) and base64 (four
// alphabets) encodings, and the URL encodings of those. The scrubber removes
// each of them, longest first, from any text that reaches an error.
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

// maxScrubRounds bounds the rounds of scrub; past it the whole text goes.
const maxScrubRounds = 64

// scrub replaces every form of every secret in s, and anything shaped like
// a JWT, with REDACTED: each run of bytes covered by an occurrence (possibly
// overlapping or adjacent occurrences) becomes one REDACTED. The result holds
// no form and nothing JWT-shaped, even where a placeholder and the text
// around it would spell one: such bytes are covered too and the text
// rendered again. A secret that is itself part of "REDACTED" is replaced
// with "***" instead, so that scrubbing always ends. Text without a secret
// is returned as it is, without allocating.
func (ss secrets) scrub(s string) string {
	if !ss.occursIn(s) {
		return s
	}
	placeholder := redactedText
	for _, f := range ss {
		if strings.Contains(redactedText, f) {
			placeholder = "***" // shorter than any form: no form fits in it
			break
		}
	}
	covered := make([]bool, len(s))
	out, origin := s, []int(nil) // origin[i]: the byte of s that out[i] shows, or -1 in a placeholder
	for round := 0; ; round++ {
		grew := false
		ss.occurrences(out, func(from, to int) {
			for i := from; i < to; i++ {
				o := i
				if origin != nil {
					o = origin[i]
				}
				if o >= 0 && !covered[o] {
					covered[o], grew = true, true
				}
			}
		})
		if !grew {
			return out // nothing occurs (an occurrence inside one placeholder cannot)
		}
		if round == maxScrubRounds {
			return placeholder
		}
		out, origin = render(s, covered, placeholder)
	}
}

// occursIn reports whether s holds a form or something JWT-shaped.
func (ss secrets) occursIn(s string) bool {
	if strings.Contains(s, "eyJ") && jwtLike.MatchString(s) {
		return true
	}
	for _, f := range ss {
		if strings.Contains(s, f) {
			return true
		}
	}
	return false
}

// occurrences calls fn with the byte range of every occurrence of every
// form in s, overlapping ones included, and of every JWT-shaped match.
func (ss secrets) occurrences(s string, fn func(from, to int)) {
	if strings.Contains(s, "eyJ") {
		for _, m := range jwtLike.FindAllStringIndex(s, -1) {
			fn(m[0], m[1])
		}
	}
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
// and for each byte of the result the byte of s it shows (-1 inside a
// placeholder).
func render(s string, covered []bool, placeholder string) (string, []int) {
	var b strings.Builder
	origin := make([]int, 0, len(s))
	for i := 0; i < len(s); {
		if !covered[i] {
			b.WriteByte(s[i])
			origin = append(origin, i)
			i++
			continue
		}
		for i < len(s) && covered[i] {
			i++
		}
		b.WriteString(placeholder)
		for range len(placeholder) {
			origin = append(origin, -1)
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
func (ss secrets) clean(err error) error {
	switch e := err.(type) {
	case nil:
		return nil
	case *Error:
		return e // built by the SDK from clean parts
	case *url.Error:
		return &url.Error{Op: e.Op, URL: ss.redactURL(e.URL), Err: ss.clean(e.Err)}
	case *net.OpError:
		cp := *e
		cp.Err = ss.clean(e.Err)
		return &cp
	case *os.SyscallError:
		return &os.SyscallError{Syscall: e.Syscall, Err: ss.clean(e.Err)}
	case syscall.Errno, errTooLarge, *tls.CertificateVerificationError, *net.DNSError, *net.AddrError:
		if ss.scrub(err.Error()) == err.Error() {
			return err
		}
	}
	switch err {
	case context.Canceled, context.DeadlineExceeded, io.EOF, io.ErrUnexpectedEOF, net.ErrClosed, os.ErrDeadlineExceeded:
		return err
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
