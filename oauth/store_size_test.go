package oauth_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/oauth"
)

// TestFileStoreSizeLimit loads a token file of exactly 1 MiB, the most a
// FileStore reads, and refuses one a byte longer as corrupt.
func TestFileStoreSizeLimit(t *testing.T) {
	const limit = 1 << 20
	body := `{"access_token":"fake-access-size-0001"}`
	for _, tc := range []struct {
		name string
		size int
		ok   bool
	}{
		{"at the limit", limit, true},
		{"a byte over", limit + 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := storeDir(t)
			s, err := oauth.NewFileStore(dir)
			require.NoError(t, err)
			require.NoError(t, s.Save(t.Context(), "k", sampleToken()))
			content := body + strings.Repeat(" ", tc.size-len(body))
			require.NoError(t, os.WriteFile(onlyFile(t, dir), []byte(content), 0o600))
			tok, err := s.Load(t.Context(), "k")
			if !tc.ok {
				requireDistinct(t, err, oauth.ErrCorruptToken)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "fake-access-size-0001", tok.AccessToken)
		})
	}
}
