package bettermode

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/jwt"
)

// upgradeLife records, for each WebSocket upgrade, how long the token it
// carried had left to live.
type upgradeLife struct {
	mu    sync.Mutex
	lives []time.Duration
}

func (u *upgradeLife) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			if c, err := jwt.Parse(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")); err == nil {
				u.mu.Lock()
				u.lives = append(u.lives, time.Until(c.Expiry))
				u.mu.Unlock()
			}
		}
		h.ServeHTTP(w, r)
	})
}

func (u *upgradeLife) all() []time.Duration {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]time.Duration(nil), u.lives...)
}

// TestSubscribeReconnectNearExpiry (issue 18, defect 1): 3 s tokens (2 to
// 3 s from their mint, the kit cuts expiries to whole seconds) and a drop
// every 1.5 s, with the default options: every connect carries a token
// with at least a second to live (a stale one is refreshed first), a
// socket closed before its token expires is no failure (no backoff), and
// events published every 50 ms never pause for more than a second. The
// client and the kit run in a synctest bubble over in-memory connections:
// token lives, drops and pauses are on virtual time, so CPU starvation
// cannot stretch a socket's life or bunch the events.
func TestSubscribeReconnectNearExpiry(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testSubscribeReconnectNearExpiry)
}

func testSubscribeReconnectNearExpiry(t *testing.T) {
	srv := bettermodetest.New(bettermodetest.WithTokenLifetime(3 * time.Second))
	defer srv.Close()
	var lives upgradeLife
	hc := pipeServer(t, lives.wrap(srv.Handler()))
	c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc), WithCredentials(Guest{NetworkDomain: srv.Network().Domain}))
	require.NoError(t, err)
	defer c.Close()
	h := newHookLog()
	r := subscribe(t, c, WithReconnectHook(h.hook))
	waitKit(t, srv, "one subscription", func(st bettermodetest.SubscriptionStats) bool { return st.Active == 1 })

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { // the publisher
		tk := time.NewTicker(50 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
				srv.Publish("memberEvents", memberEvent("ev", "tick"))
			}
		}
	})
	var got []time.Time
	wg.Go(func() { // the receiver
		for {
			select {
			case <-stop:
				return
			case <-r.events:
				got = append(got, time.Now())
			}
		}
	})
	for range 6 {
		time.Sleep(1500 * time.Millisecond)
		srv.DropSubscriptions()
	}
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()
	require.NoError(t, r.stop(t))

	var pause time.Duration
	for i := 1; i < len(got); i++ {
		pause = max(pause, got[i].Sub(got[i-1]))
	}
	var expiring, dropped int
	for _, ev := range h.all() {
		switch ev.Reason {
		case ReconnectTokenExpiring:
			expiring++
			assert.Zero(t, ev.Delay, "no backoff after a planned close")
			assert.Zero(t, ev.Attempt, "a planned close is no failure")
		case ReconnectDropped:
			dropped++
			assert.Equal(t, 1, ev.Attempt, "each socket lived long enough to count as a success")
		}
	}
	minLife := time.Hour
	for _, l := range lives.all() {
		minLife = min(minLife, l)
	}
	t.Logf("%d connects, shortest token life at connect %s; %d planned closes, %d drops; %d events, longest pause %s",
		len(lives.all()), minLife.Round(time.Millisecond), expiring, dropped, len(got), pause.Round(time.Millisecond))
	assert.GreaterOrEqual(t, len(lives.all()), 7)
	assert.GreaterOrEqual(t, minLife, time.Second, "every connect's token has life left")
	assert.Positive(t, len(got))
	assert.LessOrEqual(t, pause, time.Second, "events never pause more than a second")
	assert.Zero(t, srv.SubscriptionStats().Expired, "the kit never closed a socket for expiry")
}
