package api

import (
	"github.com/bettermode-go/bettermode"
)

// Option chooses what a call selects and how it is sent. The zero Option
// changes nothing; options given later win.
type Option struct {
	kind   optionKind
	fields string
	into   any
	call   []bettermode.CallOption
}

type optionKind uint8

const (
	optNone optionKind = iota
	optBasic
	optAll
	optFields
	optInto
	optCall
)

// Basic selects the result type's scalar and enum fields (and __typename
// where the type is an interface or a union), like the official SDK's
// 'basic'. It is the default. Unlike the official 'basic', a Paginated*
// connection's Basic also selects pageInfo { endCursor hasNextPage } and
// nodes with the node type's Basic fields, so Posts returns posts.
func Basic() Option { return Option{kind: optBasic} }

// All selects what Basic does and one level of object fields with their
// scalar and enum fields, like the official SDK's 'all'.
func All() Option { return Option{kind: optAll} }

// Fields sends selection, a GraphQL selection set for the root field's
// type without its braces (such as "id name space { id }"), and decodes the
// answer into the call's generated result type. Fields selected with
// aliases or not in the type are left out of the result. A field whose type
// is a scalar or an enum takes no selection: the call fails.
func Fields(selection string) Option { return Option{kind: optFields, fields: selection} }

// Into decodes the root field's value into v, a non-nil pointer to the
// caller's own struct, and selects what v's type describes, with the
// struct-tag conventions of Client.Query (github.com/hasura/go-graphql-client:
// `graphql:"name"` tags, inline fragments as `graphql:"... on Post"`). The
// call then returns the result type's zero value. Iterators do not take it.
func Into(v any) Option { return Option{kind: optInto, into: v} }

// With passes the root client's call options (bettermode.BindExtensions,
// bettermode.BindResponseHeader) to the request.
func With(opts ...bettermode.CallOption) Option { return Option{kind: optCall, call: opts} }

// settings is what a call's options add up to.
type settings struct {
	kind   optionKind // optBasic, optAll, optFields or optInto
	fields string
	into   any
	call   []bettermode.CallOption
}

func apply(opts []Option) settings {
	s := settings{kind: optBasic}
	for _, o := range opts {
		switch o.kind {
		case optNone:
		case optCall:
			s.call = append(s.call, o.call...)
		default:
			s.kind, s.fields, s.into = o.kind, o.fields, o.into
		}
	}
	return s
}
