package bettermodetest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// FuzzRequest feeds arbitrary bodies and Authorization headers to the
// handler: it must answer JSON with a sensible status, never fail
// internally, and never reveal a secret.
func FuzzRequest(f *testing.F) {
	s := bettermodetest.New()
	guest := s.MintToken(bettermodetest.KindGuest, "")
	for _, seed := range []struct{ body, auth string }{
		{`{"query":"{ tokens(networkId: \"fakeNet0001\") { accessToken role { name } } }"}`, ""},
		{`{"query":"mutation($i: LoginNetworkWithPasswordInput!) { loginNetwork(input: $i) { accessToken } }","variables":{"i":{"usernameOrEmail":"fake-member","password":"fake-password-0002"}}}`, "Bearer " + guest},
		{`{"query":"query($c: PermissionContext!) { limitedToken(context: $c, entityId: \"x\", networkId: \"fakeNet0001\") { accessToken gatewayUrl } }","variables":{"c":"POST"}}`, basic("fake-client-id-0001", "fake-client-secret-0001")},
		{`{"query":"{ authMember { ...F } } fragment F on Member { id role { name } }"}`, "Bearer " + guest},
		{`{"query":"query A { network { id } } query B { member(id: 1) { id } }","operationName":"B"}`, "Bearer x.y.z"},
		{`{"query":"{ a }","variables":[]}`, "Basic !!"},
		{`{not json`, ""},
	} {
		f.Add(seed.body, seed.auth)
	}
	f.Fuzz(func(t *testing.T, body, auth string) {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" && !strings.ContainsAny(auth, "\r\n\x00") {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 400, 413:
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %s", rec.Body)
		}
		for _, sec := range secrets {
			if strings.Contains(rec.Body.String(), sec) {
				t.Fatalf("answer reveals %q: %s", sec, rec.Body)
			}
		}
	})
}
