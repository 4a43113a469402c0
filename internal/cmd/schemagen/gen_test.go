package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// moduleRoot is the module root, from this package's directory.
const moduleRoot = "../../.."

// TestGolden regenerates every file from the pinned schema into a temporary
// directory and compares it byte for byte with the committed file. When it
// fails, run go generate ./schema and commit the result.
func TestGolden(t *testing.T) {
	out := t.TempDir()
	require.NoError(t, run(filepath.Join(moduleRoot, filepath.FromSlash(inputPath)), out))
	want := []string{mergedPath, scalarPath, enumPath, inputGoPath, rootFieldsPath}
	stale, err := filepath.Glob(filepath.Join(moduleRoot, apiDir, apiPrefix+"*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, stale, "package api's generated files")
	for _, p := range stale {
		want = append(want, apiDir+"/"+filepath.Base(p)) // every committed one must be generated
	}
	var got []string
	require.NoError(t, filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(out, path)
			got = append(got, filepath.ToSlash(rel))
		}
		return err
	}))
	assert.ElementsMatch(t, want, got)
	for _, p := range want {
		t.Run(p, func(t *testing.T) {
			fresh, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
			require.NoError(t, err)
			committed, err := os.ReadFile(filepath.Join(moduleRoot, filepath.FromSlash(p)))
			require.NoError(t, err)
			if string(fresh) != string(committed) {
				t.Fatalf("%s is not what schemagen generates from %s: run go generate ./schema", p, inputPath)
			}
		})
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	in := filepath.Join(moduleRoot, filepath.FromSlash(inputPath))
	sdl, _, err := readSources(in)
	require.NoError(t, err)
	again, _, err := readSources(in)
	require.NoError(t, err)
	require.Equal(t, sdl, again)
	a, err := generate([]byte(sdl))
	require.NoError(t, err)
	b, err := generate([]byte(sdl))
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"id":                 "ID",
		"tagIds":             "TagIDs",
		"redirect_uri":       "RedirectURI",
		"client_id":          "ClientID",
		"CREATED_AT":         "CreatedAt",
		"ID":                 "ID",
		"inviteOnly":         "InviteOnly",
		"incomplete_expired": "IncompleteExpired",
		"html1":              "HTML1",
		"text10":             "Text10",
		"postsVSreplies":     "PostsVSreplies",
		"ssoToken":           "SSOToken",
		"callbackUrl":        "CallbackURL",
		"HTMLParser":         "HTMLParser",
		"NETWORK":            "Network",
		"br_cnpj":            "BrCnpj",
		"_private":           "Private",
		"1st":                "X1St",
	} {
		assert.Equal(t, want, goName(in), in)
	}
	assert.Equal(t, "SubscriptionInput", typeName("subscriptionInput"))
}

// TestGenerateRejectsCollisions: two input fields with one Go name, and a
// schema that does not load, fail the generation instead of writing
// something wrong.
func TestGenerateErrors(t *testing.T) {
	for name, sdl := range map[string]string{
		"field collision": "type Query { a: Int }\ninput In { ab: String aB: String AB: String }",
		"type collision":  "type Query { a: Int }\ninput In { a: Int }\nenum in { A }",
		"invalid schema":  "type Query { a: Nope }",
		"no mutation":     "type Query { a: Int }",
	} {
		t.Run(name, func(t *testing.T) {
			if name == "no mutation" {
				// The prelude names Mutation as the mutation root.
				_, err := generate([]byte(sdl))
				require.Error(t, err)
				return
			}
			sdl += "\ntype Mutation { b: Int }"
			_, err := generate([]byte(sdl))
			require.Error(t, err)
			assert.True(t, strings.Contains(err.Error(), "Go name") || strings.Contains(err.Error(), "load") || strings.Contains(err.Error(), "both"), err.Error())
		})
	}
}
