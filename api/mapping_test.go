package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/schema"
)

func TestMappingFields(t *testing.T) {
	when := time.Date(2026, 12, 4, 5, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		got   schema.PostMappingFieldInput
		typ   schema.PostMappingTypeEnum
		value string
	}{
		{"text", api.TextField("title", "Hello"), schema.PostMappingTypeEnumText, `"Hello"`},
		{"text quotes", api.TextField("title", `say "hi" \ o/`), schema.PostMappingTypeEnumText, `"say \"hi\" \\ o/"`},
		{"html", api.HTMLField("content", `<p>a & b</p>`), schema.PostMappingTypeEnumHTML, `"<p>a & b</p>"`},
		{"number", api.NumberField("price", 12.5), schema.PostMappingTypeEnumNumber, `12.5`},
		{"boolean", api.BooleanField("done", true), schema.PostMappingTypeEnumBoolean, `true`},
		{"date", api.DateField("at", when), schema.PostMappingTypeEnumDate, `"2026-12-04T05:00:00Z"`},
		{"text array", api.TextArrayField("tags", []string{"a", "b"}), schema.PostMappingTypeEnumTextArray, `["a","b"]`},
		{"text array nil", api.TextArrayField("tags", nil), schema.PostMappingTypeEnumTextArray, `[]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.typ, tc.got.Type)
			assert.Equal(t, tc.value, tc.got.Value)
			assert.True(t, json.Valid([]byte(tc.got.Value)))
			assert.NotEmpty(t, tc.got.Key)
		})
	}
	var back string
	require.NoError(t, json.Unmarshal([]byte(api.HTMLField("c", `<img src="x">`).Value), &back))
	assert.Equal(t, `<img src="x">`, back)
}
