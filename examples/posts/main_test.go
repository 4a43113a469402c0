package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// jwtLike matches anything shaped like a JWT.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+`)

// checkNoSecret fails if text holds one of the stand-in's passwords or
// client secrets, one of secrets, or a JWT.
func checkNoSecret(t *testing.T, srv *bettermodetest.Server, text string, secrets ...string) {
	t.Helper()
	for _, s := range []*bettermodetest.Server{srv, bettermodetest.New()} { // New: the embedded server's community
		if s == nil {
			continue
		}
		for _, m := range s.Members() {
			secrets = append(secrets, m.Password)
		}
		for _, a := range s.Apps() {
			secrets = append(secrets, a.ClientSecret)
		}
	}
	for _, sec := range secrets {
		if sec != "" {
			assert.NotContains(t, text, sec, "the output holds a secret")
		}
	}
	assert.Empty(t, jwtLike.FindString(text), "the output holds a JWT-like string")
}

func mapEnv(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// startCommunity starts a stand-in server with the walk's fake community.
func startCommunity(t *testing.T) *bettermodetest.Server {
	srv := bettermodetest.Start(t)
	fakeCommunity(srv)
	return srv
}

func memberEnv(srv *bettermodetest.Server) map[string]string {
	return map[string]string{
		"BETTERMODE_ENDPOINT":       srv.URL,
		"BETTERMODE_NETWORK_DOMAIN": srv.Network().Domain,
		"BETTERMODE_USERNAME":       srv.Member().Email,
		"BETTERMODE_PASSWORD":       srv.Member().Password,
		"BETTERMODE_SPACE_ID":       "spaceIdeas",
	}
}

// walkSteps are the lines every full walk prints, in order.
var walkSteps = []string{
	`signed in as "Fake Member" (member fakeMember01)`,
	"spaces: 3 in the community\n",
	"  General      id=spaceGeneral slug=general posts=4\n",
	"  News         id=spaceNews slug=news posts=0\n",
	"uploaded gradient.png (image/png, 112 bytes): media id=fakeMedia",
	`created post "Hello from the Go SDK" (type Discussion): id=new01 space=`,
	"posts, 3 a page:\n",
	`  1. "Welcome to the community"   id=post01 space=spaceGeneral status=PUBLISHED`,
	`  6. "Meetup in Berlin"           id=post06 space=spaceGeneral status=PUBLISHED`,
	`  7. "Hello from the Go SDK"      id=new01 space=`,
	"read 7 posts: the last page said there is no next one\n",
}

// checkInOrder fails unless text holds each of wants, in order.
func checkInOrder(t *testing.T, text string, wants ...string) {
	t.Helper()
	rest := text
	for _, w := range wants {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("output lacks %q after the previous lines:\n%s", w, text)
			return
		}
		rest = rest[i+len(w):]
	}
}

func TestEmbedded(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), mapEnv(nil), &out, &errOut), "stderr: %s", errOut.String())
	text := out.String()
	t.Logf("stdout:\n%s", text)
	checkInOrder(t, text, append([]string{"using the embedded stand-in server at http://127.0.0.1:", "(no BETTERMODE_* variables set)\n"}, walkSteps...)...)
	assert.Contains(t, text, "space=spaceGeneral status=PUBLISHED images=[fakeMedia", "the post is in the first space and shows the image")
	assert.NotContains(t, text, "skip:")
	assert.Empty(t, errOut.String())
	checkNoSecret(t, nil, text)
}

// TestRealModeMember runs the walk as a member against a server the test
// controls, and checks what reached it: one image stored, byte for byte;
// the post created from the typed input in the space given; the posts read
// in three requests.
func TestRealModeMember(t *testing.T) {
	srv := startCommunity(t)
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), mapEnv(memberEnv(srv)), &out, &errOut), "stderr: %s", errOut.String())
	text := out.String()
	checkInOrder(t, text, append([]string{"using the API at " + srv.URL + ", as a member\n"}, walkSteps...)...)
	assert.NotContains(t, text, "embedded")

	m := regexp.MustCompile(`media id=(\S+)`).FindStringSubmatch(text)
	require.NotNil(t, m, "no media id in the output")
	stored, ok := srv.Uploaded(m[1])
	require.True(t, ok, "the server did not store %s", m[1])
	assert.Equal(t, sha256.Sum256(gradientPNG(32, 32)), stored.SHA256)
	assert.Equal(t, "image/png", stored.ContentType)
	assert.Contains(t, text, fmt.Sprintf("space=spaceIdeas status=PUBLISHED images=[%s]\n", m[1]))

	assert.Equal(t, 1, srv.Operations("createPost"))
	assert.Equal(t, 3, srv.Operations("posts"), "7 posts, 3 a page: 3 requests")
	assert.Equal(t, 1, srv.UploadStats().Stored)
	checkNoSecret(t, srv, text+errOut.String())
}

func TestRealModeApp(t *testing.T) {
	srv := startCommunity(t)
	env := map[string]string{
		"BETTERMODE_ENDPOINT": srv.URL, "BETTERMODE_NETWORK_ID": srv.Network().ID,
		"BETTERMODE_CLIENT_ID": srv.App().ClientID, "BETTERMODE_CLIENT_SECRET": srv.App().ClientSecret,
		"BETTERMODE_MEMBER_ID": srv.Member().ID, "BETTERMODE_SPACE_ID": "spaceNews",
	}
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), mapEnv(env), &out, &errOut), "stderr: %s", errOut.String())
	text := out.String()
	checkInOrder(t, text, append([]string{"using the API at " + srv.URL + ", as an app\n"}, walkSteps...)...)
	assert.Contains(t, text, "space=spaceNews status=PUBLISHED")
	assert.Equal(t, 1, srv.Minted(bettermodetest.KindApp))
	checkNoSecret(t, srv, text+errOut.String())
}

// TestRealModeReadOnly: without BETTERMODE_SPACE_ID, nothing is written.
func TestRealModeReadOnly(t *testing.T) {
	srv := startCommunity(t)
	env := map[string]string{"BETTERMODE_ENDPOINT": srv.URL, "BETTERMODE_NETWORK_DOMAIN": srv.Network().Domain}
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), mapEnv(env), &out, &errOut), "stderr: %s", errOut.String())
	text := out.String()
	t.Logf("stdout:\n%s", text)
	checkInOrder(t, text,
		"as a guest: set BETTERMODE_USERNAME and BETTERMODE_PASSWORD to act as a member\n",
		"spaces: 3 in the community\n",
		"skip: upload and create post: set BETTERMODE_SPACE_ID to the space to post in\n",
		`  6. "Meetup in Berlin"`,
		"read 6 posts: the last page said there is no next one\n")
	assert.Zero(t, srv.Operations("createPost"))
	assert.Zero(t, srv.UploadStats().Signed)
	assert.Equal(t, 2, srv.Operations("posts"), "6 posts, 3 a page: 2 requests")
}

// TestStopsAtMaxPosts: with more posts than the walk reads, the iterator
// fetches no page after the loop stops.
func TestStopsAtMaxPosts(t *testing.T) {
	srv := startCommunity(t)
	for i := range 20 {
		srv.Seed("Post", fakePost(fmt.Sprintf("more%02d", i), "spaceNews", "typeDiscussion", "More", nil))
	}
	env := memberEnv(srv)
	delete(env, "BETTERMODE_SPACE_ID")
	var out, errOut bytes.Buffer
	require.NoError(t, run(t.Context(), mapEnv(env), &out, &errOut), "stderr: %s", errOut.String())
	checkInOrder(t, out.String(), `  9. "More"`, "stopped after 9 posts: no further page is fetched\n")
	assert.NotContains(t, out.String(), "  10. ")
	assert.Equal(t, 3, srv.Operations("posts"), "9 posts, 3 a page: 3 requests, not a 4th")
}

func TestWrongPassword(t *testing.T) {
	srv := startCommunity(t)
	const wrong = "not-the-password-5c1d"
	env := memberEnv(srv)
	env["BETTERMODE_PASSWORD"] = wrong
	var out, errOut bytes.Buffer
	err := run(t.Context(), mapEnv(env), &out, &errOut)
	require.Error(t, err)
	assert.True(t, errors.Is(err, bettermode.ErrUnauthorized), "err = %v, want one matching ErrUnauthorized", err)
	assert.True(t, strings.HasPrefix(err.Error(), "sign in: "), "err = %q, want it to name the step", err)
	assert.Equal(t, "error: "+err.Error()+"\n", errOut.String())
	assert.Zero(t, srv.Operations("posts"))
	checkNoSecret(t, srv, out.String()+errOut.String(), wrong)
}

func TestBadEndpointSettings(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"both":       {"BETTERMODE_ENDPOINT": "http://127.0.0.1:1", "BETTERMODE_REGION": "eu"},
		"bad region": {"BETTERMODE_REGION": "mars"},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), mapEnv(env), &out, &errOut)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "client: "), "err = %q, want a client error", err)
		})
	}
}

func TestGradientPNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(gradientPNG(32, 32)))
	require.NoError(t, err)
	assert.Equal(t, 32, img.Bounds().Dx())
	assert.Equal(t, 32, img.Bounds().Dy())
}
