package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tsSample has every shape parseTS knows, as graphql-codegen writes them.
const tsSample = `export type Maybe<T> = T | null
export type InputMaybe<T> = Maybe<T>
export type Exact<T extends { [key: string]: unknown }> = {
  [K in keyof T]: T[K]
}
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: string
  String: string
  DateTime: string
}

/** A thing */
export type Thing = {
  /** @deprecated Use name */
  title?: Maybe<Scalars['String']>
  /**
   * Calculated capacity
   * @deprecated Has been moved
   */
  capacity?: Maybe<Array<Maybe<Scalars['ID']>>>
  ids: Array<Scalars['ID']>
  kind: ThingKind
}

export type ThingInput = {
  format?: ThingKind
  name?: InputMaybe<Scalars['String']>
  tags: Array<Scalars['String']>
}

export enum ThingKind {
  /** @deprecated Gone */
  Old = 'Old',
  basic = 'basic',
}

export type Both = Thing

export type Many =
  | Thing
  | Other

export interface PossibleTypesResultData {
  possibleTypes: {
    [key: string]: string[]
  }
}
const result: PossibleTypesResultData = {
  possibleTypes: {
    Both: ['Thing'],
    Many: [
      'Other',
      'Thing',
    ],
  },
}
export default result
`

func TestParseTS(t *testing.T) {
	d, err := parseTS(tsSample)
	require.NoError(t, err)
	assert.Equal(t, []string{"ID", "String", "DateTime"}, d.scalars)
	require.Len(t, d.types, 5)

	thing := d.types["Thing"]
	assert.Equal(t, tsStruct, thing.kind)
	assert.Equal(t, "A thing", thing.desc)
	require.Len(t, thing.fields, 4)
	title, capacity, ids, kind := thing.fields[0], thing.fields[1], thing.fields[2], thing.fields[3]
	assert.Equal(t, "String", title.typ.String())
	assert.True(t, title.optional && title.maybe && !title.input)
	require.NotNil(t, title.deprecated)
	assert.Equal(t, "Use name", *title.deprecated)
	assert.Empty(t, title.desc)
	assert.Equal(t, "[ID]", capacity.typ.String())
	assert.Equal(t, "Calculated capacity", capacity.desc)
	assert.Equal(t, "Has been moved", *capacity.deprecated)
	assert.Equal(t, "[ID!]!", ids.typ.String())
	assert.Equal(t, "ThingKind!", kind.typ.String())
	assert.Nil(t, kind.deprecated)

	in := d.types["ThingInput"].fields
	assert.Equal(t, "ThingKind!", in[0].typ.String(), "field?: T is non-null")
	assert.True(t, in[0].optional && !in[0].maybe)
	assert.Equal(t, "String", in[1].typ.String())
	assert.True(t, in[1].input)
	assert.Equal(t, "[String!]!", in[2].typ.String())

	e := d.types["ThingKind"]
	assert.Equal(t, tsEnum, e.kind)
	require.Len(t, e.fields, 2)
	assert.Equal(t, "Old", e.fields[0].name)
	assert.Equal(t, "Gone", *e.fields[0].deprecated)
	assert.Equal(t, "basic", e.fields[1].name)

	assert.Equal(t, []string{"Thing"}, d.types["Both"].members)
	assert.Equal(t, tsUnion, d.types["Many"].kind)
	assert.Equal(t, []string{"Other", "Thing"}, d.types["Many"].members)
}

// TestParseTSErrors: a shape parseTS does not know fails the generation
// instead of being misread.
func TestParseTSErrors(t *testing.T) {
	scalars := "export type Scalars = {\n  ID: string\n}\n"
	for name, src := range map[string]string{
		"unknown declaration": scalars + "export const x = 1\n",
		"unknown type":        scalars + "export type A = {\n  a: Record<string, number>\n}\n",
		"not a field":         scalars + "export type A = {\n  [k: string]: number\n}\n",
		"not a value":         scalars + "export enum E {\n  A = 1,\n}\n",
		"unclosed":            scalars + "export type A = {\n  a: Scalars['ID']\n",
		"twice":               scalars + "export type A = {\n}\nexport enum A {\n}\n",
		"union not possible":  scalars + "export type U = A | B\n",
		"no scalars":          "export type A = {\n}\n",
		"possible undeclared": scalars + "const result: PossibleTypesResultData = {\n  possibleTypes: {\n    U: ['A'],\n  },\n}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := parseTS(src)
			require.Error(t, err)
		})
	}
}

// FuzzParseTS: any text either parses or fails, without a panic, and a
// parsed struct field always has a type.
func FuzzParseTS(f *testing.F) {
	f.Add(tsSample)
	f.Add("export type Scalars = {\n  ID: string\n}\nexport type A = {\n  a?: InputMaybe<Array<InputMaybe<B>>>\n}\n")
	f.Add("/**\n * x\n")
	if b, err := os.ReadFile(filepath.Join(moduleRoot, filepath.FromSlash(tsInputPath))); err == nil && len(b) > 20000 {
		f.Add(string(b[:20000]))
	}
	f.Fuzz(func(t *testing.T, src string) {
		d, err := parseTS(src)
		if err != nil {
			return
		}
		for _, ty := range d.types {
			for _, fl := range ty.fields {
				if ty.kind == tsStruct && fl.typ == nil {
					t.Fatalf("%s.%s has no type", ty.name, fl.name)
				}
			}
		}
	})
}
