package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMESession runs testdata/session.txt, the terminal session the
// README quotes: each "$ bettermode ..." line is run (arguments split as a
// shell would, with single and double quotes), and the lines after it are
// its output, stdout and stderr together, line for line, where "..." stands
// for any text.
func TestREADMESession(t *testing.T) {
	t.Parallel()
	steps := parseSession(t, "testdata/session.txt")
	if len(steps) == 0 {
		t.Fatal("testdata/session.txt holds no command")
	}
	c := newCLI(t, nil)
	for _, st := range steps {
		out, code := c.runCombined(st.args...)
		if code != 0 {
			t.Fatalf("$ bettermode %s: exit %d:\n%s", strings.Join(st.args, " "), code, out)
		}
		got := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(got) != len(st.want) {
			t.Fatalf("$ bettermode %s: %d lines, the session shows %d:\n%s", strings.Join(st.args, " "), len(got), len(st.want), out)
		}
		for i, w := range st.want {
			if !linePattern(w).MatchString(got[i]) {
				t.Errorf("$ bettermode %s: line %d is\n\t%q\nthe session shows\n\t%q", strings.Join(st.args, " "), i+1, got[i], w)
			}
		}
	}
}

type sessionStep struct {
	args []string
	want []string
}

func parseSession(t *testing.T, path string) []sessionStep {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var steps []sessionStep
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if cmd, ok := strings.CutPrefix(line, "$ "); ok {
			words, err := shellSplit(cmd)
			if err != nil || len(words) == 0 || words[0] != "bettermode" {
				t.Fatalf("%s: %q is not a bettermode command (%v)", path, line, err)
			}
			steps = append(steps, sessionStep{args: words[1:]})
			continue
		}
		if len(steps) == 0 {
			t.Fatalf("%s: output before the first command: %q", path, line)
		}
		steps[len(steps)-1].want = append(steps[len(steps)-1].want, line)
	}
	return steps
}

// linePattern matches a whole line, "..." standing for any text.
func linePattern(w string) *regexp.Regexp {
	parts := strings.Split(w, "...")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}

// shellSplit splits a command line as a POSIX shell would, for the quoting
// the session uses: single quotes, double quotes, backslash escapes.
func shellSplit(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == ' ' || ch == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case ch == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unclosed '")
			}
			cur.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case ch == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unclosed \"")
			}
			inWord = true
		case ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
