package bettermodetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2"

	bmschema "github.com/bettermode-go/bettermode/schema"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// SchemaSDL is the GraphQL schema the server validates and executes requests
// against: Bettermode's complete schema, schema.SDL (schema/schema.graphql,
// merged by internal/cmd/schemagen from the published schema and the live
// API's types of the npm package @tribeplatform/gql-client, MIT licence),
// which declares the root operation types in its prelude.
var SchemaSDL = bmschema.SDL

var schema = func() *ast.Schema {
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: SchemaSDL},
		&ast.Source{Name: "subscription-types.graphql", Input: subscriptionTypesSDL})
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
	if s.serveUploads(w, r) { // upload_target.go
		return
	}
	if isWebSocketUpgrade(r) {
		s.serveSubscription(w, r) // subscriptions.go
		return
	}
	if s.limitRate(w) { // ratelimit.go
		return
	}
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

// writeGQLErrors answers HTTP 400 with errs, each with Bettermode's code
// CodeInvalidInput and extensions.code ext.
func (s *Server) writeGQLErrors(w http.ResponseWriter, ext string, errs gqlerror.List) {
	out := make([]requestError, 0, len(errs))
	for _, e := range errs {
		re := requestError{Code: codeOfExt(ext), Message: e.Message, Status: http.StatusBadRequest, Extensions: map[string]any{"code": ext}}
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
	s      *Server
	r      *http.Request
	doc    *ast.QueryDocument
	vars   map[string]any
	errs   []wireError
	caller *Caller // for handlers, once known
	anon   bool    // the request has no valid token
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request, doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any) {
	ex := &execution{s: s, r: r, doc: doc, vars: vars}
	root := schema.Query
	if op.Operation == ast.Mutation {
		root = schema.Mutation
	}
	data, ok := ex.object(root, nil, op.SelectionSet, nil)
	if len(ex.errs) > 0 {
		status := http.StatusOK
		if s.httpAuthErrors {
			switch ex.errs[0].Code {
			case CodeUnauthorized:
				status = http.StatusUnauthorized
			case CodeForbidden:
				status = http.StatusForbidden
			}
		}
		var d any
		if ok {
			d = data // partial data: the fields that failed are nullable
		}
		s.writeJSON(w, status, nil, map[string]any{"data": d, "errors": ex.errs})
		return
	}
	complexity := ex.complexity(op.SelectionSet, 0)
	s.chargeRate(complexity) // ratelimit.go
	s.writeJSON(w, http.StatusOK, nil, map[string]any{"data": data, "extensions": map[string]any{"complexity": complexity}})
}

// fail records the error e of the field at path.
func (ex *execution) fail(e *apiError, path []any) {
	if e.reason != "" {
		ex.s.count(rejectedMap, e.reason)
	}
	ex.errs = append(ex.errs, ex.s.wireError(e, path...))
}

// object resolves the fields that set selects on parent, an object of type
// def (nil for a root type). It reports false when a non-null field failed,
// which makes the object null; it still resolves every field, so that
// each failure is reported.
func (ex *execution) object(def *ast.Definition, parent any, set ast.SelectionSet, path []any) (*orderedMap, bool) {
	out := &orderedMap{}
	ok := true
	for _, g := range ex.collect(set, def) {
		f := g.fields[0]
		p := append(slices.Clip(path), g.key)
		if f.Name == "__typename" {
			out.set(g.key, def.Name)
			continue
		}
		fd := def.Fields.ForName(f.Name)
		if fd == nil { // validation lets no such field through
			ex.fail(errServer(fmt.Sprintf("bettermodetest: %s has no field %s", def.Name, f.Name)), p)
			ok = false
			continue
		}
		args := coerceArgs(fd.Arguments, f.ArgumentMap(ex.vars))
		val, aerr := ex.resolve(def, fd, parent, args)
		var v any
		fine := aerr == nil
		if aerr != nil {
			ex.fail(aerr, p)
		} else {
			v, fine = ex.complete(fd.Type, val, g.fields, p, def.Name, fd.Name)
		}
		if !fine {
			v = nil
			if fd.Type.NonNull {
				ok = false
			}
		}
		out.set(g.key, v)
	}
	if !ok {
		return nil, false
	}
	return out, true
}

// resolve returns the value of the field fd of parent, an object of type
// def: from the root resolvers for a root type; else from the field's
// handler, the parent, seeded data, or a mock value, in that order.
func (ex *execution) resolve(def *ast.Definition, fd *ast.FieldDefinition, parent any, args map[string]any) (any, *apiError) {
	if def == schema.Query || def == schema.Mutation {
		return ex.resolveRoot(def, fd, args)
	}
	if src, ok := parent.(fieldSource); ok {
		return src.resolveField(fd.Name, args), nil
	}
	m, _ := parent.(map[string]any)
	if h := ex.s.handler(def.Name + "." + fd.Name); h != nil {
		return ex.call(h, m, args)
	}
	if v, ok := m[fd.Name]; ok {
		return v, nil
	}
	if v, ok, aerr := ex.s.seeded(fd, args, false, false); ok || aerr != nil {
		return v, aerr
	}
	return mockFor(fd, args), nil
}

// mockFor is the value to mock for the field fd: an object whose id is the
// field's id argument, when it has one (post(id: "p1") answers a post of id
// "p1"); otherwise mocked, every field mocked.
func mockFor(fd *ast.FieldDefinition, args map[string]any) any {
	id, _ := args["id"].(string)
	def := schema.Types[fd.Type.Name()]
	if id != "" && fd.Type.Elem == nil && def.Kind == ast.Object && def.Fields.ForName("id") != nil {
		return map[string]any{"id": id}
	}
	return mocked
}

// call runs the handler h for a field of parent (nil for a root field).
func (ex *execution) call(h HandlerFunc, parent map[string]any, args map[string]any) (v any, aerr *apiError) {
	if ex.caller == nil && !ex.anon {
		if tc, err := ex.s.bearer(ex.r); err == nil {
			c := callerOf(tc)
			ex.caller = &c
		} else {
			ex.anon = true
		}
	}
	fc := &fieldContext{caller: ex.caller, parent: parent}
	defer func() {
		if p := recover(); p != nil {
			v, aerr = nil, errServer(fmt.Sprintf("bettermodetest: the handler panicked: %v", p))
		}
	}()
	v, err := h(context.WithValue(ex.r.Context(), fieldCtxKey{}, fc), args)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			code := e.Code
			if code == "" {
				code = CodeServerError
			}
			status := e.Status
			if status == 0 {
				status = statusOfCode(code)
			}
			return nil, &apiError{code: code, message: e.Message, status: status, field: e.Field, subcode: e.Subcode}
		}
		return nil, errServer(err.Error())
	}
	return v, nil
}

func callerOf(tc tokenClaims) Caller {
	return Caller{Kind: tc.kind, MemberID: tc.memberID, Role: tc.role, AppID: tc.appID}
}

// complete turns val, the value of a field of type t, into its answer,
// projecting objects onto the merged selection sets of fields. parent and
// name are the type and name of the field (for mock values). It reports
// false when the value is null because of an error, which a non-null
// position passes on to its parent.
func (ex *execution) complete(t *ast.Type, val any, fields []*ast.Field, path []any, parent, name string) (any, bool) {
	if val == mocked {
		return ex.mock(t, fields, path, parent, name)
	}
	val = normalize(val)
	if val == nil {
		if t.NonNull {
			ex.fail(errServer(fmt.Sprintf("bettermodetest: %s.%s is null but declared %s", parent, name, t)), path)
			return nil, false
		}
		return nil, true
	}
	if t.Elem != nil {
		list, ok := val.([]any)
		if !ok {
			ex.fail(errServer(fmt.Sprintf("bettermodetest: %s.%s is not a list but declared %s", parent, name, t)), path)
			return nil, false
		}
		out := make([]any, len(list))
		for i, e := range list {
			v, ok := ex.complete(t.Elem, e, fields, append(slices.Clip(path), i), parent, name)
			if !ok && t.Elem.NonNull {
				return nil, false
			}
			out[i] = v
		}
		return out, true
	}
	def := schema.Types[t.NamedType]
	switch def.Kind {
	case ast.Scalar:
		v, err := serializeScalar(def.Name, val)
		if err != nil {
			ex.fail(errServer(fmt.Sprintf("bettermodetest: %s.%s: %v", parent, name, err)), path)
			return nil, false
		}
		return v, true
	case ast.Enum:
		s, ok := val.(string)
		if !ok || def.EnumValues.ForName(s) == nil {
			ex.fail(errServer(fmt.Sprintf("bettermodetest: %s.%s: %v is not a value of %s", parent, name, val, def.Name)), path)
			return nil, false
		}
		return s, true
	}
	obj := def
	switch v := val.(type) {
	case fieldSource:
	case map[string]any:
		if def.Kind != ast.Object {
			obj = ex.concrete(def, v["__typename"])
			if obj == nil {
				ex.fail(errServer(fmt.Sprintf("bettermodetest: %s.%s: %v is not a possible type of %s", parent, name, v["__typename"], def.Name)), path)
				return nil, false
			}
		}
	default:
		ex.fail(errServer(fmt.Sprintf("bettermodetest: %s.%s: a %T is not an object", parent, name, val)), path)
		return nil, false
	}
	out, ok := ex.object(obj, val, mergeSets(fields), path)
	if !ok {
		return nil, false
	}
	return out, true
}

// concrete is the object type of a value of the abstract type def: the one
// typename names, or the first possible type when typename is not given.
func (ex *execution) concrete(def *ast.Definition, typename any) *ast.Definition {
	possible := schema.GetPossibleTypes(def)
	name, _ := typename.(string)
	if name == "" && len(possible) > 0 {
		return possible[0]
	}
	for _, p := range possible {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// mock answers a field of type t that nothing else answers.
func (ex *execution) mock(t *ast.Type, fields []*ast.Field, path []any, parent, name string) (any, bool) {
	if t.Elem != nil {
		out := make([]any, MockListLength)
		for i := range out {
			v, ok := ex.mock(t.Elem, fields, append(slices.Clip(path), i), parent, name)
			if !ok && t.Elem.NonNull {
				return nil, false
			}
			out[i] = v
		}
		return out, true
	}
	def := schema.Types[t.NamedType]
	switch def.Kind {
	case ast.Scalar:
		return mockLeaf(def.Name, name, parent, path), true
	case ast.Enum:
		return def.EnumValues[0].Name, true
	}
	if def.Kind != ast.Object {
		def = ex.concrete(def, nil)
	}
	out, ok := ex.object(def, map[string]any{}, mergeSets(fields), path)
	if !ok {
		return nil, false
	}
	return out, true
}

func mergeSets(fields []*ast.Field) ast.SelectionSet {
	if len(fields) == 1 {
		return fields[0].SelectionSet
	}
	var set ast.SelectionSet
	for _, f := range fields {
		set = append(set, f.SelectionSet...)
	}
	return set
}

// group is the fields of a selection set sharing one response key.
type group struct {
	key    string
	fields []*ast.Field
}

// collect groups the fields that set selects on an object of type def by
// response key, in order, following fragments and @skip and @include.
func (ex *execution) collect(set ast.SelectionSet, def *ast.Definition) []group {
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
				if ex.included(sel.Directives) && (sel.TypeCondition == "" || applies(sel.TypeCondition, def)) {
					walk(sel.SelectionSet)
				}
			case *ast.FragmentSpread:
				if visited[sel.Name] || !ex.included(sel.Directives) {
					continue
				}
				visited[sel.Name] = true
				if fd := ex.doc.Fragments.ForName(sel.Name); fd != nil && applies(fd.TypeCondition, def) {
					walk(fd.SelectionSet)
				}
			}
		}
	}
	walk(set)
	return groups
}

// applies reports whether a fragment on the type cond applies to an object
// of type def.
func applies(cond string, def *ast.Definition) bool {
	if cond == def.Name {
		return true
	}
	c := schema.Types[cond]
	return c != nil && (c.Kind == ast.Union || c.Kind == ast.Interface) && slices.Contains(schema.GetPossibleTypes(c), def)
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

// normalize turns a Go value into the kinds the executor handles: nil,
// string, bool, int64, float64, json.Number, time.Time, []any,
// map[string]any, or a fieldSource. Named types become their underlying
// kind, pointers their target, other slices []any, other maps with string
// keys map[string]any, and structs what encoding/json makes of them.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int64, float64, json.Number, time.Time, []any, map[string]any, fieldSource:
		return v
	case object:
		return map[string]any(x)
	case int:
		return int64(x)
	case json.Marshaler:
		return viaJSON(v)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
		return normalize(rv.Elem().Interface())
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return int64(rv.Uint())
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return viaJSON(v)
		}
		if rv.IsNil() {
			return nil
		}
		out := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			out[it.Key().String()] = it.Value().Interface()
		}
		return out
	}
	return viaJSON(v)
}

// viaJSON is v as encoding/json encodes it, decoded with numbers kept.
func viaJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("bettermodetest: cannot encode a %T: %v", v, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return nil
	}
	return out
}

// serializeScalar is v as a value of the scalar type typ.
func serializeScalar(typ string, v any) (any, error) {
	switch typ {
	case "String":
		switch x := v.(type) {
		case string:
			return x, nil
		case bool, int64, float64, json.Number:
			return fmt.Sprint(x), nil
		case time.Time:
			return x.UTC().Format(time.RFC3339Nano), nil
		}
	case "ID":
		switch x := v.(type) {
		case string:
			return x, nil
		case int64, json.Number:
			return fmt.Sprint(x), nil
		case float64:
			if x == math.Trunc(x) {
				return strconv.FormatFloat(x, 'f', -1, 64), nil
			}
		}
	case "Int":
		var n int64
		ok := false
		switch x := v.(type) {
		case int64:
			n, ok = x, true
		case float64:
			n, ok = int64(x), x == math.Trunc(x)
		case json.Number:
			i, err := x.Int64()
			n, ok = i, err == nil
		}
		if ok && n >= math.MinInt32 && n <= math.MaxInt32 {
			return n, nil
		}
	case "Float":
		switch x := v.(type) {
		case int64:
			return float64(x), nil
		case float64:
			return x, nil
		case json.Number:
			if f, err := x.Float64(); err == nil {
				return f, nil
			}
		}
	case "Boolean":
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case "DateTime":
		switch x := v.(type) {
		case time.Time:
			return x.UTC().Format(time.RFC3339Nano), nil
		case string:
			return x, nil
		}
	default: // a custom scalar other than DateTime
		switch v.(type) {
		case string, bool, int64, float64, json.Number:
			return v, nil
		}
	}
	return nil, fmt.Errorf("%v (a %T) is not a %s", v, v, typ)
}

// coerceArgs gives the arguments the kinds a handler gets: Int as int,
// Float as float64, ID as string, a single value for a list as a list of
// it, and the defaults of input object fields.
func coerceArgs(defs ast.ArgumentDefinitionList, args map[string]any) map[string]any {
	for _, d := range defs {
		if v, ok := args[d.Name]; ok {
			args[d.Name] = coerceInput(d.Type, v)
		}
	}
	return args
}

func coerceInput(t *ast.Type, v any) any {
	if v == nil {
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return []any{coerceInput(t.Elem, v)}
		}
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = coerceInput(t.Elem, e)
		}
		return out
	}
	switch t.NamedType {
	case "Int":
		switch x := v.(type) {
		case int64:
			return int(x)
		case float64:
			return int(x)
		case json.Number:
			n, _ := x.Int64()
			return int(n)
		}
	case "Float":
		switch x := v.(type) {
		case int64:
			return float64(x)
		case int:
			return float64(x)
		case json.Number:
			f, _ := x.Float64()
			return f
		}
	case "ID":
		switch x := v.(type) {
		case int64, int, json.Number:
			return fmt.Sprint(x)
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	def := schema.Types[t.NamedType]
	if obj, ok := v.(map[string]any); ok && def != nil && def.Kind == ast.InputObject {
		out := make(map[string]any, len(obj))
		for _, f := range def.Fields {
			if x, ok := obj[f.Name]; ok {
				out[f.Name] = coerceInput(f.Type, x)
			} else if f.DefaultValue != nil {
				if d, err := f.DefaultValue.Value(nil); err == nil {
					out[f.Name] = coerceInput(f.Type, d)
				}
			}
		}
		return out
	}
	return v
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
