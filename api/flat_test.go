package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
)

func TestNamesNone(t *testing.T) {
	names := []string{"banner", "profilePicture"}
	for _, tc := range []struct {
		sel  string
		want bool
	}{
		{"id name", true},
		{"id network { name logo { id } }", true}, // a nested object's own fields decode by its own method
		{"", true},
		{"id banner { id }", false},
		{"id profilePicture { ... on Image { url } }", false},
		{"id PROFILEPICTURE { id }", false}, // encoding/json matches keys ignoring case
		{"pic: profilePicture { id }", false},
		{"Banner: name", false}, // an alias takes the field's key
		{"id ...MemberParts", false},
		{"id ... on Member { name }", false},
		{"id space { banner { id } }", false}, // conservative: the name anywhere
		{"bannerX", false},                    // conservative: a longer name holding it
		{"bann er", true},
		{"id profilePicture", false}, // the name at the very end
		{"banne", true},
	} {
		t.Run(tc.sel, func(t *testing.T) {
			assert.Equal(t, tc.want, namesNone(tc.sel, names))
		})
	}
}

// flatServer answers every request with answer and records the queries.
func flatServer(t *testing.T, answer string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(answer))
	}))
	t.Cleanup(srv.Close)
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL))
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return New(c)
}

// TestFlatDecoding: a root field whose object has union fields decodes
// them by __typename when the selection names them, and in one pass when
// it cannot (Basic, Fields without them). A server that sends a union field
// nobody selected gets an error naming the field, not a panic.
func TestFlatDecoding(t *testing.T) {
	ctx := context.Background()
	withPicture := `{"data":{"authMember":{"id":"fakeMember01","name":"Fake","profilePicture":{"__typename":"Image","id":"fakeImage01","url":"https://example.invalid/i.png"}}}}`

	m, err := flatServer(t, withPicture).AuthMember(ctx, Fields("id name profilePicture { ... on Image { id url } }"))
	require.NoError(t, err)
	assert.Equal(t, "Fake", m.Name)
	require.IsType(t, &Image{}, m.ProfilePicture)
	assert.Equal(t, "https://example.invalid/i.png", m.ProfilePicture.(*Image).URL)

	m, err = flatServer(t, withPicture).AuthMember(ctx, All())
	require.NoError(t, err)
	require.IsType(t, &Image{}, m.ProfilePicture)

	plain := `{"data":{"authMember":{"id":"fakeMember01","name":"Fake"}}}`
	for _, opts := range [][]Option{nil, {Basic()}, {Fields("id name")}} {
		m, err = flatServer(t, plain).AuthMember(ctx, opts...)
		require.NoError(t, err)
		assert.Equal(t, "fakeMember01", string(m.ID))
		assert.Nil(t, m.ProfilePicture)
	}

	for _, opts := range [][]Option{nil, {Fields("id name")}} {
		_, err = flatServer(t, withPicture).AuthMember(ctx, opts...)
		require.Error(t, err, "an unselected union field is not guessed at")
		assert.Contains(t, err.Error(), "cannot decode the answer")
		assert.Contains(t, err.Error(), "profilePicture")
	}
}
