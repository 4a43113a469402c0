// Package bettermode is a client for the GraphQL API of Bettermode (formerly
// Tribe) communities: typed queries and mutations over
// github.com/hasura/go-graphql-client, with credential sources that mint,
// cache, refresh and attach the right token to every request.
//
// # Credentials
//
// Pass one source to WithCredentials:
//
//   - StaticToken: a token you already have (WithScheme(SchemeBare) sends it
//     without a scheme).
//   - Guest: a guest token from the open tokens query.
//   - Member: username (or email) and password; a guest token, then the
//     loginNetwork mutation; renewed with the refresh token.
//   - App: an app's client id and secret (HTTP Basic) to limitedToken, for a
//     bot token or one that impersonates a member.
//   - FromOAuth2: any golang.org/x/oauth2 TokenSource.
//
// Every credential field (Member.Password, App.ClientSecret,
// Token.AccessToken, Token.RefreshToken) has type Secret, which never prints
// or encodes itself: convert a string with Secret(s).
//
// NewClient binds the source to the client's endpoint and HTTP client and
// wraps it in a CachedSource: one fetch serves every concurrent caller, tokens
// are refreshed in the background before they expire (the windows scale to
// each token's lifetime, so tokens of a few seconds work with the defaults),
// and a request that the API answers with code 108 (or HTTP 401) invalidates
// its token and is resent once.
//
// # Sending
//
// Query, Mutate and Exec send through one executor: the same destination
// (the endpoint, or an app token's validated gatewayUrl), the same retries
// (rate limits waited out within a budget, transient failures with backoff,
// nothing resent that may have run) and the same rule after Unauthorized.
// HTTPClient and NewTransport share the rule and the destination policy:
// credentials go over https (or plain http to loopback) to the endpoint's
// origin only, and the SDK's own requests follow no redirect off it.
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
// errors.Is. No error (nor any error its chain exposes through Unwrap or
// errors.As), log line, token event or formatted or encoded value holds a
// secret: server text is scrubbed of every form of every secret the SDK
// holds (raw, base64, URL- and JSON-encoded), and foreign errors are rebuilt
// from their scrubbed text.
//
// # Testing
//
// Package bettermodetest runs a stand-in Bettermode server in process.
package bettermode
