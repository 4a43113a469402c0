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
	for _, want := range []string{"region eu (eu-central-1), real endpoint https://api.bettermode.de", "EU login: kind=member role=Member member=fakeMember01", "unauthorized=true", "wrong region: 1"} {
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
