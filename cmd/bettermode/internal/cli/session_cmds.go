package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/cmd/bettermode/internal/store"
)

func (a *app) tokenCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "token",
		Short: "Print the current session's access token (and nothing else)",
		Long: `Print the access token of the current profile's session, renewing it first when it
expires within a few minutes (member and OAuth sessions with their refresh token, app
sessions with ` + EnvClientSecret + `). Only the token is printed, for $(bettermode token).
With --json it prints an object with the token, its kind, scheme and expiry.`,
		Example: `  curl -H "Authorization: Bearer $(bettermode token)" -d '{"query":"{ authMember { id } }"}' https://api.bettermode.com
  bettermode token --profile bot
  bettermode token --json`,
		Args: cobra.NoArgs,
		RunE: a.run(func(cmd *cobra.Command, _ []string) error {
			s, err := a.openSession(false)
			if err != nil {
				return err
			}
			tok, err := s.client.Token(cmd.Context())
			if err != nil {
				return s.explain(err)
			}
			return a.printToken(s.profile, string(s.sess.Kind), tok)
		}),
	}
	var domain, networkID string
	guest := &cobra.Command{
		Use:   "guest",
		Short: "Print a guest token of a community (what a visitor who is not logged in can read)",
		Long: `Mint and print a guest token of the community named by --domain or --network-id, with
the open tokens query. No session is needed or stored.`,
		Example: `  bettermode token guest --domain community.example.com
  bettermode token guest --network-id abc123 --region eu`,
		Args: cobra.NoArgs,
		RunE: a.run(func(cmd *cobra.Command, _ []string) error {
			if domain == "" && networkID == "" {
				if a.fakeSrv == nil {
					return usageErr("name the community: --domain D or --network-id N")
				}
				domain = a.fakeSrv.Network().Domain
			}
			endpoint, err := a.loginEndpoint()
			if err != nil {
				return err
			}
			c, err := bettermode.NewClient(bettermode.WithEndpoint(endpoint), userAgent(), a.httpOption(), bettermode.WithoutTokenCache(),
				bettermode.WithCredentials(bettermode.Guest{NetworkDomain: domain, NetworkID: networkID}))
			if err != nil {
				return usageErr("%s", oneLine(err.Error()))
			}
			defer c.Close()
			tok, err := c.Token(cmd.Context())
			if errors.Is(err, bettermode.ErrNotFound) {
				return failErr("no community %s at %s: check --domain or --network-id, and --region or --endpoint", domain+networkID, displayEndpoint(endpoint))
			}
			if err != nil {
				return apiErr(err)
			}
			return a.printToken("", "guest", tok)
		}),
	}
	guest.Flags().StringVar(&domain, "domain", "", "community domain")
	guest.Flags().StringVar(&networkID, "network-id", "", "community (network) id")
	cmd.AddCommand(guest)
	return cmd
}

func (a *app) printToken(profile, kind string, tok *bettermode.Token) error {
	if !printableToken(tok.AccessToken.Reveal()) {
		return failErr("the server's token holds characters no token has (controls, spaces or non-ASCII); it is not printed")
	}
	if !a.jsonOut {
		a.printf("%s\n", tok.AccessToken.Reveal())
		return nil
	}
	scheme := tok.Scheme
	if scheme == "" {
		scheme = bettermode.SchemeBearer
	}
	obj := map[string]any{"token": tok.AccessToken.Reveal(), "kind": kind, "scheme": scheme,
		"network_id": tok.NetworkID, "expires_at": jsonTime(tok.Expiry)}
	if profile != "" {
		obj["profile"] = profile
	}
	writeJSON(a.out, obj)
	return nil
}

const whoamiDocument = `query WhoAmI {
  authMember { id name username email role { name } }
  network { id name domain }
}`

func (a *app) whoamiCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "whoami",
		Short: "Show who the current session acts as: community, member, role, expiry",
		Long: `Show the community, member and role of the current profile's session, from its token's
claims and the API's authMember and network, with when the token was issued and when it
expires. No token is printed.`,
		Example: `  bettermode whoami
  bettermode whoami --profile bot --json`,
		Args: cobra.NoArgs,
		RunE: a.run(func(cmd *cobra.Command, _ []string) error { return a.whoami(cmd.Context()) }),
	}
}

func (a *app) whoami(ctx context.Context) error {
	s, err := a.openSession(true)
	if err != nil {
		return err
	}
	tok, err := s.client.Token(ctx)
	if err != nil {
		return s.explain(err)
	}
	resp, err := s.client.Exec(ctx, whoamiDocument, nil, bettermode.OperationName("WhoAmI"))
	if err != nil {
		if f := s.src.failure(); f != nil {
			return f
		}
		return apiErr(err)
	}
	var out struct {
		AuthMember struct {
			ID, Name, Username, Email string
			Role                      *struct{ Name string }
		} `json:"authMember"`
		Network struct{ ID, Name, Domain string } `json:"network"`
	}
	if err := json.Unmarshal(resp.Data, &out); err != nil {
		return failErr("the API's answer is not what whoami expects: %v", err)
	}
	c, _ := decodeClaims(tok.AccessToken.Reveal())
	role := c.Role
	if out.AuthMember.Role != nil && out.AuthMember.Role.Name != "" {
		role = out.AuthMember.Role.Name
	}
	if role == "" {
		role = tok.Role
	}
	expiry := tok.Expiry
	if !c.Expiry.IsZero() {
		expiry = c.Expiry
	}
	issued := c.Issued
	if issued.IsZero() {
		issued = s.sess.Issued
	}
	networkID := out.Network.ID
	if networkID == "" {
		networkID = c.NetworkID
	}
	memberID := out.AuthMember.ID
	if memberID == "" {
		memberID = c.MemberID
	}
	now := time.Now()
	if a.jsonOut {
		var in any
		if !expiry.IsZero() {
			in = int64(expiry.Sub(now).Seconds())
		}
		writeJSON(a.out, map[string]any{
			"profile": s.profile, "kind": s.sess.Kind, "endpoint": displayEndpoint(s.endpoint),
			"network": map[string]any{"id": networkID, "name": out.Network.Name, "domain": out.Network.Domain},
			"member": map[string]any{"id": memberID, "name": out.AuthMember.Name, "username": out.AuthMember.Username,
				"email": out.AuthMember.Email},
			"role": role, "issued_at": jsonTime(issued), "expires_at": jsonTime(expiry), "expires_in_seconds": in,
		})
		return nil
	}
	tw := tabwriter.NewWriter(a.out, 0, 0, 1, ' ', 0)
	fmt.Fprintf(tw, "Profile:\t%s (%s)\n", s.profile, kindName(s.sess))
	fmt.Fprintf(tw, "Endpoint:\t%s\n", endpointName(a, s.endpoint))
	fmt.Fprintf(tw, "Network:\t%s\n", joinNonEmpty(out.Network.Name, paren(networkID, out.Network.Domain)))
	member := joinNonEmpty(out.AuthMember.Name, paren(at(out.AuthMember.Username), memberID))
	if s.sess.Kind == store.KindApp {
		member += " via app " + s.sess.ClientID
	}
	fmt.Fprintf(tw, "Member:\t%s\n", member)
	fmt.Fprintf(tw, "Role:\t%s\n", role)
	fmt.Fprintf(tw, "Issued:\t%s\n", formatTime(issued))
	fmt.Fprintf(tw, "Expires:\t%s\n", expiresIn(expiry, now))
	return tw.Flush()
}

func at(username string) string {
	if username == "" {
		return ""
	}
	return "@" + username
}

func paren(parts ...string) string {
	s := joinNonEmpty(parts...)
	if s == "" {
		return ""
	}
	return "(" + strings.ReplaceAll(s, " ", ", ") + ")"
}

func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

func kindName(sess *store.Session) string {
	switch sess.Kind {
	case store.KindMember:
		return "member session"
	case store.KindEmail:
		return "member session, e-mail code"
	case store.KindApp:
		if sess.ImpersonateMemberID != "" {
			return "app token, impersonating " + sess.ImpersonateMemberID
		}
		return "app token, bot"
	case store.KindOAuth:
		return "OAuth session"
	}
	return sess.Kind
}

// endpointName shows an endpoint by its region's name when it is one.
func endpointName(a *app, ep string) string {
	if a.fake {
		return "embedded stand-in (--fake)"
	}
	for _, r := range bettermode.Regions {
		if sameEndpoint(r.Endpoint, ep) {
			return r.Endpoint + " (" + r.Name + ")"
		}
	}
	return displayEndpoint(ep)
}

func (a *app) logoutCommand() *cobra.Command {
	var local bool
	cmd := &cobra.Command{
		Use:   "logout",
		Short: "End the session on the server and delete it from the profile",
		Long: `End the current profile's session and delete it. A member session (password or e-mail
code) is ended on the server with logoutNetwork, so that its refresh token stops working;
app tokens and OAuth sessions are only deleted (app tokens expire on their own; revoke an
OAuth grant at its provider). With --local the session is deleted without asking the
server, for when the server cannot end it (its refresh token then stays valid until it
expires).`,
		Example: `  bettermode logout
  bettermode logout --profile bot
  bettermode logout --local    # the server refuses to end the session: delete it anyway`,
		Args: cobra.NoArgs,
		RunE: a.run(func(cmd *cobra.Command, _ []string) error { return a.logout(cmd.Context(), local) }),
	}
	cmd.Flags().BoolVar(&local, "local", false, "delete the saved session without ending it on the server")
	return cmd
}

func (a *app) logout(ctx context.Context, local bool) error {
	s, err := a.openSession(false)
	if err != nil {
		return err
	}
	server := "not_applicable"
	if local {
		server = "not_asked"
	}
	switch s.sess.Kind {
	case store.KindMember, store.KindEmail:
		if local {
			break
		}
		err := s.client.Logout(ctx)
		src, _ := s.src.(*sessionSource)
		switch {
		case err == nil:
			server = "ended"
		case a.ctx.Err() != nil:
			return err
		case errors.Is(err, bettermode.ErrUnauthorized) || (src != nil && src.sessionEnded()):
			server = "already_ended"
		default:
			return failErr("could not end the session on the server (%s): the session is kept; run bettermode%s logout%s again, or bettermode%s logout%s --local to delete it without the server",
				oneLine(s.explain(err).Error()), a.fakeArg(), profileArg(s.profile), a.fakeArg(), profileArg(s.profile))
		}
	}
	st, err := a.store()
	if err != nil {
		return err
	}
	if err := st.Delete(ctx, s.profile); err != nil {
		return failErr("cannot delete the session: %v", err)
	}
	if a.jsonOut {
		writeJSON(a.out, map[string]any{"profile": s.profile, "kind": s.sess.Kind, "server_logout": server, "deleted": true})
		return nil
	}
	switch server {
	case "ended":
		a.printf("Logged out: the session ended on the server and profile %q was deleted.\n", s.profile)
	case "already_ended":
		a.printf("Logged out: the session had already ended on the server; profile %q was deleted.\n", s.profile)
	case "not_asked":
		a.printf("Deleted profile %q without asking the server (--local): its refresh token stays valid until it expires.\n", s.profile)
	default:
		a.printf("Logged out: profile %q was deleted (%s).\n", s.profile, map[string]string{
			store.KindApp:   "app tokens expire on their own",
			store.KindOAuth: "revoke the grant at the OAuth provider if need be",
		}[s.sess.Kind])
	}
	return nil
}

func (a *app) statusCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "List the profiles, which one is current, and when each session expires",
		Long: `List the stored profiles: the current one (marked *), the kind of session, the community,
who it acts as, and when its access token expires and how it renews. No request is sent
and no token is printed.`,
		Example: `  bettermode status
  bettermode status --json`,
		Args: cobra.NoArgs,
		RunE: a.run(func(cmd *cobra.Command, _ []string) error { return a.status(cmd.Context()) }),
	}
}

type profileStatus struct {
	Name          string `json:"name"`
	Current       bool   `json:"current"`
	Kind          string `json:"kind"`
	Endpoint      string `json:"endpoint"`
	NetworkID     string `json:"network_id,omitempty"`
	NetworkDomain string `json:"network_domain,omitempty"`
	User          string `json:"user,omitempty"`
	MemberID      string `json:"member_id,omitempty"`
	ClientID      string `json:"client_id,omitempty"`
	ExpiresAt     any    `json:"expires_at"`
	ExpiresIn     *int64 `json:"expires_in_seconds"`
	Expired       bool   `json:"expired"`
	Renews        string `json:"renews"`
	Error         string `json:"error,omitempty"`
}

func (a *app) status(ctx context.Context) error {
	st, err := a.store()
	if err != nil {
		return err
	}
	current, err := a.profile()
	if err != nil {
		return err
	}
	names, err := st.List()
	if err != nil {
		return failErr("%v", err)
	}
	now := time.Now()
	var rows []profileStatus
	for _, name := range names {
		row := profileStatus{Name: name, Current: name == current}
		sess, err := st.Load(name)
		if err != nil {
			var pe *store.PermissionError
			if errors.As(err, &pe) {
				return failErr("%v", err)
			}
			row.Error = oneLine(err.Error())
			rows = append(rows, row)
			continue
		}
		row.Kind, row.Endpoint = sess.Kind, displayEndpoint(sess.Endpoint)
		row.NetworkID, row.NetworkDomain, row.MemberID, row.ClientID = sess.NetworkID, sess.NetworkDomain, sess.MemberID, sess.ClientID
		row.User = sess.User
		if sess.Kind == store.KindEmail {
			row.User = sess.Email
		}
		expiry, renews := sess.Expiry, "refresh token"
		switch sess.Kind {
		case store.KindApp:
			renews = EnvClientSecret
		case store.KindOAuth:
			renews = "none"
			if fst, err := st.OAuthStore(); err != nil {
				return failErr("%v", err)
			} else if tok, err := fst.Load(ctx, name); err != nil {
				row.Error = oneLine(err.Error())
			} else {
				expiry = tok.Expiry
				if tok.RefreshToken != "" {
					renews = "refresh token"
				}
			}
		}
		row.Renews = renews
		row.ExpiresAt = jsonTime(expiry)
		if !expiry.IsZero() {
			in := int64(expiry.Sub(now).Seconds())
			row.ExpiresIn, row.Expired = &in, !expiry.After(now)
		}
		rows = append(rows, row)
	}
	if a.jsonOut {
		if rows == nil {
			rows = []profileStatus{}
		}
		writeJSON(a.out, map[string]any{"config_dir": st.Dir(), "current": current, "profiles": rows})
		return nil
	}
	if len(rows) == 0 {
		a.printf("No sessions in %s: run bettermode%s login.\n", st.Dir(), a.fakeArg())
		return nil
	}
	tw := tabwriter.NewWriter(a.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  PROFILE\tKIND\tCOMMUNITY\tWHO\tEXPIRES")
	found := false
	for _, r := range rows {
		mark := " "
		if r.Current {
			mark, found = "*", true
		}
		if r.Error != "" {
			fmt.Fprintf(tw, "%s %s\t?\t\t\t%s\n", mark, r.Name, r.Error)
			continue
		}
		community := r.NetworkDomain
		if community == "" {
			community = r.NetworkID
		}
		who := r.User
		switch r.Kind {
		case store.KindApp, store.KindOAuth:
			who = "client " + r.ClientID
		}
		if who == "" {
			who = r.MemberID
		}
		expires := "unknown"
		if at, ok := r.ExpiresAt.(string); ok {
			t, _ := time.Parse(time.RFC3339, at)
			expires = expiresIn(t, now)
		}
		switch r.Renews {
		case "refresh token":
			expires += " (renews with its refresh token)"
		case EnvClientSecret:
			expires += " (renews with $" + EnvClientSecret + ")"
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", mark, r.Name, r.Kind, community, who, expires)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !found {
		a.printf("The current profile %q is not logged in.\n", current)
	}
	return nil
}

func (a *app) switchCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "switch PROFILE",
		Short: "Make another stored profile the current one",
		Long:  `Make PROFILE the current profile: commands without --profile use its session.`,
		Example: `  bettermode switch work
  bettermode status`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeProfiles,
		RunE: a.run(func(_ *cobra.Command, args []string) error {
			name := args[0]
			if err := store.ValidName(name); err != nil {
				return usageErr("%v", err)
			}
			st, err := a.store()
			if err != nil {
				return err
			}
			names, err := st.List()
			if err != nil {
				return failErr("%v", err)
			}
			found := false
			for _, n := range names {
				found = found || n == name
			}
			if !found {
				if len(names) == 0 {
					return usageErr("no profile %q: there are no profiles yet; run bettermode%s login --profile %s", name, a.fakeArg(), name)
				}
				return usageErr("no profile %q: the profiles are %s (or log in with --profile %s)", name, strings.Join(names, ", "), name)
			}
			if err := st.SetCurrent(name); err != nil {
				return failErr("cannot record the current profile: %v", err)
			}
			if a.jsonOut {
				writeJSON(a.out, map[string]any{"current": name})
				return nil
			}
			a.printf("The current profile is now %q.\n", name)
			return nil
		}),
	}
}
