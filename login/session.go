package login

import (
	"context"
	"errors"

	"github.com/bettermode-go/bettermode"
)

// Documents of the operations, valid against Bettermode's published schema
// (see schema/schema.graphql).
const (
	tokensDocument = `query Tokens($networkId: ID, $refreshToken: String) {
  tokens(networkId: $networkId, refreshToken: $refreshToken) {
    accessToken
    refreshToken
    role { name scopes }
    member { id name }
  }
}`
	logoutDocument = `mutation LogoutNetwork {
  logoutNetwork {
    status
  }
}`
)

// authToken is Bettermode's AuthToken, as far as the flows select it.
type authToken struct {
	AccessToken  bettermode.Secret `json:"accessToken"`
	RefreshToken bettermode.Secret `json:"refreshToken"`
	Role         struct {
		Name   string   `json:"name"`
		Scopes []string `json:"scopes"`
	} `json:"role"`
	Member struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"member"`
}

// token converts a to a Token of kind, with expiry and network read from
// the access token's JWT claims.
func (a *authToken) token(kind bettermode.TokenKind) *bettermode.Token {
	t := bettermode.NewToken(a.AccessToken, kind)
	t.RefreshToken = a.RefreshToken
	if a.Role.Name != "" {
		t.Role = a.Role.Name
	}
	t.Scopes = a.Role.Scopes
	if a.Member.ID != "" {
		t.MemberID = a.Member.ID
	}
	t.MemberName = a.Member.Name
	return t
}

// renew renews a member session with the tokens query, unauthenticated,
// as bettermode.Member sessions are renewed. A rotated refresh token
// replaces the old one; an answer without one keeps it.
func renew(ctx context.Context, c *bettermode.Client, networkID string, refresh bettermode.Secret, kind bettermode.TokenKind) (*bettermode.Token, error) {
	vars := map[string]any{"refreshToken": refresh.Reveal()}
	if networkID != "" {
		vars["networkId"] = networkID
	}
	var out struct {
		Tokens authToken `json:"tokens"`
	}
	if err := exec(ctx, c, "tokens", tokensDocument, vars, &out, refresh); err != nil {
		return nil, err
	}
	tok := out.Tokens.token(kind)
	if tok.RefreshToken == "" {
		tok.RefreshToken = refresh
	}
	return tok, nil
}

// rejected reports whether err is Bettermode refusing a credential, rather
// than a failure that may pass.
func rejected(err error) bool {
	return errors.Is(err, bettermode.ErrUnauthorized) || errors.Is(err, bettermode.ErrInvalidInput) || errors.Is(err, bettermode.ErrNotFound)
}

// Logout ends the session of the member whose token c sends, with the
// logoutNetwork mutation: Bettermode stops accepting the session's refresh
// token (its access token works until it expires). c must have member
// credentials.
func Logout(ctx context.Context, c *bettermode.Client) error {
	var out struct {
		LogoutNetwork action `json:"logoutNetwork"`
	}
	if err := exec(ctx, c, "logoutNetwork", logoutDocument, nil, &out); err != nil {
		return err
	}
	return out.LogoutNetwork.check("logoutNetwork")
}

// action is Bettermode's Action.
type action struct {
	Status string `json:"status"`
}

func (a action) check(op string) error {
	if a.Status != "succeeded" {
		return errors.New("bettermode: login: " + op + ": Bettermode answered status " + a.Status)
	}
	return nil
}
