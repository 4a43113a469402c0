package webhook_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnsupportedTypeCut: the type repeated in the answer to an unknown one
// is cut past 64 bytes, not at 64.
func TestUnsupportedTypeCut(t *testing.T) {
	h, _ := newHandler(t, nil)
	for _, tt := range []struct {
		typ, want string
	}{
		{typ: strings.Repeat("X", 63), want: `"` + strings.Repeat("X", 63) + `"`},
		{typ: strings.Repeat("X", 64), want: `"` + strings.Repeat("X", 64) + `"`},
		{typ: strings.Repeat("X", 65), want: `"` + strings.Repeat("X", 64) + `..."`},
	} {
		a := deliver(t, h, `{"networkId":"n1","type":"`+tt.typ+`","data":{"id":"e1"}}`)
		require.Equal(t, "FAILED", a.Status)
		assert.Equal(t, "unsupported webhook type "+tt.want, a.ErrorMessage)
	}
}
