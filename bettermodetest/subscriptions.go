package bettermodetest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// SubscriptionSDL declares the subscription root the server serves over
// WebSocket. Bettermode's subscription schema is not public: this is a
// minimal stand-in, not a copy of it. Its root type is SubscriptionRoot,
// since the published schema's type Subscription is a billing object.
// Subscription documents are validated against SchemaSDL and
// SubscriptionSDL together; plain POST requests still see SchemaSDL alone,
// which has no subscription root.
//
// Tests send events with Server.Publish("memberEvents", payload).
const SubscriptionSDL = `
extend schema {
  subscription: SubscriptionRoot
}
` + subscriptionTypesSDL

// subscriptionTypesSDL are the types of SubscriptionSDL. The schema POST
// requests see has them too (so that one executor completes events), but
// not the subscription root.
const subscriptionTypesSDL = `
type SubscriptionRoot {
  memberEvents: MemberEvent!
}

type MemberEvent {
  id: ID!
  name: String!
  member: Member
  createdAt: DateTime
}
`

var subscriptionSchema = func() *ast.Schema {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: SchemaSDL},
		&ast.Source{Name: "subscriptions.graphql", Input: SubscriptionSDL})
	if err != nil {
		panic("bettermodetest: subscription schema: " + err.Error())
	}
	return s
}()

// The WebSocket subprotocols the server speaks, on the same URL as GraphQL
// requests (an upgrade request, "Upgrade: websocket", goes to the
// subscription endpoint).
const (
	// ProtocolGraphQLTransportWS is graphql-transport-ws, the protocol of the
	// graphql-ws library.
	ProtocolGraphQLTransportWS = "graphql-transport-ws"
	// ProtocolGraphQLWS is the subprotocol of Apollo's legacy
	// subscriptions-transport-ws protocol.
	ProtocolGraphQLWS = "graphql-ws"
)

// Close codes the server closes subscription sockets with.
const (
	// CloseUnauthorized (4401): connection_init carried no valid token (the
	// reason says why, as the messages of code "108" do), a subscribe came
	// before it, or (graphql-transport-ws) the token of a live socket expired.
	CloseUnauthorized = 4401
	// CloseInvalidMessage (4400): a message the protocol does not define.
	CloseInvalidMessage = 4400
	// CloseInitTimeout (4408): no connection_init within 10 seconds.
	CloseInitTimeout = 4408
	// CloseSubscriberExists (4409): a subscribe reused a running id.
	CloseSubscriberExists = 4409
	// CloseTooManyInits (4429): a second connection_init.
	CloseTooManyInits = 4429
	// CloseDropped (1012, service restart): DropSubscriptions or
	// WithSubscriptionDropAfter closed the socket.
	CloseDropped = int(websocket.StatusServiceRestart)
	// CloseTokenExpiredLegacy (1011): the legacy protocol's close after a
	// connection_error, sent when the token of a live socket expired (as
	// Apollo's subscriptions-transport-ws server closes after an error).
	CloseTokenExpiredLegacy = int(websocket.StatusInternalError)
)

const (
	// initTimeout is how long a socket may stay without connection_init.
	initTimeout = 10 * time.Second
	// closeGrace is how long the server waits for the peer's answer to a
	// close before it cuts the socket.
	closeGrace = 250 * time.Millisecond
)

// WithSubscriptionDropAfter makes the server drop every subscription socket
// d after it acknowledged connection_init (close code CloseDropped), to test
// reconnects. By default sockets stay open.
func WithSubscriptionDropAfter(d time.Duration) Option {
	return func(c *config) { c.subs.dropAfter = d }
}

// WithSubscriptionUpgradeAuth makes the server check the upgrade request's
// Authorization header too: a missing or invalid bearer token is refused
// with HTTP 401 (Bettermode's error body, code "108") before the upgrade. By
// default only connection_init is checked (as graphql-ws servers do), and
// the header, if any, is only counted.
func WithSubscriptionUpgradeAuth() Option {
	return func(c *config) { c.subs.upgradeAuth = true }
}

type subscriptionConfig struct {
	dropAfter   time.Duration
	upgradeAuth bool
}

// SubscriptionStats counts what the subscription endpoint saw since the
// server started (Reset does not clear them).
type SubscriptionStats struct {
	// Connections is the number of WebSocket upgrades accepted.
	Connections int
	// Protocols counts Connections by subprotocol (ProtocolGraphQLTransportWS,
	// ProtocolGraphQLWS).
	Protocols map[string]int
	// BearerUpgrades is the number of upgrade requests that carried an
	// "Authorization: Bearer …" header (accepted or not).
	BearerUpgrades int
	// Open is the number of sockets open now.
	Open int
	// Acknowledged is the number of connection_init messages accepted.
	Acknowledged int
	// Refused is the number of connection_init messages refused, and of
	// upgrades refused by WithSubscriptionUpgradeAuth.
	Refused int
	// Expired is the number of live sockets closed because their token
	// expired.
	Expired int
	// Dropped is the number of sockets closed by DropSubscriptions or
	// WithSubscriptionDropAfter.
	Dropped int
	// Subscribes is the number of subscribe (legacy: start) messages accepted.
	Subscribes int
	// Active is the number of subscriptions running now.
	Active int
}

// subscriptionHub is the state of the subscription endpoint.
type subscriptionHub struct {
	cfg subscriptionConfig

	mu      sync.Mutex
	closed  bool
	sockets map[*socket]bool
	wg      sync.WaitGroup
	stats   SubscriptionStats
	tokens  []string
	seen    map[string]bool
	changed chan struct{} // closed and replaced on every change
}

// update changes the stats under the lock and wakes WaitSubscriptions.
func (h *subscriptionHub) update(f func(st *SubscriptionStats)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.updateLocked(f)
}

func (h *subscriptionHub) updateLocked(f func(st *SubscriptionStats)) {
	if h.stats.Protocols == nil {
		h.stats.Protocols = map[string]int{}
	}
	if f != nil {
		f(&h.stats)
	}
	if h.changed != nil {
		close(h.changed)
	}
	h.changed = make(chan struct{})
}

// close closes every socket and waits for their goroutines. Later upgrades
// are answered HTTP 503.
func (h *subscriptionHub) close() {
	h.mu.Lock()
	h.closed = true
	for sk := range h.sockets {
		sk.stop(stopRequest{code: websocket.StatusGoingAway, reason: "bettermodetest: server closed"})
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// SubscriptionStats returns what the subscription endpoint saw.
func (s *Server) SubscriptionStats() SubscriptionStats {
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	st := s.subs.stats
	st.Protocols = make(map[string]int, len(s.subs.stats.Protocols))
	for k, v := range s.subs.stats.Protocols {
		st.Protocols[k] = v
	}
	return st
}

// SubscriptionConnections returns the number of WebSocket upgrades accepted.
func (s *Server) SubscriptionConnections() int { return s.SubscriptionStats().Connections }

// SubscriptionTokens returns the distinct tokens that connection_init
// messages were accepted with, in the order first seen.
func (s *Server) SubscriptionTokens() []string {
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	return slices.Clone(s.subs.tokens)
}

// WaitSubscriptions blocks until cond holds for the subscription stats, or
// ctx ends (returning its error). cond is called with the lock held: it must
// not call the server.
func (s *Server) WaitSubscriptions(ctx context.Context, cond func(SubscriptionStats) bool) error {
	for {
		s.subs.mu.Lock()
		if s.subs.changed == nil {
			s.subs.updateLocked(nil)
		}
		ok, ch := cond(s.subs.stats), s.subs.changed
		s.subs.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// DropSubscriptions closes every open subscription socket with close code
// CloseDropped, as a restarting server would, and returns how many it closed.
func (s *Server) DropSubscriptions() int {
	s.subs.mu.Lock()
	defer s.subs.mu.Unlock()
	n := 0
	for sk := range s.subs.sockets {
		if sk.stop(stopRequest{code: websocket.StatusServiceRestart, reason: "bettermodetest: dropped", dropped: true}) {
			n++
		}
	}
	return n
}

// Publish sends payload as the next event of every running subscription of
// the root field field (such as "memberEvents"), projected onto each
// subscription's selection set, and returns how many subscriptions it was
// sent to. payload is encoded with encoding/json (a map or a struct with
// json tags); its objects take their GraphQL types from the schema. Events
// go only to subscriptions that run when Publish is called (see
// WaitSubscriptions). It panics if field is not a field of Subscription in
// SubscriptionSDL or payload cannot be encoded.
func (s *Server) Publish(field string, payload any) int {
	def := subscriptionSchema.Subscription.Fields.ForName(field)
	if def == nil {
		panic(fmt.Sprintf("bettermodetest: Publish: %q is not a field of Subscription", field))
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		panic("bettermodetest: Publish: cannot encode the payload: " + err.Error())
	}
	var generic any
	_ = json.Unmarshal(raw, &generic) // json.Marshal wrote it
	val := typed(generic, def.Type)

	s.subs.mu.Lock()
	sockets := make([]*socket, 0, len(s.subs.sockets))
	for sk := range s.subs.sockets {
		sockets = append(sockets, sk)
	}
	s.subs.mu.Unlock()
	n := 0
	for _, sk := range sockets {
		n += sk.publish(field, val)
	}
	return n
}

// typed converts a decoded JSON value into the kit's objects, with
// __typename from the schema type t.
func typed(v any, t *ast.Type) any {
	switch x := v.(type) {
	case map[string]any:
		def := subscriptionSchema.Types[t.Name()]
		o := object{}
		if def != nil {
			o["__typename"] = def.Name
		}
		for k, fv := range x {
			if def != nil {
				if f := def.Fields.ForName(k); f != nil {
					o[k] = typed(fv, f.Type)
					continue
				}
			}
			o[k] = fv
		}
		if def != nil { // a published event's missing fields are null, not mocked
			for _, f := range def.Fields {
				if _, ok := o[f.Name]; !ok {
					o[f.Name] = nil
				}
			}
		}
		return o
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			if t.Elem != nil {
				out[i] = typed(e, t.Elem)
			} else {
				out[i] = e
			}
		}
		return out
	}
	return v
}

// isWebSocketUpgrade reports whether r asks for a WebSocket.
func isWebSocketUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// subprotocol picks the first protocol the client offers that the server speaks.
func subprotocol(r *http.Request) string {
	for _, v := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, p := range strings.Split(v, ",") {
			switch p = strings.TrimSpace(p); p {
			case ProtocolGraphQLTransportWS, ProtocolGraphQLWS:
				return p
			}
		}
	}
	return ""
}

// wsMessage is a message of either protocol.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// stopRequest asks a socket's loop to close it.
type stopRequest struct {
	code    websocket.StatusCode
	reason  string
	dropped bool
}

// socket is one subscription WebSocket.
type socket struct {
	s      *Server
	conn   *websocket.Conn
	legacy bool
	ctrl   chan stopRequest // buffered: the first request wins

	mu   sync.Mutex
	subs map[string]*liveSub
}

// liveSub is a running subscription of a socket.
type liveSub struct {
	field string // root field
	ex    *execution
	group group
}

// stop asks the socket's loop to close it; it reports whether this was the
// first request.
func (sk *socket) stop(req stopRequest) bool {
	select {
	case sk.ctrl <- req:
		return true
	default:
		return false
	}
}

// serveSubscription serves a WebSocket upgrade request.
func (s *Server) serveSubscription(w http.ResponseWriter, r *http.Request) {
	h := &s.subs
	bearer := schemeOf(r.Header.Get("Authorization")) == AuthBearer
	if bearer {
		h.update(func(st *SubscriptionStats) { st.BearerUpgrades++ })
	}
	if h.cfg.upgradeAuth {
		if _, aerr := s.bearer(r); aerr != nil {
			s.count(rejectedMap, aerr.reason)
			h.update(func(st *SubscriptionStats) { st.Refused++ })
			s.writeJSON(w, aerr.status, nil, map[string]any{"data": nil, "errors": []wireError{s.wireError(aerr)}})
			return
		}
	}
	proto := subprotocol(r)
	if proto == "" {
		s.count(rejectedMap, RejectBadRequest)
		s.writeRequestError(w, http.StatusBadRequest, ExtBadRequest,
			"subscriptions need the subprotocol "+ProtocolGraphQLTransportWS+" or "+ProtocolGraphQLWS)
		return
	}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		s.writeRequestError(w, http.StatusServiceUnavailable, ExtBadRequest, "the server is closing")
		return
	}
	h.wg.Add(1)
	h.mu.Unlock()
	defer h.wg.Done()

	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{proto}})
	if err != nil {
		return // Accept answered
	}
	conn.SetReadLimit(MaxBodyBytes)
	sk := &socket{s: s, conn: conn, legacy: proto == ProtocolGraphQLWS, ctrl: make(chan stopRequest, 1), subs: map[string]*liveSub{}}
	h.mu.Lock()
	if h.sockets == nil {
		h.sockets = map[*socket]bool{}
	}
	h.sockets[sk] = true
	closed := h.closed
	h.updateLocked(func(st *SubscriptionStats) { st.Connections++; st.Open++; st.Protocols[proto]++ })
	h.mu.Unlock()
	if closed {
		sk.stop(stopRequest{code: websocket.StatusGoingAway, reason: "bettermodetest: server closed"})
	}
	sk.run(r)
	h.mu.Lock()
	delete(h.sockets, sk)
	sk.mu.Lock()
	active := len(sk.subs)
	sk.subs = nil
	sk.mu.Unlock()
	h.updateLocked(func(st *SubscriptionStats) { st.Open--; st.Active -= active })
	h.mu.Unlock()
}

// run serves the socket until it closes: a reader goroutine hands messages
// to the loop, which answers them and closes the socket on a timer or a
// stop request.
func (sk *socket) run(r *http.Request) {
	msgs := make(chan []byte)
	closing := make(chan struct{})
	readerDone := make(chan struct{})
	readCtx, cut := context.WithCancel(context.Background()) // cancelling it cuts the socket
	defer cut()
	go func() {
		defer close(readerDone)
		defer close(msgs)
		for {
			_, b, err := sk.conn.Read(readCtx)
			if err != nil {
				return
			}
			select {
			case msgs <- b:
			case <-closing: // keep reading: the close handshake needs it
			}
		}
	}()
	defer func() {
		<-readerDone
		_ = sk.conn.CloseNow()
	}()
	closeWith := func(code websocket.StatusCode, reason string) {
		close(closing)
		t := time.AfterFunc(closeGrace, cut) // a peer that does not answer the close is cut
		_ = sk.conn.Close(code, reason)
		t.Stop()
	}

	var (
		acked         bool
		initTimer     = time.NewTimer(initTimeout)
		expiry, drops <-chan time.Time
	)
	defer initTimer.Stop()
	for {
		select {
		case b, ok := <-msgs:
			if !ok {
				return // the peer closed
			}
			var m wsMessage
			if json.Unmarshal(b, &m) != nil || m.Type == "" {
				if !sk.legacy {
					closeWith(CloseInvalidMessage, "Invalid message received")
					return
				}
				continue
			}
			switch m.Type {
			case "connection_init":
				if acked {
					closeWith(CloseTooManyInits, "Too many initialisation requests")
					return
				}
				exp, reason := sk.init(r, m.Payload)
				if reason != "" {
					if sk.legacy {
						closeWith(websocket.StatusInternalError, "connection_init refused")
					} else {
						closeWith(CloseUnauthorized, tokenMessages[reason])
					}
					return
				}
				acked = true
				initTimer.Stop()
				t := time.NewTimer(max(exp.Sub(sk.s.clock()), 0))
				defer t.Stop()
				expiry = t.C
				if d := sk.s.subs.cfg.dropAfter; d > 0 {
					dt := time.NewTimer(d)
					defer dt.Stop()
					drops = dt.C
				}
			case "ping":
				if !sk.legacy {
					sk.send(wsMessage{Type: "pong"})
				}
			case "pong", "ka":
			case "subscribe", "start":
				if !acked {
					closeWith(CloseUnauthorized, "Unauthorized")
					return
				}
				if code, reason := sk.subscribe(m); code != 0 {
					closeWith(code, reason)
					return
				}
			case "complete", "stop":
				sk.unsubscribe(m.ID)
			case "connection_terminate":
				closeWith(websocket.StatusNormalClosure, "")
				return
			default:
				if !sk.legacy {
					closeWith(CloseInvalidMessage, "Invalid message received")
					return
				}
			}
		case <-initTimer.C:
			closeWith(CloseInitTimeout, "Connection initialisation timeout")
			return
		case <-expiry:
			sk.s.count(rejectedMap, RejectExpired)
			sk.s.subs.update(func(st *SubscriptionStats) { st.Expired++ })
			if sk.legacy {
				sk.send(wsMessage{Type: "connection_error", Payload: mustJSON(map[string]any{"message": tokenMessages[RejectExpired], "code": CodeUnauthorized})})
				closeWith(websocket.StatusInternalError, "token expired")
			} else {
				closeWith(CloseUnauthorized, tokenMessages[RejectExpired])
			}
			return
		case <-drops:
			sk.s.subs.update(func(st *SubscriptionStats) { st.Dropped++ })
			closeWith(websocket.StatusServiceRestart, "bettermodetest: dropped")
			return
		case req := <-sk.ctrl:
			if req.dropped {
				sk.s.subs.update(func(st *SubscriptionStats) { st.Dropped++ })
			}
			closeWith(req.code, req.reason)
			return
		}
	}
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("bettermodetest: " + err.Error())
	}
	return b
}

// send writes m, giving up after a few seconds (a closing socket fails at once).
func (sk *socket) send(m wsMessage) {
	b, err := json.Marshal(m)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = sk.conn.Write(ctx, websocket.MessageText, sk.s.scrub(b))
}

// initToken finds the token of a connection_init payload: under
// Authorization (or authorization), authToken, token, or headers.Authorization,
// as "Bearer …" or bare. It reports false for another scheme.
func initToken(payload json.RawMessage) (string, bool) {
	var p map[string]any
	if json.Unmarshal(payload, &p) != nil || p == nil {
		return "", true
	}
	find := func(m map[string]any) (string, bool) {
		for _, k := range []string{"Authorization", "authorization", "authToken", "token"} {
			if v, ok := m[k].(string); ok {
				return v, true
			}
		}
		return "", false
	}
	v, ok := find(p)
	if !ok {
		if hs, isMap := p["headers"].(map[string]any); isMap {
			v, ok = find(hs)
		}
	}
	if !ok {
		return "", true
	}
	v = strings.TrimSpace(v)
	switch schemeOf(v) {
	case AuthBearer:
		_, tok, _ := strings.Cut(v, " ")
		return strings.TrimSpace(tok), true
	case AuthBasic:
		return "", false
	}
	if strings.Contains(v, " ") {
		return "", false // another scheme
	}
	return v, true
}

// init checks connection_init's token (or, without one, the upgrade
// header's) and acknowledges it; it returns the token's expiry, or the
// reason it refused the token.
func (sk *socket) init(r *http.Request, payload json.RawMessage) (time.Time, string) {
	s, h := sk.s, &sk.s.subs
	tok, ok := initToken(payload)
	reason := RejectUnauthenticated
	var tc tokenClaims
	if ok && tok == "" && schemeOf(r.Header.Get("Authorization")) == AuthBearer {
		_, tok, _ = strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
		tok = strings.TrimSpace(tok)
	}
	if ok && tok != "" {
		tc, reason = s.verify(tok, KindGuest, KindMember, KindApp)
	}
	if reason != "" {
		s.count(rejectedMap, reason)
		h.update(func(st *SubscriptionStats) { st.Refused++ })
		if sk.legacy {
			sk.send(wsMessage{Type: "connection_error", Payload: mustJSON(map[string]any{"message": tokenMessages[reason], "code": CodeUnauthorized})})
		}
		return time.Time{}, reason
	}
	h.mu.Lock()
	if h.seen == nil {
		h.seen = map[string]bool{}
	}
	if !h.seen[tok] {
		h.seen[tok] = true
		h.tokens = append(h.tokens, tok)
	}
	h.updateLocked(func(st *SubscriptionStats) { st.Acknowledged++ })
	h.mu.Unlock()
	sk.send(wsMessage{Type: "connection_ack"})
	return tc.expiry, ""
}

// subscribe starts the subscription of m, or answers its errors. A non-zero
// code closes the socket.
func (sk *socket) subscribe(m wsMessage) (websocket.StatusCode, string) {
	fail := func(errs gqlerror.List) {
		out := make([]map[string]any, 0, len(errs))
		for _, e := range errs {
			out = append(out, map[string]any{"message": e.Message, "extensions": map[string]any{"code": ExtValidationFailed}})
		}
		var payload json.RawMessage
		if sk.legacy {
			payload = mustJSON(out[0])
		} else {
			payload = mustJSON(out)
		}
		sk.s.count(rejectedMap, RejectValidation)
		sk.send(wsMessage{ID: m.ID, Type: "error", Payload: payload})
	}
	if m.ID == "" {
		if sk.legacy {
			return 0, ""
		}
		return CloseInvalidMessage, "Invalid message received"
	}
	sk.mu.Lock()
	_, dup := sk.subs[m.ID]
	sk.mu.Unlock()
	if dup {
		if sk.legacy {
			fail(gqlerror.List{{Message: "subscription " + m.ID + " already exists"}})
			return 0, ""
		}
		return CloseSubscriberExists, "Subscriber for " + truncateID(m.ID) + " already exists"
	}
	req, err := decodeRequest(m.Payload)
	if err != nil {
		fail(gqlerror.List{{Message: err.Error()}})
		return 0, ""
	}
	doc, perr := parser.ParseQueryWithTokenLimit(&ast.Source{Name: "subscription", Input: req.Query}, maxQueryTokens)
	if perr != nil {
		fail(gqlerror.List{asGQLError(perr)})
		return 0, ""
	}
	if errs := validator.ValidateWithRules(subscriptionSchema, doc, nil); len(errs) > 0 {
		fail(errs)
		return 0, ""
	}
	op, msg := selectOperation(doc, req.OperationName)
	if op == nil {
		fail(gqlerror.List{{Message: msg}})
		return 0, ""
	}
	if op.Operation != ast.Subscription {
		fail(gqlerror.List{{Message: "bettermodetest serves only subscriptions over WebSocket; send queries and mutations as POST requests"}})
		return 0, ""
	}
	vars, err := validator.VariableValues(subscriptionSchema, op, req.Variables)
	if err != nil {
		fail(gqlerror.List{asGQLError(err)})
		return 0, ""
	}
	ex := &execution{s: sk.s, doc: doc, vars: vars}
	groups := ex.collect(op.SelectionSet, subscriptionSchema.Subscription)
	if len(groups) != 1 {
		fail(gqlerror.List{{Message: "a subscription must select exactly one root field"}})
		return 0, ""
	}
	g := groups[0]
	sk.mu.Lock()
	if sk.subs == nil {
		sk.mu.Unlock()
		return 0, ""
	}
	sk.subs[m.ID] = &liveSub{field: g.fields[0].Name, ex: ex, group: g}
	sk.mu.Unlock()
	sk.s.subs.update(func(st *SubscriptionStats) { st.Subscribes++; st.Active++ })
	return 0, ""
}

func truncateID(id string) string {
	if len(id) > 32 {
		return id[:32]
	}
	return id
}

func (sk *socket) unsubscribe(id string) {
	sk.mu.Lock()
	_, ok := sk.subs[id]
	delete(sk.subs, id)
	sk.mu.Unlock()
	if ok {
		sk.s.subs.update(func(st *SubscriptionStats) { st.Active-- })
	}
}

// publish sends val to the socket's subscriptions of field.
func (sk *socket) publish(field string, val any) int {
	type target struct {
		id string
		ls *liveSub
	}
	var targets []target
	sk.mu.Lock()
	for id, ls := range sk.subs {
		if ls.field == field {
			targets = append(targets, target{id, ls})
		}
	}
	sk.mu.Unlock()
	slices.SortFunc(targets, func(a, b target) int { return strings.Compare(a.id, b.id) })
	typ := "next"
	if sk.legacy {
		typ = "data"
	}
	for _, t := range targets {
		data := &orderedMap{}
		if t.ls.group.fields[0].Name == "__typename" {
			data.set(t.ls.group.key, subscriptionSchema.Subscription.Name)
		} else {
			f := t.ls.group.fields[0]
			fd := subscriptionSchema.Subscription.Fields.ForName(f.Name)
			v, _ := t.ls.ex.complete(fd.Type, val, t.ls.group.fields, []any{t.ls.group.key}, subscriptionSchema.Subscription.Name, f.Name)
			data.set(t.ls.group.key, v)
		}
		payload, err := json.Marshal(map[string]any{"data": data})
		if err != nil {
			continue
		}
		sk.send(wsMessage{ID: t.id, Type: typ, Payload: payload})
	}
	return len(targets)
}
