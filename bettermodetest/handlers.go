package bettermodetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
)

// HandlerFunc answers a field: args holds its arguments as the request
// gave them, with the schema's defaults, as JSON-like Go values (string,
// int, float64, bool, nil, []any and map[string]any); DecodeArgs decodes
// them into a struct. It returns the field's value, which may be partial:
//
//   - a leaf as a Go value of its kind (a string, any integer or float, a
//     bool, a time.Time for DateTime, a string type for an enum);
//   - an object as a map[string]any or any value encoding/json turns into an
//     object (a struct with JSON tags): the fields it lacks are answered as
//     if it had no handler (seeded data or mock values), so a handler can
//     give only the fields its test looks at;
//   - a value of a union or interface type with "__typename" naming the
//     object type (without it, the first possible type);
//   - a list as any slice.
//
// A nil value is null, an error for a non-null field. An error is answered
// in Bettermode's shape: an *Error with its code, any other error with code
// CodeServerError. The context carries the request's Caller (CallerFrom)
// and, for a field of an object type, the object (ParentFrom).
type HandlerFunc func(ctx context.Context, args map[string]any) (any, error)

// Error is an error in Bettermode's shape, for a HandlerFunc to return: it
// is answered as {"code":…,"message":…,"status":…,"field":…,"subcode":…}.
type Error struct {
	// Code is Bettermode's error code, such as CodeNotFound; empty means
	// CodeServerError.
	Code string
	// Message is the error's message.
	Message string
	// Status is the HTTP status the error repeats; 0 means the status of Code
	// (400 for the input codes, 401 for "108", 403 for "102", 404 for
	// "110", 429 for "104", 500 otherwise). The answer itself is HTTP 200.
	Status int
	// Field optionally names the input field at fault.
	Field string
	// Subcode is an optional subcode.
	Subcode string
}

// Error returns the message with the code.
func (e *Error) Error() string { return "bettermodetest: " + e.Message + " (code " + e.Code + ")" }

// statusOfCode is the HTTP status a Bettermode error code repeats.
func statusOfCode(code string) int {
	switch code {
	case CodeInvalidInput, CodeInvalidParameter, CodeMissingParameter, CodeParameterType:
		return http.StatusBadRequest
	case CodeUnauthorized:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case CodeRateLimited:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// Caller is who sent a request, as its token says.
type Caller struct {
	// Kind is the token's kind: KindGuest, KindMember or KindApp.
	Kind string
	// MemberID is the member the token acts as: a guest's "GUEST_…" id, a
	// member's id, or an app's bot ("BOT_" + the app's id).
	MemberID string
	// Role is the token's role name, such as RoleMember.
	Role string
	// AppID is the app of an app token, or "".
	AppID string
}

type fieldCtxKey struct{}

// fieldContext is what a handler's context carries.
type fieldContext struct {
	caller *Caller
	parent map[string]any
}

// CallerFrom returns the caller of the request a handler answers, and
// whether it is known: it is for every field but introspection and the
// fields of Bettermode's login flows, which the kit answers itself.
func CallerFrom(ctx context.Context) (Caller, bool) {
	fc, _ := ctx.Value(fieldCtxKey{}).(*fieldContext)
	if fc == nil || fc.caller == nil {
		return Caller{}, false
	}
	return *fc.caller, true
}

// ParentFrom returns the object whose field a handler answers (for a
// handler of "Post.title", the post), as the server resolved it: the fields
// its own resolver, handler or seed gave, without the ones it mocks. It is
// nil for a root field. Do not modify it.
func ParentFrom(ctx context.Context) map[string]any {
	fc, _ := ctx.Value(fieldCtxKey{}).(*fieldContext)
	if fc == nil {
		return nil
	}
	return fc.parent
}

// DecodeArgs decodes a handler's args into v, a pointer to a struct whose
// JSON tags name the arguments, through encoding/json:
//
//	var a struct {
//		Input   schema.CreatePostInput `json:"input"`
//		SpaceID schema.ID              `json:"spaceId"`
//	}
//	err := bettermodetest.DecodeArgs(args, &a)
func DecodeArgs(args map[string]any, v any) error {
	b, err := json.Marshal(args)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// fieldState is the server's handlers and seeded objects.
type fieldState struct {
	mu       sync.RWMutex
	handlers map[string]HandlerFunc      // by "Type.field"
	seeds    map[string][]map[string]any // by object type, in seeding order
}

// kitFields are the root fields the kit answers itself, with Bettermode's
// authentication rules: no handler may replace them.
var kitFields = map[string]bool{
	"Query.tokens": true, "Query.loginNetwork": true, "Mutation.loginNetwork": true, "Query.limitedToken": true,
	"Mutation.oauthCode": true, "Query.oauthTokens": true, "Mutation.requestGlobalTokenCode": true,
	"Query.globalToken": true, "Query.loginNetworkWithGlobalToken": true, "Mutation.logoutNetwork": true,
}

// checkField panics unless coord names a field of an object type of the
// schema, as "Type.field".
func checkField(what, coord string) {
	typ, field, ok := strings.Cut(coord, ".")
	def := schema.Types[typ]
	if !ok || def == nil || def.Kind != ast.Object || strings.HasPrefix(typ, "__") || strings.HasPrefix(field, "__") || def.Fields.ForName(field) == nil {
		panic(fmt.Sprintf("bettermodetest: %s: %q is not a field of an object type of the schema; write it as \"Type.field\", such as \"Query.posts\"", what, coord))
	}
	if kitFields[coord] {
		panic(fmt.Sprintf("bettermodetest: %s: %s is a field of Bettermode's login flows, which the server answers itself", what, coord))
	}
}

// Handle makes fn answer the field coord, written "Type.field": a root
// field ("Query.posts", "Mutation.createPost") or a field of any object
// type ("Post.title"). A handler comes before seeded data and mock values.
// A root field's handler runs after the request's token is checked as for
// any field (see the package doc); authMember, network and member may be
// handled too, replacing the community's answer. A nil fn removes the
// handler. Handle panics when coord is not a field of the schema or is one
// of the login flows' fields (tokens, loginNetwork, limitedToken,
// oauthCode, oauthTokens, requestGlobalTokenCode, globalToken,
// loginNetworkWithGlobalToken, logoutNetwork). It is safe to call while
// the server runs.
func (s *Server) Handle(coord string, fn HandlerFunc) {
	checkField("Handle", coord)
	s.fields.mu.Lock()
	defer s.fields.mu.Unlock()
	if fn == nil {
		delete(s.fields.handlers, coord)
		return
	}
	if s.fields.handlers == nil {
		s.fields.handlers = map[string]HandlerFunc{}
	}
	s.fields.handlers[coord] = fn
}

// WithHandler registers fn for the field coord from the start, as Handle does.
func WithHandler(coord string, fn HandlerFunc) Option {
	checkField("WithHandler", coord)
	return func(c *config) { c.setup = append(c.setup, func(s *Server) { s.Handle(coord, fn) }) }
}

func (s *Server) handler(coord string) HandlerFunc {
	s.fields.mu.RLock()
	defer s.fields.mu.RUnlock()
	return s.fields.handlers[coord]
}

// Seed adds objects of the object type typename (such as "Post") to the
// community. Each is a map[string]any or a value encoding/json turns into
// an object (a struct with JSON tags); the fields it lacks are mocked.
// Fields without a handler answer from the seeded objects of their type:
//
//   - a field of type T with arguments named like fields of T (post(id:),
//     space(slug:)) answers the first object whose fields equal them, or,
//     for a root field of Query, an error with code CodeNotFound when none
//     does; a root field without such arguments answers the first object;
//   - a field of type [T] answers every object of T;
//   - a field of a connection type (one with nodes: [T], edges { node: T },
//     totalCount and pageInfo, such as PaginatedPost) answers every object
//     of T as nodes and edges (each cursor is the object's id), with
//     totalCount, and honours the arguments limit, offset and after, so
//     paging ends.
//
// The community's members count as seeded objects of Member (after the
// ones Seed adds), and its network is the answer to every field of type
// Network. A type without seeded objects is mocked. Seed panics when
// typename is not an object type of the schema or an object does not
// encode as a JSON object. It is safe to call while the server runs.
func (s *Server) Seed(typename string, objects ...any) {
	def := schema.Types[typename]
	if def == nil || def.Kind != ast.Object || strings.HasPrefix(typename, "__") || def == schema.Query || def == schema.Mutation {
		panic(fmt.Sprintf("bettermodetest: Seed: %q is not an object type of the schema", typename))
	}
	objs := make([]map[string]any, 0, len(objects))
	for i, o := range objects {
		b, err := json.Marshal(o)
		if err != nil {
			panic(fmt.Sprintf("bettermodetest: Seed: %s object %d: %v", typename, i, err))
		}
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil || m == nil {
			panic(fmt.Sprintf("bettermodetest: Seed: %s object %d does not encode as a JSON object", typename, i))
		}
		m["__typename"] = typename
		objs = append(objs, m)
	}
	s.fields.mu.Lock()
	defer s.fields.mu.Unlock()
	if s.fields.seeds == nil {
		s.fields.seeds = map[string][]map[string]any{}
	}
	s.fields.seeds[typename] = append(s.fields.seeds[typename], objs...)
}

// WithSeed seeds objects of typename from the start, as Seed does.
func WithSeed(typename string, objects ...any) Option {
	return func(c *config) { c.setup = append(c.setup, func(s *Server) { s.Seed(typename, objects...) }) }
}

// seedsOf returns the seeded objects of typename: for Member, the
// community's members after them.
func (s *Server) seedsOf(typename string) []map[string]any {
	objs := s.seededOnly(typename)
	if typename == "Member" {
		for _, m := range s.members {
			objs = append(objs, s.memberObject(m))
		}
	}
	return objs
}

// seeded answers the field fd from the seeded objects, if it can. root is
// true for a root field; notFound makes a root field that names an object
// no seeded object matches fail with CodeNotFound (queries do, mutations
// fall back to mock values).
func (s *Server) seeded(fd *ast.FieldDefinition, args map[string]any, root, notFound bool) (any, bool, *apiError) {
	def := schema.Types[fd.Type.Name()]
	if def == nil || def.Kind != ast.Object {
		return nil, false, nil
	}
	if def.Name == "Network" && fd.Type.Elem == nil {
		return s.networkObject(), true, nil
	}
	switch {
	case fd.Type.Elem != nil:
		if fd.Type.Elem.Elem != nil {
			return nil, false, nil // a list of lists
		}
		objs := s.seedsOf(def.Name)
		if len(objs) == 0 {
			return nil, false, nil
		}
		page, _ := paginate(objs, args)
		return anySlice(page), true, nil
	case connectionNode(def) != nil:
		objs := s.seedsOf(connectionNode(def).Name)
		if len(objs) == 0 {
			return nil, false, nil
		}
		return connection(def, objs, args), true, nil
	}
	objs := s.seedsOf(def.Name)
	if len(objs) == 0 {
		return nil, false, nil
	}
	matched := false
	for _, o := range objs {
		ok := true
		for name, v := range args {
			f := def.Fields.ForName(name)
			if v == nil || f == nil || f.Type.Elem != nil || !isLeafValue(v) {
				continue
			}
			matched = true
			ok = ok && fmt.Sprint(o[name]) == fmt.Sprint(v)
		}
		if ok && (matched || root) {
			return o, true, nil
		}
	}
	if matched && root && notFound {
		return nil, false, errNotFound(def.Name + " not found")
	}
	return nil, false, nil
}

func isLeafValue(v any) bool {
	switch v.(type) {
	case string, int, int64, float64, bool, json.Number:
		return true
	}
	return false
}

func anySlice[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// connectionNode returns the node type of a connection type: one with a
// field nodes: [T] or edges: [{node: T}] of an object type T.
func connectionNode(def *ast.Definition) *ast.Definition {
	if f := def.Fields.ForName("nodes"); f != nil && f.Type.Elem != nil {
		if t := schema.Types[f.Type.Name()]; t != nil && t.Kind == ast.Object {
			return t
		}
	}
	if f := def.Fields.ForName("edges"); f != nil && f.Type.Elem != nil {
		if e := schema.Types[f.Type.Name()]; e != nil && e.Kind == ast.Object {
			if n := e.Fields.ForName("node"); n != nil && n.Type.Elem == nil {
				if t := schema.Types[n.Type.Name()]; t != nil && t.Kind == ast.Object {
					return t
				}
			}
		}
	}
	return nil
}

// intArg returns the argument k as an int, and whether it is one.
func intArg(args map[string]any, k string) (int, bool) {
	switch v := args[k].(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		return int(v), v == float64(int(v))
	}
	return 0, false
}

// paginate applies the arguments after (an object's id), offset and limit
// to objs, and reports whether objects are left after the page.
func paginate(objs []map[string]any, args map[string]any) ([]map[string]any, bool) {
	if after := argString(args, "after"); after != "" {
		i := slices.IndexFunc(objs, func(o map[string]any) bool { return fmt.Sprint(o["id"]) == after })
		objs = objs[i+1:] // an unknown cursor starts over (i is -1)
	}
	if n, ok := intArg(args, "offset"); ok && n > 0 {
		objs = objs[min(n, len(objs)):]
	}
	if n, ok := intArg(args, "limit"); ok && n >= 0 && n < len(objs) {
		return objs[:n], true
	}
	return objs, false
}

// connection is a page of objs as the connection type def.
func connection(def *ast.Definition, objs []map[string]any, args map[string]any) map[string]any {
	page, more := paginate(objs, args)
	edges := make([]any, len(page))
	for i, o := range page {
		edges[i] = map[string]any{"node": o, "cursor": fmt.Sprint(o["id"])}
	}
	var start, end any
	if len(page) > 0 {
		start, end = fmt.Sprint(page[0]["id"]), fmt.Sprint(page[len(page)-1]["id"])
	}
	return map[string]any{
		"__typename": def.Name, "nodes": anySlice(page), "edges": edges, "totalCount": len(objs),
		"pageInfo": map[string]any{"hasNextPage": more, "hasPreviousPage": false, "startCursor": start, "endCursor": end},
	}
}
