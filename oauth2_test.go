package bettermode

import (
	"context"
	"errors"
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
	assert.Equal(t, "fake-oauth-access", tok.AccessToken)
	assert.Equal(t, "", tok.Scheme, "bearer in any case is the default scheme")
	assert.Equal(t, KindOAuth, tok.Kind)
	assert.Equal(t, exp, tok.Expiry)

	back, err := ToOAuth2(context.Background(), src).Token()
	require.NoError(t, err)
	assert.Equal(t, "fake-oauth-access", back.AccessToken)
	assert.Equal(t, "Bearer", back.TokenType)
	assert.Empty(t, back.RefreshToken, "the refresh token is not handed out")
	assert.Equal(t, exp, back.Expiry)

	failing := FromOAuth2(oauthFunc(func() (*oauth2.Token, error) { return nil, errors.New("oauth2: token expired") }))
	_, err = failing.Token(context.Background())
	require.ErrorIs(t, err, ErrUnauthorized)

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
