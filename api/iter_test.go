package api_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// threePages makes the kit answer posts with three pages of two posts,
// and counts the requests for them.
func threePages(t *testing.T, srv *bettermodetest.Server) *atomic.Int32 {
	t.Helper()
	var fetched atomic.Int32
	srv.Handle("Query.posts", func(_ context.Context, args map[string]any) (any, error) {
		fetched.Add(1)
		page := 0
		if after, _ := args["after"].(string); after != "" {
			_, err := fmt.Sscanf(after, "cursor-%d", &page)
			if err != nil {
				return nil, err
			}
		}
		if args["limit"] != 2.0 && args["limit"] != 2 && args["limit"] != int64(2) {
			return nil, fmt.Errorf("limit %v, not the page size 2", args["limit"])
		}
		var nodes []any
		for i := range 2 {
			nodes = append(nodes, map[string]any{"id": fmt.Sprintf("fakePost%d%d", page, i), "title": fmt.Sprintf("Post %d.%d", page, i)})
		}
		return map[string]any{
			"totalCount": 6,
			"nodes":      nodes,
			"pageInfo":   map[string]any{"endCursor": fmt.Sprintf("cursor-%d", page+1), "hasNextPage": page < 2},
		}, nil
	})
	return &fetched
}

// TestIterator pages through three pages, fetching each only when the loop
// reaches it.
func TestIterator(t *testing.T) {
	srv, c := setup(t)
	fetched := threePages(t, srv)
	var titles []string
	for post, err := range c.PostsIter(context.Background(), api.PostsArgs{}, 2) {
		require.NoError(t, err)
		titles = append(titles, post.Title)
		// Page n is fetched when its first post is reached, not before.
		assert.EqualValues(t, (len(titles)+1)/2, fetched.Load(), "after %d posts", len(titles))
	}
	assert.Equal(t, []string{"Post 0.0", "Post 0.1", "Post 1.0", "Post 1.1", "Post 2.0", "Post 2.1"}, titles)
	assert.EqualValues(t, 3, fetched.Load(), "no request after the last page")

	t.Run("break", func(t *testing.T) {
		fetched.Store(0)
		for range c.PostsIter(context.Background(), api.PostsArgs{}, 2) {
			break
		}
		assert.EqualValues(t, 1, fetched.Load())
	})
	t.Run("fields", func(t *testing.T) {
		fetched.Store(0)
		n := 0
		for post, err := range c.PostsIter(context.Background(), api.PostsArgs{}, 2, api.Fields("id")) {
			require.NoError(t, err)
			assert.NotEmpty(t, post.ID)
			assert.Empty(t, post.Title, "only the caller's selection")
			n++
		}
		assert.Equal(t, 6, n)
	})
	t.Run("into is refused", func(t *testing.T) {
		var v struct{ ID string }
		for _, err := range c.PostsIter(context.Background(), api.PostsArgs{}, 2, api.Into(&v)) {
			require.ErrorIs(t, err, bettermode.ErrInvalidInput)
		}
	})
}

// TestIteratorCancel: a context cancelled mid-way stops the iterator
// without another request.
func TestIteratorCancel(t *testing.T) {
	srv, c := setup(t)
	fetched := threePages(t, srv)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen int
	var last error
	for _, err := range c.PostsIter(ctx, api.PostsArgs{}, 2) {
		if err != nil {
			last = err
			continue
		}
		seen++
		if seen == 2 { // the end of the first page
			cancel()
		}
	}
	assert.Equal(t, 2, seen)
	require.ErrorIs(t, last, context.Canceled)
	assert.EqualValues(t, 1, fetched.Load(), "no request after the cancel")
}

// TestIteratorError stops at the first error, which it yields.
func TestIteratorError(t *testing.T) {
	srv, c := setup(t)
	var fetched atomic.Int32
	srv.Handle("Query.posts", func(context.Context, map[string]any) (any, error) {
		fetched.Add(1)
		return nil, &bettermodetest.Error{Code: bettermodetest.CodeNotFound, Message: "no such space"}
	})
	var errs []error
	for post, err := range c.PostsIter(context.Background(), api.PostsArgs{}, 2) {
		assert.Nil(t, post)
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	require.ErrorIs(t, errs[0], bettermode.ErrNotFound)
	assert.EqualValues(t, 1, fetched.Load())
}

// countingBudget is a rate budget that counts what it is asked for.
type countingBudget struct {
	mu    sync.Mutex
	waits int
	cost  int
}

func (b *countingBudget) Wait(_ context.Context, cost int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waits++
	b.cost += cost
	return nil
}

func (b *countingBudget) Charge(context.Context, int, int)       {}
func (b *countingBudget) Backoff(context.Context, time.Duration) {}

// TestIteratorBudget: every page goes through the client's rate budget.
func TestIteratorBudget(t *testing.T) {
	budget := &countingBudget{}
	srv, c := setup(t, bettermode.WithRateBudget(budget))
	fetched := threePages(t, srv)
	_, err := c.Raw().Token(context.Background()) // the logins' requests are charged too
	require.NoError(t, err)
	budget.mu.Lock()
	before := budget.waits
	budget.mu.Unlock()
	n := 0
	for _, err := range c.PostsIter(context.Background(), api.PostsArgs{}, 2) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 6, n)
	assert.EqualValues(t, 3, fetched.Load())
	budget.mu.Lock()
	defer budget.mu.Unlock()
	assert.Equal(t, 3, budget.waits-before, "one wait per page")
	assert.Positive(t, budget.cost)
}

// TestPages pages through three pages, each with its totalCount and
// pageInfo, fetching each only when the loop reaches it.
func TestPages(t *testing.T) {
	srv, c := setup(t)
	fetched := threePages(t, srv)
	n := 0
	for page, err := range c.PostsPages(context.Background(), api.PostsArgs{}, 2) {
		require.NoError(t, err)
		n++
		assert.EqualValues(t, n, fetched.Load(), "page %d is fetched when the loop reaches it", n)
		assert.Equal(t, 6, page.TotalCount)
		assert.Len(t, page.Nodes, 2)
		require.NotNil(t, page.PageInfo)
		assert.Equal(t, fmt.Sprintf("cursor-%d", n), page.PageInfo.EndCursor)
		assert.Equal(t, n < 3, page.PageInfo.HasNextPage)
	}
	assert.Equal(t, 3, n)
	assert.EqualValues(t, 3, fetched.Load(), "no request after the last page")
}

// TestIteratorPageSize refuses a page size below 1 with one error, before
// any request.
func TestIteratorPageSize(t *testing.T) {
	srv, c := setup(t)
	fetched := threePages(t, srv)
	for _, size := range []int{0, -1} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var errs []error
			for post, err := range c.PostsIter(context.Background(), api.PostsArgs{}, size) {
				assert.Nil(t, post)
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], bettermode.ErrInvalidInput)
			errs = nil
			for page, err := range c.PostsPages(context.Background(), api.PostsArgs{}, size) {
				assert.Nil(t, page)
				errs = append(errs, err)
			}
			require.Len(t, errs, 1)
			assert.ErrorIs(t, errs[0], bettermode.ErrInvalidInput)
		})
	}
	assert.Zero(t, fetched.Load())
}
