package api

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeAbstract: a union decodes to its concrete type by __typename,
// an unknown __typename to *Unknown (not an error), null to nil.
func TestDecodeAbstract(t *testing.T) {
	m, err := decodeMedia(json.RawMessage(`{"__typename":"Image","id":"fakeImage01","width":3}`))
	require.NoError(t, err)
	require.IsType(t, &Image{}, m)
	assert.Equal(t, 3.0, m.(*Image).Width)

	m, err = decodeMedia(json.RawMessage(`{"__typename":"Video","id":"fakeVideo01"}`))
	require.NoError(t, err)
	u, ok := m.(*Unknown)
	require.True(t, ok, "%T", m)
	assert.Equal(t, "Video", u.Typename)
	assert.JSONEq(t, `{"__typename":"Video","id":"fakeVideo01"}`, string(u.Raw))

	m, err = decodeMedia(json.RawMessage(`null`))
	require.NoError(t, err)
	assert.Nil(t, m)

	list, err := decodeList(decodeMedia)(json.RawMessage(`[{"__typename":"Emoji","text":"x"},null]`))
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.IsType(t, &Emoji{}, list[0])
	assert.Nil(t, list[1])

	var p Member
	require.NoError(t, json.Unmarshal([]byte(`{"id":"fakeMember01","profilePicture":{"__typename":"Emoji","text":"x"}}`), &p))
	assert.Equal(t, "fakeMember01", string(p.ID))
	assert.IsType(t, &Emoji{}, p.ProfilePicture)
}

// FuzzDecode feeds hostile bytes to the decoders of abstract types and to
// a struct holding one: an error or a value, never a panic.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"__typename":"Image","id":"x"}`, `null`, `[]`, `{"__typename":1}`, `{"profilePicture":{"__typename":"File"}}`, `"x"`, `{`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodeMedia(b)
		_, _ = decodeList(decodeMedia)(b)
		var m Member
		_ = json.Unmarshal(b, &m)
		var p PaginatedPost
		_ = decodeField(b, "posts", &p)
	})
}
