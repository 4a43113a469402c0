// Package bettermodetest provides a stand-in Bettermode GraphQL API for
// tests, in the manner of net/http/httptest.
//
// A Server hosts one fake community: a network, an admin and a regular
// member with passwords, an app installed on the network and one that is
// registered but not installed (see the accessors Network, Admin, Member, App
// and UninstalledApp; every value is obviously fake). It answers POST
// requests {query, operationName, variables} on every path.
//
// # Validation
//
// Each request is parsed and validated with gqlparser against SchemaSDL,
// Bettermode's complete schema: schema/schema.graphql, which
// internal/cmd/schemagen merges from the two descriptions in the npm
// package @tribeplatform/gql-client pinned in testdata/schema, the
// published SDL and the TypeScript declarations generated from the live
// API (438 root fields; each definition says which source it comes from).
// Every document the official TypeScript SDK builds for its own calls
// (854, testdata/schema/official-documents.json) is valid and answered
// without an error. An invalid
// document or variables get HTTP 400 with Bettermode's code "100"
// (CodeInvalidInput) and extensions.code "GRAPHQL_VALIDATION_FAILED" (or
// "GRAPHQL_PARSE_FAILED" when the query is not GraphQL, "BAD_REQUEST" when
// the body is not a GraphQL request).
//
// # Execution
//
// Every valid operation is executed and projected onto its selection set,
// with aliases, fragments on object and abstract types, __typename, @skip
// and @include. The answer is {"data":…,"extensions":{"complexity":N}}, N
// the number of fields selected. A root field is answered, in order:
//
//  1. by the kit's own resolvers for Bettermode's login flows, with their
//     rules (see Authentication): tokens, loginNetwork (query and mutation),
//     limitedToken, oauthCode, oauthTokens, requestGlobalTokenCode,
//     globalToken, loginNetworkWithGlobalToken and logoutNetwork. No handler
//     can replace them.
//  2. Introspection (__schema, __type, __typename) needs no token, so
//     GraphiQL and code generators run against the server.
//  3. Every other root field needs a valid token (a guest's, a member's or
//     an app's), then is answered by the handler the test registered for it
//     (Handle, WithHandler); else, for authMember, network and member (and
//     their deprecated twins getAuthMember, getNetwork, getMember), by the
//     community; else by objects the test seeded (Seed, WithSeed); else by
//     mock values.
//
// A field of an object type is answered by its handler ("Post.title"),
// else by the value its parent's resolver gave, else by seeded objects,
// else by a mock value. Mock values follow the type, the way
// @graphql-tools/mock makes them: a String is "mock-" and the field's name,
// an Int MockInt (a totalCount MockListLength), a Float MockFloat, a
// Boolean true (hasNextPage and hasPreviousPage false, so paging ends), an
// ID "mock-<type>-<hash of the path>" (an object fetched by an id argument
// keeps that id), a DateTime 2024-01-02T03:04:05Z, an enum its first value,
// a list MockListLength items, a union or interface its first possible
// type with its __typename. So a whole app runs against the server, and
// a test gives only the fields it looks at.
//
// # Authentication
//
// Only tokens is open: by networkId or networkDomain it mints a guest token;
// by refreshToken it renews a member session, rotating the refresh token
// (each works once). loginNetwork needs a bearer token of the network
// (normally the guest token) and a member's username or e-mail and password.
// limitedToken needs Basic client credentials of an app installed on the
// network, and mints a token of the app's bot or of the member it
// impersonates. Every other field needs a bearer token. Tokens are HS256
// JWTs with the claims exp, iat, networkId, role, id, kind, region and jti
// (and sessionId for member sessions); each region signs with its own key
// (WithRegion). logoutNetwork ends the session of the token it is sent
// with: its refresh token and every access token of the session stop
// working (code "108").
//
// # Errors
//
// Every error carries Bettermode's top-level "code" (a string) and
// "status". Failures of fields answer HTTP 200 (or 401 and 403 with
// WithHTTPAuthErrors) with Bettermode's error shape:
//
//	{"data":null,"errors":[{"code":"108","message":"Unauthorized","status":401,
//	  "path":["authMember"],"timestamp":"2024-01-02T03:04:05Z"}]}
//
// A failed nullable field is null next to the rest of the data; a failed
// non-null field nulls its parent, up to data. The codes are those of
// Bettermode's TypeScript client: CodeInvalidInput ("100"), CodeForbidden
// ("102"), CodeRateLimited ("104"), CodeInvalidParameter ("106"),
// CodeUnauthorized ("108"), CodeNotFound ("110"), CodeMissingParameter
// ("112"), CodeParameterType ("114") and CodeServerError ("10"). A handler
// returns any of them with an *Error. Answers injected with Fault.Status
// stand for failures in front of the API and carry a code only for the
// statuses that have one. No answer ever contains a password or a client
// secret.
//
// # What is confirmed and what is assumed
//
// Confirmed by Bettermode's developer documentation
// (developers.bettermode.com, "Authentication" and "Rate Limits"): every
// request but tokens must be authenticated; tokens(networkDomain:) mints a
// guest token of role Guest; loginNetwork needs the guest token as
// "Authorization: Bearer" and fails with Unauthorized without it;
// limitedToken takes the app's client id and secret in Basic auth, with
// context NETWORK and the network's id as networkId and entityId, mints the
// bot's token without impersonateMemberId, and fails with Forbidden for an
// app that is not installed; the bot can do what an admin can; the query's
// complexity is reported in extensions.complexity; the EU region has its
// own endpoint. The error codes and their names are those of ApiErrorCodes
// in Bettermode's TypeScript client (@tribeplatform/gql-client), whose
// schema the server uses.
//
// Assumed by the kit, not documented:
//   - a wrong password or wrong client credentials answer code "108"
//     (Unauthorized), not "100";
//   - a guest token may read authMember (the guest itself), network and
//     member;
//   - refresh tokens are single use: each refresh rotates the refresh token
//     and the old one is rejected ("108", RejectReused);
//   - an empty entityId is invalid input ("100");
//   - validation and variable errors answer HTTP 400 with code "100" next to
//     extensions.code, and an error of the server code "10";
//   - introspection needs no token;
//   - logoutNetwork without input ends the token's own session, and with a
//     sessionId that is not the token's answers "110"; it ends every token
//     of the session, access tokens included; a token without a session (a
//     guest's, an app's) has nothing to end and succeeds;
//   - the login flows (login_ops.go): an authorization code from oauthCode
//     is single use and lasts OAuthCodeLifetime (a minute), only for a
//     member's token and an installed app, and oauthTokens checks the client
//     secret before spending the code; an e-mailed code lasts
//     EmailCodeLifetime, a new request replaces it, a wrong code answers
//     "100" until MaxEmailCodeAttempts void it ("108"), and
//     requestGlobalTokenCode answers the same for any address; a global
//     token works only for loginNetworkWithGlobalToken ("108" elsewhere,
//     RejectGlobalToken), which answers "102" for an e-mail that is not a
//     member and "110" for another network;
//   - extensions.complexity counts the fields selected, not Bettermode's
//     formula;
//   - limitedToken without context (the live declarations let it be
//     omitted) mints a token of context NETWORK; without entityId it still
//     answers "100", as with an empty one.
//
// The schema itself is confirmed where the live declarations define a
// type, field or argument ("# both" and "# types" in schema.graphql): they
// are generated from the live API. The rest is assumed:
//   - what only the published SDL has ("# sdl": oauthCode, oauthTokens,
//     loginNetworkWithGlobalToken and 8 other root fields, the snake_case
//     fields of OAuthCodeInput and OAuthTokens, ...) is kept, as the live
//     API may still serve it;
//   - default values come from the published SDL: the declarations lose
//     them. Post.shortContent(format:) and Post.contentSummary(format:,
//     length:) are non-null with a default the live API does not tell:
//     nullable here, so they may be omitted;
//   - a required input field only one source has is optional
//     (OAuthCodeInput has the SDL's shape and the live one;
//     CreatePostTypeInput.slug is only in the SDL).
//
// # Tools
//
// Tests can inject faults (InjectFault: latency, HTTP errors, rate limits,
// malformed bodies, dropped connections), read counters (Minted, Requests,
// Rejected, Operations), mint tokens directly (MintToken), control time
// (WithClock), and replay recorded fixtures instead of executing requests
// (NewReplayServer, WithFixtures, LoadFixtures).
package bettermodetest
