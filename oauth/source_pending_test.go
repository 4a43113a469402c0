package oauth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/oauth"
)

// TestSourceSavesPendingBeforeLoading: after Refresh replaced a rejected
// token that was still fresh but could not save its successor, Token saves
// the successor and returns it, never the rejected token still in the store.
func TestSourceSavesPendingBeforeLoading(t *testing.T) {
	srv, hc := startKit(t)
	store := &flakyStore{MemoryStore: oauth.NewMemoryStore()}
	require.NoError(t, store.MemoryStore.Save(t.Context(), "me", srv.Grant()))
	src := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc))
	old, err := src.Token(t.Context())
	require.NoError(t, err)

	store.fails = 1
	_, err = src.Refresh(t.Context(), old)
	require.ErrorIs(t, err, errStoreDown)

	tok, err := src.Token(t.Context())
	require.NoError(t, err)
	assert.NotEqual(t, old.AccessToken.Reveal(), tok.AccessToken.Reveal(), "the rejected token came back")
	saved, err := store.Load(t.Context(), "me")
	require.NoError(t, err)
	assert.Equal(t, saved.AccessToken, tok.AccessToken.Reveal())
	assert.Equal(t, 1, srv.Refreshes())
}
