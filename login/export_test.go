package login

import "time"

// SetNow makes s read the time from now, for tests of how long a mailed code
// is reused.
func SetNow(s *EmailCodeSource, now func() time.Time) { s.now = now }
