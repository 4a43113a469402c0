package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/api"
	"github.com/bettermode-go/bettermode/bettermodetest"
)

// pngHeader is the start of a PNG: enough for http.DetectContentType.
var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")

func fakePNG(n int) []byte {
	b := make([]byte, n)
	copy(b, pngHeader)
	for i := len(pngHeader); i < n; i++ {
		b[i] = byte(i * 7)
	}
	return b
}

// recorder is a transport that keeps every answer's body, so that a test
// knows the signed URLs and fields the kit handed out and what the upload
// target answered.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	resp []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if err != nil || resp.ContentLength > 1<<20 {
		return resp, err
	}
	b, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	r.mu.Lock()
	r.resp = append(r.resp, string(b))
	r.mu.Unlock()
	return resp, rerr
}

func (r *recorder) bodies() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.resp...)
}

// uploadSetup starts the kit and returns it with the typed API over a
// member's client whose HTTP traffic rec records.
func uploadSetup(t *testing.T, opts ...bettermodetest.Option) (*bettermodetest.Server, *api.Client, *recorder) {
	t.Helper()
	srv := bettermodetest.Start(t, opts...)
	rec := &recorder{base: http.DefaultTransport.(*http.Transport).Clone()}
	t.Cleanup(rec.base.(*http.Transport).CloseIdleConnections)
	c, err := bettermode.NewClient(bettermode.WithEndpoint(srv.URL), bettermode.WithHTTPClient(&http.Client{Transport: rec}),
		bettermode.WithCredentials(bettermode.StaticToken(srv.MintToken(bettermodetest.KindMember, srv.Member().ID))))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return srv, api.New(c), rec
}

// requests is every request the kit saw, of any kind.
func requests(srv *bettermodetest.Server) int {
	return srv.Requests(bettermodetest.AuthBearer) + srv.Requests(bettermodetest.AuthBasic) +
		srv.Requests(bettermodetest.AuthMissing) + srv.Requests(bettermodetest.AuthOther)
}

func get(t *testing.T, u string) []byte {
	t.Helper()
	resp, err := http.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return b
}

func TestUploadImage(t *testing.T) {
	srv, c, _ := uploadSetup(t)
	content := fakePNG(100 << 10)
	var calls, last atomic.Int64
	m, err := c.UploadImage(context.Background(), api.MediaFile{Reader: bytes.NewReader(content), Name: "photo.png",
		Progress: func(sent, total int64) {
			assert.Equal(t, int64(len(content)), total)
			assert.GreaterOrEqual(t, sent, last.Load())
			last.Store(sent)
			calls.Add(1)
		}})
	require.NoError(t, err)
	assert.NotEmpty(t, m.ID)
	assert.Equal(t, "image/png", m.ContentType)
	assert.Equal(t, int64(len(content)), m.Size)
	assert.Equal(t, int64(len(content)), last.Load(), "the last progress call reports everything sent")
	assert.GreaterOrEqual(t, calls.Load(), int64(2))

	f, ok := srv.Uploaded(m.ID)
	require.True(t, ok)
	assert.Equal(t, bettermodetest.UploadedFile{MediaID: m.ID, Kind: "image", Name: "photo.png", ContentType: "image/png",
		Size: int64(len(content)), SHA256: sha256.Sum256(content)}, f)
	assert.Equal(t, content, get(t, m.URL), "the kit serves the file at mediaUrl")
	assert.Equal(t, content, get(t, m.DownloadURL))

	st := srv.UploadStats()
	assert.Equal(t, bettermodetest.UploadStats{Signed: 1, Posts: 1, Stored: 1, Bytes: int64(len(content)), Served: 2}, st)
	assert.Equal(t, 1, srv.Requests(bettermodetest.AuthBearer), "only the mutation carries the token")
	assert.Equal(t, 1, srv.Operations("createImages"))
}

func TestUploadFile(t *testing.T) {
	srv, c, _ := uploadSetup(t)
	content := []byte("%PDF-1.7\n" + strings.Repeat("fake pdf body\n", 100))
	for _, tc := range []struct {
		name string
		f    api.MediaFile
		want string
	}{
		{"sniffed", api.MediaFile{Reader: bytes.NewReader(content), Name: "report.pdf"}, "application/pdf"},
		{"declared", api.MediaFile{Reader: bytes.NewReader(content), Name: "report.pdf", ContentType: "application/pdf"}, "application/pdf"},
		{"unknown size, spooled", api.MediaFile{Reader: io.MultiReader(bytes.NewReader(content)), Name: "report.pdf"}, "application/pdf"},
		{"text with charset", api.MediaFile{Reader: strings.NewReader("a,b\n1,2\n"), Name: "data.csv", ContentType: "text/csv; charset=utf-8"}, "text/csv; charset=utf-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := c.UploadFile(context.Background(), tc.f)
			require.NoError(t, err)
			assert.Equal(t, tc.want, m.ContentType)
			f, ok := srv.Uploaded(m.ID)
			require.True(t, ok)
			assert.Equal(t, "file", f.Kind)
			assert.Equal(t, tc.want, f.ContentType)
		})
	}
}

// TestUploadStreamsLargeFile uploads 20 MiB from a reader that makes its
// bytes as they are read and checks that the upload allocates (and so can
// hold at its peak) far less than the file's size.
func TestUploadStreamsLargeFile(t *testing.T) {
	const size = 20 << 20
	srv, c, _ := uploadSetup(t)
	// Warm up: connections, the kit's schema, the client's documents.
	_, err := c.UploadImage(context.Background(), api.MediaFile{Reader: bytes.NewReader(fakePNG(1 << 10))})
	require.NoError(t, err)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	h := sha256.New()
	m, err := c.UploadImage(context.Background(), api.MediaFile{Reader: io.TeeReader(&generated{n: size}, h), Size: size, Name: "big.png"})
	close(stop)
	<-sampled
	require.NoError(t, err)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)

	allocated := after.TotalAlloc - before.TotalAlloc
	growth := int64(peak.Load()) - int64(before.HeapAlloc)
	t.Logf("20 MiB upload: peak heap %.2f MiB above the %.2f MiB before (sampled every ms), %.2f MiB allocated in all",
		float64(growth)/(1<<20), float64(before.HeapAlloc)/(1<<20), float64(allocated)/(1<<20))
	assert.Less(t, allocated, uint64(size/8), "the upload allocates far less than the file's size")
	assert.Less(t, growth, int64(size/4), "the peak heap stays far below the file's size")

	f, ok := srv.Uploaded(m.ID)
	require.True(t, ok)
	assert.Equal(t, int64(size), f.Size)
	assert.Equal(t, [32]byte(h.Sum(nil)), f.SHA256)
}

// generated is n bytes of a PNG, made as they are read.
type generated struct{ n, off int }

func (g *generated) Read(p []byte) (int, error) {
	if g.off >= g.n {
		return 0, io.EOF
	}
	k := min(len(p), g.n-g.off)
	for i := range p[:k] {
		if at := g.off + i; at < len(pngHeader) {
			p[i] = pngHeader[at]
		} else {
			p[i] = byte(at * 7)
		}
	}
	g.off += k
	return k, nil
}

func TestUploadRefusedBeforeAnyRequest(t *testing.T) {
	srv, c, _ := uploadSetup(t)
	png := fakePNG(2 << 10)
	gif := []byte("GIF89a" + strings.Repeat("x", 100))
	for _, tc := range []struct {
		name  string
		image bool
		f     api.MediaFile
		want  string
	}{
		{"image declared as another image type", true, api.MediaFile{Reader: bytes.NewReader(gif), ContentType: "image/png"}, "the content is image/gif but ContentType says image/png"},
		{"text as an image", true, api.MediaFile{Reader: strings.NewReader("hello, not an image")}, "not an image"},
		{"PDF declared as an image", true, api.MediaFile{Reader: strings.NewReader("%PDF-1.7 ..."), ContentType: "image/png"}, "not an image"},
		{"file whose content contradicts its type", false, api.MediaFile{Reader: bytes.NewReader(png), Name: "a.pdf", ContentType: "application/pdf"}, "the content is image/png but ContentType says application/pdf"},
		{"file declared as an image it is not", false, api.MediaFile{Reader: strings.NewReader("plain text"), Name: "a.png", ContentType: "image/png"}, "ContentType says image/png"},
		{"oversize, declared", true, api.MediaFile{Reader: bytes.NewReader(png), Size: 2 << 10, MaxBytes: 1 << 10}, "more than MaxBytes (1024)"},
		{"oversize, known from the reader", false, api.MediaFile{Reader: bytes.NewReader(png), Name: "a.png", MaxBytes: 1 << 10}, "more than MaxBytes (1024)"},
		{"oversize, unknown size", true, api.MediaFile{Reader: io.MultiReader(bytes.NewReader(png)), MaxBytes: 1 << 10}, "larger than MaxBytes (1024 bytes)"},
		{"oversize by default", true, api.MediaFile{Reader: io.MultiReader(bytes.NewReader(png)), Size: api.DefaultMaxUploadBytes + 1}, "more than MaxBytes"},
		{"Size that the reader contradicts", true, api.MediaFile{Reader: bytes.NewReader(png), Size: 1 << 10}, "Size says 1024 bytes but the Reader holds 2048"},
		{"empty", true, api.MediaFile{Reader: strings.NewReader("")}, "empty"},
		{"nil reader", true, api.MediaFile{}, "Reader is nil"},
		{"file without a name", false, api.MediaFile{Reader: bytes.NewReader(png)}, "needs a Name"},
		{"malformed type", false, api.MediaFile{Reader: bytes.NewReader(png), Name: "a.png", ContentType: "image/"}, "not a media type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.image {
				_, err = c.UploadImage(context.Background(), tc.f)
			} else {
				_, err = c.UploadFile(context.Background(), tc.f)
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, bettermode.ErrInvalidInput)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "bettermode: Upload"), err.Error())
			var ue *api.UploadError
			require.ErrorAs(t, err, &ue)
			assert.Zero(t, ue.StatusCode)
		})
	}
	// A batch with one bad file sends nothing either.
	_, err := c.UploadImages(context.Background(), api.MediaFile{Reader: bytes.NewReader(png)}, api.MediaFile{Reader: bytes.NewReader(gif), ContentType: "image/png"})
	require.ErrorIs(t, err, bettermode.ErrInvalidInput)

	assert.Zero(t, requests(srv), "no request of any kind reached the kit")
	assert.Zero(t, srv.Operations("createImages")+srv.Operations("createFiles"))
	assert.Equal(t, bettermodetest.UploadStats{}, srv.UploadStats())
}

// signedSecrets returns a Scrubber of every signed URL, query value and
// policy field the kit handed out in the recorded answers, and how many
// SignedUrls it found.
func signedSecrets(t *testing.T, rec *recorder) (bettermode.Scrubber, int) {
	t.Helper()
	var secrets []bettermode.Secret
	n := 0
	for _, body := range rec.bodies() {
		var answer struct {
			Data map[string][]struct{ SignedURL, Fields string }
		}
		if json.Unmarshal([]byte(body), &answer) != nil {
			continue
		}
		for _, list := range answer.Data {
			for _, su := range list {
				n++
				secrets = append(secrets, bettermode.Secret(su.SignedURL), bettermode.Secret(su.Fields))
				u, err := url.Parse(su.SignedURL)
				require.NoError(t, err)
				for _, vs := range u.Query() {
					for _, v := range vs {
						secrets = append(secrets, bettermode.Secret(v))
					}
				}
				var fields map[string]string
				require.NoError(t, json.Unmarshal([]byte(su.Fields), &fields))
				for _, v := range fields {
					secrets = append(secrets, bettermode.Secret(v))
				}
			}
		}
	}
	return bettermode.NewScrubber(secrets...), n
}

func TestUploadTargetRefusal(t *testing.T) {
	srv, c, rec := uploadSetup(t)
	srv.FailUploads(http.StatusForbidden)
	_, err := c.UploadImage(context.Background(), api.MediaFile{Reader: bytes.NewReader(fakePNG(300 << 10)), Name: "photo.png"})
	require.Error(t, err)
	assert.ErrorIs(t, err, bettermode.ErrForbidden)
	var ue *api.UploadError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, http.StatusForbidden, ue.StatusCode)
	assert.Equal(t, "UploadImage", ue.Operation)
	assert.Contains(t, err.Error(), `bettermode: UploadImage "photo.png": the upload target refused the file: AccessDenied: Invalid according to Policy`)
	assert.Contains(t, err.Error(), "upload again")
	assert.LessOrEqual(t, len(err.Error()), 600, "the target's words are bounded")

	scrub, n := signedSecrets(t, rec)
	require.Equal(t, 1, n)
	leaked := false
	for _, b := range rec.bodies() {
		leaked = leaked || scrub.Contains(b)
	}
	require.True(t, leaked, "the kit's 403 repeats the signed URL and fields, so the test means something")
	for _, form := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%q", err)} {
		assert.False(t, scrub.Contains(form), "the error holds a part of the signed URL or its fields: %s", form)
	}
	assert.Equal(t, 1, srv.UploadStats().Refused)
	assert.Zero(t, srv.UploadStats().Stored)
}

// cancelAt is a reader of a PNG that cancels a context once it has given
// at bytes, as a caller giving up mid-upload would.
type cancelAt struct {
	generated
	at     int
	cancel context.CancelFunc
}

func (c *cancelAt) Read(p []byte) (int, error) {
	if c.off >= c.at {
		c.cancel()
	}
	return c.generated.Read(p)
}

func TestUploadCancelledMidway(t *testing.T) {
	srv, c, _ := uploadSetup(t)
	_, err := c.UploadImage(context.Background(), api.MediaFile{Reader: bytes.NewReader(fakePNG(1 << 10))})
	require.NoError(t, err)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const size = 8 << 20
	var sent atomic.Int64
	r := &cancelAt{generated: generated{n: size}, at: 1 << 20, cancel: cancel}
	_, err = c.UploadImage(ctx, api.MediaFile{Reader: r, Size: size, Progress: func(s, _ int64) { sent.Store(s) }})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "bettermode: UploadImage: the upload was cut short")
	assert.Less(t, sent.Load(), int64(size), "the upload stopped before the end")
	assert.Less(t, r.off, size, "the rest of the content was never read")
	assert.Equal(t, 1, srv.UploadStats().Stored, "only the warm-up was stored")
}

func TestUploadImagesSeveral(t *testing.T) {
	srv, c, _ := uploadSetup(t)
	var files []api.MediaFile
	var contents [][]byte
	var progress [5]atomic.Int64
	for i := range 5 {
		b := fakePNG(10<<10 + i)
		contents = append(contents, b)
		files = append(files, api.MediaFile{Reader: bytes.NewReader(b), Name: fmt.Sprintf("p%d.png", i),
			Progress: func(sent, _ int64) { progress[i].Store(sent) }})
	}
	out, err := c.UploadImages(context.Background(), files...)
	require.NoError(t, err)
	require.Len(t, out, 5)
	for i, m := range out {
		assert.Equal(t, fmt.Sprintf("p%d.png", i), m.Name)
		assert.Equal(t, contents[i], get(t, m.URL))
		assert.Equal(t, int64(len(contents[i])), progress[i].Load())
	}
	assert.Equal(t, 1, srv.Operations("createImages"), "one mutation for the batch")
	assert.Equal(t, 5, srv.UploadStats().Stored)

	// One failure does not stop the others.
	srv.Reset()
	files = files[:0]
	files = append(files, api.MediaFile{Reader: bytes.NewReader(contents[0])},
		api.MediaFile{Reader: io.MultiReader(bytes.NewReader(contents[1][:100])), Size: int64(len(contents[1]))}, // shorter than its Size
		api.MediaFile{Reader: bytes.NewReader(contents[2])})
	out, err = c.UploadImages(context.Background(), files...)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the content ended after 100 of its 10241 bytes")
	require.Len(t, out, 3)
	assert.NotNil(t, out[0])
	assert.Nil(t, out[1])
	assert.NotNil(t, out[2])
	assert.Equal(t, 2, srv.UploadStats().Stored)
}

func TestUploadSizeMismatch(t *testing.T) {
	_, c, _ := uploadSetup(t)
	png := fakePNG(4 << 10)
	_, err := c.UploadImage(context.Background(), api.MediaFile{Reader: io.MultiReader(bytes.NewReader(png)), Size: 1 << 10})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "longer than its Size (1024 bytes)")
}

func TestUploadSignedURLChecked(t *testing.T) {
	for _, tc := range []struct{ name, url, fields string }{
		{"plain http to a remote host", "http://uploads.example.com/bucket?X-Amz-Security-Token=fake-token-0123456789", `{"key":"k"}`},
		{"user info", "https://user:fake-pass-0123@uploads.example.com/bucket", `{"key":"k"}`},
		{"fields not an object", "https://uploads.example.com/bucket", `["fake-field-value-0123"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, c, _ := uploadSetup(t, bettermodetest.WithHandler("Mutation.createImages", func(ctx context.Context, args map[string]any) (any, error) {
				return []any{map[string]any{"mediaId": "m1", "mediaUrl": "https://cdn.example.com/m1", "mediaDownloadUrl": "https://cdn.example.com/m1",
					"signedUrl": tc.url, "fields": tc.fields}}, nil
			}))
			_, err := c.UploadImage(context.Background(), api.MediaFile{Reader: bytes.NewReader(fakePNG(1 << 10))})
			require.Error(t, err)
			assert.ErrorIs(t, err, bettermode.ErrInvalidInput)
			assert.Contains(t, err.Error(), "nothing was uploaded")
			scrub := bettermode.NewScrubber(bettermode.Secret(tc.url), bettermode.Secret(tc.fields), "fake-token-0123456789", "fake-pass-0123", "fake-field-value-0123")
			assert.False(t, scrub.Contains(err.Error()), err.Error())
			assert.Zero(t, srv.UploadStats().Posts)
		})
	}
}

func TestUploadMutationError(t *testing.T) {
	srv, c, _ := uploadSetup(t)
	srv.InjectFault("createImages", bettermodetest.Fault{Status: http.StatusBadGateway})
	_, err := c.UploadImage(context.Background(), api.MediaFile{Reader: bytes.NewReader(fakePNG(1 << 10))})
	require.Error(t, err)
	var be *bettermode.Error
	require.True(t, errors.As(err, &be), "the mutation's failure is the client's own error")
	assert.Equal(t, 1, srv.Operations("createImages"), "a mutation that may have run is never resent")
	assert.Zero(t, srv.UploadStats().Posts)
}
