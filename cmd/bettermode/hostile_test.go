package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// hostile is text a hostile server sends to take over a terminal: an OSC 52
// clipboard write, a CSI sequence in ESC and in C1 form, a bell, a carriage
// return that hides what came before, DEL and a bidi override.
const hostile = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b31m\x08\r\x7f\u202e"

// noRawControls fails when out holds a byte below 0x20 but newline and tab,
// a character in 0x7f-0x9f, or a byte that is not UTF-8.
func noRawControls(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError || r == 0x202e {
			t.Errorf("%s: raw %U at byte %d:\n%q", what, r, i, out)
			return
		}
	}
}

// hostileFront is the stand-in behind a proxy that puts hostile text in
// every string the server writes for the operations in ops (by operation
// name): member names, error messages, tokens.
func hostileFront(t *testing.T, srv *bettermodetest.Server, rewrite func(op string, body map[string]any)) *httptest.Server {
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqBody, _ := io.ReadAll(r.Body)
		var req struct {
			OperationName string `json:"operationName"`
		}
		_ = json.Unmarshal(reqBody, &req)
		out, err := http.NewRequestWithContext(r.Context(), r.Method, srv.URL+r.URL.RequestURI(), bytes.NewReader(reqBody))
		require.NoError(t, err)
		out.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var body map[string]any
		if json.Unmarshal(b, &body) == nil {
			rewrite(req.OperationName, body)
			b, _ = json.Marshal(body)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(b)
	}))
	t.Cleanup(front.Close)
	return front
}

// poison prefixes every string under the keys named in keys with hostile.
func poison(v any, keys ...string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok {
				for _, want := range keys {
					if k == want {
						x[k] = hostile + s + hostile
					}
				}
				continue
			}
			poison(e, keys...)
		}
	case []any:
		for _, e := range x {
			poison(e, keys...)
		}
	}
}

// TestHostileServerText: server text with control bytes, through every
// output path of the command (an API error, whoami's names, token guest,
// the answer of api, webhook send's echo of the receiver), reaches the
// terminal escaped: no raw byte below 0x20 but newline and tab, none in
// 0x7f-0x9f. A token that is not printable ASCII is refused, not printed.
func TestHostileServerText(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	front := hostileFront(t, srv, func(op string, body map[string]any) {
		poison(body, "name", "message", "username", "domain", "accessToken")
	})
	c := newCLI(t, srv)
	c.endpoint = front.URL
	r := c.runEnv([]string{"BETTERMODE_PASSWORD=" + srv.Member().Password}, "", "login", "--domain", srv.Network().Domain, "--user", srv.Member().Username)
	noRawControls(t, "login", r.stdout+r.stderr)
	require.Equal(t, 1, r.code, "the minted token holds control bytes: refused\n%s", r)

	// A front that poisons only names and messages: the session works.
	front2 := hostileFront(t, srv, func(op string, body map[string]any) { poison(body, "name", "message", "username") })
	c.endpoint = front2.URL
	loginMember(t, c, srv)
	for _, args := range [][]string{
		{"whoami"},
		{"whoami", "--json"},
		{"api", `query { member(id: "nobody") { id } }`},
		{"api", `query { member(id: "nobody") { id } }`, "--json"},
		{"api", `query { network { name } }`},
		{"status"},
	} {
		r := c.run("", args...)
		noRawControls(t, strings.Join(args, " "), r.stdout+r.stderr)
		assert.NotEmpty(t, r.stdout+r.stderr)
	}
	r = c.run("", "whoami")
	assert.Contains(t, r.stdout, `\u001b]52;c;ZXZpbA==\u0007`, "the hostile text is shown, escaped")
	r = c.run("", "api", `query { network { name } }`)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got), "the escaped output is still JSON")
	assert.Contains(t, got["network"].(map[string]any)["name"], hostile, "and means what the server sent")

	// token guest, and a token with control bytes.
	c.endpoint = front.URL
	r = c.run("", "token", "guest", "--domain", srv.Network().Domain)
	noRawControls(t, "token guest", r.stdout+r.stderr)
	assert.Equal(t, 1, r.code, r)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "not printed")

	// webhook send: the receiver's body, JSON or not.
	for _, body := range []string{
		`{"type":"TEST","status":"FAILED","errorCode":7,"errorMessage":` + mustJSON(hostile) + `,"data":{"x":` + mustJSON(hostile) + `}}`,
		"not json " + hostile + "\xc2\x9b\x9b",
	} {
		receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		}))
		for _, json := range []bool{false, true} {
			args := []string{"webhook", "send", receiver.URL}
			if json {
				args = append(args, "--json")
			}
			r := c.runEnv([]string{"BETTERMODE_WEBHOOK_SECRET=fake-webhook-secret-hostile"}, "", args...)
			noRawControls(t, "webhook send", r.stdout+r.stderr)
			assert.Equal(t, 1, r.code, r)
		}
		receiver.Close()
	}
}

func mustJSON(s string) string { b, _ := json.Marshal(s); return string(b) }

// TestAPIFileCap: a document or variable file over 16 MiB is refused with
// a clear message, from its size, without being read.
func TestAPIFileCap(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	loginMember(t, c, srv)
	big := filepath.Join(c.home, "big.graphql")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(100<<20)) // 100 MiB, sparse
	require.NoError(t, f.Close())
	r := c.run("", "api", "@"+big)
	assert.Equal(t, 2, r.code, r)
	assert.Equal(t, "error: cannot read the document: "+big+" is larger than 16 MiB, the most the command reads\n", r.stderr)
	r = c.run("", "api", "query($q: String) { network { name } }", "-F", "q=@"+big)
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "is larger than 16 MiB")
	// A device that never ends is read no further than the bound.
	r = c.run("", "api", "@/dev/zero")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "/dev/zero is larger than 16 MiB")
	// Stdin too.
	r = c.run(strings.Repeat("#", 16<<20+1), "api", "-")
	assert.Equal(t, 2, r.code, r)
	assert.Contains(t, r.stderr, "larger than 16 MiB")
}

// TestEchoedSecretsScrubbed: a receiver or a server that echoes the run's
// secrets (raw, base64, interleaved with invisible characters) gets none of
// them printed.
func TestEchoedSecretsScrubbed(t *testing.T) {
	t.Parallel()
	const secret = "fake-webhook-secret-echoed-0001"
	forms := []string{secret, base64.StdEncoding.EncodeToString([]byte(secret)), strings.Join(strings.Split(secret, ""), "\u200b")}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"type":"TEST","status":"FAILED","errorCode":7,"errorMessage":`+mustJSON(strings.Join(forms, " | "))+`}`)
	}))
	t.Cleanup(receiver.Close)
	c := newCLI(t, nil)
	c.addSecret(secret)
	r := c.runEnv([]string{"BETTERMODE_WEBHOOK_SECRET=" + secret}, "", "webhook", "send", receiver.URL)
	assert.Equal(t, 1, r.code, r)
	plain := strings.ReplaceAll(strings.ReplaceAll(r.stdout+r.stderr, `\u200b`, ""), "\u200b", "")
	for _, f := range forms[:2] {
		assert.NotContains(t, plain, f)
	}
	assert.Contains(t, r.stderr, "REDACTED")

	// A server that echoes the password in base64 in a login's error.
	srv := bettermodetest.Start(t)
	m := srv.Member()
	front := hostileFront(t, srv, func(op string, body map[string]any) {
		if errs, ok := body["errors"].([]any); ok && len(errs) > 0 {
			errs[0].(map[string]any)["message"] = "bad password " + base64.StdEncoding.EncodeToString([]byte(m.Password))
		}
	})
	c2 := newCLI(t, srv)
	c2.endpoint = front.URL
	r = c2.runEnv([]string{"BETTERMODE_PASSWORD=" + m.Password}, "", "api", "query { network { name } }")
	assert.NotContains(t, r.stdout+r.stderr, base64.StdEncoding.EncodeToString([]byte(m.Password)))
	r = c2.run(m.Password+"\n", "login", "--domain", srv.Network().Domain, "--user", "nobody", "--password-stdin")
	assert.Equal(t, 1, r.code, r)
	assert.NotContains(t, r.stdout+r.stderr, base64.StdEncoding.EncodeToString([]byte(m.Password)))
}
