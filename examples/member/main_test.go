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
	for _, want := range []string{"kind=member role=Member member=fakeMember01 (Fake Member)", "refresh token issued: true", "Password:REDACTED", "authMember: Fake Member, role Member", "unauthorized=true"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"fake-password-", "not-the-password", "fake-client-secret-", "eyJ"} {
		if strings.Contains(text, secret) {
			t.Errorf("output contains %q:\n%s", secret, text)
		}
	}
}
