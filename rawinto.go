package bettermode

import (
	"context"
	"encoding/json"
	"reflect"
)

// SendJSONInto is SendJSON decoding the answer's data straight into v, a
// non-nil pointer, in the same pass as the answer's envelope: when the
// answer is a success (2xx, data, no errors) it returns nil data and a nil
// error, v holding the data. Otherwise it returns what SendJSON returns
// (the data, partial with an error, for the caller to decode; v may hold
// part of it). It is the entry point of package api's typed calls.
func (c *Client) SendJSONInto(ctx context.Context, op string, mutation bool, body []byte, v any, opts ...CallOption) (json.RawMessage, error) {
	return c.sendJSON(ctx, op, mutation, body, v, opts)
}

// wireInto is a GraphQL response body whose data decodes into a target.
type wireInto struct {
	Data       any             `json:"data"`
	Errors     json.RawMessage `json:"errors"`
	Extensions json.RawMessage `json:"extensions"`
}

// decodeDirect decodes a successful answer's data into x.into in one pass
// and reports whether it did: a 2xx answer that is valid JSON, with non-null
// data that fits x.into and no errors. Anything else is left to
// decodeResponse, which makes the errors and returns the raw data.
func (x *exchange) decodeDirect(status int, body []byte, ext *json.RawMessage) bool {
	if status < 200 || status > 299 {
		return false
	}
	if x.intoDirty { // a failed attempt may have written part of an answer
		reflect.ValueOf(x.into).Elem().SetZero()
	}
	x.intoDirty = true
	wr := wireInto{Data: x.into}
	// wr.Data is nil when data was null; a missing data leaves the target
	// zero, and so does an empty one: decodeResponse tells them apart.
	if json.Unmarshal(body, &wr) != nil || wr.Data == nil || (len(wr.Errors) > 0 && string(wr.Errors) != "null") ||
		reflect.ValueOf(x.into).Elem().IsZero() {
		return false
	}
	x.intoDirty = false
	*ext = wr.Extensions
	return true
}
