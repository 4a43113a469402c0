package api

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bettermode-go/bettermode"
	graphql "github.com/hasura/go-graphql-client"
	"github.com/hasura/go-graphql-client/pkg/jsonutil"
)

// operation is one root field's request, as the generator writes it: the
// operation's head ("query posts($limit: Int!) { posts(limit: $limit)") and
// the documents of the presets, constants built at generation time.
type operation struct {
	field    string // the root field, such as "posts"
	mutation bool
	head     string   // the document up to the root field's selection set (an iterator's: up to its nodes')
	basic    string   // the Basic document
	all      string   // the All document
	leaf     bool     // the field's type is a scalar or an enum: no selection
	page     bool     // an iterator's: a selection is the nodes'
	abstract bool     // the field's type is an interface or a union
	flat     []string // its object type's interface and union fields (see callFlat)

	once   [2]sync.Once
	prefix [2][]byte // {"query":"<basic or all>" as JSON, made on first use
	whole  [2][]byte // prefix and "}": the body without variables

	custom  sync.Map     // a caller's selection → its body without variables
	customs atomic.Int32 // how many custom holds
}

// maxCustom bounds how many selections of one operation are kept: a
// program uses a few, and one that makes them up does not grow without end.
const maxCustom = 32

// preset returns the start of the JSON body for the Basic (0) or All (1)
// document, and the whole body without variables, made once.
func (op *operation) preset(i int) (prefix, whole []byte) {
	op.once[i].Do(func() {
		doc := op.basic
		if i == 1 {
			doc = op.all
		}
		op.prefix[i] = bodyPrefix(doc)
		op.whole[i] = append(op.prefix[i][:len(op.prefix[i]):len(op.prefix[i])], '}')
	})
	return op.prefix[i], op.whole[i]
}

// selected returns the start of the JSON body for a caller's selection and
// the whole body without variables, kept for the next call.
func (op *operation) selected(selection string) (prefix, whole []byte, err error) {
	if w, ok := op.custom.Load(selection); ok {
		whole = w.([]byte)
		return whole[: len(whole)-1 : len(whole)-1], whole, nil
	}
	doc, err := op.document(selection)
	if err != nil {
		return nil, nil, err
	}
	whole = append(bodyPrefix(doc), '}')
	if op.customs.Add(1) <= maxCustom {
		op.custom.Store(selection, whole)
	}
	return whole[: len(whole)-1 : len(whole)-1], whole, nil
}

// bodyPrefix is `{"query":` and doc as a JSON string.
func bodyPrefix(doc string) []byte {
	q, _ := json.Marshal(doc) // a string always encodes
	return append([]byte(`{"query":`), q...)
}

// document returns the document for a caller's own selection.
func (op *operation) document(selection string) (string, error) {
	if op.leaf {
		return "", fmt.Errorf("bettermode: %s: the field's type is a scalar or an enum and takes no selection; remove the Fields or Into option: %w", op.field, bettermode.ErrInvalidInput)
	}
	if op.abstract {
		selection = "__typename " + selection // the decoder's key
	}
	if op.page {
		return op.head + " { " + selection + " } } }", nil // head ends with "nodes"
	}
	return op.head + " { " + selection + " } }", nil
}

// body returns the JSON request for the document chosen by s, with args
// (nil for a field without arguments) as its variables.
func (op *operation) body(s *settings, args any) ([]byte, error) {
	var prefix, whole []byte
	switch s.kind {
	case optAll:
		prefix, whole = op.preset(1)
	case optFields, optInto:
		sel := s.fields
		if s.kind == optInto {
			var err error
			if sel, err = selectionOf(s.into); err != nil {
				return nil, fmt.Errorf("bettermode: %s: cannot build the selection from the Go type; check its graphql tags: %w: %w", op.field, bettermode.ErrInvalidInput, err)
			}
		}
		var err error
		if prefix, whole, err = op.selected(sel); err != nil {
			return nil, err
		}
	default:
		prefix, whole = op.preset(0)
	}
	if args == nil {
		if whole != nil {
			return whole, nil // shared: the sender only reads it
		}
		b := make([]byte, 0, len(prefix)+1)
		return append(append(b, prefix...), '}'), nil
	}
	vars, err := json.Marshal(args)
	if err != nil {
		return nil, fmt.Errorf("bettermode: %s: cannot encode the arguments: %w: %w", op.field, bettermode.ErrInvalidInput, err)
	}
	b := make([]byte, 0, len(prefix)+len(`,"variables":}`)+len(vars))
	b = append(b, prefix...)
	b = append(b, `,"variables":`...)
	b = append(b, vars...)
	return append(b, '}'), nil
}

// call sends op with args and decodes the answer's data into out, a
// pointer to a struct whose one field is tagged with the root field's name,
// or, with Into, the root field's value into the caller's struct. Partial
// data is decoded even when an error is returned.
func (c *Client) call(ctx context.Context, op *operation, args any, out any, opts []Option) error {
	s := apply(opts)
	return c.callWith(ctx, op, args, out, &s)
}

// callFlat is call for a root field whose object type has interface or
// union fields (op.flat), which that type's UnmarshalJSON decodes by
// __typename in a second pass. When the selection surely names none of
// them (the Basic preset, which holds scalars and enums; or Fields whose
// text holds none of their names, in any case, and no fragment), the answer
// decodes into flat instead: a pointer to the same struct with the same
// type without that method, in one pass.
func (c *Client) callFlat(ctx context.Context, op *operation, args any, out, flat any, opts []Option) error {
	s := apply(opts)
	if s.kind == optBasic || s.kind == optFields && namesNone(s.fields, op.flat) {
		out = flat
	}
	return c.callWith(ctx, op, args, out, &s)
}

// namesNone reports whether the selection text surely selects none of the
// fields named: it holds no fragment ("...") and none of the names, ASCII
// case ignored, anywhere (as an alias, a field of a nested object or inside
// an argument alike: a false no only costs the second pass).
func namesNone(selection string, names []string) bool {
	if strings.Contains(selection, "...") {
		return false
	}
	for _, n := range names {
		for i := 0; i+len(n) <= len(selection); i++ {
			if strings.EqualFold(selection[i:i+len(n)], n) {
				return false
			}
		}
	}
	return true
}

// callWith is call with the settings s.
func (c *Client) callWith(ctx context.Context, op *operation, args any, out any, s *settings) error {
	var into any
	if s.kind != optInto {
		into = out // decoded by the sender in its one pass over a success
	}
	data, err := c.sendInto(ctx, op, s, args, into)
	if len(data) == 0 || string(data) == "null" {
		return err
	}
	var derr error
	if s.kind == optInto {
		derr = decodeInto(data, op.field, s.into)
	} else {
		derr = json.Unmarshal(data, out)
	}
	if derr != nil && err == nil {
		err = decodeError(op.field, derr)
	}
	return err
}

// send encodes and sends op through the root client's one sender.
func (c *Client) send(ctx context.Context, op *operation, s *settings, args any) (json.RawMessage, error) {
	return c.sendInto(ctx, op, s, args, nil)
}

// sendInto is send, decoding a successful answer's data into into when it is
// not nil: it then returns nil data and a nil error.
func (c *Client) sendInto(ctx context.Context, op *operation, s *settings, args any, into any) (json.RawMessage, error) {
	if s.kind == optInto {
		if rv := reflect.ValueOf(s.into); rv.Kind() != reflect.Pointer || rv.IsNil() {
			return nil, fmt.Errorf("bettermode: %s: Into needs a non-nil pointer, not %T; pass &v: %w", op.field, s.into, bettermode.ErrInvalidInput)
		}
	}
	body, err := op.body(s, args)
	if err != nil {
		return nil, err
	}
	if into != nil {
		return c.c.SendJSONInto(ctx, op.field, op.mutation, body, into, s.call...)
	}
	return c.c.SendJSON(ctx, op.field, op.mutation, body, s.call...)
}

// decodeError reports an answer that does not fit the Go type.
func decodeError(field string, err error) error {
	return fmt.Errorf("bettermode: %s: cannot decode the answer into the Go type: %w", field, bettermode.Scrubber{}.Error(err))
}

// decodeInto decodes the root field's value in data into v with the
// struct-tag conventions of hasura's go-graphql-client.
func decodeInto(data []byte, field string, v any) error {
	var root map[string]json.RawMessage
	if err := json.Unmarshal(data, &root); err != nil {
		return err
	}
	raw, ok := root[field]
	if !ok || string(raw) == "null" {
		return nil
	}
	return jsonutil.UnmarshalGraphQL(raw, v)
}

// selectionOf is the selection set, without its braces, that v's type
// describes, built by hasura's query builder.
func selectionOf(v any) (string, error) {
	q, err := graphql.ConstructQuery(v, nil)
	if err != nil {
		return "", err
	}
	q = strings.TrimPrefix(strings.TrimSpace(q), "query")
	q = strings.TrimSpace(q)
	if len(q) < 2 || q[0] != '{' || q[len(q)-1] != '}' {
		return "", fmt.Errorf("the type %T describes no selection", v)
	}
	return q[1 : len(q)-1], nil
}
