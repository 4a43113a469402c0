package bettermode

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
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

// AppToken is Bettermode's AppToken type, as limitedToken returns it. Its
// String, GoString, Format and LogValue methods never reveal AccessToken.
type AppToken struct {
	// AccessToken is the app's access token.
	AccessToken string `json:"accessToken"`
	// GatewayURL is where requests with this token go, when set.
	GatewayURL *string `json:"gatewayUrl"`
}

// Token converts a to a Token, reading expiry, role, member and network
// from the JWT claims.
func (a *AppToken) Token() *Token {
	t := &Token{AccessToken: a.AccessToken, Kind: KindApp}
	if a.GatewayURL != nil {
		t.GatewayURL = *a.GatewayURL
	}
	t.fillFromJWT()
	return t
}

// String describes a without its token.
func (a AppToken) String() string {
	gw := ""
	if a.GatewayURL != nil {
		gw = *a.GatewayURL
	}
	return fmt.Sprintf("bettermode.AppToken{GatewayURL: %q, AccessToken: %s}", gw, redacted(a.AccessToken))
}

// MarshalJSON encodes a as its String, without secrets. Decoding is unaffected.
func (a AppToken) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// GoString is String.
func (a AppToken) GoString() string { return a.String() }

// Format prints String for every verb.
func (a AppToken) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a.String()) }

// LogValue logs a without its token.
func (a AppToken) LogValue() slog.Value { return slog.StringValue(a.String()) }

// App gets an app token with the limitedToken query, authenticated with HTTP
// Basic ClientID:ClientSecret. Without ImpersonateMemberID the token acts as
// the app's bot, which can do what a community admin can; with it, as that
// member. The app must be published and installed on the community, or
// Bettermode answers Forbidden.
//
// The legacy endpoint form https://ClientID:ClientSecret@host supplies the
// credentials when ClientID and ClientSecret are empty. Pass App to
// WithCredentials; called directly, Token uses the US endpoint and a default
// HTTP client and caches nothing. Its String, GoString, Format and LogValue
// methods never reveal ClientSecret.
type App struct {
	// ClientID is the app's client id. Required (here or in the endpoint URL).
	ClientID string
	// ClientSecret is the app's client secret. Required (here or in the endpoint URL).
	ClientSecret string
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
		a.ClientID, a.ClientSecret = b.clientID, b.clientSecret
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
	encoded := base64.StdEncoding.EncodeToString([]byte(a.ClientID + ":" + a.ClientSecret))
	return &appSource{a: a, b: b, basic: "Basic " + encoded, encoded: encoded}, nil
}

// String describes a without its secret.
func (a App) String() string {
	return fmt.Sprintf("bettermode.App{ClientID: %q, ClientSecret: %s, NetworkID: %q, Context: %q, EntityID: %q, ImpersonateMemberID: %q}",
		a.ClientID, redacted(a.ClientSecret), a.NetworkID, a.Context, a.EntityID, a.ImpersonateMemberID)
}

// MarshalJSON encodes a as its String, without secrets.
func (a App) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// GoString is String.
func (a App) GoString() string { return a.String() }

// Format prints String for every verb.
func (a App) Format(f fmt.State, verb rune) { formatRedacted(f, verb, a.String()) }

// LogValue logs a without its secret.
func (a App) LogValue() slog.Value {
	return slog.GroupValue(slog.String("client_id", a.ClientID), slog.String("client_secret", redacted(a.ClientSecret)),
		slog.String("network_id", a.NetworkID), slog.String("context", string(a.Context)),
		slog.String("impersonate_member_id", a.ImpersonateMemberID))
}

type appSource struct {
	a       App
	b       *binding
	basic   string // the Authorization header
	encoded string // its base64 part, a secret on its own
}

func (s *appSource) Token(ctx context.Context) (*Token, error) {
	vars := map[string]any{"context": s.a.Context, "networkId": s.a.NetworkID, "entityId": s.a.EntityID}
	if s.a.ImpersonateMemberID != "" {
		vars["impersonateMemberId"] = s.a.ImpersonateMemberID
	}
	var out struct {
		LimitedToken AppToken `json:"limitedToken"`
	}
	if err := s.b.mint(ctx, "limitedToken", limitedTokenDocument, "LimitedToken", vars, s.basic, false, &out, s.a.ClientSecret, s.encoded); err != nil {
		err = withHint(err, ErrForbidden, fmt.Sprintf("the app must be published and installed on community %q", s.a.NetworkID))
		return nil, withHint(err, ErrUnauthorized, "check App.ClientID and App.ClientSecret")
	}
	tok := out.LimitedToken.Token()
	if tok.GatewayURL != "" {
		if _, err := parseEndpoint(tok.GatewayURL); err != nil {
			return nil, &Error{Operation: "limitedToken", Field: "gatewayUrl", Message: "the answer's gatewayUrl is not a valid endpoint",
				kind: ErrInvalidInput, hint: "report it to Bettermode; the token was not used", err: err}
		}
	}
	if tok.NetworkID == "" {
		tok.NetworkID = s.a.NetworkID
	}
	if tok.MemberID == "" {
		tok.MemberID = s.a.ImpersonateMemberID
	}
	return tok, nil
}

func (s *appSource) String() string { return s.a.String() }
