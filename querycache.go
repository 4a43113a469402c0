package bettermode

import (
	"hash/maphash"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	graphql "github.com/hasura/go-graphql-client"
	"github.com/hasura/go-graphql-client/ident"
)

// queryCache keeps the query text hasura builds by reflection, per result
// type, variable names and types, and operation name, so that repeated calls
// skip the reflection. Lookups are lock-free (a copy-on-write map) and
// allocate nothing.
type queryCache struct {
	mu sync.Mutex
	m  atomic.Pointer[map[queryKey]*queryEntry]
}

type queryKey struct {
	t        reflect.Type
	mutation bool
	opName   string
	sig      uint64 // order-independent hash of variable names and types
	n        int
}

type queryEntry struct {
	doc  string
	op   string
	vars map[string]reflect.Type
}

// maxCachedQueries bounds the cache; past it, queries are built every time.
const maxCachedQueries = 1024

var querySeed = maphash.MakeSeed()

var graphqlTypeIface = reflect.TypeFor[graphql.GraphQLType]()

// build returns the document for v and the name of its operation for errors.
func (qc *queryCache) build(mutation bool, v any, vars map[string]any, opName string) (doc, op string, err error) {
	t := reflect.TypeOf(v)
	sig, ok := varsSignature(vars)
	key := queryKey{t: t, mutation: mutation, opName: opName, sig: sig, n: len(vars)}
	if ok {
		if m := qc.m.Load(); m != nil {
			if e := (*m)[key]; e != nil && e.matches(vars) {
				return e.doc, e.op, nil
			}
		}
	}
	var opts []graphql.Option
	if opName != "" {
		opts = append(opts, graphql.OperationName(opName))
	}
	if mutation {
		doc, err = graphql.ConstructMutation(v, vars, opts...)
	} else {
		doc, err = graphql.ConstructQuery(v, vars, opts...)
	}
	if err != nil {
		return "", "", err
	}
	op = opName
	if op == "" {
		op = rootField(t)
	}
	if ok && cacheableType(t, map[reflect.Type]bool{}) {
		qc.store(key, &queryEntry{doc: doc, op: op, vars: varTypes(vars)})
	}
	return doc, op, nil
}

func (qc *queryCache) store(k queryKey, e *queryEntry) {
	qc.mu.Lock()
	defer qc.mu.Unlock()
	old := qc.m.Load()
	n := 0
	if old != nil {
		n = len(*old)
	}
	if n >= maxCachedQueries {
		return
	}
	m := make(map[queryKey]*queryEntry, n+1)
	if old != nil {
		for k, v := range *old {
			m[k] = v
		}
	}
	m[k] = e
	qc.m.Store(&m)
}

func (e *queryEntry) matches(vars map[string]any) bool {
	if len(vars) != len(e.vars) {
		return false
	}
	for k, v := range vars {
		if t, ok := e.vars[k]; !ok || t != reflect.TypeOf(v) {
			return false
		}
	}
	return true
}

func varTypes(vars map[string]any) map[string]reflect.Type {
	m := make(map[string]reflect.Type, len(vars))
	for k, v := range vars {
		m[k] = reflect.TypeOf(v)
	}
	return m
}

// varsSignature hashes the variables' names and types. It reports false when
// the query text may depend on the values (a nil or GraphQLType value).
func varsSignature(vars map[string]any) (uint64, bool) {
	var sum uint64
	for k, v := range vars {
		t := reflect.TypeOf(v)
		if t == nil {
			return 0, false
		}
		id, ok := typeID(t)
		if !ok {
			return 0, false
		}
		h := maphash.String(querySeed, k) ^ id
		sum += h * 0x9E3779B97F4A7C15
	}
	return sum, true
}

// typeIDs numbers the variable types seen, for varsSignature.
// A type whose values name their own GraphQL type (graphql.GraphQLType)
// gets id 0: its query text may depend on the value.
var (
	typeIDs    sync.Map // reflect.Type -> uint64
	nextTypeID atomic.Uint64
)

func typeID(t reflect.Type) (uint64, bool) {
	if id, ok := typeIDs.Load(t); ok {
		return id.(uint64), id.(uint64) != 0
	}
	var id uint64
	if !t.Implements(graphqlTypeIface) {
		id = nextTypeID.Add(1) * 0xBF58476D1CE4E5B9
	}
	v, _ := typeIDs.LoadOrStore(t, id)
	return v.(uint64), v.(uint64) != 0
}

// cacheableType reports whether the query text for t depends on the type
// alone: hasura builds [][2]any "ordered map" fields from the values.
func cacheableType(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Ptr:
		return cacheableType(t.Elem(), seen)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Array {
			return false
		}
		return cacheableType(t.Elem(), seen)
	case reflect.Interface, reflect.Map:
		return false
	case reflect.Struct:
		for i := range t.NumField() {
			if !cacheableType(t.Field(i).Type, seen) {
				return false
			}
		}
	}
	return true
}

// rootField names the first root field of a query type, for error messages.
func rootField(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct || t.NumField() == 0 {
		return "Query"
	}
	f := t.Field(0)
	if tag, ok := f.Tag.Lookup("graphql"); ok {
		name := tag
		if colon := strings.IndexByte(name, ':'); colon >= 0 {
			if paren := strings.IndexAny(name, "(@{"); paren < 0 || colon < paren {
				name = name[colon+1:] // "alias: field(...)"
			}
		}
		name = strings.TrimSpace(name)
		if i := strings.IndexAny(name, "(@{ "); i >= 0 {
			name = name[:i]
		}
		if name != "" {
			return name
		}
	}
	return ident.ParseMixedCaps(f.Name).ToLowerCamelCase()
}
