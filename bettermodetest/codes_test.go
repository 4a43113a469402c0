package bettermodetest_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// TestEveryErrorHasACode: every error the server answers carries
// Bettermode's top-level code and status, whatever failed, and the SDK maps
// it to its sentinel.
func TestEveryErrorHasACode(t *testing.T) {
	s := bettermodetest.Start(t, bettermodetest.WithHandler("Query.space", func(context.Context, map[string]any) (any, error) {
		return nil, &bettermodetest.Error{Code: bettermodetest.CodeMissingParameter, Message: "slug is required", Field: "slug"}
	}))
	member := bearer(s.MintToken(bettermodetest.KindMember, ""))
	for _, tc := range []struct {
		name   string
		auth   string
		body   string
		code   string
		status int // the HTTP status of the answer
		kind   error
	}{
		{"body not JSON", member, `{query`, bettermodetest.CodeInvalidInput, 400, bettermode.ErrInvalidInput},
		{"query does not parse", member, `{"query":"{ network { id "}`, bettermodetest.CodeInvalidInput, 400, bettermode.ErrInvalidInput},
		{"unknown field", member, `{"query":"{ network { nope } }"}`, bettermodetest.CodeInvalidInput, 400, bettermode.ErrInvalidInput},
		{"missing argument", member, `{"query":"{ post { id } }"}`, bettermodetest.CodeInvalidInput, 400, bettermode.ErrInvalidInput},
		{"variable of the wrong type", member, `{"query":"query($id: ID!) { post(id: $id) { id } }","variables":{"id":{"a":1}}}`, bettermodetest.CodeInvalidInput, 400, bettermode.ErrInvalidInput},
		{"missing variable", member, `{"query":"query($id: ID!) { post(id: $id) { id } }"}`, bettermodetest.CodeInvalidInput, 400, bettermode.ErrInvalidInput},
		{"unknown enum value", member, `{"query":"query($s: [EmailStatus!]) { emailLogs(limit: 1, statuses: $s) { totalCount } }","variables":{"s":["GONE"]}}`, bettermodetest.CodeInvalidInput, 400, bettermode.ErrInvalidInput},
		{"no token", "", `{"query":"{ posts(limit: 1) { totalCount } }"}`, bettermodetest.CodeUnauthorized, 200, bettermode.ErrUnauthorized},
		{"invalid token", bearer("nope"), `{"query":"{ posts(limit: 1) { totalCount } }"}`, bettermodetest.CodeUnauthorized, 200, bettermode.ErrUnauthorized},
		{"member not found", member, `{"query":"{ member(id: \"nobody\") { id } }"}`, bettermodetest.CodeNotFound, 200, bettermode.ErrNotFound},
		{"handler error", member, `{"query":"{ space(slug: \"x\") { id } }"}`, bettermodetest.CodeMissingParameter, 200, bettermode.ErrInvalidInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := postRaw(t, s, tc.auth, []byte(tc.body))
			assert.Equal(t, tc.status, a.Status, a.Raw)
			errs, ok := a.Body["errors"].([]any)
			require.True(t, ok && len(errs) > 0, a.Raw)
			for _, e := range errs {
				e := e.(map[string]any)
				assert.Equal(t, tc.code, e["code"], a.Raw)
				assert.NotZero(t, e["status"], a.Raw)
				assert.NotEmpty(t, e["message"], a.Raw)
			}
		})
	}

	// The same through the SDK.
	c := sdkClient(t, s, bettermode.StaticToken(s.MintToken(bettermodetest.KindMember, "")))
	for _, tc := range []struct {
		query string
		vars  map[string]any
		code  string
		kind  error
	}{
		{`{ network { nope } }`, nil, bettermodetest.CodeInvalidInput, bettermode.ErrInvalidInput},
		{`query($id: ID!) { post(id: $id) { id } }`, nil, bettermodetest.CodeInvalidInput, bettermode.ErrInvalidInput},
		{`{ member(id: "nobody") { id } }`, nil, bettermodetest.CodeNotFound, bettermode.ErrNotFound},
		{`{ space(slug: "x") { id } }`, nil, bettermodetest.CodeMissingParameter, bettermode.ErrInvalidInput},
	} {
		_, err := c.Exec(context.Background(), tc.query, tc.vars)
		var e *bettermode.Error
		require.ErrorAs(t, err, &e, tc.query)
		assert.Equal(t, tc.code, e.Code, tc.query)
		assert.ErrorIs(t, err, tc.kind, tc.query)
	}
}

// TestRequestErrorsHaveACode: the answers to requests that are not
// GraphQL requests carry Bettermode's code too.
func TestRequestErrorsHaveACode(t *testing.T) {
	s := bettermodetest.Start(t)
	resp, err := s.Client().Get(s.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Contains(t, string(raw), `"code":"100"`)

	replay := bettermodetest.Start(t, bettermodetest.WithFixtures())
	a := post(t, replay, "", `{ network { id } }`, nil)
	assert.Equal(t, http.StatusNotFound, a.Status)
	assert.Equal(t, bettermodetest.CodeNotFound, a.code(t), a.Raw)
	assert.True(t, strings.Contains(a.Raw, bettermodetest.ExtNoFixture), a.Raw)
}

// TestLogoutEndsTheSession: after Client.Logout, the session's access and
// refresh tokens stop working; the client logs in anew; other sessions of
// the member go on.
func TestLogoutEndsTheSession(t *testing.T) {
	s := bettermodetest.Start(t)
	ctx := context.Background()
	m := s.Member()
	creds := bettermode.Member{NetworkID: s.Network().ID, UsernameOrEmail: m.Username, Password: bettermode.Secret(m.Password)}
	c := sdkClient(t, s, creds)
	other := sdkClient(t, s, creds)
	tok, err := c.Token(ctx)
	require.NoError(t, err)
	_, err = other.Token(ctx)
	require.NoError(t, err)
	old := sdkClient(t, s, bettermode.StaticToken(tok.AccessToken.Reveal()))
	const me = `{ authMember { id } }`
	assert.Equal(t, map[string]any{"authMember": map[string]any{"id": m.ID}}, execData(t, old, me, nil))

	require.NoError(t, c.Logout(ctx))
	assert.Equal(t, 1, s.Operations("logoutNetwork"))
	s.Reset()

	_, err = old.Exec(ctx, me, nil)
	require.ErrorIs(t, err, bettermode.ErrUnauthorized, "the session's access token no longer works")
	anon := sdkClient(t, s, nil)
	_, err = anon.Exec(ctx, `query($r: String) { tokens(refreshToken: $r) { accessToken } }`, map[string]any{"r": tok.RefreshToken.Reveal()})
	require.ErrorIs(t, err, bettermode.ErrUnauthorized, "nor its refresh token")
	assert.Equal(t, 2, s.Rejected(bettermodetest.RejectInvalidToken))

	assert.Equal(t, map[string]any{"authMember": map[string]any{"id": m.ID}}, execData(t, c, me, nil), "the client logs in anew")
	assert.Equal(t, 1, s.Operations("loginNetwork"))
	assert.Equal(t, map[string]any{"authMember": map[string]any{"id": m.ID}}, execData(t, other, me, nil), "another session goes on")
	assert.Equal(t, 1, s.Operations("loginNetwork"))
}
