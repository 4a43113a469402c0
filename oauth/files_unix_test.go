//go:build unix

package oauth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode/oauth"
)

// tokenPath is where a FileStore in dir keeps key's token.
func tokenPath(dir, key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(dir, hex.EncodeToString(sum[:])+".json")
}

// foreignUID is a uid no test user has.
const foreignUID = 54321

// TestFileStorePlantedFiles: a symbolic link or a FIFO planted at a token
// or lock file's path, and a directory or file another user owns, are
// refused without following, blocking or touching their targets.
func TestFileStorePlantedFiles(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	tok := &oauth2.Token{AccessToken: "fake-access-planted", RefreshToken: "fake-refresh-planted"}

	t.Run("symlinked lock", func(t *testing.T) {
		dir := storeDir(t)
		st := fileStore(t, dir)
		victim := filepath.Join(t.TempDir(), "victim")
		require.NoError(t, os.Symlink(victim, tokenPath(dir, "me")+".lock"))
		_, err := st.Lock(ctx, "me")
		require.ErrorIs(t, err, oauth.ErrCorruptToken)
		assert.NoFileExists(t, victim, "the link's target was not created")

		existing := filepath.Join(t.TempDir(), "existing")
		require.NoError(t, os.WriteFile(existing, []byte("keep"), 0o644))
		require.NoError(t, os.Remove(tokenPath(dir, "me")+".lock"))
		require.NoError(t, os.Symlink(existing, tokenPath(dir, "me")+".lock"))
		_, err = st.Lock(ctx, "me")
		require.ErrorIs(t, err, oauth.ErrCorruptToken)
		b, _ := os.ReadFile(existing)
		assert.Equal(t, "keep", string(b))
	})
	t.Run("symlinked token", func(t *testing.T) {
		dir := storeDir(t)
		st := fileStore(t, dir)
		other := fileStore(t, storeDir(t))
		require.NoError(t, other.Save(ctx, "me", tok))
		require.NoError(t, os.Symlink(tokenPath(other.Dir(), "me"), tokenPath(dir, "me")))
		_, err := st.Load(ctx, "me")
		require.ErrorIs(t, err, oauth.ErrCorruptToken)
	})
	t.Run("FIFO token and lock", func(t *testing.T) {
		dir := storeDir(t)
		st := fileStore(t, dir)
		require.NoError(t, syscall.Mkfifo(tokenPath(dir, "me"), 0o600))
		require.NoError(t, syscall.Mkfifo(tokenPath(dir, "me")+".lock", 0o600))
		done := make(chan error, 2)
		go func() { _, err := st.Load(ctx, "me"); done <- err }()
		go func() { _, err := st.Lock(ctx, "me"); done <- err }()
		for range 2 {
			select {
			case err := <-done:
				require.ErrorIs(t, err, oauth.ErrCorruptToken)
			case <-ctx.Done():
				t.Fatal("blocked on a FIFO")
			}
		}
	})
	t.Run("foreign directory", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root to give a directory to another user")
		}
		dir := storeDir(t)
		require.NoError(t, os.MkdirAll(dir, 0o700))
		require.NoError(t, os.Chown(dir, foreignUID, foreignUID))
		_, err := oauth.NewFileStore(dir)
		require.ErrorIs(t, err, oauth.ErrInsecurePermissions)
		assert.Contains(t, err.Error(), "owned by uid 54321")
	})
	t.Run("foreign token file", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root to give a file to another user")
		}
		dir := storeDir(t)
		st := fileStore(t, dir)
		require.NoError(t, st.Save(ctx, "me", tok))
		require.NoError(t, os.Chown(tokenPath(dir, "me"), foreignUID, foreignUID))
		_, err := st.Load(ctx, "me")
		require.ErrorIs(t, err, oauth.ErrInsecurePermissions)
		require.NoError(t, os.WriteFile(tokenPath(dir, "me")+".lock", nil, 0o600))
		require.NoError(t, os.Chown(tokenPath(dir, "me")+".lock", foreignUID, foreignUID))
		_, err = st.Lock(ctx, "me")
		require.ErrorIs(t, err, oauth.ErrInsecurePermissions)
	})
}
