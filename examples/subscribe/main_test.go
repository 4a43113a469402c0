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
	want := "event: member.verified (Fake Member)\n" +
		"reconnecting: dropped (close code 1012)\n" +
		"event: member.updated (Fake Member)\n" +
		"stopped: <nil>\n" +
		"sockets opened: 2, with 1 token(s)\n"
	if got := out.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	for _, secret := range []string{"eyJ", "Bearer"} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("output contains %q", secret)
		}
	}
}
