package bettermode

import (
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/jwt"
)

// recordedDir holds the fixtures recorded from a real community.
const recordedDir = "testdata/recorded"

// recordEnv names a community and the credentials the recorded flows use.
type recordEnv struct {
	endpoint               Option
	domain, networkID      string
	username, password     string
	clientID, clientSecret string
	memberID               string // the member the app impersonates
	loginID, loginName     string // placeholders of the member who logs in; "" in a recording
	transport              http.RoundTripper
}

// recordedCommunity is what the recorded fixtures say: recordFixtures
// replaces the real community's names and credentials by these.
var recordedCommunity = recordEnv{
	domain: "fake-community.example.com", networkID: "fakeNet0001",
	username: "fake-member", password: "fake-recorded-password",
	clientID: "fake-client-id-0001", clientSecret: "fake-recorded-client-secret",
	memberID: "fakeMember01", loginID: "fakeRecordedMember", loginName: "Fake Recorded Member",
}

// recordedTokenExpiry is the expiry of every recorded token, so that the
// fixtures replay for years.
var recordedTokenExpiry = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

// recordEnvVars are the variables TestRecordFixtures needs.
var recordEnvVars = []string{
	"BETTERMODE_NETWORK_DOMAIN", "BETTERMODE_NETWORK_ID", "BETTERMODE_USERNAME", "BETTERMODE_PASSWORD",
	"BETTERMODE_CLIENT_ID", "BETTERMODE_CLIENT_SECRET", "BETTERMODE_MEMBER_ID",
}

// TestRecordFixtures records the repository's fixtures from a real
// community into testdata/recorded, replacing them. It is skipped unless
// BETTERMODE_RECORD=1 and the community's variables are set:
//
//	BETTERMODE_RECORD=1 \
//	BETTERMODE_NETWORK_DOMAIN=community.example.com BETTERMODE_NETWORK_ID=... \
//	BETTERMODE_USERNAME=... BETTERMODE_PASSWORD=... \
//	BETTERMODE_CLIENT_ID=... BETTERMODE_CLIENT_SECRET=... BETTERMODE_MEMBER_ID=... \
//	go test -run 'TestRecordFixtures$' -count=1 .
//
// BETTERMODE_ENDPOINT or BETTERMODE_REGION chooses the API as FromEnv does
// (default: the US API). The variables are those of examples/quickstart;
// the member logs in with its password, the app (installed on the
// community) mints a bot token and one impersonating BETTERMODE_MEMBER_ID.
//
// It runs, through a bettermodetest.Recorder, a guest token by domain and by
// id, a member login, an authMember query, a refresh and another query, an
// app's bot token and query, and an impersonating app token and query. The
// recorder replaces every secret before writing (see
// bettermodetest.Recorder), and the community's names by the stand-in's
// (domain fake-community.example.com, network fakeNet0001, username
// fake-member, member fakeMember01, client id fake-client-id-0001; the
// member who logs in becomes fakeRecordedMember, "Fake Recorded Member"),
// the password by fake-recorded-password and the client secret by
// fake-recorded-client-secret; every token expires in 2100. It records into a
// temporary directory, replays the recording with the SDK, and only then
// replaces the *.json files of testdata/recorded. Review the diff before
// committing it: member names other than the login's, and anything else a
// community's answers hold, are recorded as they are.
//
// TestReplayRecordedFixtures replays the committed recording.
func TestRecordFixtures(t *testing.T) {
	if os.Getenv("BETTERMODE_RECORD") != "1" {
		t.Skip("set BETTERMODE_RECORD=1 and the BETTERMODE_* variables to record testdata/recorded from a real community")
	}
	var missing []string
	for _, name := range recordEnvVars {
		if os.Getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Skipf("BETTERMODE_RECORD=1 but %s not set", strings.Join(missing, ", "))
	}
	env := recordEnv{
		endpoint: FromEnv(), domain: os.Getenv("BETTERMODE_NETWORK_DOMAIN"), networkID: os.Getenv("BETTERMODE_NETWORK_ID"),
		username: os.Getenv("BETTERMODE_USERNAME"), password: os.Getenv("BETTERMODE_PASSWORD"),
		clientID: os.Getenv("BETTERMODE_CLIENT_ID"), clientSecret: os.Getenv("BETTERMODE_CLIENT_SECRET"),
		memberID: os.Getenv("BETTERMODE_MEMBER_ID"),
	}
	tmp := t.TempDir()
	recordFixtures(t, env, tmp)
	replayFixtures(t, tmp)
	if t.Failed() {
		t.Fatal("the recording does not replay; testdata/recorded is left as it was")
	}

	old, err := filepath.Glob(filepath.Join(recordedDir, "*.json"))
	require.NoError(t, err)
	for _, f := range old {
		require.NoError(t, os.Remove(f))
	}
	require.NoError(t, os.MkdirAll(recordedDir, 0o755))
	files, err := filepath.Glob(filepath.Join(tmp, "*.json"))
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(recordedDir, filepath.Base(f)), data, 0o644))
	}
	t.Logf("recorded %d fixtures into %s", len(files), recordedDir)
}

// TestReplayRecordedFixtures replays testdata/recorded with the SDK. It is
// skipped while nothing has been recorded (see TestRecordFixtures).
func TestReplayRecordedFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(recordedDir, "*.json"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skip("testdata/recorded has no fixtures yet: record them with TestRecordFixtures")
	}
	replayFixtures(t, recordedDir)
}

// TestRecordFixturesWithStandIn runs TestRecordFixtures' recording against
// the stand-in server, checks that no secret reached the files, and replays
// them: the recording command works without a real community.
func TestRecordFixturesWithStandIn(t *testing.T) {
	srv := bettermodetest.Start(t)
	env := recordEnv{
		endpoint: WithEndpoint(srv.URL), domain: srv.Network().Domain, networkID: srv.Network().ID,
		username: srv.Member().Username, password: srv.Member().Password,
		clientID: srv.App().ClientID, clientSecret: srv.App().ClientSecret, memberID: srv.Member().ID,
	}
	dir := t.TempDir()
	recordFixtures(t, env, dir)
	require.False(t, t.Failed())

	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.Len(t, files, 12, "every exchange of the flows, and no temporary file")
	var all strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		all.Write(data)
	}
	text := all.String()
	for _, secret := range []string{srv.Member().Password, srv.Admin().Password, srv.App().ClientSecret,
		base64.StdEncoding.EncodeToString([]byte(srv.App().ClientID + ":" + srv.App().ClientSecret))} {
		assert.NotContains(t, text, secret)
		assert.NotContains(t, text, base64.StdEncoding.EncodeToString([]byte(secret)))
	}
	assert.Contains(t, text, `"password": "fake-recorded-password"`)
	assert.Contains(t, text, "Basic "+base64.StdEncoding.EncodeToString([]byte("fake-client-id-0001:fake-recorded-client-secret")))
	assert.Contains(t, text, `"name": "Fake Recorded Member"`)
	for _, tok := range jwtLike.FindAllString(text, -1) {
		c, err := jwt.Parse(tok)
		require.NoError(t, err)
		assert.Contains(t, c.Raw["redacted"], "fake-redacted-token-", "every JWT is a placeholder")
		assert.Equal(t, recordedTokenExpiry, c.Expiry)
	}

	replayFixtures(t, dir)
}

// recordFixtures runs the recorded flows as env against the API env names,
// through a recorder writing to dir.
func recordFixtures(t *testing.T, env recordEnv, dir string) {
	t.Helper()
	base := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(base.CloseIdleConnections)
	want := recordedCommunity
	opts := []bettermodetest.RecordOption{bettermodetest.WithRecordTokenExpiry(recordedTokenExpiry)}
	for _, p := range [][2]string{
		{env.password, want.password}, {env.clientSecret, want.clientSecret},
		{env.domain, want.domain}, {env.networkID, want.networkID}, {env.memberID, want.memberID},
		{env.clientID, want.clientID}, {env.username, want.username},
	} {
		opts = append(opts, bettermodetest.WithRecordPlaceholder(p[0], p[1]))
	}
	rec := bettermodetest.NewRecorder(dir, base, opts...)
	env.transport = rec
	runRecordedFlows(t, "record", env, func(login *Token) {
		// Learnt from the answers: the login's id (unless it is the
		// impersonated member's, whose placeholder wins) and name.
		rec.AddPlaceholder(login.MemberID, want.loginID)
		rec.AddPlaceholder(login.MemberName, want.loginName)
	})
	require.NoError(t, rec.Close())
	assert.Zero(t, rec.Skipped())
}

// replayFixtures replays the recording of dir with the SDK, as the
// community of the recording.
func replayFixtures(t *testing.T, dir string) {
	t.Helper()
	srv := bettermodetest.NewReplayServer(t, os.DirFS(dir), ".")
	env := recordedCommunity
	env.endpoint = WithEndpoint(srv.URL)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	env.transport = tr
	runRecordedFlows(t, "replay", env, nil)
	assert.Zero(t, srv.Rejected(bettermodetest.RejectNoFixture), "every request matched a fixture")
}

// runRecordedFlows runs the flows TestRecordFixtures records, as subtests
// named phase/flow. loggedIn, if not nil, is called with the member's first
// session.
func runRecordedFlows(t *testing.T, phase string, env recordEnv, loggedIn func(*Token)) {
	t.Helper()
	ctx := t.Context()
	client := func(t *testing.T, src CredentialSource) *Client {
		c, err := NewClient(env.endpoint, WithHTTPClient(&http.Client{Transport: env.transport}), WithCredentials(src))
		require.NoError(t, err)
		t.Cleanup(func() { _ = c.Close() })
		return c
	}
	whoAmI := func(t *testing.T, c *Client) (id, name string) {
		var q struct {
			AuthMember struct {
				ID   string `graphql:"id"`
				Name string `graphql:"name"`
			} `graphql:"authMember"`
		}
		require.NoError(t, c.Query(ctx, &q, nil, OperationName("RecordedWhoAmI")))
		require.NotEmpty(t, q.AuthMember.ID)
		return q.AuthMember.ID, q.AuthMember.Name
	}
	app := App{ClientID: env.clientID, ClientSecret: Secret(env.clientSecret), NetworkID: env.networkID}
	impersonating := app
	impersonating.ImpersonateMemberID = env.memberID

	flows := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"guest by domain", func(t *testing.T) {
			c := client(t, Guest{NetworkDomain: env.domain})
			tok, err := c.Token(ctx)
			require.NoError(t, err)
			assert.Equal(t, KindGuest, tok.Kind)
			assert.Equal(t, env.networkID, tok.NetworkID)
			id, _ := whoAmI(t, c)
			assert.Equal(t, tok.MemberID, id)
		}},
		{"guest by id", func(t *testing.T) {
			tok, err := client(t, Guest{NetworkID: env.networkID}).Token(ctx)
			require.NoError(t, err)
			assert.Equal(t, KindGuest, tok.Kind)
		}},
		{"member login, query, refresh, query", func(t *testing.T) {
			c := client(t, Member{NetworkDomain: env.domain, UsernameOrEmail: env.username, Password: Secret(env.password)})
			tok, err := c.Token(ctx)
			require.NoError(t, err)
			assert.Equal(t, KindMember, tok.Kind)
			if loggedIn != nil {
				loggedIn(tok)
			}
			id, name := whoAmI(t, c)
			assert.Equal(t, tok.MemberID, id)
			if env.loginName != "" {
				assert.Equal(t, env.loginName, name)
			}
			cache, ok := c.Source().(*CachedSource)
			require.True(t, ok)
			require.True(t, cache.Invalidate(tok))
			renewed, err := c.Token(ctx)
			require.NoError(t, err)
			assert.Equal(t, KindMember, renewed.Kind)
			again, _ := whoAmI(t, c)
			assert.Equal(t, id, again)
		}},
		{"app bot", func(t *testing.T) {
			c := client(t, app)
			tok, err := c.Token(ctx)
			require.NoError(t, err)
			assert.Equal(t, KindApp, tok.Kind)
			whoAmI(t, c)
		}},
		{"app impersonating", func(t *testing.T) {
			c := client(t, impersonating)
			tok, err := c.Token(ctx)
			require.NoError(t, err)
			assert.Equal(t, env.memberID, tok.MemberID)
			id, _ := whoAmI(t, c)
			assert.Equal(t, env.memberID, id)
		}},
	}
	for _, f := range flows {
		t.Run(phase+"/"+f.name, f.run)
	}
}
