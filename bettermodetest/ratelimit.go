package bettermodetest

import (
	"math"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"
	"weak"
)

// RejectRateLimited: a request over the rate limit set by LimitRate (HTTP
// 429, code "104").
const RejectRateLimited = "rate_limited"

// RateLimit is a per-community API limit, as Bettermode enforces by plan
// (for example 100 requests and 10,000 complexity per 10 seconds on the
// free plan). Tests use small limits and short windows.
type RateLimit struct {
	// Requests is how many requests the server serves per Window; 0 means
	// no limit.
	Requests int
	// Complexity is how much complexity (extensions.complexity) the
	// operations it executes may add up to per Window; 0 means no limit.
	Complexity int
	// Window is the window of both; default 10 s.
	Window time.Duration
}

// LimitRate makes the server enforce l over sliding windows: a request that
// arrives while the window before it already holds l.Requests served
// requests, or operations of l.Complexity complexity, is answered HTTP 429
// with code "104" and a Retry-After header (whole seconds), is not executed
// and counts as Rejected(RejectRateLimited). Every request counts, token
// mints too, as they do at Bettermode. A zero RateLimit removes the limit.
// LimitRate restarts what RateLimited and WindowMax report.
func (s *Server) LimitRate(l RateLimit) {
	if l.Window <= 0 {
		l.Window = 10 * time.Second
	}
	wp := weak.Make(s)
	if l.Requests <= 0 && l.Complexity <= 0 {
		rateStates.Delete(wp)
		return
	}
	if _, loaded := rateStates.Swap(wp, &rateState{limit: l}); !loaded {
		runtime.AddCleanup(s, func(wp weak.Pointer[Server]) { rateStates.Delete(wp) }, wp)
	}
}

// RateLimited returns how many requests the limit of LimitRate answered
// with 429 since LimitRate was called.
func (s *Server) RateLimited() int {
	st := s.rateState()
	if st == nil {
		return 0
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.limited
}

// WindowMax returns the most requests that arrived (served or not) and the
// most complexity executed in any window of the limit's length since
// LimitRate was called: what a client-side budget must keep within the
// limit.
func (s *Server) WindowMax() (requests, complexity int) {
	st := s.rateState()
	if st == nil {
		return 0, 0
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	w := st.limit.Window
	for i, j := 0, 0; j < len(st.arrivals); j++ {
		for st.arrivals[i] <= st.arrivals[j]-w {
			i++
		}
		requests = max(requests, j-i+1)
	}
	sum := 0
	for i, j := 0, 0; j < len(st.cost); j++ {
		sum += st.cost[j].n
		for st.cost[i].at <= st.cost[j].at-w {
			sum -= st.cost[i].n
			i++
		}
		complexity = max(complexity, sum)
	}
	return requests, complexity
}

// rateStates holds the limit of each server that has one. It is keyed by a
// weak pointer, so that a server that is gone takes its limit along.
var rateStates sync.Map // weak.Pointer[Server] → *rateState

// maxRateEvents bounds the record WindowMax reads.
const maxRateEvents = 1 << 20

type rateState struct {
	limit RateLimit

	mu       sync.Mutex
	start    time.Time       // monotonic origin of the durations below
	arrivals []time.Duration // every request
	served   []time.Duration // served requests, in the last window
	cost     []costEvent     // executed complexity
	limited  int
}

type costEvent struct {
	at time.Duration
	n  int
}

func (s *Server) rateState() *rateState {
	v, ok := rateStates.Load(weak.Make(s))
	if !ok {
		return nil
	}
	return v.(*rateState)
}

// limitRate applies LimitRate's limit to a request that arrives: it
// reports whether the request was answered 429.
func (s *Server) limitRate(w http.ResponseWriter) bool {
	st := s.rateState()
	if st == nil {
		return false
	}
	st.mu.Lock()
	now := st.since()
	if len(st.arrivals) < maxRateEvents {
		st.arrivals = append(st.arrivals, now)
	}
	from := now - st.limit.Window
	i := 0
	for i < len(st.served) && st.served[i] <= from {
		i++
	}
	st.served = st.served[i:]
	retryAt := time.Duration(-1)
	if st.limit.Requests > 0 && len(st.served) >= st.limit.Requests {
		retryAt = st.served[len(st.served)-st.limit.Requests] + st.limit.Window
	}
	if st.limit.Complexity > 0 {
		sum := 0
		for k := len(st.cost) - 1; k >= 0 && st.cost[k].at > from; k-- {
			if sum += st.cost[k].n; sum >= st.limit.Complexity {
				retryAt = max(retryAt, st.cost[k].at+st.limit.Window)
				break
			}
		}
	}
	if retryAt < 0 {
		st.served = append(st.served, now)
		st.mu.Unlock()
		return false
	}
	st.limited++
	st.mu.Unlock()
	s.count(rejectedMap, RejectRateLimited)
	e := statusError(http.StatusTooManyRequests)
	header := http.Header{"Retry-After": {strconv.Itoa(max(1, int(math.Ceil((retryAt - now).Seconds()))))}}
	s.writeJSON(w, e.status, header, map[string]any{"errors": []any{map[string]any{"message": e.message, "status": e.status, "code": e.code}}})
	return true
}

// chargeRate records the complexity of an executed operation.
func (s *Server) chargeRate(n int) {
	st := s.rateState()
	if st == nil {
		return
	}
	st.mu.Lock()
	if len(st.cost) < maxRateEvents {
		st.cost = append(st.cost, costEvent{at: st.since(), n: n})
	}
	st.mu.Unlock()
}

// since returns the time since the limit was set; st.mu is held.
func (st *rateState) since() time.Duration {
	if st.start.IsZero() {
		st.start = time.Now()
	}
	return time.Since(st.start)
}
