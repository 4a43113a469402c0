package bettermodetest

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// resolveRoot resolves the root field fd of the root type def (Query or
// Mutation) with args. The fields of Bettermode's login flows follow their
// own rules; introspection is open; every other field needs a valid token
// (a guest's, a member's or an app's), and is then answered by its handler,
// the community (authMember, network, member), seeded data or mock values.
func (ex *execution) resolveRoot(def *ast.Definition, fd *ast.FieldDefinition, args map[string]any) (any, *apiError) {
	s, r := ex.s, ex.r
	coord := def.Name + "." + fd.Name
	switch coord {
	case "Query.tokens":
		return s.resolveTokens(args)
	case "Query.loginNetwork", "Mutation.loginNetwork":
		return s.resolveLogin(r, args)
	case "Query.limitedToken":
		return s.resolveLimitedToken(r, args)
	case "Mutation.oauthCode":
		return s.resolveOAuthCode(r, args)
	case "Query.oauthTokens":
		return s.resolveOAuthTokens(args)
	case "Mutation.requestGlobalTokenCode":
		return s.resolveRequestGlobalTokenCode(args)
	case "Query.globalToken":
		return s.resolveGlobalToken(args)
	case "Query.loginNetworkWithGlobalToken":
		return s.resolveLoginWithGlobalToken(r, args)
	case "Mutation.logoutNetwork":
		return s.resolveLogout(r, args)
	case "Query.__schema", "Query.__type":
		return introspectionRoot(fd.Name, args), nil
	}
	tc, aerr := s.bearer(r)
	if aerr != nil {
		return nil, aerr
	}
	if h := s.handler(coord); h != nil {
		return ex.call(h, nil, args)
	}
	switch coord {
	case "Query.authMember", "Query.getAuthMember":
		return s.tokenMember(tc), nil
	case "Query.network", "Query.getNetwork":
		return s.networkObject(), nil
	case "Query.member":
		return s.resolveMember(tc, args)
	case "Query.getMember":
		return s.resolveMember(tc, map[string]any{"id": args["memberId"], "username": args["username"]})
	}
	if v, ok, aerr := s.seeded(fd, args, true, def == schema.Query); ok || aerr != nil {
		return v, aerr
	}
	return mockFor(fd, args), nil
}

// argString returns the argument k as a string ("" when absent or null).
func argString(args map[string]any, k string) string {
	switch v := args[k].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		return fmt.Sprint(v) // an ID given as an Int
	}
}

// bearer returns the claims of the request's bearer access token. A global
// token is refused: only loginNetworkWithGlobalToken takes one.
func (s *Server) bearer(r *http.Request) (tokenClaims, *apiError) {
	tok := bearerToken(r)
	if tok == "" {
		return tokenClaims{}, errToken(RejectUnauthenticated)
	}
	tc, reason := s.verify(tok, KindGuest, KindMember, KindApp)
	if reason == RejectInvalidToken {
		if _, why := s.verify(tok, KindGlobal); why == "" {
			return tokenClaims{}, errUnauthorized(RejectGlobalToken, "Unauthorized: a global token is only valid for loginNetworkWithGlobalToken")
		}
	}
	if reason != "" {
		return tokenClaims{}, errToken(reason)
	}
	if sid := claimString(tok, "sessionId"); sid != "" && !s.sessionLive(sid) {
		return tokenClaims{}, errUnauthorized(RejectInvalidToken, "Unauthorized: the session has ended")
	}
	return tc, nil
}

// sessionLive reports whether the member session sid has not been ended by
// logoutNetwork: every session the server starts is in login.sessions
// until then.
func (s *Server) sessionLive(sid string) bool {
	live := false
	s.login.with(func() { _, live = s.login.sessions[sid] })
	return live
}

// tokenMember is the member a token acts as.
func (s *Server) tokenMember(tc tokenClaims) object {
	switch {
	case tc.kind == KindGuest:
		return s.guestObject(tc.memberID)
	case tc.kind == KindApp && tc.memberID == botID(App{ID: tc.appID}):
		a, _ := s.appByID(tc.appID)
		return s.botObject(a)
	}
	m, _ := s.memberByID(tc.memberID)
	return s.memberObject(m)
}

func (s *Server) resolveTokens(args map[string]any) (any, *apiError) {
	if rt := argString(args, "refreshToken"); rt != "" {
		m, reason := s.redeemRefresh(rt)
		if reason != "" {
			return nil, errToken(reason)
		}
		return s.memberSession(m, claimString(rt, "sessionId")), nil
	}
	if argString(args, "otp") != "" || argString(args, "ssoToken") != "" {
		return nil, errInvalidInput("bettermodetest serves tokens by networkId, networkDomain or refreshToken only")
	}
	id, domain := argString(args, "networkId"), argString(args, "networkDomain")
	switch {
	case id == "" && domain == "":
		return nil, errInvalidInput("networkId or networkDomain is required")
	case id != "" && id != s.network.ID, domain != "" && !strings.EqualFold(strings.TrimSuffix(domain, "."), s.network.Domain):
		return nil, errNotFound("Network not found")
	}
	guestID := "GUEST_" + randomHex(8)
	tok, _, _ := s.sign(KindGuest, RoleGuest, guestID, s.tokenLifetime, nil)
	s.count(mintedMap, KindGuest)
	return object{
		"__typename": "AuthToken", "accessToken": tok, "refreshToken": "",
		"member": s.guestObject(guestID), "role": roleObject(roles[RoleGuest]),
		"network": s.networkObject(), "networkPublicInfo": s.networkPublicInfoObject(),
	}, nil
}

// resolveLogin logs a member in with a password. It needs a token of the
// network, as Bettermode does: normally the guest token from tokens.
func (s *Server) resolveLogin(r *http.Request, args map[string]any) (any, *apiError) {
	if _, err := s.bearer(r); err != nil {
		return nil, err
	}
	input, _ := args["input"].(map[string]any)
	login, _ := input["usernameOrEmail"].(string)
	password, _ := input["password"].(string)
	m, ok := s.memberByLogin(strings.TrimSpace(login))
	// Compare even for an unknown login, so that timing does not tell.
	want := m.Password
	if !ok {
		want = "\x00no such member"
	}
	if subtle.ConstantTimeCompare([]byte(password), []byte(want)) != 1 || !ok || m.Password == "" {
		return nil, errUnauthorized(RejectBadCredentials, "Invalid credentials")
	}
	return s.memberSession(m, ""), nil
}

// resolveLimitedToken mints an app token. It needs Basic client credentials
// of an app installed on the network.
func (s *Server) resolveLimitedToken(r *http.Request, args map[string]any) (any, *apiError) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		return nil, errUnauthorized(RejectUnauthenticated, "Unauthorized")
	}
	a, found := s.appByClientID(id)
	want := a.ClientSecret
	if !found {
		want = "\x00no such app"
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(want)) != 1 || !found || a.ClientSecret == "" {
		return nil, errUnauthorized(RejectBadCredentials, "Invalid client credentials")
	}
	if !a.Installed || argString(args, "networkId") != s.network.ID {
		return nil, errForbidden(RejectNotInstalled, "Forbidden: the app is not installed on this network")
	}
	entityID := argString(args, "entityId")
	if strings.TrimSpace(entityID) == "" {
		return nil, errInvalidInput("entityId must not be empty")
	}
	// The live API lets context be omitted; the kit takes NETWORK then.
	permCtx := argString(args, "context")
	if permCtx == "" {
		permCtx = "NETWORK"
	}
	tok, _, err := s.mintAppToken(a, argString(args, "impersonateMemberId"), permCtx, entityID)
	if err != nil {
		return nil, err
	}
	s.count(mintedMap, KindApp)
	var gw any
	if s.gatewayURL != nil {
		gw = *s.gatewayURL
	}
	return object{"__typename": "AppToken", "accessToken": tok, "gatewayUrl": gw}, nil
}

func (s *Server) resolveMember(tc tokenClaims, args map[string]any) (any, *apiError) {
	id, username := argString(args, "id"), argString(args, "username")
	if id == "" && username == "" {
		return nil, errInvalidInput("id or username is required")
	}
	for _, m := range s.members {
		if (id == "" || m.ID == id) && (username == "" || strings.EqualFold(m.Username, username)) {
			return s.memberObject(m), nil
		}
	}
	if username == "" {
		if tc.kind == KindGuest && id == tc.memberID {
			return s.guestObject(id), nil
		}
		for _, a := range s.apps {
			if botID(a) == id && a.Installed {
				return s.botObject(a), nil
			}
		}
	}
	for _, o := range s.seededOnly("Member") {
		if (id == "" || fmt.Sprint(o["id"]) == id) && (username == "" || strings.EqualFold(fmt.Sprint(o["username"]), username)) {
			return o, nil
		}
	}
	return nil, errNotFound("Member not found")
}

// seededOnly returns the objects of typename that Seed added.
func (s *Server) seededOnly(typename string) []map[string]any {
	s.fields.mu.RLock()
	defer s.fields.mu.RUnlock()
	return slices.Clone(s.fields.seeds[typename])
}
