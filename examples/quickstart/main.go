// Command quickstart walks through every way the SDK gets a Bettermode
// token: a guest token, a member login, an app's bot token and an app token
// that impersonates a member, then runs a typed query and a raw one with the
// best of them.
//
//	go run ./examples/quickstart
//
// With none of the variables below set, it starts the embedded stand-in
// server of package bettermodetest on 127.0.0.1 and uses its fake community:
// nothing leaves the machine.
//
// Setting any one of them switches to real mode, against a real Bettermode
// API. The endpoint is read as bettermode.FromEnv reads it:
// BETTERMODE_ENDPOINT, or else BETTERMODE_REGION, or else the US API
// (https://api.bettermode.com). So setting only, say, BETTERMODE_NETWORK_DOMAIN
// talks to the real US API. A step whose credentials are missing is skipped
// with a note saying which variables it needs.
//
//	BETTERMODE_ENDPOINT        GraphQL endpoint URL (not with BETTERMODE_REGION)
//	BETTERMODE_REGION          us, eu, us-east-1, eu-central-1 or tribe
//	BETTERMODE_NETWORK_DOMAIN  the community's domain (guest, member)
//	BETTERMODE_NETWORK_ID      the community's id (guest, member, app)
//	BETTERMODE_USERNAME        a member's username or e-mail (member)
//	BETTERMODE_PASSWORD        that member's password (member)
//	BETTERMODE_CLIENT_ID       an installed app's client id (app)
//	BETTERMODE_CLIENT_SECRET   that app's client secret (app)
//	BETTERMODE_MEMBER_ID       the member the app impersonates (impersonated)
//
// The program never prints a token, refresh token, password or client
// secret: a token is shown by its kind, role, member, network, expiry and a
// four-character fingerprint (the start of its SHA-256, in hex). On failure
// it prints "error: STEP: ERROR" to stderr and exits with status 1.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// envVars are the variables the program reads; any one of them set means real mode.
var envVars = []string{
	"BETTERMODE_ENDPOINT", "BETTERMODE_REGION", "BETTERMODE_NETWORK_DOMAIN", "BETTERMODE_NETWORK_ID",
	"BETTERMODE_USERNAME", "BETTERMODE_PASSWORD", "BETTERMODE_CLIENT_ID", "BETTERMODE_CLIENT_SECRET",
	"BETTERMODE_MEMBER_ID",
}

// timeout bounds the whole walk.
const timeout = 30 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		os.Exit(1) // run has printed the error
	}
}

// run walks the steps with the variables env returns, printing to out, and
// prints "error: STEP: ERROR" to errOut when one fails.
func run(ctx context.Context, env func(string) string, out, errOut io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := walk(ctx, env, out)
	if err != nil {
		fmt.Fprintf(errOut, "error: %v\n", err)
	}
	return err
}

func walk(ctx context.Context, env func(string) string, out io.Writer) error {
	get := env // values are used as they are: a password may have spaces
	realMode := false
	for _, name := range envVars {
		realMode = realMode || get(name) != ""
	}

	var endpoint bettermode.Option
	if realMode {
		endpoint = bettermode.FromEnvFunc(get)
		probe, err := bettermode.NewClient(endpoint) // validates the variables before any step
		if err != nil {
			return fmt.Errorf("endpoint: %w", err)
		}
		fmt.Fprintf(out, "using the API at %s\n", probe.Endpoint())
		probe.Close()
	} else {
		srv := bettermodetest.NewServer()
		defer srv.Close()
		endpoint = bettermode.WithEndpoint(srv.URL)
		fmt.Fprintf(out, "using the embedded stand-in server at %s (no BETTERMODE_* variables set)\n", srv.URL)
		// The stand-in's fake community plays the part of the variables.
		vals := map[string]string{
			"BETTERMODE_NETWORK_DOMAIN": srv.Network().Domain, "BETTERMODE_NETWORK_ID": srv.Network().ID,
			"BETTERMODE_USERNAME": srv.Member().Username, "BETTERMODE_PASSWORD": srv.Member().Password,
			"BETTERMODE_CLIENT_ID": srv.App().ClientID, "BETTERMODE_CLIENT_SECRET": srv.App().ClientSecret,
			"BETTERMODE_MEMBER_ID": srv.Member().ID,
		}
		get = func(name string) string { return vals[name] }
	}

	domain, networkID := get("BETTERMODE_NETWORK_DOMAIN"), get("BETTERMODE_NETWORK_ID")
	app := bettermode.App{ClientID: get("BETTERMODE_CLIENT_ID"), ClientSecret: bettermode.Secret(get("BETTERMODE_CLIENT_SECRET")), NetworkID: networkID}
	impersonated := app
	impersonated.ImpersonateMemberID = get("BETTERMODE_MEMBER_ID")

	steps := []struct {
		name string
		src  bettermode.CredentialSource
		need []string // the variables the step needs; "A|B" means either
	}{
		{"guest", bettermode.Guest{NetworkDomain: domain, NetworkID: networkID},
			[]string{"BETTERMODE_NETWORK_DOMAIN|BETTERMODE_NETWORK_ID"}},
		{"member", bettermode.Member{NetworkDomain: domain, NetworkID: networkID,
			UsernameOrEmail: get("BETTERMODE_USERNAME"), Password: bettermode.Secret(get("BETTERMODE_PASSWORD"))},
			[]string{"BETTERMODE_NETWORK_DOMAIN|BETTERMODE_NETWORK_ID", "BETTERMODE_USERNAME", "BETTERMODE_PASSWORD"}},
		{"bot app", app, []string{"BETTERMODE_CLIENT_ID", "BETTERMODE_CLIENT_SECRET", "BETTERMODE_NETWORK_ID"}},
		{"impersonated app", impersonated,
			[]string{"BETTERMODE_CLIENT_ID", "BETTERMODE_CLIENT_SECRET", "BETTERMODE_NETWORK_ID", "BETTERMODE_MEMBER_ID"}},
	}
	clients := map[string]*bettermode.Client{}
	for _, st := range steps {
		if missing := missingVars(get, st.need); len(missing) > 0 {
			fmt.Fprintf(out, "skip: %s: set %s\n", st.name, strings.Join(missing, " and "))
			continue
		}
		c, err := bettermode.NewClient(endpoint, bettermode.WithCredentials(st.src))
		if err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
		defer c.Close()
		tok, err := c.Token(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
		printToken(out, st.name, tok)
		clients[st.name] = c
	}
	// The query acts as a member if it can.
	for _, name := range []string{"impersonated app", "member", "bot app", "guest"} {
		if c := clients[name]; c != nil {
			return query(ctx, out, c, name)
		}
	}
	// Every step needs the network, so none ran.
	fmt.Fprintln(out, "skip: query: set BETTERMODE_NETWORK_DOMAIN or BETTERMODE_NETWORK_ID")
	fmt.Fprintln(out, "skip: exec: set BETTERMODE_NETWORK_DOMAIN or BETTERMODE_NETWORK_ID")
	return nil
}

// query runs authMember as a typed query, then as a raw document.
func query(ctx context.Context, out io.Writer, c *bettermode.Client, as string) error {
	var q struct {
		AuthMember struct {
			ID   string `graphql:"id"`
			Name string `graphql:"name"`
		} `graphql:"authMember"`
	}
	if err := c.Query(ctx, &q, nil, bettermode.OperationName("QuickstartWhoAmI")); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	fmt.Fprintf(out, "%-17s authMember: id=%s name=%q (as the %s client)\n", "query", q.AuthMember.ID, q.AuthMember.Name, as)

	resp, err := c.Exec(ctx, `query QuickstartRaw { authMember { id role { name } } network { name } }`, nil)
	if err != nil {
		return fmt.Errorf("exec: %w", err)
	}
	complexity := "not reported"
	if n, ok := resp.Complexity(); ok {
		complexity = fmt.Sprint(n)
	}
	fmt.Fprintf(out, "%-17s extensions.complexity=%s data=%s\n", "exec", complexity, resp.Data)
	return nil
}

// missingVars describes the variables of need that get does not have.
func missingVars(get func(string) string, need []string) []string {
	var missing []string
	for _, alts := range need {
		names := strings.Split(alts, "|")
		found := false
		for _, n := range names {
			found = found || get(n) != ""
		}
		if !found {
			missing = append(missing, strings.Join(names, " or "))
		}
	}
	if len(missing) > 1 {
		for i, m := range missing {
			if strings.Contains(m, " or ") {
				missing[i] = "(" + m + ")"
			}
		}
	}
	return missing
}

// printToken prints what tok says about itself, and a fingerprint of it: never the token.
func printToken(out io.Writer, step string, tok *bettermode.Token) {
	member := tok.MemberID
	if tok.MemberName != "" {
		member += fmt.Sprintf(" (%s)", tok.MemberName)
	}
	expires := "never"
	if !tok.Expiry.IsZero() {
		expires = tok.Expiry.UTC().Format(time.RFC3339) + " (" + until(time.Until(tok.Expiry)) + ")"
	}
	sum := sha256.Sum256([]byte(tok.AccessToken))
	fmt.Fprintf(out, "%-17s kind=%-6s role=%-6s member=%s network=%s expires=%s fingerprint=%s\n",
		step, tok.Kind, tok.Role, member, tok.NetworkID, expires, hex.EncodeToString(sum[:])[:4])
}

// until says how far away d is, such as "in 59m".
func until(d time.Duration) string {
	switch {
	case d <= 0:
		return "expired"
	case d < time.Minute:
		return fmt.Sprintf("in %ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("in %dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("in %dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("in %dd", int(d.Hours()/24))
}
