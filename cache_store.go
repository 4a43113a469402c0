package bettermode

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bettermode-go/bettermode/internal/jwt"
)

// Polling for a token another replica mints: from storePollMin, doubling,
// up to storePollMax.
const (
	storePollMin = 20 * time.Millisecond
	storePollMax = 200 * time.Millisecond
)

// obtain gets the token a fetch stores: from the source, or, with a token
// store, from the fleet (see WithTokenStore). It runs only in fetches, never
// on the warm path.
// loaded says the token was read from the store, not fetched by this cache.
func (c *CachedSource) obtain(ctx context.Context, prev *Token) (tok *Token, loaded bool, err error) {
	if c.storeKey == "" {
		tok, err = c.call(ctx, prev)
		return tok, false, err
	}
	return c.sharedCall(ctx, prev)
}

// sharedCall is call through the token store: a usable token from the store,
// or one minted by this replica under the store's lock and saved, or, while
// another replica holds the lock, the token it saves. prev is the token
// being replaced (stale, expired or rejected), nil for the first fetch.
// While the store is unavailable, it is call. loaded says the token came
// from the store.
func (c *CachedSource) sharedCall(ctx context.Context, prev *Token) (*Token, bool, error) {
	st, key := c.cfg.store, c.storeKey
	c.mu.Lock()
	rejected := c.rotated && prev != nil // prev was answered Unauthorized
	c.mu.Unlock()

	deadline := time.Now().Add(st.lockTTL)
	poll := storePollMin
	renew := prev // the session a Refresher renews: the newest one known
	for {
		tok, err := storeLoad(ctx, st.store, key)
		if err != nil {
			return c.storeFailed(ctx, prev, err)
		}
		if c.usable(tok, prev) {
			return tok, true, nil
		}
		if tok != nil {
			if rejected && tok.AccessToken == prev.AccessToken {
				// Still the token the API rejected: drop it for the fleet,
				// unless a replica replaced it meanwhile.
				_ = storeDo(func() error { return st.store.Delete(ctx, key, tok) })
			} else if tok.Valid(time.Now()) && (renew == nil || !tok.Expiry.Before(renew.Expiry)) {
				renew = tok // the fleet's session is newer than this replica's
			}
		}
		var release func()
		err = storeDo(func() (err error) { release, err = st.store.TryLock(ctx, key, st.lockTTL); return err })
		if err != nil {
			return c.storeFailed(ctx, prev, err)
		}
		if release != nil {
			return c.mintShared(ctx, key, prev, renew, release)
		}
		if time.Now().Add(poll).After(deadline) {
			// The holder takes too long (or died): mint, and share it.
			return c.mintShared(ctx, key, prev, renew, func() {})
		}
		if err := sleep(ctx, poll); err != nil {
			return nil, false, fmt.Errorf("bettermode: waiting for another replica's token: %w", err)
		}
		poll = min(2*poll, storePollMax)
	}
}

// mintShared mints under the store's lock (released after the token is
// saved), unless the store got a usable token just before the lock was
// taken.
func (c *CachedSource) mintShared(ctx context.Context, key string, prev, renew *Token, release func()) (*Token, bool, error) {
	st := c.cfg.store.store
	defer func() { _ = storeDo(func() error { release(); return nil }) }()
	if tok, err := storeLoad(ctx, st, key); err == nil && c.usable(tok, prev) {
		return tok, true, nil
	}
	tok, err := c.call(ctx, renew)
	if err == nil && tok != nil && tok.AccessToken != "" && tok.Valid(time.Now()) {
		_ = storeDo(func() error { return st.Save(ctx, key, tok) })
	}
	return tok, false, err
}

// usable reports whether tok, read from the store, can replace prev: a
// token other than prev, not older than it, with at least the minimum
// validity left (see storeMinValidity).
func (c *CachedSource) usable(tok, prev *Token) bool {
	now := time.Now()
	if tok == nil || tok.AccessToken == "" || !tok.Valid(now.Add(c.storeMinValidity(tok, now))) {
		return false
	}
	if prev == nil {
		return true
	}
	return tok.AccessToken != prev.AccessToken && (prev.Expiry.IsZero() || !tok.Expiry.Before(prev.Expiry))
}

// storeMinValidity is how much life a token read from the store must have
// left to be used: the cache's minimum validity, min(WithMinValidity,
// L/10), for its lifetime L (from its JWT's iat claim, or the longest
// lifetime this cache has seen), and at least storePollMax.
func (c *CachedSource) storeMinValidity(tok *Token, now time.Time) time.Duration {
	if tok.Expiry.IsZero() {
		return 0
	}
	life := time.Duration(c.maxLife.Load())
	if cl, err := jwt.Parse(string(tok.AccessToken)); err == nil && !cl.IssuedAt.IsZero() && !cl.Expiry.IsZero() {
		life = max(life, cl.Expiry.Sub(cl.IssuedAt))
	}
	life = max(life, tok.Expiry.Sub(now))
	return max(storePollMax, min(c.cfg.minValidity, life/10))
}

// storeFailed handles an error of the store: a configuration mistake fails
// the fetch; anything else means the store is unavailable, and the replica
// fetches for itself.
func (c *CachedSource) storeFailed(ctx context.Context, prev *Token, err error) (*Token, bool, error) {
	if errors.Is(err, ErrInvalidInput) {
		return nil, false, err
	}
	tok, err := c.call(ctx, prev)
	return tok, false, err
}

// storeLoad calls the store's Load (see storeDo).
func storeLoad(ctx context.Context, st TokenStore, key string) (tok *Token, err error) {
	err = storeDo(func() (err error) { tok, err = st.Load(ctx, key); return err })
	return tok, err
}

// storeDo runs a call of a store, turning a panic into an error.
func storeDo(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bettermode: the token store panicked: %T value", r)
		}
	}()
	return f()
}

// forgetShared drops tok from the token store too, if it still holds it
// (after a logout: the session no longer works for any replica).
func (c *CachedSource) forgetShared(ctx context.Context, tok *Token) {
	if c.storeKey != "" {
		_ = storeDo(func() error { return c.cfg.store.store.Delete(ctx, c.storeKey, tok) })
	}
}
