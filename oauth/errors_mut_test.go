package oauth_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/oauth"
)

// refusal returns the *AuthorizationError a RedirectTokenHandler reports
// for a redirect carrying error=code and error_description=desc (and the
// token param tok).
func refusal(t *testing.T, code, desc, tok string) *oauth.AuthorizationError {
	t.Helper()
	const state = "fake-state-0123456789"
	var got error
	h := oauth.RedirectTokenHandler{State: state,
		OnToken: func(http.ResponseWriter, *http.Request, bettermode.Secret) { t.Fatal("no token expected") },
		OnError: func(_ http.ResponseWriter, _ *http.Request, err error) { got = err }}
	q := url.Values{"state": {state}, "error": {code}, "error_description": {desc}}
	if tok != "" {
		q.Set("access_token", tok)
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/cb?"+q.Encode(), nil))
	var ae *oauth.AuthorizationError
	require.True(t, errors.As(got, &ae), "got %v", got)
	return ae
}

// TestAuthorizationErrorCode: a provider's error code is kept when it is 1
// to 64 letters, digits, '_', '-' or '.', and dropped otherwise.
func TestAuthorizationErrorCode(t *testing.T) {
	for _, tt := range []struct{ code, want string }{
		{code: "access_denied", want: "access_denied"},
		{code: "azAZ09_-.", want: "azAZ09_-."},
		{code: strings.Repeat("a", 64), want: strings.Repeat("a", 64)},
		{code: strings.Repeat("a", 65)},
		{code: "a b"}, {code: "a@"}, {code: "a["}, {code: "a`"}, {code: "a{"}, {code: "a/"}, {code: "a:"}, {code: "a\x00"}, {code: "é"},
	} {
		t.Run(tt.code, func(t *testing.T) {
			assert.Equal(t, tt.want, refusal(t, tt.code, "", "").Code)
		})
	}
}

// TestAuthorizationErrorDescription: a provider's description reaches the
// error cut to about 200 bytes, with its spaces and printable ASCII, no
// control byte, and no secret of the redirect (4 bytes or more).
func TestAuthorizationErrorDescription(t *testing.T) {
	t.Run("printable kept", func(t *testing.T) {
		d := refusal(t, "access_denied", "the user said no ~!", "").Description
		assert.Equal(t, "the user said no ~!", d)
	})
	t.Run("control bytes", func(t *testing.T) {
		d := refusal(t, "access_denied", "a\x00b\x1fc\x7fd\u0085e", "").Description
		for _, r := range d {
			assert.False(t, r < 0x20 || (r >= 0x7f && r <= 0x9f), "%q holds a control character", d)
		}
		assert.True(t, strings.HasPrefix(d, "a") && strings.HasSuffix(d, "e"), d)
	})
	t.Run("200 bytes are kept", func(t *testing.T) {
		long := strings.Repeat("x", 200)
		assert.Equal(t, long, refusal(t, "access_denied", long, "").Description)
	})
	t.Run("201 bytes are cut", func(t *testing.T) {
		d := refusal(t, "access_denied", strings.Repeat("x", 201), "").Description
		assert.Less(t, strings.Count(d, "x"), 201)
		assert.GreaterOrEqual(t, strings.Count(d, "x"), 190)
	})
	t.Run("a 4-byte token is scrubbed", func(t *testing.T) {
		d := refusal(t, "access_denied", "echo t0k! back", "t0k!").Description
		assert.NotContains(t, d, "t0k!")
	})
}

// TestTokenErrorHint: the hint a token endpoint's refusal ends with.
func TestTokenErrorHint(t *testing.T) {
	for _, tt := range []struct {
		e    oauth.TokenError
		hint string
	}{
		{e: oauth.TokenError{Op: "refresh", Code: "invalid_grant"}, hint: "; the session is over: log in again"},
		{e: oauth.TokenError{Op: "exchange", Code: "invalid_grant"}, hint: "; start the login again"},
		{e: oauth.TokenError{Op: "exchange", Code: "invalid_client"}, hint: "; check the client id and secret"},
		{e: oauth.TokenError{Op: "exchange", Code: "unauthorized_client"}, hint: "; check the client id and secret"},
		{e: oauth.TokenError{Op: "exchange", Code: "server_error", StatusCode: 401}, hint: "; check the client id and secret"},
		{e: oauth.TokenError{Op: "exchange", Code: "invalid_request", StatusCode: 400}},
	} {
		t.Run(tt.e.Code, func(t *testing.T) {
			msg := tt.e.Error()
			assert.True(t, strings.HasPrefix(msg, "bettermode: oauth: "+tt.e.Op+": the token endpoint answered "+tt.e.Code), msg)
			if tt.hint == "" {
				assert.NotContains(t, msg, ";", msg)
				return
			}
			assert.True(t, strings.HasSuffix(msg, tt.hint), msg)
		})
	}
}
