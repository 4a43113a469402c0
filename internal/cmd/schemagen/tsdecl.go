package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// This file reads the TypeScript declarations graphql-codegen's typescript
// and fragment-matcher plugins generated from the live API
// (src/types/tribe-graphql.generated.ts of the npm package, pinned in
// testdata/schema). Only the shapes those plugins write are understood:
//
//	/** description
//	 * @deprecated reason */          (JSDoc before a type, field or value)
//	export type Scalars = { ID: string ... }
//	export type Name = {              (an object, input or XxxArgs type)
//	  field: Scalars['ID']            non-null
//	  field?: Maybe<T>                nullable output field
//	  field?: InputMaybe<T>           nullable input field or argument
//	  field?: T                       non-null with a default the file loses
//	  list: Array<Maybe<T>>           a list of nullable items
//	}
//	export enum Name { value = 'value', }
//	export type Name = A | B          (a union; its members are taken from
//	const result = { possibleTypes: { Name: ['A', 'B'] } }   possibleTypes)
//
// Anything else is an error, so a new codegen version that writes another
// shape is noticed instead of misread.

// tsKind is what a declaration declares.
type tsKind int

const (
	tsStruct tsKind = iota // an object, input or args type: { fields }
	tsEnum
	tsUnion
)

// tsField is a field of a struct type or a value of an enum.
type tsField struct {
	name string
	// typ is the field's GraphQL type; for an optional field that is not
	// Maybe or InputMaybe (field?: T), it is non-null.
	typ *ast.Type
	// optional is the ? of field?: ..., maybe whether the type is wrapped
	// in Maybe or InputMaybe (then typ is nullable), input whether that
	// wrapper is InputMaybe (written only in input and args types).
	optional, maybe, input bool
	desc                   string
	deprecated             *string // the reason, "" for none given; nil if not deprecated
}

// tsType is one declaration.
type tsType struct {
	kind       tsKind
	name       string
	desc       string
	deprecated *string
	fields     []*tsField // of a struct type, or the values of an enum
	members    []string   // of a union, from possibleTypes
}

// tsDecls are the declarations of the file.
type tsDecls struct {
	scalars []string // the Scalars map's keys, in order
	types   map[string]*tsType
}

var (
	tsStructStart = regexp.MustCompile(`^export type (\w+) = \{$`)
	tsEnumStart   = regexp.MustCompile(`^export enum (\w+) \{$`)
	tsUnionStart  = regexp.MustCompile(`^export type (\w+) =(.*)$`)
	tsFieldLine   = regexp.MustCompile(`^  (\w+)(\??): (.+)$`)
	tsValueLine   = regexp.MustCompile(`^  (\w+) = '([^']*)',$`)
	tsScalarLine  = regexp.MustCompile(`^  (\w+): \w+$`)
	tsPossible    = regexp.MustCompile(`^    (\w+): \[(.*)$`)
	tsQuoted      = regexp.MustCompile(`'(\w+)'`)
	tsIdent       = regexp.MustCompile(`^\w+$`)
)

// tsHelpers are the generic helpers the typescript plugin declares first.
var tsHelpers = []string{"Maybe", "InputMaybe", "Exact", "MakeOptional", "MakeMaybe"}

// parseTS parses the declarations in src.
func parseTS(src string) (*tsDecls, error) {
	d := &tsDecls{types: map[string]*tsType{}}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var doc []string // the JSDoc lines before the current line
	inDoc := false
	i := 0
	fail := func(format string, args ...any) error {
		return fmt.Errorf("line %d: %s", i+1, fmt.Sprintf(format, args...))
	}
	add := func(t *tsType) error {
		if _, ok := d.types[t.name]; ok {
			return fail("%s is declared twice", t.name)
		}
		d.types[t.name] = t
		return nil
	}
	for ; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		switch {
		case inDoc:
			if strings.HasSuffix(trimmed, "*/") {
				inDoc = false
				trimmed = strings.TrimSpace(strings.TrimSuffix(trimmed, "*/"))
			}
			trimmed = strings.TrimSpace(strings.TrimPrefix(trimmed, "*"))
			if trimmed != "" {
				doc = append(doc, trimmed)
			}
			continue
		case strings.HasPrefix(trimmed, "/**"):
			rest := strings.TrimSpace(strings.TrimPrefix(trimmed, "/**"))
			if strings.HasSuffix(rest, "*/") {
				rest = strings.TrimSpace(strings.TrimSuffix(rest, "*/"))
			} else {
				inDoc = true
			}
			if rest != "" {
				doc = append(doc, rest)
			}
			continue
		case trimmed == "":
			continue
		}
		desc, dep := jsDoc(doc)
		doc = nil
		var helper bool
		for _, h := range tsHelpers {
			helper = helper || strings.HasPrefix(line, "export type "+h+"<")
		}
		switch m := tsStructStart.FindStringSubmatch(line); {
		case helper:
			if strings.HasSuffix(line, "{") {
				for i < len(lines) && lines[i] != "}" {
					i++ // Exact and MakeOptional span lines up to a }
				}
			}
		case m != nil && m[1] == "Scalars":
			for i++; i < len(lines) && lines[i] != "}"; i++ {
				sm := tsScalarLine.FindStringSubmatch(lines[i])
				if sm == nil {
					return nil, fail("not a scalar: %q", lines[i])
				}
				d.scalars = append(d.scalars, sm[1])
			}
		case m != nil:
			t := &tsType{kind: tsStruct, name: m[1], desc: desc, deprecated: dep}
			if err := parseTSBody(lines, &i, t, func(l string) (*tsField, error) {
				fm := tsFieldLine.FindStringSubmatch(l)
				if fm == nil {
					return nil, fmt.Errorf("not a field: %q", l)
				}
				f := &tsField{name: fm[1], optional: fm[2] == "?"}
				typ, maybe, err := tsTypeExpr(fm[3])
				if err != nil {
					return nil, fmt.Errorf("field %s: %w", fm[1], err)
				}
				f.typ, f.maybe, f.input = typ, maybe, strings.HasPrefix(fm[3], "InputMaybe<")
				return f, nil
			}); err != nil {
				return nil, fail("%s: %v", m[1], err)
			}
			if err := add(t); err != nil {
				return nil, err
			}
		case tsEnumStart.MatchString(line):
			name := tsEnumStart.FindStringSubmatch(line)[1]
			t := &tsType{kind: tsEnum, name: name, desc: desc, deprecated: dep}
			if err := parseTSBody(lines, &i, t, func(l string) (*tsField, error) {
				vm := tsValueLine.FindStringSubmatch(l)
				if vm == nil {
					return nil, fmt.Errorf("not an enum value: %q", l)
				}
				return &tsField{name: vm[2]}, nil
			}); err != nil {
				return nil, fail("%s: %v", name, err)
			}
			if err := add(t); err != nil {
				return nil, err
			}
		case tsUnionStart.MatchString(line):
			// The members are read from possibleTypes; skip the | lines.
			name := tsUnionStart.FindStringSubmatch(line)[1]
			for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  | ") {
				i++
			}
			if err := add(&tsType{kind: tsUnion, name: name, desc: desc, deprecated: dep}); err != nil {
				return nil, err
			}
		case strings.HasPrefix(line, "export interface PossibleTypesResultData"):
			for i < len(lines) && lines[i] != "}" {
				i++
			}
		case strings.HasPrefix(line, "const result: PossibleTypesResultData"):
			if err := parsePossibleTypes(lines, &i, d); err != nil {
				return nil, fail("possibleTypes: %v", err)
			}
		case line == "export default result":
		default:
			return nil, fail("not a declaration schemagen knows: %q", line)
		}
	}
	for name, t := range d.types {
		if t.kind == tsUnion && t.members == nil {
			return nil, fmt.Errorf("the union %s is not in possibleTypes", name)
		}
	}
	if len(d.scalars) == 0 {
		return nil, fmt.Errorf("no Scalars map")
	}
	return d, nil
}

// parseTSBody reads the lines of a { ... } body after the line at *i up to
// its closing }, each field or value with its JSDoc.
func parseTSBody(lines []string, i *int, t *tsType, parse func(string) (*tsField, error)) error {
	var doc []string
	inDoc := false
	for *i++; *i < len(lines); *i++ {
		l := lines[*i]
		trimmed := strings.TrimSpace(l)
		switch {
		case l == "}":
			return nil
		case inDoc:
			if strings.HasSuffix(trimmed, "*/") {
				inDoc = false
				trimmed = strings.TrimSpace(strings.TrimSuffix(trimmed, "*/"))
			}
			if trimmed = strings.TrimSpace(strings.TrimPrefix(trimmed, "*")); trimmed != "" {
				doc = append(doc, trimmed)
			}
		case strings.HasPrefix(trimmed, "/**"):
			rest := strings.TrimSpace(strings.TrimPrefix(trimmed, "/**"))
			if strings.HasSuffix(rest, "*/") {
				rest = strings.TrimSpace(strings.TrimSuffix(rest, "*/"))
			} else {
				inDoc = true
			}
			if rest != "" {
				doc = append(doc, rest)
			}
		default:
			f, err := parse(l)
			if err != nil {
				return err
			}
			f.desc, f.deprecated = jsDoc(doc)
			doc = nil
			t.fields = append(t.fields, f)
		}
	}
	return fmt.Errorf("no closing }")
}

// parsePossibleTypes reads the fragment-matcher's possibleTypes object.
func parsePossibleTypes(lines []string, i *int, d *tsDecls) error {
	for *i++; *i < len(lines) && lines[*i] != "}"; *i++ {
		m := tsPossible.FindStringSubmatch(lines[*i])
		if m == nil {
			continue // "  possibleTypes: {" and the closing braces
		}
		text := m[2]
		for !strings.Contains(text, "]") && *i+1 < len(lines) {
			*i++
			text += lines[*i]
		}
		t := d.types[m[1]]
		if t == nil {
			return fmt.Errorf("%s is not declared before", m[1])
		}
		for _, q := range tsQuoted.FindAllStringSubmatch(text, -1) {
			t.members = append(t.members, q[1])
		}
		if len(t.members) == 0 {
			return fmt.Errorf("%s has no possible types", m[1])
		}
	}
	return nil
}

// jsDoc splits JSDoc lines into the description and the @deprecated
// reason (nil when not deprecated).
func jsDoc(lines []string) (string, *string) {
	var desc []string
	var dep *string
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, "@deprecated"); ok {
			reason := strings.TrimSpace(rest)
			dep = &reason
			continue
		}
		if dep != nil {
			*dep += " " + l // a reason on several lines
			continue
		}
		desc = append(desc, l)
	}
	return strings.Join(desc, "\n"), dep
}

// tsTypeExpr turns a TypeScript type expression into a GraphQL type, and
// says whether the outermost type was Maybe or InputMaybe.
func tsTypeExpr(expr string) (*ast.Type, bool, error) {
	expr = strings.TrimSpace(expr)
	for _, w := range []string{"Maybe", "InputMaybe"} {
		if inner, ok := strings.CutPrefix(expr, w+"<"); ok && strings.HasSuffix(inner, ">") {
			t, _, err := tsTypeExpr(strings.TrimSuffix(inner, ">"))
			if err != nil {
				return nil, false, err
			}
			t.NonNull = false
			return t, true, nil
		}
	}
	if inner, ok := strings.CutPrefix(expr, "Array<"); ok && strings.HasSuffix(inner, ">") {
		elem, _, err := tsTypeExpr(strings.TrimSuffix(inner, ">"))
		if err != nil {
			return nil, false, err
		}
		return &ast.Type{Elem: elem, NonNull: true}, false, nil
	}
	if inner, ok := strings.CutPrefix(expr, "Scalars['"); ok && strings.HasSuffix(inner, "']") {
		return &ast.Type{NamedType: strings.TrimSuffix(inner, "']"), NonNull: true}, false, nil
	}
	if tsIdent.MatchString(expr) && !slices.Contains(tsHelpers, expr) {
		return &ast.Type{NamedType: expr, NonNull: true}, false, nil
	}
	return nil, false, fmt.Errorf("a type schemagen does not know: %q", expr)
}
