package bettermode

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// recorder is an Observer writing one line per call; its contexts carry the
// path of the operations and fetches they are in.
type recorder struct {
	mu       sync.Mutex
	lines    []string
	nilEnds  bool // return nil end funcs
	document bool
	docs     []string
}

type pathKey struct{}

func pathOf(ctx context.Context) string { p, _ := ctx.Value(pathKey{}).(string); return p }

func (r *recorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, fmt.Sprintf(format, args...))
}

func (r *recorder) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.lines...)
}

func (r *recorder) ObserveDocuments() bool { return r.document }

func (r *recorder) StartOperation(ctx context.Context, op OperationInfo) (context.Context, func(OperationEnd)) {
	path := pathOf(ctx) + "/" + op.Type + " " + op.Name
	r.add("op %s %s:%d", path, op.ServerAddress, op.ServerPort)
	if op.Document != "" {
		r.mu.Lock()
		r.docs = append(r.docs, op.Document)
		r.mu.Unlock()
	}
	if r.nilEnds {
		return ctx, nil
	}
	return context.WithValue(ctx, pathKey{}, path), func(e OperationEnd) {
		r.add("end %s status=%d attempts=%d err=%v", path, e.StatusCode, e.Attempts, e.Err != nil)
	}
}

func (r *recorder) StartAttempt(ctx context.Context, a AttemptInfo) (context.Context, func(AttemptEnd)) {
	path := pathOf(ctx)
	r.add("attempt %s #%d %s", path, a.N, a.Reason)
	if r.nilEnds {
		return ctx, nil
	}
	return ctx, func(e AttemptEnd) {
		r.add("attempt end %s #%d status=%d bytes>0=%v", path, a.N, e.StatusCode, e.BytesReceived > 0)
	}
}

func (r *recorder) Inject(ctx context.Context, h http.Header) {
	h.Set("X-Observed", strings.TrimPrefix(pathOf(ctx), "/"))
}

func (r *recorder) StartWait(ctx context.Context, w WaitInfo) func(error) {
	r.add("wait %s %s", pathOf(ctx), w.Kind)
	if r.nilEnds {
		return nil
	}
	return func(err error) { r.add("wait end %s %s err=%v", pathOf(ctx), w.Kind, err != nil) }
}

func (r *recorder) StartTokenFetch(ctx context.Context, f TokenFetchInfo) (context.Context, func(TokenEvent)) {
	path := pathOf(ctx) + "/token " + string(f.Kind)
	r.add("fetch %s refresh=%v", path, f.Refresh)
	if r.nilEnds {
		return ctx, nil
	}
	return context.WithValue(ctx, pathKey{}, path), func(ev TokenEvent) { r.add("fetch end %s %s", path, ev.Type) }
}

func (r *recorder) StartConnect(ctx context.Context, c ConnectInfo) (context.Context, func(error)) {
	r.add("connect reconnect=%v reason=%q protocol=%s", c.Reconnect, c.Reason, c.Protocol)
	if r.nilEnds {
		return ctx, nil
	}
	return ctx, func(err error) { r.add("connect end err=%v", err != nil) }
}

// TestObserverSeesEveryStep: a member's first query, observed: the query,
// the token fetch it waits on, the mints in the fetch, each attempt, and a
// header on every request; the kit sees the header.
func TestObserverSeesEveryStep(t *testing.T) {
	kit := bettermodetest.New()
	var (
		mu   sync.Mutex
		seen []string
	)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("X-Observed"))
		mu.Unlock()
		kit.Handler().ServeHTTP(w, r)
	}))
	defer ts.Close()
	rec := &recorder{}
	c, err := NewClient(WithEndpoint(ts.URL), WithObserver(rec), WithCredentials(Member{NetworkDomain: kit.Network().Domain,
		UsernameOrEmail: kit.Member().Email, Password: Secret(kit.Member().Password)}))
	require.NoError(t, err)
	defer c.Close()
	var q struct {
		AuthMember struct{ ID string } `graphql:"authMember"`
	}
	require.NoError(t, c.Query(t.Context(), &q, nil))
	host := strings.TrimPrefix(ts.URL, "http://")
	assert.Equal(t, []string{
		"op /query authMember " + host,
		"fetch /query authMember/token member refresh=false",
		"op /query authMember/token member/query Tokens " + host,
		"attempt /query authMember/token member/query Tokens #1 first",
		"attempt end /query authMember/token member/query Tokens #1 status=200 bytes>0=true",
		"end /query authMember/token member/query Tokens status=200 attempts=1 err=false",
		"op /query authMember/token member/mutation LoginNetwork " + host,
		"attempt /query authMember/token member/mutation LoginNetwork #1 first",
		"attempt end /query authMember/token member/mutation LoginNetwork #1 status=200 bytes>0=true",
		"end /query authMember/token member/mutation LoginNetwork status=200 attempts=1 err=false",
		"fetch end /query authMember/token member minted",
		"attempt /query authMember #1 first",
		"attempt end /query authMember #1 status=200 bytes>0=true",
		"end /query authMember status=200 attempts=1 err=false",
	}, rec.got())
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"query authMember/token member/query Tokens", "query authMember/token member/mutation LoginNetwork", "query authMember"}, seen)
	assert.Empty(t, rec.docs, "no document unless asked")
}

// TestObserverRetriesAndWaits: the reasons of attempts after a 503, a 401
// and a rate limit, and the waits between them.
func TestObserverRetriesAndWaits(t *testing.T) {
	srv := bettermodetest.Start(t)
	rec := &recorder{}
	c, err := NewClient(WithEndpoint(srv.URL), WithObserver(rec), WithCredentials(Guest{NetworkDomain: srv.Network().Domain}),
		WithRetryPolicy(RetryPolicy{BaseDelay: 1, MaxDelay: 1}))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Token(t.Context())
	require.NoError(t, err)
	srv.InjectFault("network", bettermodetest.Fault{Status: http.StatusServiceUnavailable, Times: 1})
	srv.InjectFault("network", bettermodetest.Fault{Status: http.StatusUnauthorized, AsGraphQLError: true, Nth: 2})
	srv.InjectFault("network", bettermodetest.Fault{Status: http.StatusTooManyRequests, AsGraphQLError: true, Nth: 3})
	_, err = c.Exec(t.Context(), `{ network { id } }`, nil)
	require.NoError(t, err)
	var attempts, waits []string
	for _, l := range rec.got() {
		switch {
		case strings.HasPrefix(l, "attempt /query network #"):
			attempts = append(attempts, strings.TrimPrefix(l, "attempt /query network "))
		case strings.HasPrefix(l, "wait /query network"):
			waits = append(waits, strings.TrimPrefix(l, "wait /query network "))
		}
	}
	assert.Equal(t, []string{"#1 first", "#2 retry", "#3 reauth", "#4 rate limited"}, attempts)
	assert.Equal(t, []string{"backoff", "rate limit"}, waits)
	assert.Contains(t, rec.got(), "end /query network status=200 attempts=4 err=false")
}

// TestObserverNilEndsAndDocuments: an observer may return nil end funcs;
// one that asks for documents gets them, scrubbed.
func TestObserverNilEndsAndDocuments(t *testing.T) {
	srv := bettermodetest.Start(t)
	rec := &recorder{nilEnds: true, document: true}
	c, err := NewClient(WithEndpoint(srv.URL), WithObserver(rec), WithCredentials(Guest{NetworkDomain: srv.Network().Domain}))
	require.NoError(t, err)
	defer c.Close()
	tok, err := c.Token(t.Context())
	require.NoError(t, err)
	_, err = c.Exec(t.Context(), `query Q { network { id } } # `+tok.AccessToken.Reveal(), nil)
	require.NoError(t, err)
	require.Len(t, rec.docs, 2)
	assert.Contains(t, rec.docs[0], "query Tokens(")
	assert.Equal(t, "query Q { network { id } } # REDACTED", rec.docs[1], "a JWT in a document is scrubbed")

	// A member's password, inlined by hand, is scrubbed too.
	rec = &recorder{nilEnds: true, document: true}
	pw := srv.Member().Password
	m, err := NewClient(WithEndpoint(srv.URL), WithObserver(rec), WithCredentials(Member{NetworkDomain: srv.Network().Domain,
		UsernameOrEmail: srv.Member().Email, Password: Secret(pw)}))
	require.NoError(t, err)
	defer m.Close()
	_, _ = m.Exec(t.Context(), `query { member(id: "`+pw+`") { id } }`, nil)
	require.NotEmpty(t, rec.docs)
	for _, d := range rec.docs {
		assert.NotContains(t, d, pw)
	}
	assert.Equal(t, `query { member(id: "REDACTED") { id } }`, rec.docs[0], "the operation starts before its token's mints")
}

// TestObserverSubscription: connects and reconnects are observed, and the
// upgrade carries the injected header.
func TestObserverSubscription(t *testing.T) {
	srv := bettermodetest.Start(t)
	rec := &recorder{}
	c := kitClient(t, srv, WithObserver(rec))
	r := subscribe(t, c, WithReconnectBackoff(1, 1))
	waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })
	require.Equal(t, 1, srv.DropSubscriptions())
	waitKit(t, srv, "resubscribed", func(st bettermodetest.SubscriptionStats) bool { return st.Acknowledged == 2 && st.Active == 1 })
	var connects []string
	require.Eventually(t, func() bool { // the client reads the kit's ack after the kit counts it
		connects = nil
		for _, l := range rec.got() {
			if strings.HasPrefix(l, "connect") {
				connects = append(connects, l)
			}
		}
		return len(connects) == 4
	}, 10*time.Second, time.Millisecond)
	require.NoError(t, r.stop(t))
	assert.Equal(t, []string{
		"connect reconnect=false reason=\"\" protocol=graphql-transport-ws", "connect end err=false",
		"connect reconnect=true reason=\"dropped\" protocol=graphql-transport-ws", "connect end err=false",
	}, connects)
}

func TestWithObserverChecks(t *testing.T) {
	_, err := NewClient(WithObserver(nil))
	require.ErrorIs(t, err, ErrInvalidInput)
	_, err = NewClient(WithObserver((*recorder)(nil)))
	require.ErrorIs(t, err, ErrInvalidInput)
	_, err = NewClient(WithObserver(&recorder{}), WithObserver(&recorder{}))
	require.ErrorIs(t, err, ErrInvalidInput)
}

func TestOperationOf(t *testing.T) {
	long := strings.Repeat("x", 100)
	for _, tc := range []struct {
		name, doc, opName string
		typ, want         string
	}{
		{"shorthand", `{authMember{id,name}}`, "", "query", "authMember"},
		{"hasura", `query{authMember{id,name}}`, "", "query", "authMember"},
		{"named", "query Tokens($networkDomain: String) {\n  tokens(networkDomain: $networkDomain) { accessToken }\n}", "Tokens", "query", "Tokens"},
		{"mutation", `mutation LoginNetwork($input: LoginNetworkWithPasswordInput!) { loginNetwork(input: $input) { accessToken } }`, "LoginNetwork", "mutation", "LoginNetwork"},
		{"anonymous mutation", `mutation { logoutNetwork { status } }`, "", "mutation", "logoutNetwork"},
		{"subscription", `subscription{memberEvents{id}}`, "", "subscription", "memberEvents"},
		{"alias", `{ mine: authMember { id } }`, "", "query", "authMember"},
		{"literal args", `query { member(id: "secret-ish value") { id } }`, "", "query", "member"},
		{"variables and directive", `query ($id: ID! = "x") @cached { member(id: $id) @include(if: true) { id } }`, "", "query", "member"},
		{"comment first", "# query Fake {x}\nquery { network { id } }", "", "query", "network"},
		{"fragment first", `fragment F on Member { id } query { member(id: "1") { ...F } }`, "", "query", "member"},
		{"inline fragment", `{ ... on Query { network { id } } }`, "", "query", "network"},
		{"spread first", `query { ...Root } fragment Root on Query { network { id } }`, "", "query", ""},
		{"typename", `{ __typename }`, "", "query", "__typename"},
		{"two operations, second named", `query A { network { id } } mutation B { logoutNetwork { status } }`, "B", "mutation", "B"},
		{"two operations, unknown name", `query A { network { id } } query B { authMember { id } }`, "C", "query", "A"},
		{"string with braces", `query { member(id: "}{ query") { id } }`, "", "query", "member"},
		{"long name", "query " + long + " { network { id } }", "", "query", long[:64]},
		{"garbage", `}}} not a document`, "", "", ""},
		{"empty", ``, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := jsonBody(tc.doc, tc.opName)
			require.NoError(t, err)
			typ, name := operationOf(body)
			assert.Equal(t, tc.typ, typ)
			assert.Equal(t, tc.want, name)
		})
	}
	typ, name := operationOf([]byte(`not json`))
	assert.Empty(t, typ+name)
}

func jsonBody(doc, opName string) ([]byte, error) {
	return json.Marshal(gqlRequest{Query: doc, OperationName: opName, Variables: map[string]any{"password": "x"}})
}

// FuzzOperationOf: any body gives a type from the three and a GraphQL name
// of at most 64 bytes taken from the document, never a panic.
func FuzzOperationOf(f *testing.F) {
	for _, s := range []string{`{authMember{id}}`, `query Q($a: Int = 1) { a: b(c: "d") @e { ...F ... on G { h } } }`, "mutation{\\u003c}", `"""x"""`, `{"query":"\"`} {
		f.Add(s, "")
	}
	f.Fuzz(func(t *testing.T, doc, opName string) {
		body, err := jsonBody(doc, opName)
		if err != nil {
			return
		}
		for _, b := range [][]byte{body, []byte(doc)} {
			typ, name := operationOf(b)
			switch typ {
			case "", "query", "mutation", "subscription":
			default:
				t.Fatalf("type %q", typ)
			}
			if len(name) > maxOpName {
				t.Fatalf("name %q longer than %d", name, maxOpName)
			}
			for i := 0; i < len(name); i++ {
				if !isNameByte(name[i]) && (i == 0 || name[i] < '0' || name[i] > '9') {
					t.Fatalf("name %q is not a GraphQL name", name)
				}
			}
		}
	})
}

func TestHostPort(t *testing.T) {
	for _, tc := range []struct {
		url  string
		host string
		port int
	}{
		{"https://api.bettermode.com", "api.bettermode.com", 443},
		{"https://app.tribe.so/graphql", "app.tribe.so", 443},
		{"http://127.0.0.1:8080/x?y#z", "127.0.0.1", 8080},
		{"wss://h.example/ws", "h.example", 443},
		{"ws://[::1]:9/", "::1", 9},
		{"http://[::1]/", "::1", 80},
		{"https://user:pw@h.example:8443", "h.example", 8443},
		{"ftp://h", "h", 0},
		{"nonsense", "", 0},
	} {
		host, port := hostPort(tc.url)
		assert.Equal(t, tc.host, host, tc.url)
		assert.Equal(t, tc.port, port, tc.url)
	}
}
