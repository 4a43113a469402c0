package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// This file merges the two sources of the pinned package into one SDL: the
// published schema.generated.gql (stale) and the TypeScript declarations
// generated from the live API (tsdecl.go). Every type, field, argument and
// enum value of either source is kept; where both define one, the
// declarations win (type, nullability, description, deprecation), except
// for what they cannot say:
//
//   - a default value: the declarations lose it. An argument or input field
//     the declarations write field?: T (optional but not InputMaybe) is
//     non-null with a default in the live API: it keeps the SDL's default
//     when the SDL has one, and is declared nullable otherwise (see
//     decideNullable).
//   - a name: codegen PascalCases type names (the input subscriptionInput
//     is declared SubscriptionInput); the real name is the one the SDL or
//     the official documents use.
//
// Each definition is preceded by a comment saying where it comes from, and
// each field, argument and enum value ends with one: "# both", "# types"
// (the declarations only, the live API) or "# sdl" (the published SDL
// only); a note follows where schemagen decided something.

// origin says which source a definition comes from.
type origin string

const (
	fromBoth  origin = "both"
	fromTypes origin = "types"
	fromSDL   origin = "sdl"
)

// mergeStats counts what the merge did, for the report and the tests.
type mergeStats struct {
	rootFields      map[origin]int // fields of Query and Mutation by source
	types           map[origin]int // named types by source
	fieldsAdded     int            // fields of types in both that only the declarations have
	fieldsKept      int            // fields of types in both that only the SDL has
	fieldsChanged   int            // output fields in both whose type changed
	argsAdded       int            // arguments only the declarations have, on fields of both
	argsChanged     int            // arguments in both whose type changed
	inputsChanged   int            // input fields in both whose type changed
	defaultsFromSDL int            // field?: T given the SDL's default
	decided         []string       // field?: T without a default in the SDL, made nullable
	relaxed         []string       // required input fields of one source made optional (see relax)
}

// merger holds the state of one merge.
type merger struct {
	ts      *tsDecls
	sdl     map[string]*ast.Definition
	names   map[string]string             // declared name → real name
	argsOf  map[string]*tsType            // "Type.field" → its XxxArgs declaration
	kinds   map[string]ast.DefinitionKind // of the declarations' struct types, by declared name
	notes   map[any]string                // a definition, field, argument or value → its comment
	stats   mergeStats
	defs    []*ast.Definition
	realSet map[string]bool // names used by the official documents
}

// mergeSources merges the SDL sdl and the declarations ts into one schema
// document, sorted, with a note for each definition. docNames are the
// type names the official documents use (variable types and type
// conditions), the real names of renamed types.
func mergeSources(sdl, ts string, docNames []string) (*merger, error) {
	doc, err := parser.ParseSchema(&ast.Source{Name: inputPath, Input: sdl})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", inputPath, err)
	}
	decls, err := parseTS(ts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tsInputPath, err)
	}
	m := &merger{
		ts: decls, sdl: map[string]*ast.Definition{}, names: map[string]string{},
		argsOf: map[string]*tsType{}, kinds: map[string]ast.DefinitionKind{}, notes: map[any]string{},
		realSet: map[string]bool{},
	}
	m.stats.rootFields = map[origin]int{}
	m.stats.types = map[origin]int{}
	if len(doc.Schema) > 0 || len(doc.SchemaExtension) > 0 || len(doc.Extensions) > 0 || len(doc.Directives) > 0 {
		return nil, fmt.Errorf("%s: schema, extend and directive definitions are not merged: teach schemagen", inputPath)
	}
	for _, d := range doc.Definitions {
		if _, ok := m.sdl[d.Name]; ok {
			return nil, fmt.Errorf("%s: %s is defined twice", inputPath, d.Name)
		}
		m.sdl[d.Name] = d
	}
	for _, n := range docNames {
		m.realSet[n] = true
	}
	if err := m.findArgs(); err != nil {
		return nil, err
	}
	m.nameTypes()
	m.classify()
	if err := m.merge(); err != nil {
		return nil, err
	}
	return m, nil
}

// pascal is codegen's name for a GraphQL name in a type name: the first
// letter of each part between underscores in capitals, the underscores
// kept ("oauthCode" is OauthCode).
func pascal(name string) string {
	parts := strings.Split(name, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "_")
}

// fold is a name with case and underscores ignored, to match a declared
// name to its GraphQL name.
func fold(name string) string { return strings.ToLower(strings.ReplaceAll(name, "_", "")) }

// argsKind is the kind of an XxxArgs declaration: the arguments of a field,
// not a type of the schema.
const argsKind ast.DefinitionKind = "ARGS"

// findArgs finds the XxxArgs types: the arguments of field f of type T are
// declared as T + pascal(f) + "Args". A declaration named so that is
// neither a field's arguments nor used by a field is an error: it would
// be misread as an input type.
func (m *merger) findArgs() error {
	byFold := map[string]*tsType{}
	for name, t := range m.ts.types {
		if t.kind == tsStruct && strings.HasSuffix(name, "Args") {
			byFold[fold(name)] = t
		}
	}
	for name, t := range m.ts.types {
		if t.kind != tsStruct {
			continue
		}
		for _, f := range t.fields {
			if a := byFold[fold(name+pascal(f.name)+"Args")]; a != nil {
				m.argsOf[name+"."+f.name] = a
				m.kinds[a.name] = argsKind
			}
		}
	}
	for _, a := range byFold {
		if m.kinds[a.name] == argsKind {
			continue
		}
		used := false
		for _, t := range m.ts.types {
			used = used || slices.ContainsFunc(t.fields, func(f *tsField) bool { return f.typ != nil && f.typ.Name() == a.name })
		}
		if !used {
			return fmt.Errorf("%s: %s is the arguments of no field", tsInputPath, a.name)
		}
	}
	return nil
}

// nameTypes finds the real name of each declared type: its own when the
// SDL has it, else the name in the SDL or the official documents that
// codegen would declare as it, else its own.
func (m *merger) nameTypes() {
	real := map[string]string{} // fold → a real name not declared as is
	for n := range m.sdl {
		if _, ok := m.ts.types[n]; !ok {
			real[fold(n)] = n
		}
	}
	for n := range m.realSet {
		if _, ok := m.ts.types[n]; !ok {
			if _, ok := m.sdl[n]; !ok || real[fold(n)] == "" {
				real[fold(n)] = n
			}
		}
	}
	for name := range m.ts.types {
		m.names[name] = name
		if _, ok := m.sdl[name]; ok {
			continue
		}
		if r, ok := real[fold(name)]; ok && pascal(r) == name {
			m.names[name] = r
		}
	}
}

// classify decides whether each declared struct type is an object or an
// input type: the SDL's kind when it has the type; else an InputMaybe
// field makes an input and a Maybe field an object; else the types that
// use it decide (a field of an args or input type is an input); else
// (used by no field) it is an object.
func (m *merger) classify() {
	var open []string
	for name, t := range m.ts.types {
		if t.kind != tsStruct || m.kinds[name] != "" {
			continue
		}
		if d := m.sdl[m.names[name]]; d != nil && (d.Kind == ast.Object || d.Kind == ast.InputObject) {
			m.kinds[name] = d.Kind
			continue
		}
		for _, f := range t.fields {
			switch {
			case f.input:
				m.kinds[name] = ast.InputObject
			case f.maybe && m.kinds[name] == "":
				m.kinds[name] = ast.Object
			}
		}
		if m.kinds[name] == "" {
			open = append(open, name)
		}
	}
	for len(open) > 0 {
		var still []string
		for _, name := range open {
			for user, t := range m.ts.types {
				k := m.kinds[user]
				if t.kind != tsStruct || k == "" {
					continue
				}
				for _, f := range t.fields {
					if f.typ.Name() != name {
						continue
					}
					if k == ast.Object {
						m.kinds[name] = ast.Object
					} else {
						m.kinds[name] = ast.InputObject
					}
				}
			}
			if m.kinds[name] == "" {
				still = append(still, name)
			}
		}
		if len(still) == len(open) {
			// Types no field uses (PublisherEdge) or only unions do
			// (Glyph): object types, since an input type is always
			// reached from an argument.
			for _, name := range still {
				m.kinds[name] = ast.Object
			}
			break
		}
		open = still
	}
}

// rename returns t with every declared type name replaced by its real name.
func (m *merger) rename(t *ast.Type) *ast.Type {
	c := *t
	if c.Elem != nil {
		c.Elem = m.rename(c.Elem)
	} else if r, ok := m.names[c.NamedType]; ok {
		c.NamedType = r
	}
	c.Position = nil
	return &c
}

// deprecated is the @deprecated directive with reason, or none for nil.
func deprecated(reason *string) ast.DirectiveList {
	if reason == nil {
		return nil
	}
	d := &ast.Directive{Name: "deprecated"}
	if *reason != "" {
		d.Arguments = ast.ArgumentList{{Name: "reason", Value: &ast.Value{Kind: ast.StringValue, Raw: *reason}}}
	}
	return ast.DirectiveList{d}
}

// pick returns the declarations' text when there is one, else the SDL's.
func pick(ts, sdl string) string {
	if ts != "" {
		return ts
	}
	return sdl
}

// merge builds the merged definitions, sorted by name.
func (m *merger) merge() error {
	seen := map[string]bool{}
	for name, t := range m.ts.types {
		if t.kind == tsStruct && m.kinds[name] == argsKind {
			continue
		}
		if name == "Query" || name == "Mutation" || t.kind != tsStruct || m.kinds[name] != "" {
			real := m.names[name]
			if seen[real] {
				return fmt.Errorf("%s: two declarations are the type %s", tsInputPath, real)
			}
			seen[real] = true
			d, err := m.mergeType(t, m.sdl[real])
			if err != nil {
				return fmt.Errorf("%s: %w", real, err)
			}
			m.defs = append(m.defs, d)
		}
	}
	for _, s := range m.ts.scalars {
		if seen[s] || slices.Contains([]string{"ID", "String", "Boolean", "Int", "Float"}, s) {
			continue
		}
		seen[s] = true
		d := &ast.Definition{Kind: ast.Scalar, Name: s}
		o := fromTypes
		if sd := m.sdl[s]; sd != nil {
			if sd.Kind != ast.Scalar {
				return fmt.Errorf("%s is a scalar in %s and a %s in %s", s, tsInputPath, sd.Kind, inputPath)
			}
			d.Description = sd.Description
			o = fromBoth
		}
		m.note(d, o, "")
		m.defs = append(m.defs, d)
	}
	for name, sd := range m.sdl {
		if seen[name] {
			continue
		}
		d := m.sdlOnly(sd)
		m.defs = append(m.defs, d)
	}
	slices.SortFunc(m.defs, func(a, b *ast.Definition) int { return strings.Compare(a.Name, b.Name) })
	// The objects implement the interfaces possibleTypes lists them in.
	for name, t := range m.ts.types {
		if m.kindOf(t) != ast.Interface {
			continue
		}
		for _, member := range t.members {
			i, ok := slices.BinarySearchFunc(m.defs, m.names[member], func(d *ast.Definition, n string) int { return strings.Compare(d.Name, n) })
			if !ok {
				return fmt.Errorf("%s: %s implements %s but is not declared", tsInputPath, member, name)
			}
			if d := m.defs[i]; !slices.Contains(d.Interfaces, m.names[name]) {
				d.Interfaces = append(d.Interfaces, m.names[name])
				slices.Sort(d.Interfaces)
			}
		}
	}
	for _, d := range m.defs {
		o, _, _ := strings.Cut(m.notes[d], ";")
		m.stats.types[origin(o)]++
		if d.Name == "Query" || d.Name == "Mutation" {
			for _, f := range d.Fields {
				o, _, _ := strings.Cut(m.notes[f], ";")
				m.stats.rootFields[origin(o)]++
			}
		}
	}
	return nil
}

// note records the comment of x: its origin and a remark.
func (m *merger) note(x any, o origin, remark string) {
	s := string(o)
	if remark != "" {
		s += "; " + remark
	}
	m.notes[x] = s
}

// sdlOnly copies a definition only the SDL has, noting every part.
func (m *merger) sdlOnly(sd *ast.Definition) *ast.Definition {
	d := *sd
	d.Position = nil
	d.Fields = nil
	for _, f := range sd.Fields {
		d.Fields = append(d.Fields, m.sdlField(f))
	}
	d.EnumValues = nil
	for _, v := range sd.EnumValues {
		c := *v
		c.Position = nil
		d.EnumValues = append(d.EnumValues, &c)
		m.note(&c, fromSDL, "")
	}
	m.note(&d, fromSDL, "")
	return &d
}

// sdlField copies a field (with its arguments) only the SDL has.
func (m *merger) sdlField(f *ast.FieldDefinition) *ast.FieldDefinition {
	c := *f
	c.Position = nil
	c.Arguments = nil
	for _, a := range f.Arguments {
		ca := *a
		ca.Position = nil
		c.Arguments = append(c.Arguments, &ca)
		m.note(&ca, fromSDL, "")
	}
	m.note(&c, fromSDL, "")
	return &c
}

// kindOf is the GraphQL kind of a declaration.
func (m *merger) kindOf(t *tsType) ast.DefinitionKind {
	switch t.kind {
	case tsEnum:
		return ast.Enum
	case tsUnion:
		return ast.Union
	}
	if t.name == "Query" || t.name == "Mutation" {
		return ast.Object
	}
	if len(t.members) > 0 {
		// A struct type in possibleTypes is an interface.
		return ast.Interface
	}
	return m.kinds[t.name]
}

// mergeType merges the declaration t with the SDL's definition sd (nil
// when the SDL lacks it).
func (m *merger) mergeType(t *tsType, sd *ast.Definition) (*ast.Definition, error) {
	d := &ast.Definition{Kind: m.kindOf(t), Name: m.names[t.name], Description: t.desc, Directives: deprecated(t.deprecated)}
	o := fromTypes
	if sd != nil {
		o = fromBoth
		if sd.Kind != d.Kind {
			return nil, fmt.Errorf("a %s in %s and a %s in %s", d.Kind, tsInputPath, sd.Kind, inputPath)
		}
		d.Description = pick(t.desc, sd.Description)
		if t.deprecated == nil && d.Kind == ast.InputObject {
			d.Directives = sd.Directives
		}
	}
	m.note(d, o, "")
	switch d.Kind {
	case ast.Enum:
		m.mergeValues(d, t, sd)
	case ast.Union:
		for _, n := range t.members {
			d.Types = append(d.Types, m.names[n])
		}
		var remarks []string
		if sd != nil {
			for _, n := range d.Types {
				if !slices.Contains(sd.Types, n) {
					remarks = append(remarks, n+": types")
				}
			}
			for _, n := range sd.Types {
				if !slices.Contains(d.Types, n) {
					d.Types = append(d.Types, n)
					remarks = append(remarks, n+": sdl")
				}
			}
		}
		slices.Sort(d.Types)
		m.note(d, o, strings.Join(remarks, ", "))
	case ast.Object, ast.Interface:
		m.mergeFields(d, t, sd, false)
		if sd != nil {
			d.Interfaces = slices.Clone(sd.Interfaces)
		}
	case ast.InputObject:
		m.mergeFields(d, t, sd, true)
	default:
		return nil, fmt.Errorf("no kind for %s", t.name)
	}
	return d, nil
}

// mergeValues merges the values of an enum.
func (m *merger) mergeValues(d *ast.Definition, t *tsType, sd *ast.Definition) {
	var sv ast.EnumValueList
	if sd != nil {
		sv = sd.EnumValues
	}
	for _, v := range t.fields {
		ev := &ast.EnumValueDefinition{Name: v.name, Description: v.desc, Directives: deprecated(v.deprecated)}
		o := fromTypes
		if s := sv.ForName(v.name); s != nil {
			o = fromBoth
			ev.Description = pick(v.desc, s.Description)
		}
		m.note(ev, o, "")
		d.EnumValues = append(d.EnumValues, ev)
	}
	for _, s := range sv {
		if !slices.ContainsFunc(t.fields, func(f *tsField) bool { return f.name == s.Name }) {
			c := *s
			c.Position = nil
			m.note(&c, fromSDL, "")
			d.EnumValues = append(d.EnumValues, &c)
		}
	}
	slices.SortFunc(d.EnumValues, func(a, b *ast.EnumValueDefinition) int { return strings.Compare(a.Name, b.Name) })
}

// mergeFields merges the fields of an object or input type.
func (m *merger) mergeFields(d *ast.Definition, t *tsType, sd *ast.Definition, input bool) {
	var sf ast.FieldList
	if sd != nil {
		sf = sd.Fields
	}
	for _, f := range t.fields {
		s := sf.ForName(f.name)
		var nf *ast.FieldDefinition
		if input {
			nf = m.mergeInputField(d.Name, f, s)
		} else {
			nf = m.mergeOutputField(d.Name, t, f, s)
		}
		d.Fields = append(d.Fields, nf)
	}
	for _, s := range sf {
		if !slices.ContainsFunc(t.fields, func(f *tsField) bool { return f.name == s.Name }) {
			d.Fields = append(d.Fields, m.sdlField(s))
			m.stats.fieldsKept++
		}
	}
	slices.SortFunc(d.Fields, func(a, b *ast.FieldDefinition) int { return strings.Compare(a.Name, b.Name) })
	if input && sd != nil {
		m.relax(d)
	}
}

// relax makes optional the required fields of an input type of both
// sources that only one source has. A required field only the SDL has is
// one the live type lacks: required, it would make every live value
// invalid. When there are some, the SDL describes another shape of the
// type (OAuthCodeInput: client_id, redirect_uri and response_type for the
// SDL's oauthCode; clientId, redirectUri and scopes for the live
// oAuthCode), and the required fields only the declarations have are made
// optional too, so that values of both shapes stay valid.
func (m *merger) relax(d *ast.Definition) {
	var sdlOnly, typesOnly []*ast.FieldDefinition
	for _, f := range d.Fields {
		if !required(f.Type, f.DefaultValue) {
			continue
		}
		switch o, _, _ := strings.Cut(m.notes[f], ";"); origin(o) {
		case fromSDL:
			sdlOnly = append(sdlOnly, f)
		case fromTypes:
			typesOnly = append(typesOnly, f)
		}
	}
	nullable := func(f *ast.FieldDefinition, why string) {
		t := *f.Type
		t.NonNull = false
		f.Type = &t
		m.notes[f] += "; " + why
		m.stats.relaxed = append(m.stats.relaxed, d.Name+"."+f.Name)
	}
	for _, f := range sdlOnly {
		nullable(f, "required in the SDL, which the live type lacks: optional here")
	}
	if len(sdlOnly) == 0 {
		return
	}
	for _, f := range typesOnly {
		nullable(f, "required in the live type, whose shape the SDL's does not share: optional here, so both validate")
	}
}

// mergeOutputField merges a field of an object type and its arguments.
func (m *merger) mergeOutputField(typeName string, t *tsType, f *tsField, s *ast.FieldDefinition) *ast.FieldDefinition {
	nf := &ast.FieldDefinition{Name: f.name, Description: f.desc, Type: m.rename(f.typ), Directives: deprecated(f.deprecated)}
	o := fromTypes
	remark := ""
	if s != nil {
		o = fromBoth
		nf.Description = pick(f.desc, s.Description)
		if st := s.Type.String(); st != nf.Type.String() {
			m.stats.fieldsChanged++
			remark = "the SDL says " + st
		}
	} else if sd := m.sdl[typeName]; sd != nil {
		m.stats.fieldsAdded++
	}
	m.note(nf, o, remark)
	var sa ast.ArgumentDefinitionList
	if s != nil {
		sa = s.Arguments
	}
	if args := m.argsOf[t.name+"."+f.name]; args != nil {
		for _, a := range args.fields {
			sarg := sa.ForName(a.name)
			var sType *ast.Type
			var sDef *ast.Value
			if sarg != nil {
				sType, sDef = sarg.Type, sarg.DefaultValue
			} else if s != nil {
				m.stats.argsAdded++
			}
			typ, def, ao, remark := m.mergeInputValue(typeName+"."+f.name+"("+a.name+":)", a, sType, sDef)
			na := &ast.ArgumentDefinition{Name: a.name, Description: a.desc, Type: typ, DefaultValue: def, Directives: deprecated(a.deprecated)}
			if sarg != nil {
				na.Description = pick(a.desc, sarg.Description)
				if a.deprecated == nil {
					na.Directives = sarg.Directives
				}
			}
			m.note(na, ao, remark)
			nf.Arguments = append(nf.Arguments, na)
		}
	}
	for _, a := range sa {
		if !slices.ContainsFunc(nf.Arguments, func(n *ast.ArgumentDefinition) bool { return n.Name == a.Name }) {
			ca := *a
			ca.Position = nil
			m.note(&ca, fromSDL, "")
			nf.Arguments = append(nf.Arguments, &ca)
		}
	}
	slices.SortFunc(nf.Arguments, func(a, b *ast.ArgumentDefinition) int { return strings.Compare(a.Name, b.Name) })
	return nf
}

// mergeInputField merges a field of an input type.
func (m *merger) mergeInputField(typeName string, f *tsField, s *ast.FieldDefinition) *ast.FieldDefinition {
	var sType *ast.Type
	var sDef *ast.Value
	if s != nil {
		sType, sDef = s.Type, s.DefaultValue
	} else if m.sdl[typeName] != nil {
		m.stats.fieldsAdded++
	}
	typ, def, o, remark := m.mergeInputValue(typeName+"."+f.name, f, sType, sDef)
	nf := &ast.FieldDefinition{Name: f.name, Description: f.desc, Type: typ, DefaultValue: def, Directives: deprecated(f.deprecated)}
	if s != nil {
		nf.Description = pick(f.desc, s.Description)
		if f.deprecated == nil {
			nf.Directives = s.Directives
		}
	}
	m.note(nf, o, remark)
	return nf
}

// mergeInputValue merges an argument or input field: the declarations'
// type and optionality, the SDL's default where it fits. sType is nil when
// the SDL lacks it. where names it in the decisions.
func (m *merger) mergeInputValue(where string, f *tsField, sType *ast.Type, sDef *ast.Value) (*ast.Type, *ast.Value, origin, string) {
	typ := m.rename(f.typ)
	o := fromTypes
	var def *ast.Value
	var remarks []string
	if sType != nil {
		o = fromBoth
		if sDef != nil && f.optional && sType.Name() == typ.Name() && (sType.Elem == nil) == (typ.Elem == nil) {
			def = sDef
		}
	}
	switch {
	case f.optional && !f.maybe && def != nil:
		// field?: T is non-null with a default: the SDL's.
		m.stats.defaultsFromSDL++
		remarks = append(remarks, "non-null with a default in the live API: the default is the SDL's")
	case f.optional && !f.maybe:
		// field?: T is non-null with a default the declarations lose and
		// the SDL does not have.
		typ.NonNull = false
		m.stats.decided = append(m.stats.decided, where)
		remarks = append(remarks, decideNullable)
	}
	if sType != nil && sType.String() != typ.String() {
		if strings.HasSuffix(where, ":)") {
			m.stats.argsChanged++
		} else {
			m.stats.inputsChanged++
		}
		remarks = append(remarks, "the SDL says "+sType.String())
	}
	if sDef != nil && def == nil {
		remarks = append(remarks, "the SDL's default "+sDef.String()+" dropped: the live value is required")
	}
	return typ, def, o, strings.Join(remarks, "; ")
}

// decideNullable is the note of an argument or input field that the
// declarations write field?: T (non-null with a default in the live API)
// and that has no default in the SDL. The default is unknown, and the
// official SDK never sends the value (its presets select Post.shortContent
// and Post.contentSummary without arguments): declared nullable without a
// default, it may be omitted, as in the live API, and no default is made
// up. Sending null explicitly is what the live API would refuse.
const decideNullable = "non-null with an unknown default in the live API: nullable here, omit it rather than send null"
