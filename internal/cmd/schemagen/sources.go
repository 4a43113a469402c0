package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// The other pinned inputs, next to the SDL (inputPath), from the module root.
const (
	// tsInputPath is the package's TypeScript declarations, generated from
	// the live API.
	tsInputPath = "testdata/schema/tribe-graphql.generated.ts"
	// docsPath holds every document the official SDK builds for its own
	// calls (written by officialdocs.mjs).
	docsPath = "testdata/schema/official-documents.json"
)

// officialDoc is one document of docsPath.
type officialDoc struct {
	Operation string `json:"operation"` // "query" or "mutation"
	Name      string `json:"name"`      // the root field
	Preset    string `json:"preset"`    // "basic" or "all"
	Document  string `json:"document"`
}

// readSources reads the pinned SDL at sdlPath and, next to it, the
// declarations and the official documents, and merges them: the merged
// definitions as SDL, after a comment naming the inputs.
func readSources(sdlPath string) (string, *merger, error) {
	dir := filepath.Dir(sdlPath)
	var data [3][]byte
	for i, p := range []string{sdlPath, filepath.Join(dir, filepath.Base(tsInputPath)), filepath.Join(dir, filepath.Base(docsPath))} {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", nil, err
		}
		data[i] = b
	}
	var docs []officialDoc
	if err := json.Unmarshal(data[2], &docs); err != nil {
		return "", nil, fmt.Errorf("%s: %w", docsPath, err)
	}
	names, err := docTypeNames(docs)
	if err != nil {
		return "", nil, err
	}
	m, err := mergeSources(string(data[0]), string(data[1]), names)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	b.WriteString("# Merged by schemagen (internal/cmd/schemagen, merge.go) from the npm package\n")
	fmt.Fprintf(&b, "# %s %s (MIT licence, see testdata/schema/NOTICE):\n", upstreamPackage, upstreamVersion)
	for i, p := range []string{inputPath, tsInputPath, docsPath} {
		sum := sha256.Sum256(data[i])
		fmt.Fprintf(&b, "#   %s sha256 %s\n", p, hex.EncodeToString(sum[:]))
	}
	b.WriteString(`#
# The first is the published SDL (stale), the second the TypeScript
# declarations graphql-codegen made from the live API, the third the type
# names the official SDK's documents use. Each definition says where it
# comes from, in a comment before it; each field, argument and enum value
# in a comment at the end of its line:
#   both   in the SDL and the declarations (the declarations' type,
#          nullability, description and deprecation win);
#   types  in the declarations only (the live API);
#   sdl    in the SDL only (kept: the live API may still serve it).
# A note follows where the sources differ (the SDL's type, a union's
# members) or where schemagen decided something (merge.go): a default
# value kept from the SDL; an argument made nullable because its live
# default is unknown (decideNullable); a required input field only one
# source has made optional (relax).

`)
	b.WriteString(m.printSDL())
	return b.String(), m, nil
}

// docTypeNames are the type names the official documents use: the types
// of their variables and their type conditions, sorted.
func docTypeNames(docs []officialDoc) ([]string, error) {
	set := map[string]bool{}
	var walk func(ast.SelectionSet)
	walk = func(ss ast.SelectionSet) {
		for _, s := range ss {
			switch s := s.(type) {
			case *ast.Field:
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				if s.TypeCondition != "" {
					set[s.TypeCondition] = true
				}
				walk(s.SelectionSet)
			}
		}
	}
	for _, d := range docs {
		q, err := parser.ParseQuery(&ast.Source{Input: d.Document})
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s (%s): %w", docsPath, d.Operation, d.Name, d.Preset, err)
		}
		for _, op := range q.Operations {
			for _, v := range op.VariableDefinitions {
				set[v.Type.Name()] = true
			}
			walk(op.SelectionSet)
		}
		for _, f := range q.Fragments {
			set[f.TypeCondition] = true
			walk(f.SelectionSet)
		}
	}
	var names []string
	for n := range set {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}
