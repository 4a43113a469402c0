package bettermodetest_test

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

func TestLoadFixtures(t *testing.T) {
	fixtures, err := bettermodetest.LoadFixtures(os.DirFS("testdata"), "replay")
	require.NoError(t, err)
	require.Len(t, fixtures, 6)
	assert.Equal(t, "guest token", fixtures[0].Name)
	assert.Equal(t, "replay/01_guest.json", fixtures[0].File)
	assert.Equal(t, "POST", fixtures[0].Request.Method)
	assert.Equal(t, 503, fixtures[3].Response.Status)

	for _, tc := range []struct {
		name, data, err string
	}{
		{"not JSON", `{`, "replay/x.json"},
		{"unknown field", `{"request":{"body":{"query":"{ network { id } }"}},"response":{"body":{}},"extra":1}`, "unknown field"},
		{"no query", `{"request":{"body":{"variables":{}}},"response":{"body":{}}}`, "request body"},
		{"no response body", `{"request":{"body":{"query":"{ network { id } }"}},"response":{"status":200}}`, "no body"},
		{"bad status", `{"request":{"body":{"query":"{ network { id } }"}},"response":{"status":42,"body":{}}}`, "not an HTTP status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"replay/x.json": {Data: []byte(tc.data)}}
			_, err := bettermodetest.LoadFixtures(fsys, "replay")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
			assert.Contains(t, err.Error(), "replay/x.json")
		})
	}
	t.Run("no directory", func(t *testing.T) {
		_, err := bettermodetest.LoadFixtures(fstest.MapFS{}, "nope")
		assert.Error(t, err)
	})
	t.Run("name defaults to the file name", func(t *testing.T) {
		fsys := fstest.MapFS{"d/named.json": {Data: []byte(`{"request":{"body":{"query":"{ network { id } }"}},"response":{"body":{}}}`)}}
		fx, err := bettermodetest.LoadFixtures(fsys, "d")
		require.NoError(t, err)
		assert.Equal(t, "named", fx[0].Name)
	})
}

func TestNormalizeQuery(t *testing.T) {
	for in, want := range map[string]string{
		"":                                     "",
		"  { a }  ":                            "{ a }",
		"query Q {\n\ttokens(x: 1) {\n  a\n}}": "query Q { tokens(x: 1) { a }}",
		"{ a\r\n b }":                          "{ a b }",
	} {
		assert.Equal(t, want, bettermodetest.NormalizeQuery(in), in)
	}
}

func TestSameRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want bool
	}{
		{"whitespace", `{"query":"{ a  {b} }"}`, `{"query":"{ a\n {b}\n}"}`, true},
		{"variables order", `{"query":"q","variables":{"a":1,"b":[1,2]}}`, `{"query":"q","variables":{"b":[1,2],"a":1.0}}`, true},
		{"no variables", `{"query":"q"}`, `{"query":"q","variables":{}}`, true},
		{"null variables", `{"query":"q","variables":null}`, `{"query":"q"}`, true},
		{"other variables", `{"query":"q","variables":{"a":1}}`, `{"query":"q","variables":{"a":2}}`, false},
		{"other query", `{"query":"{ a }"}`, `{"query":"{ b }"}`, false},
		{"other operationName", `{"query":"q","operationName":"A"}`, `{"query":"q","operationName":"B"}`, false},
		{"not a request", `{"query":"q"}`, `[]`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, bettermodetest.SameRequest([]byte(tc.a), []byte(tc.b)))
			assert.Equal(t, tc.want, bettermodetest.SameRequest([]byte(tc.b), []byte(tc.a)))
		})
	}
}

func TestReplay(t *testing.T) {
	s := bettermodetest.NewReplayServer(t, os.DirFS("testdata"), "replay")
	assert.Len(t, s.Fixtures(), 6)

	t.Run("reformatted query", func(t *testing.T) {
		a := postRaw(t, s, "", []byte(`{"operationName":"Guest","variables":{"networkDomain":"fake-community.example.com"},
			"query":"query Guest($networkDomain: String) { tokens(networkDomain: $networkDomain) { accessToken role { name } } }"}`))
		assert.Equal(t, 200, a.Status)
		assert.Equal(t, "guest", a.Header.Get("X-Fixture"))
		assert.Equal(t, "fake-recorded-guest-token", a.str(t, "tokens.accessToken"))
	})

	t.Run("other variables", func(t *testing.T) {
		a := postRaw(t, s, "", []byte(`{"operationName":"Guest","variables":{"networkDomain":"other.example.com"},
			"query":"query Guest($networkDomain: String) { tokens(networkDomain: $networkDomain) { accessToken role { name } } }"}`))
		assert.Equal(t, 404, a.Status)
		e := a.firstError(t)
		assert.Equal(t, map[string]any{"code": bettermodetest.ExtNoFixture}, e["extensions"])
		assert.Contains(t, e["message"], `"guest token"`)
		assert.Contains(t, e["message"], `operation "Guest"`)
		assert.NotContains(t, a.Raw, "other.example.com", "variables are not echoed")
	})

	t.Run("unknown request", func(t *testing.T) {
		s.Reset()
		a := post(t, s, "", `{ authMember { name } }`, nil)
		assert.Equal(t, 404, a.Status)
		assert.Contains(t, a.firstError(t)["message"], "among 6 fixtures")
		assert.Contains(t, a.firstError(t)["message"], `root fields "authMember"`)
		assert.Equal(t, 1, s.Rejected(bettermodetest.RejectNoFixture))
		assert.Equal(t, 1, s.Operations("authMember"))
	})

	t.Run("headers break ties", func(t *testing.T) {
		for auth, want := range map[string]string{
			"Bearer fake-recorded-member-token": "fakeMember01",
			"Bearer fake-recorded-admin-token":  "fakeAdmin001",
		} {
			a := post(t, s, auth, "{\n  authMember {\n    id\n  }\n}", nil)
			assert.Equal(t, want, a.str(t, "authMember.id"), auth)
		}
	})

	t.Run("sequence", func(t *testing.T) {
		var got []int
		for range 3 {
			got = append(got, post(t, s, "", `{ network { id } }`, nil).Status)
		}
		assert.Equal(t, []int{503, 200, 200}, got)
	})

	t.Run("raw body", func(t *testing.T) {
		a := post(t, s, "", `{ network { name } }`, nil)
		assert.Equal(t, 200, a.Status)
		assert.Equal(t, "{not json", a.Raw)
	})

	t.Run("faults apply", func(t *testing.T) {
		s.InjectFault("network", bettermodetest.Fault{Status: 500, Times: 1})
		assert.Equal(t, 500, post(t, s, "", `{ network { name } }`, nil).Status)
		assert.Equal(t, 200, post(t, s, "", `{ network { name } }`, nil).Status)
	})

	t.Run("WithFixtures", func(t *testing.T) {
		fx := bettermodetest.Fixture{
			Name:     "inline",
			Request:  bettermodetest.FixtureRequest{Body: []byte(`{"query":"{ network { id } }"}`)},
			Response: bettermodetest.FixtureResponse{Status: 201, Body: []byte(`{"data":{"network":{"id":"x"}}}`)},
		}
		r := bettermodetest.Start(t, bettermodetest.WithFixtures(fx))
		a := post(t, r, "", `{network{id}}`, nil)
		assert.Equal(t, 404, a.Status, "whitespace inside tokens matters")
		a = post(t, r, "", ` { network { id } } `, nil)
		assert.Equal(t, 201, a.Status)
		assert.Equal(t, "x", a.str(t, "network.id"))
	})
}
