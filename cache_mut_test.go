package bettermode

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCachedSourceForget: after a logout forgets the current token, the
// next call starts a new session (Token, not Refresh); forgetting a token
// that is no longer current changes nothing.
func TestCachedSourceForget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := cacheRefresher{&cacheSource{lifetime: time.Hour, refreshTokens: true}}
		c, _ := newTestCache(t, src)
		tok1 := mustToken(t, c)
		c.forget(tok1)
		tok2 := mustToken(t, c)
		assert.Equal(t, Secret("fake-access-token-2"), tok2.AccessToken, "the forgotten token is not served")
		assert.Empty(t, src.refreshed(), "a new session, not a refresh of the forgotten one")

		c.forget(tok1) // no longer current: nothing changes
		assert.Same(t, tok2, mustToken(t, c))
		require.True(t, c.Invalidate(tok2))
		assert.Equal(t, Secret("fake-access-token-3"), mustToken(t, c).AccessToken)
		require.Len(t, src.refreshed(), 1, "the session of tok2 is refreshed")
		assert.Equal(t, tok2.AccessToken, src.refreshed()[0].AccessToken)
	})
}
