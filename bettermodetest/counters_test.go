package bettermodetest_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

func TestCounters(t *testing.T) {
	s := bettermodetest.Start(t)
	guest := guestToken(t, s)                                                          // none
	login(t, s, bearer(guest), "fake-member", "fake-password-0002")                    // bearer
	login(t, s, bearer(guest), "fake-member", "wrong")                                 // bearer, bad_credentials
	app := basic(s.App().ClientID, s.App().ClientSecret)                               //
	limited(t, s, app, "NETWORK", "fakeNet0001", "x", nil)                             // basic
	limited(t, s, app, "NETWORK", "fakeNet0001", "x", s.Member().ID)                   // basic
	limited(t, s, basic(s.App().ClientID, "nope"), "NETWORK", "fakeNet0001", "x", nil) // basic, bad_credentials
	uninstalled := basic(s.UninstalledApp().ClientID, s.UninstalledApp().ClientSecret)
	limited(t, s, uninstalled, "NETWORK", "fakeNet0001", "x", nil)         // basic, not_installed
	post(t, s, "", authMemberQuery, nil)                                   // none, unauthenticated
	post(t, s, "Token abc", authMemberQuery, nil)                          // other, unauthenticated
	post(t, s, bearer("a.b.c"), authMemberQuery, nil)                      // bearer, invalid_token
	post(t, s, "", `{ tokens(networkId: 5) { nope } }`, nil)               // none, validation
	post(t, s, "", `query Both { network { id } authMember { id } }`, nil) // none, 2x unauthenticated

	for _, tc := range []struct {
		name string
		got  func(string) int
		want map[string]int
	}{
		{"Minted", s.Minted, map[string]int{"guest": 1, "member": 1, "refresh": 1, "app": 2}},
		{"Requests", s.Requests, map[string]int{bettermodetest.AuthMissing: 4, bettermodetest.AuthBearer: 3, bettermodetest.AuthBasic: 4, bettermodetest.AuthOther: 1}},
		{"Rejected", s.Rejected, map[string]int{
			"bad_credentials": 2, "not_installed": 1, "unauthenticated": 4, "invalid_token": 1, "validation": 1,
			"expired": 0, "forged": 0, "wrong_region": 0,
		}},
		{"Operations", s.Operations, map[string]int{
			"tokens": 2, "loginNetwork": 2, "limitedToken": 4, "authMember": 4, "network": 1, "Guest": 1, "Login": 2, "Limited": 4, "Both": 1, "member": 0,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, want := range tc.want {
				assert.Equal(t, want, tc.got(k), k)
			}
		})
	}

	s.Reset()
	for _, f := range []func(string) int{s.Minted, s.Requests, s.Rejected, s.Operations} {
		for _, k := range []string{"guest", bettermodetest.AuthMissing, bettermodetest.AuthBearer, bettermodetest.AuthBasic, "unauthenticated", "tokens", "limitedToken"} {
			assert.Zero(t, f(k), k)
		}
	}
}

func TestCountersConcurrent(t *testing.T) {
	s := bettermodetest.Start(t)
	const n = 16
	var wg sync.WaitGroup
	tokens := make([]string, n)
	for i := range n {
		wg.Go(func() {
			tokens[i] = guestToken(t, s)
			_ = s.Minted(bettermodetest.KindGuest)
		})
	}
	wg.Wait()
	assert.Equal(t, n, s.Minted(bettermodetest.KindGuest))
	assert.Equal(t, n, s.Requests(bettermodetest.AuthMissing))
	assert.Equal(t, n, s.Operations("tokens"))
	seen := map[string]bool{}
	for _, tok := range tokens {
		require.False(t, seen[tok])
		seen[tok] = true
	}
}
