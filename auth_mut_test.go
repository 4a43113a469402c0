package bettermode

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seqTokens hands out a new token on every call: fake-tok-1, -2, …
func seqTokens(n *atomic.Int32) CredentialSource {
	return CredentialSourceFunc(func(context.Context) (*Token, error) {
		return &Token{AccessToken: Secret("fake-tok-" + strconv.Itoa(int(n.Add(1))))}, nil
	})
}

// TestUnauthorizedWithoutCache: a source that cannot invalidate is asked
// again after a 401 only when another request took a newer token meanwhile
// (the source moved on); otherwise the 401 is the answer.
func TestUnauthorizedWithoutCache(t *testing.T) {
	t.Run("alone", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var n atomic.Int32
			api := newBubbleAPI(map[string][]answer{"*": {httpAnswer(401), ok(`{"x":1}`)}})
			c := bubbleAPIClient(t, api, seqTokens(&n), WithoutTokenCache())
			_, err := c.Exec(context.Background(), "{x}", nil)
			require.ErrorIs(t, err, ErrUnauthorized)
			assert.Equal(t, 1, api.count())
		})
	})
	t.Run("the source moved on", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var n atomic.Int32
			second := make(chan struct{})
			api := newBubbleAPI(nil)
			api.handle = func(r recorded) (answer, bool) {
				switch r.Header.Get("Authorization") {
				case "Bearer fake-tok-1":
					return httpAnswer(401), true
				case "Bearer fake-tok-2":
					close(second)
				}
				return ok(`{"x":1}`), true
			}
			hold := func(next http.RoundTripper) http.RoundTripper {
				return roundTripFunc(func(r *http.Request) (*http.Response, error) {
					resp, err := next.RoundTrip(r)
					if r.Header.Get("Authorization") == "Bearer fake-tok-1" {
						<-second // answer the first request after the second was sent
					}
					return resp, err
				})
			}
			hc := &http.Client{Transport: hold(handlerTransport{http.HandlerFunc(api.serve)})}
			c, err := NewClient(WithEndpoint("http://localhost/graphql"), WithHTTPClient(hc), WithCredentials(seqTokens(&n)), WithoutTokenCache())
			require.NoError(t, err)
			defer c.Close()
			first := make(chan error, 1)
			go func() {
				_, err := c.Exec(context.Background(), "{x}", nil)
				first <- err
			}()
			synctest.Wait()
			_, err = c.Exec(context.Background(), "{x}", nil)
			require.NoError(t, err)
			require.NoError(t, <-first, "resent with a newer token")
			var auths []string
			for _, r := range api.requests() {
				auths = append(auths, r.Header.Get("Authorization"))
			}
			assert.Equal(t, []string{"Bearer fake-tok-1", "Bearer fake-tok-2", "Bearer fake-tok-3"}, auths)
		})
	})
}

// TestTokenHeaderBytes: a token is sent only if its header holds no control
// character but tab; nothing is sent otherwise.
func TestTokenHeaderBytes(t *testing.T) {
	for _, tt := range []struct {
		b  byte
		ok bool
	}{
		{b: '\t', ok: true}, {b: ' ', ok: true}, {b: '~', ok: true}, {b: '!', ok: true},
		{b: 0x00}, {b: '\n'}, {b: '\r'}, {b: 0x08}, {b: 0x0a}, {b: 0x1f}, {b: 0x7f},
	} {
		t.Run(fmt.Sprintf("%#x", tt.b), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tok := "fake-tok" + string(tt.b) + "en-1"
				src := CredentialSourceFunc(func(context.Context) (*Token, error) { return &Token{AccessToken: Secret(tok)}, nil })
				api := newBubbleAPI(map[string][]answer{"*": {ok(`{"x":1}`)}})
				c := bubbleAPIClient(t, api, src)
				_, err := c.Exec(context.Background(), "{x}", nil)
				if tt.ok {
					require.NoError(t, err)
					require.Equal(t, 1, api.count())
					assert.Equal(t, "Bearer "+tok, api.requests()[0].Header.Get("Authorization"))
					return
				}
				require.ErrorIs(t, err, ErrInvalidInput)
				assert.Zero(t, api.count())
				_, err = NewClient(WithEndpoint("http://localhost/graphql"), WithCredentials(StaticToken(tok)))
				require.ErrorIs(t, err, ErrInvalidInput, "a static token is checked when made")
			})
		})
	}
}

// TestSourcePanicWithoutCache: a source that panics outside a cache gives
// an error naming the panic's type only, and nothing is sent.
func TestSourcePanicWithoutCache(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := CredentialSourceFunc(func(context.Context) (*Token, error) { panic("fake-secret-in-panic") })
		api := newBubbleAPI(map[string][]answer{"*": {ok(`{"x":1}`)}})
		c := bubbleAPIClient(t, api, src, WithoutTokenCache())
		_, err := c.Exec(context.Background(), "{x}", nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "the credential source panicked (string)")
		assert.NotContains(t, err.Error(), "fake-secret-in-panic")
		assert.Zero(t, api.count())
	})
}
