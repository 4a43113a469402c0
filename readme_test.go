package bettermode_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// TestReadmeMyBot is the README's "Testing your code" snippet, verbatim, so
// that the README cannot drift from what works.
func TestReadmeMyBot(t *testing.T) {
	srv := bettermodetest.Start(t) // closed by t.Cleanup
	app := srv.App()               // a preloaded, installed app with obviously fake credentials
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.App{ClientID: app.ClientID, ClientSecret: bettermode.Secret(app.ClientSecret), NetworkID: srv.Network().ID}))
	require.NoError(t, err)
	defer c.Close()

	srv.InjectFault("authMember", bettermodetest.Fault{Status: 503, Times: 1}) // and Latency, RetryAfter, Malformed, Drop, Nth
	var q struct {
		AuthMember struct{ ID string } `graphql:"authMember"`
	}
	require.NoError(t, c.Query(context.Background(), &q, nil)) // your code: the 503 is retried
	require.Equal(t, 1, srv.Minted(bettermodetest.KindApp))
	require.Equal(t, 2, srv.Operations("authMember"))
}
