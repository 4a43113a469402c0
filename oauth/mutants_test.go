package oauth_test

// Mutation testing (gremlins v0.6.0; see .ci/mutation and README's
// "Mutation testing"). The mutants of this package that no test can kill,
// because they cannot change what the package does:
//
//   - cookie.go, seal: `1+8+1+len(c.state)+len(c.verifier)` → `1+8-1+…` or
//     `…-len(c.verifier)`. The capacity of a slice that append grows as
//     needed; the state and the verifier are both 43 bytes, so the capacity
//     never turns negative.
//   - cookie.go, open: `len(raw) < NonceSize+Overhead` → `<=`. A value of
//     exactly a nonce and a tag holds an empty plaintext, which the next
//     check (fewer than 10 bytes) refuses with the same errCookieFormat.
//
// Two survivors change only how long something waits, which no test can
// observe without measuring time:
//
//   - lock_flock.go, lock: `2*delay` → `2/delay`. The wait between two tries
//     of a busy lock becomes 0 (the lock is polled): the lock is still taken
//     once it is free, and the context still ends the wait.
//   - loopback.go: `shutdownGrace = 2 * time.Second` → `2 / time.Second`
//     (0). Login then closes the loopback server at once after the result.
//     The callback handler writes its page before it hands the result over
//     and returns (flushing the page) right after, which in the tests
//     always wins the race against the close; no test can make it lose
//     without slowing the handler down.
//
// Three survivors of store.go change nothing a caller can observe:
//
//   - syncDir: `err == nil` → `!=`. The directory is then never fsynced
//     (Sync and Close on the nil *os.File return os.ErrInvalid, which is
//     ignored): only a crash of the machine right after a rename could tell.
//   - keyedMutex.lock: `l.refs++` → `l.refs--`, and in release `l.refs--` →
//     `l.refs++`. The count then never reaches 0, so a key's entry is never
//     deleted from the map: every caller of a key still shares one channel
//     (exclusion holds; TestMemoryStoreLockQueue), and only the map's memory
//     grows with the number of keys ever locked.
