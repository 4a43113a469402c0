package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// ExampleClient_UploadImage uploads an image to the stand-in server and
// fetches it back from its mediaUrl.
func ExampleClient_UploadImage() {
	srv := bettermodetest.NewServer()
	defer srv.Close()
	member := srv.MintToken(bettermodetest.KindMember, srv.Member().ID)
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.StaticToken(member)))
	if err != nil {
		panic(err)
	}
	defer c.Close()

	photo := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64<<10)...) // a file, an HTTP body, ...
	var sent int64
	m, err := api.New(c).UploadImage(context.Background(), api.MediaFile{
		Reader:   bytes.NewReader(photo),
		Name:     "photo.png",
		Progress: func(n, total int64) { sent = n },
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("type:", m.ContentType, "size:", m.Size, "sent:", sent)

	resp, err := http.Get(m.URL)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	served, _ := io.ReadAll(resp.Body)
	fmt.Println("served at mediaUrl:", bytes.Equal(served, photo))
	fmt.Println("stored:", srv.UploadStats().Stored)
	// Output:
	// type: image/png size: 65544 sent: 65544
	// served at mediaUrl: true
	// stored: 1
}
