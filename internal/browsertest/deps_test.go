package browsertest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestOnlyTestsImportChromedp checks that chromedp stays a test
// dependency: no package of the module but this one imports it (tests may).
func TestOnlyTestsImportChromedp(t *testing.T) {
	const mod = "github.com/bettermode-go/bettermode"
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	out, err := exec.Command(goTool, "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, mod+"/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for line := range strings.Lines(string(out)) {
		pkg, deps, _ := strings.Cut(strings.TrimSpace(line), " ")
		if pkg == mod+"/internal/browsertest" {
			continue
		}
		for _, dep := range strings.Fields(deps) {
			if strings.HasPrefix(dep, "github.com/chromedp/") || dep == mod+"/internal/browsertest" {
				t.Errorf("%s imports %s (only tests may)", pkg, dep)
				break
			}
		}
	}
}
