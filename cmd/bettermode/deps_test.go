package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibraryImportsNoCLI checks that the SDK's packages import neither the
// command nor its dependencies (cobra, pflag, x/term, pty).
func TestLibraryImportsNoCLI(t *testing.T) {
	t.Parallel()
	const mod = "github.com/bettermode-go/bettermode"
	out, err := exec.Command(goTool(), "list", "-deps", mod, mod+"/oauth", mod+"/login", mod+"/webhook", mod+"/bettermodetest").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{mod + "/cmd/", "github.com/spf13/", "golang.org/x/term", "github.com/creack/pty", "github.com/inconshreveable/mousetrap"} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("the library imports %s", pkg)
			}
		}
	}
}
