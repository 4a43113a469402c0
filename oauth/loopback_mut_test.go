package oauth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/oauth"
)

// TestOpenBrowserChecksTheURL: OpenBrowser starts the system's opener for
// an http(s) URL only (with no opener on PATH, it says it cannot start
// it), and refuses any other URL without starting anything.
func TestOpenBrowserChecksTheURL(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no browser is ever started
	for _, tt := range []struct{ url, want string }{
		{url: "https://example.com/login", want: "bettermode: oauth: cannot start "},
		{url: "http://127.0.0.1:1/login", want: "bettermode: oauth: cannot start "},
		{url: "file:///etc/passwd", want: "not an http(s) URL"},
		{url: "javascript:alert(1)", want: "not an http(s) URL"},
		{url: "http://[::1", want: "not an http(s) URL"},
	} {
		t.Run(tt.url, func(t *testing.T) {
			err := oauth.OpenBrowser(tt.url)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
