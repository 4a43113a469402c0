package login

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bettermode-go/bettermode"
)

// Options says where the sources and LoginWithGlobalToken send their
// requests. The zero value sends to Bettermode's US endpoint over an HTTP
// client of their own.
type Options struct {
	// Endpoint is the GraphQL endpoint URL: https, or plain http to a loopback
	// host. Default bettermode.US.Endpoint. Pass the same endpoint to the
	// bettermode.Client that uses the source.
	Endpoint string
	// HTTPClient sends the requests; it is never modified. Default: a client
	// over a clone of http.DefaultTransport of the source's own, whose idle
	// connections Close closes (LoginWithGlobalToken closes them on return).
	HTTPClient *http.Client
}

// conn is a resolved Options: the endpoint and the HTTP client every client
// made from it shares.
type conn struct {
	endpoint string
	hc       *http.Client
	own      bool // hc is ours: close its idle connections
}

func (o Options) conn() (*conn, error) {
	c := &conn{endpoint: o.Endpoint, hc: o.HTTPClient}
	if c.endpoint == "" {
		c.endpoint = bettermode.US.Endpoint
	}
	if c.hc == nil {
		t, ok := http.DefaultTransport.(*http.Transport)
		if ok {
			t = t.Clone()
		} else { // replaced by the program: start from the standard settings
			t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
		}
		c.hc = &http.Client{Transport: t}
		c.own = true
	}
	// Check the endpoint now, with a client that is thrown away.
	cl, err := c.client("")
	if err != nil {
		c.close()
		return nil, err
	}
	_ = cl.Close()
	return c, nil
}

// client makes a client sending bearer (none when empty) that never resends
// a request after a transient failure: the login operations spend
// single-use codes and tokens, so a failure is left to the caller (the
// bettermode.Client's token cache retries with backoff).
func (c *conn) client(bearer bettermode.Secret) (*bettermode.Client, error) {
	opts := []bettermode.Option{
		bettermode.WithEndpoint(c.endpoint), bettermode.WithHTTPClient(c.hc),
		bettermode.WithRetryPolicy(bettermode.RetryPolicy{MaxAttempts: 1}),
	}
	if bearer != "" {
		opts = append(opts, bettermode.WithCredentials(bettermode.StaticToken(bearer.Reveal())))
	}
	return bettermode.NewClient(opts...)
}

// with runs fn with a client sending bearer, closed after.
func (c *conn) with(bearer bettermode.Secret, fn func(*bettermode.Client) error) error {
	cl, err := c.client(bearer)
	if err != nil {
		return err
	}
	defer cl.Close()
	return fn(cl)
}

func (c *conn) close() {
	if c.own {
		c.hc.CloseIdleConnections()
	}
}

// exec runs doc with vars on c and decodes the answer's data into out. Its
// error holds none of secrets.
func exec(ctx context.Context, c *bettermode.Client, op, doc string, vars map[string]any, out any, secrets ...bettermode.Secret) error {
	if c == nil {
		return invalid(op, "the *bettermode.Client is nil")
	}
	resp, err := c.Exec(ctx, doc, vars, bettermode.OperationName(opName(doc)))
	if err != nil {
		return clean(err, secrets...)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		return fmt.Errorf("bettermode: login: %s: cannot decode the answer (is the endpoint a Bettermode GraphQL API?)", op)
	}
	return nil
}

// opName returns the operation name of doc ("query NAME(...").
func opName(doc string) string {
	_, rest, _ := strings.Cut(doc, " ")
	name, _, _ := strings.Cut(rest, "(")
	name, _, _ = strings.Cut(name, " ")
	return name
}

// sentinels are the errors a cleaned error keeps matching.
var sentinels = []error{
	bettermode.ErrUnauthorized, bettermode.ErrForbidden, bettermode.ErrRateLimited, bettermode.ErrNotFound,
	bettermode.ErrInvalidInput, bettermode.ErrClosed, context.Canceled, context.DeadlineExceeded,
}

// clean returns err, or, when its text holds a form of one of secrets (the
// root scrubber's: raw, encoded, interleaved with hidden characters), an
// error with them replaced that still matches the sentinels err matches (and no
// chain to the original).
func clean(err error, secrets ...bettermode.Secret) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	scrubbed := bettermode.NewScrubber(secrets...).String(msg)
	if scrubbed == msg {
		return err
	}
	r := &redactedError{msg: scrubbed}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			r.kinds = append(r.kinds, s)
		}
	}
	return r
}

// redactedError is an error whose text held a secret, reduced to its
// scrubbed text and the sentinels it matched.
type redactedError struct {
	msg   string
	kinds []error
}

func (e *redactedError) Error() string { return e.msg }

// Is reports whether target is one of the sentinels the original matched.
func (e *redactedError) Is(target error) bool {
	for _, k := range e.kinds {
		if k == target {
			return true
		}
	}
	return false
}

// invalid returns an error matching bettermode.ErrInvalidInput for a
// missing or wrong configuration value.
func invalid(op, msg string) error {
	return fmt.Errorf("bettermode: login: %s: %s: %w", op, msg, bettermode.ErrInvalidInput)
}
