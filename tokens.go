package bettermode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Documents of the token operations, valid against Bettermode's published
// schema (see schema/schema.graphql).
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

// authToken is Bettermode's AuthToken type, as the tokens query and the
// loginNetwork mutation return it (the fields the SDK selects).
type authToken struct {
	AccessToken  Secret `json:"accessToken"`
	RefreshToken Secret `json:"refreshToken"`
	Role         struct {
		Name   string   `json:"name"`
		Scopes []string `json:"scopes"`
	} `json:"role"`
	Member struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"member"`
}

// token converts a to a Token of the given kind, reading expiry and network
// from the access token's JWT claims.
func (a *authToken) token(kind TokenKind) *Token {
	t := &Token{
		AccessToken: a.AccessToken, RefreshToken: a.RefreshToken, Kind: kind,
		Role: a.Role.Name, Scopes: a.Role.Scopes, MemberID: a.Member.ID, MemberName: a.Member.Name,
	}
	t.fillFromJWT()
	return t
}

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
	return &guestSource{Guest: g, b: b, book: newSecretBook()}, nil
}

// guestSource is a Guest bound to a client. Like every bound source it
// embeds its configuration as an exported field, so that fmt prints it with
// its secrets redacted, and holds the rest behind pointers.
type guestSource struct {
	Guest
	b    *binding
	book *secretBook
}

func (s *guestSource) knownSecrets() secrets { return s.book.knownSecrets() }

// Format prints the Guest for every verb.
func (s *guestSource) Format(f fmt.State, verb rune) {
	formatOpaque(f, verb, fmt.Sprintf("bettermode.Guest%+v", s.Guest))
}

func (s *guestSource) Token(ctx context.Context) (*Token, error) {
	tok, err := s.b.tokens(ctx, networkVars(s.NetworkDomain, s.NetworkID), KindGuest, s.book.knownSecrets())
	s.book.remember(tok)
	return tok, err
}

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
func (b *binding) tokens(ctx context.Context, vars map[string]any, kind TokenKind, ss secrets) (*Token, error) {
	var out struct {
		Tokens authToken `json:"tokens"`
	}
	if err := b.mint(ctx, "tokens", tokensDocument, "Tokens", vars, "", false, &out, ss); err != nil {
		return nil, err
	}
	if out.Tokens.AccessToken == "" {
		return nil, noAccessToken("tokens")
	}
	return out.Tokens.token(kind), nil
}

// noAccessToken is the error of a token operation answered without a token.
func noAccessToken(op string) *Error {
	return &Error{Operation: op, Message: "the answer has no access token", kind: ErrUnauthorized,
		hint: "check that the endpoint is a Bettermode GraphQL API"}
}

// mint runs one token operation with a fixed Authorization header (or none)
// and decodes the answer into out. It is never resent after Unauthorized:
// wrong credentials cost one call.
func (b *binding) mint(ctx context.Context, op, doc, opName string, vars map[string]any, auth string, mutation bool, out any, ss secrets) error {
	body, err := json.Marshal(gqlRequest{Query: doc, OperationName: opName, Variables: vars})
	if err != nil {
		return &Error{Operation: op, Message: "cannot encode the variables", kind: ErrInvalidInput, err: err}
	}
	data, _, err := b.caller.do(ctx, &exchange{op: op, endpoint: b.endpoint, body: body, mutation: mutation, header: auth, secrets: ss, mint: true})
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &Error{Operation: op, Message: "cannot decode the answer", hint: "check that the endpoint is a Bettermode GraphQL API", err: ss.clean(err)}
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

// binding is what WithCredentials binds a source to.
type binding struct {
	endpoint     string
	caller       *caller
	clientID     string // from the endpoint's userinfo
	clientSecret string
}

// binder is a source value that must be bound to a client before use.
type binder interface {
	bind(b *binding) (CredentialSource, error)
}

// defaultWatch and defaultHTTPClient send the requests of sources called
// outside a client.
var (
	defaultWatch      = newConnWatch(DefaultStallTimeout)
	defaultHTTPClient = &http.Client{Transport: newPooledTransport(defaultWatch)}
)

// defaultBinding is used when a Guest, Member or App is called directly,
// outside a client: the US endpoint and a default HTTP client.
func defaultBinding() *binding {
	return &binding{endpoint: US.Endpoint,
		caller: newCaller(defaultHTTPClient, DefaultUserAgent, defaultMaxResponseBytes, RetryPolicy{}, DefaultStallTimeout, defaultWatch)}
}
