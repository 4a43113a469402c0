package bettermode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTokenEventsSayWhereTheTokenCameFrom (issue 18, defect 6): in a fleet
// the replica that mints logs "minted", the others "loaded from the
// store"; a failed fetch before any token names the source's kind and
// logs no zero expiry.
func TestTokenEventsSayWhereTheTokenCameFrom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mints atomic.Int32
		src := CredentialSourceFunc(func(ctx context.Context) (*Token, error) {
			mints.Add(1)
			return NewToken(Secret(fakeJWT(t, map[string]any{"exp": time.Now().Add(time.Hour).Unix()})), KindCustom), nil
		})
		store := newMemStore()
		var logs bytes.Buffer
		logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		var (
			mu    sync.Mutex
			types []TokenEventType
		)
		hook := func(ev TokenEvent) { mu.Lock(); types = append(types, ev.Type); mu.Unlock() }
		a := CacheSource(src, WithTokenStore(store, "k"), WithLogger(logger), WithTokenHook(hook))
		defer a.Close()
		b := CacheSource(src, WithTokenStore(store, "k"), WithLogger(logger), WithTokenHook(hook))
		defer b.Close()
		_, err := a.Token(t.Context())
		require.NoError(t, err)
		synctest.Wait() // a's report
		_, err = b.Token(t.Context())
		require.NoError(t, err)
		synctest.Wait()
		assert.Equal(t, int32(1), mints.Load())
		assert.Equal(t, []TokenEventType{TokenMinted, TokenLoaded}, types)
		assert.Contains(t, logs.String(), `"msg":"bettermode: token minted"`)
		assert.Contains(t, logs.String(), `"msg":"bettermode: token loaded from the store","event":"loaded from the store","kind":"custom"`)

		logs.Reset()
		failing := CacheSource(CredentialSourceFunc(func(context.Context) (*Token, error) { return nil, errors.New("fake outage") }), WithLogger(logger))
		defer failing.Close()
		_, err = failing.Token(t.Context())
		require.Error(t, err)
		synctest.Wait()
		line := strings.TrimSpace(logs.String())
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		assert.Equal(t, "custom", rec["kind"], "the failed fetch names the source's kind")
		assert.NotContains(t, rec, "expiry", "no zero expiry")
	})
}
