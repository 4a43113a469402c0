// Package genqlient plugs the SDK's client into Khan/genqlient, for users
// who write their own operations in .graphql files and generate Go code
// for them with genqlient against the schema shipped in this module.
//
//	gql := genqlient.New(client) // client is a *bettermode.Client
//	resp, err := GetAuthMember(ctx, gql) // a genqlient-generated function
//
// Every request goes through the client's one sender: its credentials and
// token cache, retries and rate-limit waits, rate budget, and the rule that
// a mutation that may have run is never resent. Errors are the client's
// own: *bettermode.Error through errors.As, and the sentinels
// (bettermode.ErrUnauthorized, ...) through errors.Is. The genqlient
// dependency stays in this package: the root package and package api do
// not import it.
package genqlient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/Khan/genqlient/graphql"

	"github.com/bettermode-go/bettermode"
)

// Client is a graphql.Client over a *bettermode.Client. It holds no state of
// its own and is safe for concurrent use.
type Client struct {
	c *bettermode.Client
}

var _ graphql.Client = (*Client)(nil)

// New returns the genqlient client over c, which must not be nil.
func New(c *bettermode.Client) *Client { return &Client{c: c} }

// MakeRequest sends req through the client and decodes the answer's data
// into resp.Data (also when the answer carries errors: the data is partial)
// and its extensions into resp.Extensions. The error is the client's own:
// a *bettermode.Error for an error the API answered, which resp.Errors does
// not repeat.
func (c *Client) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	switch {
	case c == nil || c.c == nil:
		return errors.New("bettermode: genqlient: the client is nil; build it with genqlient.New")
	case req == nil || resp == nil:
		return errors.New("bettermode: genqlient: the request or the response is nil")
	}
	vars, err := variables(req.Variables)
	if err != nil {
		return fmt.Errorf("bettermode: genqlient: %s: cannot encode the variables: %w", req.OpName, err)
	}
	var opts []bettermode.CallOption
	if req.OpName != "" {
		opts = append(opts, bettermode.OperationName(req.OpName))
	}
	r, err := c.c.Exec(ctx, req.Query, vars, opts...)
	if r == nil {
		return err
	}
	if len(r.Data) > 0 && !bytes.Equal(r.Data, []byte("null")) && resp.Data != nil {
		if derr := json.Unmarshal(r.Data, resp.Data); derr != nil && err == nil {
			return fmt.Errorf("bettermode: genqlient: %s: cannot decode the answer into %T (is the generated code up to date with the schema?): %w", req.OpName, resp.Data, derr)
		}
	}
	if len(r.Extensions) > 0 {
		_ = json.Unmarshal(r.Extensions, &resp.Extensions)
	}
	return err
}

// variables turns genqlient's variables (a generated struct, or nil) into
// the map the client sends, through their JSON form so that genqlient's
// own encoding (omitempty, custom marshalers) is kept.
func variables(v any) (map[string]any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("the variables are not a JSON object: %w", err)
	}
	return m, nil
}
