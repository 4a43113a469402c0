package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"bot          kind=app role=Admin  member=BOT_fakeApp0001", "impersonated kind=app role=Member member=fakeMember01 authMember=\"Fake Member\"", "uninstalled  forbidden: ", "app tokens minted: 2", "ClientSecret:REDACTED"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"fake-password-", "fake-client-secret-", "eyJ"} {
		if strings.Contains(text, secret) {
			t.Errorf("output contains %q:\n%s", secret, text)
		}
	}
}
