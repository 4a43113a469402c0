package bettermodetest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// TestNoSecretsInAnswers sends secrets everywhere a request can hold them.
// (TestMain also checks every answer of every test.)
func TestNoSecretsInAnswers(t *testing.T) {
	s := bettermodetest.Start(t, bettermodetest.WithHTTPAuthErrors())
	guest := guestToken(t, s)
	app := basic(s.App().ClientID, s.App().ClientSecret)
	for _, tc := range []struct {
		name, auth, query string
		vars              map[string]any
		scrubbed          bool // the answer would echo the secret but for the scrubber
	}{
		{name: "successful login", auth: bearer(guest), query: loginMutation,
			vars: map[string]any{"input": map[string]any{"usernameOrEmail": "fake-member", "password": "fake-password-0002"}}},
		{name: "wrong password", auth: bearer(guest), query: loginMutation,
			vars: map[string]any{"input": map[string]any{"usernameOrEmail": "fake-member", "password": "fake-password-0001"}}},
		{name: "password as username", auth: bearer(guest), query: loginMutation,
			vars: map[string]any{"input": map[string]any{"usernameOrEmail": "fake-password-0001", "password": "fake-password-0001"}}},
		{name: "password of the wrong type", auth: bearer(guest), query: loginMutation,
			vars: map[string]any{"input": map[string]any{"usernameOrEmail": "fake-member", "password": []any{"fake-password-0002"}}}},
		{name: "inline password", auth: bearer(guest),
			query: `mutation { loginNetwork(input: {usernameOrEmail: "fake-member", password: "fake-password-0002", extra: "fake-password-0002"}) { accessToken } }`},
		{name: "client secret as a bearer token", auth: bearer("fake-client-secret-0001"), query: authMemberQuery},
		{name: "client secret as a refresh token", query: refreshQuery, vars: map[string]any{"refreshToken": "fake-client-secret-0001"}},
		{name: "wrong client secret", auth: basic(s.App().ClientID, "fake-client-secret-0002"), query: limitedQuery,
			vars: map[string]any{"context": "NETWORK", "networkId": "fakeNet0001", "entityId": "x"}},
		{name: "successful limitedToken", auth: app, query: limitedQuery,
			vars: map[string]any{"context": "NETWORK", "networkId": "fakeNet0001", "entityId": "fake-client-secret-0001"}},
		{name: "secret as impersonated member", auth: app, query: limitedQuery,
			vars: map[string]any{"context": "NETWORK", "networkId": "fakeNet0001", "entityId": "x", "impersonateMemberId": "fake-client-secret-0001"}},
		{name: "secret as network", query: guestQuery, vars: map[string]any{"networkDomain": "fake-client-secret-0001"}},
		{name: "secret as an enum variable", auth: app, query: limitedQuery, scrubbed: true,
			vars: map[string]any{"context": "fake-client-secret-0001", "networkId": "fakeNet0001", "entityId": "x"}},
		{name: "password as an enum literal", auth: app, scrubbed: true,
			query: `{ limitedToken(context: "fake-password-0002", entityId: "x", networkId: "fakeNet0001") { accessToken } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, s, tc.auth, tc.query, tc.vars)
			for _, sec := range secrets {
				assert.NotContains(t, a.Raw, sec)
			}
			if tc.scrubbed {
				assert.Contains(t, a.Raw, "REDACTED")
			} else {
				assert.NotContains(t, a.Raw, "REDACTED", "the answer should not need scrubbing")
			}
		})
	}
}
