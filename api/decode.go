package api

import (
	"encoding/json"
)

// Unknown is a value of an interface or a union whose __typename this
// package does not know (a type the API added after the generation). It
// keeps the value as it came.
type Unknown struct {
	// Typename is the value's __typename.
	Typename string `json:"__typename"`
	// Raw is the value as JSON.
	Raw json.RawMessage `json:"-"`
}

// typename returns the __typename of the JSON object raw; "" for null or
// anything that is not an object.
func typename(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var v struct {
		T string `json:"__typename"`
	}
	if json.Unmarshal(raw, &v) != nil || v.T == "" {
		return "?"
	}
	return v.T
}

// decodeAs decodes raw into a new T.
func decodeAs[T any](raw json.RawMessage) (*T, error) {
	v := new(T)
	return v, json.Unmarshal(raw, v)
}

// decodeUnknown keeps raw as an Unknown.
func decodeUnknown(raw json.RawMessage) (*Unknown, error) {
	u := &Unknown{Raw: append(json.RawMessage(nil), raw...)}
	_ = json.Unmarshal(raw, u) // anything: the typename is only kept
	return u, nil
}

// decodeList returns a decoder of a JSON list whose items one decodes.
func decodeList[T any](one func(json.RawMessage) (T, error)) func(json.RawMessage) ([]T, error) {
	return func(raw json.RawMessage) ([]T, error) {
		if len(raw) == 0 || string(raw) == "null" {
			return nil, nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		out := make([]T, len(items))
		for i, item := range items {
			v, err := one(item)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
}

// decoded decodes a root field's raw value after a call that returned err;
// partial data is decoded even with an error.
func decoded[T any](raw json.RawMessage, err error, decode func(json.RawMessage) (T, error)) (T, error) {
	v, derr := decode(raw)
	if derr != nil && err == nil {
		err = derr
	}
	return v, err
}
