package bettermode

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorTextsAreShort (issue 18, friction): every *Error the package
// builds with literal texts keeps its message and hint together under 150
// characters, so that an error reads at a glance.
func TestErrorTextsAreShort(t *testing.T) {
	fset := gotoken.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	require.NoError(t, err)
	checked := 0
	for _, pkg := range pkgs {
		ast.Inspect(pkg, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "Error" {
				return true
			}
			size := 0
			for _, el := range lit.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if k := kv.Key.(*ast.Ident).Name; k == "Message" || k == "hint" {
					size += literalLen(kv.Value)
				}
			}
			checked++
			assert.Less(t, size, 150, "%s: message and hint run to %d characters", fset.Position(lit.Pos()), size)
			return true
		})
	}
	assert.Greater(t, checked, 50)
}

// literalLen is the length of the string literals in e (a literal, or a
// concatenation with other values, which count as nothing).
func literalLen(e ast.Expr) int {
	switch v := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(v.Value)
		if err != nil {
			return 0
		}
		return len(s)
	case *ast.BinaryExpr:
		return literalLen(v.X) + literalLen(v.Y)
	}
	return 0
}
