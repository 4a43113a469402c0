package bettermode

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

type oauthFunc func() (*oauth2.Token, error)

func (f oauthFunc) Token() (*oauth2.Token, error) { return f() }

func TestOAuth2Adapters(t *testing.T) {
	exp := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	src := FromOAuth2(oauthFunc(func() (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: "fake-oauth-access", RefreshToken: "fake-oauth-refresh", TokenType: "bearer", Expiry: exp}, nil
	}))
	tok, err := src.Token(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "fake-oauth-access", tok.AccessToken.Reveal())
	assert.Equal(t, "", tok.Scheme, "bearer in any case is the default scheme")
	assert.Equal(t, KindOAuth, tok.Kind)
	assert.Equal(t, exp, tok.Expiry)

	back, err := ToOAuth2(context.Background(), src).Token()
	require.NoError(t, err)
	assert.Equal(t, "fake-oauth-access", back.AccessToken)
	assert.Equal(t, "Bearer", back.TokenType)
	assert.Empty(t, back.RefreshToken, "the refresh token is not handed out")
	assert.Equal(t, exp, back.Expiry)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = src.Token(ctx)
	require.ErrorIs(t, err, context.Canceled)
}

func TestFromOAuth2HonoursContext(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	src := FromOAuth2(oauthFunc(func() (*oauth2.Token, error) {
		<-release // an OAuth2 provider that does not answer
		return nil, errors.New("late")
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := src.Token(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Contains(t, err.Error(), "did not answer in time")
}

// TestFromOAuth2ClassifiesErrors: only a rejected grant or client is
// Unauthorized (permanent for the cache); outages are transient.
func TestFromOAuth2ClassifiesErrors(t *testing.T) {
	retrieve := func(status int, code, body string) error {
		return &oauth2.RetrieveError{Response: &http.Response{StatusCode: status}, ErrorCode: code, Body: []byte(body)}
	}
	tests := []struct {
		name string
		err  error
		want error // nil: transient, matches no sentinel
	}{
		{"invalid_grant", retrieve(400, "invalid_grant", `{"error":"invalid_grant"}`), ErrUnauthorized},
		{"invalid_client", retrieve(401, "invalid_client", ""), ErrUnauthorized},
		{"401 without code", retrieve(401, "", ""), ErrUnauthorized},
		{"429", retrieve(429, "", ""), ErrRateLimited},
		{"other 400", retrieve(400, "invalid_scope", ""), ErrInvalidInput},
		{"500", retrieve(500, "", "boom"), nil},
		{"503", retrieve(503, "temporarily_unavailable", ""), nil},
		{"transport error", &url.Error{Op: "Post", URL: "https://idp.example.com/token", Err: errors.New("connection refused")}, nil},
		{"timeout", context.DeadlineExceeded, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromOAuth2(oauthFunc(func() (*oauth2.Token, error) { return nil, tt.err })).Token(context.Background())
			var e *Error
			require.ErrorAs(t, err, &e)
			for _, s := range []error{ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrNotFound, ErrInvalidInput} {
				assert.Equal(t, s == tt.want, errors.Is(err, s), "errors.Is(err, %v)", s)
			}
		})
	}
	t.Run("provider body never in the error", func(t *testing.T) {
		_, err := FromOAuth2(oauthFunc(func() (*oauth2.Token, error) {
			return nil, retrieve(400, "invalid_grant", `{"error":"invalid_grant","refresh_token":"fake-refresh-secret-echo"}`)
		})).Token(context.Background())
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "fake-refresh-secret-echo")
		var re *oauth2.RetrieveError
		assert.False(t, errors.As(err, &re), "the provider's answer (which may echo secrets) is not handed out")
	})
}

// TestFromOAuth2Panics: a panicking TokenSource is an error, not a crash,
// even though it runs in a goroutine of its own.
func TestFromOAuth2Panics(t *testing.T) {
	src := FromOAuth2(oauthFunc(func() (*oauth2.Token, error) { panic("fake-panic-with-secret") }))
	_, err := src.Token(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "panicked")
	assert.NotContains(t, err.Error(), "fake-panic-with-secret")
	c, err := NewClient(WithEndpoint("http://localhost:1"), WithCredentials(src))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Token(context.Background())
	require.Error(t, err, "through the cache too")
}
