package bettermodetest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/bettermode-go/bettermode/internal/jwt"
)

// Token kinds: the kind claim of the tokens the server mints, and the names
// Minted counts them by.
const (
	// KindGuest is a guest access token, from tokens(networkDomain|networkId).
	KindGuest = "guest"
	// KindMember is a member access token, from loginNetwork or a refresh.
	KindMember = "member"
	// KindApp is an app access token (a bot's or an impersonated member's),
	// from limitedToken.
	KindApp = "app"
	// KindRefresh is a member's single-use refresh token.
	KindRefresh = "refresh"
)

// regionKeys are the HS256 keys each region signs with.
var regionKeys = map[string][]byte{
	RegionUS: regionKey(RegionUS),
	RegionEU: regionKey(RegionEU),
}

func regionKey(region string) []byte {
	k := sha256.Sum256([]byte("bettermodetest fake signing key for region " + region))
	return k[:]
}

// refreshEntry is an unused refresh token. (Its expiry is checked from its
// claims, like any token's.)
type refreshEntry struct {
	memberID string
}

// tokenClaims are the claims of a token the server verified.
type tokenClaims struct {
	kind, role, memberID, appID string
	expiry                      time.Time
	jti                         string
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// sign mints a token of kind for memberID with role, lasting lifetime.
func (s *Server) sign(kind, roleName, memberID string, lifetime time.Duration, extra map[string]any) (token, jti string, expiry time.Time) {
	now := s.clock()
	expiry = now.Add(lifetime).Truncate(time.Second)
	jti = randomHex(16)
	claims := map[string]any{
		"exp": expiry.Unix(), "iat": now.Unix(), "networkId": s.network.ID, "role": roleName,
		"id": memberID, "kind": kind, "region": s.region, "jti": jti,
	}
	for k, v := range extra {
		claims[k] = v
	}
	token, err := jwt.SignHS256(claims, s.key)
	if err != nil {
		panic("bettermodetest: signing a token: " + err.Error()) // claims are plain values
	}
	return token, jti, expiry
}

// mintRefresh mints a refresh token for m and remembers it as unused.
func (s *Server) mintRefresh(m Member) string {
	tok, jti, _ := s.sign(KindRefresh, m.Role, m.ID, s.refreshLifetime, nil)
	s.mu.Lock()
	s.refresh[jti] = refreshEntry{memberID: m.ID}
	s.mu.Unlock()
	return tok
}

// MintToken returns a valid token of kind for memberID, as if the server had
// minted it by a request, so that a test can skip the flow that mints it:
//
//   - KindGuest: a guest token; memberID is ignored (a "GUEST_…" id is made).
//   - KindMember: a member session of memberID (empty means Member().ID).
//   - KindApp: an App() token acting as memberID, or as the app's bot when
//     memberID is empty.
//   - KindRefresh: an unused refresh token of memberID (empty means Member().ID).
//
// The token expires after the configured lifetime from the server's clock.
// MintToken does not count in Minted. It panics on an unknown kind or member.
func (s *Server) MintToken(kind, memberID string) string {
	switch kind {
	case KindGuest:
		tok, _, _ := s.sign(KindGuest, RoleGuest, "GUEST_"+randomHex(8), s.tokenLifetime, nil)
		return tok
	case KindMember, KindRefresh:
		if memberID == "" {
			memberID = defaultMember.ID
		}
		m, ok := s.memberByID(memberID)
		if !ok {
			panic(fmt.Sprintf("bettermodetest: MintToken: unknown member %q", memberID))
		}
		if kind == KindRefresh {
			return s.mintRefresh(m)
		}
		tok, _, _ := s.sign(KindMember, m.Role, m.ID, s.tokenLifetime, nil)
		return tok
	case KindApp:
		a := s.App()
		tok, _, err := s.mintAppToken(a, memberID, "NETWORK", s.network.ID)
		if err != nil {
			panic(fmt.Sprintf("bettermodetest: MintToken: unknown member %q", memberID))
		}
		return tok
	}
	panic(fmt.Sprintf("bettermodetest: MintToken: unknown kind %q", kind))
}

// mintAppToken mints a token of app a acting as memberID, or as a's bot when
// memberID is empty. It fails with a not-found error for an unknown member.
func (s *Server) mintAppToken(a App, memberID, context, entityID string) (string, time.Time, *apiError) {
	id, roleName := botID(a), RoleAdmin
	if memberID != "" {
		m, ok := s.memberByID(memberID)
		if !ok {
			return "", time.Time{}, errNotFound("Member not found")
		}
		id, roleName = m.ID, m.Role
	}
	tok, _, exp := s.sign(KindApp, roleName, id, s.tokenLifetime,
		map[string]any{"appId": a.ID, "context": context, "entityId": entityID})
	return tok, exp, nil
}

// verify checks token and returns its claims, or the reason it is rejected.
// wantKinds lists the kinds accepted.
func (s *Server) verify(token string, wantKinds ...string) (tokenClaims, string) {
	c, err := jwt.VerifyHS256(token, s.key)
	if err != nil {
		if _, perr := jwt.Parse(token); perr != nil {
			return tokenClaims{}, RejectInvalidToken
		}
		for region, key := range regionKeys {
			if region == s.region {
				continue
			}
			if _, err := jwt.VerifyHS256(token, key); err == nil {
				return tokenClaims{}, RejectWrongRegion
			}
		}
		return tokenClaims{}, RejectForged
	}
	str := func(k string) string { v, _ := c.Raw[k].(string); return v }
	if str("region") != s.region {
		return tokenClaims{}, RejectWrongRegion
	}
	tc := tokenClaims{kind: str("kind"), role: c.Role, memberID: c.MemberID, appID: str("appId"), expiry: c.Expiry, jti: str("jti")}
	if c.Expiry.IsZero() || c.NetworkID != s.network.ID || tc.memberID == "" {
		return tokenClaims{}, RejectInvalidToken
	}
	if !s.clock().Before(c.Expiry) {
		return tokenClaims{}, RejectExpired
	}
	ok := false
	for _, k := range wantKinds {
		ok = ok || tc.kind == k
	}
	if !ok {
		return tokenClaims{}, RejectInvalidToken
	}
	if tc.kind == KindApp {
		if a, found := s.appByID(tc.appID); !found || !a.Installed {
			return tokenClaims{}, RejectInvalidToken
		}
	}
	if tc.kind == KindMember || (tc.kind == KindApp && tc.memberID != botID(App{ID: tc.appID})) {
		if _, found := s.memberByID(tc.memberID); !found {
			return tokenClaims{}, RejectInvalidToken
		}
	}
	return tc, ""
}

// redeemRefresh checks a refresh token and marks it used, returning its member.
func (s *Server) redeemRefresh(token string) (Member, string) {
	tc, reason := s.verify(token, KindRefresh)
	if reason != "" {
		return Member{}, reason
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.refresh[tc.jti]
	if !ok {
		if s.usedRefresh[tc.jti] {
			return Member{}, RejectReused
		}
		return Member{}, RejectInvalidToken
	}
	delete(s.refresh, tc.jti)
	s.usedRefresh[tc.jti] = true
	m, found := s.memberByID(e.memberID)
	if !found {
		return Member{}, RejectInvalidToken
	}
	return m, ""
}
