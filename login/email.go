package login

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bettermode-go/bettermode"
)

const (
	requestCodeDocument = `mutation RequestGlobalTokenCode($input: RequestGlobalTokenInput!) {
  requestGlobalTokenCode(input: $input) {
    status
  }
}`
	globalTokenDocument = `query GlobalToken($input: GlobalTokenInput!) {
  globalToken(input: $input) {
    accessToken
    email
  }
}`
	loginGlobalDocument = `query LoginNetworkWithGlobalToken($input: LoginNetworkWithGlobalTokenInput!) {
  loginNetworkWithGlobalToken(input: $input) {
    accessToken
    refreshToken
    role { name scopes }
    member { id name }
  }
}`
)

// RequestEmailCode runs the requestGlobalTokenCode mutation: Bettermode
// mails a verification code to email, for VerifyEmailCode. c needs no
// credentials. Each request replaces the code mailed before.
func RequestEmailCode(ctx context.Context, c *bettermode.Client, email string) error {
	if strings.TrimSpace(email) == "" {
		return invalid("requestGlobalTokenCode", "the e-mail address is required")
	}
	var out struct {
		RequestGlobalTokenCode action `json:"requestGlobalTokenCode"`
	}
	vars := map[string]any{"input": map[string]any{"email": email}}
	if err := exec(ctx, c, "requestGlobalTokenCode", requestCodeDocument, vars, &out); err != nil {
		return err
	}
	return out.RequestGlobalTokenCode.check("requestGlobalTokenCode")
}

// GlobalToken is Bettermode's GlobalToken: a portal token for an e-mail
// address, which logs in to the communities where that address is a member
// (LoginWithGlobalToken). AccessToken is a Secret and never prints.
type GlobalToken struct {
	// AccessToken is the global token, sent as Bearer.
	AccessToken bettermode.Secret
	// Email is the address it was issued for.
	Email string
	// Expiry is when it stops working, from its JWT exp claim; zero when
	// unknown.
	Expiry time.Time
}

// Valid reports whether g has a token that has not expired at now.
func (g *GlobalToken) Valid(now time.Time) bool {
	return g != nil && g.AccessToken != "" && (g.Expiry.IsZero() || now.Before(g.Expiry))
}

// VerifyEmailCode runs the globalToken query: it exchanges the code that
// RequestEmailCode mailed to email for a global token. c needs no
// credentials. A wrong, used or expired code fails with an error matching
// bettermode.ErrInvalidInput or ErrUnauthorized, as Bettermode answers.
func VerifyEmailCode(ctx context.Context, c *bettermode.Client, email string, code bettermode.Secret) (*GlobalToken, error) {
	switch {
	case strings.TrimSpace(email) == "":
		return nil, invalid("globalToken", "the e-mail address is required")
	case strings.TrimSpace(code.Reveal()) == "":
		return nil, invalid("globalToken", "the verification code is required")
	}
	vars := map[string]any{"input": map[string]any{"email": email, "verificationCode": strings.TrimSpace(code.Reveal())}}
	var out struct {
		GlobalToken struct {
			AccessToken bettermode.Secret `json:"accessToken"`
			Email       string            `json:"email"`
		} `json:"globalToken"`
	}
	if err := exec(ctx, c, "globalToken", globalTokenDocument, vars, &out, code); err != nil {
		return nil, err
	}
	if out.GlobalToken.AccessToken == "" {
		return nil, errors.New("bettermode: login: globalToken: Bettermode answered an empty token")
	}
	exp := bettermode.NewToken(out.GlobalToken.AccessToken, bettermode.KindStatic).Expiry
	return &GlobalToken{AccessToken: out.GlobalToken.AccessToken, Email: out.GlobalToken.Email, Expiry: exp}, nil
}

// LoginWithGlobalToken runs the loginNetworkWithGlobalToken query, sending
// globalToken as Bearer: it returns a session (kind bettermode.KindMember,
// with a refresh token) of the member of the community networkID whose
// e-mail the global token was issued for. It sends with a client made from
// opts, which it closes. A global token that is expired or not one fails
// with an error matching bettermode.ErrUnauthorized; an address that is not
// a member of the community with one matching ErrForbidden or ErrNotFound,
// as Bettermode answers.
func LoginWithGlobalToken(ctx context.Context, opts Options, globalToken bettermode.Secret, networkID string) (*bettermode.Token, error) {
	switch {
	case globalToken == "":
		return nil, invalid("loginNetworkWithGlobalToken", "the global token is required")
	case networkID == "":
		return nil, invalid("loginNetworkWithGlobalToken", "the network id is required")
	}
	cn, err := opts.conn()
	if err != nil {
		return nil, err
	}
	defer cn.close()
	return loginGlobal(ctx, cn, globalToken, networkID)
}

func loginGlobal(ctx context.Context, cn *conn, globalToken bettermode.Secret, networkID string) (*bettermode.Token, error) {
	var out struct {
		Login authToken `json:"loginNetworkWithGlobalToken"`
	}
	err := cn.with(globalToken, func(c *bettermode.Client) error {
		vars := map[string]any{"input": map[string]any{"networkId": networkID}}
		return exec(ctx, c, "loginNetworkWithGlobalToken", loginGlobalDocument, vars, &out, globalToken)
	})
	if err != nil {
		return nil, err
	}
	if out.Login.AccessToken == "" {
		return nil, errors.New("bettermode: login: loginNetworkWithGlobalToken: Bettermode answered an empty token")
	}
	return out.Login.token(bettermode.KindMember), nil
}

// EmailCode logs a member in to a community by a code Bettermode mails,
// for NewEmailCodeSource.
type EmailCode struct {
	// Email is the member's e-mail address. Required.
	Email string
	// NetworkID is the community's id. Required.
	NetworkID string
	// Code supplies the code mailed to Email: a prompt, or in tests a hook
	// that reads it (bettermodetest.Server.EmailedCode). Required. It is
	// called once per login by code, never by two calls at once, and should
	// return ctx's error when ctx ends.
	Code func(ctx context.Context) (string, error)
}

// Limits on one mailed code, which the source keeps asking Code for after
// a wrong code, rather than mailing a new one.
const (
	codeReuseWindow = 5 * time.Minute // Bettermode's codes last longer
	codeTries       = 3               // Bettermode allows more wrong codes
)

// EmailCodeSource is a bettermode.CredentialSource of a member session
// obtained by e-mailed code. Each Token call mints a new token: pass the
// source to bettermode.WithCredentials, whose cache calls it only to renew.
//
// The first call asks Bettermode to mail a code (requestGlobalTokenCode),
// calls EmailCode.Code once for it, exchanges it for a global token
// (globalToken) and logs in to the community with that
// (loginNetworkWithGlobalToken). Later calls renew the session with its
// refresh token (tokens(networkId:, refreshToken:)); if Bettermode rejects
// it, they log in again with the global token while it is valid; only when
// both fail do they mail a new code. A wrong code fails the call (matching
// bettermode.ErrInvalidInput, as Bettermode answers) and the next call asks
// Code again for the same mail, up to three times within five minutes.
// Calls that overlap share one fetch, so two codes are never asked for at
// once.
//
// It is safe for concurrent use; Close it when done. It prints without its
// secrets.
type EmailCodeSource struct {
	cfg  EmailCode
	conn *conn
	fl   *flight
	now  func() time.Time

	// guarded by fl's sem
	session *bettermode.Token
	global  *GlobalToken
	pending *pendingCode
}

// pendingCode is a mailed code not yet exchanged.
type pendingCode struct {
	sent  time.Time
	tries int
}

// NewEmailCodeSource returns a source that logs in by e-mailed code on its
// first Token call and renews the session after. It sends no request;
// invalid options or a missing field fail with an error matching
// bettermode.ErrInvalidInput.
func NewEmailCodeSource(opts Options, cfg EmailCode) (*EmailCodeSource, error) {
	switch {
	case strings.TrimSpace(cfg.Email) == "":
		return nil, invalid("NewEmailCodeSource", "EmailCode.Email is required")
	case cfg.NetworkID == "":
		return nil, invalid("NewEmailCodeSource", "EmailCode.NetworkID is required")
	case cfg.Code == nil:
		return nil, invalid("NewEmailCodeSource", "EmailCode.Code is required")
	}
	cn, err := opts.conn()
	if err != nil {
		return nil, err
	}
	return &EmailCodeSource{cfg: cfg, conn: cn, fl: newFlight(), now: time.Now}, nil
}

// Token returns a new token: a login by e-mailed code on the first call, a
// renewed session after.
func (s *EmailCodeSource) Token(ctx context.Context) (*bettermode.Token, error) {
	return s.fl.do(ctx, "EmailCodeSource", s.fetch)
}

func (s *EmailCodeSource) fetch(ctx context.Context) (*bettermode.Token, error) {
	if s.session != nil && s.session.RefreshToken != "" {
		var tok *bettermode.Token
		err := s.conn.with("", func(c *bettermode.Client) (err error) {
			tok, err = renew(ctx, c, s.cfg.NetworkID, s.session.RefreshToken, bettermode.KindMember)
			return err
		})
		if err == nil {
			s.session = tok
			return tok, nil
		}
		if !rejected(err) {
			return nil, err
		}
		s.session = nil
	}
	if s.global.Valid(s.now().Add(10 * time.Second)) {
		tok, err := loginGlobal(ctx, s.conn, s.global.AccessToken, s.cfg.NetworkID)
		if err == nil {
			s.session = tok
			return tok, nil
		}
		if !errors.Is(err, bettermode.ErrUnauthorized) {
			return nil, err
		}
		s.global = nil
	}
	return s.byCode(ctx)
}

// byCode logs in by e-mailed code, mailing one unless a recent one is still
// pending.
func (s *EmailCodeSource) byCode(ctx context.Context) (*bettermode.Token, error) {
	now := s.now()
	if p := s.pending; p == nil || p.tries >= codeTries || now.Sub(p.sent) > codeReuseWindow {
		s.pending = nil
		err := s.conn.with("", func(c *bettermode.Client) error { return RequestEmailCode(ctx, c, s.cfg.Email) })
		if err != nil {
			return nil, err
		}
		s.pending = &pendingCode{sent: now}
	}
	code, err := s.cfg.Code(ctx)
	if err != nil {
		return nil, fmt.Errorf("bettermode: login: EmailCodeSource: EmailCode.Code: %w", err)
	}
	if strings.TrimSpace(code) == "" {
		return nil, invalid("EmailCodeSource", "EmailCode.Code returned an empty code")
	}
	var g *GlobalToken
	err = s.conn.with("", func(c *bettermode.Client) (err error) {
		g, err = VerifyEmailCode(ctx, c, s.cfg.Email, bettermode.Secret(code))
		return err
	})
	if err != nil {
		if errors.Is(err, bettermode.ErrInvalidInput) {
			s.pending.tries++ // a wrong code: the mail may still be good
		} else {
			s.pending = nil
		}
		return nil, err
	}
	s.pending = nil
	s.global = g
	tok, err := loginGlobal(ctx, s.conn, g.AccessToken, s.cfg.NetworkID)
	if err != nil {
		return nil, err
	}
	s.session = tok
	return tok, nil
}

// Close makes later Token calls fail with bettermode.ErrClosed and closes
// the idle connections of the source's own HTTP client. It returns nil.
func (s *EmailCodeSource) Close() error {
	s.fl.close()
	s.conn.close()
	return nil
}

// String describes s without its secrets.
func (s *EmailCodeSource) String() string {
	return "login.EmailCodeSource{Email: " + s.cfg.Email + ", NetworkID: " + s.cfg.NetworkID + ", Endpoint: " + s.conn.endpoint + "}"
}

// Format prints String for every verb.
func (s *EmailCodeSource) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", s.String())
		return
	}
	_, _ = f.Write([]byte(s.String()))
}
