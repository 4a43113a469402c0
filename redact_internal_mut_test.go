package bettermode

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSecretBookRemembersSix: a source's book scrubs its fixed secrets and
// the last six tokens it handled, not older ones.
func TestSecretBookRemembersSix(t *testing.T) {
	b := newSecretBook("fake-fixed-secret")
	tok := func(i int) string { return "fake-token-number-" + strconv.Itoa(i) }
	for i := 1; i <= 8; i++ {
		b.remember(&Token{AccessToken: Secret(tok(i))})
	}
	b.remember(nil)
	b.remember(&Token{AccessToken: "abc"}) // too short to scrub: not remembered
	ss := b.knownSecrets()
	assert.Equal(t, "REDACTED", ss.scrub("fake-fixed-secret"))
	for i := 1; i <= 8; i++ {
		want := "REDACTED"
		if i <= 2 {
			want = tok(i)
		}
		assert.Equal(t, want, ss.scrub(tok(i)), "token %d", i)
	}
}
