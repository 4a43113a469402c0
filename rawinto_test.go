package bettermode

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSendJSONInto: a success decodes into the target in one pass (nil
// data); anything else returns what SendJSON returns, and a retried answer
// does not keep the fields of a failed one.
func TestSendJSONInto(t *testing.T) {
	type member struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	type out struct {
		V *member `json:"authMember"`
	}
	for _, tc := range []struct {
		name     string
		answers  []string // one per attempt; status 500 for all but the last
		decoded  bool     // into the target, nil data
		data     string   // else the data returned
		errIs    error
		anyError bool
	}{
		{name: "success", answers: []string{`{"data":{"authMember":{"id":"fakeMember01","name":"Fake"}}}`}, decoded: true},
		{name: "errors with partial data", answers: []string{`{"data":{"authMember":{"id":"fakeMember01"}},"errors":[{"message":"no name","code":"108"}]}`}, data: `{"authMember":{"id":"fakeMember01"}}`, anyError: true},
		{name: "missing data", answers: []string{`{}`}, anyError: true},
		{name: "null data", answers: []string{`{"data":null}`}, anyError: true},
		{name: "empty data", answers: []string{`{"data":{}}`}, data: `{}`},
		{name: "not the Go type", answers: []string{`{"data":{"authMember":{"id":1}}}`}, data: `{"authMember":{"id":1}}`},
		{name: "not JSON", answers: []string{`{"data":{"authMember":`}, anyError: true},
		{name: "retried after a partial answer", answers: []string{`{"data":{"authMember":{"id":"stale","name":"Stale"`, `{"data":{"authMember":{"id":"fakeMember01"}}}`}, decoded: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				n := int(calls.Add(1))
				if n < len(tc.answers) {
					w.WriteHeader(http.StatusBadGateway)
				}
				_, _ = w.Write([]byte(tc.answers[min(n, len(tc.answers))-1]))
			}))
			defer srv.Close()
			c, err := NewClient(WithEndpoint(srv.URL), WithCredentials(StaticToken("fake-access-token-1")),
				WithRetryPolicy(RetryPolicy{BaseDelay: 1, MaxDelay: 1}))
			require.NoError(t, err)
			defer c.Close()
			var o out
			data, err := c.SendJSONInto(context.Background(), "authMember", false, []byte(`{"query":"query authMember { authMember { id name } }"}`), &o)
			assert.EqualValues(t, len(tc.answers), calls.Load())
			switch {
			case tc.decoded:
				require.NoError(t, err)
				assert.Nil(t, data)
				require.NotNil(t, o.V)
				assert.Equal(t, "fakeMember01", o.V.ID)
				if len(tc.answers) > 1 {
					assert.Empty(t, o.V.Name, "nothing kept from the failed answer")
				}
			case tc.anyError:
				require.Error(t, err)
				if tc.data != "" {
					assert.JSONEq(t, tc.data, string(data))
				}
			default:
				require.NoError(t, err)
				assert.JSONEq(t, tc.data, string(data))
			}
		})
	}
}

// FuzzDecodeDirect checks the one-pass decoding against decodeResponse: an
// answer decodeDirect accepts is one decodeResponse accepts, with data that
// decodes to the same value; otherwise the target is reset before the next
// attempt.
func FuzzDecodeDirect(f *testing.F) {
	for _, s := range []string{`{"data":{"v":{"id":"x"}}}`, `{"data":{"v":{"id":1}}}`, `{"data":{}}`, `{}`, `{"data":null}`,
		`{"data":{"v":{"id":"x"}},"errors":[{"message":"m"}]}`, `{"data":{"v":{"id":"x"}},"errors":null}`, `{"data":{"v":{"id":"x"}},"errors":[]}`, `{"data":{"v":`} {
		f.Add(200, s)
	}
	type target struct {
		V *struct {
			ID string `json:"id"`
		} `json:"v"`
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		var got target
		x := &exchange{into: &got}
		var ext json.RawMessage
		ok := x.decodeDirect(status, []byte(body), &ext)
		data, _, err := decodeResponse("op", status, nil, []byte(body), secrets{})
		if !ok {
			assert.True(t, x.intoDirty || status < 200 || status > 299, "a refused answer marks the target for reset")
			return
		}
		require.NoError(t, err, "decodeDirect accepted what decodeResponse refuses: %q", body)
		var want target
		require.NoError(t, json.Unmarshal(data, &want))
		assert.Equal(t, want, got)
		assert.False(t, x.intoDirty)
	})
}
