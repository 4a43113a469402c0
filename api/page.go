package api

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/bettermode-go/bettermode"
)

// pageOf is a page of a paginated connection, as the iterators select it.
type pageOf[T any] struct {
	PageInfo struct {
		EndCursor   *string `json:"endCursor"`
		HasNextPage bool    `json:"hasNextPage"`
	} `json:"pageInfo"`
	Nodes []T `json:"nodes"`
}

// pages iterates over the nodes of op's pages: it sends args (after after
// set the cursor) for a page only when the loop reaches it, and stops at
// the last page, when ctx is done (yielding its error, without another
// request) or at the first error, which it yields.
func pages[T any](ctx context.Context, c *Client, op *operation, args any, after func(*string), opts []Option) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		s := apply(opts)
		if s.kind == optInto {
			yield(nil, fmt.Errorf("bettermode: %s: an iterator does not take Into; use Fields or decode each node: %w", op.field, bettermode.ErrInvalidInput))
			return
		}
		for {
			if ctx != nil && ctx.Err() != nil { // a nil ctx is refused by the sender
				yield(nil, ctx.Err())
				return
			}
			data, err := c.send(ctx, op, &s, args)
			var pg pageOf[T]
			if err == nil {
				err = decodeField(data, op.field, &pg)
			}
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range pg.Nodes {
				if !yield(&pg.Nodes[i], nil) {
					return
				}
			}
			if !pg.PageInfo.HasNextPage || pg.PageInfo.EndCursor == nil || *pg.PageInfo.EndCursor == "" || len(pg.Nodes) == 0 {
				return
			}
			after(pg.PageInfo.EndCursor)
		}
	}
}

// decodeField decodes the root field's value in data into v.
func decodeField(data []byte, field string, v any) error {
	var root map[string]json.RawMessage
	if err := json.Unmarshal(data, &root); err != nil {
		return decodeError(field, err)
	}
	raw, ok := root[field]
	if !ok || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return decodeError(field, err)
	}
	return nil
}
