package bettermodetest_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

const (
	oauthCodeMutation = `mutation OAuthCode($input: OAuthCodeInput!) {
  oauthCode(input: $input) { code }
}`
	oauthTokensQuery = `query OAuthTokens($input: OAuthTokensInput!) {
  oauthTokens(input: $input) { access_token expires_in refresh_token token_type }
}`
	requestCodeMutation = `mutation RequestCode($input: RequestGlobalTokenInput!) {
  requestGlobalTokenCode(input: $input) { status }
}`
	globalTokenQuery = `query GlobalToken($input: GlobalTokenInput!) {
  globalToken(input: $input) { accessToken email }
}`
	loginGlobalQuery = `query LoginGlobal($input: LoginNetworkWithGlobalTokenInput!) {
  loginNetworkWithGlobalToken(input: $input) { accessToken refreshToken role { name } member { id email } }
}`
	logoutMutation = `mutation Logout($input: LogoutNetworkInput) {
  logoutNetwork(input: $input) { status }
}`
)

func TestLoginSchemaSDL(t *testing.T) {
	q, m := testSchema.Types["Query"], testSchema.Types["Mutation"]
	for _, f := range []struct {
		def        string
		field, arg string
		argType    string
		result     string
	}{
		{"Query", "oauthTokens", "input", "OAuthTokensInput!", "OAuthTokens!"},
		{"Query", "globalToken", "input", "GlobalTokenInput!", "GlobalToken!"},
		{"Query", "loginNetworkWithGlobalToken", "input", "LoginNetworkWithGlobalTokenInput!", "AuthToken!"},
		{"Mutation", "oauthCode", "input", "OAuthCodeInput!", "OAuthCode!"},
		{"Mutation", "requestGlobalTokenCode", "input", "RequestGlobalTokenInput!", "Action!"},
		{"Mutation", "logoutNetwork", "input", "LogoutNetworkInput", "Action!"},
	} {
		def := q
		if f.def == "Mutation" {
			def = m
		}
		field := def.Fields.ForName(f.field)
		require.NotNil(t, field, f.field)
		assert.Equal(t, f.result, field.Type.String(), f.field)
		assert.Equal(t, f.argType, field.Arguments.ForName(f.arg).Type.String(), f.field)
	}
	for typ, fields := range map[string]map[string]string{
		// Two shapes: the SDL's (oauthCode) and the live one (oAuthCode),
		// each field optional so that both validate.
		"OAuthCodeInput": {"client_id": "String", "redirect_uri": "String", "response_type": "String", "scope": "String", "state": "String",
			"clientId": "String", "redirectUri": "String", "scopes": "[PrimaryScopes!]"},
		"OAuthTokensInput": {"client_id": "String!", "client_secret": "String!", "code": "String!", "grant_type": "GrantType!"},
		"OAuthTokens": {"access_token": "String!", "expires_in": "Int!", "refresh_token": "String!", "token_type": "String!",
			"accessToken": "String!", "expiresIn": "Float!", "memberId": "String!", "refreshToken": "String!"},
		"GlobalTokenInput": {"email": "String!", "verificationCode": "String!"},
		"GlobalToken":      {"accessToken": "String!", "email": "String!"},
		"Action":           {"status": "ActionStatus!"},
	} {
		def := testSchema.Types[typ]
		require.NotNil(t, def, typ)
		assert.Len(t, def.Fields, len(fields), typ)
		for name, want := range fields {
			require.NotNil(t, def.Fields.ForName(name), typ+"."+name)
			assert.Equal(t, want, def.Fields.ForName(name).Type.String(), typ+"."+name)
		}
	}
	assert.NotNil(t, testSchema.Types["GrantType"].EnumValues.ForName("AuthorizationCode"))
}

// oauthCode asks s for an authorization code of client for the member whose
// token auth sends.
func oauthCode(t testing.TB, s *bettermodetest.Server, auth, client string) answer {
	t.Helper()
	return post(t, s, auth, oauthCodeMutation, map[string]any{"input": map[string]any{
		"client_id": client, "redirect_uri": "https://app.example.com/callback", "response_type": "code", "state": "st-1",
	}})
}

func oauthTokens(t testing.TB, s *bettermodetest.Server, client, secret, code string) answer {
	t.Helper()
	return post(t, s, "", oauthTokensQuery, map[string]any{"input": map[string]any{
		"client_id": client, "client_secret": secret, "code": code, "grant_type": "AuthorizationCode",
	}})
}

func TestOAuthCodeAndTokens(t *testing.T) {
	clk := newFakeClock()
	s := bettermodetest.Start(t, bettermodetest.WithClock(clk.Now))
	app := s.App()
	member := bearer(s.MintToken(bettermodetest.KindMember, ""))

	a := oauthCode(t, s, member, app.ClientID)
	require.Nil(t, a.Body["errors"], a.Raw)
	code := a.str(t, "oauthCode.code")
	assert.Equal(t, 1, s.Minted(bettermodetest.KindOAuthCode))

	// A wrong secret is refused and does not spend the code.
	a = oauthTokens(t, s, app.ClientID, "fake-wrong-secret", code)
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))
	assert.Equal(t, 1, s.Rejected(bettermodetest.RejectBadCredentials))
	a = oauthTokens(t, s, "fake-no-such-client", app.ClientSecret, code)
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))

	a = oauthTokens(t, s, app.ClientID, app.ClientSecret, code)
	require.Nil(t, a.Body["errors"], a.Raw)
	assert.Equal(t, "bearer", a.str(t, "oauthTokens.token_type"))
	assert.EqualValues(t, 3600, a.data(t, "oauthTokens.expires_in"))
	access, refresh := a.str(t, "oauthTokens.access_token"), a.str(t, "oauthTokens.refresh_token")
	c := claims(t, access)
	assert.Equal(t, bettermodetest.KindMember, c["kind"])
	assert.Equal(t, s.Member().ID, c["id"])
	assert.Equal(t, 1, s.Minted(bettermodetest.KindMember))
	assert.Equal(t, 1, s.Minted(bettermodetest.KindRefresh))

	// The session works like any member session.
	a = post(t, s, bearer(access), authMemberQuery, nil)
	require.Nil(t, a.Body["errors"], a.Raw)
	assert.Equal(t, s.Member().ID, a.str(t, "authMember.id"))
	a = post(t, s, "", refreshQuery, map[string]any{"refreshToken": refresh})
	require.Nil(t, a.Body["errors"], a.Raw)
	assert.Equal(t, s.Member().ID, a.str(t, "tokens.member.id"))

	// Single use.
	a = oauthTokens(t, s, app.ClientID, app.ClientSecret, code)
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))
	assert.Equal(t, 1, s.Rejected(bettermodetest.RejectReused))

	// Short-lived.
	code = oauthCode(t, s, member, app.ClientID).str(t, "oauthCode.code")
	clk.Advance(bettermodetest.OAuthCodeLifetime)
	a = oauthTokens(t, s, app.ClientID, app.ClientSecret, code)
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))
	assert.Equal(t, 1, s.Rejected(bettermodetest.RejectExpired))

	// Bound to the app it was issued to, and unknown codes are refused.
	code = oauthCode(t, s, member, app.ClientID).str(t, "oauthCode.code")
	other := s.UninstalledApp()
	for _, a := range []answer{
		oauthTokens(t, s, other.ClientID, other.ClientSecret, code),
		oauthTokens(t, s, app.ClientID, app.ClientSecret, "fake-unknown-code"),
	} {
		assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))
	}
	assert.Equal(t, 2, s.Rejected(bettermodetest.RejectBadCode))
	a = oauthTokens(t, s, app.ClientID, app.ClientSecret, code)
	require.Nil(t, a.Body["errors"], a.Raw, "still good for its app")
}

func TestOAuthCodeRefusals(t *testing.T) {
	s := bettermodetest.Start(t)
	member := bearer(s.MintToken(bettermodetest.KindMember, ""))
	global := bearer(globalToken(t, s, s.Member().Email))
	input := func(client, redirect, responseType string) map[string]any {
		return map[string]any{"input": map[string]any{"client_id": client, "redirect_uri": redirect, "response_type": responseType}}
	}
	ok := input(s.App().ClientID, "https://app.example.com/cb", "code")
	for _, tc := range []struct {
		name, auth string
		vars       map[string]any
		code       string
		reason     string
	}{
		{"no token", "", ok, bettermodetest.CodeUnauthorized, bettermodetest.RejectUnauthenticated},
		{"guest token", bearer(s.MintToken(bettermodetest.KindGuest, "")), ok, bettermodetest.CodeForbidden, bettermodetest.RejectNotMember},
		{"app token", bearer(s.MintToken(bettermodetest.KindApp, "")), ok, bettermodetest.CodeForbidden, bettermodetest.RejectNotMember},
		{"global token", global, ok, bettermodetest.CodeUnauthorized, bettermodetest.RejectGlobalToken},
		{"response type", member, input(s.App().ClientID, "https://app.example.com/cb", "token"), bettermodetest.CodeInvalidInput, bettermodetest.RejectValidation},
		{"relative redirect", member, input(s.App().ClientID, "/cb", "code"), bettermodetest.CodeInvalidInput, bettermodetest.RejectValidation},
		{"unknown app", member, input("fake-no-such-client", "https://app.example.com/cb", "code"), bettermodetest.CodeNotFound, bettermodetest.RejectNotFound},
		{"app not installed", member, input(s.UninstalledApp().ClientID, "https://app.example.com/cb", "code"), bettermodetest.CodeForbidden, bettermodetest.RejectNotInstalled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			a := post(t, s, tc.auth, oauthCodeMutation, tc.vars)
			assert.Equal(t, tc.code, a.code(t), a.Raw)
			assert.Equal(t, 1, s.Rejected(tc.reason))
			assert.Zero(t, s.Minted(bettermodetest.KindOAuthCode))
		})
	}
	t.Run("grant type is validated", func(t *testing.T) {
		a := post(t, s, "", oauthTokensQuery, map[string]any{"input": map[string]any{
			"client_id": s.App().ClientID, "client_secret": s.App().ClientSecret, "code": "x", "grant_type": "RefreshToken",
		}})
		assert.Equal(t, http.StatusBadRequest, a.Status, a.Raw)
	})
}

// globalToken logs email in to the portal by mailed code.
func globalToken(t testing.TB, s *bettermodetest.Server, email string) string {
	t.Helper()
	a := post(t, s, "", requestCodeMutation, map[string]any{"input": map[string]any{"email": email}})
	require.Nil(t, a.Body["errors"], a.Raw)
	code, ok := s.EmailedCode(email)
	require.True(t, ok)
	a = post(t, s, "", globalTokenQuery, map[string]any{"input": map[string]any{"email": email, "verificationCode": code}})
	require.Nil(t, a.Body["errors"], a.Raw)
	return a.str(t, "globalToken.accessToken")
}

func verify(t testing.TB, s *bettermodetest.Server, email, code string) answer {
	t.Helper()
	return post(t, s, "", globalTokenQuery, map[string]any{"input": map[string]any{"email": email, "verificationCode": code}})
}

// wrongCode returns a six-digit code other than code.
func wrongCode(code string) string {
	n, _ := strconv.Atoi(code)
	return fmt.Sprintf("%06d", (n+1)%1_000_000)
}

func TestEmailCodes(t *testing.T) {
	clk := newFakeClock()
	s := bettermodetest.Start(t, bettermodetest.WithClock(clk.Now))
	email := s.Member().Email
	request := func(email string) answer {
		return post(t, s, "", requestCodeMutation, map[string]any{"input": map[string]any{"email": email}})
	}

	_, ok := s.EmailedCode(email)
	assert.False(t, ok, "nothing mailed yet")
	a := request(email)
	require.Nil(t, a.Body["errors"], a.Raw)
	assert.Equal(t, "succeeded", a.str(t, "requestGlobalTokenCode.status"))
	code, ok := s.EmailedCode("FAKE-MEMBER@example.com")
	require.True(t, ok, "any case")
	assert.Regexp(t, regexp.MustCompile(`^\d{6}$`), code)
	assert.Equal(t, 1, s.Minted(bettermodetest.KindEmailCode))

	a = verify(t, s, email, wrongCode(code))
	assert.Equal(t, bettermodetest.CodeInvalidInput, a.code(t))
	assert.Equal(t, 1, s.Rejected(bettermodetest.RejectBadCode))

	a = verify(t, s, email, code)
	require.Nil(t, a.Body["errors"], a.Raw)
	assert.Equal(t, email, a.str(t, "globalToken.email"))
	c := claims(t, a.str(t, "globalToken.accessToken"))
	assert.Equal(t, bettermodetest.KindGlobal, c["kind"])
	assert.Equal(t, email, c["email"])
	assert.Equal(t, 1, s.Minted(bettermodetest.KindGlobal))

	a = verify(t, s, email, code)
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t), "single use")
	assert.Equal(t, 1, s.Rejected(bettermodetest.RejectReused))

	// Expiry.
	request(email)
	code, _ = s.EmailedCode(email)
	clk.Advance(bettermodetest.EmailCodeLifetime)
	a = verify(t, s, email, code)
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))
	assert.Equal(t, 1, s.Rejected(bettermodetest.RejectExpired))

	// A new request replaces the code.
	request(email)
	first, _ := s.EmailedCode(email)
	request(email)
	second, _ := s.EmailedCode(email)
	if first != second {
		assert.Equal(t, bettermodetest.CodeInvalidInput, verify(t, s, email, first).code(t))
	}
	require.Nil(t, verify(t, s, email, second).Body["errors"])

	// Too many wrong codes void the code.
	request(email)
	code, _ = s.EmailedCode(email)
	for range bettermodetest.MaxEmailCodeAttempts {
		assert.Equal(t, bettermodetest.CodeInvalidInput, verify(t, s, email, wrongCode(code)).code(t))
	}
	assert.Equal(t, bettermodetest.CodeUnauthorized, verify(t, s, email, code).code(t))

	// Any address gets a code; a malformed one is refused; so is a code
	// never mailed.
	require.Nil(t, request("fake-stranger@example.com").Body["errors"])
	_, ok = s.EmailedCode("fake-stranger@example.com")
	assert.True(t, ok)
	assert.Equal(t, bettermodetest.CodeInvalidInput, request("not-an-address").code(t))
	assert.Equal(t, bettermodetest.CodeInvalidInput, verify(t, s, "fake-nobody@example.com", "123456").code(t))
}

func TestLoginNetworkWithGlobalToken(t *testing.T) {
	clk := newFakeClock()
	s := bettermodetest.Start(t, bettermodetest.WithClock(clk.Now))
	global := globalToken(t, s, s.Member().Email)
	login := func(auth, network string) answer {
		return post(t, s, auth, loginGlobalQuery, map[string]any{"input": map[string]any{"networkId": network}})
	}

	a := login(bearer(global), s.Network().ID)
	require.Nil(t, a.Body["errors"], a.Raw)
	assert.Equal(t, s.Member().ID, a.str(t, "loginNetworkWithGlobalToken.member.id"))
	assert.Equal(t, bettermodetest.RoleMember, a.str(t, "loginNetworkWithGlobalToken.role.name"))
	access := a.str(t, "loginNetworkWithGlobalToken.accessToken")
	assert.Equal(t, bettermodetest.KindMember, claims(t, access)["kind"])
	require.Nil(t, post(t, s, bearer(access), authMemberQuery, nil).Body["errors"])
	a = post(t, s, "", refreshQuery, map[string]any{"refreshToken": a.str(t, "loginNetworkWithGlobalToken.refreshToken")})
	require.Nil(t, a.Body["errors"], a.Raw)

	for _, tc := range []struct {
		name, auth, network, code, reason string
	}{
		{"no token", "", s.Network().ID, bettermodetest.CodeUnauthorized, bettermodetest.RejectUnauthenticated},
		{"member token", bearer(access), s.Network().ID, bettermodetest.CodeUnauthorized, bettermodetest.RejectInvalidToken},
		{"other network", bearer(global), "fakeNoSuchNet", bettermodetest.CodeNotFound, bettermodetest.RejectNotFound},
		{"not a member", bearer(globalToken(t, s, "fake-stranger@example.com")), s.Network().ID, bettermodetest.CodeForbidden, bettermodetest.RejectNotMember},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			a := login(tc.auth, tc.network)
			assert.Equal(t, tc.code, a.code(t), a.Raw)
			assert.Equal(t, 1, s.Rejected(tc.reason))
		})
	}

	t.Run("global token elsewhere", func(t *testing.T) {
		s.Reset()
		for _, q := range []string{authMemberQuery, `{ network { id } }`, `{ member(id: "fakeMember01") { id } }`} {
			assert.Equal(t, bettermodetest.CodeUnauthorized, post(t, s, bearer(global), q, nil).code(t), q)
		}
		assert.Equal(t, 3, s.Rejected(bettermodetest.RejectGlobalToken))
		a := post(t, s, "", refreshQuery, map[string]any{"refreshToken": global})
		assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))
	})

	t.Run("expired", func(t *testing.T) {
		s.Reset()
		clk.Advance(bettermodetest.DefaultTokenLifetime)
		assert.Equal(t, bettermodetest.CodeUnauthorized, login(bearer(global), s.Network().ID).code(t))
		assert.Equal(t, 1, s.Rejected(bettermodetest.RejectExpired))
	})
}

func TestLogoutNetwork(t *testing.T) {
	s := bettermodetest.Start(t)
	a := login(t, s, bearer(guestToken(t, s)), s.Member().Username, s.Member().Password)
	require.Nil(t, a.Body["errors"], a.Raw)
	access, refresh := a.str(t, "loginNetwork.accessToken"), a.str(t, "loginNetwork.refreshToken")
	sid, _ := claims(t, access)["sessionId"].(string)
	require.NotEmpty(t, sid)
	assert.Equal(t, sid, claims(t, refresh)["sessionId"])

	// A refresh continues the session.
	a = post(t, s, "", refreshQuery, map[string]any{"refreshToken": refresh})
	require.Nil(t, a.Body["errors"], a.Raw)
	access, refresh = a.str(t, "tokens.accessToken"), a.str(t, "tokens.refreshToken")
	assert.Equal(t, sid, claims(t, access)["sessionId"])

	a = post(t, s, bearer(access), logoutMutation, map[string]any{"input": map[string]any{"sessionId": "fakeOtherSession"}})
	assert.Equal(t, bettermodetest.CodeNotFound, a.code(t))

	first := access
	a = post(t, s, bearer(access), logoutMutation, map[string]any{"input": map[string]any{"sessionId": sid}})
	require.Nil(t, a.Body["errors"], a.Raw)
	assert.Equal(t, "succeeded", a.str(t, "logoutNetwork.status"))

	s.Reset()
	a = post(t, s, "", refreshQuery, map[string]any{"refreshToken": refresh})
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t), "the session's refresh token is revoked")
	assert.Equal(t, bettermodetest.CodeUnauthorized, post(t, s, bearer(access), authMemberQuery, nil).code(t), "the session's access token is revoked")
	assert.Equal(t, bettermodetest.CodeUnauthorized, post(t, s, bearer(first), authMemberQuery, nil).code(t), "every access token of the session is revoked")
	assert.Equal(t, bettermodetest.CodeUnauthorized, post(t, s, bearer(access), logoutMutation, nil).code(t))
	assert.Equal(t, 4, s.Rejected(bettermodetest.RejectInvalidToken))

	// Without input, the token's own session; tokens without a session
	// (a guest's) have nothing to end; no token is refused.
	a = login(t, s, bearer(guestToken(t, s)), s.Member().Username, s.Member().Password)
	access = a.str(t, "loginNetwork.accessToken")
	a = post(t, s, bearer(access), logoutMutation, nil)
	assert.Equal(t, "succeeded", a.str(t, "logoutNetwork.status"))
	assert.Equal(t, bettermodetest.CodeUnauthorized, post(t, s, bearer(access), authMemberQuery, nil).code(t))
	a = post(t, s, bearer(guestToken(t, s)), logoutMutation, nil)
	assert.Equal(t, "succeeded", a.str(t, "logoutNetwork.status"))
	assert.Equal(t, bettermodetest.CodeUnauthorized, post(t, s, "", logoutMutation, nil).code(t))
}
