package bettermodetest_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

var testSchema = gqlparser.MustLoadSchema(&ast.Source{Input: bettermodetest.SchemaSDL})

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// selectAll returns a selection set of every field of typ without
// arguments, and of the objects it holds to depth 2 (abstract types as
// __typename).
func selectAll(t testing.TB, typ string, depth int) string {
	t.Helper()
	def := testSchema.Types[typ]
	require.NotNil(t, def, typ)
	var b strings.Builder
	b.WriteString("{ __typename")
	for _, f := range def.Fields {
		if strings.HasPrefix(f.Name, "__") || len(f.Arguments) > 0 {
			continue
		}
		ft := testSchema.Types[f.Type.Name()]
		switch ft.Kind {
		case ast.Object:
			if depth < 2 {
				b.WriteString(" " + f.Name + " " + selectAll(t, ft.Name, depth+1))
			}
		case ast.Union, ast.Interface:
			if depth < 2 {
				b.WriteString(" " + f.Name + " { __typename }")
			}
		default:
			b.WriteString(" " + f.Name)
		}
	}
	b.WriteString(" }")
	return b.String()
}

// checkNonNull checks v, an answer to selectAll(typ), against the schema.
func checkNonNull(t testing.TB, typ string, v any, path string) {
	t.Helper()
	obj, ok := v.(map[string]any)
	require.Truef(t, ok, "%s is not an object", path)
	assert.Equal(t, typ, obj["__typename"], path)
	def := testSchema.Types[typ]
	for _, f := range def.Fields {
		val, present := obj[f.Name]
		if !present {
			continue
		}
		p := path + "." + f.Name
		checkValue(t, f.Type, val, p)
	}
}

func checkValue(t testing.TB, typ *ast.Type, val any, path string) {
	t.Helper()
	if val == nil {
		assert.Falsef(t, typ.NonNull, "%s is null but declared %s", path, typ)
		return
	}
	if typ.Elem != nil {
		list, ok := val.([]any)
		require.Truef(t, ok, "%s is not a list", path)
		for i, e := range list {
			checkValue(t, typ.Elem, e, path+"["+strconv.Itoa(i)+"]")
		}
		return
	}
	def := testSchema.Types[typ.NamedType]
	switch def.Kind {
	case ast.Object:
		checkNonNull(t, def.Name, val, path)
	case ast.Union, ast.Interface:
		obj, ok := val.(map[string]any)
		require.Truef(t, ok, "%s is not an object", path)
		pt := testSchema.Types[fmt.Sprint(obj["__typename"])]
		assert.Truef(t, pt != nil && slices.Contains(testSchema.GetPossibleTypes(def), pt), "%s: %v is not a %s", path, obj["__typename"], def.Name)
	case ast.Enum:
		s, ok := val.(string)
		assert.Truef(t, ok && def.EnumValues.ForName(s) != nil, "%s: %v is not a %s", path, val, def.Name)
	case ast.Scalar:
		switch def.Name {
		case "String", "ID", "DateTime":
			_, ok := val.(string)
			assert.Truef(t, ok, "%s: %v is not a %s", path, val, def.Name)
		case "Int":
			f, ok := val.(float64)
			assert.Truef(t, ok && f == float64(int64(f)), "%s: %v is not an Int", path, val)
		case "Boolean":
			_, ok := val.(bool)
			assert.Truef(t, ok, "%s: %v is not a Boolean", path, val)
		}
	}
}

func TestSchemaSDL(t *testing.T) {
	for _, typ := range []string{"Query", "Mutation", "AuthToken", "AppToken", "Role", "Member", "Network", "NetworkPublicInfo",
		"PermissionContext", "RoleType", "MemberStatus", "NetworkStatus", "NetworkVisibility", "NetworkMembership",
		"LoginNetworkWithPasswordInput", "DateTime"} {
		assert.NotNil(t, testSchema.Types[typ], typ)
	}
	q := testSchema.Types["Query"]
	for field, want := range map[string]string{
		"tokens":       "AuthToken!",
		"limitedToken": "AppToken!",
		"loginNetwork": "AuthToken!",
		"authMember":   "Member!",
		"network":      "Network!",
		"member":       "Member!",
	} {
		f := q.Fields.ForName(field)
		require.NotNil(t, f, field)
		assert.Equal(t, want, f.Type.String(), field)
	}
	assert.NotNil(t, q.Fields.ForName("loginNetwork").Directives.ForName("deprecated"))
	lt := q.Fields.ForName("limitedToken")
	for arg, want := range map[string]string{"context": "PermissionContext", "entityId": "String", "impersonateMemberId": "String", "networkId": "String!"} {
		assert.Equal(t, want, lt.Arguments.ForName(arg).Type.String(), arg)
	}
	tk := q.Fields.ForName("tokens")
	for arg, want := range map[string]string{"networkDomain": "String", "networkId": "ID", "otp": "String", "refreshToken": "String", "ssoToken": "String"} {
		assert.Equal(t, want, tk.Arguments.ForName(arg).Type.String(), arg)
	}
}
