package bettermodetest_test

import (
	"context"
	"fmt"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/schema"
)

// ExampleServer_Handle answers the createPost mutation with a handler and
// seeds posts for the posts query; the fields neither gives are mocked.
func ExampleServer_Handle() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	srv.Handle("Mutation.createPost", func(ctx context.Context, args map[string]any) (any, error) {
		var a struct {
			Input   schema.CreatePostInput `json:"input"`
			SpaceID schema.ID              `json:"spaceId"`
		}
		if err := bettermodetest.DecodeArgs(args, &a); err != nil {
			return nil, err
		}
		caller, _ := bettermodetest.CallerFrom(ctx)
		return map[string]any{"id": "post-1", "spaceId": a.SpaceID, "ownerId": caller.MemberID}, nil
	})
	srv.Seed("Post", map[string]any{"id": "p1", "title": "Hello"}, map[string]any{"id": "p2", "title": "World"})

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.StaticToken(srv.MintToken(bettermodetest.KindMember, ""))))
	if err != nil {
		panic(err)
	}
	defer c.Close()
	ctx := context.Background()

	var m struct {
		CreatePost struct {
			ID, SpaceID, OwnerID schema.ID
			Status               schema.PostStatus
		} `graphql:"createPost(input: $input, spaceId: $spaceId)"`
	}
	in := schema.CreatePostInput{
		PostTypeID:    "fakePostType1",
		Publish:       schema.Ptr(true),
		MappingFields: []schema.PostMappingFieldInput{{Key: "title", Type: schema.PostMappingTypeEnumText, Value: `"Hello"`}},
	}
	if err := c.Mutate(ctx, &m, map[string]any{"input": in, "spaceId": schema.ID("fakeSpace01")}); err != nil {
		panic(err)
	}
	fmt.Println(m.CreatePost.ID, m.CreatePost.SpaceID, m.CreatePost.OwnerID, m.CreatePost.Status)

	var q struct {
		Posts struct {
			TotalCount int
			Nodes      []struct{ Title string }
		} `graphql:"posts(limit: 10)"`
	}
	if err := c.Query(ctx, &q, nil); err != nil {
		panic(err)
	}
	fmt.Println(q.Posts.TotalCount, q.Posts.Nodes)
	// Output:
	// post-1 fakeSpace01 fakeMember01 ARCHIVED
	// 2 [{Hello} {World}]
}
