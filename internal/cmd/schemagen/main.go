// Command schemagen generates the SDK's code from Bettermode's GraphQL
// schema as the npm package @tribeplatform/gql-client knows it. The package
// holds two descriptions of the API, both pinned in testdata/schema (MIT
// licence, see testdata/schema/NOTICE):
//
//   - schema.generated.gql, the published SDL, which is stale (366 root
//     fields);
//   - src/types/tribe-graphql.generated.ts, the TypeScript declarations
//     graphql-codegen made from the live API (427 root fields: object,
//     input and XxxArgs types, enums, scalars, unions in possibleTypes).
//
// schemagen parses the declarations (tsdecl.go) and merges both into one
// SDL (merge.go): every definition of either source, the declarations'
// types, nullability, descriptions and deprecations where both have one,
// the SDL's default values, the real names of renamed types (codegen
// declares the input subscriptionInput as SubscriptionInput; the SDL and
// the official documents, testdata/schema/official-documents.json, give
// the real names). Each definition, field, argument and enum value carries
// a comment saying where it comes from (both, types or sdl) and what
// schemagen decided. The head of schema/schema.graphql explains the notes.
//
// It reads only the pinned files, so building, testing and CI need no
// network and no node. From the module root it writes:
//
//   - schema/schema.graphql: the merged schema (438 root fields) behind a
//     short prelude (prelude.graphql: the root operation types), shipped in
//     the module for users' tools such as genqlient, embedded as
//     schema.SDL, which the test kit validates and executes against;
//   - schema/scalar.go, schema/enum.go and schema/input.go: package schema's
//     Go types for every custom scalar, enum and input object;
//   - internal/rootfields/rootfields.go: every root field with a document
//     that selects it, for the tests.
//
// The output is sorted and gofmt'd, so the same input always gives the same
// bytes; a test (go test ./internal/cmd/schemagen) regenerates it into a
// temporary directory and compares it with the committed files.
//
// To regenerate, run go generate in package schema:
//
//	go generate ./schema
//
// # The official documents
//
// testdata/schema/official-documents.json holds every document the
// official SDK builds for its own calls (QueryFunctions and
// MutationFunctions of its dist/types/fields.generated.js, presets 'basic'
// and 'all': 854), which the kit's tests validate and run
// (bettermodetest's TestOfficialDocumentsValidate and
// TestOfficialDocumentsRun), and whose type names the merge reads. It is
// written by officialdocs.mjs in this directory, with node (no npm
// dependency), only when the pinned package changes.
//
// # Moving to another version of the package
//
// Fetch it with npm, replace the pinned copies, set upstreamVersion in
// gen.go, rebuild the official documents, regenerate, and update the sha256
// sums in testdata/schema/NOTICE:
//
//	npm pack @tribeplatform/gql-client@VERSION
//	mkdir pkg && tar -xzf tribeplatform-gql-client-VERSION.tgz -C pkg
//	cp pkg/package/schema.generated.gql pkg/package/src/types/tribe-graphql.generated.ts testdata/schema/
//	node internal/cmd/schemagen/officialdocs.mjs pkg/package > testdata/schema/official-documents.json
//	go generate ./schema
//	go test ./internal/cmd/schemagen ./bettermodetest ./schema
//
// A shape of the declarations the parser does not know stops the
// generation with its line number, rather than being misread.
//
// Usage:
//
//	schemagen [-root dir] [-in file] [-out dir]
//
// -root is the module root (default "."); -in is the pinned SDL (default
// root/testdata/schema/schema.generated.gql; the declarations and the
// official documents are read from the same directory); -out is where the
// files are written (default root).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	root := flag.String("root", ".", "the module root")
	in := flag.String("in", "", "the pinned SDL, next to the declarations and the official documents (default root/"+inputPath+")")
	out := flag.String("out", "", "the directory to write to (default root)")
	flag.Parse()
	if *in == "" {
		*in = filepath.Join(*root, filepath.FromSlash(inputPath))
	}
	if *out == "" {
		*out = *root
	}
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

// run generates the files from the sources pinned with the SDL in the
// file in (see readSources), under out.
func run(in, out string) error {
	sdl, _, err := readSources(in)
	if err != nil {
		return err
	}
	files, err := generate([]byte(sdl))
	if err != nil {
		return err
	}
	if err := removeStale(out); err != nil {
		return err
	}
	for _, f := range files {
		path := filepath.Join(out, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
