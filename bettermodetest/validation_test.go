package bettermodetest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

func TestInvalidDocuments(t *testing.T) {
	s := bettermodetest.Start(t)
	app := basic(s.App().ClientID, s.App().ClientSecret)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		opName      string
		ext         string
		message     string // a substring of the first error's message
		locations   bool
	}{
		{name: "networkId variable of type Int",
			query: `query($n: Int) { tokens(networkId: $n) { accessToken } }`, vars: map[string]any{"n": 1},
			ext: bettermodetest.ExtValidationFailed, message: `"Int" used in position expecting type "ID"`, locations: true},
		{name: "limitedToken networkId as an Int literal",
			query: `{ limitedToken(context: NETWORK, entityId: "x", networkId: 123) { accessToken } }`,
			ext:   bettermodetest.ExtValidationFailed, message: "String", locations: true},
		{name: "unknown field",
			query: `{ tokens(networkDomain: "x") { accessToken password } }`,
			ext:   bettermodetest.ExtValidationFailed, message: `Cannot query field "password" on type "AuthToken"`, locations: true},
		{name: "unknown root field",
			query: `{ nope { id } }`, ext: bettermodetest.ExtValidationFailed, message: `Cannot query field "nope" on type "Query"`, locations: true},
		{name: "PermissionContext as a String variable",
			query: `query($context: String!) { limitedToken(context: $context, entityId: "x", networkId: "fakeNet0001") { accessToken } }`,
			vars:  map[string]any{"context": "NETWORK"},
			ext:   bettermodetest.ExtValidationFailed, message: `"String!" used in position expecting type "PermissionContext"`, locations: true},
		{name: "PermissionContext as a String literal",
			query: `{ limitedToken(context: "NETWORK", entityId: "x", networkId: "fakeNet0001") { accessToken } }`,
			ext:   bettermodetest.ExtValidationFailed, message: "PermissionContext", locations: true},
		{name: "unknown enum value in variables",
			query: limitedQuery, vars: map[string]any{"context": "GALAXY", "networkId": "fakeNet0001", "entityId": "x"},
			ext: bettermodetest.ExtValidationFailed, message: "variable.context"},
		{name: "missing networkId argument",
			query: `{ limitedToken(context: NETWORK, entityId: "x") { accessToken } }`,
			ext:   bettermodetest.ExtValidationFailed, message: `argument "networkId" of type "String!" is required`, locations: true},
		{name: "null entityId variable",
			query: limitedQuery, vars: map[string]any{"context": "NETWORK", "networkId": "fakeNet0001", "entityId": nil},
			ext: bettermodetest.ExtValidationFailed, message: "cannot be null"},
		{name: "missing required variable",
			query: limitedQuery, vars: map[string]any{"context": "NETWORK", "networkId": "fakeNet0001"},
			ext: bettermodetest.ExtValidationFailed, message: "must be defined"},
		{name: "number for a String variable",
			query: guestQuery, vars: map[string]any{"networkDomain": 5},
			ext: bettermodetest.ExtValidationFailed, message: "as String"},
		{name: "unknown input field",
			query: loginMutation, vars: map[string]any{"input": map[string]any{"usernameOrEmail": "a", "password": "b", "otp": "c"}},
			ext: bettermodetest.ExtValidationFailed, message: "unknown field"},
		{name: "input without password",
			query: loginMutation, vars: map[string]any{"input": map[string]any{"usernameOrEmail": "a"}},
			ext: bettermodetest.ExtValidationFailed, message: "variable.input.password"},
		{name: "object without selection",
			query: `{ authMember }`, ext: bettermodetest.ExtValidationFailed, message: "must have a selection", locations: true},
		{name: "subscription",
			query: `subscription { tokens { accessToken } }`, ext: bettermodetest.ExtValidationFailed, message: `does not support operation type "subscription"`},
		{name: "mutation of a query field",
			query: `mutation { authMember { id } }`, ext: bettermodetest.ExtValidationFailed, message: `"authMember"`},
		{name: "undefined fragment",
			query: `{ authMember { ...Nope } }`, ext: bettermodetest.ExtValidationFailed, message: `Unknown fragment "Nope"`},
		{name: "syntax error",
			query: `{ tokens(networkDomain: "x") { accessToken }`, ext: bettermodetest.ExtParseFailed, message: "Expected Name", locations: true},
		{name: "two anonymous operations",
			query: `{ network { id } } { authMember { id } }`, ext: bettermodetest.ExtValidationFailed, message: "anonymous operation"},
		{name: "two operations without operationName",
			query: `query A { network { id } } query B { authMember { id } }`, ext: bettermodetest.ExtValidationFailed, message: "Must provide operation name"},
		{name: "unknown operationName",
			query: `query A { network { id } }`, opName: "C", ext: bettermodetest.ExtValidationFailed, message: `Unknown operation named "C"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			body := map[string]any{"query": tc.query, "variables": tc.vars}
			if tc.opName != "" {
				body["operationName"] = tc.opName
			}
			a := postRaw(t, s, app, mustJSON(t, body))
			require.Equal(t, http.StatusBadRequest, a.Status, a.Raw)
			assert.NotContains(t, a.Body, "data")
			e := a.firstError(t)
			assert.Equal(t, map[string]any{"code": tc.ext}, e["extensions"], a.Raw)
			assert.Equal(t, bettermodetest.CodeInvalidInput, e["code"], "Bettermode's code for bad input: %s", a.Raw)
			assert.Equal(t, float64(http.StatusBadRequest), e["status"], a.Raw)
			assert.Contains(t, e["message"], tc.message, a.Raw)
			if tc.locations {
				assert.NotEmpty(t, e["locations"], a.Raw)
			}
			assert.Equal(t, 1, s.Rejected(bettermodetest.RejectValidation))
			assert.Zero(t, s.Minted(bettermodetest.KindApp))
		})
	}
}

func TestBadRequests(t *testing.T) {
	s := bettermodetest.Start(t)
	for _, tc := range []struct {
		name, method, body string
		status             int
	}{
		{"not JSON", http.MethodPost, `{query`, 400},
		{"JSON array", http.MethodPost, `[{"query":"{ network { id } }"}]`, 400},
		{"no query", http.MethodPost, `{"variables":{}}`, 400},
		{"empty query", http.MethodPost, `{"query":"  "}`, 400},
		{"query not a string", http.MethodPost, `{"query":5}`, 400},
		{"variables not an object", http.MethodPost, `{"query":"{ network { id } }","variables":[1]}`, 400},
		{"operationName not a string", http.MethodPost, `{"query":"{ network { id } }","operationName":1}`, 400},
		{"GET", http.MethodGet, ``, 405},
		{"too large", http.MethodPost, `{"query":"` + strings.Repeat(" ", bettermodetest.MaxBodyBytes) + `"}`, 413},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			req, err := http.NewRequest(tc.method, s.URL, strings.NewReader(tc.body))
			require.NoError(t, err)
			resp, err := s.Client().Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			record(string(raw))
			assert.Equal(t, tc.status, resp.StatusCode, string(raw))
			assert.Contains(t, string(raw), `"code":"BAD_REQUEST"`)
			assert.Contains(t, string(raw), `"code":"100"`, "Bettermode's code for bad input")
			assert.Equal(t, 1, s.Rejected(bettermodetest.RejectBadRequest))
		})
	}
}
