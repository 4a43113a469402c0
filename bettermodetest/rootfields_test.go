package bettermodetest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/rootfields"
)

// sdkClient returns an SDK client for s with src (none when nil).
func sdkClient(t testing.TB, s *bettermodetest.Server, src bettermode.CredentialSource) *bettermode.Client {
	t.Helper()
	opts := []bettermode.Option{bettermode.WithEndpoint(s.URL)}
	if src != nil {
		opts = append(opts, bettermode.WithCredentials(src))
	}
	c, err := bettermode.NewClient(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// execData runs doc with vars through c and decodes the answer's data.
func execData(t testing.TB, c *bettermode.Client, doc string, vars map[string]any) map[string]any {
	t.Helper()
	resp, err := c.Exec(context.Background(), doc, vars)
	require.NoError(t, err)
	var data map[string]any
	require.NoError(t, json.Unmarshal(resp.Data, &data))
	return data
}

// TestEveryRootField runs, for every root field of the schema, the document
// the generator made for it through the SDK (Client.Exec), with an app
// token or a member token (alternately), and checks that the answer has the
// document's shape: every selected field, nothing else, non-null where the
// schema says so, values of the right types. The fields of the login flows
// get the credentials and arguments their rules need.
func TestEveryRootField(t *testing.T) {
	s := bettermodetest.Start(t)
	ctx := context.Background()
	net, member, app := s.Network(), s.Member(), s.App()
	memberClient := sdkClient(t, s, bettermode.StaticToken(s.MintToken(bettermodetest.KindMember, "")))
	appClient := sdkClient(t, s, bettermode.StaticToken(s.MintToken(bettermodetest.KindApp, "")))
	anon := sdkClient(t, s, nil)
	guest := sdkClient(t, s, bettermode.StaticToken(s.MintToken(bettermodetest.KindGuest, "")))
	basic := sdkClient(t, s, bettermode.StaticToken(base64.StdEncoding.EncodeToString([]byte(app.ClientID+":"+app.ClientSecret)), bettermode.WithScheme("Basic")))

	oauthCode := func() string {
		d := execData(t, memberClient, `mutation($input: OAuthCodeInput!) { oauthCode(input: $input) { code } }`,
			map[string]any{"input": map[string]any{"client_id": app.ClientID, "redirect_uri": "https://app.example.com/cb", "response_type": "code"}})
		return d["oauthCode"].(map[string]any)["code"].(string)
	}
	emailCode := func() string {
		execData(t, anon, `mutation($input: RequestGlobalTokenInput!) { requestGlobalTokenCode(input: $input) { status } }`,
			map[string]any{"input": map[string]any{"email": member.Email}})
		code, ok := s.EmailedCode(member.Email)
		require.True(t, ok)
		return code
	}
	globalToken := func() string {
		d := execData(t, anon, `query($input: GlobalTokenInput!) { globalToken(input: $input) { accessToken } }`,
			map[string]any{"input": map[string]any{"email": member.Email, "verificationCode": emailCode()}})
		return d["globalToken"].(map[string]any)["accessToken"].(string)
	}
	// special gives the client and variables of the fields with rules.
	special := map[string]func() (*bettermode.Client, map[string]any){
		"query.tokens": func() (*bettermode.Client, map[string]any) {
			return anon, map[string]any{"networkId": net.ID}
		},
		"query.loginNetwork": func() (*bettermode.Client, map[string]any) {
			return guest, map[string]any{"input": map[string]any{"usernameOrEmail": member.Username, "password": member.Password}}
		},
		"mutation.loginNetwork": func() (*bettermode.Client, map[string]any) {
			return guest, map[string]any{"input": map[string]any{"usernameOrEmail": member.Email, "password": member.Password}}
		},
		"query.limitedToken": func() (*bettermode.Client, map[string]any) {
			return basic, map[string]any{"context": "NETWORK", "entityId": net.ID, "networkId": net.ID}
		},
		"mutation.oauthCode": func() (*bettermode.Client, map[string]any) {
			return memberClient, map[string]any{"input": map[string]any{"client_id": app.ClientID, "redirect_uri": "https://app.example.com/cb", "response_type": "code"}}
		},
		"query.oauthTokens": func() (*bettermode.Client, map[string]any) {
			return anon, map[string]any{"input": map[string]any{"client_id": app.ClientID, "client_secret": app.ClientSecret, "code": oauthCode(), "grant_type": "AuthorizationCode"}}
		},
		"mutation.requestGlobalTokenCode": func() (*bettermode.Client, map[string]any) {
			return anon, map[string]any{"input": map[string]any{"email": member.Email}}
		},
		"query.globalToken": func() (*bettermode.Client, map[string]any) {
			return anon, map[string]any{"input": map[string]any{"email": member.Email, "verificationCode": emailCode()}}
		},
		"query.loginNetworkWithGlobalToken": func() (*bettermode.Client, map[string]any) {
			return sdkClient(t, s, bettermode.StaticToken(globalToken())), map[string]any{"input": map[string]any{"networkId": net.ID}}
		},
		"query.member": func() (*bettermode.Client, map[string]any) {
			return appClient, map[string]any{"id": member.ID}
		},
		"query.getMember": func() (*bettermode.Client, map[string]any) {
			return memberClient, map[string]any{"memberId": member.ID}
		},
	}

	require.Len(t, rootfields.Fields, len(testSchema.Query.Fields)+len(testSchema.Mutation.Fields)-2, "every root field but __schema and __type")
	start := time.Now()
	for i, f := range rootfields.Fields {
		t.Run(f.Operation+"."+f.Name, func(t *testing.T) {
			var vars map[string]any
			require.NoError(t, json.Unmarshal([]byte(f.Variables), &vars))
			c := appClient
			if i%2 == 1 {
				c = memberClient
			}
			if sp, ok := special[f.Operation+"."+f.Name]; ok {
				c, vars = sp()
			}
			doc, errs := gqlparser.LoadQuery(testSchema, f.Document)
			require.Empty(t, errs, "the document is valid against the kit's schema")
			resp, err := c.Exec(ctx, f.Document, vars)
			require.NoError(t, err)
			_, ok := resp.Complexity()
			assert.True(t, ok, "extensions.complexity")
			var data map[string]any
			require.NoError(t, json.Unmarshal(resp.Data, &data))
			checkSelection(t, doc, doc.Operations[0].SelectionSet, rootDef(f.Operation), data, f.Name)
		})
	}
	t.Logf("%d root fields in %v", len(rootfields.Fields), time.Since(start))
	for _, reason := range []string{bettermodetest.RejectValidation, bettermodetest.RejectInvalidToken, bettermodetest.RejectUnauthenticated, bettermodetest.RejectNotFound} {
		assert.Zero(t, s.Rejected(reason), reason)
	}
	assert.Equal(t, 1, s.Operations("posts"))
	assert.Equal(t, 1, s.Operations("createPost"))
}

func rootDef(op string) *ast.Definition {
	if op == "mutation" {
		return testSchema.Mutation
	}
	return testSchema.Query
}

// checkSelection checks that val, the answer to set on an object of type
// def, has exactly the fields set selects there, each of its declared type.
func checkSelection(t testing.TB, doc *ast.QueryDocument, set ast.SelectionSet, def *ast.Definition, val any, path string) {
	t.Helper()
	obj, ok := val.(map[string]any)
	require.Truef(t, ok, "%s is %T, not an object", path, val)
	fields := map[string]*ast.Field{}
	var keys []string
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				if _, seen := fields[sel.Alias]; !seen {
					keys = append(keys, sel.Alias)
				}
				fields[sel.Alias] = sel
			case *ast.InlineFragment:
				if sel.TypeCondition == "" || sel.TypeCondition == def.Name ||
					slices.Contains(testSchema.GetPossibleTypes(testSchema.Types[sel.TypeCondition]), def) {
					walk(sel.SelectionSet)
				}
			case *ast.FragmentSpread:
				walk(doc.Fragments.ForName(sel.Name).SelectionSet)
			}
		}
	}
	walk(set)
	var got []string
	for k := range obj {
		got = append(got, k)
	}
	assert.ElementsMatchf(t, keys, got, "%s: the fields answered are the fields selected", path)
	for _, k := range keys {
		f := fields[k]
		v, present := obj[k]
		if !present {
			continue
		}
		if f.Name == "__typename" {
			assert.Equalf(t, def.Name, v, "%s.__typename", path)
			continue
		}
		fd := def.Fields.ForName(f.Name)
		require.NotNilf(t, fd, "%s.%s", path, f.Name)
		checkTyped(t, doc, f, fd.Type, v, path+"."+k)
	}
}

func checkTyped(t testing.TB, doc *ast.QueryDocument, f *ast.Field, typ *ast.Type, v any, path string) {
	t.Helper()
	if v == nil {
		assert.Falsef(t, typ.NonNull, "%s is null but declared %s", path, typ)
		return
	}
	if typ.Elem != nil {
		list, ok := v.([]any)
		require.Truef(t, ok, "%s is %T, not a list", path, v)
		for i, e := range list {
			checkTyped(t, doc, f, typ.Elem, e, fmt.Sprintf("%s[%d]", path, i))
		}
		return
	}
	def := testSchema.Types[typ.NamedType]
	switch def.Kind {
	case ast.Object:
		checkSelection(t, doc, f.SelectionSet, def, v, path)
	case ast.Union, ast.Interface:
		obj, ok := v.(map[string]any)
		require.Truef(t, ok, "%s is %T, not an object", path, v)
		concrete := testSchema.Types[fmt.Sprint(obj["__typename"])]
		require.Truef(t, concrete != nil && slices.Contains(testSchema.GetPossibleTypes(def), concrete), "%s: __typename %v is not a %s", path, obj["__typename"], def.Name)
		checkSelection(t, doc, f.SelectionSet, concrete, v, path)
	case ast.Enum:
		s, ok := v.(string)
		assert.Truef(t, ok && def.EnumValues.ForName(s) != nil, "%s: %v is not a %s", path, v, def.Name)
	default:
		switch def.Name {
		case "String", "ID", "Upload":
			_, ok := v.(string)
			assert.Truef(t, ok, "%s: %v is not a %s", path, v, def.Name)
		case "DateTime":
			s, _ := v.(string)
			_, err := time.Parse(time.RFC3339, s)
			assert.NoErrorf(t, err, "%s: %v is not a DateTime", path, v)
		case "Int":
			n, ok := v.(float64)
			assert.Truef(t, ok && n == float64(int32(n)), "%s: %v is not an Int", path, v)
		case "Float":
			_, ok := v.(float64)
			assert.Truef(t, ok, "%s: %v is not a Float", path, v)
		case "Boolean":
			_, ok := v.(bool)
			assert.Truef(t, ok, "%s: %v is not a Boolean", path, v)
		default:
			t.Errorf("%s: unknown scalar %s", path, def.Name)
		}
	}
}

// TestRootFieldDocumentsUseEveryArgument: each generated document declares
// every argument of its field as a variable of the argument's type.
func TestRootFieldDocumentsUseEveryArgument(t *testing.T) {
	for _, f := range rootfields.Fields {
		fd := rootDef(f.Operation).Fields.ForName(f.Name)
		require.NotNil(t, fd, f.Name)
		assert.Equal(t, fd.Type.String(), f.Type, f.Name)
		for _, a := range fd.Arguments {
			assert.Contains(t, f.Document, "$"+a.Name+": "+a.Type.String(), f.Name)
		}
		assert.True(t, strings.HasPrefix(f.Document, f.Operation+" "+f.Name), f.Name)
	}
}
