package bettermodetest_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/schema"
)

// TestUnhandledQueryIsMocked: a query no handler or seed answers gets mock
// values of the right shape through the SDK's typed Query, the same every
// time.
func TestUnhandledQueryIsMocked(t *testing.T) {
	s := bettermodetest.Start(t)
	c := sdkClient(t, s, bettermode.StaticToken(s.MintToken(bettermodetest.KindApp, "")))
	type postsQuery struct {
		Posts struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   *string
			}
			Nodes []struct {
				ID                  schema.ID
				Title               *string
				Status              schema.PostStatus
				CreatedAt           schema.DateTime
				ReactionsCount      int
				HasMoreContent      bool
				PrimaryReactionType schema.ReactionType
				Tags                []struct{ ID schema.ID }
				LastActivityDetail  struct {
					Entity struct {
						Typename string `graphql:"__typename"`
					}
				}
			}
		} `graphql:"posts(limit: $limit, spaceIds: $spaceIds)"`
	}
	vars := map[string]any{"limit": 10, "spaceIds": []schema.ID{"s1"}}
	var q postsQuery
	require.NoError(t, c.Query(context.Background(), &q, vars))

	p := q.Posts
	assert.Equal(t, bettermodetest.MockListLength, p.TotalCount, "totalCount counts the mocked list")
	assert.False(t, p.PageInfo.HasNextPage, "paging of mock data ends")
	assert.Equal(t, "mock-endCursor", *p.PageInfo.EndCursor)
	require.Len(t, p.Nodes, bettermodetest.MockListLength)
	idPattern := regexp.MustCompile(`^mock-post-[0-9a-f]{8}$`)
	for _, n := range p.Nodes {
		assert.Regexp(t, idPattern, n.ID)
		assert.Equal(t, "mock-title", *n.Title)
		assert.Equal(t, schema.PostStatusArchived, n.Status, "an enum is its first value")
		assert.Equal(t, "2024-01-02T03:04:05Z", n.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"))
		assert.Equal(t, bettermodetest.MockInt, n.ReactionsCount)
		assert.True(t, n.HasMoreContent)
		assert.Equal(t, schema.ReactionTypeEmojiBase, n.PrimaryReactionType)
		assert.Len(t, n.Tags, bettermodetest.MockListLength)
		assert.Equal(t, "Post", n.LastActivityDetail.Entity.Typename, "a union is its first possible type")
	}
	assert.NotEqual(t, p.Nodes[0].ID, p.Nodes[1].ID, "IDs come from the path")
	assert.NotEqual(t, p.Nodes[0].Tags[0].ID, p.Nodes[0].Tags[1].ID)

	var again postsQuery
	require.NoError(t, c.Query(context.Background(), &again, vars))
	assert.Equal(t, q, again, "mock values are deterministic")
	assert.Equal(t, 2, s.Operations("posts"))
}

// TestMockAbstractTypes: a union is answered as its first possible type,
// with __typename, and only the fragments on that type apply.
func TestMockAbstractTypes(t *testing.T) {
	s := bettermodetest.Start(t)
	a := post(t, s, bearer(s.MintToken(bettermodetest.KindMember, "")), `{
  media(id: "m1") {
    __typename
    ... on Emoji { id text }
    ... on Image { id url }
  }
}`, nil)
	require.Nil(t, a.Body["errors"], a.Raw)
	m := a.data(t, "media").(map[string]any)
	assert.Equal(t, "Emoji", m["__typename"])
	assert.Equal(t, "mock-text", m["text"])
	assert.NotContains(t, m, "url")
}
