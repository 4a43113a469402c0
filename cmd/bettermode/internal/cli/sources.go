package cli

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/cmd/bettermode/internal/store"
	"github.com/bettermode-go/bettermode/oauth"
)

// tokensDocument renews a member session with its refresh token; Bettermode
// answers with a new access token and a new (rotated) refresh token.
const tokensDocument = `query Tokens($networkId: ID, $networkDomain: String, $refreshToken: String) {
  tokens(networkId: $networkId, networkDomain: $networkDomain, refreshToken: $refreshToken) {
    accessToken
    refreshToken
    role { name }
    member { id name }
  }
}`

// sessionSource is the credential source of a stored member, e-mail code or
// app session. It hands out the stored access token while it is fresh and
// renews it otherwise: member sessions with their refresh token (saving the
// rotated one before using the new token), app sessions with the client
// secret from the environment. Renewals hold the profile's lock and read the
// file again, so that concurrent runs renew once and never send a
// single-use refresh token twice.
//
// It implements bettermode.Refresher, so that a token the API rejects is
// renewed rather than handed out again.
type sessionSource struct {
	a        *app
	st       *store.Store
	profile  string
	endpoint string

	mu       sync.Mutex
	err      error // the last failure, worded for the user
	ended    bool  // the server refused the session's refresh token
	relogged bool  // with --fake: this run's stand-in has logged the member in
}

var _ bettermode.Refresher = (*sessionSource)(nil)

func (s *sessionSource) Token(ctx context.Context) (*bettermode.Token, error) {
	sess, err := s.st.Load(s.profile)
	if err != nil {
		return nil, s.fail(err)
	}
	if s.fakeRelogin(sess) {
		return s.renew(ctx, sess.AccessToken)
	}
	if fresh(sess, time.Now()) {
		return sessionToken(sess), nil
	}
	return s.renew(ctx, "")
}

// fakeRelogin reports whether sess is a member session that this run's
// stand-in (--fake) has not started: the stand-in lives as long as one run
// and takes only the sessions it started, so each run logs the profile's
// member in again with the stand-in's preloaded credentials.
func (s *sessionSource) fakeRelogin(sess *store.Session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.a.fakeSrv != nil && !s.relogged && (sess.Kind == store.KindMember || sess.Kind == store.KindEmail)
}

func (s *sessionSource) Refresh(ctx context.Context, old *bettermode.Token) (*bettermode.Token, error) {
	rejected := ""
	if old != nil {
		rejected = old.AccessToken.Reveal()
	}
	return s.renew(ctx, rejected)
}

func (s *sessionSource) setEnded() {
	s.mu.Lock()
	s.ended = true
	s.mu.Unlock()
}

// sessionEnded reports whether the server refused the session's refresh token.
func (s *sessionSource) sessionEnded() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ended
}

// failure returns the last failure in the user's words, or nil.
func (s *sessionSource) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

func (s *sessionSource) fail(err error) error {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
	return err
}

// renew renews the session under the profile's lock. rejected is the access
// token the API refused, which is never handed out again.
func (s *sessionSource) renew(ctx context.Context, rejected string) (*bettermode.Token, error) {
	unlock, err := s.st.Lock(ctx, s.profile)
	if err != nil {
		return nil, err
	}
	defer unlock()
	sess, err := s.st.Load(s.profile)
	if err != nil {
		return nil, s.fail(err)
	}
	if sess.AccessToken != rejected && fresh(sess, time.Now()) {
		return sessionToken(sess), nil // another run renewed it meanwhile
	}
	switch {
	case s.fakeRelogin(sess):
		err = s.loginFakeMember(ctx, sess)
	case sess.Kind == store.KindMember || sess.Kind == store.KindEmail:
		err = s.refreshMember(ctx, sess)
	case sess.Kind == store.KindApp:
		err = s.mintApp(ctx, sess)
	default:
		err = failErr("profile %q holds a session of unknown kind %q: run bettermode login%s again", s.profile, sess.Kind, profileArg(s.profile))
	}
	if err != nil {
		return nil, s.fail(err)
	}
	if err := s.st.Save(s.profile, sess); err != nil {
		return nil, s.fail(failErr("cannot save the renewed session: %v", err))
	}
	return sessionToken(sess), nil
}

// refreshMember renews a member session with tokens(refreshToken:), through
// a client without credentials that sends the single-use refresh token once.
func (s *sessionSource) refreshMember(ctx context.Context, sess *store.Session) error {
	ended := failErr("the session of profile %q has ended (its refresh token was refused): run bettermode%s login%s again",
		s.profile, s.a.fakeArg(), profileArg(s.profile))
	if sess.RefreshToken == "" {
		s.setEnded()
		return ended
	}
	c, err := bettermode.NewClient(bettermode.WithEndpoint(s.endpoint), userAgent(), s.a.httpOption(),
		bettermode.WithRetryPolicy(bettermode.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		return err
	}
	defer c.Close()
	vars := map[string]any{"refreshToken": sess.RefreshToken}
	if sess.NetworkID != "" {
		vars["networkId"] = sess.NetworkID
	} else {
		vars["networkDomain"] = sess.NetworkDomain
	}
	resp, err := c.Exec(ctx, tokensDocument, vars, bettermode.OperationName("Tokens"))
	if err != nil {
		if errors.Is(err, bettermode.ErrUnauthorized) || errors.Is(err, bettermode.ErrInvalidInput) ||
			errors.Is(err, bettermode.ErrNotFound) || errors.Is(err, bettermode.ErrForbidden) {
			s.setEnded()
			return ended
		}
		return failErr("cannot renew the session of profile %q: %s", s.profile, oneLine(err.Error()))
	}
	var out struct {
		Tokens struct {
			AccessToken  string `json:"accessToken"`
			RefreshToken string `json:"refreshToken"`
			Role         struct {
				Name string `json:"name"`
			} `json:"role"`
			Member struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"member"`
		} `json:"tokens"`
	}
	if err := json.Unmarshal(resp.Data, &out); err != nil || out.Tokens.AccessToken == "" {
		return failErr("the endpoint's answer to the session renewal holds no token: check --endpoint")
	}
	t := out.Tokens
	sess.AccessToken = t.AccessToken
	if t.RefreshToken != "" {
		sess.RefreshToken = t.RefreshToken
	}
	if t.Role.Name != "" {
		sess.Role = t.Role.Name
	}
	if t.Member.ID != "" {
		sess.MemberID, sess.MemberName = t.Member.ID, t.Member.Name
	}
	setExpiry(sess)
	return nil
}

// loginFakeMember logs the session's member in to this run's stand-in with
// its preloaded password (--fake only).
func (s *sessionSource) loginFakeMember(ctx context.Context, sess *store.Session) error {
	var m *bettermodetest.Member
	for _, fm := range s.a.fakeSrv.Members() {
		if fm.ID == sess.MemberID {
			m = &fm
			break
		}
	}
	if m == nil {
		return failErr("the stand-in has no member %s: run bettermode --fake login%s again", sess.MemberID, profileArg(s.profile))
	}
	c, err := bettermode.NewClient(bettermode.WithEndpoint(s.endpoint), userAgent(), s.a.httpOption(), bettermode.WithoutTokenCache(),
		bettermode.WithCredentials(bettermode.Member{NetworkID: s.a.fakeSrv.Network().ID, UsernameOrEmail: m.Username,
			Password: bettermode.Secret(m.Password), NoRelogin: true}))
	if err != nil {
		return err
	}
	defer c.Close()
	tok, err := c.Token(ctx)
	if err != nil {
		return apiErr(err)
	}
	fresh := sessionOf(tok)
	sess.AccessToken, sess.RefreshToken, sess.Issued, sess.Expiry = fresh.AccessToken, fresh.RefreshToken, fresh.Issued, fresh.Expiry
	s.mu.Lock()
	s.relogged = true
	s.mu.Unlock()
	return nil
}

// mintApp mints a new app token with the client secret from the
// environment (the secret is never stored).
func (s *sessionSource) mintApp(ctx context.Context, sess *store.Session) error {
	secret := s.a.getenv(EnvClientSecret)
	if fa, ok := s.a.fakeApp(sess.ClientID); ok && secret == "" {
		secret = fa.ClientSecret
	}
	if secret == "" {
		return failErr("the app token of profile %q needs renewing and the client secret is not stored: set %s and run the command again, or run bettermode login --app%s",
			s.profile, EnvClientSecret, profileArg(s.profile))
	}
	tok, err := s.a.mintAppToken(ctx, s.endpoint, bettermode.App{
		ClientID: sess.ClientID, ClientSecret: bettermode.Secret(secret), NetworkID: sess.NetworkID,
		ImpersonateMemberID: sess.ImpersonateMemberID,
	})
	if err != nil {
		return appLoginError(err, sess.ClientID, sess.NetworkID, sess.ImpersonateMemberID)
	}
	sess.AccessToken, sess.GatewayURL = tok.AccessToken.Reveal(), tok.GatewayURL
	setExpiry(sess)
	return nil
}

func (a *app) mintAppToken(ctx context.Context, endpoint string, app bettermode.App) (*bettermode.Token, error) {
	c, err := bettermode.NewClient(bettermode.WithEndpoint(endpoint), bettermode.WithCredentials(app), userAgent(), a.httpOption(),
		bettermode.WithoutTokenCache())
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Token(ctx)
}

// appLoginError words the failures of an app's limitedToken.
func appLoginError(err error, clientID, networkID, member string) error {
	switch {
	case errors.Is(err, bettermode.ErrForbidden):
		return failErr("app %s is not installed on network %s: install it on the community (its Apps page, or the developer portal) and log in again", clientID, networkID)
	case errors.Is(err, bettermode.ErrUnauthorized):
		return failErr("wrong client id or client secret for app %s: copy them from the developer portal (Credentials) and log in again", clientID)
	case errors.Is(err, bettermode.ErrNotFound) && member != "":
		return failErr("no member %s on network %s to impersonate: check --member", member, networkID)
	case errors.Is(err, bettermode.ErrNotFound):
		return failErr("no network %s: check --network-id, --region and --endpoint", networkID)
	}
	return apiErr(err)
}

// setExpiry reads the access token's issue and expiry times from its claims.
func setExpiry(sess *store.Session) {
	c, _ := decodeClaims(sess.AccessToken)
	sess.Issued, sess.Expiry = c.Issued, c.Expiry
}

// fresh reports whether the stored access token can be handed out at now:
// it has more than min(5m, a quarter of its lifetime) left.
func fresh(sess *store.Session, now time.Time) bool {
	if sess.AccessToken == "" {
		return false
	}
	if sess.Expiry.IsZero() {
		return true
	}
	margin := 5 * time.Minute
	if !sess.Issued.IsZero() {
		if q := sess.Expiry.Sub(sess.Issued) / 4; q < margin {
			margin = q
		}
	}
	return sess.Expiry.Sub(now) > margin
}

func sessionToken(sess *store.Session) *bettermode.Token {
	kind := bettermode.KindMember
	if sess.Kind == store.KindApp {
		kind = bettermode.KindApp
	}
	tok := bettermode.NewToken(bettermode.Secret(sess.AccessToken), kind)
	if tok.MemberName == "" {
		tok.MemberName = sess.MemberName
	}
	if tok.Role == "" {
		tok.Role = sess.Role
	}
	tok.GatewayURL = sess.GatewayURL
	return tok
}

// oauthSource wraps the oauth package's stored-session source to keep its
// last failure in the user's words.
type oauthSource struct {
	src     *oauth.Source
	profile string
	a       *app

	mu  sync.Mutex
	err error
}

var _ bettermode.Refresher = (*oauthSource)(nil)

func (s *oauthSource) Token(ctx context.Context) (*bettermode.Token, error) {
	tok, err := s.src.Token(ctx)
	return tok, s.fail(err)
}

func (s *oauthSource) Refresh(ctx context.Context, old *bettermode.Token) (*bettermode.Token, error) {
	tok, err := s.src.Refresh(ctx, old)
	return tok, s.fail(err)
}

func (s *oauthSource) fail(err error) error {
	if err == nil {
		return nil
	}
	var e error
	var te *oauth.TokenError
	switch {
	case errors.As(err, &te) && (te.Code == "invalid_client" || te.Code == "unauthorized_client"):
		e = failErr("the OAuth provider refused the client while renewing the session of profile %q: set %s to the client's secret (it is not stored), or run bettermode%s login --oauth%s again",
			s.profile, EnvClientSecret, s.a.fakeArg(), profileArg(s.profile))
	case errors.Is(err, oauth.ErrTokenNotFound):
		e = failErr("profile %q has no OAuth token: run bettermode%s login --oauth%s again", s.profile, s.a.fakeArg(), profileArg(s.profile))
	case errors.Is(err, oauth.ErrInvalidGrant), errors.Is(err, oauth.ErrCorruptToken):
		e = failErr("the OAuth session of profile %q has ended (the provider refused its refresh token): run bettermode%s login --oauth%s again", s.profile, s.a.fakeArg(), profileArg(s.profile))
	case errors.Is(err, oauth.ErrInsecurePermissions):
		e = failErr("%s", oneLine(err.Error()))
	case errors.Is(err, oauth.ErrProviderUnavailable):
		e = failErr("cannot renew the OAuth session of profile %q: the provider is unavailable; try again later", s.profile)
	case errors.Is(err, bettermode.ErrUnauthorized):
		e = failErr("the OAuth session of profile %q was refused: run bettermode%s login --oauth%s again (set %s first for a confidential client)", s.profile, s.a.fakeArg(), profileArg(s.profile), EnvClientSecret)
	default:
		e = apiErr(err)
	}
	s.mu.Lock()
	s.err = e
	s.mu.Unlock()
	return err
}

func (s *oauthSource) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// oauthConfig rebuilds the OAuth2 config of a stored session. The client
// secret of a confidential client comes from the environment (or, with
// --fake, the stand-in provider's); it is never stored.
func (a *app) oauthConfig(sess *store.Session) *oauth2.Config {
	secret := a.getenv(EnvClientSecret)
	if a.fake && secret == "" && sess.ClientID == bettermodetest.OAuth2ClientID {
		secret = bettermodetest.OAuth2ClientSecret
	}
	return &oauth2.Config{
		ClientID: sess.ClientID, ClientSecret: secret,
		Endpoint:    oauth2.Endpoint{AuthURL: sess.AuthURL, TokenURL: sess.TokenURL},
		RedirectURL: sess.RedirectURL, Scopes: sess.Scopes,
	}
}

// failing is a source that can say why it failed.
type failing interface {
	bettermode.CredentialSource
	failure() error
}

// session is a stored session opened for use: its profile, the session, and
// a client that authenticates with it.
type session struct {
	profile  string
	sess     *store.Session
	endpoint string
	client   *bettermode.Client
	src      failing
}

// explain returns the source's own account of a failure when it has one,
// else err in one line.
func (s *session) explain(err error) error {
	if err == nil {
		return nil
	}
	if f := s.src.failure(); f != nil {
		return f
	}
	return apiErr(err)
}

// openSession loads the current profile's session and makes a client for it.
// needsAPI says whether the command sends the session's token to the API
// (token, status and logout do not, for an OAuth session).
func (a *app) openSession(needsAPI bool) (*session, error) {
	profile, err := a.profile()
	if err != nil {
		return nil, err
	}
	st, err := a.store()
	if err != nil {
		return nil, err
	}
	sess, err := st.Load(profile)
	if errors.Is(err, store.ErrNotLoggedIn) {
		return nil, failErr("not logged in (profile %q): run bettermode%s login%s", profile, a.fakeArg(), profileArg(profile))
	}
	if err != nil {
		return nil, failErr("%v", err)
	}
	endpoint, err := a.sessionEndpoint(profile, sess)
	if err != nil {
		return nil, err
	}
	if a.fake && sess.Kind == store.KindOAuth && needsAPI {
		return nil, failErr("the stand-in API does not take the tokens of the stand-in OAuth2 provider: with --fake, an OAuth session shows the login, token, status and logout; log in another way (bettermode --fake login --profile NAME) for whoami and api")
	}
	var src failing
	switch sess.Kind {
	case store.KindOAuth:
		fst, err := st.OAuthStore()
		if err != nil {
			return nil, failErr("%v", err)
		}
		src = &oauthSource{src: oauth.NewSource(a.oauthConfig(sess), fst, profile), profile: profile, a: a}
	default:
		src = &sessionSource{a: a, st: st, profile: profile, endpoint: endpoint}
	}
	c, err := bettermode.NewClient(bettermode.WithEndpoint(endpoint), bettermode.WithCredentials(src), userAgent(), a.httpOption())
	if err != nil {
		return nil, usageErr("%s", oneLine(err.Error()))
	}
	a.cleanups = append(a.cleanups, func() { _ = c.Close() })
	return &session{profile: profile, sess: sess, endpoint: endpoint, client: c, src: src}, nil
}
