package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/cmd/bettermode/internal/store"
)

func TestTypedValue(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "v.txt")
	require.NoError(t, os.WriteFile(file, []byte("from a file"), 0o600))
	noStdin := func(string) (string, error) { return "from stdin", nil }
	for in, want := range map[string]any{
		"true": true, "false": false, "null": nil,
		"42": int64(42), "-7": int64(-7), "3.5": 3.5, "1e3": 1000.0,
		"abc": "abc", "": "", "True": "True", "0x1F": "0x1F", "NaN": "NaN", "Inf": "Inf", "1_000": "1_000",
		"@" + file: "from a file", "@-": "from stdin",
	} {
		got, err := typedValue(in, noStdin)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := typedValue("@"+filepath.Join(dir, "missing"), noStdin)
	assert.Error(t, err)
}

func TestSetField(t *testing.T) {
	vars := map[string]any{}
	for _, kv := range [][2]any{
		{"id", "x"},
		{"input[title]", "Hello"},
		{"input[published]", true},
		{"input[meta][lang]", "en"},
		{"tags[]", "a"},
		{"tags[]", "b"},
		{"input[ids][]", int64(1)},
	} {
		require.NoError(t, setField(vars, kv[0].(string), kv[1]), kv[0])
	}
	b, _ := json.Marshal(vars)
	assert.JSONEq(t, `{"id":"x","input":{"title":"Hello","published":true,"meta":{"lang":"en"},"ids":[1]},"tags":["a","b"]}`, string(b))

	for _, bad := range []string{"[x]", "a[", "a[]x", "a[][b]", "id[x]", "tags[x]", "a]b"} {
		err := setField(vars, bad, "v")
		if bad == "a]b" {
			assert.NoError(t, err, bad) // a plain name with a bracket in it
			continue
		}
		assert.Error(t, err, bad)
	}
}

func jwt(claims map[string]any) string {
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	b, _ := json.Marshal(claims)
	return h + "." + base64.RawURLEncoding.EncodeToString(b) + ".sig"
}

func TestDecodeClaims(t *testing.T) {
	c, ok := decodeClaims(jwt(map[string]any{"iat": 1700000000, "exp": 1700003600, "networkId": "n", "role": "Member", "id": "m", "kind": "member"}))
	require.True(t, ok)
	assert.Equal(t, claims{Issued: time.Unix(1700000000, 0), Expiry: time.Unix(1700003600, 0), NetworkID: "n", Role: "Member", MemberID: "m", Kind: "member"}, c)
	c, ok = decodeClaims(jwt(map[string]any{"sub": "s", "role": map[string]any{"name": "Admin"}}))
	require.True(t, ok)
	assert.Equal(t, "s", c.MemberID)
	assert.Equal(t, "Admin", c.Role)
	for _, bad := range []string{"", "opaque-token", "a.b", "a.!!!.c", "a." + base64.RawURLEncoding.EncodeToString([]byte("[1]")) + ".c"} {
		_, ok := decodeClaims(bad)
		assert.False(t, ok, bad)
	}
}

func TestFresh(t *testing.T) {
	now := time.Now()
	hour := &store.Session{AccessToken: "t", Issued: now.Add(-50 * time.Minute), Expiry: now.Add(10 * time.Minute)}
	assert.True(t, fresh(hour, now))
	assert.False(t, fresh(hour, now.Add(6*time.Minute))) // less than 5 minutes left
	short := &store.Session{AccessToken: "t", Issued: now, Expiry: now.Add(20 * time.Second)}
	assert.True(t, fresh(short, now.Add(10*time.Second)))        // a quarter of 20 s is 5 s
	assert.False(t, fresh(short, now.Add(16*time.Second)))       // 4 s left
	assert.True(t, fresh(&store.Session{AccessToken: "t"}, now)) // no expiry
	assert.False(t, fresh(&store.Session{}, now))
	noIssue := &store.Session{AccessToken: "t", Expiry: now.Add(4 * time.Minute)}
	assert.False(t, fresh(noIssue, now))
}

func TestExpiresIn(t *testing.T) {
	now := time.Now()
	for d, want := range map[time.Duration]string{
		59*time.Minute + 59*time.Second + 700*time.Millisecond: "in 1h0m",
		59*time.Minute + 58*time.Second:                        "in 59m58s",
		90 * time.Minute:                                       "in 1h30m",
		25*time.Hour + 20*time.Second:                          "in 25h0m",
		-3 * time.Minute:                                       "expired 3m0s ago",
		2 * time.Second:                                        "in 2s",
	} {
		assert.Equal(t, want, expiresIn(now.Add(d), now), d)
	}
	assert.Equal(t, "never (no expiry known)", expiresIn(time.Time{}, now))
}

// Main runs in process for what needs no server.
func TestMainInProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cfg")
	env := func(k string) string {
		if k == store.EnvDir {
			return dir
		}
		return ""
	}
	var out, errOut bytes.Buffer
	code := Main(context.Background(), []string{"status"}, IO{Out: &out, Err: &errOut, Getenv: env})
	assert.Equal(t, ExitOK, code, errOut.String())
	assert.Equal(t, "No sessions in "+dir+": run bettermode login.\n", out.String())

	out.Reset()
	errOut.Reset()
	code = Main(context.Background(), []string{"--region", "moon", "whoami"}, IO{Out: &out, Err: &errOut, Getenv: env})
	assert.Equal(t, ExitUsage, code)
	assert.Equal(t, "error: --region: unknown region \"moon\": use one of us, us-east-1, eu, eu-central-1, tribe\n", errOut.String())

	// An interrupted run exits 130.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	errOut.Reset()
	code = Main(ctx, []string{"status"}, IO{Out: &out, Err: &errOut, Getenv: env})
	assert.Equal(t, ExitInterrupted, code)
	assert.Equal(t, "error: interrupted\n", errOut.String())
}

func TestOneLine(t *testing.T) {
	assert.Equal(t, "a b c", oneLine("a\n b\r\n\tc "))
	assert.False(t, strings.Contains(oneLine("x\ny"), "\n"))
}
