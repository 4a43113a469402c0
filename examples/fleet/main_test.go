package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestExplainsItselfWithoutRedis(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"REDIS_URL is not set", "one token for the fleet", "one rate budget for the fleet", "falls back"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestFleetOnRedis(t *testing.T) {
	addr := os.Getenv("BETTERMODE_TEST_REDIS")
	if addr == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("BETTERMODE_TEST_REDIS is not set in CI: .ci/run must start redis-server")
		}
		t.Skip("no Redis: set BETTERMODE_TEST_REDIS=127.0.0.1:6390 (see .ci/run)")
	}
	env := map[string]string{"REDIS_URL": "redis://" + addr + "/0?dial_timeout=1s&read_timeout=1s&write_timeout=1s"}
	var out bytes.Buffer
	if err := run(t.Context(), &out, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"queries: 30", "app tokens minted for the fleet: 1", "same token on both replicas: true", "answered 429: 0", "AccessToken: REDACTED"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"fake-client-secret-", "eyJ"} {
		if strings.Contains(text, secret) {
			t.Errorf("output contains %q:\n%s", secret, text)
		}
	}
}
