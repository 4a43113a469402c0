package bettermode

// Mutation testing of the security core (redact.go, exec.go, auth.go,
// cache.go) with gremlins v0.6.0: see .ci/mutation and README's "Mutation
// testing". The tests that pin what the mutants change are in
// a_bounds_test.go, auth_mut_test.go, exec_mut_test.go, redact_mut_test.go
// and redact_internal_mut_test.go.
//
// The mutants no test can kill, because they cannot change what the code
// does:
//
//   - redact.go, overlaps: `k < len(f)` → `k <= len(f)`. At k = len(f),
//     f[:k] and f[len(f)-k:] are f itself: f equal to an end of p means p
//     contains f, which strings.Contains(p, f) just answered.
//   - redact.go, overlaps: `k <= len(p)` → `k < len(p)`. At k = len(p),
//     p[len(p)-k:] and p[:k] are p itself: f starting or ending with p means
//     f contains p, which strings.Contains(f, p) just answered.
//   - redact.go, formOccurrences: `i+len(f) <= len(s)` → `i-len(f) <=
//     len(s)`. The condition only ends the loop early: every i the loop
//     reaches is at most len(s)-len(f)+1, where strings.Index finds nothing
//     in what is left and ends it.
//   - auth.go, sameOriginRedirects: `len(via) > 0` → `len(via) >= 0`, both
//     times. net/http calls CheckRedirect with the requests made so far,
//     never with none: via always holds the first request.
//   - exec.go, do: `c.retry.MaxRateLimitWait > 0` → `>= 0`. withDefaults
//     turns a zero MaxRateLimitWait into 30s, so it is never 0 there.
//   - exec.go, jitteredBackoff: `d > maxDelay` → `d >= maxDelay`. A delay
//     equal to maxDelay is replaced by maxDelay.
//   - bound.go, start, and connwatch.go, dialer: `stall > 0` → `>= 0`. A
//     stall timeout is never zero: WithStallTimeout refuses 0.
//   - connwatch.go, check: `sent > recv` → `>=`. They are equal only on a
//     connection just dialed, which has sent nothing. `now-sent >= stall`
//     → `>`, and bound.go's `now-last >= stall` on the client's own
//     transport: equal to the nanosecond on a real clock (the bubble's
//     case is pinned by TestStallClockInBubble).
//   - connwatch.go and bound.go, Read: `n > 0` → `n >= 0`. A read of no
//     bytes stamps the clock too; it ends in an error or comes before data.
//   - bound.go, checkPeriod, the check's period `max(stall/4, time.Millisecond)`,
//     and client.go's dial timeouts (30 s): how soon a stall or a failed
//     dial is noticed, not whether; timing only, which no test asserts.
//
// gremlins reports every case expression of a tagless switch NOT COVERED
// (Go's coverage profile starts a clause's counter after its colon); the
// mutants there (cache.go's join and fetch, exec.go's retry switch,
// redact.go's with) are run by .ci/mutant, called by .ci/mutation.
//
// Mutants that made a test hang (the scrubber looping, the sender retrying
// forever) are killed within a bound instead: TestScrubberReturns runs
// first (its file's name), and the sender's tests run in synctest bubbles
// on a context that ends after an hour of fake time.
