package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/schema"
)

// TestReadmeTypedAPI runs the README's "Typed API" snippet, verbatim
// between the markers, so that the README cannot drift from what compiles
// and works.
func TestReadmeTypedAPI(t *testing.T) {
	srv := startCommunity(t)
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.StaticToken(srv.MintToken(bettermodetest.KindMember, srv.Member().ID))))
	require.NoError(t, err)
	defer c.Close()
	ctx, spaceID, postTypeID := context.Background(), schema.ID("spaceNews"), "typeDiscussion"
	var titles []string // the snippet prints them
	fmt := struct{ Println func(...any) }{func(a ...any) { titles = append(titles, a[0].(string)) }}

	snippet := func() error {
		// README begins
		bm := api.New(c)                                         // c: a *bettermode.Client; check each err (left out here)
		spaces, err := bm.Spaces(ctx, api.SpacesArgs{Limit: 10}) // Basic: totalCount, pageInfo, nodes
		post, err := bm.CreatePost(ctx, api.CreatePostArgs{SpaceID: spaceID, Input: schema.CreatePostInput{
			PostTypeID: postTypeID, Publish: schema.Ptr(true),
			MappingFields: []schema.PostMappingFieldInput{api.TextField("title", "Hello"), api.HTMLField("content", "<p>Hi</p>")},
		}}) // a mapping field's value is JSON: api.TextField encodes "Hello" as `"Hello"`
		for p, err := range bm.PostsIter(ctx, api.PostsArgs{}, 20) { // the next page is fetched when the loop gets there
			if err != nil {
				return err
			}
			fmt.Println(p.Title)
		}
		// README ends
		require.Equal(t, 3, spaces.TotalCount)
		require.Len(t, spaces.Nodes, 3) // Basic selects the nodes of a connection
		require.Equal(t, "Hello", post.Title)
		return err
	}
	require.NoError(t, snippet())
	checkVerbatim(t)
	require.Len(t, titles, 7)
	require.Equal(t, "Hello", titles[6])
}

// checkVerbatim fails unless the snippet between the markers above is the
// README's "Typed API" code block.
func checkVerbatim(t *testing.T) {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	_, block, ok := strings.Cut(string(readme), "### A worked example: spaces, a post, pages (`examples/posts`)\n\n```go\n")
	require.True(t, ok, "README has no Typed API code block")
	block, _, _ = strings.Cut(block, "```\n")
	src, err := os.ReadFile("readme_test.go")
	require.NoError(t, err)
	_, code, _ := strings.Cut(string(src), "// README begins\n")
	code, _, _ = strings.Cut(code, "\t\t// README ends\n")
	code = strings.ReplaceAll(code, "\n\t\t", "\n")
	require.Equal(t, block, strings.TrimPrefix(code, "\t\t"))
}
