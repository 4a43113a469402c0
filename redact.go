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
	"strings"
	"syscall"
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

// add appends the forms of s.
func (ss secrets) add(s string) secrets {
	j, _ := json.Marshal(s)
	forms := []string{s, string(j[1 : len(j)-1]), url.QueryEscape(s), url.PathEscape(s)}
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
	if len(more) == 0 {
		return ss
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

// scrub replaces every form of every secret in s, and anything shaped like
// a JWT, with REDACTED. Longer forms go first, so that a secret that
// contains another is removed whole.
func (ss secrets) scrub(s string) string {
	if strings.Contains(s, "eyJ") {
		s = jwtLike.ReplaceAllString(s, redactedText)
	}
	for {
		best := ""
		for _, f := range ss {
			if len(f) > len(best) && strings.Contains(s, f) {
				best = f
			}
		}
		if best == "" {
			return s
		}
		s = strings.ReplaceAll(s, best, redactedText)
	}
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
		return &url.Error{Op: e.Op, URL: ss.scrub(redactURL(e.URL)), Err: ss.clean(e.Err)}
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
	return &opaqueError{msg: ss.scrub(err.Error()), orig: err}
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

// redactURL removes the userinfo and query of a URL for display.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}
