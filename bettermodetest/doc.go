// Package bettermodetest provides a stand-in Bettermode GraphQL API for
// tests, in the manner of net/http/httptest.
//
// A Server hosts one fake community: a network, an admin and a regular
// member with passwords, an app installed on the network and one that is
// registered but not installed (see the accessors Network, Admin, Member, App
// and UninstalledApp; every value is obviously fake). It answers POST
// requests {query, operationName, variables} on every path:
//
//   - Each request is parsed and validated with gqlparser against SchemaSDL,
//     a subset of Bettermode's published schema. An invalid document or
//     variables get HTTP 400 with extensions.code "GRAPHQL_VALIDATION_FAILED"
//     (or "GRAPHQL_PARSE_FAILED" when the query is not GraphQL).
//   - The operation is then executed: the root fields tokens, limitedToken,
//     loginNetwork (query and mutation), authMember, network and member are
//     resolved and projected onto the selection set, with aliases, fragments,
//     __typename, @skip and @include. The answer is
//     {"data":…,"extensions":{"complexity":N}}.
//
// Authentication follows Bettermode's rules. Only tokens is open: by
// networkId or networkDomain it mints a guest token; by refreshToken it
// renews a member session, rotating the refresh token (each works once).
// loginNetwork needs a bearer token of the network (normally the guest token)
// and a member's username or e-mail and password. limitedToken needs Basic
// client credentials of an app installed on the network, and mints a token of
// the app's bot or of the member it impersonates. authMember, network and
// member need a bearer token. Tokens are HS256 JWTs with the claims exp, iat,
// networkId, role, id, kind, region and jti; each region signs with its own
// key (WithRegion).
//
// Failures answer HTTP 200 (or 401 and 403 with WithHTTPAuthErrors) with
// Bettermode's error shape:
//
//	{"data":null,"errors":[{"code":"108","message":"Unauthorized","status":401,
//	  "path":["authMember"],"timestamp":"2024-01-02T03:04:05Z"}]}
//
// with the codes CodeInvalidInput ("100"), CodeForbidden ("102"),
// CodeRateLimited ("104"), CodeUnauthorized ("108") and CodeNotFound ("110").
// No answer ever contains a password or a client secret.
//
// Tests can inject faults (InjectFault: latency, HTTP errors, rate limits,
// malformed bodies, dropped connections), read counters (Minted, Requests,
// Rejected, Operations), mint tokens directly (MintToken), control time
// (WithClock), and replay recorded fixtures instead of executing requests
// (NewReplayServer, WithFixtures, LoadFixtures).
package bettermodetest
