package api_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/api"
)

// TestPresets makes the same call with Basic (the default), All, a caller's
// field list and a caller's own struct.
func TestPresets(t *testing.T) {
	srv, c := setup(t)
	ctx := context.Background()
	me := srv.Member()

	t.Run("basic", func(t *testing.T) {
		for _, opts := range [][]api.Option{nil, {api.Basic()}} {
			m, err := c.AuthMember(ctx, opts...)
			require.NoError(t, err)
			assert.Equal(t, me.ID, string(m.ID))
			assert.Equal(t, me.Name, m.Name)
			assert.NotEmpty(t, m.Email)
			assert.Nil(t, m.Network, "Basic selects no object field")
			assert.Nil(t, m.Role)
		}
	})
	t.Run("all", func(t *testing.T) {
		m, err := c.AuthMember(ctx, api.All())
		require.NoError(t, err)
		assert.Equal(t, me.Name, m.Name)
		require.NotNil(t, m.Network, "All selects one level of object fields")
		assert.Equal(t, srv.Network().Name, m.Network.Name)
		assert.Nil(t, m.Network.Owner, "and no deeper")
		require.NotNil(t, m.Role)
		assert.NotEmpty(t, m.Role.Name)
	})
	t.Run("fields", func(t *testing.T) {
		m, err := c.AuthMember(ctx, api.Fields("id name network { name }"))
		require.NoError(t, err)
		assert.Equal(t, me.ID, string(m.ID))
		assert.Equal(t, me.Name, m.Name)
		assert.Empty(t, m.Email, "only what was selected")
		require.NotNil(t, m.Network)
		assert.Equal(t, srv.Network().Name, m.Network.Name)
		assert.Empty(t, m.Network.Domain)
	})
	t.Run("into", func(t *testing.T) {
		var mine struct {
			ID      string
			Name    string
			Network struct {
				Domain string
			}
		}
		m, err := c.AuthMember(ctx, api.Into(&mine))
		require.NoError(t, err)
		assert.Nil(t, m, "the value went into the caller's struct")
		assert.Equal(t, me.ID, mine.ID)
		assert.Equal(t, me.Name, mine.Name)
		assert.Equal(t, srv.Network().Domain, mine.Network.Domain)
	})
	t.Run("mistakes", func(t *testing.T) {
		_, err := c.AuthMember(ctx, api.Fields("nope"))
		require.Error(t, err, "the server refuses a field the type lacks")
		_, err = c.AuthMember(ctx, api.Into(nil))
		require.ErrorContains(t, err, "Into needs a non-nil pointer")
		_, err = c.GetAppNetworkSettings(ctx, api.GetAppNetworkSettingsArgs{AppID: "fakeApp01"}, api.Fields("id"))
		require.ErrorContains(t, err, "takes no selection")
	})
}

// TestUnionResult decodes a union to its concrete type by __typename.
func TestUnionResult(t *testing.T) {
	srv, c := setup(t)
	ctx := context.Background()

	m, err := c.Media(ctx, api.MediaArgs{ID: "fakeMedia01"})
	require.NoError(t, err)
	require.IsType(t, &api.Emoji{}, m, "the kit's mock is the union's first type")

	srv.Handle("Query.media", func(context.Context, map[string]any) (any, error) {
		return map[string]any{"__typename": "Image", "id": "fakeImage01", "url": "https://media.example.com/fake.png", "width": 640}, nil
	})
	for _, opt := range []api.Option{api.Basic(), api.All(), api.Fields("... on Image { id url width }")} {
		m, err = c.Media(ctx, api.MediaArgs{ID: "fakeImage01"}, opt)
		require.NoError(t, err)
		img, ok := m.(*api.Image)
		require.True(t, ok, "%T", m)
		assert.Equal(t, "fakeImage01", string(img.ID))
		assert.Equal(t, "https://media.example.com/fake.png", img.URL)
		assert.Equal(t, 640.0, img.Width)
	}

	// A union inside an object: Member.profilePicture.
	srv.Handle("Member.profilePicture", func(context.Context, map[string]any) (any, error) {
		return map[string]any{"__typename": "Image", "id": "fakeImage02"}, nil
	})
	me, err := c.AuthMember(ctx, api.All())
	require.NoError(t, err)
	pic, ok := me.ProfilePicture.(*api.Image)
	require.True(t, ok, "%T", me.ProfilePicture)
	assert.Equal(t, "fakeImage02", string(pic.ID))
}
