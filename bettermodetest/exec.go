package bettermodetest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// SchemaSDL is the GraphQL schema the server validates requests against: a
// subset of Bettermode's published schema, each type, field and argument
// declared as it is there.
//
//go:embed schema.graphql
var SchemaSDL string

var schema = func() *ast.Schema {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: SchemaSDL})
	if err != nil {
		panic("bettermodetest: schema.graphql: " + err.Error())
	}
	return s
}()

// Limits on requests.
const (
	// MaxBodyBytes is the largest request body the server reads; a larger
	// one gets HTTP 413.
	MaxBodyBytes = 1 << 20
	// maxQueryTokens bounds the tokens of a query the parser reads.
	maxQueryTokens = 15000
)

// request is a GraphQL request body.
type request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
}

// decodeRequest decodes a GraphQL request body.
func decodeRequest(body []byte) (request, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return request{}, errors.New("the body must be a JSON object {query, operationName, variables}")
	}
	var req request
	if q, ok := raw["query"]; !ok || json.Unmarshal(q, &req.Query) != nil || strings.TrimSpace(req.Query) == "" {
		return request{}, errors.New("the body must have a non-empty string query")
	}
	if n, ok := raw["operationName"]; ok && string(n) != "null" && json.Unmarshal(n, &req.OperationName) != nil {
		return request{}, errors.New("operationName must be a string")
	}
	if v, ok := raw["variables"]; ok && string(v) != "null" {
		if json.Unmarshal(v, &req.Variables) != nil || req.Variables == nil {
			return request{}, errors.New("variables must be a JSON object")
		}
	}
	return req, nil
}

// schemeOf names the scheme of an Authorization header.
func schemeOf(h string) string {
	if strings.TrimSpace(h) == "" {
		return AuthMissing
	}
	scheme, _, _ := strings.Cut(strings.TrimSpace(h), " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		return AuthBearer
	case strings.EqualFold(scheme, "Basic"):
		return AuthBasic
	}
	return AuthOther
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.writeRequestError(w, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "bettermodetest: internal error")
		}
	}()
	s.count(requestsMap, schemeOf(r.Header.Get("Authorization")))
	if r.Method != http.MethodPost {
		s.count(rejectedMap, RejectBadRequest)
		w.Header().Set("Allow", http.MethodPost)
		s.writeRequestError(w, http.StatusMethodNotAllowed, ExtBadRequest, "GraphQL requests must be POST with a JSON body")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		s.count(rejectedMap, RejectBadRequest)
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.writeRequestError(w, http.StatusRequestEntityTooLarge, ExtBadRequest, fmt.Sprintf("the body is larger than %d bytes", MaxBodyBytes))
			return
		}
		s.writeRequestError(w, http.StatusBadRequest, ExtBadRequest, "cannot read the body")
		return
	}
	req, err := decodeRequest(body)
	if err != nil {
		s.count(rejectedMap, RejectBadRequest)
		s.writeRequestError(w, http.StatusBadRequest, ExtBadRequest, err.Error())
		return
	}
	doc, parseErr := parser.ParseQueryWithTokenLimit(&ast.Source{Name: "query", Input: req.Query}, maxQueryTokens)
	if parseErr != nil {
		doc = nil // a partial document names nothing reliably
	}
	keys, roots := operationKeys(doc, req.OperationName)
	for _, k := range keys {
		s.count(operationsMap, k)
	}
	if s.applyFault(w, r, keys, keys[:roots]) {
		return
	}
	if s.replay {
		s.serveReplay(w, r, req, keys)
		return
	}
	if parseErr != nil {
		s.count(rejectedMap, RejectValidation)
		s.writeGQLErrors(w, ExtParseFailed, gqlerror.List{asGQLError(parseErr)})
		return
	}
	if errs := validator.ValidateWithRules(schema, doc, nil); len(errs) > 0 {
		s.count(rejectedMap, RejectValidation)
		s.writeGQLErrors(w, ExtValidationFailed, errs)
		return
	}
	op, msg := selectOperation(doc, req.OperationName)
	if op == nil {
		s.count(rejectedMap, RejectValidation)
		s.writeGQLErrors(w, ExtValidationFailed, gqlerror.List{{Message: msg}})
		return
	}
	vars, err := validator.VariableValues(schema, op, req.Variables)
	if err != nil {
		s.count(rejectedMap, RejectValidation)
		e := asGQLError(err)
		if len(e.Path) > 0 {
			e.Message = e.Path.String() + ": " + e.Message
		}
		s.writeGQLErrors(w, ExtValidationFailed, gqlerror.List{e})
		return
	}
	s.execute(w, r, doc, op, vars)
}

func asGQLError(err error) *gqlerror.Error {
	var e *gqlerror.Error
	if errors.As(err, &e) {
		return e
	}
	return &gqlerror.Error{Message: err.Error()}
}

// writeGQLErrors answers HTTP 400 with errs, each with extensions.code ext.
func (s *Server) writeGQLErrors(w http.ResponseWriter, ext string, errs gqlerror.List) {
	out := make([]requestError, 0, len(errs))
	for _, e := range errs {
		re := requestError{Message: e.Message, Extensions: map[string]any{"code": ext}}
		for _, l := range e.Locations {
			re.Locations = append(re.Locations, location(l))
		}
		for _, p := range e.Path {
			re.Path = append(re.Path, p)
		}
		out = append(out, re)
	}
	s.writeJSON(w, http.StatusBadRequest, nil, map[string]any{"errors": out})
}

// selectOperation returns the operation of doc to execute, or why none.
func selectOperation(doc *ast.QueryDocument, name string) (*ast.OperationDefinition, string) {
	if name != "" {
		if op := doc.Operations.ForName(name); op != nil {
			return op, ""
		}
		return nil, fmt.Sprintf("Unknown operation named %q.", name)
	}
	if len(doc.Operations) != 1 {
		return nil, "Must provide operation name if query contains multiple operations."
	}
	return doc.Operations[0], ""
}

// operationKeys returns the names a request is counted and matched by: the
// root fields its operation selects, the operation's name, and the
// request's operationName.
// The root fields come first; roots counts them.
func operationKeys(doc *ast.QueryDocument, name string) (keys []string, roots int) {
	add := func(k string) {
		if k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	if doc != nil {
		var op *ast.OperationDefinition
		if name != "" {
			op = doc.Operations.ForName(name)
		} else if len(doc.Operations) == 1 {
			op = doc.Operations[0]
		}
		if op != nil {
			visited := map[string]bool{}
			var walk func(ast.SelectionSet)
			walk = func(set ast.SelectionSet) {
				for _, sel := range set {
					switch sel := sel.(type) {
					case *ast.Field:
						if !strings.HasPrefix(sel.Name, "__") {
							add(sel.Name)
						}
					case *ast.InlineFragment:
						walk(sel.SelectionSet)
					case *ast.FragmentSpread:
						if !visited[sel.Name] {
							visited[sel.Name] = true
							if fd := doc.Fragments.ForName(sel.Name); fd != nil {
								walk(fd.SelectionSet)
							}
						}
					}
				}
			}
			walk(op.SelectionSet)
			roots = len(keys)
			add(op.Name)
		}
	}
	add(name)
	return keys, roots
}

// execution is the state of one executed operation.
type execution struct {
	s    *Server
	r    *http.Request
	doc  *ast.QueryDocument
	vars map[string]any
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request, doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) {
	ex := &execution{s: s, r: r, doc: doc, vars: vars}
	rootType := "Query"
	if op.Operation == ast.Mutation {
		rootType = "Mutation"
	}
	data := &orderedMap{}
	var errs []wireError
	for _, g := range ex.collect(op.SelectionSet, rootType) {
		f := g.fields[0]
		if f.Name == "__typename" {
			data.set(g.key, rootType)
			continue
		}
		val, aerr := s.resolveRoot(r, f.Name, f.ArgumentMap(vars))
		if aerr != nil {
			s.count(rejectedMap, aerr.reason)
			errs = append(errs, s.wireError(aerr, g.key))
			continue
		}
		data.set(g.key, ex.complete(val, g.fields))
	}
	if len(errs) > 0 {
		status := http.StatusOK
		if s.httpAuthErrors {
			switch errs[0].Code {
			case CodeUnauthorized:
				status = http.StatusUnauthorized
			case CodeForbidden:
				status = http.StatusForbidden
			}
		}
		// Every root field is non-null, so one error nulls the whole data.
		s.writeJSON(w, status, nil, map[string]any{"data": nil, "errors": errs})
		return
	}
	s.writeJSON(w, http.StatusOK, nil, map[string]any{"data": data, "extensions": map[string]any{"complexity": ex.complexity(op.SelectionSet, 0)}})
}

// group is the fields of a selection set sharing one response key.
type group struct {
	key    string
	fields []*ast.Field
}

// collect groups the fields that set selects on an object of typename by
// response key, in order, following fragments and @skip and @include.
func (ex *execution) collect(set ast.SelectionSet, typename string) []group {
	var groups []group
	visited := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				if !ex.included(sel.Directives) {
					continue
				}
				if i := slices.IndexFunc(groups, func(g group) bool { return g.key == sel.Alias }); i >= 0 {
					groups[i].fields = append(groups[i].fields, sel)
				} else {
					groups = append(groups, group{key: sel.Alias, fields: []*ast.Field{sel}})
				}
			case *ast.InlineFragment:
				if ex.included(sel.Directives) && (sel.TypeCondition == "" || sel.TypeCondition == typename) {
					walk(sel.SelectionSet)
				}
			case *ast.FragmentSpread:
				if visited[sel.Name] || !ex.included(sel.Directives) {
					continue
				}
				visited[sel.Name] = true
				if fd := ex.doc.Fragments.ForName(sel.Name); fd != nil && fd.TypeCondition == typename {
					walk(fd.SelectionSet)
				}
			}
		}
	}
	walk(set)
	return groups
}

// included evaluates @skip and @include.
func (ex *execution) included(ds ast.DirectiveList) bool {
	cond := func(name string) (bool, bool) {
		d := ds.ForName(name)
		if d == nil {
			return false, false
		}
		a := d.Arguments.ForName("if")
		if a == nil {
			return false, false
		}
		v, err := a.Value.Value(ex.vars)
		b, _ := v.(bool)
		return b, err == nil
	}
	if skip, ok := cond("skip"); ok && skip {
		return false
	}
	if include, ok := cond("include"); ok && !include {
		return false
	}
	return true
}

// complete projects val onto the merged selection sets of fields.
func (ex *execution) complete(val any, fields []*ast.Field) any {
	switch v := val.(type) {
	case object:
		var set ast.SelectionSet
		for _, f := range fields {
			set = append(set, f.SelectionSet...)
		}
		typename, _ := v["__typename"].(string)
		out := &orderedMap{}
		for _, g := range ex.collect(set, typename) {
			name := g.fields[0].Name
			if name == "__typename" {
				out.set(g.key, typename)
				continue
			}
			out.set(g.key, ex.complete(v[name], g.fields))
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = ex.complete(e, fields)
		}
		return out
	}
	return val
}

// complexity counts the fields set selects, following fragments.
func (ex *execution) complexity(set ast.SelectionSet, depth int) int {
	if depth > 64 {
		return 0
	}
	n := 0
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if sel.Name != "__typename" {
				n += 1 + ex.complexity(sel.SelectionSet, depth+1)
			}
		case *ast.InlineFragment:
			n += ex.complexity(sel.SelectionSet, depth+1)
		case *ast.FragmentSpread:
			if fd := ex.doc.Fragments.ForName(sel.Name); fd != nil {
				n += ex.complexity(fd.SelectionSet, depth+1)
			}
		}
	}
	return n
}

// orderedMap is a JSON object that keeps its keys in insertion order.
type orderedMap struct {
	keys []string
	vals map[string]any
}

func (m *orderedMap) set(k string, v any) {
	if m.vals == nil {
		m.vals = map[string]any{}
	}
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}

// MarshalJSON encodes m with its keys in order.
func (m *orderedMap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range m.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(m.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
