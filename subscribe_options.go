package bettermode

import (
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Protocol is a GraphQL-over-WebSocket protocol.
type Protocol string

// The protocols Subscribe speaks.
const (
	// GraphQLTransportWS is graphql-transport-ws, the protocol of the
	// graphql-ws library (WebSocket subprotocol "graphql-transport-ws"). It
	// is the default.
	GraphQLTransportWS Protocol = "graphql-transport-ws"
	// SubscriptionsTransportWS is Apollo's legacy subscriptions-transport-ws
	// protocol (WebSocket subprotocol "graphql-ws").
	SubscriptionsTransportWS Protocol = "subscriptions-transport-ws"
)

// SubscribeOption configures Subscribe and Subscriptions.
type SubscribeOption func(*subConfig) error

type subConfig struct {
	protocol    *wsProtocol
	endpoint    *url.URL // WithSubscriptionEndpoint, in its http(s) form; nil: from the client's endpoint
	authPath    []string
	authScheme  string
	initParams  map[string]any
	hook        func(ReconnectEvent)
	logger      *slog.Logger
	backoffBase time.Duration
	backoffMax  time.Duration
	keepAlive   time.Duration
	initTimeout time.Duration
	seen        map[string]bool
}

func defaultSubConfig() subConfig {
	return subConfig{
		protocol: protocols[GraphQLTransportWS], authPath: []string{"Authorization"},
		backoffBase: 500 * time.Millisecond, backoffMax: 30 * time.Second,
		keepAlive: 30 * time.Second, initTimeout: 10 * time.Second,
	}
}

func (c *subConfig) once(name string) error {
	if c.seen[name] {
		return subOptionError(name+" is given twice", "give each option once")
	}
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	c.seen[name] = true
	return nil
}

func subOptionError(msg, hint string) error {
	return &Error{Operation: "Subscriptions", Message: msg, kind: ErrInvalidInput, hint: hint}
}

// WithProtocol selects the WebSocket protocol: GraphQLTransportWS (the
// default) or SubscriptionsTransportWS.
func WithProtocol(p Protocol) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithProtocol"); err != nil {
			return err
		}
		wp, ok := protocols[p]
		if !ok {
			return subOptionError("unknown protocol "+truncate(string(p), 64), "use GraphQLTransportWS or SubscriptionsTransportWS")
		}
		c.protocol = wp
		return nil
	}
}

// WithSubscriptionEndpoint opens the WebSocket at rawURL instead of the
// client's endpoint: wss (or https), or ws (or http) only to a loopback host,
// without credentials, query or fragment in the URL. The same rule as for
// every request decides where credentials may go (see Transport).
func WithSubscriptionEndpoint(rawURL string) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithSubscriptionEndpoint"); err != nil {
			return err
		}
		u, err := parseSubscriptionEndpoint(rawURL)
		if err != nil {
			return err
		}
		c.endpoint = u
		return nil
	}
}

// parseSubscriptionEndpoint validates a subscription URL and returns it in
// its http(s) form, which the credential rule (mayCarryCredentials) reads.
func parseSubscriptionEndpoint(raw string) (*url.URL, error) {
	fail := func(why, hint string) (*url.URL, error) {
		return nil, &Error{Operation: "Subscriptions", Field: "subscription endpoint", Message: why, kind: ErrInvalidInput, hint: hint}
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || raw == "" {
		return fail("the subscription endpoint is not a valid URL", "pass an absolute URL such as wss://api.bettermode.com/")
	}
	switch strings.ToLower(u.Scheme) {
	case "wss", "https":
		u.Scheme = "https"
	case "ws", "http":
		u.Scheme = "http"
	default:
		return fail("the subscription endpoint is not a wss, ws, https or http URL", "pass an absolute URL such as wss://api.bettermode.com/")
	}
	switch {
	case u.Host == "" || u.Hostname() == "":
		return fail("the subscription endpoint has no host", "pass an absolute URL such as wss://api.bettermode.com/")
	case u.User != nil:
		return fail("the subscription endpoint carries credentials", "remove user:password@ from the URL; the client's credentials are sent")
	case u.RawQuery != "" || u.ForceQuery:
		return fail("the subscription endpoint has a query string", "remove it; credentials belong in WithCredentials, never in the URL")
	case u.Fragment != "" || u.RawFragment != "":
		return fail("the subscription endpoint has a fragment", "remove the #fragment")
	case !mayCarryCredentials(u, u):
		return fail("the subscription endpoint uses plain ws or http to a host that is not loopback, which would send credentials in the clear",
			"use wss; plain ws is allowed only to localhost or a loopback address")
	}
	return u, nil
}

// WithInitAuth sets where connection_init's payload carries the token: at
// the key path (more than one key nests objects: "headers",
// "Authorization" sends {"headers":{"Authorization":…}}), as scheme: ""
// (the default) sends what the Authorization header carries ("Bearer
// <token>", or the token's own Scheme), SchemeBare the token alone, any
// other scheme "<scheme> <token>". The default is WithInitAuth("",
// "Authorization"); a server that wants {"authToken": "<token>"} takes
// WithInitAuth(SchemeBare, "authToken"). The upgrade request carries the
// Authorization header in every case.
func WithInitAuth(scheme string, path ...string) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithInitAuth"); err != nil {
			return err
		}
		if len(path) == 0 {
			return subOptionError("WithInitAuth needs a key", `pass one, such as "Authorization" or "authToken"`)
		}
		for _, k := range path {
			if k == "" {
				return subOptionError("WithInitAuth has an empty key", "remove it")
			}
		}
		if strings.ContainsFunc(scheme, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			return subOptionError("the scheme of WithInitAuth contains a space or a control character", `pass a scheme such as "Bearer"`)
		}
		c.authScheme, c.authPath = scheme, append([]string(nil), path...)
		return nil
	}
}

// WithInitPayload adds params to every connection_init payload, beside the
// token (which wins a conflict). params is encoded with encoding/json and
// must not be modified afterwards.
func WithInitPayload(params map[string]any) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithInitPayload"); err != nil {
			return err
		}
		c.initParams = params
		return nil
	}
}

// ReconnectReason says why a subscription socket is reopened.
type ReconnectReason string

// The reasons a socket is reopened.
const (
	// ReconnectTokenExpiring: the token the socket was opened with is about
	// to expire (min(10s, a tenth of the life it had left when the socket
	// opened) before its Expiry, as the client's token cache reckons); the
	// socket is reopened at once with a fresh token and the subscriptions
	// are resumed. (A socket that lived less than a second is reopened after
	// a backoff instead, so that tokens that short-lived cannot loop.)
	ReconnectTokenExpiring ReconnectReason = "token expiring"
	// ReconnectRefused: the server refused the token (close code 4401 or
	// 4403, an error message, or HTTP 401 or 403 on the upgrade); the token
	// was invalidated and the socket is reopened once, at once, with a fresh
	// one. A second refusal in a row ends Run with ErrUnauthorized (or
	// ErrForbidden).
	ReconnectRefused ReconnectReason = "refused"
	// ReconnectDropped: the socket closed or could not be opened; it is
	// reopened after a jittered exponential backoff.
	ReconnectDropped ReconnectReason = "dropped"
)

// ReconnectEvent describes one reopening of a subscription socket. It holds
// no secret.
type ReconnectEvent struct {
	// Reason says why.
	Reason ReconnectReason
	// Attempt counts the consecutive failures (drops or refusals) so far;
	// 0 for a ReconnectTokenExpiring that is not one.
	Attempt int
	// Delay is how long Run waits before dialling again.
	Delay time.Duration
	// Code is the WebSocket close code, or the HTTP status of a refused
	// upgrade; 0 when there is none.
	Code int
	// Err is what ended the socket or failed the dial; nil for
	// ReconnectTokenExpiring.
	Err error
}

// WithReconnectHook calls hook, in Run's goroutine, each time a socket is to
// be reopened, before the wait. hook must not block for long. The default
// is no hook.
func WithReconnectHook(hook func(ReconnectEvent)) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithReconnectHook"); err != nil {
			return err
		}
		c.hook = hook
		return nil
	}
}

// WithSubscriptionLogger logs the sockets' life to l: openings and closes at
// Debug, reconnects at Info, refusals at Warn. Records never hold a token.
// The default (or nil) logs nothing.
func WithSubscriptionLogger(l *slog.Logger) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithSubscriptionLogger"); err != nil {
			return err
		}
		c.logger = l
		return nil
	}
}

// WithReconnectBackoff sets the wait before reopening a dropped socket:
// base doubled per consecutive failure up to maxDelay, drawn with equal
// jitter (half fixed, half random). A socket that stayed up 30 seconds
// resets the count. The defaults are 500ms and 30s; base <= 0 keeps the
// default, a maxDelay below base counts as base.
func WithReconnectBackoff(base, maxDelay time.Duration) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithReconnectBackoff"); err != nil {
			return err
		}
		if base > 0 {
			c.backoffBase = clampDuration(base)
		}
		c.backoffMax = max(clampDuration(maxDelay), c.backoffBase)
		return nil
	}
}

// WithKeepAlive sends a WebSocket ping every d and reopens a socket whose
// pong does not come within d. The default is 30s; d < 0 disables pings.
func WithKeepAlive(d time.Duration) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithKeepAlive"); err != nil {
			return err
		}
		if d != 0 {
			c.keepAlive = clampDuration(d) // 0 for a negative d: no pings
		}
		return nil
	}
}

// WithInitTimeout bounds the wait for connection_ack after connection_init;
// a server that does not answer in time counts as a drop. The default is
// 10s; d <= 0 keeps it.
func WithInitTimeout(d time.Duration) SubscribeOption {
	return func(c *subConfig) error {
		if err := c.once("WithInitTimeout"); err != nil {
			return err
		}
		if d > 0 {
			c.initTimeout = clampDuration(d)
		}
		return nil
	}
}
