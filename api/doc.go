// Package api is Bettermode's whole GraphQL API as typed Go calls: one
// method per root field of the live schema, named after the field
// (createPost → CreatePost, posts → Posts), with typed arguments, typed
// results, field presets, iterators for paginated fields and media uploads.
//
// # Design
//
// The shape follows what the anchors do well and leaves out what they make
// users pay for:
//
//   - A wrapper, not services. New wraps a *bettermode.Client; every call is
//     a method on the wrapper named after its root field, as the official
//     TypeScript SDK's client.query({name: 'posts'}) is typed by its
//     QueryFunctions. Bettermode's field names are the vocabulary of its
//     documentation, so a Go user finds Posts where the docs say posts.
//     Grouping by resource (go-github's services, the official SDK's
//     t.posts.list) would invent a second vocabulary for 438 fields; the
//     hand-written helpers on top (uploads) are grouped by what they do.
//     Mutations are methods too (CreatePost). The few names that are both
//     a query and a mutation (loginNetwork) keep the plain name for the
//     mutation; the query, deprecated in each case, is suffixed Query
//     (LoginNetworkQuery).
//   - Arguments are one struct per field with arguments (PostsArgs):
//     required arguments as values, optional ones as pointers with
//     omitempty, as package schema's inputs are. Inputs, enums and scalars
//     are package schema's generated types.
//   - Results are generated Go types for every object, interface and union
//     of the schema, in this package, each object with every field (so a
//     caller's own selection decodes too). Scalars and enums are values (a
//     null is the zero value), objects pointers (nil when not selected or
//     null), lists slices of values. Each object has Typename, its
//     __typename when selected. An interface or union is a Go interface
//     whose values are pointers to the concrete types, decoded by
//     __typename; a __typename this package does not know decodes to
//     *Unknown, which keeps the raw value, not to an error.
//   - Selections. Every call selects a preset: Basic (the default: the
//     type's scalar and enum fields, like the official 'basic') or All (also
//     one level of object fields, like 'all'). One deviation from the
//     official 'basic': a field returning a Paginated* connection (Posts,
//     Spaces, Members) selects with Basic its totalCount, pageInfo
//     { endCursor hasNextPage } and nodes with the node type's Basic fields,
//     where the official 'basic' selects totalCount only and the call would
//     return no items; All selects what it always did (totalCount, pageInfo,
//     edges and nodes, one level deep). A connection nested in another
//     type's All selection keeps its scalar fields only. Fields with required
//     arguments are left out of presets, and so are the fields that the
//     possible types of an interface or union declare with different types
//     (they cannot share one name in one selection). A caller picks their
//     own selection without leaving the typed call: Fields("id title")
//     sends the given selection set and decodes into the generated result
//     type (__typename is added for an interface or union); Into(&v)
//     decodes the field into the caller's own struct and derives the
//     selection from it with hasura's query builder. Presets are constant
//     documents built and validated by the generator, so a preset call
//     builds no query text at run time (genqlient's approach; githubv4's
//     reflection is used only by Into); their request bodies are encoded
//     once.
//   - Decoding is encoding/json into the generated types, once: a call's
//     successful answer is decoded by the root client's one sender straight
//     into the result in its one pass over the body; an answer with errors
//     (partial data) is decoded from the raw data the sender returns. No
//     reflection-based GraphQL decoder on the typed path. An object with
//     interface or union fields (Member: banner, profilePicture) decodes
//     them by __typename in a second pass over its value; a root field
//     returning such an object decodes in one pass, into the same struct
//     without that method, when the selection cannot hold them: Basic, or
//     Fields whose text names none of them (in any case) and no fragment.
//   - Everything goes through the root client (bettermode.Client.SendJSON
//     and SendJSONInto, the lean entry points into its one sender): its credentials and token
//     cache, retries and rate-limit waits, rate budget, typed errors and the
//     rule that a mutation that may have run is never resent. With passes
//     the root's call options (BindExtensions, BindResponseHeader).
//   - Pagination: every root field returning a Paginated* connection (nodes
//     and pageInfo { endCursor hasNextPage }, arguments after and limit)
//     also has an iterator over its nodes (PostsIter, iter.Seq2[*Post,
//     error]) and one over its pages (PostsPages, iter.Seq2[*PaginatedPost,
//     error]: each page with its totalCount, pageInfo and nodes). Both fetch
//     the next page only when the caller reaches it, stop at the end, when
//     ctx is done or at the first error, and send each page through the same
//     sender (so the rate budget is charged per page). A pageSize below 1
//     is refused (one error matching bettermode.ErrInvalidInput): there is
//     no default page size.
//   - Generated code says so in its first line and comes from one generator,
//     internal/cmd/schemagen, run by go generate ./schema; CI regenerates and
//     compares. The generated files are gen_types_N.go (objects),
//     gen_abstract.go (interfaces and unions, their decoders),
//     gen_query_N.go and gen_mutation_N.go (arguments, documents and a
//     method per root field, 40 to a file), gen_iter_N.go (iterators) and
//     gen_selections_N.go (the presets' selection sets, constants shared
//     by the documents of every field of one type).
package api
