package schema

import _ "embed" // for SDL

// SDL is Bettermode's GraphQL schema as this package was generated from:
// the file schema.graphql beside it, which merges the published schema and
// the live API's types (see the file's head). The test kit validates and
// executes against it; tools such as genqlient read the file itself.
//
//go:embed schema.graphql
var SDL string
