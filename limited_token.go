package bettermode

import (
	"context"
	"encoding/base64"
	"fmt"
)

const limitedTokenDocument = `query LimitedToken($context: PermissionContext!, $networkId: String!, $entityId: String!, $impersonateMemberId: String) {
  limitedToken(context: $context, networkId: $networkId, entityId: $entityId, impersonateMemberId: $impersonateMemberId) {
    accessToken
    gatewayUrl
  }
}`

// PermissionContext is Bettermode's PermissionContext enum: the kind of
// entity an app token is limited to.
type PermissionContext string

// The PermissionContext values.
const (
	// ContextNetwork limits a token to the community (the default).
	ContextNetwork PermissionContext = "NETWORK"
	// ContextSpace limits a token to one space.
	ContextSpace PermissionContext = "SPACE"
	// ContextPost limits a token to one post.
	ContextPost PermissionContext = "POST"
	// ContextMember limits a token to one member.
	ContextMember PermissionContext = "MEMBER"
)

func (p PermissionContext) valid() bool {
	switch p {
	case ContextNetwork, ContextSpace, ContextPost, ContextMember:
		return true
	}
	return false
}

// appToken is Bettermode's AppToken type, as limitedToken returns it.
type appToken struct {
	AccessToken Secret  `json:"accessToken"`
	GatewayURL  *string `json:"gatewayUrl"`
}

// token converts a to a Token, reading expiry, role, member and network
// from the JWT claims.
func (a *appToken) token() *Token {
	t := &Token{AccessToken: a.AccessToken, Kind: KindApp}
	if a.GatewayURL != nil {
		t.GatewayURL = *a.GatewayURL
	}
	t.fillFromJWT()
	return t
}

// App gets an app token with the limitedToken query, authenticated with HTTP
// Basic ClientID:ClientSecret. Without ImpersonateMemberID the token acts as
// the app's bot, which can do what a community admin can; with it, as that
// member. The app must be published and installed on the community, or
// Bettermode answers Forbidden.
//
// The legacy endpoint form https://ClientID:ClientSecret@host supplies the
// credentials when ClientID and ClientSecret are empty. Pass App to
// WithCredentials; called directly, Token uses the US endpoint and a default
// HTTP client and caches nothing. ClientSecret is a Secret: printing or
// encoding an App never reveals it.
type App struct {
	// ClientID is the app's client id. Required (here or in the endpoint URL).
	ClientID string
	// ClientSecret is the app's client secret. Required (here or in the endpoint URL).
	ClientSecret Secret
	// NetworkID is the community's id. Required.
	NetworkID string
	// Context limits the token to one kind of entity; default ContextNetwork.
	Context PermissionContext
	// EntityID is the entity the token is limited to; default NetworkID.
	EntityID string
	// ImpersonateMemberID makes the token act as that member; empty (the
	// default) gets a bot token.
	ImpersonateMemberID string
}

// Token mints an app token at the US endpoint.
func (a App) Token(ctx context.Context) (*Token, error) {
	src, err := a.bind(defaultBinding())
	if err != nil {
		return nil, err
	}
	return src.Token(ctx)
}

func (a App) bind(b *binding) (CredentialSource, error) {
	if a.ClientID == "" && a.ClientSecret == "" {
		a.ClientID, a.ClientSecret = b.clientID, Secret(b.clientSecret)
	}
	if a.Context == "" {
		a.Context = ContextNetwork
	}
	if a.EntityID == "" {
		a.EntityID = a.NetworkID
	}
	switch {
	case a.ClientID == "":
		return nil, invalidInput("App", "ClientID", "set App.ClientID")
	case a.ClientSecret == "":
		return nil, invalidInput("App", "ClientSecret", "set App.ClientSecret")
	case a.NetworkID == "":
		return nil, invalidInput("App", "NetworkID", "set App.NetworkID to the community's id")
	case !a.Context.valid():
		return nil, &Error{Operation: "App", Field: "Context", Message: fmt.Sprintf("unknown permission context %q", truncate(string(a.Context), 32)),
			kind: ErrInvalidInput, hint: "use ContextNetwork, ContextSpace, ContextPost or ContextMember"}
	}
	userpass := a.ClientID + ":" + string(a.ClientSecret)
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(userpass))
	return &appSource{App: a, b: b, basic: &basic, book: newSecretBook(a.ClientSecret, Secret(userpass))}, nil
}

type appSource struct {
	App
	b     *binding
	basic *string     // the Authorization header, behind a pointer so that fmt never prints it
	book  *secretBook // the client secret, the Basic credential and the tokens minted
}

func (s *appSource) knownSecrets() secrets { return s.book.knownSecrets() }

// Format prints the App, its secret redacted, for every verb.
func (s *appSource) Format(f fmt.State, verb rune) {
	formatOpaque(f, verb, fmt.Sprintf("bettermode.App%+v", s.App))
}

func (s *appSource) Token(ctx context.Context) (*Token, error) {
	vars := map[string]any{"context": s.Context, "networkId": s.NetworkID, "entityId": s.EntityID}
	if s.ImpersonateMemberID != "" {
		vars["impersonateMemberId"] = s.ImpersonateMemberID
	}
	var out struct {
		LimitedToken appToken `json:"limitedToken"`
	}
	if err := s.b.mint(ctx, "limitedToken", limitedTokenDocument, "LimitedToken", vars, *s.basic, false, &out, s.book.knownSecrets()); err != nil {
		err = withHint(err, ErrForbidden, fmt.Sprintf("the app must be published and installed on community %q", s.NetworkID))
		return nil, withHint(err, ErrUnauthorized, "check App.ClientID and App.ClientSecret")
	}
	tok := out.LimitedToken.token()
	if tok.AccessToken == "" {
		return nil, noAccessToken("limitedToken")
	}
	s.book.remember(tok)
	if tok.GatewayURL != "" {
		gw, err := gatewayURL(tok.GatewayURL, s.book.knownSecrets())
		if err != nil {
			return nil, err
		}
		tok.GatewayURL = gw
	}
	if tok.NetworkID == "" {
		tok.NetworkID = s.NetworkID
	}
	if tok.MemberID == "" {
		tok.MemberID = s.ImpersonateMemberID
	}
	return tok, nil
}
