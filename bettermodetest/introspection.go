package bettermodetest

import (
	"github.com/99designs/gqlgen/graphql/introspection"
)

// fieldSource is an object that resolves its own fields: the introspection
// types, which wrap gqlgen's graphql/introspection over the schema.
type fieldSource interface {
	resolveField(name string, args map[string]any) any
}

// introspected is the wrapped schema, built once.
var introspected = introspection.WrapSchema(schema)

// introspectionRoot answers the root fields __schema and __type.
func introspectionRoot(name string, args map[string]any) any {
	if name == "__schema" {
		return introSchema{introspected}
	}
	n, _ := args["name"].(string)
	def := schema.Types[n]
	if def == nil {
		return nil
	}
	return introTypeOrNil(introspection.WrapTypeFromDef(schema, def))
}

func strOrNil(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func introTypeOrNil(t *introspection.Type) any {
	if t == nil {
		return nil
	}
	return introType{t}
}

func includeDeprecated(args map[string]any) bool {
	b, _ := args["includeDeprecated"].(bool)
	return b
}

type introSchema struct{ s *introspection.Schema }

func (x introSchema) resolveField(name string, _ map[string]any) any {
	switch name {
	case "description":
		return strOrNil(x.s.Description())
	case "types":
		ts := x.s.Types()
		out := make([]any, len(ts))
		for i := range ts {
			out[i] = introType{&ts[i]}
		}
		return out
	case "queryType":
		return introTypeOrNil(x.s.QueryType())
	case "mutationType":
		return introTypeOrNil(x.s.MutationType())
	case "subscriptionType":
		return introTypeOrNil(x.s.SubscriptionType())
	case "directives":
		ds := x.s.Directives()
		out := make([]any, len(ds))
		for i := range ds {
			out[i] = introDirective{&ds[i]}
		}
		return out
	}
	return nil
}

type introType struct{ t *introspection.Type }

func (x introType) resolveField(name string, args map[string]any) any {
	t := x.t
	switch name {
	case "kind":
		return t.Kind()
	case "name":
		return strOrNil(t.Name())
	case "description":
		return strOrNil(t.Description())
	case "specifiedByURL":
		return strOrNil(t.SpecifiedByURL())
	case "fields":
		if t.Kind() != "OBJECT" && t.Kind() != "INTERFACE" {
			return nil
		}
		fs := t.Fields(includeDeprecated(args))
		out := make([]any, len(fs))
		for i := range fs {
			out[i] = introField{&fs[i]}
		}
		return out
	case "interfaces":
		if t.Kind() != "OBJECT" && t.Kind() != "INTERFACE" {
			return nil
		}
		return introTypes(t.Interfaces())
	case "possibleTypes":
		if t.Kind() != "UNION" && t.Kind() != "INTERFACE" {
			return nil
		}
		return introTypes(t.PossibleTypes())
	case "enumValues":
		if t.Kind() != "ENUM" {
			return nil
		}
		vs := t.EnumValues(includeDeprecated(args))
		out := make([]any, len(vs))
		for i := range vs {
			out[i] = introEnumValue{&vs[i]}
		}
		return out
	case "inputFields":
		if t.Kind() != "INPUT_OBJECT" {
			return nil
		}
		return introInputValues(t.VisibleInputFields(includeDeprecated(args)))
	case "ofType":
		return introTypeOrNil(t.OfType())
	case "isOneOf":
		if t.Kind() != "INPUT_OBJECT" {
			return nil
		}
		return t.IsOneOf()
	}
	return nil
}

func introTypes(ts []introspection.Type) []any {
	out := make([]any, len(ts))
	for i := range ts {
		out[i] = introType{&ts[i]}
	}
	return out
}

func introInputValues(vs []introspection.InputValue) []any {
	out := make([]any, len(vs))
	for i := range vs {
		out[i] = introInputValue{&vs[i]}
	}
	return out
}

type introField struct{ f *introspection.Field }

func (x introField) resolveField(name string, args map[string]any) any {
	f := x.f
	switch name {
	case "name":
		return f.Name
	case "description":
		return strOrNil(f.Description())
	case "args":
		return introInputValues(f.VisibleArgs(includeDeprecated(args)))
	case "type":
		return introTypeOrNil(f.Type)
	case "isDeprecated":
		return f.IsDeprecated()
	case "deprecationReason":
		return strOrNil(f.DeprecationReason())
	}
	return nil
}

type introInputValue struct{ v *introspection.InputValue }

func (x introInputValue) resolveField(name string, _ map[string]any) any {
	v := x.v
	switch name {
	case "name":
		return v.Name
	case "description":
		return strOrNil(v.Description())
	case "type":
		return introTypeOrNil(v.Type)
	case "defaultValue":
		return strOrNil(v.DefaultValue)
	case "isDeprecated":
		return v.IsDeprecated()
	case "deprecationReason":
		return strOrNil(v.DeprecationReason())
	}
	return nil
}

type introEnumValue struct{ v *introspection.EnumValue }

func (x introEnumValue) resolveField(name string, _ map[string]any) any {
	v := x.v
	switch name {
	case "name":
		return v.Name
	case "description":
		return strOrNil(v.Description())
	case "isDeprecated":
		return v.IsDeprecated()
	case "deprecationReason":
		return strOrNil(v.DeprecationReason())
	}
	return nil
}

type introDirective struct{ d *introspection.Directive }

func (x introDirective) resolveField(name string, args map[string]any) any {
	d := x.d
	switch name {
	case "name":
		return d.Name
	case "description":
		return strOrNil(d.Description())
	case "isRepeatable":
		return d.IsRepeatable
	case "locations":
		return anySlice(d.Locations)
	case "args":
		return introInputValues(d.VisibleArgs(includeDeprecated(args)))
	}
	return nil
}
