package bettermode_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
)

func TestScrubberRemovesEveryForm(t *testing.T) {
	const id, secret = "client-fake-id", "fake-client-secret-0123"
	s := bettermode.NewScrubber("fake-refresh-token-42").WithBasic(id, secret)
	basic := base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	for name, text := range map[string]string{
		"raw":        "echo " + secret,
		"basic":      "Authorization: Basic " + basic,
		"url basic":  "x=" + url.QueryEscape(basic),
		"query":      "refresh_token=" + url.QueryEscape("fake-refresh-token-42"),
		"json":       `{"t":"fake-refresh-token-42"}`,
		"base64 url": base64.RawURLEncoding.EncodeToString([]byte(secret)),
	} {
		t.Run(name, func(t *testing.T) {
			require.True(t, s.Contains(text))
			out := s.String(text)
			assert.False(t, s.Contains(out), out)
			assert.Contains(t, out, "REDACTED")
			err := s.Error(fmt.Errorf("wrapped: %w", errors.New(text)))
			assert.False(t, s.Contains(err.Error()), err.Error())
			err = s.StrictError(errors.New(text))
			assert.False(t, s.Contains(err.Error()), err.Error())
		})
	}
	assert.Equal(t, "nothing secret", s.String("nothing secret"))
	assert.NoError(t, s.Error(nil))
	assert.NoError(t, s.StrictError(nil))
	var zero bettermode.Scrubber
	assert.Equal(t, "plain "+secret, zero.String("plain "+secret))
}

func TestScrubberWithDoesNotModify(t *testing.T) {
	a := bettermode.NewScrubber("first-fake-secret")
	b := a.With("second-fake-secret")
	assert.True(t, b.Contains("first-fake-secret second-fake-secret"))
	assert.False(t, a.Contains("second-fake-secret"))
}
