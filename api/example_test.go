package api_test

import (
	"context"
	"fmt"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// Example calls root fields as typed methods against the test kit: the
// default Basic preset, a field list, an iterator and a union.
func Example() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Member{
			NetworkDomain:   srv.Network().Domain,
			UsernameOrEmail: srv.Member().Email,
			Password:        bettermode.Secret(srv.Member().Password),
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	bm := api.New(c)
	ctx := context.Background()

	me, err := bm.AuthMember(ctx) // Basic: the Member's scalar and enum fields
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("me:", me.Name)

	me, err = bm.AuthMember(ctx, api.Fields("name network { name }"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("network:", me.Network.Name)

	n := 0
	for post, err := range bm.PostsIter(ctx, api.PostsArgs{}, 10) {
		if err != nil {
			fmt.Println(err)
			return
		}
		_ = post.Title
		n++
	}
	fmt.Println("posts:", n)

	media, err := bm.Media(ctx, api.MediaArgs{ID: "fakeMedia01"})
	if err != nil {
		fmt.Println(err)
		return
	}
	switch m := media.(type) {
	case *api.Image:
		fmt.Println("image:", m.URL)
	case *api.Emoji:
		fmt.Println("emoji:", m.Text)
	}
	// Output:
	// me: Fake Member
	// network: Fake Community
	// posts: 2
	// emoji: mock-text
}
