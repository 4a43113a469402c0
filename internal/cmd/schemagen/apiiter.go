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
	conn       *ast.Definition // the connection's object type
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
	if node.Kind != ast.Object || nodes.Type.Elem.Elem != nil || pi.Name != "PageInfo" || pi.Fields.ForName("endCursor") == nil || pi.Fields.ForName("hasNextPage") == nil {
		return paged{}, false
	}
	return paged{rootField: rf, conn: def, node: node, limitIsPtr: !required(limit.Type, limit.DefaultValue)}, true
}

// iterators writes, for every root field that returns a paginated
// connection, an iterator over its pages (XxxPages) and one over its nodes
// (XxxIter), and for each connection type the method the iterators read a
// page with.
func (a *apiGen) iterators(b *bytes.Buffer, fields []rootField) error {
	header(b, "api")
	b.WriteString("import (\n\t\"context\"\n\t\"iter\"\n)\n\n")
	for _, rf := range fields {
		p, ok := a.pagination(rf)
		if !ok {
			continue
		}
		name, pagesName := rf.method+"Iter", rf.method+"Pages"
		if err := a.declareMethod(name, "the iterator of "+rf.op+" "+rf.f.Name); err != nil {
			return err
		}
		if err := a.declareMethod(pagesName, "the page iterator of "+rf.op+" "+rf.f.Name); err != nil {
			return err
		}
		head, err := a.head(rf.op, rf.f)
		if err != nil {
			return err
		}
		head += " { "
		if f := p.conn.Fields.ForName("totalCount"); f != nil && a.g.schema.Types[f.Type.Name()].Kind == ast.Scalar {
			head += "totalCount "
		}
		head += "pageInfo { endCursor hasNextPage } nodes"
		bn, bs := a.selRef(p.node, false)
		an, as := a.selRef(p.node, true)
		for _, doc := range []string{head + " " + bs + " } }", head + " " + as + " } }"} {
			if err := a.validate(doc); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		v, hd := "op"+name, "head"+name
		fmt.Fprintf(b, "const %s = %s\n\n", hd, goQuote(head))
		fmt.Fprintf(b, "var %s = operation{field: %q, page: true, ", v, rf.f.Name)
		if rf.op == "mutation" {
			b.WriteString("mutation: true, ")
		}
		fmt.Fprintf(b, "head: %s,\n\tbasic: %s + \" \" + %s + \" } }\",\n\tall: %s + \" \" + %s + \" } }\"}\n\n", hd, hd, bn, hd, an)
		conn, node := typeName(p.conn.Name), typeName(p.node.Name)
		if a.connMethods == nil {
			a.connMethods = map[string]bool{}
		}
		if !a.connMethods[conn] {
			a.connMethods[conn] = true
			fmt.Fprintf(b, "func (p *%s) page() (*PageInfo, []%s) { return p.PageInfo, p.Nodes }\n\n", conn, node)
		}
		comment(b, "", fmt.Sprintf(`%s iterates over the pages of %s, pageSize nodes at a time, each
page with its totalCount and pageInfo: it fetches the next page (after
the end cursor) only when the loop reaches it, and stops after the last
page, when ctx is done or at the first error, which it yields. A pageSize
below 1 yields one error matching bettermode.ErrInvalidInput.
args.After is the cursor to start after; args.Limit is set to pageSize.
The options choose the nodes' selection (Basic, All or Fields); Into is
refused.`, pagesName, rf.method))
		fmt.Fprintf(b, "func (c *Client) %s(ctx context.Context, args %sArgs, pageSize int, opts ...Option) iter.Seq2[*%s, error] {\n", pagesName, rf.method, conn)
		if p.limitIsPtr {
			b.WriteString("\targs.Limit = &pageSize\n")
		} else {
			b.WriteString("\targs.Limit = pageSize\n")
		}
		fmt.Fprintf(b, "\treturn pages(ctx, c, &%s, pageSize, &args, func(after *string) { args.After = after }, (*%s).page, opts)\n}\n\n", v, conn)
		comment(b, "", fmt.Sprintf(`%s iterates over the %s of %s, node by node, as %s
fetches them.`, name, node, rf.method, pagesName))
		fmt.Fprintf(b, "func (c *Client) %s(ctx context.Context, args %sArgs, pageSize int, opts ...Option) iter.Seq2[*%s, error] {\n", name, rf.method, node)
		fmt.Fprintf(b, "\treturn nodes(c.%s(ctx, args, pageSize, opts...), (*%s).page)\n}\n\n", pagesName, conn)
	}
	return nil
}
