package bettermode

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// A fleet is several processes (replicas) using the same credentials against
// the same community. Bettermode limits API use per community, and each
// replica would otherwise mint its own tokens. Two small interfaces let a
// fleet behave like one client: a RateBudget shared by every request, and a
// TokenStore shared by every token cache. The root package defines them and
// calls them only on slow paths; package budget implements an in-process
// budget, package redisstore both on Redis.

// RateBudget is a client-side rate budget. A client with one (see
// WithRateBudget) waits for budget before each attempt of every request
// (then takes its token, so that no wait can outlast it), instead of
// sending it into a 429; token mints are charged without waiting (see
// BudgetTaker). Implementations
// are safe for concurrent use and may be shared by many clients.
type RateBudget interface {
	// Wait takes one request and cost units of complexity from the budget,
	// waiting until they are available. It honours ctx, and fails at once
	// with an error matching ErrRateLimited when the wait would pass the
	// budget's bound or ctx's deadline; such an error may have a method
	// RetryAfter() time.Duration.
	Wait(ctx context.Context, cost int) error
	// Charge corrects the complexity of a request that Wait took estimated
	// for, once the answer reported its actual complexity.
	Charge(ctx context.Context, actual, estimated int)
	// Backoff tells the budget that the server answered a rate limit (HTTP
	// 429 or code 104) and asked to wait d: no request of the budget is
	// sent before d has passed.
	Backoff(ctx context.Context, d time.Duration)
}

// BudgetTaker is a RateBudget that can also charge a request without making
// it wait; package budget's Limiter and redisstore's Budget are. A client
// charges its token mints with Take instead of Wait: a mint never queues
// behind ordinary requests (which may be waiting for its token), and the
// requests after it wait for what it took. A RateBudget without Take does
// not see mints at all (a mint is rare: once per token lifetime).
type BudgetTaker interface {
	RateBudget
	// Take takes one request and cost units of complexity at once, even
	// when that puts the budget in debt: later Waits wait for it.
	Take(ctx context.Context, cost int)
}

// waitBudget waits for the budget of one attempt of x, or, for a mint,
// charges it without waiting (see BudgetTaker).
func (c *caller) waitBudget(ctx context.Context, x *exchange, cost int) error {
	if !x.mint {
		return c.budgetWait(ctx, cost) // observe.go
	}
	if t, ok := c.budget.(BudgetTaker); ok {
		t.Take(ctx, cost)
	}
	return ctx.Err()
}

// WithRateBudget makes every request of the client wait for b before each
// attempt, and before it takes its token (see RateBudget); token mints are
// charged without waiting (see BudgetTaker). The complexity a request
// is estimated at up front is the number of fields its document selects
// (each field once, nested ones too, __typename and fragments' type
// conditions not; at least 1); the budget is charged the difference when
// the answer's extensions.complexity says otherwise. A rate limit the server
// still answers is reported to b with Backoff, so that every client sharing
// b backs off. Without it (the default) requests are sent at once.
func WithRateBudget(b RateBudget) Option {
	return func(c *config) error {
		if err := c.once("WithRateBudget"); err != nil {
			return err
		}
		if isNil(b) {
			return &Error{Operation: "NewClient", Field: "rate budget", Message: "rate budget is nil", kind: ErrInvalidInput, hint: "pass a RateBudget or leave the option out"}
		}
		c.budget = b
		return nil
	}
}

// TokenStore keeps tokens where every replica of a fleet can read them, so
// that a fleet mints one token per credential and refreshes it once (see
// WithTokenStore). Keys are hashes of the credential's identity (endpoint,
// kind, client id or username, community, entity, impersonated member),
// never a secret. Implementations are safe for concurrent use, bound every
// call with a short timeout of their own, and should keep tokens encrypted.
//
// An error is taken as the store being unavailable: the cache goes on
// without it (the replica mints for itself) and asks again on its next
// fetch. An error that matches ErrInvalidInput is a configuration mistake
// (such as a wrong encryption key) and fails the fetch instead.
type TokenStore interface {
	// Load returns the token saved under key, or nil and no error if there
	// is none.
	Load(ctx context.Context, key string) (*Token, error)
	// Save saves tok under key, until tok's Expiry.
	Save(ctx context.Context, key string, tok *Token) error
	// Delete removes the token saved under key only if it is still tok
	// (the same AccessToken): a replica whose request was answered
	// Unauthorized drops the shared token, not a newer one.
	Delete(ctx context.Context, key string, tok *Token) error
	// TryLock takes the lock of key for at most ttl, without waiting. It
	// returns a release func when it took the lock, nil when another owner
	// holds it. A lock is released only by its owner.
	TryLock(ctx context.Context, key string, ttl time.Duration) (release func(), err error)
}

// WithTokenStore shares the cache's tokens through store: on a missing or
// expired token the cache reads the store first; if it holds none that can
// be used, one replica takes the store's lock, mints (or refreshes), saves
// and releases it while the others wait for its token and read it (polling
// every 20 to 200 ms, for at most the lock's time). A replica whose token
// turns stale reads the store for a newer one before it refreshes, so the
// fleet refreshes once per token. The warm path never touches the store.
//
// The store key is derived from the credential: Guest, Member and App
// sources bound by NewClient give their identity (a hash of endpoint,
// kind, community, username or client id, entity and impersonated member;
// never a secret). For any other source, give key (any text naming the
// credential, such as "oauth:user-42"; it is hashed): without one
// NewClient fails, and a CacheSource shares nothing.
//
// While the store is unavailable the cache mints for itself, as it does
// without a store. The lock lasts 10s unless WithTokenStoreLock says
// otherwise.
func WithTokenStore(store TokenStore, key ...string) CacheOption {
	return func(c *cacheConfig) {
		if isNil(store) {
			c.store = nil
			return
		}
		c.store = &storeConfig{store: store, key: strings.Join(key, "\x00"), lockTTL: 10 * time.Second}
	}
}

// WithTokenStoreLock sets how long the store's lock lasts at most, which is
// how long the other replicas wait for a mint before they mint themselves.
// It should exceed a mint's usual time; d <= 0 keeps the default (10s).
// Give it after WithTokenStore.
func WithTokenStoreLock(d time.Duration) CacheOption {
	return func(c *cacheConfig) {
		if c.store != nil && d > 0 {
			c.store.lockTTL = clampDuration(d)
		}
	}
}

// storeConfig is the token store of a cache and the key of its credential.
type storeConfig struct {
	store   TokenStore
	key     string // given by the user; hashed by storeKey
	lockTTL time.Duration
}

// keyed is a bound source that names its credential's identity.
type keyed interface{ cacheKey() string }

// storeKey returns the store key of src's credential: a hash of its
// identity, or of the key the user gave. "" means none can be derived.
func (s *storeConfig) storeKey(src CredentialSource) string {
	id := ""
	switch {
	case s.key != "":
		id = "custom\x00" + s.key
	default:
		if k, ok := src.(keyed); ok {
			id = k.cacheKey()
		}
	}
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("bettermode-token-v1\x00" + id))
	return hex.EncodeToString(sum[:16])
}

// errNoStoreKey: a store without a key for a source that names none.
var errNoStoreKey = &Error{Operation: "WithTokenStore", Field: "key", Message: "the token store needs a key for this credential source",
	kind: ErrInvalidInput, hint: "pass WithTokenStore(store, key) with a key naming the credential (not a secret)"}

// identity joins the parts of a credential's identity.
func identity(parts ...string) string { return strings.Join(parts, "\x00") }

func (s *guestSource) cacheKey() string {
	return identity("guest", s.b.endpoint, s.NetworkDomain, s.NetworkID)
}

func (s *memberSource) cacheKey() string {
	return identity("member", s.b.endpoint, s.NetworkDomain, s.NetworkID, strings.ToLower(s.UsernameOrEmail))
}

func (s *appSource) cacheKey() string {
	return identity("app", s.b.endpoint, s.ClientID, s.NetworkID, string(s.Context), s.EntityID, s.ImpersonateMemberID)
}

// budgetWaitError turns a RateBudget's failed Wait into the error of op.
func budgetWaitError(op string, err error) error {
	if errors.Is(err, ErrRateLimited) {
		e := &Error{Operation: op, Message: "the client-side rate budget is spent", kind: ErrRateLimited,
			hint: "the request was not sent; retry later or raise the budget's bound", err: err}
		var ra interface{ RetryAfter() time.Duration }
		if errors.As(err, &ra) {
			e.RetryAfter = ra.RetryAfter()
		}
		return e
	}
	return &Error{Operation: op, Message: "gave up waiting for the rate budget", hint: "the request was not sent", err: err}
}

// settleBudget charges the answer's complexity and reports a rate limit.
func (c *caller) settleBudget(ctx context.Context, cost int, ext json.RawMessage, err error) {
	if n, ok := (&Response{Extensions: ext}).Complexity(); ok && n != cost {
		c.budget.Charge(ctx, n, cost)
	}
	var ae *Error
	if errors.As(err, &ae) && ae.kind == ErrRateLimited {
		c.budget.Backoff(ctx, max(ae.RetryAfter, c.retry.BaseDelay))
	}
}

// estimateCost estimates the complexity of a GraphQL request body (JSON,
// as gqlRequest encodes it: the query first): the number of fields its
// document selects, at least 1. It reads the JSON string in place and
// allocates nothing.
func estimateCost(body []byte) int {
	const prefix = `{"query":"`
	if len(body) < len(prefix) || string(body[:len(prefix)]) != prefix {
		return 1
	}
	var (
		l       costLexer
		pending bool // a name was read that counts unless ':' follows (an alias)
	)
	for i := len(prefix); i < len(body); i++ {
		ch := body[i]
		switch {
		case ch == '"':
			i = len(body) // the end of the JSON string
			continue
		case ch == '\\' && i+1 < len(body):
			i++
			switch body[i] {
			case 'n', 'r':
				ch = '\n'
			case 't', 'b', 'f':
				ch = ' '
			case 'u':
				ch, i = '?', min(i+4, len(body)-1) // <, >, & and control characters: never part of a name
			default:
				ch = body[i]
			}
		}
		l.feed(ch, &pending)
	}
	l.feed(' ', &pending)
	return max(l.fields, 1)
}

// costLexer counts the field selections of a GraphQL document, one byte at
// a time: names inside selection sets, outside arguments, strings and
// comments, that are not aliases, directives, fragment spreads or type
// conditions.
type costLexer struct {
	fields            int
	depth, parens     int
	inString, comment bool
	name              [10]byte // the first bytes of the name being read
	nameLen           int
	dots              int  // consecutive '.' (a spread is "...")
	skip              int  // names to skip: after '@', "...", "on"
	afterSpread       bool // the name follows "..."
}

func (l *costLexer) feed(ch byte, pending *bool) {
	if l.comment {
		if ch == '\n' || ch == '\r' {
			l.comment = false
		}
		return
	}
	if l.inString {
		if ch == '"' {
			l.inString = false
		}
		return
	}
	if isNameByte(ch) || (l.nameLen > 0 && ch >= '0' && ch <= '9') {
		if l.nameLen < len(l.name) {
			l.name[l.nameLen] = ch
		}
		l.nameLen++
		return
	}
	if l.nameLen > 0 {
		l.endName(pending)
	}
	if ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ',' {
		return
	}
	if *pending {
		if !(ch == ':' && l.parens == 0) {
			l.fields++
		}
		*pending = false
	}
	if ch != '.' {
		l.dots = 0
	}
	switch ch {
	case '#':
		l.comment = true
	case '"':
		l.inString = true
	case '(':
		l.parens++
	case ')':
		l.parens = max(l.parens-1, 0)
	case '{':
		if l.parens == 0 {
			l.depth++
		}
	case '}':
		if l.parens == 0 {
			l.depth = max(l.depth-1, 0)
		}
	case '@':
		l.skip = 1
	case '.':
		if l.dots++; l.dots == 3 {
			l.dots, l.skip, l.afterSpread = 0, 1, true
		}
	}
}

// endName ends the name being read: it may be a field (pending until the
// next byte tells whether it is an alias).
func (l *costLexer) endName(pending *bool) {
	n := l.nameLen
	name := l.name[:min(n, len(l.name))]
	l.nameLen = 0
	if *pending { // two names in a row: the first was a field
		l.fields++
		*pending = false
	}
	switch {
	case l.skip > 0:
		l.skip--
		if l.afterSpread && n == 2 && string(name) == "on" {
			l.skip = 1 // an inline fragment's type condition
		}
		l.afterSpread = false
	case l.parens > 0 || l.depth == 0:
	case n == len("__typename") && string(name) == "__typename":
	default:
		*pending = true
	}
}

func isNameByte(ch byte) bool {
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
}
