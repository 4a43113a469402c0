package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// TestRun: the flow runs offline and prints its steps, the spans of every
// token and operation, and the metrics; nothing printed holds a secret.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out))
	text := out.String()
	for _, want := range []string{
		"using the embedded stand-in server at http://127.0.0.1:",
		"\nguest ", "\nmember ", "\nbot app ", "\nimpersonated app ", "\nquery ", "\nexec ",
		"\nspans:\n", "\nmetrics:\n",
		`"Name": "token member"`, `"Name": "query Tokens"`, `"Name": "mutation LoginNetwork"`, `"Name": "token app"`,
		`"Name": "query LimitedToken"`, `"Name": "query authMember"`, `"Name": "query ObserveRaw"`,
		`"Name": "http.client.request.duration"`, `"Name": "bettermode.client.operation.duration"`, `"Name": "bettermode.token.fetches"`,
		`"Key": "graphql.operation.name"`, `"Key": "server.address"`, `"Key": "http.response.status_code"`,
	} {
		assert.Contains(t, text, want)
	}
	// The spans are JSON objects, one after another.
	spans := text[strings.Index(text, "\nspans:\n")+len("\nspans:\n") : strings.Index(text, "\nmetrics:\n")]
	dec := json.NewDecoder(strings.NewReader(spans))
	n := 0
	for dec.More() {
		var s struct{ Name string }
		require.NoError(t, dec.Decode(&s))
		n++
	}
	assert.Equal(t, 11, n, "4 token fetches, their 5 mints, the query and the exec")

	// The scrubber's forms of every secret of the community, and anything
	// shaped like a JWT, appear nowhere.
	kit := bettermodetest.New()
	sc := bettermode.NewScrubber()
	for _, m := range kit.Members() {
		sc = sc.With(bettermode.Secret(m.Password))
	}
	for _, a := range kit.Apps() {
		sc = sc.WithBasic(a.ClientID, bettermode.Secret(a.ClientSecret))
	}
	assert.False(t, sc.Contains(text), "the output holds a secret or a token")
	assert.NotContains(t, text, kit.Member().Username, "a variable value")
}
