package bettermodetest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/schema"
)

// TestCreatePostRoundTrip: a mutation with a generated input type, sent
// with Client.Mutate (hasura declares $input: CreatePostInput! from the Go
// type's name), reaches the registered handler decoded, and the handler's
// partial answer comes back with the fields it left out mocked.
func TestCreatePostRoundTrip(t *testing.T) {
	s := bettermodetest.Start(t)
	var (
		mu      sync.Mutex
		calls   int
		got     schema.CreatePostInput
		spaceID schema.ID
		caller  bettermodetest.Caller
	)
	s.Handle("Mutation.createPost", func(ctx context.Context, args map[string]any) (any, error) {
		var a struct {
			Input   schema.CreatePostInput `json:"input"`
			SpaceID schema.ID              `json:"spaceId"`
		}
		if err := bettermodetest.DecodeArgs(args, &a); err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		calls++
		got, spaceID = a.Input, a.SpaceID
		caller, _ = bettermodetest.CallerFrom(ctx)
		return map[string]any{
			"id": "post-1", "title": "Hello", "status": schema.PostStatusPublished, "spaceId": a.SpaceID,
			"createdAt": time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC),
		}, nil
	})
	c := sdkClient(t, s, bettermode.StaticToken(s.MintToken(bettermodetest.KindMember, "")))

	at := time.Date(2025, 6, 7, 8, 0, 0, 0, time.UTC)
	in := schema.CreatePostInput{
		PostTypeID: "fakePostType1",
		Publish:    schema.Ptr(true),
		TagNames:   &[]string{"go", "sdk"},
		CreatedAt:  schema.NewDateTime(at),
		MappingFields: []schema.PostMappingFieldInput{
			{Key: "title", Type: schema.PostMappingTypeEnumText, Value: `"Hello"`},
		},
	}
	var m struct {
		CreatePost struct {
			ID        schema.ID
			Title     *string
			Status    schema.PostStatus
			SpaceID   schema.ID
			CreatedAt schema.DateTime
			Slug      *string
			Owner     struct {
				Member struct {
					ID   schema.ID
					Name *string
				}
			}
		} `graphql:"createPost(input: $input, spaceId: $spaceId)"`
	}
	require.NoError(t, c.Mutate(context.Background(), &m, map[string]any{"input": in, "spaceId": schema.ID("fakeSpace01")}))

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 1, calls)
	assert.Equal(t, bettermodetest.Caller{Kind: bettermodetest.KindMember, MemberID: s.Member().ID, Role: bettermodetest.RoleMember}, caller)
	assert.Equal(t, schema.ID("fakeSpace01"), spaceID)
	assert.Equal(t, in.PostTypeID, got.PostTypeID)
	assert.Equal(t, in.Publish, got.Publish)
	assert.Equal(t, in.TagNames, got.TagNames)
	assert.Equal(t, in.MappingFields, got.MappingFields)
	require.NotNil(t, got.CreatedAt)
	assert.True(t, at.Equal(got.CreatedAt.Time))
	assert.Nil(t, got.OwnerID, "an optional field left nil is not sent")

	assert.Equal(t, schema.ID("post-1"), m.CreatePost.ID)
	assert.Equal(t, "Hello", *m.CreatePost.Title)
	assert.Equal(t, schema.PostStatusPublished, m.CreatePost.Status)
	assert.Equal(t, schema.ID("fakeSpace01"), m.CreatePost.SpaceID)
	assert.True(t, time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC).Equal(m.CreatePost.CreatedAt.Time))
	assert.Equal(t, "mock-slug", *m.CreatePost.Slug, "the fields the handler left out are mocked")
	assert.NotEmpty(t, m.CreatePost.Owner.Member.ID)
	assert.Equal(t, 1, s.Operations("createPost"))
}

// TestHandlerErrors: what a handler returns becomes Bettermode's error
// shape, which the SDK maps to its sentinels.
func TestHandlerErrors(t *testing.T) {
	s := bettermodetest.Start(t)
	c := sdkClient(t, s, bettermode.StaticToken(s.MintToken(bettermodetest.KindApp, "")))
	for _, tc := range []struct {
		name    string
		handler bettermodetest.HandlerFunc
		query   string
		code    string
		status  float64
		kind    error
		field   string
		path    []any // default ["post"]
	}{
		{name: "not found", query: `{ post(id: "p1") { id } }`, code: bettermodetest.CodeNotFound, status: 404, kind: bettermode.ErrNotFound,
			handler: func(context.Context, map[string]any) (any, error) {
				return nil, &bettermodetest.Error{Code: bettermodetest.CodeNotFound, Message: "Post not found"}
			}},
		{name: "forbidden with a field", query: `{ post(id: "p1") { id } }`, code: bettermodetest.CodeForbidden, status: 403, kind: bettermode.ErrForbidden, field: "id",
			handler: func(context.Context, map[string]any) (any, error) {
				return nil, &bettermodetest.Error{Code: bettermodetest.CodeForbidden, Message: "Forbidden", Field: "id"}
			}},
		{name: "wrapped invalid parameter", query: `{ post(id: "p1") { id } }`, code: bettermodetest.CodeInvalidParameter, status: 400, kind: bettermode.ErrInvalidInput,
			handler: func(context.Context, map[string]any) (any, error) {
				return nil, fmt.Errorf("checking: %w", &bettermodetest.Error{Code: bettermodetest.CodeInvalidParameter, Message: "bad id"})
			}},
		{name: "plain error", query: `{ post(id: "p1") { id } }`, code: bettermodetest.CodeServerError, status: 500,
			handler: func(context.Context, map[string]any) (any, error) { return nil, errors.New("boom") }},
		{name: "panic", query: `{ post(id: "p1") { id } }`, code: bettermodetest.CodeServerError, status: 500,
			handler: func(context.Context, map[string]any) (any, error) { panic("boom") }},
		{name: "null for a non-null field", query: `{ post(id: "p1") { id } }`, code: bettermodetest.CodeServerError, status: 500,
			handler: func(context.Context, map[string]any) (any, error) { return nil, nil }},
		{name: "a string for an Int", query: `{ post(id: "p1") { id reactionsCount } }`, code: bettermodetest.CodeServerError, status: 500, path: []any{"post", "reactionsCount"},
			handler: func(context.Context, map[string]any) (any, error) {
				return map[string]any{"reactionsCount": "many"}, nil
			}},
		{name: "an unknown enum value", query: `{ post(id: "p1") { id status } }`, code: bettermodetest.CodeServerError, status: 500, path: []any{"post", "status"},
			handler: func(context.Context, map[string]any) (any, error) {
				return map[string]any{"status": "GONE"}, nil
			}},
		{name: "not an object", query: `{ post(id: "p1") { id } }`, code: bettermodetest.CodeServerError, status: 500,
			handler: func(context.Context, map[string]any) (any, error) { return 5, nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Handle("Query.post", tc.handler)
			s.Reset()
			resp, err := c.Exec(context.Background(), tc.query, nil)
			var e *bettermode.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.code, e.Code)
			if tc.kind != nil {
				assert.ErrorIs(t, err, tc.kind)
			}
			assert.Equal(t, tc.field, e.Field)
			assert.JSONEq(t, `null`, string(resp.Data), "the failed non-null root field nulls the data")

			a := post(t, s, bearer(s.MintToken(bettermodetest.KindApp, "")), tc.query, nil)
			first := a.firstError(t)
			assert.Equal(t, tc.code, first["code"])
			assert.Equal(t, tc.status, first["status"])
			if tc.path == nil {
				tc.path = []any{"post"}
			}
			assert.Equal(t, tc.path, first["path"])
			assert.NotEmpty(t, first["timestamp"])
		})
	}
}

// TestNullableFieldErrors: an error in a nullable field nulls only that
// field; the rest of the answer stays, next to the error.
func TestNullableFieldErrors(t *testing.T) {
	s := bettermodetest.Start(t, bettermodetest.WithHandler("Post.title", func(context.Context, map[string]any) (any, error) {
		return nil, &bettermodetest.Error{Code: bettermodetest.CodeForbidden, Message: "hidden"}
	}))
	a := post(t, s, bearer(s.MintToken(bettermodetest.KindMember, "")), `{ post(id: "p1") { id title } }`, nil)
	assert.Equal(t, "p1", a.str(t, "post.id"))
	assert.Nil(t, a.data(t, "post.title"))
	assert.Equal(t, bettermodetest.CodeForbidden, a.code(t))
	assert.Equal(t, []any{"post", "title"}, a.firstError(t)["path"])
}

// TestTypeHandler: a handler of a field of an object type answers that
// field wherever the type appears, with the object it belongs to.
func TestTypeHandler(t *testing.T) {
	s := bettermodetest.Start(t, bettermodetest.WithSeed("Post", map[string]any{"id": "p7"}, map[string]any{"id": "p8"}))
	var calls atomic.Int32
	s.Handle("Post.title", func(ctx context.Context, args map[string]any) (any, error) {
		calls.Add(1)
		p := bettermodetest.ParentFrom(ctx)
		c, ok := bettermodetest.CallerFrom(ctx)
		if !ok {
			return nil, errors.New("no caller")
		}
		return fmt.Sprintf("post %v for %s", p["id"], c.MemberID), nil
	})
	a := post(t, s, bearer(s.MintToken(bettermodetest.KindMember, "")), `{
  post(id: "p8") { title }
  feed(limit: 2) { nodes { id title } }
}`, nil)
	require.Nil(t, a.Body["errors"], a.Raw)
	assert.Equal(t, "post p8 for fakeMember01", a.str(t, "post.title"))
	assert.Equal(t, []any{
		map[string]any{"id": "p7", "title": "post p7 for fakeMember01"},
		map[string]any{"id": "p8", "title": "post p8 for fakeMember01"},
	}, a.data(t, "feed.nodes"), "seeded posts")
	assert.Equal(t, int32(3), calls.Load())

	s.Handle("Post.title", nil)
	a = post(t, s, bearer(s.MintToken(bettermodetest.KindMember, "")), `{ post(id: "p7") { title } }`, nil)
	assert.Equal(t, "mock-title", a.str(t, "post.title"), "a nil handler removes the handler")
}

// TestRootHandlerNeedsAToken: a handled root field keeps the rule of every
// field: a valid token first.
func TestRootHandlerNeedsAToken(t *testing.T) {
	var calls atomic.Int32
	s := bettermodetest.Start(t, bettermodetest.WithHandler("Query.network", func(context.Context, map[string]any) (any, error) {
		calls.Add(1)
		return map[string]any{"name": "Handled"}, nil
	}))
	assert.Equal(t, bettermodetest.CodeUnauthorized, post(t, s, "", `{ network { name } }`, nil).code(t))
	assert.Equal(t, bettermodetest.CodeUnauthorized, post(t, s, bearer("not-a-token"), `{ network { name } }`, nil).code(t))
	assert.Zero(t, calls.Load())
	a := post(t, s, bearer(s.MintToken(bettermodetest.KindGuest, "")), `{ network { name id } }`, nil)
	assert.Equal(t, "Handled", a.str(t, "network.name"), "a handler replaces the community's answer")
	assert.Equal(t, int32(1), calls.Load())
}

func TestHandlePanics(t *testing.T) {
	s := bettermodetest.Start(t)
	fn := func(context.Context, map[string]any) (any, error) { return nil, nil }
	for _, coord := range []string{"posts", "Query.nope", "Nope.title", "CreatePostInput.title", "PostStatus.ARCHIVED",
		"Query.tokens", "Query.limitedToken", "Mutation.loginNetwork", "Mutation.logoutNetwork", "Query.oauthTokens", "__Type.name", "Query.__schema"} {
		assert.Panics(t, func() { s.Handle(coord, fn) }, coord)
		assert.Panics(t, func() { bettermodetest.WithHandler(coord, fn) }, coord)
	}
	assert.NotPanics(t, func() { s.Handle("Query.authMember", fn) })
	for _, typ := range []string{"Nope", "Query", "Mutation", "CreatePostInput", "PostStatus", "Media", "__Type"} {
		assert.Panics(t, func() { s.Seed(typ, map[string]any{"id": "x"}) }, typ)
	}
	assert.Panics(t, func() { s.Seed("Post", 5) })
	assert.Panics(t, func() { s.Seed("Post", func() {}) })
}

// TestSeed: seeded objects answer the fields of their type: by id, as
// lists, and as connections whose paging ends.
func TestSeed(t *testing.T) {
	type seededPost struct {
		ID     string            `json:"id"`
		Title  string            `json:"title"`
		Status schema.PostStatus `json:"status"`
	}
	s := bettermodetest.Start(t, bettermodetest.WithSeed("Post",
		seededPost{ID: "p1", Title: "First", Status: schema.PostStatusPublished},
		seededPost{ID: "p2", Title: "Second", Status: schema.PostStatusDrafted},
	))
	s.Seed("Post", map[string]any{"id": "p3", "title": "Third"})
	s.Seed("Member", map[string]any{"id": "seeded01", "name": "Seeded", "username": "seeded"})
	auth := bearer(s.MintToken(bettermodetest.KindMember, ""))

	a := post(t, s, auth, `{ post(id: "p2") { id title status slug } }`, nil)
	assert.Equal(t, map[string]any{"id": "p2", "title": "Second", "status": "DRAFTED", "slug": "mock-slug"}, a.data(t, "post"))
	a = post(t, s, auth, `{ post(id: "nope") { id } }`, nil)
	assert.Equal(t, bettermodetest.CodeNotFound, a.code(t))

	// Pages of 2: p1, p2 then p3, and paging ends.
	const page = `query($after: String) { posts(limit: 2, after: $after) { totalCount nodes { id } edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }`
	var ids []any
	var after any
	for i := 0; i < 5; i++ {
		a = post(t, s, auth, page, map[string]any{"after": after})
		require.Nil(t, a.Body["errors"], a.Raw)
		assert.Equal(t, float64(3), a.data(t, "posts.totalCount"))
		for _, n := range a.data(t, "posts.nodes").([]any) {
			ids = append(ids, n.(map[string]any)["id"])
		}
		if a.data(t, "posts.pageInfo.hasNextPage") == false {
			break
		}
		after = a.data(t, "posts.pageInfo.endCursor")
	}
	assert.Equal(t, []any{"p1", "p2", "p3"}, ids)
	a = post(t, s, auth, `{ feed(limit: 10, offset: 1) { edges { cursor node { title } } } }`, nil)
	assert.Equal(t, []any{
		map[string]any{"cursor": "p2", "node": map[string]any{"title": "Second"}},
		map[string]any{"cursor": "p3", "node": map[string]any{"title": "Third"}},
	}, a.data(t, "feed.edges"))

	// Members: the seeded ones, then the community's.
	a = post(t, s, auth, `{ members(limit: 10) { totalCount nodes { id } } }`, nil)
	assert.Equal(t, float64(3), a.data(t, "members.totalCount"))
	assert.Equal(t, []any{map[string]any{"id": "seeded01"}, map[string]any{"id": "fakeAdmin001"}, map[string]any{"id": "fakeMember01"}}, a.data(t, "members.nodes"))
	a = post(t, s, auth, `{ member(username: "seeded") { id name } }`, nil)
	assert.Equal(t, map[string]any{"id": "seeded01", "name": "Seeded"}, a.data(t, "member"))

	// Every field of type Network is the community's network.
	a = post(t, s, auth, `{ space(id: "s1") { id network { id name } } }`, nil)
	assert.Equal(t, map[string]any{"id": "s1", "network": map[string]any{"id": "fakeNet0001", "name": "Fake Community"}}, a.data(t, "space"))
	assert.Equal(t, 1, s.Rejected(bettermodetest.RejectNotFound))
}

// TestHandlersConcurrently: handlers and seeds may change while requests run.
func TestHandlersConcurrently(t *testing.T) {
	s := bettermodetest.Start(t)
	auth := bearer(s.MintToken(bettermodetest.KindMember, ""))
	var calls atomic.Int32
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Handle("Query.space", func(context.Context, map[string]any) (any, error) {
				calls.Add(1)
				return map[string]any{"name": "Space"}, nil
			})
			s.Seed("Tag", map[string]any{"id": fmt.Sprint("tag", i)})
			a := post(t, s, auth, `{ space(id: "s1") { id name } tags(limit: 100) { totalCount } }`, nil)
			assert.Nil(t, a.Body["errors"], a.Raw)
		}()
	}
	wg.Wait()
	assert.Equal(t, int32(8), calls.Load())
	a := post(t, s, auth, `{ tags(limit: 100) { totalCount } }`, nil)
	assert.Equal(t, float64(8), a.data(t, "tags.totalCount"))
}
