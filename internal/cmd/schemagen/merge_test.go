package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

const mergeSDL = `type Query {
  thing(id: ID!, kind: Kind = basic, context: Kind!): Thing
  oldThing: Thing
}
type Mutation {
  subscribe(input: subscriptionInput!): Thing!
  code(input: CodeInput!): String
}
type Thing {
  id: ID!
  "the SDL's description"
  name: String!
  gone: Int
}
enum Kind { basic old }
input subscriptionInput { id: String! }
input CodeInput { client_id: String! scope: String }
input PostInput { publish: Boolean = false title: String }
union Entity = Thing
`

const mergeTS = `export type Scalars = {
  ID: string
  String: string
  Int: number
}

export type Query = {
  thing?: Maybe<Thing>
  things: Array<Thing>
}

export type QueryThingArgs = {
  context?: InputMaybe<Kind>
  id: Scalars['ID']
  kind?: Kind
  size?: Scalars['Int']
}

export type QueryThingsArgs = {
  filter?: InputMaybe<LiveFilter>
}

export type Mutation = {
  code: Scalars['String']
  subscribe: Thing
}

export type MutationCodeArgs = {
  input: CodeInput
}

export type MutationSubscribeArgs = {
  input: SubscriptionInput
}

export type Thing = {
  id: Scalars['ID']
  /** The live description */
  name?: Maybe<Scalars['String']>
  /** @deprecated Use name */
  title: Scalars['String']
}

export type Other = {
  id: Scalars['ID']
}

export type Node = {
  id: Scalars['ID']
}

export type CodeInput = {
  clientId: Scalars['String']
}

export type PostInput = {
  publish?: Scalars['Boolean']
  title?: InputMaybe<Scalars['String']>
}

export type LiveFilter = {
  key: Scalars['String']
}

export enum Kind {
  basic = 'basic',
  live = 'live',
}

export type Entity = Other | Thing

export type SubscriptionInput = {
  id: Scalars['String']
}

const result: PossibleTypesResultData = {
  possibleTypes: {
    Entity: ['Other', 'Thing'],
    Node: ['Other', 'Thing'],
  },
}
export default result
`

// TestMerge merges two small sources with every case of merge.go and
// checks the SDL line by line.
func TestMerge(t *testing.T) {
	m, err := mergeSources(mergeSDL, mergeTS, []string{"liveFilter", "subscriptionInput", "ID"})
	require.NoError(t, err)
	sdl := m.printSDL()
	for _, want := range []string{
		// Definitions say where they come from.
		"# types\ninput liveFilter {", // the documents' name, not LiveFilter
		"# both\ninput subscriptionInput {",
		// The declarations' type, nullability and description win.
		"  \"\"\"The live description\"\"\"\n  name: String # both; the SDL says String!",
		"  title: String! @deprecated(reason: \"Use name\") # types",
		"  gone: Int # sdl",
		// Arguments: the declarations' optionality, the SDL's default.
		"    context: Kind # both; the SDL says Kind!",
		"    id: ID! # both",
		"    kind: Kind! = basic # both; non-null with a default in the live API: the default is the SDL's; the SDL says Kind",
		"    size: Int # types; " + decideNullable,
		"    filter: liveFilter # types",
		"  oldThing: Thing # sdl",
		"    input: subscriptionInput! # both",
		// Input fields: the SDL's default for field?: T.
		"  publish: Boolean! = false # both; non-null with a default in the live API: the default is the SDL's; the SDL says Boolean",
		"  title: String # both\n",
		// Two shapes of one input: both optional.
		"  clientId: String # types; required in the live type, whose shape the SDL's does not share: optional here, so both validate",
		"  client_id: String # sdl; required in the SDL, which the live type lacks: optional here",
		"  scope: String # sdl\n",
		// Enums and unions: the values and members of both.
		"  live # types",
		"  old # sdl",
		"  basic # both",
		"# both; Other: types\nunion Entity = Other | Thing",
		// Interfaces: a struct type in possibleTypes.
		"# types\ninterface Node {\n  id: ID! # types\n}",
		"# types\ntype Other implements Node {",
		"# both\ntype Thing implements Node {",
	} {
		assert.Contains(t, sdl, want)
	}
	assert.Equal(t, map[origin]int{fromBoth: 3, fromTypes: 1, fromSDL: 1}, m.stats.rootFields)
	assert.Equal(t, []string{"Query.thing(size:)"}, m.stats.decided)
	assert.Equal(t, 2, m.stats.defaultsFromSDL)
	assert.Equal(t, []string{"CodeInput.client_id", "CodeInput.clientId"}, m.stats.relaxed)
	_, gerr := gqlparser.LoadSchema(&ast.Source{Input: prelude + sdl})
	require.Nil(t, gerr, sdl)
}

// TestMergeErrors: sources that disagree on a kind, or that the merge does
// not know, fail the generation.
func TestMergeErrors(t *testing.T) {
	ts := "export type Scalars = {\n  ID: string\n}\n"
	for name, c := range map[string]struct{ sdl, ts string }{
		"kind":         {"type Query { a: Int }\nenum A { X }", ts + "export type A = {\n  a: Scalars['ID']\n}\n"},
		"twice in sdl": {"type A { a: Int }\ntype A { b: Int }", ts},
		"directive":    {"directive @x on FIELD\ntype A { a: Int }", ts},
		"sdl":          {"type A {", ts},
		"ts":           {"type A { a: Int }", "export type A = {\n"},
		"stray args":   {"type Query { a: Int }", ts + "export type Query = {\n  a: Scalars['ID']\n}\nexport type QueryBArgs = {\n  b: Scalars['ID']\n}\n"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := mergeSources(c.sdl, c.ts, nil)
			require.Error(t, err)
		})
	}
}

// TestMergePinned merges the pinned sources: the root fields of the live
// API, the type names of the official documents, and the decisions.
func TestMergePinned(t *testing.T) {
	sdl, m, err := readSources(filepath.Join(moduleRoot, filepath.FromSlash(inputPath)))
	require.NoError(t, err)
	assert.Equal(t, map[origin]int{fromBoth: 355, fromTypes: 72, fromSDL: 11}, m.stats.rootFields,
		"427 root fields in the declarations, 366 in the SDL, 438 together")
	assert.Equal(t, map[origin]int{fromBoth: 479, fromTypes: 115, fromSDL: 17}, m.stats.types)
	assert.ElementsMatch(t, []string{"Post.contentSummary(format:)", "Post.contentSummary(length:)", "Post.shortContent(format:)"}, m.stats.decided)
	s, gerr := gqlparser.LoadSchema(&ast.Source{Input: prelude + sdl})
	require.Nil(t, gerr)
	assert.Len(t, s.Query.Fields, 208+2) // and __schema, __type
	assert.Len(t, s.Mutation.Fields, 230)
	for _, f := range []string{"oauthTokens", "loginNetworkWithGlobalToken", "globalToken"} {
		assert.NotNil(t, s.Query.Fields.ForName(f), f)
	}
	assert.NotNil(t, s.Mutation.Fields.ForName("oauthCode"))
	assert.NotNil(t, s.Types["Network"].Fields.ForName("availableLocales"))
	assert.NotNil(t, s.Types["Member"].Fields.ForName("flagged"))
	assert.NotNil(t, s.Types["Member"].Fields.ForName("externalUrl"))
	assert.NotNil(t, s.Query.Fields.ForName("member").Arguments.ForName("externalId"))
	assert.NotNil(t, s.Query.Fields.ForName("posts").Arguments.ForName("orderByString"))
	assert.NotNil(t, s.Types["EntityListFilterByInput"])
	assert.Equal(t, "PermissionContext", s.Query.Fields.ForName("limitedToken").Arguments.ForName("context").Type.String())
	assert.NotNil(t, s.Types["subscriptionInput"])
	assert.Nil(t, s.Types["SubscriptionInput"])
	// The SDL says what the merge meant: descriptions, deprecations,
	// types and defaults survive printing and parsing.
	for _, d := range m.defs {
		got := s.Types[d.Name]
		require.NotNil(t, got, d.Name)
		assert.Equal(t, d.Description, got.Description, d.Name)
		assert.Equal(t, d.Kind, got.Kind, d.Name)
		assert.Equal(t, d.Types, got.Types, d.Name)
		for _, v := range d.EnumValues {
			gv := got.EnumValues.ForName(v.Name)
			require.NotNil(t, gv, d.Name+"."+v.Name)
			assert.Equal(t, v.Description, gv.Description, d.Name+"."+v.Name)
			assert.Equal(t, reason(v.Directives), reason(gv.Directives), d.Name+"."+v.Name)
		}
		for _, f := range d.Fields {
			where := d.Name + "." + f.Name
			gf := got.Fields.ForName(f.Name)
			require.NotNil(t, gf, where)
			assert.Equal(t, f.Description, gf.Description, where)
			assert.Equal(t, f.Type.String(), gf.Type.String(), where)
			assert.Equal(t, reason(f.Directives), reason(gf.Directives), where)
			assert.Equal(t, f.DefaultValue.String(), gf.DefaultValue.String(), where)
			for _, a := range f.Arguments {
				ga := gf.Arguments.ForName(a.Name)
				require.NotNil(t, ga, where+"("+a.Name+":)")
				assert.Equal(t, a.Description, ga.Description, where+"("+a.Name+":)")
				assert.Equal(t, a.Type.String(), ga.Type.String(), where+"("+a.Name+":)")
				assert.Equal(t, a.DefaultValue.String(), ga.DefaultValue.String(), where+"("+a.Name+":)")
			}
		}
	}
	// The official SDK never sends the arguments whose live default is
	// unknown (decideNullable): its presets select the fields bare.
	b, err := os.ReadFile(filepath.Join(moduleRoot, filepath.FromSlash(docsPath)))
	require.NoError(t, err)
	for _, f := range []string{"shortContent", "contentSummary"} {
		assert.NotContains(t, string(b), f+"(")
	}
	assert.Contains(t, string(b), "shortContent\\n")
	// sourceNotes reads every note back from the SDL.
	notes := sourceNotes(sdl)
	count := 0
	for _, d := range m.defs {
		assert.Equal(t, m.notes[d], notes[d.Name], d.Name)
		count++
		for _, v := range d.EnumValues {
			assert.Equal(t, m.notes[v], notes[d.Name+"."+v.Name], d.Name+"."+v.Name)
			count++
		}
		for _, f := range d.Fields {
			assert.Equal(t, m.notes[f], notes[d.Name+"."+f.Name], d.Name+"."+f.Name)
			count++
			for _, a := range f.Arguments {
				assert.Equal(t, m.notes[a], notes[d.Name+"."+f.Name+"("+a.Name+":)"], d.Name+"."+f.Name+"("+a.Name+":)")
				count++
			}
		}
	}
	assert.Len(t, notes, count)
	docs := officialTypeNames(t)
	for _, n := range docs {
		assert.NotNil(t, s.Types[n], n)
	}
	t.Logf("root fields %v; types %v; fields added %d, kept %d, changed %d; args added %d, changed %d; input fields changed %d; defaults from the SDL %d; made nullable %v; made optional %v",
		m.stats.rootFields, m.stats.types, m.stats.fieldsAdded, m.stats.fieldsKept, m.stats.fieldsChanged,
		m.stats.argsAdded, m.stats.argsChanged, m.stats.inputsChanged, m.stats.defaultsFromSDL, m.stats.decided, m.stats.relaxed)
	var sdlOnly []string
	for _, d := range m.defs {
		if d.Name == "Query" || d.Name == "Mutation" {
			for _, f := range d.Fields {
				if strings.HasPrefix(m.notes[f], string(fromSDL)) {
					sdlOnly = append(sdlOnly, d.Name+"."+f.Name)
				}
			}
		}
	}
	t.Logf("root fields only the SDL has: %v", sdlOnly)
}

// officialTypeNames are the type names the pinned official documents use.
func officialTypeNames(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot, filepath.FromSlash(docsPath)))
	require.NoError(t, err)
	var docs []officialDoc
	require.NoError(t, json.Unmarshal(b, &docs))
	require.Len(t, docs, 854)
	names, err := docTypeNames(docs)
	require.NoError(t, err)
	return names
}

// reason is a deprecation's reason, "-" when not deprecated.
func reason(ds ast.DirectiveList) string {
	d := ds.ForName("deprecated")
	if d == nil {
		return "-"
	}
	if a := d.Arguments.ForName("reason"); a != nil {
		return a.Value.Raw
	}
	return ""
}
