// Package testops is genqlient-generated code for the operations in
// operations.graphql, against the schema shipped in this module, for the
// tests of package genqlient. Regenerate it with go generate (genqlient
// v0.8.1 runs with go run, so it stays out of go.mod).
package testops

//go:generate go run -modfile=tools.mod github.com/Khan/genqlient genqlient.yaml
