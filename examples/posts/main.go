// Command posts walks through the typed API (package api): it lists a
// community's spaces, uploads an image, creates a post with it from typed
// inputs (schema.CreatePostInput) and pages through the posts with an
// iterator that fetches each page only when the loop reaches it.
//
//	go run ./examples/posts
//
// With none of the variables below set, it starts the embedded stand-in
// server of package bettermodetest on 127.0.0.1, gives it a few spaces and
// posts (fakeCommunity, in community.go) and signs in as its member:
// nothing leaves the machine.
//
// Setting any one of them switches to real mode, against a real Bettermode
// API. The endpoint is read as bettermode.FromEnv reads it:
// BETTERMODE_ENDPOINT, or else BETTERMODE_REGION, or else the US API. The
// program signs in as an app (impersonating BETTERMODE_MEMBER_ID when set)
// if the app's variables are set, else as a member if the member's are,
// else as a guest. It only reads unless BETTERMODE_SPACE_ID names the space
// to post in: then it also uploads an image and publishes a post there.
//
//	BETTERMODE_ENDPOINT        GraphQL endpoint URL (not with BETTERMODE_REGION)
//	BETTERMODE_REGION          us, eu, us-east-1, eu-central-1 or tribe
//	BETTERMODE_NETWORK_DOMAIN  the community's domain (guest, member)
//	BETTERMODE_NETWORK_ID      the community's id (guest, member, app)
//	BETTERMODE_USERNAME        a member's username or e-mail (member)
//	BETTERMODE_PASSWORD        that member's password (member)
//	BETTERMODE_CLIENT_ID       an installed app's client id (app)
//	BETTERMODE_CLIENT_SECRET   that app's client secret (app)
//	BETTERMODE_MEMBER_ID       the member the app acts as (app; optional)
//	BETTERMODE_SPACE_ID        the space to post in (optional: without it, nothing is written)
//
// The program never prints a token, password or client secret. On failure
// it prints "error: STEP: ERROR" to stderr and exits with status 1.
package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/schema"
)

// envVars are the variables the program reads; any one of them set means real mode.
var envVars = []string{
	"BETTERMODE_ENDPOINT", "BETTERMODE_REGION", "BETTERMODE_NETWORK_DOMAIN", "BETTERMODE_NETWORK_ID",
	"BETTERMODE_USERNAME", "BETTERMODE_PASSWORD", "BETTERMODE_CLIENT_ID", "BETTERMODE_CLIENT_SECRET",
	"BETTERMODE_MEMBER_ID", "BETTERMODE_SPACE_ID",
}

const (
	// timeout bounds the whole walk.
	timeout = 30 * time.Second
	// pageSize is how many posts each page holds; maxPosts is how many the
	// walk reads at most, however many the community has.
	pageSize, maxPosts = 3, 9
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		os.Exit(1) // run has printed the error
	}
}

// run walks the steps with the variables env returns, printing to out, and
// prints "error: STEP: ERROR" to errOut when one fails.
func run(ctx context.Context, env func(string) string, out, errOut io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := walk(ctx, env, out)
	if err != nil {
		fmt.Fprintf(errOut, "error: %v\n", err)
	}
	return err
}

func walk(ctx context.Context, get func(string) string, out io.Writer) error {
	realMode := false
	for _, name := range envVars {
		realMode = realMode || get(name) != ""
	}
	var (
		opts    []bettermode.Option
		as      string
		spaceID = get("BETTERMODE_SPACE_ID") // "" in real mode: read only
	)
	if realMode {
		var src bettermode.CredentialSource
		src, as = credentials(get)
		opts = []bettermode.Option{bettermode.FromEnvFunc(get), bettermode.WithCredentials(src)}
	} else {
		srv := bettermodetest.NewServer()
		defer srv.Close()
		fakeCommunity(srv)
		fmt.Fprintf(out, "using the embedded stand-in server at %s (no BETTERMODE_* variables set)\n", srv.URL)
		opts = []bettermode.Option{bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.Member{
			NetworkDomain: srv.Network().Domain, UsernameOrEmail: srv.Member().Email, Password: bettermode.Secret(srv.Member().Password),
		})}
	}
	c, err := bettermode.NewClient(opts...)
	if err != nil {
		return fmt.Errorf("client: %w", err)
	}
	defer c.Close()
	if realMode {
		fmt.Fprintf(out, "using the API at %s, %s\n", c.Endpoint(), as)
	}
	bm := api.New(c)

	me, err := bm.AuthMember(ctx)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	fmt.Fprintf(out, "signed in as %q (member %s)\n", me.Name, me.ID)

	// 1. List spaces: one call; its default selection (Basic) is the
	// total count, the page info and each space's scalar fields.
	spaces, err := bm.Spaces(ctx, api.SpacesArgs{Limit: 10})
	if err != nil {
		return fmt.Errorf("spaces: %w", err)
	}
	fmt.Fprintf(out, "spaces: %d in the community\n", spaces.TotalCount)
	for _, s := range spaces.Nodes {
		fmt.Fprintf(out, "  %-12s id=%s slug=%s posts=%d\n", s.Name, s.ID, s.Slug, s.PostsCount)
	}
	if more := spaces.TotalCount - len(spaces.Nodes); more > 0 {
		fmt.Fprintf(out, "  (and %d more)\n", more)
	}

	if !realMode && len(spaces.Nodes) > 0 {
		spaceID = string(spaces.Nodes[0].ID) // the stand-in's first space
	}
	if spaceID == "" {
		fmt.Fprintln(out, "skip: upload and create post: set BETTERMODE_SPACE_ID to the space to post in")
	} else if err := createPost(ctx, out, bm, spaceID); err != nil {
		return err
	}

	// 3. Page through the posts: the iterator asks for the next page only
	// when the loop reaches it, and stops fetching when the loop stops.
	fmt.Fprintf(out, "posts, %d a page:\n", pageSize)
	n := 0
	for p, err := range bm.PostsIter(ctx, api.PostsArgs{}, pageSize) {
		if err != nil {
			return fmt.Errorf("posts: %w", err)
		}
		n++
		fmt.Fprintf(out, "  %d. %-28q id=%s space=%s status=%s\n", n, p.Title, p.ID, p.SpaceID, p.Status)
		if n == maxPosts {
			fmt.Fprintf(out, "stopped after %d posts: no further page is fetched\n", n)
			return nil
		}
	}
	fmt.Fprintf(out, "read %d posts: the last page said there is no next one\n", n)
	return nil
}

// createPost uploads a small generated PNG, then publishes a post in the
// space spaceID that shows it.
func createPost(ctx context.Context, out io.Writer, bm *api.Client, spaceID string) error {
	// 2a. Upload an image: createImages signs an upload, the content goes
	// straight to the storage, and the media id goes into the post.
	pic := gradientPNG(32, 32)
	img, err := bm.UploadImage(ctx, api.MediaFile{Reader: bytes.NewReader(pic), Name: "gradient.png"})
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	fmt.Fprintf(out, "uploaded %s (%s, %d bytes): media id=%s url=%s\n", img.Name, img.ContentType, img.Size, img.ID, img.URL)

	// 2b. Find the post type: posts of the type "Discussion" take a title
	// and an HTML content.
	var postType *api.PostType
	for pt, err := range bm.PostTypesIter(ctx, api.PostTypesArgs{Context: schema.Ptr(schema.PostTypeContextPost)}, 20, api.Fields("id name")) {
		if err != nil {
			return fmt.Errorf("post types: %w", err)
		}
		if postType == nil || pt.Name == "Discussion" {
			postType = pt
		}
		if pt.Name == "Discussion" {
			break
		}
	}
	if postType == nil {
		return fmt.Errorf("post types: the community has no post type for posts")
	}

	// 2c. Create the post from typed inputs. A mapping field's value is
	// JSON; api.TextField and api.HTMLField encode it. The uploaded image
	// appears in the HTML content as a figure naming its media id.
	const title = "Hello from the Go SDK"
	content := fmt.Sprintf(`<p>Posted by examples/posts.</p><figure data-type="image" data-id="%s"><img src="%s"></figure>`, img.ID, img.URL)
	post, err := bm.CreatePost(ctx, api.CreatePostArgs{
		SpaceID: schema.ID(spaceID),
		Input: schema.CreatePostInput{
			PostTypeID:    string(postType.ID),
			MappingFields: []schema.PostMappingFieldInput{api.TextField("title", title), api.HTMLField("content", content)},
			Publish:       schema.Ptr(true),
		},
	})
	if err != nil {
		return fmt.Errorf("create post: %w", err)
	}
	fmt.Fprintf(out, "created post %q (type %s): id=%s space=%s status=%s images=%v\n",
		post.Title, postType.Name, post.ID, post.SpaceID, post.Status, post.ImageIDs)
	return nil
}

// credentials picks the real mode's credentials from the variables: an
// app's, a member's or a guest's, and says which.
func credentials(get func(string) string) (bettermode.CredentialSource, string) {
	domain, network := get("BETTERMODE_NETWORK_DOMAIN"), get("BETTERMODE_NETWORK_ID")
	switch {
	case get("BETTERMODE_CLIENT_ID") != "" && get("BETTERMODE_CLIENT_SECRET") != "":
		app := bettermode.App{ClientID: get("BETTERMODE_CLIENT_ID"), ClientSecret: bettermode.Secret(get("BETTERMODE_CLIENT_SECRET")),
			NetworkID: network, ImpersonateMemberID: get("BETTERMODE_MEMBER_ID")}
		return app, "as an app"
	case get("BETTERMODE_USERNAME") != "" && get("BETTERMODE_PASSWORD") != "":
		return bettermode.Member{NetworkDomain: domain, NetworkID: network,
			UsernameOrEmail: get("BETTERMODE_USERNAME"), Password: bettermode.Secret(get("BETTERMODE_PASSWORD"))}, "as a member"
	}
	return bettermode.Guest{NetworkDomain: domain, NetworkID: network}, "as a guest: set BETTERMODE_USERNAME and BETTERMODE_PASSWORD to act as a member"
}

// gradientPNG draws a w×h gradient and encodes it as a PNG.
func gradientPNG(w, h int) []byte {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{R: uint8(x * 255 / w), G: uint8(y * 255 / h), B: 160, A: 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, m) // writing to a bytes.Buffer does not fail
	return b.Bytes()
}
