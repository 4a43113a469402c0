package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
)

// minRefreshMargin is how long before its expiry a token is refreshed at the
// least (golang.org/x/oauth2 uses the same).
const minRefreshMargin = 10 * time.Second

// Source is a bettermode.CredentialSource whose session lives in a Store, so
// that it survives restarts and is shared by every process using the store.
// Make it with NewSource. It is safe for concurrent use.
type Source struct {
	conf   *oauth2.Config
	store  Store
	key    string
	hc     *http.Client
	own    keyedMutex // locks the key when the store is not a Locker
	optErr error      // an option NewSource does not take

	mu      sync.Mutex
	pending *oauth2.Token // refreshed, but its save failed
}

// NewSource returns a source for the token saved under key in store (by
// Login's caller, or by a WebFlow), refreshed through conf's token endpoint.
// WithHTTPClient sets the HTTP client for refreshes; any other option makes
// every call fail with an error matching bettermode.ErrInvalidInput. conf is
// copied.
//
// Token returns the saved access token while it is fresh: until half its
// lifetime (expires_in) has passed (10 s before its Expiry when the
// lifetime is unknown); a token without Expiry is used as it is. Otherwise it refreshes it: it locks
// the key (see Locker; FileStore locks across processes), reads the store
// again (another source may have refreshed meanwhile, and its token is
// used), refreshes with the refresh token, and saves the new token, with the
// rotated refresh token, before returning it. So two sources on one store,
// in one process or two, refresh once and never lose a rotated refresh
// token, and a restarted program resumes the session without a new login.
//
// Errors: no saved token matches ErrTokenNotFound and
// bettermode.ErrUnauthorized (log in first); a refresh token the provider
// rejects (invalid_grant) is a *TokenError matching ErrInvalidGrant and
// bettermode.ErrUnauthorized (log in again); a saved token that is corrupt
// matches ErrCorruptToken and bettermode.ErrUnauthorized; a store open to
// other users matches ErrInsecurePermissions and bettermode.ErrInvalidInput;
// a provider that is down, answers 5xx or cannot be reached matches
// ErrProviderUnavailable and no bettermode sentinel, so a client's token
// cache retries it.
//
// Pass the source to bettermode.WithCredentials: the client caches its
// tokens and asks again before they expire.
func NewSource(conf *oauth2.Config, store Store, key string, opts ...Option) *Source {
	o, err := applyOptions("NewSource", opts, optHTTPClient)
	s := &Source{store: store, key: key, hc: o.hc, optErr: err}
	if conf != nil {
		s.conf = copyConfig(conf)
	}
	return s
}

// Token returns a fresh access token, refreshing it if need be (see
// NewSource).
func (s *Source) Token(ctx context.Context) (*bettermode.Token, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	pending := s.pending != nil
	s.mu.Unlock()
	if !pending {
		tok, err := s.store.Load(ctx, s.key)
		if err == nil && fresh(tok, time.Now()) {
			return toBettermode(tok), nil
		}
		if err != nil && !errors.Is(err, ErrTokenNotFound) {
			return nil, loadError(err)
		}
	}

	return s.renew(ctx, "")
}

// Refresh renews old, a token this source handed out that the API rejected
// or that a cache wants replaced (see bettermode.Refresher): under the
// key's lock, a token another source saved meanwhile is used if it differs
// from old and is fresh; otherwise the session is refreshed through the
// provider, even if old still looks fresh, and saved.
func (s *Source) Refresh(ctx context.Context, old *bettermode.Token) (*bettermode.Token, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	rejected := ""
	if old != nil {
		rejected = old.AccessToken.Reveal()
	}
	return s.renew(ctx, rejected)
}

// renew returns the saved token if it is fresh and not rejected, or
// refreshes it, holding the key's lock.
func (s *Source) renew(ctx context.Context, rejected string) (*bettermode.Token, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := s.savePending(ctx); err != nil {
		return nil, err
	}
	tok, err := s.store.Load(ctx, s.key) // again: another source may have refreshed
	switch {
	case errors.Is(err, ErrTokenNotFound):
		return nil, newError("bettermode: oauth: no token is saved for this key; log in first", ErrTokenNotFound, bettermode.ErrUnauthorized)
	case err != nil:
		return nil, loadError(err)
	case fresh(tok, time.Now()) && (rejected == "" || tok.AccessToken != rejected):
		return toBettermode(tok), nil
	case tok.RefreshToken == "":
		return nil, newError("bettermode: oauth: the saved token has expired and has no refresh token; log in again", bettermode.ErrUnauthorized)
	}
	nt, err := s.refresh(ctx, tok)
	if err != nil {
		return nil, err
	}
	if err := s.store.Save(ctx, s.key, nt); err != nil {
		s.mu.Lock()
		s.pending = nt
		s.mu.Unlock()
		return nil, newError("bettermode: oauth: the token was refreshed but could not be saved (it is kept in memory and saved on the next call): "+err.Error(), err)
	}
	return toBettermode(nt), nil
}

func (s *Source) check(ctx context.Context) error {
	switch {
	case ctx == nil:
		return invalidInput("Source.Token: the context is nil")
	case s == nil:
		return invalidInput("the Source is nil; make it with NewSource")
	case s.optErr != nil:
		return s.optErr
	case s.conf == nil:
		return invalidInput("NewSource: the *oauth2.Config is nil")
	case isNil(s.store):
		return invalidInput("NewSource: the Store is nil")
	case s.key == "":
		return invalidInput("NewSource: the key is empty")
	}
	if u, err := url.Parse(s.conf.Endpoint.TokenURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return invalidInput("oauth2.Config.Endpoint.TokenURL must be an absolute http(s) URL")
	}
	return nil
}

func (s *Source) lock(ctx context.Context) (func(), error) {
	if l, ok := s.store.(Locker); ok {
		return l.Lock(ctx, s.key)
	}
	return s.own.lock(ctx, "")
}

// savePending saves a token whose save failed before; the key is locked.
func (s *Source) savePending(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending == nil {
		return nil
	}
	if err := s.store.Save(ctx, s.key, s.pending); err != nil {
		return newError("bettermode: oauth: the refreshed token still cannot be saved: "+err.Error(), err)
	}
	s.pending = nil
	return nil
}

// refresh gets a new token with tok's refresh token.
func (s *Source) refresh(ctx context.Context, tok *oauth2.Token) (*oauth2.Token, error) {
	rctx := ctx
	if s.hc != nil {
		rctx = context.WithValue(ctx, oauth2.HTTPClient, s.hc)
	}
	// An empty access token makes the config's source refresh at once.
	nt, err := s.conf.TokenSource(rctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
	if err != nil {
		return nil, tokenRequestError(ctx, "refresh", err, scrubberFor(s.conf, tok.RefreshToken, tok.AccessToken))
	}
	return nt, nil
}

// String describes s without secrets.
func (s *Source) String() string {
	if s == nil {
		return "oauth.Source(nil)"
	}
	return fmt.Sprintf("oauth.Source(store %T)", s.store)
}

// Format prints String for every verb, so that the config's client secret
// never shows.
func (s *Source) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(s.String())) }

// fresh reports whether tok's access token can be handed out at now.
func fresh(tok *oauth2.Token, now time.Time) bool {
	if tok.AccessToken == "" {
		return false
	}
	if tok.Expiry.IsZero() {
		return true
	}
	return now.Before(tok.Expiry.Add(-refreshMargin(tok)))
}

// refreshMargin is how long before its expiry tok is refreshed: half its
// lifetime L (expires_in) and at least min(10 s, L/10), as the client's
// token cache does, so that a short-lived token is not refreshed on every
// call; 10 s when the lifetime is unknown.
func refreshMargin(tok *oauth2.Token) time.Duration {
	if tok.ExpiresIn <= 0 {
		return minRefreshMargin
	}
	l := time.Duration(tok.ExpiresIn) * time.Second
	return max(min(minRefreshMargin, l/10), l/2)
}

// loadError marks a store's load error with the root sentinel that says what
// to do.
func loadError(err error) error {
	switch {
	case errors.Is(err, ErrCorruptToken):
		return newError(err.Error(), err, bettermode.ErrUnauthorized)
	case errors.Is(err, ErrInsecurePermissions):
		return newError(err.Error(), err, bettermode.ErrInvalidInput)
	}
	return err
}

// toBettermode converts an OAuth2 token to the root package's.
func toBettermode(tok *oauth2.Token) *bettermode.Token {
	t := bettermode.NewToken(bettermode.Secret(tok.AccessToken), bettermode.KindOAuth)
	if !tok.Expiry.IsZero() {
		t.Expiry = tok.Expiry
	}
	if typ := tok.Type(); !strings.EqualFold(typ, bettermode.SchemeBearer) {
		t.Scheme = typ
	}
	return t
}
