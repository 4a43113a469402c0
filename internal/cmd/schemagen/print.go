package main

import (
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// printSDL writes the merged definitions as SDL, each with its note: a
// comment line before a definition, a comment at the end of the line of
// a field, argument or enum value.
func (m *merger) printSDL() string {
	var b strings.Builder
	for i, d := range m.defs {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("# " + m.notes[d] + "\n")
		writeDescription(&b, "", d.Description)
		switch d.Kind {
		case ast.Scalar:
			b.WriteString("scalar " + d.Name + directives(d.Directives) + "\n")
		case ast.Union:
			b.WriteString("union " + d.Name + directives(d.Directives) + " = " + strings.Join(d.Types, " | ") + "\n")
		case ast.Enum:
			b.WriteString("enum " + d.Name + directives(d.Directives) + " {\n")
			for _, v := range d.EnumValues {
				writeDescription(&b, "  ", v.Description)
				b.WriteString("  " + v.Name + directives(v.Directives) + " # " + m.notes[v] + "\n")
			}
			b.WriteString("}\n")
		case ast.Object, ast.InputObject, ast.Interface:
			kw := map[ast.DefinitionKind]string{ast.Object: "type", ast.InputObject: "input", ast.Interface: "interface"}[d.Kind]
			b.WriteString(kw + " " + d.Name)
			if len(d.Interfaces) > 0 {
				b.WriteString(" implements " + strings.Join(d.Interfaces, " & "))
			}
			b.WriteString(directives(d.Directives) + " {\n")
			for _, f := range d.Fields {
				writeDescription(&b, "  ", f.Description)
				b.WriteString("  " + f.Name)
				if len(f.Arguments) > 0 {
					b.WriteString("(\n")
					for _, a := range f.Arguments {
						writeDescription(&b, "    ", a.Description)
						b.WriteString("    " + a.Name + ": " + a.Type.String() + defaultValue(a.DefaultValue) +
							directives(a.Directives) + " # " + m.notes[a] + "\n")
					}
					b.WriteString("  )")
				}
				b.WriteString(": " + f.Type.String() + defaultValue(f.DefaultValue) + directives(f.Directives) +
					" # " + m.notes[f] + "\n")
			}
			b.WriteString("}\n")
		}
	}
	return b.String()
}

// defaultValue is " = value", or "" for none.
func defaultValue(v *ast.Value) string {
	if v == nil {
		return ""
	}
	return " = " + v.String()
}

// directives writes @deprecated (the only directive the sources use) and
// any other directive with its arguments.
func directives(ds ast.DirectiveList) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(" @" + d.Name)
		if len(d.Arguments) == 0 {
			continue
		}
		b.WriteString("(")
		for i, a := range d.Arguments {
			if i > 0 {
				b.WriteString(", ")
			}
			v := a.Value.String()
			if a.Value.Kind == ast.StringValue {
				v = quote(a.Value.Raw)
			}
			b.WriteString(a.Name + ": " + v)
		}
		b.WriteString(")")
	}
	return b.String()
}

// quote is s as a GraphQL string literal.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// writeDescription writes a description as a block string at indent.
func writeDescription(b *strings.Builder, indent, desc string) {
	if desc == "" {
		return
	}
	desc = strings.ReplaceAll(desc, `"""`, `\"""`)
	if !strings.Contains(desc, "\n") && !strings.HasSuffix(desc, `"`) && !strings.HasPrefix(desc, `"`) {
		b.WriteString(indent + `"""` + desc + `"""` + "\n")
		return
	}
	b.WriteString(indent + `"""` + "\n")
	for _, l := range strings.Split(desc, "\n") {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(indent + l + "\n")
	}
	b.WriteString(indent + `"""` + "\n")
}

// sourceNotes reads back the notes printSDL wrote in sdl (the merged
// schema, as generate receives it), so that a generator step can tell
// where a definition comes from: "both", "types" or "sdl", then "; " and
// a remark where there is one. The keys are "Type", "Type.field",
// "Type.field(arg:)" and "Enum.VALUE".
func sourceNotes(sdl string) map[string]string {
	notes := map[string]string{}
	var note, typ, field string
	inBlock := false
	for _, line := range strings.Split(sdl, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == `"""` {
			inBlock = !inBlock
			continue
		}
		if inBlock || strings.HasPrefix(trimmed, `"""`) {
			continue
		}
		if n, ok := strings.CutPrefix(line, "# "); ok {
			note = n
			continue
		}
		tail := ""
		if i := strings.LastIndex(line, " # "); i >= 0 {
			tail = line[i+3:]
		}
		switch {
		case !strings.HasPrefix(line, " "):
			if kw, rest, ok := strings.Cut(line, " "); ok && slices.Contains([]string{"type", "input", "enum", "interface", "union", "scalar"}, kw) {
				typ = rest
				if i := strings.IndexAny(typ, " {"); i >= 0 {
					typ = typ[:i]
				}
				notes[typ] = note
			}
			note = ""
		case strings.HasPrefix(line, "    "):
			name, _, _ := strings.Cut(trimmed, ":")
			notes[typ+"."+field+"("+name+":)"] = tail
		case strings.HasPrefix(line, "  )"):
			notes[typ+"."+field] = tail
		case strings.HasSuffix(line, "("):
			field = strings.TrimSuffix(trimmed, "(")
		default:
			name := trimmed
			if i := strings.IndexAny(name, ": @"); i >= 0 {
				name = name[:i]
			}
			notes[typ+"."+name] = tail
		}
	}
	return notes
}
