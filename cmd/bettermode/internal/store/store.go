// Package store keeps the bettermode command's sessions: one JSON file per
// profile in a directory of mode 0700, files of mode 0600, written
// atomically, and refused with the chmod that fixes them when other users can
// read them. OAuth sessions keep their tokens in an oauth.FileStore in the
// same directory.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/bettermode-go/bettermode/internal/privfile"
	"github.com/bettermode-go/bettermode/oauth"
)

// EnvDir names the variable that overrides the directory sessions are kept in.
const EnvDir = "BETTERMODE_CONFIG_DIR"

// DefaultProfile is the profile used when none is named or current.
const DefaultProfile = "default"

// ErrNotLoggedIn: the profile has no session.
var ErrNotLoggedIn = errors.New("no session is stored for this profile")

// Session kinds.
const (
	// KindMember is a login with username or e-mail and password, renewed
	// with its refresh token.
	KindMember = "member"
	// KindEmail is a portal login by e-mailed code, renewed with its refresh
	// token.
	KindEmail = "email"
	// KindApp is an app's client credentials login; the secret is never
	// stored.
	KindApp = "app"
	// KindOAuth is an OAuth2 loopback login; its tokens live in the
	// oauth.FileStore.
	KindOAuth = "oauth"
)

// Session is what a profile keeps. AccessToken and RefreshToken are
// credentials: a Session is written only to its 0600 file and never printed
// (Format shows the profile and kind alone). No password or client secret is
// ever part of it.
type Session struct {
	// Version is the file format's version; Save sets 0 to 1.
	Version int `json:"version"`
	// Kind is the session's kind: KindMember, KindEmail, KindApp or
	// KindOAuth.
	Kind string `json:"kind"`
	// Endpoint is the GraphQL endpoint the session was opened on.
	Endpoint string `json:"endpoint"`

	// NetworkID is the community's id.
	NetworkID string `json:"network_id,omitempty"`
	// NetworkDomain is the community's domain, when known.
	NetworkDomain string `json:"network_domain,omitempty"`
	// User is the username or e-mail of a member session.
	User string `json:"user,omitempty"`
	// Email is the address of an e-mail code session.
	Email string `json:"email,omitempty"`
	// MemberID is the id of the member the token acts as.
	MemberID string `json:"member_id,omitempty"`
	// MemberName is that member's display name.
	MemberName string `json:"member_name,omitempty"`
	// Role is the token's role name.
	Role string `json:"role,omitempty"`

	// ClientID is the app's client id (app and OAuth sessions).
	ClientID string `json:"client_id,omitempty"`
	// ImpersonateMemberID is the member an app session acts as, if any.
	ImpersonateMemberID string `json:"impersonate_member_id,omitempty"`
	// GatewayURL is the gateway an app token must be used with, if any.
	GatewayURL string `json:"gateway_url,omitempty"`

	// AuthURL is the OAuth authorize endpoint (OAuth sessions, whose tokens
	// live in the oauth.FileStore).
	AuthURL string `json:"auth_url,omitempty"`
	// TokenURL is the OAuth token endpoint.
	TokenURL string `json:"token_url,omitempty"`
	// RedirectURL is the OAuth loopback redirect URL.
	RedirectURL string `json:"redirect_url,omitempty"`
	// Scopes are the OAuth scopes requested.
	Scopes []string `json:"scopes,omitempty"`

	// AccessToken is the stored access token (not for OAuth sessions).
	AccessToken string `json:"access_token,omitempty"`
	// RefreshToken renews member and e-mail sessions.
	RefreshToken string `json:"refresh_token,omitempty"`
	// Issued is when the access token was issued (its iat claim).
	Issued time.Time `json:"issued,omitzero"`
	// Expiry is when the access token expires.
	Expiry time.Time `json:"expiry,omitzero"`
	// Created is when the login happened.
	Created time.Time `json:"created,omitzero"`
}

// Format prints the session without its tokens, for every verb.
func (s *Session) Format(f fmt.State, _ rune) {
	if s == nil {
		fmt.Fprint(f, "store.Session(nil)")
		return
	}
	fmt.Fprintf(f, "store.Session{Kind: %s, Endpoint: %s}", s.Kind, s.Endpoint)
}

// PermissionError reports a directory or file that other users can access.
type PermissionError struct {
	// Path is the directory or file.
	Path string
	// Mode is its mode.
	Mode fs.FileMode
	// Dir reports whether Path is the directory.
	Dir bool
}

// Error says what is open and the chmod command that closes it.
func (e *PermissionError) Error() string {
	what, want := "file", "600"
	if e.Dir {
		what, want = "directory", "700"
	}
	return fmt.Sprintf("the session %s %s is open to other users (mode %04o): run chmod %s %s",
		what, e.Path, e.Mode.Perm(), want, shellQuote(e.Path))
}

// Store is a directory of sessions.
type Store struct {
	dir string
}

// DefaultDir returns $BETTERMODE_CONFIG_DIR, or "bettermode" in the user's
// configuration directory.
func DefaultDir(getenv func(string) string) (string, error) {
	if d := getenv(EnvDir); d != "" {
		return filepath.Abs(d)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no configuration directory (%v): set %s", err, EnvDir)
	}
	return filepath.Join(base, "bettermode"), nil
}

// Open opens (creating with mode 0700) the store in dir. A directory open to
// other users is refused with a *PermissionError.
func Open(dir string) (*Store, error) {
	s := &Store{dir: dir}
	for _, d := range []string{dir, s.profilesDir()} {
		if err := ensureDir(d); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Dir returns the store's directory.
func (s *Store) Dir() string { return s.dir }

func (s *Store) profilesDir() string { return filepath.Join(s.dir, "profiles") }

// ProfilePath returns the session file of profile name.
func (s *Store) ProfilePath(name string) string {
	return filepath.Join(s.profilesDir(), name+".json")
}

// OAuthDir is where OAuth sessions keep their tokens.
func (s *Store) OAuthDir() string { return filepath.Join(s.dir, "oauth") }

// OAuthStore returns the oauth.FileStore of the OAuth sessions (created on
// first use, mode 0700).
func (s *Store) OAuthStore() (*oauth.FileStore, error) {
	fst, err := oauth.NewFileStore(s.OAuthDir())
	if err != nil {
		var pe *oauth.PermissionError
		if errors.As(err, &pe) {
			return nil, &PermissionError{Path: pe.Path, Mode: fs.FileMode(pe.Mode), Dir: pe.Dir}
		}
		return nil, err
	}
	return fst, nil
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidName checks a profile name: letters, digits, '.', '_' and '-', at most
// 64, starting with a letter or digit.
func ValidName(name string) error {
	if !nameRE.MatchString(name) || strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".lock") {
		return fmt.Errorf("invalid profile name %q: use letters, digits, '.', '_' and '-' (at most 64)", name)
	}
	return nil
}

type config struct {
	Current string `json:"current,omitempty"`
}

func (s *Store) configPath() string { return filepath.Join(s.dir, "config.json") }

// Current returns the current profile, or "" when none was chosen.
func (s *Store) Current() (string, error) {
	var c config
	b, err := readPrivate(s.configPath())
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return "", fmt.Errorf("%s is corrupt (%v): delete it", s.configPath(), err)
	}
	if ValidName(c.Current) != nil {
		return "", nil
	}
	return c.Current, nil
}

// SetCurrent makes name the current profile.
func (s *Store) SetCurrent(name string) error {
	b, _ := json.MarshalIndent(config{Current: name}, "", "  ")
	return writeAtomic(s.configPath(), append(b, '\n'))
}

// Load reads the session of profile name: ErrNotLoggedIn when there is none.
func (s *Store) Load(name string) (*Session, error) {
	b, err := readPrivate(s.ProfilePath(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotLoggedIn
	}
	if err != nil {
		return nil, err
	}
	var sess Session
	if err := json.Unmarshal(b, &sess); err != nil || sess.Kind == "" {
		return nil, fmt.Errorf("the session file %s is corrupt: delete it and log in again", s.ProfilePath(name))
	}
	return &sess, nil
}

// Save writes the session of profile name, atomically.
func (s *Store) Save(name string, sess *Session) error {
	if sess.Version == 0 {
		sess.Version = 1
	}
	b, err := json.MarshalIndent(sess, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(s.ProfilePath(name), append(b, '\n'))
}

// Delete removes the session of profile name (and its OAuth tokens); a
// missing one is not an error.
func (s *Store) Delete(ctx context.Context, name string) error {
	sess, err := s.Load(name)
	if err == nil && sess.Kind == KindOAuth {
		fst, err := s.OAuthStore()
		if err != nil {
			return err
		}
		if err := fst.Delete(ctx, name); err != nil {
			return err
		}
	}
	if err := os.Remove(s.ProfilePath(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	_ = syncDir(s.profilesDir())
	return nil
}

// List returns the profiles that have a session, sorted.
func (s *Store) List() ([]string, error) {
	entries, err := os.ReadDir(s.profilesDir())
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if ok && e.Type().IsRegular() && ValidName(name) == nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, nil
}

// Lock locks profile name against other processes (flock on NAME.lock where
// the system has it), so that one of them renews a session at a time and no
// single-use refresh token is sent twice.
func (s *Store) Lock(ctx context.Context, name string) (func(), error) {
	return lockFile(ctx, filepath.Join(s.profilesDir(), name+".lock"))
}

// checkPerm refuses a path other users can access (not on Windows, whose
// modes do not describe access).
func checkPerm(path string, fi fs.FileInfo) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return &PermissionError{Path: path, Mode: fi.Mode(), Dir: fi.IsDir()}
	}
	return nil
}

func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the session directory: %w", err)
	}
	fi, err := privfile.CheckDir(dir)
	var pe *privfile.Error
	if errors.As(err, &pe) && !pe.Foreign {
		return fmt.Errorf("%s is not a directory: remove it or set %s", dir, EnvDir)
	}
	if err != nil {
		return fmt.Errorf("the session directory %w", err)
	}
	return checkPerm(dir, fi)
}

// readPrivate reads a file after checking that other users cannot access it
// (no symbolic link followed, no FIFO waited on, no file of another user
// read).
func readPrivate(path string) ([]byte, error) {
	f, err := privfile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkPerm(path, fi); err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(f, 1<<20))
}

// writeAtomic replaces path with data: a 0600 temporary file in the same
// directory is written, synced and renamed over it, and the directory synced.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err = f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	_ = syncDir(dir)
	return nil
}

func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// shellQuote quotes p for a shell when it needs it.
func shellQuote(p string) string {
	if p != "" && strings.IndexFunc(p, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '_' || r == '-' || r == '~' || r == ':' || r == '\\' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
	}) < 0 {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}
