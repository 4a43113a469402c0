package bettermode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// memStore is a TokenStore in memory, standing in for Redis in the root
// package's tests: it counts its calls and can fail.
type memStore struct {
	mu      sync.Mutex
	toks    map[string]*Token
	locks   map[string]int // owner
	owner   int
	down    atomic.Bool // every call fails as an unavailable store would
	loadErr error       // returned by Load when set
	calls   map[string]int
	deleted []*Token
}

func newMemStore() *memStore {
	return &memStore{toks: map[string]*Token{}, locks: map[string]int{}, calls: map[string]int{}}
}

var errStoreDown = errors.New("store unavailable")

func (m *memStore) enter(op string) error {
	m.mu.Lock()
	m.calls[op]++
	if m.down.Load() {
		return errStoreDown
	}
	return nil
}

func (m *memStore) count(op string) int { m.mu.Lock(); defer m.mu.Unlock(); return m.calls[op] }

func (m *memStore) Load(_ context.Context, key string) (*Token, error) {
	defer m.mu.Unlock()
	if err := m.enter("load"); err != nil {
		return nil, err
	}
	if m.loadErr != nil {
		return nil, m.loadErr
	}
	if t := m.toks[key]; t != nil {
		cp := *t
		return &cp, nil
	}
	return nil, nil
}

func (m *memStore) Save(_ context.Context, key string, tok *Token) error {
	defer m.mu.Unlock()
	if err := m.enter("save"); err != nil {
		return err
	}
	cp := *tok
	m.toks[key] = &cp
	return nil
}

func (m *memStore) Delete(_ context.Context, key string, tok *Token) error {
	defer m.mu.Unlock()
	if err := m.enter("delete"); err != nil {
		return err
	}
	if t := m.toks[key]; t != nil && t.AccessToken == tok.AccessToken {
		delete(m.toks, key)
		m.deleted = append(m.deleted, t)
	}
	return nil
}

func (m *memStore) TryLock(_ context.Context, key string, _ time.Duration) (func(), error) {
	defer m.mu.Unlock()
	if err := m.enter("lock"); err != nil {
		return nil, err
	}
	if m.locks[key] != 0 {
		return nil, nil
	}
	m.owner++
	me := m.owner
	m.locks[key] = me
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.locks[key] == me {
			delete(m.locks, key)
		}
	}, nil
}

func (m *memStore) only() *Token {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, t := range m.toks {
		return t
	}
	return nil
}

// TestEstimateCost: the estimate counts the fields a document selects, as
// the stand-in's extensions.complexity does, from the JSON body in place.
func TestEstimateCost(t *testing.T) {
	cases := map[string]int{
		tokensDocument:               9,
		limitedTokenDocument:         3,
		loginDocument:                9,
		`{ authMember { id name } }`: 3,
		`query Q($id: ID!) { member(id: $id) { id name __typename } }`:                                        3,
		`query { a: authMember { b: id, name } }`:                                                             3,
		"# a comment { x y z }\n{ authMember { id } }":                                                        2,
		`{ authMember @include(if: true) { id ... on Member { name } ...F } } fragment F on Member { email }`: 4,
		`{ network(filter: "{ not fields }") { id } }`:                                                        2,
		`mutation M($input: LoginNetworkWithPasswordInput!) { loginNetwork(input: $input) { accessToken } }`:  2,
		`{ }`: 1,
	}
	for doc, want := range cases {
		body, err := json.Marshal(gqlRequest{Query: doc, OperationName: "X", Variables: map[string]any{"a": "<&>"}})
		require.NoError(t, err)
		assert.Equal(t, want, estimateCost(body), "%s", doc)
	}
	assert.Equal(t, 1, estimateCost([]byte(`not json`)))
	assert.Equal(t, 0, int(testing.AllocsPerRun(100, func() { estimateCost([]byte(`{"query":"{ a { b c } }"}`)) })))
}

// TestEstimateMatchesStandIn: for the SDK's own documents the estimate is
// the complexity the stand-in reports, so the budget needs no correction.
func TestEstimateMatchesStandIn(t *testing.T) {
	srv := bettermodetest.Start(t)
	c := standInClient(t, srv, appOf(srv))
	for _, doc := range []string{`{ authMember { id name } }`, `query { network { id name domain } }`, `query { a: authMember { id } b: authMember { name email } }`} {
		resp, err := c.Exec(context.Background(), doc, nil)
		require.NoError(t, err, doc)
		n, ok := resp.Complexity()
		require.True(t, ok)
		body, _ := json.Marshal(gqlRequest{Query: doc})
		assert.Equal(t, n, estimateCost(body), doc)
	}
}

// recBudget records what the executor asks of a RateBudget.
type recBudget struct {
	mu       sync.Mutex
	waits    []int
	charges  [][2]int
	backoffs []time.Duration
	waitErr  error
}

func (b *recBudget) Wait(_ context.Context, cost int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waits = append(b.waits, cost)
	return b.waitErr
}

func (b *recBudget) Charge(_ context.Context, actual, estimated int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.charges = append(b.charges, [2]int{actual, estimated})
}

func (b *recBudget) Backoff(_ context.Context, d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.backoffs = append(b.backoffs, d)
}

type budgetErr struct{ d time.Duration }

func (e budgetErr) Error() string             { return "spent" }
func (e budgetErr) Is(target error) bool      { return target == ErrRateLimited }
func (e budgetErr) RetryAfter() time.Duration { return e.d }

// TestRateBudgetInExecutor: every attempt waits on the budget with the
// estimate (mints too), the actual complexity is charged when it differs,
// a 429 is reported as a backoff, and a spent budget fails at once with
// ErrRateLimited without sending.
func TestRateBudgetInExecutor(t *testing.T) {
	srv := bettermodetest.Start(t)
	b := &recBudget{}
	c := standInClient(t, srv, appOf(srv), WithRateBudget(b), WithRetryPolicy(RetryPolicy{BaseDelay: time.Millisecond}))
	ctx := context.Background()
	var q authMemberQuery
	require.NoError(t, c.Query(ctx, &q, nil))
	assert.Equal(t, []int{3}, b.waits, "the query, estimated; the mint (limitedToken) does not queue (recBudget has no Take)")
	assert.Empty(t, b.charges, "the estimates were right")

	// A document whose complexity the estimate misses: a fragment spread twice.
	_, err := c.Exec(ctx, `{ a: authMember { ...F } b: authMember { ...F } } fragment F on Member { id name email }`, nil)
	require.NoError(t, err)
	assert.Equal(t, [][2]int{{8, 5}}, b.charges)

	srv.InjectFault("authMember", bettermodetest.Fault{Status: 429, RetryAfter: time.Second, Times: 1})
	b.waits = nil
	require.NoError(t, c.Query(ctx, &q, nil))
	assert.Equal(t, []time.Duration{time.Second}, b.backoffs, "the server's 429 makes the budget back off")
	assert.Len(t, b.waits, 2, "the resend waited on the budget again")

	b.waitErr = budgetErr{3 * time.Second}
	before := srv.Operations("authMember")
	err = c.Query(ctx, &q, nil)
	require.ErrorIs(t, err, ErrRateLimited)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 3*time.Second, e.RetryAfter)
	assert.Contains(t, err.Error(), "rate budget")
	assert.Equal(t, before, srv.Operations("authMember"), "nothing was sent")

	b.waitErr = context.DeadlineExceeded
	err = c.Query(ctx, &q, nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, ErrRateLimited)

	_, err = NewClient(WithRateBudget(nil))
	require.ErrorIs(t, err, ErrInvalidInput)
	_, err = NewClient(WithRateBudget((*recBudget)(nil)))
	require.ErrorIs(t, err, ErrInvalidInput)
}

// fleetOf returns n clients of one App sharing store, on srv (made by New)
// in a synctest bubble.
func fleetOf(t *testing.T, srv *bettermodetest.Server, store TokenStore, n int, opts ...CacheOption) []*Client {
	out := make([]*Client, n)
	for i := range out {
		out[i] = bubbleClient(t, srv, appOf(srv), WithCacheOptions(append([]CacheOption{WithTokenStore(store)}, opts...)...))
	}
	return out
}

// TestSharedTokenColdFleet: 20 replicas cold on one store mint once; the
// others wait for the lock holder's token and read it.
func TestSharedTokenColdFleet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := bettermodetest.New()
		store := newMemStore()
		fleet := fleetOf(t, srv, store, 20)
		var wg sync.WaitGroup
		for _, c := range fleet {
			wg.Go(func() {
				var q authMemberQuery
				assert.NoError(t, c.Query(context.Background(), &q, nil))
			})
		}
		wg.Wait()
		assert.Equal(t, 1, srv.Minted(bettermodetest.KindApp), "one mint for the fleet")
		assert.Equal(t, 1, store.count("save"))
		first, _ := fleet[0].Token(context.Background())
		for _, c := range fleet[1:] {
			tok, err := c.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, first.AccessToken, tok.AccessToken)
		}
	})
}

// TestSharedTokenRefreshOncePerFleet: over ten lifetimes, a fleet of 5
// refreshes as often as one client does, not five times as often; each
// stale replica reads the newer token from the store.
func TestSharedTokenRefreshOncePerFleet(t *testing.T) {
	run := func(t *testing.T, shared bool) int {
		var mints int
		synctest.Test(t, func(t *testing.T) {
			const life = 3 * time.Second
			srv := bettermodetest.New(bettermodetest.WithTokenLifetime(life))
			var fleet []*Client
			if shared {
				fleet = fleetOf(t, srv, newMemStore(), 5)
			} else {
				for range 5 {
					fleet = append(fleet, bubbleClient(t, srv, appOf(srv)))
				}
			}
			for elapsed := time.Duration(0); elapsed < 10*life; elapsed += life / 30 {
				for _, c := range fleet {
					var q authMemberQuery
					require.NoError(t, c.Query(context.Background(), &q, nil))
				}
				time.Sleep(life / 30)
				synctest.Wait()
			}
			assert.Zero(t, srv.Rejected(bettermodetest.RejectExpired))
			mints = srv.Minted(bettermodetest.KindApp)
		})
		return mints
	}
	one := func() int { // a single client's mints over the same run
		var mints int
		synctest.Test(t, func(t *testing.T) {
			srv := bettermodetest.New(bettermodetest.WithTokenLifetime(3 * time.Second))
			c := bubbleClient(t, srv, appOf(srv))
			for elapsed := time.Duration(0); elapsed < 30*time.Second; elapsed += 100 * time.Millisecond {
				var q authMemberQuery
				require.NoError(t, c.Query(context.Background(), &q, nil))
				time.Sleep(100 * time.Millisecond)
				synctest.Wait()
			}
			mints = srv.Minted(bettermodetest.KindApp)
		})
		return mints
	}()
	fleet := run(t, true)
	alone := run(t, false)
	t.Logf("mints over 10 lifetimes: one client %d, fleet of 5 sharing %d, fleet of 5 alone %d", one, fleet, alone)
	assert.LessOrEqual(t, fleet, one+1, "the fleet refreshes as one client does")
	assert.GreaterOrEqual(t, alone, 4*one, "without the store every replica refreshes")
}

// TestSharedTokenStoreDown: an unavailable store leaves each replica to mint
// for itself, with no error; when the store is back, a cold replica reads
// the fleet's token again.
func TestSharedTokenStoreDown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := bettermodetest.New()
		store := newMemStore()
		store.down.Store(true)
		fleet := fleetOf(t, srv, store, 3)
		for _, c := range fleet {
			var q authMemberQuery
			require.NoError(t, c.Query(context.Background(), &q, nil))
		}
		assert.Equal(t, 3, srv.Minted(bettermodetest.KindApp), "each replica minted for itself")

		store.down.Store(false)
		late := fleetOf(t, srv, store, 3)
		for _, c := range late {
			var q authMemberQuery
			require.NoError(t, c.Query(context.Background(), &q, nil))
		}
		assert.Equal(t, 4, srv.Minted(bettermodetest.KindApp), "sharing resumed: one mint for the late replicas")
	})
}

// TestSharedTokenWrongKey: a configuration error of the store (such as a
// wrong encryption key) fails the fetch with it, without minting.
func TestSharedTokenWrongKey(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := bettermodetest.New()
		store := newMemStore()
		store.loadErr = fmt.Errorf("cannot decrypt: %w", ErrInvalidInput)
		c := fleetOf(t, srv, store, 1)[0]
		var q authMemberQuery
		err := c.Query(context.Background(), &q, nil)
		require.ErrorIs(t, err, ErrInvalidInput)
		assert.Contains(t, err.Error(), "cannot decrypt")
		assert.Zero(t, srv.Minted(bettermodetest.KindApp), "no silent re-mint")
	})
}

// TestSharedToken401: a replica whose token is rejected drops it from the
// store only while the store still holds it, and the fleet moves to the
// new token; a replica rejected after another replaced the token takes the
// replacement without minting.
func TestSharedToken401(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := bettermodetest.New()
		store := newMemStore()
		fleet := fleetOf(t, srv, store, 2)
		ctx := context.Background()
		var q authMemberQuery
		for _, c := range fleet {
			require.NoError(t, c.Query(ctx, &q, nil))
		}
		require.Equal(t, 1, srv.Minted(bettermodetest.KindApp))
		old := store.only()

		srv.InjectFault("authMember", bettermodetest.Fault{Status: http.StatusUnauthorized, Times: 1})
		require.NoError(t, fleet[0].Query(ctx, &q, nil), "resent with a new token")
		assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp))
		require.Len(t, store.deleted, 1)
		assert.Equal(t, old.AccessToken, store.deleted[0].AccessToken, "the rejected token was dropped")
		fresh := store.only()
		require.NotNil(t, fresh)
		assert.NotEqual(t, old.AccessToken, fresh.AccessToken)

		srv.InjectFault("authMember", bettermodetest.Fault{Status: http.StatusUnauthorized, Times: 1})
		require.NoError(t, fleet[1].Query(ctx, &q, nil))
		assert.Equal(t, 2, srv.Minted(bettermodetest.KindApp), "the second replica took the replacement")
		assert.Len(t, store.deleted, 1, "a newer token is never dropped")
		tok, _ := fleet[1].Token(ctx)
		assert.Equal(t, fresh.AccessToken, tok.AccessToken)
	})
}

// TestSharedTokenKeys: bound sources key themselves (by identity, never a
// secret); other sources need a key, or NewClient fails.
func TestSharedTokenKeys(t *testing.T) {
	store := newMemStore()
	src := CredentialSourceFunc(func(context.Context) (*Token, error) { return NewToken("x", KindOAuth), nil })
	_, err := NewClient(WithCredentials(src), WithCacheOptions(WithTokenStore(store)))
	require.ErrorIs(t, err, ErrInvalidInput)
	assert.Contains(t, err.Error(), "key")
	c, err := NewClient(WithCredentials(src), WithCacheOptions(WithTokenStore(store, "oauth:user-42")))
	require.NoError(t, err)
	require.NoError(t, c.Close())

	b := &binding{endpoint: "https://api.bettermode.com"}
	app := func(a App) string {
		s, err := a.bind(b)
		require.NoError(t, err)
		return (&storeConfig{}).storeKey(s)
	}
	base := App{ClientID: "id", ClientSecret: "secret-1", NetworkID: "net"}
	other := base
	other.ClientSecret = "secret-2"
	imp := base
	imp.ImpersonateMemberID = "m1"
	assert.Equal(t, app(base), app(other), "the secret is not part of the key")
	assert.NotEqual(t, app(base), app(imp), "an impersonated member has its own token")
	assert.Len(t, app(base), 32)
	m1, _ := Member{NetworkDomain: "d", UsernameOrEmail: "Jane@x", Password: "p"}.bind(b)
	m2, _ := Member{NetworkDomain: "d", UsernameOrEmail: "jane@x", Password: "q"}.bind(b)
	assert.Equal(t, (&storeConfig{}).storeKey(m1), (&storeConfig{}).storeKey(m2))
	assert.Equal(t, "", (&storeConfig{}).storeKey(src))
	assert.NotEqual(t, (&storeConfig{key: "a"}).storeKey(src), (&storeConfig{key: "b"}).storeKey(src))
}

// TestSharedTokenWarmPathUntouched: a warm token is served without the
// store and without allocating.
func TestSharedTokenWarmPathUntouched(t *testing.T) {
	store := newMemStore()
	c := CacheSource(CredentialSourceFunc(func(context.Context) (*Token, error) {
		return &Token{AccessToken: "tok", Expiry: time.Now().Add(time.Hour)}, nil
	}), WithTokenStore(store, "k"))
	defer c.Close()
	ctx := context.Background()
	_, err := c.Token(ctx)
	require.NoError(t, err)
	calls := store.count("load")
	allocs := testing.AllocsPerRun(1000, func() { _, _ = c.Token(ctx) })
	assert.Zero(t, allocs)
	assert.Equal(t, calls, store.count("load"), "the warm path never reads the store")
}
