package login

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bettermode-go/bettermode"
)

const (
	oauthCodeDocument = `mutation OAuthCode($input: OAuthCodeInput!) {
  oauthCode(input: $input) {
    code
  }
}`
	oauthTokensDocument = `query OAuthTokens($input: OAuthTokensInput!) {
  oauthTokens(input: $input) {
    access_token
    expires_in
    refresh_token
    token_type
  }
}`
)

// OAuthCodeInput is Bettermode's OAuthCodeInput: what a member authorizes
// an app to do, for OAuthCode.
type OAuthCodeInput struct {
	// ClientID is the app's client id. Required.
	ClientID string `json:"client_id"`
	// RedirectURI is where the app receives the code. Required.
	RedirectURI string `json:"redirect_uri"`
	// ResponseType is the OAuth2 response type; default "code".
	ResponseType string `json:"response_type"`
	// Scope is the scope asked for, if any.
	Scope string `json:"scope,omitempty"`
	// State is the app's opaque state, if any.
	State string `json:"state,omitempty"`
}

// GrantType is Bettermode's GrantType enum, the grant_type of
// OAuthTokensInput. It has one value: Bettermode has no refresh grant.
type GrantType string

// GrantAuthorizationCode exchanges an authorization code.
const GrantAuthorizationCode GrantType = "AuthorizationCode"

// OAuthTokensInput is Bettermode's OAuthTokensInput, for ExchangeOAuthCode.
// Its secrets are bettermode.Secret values, which never encode themselves:
// it is not a GraphQL variable value for Client.Query.
type OAuthTokensInput struct {
	// ClientID is the app's client id. Required.
	ClientID string
	// ClientSecret is the app's client secret. Required.
	ClientSecret bettermode.Secret
	// Code is the authorization code from OAuthCode. Required; single-use.
	Code bettermode.Secret
	// GrantType is the grant; default GrantAuthorizationCode (the only one).
	GrantType GrantType
}

// OAuthTokens is Bettermode's OAuthTokens: a member session granted to an
// app. Its tokens are bettermode.Secret values and never print.
type OAuthTokens struct {
	// AccessToken acts as the member who authorized the app.
	AccessToken bettermode.Secret
	// ExpiresIn is the access token's lifetime in seconds, when it was issued.
	ExpiresIn int
	// RefreshToken renews the session with the tokens query.
	RefreshToken bettermode.Secret
	// TokenType is the Authorization scheme, normally "bearer".
	TokenType string
	// Issued is when the answer arrived, which ExpiresIn counts from.
	Issued time.Time
}

// Token returns t as a bettermode.Token of kind bettermode.KindOAuth: its
// expiry from the access token's exp claim, or else Issued plus ExpiresIn.
func (t *OAuthTokens) Token() *bettermode.Token {
	tok := bettermode.NewToken(t.AccessToken, bettermode.KindOAuth)
	tok.RefreshToken = t.RefreshToken
	if tok.Expiry.IsZero() && t.ExpiresIn > 0 && !t.Issued.IsZero() {
		tok.Expiry = t.Issued.Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	if t.TokenType != "" && !strings.EqualFold(t.TokenType, bettermode.SchemeBearer) {
		tok.Scheme = t.TokenType
	}
	return tok
}

// OAuthCode runs the oauthCode mutation: the member whose token c sends
// authorizes the app in.ClientID, and Bettermode returns a single-use
// authorization code valid for a short while (about a minute), for the app
// to exchange with ExchangeOAuthCode or NewOAuthSource. c must have member
// credentials (bettermode.Member, for example); a guest's token is refused
// (ErrForbidden or ErrUnauthorized, as Bettermode answers).
func OAuthCode(ctx context.Context, c *bettermode.Client, in OAuthCodeInput) (bettermode.Secret, error) {
	switch {
	case in.ClientID == "":
		return "", invalid("oauthCode", "OAuthCodeInput.ClientID is required")
	case in.RedirectURI == "":
		return "", invalid("oauthCode", "OAuthCodeInput.RedirectURI is required")
	}
	if in.ResponseType == "" {
		in.ResponseType = "code"
	}
	input := map[string]any{"client_id": in.ClientID, "redirect_uri": in.RedirectURI, "response_type": in.ResponseType}
	if in.Scope != "" {
		input["scope"] = in.Scope
	}
	if in.State != "" {
		input["state"] = in.State
	}
	var out struct {
		OAuthCode struct {
			Code bettermode.Secret `json:"code"`
		} `json:"oauthCode"`
	}
	if err := exec(ctx, c, "oauthCode", oauthCodeDocument, map[string]any{"input": input}, &out); err != nil {
		return "", err
	}
	if out.OAuthCode.Code == "" {
		return "", fmt.Errorf("bettermode: login: oauthCode: Bettermode answered an empty code")
	}
	return out.OAuthCode.Code, nil
}

// ExchangeOAuthCode runs the oauthTokens query: it exchanges an
// authorization code, with the app's client credentials, for a session of
// the member who authorized the app. c needs no credentials. The code is
// single-use: a used or expired code, or wrong client credentials, fail
// with an error matching bettermode.ErrUnauthorized or ErrInvalidInput, as
// Bettermode answers. To keep the session renewed, use NewOAuthSource.
func ExchangeOAuthCode(ctx context.Context, c *bettermode.Client, in OAuthTokensInput) (*OAuthTokens, error) {
	switch {
	case in.ClientID == "":
		return nil, invalid("oauthTokens", "OAuthTokensInput.ClientID is required")
	case in.ClientSecret == "":
		return nil, invalid("oauthTokens", "OAuthTokensInput.ClientSecret is required")
	case in.Code == "":
		return nil, invalid("oauthTokens", "OAuthTokensInput.Code is required")
	}
	if in.GrantType == "" {
		in.GrantType = GrantAuthorizationCode
	}
	vars := map[string]any{"input": map[string]any{
		"client_id": in.ClientID, "client_secret": in.ClientSecret.Reveal(), "code": in.Code.Reveal(), "grant_type": string(in.GrantType),
	}}
	var out struct {
		OAuthTokens struct {
			AccessToken  bettermode.Secret `json:"access_token"`
			ExpiresIn    int               `json:"expires_in"`
			RefreshToken bettermode.Secret `json:"refresh_token"`
			TokenType    string            `json:"token_type"`
		} `json:"oauthTokens"`
	}
	if err := exec(ctx, c, "oauthTokens", oauthTokensDocument, vars, &out, in.ClientSecret, in.Code); err != nil {
		return nil, err
	}
	o := out.OAuthTokens
	if o.AccessToken == "" {
		return nil, fmt.Errorf("bettermode: login: oauthTokens: Bettermode answered an empty access token")
	}
	return &OAuthTokens{AccessToken: o.AccessToken, ExpiresIn: o.ExpiresIn, RefreshToken: o.RefreshToken, TokenType: o.TokenType, Issued: time.Now()}, nil
}

// OAuthApp is an app that members authorize with Bettermode's own OAuth,
// for NewOAuthSource. ClientSecret is a Secret: printing an OAuthApp never
// reveals it.
type OAuthApp struct {
	// ClientID is the app's client id. Required.
	ClientID string
	// ClientSecret is the app's client secret. Required.
	ClientSecret bettermode.Secret
	// NetworkID is the community, sent when the session is renewed. Default:
	// the networkId claim of the access token.
	NetworkID string
}

// OAuthSource is a bettermode.CredentialSource of a member session granted
// to an app by an authorization code. Its first Token call exchanges the
// code (oauthTokens), once: calls that overlap it share its result, and no
// later call sends the code again, even after a failure (a code is
// single-use: get a new one and make a new source). Each later call renews
// the session with the tokens query and the last refresh token, keeping the
// rotated one, as member sessions are renewed, since Bettermode has no
// refresh grant. So every call mints: pass the source to
// bettermode.WithCredentials, whose cache calls it only to renew. A refresh
// token Bettermode rejects ends the session: later calls fail with an error
// matching bettermode.ErrUnauthorized without a request.
//
// It is safe for concurrent use; Close it when done. It prints without its
// secrets.
type OAuthSource struct {
	app  OAuthApp
	conn *conn
	fl   *flight

	// guarded by fl's sem
	code    bettermode.Secret // "" once sent
	session *bettermode.Token
	ended   error // the session cannot be renewed
}

// NewOAuthSource returns a source that exchanges code, an authorization
// code of app from OAuthCode, on its first Token call and renews the session
// after. It sends no request; invalid options or a missing field fail with
// an error matching bettermode.ErrInvalidInput.
func NewOAuthSource(opts Options, app OAuthApp, code bettermode.Secret) (*OAuthSource, error) {
	switch {
	case app.ClientID == "":
		return nil, invalid("NewOAuthSource", "OAuthApp.ClientID is required")
	case app.ClientSecret == "":
		return nil, invalid("NewOAuthSource", "OAuthApp.ClientSecret is required")
	case code == "":
		return nil, invalid("NewOAuthSource", "the authorization code is required")
	}
	cn, err := opts.conn()
	if err != nil {
		return nil, err
	}
	return &OAuthSource{app: app, conn: cn, fl: newFlight(), code: code}, nil
}

// Token returns a new token: the exchanged code's session on the first
// call, a renewed session after.
func (s *OAuthSource) Token(ctx context.Context) (*bettermode.Token, error) {
	return s.fl.do(ctx, "OAuthSource", s.fetch)
}

func (s *OAuthSource) fetch(ctx context.Context) (*bettermode.Token, error) {
	switch {
	case s.ended != nil:
		return nil, s.ended
	case s.session == nil && s.code == "":
		return nil, fmt.Errorf("bettermode: login: OAuthSource: the authorization code was sent once already and codes are single-use; get a new code and make a new source: %w", bettermode.ErrUnauthorized)
	case s.session == nil:
		code := s.code
		s.code = "" // sent at most once, whatever the outcome
		var t *OAuthTokens
		err := s.conn.with("", func(c *bettermode.Client) (err error) {
			t, err = ExchangeOAuthCode(ctx, c, OAuthTokensInput{ClientID: s.app.ClientID, ClientSecret: s.app.ClientSecret, Code: code})
			return err
		})
		if err != nil {
			return nil, err
		}
		s.session = t.Token()
		return s.session, nil
	case s.session.RefreshToken == "":
		s.ended = fmt.Errorf("bettermode: login: OAuthSource: Bettermode issued no refresh token, so the session cannot be renewed; authorize the app again: %w", bettermode.ErrUnauthorized)
		return nil, s.ended
	}
	networkID := s.app.NetworkID
	if networkID == "" {
		networkID = s.session.NetworkID
	}
	var tok *bettermode.Token
	err := s.conn.with("", func(c *bettermode.Client) (err error) {
		tok, err = renew(ctx, c, networkID, s.session.RefreshToken, bettermode.KindOAuth)
		return err
	})
	if err != nil {
		if rejected(err) {
			s.ended = fmt.Errorf("bettermode: login: OAuthSource: the session ended (Bettermode rejected its refresh token); authorize the app again: %w", err)
		}
		return nil, err
	}
	s.session = tok
	return tok, nil
}

// Close makes later Token calls fail with bettermode.ErrClosed and closes
// the idle connections of the source's own HTTP client. It returns nil.
func (s *OAuthSource) Close() error {
	s.fl.close()
	s.conn.close()
	return nil
}

// String describes s without its secrets.
func (s *OAuthSource) String() string {
	return "login.OAuthSource{ClientID: " + s.app.ClientID + ", Endpoint: " + s.conn.endpoint + "}"
}

// Format prints String for every verb.
func (s *OAuthSource) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", s.String())
		return
	}
	_, _ = f.Write([]byte(s.String()))
}
