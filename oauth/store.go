package oauth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode/internal/privfile"
)

// Store keeps tokens by key (a user id, an account name). Implementations are
// safe for concurrent use and keep the token's AccessToken, TokenType,
// RefreshToken, Expiry and ExpiresIn.
type Store interface {
	// Load returns the token saved under key, or an error matching
	// ErrTokenNotFound when there is none.
	Load(ctx context.Context, key string) (*oauth2.Token, error)
	// Save saves tok under key, replacing any token there.
	Save(ctx context.Context, key string, tok *oauth2.Token) error
	// Delete removes the token under key; a missing one is not an error.
	Delete(ctx context.Context, key string) error
}

// Locker is implemented by stores that can lock a key, so that sources
// sharing the store (in one process or several) refresh a token once: Lock
// blocks until the key is free or ctx ends, and returns the function that
// frees it. MemoryStore and FileStore implement it.
type Locker interface {
	// Lock blocks until key is free or ctx ends, locks it, and returns the
	// function that unlocks it.
	Lock(ctx context.Context, key string) (unlock func(), err error)
}

// copyToken copies the fields a Store keeps.
func copyToken(t *oauth2.Token) *oauth2.Token {
	return &oauth2.Token{AccessToken: t.AccessToken, TokenType: t.TokenType, RefreshToken: t.RefreshToken,
		Expiry: t.Expiry, ExpiresIn: t.ExpiresIn}
}

func checkSave(key string, tok *oauth2.Token) error {
	switch {
	case key == "":
		return invalidInput("the store key is empty")
	case tok == nil || (tok.AccessToken == "" && tok.RefreshToken == ""):
		return invalidInput("the token to save has neither an access nor a refresh token")
	}
	return nil
}

// MemoryStore is a Store in memory, for tests and single-process apps whose
// users log in again after a restart. Make it with NewMemoryStore.
type MemoryStore struct {
	mu     sync.Mutex
	tokens map[string]*oauth2.Token
	locks  keyedMutex
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{tokens: map[string]*oauth2.Token{}} }

// Load returns a copy of the token under key, or ErrTokenNotFound.
func (m *MemoryStore) Load(ctx context.Context, key string) (*oauth2.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[key]
	if !ok {
		return nil, ErrTokenNotFound
	}
	return copyToken(t), nil
}

// Save saves a copy of tok under key.
func (m *MemoryStore) Save(ctx context.Context, key string, tok *oauth2.Token) error {
	if err := checkSave(key, tok); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[key] = copyToken(tok)
	return nil
}

// Delete removes the token under key.
func (m *MemoryStore) Delete(ctx context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.tokens, key)
	return nil
}

// Lock locks key within the process.
func (m *MemoryStore) Lock(ctx context.Context, key string) (func(), error) {
	return m.locks.lock(ctx, key)
}

// FileStore is a Store in a directory, one file per key, for CLIs and
// servers whose sessions survive restarts. Make it with NewFileStore.
//
// The directory has mode 0700 and the files 0600; a directory or file
// another user owns is refused (ErrInsecurePermissions), a symbolic link or
// a FIFO planted at a token or lock file's path is refused without being
// followed or blocking (ErrCorruptToken), and a directory or file open
// to other users is refused with a *PermissionError saying which chmod fixes
// it (the check is skipped on Windows, where modes do not describe access).
// A file is named after the SHA-256 of its key and holds the token as JSON
// (access_token, token_type, refresh_token, expiry, expires_in). Saves
// replace a file atomically: a temporary file in the same directory is
// written, synced and renamed over it, and the directory is synced. A file
// that is not a token fails with ErrCorruptToken.
//
// Lock takes an advisory file lock (flock) on KEYFILE.lock on Linux, macOS
// and the BSDs, so that processes sharing the directory refresh a token once;
// elsewhere it locks within the process only.
type FileStore struct {
	dir   string
	locks keyedMutex
}

// NewFileStore returns a FileStore in dir, creating it (and its parents)
// with mode 0700 if it does not exist. An existing dir open to other users
// fails with a *PermissionError.
func NewFileStore(dir string) (*FileStore, error) {
	if dir == "" {
		return nil, invalidInput("NewFileStore: the directory is empty")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("bettermode: oauth: token directory %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("bettermode: oauth: cannot create the token directory: %w", err)
	}
	s := &FileStore{dir: abs}
	if err := s.checkDir(); err != nil {
		return nil, err
	}
	return s, nil
}

// Dir returns the store's directory (absolute).
func (s *FileStore) Dir() string { return s.dir }

// checkModes reports whether permission bits mean anything here.
var checkModes = runtime.GOOS != "windows"

func (s *FileStore) checkDir() error {
	fi, err := privfile.CheckDir(s.dir)
	var pe *privfile.Error
	if errors.As(err, &pe) && !pe.Foreign {
		return invalidInput("the token directory " + s.dir + " is not a directory")
	}
	if err != nil {
		return fileError("token directory", err)
	}
	if checkModes && fi.Mode().Perm()&0o077 != 0 {
		return &PermissionError{Path: s.dir, Mode: uint32(fi.Mode().Perm()), Dir: true}
	}
	return nil
}

// path returns the file for key.
func (s *FileStore) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(s.dir, hex.EncodeToString(sum[:])+".json")
}

// maxTokenFile bounds what Load reads.
const maxTokenFile = 1 << 20

// Load reads the token saved under key: ErrTokenNotFound if there is none, a
// *PermissionError if the directory or file is open to other users, an
// error matching ErrCorruptToken if the file is not a token.
func (s *FileStore) Load(ctx context.Context, key string) (*oauth2.Token, error) {
	if key == "" {
		return nil, invalidInput("the store key is empty")
	}
	if err := s.checkDir(); err != nil {
		return nil, err
	}
	p := s.path(key)
	f, err := privfile.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrTokenNotFound
	}
	if err != nil {
		return nil, fileError("cannot read the token file", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("bettermode: oauth: cannot read the token file: %w", err)
	}
	if checkModes && fi.Mode().Perm()&0o077 != 0 {
		return nil, &PermissionError{Path: p, Mode: uint32(fi.Mode().Perm())}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return nil, fmt.Errorf("bettermode: oauth: cannot read the token file: %w", err)
	}
	var tok oauth2.Token
	dec := json.NewDecoder(bytes.NewReader(data))
	if len(data) > maxTokenFile || dec.Decode(&tok) != nil || dec.More() || (tok.AccessToken == "" && tok.RefreshToken == "") {
		return nil, newError("bettermode: oauth: token file "+p+" is corrupt (not the JSON of a token); delete it and log in again", ErrCorruptToken)
	}
	return &tok, nil
}

// Save writes tok under key, atomically.
func (s *FileStore) Save(ctx context.Context, key string, tok *oauth2.Token) error {
	if err := checkSave(key, tok); err != nil {
		return err
	}
	if err := s.checkDir(); err != nil {
		return err
	}
	data, err := json.Marshal(copyToken(tok))
	if err != nil {
		return fmt.Errorf("bettermode: oauth: cannot encode the token: %w", err)
	}
	f, err := os.CreateTemp(s.dir, ".tmp-token-*")
	if err != nil {
		return fmt.Errorf("bettermode: oauth: cannot save the token: %w", err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil && checkModes {
		return fmt.Errorf("bettermode: oauth: cannot save the token: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("bettermode: oauth: cannot save the token: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("bettermode: oauth: cannot save the token: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bettermode: oauth: cannot save the token: %w", err)
	}
	if err := os.Rename(tmp, s.path(key)); err != nil {
		return fmt.Errorf("bettermode: oauth: cannot save the token: %w", err)
	}
	ok = true
	syncDir(s.dir)
	return nil
}

// Delete removes the token file of key (its lock file stays, for processes
// that may hold it).
func (s *FileStore) Delete(ctx context.Context, key string) error {
	if key == "" {
		return invalidInput("the store key is empty")
	}
	if err := os.Remove(s.path(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("bettermode: oauth: cannot delete the token: %w", err)
	}
	syncDir(s.dir)
	return nil
}

// Lock locks key against other goroutines of this store and, where flock
// exists, against every process (or FileStore) using the directory. It gives
// up when ctx ends.
func (s *FileStore) Lock(ctx context.Context, key string) (func(), error) {
	if key == "" {
		return nil, invalidInput("the store key is empty")
	}
	unlock, err := s.locks.lock(ctx, key)
	if err != nil {
		return nil, err
	}
	funlock, err := lockFile(ctx, s.path(key)+".lock")
	if err != nil {
		unlock()
		return nil, err
	}
	return func() { funlock(); unlock() }, nil
}

// fileError describes an error opening a token file or directory: a path
// another user owns matches ErrInsecurePermissions, a symbolic link or
// something else than a regular file planted there matches ErrCorruptToken.
func fileError(what string, err error) error {
	var pe *privfile.Error
	switch {
	case errors.As(err, &pe) && pe.Foreign:
		return newError("bettermode: oauth: "+what+": "+pe.Error(), ErrInsecurePermissions)
	case errors.As(err, &pe):
		return newError("bettermode: oauth: "+what+": "+pe.Error()+" (it was not followed)", ErrCorruptToken)
	}
	return fmt.Errorf("bettermode: oauth: %s: %w", what, err)
}

// syncDir makes a rename in dir durable, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// keyedMutex is a set of mutexes by key that a context can stop waiting on.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*keyLock
}

type keyLock struct {
	ch   chan struct{} // holds a value while locked
	refs int
}

func (k *keyedMutex) lock(ctx context.Context, key string) (func(), error) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyLock{}
	}
	l := k.m[key]
	if l == nil {
		l = &keyLock{ch: make(chan struct{}, 1)}
		k.m[key] = l
	}
	l.refs++
	k.mu.Unlock()
	release := func() {
		k.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
	select {
	case l.ch <- struct{}{}:
	case <-ctx.Done():
		release()
		return nil, newError("bettermode: oauth: gave up waiting for the token's lock: the context ended", ctx.Err())
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-l.ch
			release()
		})
	}, nil
}

// isNil reports whether v is nil or holds a nil pointer, map, func, etc.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Chan, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
