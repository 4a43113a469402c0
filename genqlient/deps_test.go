package genqlient_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestGenqlientStaysHere checks that the root package and package api do
// not import genqlient: only users of this package pay for it.
func TestGenqlientStaysHere(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	const mod = "github.com/bettermode-go/bettermode"
	out, err := exec.Command(goTool, "list", "-deps", mod, mod+"/api").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/Khan/genqlient") || strings.HasPrefix(pkg, mod+"/genqlient") {
			t.Errorf("the root package or package api imports %s", pkg)
		}
	}
}
