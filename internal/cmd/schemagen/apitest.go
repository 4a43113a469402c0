package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// callTable writes api/gen_rootfields_test.go: every root field's method
// called with a value for each required argument, for the test that calls
// them all against the kit.
func (a *apiGen) callTable(b *bytes.Buffer, fields []rootField) error {
	body := &bytes.Buffer{}
	for _, rf := range fields {
		args := ""
		if len(rf.f.Arguments) > 0 {
			var vals []string
			for _, arg := range rf.f.Arguments {
				if required(arg.Type, arg.DefaultValue) {
					vals = append(vals, goName(arg.Name)+": "+a.sampleGo(arg.Type, 0))
				}
			}
			args = ", api." + rf.method + "Args{" + strings.Join(vals, ", ") + "}"
		}
		fmt.Fprintf(body, "\t{%q, %q, %q, func(ctx context.Context, c *api.Client, o ...api.Option) (any, error) { return c.%s(ctx%s, o...) }},\n",
			rf.op, rf.f.Name, rf.f.Type.String(), rf.method, args)
	}
	header(b, "api_test")
	b.WriteString("import (\n\t\"context\"\n\n\t\"github.com/bettermode-go/bettermode/api\"\n")
	if bytes.Contains(body.Bytes(), []byte("schema.")) {
		b.WriteString("\t\"github.com/bettermode-go/bettermode/schema\"\n")
	}
	b.WriteString(")\n\n")
	b.WriteString(`// rootCall is a root field's method, called with a value for every
// required argument.
type rootCall struct {
	op, field, typ string
	call           func(context.Context, *api.Client, ...api.Option) (any, error)
}

// rootCalls lists every root field: queries, then mutations.
var rootCalls = []rootCall{
`)
	b.Write(body.Bytes())
	b.WriteString("}\n")
	return nil
}

// sampleGo is a Go expression of a value of the input type t, with only
// the required fields of input objects; lists are empty.
func (a *apiGen) sampleGo(t *ast.Type, depth int) string {
	typ := a.inType(t)
	if t.Elem != nil {
		return typ + "{}"
	}
	def := a.g.schema.Types[t.NamedType]
	var v string
	switch {
	case def.Kind == ast.Enum:
		v = fmt.Sprintf("schema.%s(%q)", typeName(def.Name), def.EnumValues[0].Name)
	case def.Kind == ast.InputObject:
		var fs []string
		for _, f := range def.Fields {
			if required(f.Type, f.DefaultValue) && depth < 6 {
				fs = append(fs, goName(f.Name)+": "+a.sampleGo(f.Type, depth+1))
			}
		}
		v = "schema." + typeName(def.Name) + "{" + strings.Join(fs, ", ") + "}"
	case t.NamedType == "Int":
		v = "1"
	case t.NamedType == "Float":
		v = "1.5"
	case t.NamedType == "Boolean":
		v = "true"
	case t.NamedType == "DateTime":
		v = "schema.DateTime{}"
	case t.NamedType == "ID":
		v = `"mock-id"`
	default:
		v = `"mock"`
	}
	if !t.NonNull {
		return "ptr(" + v + ")"
	}
	return v
}
