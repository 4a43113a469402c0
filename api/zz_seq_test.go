package api_test

import (
	"os"
	"testing"
)

func BenchmarkZZSeq(b *testing.B) {
	for _, v := range authMemberVariants(b) {
		if v.name != os.Getenv("V") {
			continue
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := v.do(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
