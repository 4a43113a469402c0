package oauth_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// TestSourceErrorBoundaries: how a refresh's failure is classified at the
// edges: HTTP 500 without an OAuth2 error is the provider being down; a 4xx
// without one names its Content-Type; an unreachable endpoint's error names
// neither the request nor its URL.
func TestSourceErrorBoundaries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    *bettermodetest.OAuth2Fault
		badURL   bool
		want     error
		wantText string
		notText  []string
	}{
		{name: "500 without a code", fault: &bettermodetest.OAuth2Fault{Status: 500, ContentType: "text/html", Body: "<h1>oops</h1>"},
			want: oauth.ErrProviderUnavailable, wantText: "answered HTTP 500; the provider is unavailable"},
		{name: "499 without a code", fault: &bettermodetest.OAuth2Fault{Status: 499, ContentType: "text/html", Body: "<h1>oops</h1>"},
			want: oauth.ErrBadTokenResponse, wantText: "answered HTTP 499 with no OAuth2 error (text/html)"},
		{name: "unreachable", badURL: true, want: oauth.ErrProviderUnavailable, wantText: "could not reach the token endpoint: ",
			notText: []string{"/token", "Post "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []bettermodetest.OAuth2Option
			if tc.fault != nil {
				opts = append(opts, bettermodetest.WithOAuth2TokenFault(*tc.fault))
			}
			srv, hc := startKit(t, opts...)
			conf := srv.Config("")
			ctx := context.WithValue(t.Context(), oauth2.HTTPClient, hc)
			store := fileStore(t, storeDir(t))
			require.NoError(t, store.Save(t.Context(), "me", expired(srv.Grant())))
			if tc.badURL {
				conf.Endpoint.TokenURL = unreachableTokenURL(t)
			}
			_, err := oauth.NewSource(conf, store, "me", oauth.WithHTTPClient(hc)).Token(ctx)
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.wantText)
			for _, s := range tc.notText {
				assert.NotContains(t, err.Error(), s)
			}
		})
	}
}
