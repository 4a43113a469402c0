package main

import (
	"bytes"
	"fmt"
	"go/format"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The typed API's generated files, from the module root: api/gen_*.go.
const (
	apiDir    = "api"
	apiPrefix = "gen_"
	// apiChunk is how many types or root fields one generated file holds,
	// so that no file is giant.
	apiChunk = 40
)

// apiHandWritten are the identifiers of package api's hand-written code,
// which generated names must not take.
var apiHandWritten = []string{"Client", "New", "Option", "Basic", "All", "Fields", "Into", "With", "Unknown",
	"TextField", "HTMLField", "NumberField", "BooleanField", "DateField", "TextArrayField"}

// apiGen generates package api: output types, a method per root field,
// iterators and the test table of every root field.
type apiGen struct {
	g      *generator
	idents map[string]string // package api's identifiers → what declared them
	meths  map[string]string // Client's methods → what declared them
	// abstract holds the interfaces and unions, by name.
	abstract map[string]*ast.Definition
	// sels holds the preset selection sets the documents share, by the
	// name of their constant (selBasicMember, selAllMember).
	sels map[string]string
	// selExprs holds, by the same names, the Go constant expressions of
	// the selection sets built from other constants.
	selExprs map[string]string
	// connMethods holds the connection types whose page method is written.
	connMethods map[string]bool
}

// selRef returns the name of the constant holding the Basic (deep false)
// or All selection set of def, and the selection set.
func (a *apiGen) selRef(def *ast.Definition, deep bool) (string, string) {
	name := "selBasic" + typeName(def.Name)
	if deep {
		name = "selAll" + typeName(def.Name)
	}
	if _, ok := a.sels[name]; !ok {
		if node := a.connectionNode(def); node != nil && !deep {
			// A connection's Basic selects its nodes (at their Basic) and
			// what paging needs, not only totalCount: see package api's doc.
			nn, ns := a.selRef(node, false)
			items := a.items(def, false, nil)
			if items[0] == "__typename" {
				items = nil
			}
			start := "{ " + strings.Join(append(items, "pageInfo { endCursor hasNextPage } nodes "), " ")
			a.sels[name] = start + ns + " }"
			a.selExprs[name] = goQuote(start) + " + " + nn + " + \" }\""
		} else {
			a.sels[name] = a.selection(def, deep)
		}
	}
	return name, a.sels[name]
}

// connectionNode returns the node type of def when def is a Paginated*
// connection (nodes, a list of objects, and pageInfo { endCursor
// hasNextPage }), nil otherwise.
func (a *apiGen) connectionNode(def *ast.Definition) *ast.Definition {
	if def.Kind != ast.Object || !strings.HasPrefix(def.Name, "Paginated") {
		return nil
	}
	nodes, info := def.Fields.ForName("nodes"), def.Fields.ForName("pageInfo")
	if nodes == nil || info == nil || nodes.Type.Elem == nil || nodes.Type.Elem.Elem != nil {
		return nil
	}
	node, pi := a.g.schema.Types[nodes.Type.Elem.Name()], a.g.schema.Types[info.Type.Name()]
	if node == nil || pi == nil || node.Kind != ast.Object || pi.Fields.ForName("endCursor") == nil || pi.Fields.ForName("hasNextPage") == nil {
		return nil
	}
	return node
}

// selections writes the constants of the preset selection sets names.
func (a *apiGen) selections(b *bytes.Buffer, names []string) error {
	header(b, "api")
	b.WriteString("// The selection sets of the presets, shared by the documents of every\n// root field and iterator of one type.\nconst (\n")
	for _, n := range names {
		expr, ok := a.selExprs[n]
		if !ok {
			expr = goQuote(a.sels[n])
		}
		fmt.Fprintf(b, "\t%s = %s\n", n, expr)
	}
	b.WriteString(")\n")
	return nil
}

// rootField is a root field with its Go names.
type rootField struct {
	op     string // "query" or "mutation"
	f      *ast.FieldDefinition
	method string // Go method name
}

// apiFiles returns package api's generated files.
func (g *generator) apiFiles() ([]file, error) {
	a := &apiGen{g: g, idents: map[string]string{}, sels: map[string]string{}, selExprs: map[string]string{}, meths: map[string]string{"Raw": "a hand-written method"}, abstract: map[string]*ast.Definition{}}
	for _, id := range apiHandWritten {
		a.idents[id] = "package api's hand-written code"
	}
	var objects []*ast.Definition
	for _, d := range g.definitions(ast.Object) {
		if d == g.schema.Query || d == g.schema.Mutation || d == g.schema.Subscription {
			continue
		}
		objects = append(objects, d)
	}
	abstract := append(g.definitions(ast.Interface), g.definitions(ast.Union)...)
	slices.SortFunc(abstract, func(x, y *ast.Definition) int { return strings.Compare(x.Name, y.Name) })
	for _, d := range abstract {
		a.abstract[d.Name] = d
	}
	for _, d := range append(slices.Clone(objects), abstract...) {
		if err := a.declare(typeName(d.Name), "type "+d.Name); err != nil {
			return nil, err
		}
	}
	fields, err := a.rootFields()
	if err != nil {
		return nil, err
	}

	var files []file
	add := func(path string, gen func(*bytes.Buffer) error) error {
		var b bytes.Buffer
		if err := gen(&b); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		src, err := format.Source(b.Bytes())
		if err != nil {
			return fmt.Errorf("%s: gofmt: %w", path, err)
		}
		files = append(files, file{path: path, data: src})
		return nil
	}
	for i, chunk := range chunks(objects) {
		if err := add(apiPath(fmt.Sprintf("types_%d.go", i+1)), func(b *bytes.Buffer) error { return a.objects(b, chunk) }); err != nil {
			return nil, err
		}
	}
	if err := add(apiPath("abstract.go"), func(b *bytes.Buffer) error { return a.abstracts(b, objects, abstract) }); err != nil {
		return nil, err
	}
	for _, op := range []string{"query", "mutation"} {
		var mine []rootField
		for _, rf := range fields {
			if rf.op == op {
				mine = append(mine, rf)
			}
		}
		for i, chunk := range chunks(mine) {
			if err := add(apiPath(fmt.Sprintf("%s_%d.go", op, i+1)), func(b *bytes.Buffer) error { return a.methods(b, chunk) }); err != nil {
				return nil, err
			}
		}
	}
	var paginated []rootField
	for _, rf := range fields {
		if _, ok := a.pagination(rf); ok {
			paginated = append(paginated, rf)
		}
	}
	for i, chunk := range chunks(paginated) {
		if err := add(apiPath(fmt.Sprintf("iter_%d.go", i+1)), func(b *bytes.Buffer) error { return a.iterators(b, chunk) }); err != nil {
			return nil, err
		}
	}
	sels := slices.Sorted(maps.Keys(a.sels))
	for i, chunk := range chunks(sels) {
		if err := add(apiPath(fmt.Sprintf("selections_%d.go", i+1)), func(b *bytes.Buffer) error { return a.selections(b, chunk) }); err != nil {
			return nil, err
		}
	}
	if err := add(apiPath("rootfields_test.go"), func(b *bytes.Buffer) error { return a.callTable(b, fields) }); err != nil {
		return nil, err
	}
	return files, nil
}

// apiPath is the path of the generated file name in package api.
func apiPath(name string) string { return apiDir + "/" + apiPrefix + name }

// chunks cuts s into runs of apiChunk.
func chunks[T any](s []T) [][]T {
	var out [][]T
	for len(s) > apiChunk {
		out = append(out, s[:apiChunk])
		s = s[apiChunk:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}

func (a *apiGen) declare(id, what string) error { return declareIn(a.idents, id, what) }

// declareMethod records a method of Client.
func (a *apiGen) declareMethod(id, what string) error { return declareIn(a.meths, id, what) }

func declareIn(names map[string]string, id, what string) error {
	if other, ok := names[id]; ok {
		return fmt.Errorf("the Go name %s of %s is also that of %s", id, what, other)
	}
	names[id] = what
	return nil
}

// rootFields lists the root fields, queries then mutations, each sorted by
// name, with their method names. A query whose name a mutation shares (the
// deprecated query forms of loginNetwork and others) is suffixed Query.
func (a *apiGen) rootFields() ([]rootField, error) {
	mutations := map[string]bool{}
	for _, f := range a.g.schema.Mutation.Fields {
		mutations[f.Name] = true
	}
	var out []rootField
	for _, root := range []struct {
		op  string
		def *ast.Definition
	}{{"query", a.g.schema.Query}, {"mutation", a.g.schema.Mutation}} {
		fields := slices.Clone(root.def.Fields)
		slices.SortFunc(fields, func(x, y *ast.FieldDefinition) int { return strings.Compare(x.Name, y.Name) })
		for _, f := range fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			m := goName(f.Name)
			if root.op == "query" && mutations[f.Name] {
				m += "Query"
			}
			if err := a.declareMethod(m, root.op+" "+f.Name); err != nil {
				return nil, err
			}
			if len(f.Arguments) > 0 {
				if err := a.declare(m+"Args", "the arguments of "+root.op+" "+f.Name); err != nil {
					return nil, err
				}
			}
			out = append(out, rootField{op: root.op, f: f, method: m})
		}
	}
	return out, nil
}

// kind is the kind of the named type of t.
func (a *apiGen) kind(t *ast.Type) ast.DefinitionKind {
	return a.g.schema.Types[t.Name()].Kind
}

// scalarType is the Go type of a scalar or enum named name.
func scalarType(name string) string {
	switch name {
	case "String":
		return "string"
	case "Int":
		return "int"
	case "Float":
		return "float64"
	case "Boolean":
		return "bool"
	}
	return "schema." + typeName(name)
}

// outType is the Go type of an output value of type t: scalars and enums
// as values (null is the zero value), objects as pointers (values in
// lists), interfaces and unions as their Go interface.
func (a *apiGen) outType(t *ast.Type, inList bool) string {
	if t.Elem != nil {
		return "[]" + a.outType(t.Elem, true)
	}
	switch a.kind(t) {
	case ast.Scalar, ast.Enum:
		return scalarType(t.NamedType)
	case ast.Object:
		if inList {
			return typeName(t.NamedType)
		}
		return "*" + typeName(t.NamedType)
	}
	return typeName(t.NamedType)
}

// inType is the Go type of an input value of type t (package schema's
// types, a pointer when nullable).
func (a *apiGen) inType(t *ast.Type) string {
	var base string
	if t.Elem != nil {
		base = "[]" + a.inType(t.Elem)
	} else {
		base = scalarType(t.NamedType)
	}
	if !t.NonNull {
		return "*" + base
	}
	return base
}

// hasAbstract reports whether a value of type t holds an interface or a
// union directly (or in lists), which encoding/json cannot decode alone.
func (a *apiGen) hasAbstract(t *ast.Type) bool {
	k := a.kind(t)
	return k == ast.Interface || k == ast.Union
}

// fieldDoc writes a field's doc comment.
func fieldDoc(b *bytes.Buffer, indent, text string, ds ast.DirectiveList) {
	text = description(text)
	if reason, ok := deprecation(ds); ok {
		if text != "" {
			text += "\n\n"
		}
		text += "Deprecated: " + reason
	}
	if text != "" {
		comment(b, indent, text)
	}
}

// goFields returns the Go names of def's fields, failing on a collision.
// Where two fields have one Go name (accessToken and access_token), the
// one with underscores is spelled as it is, capitalised (Access_token).
func goFields(def *ast.Definition) (map[string]string, error) {
	names := map[string]string{}
	seen := map[string]string{"Typename": "__typename"}
	for _, snake := range []bool{false, true} {
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") || strings.Contains(f.Name, "_") != snake {
				continue
			}
			n := goName(f.Name)
			if _, taken := seen[n]; taken && snake {
				n = typeName(f.Name)
			}
			if other, ok := seen[n]; ok {
				return nil, fmt.Errorf("type %s: the fields %s and %s are both %s in Go", def.Name, other, f.Name, n)
			}
			seen[n] = f.Name
			names[f.Name] = n
		}
	}
	return names, nil
}

// objects writes the Go structs of the object types defs.
func (a *apiGen) objects(b *bytes.Buffer, defs []*ast.Definition) error {
	body := &bytes.Buffer{}
	for _, d := range defs {
		names, err := goFields(d)
		if err != nil {
			return err
		}
		name := typeName(d.Name)
		typeDoc(body, name, "object", d)
		fmt.Fprintf(body, "type %s struct {\n", name)
		body.WriteString("\t// Typename is the object's __typename, when selected.\n")
		body.WriteString("\tTypename string `json:\"__typename,omitempty\"`\n")
		for _, f := range d.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			fieldDoc(body, "\t", f.Description, f.Directives)
			fmt.Fprintf(body, "\t%s %s `json:%q`\n", names[f.Name], a.outType(f.Type, false), f.Name+",omitempty")
		}
		body.WriteString("}\n\n")
	}
	header(b, "api")
	if bytes.Contains(body.Bytes(), []byte("schema.")) {
		b.WriteString("import \"github.com/bettermode-go/bettermode/schema\"\n\n")
	}
	b.Write(body.Bytes())
	return nil
}

// abstracts writes the Go interfaces of the interfaces and unions, their
// decoders, Unknown's marker methods and the UnmarshalJSON methods of the
// structs that hold them.
func (a *apiGen) abstracts(b *bytes.Buffer, objects, abstract []*ast.Definition) error {
	header(b, "api")
	b.WriteString("import \"encoding/json\"\n\n")
	for _, d := range abstract {
		name := typeName(d.Name)
		kind := "union"
		if d.Kind == ast.Interface {
			kind = "interface"
		}
		var possible []string
		for _, pt := range a.g.schema.GetPossibleTypes(d) {
			possible = append(possible, pt.Name)
		}
		slices.Sort(possible)
		typeDoc(b, name, kind, d)
		comment(b, "", fmt.Sprintf("Its values are *%s, or *Unknown for a type this package does not know.", strings.Join(possible, ", *")))
		fmt.Fprintf(b, "type %s interface{ is%s() }\n\n", name, name)
		for _, p := range possible {
			fmt.Fprintf(b, "func (*%s) is%s() {}\n", typeName(p), name)
		}
		fmt.Fprintf(b, "func (*Unknown) is%s() {}\n\n", name)
		fmt.Fprintf(b, "// decode%s decodes a %s by its __typename.\n", name, d.Name)
		fmt.Fprintf(b, "func decode%s(raw json.RawMessage) (%s, error) {\n", name, name)
		b.WriteString("\tswitch typename(raw) {\n")
		for _, p := range possible {
			fmt.Fprintf(b, "\tcase %q:\n\t\treturn decodeAs[%s](raw)\n", p, typeName(p))
		}
		b.WriteString("\tcase \"\":\n\t\treturn nil, nil\n\t}\n\treturn decodeUnknown(raw)\n}\n\n")
	}
	for _, d := range objects {
		abs := a.abstractFields(d)
		if len(abs) == 0 {
			continue
		}
		names, _ := goFields(d)
		name := typeName(d.Name)
		fmt.Fprintf(b, "// plain%s is %s without its UnmarshalJSON: what it decodes in one pass.\n", name, name)
		fmt.Fprintf(b, "type plain%s %s\n\n", name, name)
		fmt.Fprintf(b, "// UnmarshalJSON decodes a %s, its interface and union fields by __typename.\n", name)
		fmt.Fprintf(b, "func (v *%s) UnmarshalJSON(data []byte) error {\n", name)
		fmt.Fprintf(b, "\ttype plain = plain%s\n", name)
		keys, zero, nils := make([]string, len(abs)), make([]string, len(abs)), make([]string, len(abs))
		for i, f := range abs {
			keys[i], zero[i], nils[i] = strconv.Quote(f.Name), "v."+names[f.Name], "nil"
		}
		fmt.Fprintf(b, "\tif lacksKeys(data, %s) { // none of them selected: one pass\n\t\t%s = %s\n\t\treturn json.Unmarshal(data, (*plain)(v))\n\t}\n", strings.Join(keys, ", "), strings.Join(zero, ", "), strings.Join(nils, ", "))
		b.WriteString("\tvar raw struct {\n\t\t*plain\n")
		for _, f := range abs {
			fmt.Fprintf(b, "\t\t%s json.RawMessage `json:%q`\n", names[f.Name], f.Name)
		}
		b.WriteString("\t}\n\traw.plain = (*plain)(v)\n\tif err := json.Unmarshal(data, &raw); err != nil {\n\t\treturn err\n\t}\n\tvar err error\n")
		for _, f := range abs {
			fmt.Fprintf(b, "\tif v.%s, err = %s(raw.%s); err != nil {\n\t\treturn err\n\t}\n", names[f.Name], a.decoder(f.Type), names[f.Name])
		}
		b.WriteString("\treturn nil\n}\n\n")
	}
	return nil
}

// abstractFields returns the fields of the object d whose type is an
// interface or a union, or lists of them.
func (a *apiGen) abstractFields(d *ast.Definition) []*ast.FieldDefinition {
	var abs []*ast.FieldDefinition
	for _, f := range d.Fields {
		if !strings.HasPrefix(f.Name, "__") && a.hasAbstract(f.Type) {
			abs = append(abs, f)
		}
	}
	return abs
}

// decoder is the expression of the function decoding a value of type t,
// an interface or a union or lists of them.
func (a *apiGen) decoder(t *ast.Type) string {
	if t.Elem != nil {
		return "decodeList(" + a.decoder(t.Elem) + ")"
	}
	return "decode" + typeName(t.NamedType)
}

// methods writes the methods, argument structs and operations of fields.
func (a *apiGen) methods(b *bytes.Buffer, fields []rootField) error {
	body := &bytes.Buffer{}
	for _, rf := range fields {
		if err := a.method(body, rf); err != nil {
			return fmt.Errorf("%s %s: %w", rf.op, rf.f.Name, err)
		}
	}
	header(b, "api")
	b.WriteString("import (\n\t\"context\"\n")
	if bytes.Contains(body.Bytes(), []byte("json.")) {
		b.WriteString("\t\"encoding/json\"\n")
	}
	if bytes.Contains(body.Bytes(), []byte("schema.")) {
		b.WriteString("\n\t\"github.com/bettermode-go/bettermode/schema\"\n")
	}
	b.WriteString(")\n\n")
	b.Write(body.Bytes())
	return nil
}

// opVar is the name of the operation variable of a root field.
func opVar(rf rootField) string { return "op" + rf.method }

// method writes one root field's arguments, operation and method.
func (a *apiGen) method(b *bytes.Buffer, rf rootField) error {
	f := rf.f
	head, err := a.head(rf.op, f)
	if err != nil {
		return err
	}
	def := a.g.schema.Types[f.Type.Name()]
	leaf := def.Kind == ast.Scalar || def.Kind == ast.Enum
	basic, all := head+" }", head+" }"
	basicExpr, allExpr := goQuote(basic), goQuote(all)
	if !leaf {
		bn, bs := a.selRef(def, false)
		an, as := a.selRef(def, true)
		basic, all = head+" "+bs+" }", head+" "+as+" }"
		basicExpr = goQuote(head+" ") + " + " + bn + " + \" }\""
		allExpr = goQuote(head+" ") + " + " + an + " + \" }\""
	}
	for _, doc := range []string{basic, all} {
		if err := a.validate(doc); err != nil {
			return err
		}
	}
	// The arguments.
	if len(f.Arguments) > 0 {
		if err := a.argsStruct(b, rf); err != nil {
			return err
		}
	}
	// The operation.
	fmt.Fprintf(b, "var %s = operation{field: %q, ", opVar(rf), f.Name)
	if rf.op == "mutation" {
		b.WriteString("mutation: true, ")
	}
	if leaf {
		b.WriteString("leaf: true, ")
	}
	if a.hasAbstract(f.Type) {
		b.WriteString("abstract: true, ")
	}
	var flat []*ast.FieldDefinition // the object's abstract fields, when the field's type is one object
	if f.Type.Elem == nil && def.Kind == ast.Object {
		flat = a.abstractFields(def)
	}
	if len(flat) > 0 {
		keys := make([]string, len(flat))
		for i, ff := range flat {
			keys[i] = strconv.Quote(ff.Name)
		}
		fmt.Fprintf(b, "flat: []string{%s}, ", strings.Join(keys, ", "))
	}
	fmt.Fprintf(b, "\n\thead: %s,\n\tbasic: %s,\n\tall: %s}\n\n", goQuote(head), basicExpr, allExpr)

	// The method.
	text := fmt.Sprintf("%s is the %s %s: %s.", rf.method, rf.op, f.Name, f.Type.String())
	if desc := description(f.Description); desc != "" {
		text += "\n\n" + desc
	}
	if reason, ok := deprecation(f.Directives); ok {
		text += "\n\nDeprecated: " + reason
	}
	comment(b, "", text)
	res := a.outType(f.Type, false)
	params, argsExpr := "", "nil"
	if len(f.Arguments) > 0 {
		params, argsExpr = ", args "+rf.method+"Args", "&args"
	}
	fmt.Fprintf(b, "func (c *Client) %s(ctx context.Context%s, opts ...Option) (%s, error) {\n", rf.method, params, res)
	if a.hasAbstract(f.Type) {
		fmt.Fprintf(b, "\tvar out struct{ V json.RawMessage `json:%q` }\n", f.Name)
		fmt.Fprintf(b, "\terr := c.call(ctx, &%s, %s, &out, opts)\n", opVar(rf), argsExpr)
		fmt.Fprintf(b, "\treturn decoded(out.V, err, %s)\n}\n\n", a.decoder(f.Type))
		return nil
	}
	fmt.Fprintf(b, "\tvar out struct{ V %s `json:%q` }\n", res, f.Name)
	if len(flat) > 0 {
		name := typeName(def.Name)
		fmt.Fprintf(b, "\tvar flat struct{ V *plain%s `json:%q` }\n", name, f.Name)
		fmt.Fprintf(b, "\terr := c.callFlat(ctx, &%s, %s, &out, &flat, opts)\n", opVar(rf), argsExpr)
		fmt.Fprintf(b, "\tif flat.V != nil {\n\t\treturn (*%s)(flat.V), err\n\t}\n", name)
		b.WriteString("\treturn out.V, err\n}\n\n")
		return nil
	}
	fmt.Fprintf(b, "\terr := c.call(ctx, &%s, %s, &out, opts)\n", opVar(rf), argsExpr)
	b.WriteString("\treturn out.V, err\n}\n\n")
	return nil
}

// goQuote writes s as a Go string literal, raw when it can be.
func goQuote(s string) string {
	if !strings.ContainsAny(s, "`\n\r") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// argsStruct writes the arguments struct of a root field.
func (a *apiGen) argsStruct(b *bytes.Buffer, rf rootField) error {
	comment(b, "", fmt.Sprintf("%sArgs are the arguments of %s.", rf.method, rf.method))
	fmt.Fprintf(b, "type %sArgs struct {\n", rf.method)
	seen := map[string]string{}
	for _, arg := range rf.f.Arguments {
		n := goName(arg.Name)
		if other, ok := seen[n]; ok {
			return fmt.Errorf("the arguments %s and %s are both %s in Go", other, arg.Name, n)
		}
		seen[n] = arg.Name
		inputField(b, n, a.inType(arg.Type), &ast.FieldDefinition{Name: arg.Name, Type: arg.Type, DefaultValue: arg.DefaultValue, Description: arg.Description, Directives: arg.Directives})
	}
	b.WriteString("}\n\n")
	return nil
}

// head is the document of a root field up to its selection set:
// "query posts($limit: Int!) { posts(limit: $limit)".
func (a *apiGen) head(op string, f *ast.FieldDefinition) (string, error) {
	var b strings.Builder
	b.WriteString(op + " " + f.Name)
	if len(f.Arguments) == 0 {
		b.WriteString(" { " + f.Name)
		return b.String(), nil
	}
	var decls, args []string
	for _, arg := range f.Arguments {
		decl := "$" + arg.Name + ": " + arg.Type.String()
		if arg.DefaultValue != nil {
			decl += " = " + arg.DefaultValue.String()
		}
		decls = append(decls, decl)
		args = append(args, arg.Name+": $"+arg.Name)
	}
	b.WriteString("(" + strings.Join(decls, ", ") + ") { " + f.Name + "(" + strings.Join(args, ", ") + ")")
	return b.String(), nil
}

// validate checks doc against the schema.
func (a *apiGen) validate(doc string) error {
	if _, errs := gqlparser.LoadQuery(a.g.schema, doc); len(errs) > 0 {
		return fmt.Errorf("the document is not valid: %v\n%s", errs, doc)
	}
	return nil
}

// selection is the selection set of a preset for a value of the object,
// interface or union def: Basic (deep false) or All (deep true).
func (a *apiGen) selection(def *ast.Definition, deep bool) string {
	switch def.Kind {
	case ast.Object:
		return "{ " + strings.Join(a.items(def, deep, nil), " ") + " }"
	case ast.Interface, ast.Union:
		possible := a.g.schema.GetPossibleTypes(def)
		// A field that possible types declare with different types cannot
		// be selected under one name in each: it is left out.
		types := map[string]map[string]bool{}
		for _, pt := range possible {
			for _, f := range pt.Fields {
				if types[f.Name] == nil {
					types[f.Name] = map[string]bool{}
				}
				types[f.Name][f.Type.String()] = true
			}
		}
		conflict := func(name string) bool { return len(types[name]) > 1 }
		items := []string{"__typename"}
		names := make([]string, 0, len(possible))
		byName := map[string]*ast.Definition{}
		for _, pt := range possible {
			names = append(names, pt.Name)
			byName[pt.Name] = pt
		}
		slices.Sort(names)
		for _, n := range names {
			items = append(items, "... on "+n+" { "+strings.Join(a.items(byName[n], deep, conflict), " ")+" }")
		}
		return "{ " + strings.Join(items, " ") + " }"
	}
	return ""
}

// items are the fields a preset selects on the object def: its scalar and
// enum fields, and with deep its object fields with their Basic selection.
// Fields with required arguments, and those skip names, are left out.
func (a *apiGen) items(def *ast.Definition, deep bool, skip func(string) bool) []string {
	var items []string
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") || (skip != nil && skip(f.Name)) || slices.ContainsFunc(f.Arguments, func(arg *ast.ArgumentDefinition) bool {
			return required(arg.Type, arg.DefaultValue)
		}) {
			continue
		}
		ft := a.g.schema.Types[f.Type.Name()]
		switch ft.Kind {
		case ast.Scalar, ast.Enum:
			items = append(items, f.Name)
		default:
			if deep {
				items = append(items, f.Name+" "+a.selection(ft, false))
			}
		}
	}
	if len(items) == 0 {
		items = []string{"__typename"}
	}
	return items
}

// removeStale removes package api's generated files under out, so that a
// file the schema no longer needs does not stay behind.
func removeStale(out string) error {
	old, err := filepath.Glob(filepath.Join(out, apiDir, apiPrefix+"*.go"))
	if err != nil {
		return err
	}
	for _, p := range old {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}
