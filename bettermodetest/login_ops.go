package bettermodetest

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bettermode-go/bettermode/internal/jwt"
)

// The kinds of token and code that Bettermode's own login flows mint, the
// names Minted counts them by (with KindMember and KindRefresh for the
// sessions they end in).
const (
	// KindGlobal is a global (portal) token from the globalToken query. The
	// server accepts it only as the bearer of loginNetworkWithGlobalToken:
	// every other field rejects it (code "108", reason RejectGlobalToken).
	KindGlobal = "global"
	// KindOAuthCode is a single-use authorization code from the oauthCode
	// mutation.
	KindOAuthCode = "oauth_code"
	// KindEmailCode is a single-use verification code e-mailed by the
	// requestGlobalTokenCode mutation (see Server.EmailedCode).
	KindEmailCode = "email_code"
)

// Lifetimes and limits of the codes of Bettermode's own login flows.
const (
	// OAuthCodeLifetime is how long an authorization code from oauthCode
	// can be exchanged by oauthTokens.
	OAuthCodeLifetime = time.Minute
	// EmailCodeLifetime is how long an e-mailed verification code can be
	// exchanged by globalToken.
	EmailCodeLifetime = 10 * time.Minute
	// MaxEmailCodeAttempts is how many wrong codes globalToken takes for one
	// e-mailed code; the code is then void and a new one must be requested.
	MaxEmailCodeAttempts = 5
)

// Reasons the login operations reject a request, the names Rejected counts
// them by (next to RejectBadCredentials, RejectExpired, RejectReused and the
// other Reject constants).
const (
	// RejectBadCode: a wrong or unknown e-mail verification code (code "100",
	// or "108" once MaxEmailCodeAttempts wrong codes voided it), or an
	// unknown authorization code or one issued to another app (code "108").
	RejectBadCode = "bad_code"
	// RejectGlobalToken: a global token sent to a field other than
	// loginNetworkWithGlobalToken (code "108").
	RejectGlobalToken = "global_token"
	// RejectNotMember: oauthCode called with a token that does not act as
	// a member (a guest's or an app's), or loginNetworkWithGlobalToken for an
	// e-mail that is not a member of the network (code "102").
	RejectNotMember = "not_member"
)

// loginState is the server's state for the login operations.
type loginState struct {
	mu         sync.Mutex
	oauthCodes map[string]*oauthCodeEntry // by code
	emailCodes map[string]*emailCodeEntry // the last code by lowercased e-mail
	sessions   map[string]string          // session id → jti of its unused refresh token
}

type oauthCodeEntry struct {
	clientID, redirectURI, scope, state string
	memberID                            string
	expiry                              time.Time
	used                                bool
}

type emailCodeEntry struct {
	code     string
	expiry   time.Time
	attempts int
	used     bool
}

// with runs fn with the login state locked, its maps made.
func (l *loginState) with(fn func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.oauthCodes == nil {
		l.oauthCodes, l.emailCodes, l.sessions = map[string]*oauthCodeEntry{}, map[string]*emailCodeEntry{}, map[string]string{}
	}
	fn()
}

// EmailedCode returns the last verification code requestGlobalTokenCode
// e-mailed to email (in any case), as the member would read it in the
// mail, used or not, and whether one was mailed. Tests use it in place of a
// mailbox.
func (s *Server) EmailedCode(email string) (string, bool) {
	var code string
	s.login.with(func() {
		if e, ok := s.login.emailCodes[strings.ToLower(strings.TrimSpace(email))]; ok {
			code = e.code
		}
	})
	return code, code != ""
}

// inputArg returns the argument input as an object (nil when absent).
func inputArg(args map[string]any) map[string]any {
	in, _ := args["input"].(map[string]any)
	return in
}

// bearerToken returns the raw token of a "Bearer" Authorization header, or "".
func bearerToken(r *http.Request) string {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if schemeOf(h) != AuthBearer {
		return ""
	}
	_, tok, _ := strings.Cut(h, " ")
	return strings.TrimSpace(tok)
}

// claimString returns the string claim k of a token the server verified.
func claimString(token, k string) string {
	c, err := jwt.Parse(token)
	if err != nil {
		return ""
	}
	v, _ := c.Raw[k].(string)
	return v
}

// actionObject is an Action that succeeded.
func actionObject() object { return object{"__typename": "Action", "status": "succeeded"} }

// memberSession mints a session of m, continuing the session sid or
// starting one when sid is empty: an access token and a refresh token, both
// carrying the session id (which logoutNetwork ends).
func (s *Server) memberSession(m Member, sid string) object {
	if sid == "" {
		sid = "fakeSession" + randomHex(8)
	}
	extra := map[string]any{"sessionId": sid}
	tok, _, _ := s.sign(KindMember, m.Role, m.ID, s.tokenLifetime, extra)
	s.count(mintedMap, KindMember)
	refresh, jti, _ := s.sign(KindRefresh, m.Role, m.ID, s.refreshLifetime, extra)
	s.mu.Lock()
	s.refresh[jti] = refreshEntry{memberID: m.ID}
	s.mu.Unlock()
	s.login.with(func() { s.login.sessions[sid] = jti })
	s.count(mintedMap, KindRefresh)
	return object{
		"__typename": "AuthToken", "accessToken": tok, "refreshToken": refresh,
		"member": s.memberObject(m), "role": roleObject(roleByName(m.Role)),
		"network": s.networkObject(), "networkPublicInfo": s.networkPublicInfoObject(),
	}
}

// resolveOAuthCode issues an authorization code for the member whose token
// the request carries.
func (s *Server) resolveOAuthCode(r *http.Request, args map[string]any) (any, *apiError) {
	tc, aerr := s.bearer(r)
	if aerr != nil {
		return nil, aerr
	}
	if tc.kind != KindMember {
		return nil, errForbidden(RejectNotMember, "Forbidden: only a member can authorize an app")
	}
	in := inputArg(args)
	clientID, redirect, responseType := argString(in, "client_id"), argString(in, "redirect_uri"), argString(in, "response_type")
	if responseType != "code" {
		return nil, errInvalidInput(`response_type must be "code"`)
	}
	if u, err := url.Parse(redirect); err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errInvalidInput("redirect_uri must be an absolute http or https URL")
	}
	a, ok := s.appByClientID(clientID)
	if !ok {
		return nil, errNotFound("App not found")
	}
	if !a.Installed {
		return nil, errForbidden(RejectNotInstalled, "Forbidden: the app is not installed on this network")
	}
	code := randomHex(16)
	e := &oauthCodeEntry{clientID: clientID, redirectURI: redirect, scope: argString(in, "scope"), state: argString(in, "state"),
		memberID: tc.memberID, expiry: s.clock().Add(OAuthCodeLifetime)}
	s.login.with(func() { s.login.oauthCodes[code] = e })
	s.count(mintedMap, KindOAuthCode)
	return object{"__typename": "OAuthCode", "code": code}, nil
}

// resolveOAuthTokens exchanges an authorization code for a member session.
// The client credentials are checked first, so that a wrong secret does not
// spend the code.
func (s *Server) resolveOAuthTokens(args map[string]any) (any, *apiError) {
	in := inputArg(args)
	clientID, secret, code := argString(in, "client_id"), argString(in, "client_secret"), argString(in, "code")
	if argString(in, "grant_type") != "AuthorizationCode" {
		return nil, errInvalidInput("grant_type must be AuthorizationCode")
	}
	a, found := s.appByClientID(clientID)
	want := a.ClientSecret
	if !found {
		want = "\x00no such app"
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(want)) != 1 || !found || a.ClientSecret == "" {
		return nil, errUnauthorized(RejectBadCredentials, "Invalid client credentials")
	}
	var (
		memberID string
		aerr     *apiError
	)
	s.login.with(func() {
		e, ok := s.login.oauthCodes[code]
		switch {
		case !ok || e.clientID != clientID:
			aerr = errUnauthorized(RejectBadCode, "Unauthorized: invalid authorization code")
		case e.used:
			aerr = errUnauthorized(RejectReused, "Unauthorized: authorization code was already used")
		case !s.clock().Before(e.expiry):
			e.used = true
			aerr = errUnauthorized(RejectExpired, "Unauthorized: authorization code expired")
		default:
			e.used = true
			memberID = e.memberID
		}
	})
	if aerr != nil {
		return nil, aerr
	}
	m, ok := s.memberByID(memberID)
	if !ok {
		return nil, errUnauthorized(RejectBadCode, "Unauthorized: invalid authorization code")
	}
	sess := s.memberSession(m, "")
	return object{
		"__typename": "OAuthTokens", "access_token": sess["accessToken"], "refresh_token": sess["refreshToken"],
		"expires_in": int(s.tokenLifetime / time.Second), "token_type": "bearer",
	}, nil
}

// sixDigits returns a random six-digit code.
func sixDigits() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic("bettermodetest: crypto/rand: " + err.Error())
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// resolveRequestGlobalTokenCode "e-mails" a new verification code, replacing
// any earlier one. It answers the same for any address, member or not.
func (s *Server) resolveRequestGlobalTokenCode(args map[string]any) (any, *apiError) {
	email := strings.ToLower(strings.TrimSpace(argString(inputArg(args), "email")))
	if at := strings.IndexByte(email, '@'); at <= 0 || at == len(email)-1 {
		return nil, errInvalidInput("email must be an e-mail address")
	}
	e := &emailCodeEntry{code: sixDigits(), expiry: s.clock().Add(EmailCodeLifetime)}
	s.login.with(func() { s.login.emailCodes[email] = e })
	s.count(mintedMap, KindEmailCode)
	return actionObject(), nil
}

// resolveGlobalToken exchanges an e-mailed code for a global token. A wrong
// code is invalid input (code "100") while the code may still be tried; a
// used, expired or voided one is unauthorized (code "108").
func (s *Server) resolveGlobalToken(args map[string]any) (any, *apiError) {
	in := inputArg(args)
	email := strings.ToLower(strings.TrimSpace(argString(in, "email")))
	code := strings.TrimSpace(argString(in, "verificationCode"))
	var aerr *apiError
	s.login.with(func() {
		e, ok := s.login.emailCodes[email]
		switch {
		case !ok:
			aerr = &apiError{code: CodeInvalidInput, message: "Invalid verification code", status: http.StatusBadRequest, reason: RejectBadCode}
		case subtle.ConstantTimeCompare([]byte(code), []byte(e.code)) != 1:
			e.attempts++ // MaxEmailCodeAttempts of them void the code
			aerr = &apiError{code: CodeInvalidInput, message: "Invalid verification code", status: http.StatusBadRequest, reason: RejectBadCode}
		case e.attempts >= MaxEmailCodeAttempts:
			aerr = errUnauthorized(RejectBadCode, "Unauthorized: too many wrong codes; request a new code")
		case e.used:
			aerr = errUnauthorized(RejectReused, "Unauthorized: verification code was already used")
		case !s.clock().Before(e.expiry):
			e.used = true
			aerr = errUnauthorized(RejectExpired, "Unauthorized: verification code expired")
		default:
			e.used = true
		}
	})
	if aerr != nil {
		return nil, aerr
	}
	sum := sha256.Sum256([]byte(email))
	tok, _, _ := s.sign(KindGlobal, "", "fakeUser"+hex.EncodeToString(sum[:6]), s.tokenLifetime, map[string]any{"email": email})
	s.count(mintedMap, KindGlobal)
	return object{"__typename": "GlobalToken", "accessToken": tok, "email": email}, nil
}

// resolveLoginWithGlobalToken logs the holder of a global token in to the
// network as the member with the token's e-mail.
func (s *Server) resolveLoginWithGlobalToken(r *http.Request, args map[string]any) (any, *apiError) {
	tok := bearerToken(r)
	if tok == "" {
		return nil, errToken(RejectUnauthenticated)
	}
	if _, reason := s.verify(tok, KindGlobal); reason != "" {
		return nil, errToken(reason)
	}
	if argString(inputArg(args), "networkId") != s.network.ID {
		return nil, errNotFound("Network not found")
	}
	email := claimString(tok, "email")
	for _, m := range s.members {
		if m.Email != "" && strings.EqualFold(m.Email, email) {
			return s.memberSession(m, ""), nil
		}
	}
	return nil, errForbidden(RejectNotMember, "Forbidden: you are not a member of this network")
}

// resolveLogout ends the session of the request's token: its refresh token
// stops working, and so do its access tokens (bearer refuses a token of a
// session that is no longer in login.sessions). A token without a session
// (a guest's, an app's, one from MintToken) has nothing to end.
func (s *Server) resolveLogout(r *http.Request, args map[string]any) (any, *apiError) {
	if _, aerr := s.bearer(r); aerr != nil {
		return nil, aerr
	}
	sid := claimString(bearerToken(r), "sessionId")
	if in := inputArg(args); in != nil {
		if want := argString(in, "sessionId"); want != sid || sid == "" {
			return nil, errNotFound("Session not found")
		}
	}
	if sid == "" {
		return actionObject(), nil
	}
	var jti string
	s.login.with(func() {
		jti = s.login.sessions[sid]
		delete(s.login.sessions, sid)
	})
	if jti != "" {
		s.mu.Lock()
		delete(s.refresh, jti)
		s.mu.Unlock()
	}
	return actionObject(), nil
}
