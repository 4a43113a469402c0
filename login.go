package bettermode

import (
	"context"
	"errors"
	"fmt"
)

const loginDocument = `mutation LoginNetwork($input: LoginNetworkWithPasswordInput!) {
  loginNetwork(input: $input) {
    accessToken
    refreshToken
    role { name scopes }
    member { id name }
  }
}`

// Member logs a member in with username (or email) and password: it gets a
// guest token with the tokens query, then runs the loginNetwork mutation
// carrying "Authorization: Bearer <guest token>". The session is renewed
// with its refresh token (tokens(refreshToken: ...)); the password is sent
// again only if the refresh token is rejected, unless NoRelogin is set.
//
// Pass it to WithCredentials; called directly, Token uses the US endpoint and
// a default HTTP client and caches nothing; to use a bound, cached source
// elsewhere (NewTransport, ToOAuth2), take Client.Source. Password is a
// Secret: printing or encoding a Member never reveals it.
type Member struct {
	// NetworkDomain is the community's domain. Required unless NetworkID is set.
	NetworkDomain string
	// NetworkID is the community's id. Required unless NetworkDomain is set.
	NetworkID string
	// UsernameOrEmail identifies the member. Required.
	UsernameOrEmail string
	// Password is the member's password. Required.
	Password Secret
	// NoRelogin, when true, makes a rejected refresh token an error instead of
	// a new login with the password. The default (false) logs in again, once.
	NoRelogin bool
}

// Token logs in at the US endpoint: two requests, guest token then login.
func (m Member) Token(ctx context.Context) (*Token, error) {
	src, err := m.bind(defaultBinding())
	if err != nil {
		return nil, err
	}
	return src.Token(ctx)
}

func (m Member) bind(b *binding) (CredentialSource, error) {
	switch {
	case m.NetworkDomain == "" && m.NetworkID == "":
		return nil, invalidInput("Member", "NetworkDomain", "set Member.NetworkDomain or Member.NetworkID")
	case m.UsernameOrEmail == "":
		return nil, invalidInput("Member", "UsernameOrEmail", "set Member.UsernameOrEmail")
	case m.Password == "":
		return nil, invalidInput("Member", "Password", "set Member.Password")
	}
	return &memberSource{Member: m, b: b, book: newSecretBook(m.Password)}, nil
}

type memberSource struct {
	Member
	b    *binding
	book *secretBook // the password and the session's tokens
}

func (s *memberSource) knownSecrets() secrets { return s.book.knownSecrets() }

// Format prints the Member, its password redacted, for every verb.
func (s *memberSource) Format(f fmt.State, verb rune) {
	formatOpaque(f, verb, fmt.Sprintf("bettermode.Member%+v", s.Member))
}

// Token logs in: a guest token, then loginNetwork with it.
func (s *memberSource) Token(ctx context.Context) (*Token, error) {
	guest, err := s.b.tokens(ctx, networkVars(s.NetworkDomain, s.NetworkID), KindGuest, s.book.knownSecrets())
	if err != nil {
		return nil, err
	}
	s.book.remember(guest)
	var out struct {
		LoginNetwork authToken `json:"loginNetwork"`
	}
	vars := map[string]any{"input": map[string]string{"usernameOrEmail": s.UsernameOrEmail, "password": string(s.Password)}}
	err = s.b.mint(ctx, "loginNetwork", loginDocument, "LoginNetwork", vars, guest.header(), true, &out, s.book.knownSecrets())
	if err != nil {
		return nil, withHint(err, ErrUnauthorized, "check Member.UsernameOrEmail and Member.Password")
	}
	if out.LoginNetwork.AccessToken == "" {
		return nil, noAccessToken("loginNetwork")
	}
	tok := out.LoginNetwork.token(KindMember)
	s.book.remember(tok)
	return tok, nil
}

// Refresh renews the session with old's refresh token; when Bettermode
// rejects it, it logs in again (once) unless NoRelogin is set.
func (s *memberSource) Refresh(ctx context.Context, old *Token) (*Token, error) {
	if old == nil || old.RefreshToken == "" {
		return s.Token(ctx)
	}
	vars := networkVars(s.NetworkDomain, s.NetworkID)
	vars["refreshToken"] = old.RefreshToken.Reveal()
	s.book.remember(old)
	tok, err := s.b.tokens(ctx, vars, KindMember, s.book.knownSecrets())
	if err == nil {
		if tok.RefreshToken == "" {
			tok.RefreshToken = old.RefreshToken
		}
		s.book.remember(tok)
		return tok, nil
	}
	if s.NoRelogin || !(errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrInvalidInput) || errors.Is(err, ErrNotFound)) {
		return nil, err
	}
	return s.Token(ctx)
}
