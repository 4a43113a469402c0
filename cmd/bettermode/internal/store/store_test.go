package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/oauth2"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSaveLoadDelete(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "bettermode")
	st, err := Open(dir)
	require.NoError(t, err)
	assert.Equal(t, dir, st.Dir())

	_, err = st.Load("default")
	assert.ErrorIs(t, err, ErrNotLoggedIn)
	names, err := st.List()
	require.NoError(t, err)
	assert.Empty(t, names)

	exp := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	sess := &Session{Kind: KindMember, Endpoint: "https://api.bettermode.com", AccessToken: "at", RefreshToken: "rt", Expiry: exp}
	require.NoError(t, st.Save("default", sess))
	require.NoError(t, st.Save("work", &Session{Kind: KindApp}))
	got, err := st.Load("default")
	require.NoError(t, err)
	assert.Equal(t, 1, got.Version)
	assert.Equal(t, "rt", got.RefreshToken)
	assert.True(t, exp.Equal(got.Expiry))
	names, err = st.List()
	require.NoError(t, err)
	assert.Equal(t, []string{"default", "work"}, names)

	for _, p := range []string{dir, filepath.Join(dir, "profiles")} {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm(), p)
	}
	fi, err := os.Stat(st.ProfilePath("default"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	// A session never prints its tokens.
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		assert.Equal(t, "store.Session{Kind: member, Endpoint: https://api.bettermode.com}", fmt.Sprintf(verb, sess), verb)
	}

	require.NoError(t, st.Delete(context.Background(), "default"))
	require.NoError(t, st.Delete(context.Background(), "default"))
	_, err = st.Load("default")
	assert.ErrorIs(t, err, ErrNotLoggedIn)
}

func TestCurrent(t *testing.T) {
	st, err := Open(t.TempDir() + "/s")
	require.NoError(t, err)
	cur, err := st.Current()
	require.NoError(t, err)
	assert.Empty(t, cur)
	require.NoError(t, st.SetCurrent("work"))
	cur, err = st.Current()
	require.NoError(t, err)
	assert.Equal(t, "work", cur)
}

func TestPermissionsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("modes do not describe access on Windows")
	}
	dir := filepath.Join(t.TempDir(), "s")
	st, err := Open(dir)
	require.NoError(t, err)
	require.NoError(t, st.Save("default", &Session{Kind: KindMember}))

	require.NoError(t, os.Chmod(st.ProfilePath("default"), 0o640))
	_, err = st.Load("default")
	var pe *PermissionError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "the session file "+st.ProfilePath("default")+" is open to other users (mode 0640): run chmod 600 "+st.ProfilePath("default"), err.Error())
	require.NoError(t, os.Chmod(st.ProfilePath("default"), 0o600))

	require.NoError(t, os.Chmod(dir, 0o750))
	_, err = Open(dir)
	require.ErrorAs(t, err, &pe)
	assert.True(t, pe.Dir)
	assert.Contains(t, err.Error(), "run chmod 700 "+dir)

	// A path with a space is quoted for the shell.
	assert.Equal(t, "run chmod 700 '/tmp/a b'", (&PermissionError{Path: "/tmp/a b", Mode: 0o755, Dir: true}).Error()[len("the session directory /tmp/a b is open to other users (mode 0755): "):])
}

func TestOAuthStorePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("modes do not describe access on Windows")
	}
	st, err := Open(filepath.Join(t.TempDir(), "s"))
	require.NoError(t, err)
	fst, err := st.OAuthStore()
	require.NoError(t, err)
	require.NoError(t, fst.Save(context.Background(), "default", &oauth2.Token{AccessToken: "a"}))
	require.NoError(t, st.Save("default", &Session{Kind: KindOAuth}))
	require.NoError(t, os.Chmod(st.OAuthDir(), 0o755))
	_, err = st.OAuthStore()
	var pe *PermissionError
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, err.Error(), "run chmod 700")
	require.NoError(t, os.Chmod(st.OAuthDir(), 0o700))
	require.NoError(t, st.Delete(context.Background(), "default"))
	_, err = fst.Load(context.Background(), "default")
	assert.Error(t, err)
}

func TestCorrupt(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "s"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(st.ProfilePath("x"), []byte("{not json"), 0o600))
	_, err = st.Load("x")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is corrupt: delete it and log in again")
	assert.False(t, errors.Is(err, ErrNotLoggedIn))
}

func TestValidName(t *testing.T) {
	for _, ok := range []string{"default", "work-2", "a.b_c", "X"} {
		assert.NoError(t, ValidName(ok), ok)
	}
	for _, bad := range []string{"", "../x", "a/b", ".hidden", "-x", "a b", "x.json", "x.lock", string(make([]byte, 65))} {
		assert.Error(t, ValidName(bad), bad)
	}
}

func TestAtomicWriteLeavesNoTemporaryFile(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "s"))
	require.NoError(t, err)
	for i := 0; i < 5; i++ {
		require.NoError(t, st.Save("p", &Session{Kind: KindMember, AccessToken: string(rune('a' + i))}))
	}
	entries, err := os.ReadDir(filepath.Join(st.Dir(), "profiles"))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "p.json", entries[0].Name())
}

func TestLock(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "s"))
	require.NoError(t, err)
	ctx := context.Background()
	unlock, err := st.Lock(ctx, "p")
	require.NoError(t, err)

	// A second lock waits, and gives up when its context ends.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = st.Lock(short, "p")
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	var wg sync.WaitGroup
	got := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		u, err := st.Lock(ctx, "p")
		if err == nil {
			close(got)
			u()
		}
	}()
	select {
	case <-got:
		t.Fatal("the lock was taken twice")
	case <-time.After(50 * time.Millisecond):
	}
	unlock()
	wg.Wait()
	<-got
}

func TestDefaultDir(t *testing.T) {
	d, err := DefaultDir(func(k string) string {
		if k == EnvDir {
			return "rel/dir"
		}
		return ""
	})
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(d))
	t.Setenv("XDG_CONFIG_HOME", "/xdg")
	t.Setenv("HOME", "/home/x")
	d, err = DefaultDir(func(string) string { return "" })
	require.NoError(t, err)
	if runtime.GOOS == "linux" {
		assert.Equal(t, "/xdg/bettermode", d)
	}
}
