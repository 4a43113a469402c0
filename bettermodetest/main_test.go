package bettermodetest_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// secrets are every password and client secret the tests use. No answer of
// any test may contain one.
var secrets = []string{
	"fake-password-0001", "fake-password-0002", "fake-client-secret-0001", "fake-client-secret-0002",
	extraPassword, extraSecret,
}

const (
	extraPassword = "fake-password-extra-0003"
	extraSecret   = "fake-client-secret-extra-0003"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		allAnswers.Lock()
		for _, body := range allAnswers.bodies {
			for _, sec := range secrets {
				if strings.Contains(body, sec) {
					fmt.Fprintf(os.Stderr, "an answer contains the secret %q: %s\n", sec, body)
					code = 1
				}
			}
		}
		allAnswers.Unlock()
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}
