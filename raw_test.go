package bettermode

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSendJSON: the body goes as it is through the one sender (token,
// retries), and a body holding a mutation is never resent after a 500,
// whatever the caller says.
func TestSendJSON(t *testing.T) {
	var calls atomic.Int32
	var status atomic.Int32
	status.Store(http.StatusInternalServerError)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Header.Get("Authorization") != "Bearer fake-access-token-1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if s := int(status.Load()); s != http.StatusOK {
			w.WriteHeader(s)
			return
		}
		_, _ = w.Write([]byte(`{"data":{"authMember":{"id":"fakeMember01"}}}`))
	}))
	defer srv.Close()
	c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticToken("fake-access-token-1")),
		WithRetryPolicy(RetryPolicy{BaseDelay: 1, MaxDelay: 1}))
	require.NoError(t, err)
	defer c.Close()
	ctx := context.Background()

	_, err = c.SendJSON(ctx, "createPost", false, []byte(`{"query":"mutation createPost { createPost { id } }"}`))
	require.Error(t, err)
	assert.EqualValues(t, 1, calls.Load(), "a mutation is not resent after a 500")

	calls.Store(0)
	_, err = c.SendJSON(ctx, "authMember", false, []byte(`{"query":"query authMember { authMember { id } }"}`))
	require.Error(t, err)
	assert.EqualValues(t, 3, calls.Load(), "a query is retried")

	status.Store(http.StatusOK)
	data, err := c.SendJSON(ctx, "authMember", false, []byte(`{"query":"query authMember { authMember { id } }"}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"authMember":{"id":"fakeMember01"}}`, string(data))

	_, err = c.SendJSON(nil, "authMember", false, nil) //nolint:staticcheck // a nil context is refused
	require.ErrorIs(t, err, ErrInvalidInput)
}
