// Package login implements Bettermode's own login flows: Bettermode as an
// OAuth2 provider for an app (oauthCode, oauthTokens) and the portal login by
// e-mailed code (requestGlobalTokenCode, globalToken,
// loginNetworkWithGlobalToken). Each flow is exposed as plain calls and as a
// bettermode.CredentialSource to pass to bettermode.WithCredentials. (Generic
// OAuth2 providers, PKCE and stored sessions are package oauth's.)
//
// # Bettermode as an OAuth2 provider
//
// A member's client (one with Member credentials, say) calls OAuthCode for
// the app, which gets a single-use code valid about a minute. The app's
// server exchanges it with its client secret: ExchangeOAuthCode returns the
// member's access and refresh tokens once, while NewOAuthSource returns a
// source that exchanges the code on its first call and then renews the
// session. Bettermode's schema has no refresh grant (GrantType has only
// AuthorizationCode): the session is renewed as member sessions are, with
// the query tokens(networkId:, refreshToken:), keeping each rotated refresh
// token.
//
// # Portal login by e-mailed code
//
// RequestEmailCode makes Bettermode mail a code; VerifyEmailCode trades it
// for a global (portal) token; LoginWithGlobalToken sends that token as
// Bearer to loginNetworkWithGlobalToken and gets a member session of one
// community. NewEmailCodeSource does all three, calling a function of yours
// (a prompt, a test hook) for the code once, and renews the session with its
// refresh token, then with the global token while it lasts, and asks for a
// new code only when both fail.
//
// # Transport
//
// The plain calls take a *bettermode.Client: one without credentials
// (bettermode.NewClient(bettermode.WithEndpoint(...))) for the calls that
// need none, one with a member's credentials for OAuthCode. The sources and
// LoginWithGlobalToken take Options (endpoint and HTTP client) and make their
// own clients, sending each bearer as a bettermode.StaticToken.
//
// # Secrets
//
// Codes, client secrets and tokens are bettermode.Secret values, which never
// print, log or encode themselves; no error of this package holds one, and
// the sources print without them.
package login
