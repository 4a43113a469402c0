package bettermode

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/gob"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// The leak test is modelled on an external probe: every credential setup ×
// every phase where a request can fail × every way a hostile server can
// echo the secrets it saw. For each row it checks that no form of any
// secret of the setup appears in anything the SDK hands out or writes: the
// error and its whole chain (printed with every verb, and what errors.As
// extracts), the cache's slog records, its TokenEvents, and the JSON, XML
// and gob encodings of every exported value involved.

// Obviously fake secrets, each ≤ 32 bytes (so that a code field keeps it
// whole), with the characters that make their encodings differ: quotes,
// backslash, HTML characters, '+', '/', '=', '%', spaces and non-ASCII.
const (
	leakPassword          = `fake-pässwörd "q"\<&>+/=%41 x`
	leakClientID          = "fake-leak-client-id"
	leakClientSecret      = `fake-clïent-sec "q"+/=%2F<&>`
	leakStaticToken       = `fake-static-tok"q"\+/=%41<&>`
	leakGuestAccess       = `fake-guest-acc"q"\+/=%41<&>`
	leakGuestRefresh      = `fake-guest-ref"q"\+/=%41<&>`
	leakMemberAccess      = `fake-member-acc"q"\+/=%41<&>`
	leakMemberRefresh     = `fake-member-ref"q"\+/=%41<&>`
	leakAppAccess         = `fake-app-acc"q"\+/=%41<&>`
	leakOAuthClientID     = "fake-oauth-client-id"
	leakOAuthClientSecret = "fake-oauth-client-secret-01"
	leakOAuthAccess       = `fake-oauth-acc"q"\+/=%41<&>`
	// The refresh token the OAuth2 token source starts with. It is made of
	// the characters of an OAuth2 error code, so that a provider can echo it
	// as one.
	leakOAuthRefresh = "fake-oauth-refresh-0001"
	// The refresh token the provider hands out.
	leakOAuthNewRefresh = `fake-oauth-ref2"q"\+/=%41<&>`
)

// leakSecret is a named secret of a credential setup.
type leakSecret struct{ name, value string }

// leakForm is one form of a secret the tests look for.
type leakForm struct{ secret, label, text string }

// independentForms returns the forms of s the SDK can produce, computed
// here independently of redact.go: raw, JSON-escaped (with and without HTML
// escaping), Go-quoted, url.QueryEscape, url.PathEscape, the four base64
// encodings and the QueryEscape of each.
func independentForms(s string) []leakForm {
	var out []leakForm
	seen := map[string]bool{}
	add := func(kind, f string) {
		if len(f) >= 4 && !seen[f] {
			seen[f] = true
			out = append(out, leakForm{label: kind, text: f})
		}
	}
	add("raw", s)
	j, _ := json.Marshal(s)
	add("json", string(j[1:len(j)-1]))
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	jj := strings.TrimSpace(b.String())
	add("json-nohtml", jj[1:len(jj)-1])
	if utf8.ValidString(s) {
		q := strconv.Quote(s)
		add("go-quoted", q[1:len(q)-1])
	}
	add("query-escape", url.QueryEscape(s))
	add("path-escape", url.PathEscape(s))
	for _, e := range []struct {
		name string
		enc  *base64.Encoding
	}{{"base64-std", base64.StdEncoding}, {"base64-url", base64.URLEncoding}, {"base64-rawstd", base64.RawStdEncoding}, {"base64-rawurl", base64.RawURLEncoding}} {
		v := e.enc.EncodeToString([]byte(s))
		add(e.name, v)
		add(e.name+"+query-escape", url.QueryEscape(v))
	}
	return out
}

// leakProbe collects everything a row hands out, then looks for the forms.
type leakProbe struct {
	forms  []leakForm
	pieces []leakPiece
}

type leakPiece struct{ where, text string }

func newLeakProbe(secrets []leakSecret) *leakProbe {
	p := &leakProbe{}
	for _, s := range secrets {
		for _, f := range independentForms(s.value) {
			p.forms = append(p.forms, leakForm{secret: s.name, label: s.name + " " + f.label, text: f.text})
		}
	}
	return p
}

func (p *leakProbe) text(where, s string) {
	if s != "" {
		p.pieces = append(p.pieces, leakPiece{where, s})
	}
}

var leakVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x"}

// value prints v with every verb and encodes it with encoding/json,
// encoding/xml and encoding/gob (errors of the encoders are ignored: only
// what they write matters).
func (p *leakProbe) value(where string, v any) {
	for _, verb := range leakVerbs {
		p.text(where+" "+verb, fmt.Sprintf(verb, v))
	}
	p.encode(where, v)
}

func (p *leakProbe) encode(where string, v any) {
	defer func() {
		if r := recover(); r != nil {
			p.text(where+" encoder panic", fmt.Sprint(r))
		}
	}()
	if j, err := json.Marshal(v); err == nil {
		p.text(where+" json", string(j))
	}
	if x, err := xml.Marshal(v); err == nil {
		p.text(where+" xml", string(x))
	}
	var buf bytes.Buffer
	_ = gob.NewEncoder(&buf).Encode(v)
	p.text(where+" gob", buf.String())
}

// err records err, every error of its chain (through Unwrap() error and
// Unwrap() []error), and what errors.As extracts into the standard
// library's error types that may carry a server's text.
func (p *leakProbe) err(where string, err error) {
	if err == nil {
		return
	}
	p.text(where+" Error()", err.Error())
	p.value(where, err)
	queue := []error{err}
	for i := 0; len(queue) > 0 && i < 64; i++ {
		e := queue[0]
		queue = queue[1:]
		if i > 0 {
			w := fmt.Sprintf("%s chain[%d] %T", where, i, e)
			p.text(w+" Error()", e.Error())
			p.value(w, e)
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			if n := u.Unwrap(); n != nil {
				queue = append(queue, n)
			}
		case interface{ Unwrap() []error }:
			for _, n := range u.Unwrap() {
				if n != nil {
					queue = append(queue, n)
				}
			}
		}
	}
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		p.value(where+" as *url.Error", ue)
		p.text(where+" as *url.Error .URL", ue.URL)
	}
	if oe := (*net.OpError)(nil); errors.As(err, &oe) {
		p.value(where+" as *net.OpError", oe)
	}
	if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
		p.value(where+" as *json.SyntaxError", se)
	}
	if te := (*json.UnmarshalTypeError)(nil); errors.As(err, &te) {
		p.value(where+" as *json.UnmarshalTypeError", te)
		p.text(where+" as *json.UnmarshalTypeError .Value .Field", te.Value+" "+te.Field)
	}
	if re := (*oauth2.RetrieveError)(nil); errors.As(err, &re) {
		p.value(where+" as *oauth2.RetrieveError", re)
		p.text(where+" as *oauth2.RetrieveError .Body", string(re.Body))
	}
	if e := (*Error)(nil); errors.As(err, &e) {
		p.value(where+" as *Error", e)
	}
}

// leakFinding is a form of a secret found somewhere.
type leakFinding struct{ secret, where, form, excerpt string }

func (p *leakProbe) findings() []leakFinding {
	var all strings.Builder
	for _, pc := range p.pieces {
		all.WriteString(pc.text)
		all.WriteByte(0)
	}
	joined := all.String()
	var out []leakFinding
	for _, f := range p.forms {
		if !strings.Contains(joined, f.text) {
			continue
		}
		for _, pc := range p.pieces {
			if i := strings.Index(pc.text, f.text); i >= 0 {
				lo, hi := max(i-60, 0), min(i+len(f.text)+60, len(pc.text))
				out = append(out, leakFinding{secret: f.secret, where: pc.where, form: f.label, excerpt: pc.text[lo:hi]})
				break // one place per form is enough to act on
			}
		}
	}
	return out
}

// ---- the hostile server ----

// leakPlan says how the hostile server misbehaves in one row.
type leakPlan struct {
	fail      string         // the operation that misbehaves: tokens, refresh, login, limited, call, oauth
	nth       int            // only its nth occurrence (1-based); 0: every occurrence
	pre       map[string]int // operations answered "108 unauthorized" that many times first
	behaviour string
}

// leakOffOrigin is a request that reached the server under another host name.
type leakOffOrigin struct{ host, auth, body string }

// leakAPI is a scripted Bettermode API (and OAuth2 token endpoint) that
// remembers every secret it saw and, per the row's plan, echoes them.
type leakAPI struct {
	srv  *httptest.Server
	host string // 127.0.0.1:port, the endpoint's host
	port string

	mu         sync.Mutex
	plan       leakPlan
	pre        map[string]int
	seen       []string  // what the API saw (and handed out)
	oseen      []string  // what the OAuth2 token endpoint saw (and handed out)
	cur        *[]string // the list see adds to: the one of the request being served
	counts     map[string]int
	misbehaved int
	offOrigin  []leakOffOrigin
}

func newLeakAPI(t *testing.T) *leakAPI {
	h := &leakAPI{}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)
	u, _ := url.Parse(h.srv.URL)
	h.host, h.port = u.Host, u.Port()
	return h
}

// reset starts a row.
func (h *leakAPI) reset(plan leakPlan) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.plan = plan
	h.pre = map[string]int{}
	for k, v := range plan.pre {
		h.pre[k] = v
	}
	h.seen, h.oseen, h.counts, h.misbehaved, h.offOrigin = nil, nil, map[string]int{}, 0, nil
}

// see records a secret the server saw or handed out. h.mu is held.
func (h *leakAPI) see(s string) {
	if len(s) < 4 {
		return
	}
	for _, x := range *h.cur {
		if x == s {
			return
		}
	}
	*h.cur = append(*h.cur, s)
}

// seeAuth records an Authorization value and what it is made of.
func (h *leakAPI) seeAuth(v string) {
	if v == "" {
		return
	}
	h.see(v)
	scheme, rest, ok := strings.Cut(v, " ")
	if !ok {
		return // a bare token: v itself
	}
	h.see(rest)
	if strings.EqualFold(scheme, "Basic") {
		if raw, err := base64.StdEncoding.DecodeString(rest); err == nil {
			h.see(string(raw))
			if _, secret, ok := strings.Cut(string(raw), ":"); ok {
				if s, err := url.QueryUnescape(secret); err == nil {
					h.see(s) // the OAuth2 library query-escapes the client secret
				}
				h.see(secret)
			}
		}
	}
}

// classify names the operation of r and records the secrets its body holds.
func (h *leakAPI) classify(r *http.Request, body []byte) string {
	switch {
	case strings.HasPrefix(r.URL.Path, "/landed"):
		return "landed"
	case r.URL.Path == "/oauth/token":
		if form, err := url.ParseQuery(string(body)); err == nil {
			h.see(form.Get("refresh_token"))
			h.see(form.Get("client_secret"))
		}
		return "oauth"
	case r.Method != http.MethodPost:
		return "call"
	}
	var req struct {
		Query         string         `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
	}
	_ = json.Unmarshal(body, &req)
	switch req.OperationName {
	case "Tokens":
		if rt, ok := req.Variables["refreshToken"].(string); ok {
			h.see(rt)
			return "refresh"
		}
		return "tokens"
	case "LoginNetwork":
		if in, ok := req.Variables["input"].(map[string]any); ok {
			if pw, ok := in["password"].(string); ok {
				h.see(pw)
			}
		}
		return "login"
	case "LimitedToken":
		return "limited"
	}
	return "call"
}

func (h *leakAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.cur = &h.seen
	if strings.HasPrefix(r.URL.Path, "/oauth/") || strings.HasPrefix(r.URL.Path, "/landed/oauth") {
		h.cur = &h.oseen
	}
	if r.Host != h.host {
		h.offOrigin = append(h.offOrigin, leakOffOrigin{host: r.Host, auth: r.Header.Get("Authorization"), body: string(body)})
	}
	h.seeAuth(r.Header.Get("Authorization"))
	op := h.classify(r, body)
	h.counts[op]++
	n := h.counts[op]
	unauth := false
	if h.pre[op] > 0 {
		h.pre[op]--
		unauth = true
	}
	plan := h.plan
	bad := !unauth && (op == plan.fail && (plan.nth == 0 || n == plan.nth) || op == "landed")
	if bad {
		h.misbehaved++
		if strings.HasPrefix(plan.behaviour, "gateway-") {
			h.see(leakAppAccess)
		}
	}
	seen := append([]string(nil), *h.cur...)
	h.mu.Unlock()

	switch {
	case unauth:
		leakJSON(w, 200, map[string]any{"data": nil, "errors": []any{map[string]any{"code": "108", "message": "token expired"}}})
	case bad && op == "landed":
		h.landed(w, r, seen)
	case bad:
		h.misbehave(w, op, plan.behaviour, seen, body)
	default:
		h.answer(w, op, body)
	}
}

// answer is the well-behaved answer to op.
func (h *leakAPI) answer(w http.ResponseWriter, op string, body []byte) {
	authToken := func(access, refresh, role, id, name string) map[string]any {
		return map[string]any{"accessToken": access, "refreshToken": refresh, "role": map[string]any{"name": role, "scopes": []string{"network:view"}}, "member": map[string]any{"id": id, "name": name}}
	}
	h.mu.Lock()
	h.cur = &h.seen
	if op == "oauth" {
		h.cur = &h.oseen
	}
	switch op {
	case "tokens":
		h.see(leakGuestAccess)
		h.see(leakGuestRefresh)
	case "refresh", "login":
		h.see(leakMemberAccess)
		h.see(leakMemberRefresh)
	case "limited":
		h.see(leakAppAccess)
	case "oauth":
		h.see(leakOAuthAccess)
		h.see(leakOAuthNewRefresh)
	}
	h.mu.Unlock()
	switch op {
	case "tokens":
		leakJSON(w, 200, map[string]any{"data": map[string]any{"tokens": authToken(leakGuestAccess, leakGuestRefresh, "Guest", "GUEST_fake01", "Guest")}})
	case "refresh":
		leakJSON(w, 200, map[string]any{"data": map[string]any{"tokens": authToken(leakMemberAccess, leakMemberRefresh, "Member", fakeMemberID, "Fake Member")}})
	case "login":
		leakJSON(w, 200, map[string]any{"data": map[string]any{"loginNetwork": authToken(leakMemberAccess, leakMemberRefresh, "Member", fakeMemberID, "Fake Member")}})
	case "limited":
		leakJSON(w, 200, map[string]any{"data": map[string]any{"limitedToken": map[string]any{"accessToken": leakAppAccess, "gatewayUrl": nil}}})
	case "oauth":
		leakJSON(w, 200, map[string]any{"access_token": leakOAuthAccess, "token_type": "Bearer", "refresh_token": leakOAuthNewRefresh, "expires_in": 3600})
	default:
		if bytes.Contains(body, []byte("mutation")) {
			leakJSON(w, 200, map[string]any{"data": map[string]any{"leaveNetwork": map[string]any{"status": "succeeded"}}})
			return
		}
		leakJSON(w, 200, map[string]any{"data": map[string]any{"authMember": map[string]any{"id": fakeMemberID, "name": "Fake Member"}}})
	}
}

// landed answers a request that followed a redirect: with the secrets in
// the error message.
func (h *leakAPI) landed(w http.ResponseWriter, r *http.Request, seen []string) {
	if strings.HasPrefix(r.URL.Path, "/landed/oauth") {
		leakJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": leakPayload(seen)})
		return
	}
	leakJSON(w, 200, map[string]any{"data": nil, "errors": []any{map[string]any{"code": "100", "message": leakPayload(seen)}}})
}

// leakPayload is every form of every secret seen, in one text.
func leakPayload(seen []string) string {
	var parts []string
	for _, s := range seen {
		for _, f := range independentForms(s) {
			parts = append(parts, f.text)
		}
	}
	return strings.Join(parts, " | ")
}

// leakLast is the secret seen last (the one a failing call most likely
// sent), for the fields that hold one value.
func leakLast(seen []string) string {
	if len(seen) == 0 {
		return "fake-nothing-seen"
	}
	return seen[len(seen)-1]
}

func leakJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func leakRaw(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// uEscape writes s as a JSON string body with every character \u-escaped.
func uEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xFFFF {
			r1, r2 := utf16Surrogates(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
			continue
		}
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}

func utf16Surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xD800 + (r>>10)&0x3FF, 0xDC00 + r&0x3FF
}

// percentEncodeAll percent-encodes every byte of s.
func percentEncodeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// misbehave answers op the hostile way the behaviour names.
func (h *leakAPI) misbehave(w http.ResponseWriter, op, behaviour string, seen []string, body []byte) {
	payload, last := leakPayload(seen), leakLast(seen)
	oauth := op == "oauth"
	gqlError := func(fields map[string]any) {
		leakJSON(w, 200, map[string]any{"data": nil, "errors": []any{fields}})
	}
	landing := "/landed/gql/"
	if oauth {
		landing = "/landed/oauth/"
	}
	var segs []string
	for _, s := range seen {
		segs = append(segs, url.PathEscape(s), base64.RawURLEncoding.EncodeToString([]byte(s)))
	}
	pathAndQuery := landing + strings.Join(segs, "/") + "?q=" + url.QueryEscape(payload) + "&b=" + url.QueryEscape(base64.StdEncoding.EncodeToString([]byte(last)))
	redirect := func(code int, loc string) {
		w.Header().Set("Location", loc)
		w.WriteHeader(code)
	}
	switch behaviour {
	case "message":
		if oauth {
			leakJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": payload})
			return
		}
		gqlError(map[string]any{"code": "100", "message": payload})
	case "message-108":
		if oauth {
			leakJSON(w, 401, map[string]any{"error": "invalid_client", "error_description": payload})
			return
		}
		gqlError(map[string]any{"code": "108", "message": payload})
	case "message-capitalized":
		if oauth {
			leakJSON(w, 400, map[string]any{"error": "invalid_grant", "error_description": capitalize(last)})
			return
		}
		gqlError(map[string]any{"code": "100", "message": capitalize(last)})
	case "message-uescaped":
		if oauth {
			leakRaw(w, 400, "application/json", `{"error":"invalid_grant","error_description":"`+uEscape(payload)+`"}`)
			return
		}
		leakRaw(w, 200, "application/json", `{"data":null,"errors":[{"code":"100","message":"`+uEscape(payload)+`"}]}`)
	case "extensions":
		if oauth {
			leakJSON(w, 400, map[string]any{"error": "invalid_request", "error_uri": payload})
			return
		}
		gqlError(map[string]any{"message": "denied", "code": "102", "extensions": map[string]any{"code": payload, "exception": map[string]any{"stacktrace": []string{payload}}, "detail": payload}})
	case "code-field-subcode":
		if oauth {
			leakJSON(w, 400, map[string]any{"error": last})
			return
		}
		gqlError(map[string]any{"message": "denied", "code": last, "subcode": last, "field": payload})
	case "status-400-text":
		leakRaw(w, 400, "text/plain", payload)
	case "status-401-text":
		leakRaw(w, 401, "text/plain", payload)
	case "status-502-html":
		leakRaw(w, 502, "text/html", "<html><body>"+payload+"</body></html>")
	case "header":
		w.Header().Set("Retry-After", last)
		w.Header().Set("X-Echo", payload)
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+payload+`"`)
		if oauth {
			leakJSON(w, 429, map[string]any{"error": "slow_down"})
			return
		}
		leakJSON(w, 429, map[string]any{"errors": []any{map[string]any{"code": "104", "message": "slow down"}}})
	case "redirect-302-same":
		redirect(http.StatusFound, pathAndQuery)
	case "redirect-307-same":
		redirect(http.StatusTemporaryRedirect, pathAndQuery)
	case "redirect-302-off":
		redirect(http.StatusFound, "http://localhost:"+h.port+pathAndQuery)
	case "redirect-307-off":
		redirect(http.StatusTemporaryRedirect, "http://localhost:"+h.port+pathAndQuery)
	case "redirect-userinfo-off":
		redirect(http.StatusTemporaryRedirect, "http://"+url.UserPassword("fake-user", last).String()+"@localhost:"+h.port+pathAndQuery)
	case "redirect-userinfo-same":
		redirect(http.StatusTemporaryRedirect, "http://"+url.UserPassword("fake-user", last).String()+"@"+h.host+pathAndQuery)
	case "redirect-bad-location":
		redirect(http.StatusFound, "http://["+last+"|"+url.PathEscape(last)+"/x")
	case "data-key":
		keys := map[string]any{}
		for _, s := range seen {
			keys[s] = 1
		}
		if len(keys) == 0 {
			keys["fake-nothing-seen"] = 1
		}
		if oauth {
			leakJSON(w, 200, keys)
			return
		}
		leakJSON(w, 200, map[string]any{"data": keys})
	case "data-type":
		obj := map[string]any{payload: 1}
		if oauth {
			leakJSON(w, 200, map[string]any{"access_token": obj, "token_type": payload})
			return
		}
		tok := map[string]any{"accessToken": obj, "refreshToken": obj}
		leakJSON(w, 200, map[string]any{"data": map[string]any{"tokens": tok, "loginNetwork": tok, "limitedToken": tok,
			"authMember": map[string]any{"id": obj, "name": []string{payload}}, "leaveNetwork": map[string]any{"status": obj}}})
	case "malformed-json":
		leakRaw(w, 200, "application/json", `{"errors":[{"message":"`+strings.ReplaceAll(payload, `"`, `'`)+`", "code": }`+payload)
	case "malformed-json-500":
		leakRaw(w, 500, "application/json", `{"errors":[{"message":"`+payload)
	case "conn-closed":
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("no hijacker")
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			panic(err)
		}
		partial := `{"errors":[{"message":"` + payload
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(partial)+4096, partial)
		_ = buf.Flush()
		_ = conn.Close()
	case "gateway-path", "gateway-raw-path", "gateway-encoded", "gateway-userinfo", "gateway-http", "gateway-query":
		var gw string
		switch behaviour {
		case "gateway-path":
			gw = "https://gw.example.com/gql/" + strings.Join(segs, "/")
		case "gateway-raw-path":
			gw = "https://gw.example.com/gql/" + strings.Join(seen, "/")
		case "gateway-encoded":
			// Every byte percent-encoded: a form of the secret the SDK does
			// not produce, but the secret all the same.
			gw = "http://127.0.0.1:1/" + percentEncodeAll(leakAppAccess)
		case "gateway-userinfo":
			gw = "https://" + url.UserPassword("fake-gw-user", last).String() + "@gw.example.com/gql"
		case "gateway-http":
			gw = "http://gw.example.com/" + url.PathEscape(last)
		case "gateway-query":
			gw = "https://gw.example.com/gql?token=" + url.QueryEscape(leakAppAccess) + "&s=" + url.QueryEscape(last)
		}
		leakJSON(w, 200, map[string]any{"data": map[string]any{"limitedToken": map[string]any{"accessToken": leakAppAccess, "gatewayUrl": gw}}})
	default:
		panic("unknown behaviour " + behaviour)
	}
}

// ---- the matrix ----

// leakSetup is a credential setup: how a row builds its source and client.
type leakSetup struct {
	name    string
	kind    string // static, guest, member, app, oauth
	secrets []leakSecret
	// tokens names the secrets of the token authenticated calls carry.
	tokens []string
	// build returns the credential config the row passes to WithCredentials
	// (printed and encoded too), the source, and the endpoint.
	build func(t *testing.T, h *leakAPI) (config any, src CredentialSource, endpoint string)
}

type leakPhase struct {
	name    string
	fail    string
	nth     int
	pre     map[string]int
	trigger string // Token, Query, Mutate, Exec, HTTPGet, HTTPPost
}

var leakBehaviours = []string{
	"message", "message-108", "message-capitalized", "message-uescaped",
	"extensions", "code-field-subcode",
	"status-400-text", "status-401-text", "status-502-html",
	"header",
	"redirect-302-same", "redirect-307-same", "redirect-302-off", "redirect-307-off",
	"redirect-userinfo-off", "redirect-userinfo-same", "redirect-bad-location",
	"data-key", "data-type",
	"malformed-json", "malformed-json-500",
	"conn-closed",
}

var leakGatewayBehaviours = []string{"gateway-path", "gateway-raw-path", "gateway-encoded", "gateway-userinfo", "gateway-http", "gateway-query"}

// leakDefaultRetryRows keep the default retry policy (the rest disable
// retries, which only cost time here).
var leakDefaultRetryRows = map[string]bool{
	"static-bearer/call@Query/status-502-html":           true,
	"guest/call@Exec/conn-closed":                        true,
	"member/mint:loginNetwork@Token/status-502-html":     true,
	"app-bot/mint:limitedToken@Query/malformed-json-500": true,
	"oauth2/call@Query/message-108":                      true,
}

func leakPhases(kind string) []leakPhase {
	var ps []leakPhase
	mint := func(name, fail string, nth int, pre map[string]int, triggers ...string) {
		for _, tr := range triggers {
			ps = append(ps, leakPhase{name: "mint:" + name + "@" + tr, fail: fail, nth: nth, pre: pre, trigger: tr})
		}
	}
	switch kind {
	case "guest":
		mint("tokens", "tokens", 0, nil, "Token", "Query", "HTTPGet")
	case "member":
		mint("tokens", "tokens", 0, nil, "Token")
		mint("loginNetwork", "login", 0, nil, "Token", "Query", "HTTPGet")
		// A 108 on the call makes the cache renew with the refresh token.
		mint("refresh", "refresh", 0, map[string]int{"call": 1}, "Query")
		// The refresh token is rejected too: the member logs in again,
		// starting with a guest token (the second tokens call).
		mint("relogin-tokens", "tokens", 2, map[string]int{"call": 1, "refresh": 1}, "Query")
		mint("relogin-loginNetwork", "login", 2, map[string]int{"call": 1, "refresh": 1}, "Query")
	case "app":
		mint("limitedToken", "limited", 0, nil, "Token", "Query", "HTTPGet")
	case "oauth":
		mint("oauth2-token-endpoint", "oauth", 0, nil, "Token", "Query", "HTTPGet")
	}
	for _, tr := range []string{"Query", "Mutate", "Exec", "HTTPGet", "HTTPPost"} {
		ps = append(ps, leakPhase{name: "call@" + tr, fail: "call", trigger: tr})
	}
	return ps
}

func leakSetups() []leakSetup {
	basic := func(id, secret string) leakSecret { return leakSecret{"basic " + id, id + ":" + secret} }
	memberSecrets := []leakSecret{{"password", leakPassword}, {"guest access", leakGuestAccess}, {"guest refresh", leakGuestRefresh},
		{"member access", leakMemberAccess}, {"member refresh", leakMemberRefresh}}
	appSecrets := []leakSecret{{"client secret", leakClientSecret}, basic(leakClientID, leakClientSecret), {"app access", leakAppAccess}}
	app := func(h *leakAPI, impersonate string) (any, CredentialSource, string) {
		a := App{ClientID: leakClientID, ClientSecret: leakClientSecret, NetworkID: fakeNetwork, ImpersonateMemberID: impersonate}
		return a, a, h.srv.URL + "/graphql"
	}
	return []leakSetup{
		{name: "static-bearer", kind: "static", secrets: []leakSecret{{"static token", leakStaticToken}}, tokens: []string{"static token"},
			build: func(t *testing.T, h *leakAPI) (any, CredentialSource, string) {
				s := StaticToken(leakStaticToken)
				return s, s, h.srv.URL + "/graphql"
			}},
		{name: "static-bare", kind: "static", secrets: []leakSecret{{"static token", leakStaticToken}}, tokens: []string{"static token"},
			build: func(t *testing.T, h *leakAPI) (any, CredentialSource, string) {
				s := StaticToken(leakStaticToken, WithScheme(SchemeBare))
				return s, s, h.srv.URL + "/graphql"
			}},
		{name: "guest", kind: "guest", secrets: []leakSecret{{"guest access", leakGuestAccess}, {"guest refresh", leakGuestRefresh}}, tokens: []string{"guest access", "guest refresh"},
			build: func(t *testing.T, h *leakAPI) (any, CredentialSource, string) {
				g := Guest{NetworkDomain: fakeDomain}
				return g, g, h.srv.URL + "/graphql"
			}},
		{name: "member", kind: "member", secrets: memberSecrets, tokens: []string{"member access", "member refresh"},
			build: func(t *testing.T, h *leakAPI) (any, CredentialSource, string) {
				m := Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: leakPassword}
				return m, m, h.srv.URL + "/graphql"
			}},
		{name: "app-bot", kind: "app", secrets: appSecrets, tokens: []string{"app access"},
			build: func(t *testing.T, h *leakAPI) (any, CredentialSource, string) { return app(h, "") }},
		{name: "app-impersonating", kind: "app", secrets: appSecrets, tokens: []string{"app access"},
			build: func(t *testing.T, h *leakAPI) (any, CredentialSource, string) { return app(h, fakeMemberID) }},
		{name: "app-legacy-endpoint", kind: "app", secrets: appSecrets, tokens: []string{"app access"},
			build: func(t *testing.T, h *leakAPI) (any, CredentialSource, string) {
				a := App{NetworkID: fakeNetwork}
				return a, a, "http://" + url.UserPassword(leakClientID, leakClientSecret).String() + "@" + h.host + "/graphql"
			}},
		{name: "oauth2", kind: "oauth", secrets: []leakSecret{{"oauth client secret", leakOAuthClientSecret}, basic(leakOAuthClientID, leakOAuthClientSecret),
			{"oauth initial refresh", leakOAuthRefresh}, {"oauth access", leakOAuthAccess}, {"oauth refresh", leakOAuthNewRefresh}},
			tokens: []string{"oauth access", "oauth refresh"},
			build: func(t *testing.T, h *leakAPI) (any, CredentialSource, string) {
				tr := &http.Transport{}
				t.Cleanup(tr.CloseIdleConnections)
				conf := &oauth2.Config{ClientID: leakOAuthClientID, ClientSecret: leakOAuthClientSecret,
					Endpoint: oauth2.Endpoint{TokenURL: h.srv.URL + "/oauth/token", AuthStyle: oauth2.AuthStyleInHeader}}
				ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Transport: tr, Timeout: 10 * time.Second})
				src := FromOAuth2(conf.TokenSource(ctx, &oauth2.Token{RefreshToken: leakOAuthRefresh, Expiry: time.Now().Add(-time.Hour)}))
				return src, src, h.srv.URL + "/graphql"
			}},
	}
}

type leakMutation struct {
	LeaveNetwork struct {
		Status string
	} `graphql:"leaveNetwork"`
}

type leakQuery struct {
	AuthMember struct {
		ID   string
		Name string
	} `graphql:"authMember"`
}

// TestLeakMatrix: no secret leaks, whatever a hostile server answers, in any
// phase, through any credential setup.
func TestLeakMatrix(t *testing.T) {
	var rows atomic.Int32
	for _, setup := range leakSetups() {
		h := newLeakAPI(t) // one server per setup: the setups run in parallel, the rows of one in turn
		t.Run(setup.name, func(t *testing.T) {
			t.Parallel()
			for _, phase := range leakPhases(setup.kind) {
				behaviours := leakBehaviours
				if phase.fail == "limited" {
					behaviours = append(append([]string(nil), leakBehaviours...), leakGatewayBehaviours...)
				}
				t.Run(phase.name, func(t *testing.T) {
					for _, b := range behaviours {
						rows.Add(1)
						name := setup.name + "/" + phase.name + "/" + b
						t.Run(b, func(t *testing.T) {
							runLeakRow(t, h, setup, phase, b, leakDefaultRetryRows[name], name)
						})
					}
				})
			}
		})
	}
	t.Cleanup(func() { t.Logf("%d rows", rows.Load()) })
}

func runLeakRow(t *testing.T, h *leakAPI, setup leakSetup, phase leakPhase, behaviour string, defaults bool, name string) {
	h.reset(leakPlan{fail: phase.fail, nth: phase.nth, pre: phase.pre, behaviour: behaviour})
	config, src, endpoint := setup.build(t, h)

	var logs bytes.Buffer
	var logMu sync.Mutex
	logger := slog.New(slog.NewMultiHandler(
		slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &logMu}, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, &slog.HandlerOptions{Level: slog.LevelDebug}),
	))
	var evMu sync.Mutex
	var events []TokenEvent
	opts := []Option{WithEndpoint(endpoint), WithCredentials(src),
		WithCacheOptions(WithLogger(logger), WithTokenHook(func(e TokenEvent) { evMu.Lock(); events = append(events, e); evMu.Unlock() }))}
	if !defaults {
		opts = append(opts, WithRetryPolicy(RetryPolicy{MaxAttempts: 1, MaxRateLimitWait: -1}))
	}
	c, err := NewClient(opts...)
	require.NoError(t, err)
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var callErr error
	switch phase.trigger {
	case "Token":
		_, callErr = c.Token(ctx)
	case "Query":
		var q leakQuery
		callErr = c.Query(ctx, &q, nil)
	case "Mutate":
		var m leakMutation
		callErr = c.Mutate(ctx, &m, nil)
	case "Exec":
		_, callErr = c.Exec(ctx, "{authMember{id name}}", nil)
	case "HTTPGet", "HTTPPost":
		hc := c.HTTPClient()
		var resp *http.Response
		if phase.trigger == "HTTPGet" {
			resp, callErr = hc.Get(c.Endpoint() + "/rest")
		} else {
			resp, callErr = hc.Post(c.Endpoint(), "application/json", strings.NewReader(`{"query":"{authMember{id name}}"}`))
		}
		if resp != nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	tok, tokErr := c.Token(ctx)
	transport := c.HTTPClient().Transport
	require.NoError(t, c.Close()) // waits for the cache's goroutines: every event is reported

	h.mu.Lock()
	misbehaved, offOrigin := h.misbehaved, append([]leakOffOrigin(nil), h.offOrigin...)
	h.mu.Unlock()
	require.NotZero(t, misbehaved, "the server never misbehaved: the row tests nothing")
	if sdkTrigger := phase.trigger != "HTTPGet" && phase.trigger != "HTTPPost"; sdkTrigger || phase.fail != "call" {
		if phase.fail != "oauth" { // the OAuth2 library's own client follows redirects: not the SDK's requests
			require.Empty(t, offOrigin, "the SDK's own requests never leave the endpoint's origin")
		}
	} else {
		for _, o := range offOrigin {
			if basic, ok := strings.CutPrefix(o.auth, "Basic "); ok {
				// net/http's own Basic credential from the userinfo of the
				// Location the server chose: not the SDK's.
				if raw, err := base64.StdEncoding.DecodeString(basic); err == nil && strings.HasPrefix(string(raw), "fake-user:") {
					continue
				}
			}
			require.Empty(t, o.auth, "Client.HTTPClient sent credentials to %s", o.host)
		}
	}
	switch {
	case phase.trigger != "Token" || behaviour == "gateway-encoded":
	case setup.kind == "member" && phase.fail == "tokens" && behaviour == "data-key":
		// Reported: the login goes on with an empty guest token
		// (TestNilEmptyGuestTokenStopsLogin).
	default:
		require.Error(t, callErr, "a hostile mint must fail")
	}

	if setup.kind != "static" {
		evMu.Lock()
		n := len(events)
		evMu.Unlock()
		require.NotZero(t, n, "the cache reported no fetch: the hook is not exercised")
		logMu.Lock()
		require.NotZero(t, logs.Len(), "the cache logged nothing: the logger is not exercised")
		logMu.Unlock()
	}

	p := newLeakProbe(setup.secrets)
	if behaviour == "gateway-encoded" {
		p.forms = append(p.forms, leakForm{secret: "app access", label: "app access percent-encoded", text: percentEncodeAll(leakAppAccess)})
	}
	p.err("call error", callErr)
	p.err("Token() error", tokErr)
	if tok != nil {
		p.value("*Token", tok)
		p.value("Token", *tok)
	}
	evMu.Lock()
	for i, e := range events {
		w := fmt.Sprintf("TokenEvent[%d]", i)
		p.value(w, e)
		p.err(w+".Err", e.Err)
	}
	evMu.Unlock()
	logMu.Lock()
	p.text("slog", logs.String())
	logMu.Unlock()
	p.value("config", config)
	p.value("Client", c)
	p.value("Transport", transport)
	p.value("Source()", c.Source())

	for _, f := range p.findings() {
		t.Errorf("LEAK of %s in %s: …%q…", f.form, f.where, f.excerpt)
	}
}

// lockedWriter serializes the writes of two slog handlers into one buffer.
type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
