// Package bettermode is a client for the GraphQL API of Bettermode (formerly
// Tribe) communities: typed queries and mutations over
// github.com/hasura/go-graphql-client, with credential sources that mint,
// cache, refresh and attach the right token to every request.
//
// # Credentials
//
// Pass one source to WithCredentials:
//
//   - StaticToken: a token you already have (WithScheme(SchemeNone) sends it bare).
//   - Guest: a guest token from the open tokens query.
//   - Member: username (or email) and password; a guest token, then the
//     loginNetwork mutation; renewed with the refresh token.
//   - App: an app's client id and secret (HTTP Basic) to limitedToken, for a
//     bot token or one that impersonates a member.
//   - FromOAuth2: any golang.org/x/oauth2 TokenSource.
//
// NewClient binds the source to the client's endpoint and HTTP client and
// wraps it in a CachedSource: one fetch serves every concurrent caller, tokens
// are refreshed in the background before they expire, and a request that the
// API answers with code 108 (or HTTP 401) invalidates its token and is resent
// once.
//
// # Endpoints
//
// US (the default), EU and the legacy Tribe host are exported Region values;
// ParseRegion reads their names, WithEndpoint takes any https URL, and
// FromEnv reads BETTERMODE_ENDPOINT or BETTERMODE_REGION.
//
// # Errors
//
// Every error the API answers is an *Error carrying Bettermode's code, the
// HTTP status and the operation, and matches one of ErrUnauthorized,
// ErrForbidden, ErrRateLimited, ErrNotFound or ErrInvalidInput with
// errors.Is. No error, log line or formatted value holds a secret.
//
// # Testing
//
// Package bettermodetest runs a stand-in Bettermode server in process.
package bettermode
