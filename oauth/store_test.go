package oauth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/oauth"
)

// lockingStore is a Store that can lock keys.
type lockingStore interface {
	oauth.Store
	oauth.Locker
}

func stores(t *testing.T) map[string]func(t *testing.T) lockingStore {
	return map[string]func(t *testing.T) lockingStore{
		"memory": func(*testing.T) lockingStore { return oauth.NewMemoryStore() },
		"file": func(t *testing.T) lockingStore {
			s, err := oauth.NewFileStore(storeDir(t))
			require.NoError(t, err)
			return s
		},
	}
}

func sampleToken() *oauth2.Token {
	tok := &oauth2.Token{AccessToken: "fake-access-sample-0001", TokenType: "Bearer", RefreshToken: "fake-refresh-sample-0001",
		Expiry: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), ExpiresIn: 3600}
	return tok.WithExtra(map[string]any{"id_token": "not kept"})
}

func TestStores(t *testing.T) {
	for name, mk := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			s := mk(t)
			_, err := s.Load(ctx, "alice")
			require.ErrorIs(t, err, oauth.ErrTokenNotFound)

			require.NoError(t, s.Save(ctx, "alice", sampleToken()))
			got, err := s.Load(ctx, "alice")
			require.NoError(t, err)
			want := sampleToken()
			assert.Equal(t, want.AccessToken, got.AccessToken)
			assert.Equal(t, want.RefreshToken, got.RefreshToken)
			assert.Equal(t, want.TokenType, got.TokenType)
			assert.True(t, want.Expiry.Equal(got.Expiry))
			assert.Equal(t, want.ExpiresIn, got.ExpiresIn)
			assert.Nil(t, got.Extra("id_token"))

			got.AccessToken = "changed by the caller"
			again, err := s.Load(ctx, "alice")
			require.NoError(t, err)
			assert.Equal(t, want.AccessToken, again.AccessToken, "Load returns a copy")

			_, err = s.Load(ctx, "bob")
			require.ErrorIs(t, err, oauth.ErrTokenNotFound)
			second := &oauth2.Token{AccessToken: "fake-access-sample-0002"}
			require.NoError(t, s.Save(ctx, "alice", second))
			got, err = s.Load(ctx, "alice")
			require.NoError(t, err)
			assert.Equal(t, "fake-access-sample-0002", got.AccessToken)
			assert.Empty(t, got.RefreshToken)

			require.NoError(t, s.Delete(ctx, "alice"))
			_, err = s.Load(ctx, "alice")
			require.ErrorIs(t, err, oauth.ErrTokenNotFound)
			require.NoError(t, s.Delete(ctx, "alice"), "deleting a missing key")

			require.ErrorIs(t, s.Save(ctx, "", sampleToken()), bettermode.ErrInvalidInput)
			require.ErrorIs(t, s.Save(ctx, "k", nil), bettermode.ErrInvalidInput)
			require.ErrorIs(t, s.Save(ctx, "k", &oauth2.Token{TokenType: "Bearer"}), bettermode.ErrInvalidInput)
		})
	}
}

func TestStoreLocks(t *testing.T) {
	for name, mk := range stores(t) {
		t.Run(name, func(t *testing.T) {
			s := mk(t)
			unlock, err := s.Lock(t.Context(), "alice")
			require.NoError(t, err)
			done, cancel := context.WithCancel(t.Context())
			cancel()
			_, err = s.Lock(done, "alice")
			require.ErrorIs(t, err, context.Canceled, "a held key")
			other, err := s.Lock(t.Context(), "bob")
			require.NoError(t, err, "other keys are free")
			other()
			unlock()
			unlock() // twice is harmless
			unlock, err = s.Lock(t.Context(), "alice")
			require.NoError(t, err)
			unlock()
		})
	}
}

// TestFileStoreLockExcludes has goroutines on two FileStores of one
// directory (as two processes would be: flock excludes open files, not
// processes) do an unsafe read-modify-write of one file under the lock.
func TestFileStoreLockExcludes(t *testing.T) {
	dir := storeDir(t)
	a, err := oauth.NewFileStore(dir)
	require.NoError(t, err)
	b, err := oauth.NewFileStore(dir)
	require.NoError(t, err)
	counter := filepath.Join(dir, "counter")
	require.NoError(t, os.WriteFile(counter, []byte("0"), 0o600))
	var wg sync.WaitGroup
	for i := range 8 {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Go(func() {
			for range 10 {
				unlock, err := s.Lock(t.Context(), "shared")
				if !assert.NoError(t, err) {
					return
				}
				data, _ := os.ReadFile(counter)
				n, _ := strconv.Atoi(string(data))
				_ = os.WriteFile(counter, []byte(strconv.Itoa(n+1)), 0o600)
				unlock()
			}
		})
	}
	wg.Wait()
	data, err := os.ReadFile(counter)
	require.NoError(t, err)
	assert.Equal(t, "80", string(data))
}

func TestFileStoreFiles(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "a", "b")
	s, err := oauth.NewFileStore(dir)
	require.NoError(t, err)
	assert.Equal(t, dir, s.Dir())
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm())

	key := "../../etc/passwd" // a key is never a path
	require.NoError(t, s.Save(t.Context(), key, sampleToken()))
	sum := sha256.Sum256([]byte(key))
	file := filepath.Join(dir, hex.EncodeToString(sum[:])+".json")
	fi, err = os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file is left")

	data, err := os.ReadFile(file)
	require.NoError(t, err)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(data, &raw))
	assert.Equal(t, "fake-access-sample-0001", raw["access_token"])
	assert.Equal(t, "fake-refresh-sample-0001", raw["refresh_token"])
	assert.Equal(t, "Bearer", raw["token_type"])
	assert.Equal(t, "2030-01-02T03:04:05Z", raw["expiry"])
	assert.NotContains(t, string(data), "id_token")

	// Save replaces atomically: loads running alongside never see a partial file.
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 50 {
			tok := sampleToken()
			tok.AccessToken = "fake-access-" + strings.Repeat("x", i*40)
			assert.NoError(t, s.Save(t.Context(), key, tok))
		}
	})
	for range 4 {
		wg.Go(func() {
			for range 50 {
				_, err := s.Load(t.Context(), key)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1)
}

func TestFileStorePermissions(t *testing.T) {
	if !fileModesMatter() {
		t.Skip("file modes do not describe access here")
	}
	t.Run("directory", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.Chmod(dir, 0o755))
		_, err := oauth.NewFileStore(dir)
		requireDistinct(t, err, oauth.ErrInsecurePermissions)
		var pe *oauth.PermissionError
		require.ErrorAs(t, err, &pe)
		assert.True(t, pe.Dir)
		assert.Equal(t, uint32(0o755), pe.Mode)
		assert.Equal(t, "bettermode: oauth: token directory "+dir+" has mode 0755, open to other users; fix it with: chmod 700 "+dir, err.Error())
	})
	t.Run("directory loosened later", func(t *testing.T) {
		dir := storeDir(t)
		s, err := oauth.NewFileStore(dir)
		require.NoError(t, err)
		require.NoError(t, s.Save(t.Context(), "k", sampleToken()))
		require.NoError(t, os.Chmod(dir, 0o750))
		_, err = s.Load(t.Context(), "k")
		require.ErrorIs(t, err, oauth.ErrInsecurePermissions)
		require.ErrorIs(t, s.Save(t.Context(), "k", sampleToken()), oauth.ErrInsecurePermissions)
	})
	t.Run("file", func(t *testing.T) {
		dir := storeDir(t)
		s, err := oauth.NewFileStore(dir)
		require.NoError(t, err)
		require.NoError(t, s.Save(t.Context(), "k", sampleToken()))
		file := onlyFile(t, dir)
		require.NoError(t, os.Chmod(file, 0o644))
		_, err = s.Load(t.Context(), "k")
		requireDistinct(t, err, oauth.ErrInsecurePermissions)
		assert.Contains(t, err.Error(), "fix it with: chmod 600 "+file)
		// Saving again replaces the file with a private one.
		require.NoError(t, s.Save(t.Context(), "k", sampleToken()))
		_, err = s.Load(t.Context(), "k")
		require.NoError(t, err)
	})
	t.Run("not a directory", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		require.NoError(t, os.WriteFile(file, nil, 0o600))
		_, err := oauth.NewFileStore(file)
		require.Error(t, err)
	})
}

func onlyFile(t *testing.T, dir string) string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.Len(t, matches, 1)
	return matches[0]
}

func TestFileStoreCorrupt(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content string
	}{
		{"garbage", "\x00\x01 not json"},
		{"empty", ""},
		{"truncated", `{"access_token":"fake-acc`},
		{"no token", `{"token_type":"Bearer"}`},
		{"wrong type", `{"access_token":42}`},
		{"trailing data", `{"access_token":"a"} {"access_token":"b"}`},
		{"an HTML page", "<html><body>hello</body></html>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := storeDir(t)
			s, err := oauth.NewFileStore(dir)
			require.NoError(t, err)
			require.NoError(t, s.Save(t.Context(), "k", sampleToken()))
			require.NoError(t, os.WriteFile(onlyFile(t, dir), []byte(tc.content), 0o600))
			_, err = s.Load(t.Context(), "k")
			requireDistinct(t, err, oauth.ErrCorruptToken)
			assert.Contains(t, err.Error(), "delete it and log in again")
			assert.NotContains(t, err.Error(), "fake-acc")
		})
	}
	t.Run("a directory in its place", func(t *testing.T) {
		dir := storeDir(t)
		s, err := oauth.NewFileStore(dir)
		require.NoError(t, err)
		require.NoError(t, s.Save(t.Context(), "k", sampleToken()))
		file := onlyFile(t, dir)
		require.NoError(t, os.Remove(file))
		require.NoError(t, os.Mkdir(file, 0o700))
		_, err = s.Load(t.Context(), "k")
		requireDistinct(t, err, oauth.ErrCorruptToken)
	})
}

// storeDir returns a directory for a FileStore that does not exist yet
// (t.TempDir itself is open to others, which NewFileStore refuses).
func storeDir(t *testing.T) string { return filepath.Join(t.TempDir(), "tokens") }
