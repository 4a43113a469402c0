package api

import (
	"encoding/json"
	"strings"
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

func TestLacksKeys(t *testing.T) {
	for _, tc := range []struct {
		data string
		want bool
	}{
		{`{"id":"x","name":"y"}`, true},
		{`{"id":"x","banner":null}`, false},
		{`{"id":"x","BANNER":null}`, false},          // encoding/json ignores case
		{`{"id":"x","b\u0061nner":null}`, false},     // an escape may hide a key
		{`{"id":"x","\u212aey":null,"ok":1}`, false}, // non-ASCII folds too
		{`{"id":"banner"}`, false},                   // a value looking like a key: the slow path
		{`{"id":"x","bann":1}`, true},
		{`"banner`, true},
		{``, true},
	} {
		t.Run(tc.data, func(t *testing.T) {
			assert.Equal(t, tc.want, lacksKeys([]byte(tc.data), "banner", "profilePicture"))
		})
	}
}

// FuzzLacksKeys checks lacksKeys against encoding/json: when it says an
// object lacks a key, no member name of the object matches it.
func FuzzLacksKeys(f *testing.F) {
	for _, s := range []string{`{"banner":1}`, `{"Banner":1}`, `{"b\u0061nner":1}`, `{"id":"x"}`, `{"BaNnEr":{"__typename":"Image"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m map[string]json.RawMessage
		if json.Unmarshal(b, &m) != nil || !lacksKeys(b, "banner") {
			return
		}
		for k := range m {
			assert.False(t, strings.EqualFold(k, "banner"), "lacksKeys missed %q in %q", k, b)
		}
		var fast, slow Member
		require.NoError(t, json.Unmarshal(b, &fast))
		// The slow path's result is the fast path's: what a fresh Member
		// decodes to without the fast path.
		type plain Member
		var raw struct {
			*plain
			Banner         json.RawMessage `json:"banner"`
			ProfilePicture json.RawMessage `json:"profilePicture"`
		}
		raw.plain = (*plain)(&slow)
		if json.Unmarshal(b, &raw) == nil && len(raw.ProfilePicture) == 0 {
			assert.Equal(t, slow, fast)
		}
	})
}
