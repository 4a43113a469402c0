package oauth_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/oauth"
)

// The helper process: TestMain runs it instead of the tests when
// helperEnv is set. It asks a Source on a FileStore for a token and prints
// the token's SHA-256.
const (
	helperEnv      = "OAUTH_TEST_HELPER"
	helperDirEnv   = "OAUTH_TEST_HELPER_DIR"
	helperTokenEnv = "OAUTH_TEST_HELPER_TOKEN_URL"
)

func helperProcess() int {
	store, err := oauth.NewFileStore(os.Getenv(helperDirEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	conf := &oauth2.Config{ClientID: bettermodetest.OAuth2ClientID, ClientSecret: bettermodetest.OAuth2ClientSecret,
		Endpoint: oauth2.Endpoint{TokenURL: os.Getenv(helperTokenEnv), AuthStyle: oauth2.AuthStyleInHeader}}
	fmt.Println("ready")
	tok, err := oauth.NewSource(conf, store, "shared").Token(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	sum := sha256.Sum256([]byte(tok.AccessToken.Reveal()))
	fmt.Println(hex.EncodeToString(sum[:]))
	return 0
}

// TestSourceAcrossProcesses starts processes that refresh the same expired
// token in one directory while the test holds the key's lock, then lets them
// go: the provider sees one refresh and every process gets its token.
func TestSourceAcrossProcesses(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no flock here")
	}
	srv, _ := startKit(t)
	dir := storeDir(t)
	store := fileStore(t, dir)
	require.NoError(t, store.Save(t.Context(), "shared", expired(srv.Grant())))
	unlock, err := store.Lock(t.Context(), "shared")
	require.NoError(t, err)
	locked := true
	defer func() {
		if locked {
			unlock()
		}
	}()

	const n = 3
	type child struct {
		cmd *exec.Cmd
		out *bufio.Reader
	}
	var children []child
	for range n {
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"=1", helperDirEnv+"="+dir, helperTokenEnv+"="+srv.TokenURL)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		children = append(children, child{cmd, bufio.NewReader(stdout)})
	}
	for _, c := range children {
		line, err := c.out.ReadString('\n')
		require.NoError(t, err)
		require.Equal(t, "ready\n", line)
	}
	unlock()
	locked = false
	hashes := map[string]bool{}
	for _, c := range children {
		rest, err := io.ReadAll(c.out)
		require.NoError(t, err)
		require.NoError(t, c.cmd.Wait())
		hashes[strings.TrimSpace(string(rest))] = true
	}
	assert.Len(t, hashes, 1, "every process got the same token")
	assert.Equal(t, 1, srv.Refreshes(), "one refresh across processes")
	saved, err := store.Load(t.Context(), "shared")
	require.NoError(t, err)
	assert.True(t, srv.RefreshTokenActive(saved.RefreshToken))
}
