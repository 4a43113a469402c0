package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/schema"
)

// fakeCommunity gives the stand-in server srv what the walk shows in
// offline mode: three spaces, two post types, six posts, and
// a createPost that answers with the post its input describes (and adds it
// to the posts). Everything else the server answers from its own fake
// community.
func fakeCommunity(srv *bettermodetest.Server) {
	srv.Seed("Space",
		map[string]any{"id": "spaceGeneral", "name": "General", "slug": "general", "postsCount": 4},
		map[string]any{"id": "spaceIdeas", "name": "Ideas", "slug": "ideas", "postsCount": 2},
		map[string]any{"id": "spaceNews", "name": "News", "slug": "news", "postsCount": 0},
	)
	srv.Seed("PostType",
		map[string]any{"id": "typeQuestion", "name": "Question", "context": "post"},
		map[string]any{"id": "typeDiscussion", "name": "Discussion", "context": "post"},
	)
	for i, p := range []struct{ space, title string }{
		{"spaceGeneral", "Welcome to the community"},
		{"spaceGeneral", "Introduce yourself"},
		{"spaceIdeas", "Dark mode for the app"},
		{"spaceGeneral", "House rules"},
		{"spaceIdeas", "Weekly digest by e-mail"},
		{"spaceGeneral", "Meetup in Berlin"},
	} {
		srv.Seed("Post", fakePost(fmt.Sprintf("post%02d", i+1), p.space, "typeDiscussion", p.title, nil))
	}

	var created atomic.Int32
	srv.Handle("Mutation.createPost", func(ctx context.Context, args map[string]any) (any, error) {
		var a struct {
			Input   schema.CreatePostInput `json:"input"`
			SpaceID string                 `json:"spaceId"`
		}
		if err := bettermodetest.DecodeArgs(args, &a); err != nil {
			return nil, err
		}
		var title, content string
		for _, f := range a.Input.MappingFields {
			switch f.Key {
			case "title":
				title = unquote(f.Value)
			case "content":
				content = unquote(f.Value)
			}
		}
		var images []string
		for _, m := range figureID.FindAllStringSubmatch(content, -1) {
			images = append(images, m[1])
		}
		p := fakePost(fmt.Sprintf("new%02d", created.Add(1)), a.SpaceID, a.Input.PostTypeID, title, images)
		if a.Input.Publish == nil || !*a.Input.Publish {
			p["status"] = string(schema.PostStatusDrafted)
		}
		srv.Seed("Post", p)
		return p, nil
	})
}

// figureID finds the media ids of the images a post's HTML content shows.
var figureID = regexp.MustCompile(`<figure[^>]*\bdata-id="([^"]+)"`)

func fakePost(id, space, postType, title string, images []string) map[string]any {
	if images == nil {
		images = []string{}
	}
	return map[string]any{
		"id": id, "spaceId": space, "postTypeId": postType, "title": title,
		"slug": strings.ToLower(strings.ReplaceAll(title, " ", "-")), "status": string(schema.PostStatusPublished),
		"imageIds": images,
	}
}

// unquote is the string a mapping field's JSON value holds, or the value
// itself when it is not a JSON string.
func unquote(v string) string {
	var s string
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return v
	}
	return s
}
