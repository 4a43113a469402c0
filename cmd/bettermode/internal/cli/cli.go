// Package cli is the bettermode command: log in to a Bettermode community,
// print and inspect tokens, run GraphQL documents and send test webhooks.
// It uses the SDK's public API only.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/cmd/bettermode/internal/store"
)

// Exit codes.
const (
	ExitOK = 0
	// ExitFailure means the API refused, or a login failed.
	ExitFailure = 1
	// ExitUsage means the command line is wrong.
	ExitUsage       = 2
	ExitInterrupted = 130
)

// Environment variables the command reads.
const (
	EnvProfile       = "BETTERMODE_PROFILE"
	EnvPassword      = "BETTERMODE_PASSWORD"
	EnvClientSecret  = "BETTERMODE_CLIENT_SECRET"
	EnvWebhookSecret = "BETTERMODE_WEBHOOK_SECRET"
	EnvEndpoint      = "BETTERMODE_ENDPOINT"
	EnvRegion        = "BETTERMODE_REGION"
)

// IO is what the command reads and writes.
type IO struct {
	// In is standard input, for prompts (when a terminal) and request
	// bodies.
	In *os.File
	// Out receives the command's output. Required.
	Out io.Writer
	// Err receives diagnostics and prompts. Required.
	Err io.Writer
	// Getenv reads an environment variable; nil means os.Getenv.
	Getenv func(string) string
}

// app is one run of the command.
type app struct {
	ctx    context.Context
	in     *os.File
	out    io.Writer
	errOut io.Writer
	getenv func(string) string
	tty    bool // stdin is a terminal: prompts are possible
	prompt *prompter

	// Global flags.
	profileFlag  string
	regionFlag   string
	endpointFlag string
	jsonOut      bool
	fake         bool
	timeout      time.Duration
	errTTY       bool                // stderr is a terminal: progress notices are shown
	hc           *http.Client        // see httpOption
	secrets      bettermode.Scrubber // the passwords and secrets of this run, out of every error

	flagEndpoint string // the endpoint --endpoint, --region or --fake name, validated
	fakeSrv      *bettermodetest.Server
	st           *store.Store
	cleanups     []func()
}

// Main runs the command with args (without the program name) and returns its
// exit code. ctx ends when the user interrupts the command.
func Main(ctx context.Context, args []string, stdio IO) int {
	// Everything the command writes goes through escapeControls: server text
	// is printed, never obeyed.
	a := &app{ctx: ctx, in: stdio.In, out: escapingWriter{stdio.Out}, errOut: escapingWriter{stdio.Err}, getenv: stdio.Getenv}
	if a.getenv == nil {
		a.getenv = os.Getenv
	}
	if a.in != nil {
		a.tty = term.IsTerminal(int(a.in.Fd()))
	}
	if f, ok := stdio.Err.(*os.File); ok {
		a.errTTY = term.IsTerminal(int(f.Fd()))
	}
	a.prompt = newPrompter(a.in, a.errOut, a.tty)
	for _, env := range []string{EnvPassword, EnvClientSecret, EnvWebhookSecret} {
		a.keep(a.getenv(env))
	}
	defer a.cleanup()

	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.errOut)
	err := root.ExecuteContext(ctx)
	if !a.jsonOut {
		a.jsonOut = jsonFlag(args) // for errors found before the flags were parsed
	}
	if ctx.Err() != nil {
		a.report(&exitError{code: ExitInterrupted, msg: "interrupted"})
		return ExitInterrupted
	}
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		// Errors that do not come from a command's own code are cobra's:
		// an unknown command or flag, or a wrong number of arguments.
		ee = &exitError{code: ExitUsage, msg: oneLine(err.Error()) + hintFor(root, args)}
	}
	a.report(ee)
	return ee.code
}

func (a *app) cleanup() {
	for i := len(a.cleanups) - 1; i >= 0; i-- {
		a.cleanups[i]()
	}
}

// exitError is an error with its exit code and a one-line message that says
// what to do.
type exitError struct {
	code    int
	msg     string
	apiCode string // Bettermode's error code, when the API answered one
}

func (e *exitError) Error() string { return e.msg }

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, msg: oneLine(fmt.Sprintf(format, args...))}
}

func failErr(format string, args ...any) error {
	return &exitError{code: ExitFailure, msg: oneLine(fmt.Sprintf(format, args...))}
}

// apiErr describes an error of the SDK in one line, keeping its code.
func apiErr(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee
	}
	e := &exitError{code: ExitFailure, msg: oneLine(err.Error())}
	var be *bettermode.Error
	if errors.As(err, &be) {
		e.apiCode = be.Code
		if be.Code != "" || be.Message != "" {
			e.msg = oneLine(serverError(be))
		}
	}
	if timedOut(err) {
		e.msg = "no answer in time (" + e.msg + "): check the network or the endpoint, or allow more time with --timeout"
	}
	return e
}

// report writes err on stderr: one line, or a JSON object with --json.
func (a *app) report(e *exitError) {
	e.msg = a.secrets.String(e.msg)
	if a.jsonOut {
		obj := map[string]any{"message": e.msg, "exit_code": e.code}
		if e.apiCode != "" {
			obj["code"] = e.apiCode
		}
		writeJSON(a.errOut, map[string]any{"error": obj})
		return
	}
	fmt.Fprintln(a.errOut, "error: "+e.msg)
}

// keep adds a password or secret of this run to those removed from every
// error the command reports (by the root's scrubber, in every form).
func (a *app) keep(secret string) {
	if secret != "" {
		a.secrets = a.secrets.With(bettermode.Secret(secret))
	}
}

// jsonFlag reports whether args hold --json, for errors found before the
// flags were parsed.
func jsonFlag(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "--json" || a == "--json=true" {
			return true
		}
	}
	return false
}

// oneLine collapses whitespace runs (line breaks included) to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// hintFor points a usage error at the help of the command it concerns.
func hintFor(root *cobra.Command, args []string) string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == nil {
		cmd = root
	}
	return " (see " + cmd.CommandPath() + " --help)"
}

// secretFlagHint says where a secret comes from when one was passed as a flag.
func secretFlagHint(flag string) string {
	switch strings.Trim(flag, "-'") {
	case "password", "pass", "p":
		return " (there is no password flag: type it at the prompt, pipe it with --password-stdin, or set " + EnvPassword + ")"
	case "client-secret", "secret":
		return " (there is no secret flag: set " + EnvClientSecret + " or type it at the prompt)"
	}
	return ""
}

// run wraps a command's function so that every error it returns carries an
// exit code: an interruption, a usage error, or else an API or auth failure.
func (a *app) run(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		err := fn(cmd, args)
		if err == nil {
			return nil
		}
		if a.ctx.Err() != nil {
			return &exitError{code: ExitInterrupted, msg: "interrupted"}
		}
		return apiErr(err)
	}
}

// setup validates the global flags and starts the stand-in for --fake.
func (a *app) setup(cmd *cobra.Command) error {
	if a.profileFlag == "" {
		a.profileFlag = a.getenv(EnvProfile)
	}
	if a.profileFlag != "" {
		if err := store.ValidName(a.profileFlag); err != nil {
			return usageErr("%v", err)
		}
	}
	switch {
	case a.fake && (a.endpointFlag != "" || a.regionFlag != ""):
		return usageErr("--fake runs against the embedded stand-in: drop --endpoint and --region")
	case a.endpointFlag != "" && a.regionFlag != "":
		return usageErr("--endpoint and --region name the same thing: use one of them")
	case a.regionFlag != "":
		r, err := bettermode.ParseRegion(a.regionFlag)
		if err != nil {
			return usageErr("--region: %s", strings.TrimPrefix(err.Error(), "bettermode: ParseRegion: "))
		}
		a.flagEndpoint = r.Endpoint
	case a.endpointFlag != "":
		if err := checkEndpoint(a.endpointFlag); err != nil {
			return usageErr("--endpoint: %v", err)
		}
		a.flagEndpoint = a.endpointFlag
	}
	if a.fake && needsServer(cmd) {
		a.startFake()
	}
	return nil
}

// needsServer reports whether cmd talks to the API (help and completion
// do not).
func needsServer(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Name() == "completion" || c.Name() == cobra.ShellCompRequestCmd || c.Name() == "help" {
			return false
		}
	}
	return true
}

// checkEndpoint validates an endpoint URL as the SDK does.
func checkEndpoint(u string) error {
	c, err := bettermode.NewClient(bettermode.WithEndpoint(u))
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "bettermode: endpoint: "))
	}
	return c.Close()
}

// envEndpoint returns the endpoint BETTERMODE_ENDPOINT or BETTERMODE_REGION
// name, or "".
func (a *app) envEndpoint() (string, error) {
	ep, region := a.getenv(EnvEndpoint), a.getenv(EnvRegion)
	switch {
	case ep != "" && region != "":
		return "", usageErr("%s and %s are both set: unset one", EnvEndpoint, EnvRegion)
	case region != "":
		r, err := bettermode.ParseRegion(region)
		if err != nil {
			return "", usageErr("%s: %s", EnvRegion, strings.TrimPrefix(err.Error(), "bettermode: ParseRegion: "))
		}
		return r.Endpoint, nil
	case ep != "":
		if err := checkEndpoint(ep); err != nil {
			return "", usageErr("%s: %v", EnvEndpoint, err)
		}
		return ep, nil
	}
	return "", nil
}

// loginEndpoint is where a new session is made: the flags, the environment,
// or the US region.
func (a *app) loginEndpoint() (string, error) {
	if a.flagEndpoint != "" {
		return a.flagEndpoint, nil
	}
	ep, err := a.envEndpoint()
	if err != nil || ep != "" {
		return ep, err
	}
	return bettermode.US.Endpoint, nil
}

// sessionEndpoint is where a stored session is used: where it was made.
// An endpoint flag naming another place is refused, so that a session's
// tokens never go to a host they were not made for.
func (a *app) sessionEndpoint(profile string, sess *store.Session) (string, error) {
	if a.fake {
		return a.flagEndpoint, nil
	}
	if a.flagEndpoint != "" && !sameEndpoint(a.flagEndpoint, sess.Endpoint) {
		return "", usageErr("profile %q is logged in at %s, not %s: drop --endpoint/--region, or log in there with another --profile",
			profile, displayEndpoint(sess.Endpoint), displayEndpoint(a.flagEndpoint))
	}
	return sess.Endpoint, nil
}

func sameEndpoint(a, b string) bool {
	return strings.TrimRight(a, "/") == strings.TrimRight(b, "/")
}

// displayEndpoint shows an endpoint without any credentials it holds.
func displayEndpoint(ep string) string {
	u, err := url.Parse(ep)
	if err != nil {
		return "the endpoint"
	}
	u.User = nil
	return u.String()
}

// store opens the session store (under "fake" with --fake, so that the
// stand-in's sessions never mix with real ones).
func (a *app) store() (*store.Store, error) {
	if a.st != nil {
		return a.st, nil
	}
	dir, err := store.DefaultDir(a.getenv)
	if err != nil {
		return nil, failErr("%v", err)
	}
	if a.fake {
		if _, err := store.Open(dir); err != nil {
			return nil, failErr("%v", err)
		}
		dir += string(os.PathSeparator) + "fake"
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, failErr("%v", err)
	}
	a.st = st
	return st, nil
}

// profile returns the profile a command acts on: --profile (or
// BETTERMODE_PROFILE), else the current one, else "default".
func (a *app) profile() (string, error) {
	if a.profileFlag != "" {
		return a.profileFlag, nil
	}
	st, err := a.store()
	if err != nil {
		return "", err
	}
	cur, err := st.Current()
	if err != nil {
		return "", failErr("%v", err)
	}
	if cur == "" {
		cur = store.DefaultProfile
	}
	return cur, nil
}

// profileArg is " --profile NAME" for messages about a profile that is not
// the default.
func profileArg(name string) string {
	if name == store.DefaultProfile {
		return ""
	}
	return " --profile " + name
}

func (a *app) fakeArg() string {
	if a.fake {
		return " --fake"
	}
	return ""
}

// userAgent names the command in requests.
func userAgent() bettermode.Option {
	return bettermode.WithUserAgent("bettermode-cli/" + bettermode.Version + " " + bettermode.DefaultUserAgent)
}
