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
//   - Arguments are one struct per field with arguments (PostsArgs):
//     required arguments as values, optional ones as pointers with
//     omitempty, as package schema's inputs are. Inputs, enums and scalars
//     are package schema's generated types.
//   - Results are generated Go types for every object, interface and union a
//     root field returns, in this package. An interface or union decodes to
//     its concrete type by __typename.
//   - Selections. Every call selects a preset: Basic (the default: the
//     type's scalar and enum fields, like the official 'basic') or All (also
//     one level of object fields, like 'all'). Fields with required
//     arguments are left out of presets. A caller picks their own selection
//     without leaving the typed call: Fields("id title") sends the given
//     selection set and decodes into the generated result type; Into(&v)
//     decodes the field into the caller's own struct and derives the
//     selection from it. Presets are constant documents built by the
//     generator, so a preset call builds no query text at run time
//     (genqlient's approach; githubv4's reflection is used only by Into).
//   - Decoding is encoding/json into the generated types, once, from the
//     raw data the root client's one sender returns: no reflection-based
//     GraphQL decoder on the typed path.
//   - Everything goes through the root client: its credentials and token
//     cache, retries and rate-limit waits, rate budget, typed errors and the
//     rule that a mutation that may have run is never resent.
//   - Pagination: every root field returning a Paginated* connection also
//     has an iterator (PostsIter) returning iter.Seq2[T, error] that fetches
//     the next page only when the caller reaches it.
//   - Generated code says so in its first line and comes from one generator,
//     internal/cmd/schemagen, run by go generate ./schema; CI regenerates and
//     compares.
package api
