package bettermode

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bettermode-go/bettermode/internal/jwt"
)

// CredentialSource supplies the token that authenticates a request.
//
// Implementations take a context on every call, are safe for concurrent use,
// and return a token that the caller must not modify. The sources of this
// package (StaticToken, Guest, Member, App) are bound to a client's endpoint
// and HTTP client by WithCredentials; NewClient then wraps the ones that
// expire in a cache (see CacheSource).
type CredentialSource interface {
	// Token returns the token for a request; the caller must not modify it.
	Token(ctx context.Context) (*Token, error)
}

// CredentialSourceFunc adapts a function to a CredentialSource.
type CredentialSourceFunc func(ctx context.Context) (*Token, error)

// Token calls f(ctx).
func (f CredentialSourceFunc) Token(ctx context.Context) (*Token, error) { return f(ctx) }

// TokenKind says which flow minted a token.
type TokenKind string

// The kinds of token a source mints.
const (
	// KindStatic is a token supplied by the caller.
	KindStatic TokenKind = "static"
	// KindGuest is a guest token from the tokens query.
	KindGuest TokenKind = "guest"
	// KindMember is a member session from loginNetwork or a refresh.
	KindMember TokenKind = "member"
	// KindApp is an app (bot or impersonated) token from limitedToken.
	KindApp TokenKind = "app"
	// KindOAuth is a token from an OAuth2 token source.
	KindOAuth TokenKind = "oauth"
	// KindCustom is a token from a CredentialSource of your own (see
	// NewToken); the SDK's sources never use it.
	KindCustom TokenKind = "custom"
)

// SchemeBearer is the default Authorization scheme.
const SchemeBearer = "Bearer"

// SchemeBare, as a Token's Scheme, sends the bare token with no scheme:
// "Authorization: <token>", for APIs that want it so.
const SchemeBare = "bare"

// Token is an access token and what Bettermode says about it.
//
// A Token returned by a CredentialSource is shared: callers must not modify
// it. Its secrets are of type Secret, so printing, logging or encoding a
// Token never reveals them.
type Token struct {
	// AccessToken is the secret sent in the Authorization header.
	AccessToken Secret
	// RefreshToken renews a member session with the tokens query; empty when the
	// flow issues none.
	RefreshToken Secret
	// Expiry is when AccessToken stops working, from the JWT exp claim (decoded
	// without verification); zero means unknown and never expires.
	Expiry time.Time
	// Scheme is the Authorization scheme: empty means SchemeBearer, SchemeBare
	// sends the bare token.
	Scheme string
	// Kind says which flow minted the token.
	Kind TokenKind
	// Role is the role name, for example "Guest", "Member" or "Admin".
	Role string
	// Scopes are the role's scopes.
	Scopes []string
	// MemberID is the id of the member the token acts as ("GUEST_..." for guests).
	MemberID string
	// MemberName is that member's display name. App tokens leave it empty:
	// limitedToken returns only the token (query authMember for the name).
	MemberName string
	// NetworkID is the community the token belongs to (the networkId claim).
	NetworkID string
	// GatewayURL, when limitedToken returns one, is where requests made with
	// this token are sent. It is validated like any endpoint.
	GatewayURL string
}

// Valid reports whether t has an access token that has not expired at now.
func (t *Token) Valid(now time.Time) bool {
	return t != nil && t.AccessToken != "" && (t.Expiry.IsZero() || now.Before(t.Expiry))
}

// header returns the Authorization header value for t.
func (t *Token) header() string {
	switch t.Scheme {
	case "", SchemeBearer:
		return "Bearer " + string(t.AccessToken)
	case SchemeBare:
		return string(t.AccessToken)
	default:
		return t.Scheme + " " + string(t.AccessToken)
	}
}

// String describes t without its secrets.
func (t Token) String() string {
	var b strings.Builder
	b.WriteString("bettermode.Token{Kind: ")
	b.WriteString(string(t.Kind))
	if t.Role != "" {
		b.WriteString(", Role: " + t.Role)
	}
	if t.MemberID != "" {
		b.WriteString(", MemberID: " + t.MemberID)
	}
	if t.NetworkID != "" {
		b.WriteString(", NetworkID: " + t.NetworkID)
	}
	if !t.Expiry.IsZero() {
		b.WriteString(", Expiry: " + t.Expiry.UTC().Format(time.RFC3339))
	}
	b.WriteString(", AccessToken: " + t.AccessToken.String())
	if t.RefreshToken != "" {
		b.WriteString(", RefreshToken: " + t.RefreshToken.String())
	}
	b.WriteString("}")
	return b.String()
}

// NewToken returns a Token of the given kind for accessToken, with its
// Expiry, NetworkID, MemberID and Role read from the token's JWT claims
// (decoded without verifying the signature) when it is a JWT. Use it in a
// CredentialSource of your own so that the cache knows when to renew; such
// a source gives KindCustom unless its tokens are of one of the SDK's kinds.
func NewToken(accessToken Secret, kind TokenKind) *Token {
	t := &Token{AccessToken: accessToken, Kind: kind}
	t.fillFromJWT()
	return t
}

// fillFromJWT sets Expiry, NetworkID and missing member and role details from
// the access token's claims. An opaque token is left as it is.
func (t *Token) fillFromJWT() {
	c, err := jwt.Parse(string(t.AccessToken))
	if err != nil {
		return
	}
	t.Expiry = c.Expiry
	if t.NetworkID == "" {
		t.NetworkID = c.NetworkID
	}
	if t.MemberID == "" {
		t.MemberID = c.MemberID
	}
	if t.Role == "" {
		t.Role = c.Role
	}
}

// StaticTokenOption configures StaticToken.
type StaticTokenOption func(*Token)

// WithScheme sets the Authorization scheme of a static token: SchemeBare for
// APIs that take the bare token, or another scheme name. The default is
// SchemeBearer.
func WithScheme(scheme string) StaticTokenOption {
	return func(t *Token) { t.Scheme = scheme }
}

// StaticToken returns a source that always returns the same token. Its expiry
// and network come from the token's JWT claims when it is a JWT. An empty
// token, or a token or scheme with a control character (a line break, NUL),
// makes NewClient fail with ErrInvalidInput, and the source's Token too.
func StaticToken(token string, opts ...StaticTokenOption) CredentialSource {
	t := NewToken(Secret(token), KindStatic)
	for _, o := range opts {
		if o != nil {
			o(t)
		}
	}
	s := staticSource{tok: t}
	switch {
	case t.AccessToken == "":
		s.err = invalidInput("StaticToken", "token", "pass a non-empty access token")
	case !validHeaderValue(t.header()):
		s.err = badHeader("StaticToken")
	}
	return s
}

// staticSource hands out tok, or err when tok cannot be sent: both decided
// once, when it is made.
type staticSource struct {
	tok *Token
	err error
}

// Format prints the token, its secrets redacted, for every verb.
func (s staticSource) Format(f fmt.State, verb rune) {
	formatOpaque(f, verb, "bettermode.StaticToken("+s.tok.String()+")")
}

func (s staticSource) Token(context.Context) (*Token, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.tok == nil { // a zero staticSource, never made by StaticToken
		return nil, invalidInput("StaticToken", "token", "make the source with StaticToken")
	}
	return s.tok, nil
}

func (s staticSource) validate() error {
	_, err := s.Token(context.Background())
	return err
}
