package webhook_test

// Mutation testing (gremlins v0.6.0; see .ci/mutation and README's
// "Mutation testing"). The mutants of this package that no test can kill,
// because they cannot change what the package does:
//
//   - dedupe.go, Finish: `d.head < len(d.queue)` → `<=`. The loop runs only
//     while more events are remembered than MaxEntries, and every remembered
//     event has its entry in d.queue[d.head:], so d.head < len(d.queue)
//     holds whenever the first condition does: the second never decides.
//   - dedupe.go, popOldest: `d.head > 64` → `>= 64` and `d.head*2 >=
//     len(d.queue)` → `>`. The queue is compacted one entry sooner or later:
//     the same live entries, the same bound on memory
//     (TestMemoryDeduperMemoryBounded kills the mutants that lose the
//     bound).
//   - handler.go, read: `r.ContentLength > 0` → `>= 0`. A capacity hint: a
//     body of length 0 grows the buffer by 0 bytes.
//
// gremlins reports the case expressions of a tagless switch (handler.go's
// Claim switch) and constant expressions (verify.go's signatureLen and
// maxTimestampDigits) NOT COVERED: Go's coverage profile puts them in no
// block. `.ci/mutation webhook` runs them with .ci/mutant: all are killed.
//
// TestHandlerSecondDeliveryAcknowledged is in dedupe_mut_test.go, not
// handler_mut_test.go, so that it runs before TestHandlerDedupeTTL: a mutant
// that never finishes a claim makes that test wait forever, where this one,
// in a synctest bubble, fails at once (deadlock).
