package bettermodetest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bettermode-go/bettermode/internal/jwt"
)

// Recorder is an http.RoundTripper that records the GraphQL requests it
// sends, and their answers, as fixtures that NewReplayServer serves back.
// Wrap it around the client that talks to a real community:
//
//	rec := bettermodetest.NewRecorder("testdata/recorded", nil)
//	defer rec.Close() // writes the fixtures
//	c, err := bettermode.NewClient(bettermode.WithHTTPClient(&http.Client{Transport: rec}), ...)
//
// and later replay the directory:
//
//	srv := bettermodetest.NewReplayServer(t, os.DirFS("testdata/recorded"), ".")
//
// # What is recorded
//
// Each POST whose body is a GraphQL request {query, operationName,
// variables} becomes one file NNN-NAME.json in the format of Fixture, NNN
// counting the exchanges in the order their answers arrived and NAME being
// the operation name (or the first root field): the method, the request
// headers Authorization, Content-Type and Accept, the body with its query
// normalised (NormalizeQuery), and the answer's status, its Content-Type and
// Retry-After headers and its body (as JSON, or as a JSON string holding the
// text of an answer that is not JSON). Other requests are passed on but not
// recorded (see Skipped), and so are requests that fail.
//
// # Redaction
//
// Every secret is replaced by a placeholder before anything is written:
// the recorder keeps the exchanges in memory and only Save (or Close)
// writes, each file to a temporary file renamed into place, after the
// redaction and a final check. The secrets are:
//
//   - the credential of each Authorization header: a Bearer (or other
//     scheme's, or bare) token; for Basic, the client secret (the client id
//     is kept);
//   - in request and response bodies, walked as JSON with keys compared
//     ignoring case, "_" and "-", every string under a key ending in
//     "password", "secret" or "token" (password, client_secret,
//     accessToken, refresh_token, ...) or named code, verificationCode,
//     authorizationCode, apiKey, codeVerifier or authorization, except
//     "code" inside the top-level errors and extensions of an answer, which
//     is an error code; string literals under those names in the query text
//     count too;
//   - anything shaped like a JWT, anywhere in a body, a header or a query;
//   - what WithRecordSecrets and WithRecordPlaceholder name.
//
// Once found, a secret is replaced wherever it occurs in any recorded
// string, whole or as part of a longer one, and so are its JSON-escaped,
// URL-escaped and base64 (standard and URL alphabets, padded or not) forms,
// by the same form of its placeholder (secrets shorter than four bytes only
// where they are a whole string). Finding is done over every exchange before
// any is rewritten, so a secret first seen in one answer is replaced in the
// requests before it too.
//
// # Placeholders
//
// Placeholders are stable within a recording, so that what the SDK sends
// in replay (the tokens it got from recorded answers) matches what was
// recorded: the same secret always gets the same placeholder, numbered by
// kind in the order first seen, fake-redacted-token-1, -2, ... for tokens,
// fake-redacted-password-N, fake-redacted-client-secret-N,
// fake-redacted-code-N for codes, and fake-redacted-secret-N for secrets of
// other keys and for those of WithRecordSecrets (numbered first, in the
// order given). A client that replays a recording thus logs in with
// password fake-redacted-password-1 and client secret
// fake-redacted-client-secret-1, unless WithRecordPlaceholder chose others.
//
// A JWT is replaced by a JWT, because the SDK reads a token's expiry, member
// and network from its claims: the placeholder keeps the original's claims,
// each string claim redacted as above, adds the claim "redacted" naming its
// placeholder (fake-redacted-token-N, from the same count as the other
// tokens), and is signed with HS256 and a fixed, public, fake key. Its exp
// is the original's, unless WithRecordTokenExpiry moves it: recordings meant
// to be replayed for years should. The replay server does not verify
// tokens; the stand-in server would reject these.
//
// A Recorder is safe for concurrent use.
type Recorder struct {
	dir  string
	base http.RoundTripper
	cfg  recordConfig

	mu        sync.Mutex
	exchanges []exchange
	skipped   int
	closed    bool
}

// RecordOption configures a Recorder.
type RecordOption func(*recordConfig)

type recordConfig struct {
	secrets      []string
	placeholders [][2]string // value, placeholder
	expiry       time.Time
}

// WithRecordSecrets makes the recorder replace each of secrets (and their
// encoded forms) wherever it occurs, by fake-redacted-secret-N: for secrets
// that appear under names it does not know, and for identifiers that should
// not be published. Empty strings are ignored.
func WithRecordSecrets(secrets ...string) RecordOption {
	return func(c *recordConfig) { c.secrets = append(c.secrets, secrets...) }
}

// WithRecordPlaceholder makes the recorder replace value (and its encoded
// forms) wherever it occurs by placeholder, which a replaying test then
// uses: a password the test logs in with, or a real community's domain, id
// or member id mapped to the stand-in's. An empty value is ignored.
func WithRecordPlaceholder(value, placeholder string) RecordOption {
	return func(c *recordConfig) { c.placeholders = append(c.placeholders, [2]string{value, placeholder}) }
}

// WithRecordTokenExpiry sets the exp claim of every JWT placeholder that
// has one to t, so that the recorded tokens have not expired when the
// fixtures are replayed. By default a placeholder expires with its original.
func WithRecordTokenExpiry(t time.Time) RecordOption {
	return func(c *recordConfig) { c.expiry = t }
}

// NewRecorder returns a recorder that sends requests with base (nil means
// http.DefaultTransport) and writes its fixtures to dir when Save or Close
// is called. Nothing touches the disk before that. Save creates dir if
// needed and overwrites the files it writes, but removes no other file:
// record into an empty directory, or empty it first.
func NewRecorder(dir string, base http.RoundTripper, opts ...RecordOption) *Recorder {
	if base == nil {
		base = http.DefaultTransport
	}
	r := &Recorder{dir: dir, base: base}
	for _, o := range opts {
		o(&r.cfg)
	}
	return r
}

// Record is NewRecorder that closes the recorder, writing its fixtures,
// when tb's test ends, and fails tb if that fails.
func Record(tb testing.TB, dir string, base http.RoundTripper, opts ...RecordOption) *Recorder {
	tb.Helper()
	r := NewRecorder(dir, base, opts...)
	tb.Cleanup(func() {
		if err := r.Close(); err != nil {
			tb.Error(err)
		}
	})
	return r
}

// exchange is a recorded request and its answer, secrets and all: it
// never leaves memory as it is.
type exchange struct {
	method     string
	reqHeader  map[string]string
	reqBody    jsonObject
	status     int
	respHeader map[string]string
	respJSON   any    // the decoded answer, when it is JSON and not a string
	respText   string // otherwise its text
}

// recordedRequestHeaders and recordedResponseHeaders are the headers fixtures keep.
var (
	recordedRequestHeaders  = []string{"Authorization", "Content-Type", "Accept"}
	recordedResponseHeaders = []string{"Content-Type", "Retry-After"}
)

// RoundTrip sends req with the base transport and records the exchange if
// req is a GraphQL POST and an answer came. It does not modify req.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	out := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		out.ContentLength = int64(len(body))
	}
	resp, err := r.base.RoundTrip(out)
	if err != nil {
		return nil, err
	}

	gql, isGQL := graphQLRequest(req.Method, body)
	if !isGQL {
		r.mu.Lock()
		if !r.closed {
			r.skipped++
		}
		r.mu.Unlock()
		return resp, nil
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(answer))

	x := exchange{method: req.Method, reqHeader: map[string]string{}, reqBody: gql, status: resp.StatusCode, respHeader: map[string]string{}}
	for _, h := range recordedRequestHeaders {
		if v := req.Header.Get(h); v != "" {
			x.reqHeader[h] = v
		}
	}
	for _, h := range recordedResponseHeaders {
		if v := resp.Header.Get(h); v != "" {
			x.respHeader[h] = v
		}
	}
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		if zr, err := gzip.NewReader(bytes.NewReader(answer)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil {
				answer = plain
			}
		}
	}
	if v, err := decodeOrdered(answer); err == nil {
		if _, isString := v.(string); !isString {
			x.respJSON = v
		}
	}
	if x.respJSON == nil {
		x.respText = string(answer)
	}

	r.mu.Lock()
	if !r.closed {
		r.exchanges = append(r.exchanges, x)
	}
	r.mu.Unlock()
	return resp, nil
}

// graphQLRequest decodes body if it is a GraphQL request sent with POST.
func graphQLRequest(method string, body []byte) (jsonObject, bool) {
	if method != http.MethodPost {
		return nil, false
	}
	v, err := decodeOrdered(body)
	if err != nil {
		return nil, false
	}
	obj, ok := v.(jsonObject)
	if !ok {
		return nil, false
	}
	q, ok := obj.get("query").(string)
	return obj, ok && strings.TrimSpace(q) != ""
}

// AddPlaceholder is WithRecordPlaceholder during the recording, for values
// learnt from its answers (a member's name, say): like every placeholder it
// applies to the whole recording when it is saved. Placeholders of options
// and earlier calls win over later ones for the same value.
func (r *Recorder) AddPlaceholder(value, placeholder string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cfg.placeholders = append(r.cfg.placeholders, [2]string{value, placeholder})
}

// Len returns the number of exchanges recorded.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.exchanges)
}

// Skipped returns the number of exchanges passed on but not recorded
// because the request was not a GraphQL POST.
func (r *Recorder) Skipped() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.skipped
}

// Fixtures returns the fixtures recorded so far, redacted, as Save would
// write them, without writing anything.
func (r *Recorder) Fixtures() ([]Fixture, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	files, err := r.render()
	if err != nil {
		return nil, err
	}
	out := make([]Fixture, len(files))
	for i, f := range files {
		out[i] = f.fx
	}
	return out, nil
}

// Save redacts the exchanges recorded so far and writes them to the
// recorder's directory, and returns the paths of the files. If a secret
// would remain in any file, it writes nothing and returns an error (which
// names the file and the kind of secret, never the secret).
func (r *Recorder) Save() ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.save()
}

func (r *Recorder) save() ([]string, error) {
	files, err := r.render()
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		return nil, fmt.Errorf("bettermodetest: recorder: %w", err)
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(r.dir, f.fx.Name+".json")
		if err := writeFileAtomic(p, f.data); err != nil {
			return paths, fmt.Errorf("bettermodetest: recorder: %w", err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// Close saves the recording (see Save) and stops recording: later requests
// are still sent but not recorded. Calling it again does nothing.
func (r *Recorder) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	_, err := r.save()
	return err
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// to path.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".record-*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, 0o644)
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		_ = os.Remove(name)
	}
	return err
}

// renderedFile is one fixture and the bytes of its file.
type renderedFile struct {
	fx   Fixture
	data []byte
}

// render redacts every exchange into a fixture and checks the result.
func (r *Recorder) render() ([]renderedFile, error) {
	red := newRedactor(&r.cfg)
	for _, x := range r.exchanges {
		red.learnExchange(x)
	}
	red.finish()
	width := max(3, len(strconv.Itoa(len(r.exchanges))))
	files := make([]renderedFile, 0, len(r.exchanges))
	for i, x := range r.exchanges {
		fx, err := red.fixture(x)
		if err != nil {
			return nil, err
		}
		fx.Name = fmt.Sprintf("%0*d-%s", width, i+1, fixtureName(fx.Request.Body))
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(fx); err != nil {
			return nil, fmt.Errorf("bettermodetest: recorder: encoding fixture %s: %w", fx.Name, err)
		}
		if kind, form := red.leak(buf.Bytes()); kind != "" {
			return nil, fmt.Errorf("bettermodetest: recorder: fixture %s would hold a secret (a %s, %s form) that could not be redacted; nothing was written", fx.Name, kind, form)
		}
		files = append(files, renderedFile{fx: fx, data: buf.Bytes()})
	}
	return files, nil
}

// fixtureName names a fixture after its operation, or its first root field.
func fixtureName(body json.RawMessage) string {
	var req struct {
		Query         string `json:"query"`
		OperationName string `json:"operationName"`
	}
	_ = json.Unmarshal(body, &req)
	name := req.OperationName
	if name == "" {
		if i := strings.IndexByte(req.Query, '{'); i >= 0 {
			rest := strings.TrimLeft(req.Query[i+1:], " \t\r\n,")
			end := strings.IndexFunc(rest, func(c rune) bool {
				return !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
			})
			if end < 0 {
				end = len(rest)
			}
			name = rest[:end]
		}
	}
	name = strings.Map(func(c rune) rune {
		if c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return c
		}
		return -1
	}, name)
	if len(name) > 64 {
		name = name[:64]
	}
	if name == "" {
		name = "request"
	}
	return name
}

// Kinds of secret, as placeholders and errors name them.
const (
	secretToken        = "token"
	secretPassword     = "password"
	secretClientSecret = "client-secret"
	secretCode         = "code"
	secretOther        = "secret"
	secretPlaceholder  = "value of WithRecordPlaceholder"
)

// minFormLen is the length below which a secret is replaced only where it
// is a whole string: shorter ones are too likely to be part of other text.
const minFormLen = 4

// jwtShape matches what looks like a JWT.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

// queryLiteral matches a string literal under a secret name in a GraphQL
// document: name: "value".
var queryLiteral = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*:\s*("(?:[^"\\\n]|\\.)*")`)

// recordKey signs JWT placeholders. It is public and fake: a placeholder's
// signature proves nothing.
var recordKey = func() []byte {
	k := sha256.Sum256([]byte("bettermodetest recorder: fake, public signing key of redacted tokens"))
	return k[:]
}()

// secretKind returns the kind of secret a string under key is, or "".
// inErrors says the key is inside an answer's errors or extensions, where
// "code" is an error code.
func secretKind(key string, inErrors bool) string {
	k := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(key))
	switch {
	case k == "code":
		if inErrors {
			return ""
		}
		return secretCode
	case k == "verificationcode" || k == "authorizationcode" || k == "authcode":
		return secretCode
	case strings.HasSuffix(k, "password"):
		return secretPassword
	case k == "clientsecret":
		return secretClientSecret
	case strings.HasSuffix(k, "secret") || k == "apikey" || k == "codeverifier":
		return secretOther
	case strings.HasSuffix(k, "token") || k == "authorization":
		return secretToken
	}
	return ""
}

// redactor finds the secrets of a recording, then rewrites it.
type redactor struct {
	cfg *recordConfig

	exact    map[string]string // secret → placeholder
	kinds    map[string]string // secret → kind
	order    []string          // secrets, in the order found
	counts   map[string]int
	isPlace  map[string]bool // every placeholder, never a secret
	jwts     map[string]*jwtEntry
	jwtOrder []string
	basics   []basicCred

	placeClaims map[string]map[string]any // JWT placeholder → its claims

	replacer *strings.Replacer
	guards   []guardForm
}

type jwtEntry struct {
	n           int
	claims      map[string]any
	placeholder string
}

type basicCred struct{ blob, id, secret string }

type guardForm struct{ form, kind, name string }

func newRedactor(cfg *recordConfig) *redactor {
	r := &redactor{cfg: cfg, exact: map[string]string{}, kinds: map[string]string{}, counts: map[string]int{},
		isPlace: map[string]bool{}, jwts: map[string]*jwtEntry{}, placeClaims: map[string]map[string]any{}}
	for _, p := range cfg.placeholders {
		if _, dup := r.exact[p[0]]; p[0] != "" && !dup {
			r.add(p[0], secretPlaceholder, p[1])
		}
	}
	for _, s := range cfg.secrets {
		r.learnValue(s, secretOther)
	}
	return r
}

// add records that secret is replaced by placeholder.
func (r *redactor) add(secret, kind, placeholder string) {
	r.exact[secret] = placeholder
	r.kinds[secret] = kind
	r.order = append(r.order, secret)
	r.isPlace[placeholder] = true
}

func (r *redactor) next(kind string) string {
	r.counts[kind]++
	return fmt.Sprintf("fake-redacted-%s-%d", kind, r.counts[kind])
}

func (r *redactor) known(s string) bool {
	_, secret := r.exact[s]
	_, token := r.jwts[s]
	return secret || token || r.isPlace[s]
}

// learnValue records s, a secret of kind.
func (r *redactor) learnValue(s, kind string) {
	if s == "" || r.known(s) {
		return
	}
	if jwtShape.FindString(s) == s {
		r.learnJWT(s)
		return
	}
	r.add(s, kind, r.next(kind))
}

// learnText records the JWTs in s.
func (r *redactor) learnText(s string) {
	if !strings.Contains(s, "eyJ") {
		return
	}
	for _, t := range jwtShape.FindAllString(s, -1) {
		r.learnJWT(t)
	}
}

func (r *redactor) learnJWT(t string) {
	if r.known(t) {
		return
	}
	c, err := jwt.Parse(t)
	if err != nil {
		r.add(t, secretToken, r.next(secretToken))
		return
	}
	r.counts[secretToken]++
	r.jwts[t] = &jwtEntry{n: r.counts[secretToken], claims: c.Raw}
	r.jwtOrder = append(r.jwtOrder, t)
	for _, k := range sortedClaims(c.Raw) {
		r.learn(c.Raw[k], secretKind(k, false), false)
	}
}

func sortedClaims(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// learn records the secrets of v; kind is the kind of a string under v's
// key, or "".
func (r *redactor) learn(v any, kind string, inErrors bool) {
	switch x := v.(type) {
	case string:
		if kind != "" {
			r.learnValue(x, kind)
		} else {
			r.learnText(x)
		}
	case jsonObject:
		for _, m := range x {
			r.learn(m.val, secretKind(m.key, inErrors), inErrors)
		}
	case []any:
		for _, e := range x {
			r.learn(e, kind, inErrors)
		}
	case map[string]any:
		for _, k := range sortedClaims(x) {
			r.learn(x[k], secretKind(k, inErrors), inErrors)
		}
	}
}

// learnAuth records the credential of an Authorization header.
func (r *redactor) learnAuth(h string) {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(h), " ")
	cred = strings.TrimSpace(cred)
	switch {
	case !ok || cred == "":
		r.learnValue(strings.TrimSpace(h), secretToken)
	case strings.EqualFold(scheme, "Basic"):
		if id, secret, ok := decodeBasic(cred); ok {
			r.learnText(id)
			r.learnValue(secret, secretClientSecret)
			r.basics = append(r.basics, basicCred{blob: cred, id: id, secret: secret})
			return
		}
		r.learnValue(cred, secretClientSecret)
	default:
		r.learnValue(cred, secretToken)
	}
}

func decodeBasic(cred string) (id, secret string, ok bool) {
	raw, err := base64.StdEncoding.DecodeString(cred)
	if err != nil || !utf8.Valid(raw) {
		return "", "", false
	}
	return strings.Cut(string(raw), ":")
}

// learnExchange records the secrets of x, in the order a reader meets them.
func (r *redactor) learnExchange(x exchange) {
	if h, ok := x.reqHeader["Authorization"]; ok {
		r.learnAuth(h)
	}
	for _, m := range x.reqBody {
		if q, ok := m.val.(string); ok && m.key == "query" {
			r.learnQuery(q)
			continue
		}
		r.learn(m.val, secretKind(m.key, false), false)
	}
	if obj, ok := x.respJSON.(jsonObject); ok {
		for _, m := range obj {
			inErrors := m.key == "errors" || m.key == "extensions"
			r.learn(m.val, secretKind(m.key, inErrors), inErrors)
		}
	} else if x.respJSON != nil {
		r.learn(x.respJSON, "", false)
	} else {
		r.learnText(x.respText)
	}
}

// learnQuery records the JWTs of a GraphQL document and the string literals
// it passes under secret names.
func (r *redactor) learnQuery(q string) {
	r.learnText(q)
	for _, m := range queryLiteral.FindAllStringSubmatch(q, -1) {
		kind := secretKind(m[1], false)
		if kind == "" {
			continue
		}
		var v string
		if json.Unmarshal([]byte(m[2]), &v) != nil {
			v = m[2][1 : len(m[2])-1]
		}
		r.learnValue(v, kind)
		// The literal as written, when escapes make it differ.
		if lit, p := m[2][1:len(m[2])-1], r.exact[v]; lit != v && p != "" && !r.known(lit) {
			r.add(lit, kind, p) // placeholders need no escaping
		}
	}
}

// finish makes the placeholders of JWTs and Basic credentials and the
// replacer of every form of every secret.
func (r *redactor) finish() {
	var pairs []string
	seen := map[string]bool{}
	addForms := func(secret, placeholder string) {
		sf, pf := forms(secret), forms(placeholder)
		for i, f := range sf {
			if len(f) >= minFormLen && f != pf[i] && !seen[f] {
				seen[f] = true
				pairs = append(pairs, f, pf[i])
			}
		}
	}
	for _, s := range r.order {
		addForms(s, r.exact[s])
	}
	build := func() {
		// Longest first, so that a secret inside a longer one does not
		// break the longer one's replacement.
		idx := make([]int, len(pairs)/2)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return len(pairs[2*idx[a]]) > len(pairs[2*idx[b]]) })
		sorted := make([]string, 0, len(pairs))
		for _, i := range idx {
			sorted = append(sorted, pairs[2*i], pairs[2*i+1])
		}
		r.replacer = strings.NewReplacer(sorted...)
	}
	build()
	for _, b := range r.basics {
		id, secret := r.rewriteString(b.id), r.rewriteString(b.secret)
		userpass := id + ":" + secret
		for _, p := range [][2]string{{b.id + ":" + b.secret, userpass}, {b.blob, base64.StdEncoding.EncodeToString([]byte(userpass))}} {
			if !r.known(p[0]) {
				r.add(p[0], secretClientSecret, p[1])
				addForms(p[0], p[1])
			}
		}
	}
	for _, t := range r.jwtOrder {
		p := r.jwtPlaceholder(t)
		sf, pf := forms(t), forms(p)
		for i := 1; i < len(sf); i++ { // the JWT itself is rewritten by rewriteString
			if sf[i] != sf[0] && !seen[sf[i]] {
				seen[sf[i]] = true
				pairs = append(pairs, sf[i], pf[i])
			}
		}
	}
	build()

	for _, s := range r.order {
		if p := r.exact[s]; p != s {
			r.addGuards(s, r.kinds[s])
		}
	}
	for _, t := range r.jwtOrder {
		r.addGuards(t, secretToken)
	}
}

func (r *redactor) addGuards(secret, kind string) {
	names := []string{"plain", "JSON-escaped", "JSON-escaped", "URL-escaped", "URL-escaped",
		"base64", "URL-escaped base64", "base64url", "URL-escaped base64url",
		"unpadded base64", "URL-escaped unpadded base64", "unpadded base64url", "URL-escaped unpadded base64url"}
	for i, f := range forms(secret) {
		if len(f) >= minFormLen {
			r.guards = append(r.guards, guardForm{form: f, kind: kind, name: names[i]})
		}
	}
}

// forms returns the encodings of s the recorder replaces, in a fixed order.
func forms(s string) []string {
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	p := strings.TrimSuffix(plain.String(), "\n")
	j, _ := json.Marshal(s)
	out := []string{s, p[1 : len(p)-1], string(j[1 : len(j)-1]), url.QueryEscape(s), url.PathEscape(s)}
	for _, e := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b := e.EncodeToString([]byte(s))
		out = append(out, b, url.QueryEscape(b))
	}
	return out
}

// jwtPlaceholder returns the JWT that replaces t: t's claims redacted, with
// the claim "redacted", signed with recordKey.
func (r *redactor) jwtPlaceholder(t string) string {
	e := r.jwts[t]
	if e == nil {
		r.learnJWT(t)
		if e = r.jwts[t]; e == nil {
			return r.exact[t]
		}
	}
	if e.placeholder != "" {
		return e.placeholder
	}
	claims := make(map[string]any, len(e.claims)+1)
	for k, v := range e.claims {
		claims[k] = r.rewrite(v, secretKind(k, false), false)
	}
	name := fmt.Sprintf("fake-redacted-%s-%d", secretToken, e.n)
	claims["redacted"] = name
	if _, ok := claims["exp"]; ok && !r.cfg.expiry.IsZero() {
		claims["exp"] = r.cfg.expiry.Unix()
	}
	p, err := jwt.SignHS256(claims, recordKey)
	if err != nil { // claims are decoded JSON: cannot happen
		p = name
	}
	e.placeholder = p
	r.isPlace[p] = true
	r.placeClaims[p] = claims
	return p
}

// rewriteString returns s with every secret replaced.
func (r *redactor) rewriteString(s string) string {
	if p, ok := r.exact[s]; ok {
		return p
	}
	if !strings.Contains(s, "eyJ") {
		return r.replacer.Replace(s)
	}
	var b strings.Builder
	last := 0
	for _, loc := range jwtShape.FindAllStringIndex(s, -1) {
		b.WriteString(r.replacer.Replace(s[last:loc[0]]))
		t := s[loc[0]:loc[1]]
		if r.isPlace[t] {
			b.WriteString(t)
		} else {
			b.WriteString(r.jwtPlaceholder(t))
		}
		last = loc[1]
	}
	b.WriteString(r.replacer.Replace(s[last:]))
	return b.String()
}

// rewrite returns v with every secret replaced.
func (r *redactor) rewrite(v any, kind string, inErrors bool) any {
	switch x := v.(type) {
	case string:
		return r.rewriteString(x)
	case jsonObject:
		out := make(jsonObject, len(x))
		for i, m := range x {
			out[i] = jsonMember{key: m.key, val: r.rewrite(m.val, secretKind(m.key, inErrors), inErrors)}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = r.rewrite(e, kind, inErrors)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = r.rewrite(e, secretKind(k, inErrors), inErrors)
		}
		return out
	}
	return v
}

func (r *redactor) rewriteAuth(h string) string {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(h), " ")
	cred = strings.TrimSpace(cred)
	switch {
	case !ok || cred == "":
		return r.rewriteString(strings.TrimSpace(h))
	case strings.EqualFold(scheme, "Basic"):
		if p, ok := r.exact[cred]; ok {
			return scheme + " " + p
		}
	}
	return scheme + " " + r.rewriteString(cred)
}

// fixture rewrites x as a Fixture (without its name).
func (r *redactor) fixture(x exchange) (Fixture, error) {
	fx := Fixture{Request: FixtureRequest{Method: x.method}, Response: FixtureResponse{Status: x.status}}
	if len(x.reqHeader) > 0 {
		fx.Request.Headers = map[string]string{}
		for k, v := range x.reqHeader {
			if k == "Authorization" {
				v = r.rewriteAuth(v)
			} else {
				v = r.rewriteString(v)
			}
			fx.Request.Headers[k] = v
		}
	}
	body := make(jsonObject, len(x.reqBody))
	for i, m := range x.reqBody {
		val := r.rewrite(m.val, secretKind(m.key, false), false)
		if q, ok := val.(string); ok && m.key == "query" {
			val = NormalizeQuery(q)
		}
		body[i] = jsonMember{key: m.key, val: val}
	}
	var err error
	if fx.Request.Body, err = encodeJSON(body); err != nil {
		return Fixture{}, err
	}
	if len(x.respHeader) > 0 {
		fx.Response.Headers = map[string]string{}
		for k, v := range x.respHeader {
			fx.Response.Headers[k] = r.rewriteString(v)
		}
	}
	var resp any
	switch obj, ok := x.respJSON.(jsonObject); {
	case ok:
		out := make(jsonObject, len(obj))
		for i, m := range obj {
			inErrors := m.key == "errors" || m.key == "extensions"
			out[i] = jsonMember{key: m.key, val: r.rewrite(m.val, secretKind(m.key, inErrors), inErrors)}
		}
		resp = out
	case x.respJSON != nil:
		resp = r.rewrite(x.respJSON, "", false)
	default:
		resp = r.rewriteString(x.respText)
	}
	if fx.Response.Body, err = encodeJSON(resp); err != nil {
		return Fixture{}, err
	}
	return fx, nil
}

// leak returns the kind and form of a secret found in data, a rendered
// fixture, if any. It looks at every JSON string (keys too: numbers and
// literals hold no secret), and at JWT placeholders by the strings of their
// claims rather than their text, so that a signature that happens to spell a
// short secret is no alarm.
func (r *redactor) leak(data []byte) (kind, form string) {
	v, err := decodeOrdered(data)
	if err != nil {
		return "secret", "undecodable file"
	}
	var check func(s string) bool
	check = func(s string) bool {
		var places []string
		masked := jwtShape.ReplaceAllStringFunc(s, func(t string) string {
			if _, ok := r.placeClaims[t]; !ok {
				return t
			}
			places = append(places, t)
			return "\x00"
		})
		if jwtShape.MatchString(masked) {
			kind, form = secretToken, "JWT"
			return false
		}
		for _, g := range r.guards {
			if strings.Contains(masked, g.form) {
				kind, form = g.kind, g.name
				return false
			}
		}
		for _, t := range places {
			if !eachString(r.placeClaims[t], check) {
				form += " (in a token's claims)"
				return false
			}
		}
		return true
	}
	eachString(v, check)
	return kind, form
}

// eachString calls fn with every string of v, keys included, until fn
// returns false, and reports whether it never did.
func eachString(v any, fn func(string) bool) bool {
	switch x := v.(type) {
	case string:
		return fn(x)
	case jsonObject:
		for _, m := range x {
			if !fn(m.key) || !eachString(m.val, fn) {
				return false
			}
		}
	case []any:
		for _, e := range x {
			if !eachString(e, fn) {
				return false
			}
		}
	case map[string]any:
		for k, e := range x {
			if !fn(k) || !eachString(e, fn) {
				return false
			}
		}
	}
	return true
}

// jsonObject is a JSON object that keeps the order of its members.
type jsonObject []jsonMember

type jsonMember struct {
	key string
	val any
}

func (o jsonObject) get(key string) any {
	for _, m := range o {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// maxJSONDepth bounds the nesting decodeOrdered accepts.
const maxJSONDepth = 1000

// decodeOrdered decodes one JSON value: objects as jsonObject, arrays as
// []any, numbers as json.Number.
func decodeOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readJSON(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	return v, nil
}

func readJSON(dec *json.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil
	}
	switch d {
	case '{':
		obj := jsonObject{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := readJSON(dec, depth+1)
			if err != nil {
				return nil, err
			}
			obj = append(obj, jsonMember{key: kt.(string), val: v})
		}
		_, err = dec.Token()
		return obj, err
	case '[':
		arr := []any{}
		for dec.More() {
			v, err := readJSON(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err = dec.Token()
		return arr, err
	}
	return nil, fmt.Errorf("unexpected %v", d)
}

// encodeJSON encodes v (as decodeOrdered returns them, or plain values)
// compactly, members in order, without escaping HTML.
func encodeJSON(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := writeJSON(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case jsonObject:
		b.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(b, m.key); err != nil {
				return err
			}
			b.WriteByte(':')
			if err := writeJSON(b, m.val); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeJSON(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case map[string]any:
		keys := sortedClaims(x)
		obj := make(jsonObject, len(keys))
		for i, k := range keys {
			obj[i] = jsonMember{key: k, val: x[k]}
		}
		return writeJSON(b, obj)
	default:
		enc := json.NewEncoder(b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(x); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // the newline Encode adds
	}
	return nil
}

var _ http.RoundTripper = (*Recorder)(nil)
