//go:build unix

package store

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/internal/privfile"
)

// TestPlantedFiles: a symbolic link or FIFO planted at a session's lock or
// file path, and a directory or file another user owns, are refused without
// following, blocking or touching their targets.
func TestPlantedFiles(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	open := func(t *testing.T) *Store {
		st, err := Open(filepath.Join(t.TempDir(), "bettermode"))
		require.NoError(t, err)
		return st
	}
	t.Run("symlinked lock", func(t *testing.T) {
		st := open(t)
		victim := filepath.Join(t.TempDir(), "victim")
		require.NoError(t, os.Symlink(victim, filepath.Join(st.profilesDir(), "default.lock")))
		_, err := st.Lock(ctx, "default")
		require.ErrorIs(t, err, privfile.ErrNotPrivate)
		assert.NoFileExists(t, victim)
	})
	t.Run("symlinked session", func(t *testing.T) {
		st := open(t)
		other := open(t)
		require.NoError(t, other.Save("default", &Session{Kind: KindMember, AccessToken: "fake-at"}))
		require.NoError(t, os.Symlink(other.ProfilePath("default"), st.ProfilePath("default")))
		_, err := st.Load("default")
		require.ErrorIs(t, err, privfile.ErrNotPrivate)
	})
	t.Run("FIFO session and lock", func(t *testing.T) {
		st := open(t)
		require.NoError(t, syscall.Mkfifo(st.ProfilePath("default"), 0o600))
		require.NoError(t, syscall.Mkfifo(filepath.Join(st.profilesDir(), "default.lock"), 0o600))
		done := make(chan error, 2)
		go func() { _, err := st.Load("default"); done <- err }()
		go func() { _, err := st.Lock(ctx, "default"); done <- err }()
		for range 2 {
			select {
			case err := <-done:
				require.ErrorIs(t, err, privfile.ErrNotPrivate)
			case <-ctx.Done():
				t.Fatal("blocked on a FIFO")
			}
		}
	})
	t.Run("foreign directory and file", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root to give a directory to another user")
		}
		dir := filepath.Join(t.TempDir(), "bettermode")
		require.NoError(t, os.MkdirAll(dir, 0o700))
		require.NoError(t, os.Chown(dir, 54321, 54321))
		_, err := Open(dir)
		require.ErrorIs(t, err, privfile.ErrNotPrivate)
		assert.Contains(t, err.Error(), "owned by uid 54321")

		st := open(t)
		require.NoError(t, st.Save("default", &Session{Kind: KindMember}))
		require.NoError(t, os.Chown(st.ProfilePath("default"), 54321, 54321))
		_, err = st.Load("default")
		require.ErrorIs(t, err, privfile.ErrNotPrivate)
	})
}
