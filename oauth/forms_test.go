package oauth_test

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// echoForms returns the forms in which a hostile peer may echo secret v (and
// the Basic credential of id and secret, when secret is set): raw, URL,
// JSON, base64 of "id:secret", and interleaved with control and invisible
// characters.
func echoForms(v, id, secret string) map[string]string {
	m := map[string]string{
		"raw":  v,
		"url":  url.QueryEscape(v) + " " + url.PathEscape(v),
		"json": `{"secret":` + jsonString(v) + `}`,
	}
	for name, sep := range map[string]string{"SOH": "\x01", "ESC": "\x1b", "C1": "\u0085", "soft hyphen": "\u00ad",
		"ZWSP": "\u200b", "ZWJ": "\u200d", "word joiner": "\u2060", "BOM": "\ufeff", "RLO": "\u202e", "newline": "\n"} {
		var b strings.Builder
		for i, r := range v {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteRune(r)
		}
		m["interleaved "+name] = b.String()
	}
	if secret != "" {
		basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(id) + ":" + url.QueryEscape(secret)))
		m["basic"] = "Authorization: Basic " + basic
		m["basic raw"] = base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
	}
	return m
}

func jsonString(s string) string { b, _ := json.Marshal(s); return string(b) }

// leaks returns the secrets of list that text spells once everything but
// printable ASCII is taken out of it, raw or in their URL and base64 forms.
func leaks(text string, list ...string) []string {
	var b strings.Builder
	for _, r := range text {
		if r >= 0x21 && r < 0x7f {
			b.WriteRune(r)
		}
	}
	plain := b.String()
	var found []string
	for _, s := range list {
		if len(s) < 8 {
			continue
		}
		for _, f := range []string{s, url.QueryEscape(s), base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s))} {
			if strings.Contains(plain, strings.ReplaceAll(f, " ", "")) {
				found = append(found, s)
				break
			}
		}
	}
	return found
}

// TestProviderEchoesEverySecretForm: a token endpoint that echoes the
// exchange's code or the client secret (or, on refresh, the refresh token)
// in any form gets none of them into an error, a page or a log.
func TestProviderEchoesEverySecretForm(t *testing.T) {
	logs := captureLogs(t)
	for _, what := range []string{"code", "client secret"} {
		srv, _ := startKit(t)
		for name := range echoForms("x", srv.ClientID, srv.ClientSecret) {
			t.Run("exchange/"+what+"/"+name, func(t *testing.T) {
				srv, hc := startKit(t)
				conf := srv.Config("http://127.0.0.1/callback")
				b := newBrowser(t)
				var code string
				b.callback = func(u *url.URL) {
					code = u.Query().Get("code")
					v := code
					if what == "client secret" {
						v = srv.ClientSecret
					}
					desc := echoForms(v, srv.ClientID, srv.ClientSecret)[name]
					srv.SetTokenFault(bettermodetest.OAuth2Fault{Status: 400, ContentType: "application/json",
						Body: `{"error":"invalid_grant","error_description":` + jsonString("echo: "+desc) + `}`})
				}
				_, err := oauth.Login(loginCtx(t), conf, oauth.WithOpenURL(b.open), oauth.WithHTTPClient(hc))
				require.ErrorIs(t, err, oauth.ErrInvalidGrant)
				_, page := b.lastPage()
				basic := url.QueryEscape(srv.ClientID) + ":" + url.QueryEscape(srv.ClientSecret)
				for _, text := range append(errorTexts(err), page) {
					assert.Empty(t, leaks(text, code, srv.ClientSecret, basic, srv.ClientID+":"+srv.ClientSecret), text)
				}
			})
		}
	}
	for _, what := range []string{"refresh token", "client secret"} {
		srv, _ := startKit(t)
		for name := range echoForms("x", srv.ClientID, srv.ClientSecret) {
			t.Run("refresh/"+what+"/"+name, func(t *testing.T) {
				srv, hc := startKit(t)
				store := oauth.NewMemoryStore()
				first := srv.Grant()
				require.NoError(t, store.Save(t.Context(), "me", expired(first)))
				v := first.RefreshToken
				if what == "client secret" {
					v = srv.ClientSecret
				}
				srv.SetTokenFault(bettermodetest.OAuth2Fault{Status: 400, ContentType: "application/json",
					Body: `{"error":"invalid_request","error_description":` + jsonString("echo: "+echoForms(v, srv.ClientID, srv.ClientSecret)[name]) + `}`})
				_, err := oauth.NewSource(srv.Config(""), store, "me", oauth.WithHTTPClient(hc)).Token(t.Context())
				require.Error(t, err)
				for _, text := range errorTexts(err) {
					assert.Empty(t, leaks(text, first.RefreshToken, first.AccessToken, srv.ClientSecret, srv.ClientID+":"+srv.ClientSecret), text)
				}
			})
		}
	}
	assert.Empty(t, logs.String())
}

// TestRedirectHandlerHidesEveryTokenForm: a redirect whose error code,
// error_description or ExpectedState error repeats the token (raw, base64,
// URL, JSON, interleaved) shows it in no error and no default page.
func TestRedirectHandlerHidesEveryTokenForm(t *testing.T) {
	const token, state = "fake-redirect-token-0123456789", "right-state-0123456789"
	for name, form := range echoForms(token, "", "") {
		for _, b64 := range []bool{false, true} {
			echo := form
			if b64 {
				echo = base64.StdEncoding.EncodeToString([]byte(token)) + " " + base64.RawURLEncoding.EncodeToString([]byte(token))
			}
			targets := map[string]url.Values{
				"error_description": {"access_token": {token}, "state": {state}, "error": {"access_denied"}, "error_description": {echo}},
				"error code":        {"access_token": {token}, "state": {state}, "error": {token}},
				"expected state":    {"access_token": {token}, "state": {state}},
			}
			for kind, q := range targets {
				t.Run(fmt.Sprintf("%s/%s/base64=%v", name, kind, b64), func(t *testing.T) {
					h := oauth.RedirectTokenHandler{State: state,
						OnToken: func(http.ResponseWriter, *http.Request, bettermode.Secret) { t.Error("token accepted") }}
					if kind == "expected state" {
						h.ExpectedState = func(*http.Request) (string, error) { return "", errors.New("no session for " + echo) }
					}
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/back?"+q.Encode(), nil))
					assert.GreaterOrEqual(t, rec.Code, 400)
					assert.Empty(t, leaks(rec.Body.String(), token), rec.Body.String())
					var herr error
					h.OnError = func(_ http.ResponseWriter, _ *http.Request, err error) { herr = err }
					h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/back?"+q.Encode(), nil))
					require.Error(t, herr)
					for _, text := range errorTexts(herr) {
						assert.Empty(t, leaks(text, token), text)
					}
				})
			}
		}
	}
}
