package api

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/bettermode-go/bettermode/schema"
)

// The helpers below build a post's mapping fields (schema.CreatePostInput's
// MappingFields): a field's value is JSON, so a text is sent as a quoted
// string ("\"Hello\""), a number or a boolean as itself.

// TextField is the text mapping field key with the value s, such as a
// post's "title".
func TextField(key, s string) schema.PostMappingFieldInput {
	return mappingField(key, schema.PostMappingTypeEnumText, s)
}

// HTMLField is the HTML mapping field key with the value html, such as a
// post's "content". An uploaded image appears in it as
// <figure data-type="image" data-id="MEDIA_ID"><img src="URL"></figure>.
func HTMLField(key, html string) schema.PostMappingFieldInput {
	return mappingField(key, schema.PostMappingTypeEnumHTML, html)
}

// NumberField is the number mapping field key with the value n.
func NumberField(key string, n float64) schema.PostMappingFieldInput {
	return mappingField(key, schema.PostMappingTypeEnumNumber, n)
}

// BooleanField is the boolean mapping field key with the value v.
func BooleanField(key string, v bool) schema.PostMappingFieldInput {
	return mappingField(key, schema.PostMappingTypeEnumBoolean, v)
}

// DateField is the date mapping field key with the value t, sent as an
// RFC 3339 string.
func DateField(key string, t time.Time) schema.PostMappingFieldInput {
	return mappingField(key, schema.PostMappingTypeEnumDate, t.Format(time.RFC3339))
}

// TextArrayField is the text-array mapping field key (such as a post's
// tags) with the values ss; nil is sent as an empty list.
func TextArrayField(key string, ss []string) schema.PostMappingFieldInput {
	if ss == nil {
		ss = []string{}
	}
	return mappingField(key, schema.PostMappingTypeEnumTextArray, ss)
}

// mappingField encodes v as the JSON value of the mapping field key of type
// typ, leaving <, > and & as they are (an HTML content stays readable).
func mappingField(key string, typ schema.PostMappingTypeEnum, v any) schema.PostMappingFieldInput {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // strings, numbers, booleans and string lists always encode
	return schema.PostMappingFieldInput{Key: key, Type: typ, Value: string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))}
}
