package oauth_test

import (
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/oauth"
)

// TestLoginIPv6Loopback logs in with a redirect URL on [::1]: Login listens
// on that address itself (only a name such as localhost is replaced by
// 127.0.0.1), so the browser's callback reaches it.
func TestLoginIPv6Loopback(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback on this machine:", err)
	}
	require.NoError(t, ln.Close())

	srv, hc := startKit(t)
	conf := srv.Config("http://[::1]/cb")
	b := newBrowser(t)
	tok, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
	require.NoError(t, err)
	assert.True(t, tok.Valid())
	status, page := b.lastPage()
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, page, "You can close this window")
}

// TestLoginHighestPort accepts a redirect URL on port 65535, the highest
// there is (65536 is refused by TestLoginBadConfig): Login goes on to listen
// and open the page, or says the port is taken, but never calls the URL
// invalid.
func TestLoginHighestPort(t *testing.T) {
	srv, _ := startKit(t)
	conf := srv.Config("http://127.0.0.1:65535/cb")
	_, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(func(string) error { return errors.New("no browser") }))
	require.Error(t, err)
	assert.NotErrorIs(t, err, bettermode.ErrInvalidInput)
}
