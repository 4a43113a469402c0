// Command schemagen generates the SDK's code from Bettermode's published
// GraphQL schema: schema.generated.gql of the npm package
// @tribeplatform/gql-client, whose pinned copy is kept in
// testdata/schema/schema.generated.gql (the package's MIT licence is noted in
// testdata/schema/NOTICE). It reads only that file, so building, testing
// and CI need no network. From the module root it writes:
//
//   - bettermodetest/schema.graphql: the schema the test kit validates and
//     executes against, the published schema behind a short prelude
//     (prelude.graphql: the root operation types);
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
// To move to another version of the published schema, fetch it with npm,
// replace the pinned copy, set upstreamVersion in gen.go, and regenerate:
//
//	npm pack @tribeplatform/gql-client@VERSION
//	tar -xzf tribeplatform-gql-client-VERSION.tgz -O package/schema.generated.gql > testdata/schema/schema.generated.gql
//	go generate ./schema
//	go test ./...
//
// Usage:
//
//	schemagen [-root dir] [-in file] [-out dir]
//
// -root is the module root (default "."); -in is the pinned schema (default
// root/testdata/schema/schema.generated.gql); -out is where the files are
// written (default root).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	root := flag.String("root", ".", "the module root")
	in := flag.String("in", "", "the published schema (default root/"+inputPath+")")
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

// run generates the files from the schema in the file in, under out.
func run(in, out string) error {
	sdl, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	files, err := generate(sdl)
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
