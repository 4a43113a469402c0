package api_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
)

// kitResolved are the root fields the kit answers with its own rules (the
// login flows and the community's member; see bettermodetest's package
// doc): called with made-up arguments they may fail as the real API would
// (a wrong password, an unknown code, no id), after validation: an answer
// with HTTP 200, where a validation error is HTTP 400.
var kitResolved = map[string]bool{
	"tokens": true, "loginNetwork": true, "limitedToken": true, "oauthCode": true, "oauthTokens": true,
	"requestGlobalTokenCode": true, "globalToken": true, "loginNetworkWithGlobalToken": true, "logoutNetwork": true,
	"member": true, "getMember": true,
}

// TestEveryRootField calls every root field's method against the kit with
// each preset and decodes a result of the field's type: no validation error,
// and every call that succeeds returns a value (the fields the kit resolves
// by its rules included).
func TestEveryRootField(t *testing.T) {
	_, c := setup(t)
	ctx := context.Background()
	ok := 0
	for _, rc := range rootCalls {
		t.Run(rc.op+"/"+rc.field, func(t *testing.T) {
			passed := true
			for _, preset := range []struct {
				name string
				opt  api.Option
			}{{"basic", api.Basic()}, {"all", api.All()}} {
				v, err := rc.call(ctx, c, preset.opt)
				var be *bettermode.Error
				if err != nil && errors.As(err, &be) && kitResolved[rc.field] && be.StatusCode == http.StatusOK {
					continue // refused by the kit's rules, after validation
				}
				if !assert.NoError(t, err, preset.name) {
					passed = false
					continue
				}
				if !assert.False(t, isZero(v), "%s: %s decoded to %#v", preset.name, rc.typ, v) {
					passed = false
				}
			}
			if passed {
				ok++
			}
		})
	}
	t.Logf("%d/%d root fields called and decoded", ok, len(rootCalls))
	require.Equal(t, len(rootCalls), ok)
}

// isZero reports whether v is nil, a nil pointer or interface, or an empty
// struct value: a result the kit's mock would never give.
func isZero(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		return rv.IsNil()
	case reflect.Slice:
		return rv.IsNil()
	}
	return false
}
