package bettermode

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func authTokenJSON(access, refresh, role, memberID, memberName string) string {
	return fmt.Sprintf(`{"accessToken":%q,"refreshToken":%q,"role":{"name":%q,"scopes":["network:view"]},"member":{"id":%q,"name":%q}}`,
		access, refresh, role, memberID, memberName)
}

func newTestClient(t *testing.T, api *fakeAPI, src CredentialSource, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithEndpoint(api.URL), WithCredentials(src)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestSourcesGolden(t *testing.T) {
	guest := ok(`{"tokens":` + authTokenJSON(guestJWT(t), "fake-refresh-token-0", "Guest", "GUEST_fake01", "Guest") + `}`)
	login := ok(`{"loginNetwork":` + authTokenJSON(memberJWT(t, 1), "fake-refresh-token-1", "Member", fakeMemberID, "Fake Member") + `}`)
	bot := ok(`{"limitedToken":{"accessToken":"` + appJWT(t, "") + `","gatewayUrl":null}}`)
	imp := ok(`{"limitedToken":{"accessToken":"` + appJWT(t, fakeMemberID) + `","gatewayUrl":null}}`)

	tests := []struct {
		name      string
		src       CredentialSource
		answers   map[string][]answer
		order     []answer
		wantKind  TokenKind
		wantRole  string
		wantMem   string
		wantCalls int
	}{
		{name: "guest-by-domain", src: Guest{NetworkDomain: fakeDomain}, answers: map[string][]answer{"Tokens": {guest}}, order: []answer{guest},
			wantKind: KindGuest, wantRole: "Guest", wantMem: "GUEST_fake01", wantCalls: 1},
		{name: "guest-by-id", src: Guest{NetworkID: fakeNetwork}, answers: map[string][]answer{"Tokens": {guest}}, order: []answer{guest},
			wantKind: KindGuest, wantRole: "Guest", wantMem: "GUEST_fake01", wantCalls: 1},
		{name: "member-login", src: Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: fakePassword},
			answers: map[string][]answer{"Tokens": {guest}, "LoginNetwork": {login}}, order: []answer{guest, login},
			wantKind: KindMember, wantRole: "Member", wantMem: fakeMemberID, wantCalls: 2},
		{name: "app-bot", src: App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork},
			answers: map[string][]answer{"LimitedToken": {bot}}, order: []answer{bot}, wantKind: KindApp, wantRole: "admin", wantCalls: 1},
		{name: "app-impersonate", src: App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork, ImpersonateMemberID: fakeMemberID, Context: ContextSpace, EntityID: "fakeSpace01"},
			answers: map[string][]answer{"LimitedToken": {imp}}, order: []answer{imp}, wantKind: KindApp, wantRole: "admin", wantMem: fakeMemberID, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, tt.answers)
			c := newTestClient(t, api, tt.src)
			tok, err := c.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.wantKind, tok.Kind)
			assert.Equal(t, tt.wantRole, tok.Role)
			assert.Equal(t, tt.wantMem, tok.MemberID)
			assert.Equal(t, fakeNetwork, tok.NetworkID)
			assert.Equal(t, fixedExp, tok.Expiry.UTC())
			// warm: no more round trips
			_, err = c.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.wantCalls, api.count())
			reqs := api.requests()
			for _, r := range reqs {
				assert.Equal(t, http.MethodPost, r.Method)
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
				assert.Equal(t, DefaultUserAgent, r.Header.Get("User-Agent"))
			}
			checkGolden(t, tt.name, reqs, tt.order)
		})
	}
}

func TestMemberSendsGuestBearerToLogin(t *testing.T) {
	guest := ok(`{"tokens":` + authTokenJSON(guestJWT(t), "fake-refresh-token-0", "Guest", "GUEST_fake01", "Guest") + `}`)
	login := ok(`{"loginNetwork":` + authTokenJSON(memberJWT(t, 1), "fake-refresh-token-1", "Member", fakeMemberID, "Fake Member") + `}`)
	api := newFakeAPI(t, map[string][]answer{"Tokens": {guest}, "LoginNetwork": {login}})
	c := newTestClient(t, api, Member{NetworkID: fakeNetwork, UsernameOrEmail: fakeUser, Password: fakePassword})
	_, err := c.Token(context.Background())
	require.NoError(t, err)
	reqs := api.requests()
	require.Len(t, reqs, 2)
	assert.Empty(t, reqs[0].Header.Get("Authorization"), "tokens needs no auth")
	assert.Equal(t, "Bearer "+guestJWT(t), reqs[1].Header.Get("Authorization"))
	assert.Contains(t, string(reqs[1].Body), `"query":"mutation LoginNetwork($input: LoginNetworkWithPasswordInput!)`)
}

func TestAppSendsBasic(t *testing.T) {
	bot := ok(`{"limitedToken":{"accessToken":"` + appJWT(t, "") + `","gatewayUrl":null}}`)
	api := newFakeAPI(t, map[string][]answer{"LimitedToken": {bot}})
	c := newTestClient(t, api, App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork})
	_, err := c.Token(context.Background())
	require.NoError(t, err)
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(fakeClientID+":"+fakeSecret))
	assert.Equal(t, want, api.requests()[0].Header.Get("Authorization"))
	assert.Contains(t, string(api.requests()[0].Body), `$context: PermissionContext!, $networkId: String!, $entityId: String!`)
}

func TestEndpointUserinfoBecomesBasic(t *testing.T) {
	bot := ok(`{"limitedToken":{"accessToken":"` + appJWT(t, "") + `","gatewayUrl":null}}`)
	api := newFakeAPI(t, map[string][]answer{"LimitedToken": {bot}})
	withCreds := "http://" + fakeClientID + ":" + fakeSecret + "@" + api.Listener.Addr().String() + "/graphql"
	c, err := NewClient(WithEndpoint(withCreds), WithCredentials(App{NetworkID: fakeNetwork}))
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, api.URL+"/graphql", c.Endpoint())
	assertNoSecret(t, fmt.Sprintf("%v %+v %#v", c, c, c), fakeSecret)
	_, err = c.Token(context.Background())
	require.NoError(t, err)
	r := api.requests()[0]
	assert.Equal(t, "/graphql", r.Path)
	id, secret, okBasic := (&http.Request{Header: r.Header}).BasicAuth()
	require.True(t, okBasic)
	assert.Equal(t, fakeClientID, id)
	assert.Equal(t, fakeSecret, secret)

	_, err = NewClient(WithEndpoint(withCreds), WithCredentials(Guest{NetworkID: fakeNetwork}))
	require.ErrorIs(t, err, ErrInvalidInput)
	assertNoSecret(t, err.Error(), fakeSecret)
}

func TestSourceFailures(t *testing.T) {
	guest := ok(`{"tokens":` + authTokenJSON(guestJWT(t), "fake-refresh-token-0", "Guest", "GUEST_fake01", "Guest") + `}`)
	member := Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: fakePassword}
	app := App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork}
	// Servers that echo secrets back must not make them leak.
	echoMember := fmt.Sprintf("Invalid credentials for %s / %s / %s", fakePassword, guestJWT(t), memberJWT(t, 1))
	echoApp := fmt.Sprintf("Invalid credentials for %s / %s / %s", fakeSecret, base64.StdEncoding.EncodeToString([]byte(fakeClientID+":"+fakeSecret)), appJWT(t, ""))
	tests := []struct {
		name     string
		src      CredentialSource
		answers  map[string][]answer
		want     error
		wantCode string
		wantText string
	}{
		{name: "wrong password", src: member, answers: map[string][]answer{"Tokens": {guest}, "LoginNetwork": {gqlErr("108", echoMember)}},
			want: ErrUnauthorized, wantCode: "108", wantText: "check Member.UsernameOrEmail and Member.Password"},
		{name: "wrong secret", src: app, answers: map[string][]answer{"LimitedToken": {gqlErr("108", echoApp)}},
			want: ErrUnauthorized, wantCode: "108", wantText: "check App.ClientID and App.ClientSecret"},
		{name: "app not installed", src: app, answers: map[string][]answer{"LimitedToken": {gqlErr("102", "Forbidden")}},
			want: ErrForbidden, wantCode: "102", wantText: `published and installed on community "fakeNet0001"`},
		{name: "unknown network", src: Guest{NetworkDomain: fakeDomain}, answers: map[string][]answer{"Tokens": {gqlErr("110", "Network not found")}},
			want: ErrNotFound, wantCode: "110"},
		{name: "bad input", src: Guest{NetworkDomain: fakeDomain}, answers: map[string][]answer{"Tokens": {gqlErr("106", "Invalid input")}},
			want: ErrInvalidInput, wantCode: "106"},
		{name: "rate limited", src: app, answers: map[string][]answer{"LimitedToken": {answer{status: 429, header: map[string]string{"Retry-After": "7"}, body: "slow down"}}},
			want: ErrRateLimited, wantText: "retry after 7s"},
		{name: "http 401", src: app, answers: map[string][]answer{"LimitedToken": {answer{status: 401, body: echoApp}}}, want: ErrUnauthorized},
		{name: "http 403", src: app, answers: map[string][]answer{"LimitedToken": {answer{status: 403, body: echoApp}}}, want: ErrForbidden},
		{name: "http 500", src: member, answers: map[string][]answer{"Tokens": {answer{status: 500, body: echoMember}}}, wantText: "HTTP 500"},
		{name: "malformed json", src: member, answers: map[string][]answer{"Tokens": {guest}, "LoginNetwork": {answer{status: 200, body: `{"data": {"loginNetwork": ` + echoMember}}},
			wantText: "not valid GraphQL JSON"},
		{name: "data without token", src: Guest{NetworkID: fakeNetwork}, answers: map[string][]answer{"Tokens": {ok(`null`)}}, wantText: "no data and no errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, tt.answers)
			c := newTestClient(t, api, tt.src, WithRetryPolicy(RetryPolicy{MaxAttempts: 1, MaxRateLimitWait: -1}))
			_, err := c.Token(context.Background())
			require.Error(t, err)
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
			}
			for _, s := range []error{ErrUnauthorized, ErrForbidden, ErrRateLimited, ErrNotFound, ErrInvalidInput} {
				if s != tt.want {
					assert.NotErrorIs(t, err, s)
				}
			}
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.wantCode, e.Code)
			assert.NotZero(t, e.StatusCode)
			assert.Regexp(t, `^bettermode: `, err.Error())
			if tt.wantText != "" {
				assert.Contains(t, err.Error(), tt.wantText)
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err), fmt.Sprintf("%+v", e)} {
				assertNoSecret(t, s, secretsIn(t)...)
			}
		})
	}
}

func TestRequiredFieldsFailBeforeNetwork(t *testing.T) {
	api := newFakeAPI(t, nil)
	tests := []struct {
		name  string
		src   CredentialSource
		field string
	}{
		{"guest without network", Guest{}, "NetworkDomain"},
		{"member without network", Member{UsernameOrEmail: fakeUser, Password: fakePassword}, "NetworkDomain"},
		{"member without username", Member{NetworkID: fakeNetwork, Password: fakePassword}, "UsernameOrEmail"},
		{"member without password", Member{NetworkID: fakeNetwork, UsernameOrEmail: fakeUser}, "Password"},
		{"app without client id", App{ClientSecret: fakeSecret, NetworkID: fakeNetwork}, "ClientID"},
		{"app without secret", App{ClientID: fakeClientID, NetworkID: fakeNetwork}, "ClientSecret"},
		{"app without network", App{ClientID: fakeClientID, ClientSecret: fakeSecret}, "NetworkID"},
		{"app with bad context", App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork, Context: "GALAXY"}, "Context"},
		{"empty static token", StaticToken(""), "token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewClient(WithEndpoint(api.URL), WithCredentials(tt.src))
			require.ErrorIs(t, err, ErrInvalidInput)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.field, e.Field)
			assert.Contains(t, err.Error(), tt.field)
			assertNoSecret(t, err.Error(), fakePassword, fakeSecret)
			if tok, ok := tt.src.(interface {
				Token(context.Context) (*Token, error)
			}); ok {
				_, err := tok.Token(context.Background())
				require.ErrorIs(t, err, ErrInvalidInput, "direct Token call validates too")
			}
		})
	}
	assert.Zero(t, api.count(), "no request may be sent")
}

func TestMemberRefresh(t *testing.T) {
	guest := ok(`{"tokens":` + authTokenJSON(guestJWT(t), "fake-refresh-token-0", "Guest", "GUEST_fake01", "Guest") + `}`)
	login := ok(`{"loginNetwork":` + authTokenJSON(memberJWT(t, 1), "fake-refresh-token-1", "Member", fakeMemberID, "Fake Member") + `}`)
	renewed := ok(`{"tokens":` + authTokenJSON(memberJWT(t, 2), "fake-refresh-token-2", "Member", fakeMemberID, "Fake Member") + `}`)

	t.Run("refresh token renews", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]answer{"Tokens": {guest, renewed}, "LoginNetwork": {login}})
		src, err := Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: fakePassword}.bind(testBinding(api))
		require.NoError(t, err)
		first, err := src.Token(context.Background())
		require.NoError(t, err)
		next, err := src.(*memberSource).Refresh(context.Background(), first)
		require.NoError(t, err)
		assert.Equal(t, memberJWT(t, 2), next.AccessToken.Reveal())
		assert.Equal(t, "fake-refresh-token-2", next.RefreshToken.Reveal())
		reqs := api.requests()
		require.Len(t, reqs, 3)
		checkGolden(t, "member-refresh", reqs[2:], []answer{renewed})
		for _, r := range reqs[2:] {
			assert.NotContains(t, string(r.Body), fakePassword, "the password is sent once per session")
		}
	})
	t.Run("rejected refresh logs in again once", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]answer{"Tokens": {guest, gqlErr("108", "Invalid refresh token"), guest}, "LoginNetwork": {login}})
		src, err := Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: fakePassword}.bind(testBinding(api))
		require.NoError(t, err)
		first, err := src.Token(context.Background())
		require.NoError(t, err)
		_, err = src.(*memberSource).Refresh(context.Background(), first)
		require.NoError(t, err)
		assert.Equal(t, 5, api.count(), "login, rejected refresh, login")
	})
	t.Run("NoRelogin returns the rejection", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]answer{"Tokens": {guest, gqlErr("108", "Invalid refresh token")}, "LoginNetwork": {login}})
		src, err := Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: fakePassword, NoRelogin: true}.bind(testBinding(api))
		require.NoError(t, err)
		first, err := src.Token(context.Background())
		require.NoError(t, err)
		_, err = src.(*memberSource).Refresh(context.Background(), first)
		require.ErrorIs(t, err, ErrUnauthorized)
		assert.Equal(t, 3, api.count())
	})
	t.Run("server error does not log in again", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]answer{"Tokens": {guest, answer{status: 500, body: "boom"}}, "LoginNetwork": {login}})
		src, err := Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: fakePassword}.bind(testBinding(api))
		require.NoError(t, err)
		first, err := src.Token(context.Background())
		require.NoError(t, err)
		_, err = src.(*memberSource).Refresh(context.Background(), first)
		require.Error(t, err)
		assert.False(t, errors.Is(err, ErrUnauthorized))
		assert.Equal(t, 3, api.count())
	})
}

func testBinding(api *fakeAPI) *binding {
	b := defaultBinding()
	b.endpoint = api.URL
	b.caller.retry.MaxAttempts = 1
	return b
}
