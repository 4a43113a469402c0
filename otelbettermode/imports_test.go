package otelbettermode_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRootDoesNotImportOpenTelemetry: the root package's files import
// nothing of OpenTelemetry; only this package does.
func TestRootDoesNotImportOpenTelemetry(t *testing.T) {
	files, err := filepath.Glob("../*.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			require.False(t, strings.HasPrefix(path, "go.opentelemetry.io/"), "%s imports %s", f, path)
		}
	}
}
