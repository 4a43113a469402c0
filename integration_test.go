package bettermode

import (
	"context"
	"os"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

type authMemberQuery struct {
	AuthMember struct {
		ID   string
		Name string
	} `graphql:"authMember"`
}

func standInClient(t *testing.T, srv *bettermodetest.Server, src CredentialSource, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append([]Option{WithEndpoint(srv.URL), WithCredentials(src)}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// TestAgainstStandIn runs every source against the stand-in server and counts
// the round trips: guest cold 1, member cold 2, app cold 1, warm 0.
func TestAgainstStandIn(t *testing.T) {
	srv := bettermodetest.Start(t)
	net, mem, app := srv.Network(), srv.Member(), srv.App()
	tests := []struct {
		name       string
		src        CredentialSource
		kind       TokenKind
		role       string
		member     string
		memberName string
		coldCalls  int
		mintKind   string
	}{
		{"guest by domain", Guest{NetworkDomain: net.Domain}, KindGuest, "Guest", "", "Guest", 1, bettermodetest.KindGuest},
		{"guest by id", Guest{NetworkID: net.ID}, KindGuest, "Guest", "", "Guest", 1, bettermodetest.KindGuest},
		{"member by email", Member{NetworkDomain: net.Domain, UsernameOrEmail: mem.Email, Password: Secret(mem.Password)}, KindMember, "", mem.ID, mem.Name, 2, bettermodetest.KindMember},
		{"member by username", Member{NetworkID: net.ID, UsernameOrEmail: mem.Username, Password: Secret(mem.Password)}, KindMember, "", mem.ID, mem.Name, 2, bettermodetest.KindMember},
		{"app bot", App{ClientID: app.ClientID, ClientSecret: Secret(app.ClientSecret), NetworkID: net.ID}, KindApp, "", "BOT_" + app.ID, "", 1, bettermodetest.KindApp},
		{"app impersonate", App{ClientID: app.ClientID, ClientSecret: Secret(app.ClientSecret), NetworkID: net.ID, ImpersonateMemberID: mem.ID}, KindApp, "", mem.ID, mem.Name, 1, bettermodetest.KindApp},
		{"app space context", App{ClientID: app.ClientID, ClientSecret: Secret(app.ClientSecret), NetworkID: net.ID, Context: ContextSpace, EntityID: "fakeSpace01"}, KindApp, "", "BOT_" + app.ID, "", 1, bettermodetest.KindApp},
		{"app post context", App{ClientID: app.ClientID, ClientSecret: Secret(app.ClientSecret), NetworkID: net.ID, Context: ContextPost, EntityID: "fakePost01"}, KindApp, "", "BOT_" + app.ID, "", 1, bettermodetest.KindApp},
		{"app member context", App{ClientID: app.ClientID, ClientSecret: Secret(app.ClientSecret), NetworkID: net.ID, Context: ContextMember, EntityID: mem.ID}, KindApp, "", "BOT_" + app.ID, "", 1, bettermodetest.KindApp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset()
			c := standInClient(t, srv, tt.src)
			tok, err := c.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.kind, tok.Kind)
			if tt.role != "" {
				assert.Equal(t, tt.role, tok.Role)
			}
			if tt.member != "" {
				assert.Equal(t, tt.member, tok.MemberID)
			}
			assert.Equal(t, net.ID, tok.NetworkID)
			assert.False(t, tok.Expiry.IsZero(), "expiry comes from the JWT")
			cold := srv.Operations("tokens") + srv.Operations("loginNetwork") + srv.Operations("limitedToken")
			assert.Equal(t, tt.coldCalls, cold, "round trips on a cold client")
			assert.Equal(t, 1, srv.Minted(tt.mintKind))

			for i := 0; i < 5; i++ {
				var q authMemberQuery
				require.NoError(t, c.Query(context.Background(), &q, nil))
				if tt.memberName != "" {
					assert.Equal(t, tt.memberName, q.AuthMember.Name)
				}
			}
			warm := srv.Operations("tokens") + srv.Operations("loginNetwork") + srv.Operations("limitedToken")
			assert.Equal(t, cold, warm, "no round trip once warm")
			assert.Equal(t, 5, srv.Operations("authMember"))
		})
	}
}

func TestStandInFailures(t *testing.T) {
	srv := bettermodetest.Start(t)
	net, mem, app, other := srv.Network(), srv.Member(), srv.App(), srv.UninstalledApp()
	tests := []struct {
		name   string
		src    CredentialSource
		want   error
		reject string
		text   string
	}{
		{"wrong password", Member{NetworkID: net.ID, UsernameOrEmail: mem.Email, Password: "fake-wrong-password"}, ErrUnauthorized, bettermodetest.RejectBadCredentials, "Member.Password"},
		{"wrong secret", App{ClientID: app.ClientID, ClientSecret: "fake-wrong-secret", NetworkID: net.ID}, ErrUnauthorized, bettermodetest.RejectBadCredentials, "App.ClientSecret"},
		{"app not installed", App{ClientID: other.ClientID, ClientSecret: Secret(other.ClientSecret), NetworkID: net.ID}, ErrForbidden, bettermodetest.RejectNotInstalled, "published and installed"},
		{"unknown network", Guest{NetworkDomain: "fake-unknown.example.com"}, ErrNotFound, bettermodetest.RejectNotFound, "not found"},
		{"unknown member", App{ClientID: app.ClientID, ClientSecret: Secret(app.ClientSecret), NetworkID: net.ID, ImpersonateMemberID: "fakeNobody"}, ErrNotFound, bettermodetest.RejectNotFound, ""},
	}
	for _, httpErrors := range []bool{false, true} {
		for _, tt := range tests {
			name := tt.name
			if httpErrors {
				name += " (HTTP status)"
			}
			t.Run(name, func(t *testing.T) {
				s := srv
				if httpErrors {
					s = bettermodetest.Start(t, bettermodetest.WithHTTPAuthErrors())
				}
				s.Reset()
				c := standInClient(t, s, tt.src)
				var q authMemberQuery
				err := c.Query(context.Background(), &q, nil)
				require.ErrorIs(t, err, tt.want)
				assert.Contains(t, err.Error(), tt.text)
				assert.Equal(t, 1, s.Rejected(tt.reject), "wrong credentials cost one upstream call")
				assert.Zero(t, s.Operations("authMember"), "nothing is sent without a token")
				assertNoSecret(t, err.Error(), "fake-wrong-password", "fake-wrong-secret", mem.Password, app.ClientSecret, other.ClientSecret)
			})
		}
	}
}

// TestStandInRejectsForeignTokenThenRecovers feeds the client a token the
// server rejects (signed by the other region): the 108 answer invalidates it,
// one new token is minted and the request is resent once.
func TestStandInRejectsForeignTokenThenRecovers(t *testing.T) {
	us := bettermodetest.Start(t)
	eu := bettermodetest.Start(t, bettermodetest.WithRegion("eu"))
	app := eu.App()
	real, err := App{ClientID: app.ClientID, ClientSecret: Secret(app.ClientSecret), NetworkID: eu.Network().ID}.bind(testBindingURL(eu.URL))
	require.NoError(t, err)
	var mu sync.Mutex
	calls := 0
	src := CredentialSourceFunc(func(ctx context.Context) (*Token, error) {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			return &Token{AccessToken: Secret(us.MintToken(bettermodetest.KindApp, "")), Kind: KindApp}, nil
		}
		return real.Token(ctx)
	})
	c := standInClient(t, eu, src)
	var q authMemberQuery
	require.NoError(t, c.Query(context.Background(), &q, nil))
	assert.Equal(t, 2, calls, "one re-mint")
	assert.Equal(t, 1, eu.Rejected(bettermodetest.RejectWrongRegion))
	assert.Equal(t, 2, eu.Operations("authMember"), "resent once")

	// Without recovery possible (a static token), the rejection surfaces.
	c2 := standInClient(t, eu, StaticToken(us.MintToken(bettermodetest.KindGuest, "")))
	err = c2.Query(context.Background(), &q, nil)
	require.ErrorIs(t, err, ErrUnauthorized)
}

func testBindingURL(u string) *binding {
	b := defaultBinding()
	b.endpoint = u
	return b
}

// TestStandInFaults: transient faults are retried within the policy and
// fatal ones are not. It runs in a synctest bubble (waits take no time),
// but for the dropped connection, which needs a real socket.
func TestStandInFaults(t *testing.T) {
	tests := []struct {
		name   string
		fault  bettermodetest.Fault
		ok     bool
		served int
	}{
		{name: "429 then ok", fault: bettermodetest.Fault{Status: 429, RetryAfter: 2 * time.Second, Times: 1}, ok: true, served: 2},
		{name: "104 then ok", fault: bettermodetest.Fault{Status: 429, AsGraphQLError: true, RetryAfter: time.Second, Times: 1}, ok: true, served: 2},
		{name: "503 twice then ok", fault: bettermodetest.Fault{Status: 503, Times: 2}, ok: true, served: 3},
		{name: "dropped connection then ok", fault: bettermodetest.Fault{Drop: true, Times: 1}, ok: true, served: 2},
		{name: "malformed", fault: bettermodetest.Fault{Malformed: true, Times: 1}, ok: false, served: 1},
		{name: "always 500", fault: bettermodetest.Fault{Status: 500}, ok: false, served: 3},
	}
	for _, tt := range tests {
		check := func(t *testing.T, srv *bettermodetest.Server, c *Client) {
			_, err := c.Token(context.Background())
			require.NoError(t, err)
			srv.InjectFault("authMember", tt.fault)
			var q authMemberQuery
			err = c.Query(context.Background(), &q, nil)
			if tt.ok {
				require.NoError(t, err)
			} else {
				var e *Error
				require.ErrorAs(t, err, &e)
			}
			assert.Equal(t, tt.served, srv.Operations("authMember"))
		}
		t.Run(tt.name, func(t *testing.T) {
			if tt.fault.Drop {
				srv := bettermodetest.Start(t)
				check(t, srv, standInClient(t, srv, appOf(srv)))
				return
			}
			synctest.Test(t, func(t *testing.T) {
				srv := bettermodetest.New()
				check(t, srv, bubbleClient(t, srv, appOf(srv)))
			})
		})
	}
}

func TestReplayGoldenFixtures(t *testing.T) {
	srv := bettermodetest.NewReplayServer(t, os.DirFS("testdata/fixtures"), ".")
	tests := []struct {
		name string
		src  CredentialSource
		kind TokenKind
	}{
		{"guest", Guest{NetworkDomain: fakeDomain}, KindGuest},
		{"member", Member{NetworkDomain: fakeDomain, UsernameOrEmail: fakeUser, Password: fakePassword}, KindMember},
		{"app", App{ClientID: fakeClientID, ClientSecret: fakeSecret, NetworkID: fakeNetwork}, KindApp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := standInClient(t, srv, tt.src)
			tok, err := c.Token(context.Background())
			require.NoError(t, err)
			assert.Equal(t, tt.kind, tok.Kind)
			assert.Equal(t, fakeNetwork, tok.NetworkID)
		})
	}
}
