package api_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// setup starts the kit and returns it with the typed API over a client
// logged in as the kit's member, with default options.
func setup(t *testing.T, opts ...bettermode.Option) (*bettermodetest.Server, *api.Client) {
	t.Helper()
	srv := bettermodetest.Start(t)
	opts = append([]bettermode.Option{bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.Member{
		NetworkDomain:   srv.Network().Domain,
		UsernameOrEmail: srv.Member().Email,
		Password:        bettermode.Secret(srv.Member().Password),
	})}, opts...)
	c, err := bettermode.NewClient(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return srv, api.New(c)
}

func ptr[T any](v T) *T { return &v }
