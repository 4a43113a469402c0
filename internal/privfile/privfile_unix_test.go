//go:build unix

package privfile_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/internal/privfile"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "regular")
	require.NoError(t, os.WriteFile(regular, []byte("x"), 0o600))
	link := filepath.Join(dir, "link")
	require.NoError(t, os.Symlink(regular, link))
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	dangling := filepath.Join(dir, "dangling")
	target := filepath.Join(dir, "target")
	require.NoError(t, os.Symlink(target, dangling))

	f, err := privfile.Open(regular)
	require.NoError(t, err)
	f.Close()
	f, err = privfile.OpenLock(filepath.Join(dir, "new.lock"))
	require.NoError(t, err)
	f.Close()
	fi, err := os.Stat(filepath.Join(dir, "new.lock"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm()&^0o022) // minus the umask

	for name, p := range map[string]string{"symlink": link, "fifo": fifo, "dangling symlink": dangling, "directory": dir} {
		for _, open := range []func(string) (*os.File, error){privfile.Open, privfile.OpenLock} {
			f, err := open(p)
			if f != nil {
				f.Close()
			}
			var pe *privfile.Error
			require.ErrorAs(t, err, &pe, name)
			assert.ErrorIs(t, err, privfile.ErrNotPrivate)
			assert.False(t, pe.Foreign)
		}
	}
	assert.NoFileExists(t, target, "a dangling link's target is not created")

	_, err = privfile.CheckDir(dir)
	require.NoError(t, err)
	_, err = privfile.CheckDir(regular)
	require.ErrorIs(t, err, privfile.ErrNotPrivate)

	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	require.NoError(t, os.Chown(regular, 54321, 54321))
	_, err = privfile.Open(regular)
	var pe *privfile.Error
	require.ErrorAs(t, err, &pe)
	assert.True(t, pe.Foreign)
	assert.Contains(t, err.Error(), "is owned by uid 54321, not by you (uid 0)")
	require.NoError(t, os.Chown(dir, 54321, 54321))
	_, err = privfile.CheckDir(dir)
	require.ErrorAs(t, err, &pe)
	assert.True(t, pe.Foreign)
}
