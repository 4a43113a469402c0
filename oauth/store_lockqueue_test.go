package oauth_test

import (
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/oauth"
)

// TestMemoryStoreLockQueue hands a key's lock from its holder to a waiter,
// and a third caller arriving then waits for that waiter to be done: the
// key stays locked while anyone holds it.
func TestMemoryStoreLockQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := oauth.NewMemoryStore()
		unlockA, err := s.Lock(t.Context(), "alice")
		require.NoError(t, err)

		var held atomic.Int32 // the goroutines holding the lock
		take := func(release <-chan struct{}) {
			unlock, err := s.Lock(t.Context(), "alice")
			if !assert.NoError(t, err) {
				return
			}
			held.Add(1)
			<-release
			held.Add(-1)
			unlock()
		}
		releaseB, releaseC := make(chan struct{}), make(chan struct{})
		go take(releaseB)
		synctest.Wait()
		assert.Equal(t, int32(0), held.Load(), "B waits for A")

		unlockA()
		synctest.Wait()
		assert.Equal(t, int32(1), held.Load(), "B has the lock")

		go take(releaseC)
		synctest.Wait()
		assert.Equal(t, int32(1), held.Load(), "C waits for B")

		close(releaseB)
		synctest.Wait()
		assert.Equal(t, int32(1), held.Load(), "C has the lock")
		close(releaseC)
		synctest.Wait()
		assert.Equal(t, int32(0), held.Load())
	})
}
