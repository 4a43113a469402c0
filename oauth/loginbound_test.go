package oauth_test

import (
	"context"
	"testing"
	"time"
)

// loginBound is the most a Login test waits for its callback. Only a hang
// reaches it (a login takes milliseconds, a loaded CI machine seconds): a
// mutant that makes Login wait forever then fails the test with
// context.DeadlineExceeded instead of hanging the package's tests.
const loginBound = 20 * time.Second

// loginCtx returns t.Context() ended after loginBound.
func loginCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), loginBound)
	t.Cleanup(cancel)
	return ctx
}
