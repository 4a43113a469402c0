package bettermode

import (
	"bytes"
	"context"
	"encoding/json"
)

// SendJSON sends body, a GraphQL request already encoded as JSON
// ({"query":…,"variables":…}), through the client's one sender, and returns
// the answer's data: the credentials, retries, rate-limit waits, rate
// budget and typed errors of Query and Exec. It is the lean entry point of
// code generated from the schema (package api), which encodes its own
// requests and decodes the data with encoding/json; write Query or Exec
// instead. op names the call in errors. mutation says the body holds a
// mutation, so that nothing that may have run is resent; a body that
// mentions the word mutation is treated as one whatever mutation says.
// BindExtensions and BindResponseHeader apply; OperationName does not (the
// body names its operation). With an error, the data is any partial data.
func (c *Client) SendJSON(ctx context.Context, op string, mutation bool, body []byte, opts ...CallOption) (json.RawMessage, error) {
	return c.sendJSON(ctx, op, mutation, body, nil, opts)
}

// sendJSON is SendJSON and, with into, SendJSONInto.
func (c *Client) sendJSON(ctx context.Context, op string, mutation bool, body []byte, into any, opts []CallOption) (json.RawMessage, error) {
	cc, err := c.prepare(ctx, op, opts)
	if err != nil {
		return nil, err
	}
	x := &exchange{op: op, endpoint: c.endpoint, body: body, respHeader: cc.header,
		mutation: mutation || bytes.Contains(body, mutationWord), into: into}
	if c.src != nil {
		x.src, x.auth = c.src, &c.auth
	}
	data, ext, err := c.caller.do(ctx, x)
	if err == nil {
		err = cc.bindExtensions(op, ext)
	}
	return data, err
}

var mutationWord = []byte("mutation")
