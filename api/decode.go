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

// lacksKeys reports whether the JSON object data surely has none of keys
// as a member name, as encoding/json matches them (ignoring case): its text
// is ASCII without escapes and holds none of them quoted, in any case.
// Otherwise an object with interface or union fields takes the slower path
// that decodes them by __typename.
func lacksKeys(data []byte, keys ...string) bool {
	for _, c := range data {
		if c == '\\' || c >= 0x80 {
			return false
		}
	}
	for _, k := range keys {
		for i := 0; i+len(k)+1 < len(data); i++ {
			if data[i] == '"' && data[i+len(k)+1] == '"' && asciiFold(data[i+1:i+1+len(k)], k) {
				return false
			}
		}
	}
	return true
}

// asciiFold reports whether the ASCII b and s are equal ignoring case.
func asciiFold(b []byte, s string) bool {
	for i := range len(b) {
		x, y := b[i]|0x20, s[i]|0x20
		if x != y || (x < 'a' || x > 'z') && b[i] != s[i] {
			return false
		}
	}
	return true
}
