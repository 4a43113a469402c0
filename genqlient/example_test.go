package genqlient_test

import (
	"context"
	"fmt"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/genqlient"
	"github.com/bettermode-go/bettermode/genqlient/internal/testops"
)

// ExampleNew runs a genqlient-generated query (testops.GetAuthMember, from
// query GetAuthMember { authMember { id name } }) through the SDK's client
// against the stand-in server.
func ExampleNew() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	member := srv.MintToken(bettermodetest.KindMember, srv.Member().ID)
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.StaticToken(member)))
	if err != nil {
		panic(err)
	}
	defer c.Close()

	resp, err := testops.GetAuthMember(context.Background(), genqlient.New(c))
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.AuthMember.Id, resp.AuthMember.Name)
	// Output: fakeMember01 Fake Member
}
