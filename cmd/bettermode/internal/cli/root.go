package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/cmd/bettermode/internal/store"
)

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "bettermode",
		Short: "Log in to Bettermode, print tokens, call the GraphQL API, send test webhooks",
		Long: `bettermode logs in to a Bettermode community (member password, app credentials,
OAuth in the browser, or a code mailed to you), keeps the session in a profile, and
prints or uses its token: for $(bettermode token), for GraphQL documents with
bettermode api, and for a look at who you are with bettermode whoami.

Sessions live in $BETTERMODE_CONFIG_DIR, or "bettermode" in your configuration
directory (mode 0700, files 0600). Passwords and client secrets are never stored.

With --fake, every command runs offline against the SDK's embedded stand-in server
(package bettermodetest) with its preloaded fake community, member, admin, apps and
OAuth2 provider; its sessions are kept apart (in a "fake" subdirectory). The stand-in
lives as long as one run: each run logs a stored member session in again with the
preloaded credentials, and its OAuth2 provider's tokens work for token, status and logout.

Exit codes: 0 ok, 1 API or authentication failure, 2 usage error, 130 interrupted.`,
		Example: `  bettermode login --domain community.example.com --user jane
  bettermode whoami
  bettermode api 'query { authMember { id name } }'
  curl -H "Authorization: Bearer $(bettermode token)" https://api.bettermode.com
  bettermode --fake login    # try everything offline against the embedded stand-in`,
		Version:           bettermode.Version,
		SilenceUsage:      true,
		SilenceErrors:     true,
		DisableAutoGenTag: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return a.setup(cmd) },
	}
	root.SetVersionTemplate("bettermode {{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if h := secretFlagHint(flagName(err)); h != "" {
			return usageErr("%v%s", err, h)
		}
		return usageErr("%v (see %s --help)", err, c.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVar(&a.profileFlag, "profile", "", "profile to use (default: the current one, or \"default\"; env "+EnvProfile+")")
	pf.StringVar(&a.regionFlag, "region", "", "Bettermode region: us, eu or tribe (env "+EnvRegion+")")
	pf.StringVar(&a.endpointFlag, "endpoint", "", "GraphQL endpoint URL, instead of a region (env "+EnvEndpoint+")")
	pf.BoolVar(&a.jsonOut, "json", false, "machine-readable JSON output (errors too, on stderr)")
	pf.DurationVar(&a.timeout, "timeout", DefaultTimeout, "bound each request to the API (0: no bound)")
	pf.BoolVar(&a.fake, "fake", false, "run against the embedded stand-in server with its preloaded fake credentials (offline)")
	_ = root.RegisterFlagCompletionFunc("region", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		for _, r := range bettermode.Regions {
			names = append(names, r.Name)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	_ = root.RegisterFlagCompletionFunc("profile", a.completeProfiles)

	root.AddCommand(
		a.loginCommand(),
		a.tokenCommand(),
		a.whoamiCommand(),
		a.logoutCommand(),
		a.statusCommand(),
		a.switchCommand(),
		a.apiCommand(),
		a.webhookCommand(),
	)
	return root
}

// flagName extracts the flag an error of the flag parser names.
func flagName(err error) string {
	msg := err.Error()
	for _, prefix := range []string{"unknown flag: ", "unknown shorthand flag: "} {
		if _, rest, ok := strings.Cut(msg, prefix); ok {
			name, _, _ := strings.Cut(rest, " ")
			return name
		}
	}
	return ""
}

func (a *app) completeProfiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	dir, err := store.DefaultDir(a.getenv)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	st, err := store.Open(dir)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	names, _ := st.List()
	return names, cobra.ShellCompDirectiveNoFileComp
}
