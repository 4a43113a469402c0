package bettermodetest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/introspection"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// graphiQLIntrospection is the introspection query GraphiQL (graphql-js's
// getIntrospectionQuery with descriptions) sends.
const graphiQLIntrospection = `
    query IntrospectionQuery {
      __schema {
        queryType { name }
        mutationType { name }
        subscriptionType { name }
        types {
          ...FullType
        }
        directives {
          name
          description
          locations
          args {
            ...InputValue
          }
        }
      }
    }

    fragment FullType on __Type {
      kind
      name
      description
      fields(includeDeprecated: true) {
        name
        description
        args {
          ...InputValue
        }
        type {
          ...TypeRef
        }
        isDeprecated
        deprecationReason
      }
      inputFields {
        ...InputValue
      }
      interfaces {
        ...TypeRef
      }
      enumValues(includeDeprecated: true) {
        name
        description
        isDeprecated
        deprecationReason
      }
      possibleTypes {
        ...TypeRef
      }
    }

    fragment InputValue on __InputValue {
      name
      description
      type { ...TypeRef }
      defaultValue
    }

    fragment TypeRef on __Type {
      kind
      name
      ofType {
        kind
        name
        ofType {
          kind
          name
          ofType {
            kind
            name
            ofType {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                  ofType {
                    kind
                    name
                  }
                }
              }
            }
          }
        }
      }
    }
`

type typeRef struct {
	Kind   string
	Name   *string
	OfType *typeRef
}

func (r *typeRef) String() string {
	switch {
	case r == nil:
		return "?"
	case r.Kind == "NON_NULL":
		return r.OfType.String() + "!"
	case r.Kind == "LIST":
		return "[" + r.OfType.String() + "]"
	}
	return *r.Name
}

type inputValue struct {
	Name         string
	Description  *string
	Type         *typeRef
	DefaultValue *string
}

type introspectionResult struct {
	Schema struct {
		QueryType        struct{ Name string }
		MutationType     *struct{ Name string }
		SubscriptionType *struct{ Name string }
		Types            []struct {
			Kind        string
			Name        string
			Description *string
			Fields      []struct {
				Name              string
				Args              []inputValue
				Type              *typeRef
				IsDeprecated      bool
				DeprecationReason *string
			}
			InputFields   []inputValue
			EnumValues    []struct{ Name string }
			PossibleTypes []typeRef
		}
		Directives []struct {
			Name      string
			Locations []string
		}
	} `json:"__schema"`
}

// TestIntrospection: GraphiQL's introspection query, and gqlgen's complete
// one, succeed without a token and describe the schema the kit serves.
func TestIntrospection(t *testing.T) {
	s := bettermodetest.Start(t)
	anon := sdkClient(t, s, nil)
	for name, query := range map[string]string{
		"GraphiQL": graphiQLIntrospection,
		"complete": introspection.NewQuery(introspection.QueryOptions{OneOf: true}),
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := anon.Exec(context.Background(), query, nil)
			require.NoError(t, err)
			var r introspectionResult
			require.NoError(t, json.Unmarshal(resp.Data, &r))
			sch := r.Schema
			assert.Equal(t, "Query", sch.QueryType.Name)
			require.NotNil(t, sch.MutationType)
			assert.Equal(t, "Mutation", sch.MutationType.Name)
			assert.Nil(t, sch.SubscriptionType, "Subscription is a billing type, not a root")
			// The served schema also has the types of the WebSocket
			// subscription root (SubscriptionSDL), but not the root itself.
			withSubs := gqlparser.MustLoadSchema(&ast.Source{Input: bettermodetest.SchemaSDL}, &ast.Source{Name: "subs", Input: bettermodetest.SubscriptionSDL})
			assert.Len(t, sch.Types, len(withSubs.Types))

			byName := map[string]int{}
			for i, typ := range sch.Types {
				byName[typ.Name] = i
				def := withSubs.Types[typ.Name]
				require.NotNil(t, def, typ.Name)
				assert.Equal(t, string(def.Kind), typ.Kind, typ.Name)
			}
			query := sch.Types[byName["Query"]]
			assert.Len(t, query.Fields, len(testSchema.Query.Fields)-2, "every field but __schema and __type, deprecated ones too")
			for _, f := range query.Fields {
				def := testSchema.Query.Fields.ForName(f.Name)
				require.NotNil(t, def, f.Name)
				assert.Equal(t, def.Type.String(), f.Type.String(), f.Name)
				assert.Equal(t, def.Directives.ForName("deprecated") != nil, f.IsDeprecated, f.Name)
				for _, a := range f.Args {
					assert.Equal(t, def.Arguments.ForName(a.Name).Type.String(), a.Type.String(), f.Name+"."+a.Name)
				}
				if f.Name == "loginNetwork" {
					assert.Equal(t, "This query will be replaced by loginNetwork mutation", *f.DeprecationReason)
				}
			}
			input := sch.Types[byName["CreatePostInput"]]
			assert.Equal(t, "Input for creating a post", *input.Description)
			for _, f := range input.InputFields {
				if f.Name == "publish" {
					assert.Equal(t, "false", *f.DefaultValue)
				}
			}
			assert.Len(t, input.InputFields, len(testSchema.Types["CreatePostInput"].Fields))
			media := sch.Types[byName["Media"]]
			assert.Equal(t, "UNION", media.Kind)
			assert.Len(t, media.PossibleTypes, 4) // Emoji, File, Glyph, Image
			assert.Len(t, sch.Types[byName["PermissionContext"]].EnumValues, 4)
			var directives []string
			for _, d := range sch.Directives {
				directives = append(directives, d.Name)
			}
			assert.Subset(t, directives, []string{"deprecated", "include", "skip", "specifiedBy"})
		})
	}
}

func TestIntrospectionFields(t *testing.T) {
	s := bettermodetest.Start(t)
	for _, tc := range []struct {
		name, query, want string
	}{
		{"__typename without a token", `{ __typename }`, `{"__typename":"Query"}`},
		{"mutation __typename", `mutation { __typename }`, `{"__typename":"Mutation"}`},
		{"__type", `{ __type(name: "Action") { kind name fields { name type { kind ofType { name } } } } }`,
			`{"__type":{"kind":"OBJECT","name":"Action","fields":[{"name":"status","type":{"kind":"NON_NULL","ofType":{"name":"ActionStatus"}}}]}}`},
		{"unknown __type", `{ __type(name: "Nope") { name } }`, `{"__type":null}`},
		{"enum values", `{ __type(name: "ActionStatus") { enumValues { name } fields { name } } }`,
			`{"__type":{"enumValues":[{"name":"failed"},{"name":"succeeded"}],"fields":null}}`},
		{"scalar", `{ __type(name: "DateTime") { kind description specifiedByURL } }`,
			`{"__type":{"kind":"SCALAR","description":"A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.","specifiedByURL":null}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, s, "", tc.query, nil)
			require.Nil(t, a.Body["errors"], a.Raw)
			data, err := json.Marshal(a.Body["data"])
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(data))
		})
	}
	// Introspection next to a data field keeps the data field's rule.
	a := post(t, s, "", `{ __typename network { id } }`, nil)
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))
	assert.True(t, strings.Contains(a.Raw, `"data":null`), a.Raw)
}

// TestIntrospectionThroughTheSDK: the SDK's typed Query reads __type.
func TestIntrospectionThroughTheSDK(t *testing.T) {
	s := bettermodetest.Start(t)
	c := sdkClient(t, s, nil)
	var q struct {
		Type struct {
			Name   string
			Fields []struct{ Name string }
		} `graphql:"__type(name: $name)"`
	}
	require.NoError(t, c.Query(context.Background(), &q, map[string]any{"name": "Member"}))
	assert.Equal(t, "Member", q.Type.Name)
	var want []string
	for _, f := range testSchema.Types["Member"].Fields {
		if f.Directives.ForName("deprecated") == nil && !strings.HasPrefix(f.Name, "__") {
			want = append(want, f.Name)
		}
	}
	var got []string
	for _, f := range q.Type.Fields {
		got = append(got, f.Name)
	}
	assert.Equal(t, want, got, "the fields that are not deprecated, in the schema's order")
}
