// Package oauth logs users in with OAuth2 and keeps their sessions, for the
// bettermode client or any API: every flow ends in a token that a Store keeps
// and a Source renews, a bettermode.CredentialSource.
//
// # Flows
//
//   - Login: the authorization code flow with PKCE for CLIs and desktop
//     programs (RFC 8252). It listens on 127.0.0.1, opens the browser (or
//     hands the URL to WithOpenURL), checks the state, exchanges the code
//     with the PKCE verifier and shuts the listener down.
//   - WebFlow: the same flow for web apps, as two handlers (Start and
//     Callback). The state and the PKCE verifier travel in a sealed,
//     short-lived, HttpOnly cookie, so the server keeps no login state; the
//     callback saves the token under a key of the app's choosing and calls
//     the app.
//   - RedirectTokenHandler: for APIs that hand an access token back in the
//     redirect URL's query; it checks the state and gives the app the token
//     as a bettermode.Secret.
//
// Public clients (no secret) and confidential ones work alike: the config's
// ClientSecret is sent when set. Ask for a refresh token with the scopes the
// provider wants (often "offline_access") or WithAuthCodeOptions.
//
// # Sessions
//
// A Store keeps tokens by key: NewMemoryStore, or NewFileStore (mode 0700
// and 0600, atomic replace, file locks between processes). NewSource turns a
// stored session into a bettermode.CredentialSource that refreshes through
// the provider and saves rotated refresh tokens before it returns them, so
// that restarts resume without a new login and processes sharing a store do
// not lose a rotation.
//
// # Errors and secrets
//
// Each failure has an error to match with errors.Is or errors.As (see the
// Err variables, AuthorizationError, TokenError and PermissionError).
// Session errors also match the bettermode sentinels: log in again
// (bettermode.ErrUnauthorized) or try later (no sentinel). The package logs
// nothing, and no error, page or String holds a token, code, PKCE verifier,
// state or client secret.
//
// Package bettermodetest's OAuth2Server is an authorization server for
// testing these flows and apps built on them.
package oauth
