package oauth

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSealerRoundTrip(t *testing.T) {
	s, err := newSealer(bytes.Repeat([]byte("k"), 32), "name", "https://app.example/cb")
	require.NoError(t, err)
	for _, c := range []loginCookie{
		{expires: time.Unix(1_900_000_000, 0), state: "state", verifier: "verifier"},
		{expires: time.Unix(0, 0), state: "", verifier: ""},
		{expires: time.Unix(1, 0), state: strings.Repeat("s", 255), verifier: strings.Repeat("v", 128)},
	} {
		v := s.seal(c)
		if c.verifier != "" {
			assert.NotContains(t, v, c.verifier, "the verifier is encrypted")
		}
		got, err := s.open(v)
		require.NoError(t, err)
		assert.Equal(t, c.state, got.state)
		assert.Equal(t, c.verifier, got.verifier)
		assert.True(t, c.expires.Equal(got.expires))
	}
	// Another name or redirect URL (the additional data) does not open it.
	v := s.seal(loginCookie{expires: time.Now(), state: "s", verifier: "v"})
	for _, other := range [][2]string{{"other", "https://app.example/cb"}, {"name", "https://app.example/other"}} {
		o, err := newSealer(bytes.Repeat([]byte("k"), 32), other[0], other[1])
		require.NoError(t, err)
		_, err = o.open(v)
		assert.ErrorIs(t, err, errCookieFormat)
	}
}

func FuzzOpenCookie(f *testing.F) {
	s, err := newSealer(bytes.Repeat([]byte("k"), 32), "name", "https://app.example/cb")
	require.NoError(f, err)
	f.Add(s.seal(loginCookie{expires: time.Now(), state: "state", verifier: "verifier"}))
	f.Add("")
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, v string) {
		c, err := s.open(v)
		if err == nil && len(c.state) > 255 {
			t.Fatalf("opened a forged cookie: %q", v)
		}
	})
}
