package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestRunOffline(t *testing.T) {
	var out bytes.Buffer
	if err := runOffline(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"authMember: Fake Member (fakeMember01)",
		"token: kind=member role=Member refresh token issued: true",
		"source: login.EmailCodeSource{Email: fake-member@example.com, NetworkID: fakeNet0001",
		"requests: requestGlobalTokenCode=1 globalToken=1 loginNetworkWithGlobalToken=1",
		"wrong code: invalid input=true",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "reading the mailed code"); n != 1 {
		t.Errorf("the code was asked for %d times:\n%s", n, text)
	}
	for _, secret := range []string{"fake-password-", "fake-client-secret-", "fake-wrong-code", "eyJ"} {
		if strings.Contains(text, secret) {
			t.Errorf("output contains %q:\n%s", secret, text)
		}
	}
}

func TestPromptCode(t *testing.T) {
	var prompt bytes.Buffer
	code, err := promptCode(strings.NewReader(" 123456 \n"), &prompt)(context.Background())
	if err != nil || code != "123456" {
		t.Fatalf("got %q, %v", code, err)
	}
	if !strings.Contains(prompt.String(), "Enter the code") {
		t.Errorf("no prompt: %q", prompt.String())
	}
}
