package bettermode

import (
	"strings"
	"testing"
	"time"
)

// This file's name makes its tests run first. A change that makes the
// scrubber loop forever would otherwise hang the first test whose error
// holds a secret until the test binary's timeout; here it fails within a
// bound instead (see mutants_test.go).

// TestScrubberReturns: the scrubber returns, on texts that take each of its
// paths: no secret, separate, overlapping and touching occurrences, secrets
// at either end, JWT-shaped text, each placeholder and the last resort.
func TestScrubberReturns(t *testing.T) {
	jwtish := "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"
	plain := NewScrubber("fake-secret-1", "xyzxyz", "aaaa1", "bbbb2", "Dabc")
	all := NewScrubber("D]zz", "D>zz", "D)zz", "Q***", "Q~~~", "Q…")
	for _, tt := range []struct {
		s  Scrubber
		in string
	}{
		{plain, "nothing to hide"},
		{plain, "fake-secret-1 b fake-secret-1"},
		{plain, "x fake-secret-1 y"},
		{plain, "-xyzxyzxyz-"},
		{plain, "<aaaa1bbbb2>aaaa1.bbbb2"},
		{plain, "token " + jwtish + " end"},
		{plain, "Dabcabc"},
		{NewScrubber("D]zz"), "D]zz]zz"},
		{all, "abQD]zz]zz"},
		{all, strings.Repeat("Q", 70) + "D]zz]zz"},
	} {
		done := make(chan string, 1)
		go func() { done <- tt.s.String(tt.in) }()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Fatalf("scrubbing %q did not return", tt.in)
		}
	}
}
