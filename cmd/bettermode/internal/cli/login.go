package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/cmd/bettermode/internal/store"
	"github.com/bettermode-go/bettermode/login"
	"github.com/bettermode-go/bettermode/oauth"
)

// browserTimeout bounds the wait for an OAuth login in the browser.
const browserTimeout = 10 * time.Minute

type loginOptions struct {
	domain, networkID, user string
	passwordStdin           bool
	secretStdin             bool

	app               bool
	clientID, member  string
	oauth             bool
	authURL, tokenURL string
	redirectURL       string
	scopes            []string
	noBrowser         bool

	email string
	force bool
}

func (a *app) loginCommand() *cobra.Command {
	var o loginOptions
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Log in and store the session in the current profile",
		Long: `Log in to a Bettermode community and store the session in the profile
(--profile, or the current one), which becomes the current profile.

Without flags, on a terminal, it asks which way to log in. The ways:

  member    --domain D (or --network-id N) --user U
            The password comes from a prompt that does not echo, from
            --password-stdin, or from ` + EnvPassword + `; never from a flag.
            The session renews with its refresh token; the password is not stored.
  app       --app --client-id ID --network-id N [--member M]
            The client secret comes from ` + EnvClientSecret + `, --secret-stdin, or a
            prompt that does not echo. It is not stored: when the app token nears its expiry,
            commands need ` + EnvClientSecret + ` set to renew it.
  oauth     --oauth --client-id ID --auth-url URL --token-url URL [--scopes ...]
            The OAuth2 code flow with PKCE on a loopback redirect: prints the login
            URL, opens the browser when there is one, and waits (Ctrl-C cancels).
            A confidential client's secret comes from ` + EnvClientSecret + ` or
            --secret-stdin; it is not stored (renewals need ` + EnvClientSecret + `).
  email     --email E --domain D (or --network-id N)
            Bettermode mails a code; type it at the prompt (or pipe it on stdin).`,
		Example: `  bettermode login
  bettermode login --domain community.example.com --user jane
  echo "$PASSWORD" | bettermode login --domain community.example.com --user jane --password-stdin
  BETTERMODE_CLIENT_SECRET=... bettermode login --app --client-id abc --network-id xyz --profile bot
  bettermode login --oauth --client-id abc --auth-url https://idp.example.com/authorize --token-url https://idp.example.com/token
  bettermode login --email jane@example.com --domain community.example.com
  bettermode --fake login    # the stand-in's member, no password needed`,
		Args: cobra.NoArgs,
		RunE: a.run(func(cmd *cobra.Command, _ []string) error { return a.login(cmd.Context(), o) }),
	}
	f := cmd.Flags()
	f.StringVar(&o.domain, "domain", "", "community domain, such as community.example.com")
	f.StringVar(&o.networkID, "network-id", "", "community (network) id")
	f.StringVar(&o.user, "user", "", "member username or e-mail")
	f.BoolVar(&o.passwordStdin, "password-stdin", false, "read the password from stdin (first line)")
	f.BoolVar(&o.secretStdin, "secret-stdin", false, "with --app or --oauth: read the client secret from stdin (first line)")
	f.BoolVar(&o.app, "app", false, "log in as an app (client credentials)")
	f.StringVar(&o.clientID, "client-id", "", "app or OAuth client id")
	f.StringVar(&o.member, "member", "", "with --app: the member id to impersonate (default: the app's bot)")
	f.BoolVar(&o.oauth, "oauth", false, "log in with OAuth2 in the browser (loopback redirect, PKCE)")
	f.StringVar(&o.authURL, "auth-url", "", "with --oauth: the authorization endpoint")
	f.StringVar(&o.tokenURL, "token-url", "", "with --oauth: the token endpoint")
	f.StringVar(&o.redirectURL, "redirect-url", "", "with --oauth: the loopback redirect URL (default "+oauth.DefaultRedirectURL+", any free port)")
	f.StringSliceVar(&o.scopes, "scopes", nil, "with --oauth: scopes to ask for (comma-separated)")
	f.BoolVar(&o.noBrowser, "no-browser", false, "with --oauth: print the login URL without opening a browser")
	f.StringVar(&o.email, "email", "", "log in by a code mailed to this address (portal login)")
	f.BoolVar(&o.force, "force", false, "replace the profile's session even when it is of another kind")
	return cmd
}

func (a *app) login(ctx context.Context, o loginOptions) error {
	mode, err := a.loginMode(ctx, &o)
	if err != nil {
		return err
	}
	profile, err := a.profile()
	if err != nil {
		return err
	}
	endpoint, err := a.loginEndpoint()
	if err != nil {
		return err
	}
	if err := a.checkReplace(ctx, profile, mode, o.force); err != nil {
		return err
	}
	var sess *store.Session
	switch mode {
	case store.KindMember:
		sess, err = a.loginMember(ctx, &o, endpoint)
	case store.KindApp:
		sess, err = a.loginApp(ctx, &o, endpoint)
	case store.KindOAuth:
		sess, err = a.loginOAuth(ctx, &o, profile)
	case store.KindEmail:
		sess, err = a.loginEmail(ctx, &o, endpoint)
	}
	if err != nil {
		return err
	}
	sess.Kind, sess.Endpoint, sess.Created = mode, endpoint, time.Now().UTC()
	st, err := a.store()
	if err != nil {
		return err
	}
	if err := st.Save(profile, sess); err != nil {
		return failErr("cannot save the session: %v", err)
	}
	if err := st.SetCurrent(profile); err != nil {
		return failErr("cannot record the current profile: %v", err)
	}
	a.printLogin(profile, sess)
	return nil
}

// credentialRefusal reports whether a login's error is the server refusing
// the username or password: unauthorized, or the codes Bettermode answers a
// wrong password with (100 "invalid credentials", 108).
func credentialRefusal(err error) bool {
	if errors.Is(err, bettermode.ErrUnauthorized) {
		return true
	}
	var be *bettermode.Error
	return errors.As(err, &be) && (be.Code == "100" || be.Code == "108")
}

// checkReplace lets a login replace the profile's session of another kind
// (an app's bot by a member, say) only when the user says so: with
// --force, or by answering yes on a terminal.
func (a *app) checkReplace(ctx context.Context, profile, mode string, force bool) error {
	if force {
		return nil
	}
	st, err := a.store()
	if err != nil {
		return err
	}
	old, err := st.Load(profile)
	if err != nil || old.Kind == mode {
		return nil // nothing stored (or unreadable: the login replaces it), or the same kind
	}
	what := kindName(old)
	if !a.tty {
		return usageErr("profile %q holds a session of another kind (%s): pass --force to replace it, or log in with --profile NAME to keep both", profile, what)
	}
	ans, err := a.prompt.line(ctx, fmt.Sprintf("Profile %q holds a session of another kind (%s). Replace it? [y/N]", profile, what), "")
	if err != nil {
		return a.promptErr(err)
	}
	if a := strings.ToLower(strings.TrimSpace(ans)); a != "y" && a != "yes" {
		return failErr("kept the session of profile %q: log in with --profile NAME to keep both, or pass --force", profile)
	}
	return nil
}

// loginMode picks the way to log in from the flags, or asks on a terminal.
func (a *app) loginMode(ctx context.Context, o *loginOptions) (string, error) {
	var modes []string
	if o.app {
		modes = append(modes, "--app")
	}
	if o.oauth {
		modes = append(modes, "--oauth")
	}
	if o.email != "" {
		modes = append(modes, "--email")
	}
	if o.user != "" || o.passwordStdin {
		modes = append(modes, "--user")
	}
	if o.secretStdin && !o.app && !o.oauth {
		return "", usageErr("--secret-stdin goes with --app or --oauth")
	}
	if len(modes) > 1 {
		return "", usageErr("%s choose different ways to log in: use one of them", strings.Join(modes, " and "))
	}
	switch {
	case o.app:
		return store.KindApp, nil
	case o.oauth:
		return store.KindOAuth, nil
	case o.email != "":
		return store.KindEmail, nil
	case o.user != "" || o.passwordStdin || o.domain != "" || o.networkID != "":
		return store.KindMember, nil
	case a.fake && !a.tty:
		return store.KindMember, nil
	case !a.tty:
		return "", usageErr("choose how to log in: --domain D --user U, --app, --oauth or --email (or run bettermode login on a terminal to be asked)")
	}
	a.errf("How do you want to log in?\n" +
		"  1) member: username or e-mail and password\n" +
		"  2) app: client id and secret\n" +
		"  3) OAuth in the browser\n" +
		"  4) a code mailed to you (portal login)\n")
	for {
		ans, err := a.prompt.line(ctx, "Choose 1-4", "1")
		if err != nil {
			return "", a.promptErr(err)
		}
		switch strings.ToLower(ans) {
		case "1", "member":
			return store.KindMember, nil
		case "2", "app":
			o.app = true
			return store.KindApp, nil
		case "3", "oauth":
			o.oauth = true
			return store.KindOAuth, nil
		case "4", "email", "e-mail":
			return store.KindEmail, nil
		}
		a.errf("Type 1, 2, 3 or 4.\n")
	}
}

// promptErr turns a failed prompt into an exit error.
func (a *app) promptErr(err error) error {
	if errors.Is(err, context.Canceled) || a.ctx.Err() != nil {
		return err
	}
	return usageErr("cannot read the answer: %v", err)
}

// ask returns val, or asks for it on a terminal (with def as the default),
// or returns def, or fails naming the flag.
func (a *app) ask(ctx context.Context, val, label, def, flag string) (string, error) {
	if val != "" {
		return val, nil
	}
	if a.tty {
		v, err := a.prompt.line(ctx, label, def)
		if err != nil {
			return "", a.promptErr(err)
		}
		if v != "" {
			return v, nil
		}
	} else if def != "" {
		return def, nil
	}
	return "", usageErr("missing %s", flag)
}

// community returns the community the flags name: the domain and/or id,
// asking for a domain on a terminal.
func (a *app) community(ctx context.Context, o *loginOptions) (domain, id string, err error) {
	if o.domain != "" || o.networkID != "" {
		return o.domain, o.networkID, nil
	}
	def := ""
	if a.fakeSrv != nil {
		def = a.fakeSrv.Network().Domain
	}
	domain, err = a.ask(ctx, "", "Community domain", def, "--domain (or --network-id)")
	return domain, "", err
}

func (a *app) loginMember(ctx context.Context, o *loginOptions, endpoint string) (*store.Session, error) {
	domain, networkID, err := a.community(ctx, o)
	if err != nil {
		return nil, err
	}
	def := ""
	if a.fakeSrv != nil {
		def = a.fakeSrv.Member().Username
	}
	user, err := a.ask(ctx, o.user, "Username or e-mail", def, "--user")
	if err != nil {
		return nil, err
	}
	where := domain
	if where == "" {
		where = networkID
	}
	password, err := a.password(ctx, o, user, where)
	if err != nil {
		return nil, err
	}
	c, err := bettermode.NewClient(bettermode.WithEndpoint(endpoint), userAgent(), a.httpOption(), bettermode.WithoutTokenCache(),
		bettermode.WithCredentials(bettermode.Member{NetworkDomain: domain, NetworkID: networkID,
			UsernameOrEmail: user, Password: bettermode.Secret(password), NoRelogin: true}))
	if err != nil {
		return nil, usageErr("%s", oneLine(err.Error()))
	}
	defer c.Close()
	tok, err := c.Token(ctx)
	switch {
	case err == nil:
	case credentialRefusal(err):
		return nil, failErr("wrong username or password for %s at %s: check them and run bettermode%s login again", user, where, a.fakeArg())
	case errors.Is(err, bettermode.ErrNotFound):
		return nil, failErr("no community %s at %s: check --domain or --network-id, and --region or --endpoint", where, displayEndpoint(endpoint))
	default:
		return nil, apiErr(err)
	}
	sess := sessionOf(tok)
	sess.NetworkDomain, sess.User = domain, user
	if sess.NetworkID == "" {
		sess.NetworkID = networkID
	}
	return sess, nil
}

// password returns the member's password from --password-stdin, the
// environment, the stand-in (--fake, for its own members), or a prompt that
// does not echo; never from a flag.
func (a *app) password(ctx context.Context, o *loginOptions, user, where string) (result string, _ error) {
	defer func() { a.keep(result) }()
	if o.passwordStdin {
		pw, err := a.prompt.readAll(ctx)
		if err != nil {
			return "", a.promptErr(err)
		}
		if pw == "" {
			return "", usageErr("--password-stdin: stdin holds no password")
		}
		return pw, nil
	}
	if pw := a.getenv(EnvPassword); pw != "" {
		return pw, nil
	}
	if m, ok := a.fakeMember(user); ok {
		a.fakeNote("logging in as its member " + m.Username + " with the preloaded password")
		return m.Password, nil
	}
	if !a.tty {
		return "", usageErr("no password: type it at a terminal, pipe it with --password-stdin, or set %s", EnvPassword)
	}
	pw, err := a.prompt.secret(ctx, fmt.Sprintf("Password for %s at %s", user, where))
	if err != nil {
		return "", a.promptErr(err)
	}
	if pw == "" {
		return "", usageErr("no password typed")
	}
	return pw, nil
}

func (a *app) loginApp(ctx context.Context, o *loginOptions, endpoint string) (*store.Session, error) {
	defClient, defNetwork := "", ""
	if a.fakeSrv != nil {
		defClient, defNetwork = a.fakeSrv.App().ClientID, a.fakeSrv.Network().ID
	}
	clientID, err := a.ask(ctx, o.clientID, "Client id", defClient, "--client-id")
	if err != nil {
		return nil, err
	}
	networkID := o.networkID
	if networkID == "" && o.domain != "" {
		if networkID, err = a.resolveNetwork(ctx, endpoint, o.domain); err != nil {
			return nil, err
		}
	}
	if networkID, err = a.ask(ctx, networkID, "Network id", defNetwork, "--network-id"); err != nil {
		return nil, err
	}
	secret, err := a.clientSecret(ctx, o)
	if err != nil {
		return nil, err
	}
	if fa, ok := a.fakeApp(clientID); ok && secret == "" {
		a.fakeNote("logging in as its app " + fa.Name + " with the preloaded client secret")
		secret = fa.ClientSecret
	}
	if secret == "" {
		if !a.tty {
			return nil, usageErr("no client secret: set %s, pipe it with --secret-stdin, or type it at a terminal", EnvClientSecret)
		}
		if secret, err = a.prompt.secret(ctx, "Client secret for app "+clientID); err != nil {
			return nil, a.promptErr(err)
		}
		if secret == "" {
			return nil, usageErr("no client secret typed")
		}
	}
	tok, err := a.mintAppToken(ctx, endpoint, bettermode.App{ClientID: clientID, ClientSecret: bettermode.Secret(secret),
		NetworkID: networkID, ImpersonateMemberID: o.member})
	if err != nil {
		if errors.Is(err, bettermode.ErrInvalidInput) && !hasAPICode(err) {
			return nil, usageErr("%s", oneLine(err.Error()))
		}
		return nil, appLoginError(err, clientID, networkID, o.member)
	}
	sess := sessionOf(tok)
	sess.ClientID, sess.ImpersonateMemberID, sess.GatewayURL = clientID, o.member, tok.GatewayURL
	if sess.NetworkID == "" {
		sess.NetworkID = networkID
	}
	sess.NetworkDomain = o.domain
	sess.RefreshToken = ""
	return sess, nil
}

// clientSecret returns the client secret from --secret-stdin or the
// environment, or "".
func (a *app) clientSecret(ctx context.Context, o *loginOptions) (result string, _ error) {
	defer func() { a.keep(result) }()
	if o.secretStdin {
		secret, err := a.prompt.readAll(ctx)
		if err != nil {
			return "", a.promptErr(err)
		}
		if secret == "" {
			return "", usageErr("--secret-stdin: stdin holds no secret")
		}
		return secret, nil
	}
	return a.getenv(EnvClientSecret), nil
}

func hasAPICode(err error) bool {
	var be *bettermode.Error
	return errors.As(err, &be) && be.Code != ""
}

// resolveNetwork finds a community's id from its domain, with a guest token.
func (a *app) resolveNetwork(ctx context.Context, endpoint, domain string) (string, error) {
	c, err := bettermode.NewClient(bettermode.WithEndpoint(endpoint), userAgent(), a.httpOption(),
		bettermode.WithCredentials(bettermode.Guest{NetworkDomain: domain}))
	if err != nil {
		return "", usageErr("%s", oneLine(err.Error()))
	}
	defer c.Close()
	tok, err := c.Token(ctx)
	if errors.Is(err, bettermode.ErrNotFound) {
		return "", failErr("no community %s at %s: check --domain, and --region or --endpoint", domain, displayEndpoint(endpoint))
	}
	if err != nil {
		return "", apiErr(err)
	}
	if tok.NetworkID == "" {
		return "", failErr("cannot tell the id of community %s: pass --network-id", domain)
	}
	return tok.NetworkID, nil
}

func (a *app) loginEmail(ctx context.Context, o *loginOptions, endpoint string) (*store.Session, error) {
	def := ""
	if a.fakeSrv != nil {
		def = a.fakeSrv.Member().Email
	}
	email, err := a.ask(ctx, o.email, "E-mail address", def, "--email")
	if err != nil {
		return nil, err
	}
	domain, networkID, err := a.community(ctx, o)
	if err != nil {
		return nil, err
	}
	if networkID == "" {
		if networkID, err = a.resolveNetwork(ctx, endpoint, domain); err != nil {
			return nil, err
		}
	}
	code := func(ctx context.Context) (string, error) {
		if a.fakeSrv != nil {
			if c, ok := a.fakeSrv.EmailedCode(email); ok {
				a.fakeNote("reading the code it mailed to " + email + " from its mailbox")
				return c, nil
			}
		}
		a.errf("Bettermode mailed a code to %s.\n", email)
		c, err := a.prompt.line(ctx, "Code", "")
		if err != nil {
			return "", err
		}
		return c, nil
	}
	src, err := login.NewEmailCodeSource(login.Options{Endpoint: endpoint}, login.EmailCode{Email: email, NetworkID: networkID, Code: code})
	if err != nil {
		return nil, usageErr("%s", oneLine(err.Error()))
	}
	defer src.Close()
	tok, err := src.Token(ctx)
	switch {
	case err == nil:
	case a.ctx.Err() != nil:
		return nil, a.ctx.Err()
	case errors.Is(err, bettermode.ErrInvalidInput) || errors.Is(err, bettermode.ErrUnauthorized):
		return nil, failErr("the code was wrong or has expired: run bettermode%s login --email %s again for a new one", a.fakeArg(), email)
	case errors.Is(err, bettermode.ErrForbidden) || errors.Is(err, bettermode.ErrNotFound):
		return nil, failErr("%s is not a member of community %s: check the address and --domain or --network-id", email, networkID)
	default:
		if strings.Contains(err.Error(), "no answer") {
			return nil, usageErr("no code: type it at the prompt, or pipe it on stdin")
		}
		return nil, apiErr(err)
	}
	sess := sessionOf(tok)
	sess.Email, sess.NetworkDomain = email, domain
	if sess.NetworkID == "" {
		sess.NetworkID = networkID
	}
	return sess, nil
}

func (a *app) loginOAuth(ctx context.Context, o *loginOptions, profile string) (*store.Session, error) {
	var conf *oauth2.Config
	var browser *http.Client
	if a.fakeSrv != nil && o.authURL == "" && o.tokenURL == "" {
		// The stand-in provider approves every login at once; an HTTP client
		// plays the browser.
		provider := bettermodetest.NewOAuth2Server()
		a.cleanups = append(a.cleanups, provider.Close)
		conf = provider.Config("", o.scopes...)
		conf.RedirectURL = o.redirectURL
		browser = &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
		a.fakeNote("its OAuth2 provider approves the login at once, and an HTTP client plays the browser")
	} else {
		clientID, err := a.ask(ctx, o.clientID, "Client id", "", "--client-id")
		if err != nil {
			return nil, err
		}
		authURL, err := a.ask(ctx, o.authURL, "Authorization URL", "", "--auth-url")
		if err != nil {
			return nil, err
		}
		tokenURL, err := a.ask(ctx, o.tokenURL, "Token URL", "", "--token-url")
		if err != nil {
			return nil, err
		}
		secret, err := a.clientSecret(ctx, o)
		if err != nil {
			return nil, err
		}
		conf = &oauth2.Config{ClientID: clientID, ClientSecret: secret,
			Endpoint:    oauth2.Endpoint{AuthURL: authURL, TokenURL: tokenURL},
			RedirectURL: o.redirectURL, Scopes: o.scopes}
	}
	open := func(u string) error {
		a.errf("Open this URL in a browser to log in:\n\n  %s\n\n", u)
		switch {
		case browser != nil:
		case !o.noBrowser && browserAvailable(a.getenv):
			if err := oauth.OpenBrowser(u); err == nil {
				a.errf("Opened your browser.\n")
			}
		}
		a.errf("Waiting for the browser to finish the login (Ctrl-C to cancel)...\n")
		if browser != nil {
			resp, err := browser.Get(u)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return nil
	}
	wctx, cancel := context.WithTimeout(ctx, browserTimeout)
	defer cancel()
	tok, err := oauth.Login(wctx, conf, oauth.WithOpenURL(open))
	if browser != nil {
		browser.CloseIdleConnections()
	}
	switch {
	case err == nil:
	case a.ctx.Err() != nil:
		return nil, a.ctx.Err()
	case wctx.Err() != nil:
		return nil, failErr("the browser did not finish the login within %s: run bettermode login --oauth again", browserTimeout)
	case errors.Is(err, oauth.ErrAccessDenied):
		return nil, failErr("the login was denied in the browser: run bettermode login --oauth again and approve it")
	case errors.Is(err, bettermode.ErrInvalidInput):
		return nil, usageErr("%s", oneLine(err.Error()))
	default:
		return nil, failErr("%s", oneLine(err.Error()))
	}
	st, err := a.store()
	if err != nil {
		return nil, err
	}
	fst, err := st.OAuthStore()
	if err != nil {
		return nil, failErr("%v", err)
	}
	if err := fst.Save(ctx, profile, tok); err != nil {
		return nil, failErr("cannot save the OAuth token: %v", err)
	}
	sess := &store.Session{ClientID: conf.ClientID, AuthURL: conf.Endpoint.AuthURL, TokenURL: conf.Endpoint.TokenURL,
		RedirectURL: conf.RedirectURL, Scopes: conf.Scopes, Expiry: tok.Expiry}
	if c, ok := decodeClaims(tok.AccessToken); ok {
		sess.NetworkID, sess.MemberID, sess.Role, sess.Issued = c.NetworkID, c.MemberID, c.Role, c.Issued
	}
	return sess, nil
}

// browserAvailable reports whether a browser can be opened: always on macOS
// and Windows, with a display elsewhere.
func browserAvailable(getenv func(string) string) bool {
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// sessionOf is the stored form of a freshly minted token.
func sessionOf(tok *bettermode.Token) *store.Session {
	sess := &store.Session{
		NetworkID: tok.NetworkID, MemberID: tok.MemberID, MemberName: tok.MemberName, Role: tok.Role,
		AccessToken: tok.AccessToken.Reveal(), RefreshToken: tok.RefreshToken.Reveal(),
	}
	setExpiry(sess)
	if sess.Expiry.IsZero() {
		sess.Expiry = tok.Expiry
	}
	return sess
}

func (a *app) printLogin(profile string, sess *store.Session) {
	if a.jsonOut {
		writeJSON(a.out, map[string]any{
			"profile": profile, "kind": sess.Kind, "endpoint": displayEndpoint(sess.Endpoint),
			"network_id": sess.NetworkID, "network_domain": sess.NetworkDomain,
			"member_id": sess.MemberID, "member_name": sess.MemberName, "role": sess.Role,
			"client_id": sess.ClientID, "expires_at": jsonTime(sess.Expiry),
		})
		return
	}
	where := sess.NetworkDomain
	if where == "" {
		where = sess.NetworkID
	}
	switch sess.Kind {
	case store.KindApp:
		who := "its bot"
		if sess.ImpersonateMemberID != "" {
			who = "member " + sess.ImpersonateMemberID
		}
		a.printf("Logged in to %s as app %s (%s, role %s); profile %q.\n", where, sess.ClientID, who, sess.Role, profile)
	case store.KindOAuth:
		a.printf("Logged in with OAuth (client %s); profile %q; the token expires %s.\n", sess.ClientID, profile, expiresIn(sess.Expiry, time.Now()))
	default:
		name := sess.MemberName
		if name == "" {
			name = sess.MemberID
		}
		a.printf("Logged in to %s as %s (%s, role %s); profile %q.\n", where, name, sess.MemberID, sess.Role, profile)
	}
}
