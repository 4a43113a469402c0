package bettermode_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// The examples run against the in-process stand-in server of package
// bettermodetest; a real program leaves WithEndpoint out (the US API is the
// default) or passes WithRegion(bettermode.EU).

func ExampleNewClient() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	c, err := bettermode.NewClient(
		bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Guest{NetworkDomain: "fake-community.example.com"}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	var q struct {
		Network struct {
			Name   string `graphql:"name"`
			Domain string `graphql:"domain"`
		} `graphql:"network"`
	}
	if err := c.Query(context.Background(), &q, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Network.Name, "at", q.Network.Domain)

	// Options are checked before any request is sent.
	_, err = bettermode.NewClient(bettermode.WithEndpoint("http://example.com"))
	fmt.Println("plain http to a remote host:", errors.Is(err, bettermode.ErrInvalidInput))
	// Output:
	// Fake Community at fake-community.example.com
	// plain http to a remote host: true
}

func ExampleGuest() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Guest{NetworkDomain: "fake-community.example.com"}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	tok, err := c.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Kind, tok.Role, tok.MemberName, tok.NetworkID)
	fmt.Println("guest id:", strings.HasPrefix(tok.MemberID, "GUEST_"))
	fmt.Println("refresh token:", tok.RefreshToken != "")
	// Output:
	// guest Guest Guest fakeNet0001
	// guest id: true
	// refresh token: false
}

func ExampleMember() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Member{
			NetworkDomain:   "fake-community.example.com",
			UsernameOrEmail: srv.Member().Email,
			Password:        bettermode.Secret(srv.Member().Password),
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	tok, err := c.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Kind, tok.Role, tok.MemberID, tok.MemberName)
	fmt.Println("refresh token:", tok.RefreshToken != "")
	// Printing or logging a token never shows its secrets.
	fmt.Println("redacted:", strings.Contains(fmt.Sprint(tok), "AccessToken: REDACTED, RefreshToken: REDACTED"))
	// Output:
	// member Member fakeMember01 Fake Member
	// refresh token: true
	// redacted: true
}

func ExampleApp() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.App{
			ClientID:     srv.App().ClientID,
			ClientSecret: bettermode.Secret(srv.App().ClientSecret),
			NetworkID:    "fakeNet0001",
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	tok, err := c.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Kind, tok.Role, tok.MemberID, tok.NetworkID)

	var q struct {
		AuthMember struct{ Name string } `graphql:"authMember"`
	}
	if err := c.Query(context.Background(), &q, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("acting as:", q.AuthMember.Name)
	// Output:
	// app Admin BOT_fakeApp0001 fakeNet0001
	// acting as: Fake App
}

func ExampleApp_impersonate() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.App{
			ClientID:            srv.App().ClientID,
			ClientSecret:        bettermode.Secret(srv.App().ClientSecret),
			NetworkID:           "fakeNet0001",
			ImpersonateMemberID: "fakeMember01",
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	tok, err := c.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Kind, tok.Role, tok.MemberID)

	var q struct {
		AuthMember struct{ Name string } `graphql:"authMember"`
	}
	if err := c.Query(context.Background(), &q, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("acting as:", q.AuthMember.Name)
	// Output:
	// app Member fakeMember01
	// acting as: Fake Member
}

func ExampleStaticToken() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	token := srv.MintToken(bettermodetest.KindMember, "fakeMember01") // a token from elsewhere

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.StaticToken(token)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	tok, err := c.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	// Role, member, network and expiry come from the JWT's claims.
	fmt.Println(tok.Kind, tok.Role, tok.MemberID, tok.NetworkID, "expiry known:", !tok.Expiry.IsZero())

	// The bare token, for APIs that take "Authorization: <token>".
	bare := bettermode.StaticToken(token, bettermode.WithScheme(bettermode.SchemeBare))
	btok, _ := bare.Token(context.Background())
	fmt.Println("scheme:", btok.Scheme)

	_, err = bettermode.NewClient(bettermode.WithCredentials(bettermode.StaticToken("")))
	fmt.Println("empty token:", errors.Is(err, bettermode.ErrInvalidInput))
	// Output:
	// static Member fakeMember01 fakeNet0001 expiry known: true
	// scheme: bare
	// empty token: true
}

func ExampleClient_Query() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Member{
			NetworkDomain:   "fake-community.example.com",
			UsernameOrEmail: srv.Member().Username,
			Password:        bettermode.Secret(srv.Member().Password),
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	// The struct describes the query; variables are typed by their Go types
	// (string is String!, *string is String).
	var q struct {
		Member struct {
			ID   string `graphql:"id"`
			Name string `graphql:"name"`
			Role struct {
				Name string `graphql:"name"`
			} `graphql:"role"`
		} `graphql:"member(username: $username)"`
	}
	vars := map[string]any{"username": "fake-admin"}
	if err := c.Query(context.Background(), &q, vars, bettermode.OperationName("MemberByUsername")); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Member.ID, q.Member.Name, q.Member.Role.Name)
	// Output:
	// fakeAdmin001 Fake Admin Admin
}

func ExampleClient_Exec() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.Guest{NetworkDomain: "fake-community.example.com"}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	resp, err := c.Exec(context.Background(), `query { network { name membersCount } }`, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(resp.Data))
	if n, ok := resp.Complexity(); ok {
		fmt.Println("complexity:", n)
	}
	// Output:
	// {"network":{"name":"Fake Community","membersCount":2}}
	// complexity: 3
}

func ExampleParseRegion() {
	for _, name := range []string{"eu-central-1", "EU", "us"} {
		r, err := bettermode.ParseRegion(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(name, "=>", r.Name, r.ID, r.Endpoint)
	}

	_, err := bettermode.ParseRegion("mars")
	fmt.Println(errors.Is(err, bettermode.ErrInvalidInput), err)
	// Output:
	// eu-central-1 => eu eu-central-1 https://api.bettermode.de
	// EU => eu eu-central-1 https://api.bettermode.de
	// us => us us-east-1 https://api.bettermode.com
	// true bettermode: ParseRegion: unknown region "mars": use one of us, us-east-1, eu, eu-central-1, tribe
}

func ExampleNewTransport() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	token := srv.MintToken(bettermodetest.KindMember, "fakeMember01")

	// Any net/http call, or another library's client, gets the credentials.
	hc := &http.Client{Transport: bettermode.NewTransport(bettermode.StaticToken(token), nil)}
	resp, err := hc.Post(srv.URL, "application/json", strings.NewReader(`{"query":"{ authMember { name } }"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()

	var answer struct {
		Data struct{ AuthMember struct{ Name string } }
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, answer.Data.AuthMember.Name)
	fmt.Println("bearer requests:", srv.Requests(bettermodetest.AuthBearer))
	// Output:
	// 200 Fake Member
	// bearer requests: 1
}

func ExampleError() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	// An app that is registered but not installed on the community.
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL),
		bettermode.WithCredentials(bettermode.App{
			ClientID:     srv.UninstalledApp().ClientID,
			ClientSecret: bettermode.Secret(srv.UninstalledApp().ClientSecret),
			NetworkID:    "fakeNet0001",
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	_, err = c.Token(context.Background())
	fmt.Println("forbidden:", errors.Is(err, bettermode.ErrForbidden))
	fmt.Println("unauthorized:", errors.Is(err, bettermode.ErrUnauthorized))

	var e *bettermode.Error
	if errors.As(err, &e) {
		fmt.Println("code:", e.Code, "operation:", e.Operation)
	}
	fmt.Println("secret in message:", strings.Contains(err.Error(), srv.UninstalledApp().ClientSecret))
	// Output:
	// forbidden: true
	// unauthorized: false
	// code: 102 operation: limitedToken
	// secret in message: false
}

func ExampleCacheSource() {
	srv := bettermodetest.NewServer()
	defer srv.Close()

	// A source of your own, here one that asks the stand-in for a token.
	var fetches atomic.Int32
	src := bettermode.CredentialSourceFunc(func(ctx context.Context) (*bettermode.Token, error) {
		fetches.Add(1)
		jwt := srv.MintToken(bettermodetest.KindMember, "fakeMember01")
		return bettermode.NewToken(bettermode.Secret(jwt), bettermode.KindMember), nil // expiry from the JWT
	})

	cached := bettermode.CacheSource(src)
	defer cached.Close()

	first, _ := cached.Token(context.Background())
	second, _ := cached.Token(context.Background())
	fmt.Println("fetches:", fetches.Load(), "same token:", first == second)

	// Invalidate drops a token the API rejected: the next call fetches anew.
	cached.Invalidate(second)
	third, _ := cached.Token(context.Background())
	fmt.Println("fetches:", fetches.Load(), "same token:", third == second)
	// Output:
	// fetches: 1 same token: true
	// fetches: 2 same token: false
}

// A server that takes a request and sends nothing back is abandoned after
// the stall timeout (default 30 s); a query is retried within
// RetryPolicy.MaxAttempts, a mutation never, and the error is a timeout.
func ExampleWithStallTimeout() {
	release := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		<-release // never answers while the client waits
	}))
	defer silent.Close()
	defer close(release)

	c, err := bettermode.NewClient(
		bettermode.WithEndpoint(silent.URL),
		bettermode.WithStallTimeout(50*time.Millisecond),
		bettermode.WithRetryPolicy(bettermode.RetryPolicy{MaxAttempts: 1}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()

	_, err = c.Exec(context.Background(), "{ network { name } }", nil)
	fmt.Println("timed out:", errors.Is(err, os.ErrDeadlineExceeded))
	// Output: timed out: true
}
