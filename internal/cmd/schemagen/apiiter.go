package main

import (
	"bytes"
	"fmt"

	"github.com/vektah/gqlparser/v2/ast"
)

// paged describes a root field that returns a paginated connection: a
// Paginated* object with nodes (a list of objects) and pageInfo
// { endCursor hasNextPage }, taking the arguments after (a cursor) and
// limit (the page size).
type paged struct {
	rootField
	node       *ast.Definition // the nodes' object type
	limitIsPtr bool            // limit is optional: a pointer in the args
}

// pagination reports whether rf returns a paginated connection.
func (a *apiGen) pagination(rf rootField) (paged, bool) {
	f := rf.f
	def := a.g.schema.Types[f.Type.Name()]
	if f.Type.Elem != nil || def.Kind != ast.Object {
		return paged{}, false
	}
	nodes, info := def.Fields.ForName("nodes"), def.Fields.ForName("pageInfo")
	after, limit := f.Arguments.ForName("after"), f.Arguments.ForName("limit")
	if nodes == nil || info == nil || after == nil || limit == nil || nodes.Type.Elem == nil ||
		after.Type.NonNull || after.Type.Name() != "String" || limit.Type.Name() != "Int" {
		return paged{}, false
	}
	node := a.g.schema.Types[nodes.Type.Elem.Name()]
	pi := a.g.schema.Types[info.Type.Name()]
	if node.Kind != ast.Object || nodes.Type.Elem.Elem != nil || pi.Fields.ForName("endCursor") == nil || pi.Fields.ForName("hasNextPage") == nil {
		return paged{}, false
	}
	return paged{rootField: rf, node: node, limitIsPtr: !required(limit.Type, limit.DefaultValue)}, true
}

// iterators writes an iterator for every root field that returns a
// paginated connection.
func (a *apiGen) iterators(b *bytes.Buffer, fields []rootField) error {
	header(b, "api")
	b.WriteString("import (\n\t\"context\"\n\t\"iter\"\n)\n\n")
	for _, rf := range fields {
		p, ok := a.pagination(rf)
		if !ok {
			continue
		}
		name := rf.method + "Iter"
		if err := a.declareMethod(name, "the iterator of "+rf.op+" "+rf.f.Name); err != nil {
			return err
		}
		head, err := a.head(rf.op, rf.f)
		if err != nil {
			return err
		}
		page := func(sel string) string { return head + " { pageInfo { endCursor hasNextPage } nodes " + sel + " } }" }
		basic, all := page(a.selection(p.node, false)), page(a.selection(p.node, true))
		for _, doc := range []string{basic, all} {
			if err := a.validate(doc); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		v := "op" + name
		fmt.Fprintf(b, "var %s = operation{field: %q, page: true, ", v, rf.f.Name)
		if rf.op == "mutation" {
			b.WriteString("mutation: true, ")
		}
		fmt.Fprintf(b, "\n\thead: %s,\n\tbasic: %s,\n\tall: %s}\n\n", goQuote(head), goQuote(basic), goQuote(all))
		node := typeName(p.node.Name)
		comment(b, "", fmt.Sprintf(`%s iterates over the %s of %s, pageSize at a time: it
fetches the next page (after its end cursor) only when the loop reaches
it, and stops at the end, when ctx is done or at the first error, which
it yields. args.After is the cursor to start after; args.Limit is set to
pageSize. The options choose the nodes' selection (Basic, All or Fields);
Into is refused.`, name, node, rf.method))
		fmt.Fprintf(b, "func (c *Client) %s(ctx context.Context, args %sArgs, pageSize int, opts ...Option) iter.Seq2[*%s, error] {\n", name, rf.method, node)
		if p.limitIsPtr {
			b.WriteString("\targs.Limit = &pageSize\n")
		} else {
			b.WriteString("\targs.Limit = pageSize\n")
		}
		fmt.Fprintf(b, "\treturn pages[%s](ctx, c, &%s, &args, func(after *string) { args.After = after }, opts)\n}\n\n", node, v)
	}
	return nil
}
