package oauth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// expired returns tok as if its access token had expired.
func expired(tok *oauth2.Token) *oauth2.Token {
	c := *tok
	c.Expiry = time.Now().Add(-time.Minute)
	return &c
}

func fileStore(t *testing.T, dir string) *oauth.FileStore {
	t.Helper()
	s, err := oauth.NewFileStore(dir)
	require.NoError(t, err)
	return s
}

func TestSourceResumesAfterRestart(t *testing.T) {
	srv, hc := startKit(t)
	conf := srv.Config("http://127.0.0.1/callback", "offline_access")
	dir := storeDir(t)

	// First run: log in, save the session.
	b := newBrowser(t)
	tok, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
	require.NoError(t, err)
	require.NoError(t, fileStore(t, dir).Save(t.Context(), "me", tok))

	// Second run: a new store and source on the same directory.
	src := oauth.NewSource(conf, fileStore(t, dir), "me", oauth.WithHTTPClient(hc))
	bt, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, tok.AccessToken, bt.AccessToken.Reveal())
	assert.True(t, tok.Expiry.Equal(bt.Expiry))
	assert.Equal(t, bettermode.KindOAuth, bt.Kind)
	assert.Empty(t, bt.Scheme, "Bearer is the default scheme")
	assert.Empty(t, bt.RefreshToken, "the refresh token stays in the store")
	assert.Equal(t, 1, srv.CodesIssued(), "no new consent")
	assert.Zero(t, srv.Refreshes())
}

func TestSourceRefreshRotationPersisted(t *testing.T) {
	// Saved tokens that have expired drive rotation without waiting.
	srv, hc := startKit(t)
	conf := srv.Config("http://127.0.0.1/callback")
	dir := storeDir(t)
	first := srv.Grant()
	require.NoError(t, fileStore(t, dir).Save(t.Context(), "me", expired(first)))

	src := oauth.NewSource(conf, fileStore(t, dir), "me", oauth.WithHTTPClient(hc))
	bt, err := src.Token(t.Context())
	require.NoError(t, err)
	saved, err := fileStore(t, dir).Load(t.Context(), "me")
	require.NoError(t, err)
	assert.Equal(t, saved.AccessToken, bt.AccessToken.Reveal())
	assert.NotEqual(t, first.RefreshToken, saved.RefreshToken, "the rotated refresh token is saved")
	assert.True(t, srv.RefreshTokenActive(saved.RefreshToken))
	assert.False(t, srv.RefreshTokenActive(first.RefreshToken))

	// A restart picks up the rotated token and rotates it again.
	require.NoError(t, fileStore(t, dir).Save(t.Context(), "me", expired(saved)))
	src2 := oauth.NewSource(conf, fileStore(t, dir), "me", oauth.WithHTTPClient(hc))
	_, err = src2.Token(t.Context())
	require.NoError(t, err)
	again, err := fileStore(t, dir).Load(t.Context(), "me")
	require.NoError(t, err)
	assert.True(t, srv.RefreshTokenActive(again.RefreshToken))
	assert.Equal(t, 2, srv.Refreshes())
	assert.Zero(t, srv.Rejected(bettermodetest.OAuth2RejectRefreshReused))
}

func TestSourceWithoutRotationKeepsRefreshToken(t *testing.T) {
	srv, hc := startKit(t, bettermodetest.WithoutOAuth2Rotation())
	store := oauth.NewMemoryStore()
	first := srv.Grant()
	require.NoError(t, store.Save(t.Context(), "me", expired(first)))
	src := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc))
	bt, err := src.Token(t.Context())
	require.NoError(t, err)
	for range 2 { // the API rejected the token: refresh it
		bt, err = src.Refresh(t.Context(), bt)
		require.NoError(t, err)
	}
	saved, err := store.Load(t.Context(), "me")
	require.NoError(t, err)
	assert.Equal(t, first.RefreshToken, saved.RefreshToken)
	assert.Equal(t, 3, srv.Refreshes())
}

// TestSourcesShareOneStore runs goroutines on two sources, each on its own
// FileStore of one directory (as two processes would), all asking for the
// same expired token at once: the provider sees one refresh, everyone gets
// the same new token, and the saved refresh token is alive.
func TestSourcesShareOneStore(t *testing.T) {
	for _, tc := range []struct {
		name  string
		store func(t *testing.T) (oauth.Store, oauth.Store)
	}{
		{"two file stores on one directory", func(t *testing.T) (oauth.Store, oauth.Store) {
			dir := storeDir(t)
			return fileStore(t, dir), fileStore(t, dir)
		}},
		{"one memory store", func(*testing.T) (oauth.Store, oauth.Store) {
			s := oauth.NewMemoryStore()
			return s, s
		}},
		{"a store that cannot lock, one source", func(*testing.T) (oauth.Store, oauth.Store) {
			s := plainStore{oauth.NewMemoryStore()}
			return s, nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hc := startKit(t)
			conf := srv.Config("")
			sa, sb := tc.store(t)
			require.NoError(t, sa.Save(t.Context(), "me", expired(srv.Grant())))
			a := oauth.NewSource(conf, sa, "me", oauth.WithHTTPClient(hc))
			b := a
			if sb != nil {
				b = oauth.NewSource(conf, sb, "me", oauth.WithHTTPClient(hc))
			}
			var mu sync.Mutex
			seen := map[string]int{}
			var wg sync.WaitGroup
			for i := range 16 {
				src := a
				if i%2 == 1 {
					src = b
				}
				wg.Go(func() {
					tok, err := src.Token(t.Context())
					if assert.NoError(t, err) {
						mu.Lock()
						seen[tok.AccessToken.Reveal()]++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			assert.Equal(t, 1, srv.Refreshes(), "one refresh for everyone")
			assert.Len(t, seen, 1, "everyone got the same token")
			saved, err := sa.Load(t.Context(), "me")
			require.NoError(t, err)
			assert.True(t, srv.RefreshTokenActive(saved.RefreshToken), "the saved refresh token is alive")
			assert.Zero(t, srv.Rejected(bettermodetest.OAuth2RejectRefreshReused))
		})
	}
}

// plainStore hides the Locker of the store it wraps.
type plainStore struct{ s oauth.Store }

func (p plainStore) Load(ctx context.Context, k string) (*oauth2.Token, error) {
	return p.s.Load(ctx, k)
}
func (p plainStore) Save(ctx context.Context, k string, t *oauth2.Token) error {
	return p.s.Save(ctx, k, t)
}
func (p plainStore) Delete(ctx context.Context, k string) error { return p.s.Delete(ctx, k) }

func TestSourceFreshness(t *testing.T) {
	for _, tc := range []struct {
		name        string
		expiresIn   int64
		left        time.Duration
		wantRefresh bool
	}{
		{"young token", 3600, 50 * time.Minute, false},
		{"past half its life", 3600, 20 * time.Minute, true},
		{"within 10 s", 0, 5 * time.Second, true},
		{"no lifetime, a minute left", 0, time.Minute, false},
		{"expired", 3600, -time.Second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hc := startKit(t)
			store := oauth.NewMemoryStore()
			tok := srv.Grant()
			tok.ExpiresIn, tok.Expiry = tc.expiresIn, time.Now().Add(tc.left)
			require.NoError(t, store.Save(t.Context(), "me", tok))
			bt, err := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc)).Token(t.Context())
			require.NoError(t, err)
			assert.Equal(t, tc.wantRefresh, bt.AccessToken.Reveal() != tok.AccessToken)
			assert.Equal(t, tc.wantRefresh, srv.Refreshes() == 1)
		})
	}
	t.Run("no expiry", func(t *testing.T) {
		store := oauth.NewMemoryStore()
		require.NoError(t, store.Save(t.Context(), "me", &oauth2.Token{AccessToken: "fake-forever-0001", TokenType: "MAC"}))
		srv, _ := startKit(t)
		bt, err := oauth.NewSource(srv.Config(""), store, "me").Token(t.Context())
		require.NoError(t, err)
		assert.True(t, bt.Expiry.IsZero())
		assert.Equal(t, "MAC", bt.Scheme)
	})
}

func TestSourceErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []bettermodetest.OAuth2Option
		// setup saves what the source finds and may break things.
		setup     func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, conf *oauth2.Config)
		want      error // the package's error
		wantRoot  error // the bettermode sentinel, or nil for none (transient)
		wantText  string
		recovered bool // the next call, the fault gone, works
	}{
		{name: "nothing saved", setup: func(*testing.T, *bettermodetest.OAuth2Server, *oauth.FileStore, *oauth2.Config) {},
			want: oauth.ErrTokenNotFound, wantRoot: bettermode.ErrUnauthorized, wantText: "log in first"},
		{name: "refresh token revoked", setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
			require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			srv.RevokeRefreshTokens()
		}, want: oauth.ErrInvalidGrant, wantRoot: bettermode.ErrUnauthorized, wantText: "log in again"},
		{name: "refresh token expired", setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
			require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			srv.ExpireRefreshTokens()
		}, want: oauth.ErrInvalidGrant, wantRoot: bettermode.ErrUnauthorized, wantText: "log in again"},
		{name: "refresh token already rotated", setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, conf *oauth2.Config) {
			tok := srv.Grant()
			_, err := conf.TokenSource(t.Context(), expired(tok)).Token() // rotated elsewhere, and lost
			require.NoError(t, err)
			require.NoError(t, s.Save(t.Context(), "me", expired(tok)))
		}, want: oauth.ErrInvalidGrant, wantRoot: bettermode.ErrUnauthorized, wantText: "log in again"},
		{name: "expired without refresh token", setup: func(t *testing.T, _ *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
			require.NoError(t, s.Save(t.Context(), "me", &oauth2.Token{AccessToken: "fake-old-0001", Expiry: time.Now().Add(-time.Hour)}))
		}, wantRoot: bettermode.ErrUnauthorized, wantText: "log in again"},
		{name: "wrong client secret", setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, conf *oauth2.Config) {
			require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			conf.ClientSecret = "wrong-client-secret-0001"
		}, want: oauth.ErrTokenRequest, wantRoot: bettermode.ErrUnauthorized, wantText: "check the client id and secret"},
		{name: "provider down", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2Fault{
			Status: 503, ContentType: "text/html", Body: "<h1>down</h1>", Times: 1})},
			setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
				require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			}, want: oauth.ErrProviderUnavailable, wantText: "HTTP 503", recovered: true},
		{name: "provider rate limits", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2Fault{
			Status: 429, Times: 1})},
			setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
				require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			}, want: oauth.ErrProviderUnavailable, wantRoot: bettermode.ErrRateLimited, wantText: "HTTP 429", recovered: true},
		{name: "provider refuses the scope", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2Fault{
			Status: 400, ContentType: "application/json", Body: `{"error":"invalid_scope","error_description":"no such scope"}`})},
			setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
				require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			}, want: oauth.ErrTokenRequest, wantRoot: bettermode.ErrInvalidInput, wantText: "invalid_scope (HTTP 400): no such scope"},
		{name: "provider error 5xx with a code", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2Fault{
			Status: 500, ContentType: "application/json", Body: `{"error":"server_error"}`, Times: 1})},
			setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
				require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			}, want: oauth.ErrProviderUnavailable, wantText: "server_error (HTTP 500)", recovered: true},
		{name: "provider unreachable", setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, conf *oauth2.Config) {
			require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			conf.Endpoint.TokenURL = unreachableTokenURL(t)
		}, want: oauth.ErrProviderUnavailable, wantText: "could not reach the token endpoint"},
		{name: "token endpoint answers HTML", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(func() bettermodetest.OAuth2Fault {
			f := bettermodetest.OAuth2FaultHTML()
			f.Times = 1
			return f
		}())}, setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
			require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
		}, want: oauth.ErrBadTokenResponse, wantText: "check the token URL", recovered: true},
		{name: "token endpoint answers garbage", opts: []bettermodetest.OAuth2Option{bettermodetest.WithOAuth2TokenFault(bettermodetest.OAuth2FaultGarbage())},
			setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
				require.NoError(t, s.Save(t.Context(), "me", expired(srv.Grant())))
			}, want: oauth.ErrBadTokenResponse, wantText: "not an OAuth2 token response"},
		{name: "corrupt file", setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
			require.NoError(t, s.Save(t.Context(), "me", srv.Grant()))
			require.NoError(t, os.WriteFile(onlyFile(t, s.Dir()), []byte("{garbage"), 0o600))
		}, want: oauth.ErrCorruptToken, wantRoot: bettermode.ErrUnauthorized, wantText: "delete it and log in again"},
		{name: "world-readable file", setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
			if !fileModesMatter() {
				t.Skip("file modes do not describe access here")
			}
			require.NoError(t, s.Save(t.Context(), "me", srv.Grant()))
			require.NoError(t, os.Chmod(onlyFile(t, s.Dir()), 0o604))
		}, want: oauth.ErrInsecurePermissions, wantRoot: bettermode.ErrInvalidInput, wantText: "chmod 600"},
		{name: "world-readable directory", setup: func(t *testing.T, srv *bettermodetest.OAuth2Server, s *oauth.FileStore, _ *oauth2.Config) {
			if !fileModesMatter() {
				t.Skip("file modes do not describe access here")
			}
			require.NoError(t, s.Save(t.Context(), "me", srv.Grant()))
			require.NoError(t, os.Chmod(s.Dir(), 0o705))
		}, want: oauth.ErrInsecurePermissions, wantRoot: bettermode.ErrInvalidInput, wantText: "chmod 700"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hc := startKit(t, tc.opts...)
			conf := srv.Config("")
			ctx := context.WithValue(t.Context(), oauth2.HTTPClient, hc)
			store := fileStore(t, storeDir(t))
			tc.setup(t, srv, store, conf)
			src := oauth.NewSource(conf, store, "me", oauth.WithHTTPClient(hc))
			tok, err := src.Token(ctx)
			require.Error(t, err)
			assert.Nil(t, tok)
			if tc.want != nil {
				requireDistinct(t, err, tc.want)
			} else {
				for _, s := range sentinels {
					assert.NotErrorIs(t, err, s)
				}
			}
			for _, root := range []error{bettermode.ErrUnauthorized, bettermode.ErrInvalidInput, bettermode.ErrForbidden, bettermode.ErrRateLimited} {
				assert.Equal(t, root == tc.wantRoot, errors.Is(err, root), "%v matches %v: %v", err, root, errors.Is(err, root))
			}
			assert.Contains(t, err.Error(), tc.wantText)
			assert.Empty(t, secretsIn(fmt.Sprintf("%v %+v", err, err), srv.SecretsSeen()))
			if tc.recovered {
				_, err := src.Token(ctx)
				require.NoError(t, err, "a transient failure passes")
				assert.Equal(t, 1, srv.Refreshes())
			}
		})
	}
}

func TestSourceBadConfig(t *testing.T) {
	srv, _ := startKit(t)
	conf := srv.Config("")
	store := oauth.NewMemoryStore()
	noToken := srv.Config("")
	noToken.Endpoint.TokenURL = ""
	ftpToken := srv.Config("")
	ftpToken.Endpoint.TokenURL = "ftp://127.0.0.1/token"
	for name, src := range map[string]*oauth.Source{
		"nil config":    oauth.NewSource(nil, store, "me"),
		"nil store":     oauth.NewSource(conf, nil, "me"),
		"nil pointer":   oauth.NewSource(conf, (*oauth.FileStore)(nil), "me"),
		"empty key":     oauth.NewSource(conf, store, ""),
		"no token URL":  oauth.NewSource(noToken, store, "me"),
		"ftp token URL": oauth.NewSource(ftpToken, store, "me"),
		"nil source":    nil,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := src.Token(t.Context())
			require.ErrorIs(t, err, bettermode.ErrInvalidInput)
		})
	}
	var noContext context.Context
	_, err := oauth.NewSource(conf, store, "me").Token(noContext)
	require.ErrorIs(t, err, bettermode.ErrInvalidInput)
	assert.Equal(t, "oauth.Source(store *oauth.MemoryStore)", fmt.Sprintf("%#v", oauth.NewSource(conf, store, "me")))
}

// flakyStore fails its next saves.
type flakyStore struct {
	*oauth.MemoryStore
	mu    sync.Mutex
	fails int
}

func (f *flakyStore) Save(ctx context.Context, k string, t *oauth2.Token) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fails > 0 {
		f.fails--
		return errStoreDown
	}
	return f.MemoryStore.Save(ctx, k, t)
}

// TestSourceKeepsUnsavedRotation: when the rotated token cannot be saved,
// the source returns an error (not a token whose successor would be lost)
// and saves it on the next call, without refreshing again.
func TestSourceKeepsUnsavedRotation(t *testing.T) {
	srv, hc := startKit(t)
	store := &flakyStore{MemoryStore: oauth.NewMemoryStore()}
	first := expired(srv.Grant())
	require.NoError(t, store.MemoryStore.Save(t.Context(), "me", first))
	src := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc))

	store.fails = 2
	_, err := src.Token(t.Context())
	require.ErrorIs(t, err, errStoreDown)
	assert.Contains(t, err.Error(), "kept in memory")
	_, err = src.Token(t.Context())
	require.ErrorIs(t, err, errStoreDown)
	assert.Contains(t, err.Error(), "still cannot be saved")

	tok, err := src.Token(t.Context())
	require.NoError(t, err)
	saved, err := store.Load(t.Context(), "me")
	require.NoError(t, err)
	assert.Equal(t, saved.AccessToken, tok.AccessToken.Reveal())
	assert.True(t, srv.RefreshTokenActive(saved.RefreshToken))
	assert.Equal(t, 1, srv.Refreshes(), "the refreshed token was kept, not refreshed again")
}

// TestSourceInClient uses the source through the root package's cache and
// transport against the kit's user-info endpoint.
func TestSourceInClient(t *testing.T) {
	srv, hc := startKit(t)
	store := oauth.NewMemoryStore()
	require.NoError(t, store.Save(t.Context(), "me", srv.Grant()))
	cache := bettermode.CacheSource(oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc)))
	defer cache.Close()
	client := &http.Client{Transport: bettermode.NewTransport(cache, hc.Transport)}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.UserInfoURL, nil)
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Zero(t, srv.Refreshes())
}

// TestSourceRefreshReplacesARejectedToken: after the API rejects a token
// that still looks fresh, the client's cache calls Refresh, which renews
// the session through the provider instead of handing the token back.
func TestSourceRefreshReplacesARejectedToken(t *testing.T) {
	srv, hc := startKit(t) // hour-long tokens: fresh for the source
	store := oauth.NewMemoryStore()
	require.NoError(t, store.Save(t.Context(), "me", srv.Grant()))
	src := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc))
	var _ bettermode.Refresher = src

	first, err := src.Token(t.Context())
	require.NoError(t, err)
	again, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.Equal(t, first.AccessToken.Reveal(), again.AccessToken.Reveal(), "fresh: no refresh")
	assert.Zero(t, srv.Refreshes())

	next, err := src.Refresh(t.Context(), first)
	require.NoError(t, err)
	assert.NotEqual(t, first.AccessToken.Reveal(), next.AccessToken.Reveal())
	assert.Equal(t, 1, srv.Refreshes())

	// Through a client: a 401 invalidates the token and the cache asks Refresh.
	var seen []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("Authorization"))
		if len(seen) == 1 {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte(`{"data":{"x":1}}`))
	}))
	defer api.Close()
	c, err := bettermode.NewClient(bettermode.WithEndpoint(api.URL), bettermode.WithCredentials(src))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Exec(t.Context(), "{x}", nil)
	require.NoError(t, err)
	require.Len(t, seen, 2)
	assert.NotEqual(t, seen[0], seen[1], "resent with a renewed token")
	assert.Equal(t, 2, srv.Refreshes())
}
