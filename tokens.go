package bettermode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
)

// Documents of the token operations, valid against Bettermode's published
// schema (see bettermodetest/schema.graphql).
const (
	tokensDocument = `query Tokens($networkDomain: String, $networkId: ID, $refreshToken: String) {
  tokens(networkDomain: $networkDomain, networkId: $networkId, refreshToken: $refreshToken) {
    accessToken
    refreshToken
    role { name scopes }
    member { id name }
  }
}`
)

// Role is a role as an AuthToken reports it.
type Role struct {
	// Name is the role's name, such as "Guest" or "Admin".
	Name string `json:"name"`
	// Scopes are the role's scopes.
	Scopes []string `json:"scopes"`
}

// MemberRef names a member as an AuthToken reports it.
type MemberRef struct {
	// ID is the member's id.
	ID string `json:"id"`
	// Name is the member's display name.
	Name string `json:"name"`
}

// AuthToken is Bettermode's AuthToken type, as the tokens query and the
// loginNetwork mutation return it (the fields the SDK selects). Its String,
// GoString, Format and LogValue methods never reveal the tokens.
type AuthToken struct {
	// AccessToken is the access token.
	AccessToken string `json:"accessToken"`
	// RefreshToken renews the session with the tokens query.
	RefreshToken string `json:"refreshToken"`
	// Role is the token's role.
	Role Role `json:"role"`
	// Member is the member the token acts as.
	Member MemberRef `json:"member"`
}

// Token converts a to a Token of the given kind, reading expiry and network
// from the access token's JWT claims.
func (a *AuthToken) Token(kind TokenKind) *Token {
	t := &Token{
		AccessToken: a.AccessToken, RefreshToken: a.RefreshToken, Kind: kind,
		Role: a.Role.Name, Scopes: a.Role.Scopes, MemberID: a.Member.ID, MemberName: a.Member.Name,
	}
	t.fillFromJWT()
	return t
}

// String describes a without its tokens.
func (a AuthToken) String() string {
	return fmt.Sprintf("bettermode.AuthToken{Role: %s, Member: %s, AccessToken: %s, RefreshToken: %s}",
		a.Role.Name, a.Member.ID, redacted(a.AccessToken), redacted(a.RefreshToken))
}

// MarshalJSON encodes a as its String, without secrets. Decoding is unaffected.
func (a AuthToken) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// GoString is String.
func (a AuthToken) GoString() string { return a.String() }

// Format prints String for every verb.
func (a AuthToken) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a.String()) }

// LogValue logs a without its tokens.
func (a AuthToken) LogValue() slog.Value { return slog.StringValue(a.String()) }

// Guest gets a guest token with the tokens query, which needs no
// authentication. Guests can read what a visitor who is not logged in can.
//
// Pass it to WithCredentials; called directly, Token uses the US endpoint and
// a default HTTP client and caches nothing; to use a bound, cached source
// elsewhere (NewTransport, ToOAuth2), take Client.Source.
type Guest struct {
	// NetworkDomain is the community's domain, such as "community.example.com".
	// Required unless NetworkID is set.
	NetworkDomain string
	// NetworkID is the community's id. Required unless NetworkDomain is set.
	NetworkID string
}

// Token mints a guest token at the US endpoint.
func (g Guest) Token(ctx context.Context) (*Token, error) {
	src, err := g.bind(defaultBinding())
	if err != nil {
		return nil, err
	}
	return src.Token(ctx)
}

func (g Guest) bind(b *binding) (CredentialSource, error) {
	if g.NetworkDomain == "" && g.NetworkID == "" {
		return nil, invalidInput("Guest", "NetworkDomain", "set Guest.NetworkDomain or Guest.NetworkID")
	}
	return &guestSource{g: g, b: b}, nil
}

// String describes g.
func (g Guest) String() string {
	return fmt.Sprintf("bettermode.Guest{NetworkDomain: %q, NetworkID: %q}", g.NetworkDomain, g.NetworkID)
}

type guestSource struct {
	g Guest
	b *binding
}

func (s *guestSource) Token(ctx context.Context) (*Token, error) {
	return s.b.tokens(ctx, networkVars(s.g.NetworkDomain, s.g.NetworkID), KindGuest)
}

func (s *guestSource) String() string { return s.g.String() }

// networkVars names the community in the tokens query.
func networkVars(domain, id string) map[string]any {
	v := map[string]any{}
	if domain != "" {
		v["networkDomain"] = domain
	}
	if id != "" {
		v["networkId"] = id
	}
	return v
}

// tokens runs the tokens query (no authentication) and converts the answer.
func (b *binding) tokens(ctx context.Context, vars map[string]any, kind TokenKind, secrets ...string) (*Token, error) {
	var out struct {
		Tokens AuthToken `json:"tokens"`
	}
	if err := b.mint(ctx, "tokens", tokensDocument, "Tokens", vars, "", false, &out, secrets...); err != nil {
		return nil, err
	}
	return out.Tokens.Token(kind), nil
}

// mint runs one token operation with a fixed Authorization header (or none)
// and decodes the answer into out. It is never resent after Unauthorized:
// wrong credentials cost one call.
func (b *binding) mint(ctx context.Context, op, doc, opName string, vars map[string]any, auth string, mutation bool, out any, secrets ...string) error {
	body, err := json.Marshal(gqlRequest{Query: doc, OperationName: opName, Variables: vars})
	if err != nil {
		return &Error{Operation: op, Message: "cannot encode the variables", kind: ErrInvalidInput, err: err}
	}
	data, _, err := b.caller.do(ctx, &exchange{op: op, endpoint: b.endpoint, body: body, mutation: mutation, header: auth, secrets: secrets})
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &Error{Operation: op, Message: "cannot decode the answer", hint: "check that the endpoint is a Bettermode GraphQL API", err: errors.New(scrub(err.Error(), secrets))}
	}
	return nil
}

// withHint returns err with hint as its advice when it is an *Error of kind.
func withHint(err error, kind error, hint string) error {
	var e *Error
	if errors.As(err, &e) && e.kind == kind {
		cp := *e
		cp.hint = hint
		return &cp
	}
	return err
}
