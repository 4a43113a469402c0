package api

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/bettermode-go/bettermode"
)

// pages iterates over op's pages, decoded into P: it sends args (after
// after set the cursor) for a page only when the loop reaches it, and stops
// after the last page (as page reads it: no next page, no end cursor or no
// nodes), when ctx is done (yielding its error, without another request) or
// at the first error, which it yields. A pageSize below 1 yields one error.
func pages[P, T any](ctx context.Context, c *Client, op *operation, pageSize int, args any, after func(*string), page func(*P) (*PageInfo, []T), opts []Option) iter.Seq2[*P, error] {
	return func(yield func(*P, error) bool) {
		s := apply(opts)
		if s.kind == optInto {
			yield(nil, fmt.Errorf("bettermode: %s: an iterator does not take Into; use Fields or decode each node: %w", op.field, bettermode.ErrInvalidInput))
			return
		}
		if pageSize < 1 {
			yield(nil, fmt.Errorf("bettermode: %s: the page size is %d; pass 1 or more (20 is a common choice): %w", op.field, pageSize, bettermode.ErrInvalidInput))
			return
		}
		for {
			if ctx != nil && ctx.Err() != nil { // a nil ctx is refused by the sender
				yield(nil, ctx.Err())
				return
			}
			data, err := c.send(ctx, op, &s, args)
			pg := new(P)
			if err == nil {
				err = decodeField(data, op.field, pg)
			}
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(pg, nil) {
				return
			}
			info, items := page(pg)
			if info == nil || !info.HasNextPage || info.EndCursor == "" || len(items) == 0 {
				return
			}
			cursor := info.EndCursor
			after(&cursor)
		}
	}
}

// nodes iterates over the nodes of the pages seq yields, and yields its
// error.
func nodes[P, T any](seq iter.Seq2[*P, error], page func(*P) (*PageInfo, []T)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for pg, err := range seq {
			if err != nil {
				yield(nil, err)
				return
			}
			_, items := page(pg)
			for i := range items {
				if !yield(&items[i], nil) {
					return
				}
			}
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
