package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/webhook"
)

func (a *app) webhookCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhook",
		Short: "Send signed test webhooks to a receiver",
		Example: `  BETTERMODE_WEBHOOK_SECRET=... bettermode webhook send http://localhost:8080/webhooks/bettermode
  bettermode --fake webhook send`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var eventFile, typ, networkID string
	send := &cobra.Command{
		Use:   "send URL",
		Short: "Deliver a signed test webhook: the registration challenge, or an event from a file",
		Long: `Deliver a webhook to URL as Bettermode does: a POST with a JSON envelope, signed with
X-Bettermode-Signature (HMAC-SHA256 of "<timestamp>:<body>") and
X-Bettermode-Request-Timestamp, keyed with the app's signing secret from
` + EnvWebhookSecret + `.

Without --event it sends the registration handshake (type TEST with a random
data.challenge), which the receiver must echo. With --event FILE (or - for stdin) it sends
the file: a whole envelope when it has a "type", or else the data of an envelope of type
--type (default SUBSCRIPTION).

It prints the receiver's answer and whether its envelope was right; the exit code is 0
only when the receiver answered HTTP 200 with a right envelope and status SUCCEEDED.
With --fake and no URL, it delivers to an embedded receiver (package webhook's Handler)
signed with the kit's fake secret.`,
		Example: `  export BETTERMODE_WEBHOOK_SECRET=...     # from the developer portal, Credentials
  bettermode webhook send http://localhost:8080/webhooks/bettermode
  bettermode webhook send http://localhost:8080/webhooks/bettermode --event post-published.json
  bettermode webhook send http://localhost:8080/hook --event settings.json --type UPDATE_SETTINGS
  bettermode --fake webhook send`,
		Args: cobra.MaximumNArgs(1),
		RunE: a.run(func(cmd *cobra.Command, args []string) error {
			return a.webhookSend(cmd.Context(), args, eventFile, typ, networkID)
		}),
	}
	f := send.Flags()
	f.StringVar(&eventFile, "event", "", "send this JSON file (an envelope, or the data of one); - reads stdin")
	f.StringVar(&typ, "type", webhook.TypeSubscription, "the envelope's type when --event holds only its data")
	f.StringVar(&networkID, "network-id", "", "the envelope's networkId (default: the current profile's network)")
	cmd.AddCommand(send)
	return cmd
}

func (a *app) webhookSend(ctx context.Context, args []string, eventFile, typ, networkID string) error {
	target := ""
	if len(args) == 1 {
		target = args[0]
		u, err := url.Parse(target)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageErr("%q is not an http or https URL", target)
		}
	} else if a.fakeSrv == nil {
		return usageErr("name the receiver's URL: bettermode webhook send URL")
	}
	secret := a.getenv(EnvWebhookSecret)
	if secret == "" && a.fakeSrv != nil {
		secret = bettermodetest.WebhookSigningSecret
	}
	if secret == "" {
		return usageErr("no signing secret: set %s to the app's signing secret (developer portal, Credentials)", EnvWebhookSecret)
	}
	var body []byte
	wrap := false
	if eventFile != "" {
		var err error
		if eventFile == "-" {
			body, err = io.ReadAll(io.LimitReader(a.in, webhook.DefaultMaxBodyBytes+1))
		} else {
			body, err = os.ReadFile(eventFile)
		}
		if err != nil {
			return usageErr("cannot read the event: %v", err)
		}
		var head map[string]json.RawMessage
		if err := json.Unmarshal(body, &head); err != nil {
			return usageErr("the event is not a JSON object: %s", oneLine(err.Error()))
		}
		var t string
		_ = json.Unmarshal(head["type"], &t)
		if wrap = t == ""; wrap {
			if typ = strings.TrimSpace(typ); typ == "" {
				return usageErr("--type is empty")
			}
		} else {
			typ = t
		}
	}
	if networkID == "" {
		networkID = a.profileNetwork()
	}
	var opts []bettermodetest.WebhookSenderOption
	if networkID != "" {
		opts = append(opts, bettermodetest.WithWebhookNetwork(networkID))
	}
	var sender *bettermodetest.WebhookSender
	where := target
	if target == "" {
		h, err := webhook.NewHandler(webhook.Config{Secrets: []bettermode.Secret{bettermode.Secret(secret)}})
		if err != nil {
			return failErr("%v", err)
		}
		h.OnSubscription(func(context.Context, *webhook.Request, *webhook.Event) error { return nil })
		sender = bettermodetest.NewWebhookSender(secret, h, opts...)
		where = "the embedded receiver"
		a.fakeNote("delivering to an embedded receiver that checks the signature with the kit's fake signing secret")
	} else {
		hc := &http.Client{Transport: &http.Transport{Proxy: http.ProxyFromEnvironment}}
		defer hc.CloseIdleConnections()
		opts = append(opts, bettermodetest.WithWebhookHTTPClient(hc))
		sender = bettermodetest.NewWebhookSenderURL(secret, target, opts...)
	}
	var ans *bettermodetest.WebhookAnswer
	var err error
	switch {
	case eventFile == "":
		typ = webhook.TypeTest
		ans, err = sender.Handshake(ctx)
	case wrap:
		ans, err = sender.Send(ctx, typ, json.RawMessage(body))
	default:
		ans, err = sender.SendRaw(ctx, body)
	}
	if err != nil && !errors.Is(err, bettermodetest.ErrWebhookAnswer) {
		if a.ctx.Err() != nil {
			return a.ctx.Err()
		}
		return failErr("cannot deliver the webhook to %s: %s (is the receiver running?)", where,
			strings.TrimPrefix(oneLine(err.Error()), "bettermodetest: delivering the webhook: "))
	}
	return a.reportWebhook(where, typ, ans, err)
}

// profileNetwork is the current profile's network, or "".
func (a *app) profileNetwork() string {
	profile, err := a.profile()
	if err != nil {
		return ""
	}
	st, err := a.store()
	if err != nil {
		return ""
	}
	sess, err := st.Load(profile)
	if err != nil {
		return ""
	}
	return sess.NetworkID
}

func (a *app) reportWebhook(where, typ string, ans *bettermodetest.WebhookAnswer, checkErr error) error {
	ok := checkErr == nil && ans.StatusCode == http.StatusOK && ans.Envelope != nil
	problem := ""
	switch {
	case ans.StatusCode == http.StatusUnauthorized:
		problem = "the receiver refused the signature (HTTP 401): check that it uses the same signing secret as " + EnvWebhookSecret
	case ans.StatusCode != http.StatusOK:
		problem = fmt.Sprintf("the receiver answered HTTP %d; Bettermode wants HTTP 200 with an envelope", ans.StatusCode)
	case checkErr != nil:
		problem = strings.TrimPrefix(oneLine(checkErr.Error()), "bettermodetest: the webhook answer is not what Bettermode expects: ")
	case ans.Envelope.Status != webhook.StatusSucceeded:
		problem = fmt.Sprintf("the receiver answered %s (errorCode %s: %s)", ans.Envelope.Status, string(ans.Envelope.ErrorCode), ans.Envelope.ErrorMessage)
	}
	problem = a.secrets.String(problem) // the receiver's words may repeat the signing secret
	var answer any = string(ans.Body)
	if json.Valid(ans.Body) {
		answer = json.RawMessage(ans.Body)
	}
	if a.jsonOut {
		writeJSON(a.out, map[string]any{"url": where, "type": typ, "status_code": ans.StatusCode,
			"answer": answer, "envelope_ok": ok, "succeeded": ans.Succeeded(), "problem": problem})
	} else {
		a.printf("Sent %s to %s: HTTP %d\n", typ, where, ans.StatusCode)
		if len(ans.Body) > 0 {
			var buf bytes.Buffer
			if json.Indent(&buf, ans.Body, "", "  ") == nil {
				a.printf("%s\n", a.secrets.String(buf.String()))
			} else {
				a.printf("%s\n", a.secrets.String(strings.TrimRight(string(ans.Body), "\n")))
			}
		}
		switch {
		case ok && problem == "":
			a.printf("Envelope: right (type %s, status %s)\n", ans.Envelope.Type, ans.Envelope.Status)
		case ok:
			a.printf("Envelope: right, but %s\n", problem)
		default:
			a.printf("Envelope: wrong: %s\n", problem)
		}
	}
	if !ans.Succeeded() {
		return failErr("the receiver did not accept the webhook: %s", problem)
	}
	return nil
}
