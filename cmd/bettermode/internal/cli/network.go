package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/bettermode-go/bettermode"
)

// DefaultTimeout bounds each request to the API unless --timeout says
// otherwise.
const DefaultTimeout = 30 * time.Second

// waitNotice is how long a request runs before the command says, on a
// terminal, what it is waiting for.
const waitNotice = 2 * time.Second

// httpOption is the HTTP client every SDK client of the command uses: each
// request bounded by --timeout, and a one-line "waiting for …" on a
// terminal when an answer is slow.
func (a *app) httpOption() bettermode.Option {
	if a.hc == nil {
		base := http.DefaultTransport.(*http.Transport).Clone()
		base.ResponseHeaderTimeout = 0 // the client's Timeout bounds the whole request
		a.hc = &http.Client{Timeout: a.timeout, Transport: &noticeTransport{base: base, w: a.errOut, tty: a.errTTY, after: waitNotice, timeout: a.timeout}}
		a.cleanups = append(a.cleanups, base.CloseIdleConnections)
	}
	return bettermode.WithHTTPClient(a.hc)
}

// noticeTransport says once, on a terminal, which host a slow request waits
// for. It does not touch the request.
type noticeTransport struct {
	base    http.RoundTripper
	w       io.Writer
	tty     bool
	after   time.Duration
	timeout time.Duration
	once    sync.Once
}

func (t *noticeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !t.tty {
		return t.base.RoundTrip(r)
	}
	host := r.URL.Host
	timer := time.AfterFunc(t.after, func() {
		t.once.Do(func() {
			bound := "no time limit"
			if t.timeout > 0 {
				bound = "at most " + t.timeout.String() + ", see --timeout"
			}
			fmt.Fprintf(t.w, "waiting for %s to answer… (%s; Ctrl-C cancels)\n", host, bound)
		})
	})
	defer timer.Stop()
	return t.base.RoundTrip(r)
}

// timedOut reports whether err is a request that ran out of time.
func timedOut(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// serverError describes an error the API answered as the server wrote it:
// its message verbatim, its code, then what to do; none of the SDK's
// wording ("bettermode: Exec: …").
func serverError(be *bettermode.Error) string {
	msg := be.Message
	if msg == "" {
		msg = "the request failed"
	}
	var meta []string
	if be.Code != "" {
		meta = append(meta, "code "+be.Code)
	}
	if be.Field != "" {
		meta = append(meta, "field "+be.Field)
	}
	if be.StatusCode != 0 && be.StatusCode != http.StatusOK {
		meta = append(meta, fmt.Sprintf("HTTP %d", be.StatusCode))
	}
	if be.More > 0 {
		meta = append(meta, fmt.Sprintf("%d more", be.More))
	}
	if len(meta) > 0 {
		msg += " (" + joinComma(meta) + ")"
	}
	if h := errorHint(be); h != "" {
		msg += ": " + h
	}
	return msg
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// errorHint says what to do about an API error.
func errorHint(err error) string {
	var be *bettermode.Error
	switch {
	case errors.Is(err, bettermode.ErrUnauthorized):
		return "the session is not valid; log in again with bettermode login"
	case errors.Is(err, bettermode.ErrForbidden):
		return "the session is not allowed to do this; check its role's permissions"
	case errors.Is(err, bettermode.ErrRateLimited):
		if errors.As(err, &be) && be.RetryAfter > 0 {
			return "retry after " + be.RetryAfter.String()
		}
		return "slow down and retry later"
	case errors.Is(err, bettermode.ErrNotFound):
		return "check the id or name"
	case errors.Is(err, bettermode.ErrInvalidInput):
		return "fix the request's input"
	case errors.As(err, &be) && be.StatusCode >= 500:
		return "the service failed; retry later"
	}
	return ""
}
