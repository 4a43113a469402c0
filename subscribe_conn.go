package bettermode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// wsProtocol is what differs between the two protocols.
type wsProtocol struct {
	name        Protocol
	subprotocol string
	start, stop string // the client's subscribe and unsubscribe messages
	legacy      bool   // subscriptions-transport-ws: ka, data, connection_error, connection_terminate
}

var protocols = map[Protocol]*wsProtocol{
	GraphQLTransportWS:       {name: GraphQLTransportWS, subprotocol: "graphql-transport-ws", start: "subscribe", stop: "complete"},
	SubscriptionsTransportWS: {name: SubscriptionsTransportWS, subprotocol: "graphql-ws", start: "start", stop: "stop", legacy: true},
}

// Close codes of graphql-transport-ws that concern the client.
const (
	closeBadRequest     = 4400 // invalid message
	closeUnauthorized   = 4401
	closeForbidden      = 4403
	closeBadProtocol    = 4406 // subprotocol not acceptable
	closeDuplicateID    = 4409 // subscriber already exists
	dialTimeout         = 30 * time.Second
	writeTimeout        = 10 * time.Second
	closeGrace          = 2 * time.Second  // for the close handshake, before the socket is cut
	expiryMarginCeiling = 10 * time.Second // reconnect min(this, lifetime/10) before a token expires
)

// wsMessage is a message of either protocol.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// endKind says why a socket ended or could not be opened.
type endKind int

const (
	endDropped  endKind = iota // closed or failed: reopen after a backoff
	endStopped                 // Run is ending
	endExpiring                // its token is about to expire: reopen at once
	endRefused                 // the server refused the token: renew, reopen once
	endFatal                   // retrying cannot help
)

// connEnd is why a socket ended or could not be opened.
type connEnd struct {
	kind      endKind
	code      int           // close code or HTTP status; 0 if none
	status    bool          // code is an HTTP status
	forbidden bool          // refused as forbidden (4403, HTTP 403, code 102)
	detail    string        // the server's words, scrubbed
	err       error         // clean
	tok       *Token        // the token the socket carried
	wait      time.Duration // the server's Retry-After, for a refused upgrade
}

// refusal is Run's error after the server refused the credentials: again
// after a renewal (retried), or once when the source cannot renew.
func (e *connEnd) refusal(retried, hasSource bool) error {
	kind := ErrUnauthorized
	if e.forbidden {
		kind = ErrForbidden
	}
	msg := "the server refused the credentials"
	if e.code != 0 && !e.status {
		msg += " (close code " + strconv.Itoa(e.code)
		if e.detail != "" {
			msg += ": " + e.detail
		}
		msg += ")"
	} else if e.detail != "" {
		msg += " (" + e.detail + ")"
	}
	hint := "check the credentials, and that they may subscribe"
	switch {
	case !hasSource:
		hint = "the client has no credentials; create it WithCredentials"
	case retried:
		hint = "a fresh token was refused too; " + hint
	default:
		hint = "the source cannot give another token; " + hint
	}
	out := &Error{Operation: "subscribe", Message: msg, kind: kind, hint: hint}
	if e.status {
		out.StatusCode = e.code
	}
	return out
}

// wsConn is one open socket.
type wsConn struct {
	conn       *websocket.Conn
	proto      *wsProtocol
	tok        *Token
	secrets    secrets
	opened     time.Time
	refreshAt  time.Time // reconnect then, before the token expires; zero: never
	cancelRead context.CancelFunc
	raw        *rawConn // the connection under the socket, cut after closeGrace

	stopping atomic.Bool   // no more events are handed out
	stopReq  chan struct{} // buffered: the reader asks the watcher to close
	endMu    sync.Mutex
	end      *connEnd // the first reason recorded
}

// send writes m within writeTimeout.
func (cn *wsConn) send(m wsMessage) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	return cn.conn.Write(ctx, websocket.MessageText, b)
}

// record keeps e as the reason the socket ends, unless one was recorded.
func (cn *wsConn) record(e *connEnd) {
	cn.endMu.Lock()
	if cn.end == nil {
		e.tok = cn.tok
		cn.end = e
	}
	cn.endMu.Unlock()
	cn.stopping.Store(true)
}

func (cn *wsConn) ended() *connEnd {
	cn.endMu.Lock()
	defer cn.endMu.Unlock()
	return cn.end
}

// requestStop records e and asks the watcher to close the socket.
func (cn *wsConn) requestStop(e *connEnd) {
	cn.record(e)
	select {
	case cn.stopReq <- struct{}{}:
	default:
	}
}

// shutdown closes the socket with the close handshake, cutting it if the
// peer does not answer within closeGrace: the reader is cancelled and the
// underlying connection closed, which no frame (however long it says it
// is) can outlast.
func (cn *wsConn) shutdown(code websocket.StatusCode, reason string) {
	cn.stopping.Store(true)
	t := time.AfterFunc(closeGrace, cn.cut)
	if cn.proto.legacy && code == websocket.StatusNormalClosure && reason == "" {
		_ = cn.send(wsMessage{Type: "connection_terminate"}) // Run ends
	}
	_ = cn.conn.Close(code, reason)
	t.Stop()
}

// cut ends the socket at once: the reader is cancelled and the underlying
// connection closed (coder/websocket's Close may otherwise read the rest
// of a frame with no deadline).
func (cn *wsConn) cut() {
	if cn.cancelRead != nil {
		cn.cancelRead()
	}
	if cn.raw != nil {
		cn.raw.cut()
	}
}

// rawConn captures the connection under a WebSocket: the body of the
// upgrade's 101 answer, which net/http gives as an io.ReadWriteCloser over
// the network connection. Closing it closes that connection.
type rawConn struct {
	base http.RoundTripper
	mu   sync.Mutex
	rwc  io.Closer
	done bool // cut: a connection captured later is closed at once
}

// RoundTrip sends req with the base transport and keeps the body of a 101
// answer (the request is not touched).
func (r *rawConn) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusSwitchingProtocols {
		if c, ok := resp.Body.(io.Closer); ok {
			r.mu.Lock()
			r.rwc = c
			done := r.done
			r.mu.Unlock()
			if done {
				_ = c.Close()
			}
		}
	}
	return resp, err
}

func (r *rawConn) cut() {
	r.mu.Lock()
	c := r.rwc
	r.done = true
	r.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// dialClient returns a copy of hc whose transport captures the upgraded
// connection in raw.
func dialClient(hc *http.Client) (*http.Client, *rawConn) {
	cp := *hc
	raw := &rawConn{base: hc.Transport}
	if raw.base == nil {
		raw.base = http.DefaultTransport
	}
	cp.Transport = raw
	return &cp, raw
}

// connect opens a socket with a token that has life left (from a cache, one
// that is not stale: a stale one is refreshed first), sends
// connection_init and waits for connection_ack. prev is the token of a
// socket closed because it was about to expire: if the source still gives
// it, it is invalidated once.
func (s *Subscriptions) connect(ctx context.Context, prev *Token) (*wsConn, *connEnd) {
	var (
		e     *authEntry
		tokAt time.Time
		stale bool // the source gave prev again
	)
	if s.c.src != nil {
		var err error
		tokAt = time.Now()
		if e, err = s.c.auth.freshEntry(ctx, s.c.src); err != nil {
			return nil, sourceFailure(ctx, err)
		}
		if prev != nil && e.tok.AccessToken == prev.AccessToken {
			if s.c.auth.renew(s.c.src, e.tok) {
				tokAt = time.Now()
				if e, err = s.c.auth.freshEntry(ctx, s.c.src); err != nil {
					return nil, sourceFailure(ctx, err)
				}
			}
			stale = e.tok.AccessToken == prev.AccessToken
		}
	}
	target, err := s.target(e)
	if err != nil {
		return nil, &connEnd{kind: endFatal, err: err}
	}
	var (
		tok *Token
		ss  secrets
	)
	hdr := http.Header{"User-Agent": s.c.caller.ua}
	if e != nil {
		tok, ss = e.tok, e.secrets
		hdr["Authorization"] = e.hdr
	}
	s.c.caller.inject(ctx, hdr) // observe.go
	fail := func(end *connEnd) (*wsConn, *connEnd) {
		end.tok = tok
		return nil, end
	}
	proto := s.cfg.protocol
	dctx, cancel := context.WithTimeout(ctx, dialTimeout)
	hc, raw := dialClient(s.c.caller.hc)
	conn, resp, err := websocket.Dial(dctx, target, &websocket.DialOptions{HTTPClient: hc, HTTPHeader: hdr, Subprotocols: []string{proto.subprotocol}})
	cancel()
	if err != nil {
		raw.cut()
		return fail(dialFailure(ctx, resp, err, ss))
	}
	cn := &wsConn{conn: conn, proto: proto, tok: tok, secrets: ss, opened: time.Now(), stopReq: make(chan struct{}, 1), raw: raw}
	if got := conn.Subprotocol(); got != proto.subprotocol {
		_ = conn.CloseNow()
		return fail(&connEnd{kind: endFatal, err: &Error{Operation: "subscribe", Message: fmt.Sprintf("the server does not speak %s (it chose %q)", proto.name, truncate(got, 64)),
			kind: ErrInvalidInput, hint: "choose the server's protocol with WithProtocol"}})
	}
	conn.SetReadLimit(s.c.caller.maxBody)
	init := wsMessage{Type: "connection_init", Payload: s.initPayload(e)}
	if err := cn.send(init); err != nil {
		_ = conn.CloseNow()
		return fail(readFailure(ctx, err, ss))
	}
	if end := s.awaitAck(ctx, cn); end != nil {
		_ = conn.CloseNow()
		return fail(end)
	}
	if tok != nil && !tok.Expiry.IsZero() && !stale {
		if life := tok.Expiry.Sub(tokAt); life > 0 {
			cn.refreshAt = tok.Expiry.Add(-min(expiryMarginCeiling, life/10))
		}
	}
	attrs := []slog.Attr{slog.String("protocol", string(proto.name))}
	if !cn.refreshAt.IsZero() {
		attrs = append(attrs, slog.Time("reconnect_at", cn.refreshAt))
	}
	s.log(ctx, slog.LevelDebug, "bettermode: subscription socket open", attrs...)
	return cn, nil
}

// awaitAck reads until connection_ack, answering pings.
func (s *Subscriptions) awaitAck(ctx context.Context, cn *wsConn) *connEnd {
	ictx, cancel := context.WithTimeout(ctx, s.cfg.initTimeout)
	defer cancel()
	for {
		_, b, err := cn.conn.Read(ictx)
		if err != nil {
			if ctx.Err() == nil && ictx.Err() != nil {
				return &connEnd{kind: endDropped, err: &Error{Operation: "subscribe", Message: "the server did not acknowledge connection_init within " + s.cfg.initTimeout.String(),
					hint: "check the endpoint; raise the bound with WithInitTimeout"}}
			}
			return readFailure(ctx, err, cn.secrets)
		}
		var m wsMessage
		if json.Unmarshal(b, &m) != nil {
			continue
		}
		switch m.Type {
		case "connection_ack":
			return nil
		case "ping":
			if !cn.proto.legacy {
				_ = cn.send(wsMessage{Type: "pong"})
			}
		case "connection_error", "error":
			return refusedMessage(m.Payload, cn.secrets)
		}
	}
}

// initPayload returns connection_init's payload: the WithInitPayload
// params and the token at the WithInitAuth path.
func (s *Subscriptions) initPayload(e *authEntry) json.RawMessage {
	m := make(map[string]any, len(s.cfg.initParams)+1)
	for k, v := range s.cfg.initParams {
		m[k] = v
	}
	if e != nil {
		val := e.hdr[0]
		switch s.cfg.authScheme {
		case "":
		case SchemeBare:
			val = string(e.tok.AccessToken)
		default:
			val = s.cfg.authScheme + " " + string(e.tok.AccessToken)
		}
		cur, path := m, s.cfg.authPath
		for _, k := range path[:len(path)-1] {
			next := map[string]any{}
			if old, ok := cur[k].(map[string]any); ok {
				for k2, v2 := range old { // a copy: the caller's map is not modified
					next[k2] = v2
				}
			}
			cur[k] = next
			cur = next
		}
		cur[path[len(path)-1]] = val
	}
	if len(m) == 0 {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil // checked by Subscriptions
	}
	return b
}

// serve starts the subscriptions on cn and hands out their events until the
// socket ends, and returns why.
func (s *Subscriptions) serve(ctx context.Context, cn *wsConn) *connEnd {
	readCtx, cancelRead := context.WithCancel(context.Background())
	defer cancelRead()
	cn.cancelRead = cancelRead

	s.mu.Lock()
	s.live = cn
	for _, sub := range s.sortedSubs() {
		if cn.send(wsMessage{ID: sub.id, Type: cn.proto.start, Payload: sub.payload}) != nil {
			break // the reader sees the failure
		}
	}
	s.mu.Unlock()

	readDone := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.watch(ctx, cn, readDone)
	}()
	var rerr error
	for {
		_, b, err := cn.conn.Read(readCtx)
		if err != nil {
			rerr = err
			break
		}
		if cn.stopping.Load() || s.isStopped() {
			continue // keep reading for the close handshake
		}
		s.dispatch(cn, b)
	}
	close(readDone)
	wg.Wait()
	_ = cn.conn.CloseNow()

	s.mu.Lock()
	if s.live == cn {
		s.live = nil
	}
	s.mu.Unlock()
	end := cn.ended()
	if end == nil {
		end = readFailure(ctx, rerr, cn.secrets)
		end.tok = cn.tok
	}
	s.log(ctx, slog.LevelDebug, "bettermode: subscription socket closed", slog.Duration("open_for", time.Since(cn.opened)))
	return end
}

// watch closes cn when Run ends, when its token is about to expire, when the
// reader asks, or when a keep-alive ping fails.
func (s *Subscriptions) watch(ctx context.Context, cn *wsConn, readDone <-chan struct{}) {
	var expiry, ping <-chan time.Time
	if !cn.refreshAt.IsZero() {
		t := time.NewTimer(time.Until(cn.refreshAt))
		defer t.Stop()
		expiry = t.C
	}
	if s.cfg.keepAlive > 0 {
		tk := time.NewTicker(s.cfg.keepAlive)
		defer tk.Stop()
		ping = tk.C
	}
	for {
		select {
		case <-readDone:
			return
		case <-ctx.Done():
			cn.record(&connEnd{kind: endStopped})
			cn.shutdown(websocket.StatusNormalClosure, "")
			return
		case <-expiry:
			cn.record(&connEnd{kind: endExpiring})
			cn.shutdown(websocket.StatusNormalClosure, "token expiring")
			return
		case <-cn.stopReq:
			code := websocket.StatusNormalClosure
			if e := cn.ended(); e != nil && e.kind == endFatal {
				code = websocket.StatusPolicyViolation
			}
			cn.shutdown(code, "")
			return
		case <-ping:
			pctx, cancel := context.WithTimeout(ctx, s.cfg.keepAlive)
			err := cn.conn.Ping(pctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				select {
				case <-readDone: // the socket ended meanwhile
					return
				default:
				}
				cn.record(&connEnd{kind: endDropped, err: &Error{Operation: "subscribe", Message: "the server did not answer a ping within " + s.cfg.keepAlive.String(),
					hint: "the socket is reopened"}})
				cn.cut() // no handshake with a peer that does not answer
				return
			}
		}
	}
}

// dispatch handles one message of a live socket.
func (s *Subscriptions) dispatch(cn *wsConn, b []byte) {
	var m wsMessage
	if json.Unmarshal(b, &m) != nil {
		return
	}
	switch m.Type {
	case "next", "data":
		s.deliver(cn, m)
	case "error":
		if m.ID != "" {
			s.failed(cn, m)
		}
	case "complete":
		s.completed(m)
	case "ping":
		if !cn.proto.legacy {
			_ = cn.send(wsMessage{Type: "pong", Payload: m.Payload})
		}
	case "connection_error": // legacy: the token was refused, or expired
		cn.requestStop(refusedMessage(m.Payload, cn.secrets))
	}
}

// refusedMessage is the refusal an error or connection_error message
// carries (instead of connection_ack, or on a live legacy socket).
func refusedMessage(payload json.RawMessage, ss secrets) *connEnd {
	end := &connEnd{kind: endRefused}
	var w wireError
	if json.Unmarshal(payload, &w) != nil {
		var list []wireError
		if json.Unmarshal(payload, &list) == nil && len(list) > 0 {
			w = list[0]
		}
	}
	end.detail = truncate(ss.scrub(w.Message), 200)
	end.forbidden = kindFor(scalarString(w.Code), w.Extensions.Code, w.Status) == ErrForbidden
	end.err = &Error{Operation: "subscribe", Message: "the server refused connection_init (" + nonEmpty(end.detail, "no reason given") + ")"}
	return end
}

func nonEmpty(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

// sourceFailure classifies an error of the credential source.
func sourceFailure(ctx context.Context, err error) *connEnd {
	switch {
	case ctx.Err() != nil:
		return &connEnd{kind: endStopped}
	case permanentError(err) || errors.Is(err, ErrClosed):
		return &connEnd{kind: endFatal, err: err}
	}
	return &connEnd{kind: endDropped, err: err}
}

// dialFailure classifies a failed upgrade.
func dialFailure(ctx context.Context, resp *http.Response, err error, ss secrets) *connEnd {
	if ctx.Err() != nil {
		return &connEnd{kind: endStopped}
	}
	if resp == nil || resp.StatusCode == http.StatusSwitchingProtocols {
		kind := endDropped
		if resp != nil {
			kind = endFatal // a 101 that is not a valid WebSocket handshake
		}
		return &connEnd{kind: kind, err: &Error{Operation: "subscribe", Message: "cannot open the WebSocket", hint: "check the endpoint and the network", err: ss.clean(err)}}
	}
	st := resp.StatusCode
	e := &Error{Operation: "subscribe", StatusCode: st, Message: "the server refused the WebSocket upgrade", kind: kindFor("", "", st)}
	end := &connEnd{code: st, status: true, err: e}
	switch {
	case st == http.StatusUnauthorized || st == http.StatusForbidden:
		end.kind, end.forbidden = endRefused, st == http.StatusForbidden
	case st == http.StatusRequestTimeout || st == http.StatusTooManyRequests || st >= 500:
		end.kind, e.hint = endDropped, "the socket is reopened after a backoff"
		end.wait = retryAfter(resp.Header, time.Now())
	default:
		end.kind, e.hint = endFatal, "check the subscription endpoint (WithSubscriptionEndpoint) and the protocol (WithProtocol)"
	}
	return end
}

// readFailure classifies the error that ended a socket.
func readFailure(ctx context.Context, err error, ss secrets) *connEnd {
	if ctx.Err() != nil {
		return &connEnd{kind: endStopped}
	}
	var ce websocket.CloseError
	if !errors.As(err, &ce) {
		return &connEnd{kind: endDropped, err: &Error{Operation: "subscribe", Message: "the socket failed", hint: "it is reopened after a backoff", err: ss.clean(err)}}
	}
	code := int(ce.Code)
	detail := truncate(ss.scrub(ce.Reason), 200)
	end := &connEnd{code: code, detail: detail}
	msg := "the server closed the socket (close code " + strconv.Itoa(code)
	if detail != "" {
		msg += ": " + detail
	}
	e := &Error{Operation: "subscribe", Message: msg + ")"}
	end.err = e
	switch code {
	case closeUnauthorized, closeForbidden:
		end.kind, end.forbidden = endRefused, code == closeForbidden
	case closeBadRequest, closeBadProtocol, closeDuplicateID, int(websocket.StatusProtocolError), int(websocket.StatusUnsupportedData):
		end.kind, e.kind, e.hint = endFatal, ErrInvalidInput, "the server rejected the protocol's messages; check WithProtocol"
	default:
		end.kind, e.hint = endDropped, "it is reopened after a backoff"
	}
	return end
}
