package bettermodetest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/jwt"
)

func TestCommunity(t *testing.T) {
	s := bettermodetest.Start(t)
	assert.Equal(t, "fakeNet0001", s.Network().ID)
	assert.Equal(t, "fake-community.example.com", s.Network().Domain)
	assert.Equal(t, bettermodetest.RoleAdmin, s.Admin().Role)
	assert.Equal(t, bettermodetest.RoleMember, s.Member().Role)
	assert.NotEqual(t, s.Admin().ID, s.Member().ID)
	assert.Equal(t, "fake-client-id-0001", s.App().ClientID)
	assert.Equal(t, "fake-client-secret-0001", s.App().ClientSecret)
	assert.True(t, s.App().Installed)
	assert.False(t, s.UninstalledApp().Installed)
	assert.Len(t, s.Members(), 2)
	assert.Len(t, s.Apps(), 2)
	assert.Equal(t, bettermodetest.RegionUS, s.Region())
	assert.True(t, strings.HasPrefix(s.URL, "http://127.0.0.1:"), s.URL)
}

func TestTokensGuest(t *testing.T) {
	s := bettermodetest.Start(t)
	query := `query($networkId: ID, $networkDomain: String) {
  tokens(networkId: $networkId, networkDomain: $networkDomain) {
    accessToken refreshToken role { name scopes type } member { id name role { name } }
    network { id } networkPublicInfo { domain }
  }
}`
	for _, tc := range []struct {
		name string
		vars map[string]any
	}{
		{"networkDomain", map[string]any{"networkDomain": "fake-community.example.com"}},
		{"networkDomain in another case", map[string]any{"networkDomain": "FAKE-Community.example.com"}},
		{"networkId", map[string]any{"networkId": "fakeNet0001"}},
		{"both", map[string]any{"networkId": "fakeNet0001", "networkDomain": "fake-community.example.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, s, "", query, tc.vars)
			require.Equal(t, http.StatusOK, a.Status, a.Raw)
			assert.Equal(t, "Guest", a.str(t, "tokens.role.name"))
			assert.Equal(t, "guest", a.str(t, "tokens.role.type"))
			scopes := a.data(t, "tokens.role.scopes").([]any)
			assert.Contains(t, scopes, "network:view")
			assert.Contains(t, scopes, "network:login")
			assert.GreaterOrEqual(t, len(scopes), 3)
			assert.True(t, strings.HasPrefix(a.str(t, "tokens.member.id"), "GUEST_"))
			assert.Equal(t, "Guest", a.str(t, "tokens.member.name"))
			assert.Equal(t, "fakeNet0001", a.str(t, "tokens.network.id"))
			assert.Equal(t, "fake-community.example.com", a.str(t, "tokens.networkPublicInfo.domain"))

			tok := a.str(t, "tokens.accessToken")
			c := claims(t, tok)
			assert.Equal(t, "guest", c["kind"])
			assert.Equal(t, "Guest", c["role"])
			assert.Equal(t, "fakeNet0001", c["networkId"])
			assert.Equal(t, "us", c["region"])
			assert.Equal(t, a.str(t, "tokens.member.id"), c["id"])
			assert.NotEmpty(t, c["jti"])
			assert.InDelta(t, 3600, c["exp"].(float64)-c["iat"].(float64), 1)

			parsed, err := jwt.Parse(tok)
			require.NoError(t, err)
			assert.Equal(t, "fakeNet0001", parsed.NetworkID)
			assert.Equal(t, "Guest", parsed.Role)
		})
	}

	t.Run("tokens are unique", func(t *testing.T) {
		a, b := guestToken(t, s), guestToken(t, s)
		assert.NotEqual(t, a, b)
		assert.NotEqual(t, claims(t, a)["jti"], claims(t, b)["jti"])
	})

	for _, tc := range []struct {
		name   string
		vars   map[string]any
		code   string
		status float64
	}{
		{"unknown domain", map[string]any{"networkDomain": "other.example.com"}, "110", 404},
		{"unknown id", map[string]any{"networkId": "otherNet"}, "110", 404},
		{"no network", map[string]any{}, "100", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, s, "", query, tc.vars)
			require.Equal(t, http.StatusOK, a.Status, a.Raw)
			assert.Nil(t, a.Body["data"])
			e := a.firstError(t)
			assert.Equal(t, tc.code, e["code"])
			assert.Equal(t, tc.status, e["status"])
			assert.Equal(t, []any{"tokens"}, e["path"])
			_, err := time.Parse(time.RFC3339, e["timestamp"].(string))
			assert.NoError(t, err)
		})
	}
}

func TestLoginNetwork(t *testing.T) {
	s := bettermodetest.Start(t)
	guest := guestToken(t, s)
	const deprecatedQuery = `query Login($input: LoginNetworkWithPasswordInput!) {
  loginNetwork(input: $input) { accessToken refreshToken role { name scopes } member { id name username email role { name } } }
}`
	for _, tc := range []struct {
		name, query, user, password, wantID, wantRole string
	}{
		{"mutation by username", loginMutation, "fake-member", "fake-password-0002", "fakeMember01", "Member"},
		{"mutation by email", loginMutation, "fake-member@example.com", "fake-password-0002", "fakeMember01", "Member"},
		{"mutation by username in another case", loginMutation, "Fake-Member", "fake-password-0002", "fakeMember01", "Member"},
		{"mutation as admin", loginMutation, "fake-admin", "fake-password-0001", "fakeAdmin001", "Admin"},
		{"deprecated query", deprecatedQuery, "fake-admin@example.com", "fake-password-0001", "fakeAdmin001", "Admin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, s, bearer(guest), tc.query, map[string]any{"input": map[string]any{"usernameOrEmail": tc.user, "password": tc.password}})
			require.Equal(t, http.StatusOK, a.Status, a.Raw)
			require.Nil(t, a.Body["errors"], a.Raw)
			assert.Equal(t, tc.wantID, a.str(t, "loginNetwork.member.id"))
			assert.Equal(t, tc.wantRole, a.str(t, "loginNetwork.role.name"))
			assert.Equal(t, tc.wantRole, a.str(t, "loginNetwork.member.role.name"))
			assert.NotEmpty(t, a.data(t, "loginNetwork.role.scopes"))
			assert.NotEmpty(t, a.str(t, "loginNetwork.member.name"))
			c := claims(t, a.str(t, "loginNetwork.accessToken"))
			assert.Equal(t, "member", c["kind"])
			assert.Equal(t, tc.wantID, c["id"])
			assert.Equal(t, tc.wantRole, c["role"])
			rc := claims(t, a.str(t, "loginNetwork.refreshToken"))
			assert.Equal(t, "refresh", rc["kind"])
			assert.InDelta(t, 30*24*3600, rc["exp"].(float64)-rc["iat"].(float64), 1)
		})
	}

	t.Run("member token is accepted by authMember", func(t *testing.T) {
		tok := login(t, s, bearer(guest), "fake-member", "fake-password-0002").str(t, "loginNetwork.accessToken")
		a := post(t, s, bearer(tok), authMemberQuery, nil)
		assert.Equal(t, "fakeMember01", a.str(t, "authMember.id"), a.Raw)
		assert.Equal(t, "Member", a.str(t, "authMember.role.name"))
	})

	for _, tc := range []struct {
		name, auth, user, password, message, reason string
	}{
		{"no token", "", "fake-member", "fake-password-0002", "Unauthorized", bettermodetest.RejectUnauthenticated},
		{"empty bearer", "Bearer ", "fake-member", "fake-password-0002", "Unauthorized", bettermodetest.RejectUnauthenticated},
		{"basic credentials", basic("fake-client-id-0001", "fake-client-secret-0001"), "fake-member", "fake-password-0002", "Unauthorized", bettermodetest.RejectUnauthenticated},
		{"not a JWT", "Bearer not-a-token", "fake-member", "fake-password-0002", "Unauthorized", bettermodetest.RejectInvalidToken},
		{"wrong password", bearer(guest), "fake-member", "fake-password-0001", "Invalid credentials", bettermodetest.RejectBadCredentials},
		{"empty password", bearer(guest), "fake-member", "", "Invalid credentials", bettermodetest.RejectBadCredentials},
		{"unknown member", bearer(guest), "nobody", "fake-password-0002", "Invalid credentials", bettermodetest.RejectBadCredentials},
		{"password as username", bearer(guest), "fake-password-0002", "fake-password-0002", "Invalid credentials", bettermodetest.RejectBadCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			a := login(t, s, tc.auth, tc.user, tc.password)
			require.Equal(t, http.StatusOK, a.Status, a.Raw)
			assert.Nil(t, a.Body["data"])
			e := a.firstError(t)
			assert.Equal(t, "108", e["code"])
			assert.Equal(t, float64(401), e["status"])
			assert.Equal(t, tc.message, strings.SplitN(e["message"].(string), ":", 2)[0])
			assert.Equal(t, []any{"loginNetwork"}, e["path"])
			assert.Equal(t, 1, s.Rejected(tc.reason))
			assert.Zero(t, s.Minted(bettermodetest.KindMember))
		})
	}
}

func TestLimitedToken(t *testing.T) {
	s := bettermodetest.Start(t)
	app := basic(s.App().ClientID, s.App().ClientSecret)
	net := s.Network().ID

	for _, context := range []string{"MEMBER", "NETWORK", "POST", "SPACE"} {
		t.Run("bot in context "+context, func(t *testing.T) {
			a := limited(t, s, app, context, net, "entity-"+context, nil)
			require.Equal(t, http.StatusOK, a.Status, a.Raw)
			require.Nil(t, a.Body["errors"], a.Raw)
			assert.Nil(t, a.data(t, "limitedToken.gatewayUrl"))
			c := claims(t, a.str(t, "limitedToken.accessToken"))
			assert.Equal(t, "app", c["kind"])
			assert.Equal(t, "BOT_"+s.App().ID, c["id"])
			assert.Equal(t, "Admin", c["role"])
			assert.Equal(t, context, c["context"])

			me := post(t, s, bearer(a.str(t, "limitedToken.accessToken")), authMemberQuery, nil)
			assert.Equal(t, "BOT_"+s.App().ID, me.str(t, "authMember.id"), me.Raw)
			assert.Equal(t, "Admin", me.str(t, "authMember.role.name"))
		})
	}

	t.Run("impersonate", func(t *testing.T) {
		a := limited(t, s, app, "NETWORK", net, net, s.Member().ID)
		require.Nil(t, a.Body["errors"], a.Raw)
		c := claims(t, a.str(t, "limitedToken.accessToken"))
		assert.Equal(t, "app", c["kind"])
		assert.Equal(t, s.Member().ID, c["id"])
		assert.Equal(t, "Member", c["role"])
		me := post(t, s, bearer(a.str(t, "limitedToken.accessToken")), authMemberQuery, nil)
		assert.Equal(t, s.Member().ID, me.str(t, "authMember.id"), me.Raw)
	})

	t.Run("context as an inline enum literal", func(t *testing.T) {
		a := post(t, s, app, `{ limitedToken(context: SPACE, entityId: "space-1", networkId: "fakeNet0001") { accessToken } }`, nil)
		require.Nil(t, a.Body["errors"], a.Raw)
		assert.Equal(t, "SPACE", claims(t, a.str(t, "limitedToken.accessToken"))["context"])
	})

	for _, tc := range []struct {
		name, auth, networkID, entityID string
		impersonate                     any
		code, reason                    string
		status                          float64
	}{
		{"no credentials", "", net, net, nil, "108", bettermodetest.RejectUnauthenticated, 401},
		{"bearer instead of basic", bearer(s.MintToken(bettermodetest.KindMember, "")), net, net, nil, "108", bettermodetest.RejectUnauthenticated, 401},
		{"wrong secret", basic(s.App().ClientID, "fake-client-secret-0002"), net, net, nil, "108", bettermodetest.RejectBadCredentials, 401},
		{"unknown client id", basic("fake-client-id-9999", s.App().ClientSecret), net, net, nil, "108", bettermodetest.RejectBadCredentials, 401},
		{"malformed basic", "Basic !!!", net, net, nil, "108", bettermodetest.RejectUnauthenticated, 401},
		{"not installed", basic(s.UninstalledApp().ClientID, s.UninstalledApp().ClientSecret), net, net, nil, "102", bettermodetest.RejectNotInstalled, 403},
		{"other network", app, "otherNet0001", net, nil, "102", bettermodetest.RejectNotInstalled, 403},
		{"unknown member", app, net, net, "nobody", "110", bettermodetest.RejectNotFound, 404},
		{"empty entityId", app, net, "", nil, "100", bettermodetest.RejectValidation, 400},
		{"blank entityId", app, net, "  ", nil, "100", bettermodetest.RejectValidation, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			a := limited(t, s, tc.auth, "NETWORK", tc.networkID, tc.entityID, tc.impersonate)
			require.Equal(t, http.StatusOK, a.Status, a.Raw)
			assert.Nil(t, a.Body["data"])
			e := a.firstError(t)
			assert.Equal(t, tc.code, e["code"], a.Raw)
			assert.Equal(t, tc.status, e["status"])
			assert.Equal(t, []any{"limitedToken"}, e["path"])
			if tc.code == "102" {
				assert.Contains(t, e["message"], "Forbidden")
			}
			assert.Equal(t, 1, s.Rejected(tc.reason))
			assert.Zero(t, s.Minted(bettermodetest.KindApp))
		})
	}

	t.Run("gateway URL", func(t *testing.T) {
		gw := bettermodetest.Start(t, bettermodetest.WithGatewayURL("https://gateway.fake-community.example.com"))
		a := limited(t, gw, app, "NETWORK", net, net, nil)
		assert.Equal(t, "https://gateway.fake-community.example.com", a.str(t, "limitedToken.gatewayUrl"), a.Raw)
	})
}

func TestAuthenticatedQueries(t *testing.T) {
	s := bettermodetest.Start(t)
	tokens := map[string]string{
		"guest":       guestToken(t, s),
		"member":      s.MintToken(bettermodetest.KindMember, ""),
		"admin":       s.MintToken(bettermodetest.KindMember, s.Admin().ID),
		"bot":         s.MintToken(bettermodetest.KindApp, ""),
		"impersonate": s.MintToken(bettermodetest.KindApp, s.Member().ID),
	}
	wantMember := map[string]string{
		"guest": claims(t, tokens["guest"])["id"].(string), "member": s.Member().ID, "admin": s.Admin().ID,
		"bot": "BOT_" + s.App().ID, "impersonate": s.Member().ID,
	}
	wantRole := map[string]string{"guest": "Guest", "member": "Member", "admin": "Admin", "bot": "Admin", "impersonate": "Member"}
	for _, kind := range []string{"guest", "member", "admin", "bot", "impersonate"} {
		t.Run(kind, func(t *testing.T) {
			auth := bearer(tokens[kind])
			a := post(t, s, auth, authMemberQuery, nil)
			require.Nil(t, a.Body["errors"], a.Raw)
			assert.Equal(t, wantMember[kind], a.str(t, "authMember.id"))
			assert.Equal(t, wantRole[kind], a.str(t, "authMember.role.name"))

			a = post(t, s, auth, `{ network { id name domain status visibility membership } }`, nil)
			require.Nil(t, a.Body["errors"], a.Raw)
			assert.Equal(t, map[string]any{
				"id": "fakeNet0001", "name": "Fake Community", "domain": "fake-community.example.com",
				"status": "published", "visibility": "public", "membership": "open",
			}, a.data(t, "network"))

			a = post(t, s, auth, `query($id: ID) { member(id: $id) { id username } }`, map[string]any{"id": s.Admin().ID})
			require.Nil(t, a.Body["errors"], a.Raw)
			assert.Equal(t, "fake-admin", a.str(t, "member.username"))
		})
	}

	t.Run("member lookups", func(t *testing.T) {
		auth := bearer(tokens["member"])
		for _, tc := range []struct {
			name, query, code, want string
		}{
			{"by username", `{ member(username: "FAKE-ADMIN") { id } }`, "", s.Admin().ID},
			{"by id and username", `{ member(id: "fakeMember01", username: "fake-member") { id } }`, "", s.Member().ID},
			{"bot", `{ member(id: "BOT_fakeApp0001") { id } }`, "", "BOT_fakeApp0001"},
			{"unknown id", `{ member(id: "nobody") { id } }`, "110", ""},
			{"id and username of two members", `{ member(id: "fakeMember01", username: "fake-admin") { id } }`, "110", ""},
			{"no argument", `{ member { id } }`, "100", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := post(t, s, auth, tc.query, nil)
				if tc.code != "" {
					assert.Equal(t, tc.code, a.code(t), a.Raw)
					return
				}
				require.Nil(t, a.Body["errors"], a.Raw)
				assert.Equal(t, tc.want, a.str(t, "member.id"))
			})
		}
	})

	for _, field := range []string{"authMember { id }", "network { id }", `member(id: "fakeMember01") { id }`} {
		name := strings.Fields(field)[0]
		name, _, _ = strings.Cut(name, "(")
		t.Run(name+" without a token", func(t *testing.T) {
			for _, auth := range []string{"", basic(s.App().ClientID, s.App().ClientSecret), "Token abc", "Bearer x.y.z"} {
				a := post(t, s, auth, "{ "+field+" }", nil)
				require.Equal(t, http.StatusOK, a.Status)
				assert.Nil(t, a.Body["data"])
				assert.Equal(t, "108", a.code(t), a.Raw)
				assert.Equal(t, []any{name}, a.firstError(t)["path"])
			}
		})
	}

	t.Run("refresh token is not an access token", func(t *testing.T) {
		a := post(t, s, bearer(s.MintToken(bettermodetest.KindRefresh, "")), authMemberQuery, nil)
		assert.Equal(t, "108", a.code(t), a.Raw)
	})
}

func TestRefreshRotation(t *testing.T) {
	s := bettermodetest.Start(t)
	guest := guestToken(t, s)
	first := login(t, s, bearer(guest), "fake-member", "fake-password-0002")
	refresh1 := first.str(t, "loginNetwork.refreshToken")

	a := post(t, s, "", refreshQuery, map[string]any{"refreshToken": refresh1})
	require.Nil(t, a.Body["errors"], a.Raw)
	access2, refresh2 := a.str(t, "tokens.accessToken"), a.str(t, "tokens.refreshToken")
	assert.NotEqual(t, first.str(t, "loginNetwork.accessToken"), access2)
	assert.NotEqual(t, refresh1, refresh2)
	assert.Equal(t, s.Member().ID, a.str(t, "tokens.member.id"))
	assert.Equal(t, "Member", a.str(t, "tokens.role.name"))
	assert.Equal(t, "member", claims(t, access2)["kind"])
	assert.Equal(t, 2, s.Minted(bettermodetest.KindRefresh))
	assert.Equal(t, 2, s.Minted(bettermodetest.KindMember))

	me := post(t, s, bearer(access2), authMemberQuery, nil)
	assert.Equal(t, s.Member().ID, me.str(t, "authMember.id"), me.Raw)

	for _, tc := range []struct {
		name, token, reason string
	}{
		{"reused refresh token", refresh1, bettermodetest.RejectReused},
		{"access token as refresh token", access2, bettermodetest.RejectInvalidToken},
		{"guest token as refresh token", guest, bettermodetest.RejectInvalidToken},
		{"garbage", "garbage", bettermodetest.RejectInvalidToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			a := post(t, s, "", refreshQuery, map[string]any{"refreshToken": tc.token})
			assert.Nil(t, a.Body["data"])
			assert.Equal(t, "108", a.code(t), a.Raw)
			assert.Equal(t, float64(401), a.firstError(t)["status"])
			assert.Equal(t, 1, s.Rejected(tc.reason))
			assert.Zero(t, s.Minted(bettermodetest.KindMember))
		})
	}

	t.Run("rotated token works once", func(t *testing.T) {
		a := post(t, s, "", refreshQuery, map[string]any{"refreshToken": refresh2})
		require.Nil(t, a.Body["errors"], a.Raw)
		a = post(t, s, "", refreshQuery, map[string]any{"refreshToken": refresh2})
		assert.Equal(t, "108", a.code(t), a.Raw)
	})

	t.Run("MintToken refresh", func(t *testing.T) {
		a := post(t, s, "", refreshQuery, map[string]any{"refreshToken": s.MintToken(bettermodetest.KindRefresh, s.Admin().ID)})
		require.Nil(t, a.Body["errors"], a.Raw)
		assert.Equal(t, s.Admin().ID, a.str(t, "tokens.member.id"))
		assert.Equal(t, "Admin", a.str(t, "tokens.role.name"))
	})
}

func TestExpiry(t *testing.T) {
	clock := newFakeClock()
	s := bettermodetest.Start(t, bettermodetest.WithClock(clock.Now),
		bettermodetest.WithTokenLifetime(10*time.Minute), bettermodetest.WithRefreshTokenLifetime(2*time.Hour))
	assert.Equal(t, clock.Now(), s.Now())

	guest := guestToken(t, s)
	c := claims(t, guest)
	assert.Equal(t, float64(clock.Now().Unix()), c["iat"])
	assert.Equal(t, float64(clock.Now().Add(10*time.Minute).Unix()), c["exp"])

	session := login(t, s, bearer(guest), "fake-member", "fake-password-0002")
	member, refresh := session.str(t, "loginNetwork.accessToken"), session.str(t, "loginNetwork.refreshToken")
	app := limited(t, s, basic(s.App().ClientID, s.App().ClientSecret), "NETWORK", s.Network().ID, "x", nil).str(t, "limitedToken.accessToken")

	clock.Advance(10*time.Minute - time.Second)
	for _, tok := range []string{guest, member, app} {
		a := post(t, s, bearer(tok), authMemberQuery, nil)
		require.Nil(t, a.Body["errors"], a.Raw)
	}

	clock.Advance(time.Second)
	s.Reset()
	for name, tok := range map[string]string{"guest": guest, "member": member, "app": app} {
		t.Run(name+" expired", func(t *testing.T) {
			a := post(t, s, bearer(tok), authMemberQuery, nil)
			assert.Equal(t, "108", a.code(t), a.Raw)
			assert.Contains(t, a.firstError(t)["message"], "expired")
		})
	}
	assert.Equal(t, 3, s.Rejected(bettermodetest.RejectExpired))

	t.Run("expired guest token cannot log in", func(t *testing.T) {
		a := login(t, s, bearer(guest), "fake-member", "fake-password-0002")
		assert.Equal(t, "108", a.code(t), a.Raw)
	})

	t.Run("refresh token outlives the access token", func(t *testing.T) {
		spare := s.MintToken(bettermodetest.KindRefresh, "")
		a := post(t, s, "", refreshQuery, map[string]any{"refreshToken": refresh})
		require.Nil(t, a.Body["errors"], a.Raw)
		clock.Advance(2 * time.Hour)
		s.Reset()
		a = post(t, s, "", refreshQuery, map[string]any{"refreshToken": spare})
		assert.Equal(t, "108", a.code(t), a.Raw)
		assert.Equal(t, 1, s.Rejected(bettermodetest.RejectExpired))
	})
}

func TestForgedTokens(t *testing.T) {
	s := bettermodetest.Start(t)
	good := s.MintToken(bettermodetest.KindMember, "")
	parts := strings.Split(good, ".")
	forgedClaims := claims(t, good)
	forgedClaims["id"] = s.Admin().ID
	forgedClaims["role"] = "Admin"
	otherKey, err := jwt.SignHS256(forgedClaims, []byte("not the server's key"))
	require.NoError(t, err)
	resigned, err := jwt.SignHS256(forgedClaims, []byte("x"))
	require.NoError(t, err)
	swapped := strings.Split(resigned, ".")[0] + "." + strings.Split(resigned, ".")[1] + "." + parts[2]
	noneAlg := "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + parts[1] + "."

	for _, tc := range []struct {
		name, token, reason string
	}{
		{"signed with another key", otherKey, bettermodetest.RejectForged},
		{"claims swapped under a valid signature", swapped, bettermodetest.RejectForged},
		{"alg none", noneAlg, bettermodetest.RejectForged},
		{"truncated signature", good[:len(good)-4], bettermodetest.RejectForged},
		{"two segments", parts[0] + "." + parts[1], bettermodetest.RejectInvalidToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Reset()
			a := post(t, s, bearer(tc.token), authMemberQuery, nil)
			assert.Equal(t, "108", a.code(t), a.Raw)
			assert.Equal(t, 1, s.Rejected(tc.reason), a.Raw)
		})
	}
}

func TestRegions(t *testing.T) {
	us := bettermodetest.Start(t)
	eu := bettermodetest.Start(t, bettermodetest.WithRegion("EU"))
	assert.Equal(t, bettermodetest.RegionEU, eu.Region())
	servers := map[string]*bettermodetest.Server{"us": us, "eu": eu}
	for _, tc := range []struct{ issuer, verifier string }{{"us", "us"}, {"eu", "eu"}, {"us", "eu"}, {"eu", "us"}} {
		t.Run(tc.issuer+" token on "+tc.verifier, func(t *testing.T) {
			issuer, verifier := servers[tc.issuer], servers[tc.verifier]
			tok := guestToken(t, issuer)
			assert.Equal(t, tc.issuer, claims(t, tok)["region"])
			verifier.Reset()
			a := post(t, verifier, bearer(tok), authMemberQuery, nil)
			if tc.issuer == tc.verifier {
				require.Nil(t, a.Body["errors"], a.Raw)
				return
			}
			assert.Equal(t, "108", a.code(t), a.Raw)
			assert.Equal(t, 1, verifier.Rejected(bettermodetest.RejectWrongRegion))
			a = login(t, verifier, bearer(tok), "fake-member", "fake-password-0002")
			assert.Equal(t, "108", a.code(t), a.Raw)
			a = post(t, verifier, "", refreshQuery, map[string]any{"refreshToken": issuer.MintToken(bettermodetest.KindRefresh, "")})
			assert.Equal(t, "108", a.code(t), a.Raw)
		})
	}
	assert.Panics(t, func() { bettermodetest.New(bettermodetest.WithRegion("mars")) })
}

func TestHTTPAuthErrors(t *testing.T) {
	plain := bettermodetest.Start(t)
	strict := bettermodetest.Start(t, bettermodetest.WithHTTPAuthErrors())
	for _, tc := range []struct {
		name, auth, query string
		vars              map[string]any
		code              string
		plain, strict     int
	}{
		{"unauthenticated", "", authMemberQuery, nil, "108", 200, 401},
		{"not installed", basic("fake-client-id-0002", "fake-client-secret-0002"), limitedQuery,
			map[string]any{"context": "NETWORK", "networkId": "fakeNet0001", "entityId": "x"}, "102", 200, 403},
		{"not found is not an auth error", "", guestQuery, map[string]any{"networkDomain": "nope.example.com"}, "110", 200, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, plain, tc.auth, tc.query, tc.vars)
			b := post(t, strict, tc.auth, tc.query, tc.vars)
			assert.Equal(t, tc.plain, a.Status)
			assert.Equal(t, tc.strict, b.Status)
			assert.Equal(t, tc.code, a.code(t))
			assert.Equal(t, tc.code, b.code(t))
			ea, eb := a.firstError(t), b.firstError(t)
			delete(ea, "timestamp")
			delete(eb, "timestamp")
			assert.Equal(t, ea, eb)
			assert.Contains(t, b.Raw, `"data":null`)
		})
	}
}

func TestProjection(t *testing.T) {
	s := bettermodetest.Start(t)
	auth := bearer(s.MintToken(bettermodetest.KindMember, ""))
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		want        string
		complexity  float64
	}{
		{"aliases and order", `{ b: authMember { z: username a: id } a: network { domain } }`, nil,
			`{"b":{"z":"fake-member","a":"fakeMember01"},"a":{"domain":"fake-community.example.com"}}`, 5},
		{"typename", `{ __typename authMember { __typename role { __typename name } } }`, nil,
			`{"__typename":"Query","authMember":{"__typename":"Member","role":{"__typename":"Role","name":"Member"}}}`, 3},
		{"fragments", `query { authMember { ...Who ... on Member { role { ...R } } } }
fragment Who on Member { id name }
fragment R on Role { name type }`, nil,
			`{"authMember":{"id":"fakeMember01","name":"Fake Member","role":{"name":"Member","type":"member"}}}`, 6},
		{"merged fields", `{ authMember { role { name } role { id } id } }`, nil,
			`{"authMember":{"role":{"name":"Member","id":"fakeRoleMembr1"},"id":"fakeMember01"}}`, 6},
		{"skip and include", `query($yes: Boolean!) { authMember { id @skip(if: $yes) name @include(if: $yes) username @include(if: false) } }`,
			map[string]any{"yes": true}, `{"authMember":{"name":"Fake Member"}}`, 4},
		{"lists", `{ network { roles { name } } }`, nil,
			`{"network":{"roles":[{"name":"Admin"},{"name":"Moderator"},{"name":"Member"},{"name":"Guest"}]}}`, 3},
		{"nulls", `{ authMember { tagline lastSeenAt } }`, nil, `{"authMember":{"tagline":null,"lastSeenAt":null}}`, 3},
		{"operation name", `query A { network { id } } query B { authMember { id } }`, nil, `{"authMember":{"id":"fakeMember01"}}`, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := map[string]any{"query": tc.query, "variables": tc.vars}
			if strings.HasPrefix(tc.query, "query A") {
				body["operationName"] = "B"
			}
			a := postRaw(t, s, auth, mustJSON(t, body))
			require.Equal(t, http.StatusOK, a.Status, a.Raw)
			assert.Equal(t, `{"data":`+tc.want+`,"extensions":{"complexity":`+ftoa(tc.complexity)+`}}`, a.Raw)
		})
	}
}

func TestNewHandler(t *testing.T) {
	s := bettermodetest.New()
	assert.Empty(t, s.URL)
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	resp, err := http.Post(hs.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ tokens(networkId: \"fakeNet0001\") { accessToken } }"}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	s.Close() // no-op
	assert.Equal(t, 1, s.Minted(bettermodetest.KindGuest))
}

func TestTLS(t *testing.T) {
	s := bettermodetest.Start(t, bettermodetest.WithTLS())
	require.True(t, strings.HasPrefix(s.URL, "https://127.0.0.1:"), s.URL)
	assert.NotEmpty(t, guestToken(t, s))
}

func TestWithMemberAndApp(t *testing.T) {
	s := bettermodetest.Start(t,
		bettermodetest.WithNetwork(bettermodetest.Network{Name: "Other Fake"}),
		bettermodetest.WithMember(bettermodetest.Member{ID: "fakeMod0001", Username: "fake-mod", Password: extraPassword, Role: bettermodetest.RoleModerator}),
		bettermodetest.WithMember(bettermodetest.Member{ID: "fakeMember01", Name: "Renamed", Username: "fake-member", Password: "fake-password-0002"}),
		bettermodetest.WithApp(bettermodetest.App{ID: "fakeApp0003", ClientID: "fake-client-id-0003", ClientSecret: extraSecret, Installed: true}),
	)
	assert.Equal(t, "Other Fake", s.Network().Name)
	assert.Equal(t, "fakeNet0001", s.Network().ID)
	assert.Equal(t, "Renamed", s.Member().Name)
	assert.Len(t, s.Members(), 3)
	guest := guestToken(t, s)
	a := login(t, s, bearer(guest), "fake-mod", extraPassword)
	assert.Equal(t, "Moderator", a.str(t, "loginNetwork.role.name"), a.Raw)
	a = limited(t, s, basic("fake-client-id-0003", extraSecret), "NETWORK", "fakeNet0001", "x", nil)
	assert.Equal(t, "BOT_fakeApp0003", claims(t, a.str(t, "limitedToken.accessToken"))["id"], a.Raw)

	for name, opt := range map[string]bettermodetest.Option{
		"empty member id":    bettermodetest.WithMember(bettermodetest.Member{Username: "x"}),
		"duplicate username": bettermodetest.WithMember(bettermodetest.Member{ID: "x", Username: "fake-member"}),
		"duplicate email":    bettermodetest.WithMember(bettermodetest.Member{ID: "x", Email: "FAKE-ADMIN@example.com"}),
		"unknown role":       bettermodetest.WithMember(bettermodetest.Member{ID: "x", Role: "Owner"}),
		"empty client id":    bettermodetest.WithApp(bettermodetest.App{ID: "x"}),
		"duplicate client":   bettermodetest.WithApp(bettermodetest.App{ID: "x", ClientID: "fake-client-id-0001"}),
		"zero lifetime":      bettermodetest.WithTokenLifetime(0),
	} {
		t.Run(name, func(t *testing.T) {
			assert.Panics(t, func() { bettermodetest.New(opt) })
		})
	}
}

func TestMintToken(t *testing.T) {
	s := bettermodetest.Start(t)
	for _, kind := range []string{bettermodetest.KindGuest, bettermodetest.KindMember, bettermodetest.KindApp, bettermodetest.KindRefresh} {
		tok := s.MintToken(kind, "")
		assert.Equal(t, kind, claims(t, tok)["kind"])
	}
	assert.Zero(t, s.Minted(bettermodetest.KindGuest))
	assert.Panics(t, func() { s.MintToken("root", "") })
	assert.Panics(t, func() { s.MintToken(bettermodetest.KindMember, "nobody") })
	assert.Panics(t, func() { s.MintToken(bettermodetest.KindApp, "nobody") })
}

// TestSchemaCoverage selects every field of every type the server returns and
// checks that the answer honours the schema's non-null types.
func TestSchemaCoverage(t *testing.T) {
	s := bettermodetest.Start(t)
	guest := guestToken(t, s)
	app := basic(s.App().ClientID, s.App().ClientSecret)
	for _, tc := range []struct {
		name, auth, field, typ string
	}{
		{"tokens", "", `tokens(networkId: "fakeNet0001")`, "AuthToken"},
		{"loginNetwork", bearer(guest), `loginNetwork(input: {usernameOrEmail: "fake-admin", password: "fake-password-0001"})`, "AuthToken"},
		{"limitedToken", app, `limitedToken(context: NETWORK, entityId: "x", networkId: "fakeNet0001")`, "AppToken"},
		{"authMember as guest", bearer(guest), "authMember", "Member"},
		{"authMember as bot", bearer(s.MintToken(bettermodetest.KindApp, "")), "authMember", "Member"},
		{"member", bearer(guest), `member(id: "fakeMember01")`, "Member"},
		{"network", bearer(guest), "network", "Network"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op := "query"
			if tc.name == "loginNetwork" {
				op = "mutation"
			}
			a := post(t, s, tc.auth, op+" { x: "+tc.field+" "+selectAll(t, tc.typ, 0)+" }", nil)
			require.Nil(t, a.Body["errors"], a.Raw)
			checkNonNull(t, tc.typ, a.data(t, "x"), "x")
		})
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := jsonMarshal(v)
	require.NoError(t, err)
	return b
}
