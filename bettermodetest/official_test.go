package bettermodetest_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
)

// officialDoc is a document of testdata/schema/official-documents.json.
type officialDoc struct {
	Operation, Name, Preset, Document string
}

// officialDocs reads every document the official TypeScript SDK builds for
// its own calls (internal/cmd/schemagen/officialdocs.mjs wrote them).
func officialDocs(t testing.TB) []officialDoc {
	t.Helper()
	b, err := os.ReadFile("../testdata/schema/official-documents.json")
	require.NoError(t, err)
	var docs []officialDoc
	require.NoError(t, json.Unmarshal(b, &docs))
	return docs
}

// TestOfficialDocumentsValidate: every document the official SDK builds
// (QueryFunctions and MutationFunctions with the presets basic and all) is
// valid against the kit's schema.
func TestOfficialDocumentsValidate(t *testing.T) {
	docs := officialDocs(t)
	require.Len(t, docs, 854)
	valid := 0
	for _, d := range docs {
		t.Run(d.Operation+"."+d.Name+"."+d.Preset, func(t *testing.T) {
			_, errs := gqlparser.LoadQuery(testSchema, d.Document)
			if assert.Empty(t, errs) {
				valid++
			}
		})
	}
	t.Logf("%d/%d official documents valid", valid, len(docs))
}
