package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/bettermode-go/bettermode"
)

// DefaultMaxUploadBytes is the largest file an upload sends unless
// MediaFile.MaxBytes says otherwise: 100 MiB.
const DefaultMaxUploadBytes = 100 << 20

// uploadConcurrency is how many files UploadImages and UploadFiles send at
// once.
const uploadConcurrency = 4

// MediaFile is one file to upload with UploadImage, UploadFile,
// UploadImages or UploadFiles.
type MediaFile struct {
	// Reader supplies the content; required. It is read once, from its
	// current position to its end, and never held whole in memory.
	Reader io.Reader
	// Name is the file's name, such as "photo.png"; required for files
	// (Bettermode is told its extension), optional for images.
	Name string
	// ContentType is the content's media type, such as "image/png";
	// optional: by default it is sniffed from the first 512 bytes
	// (http.DetectContentType). An image must sniff as an image of the type
	// given; a file given a type its content contradicts (a PDF sent as
	// image/png, a PNG as text/plain) is refused before anything is sent.
	ContentType string
	// Size is the content's length in bytes; optional: by default it is
	// taken from the Reader when it knows it (*os.File, *bytes.Reader,
	// *strings.Reader, *bytes.Buffer), or the content is first copied to a
	// temporary file (at most MaxBytes, removed afterwards). A Reader that
	// then gives more or fewer bytes fails the upload.
	Size int64
	// MaxBytes is the largest size accepted; optional, default
	// DefaultMaxUploadBytes. A larger file is refused before any request.
	MaxBytes int64
	// Progress, when set, is called as the content is handed to the
	// network, with the bytes sent so far and the total, last with
	// sent == total. It is called from another goroutine, never
	// concurrently for one file.
	Progress func(sent, total int64)
}

// UploadedMedia is a file Bettermode now holds.
type UploadedMedia struct {
	// ID is the media's id (SignedUrl.mediaId), for the inputs that take an
	// image or file id.
	ID string
	// URL is where the media is served (SignedUrl.mediaUrl).
	URL string
	// DownloadURL is where it is downloaded (SignedUrl.mediaDownloadUrl).
	DownloadURL string
	// Name, ContentType and Size describe what was sent.
	Name        string
	ContentType string
	Size        int64
}

// UploadImage uploads an image: Bettermode's createImages mutation returns
// a signed URL and policy fields, then the content is POSTed there as
// multipart/form-data, the policy fields first and the file last (an S3
// presigned POST). Size and content type are checked before any request
// (see MediaFile); the content is streamed, so memory stays bounded
// whatever its size.
//
// The mutation goes through the client like any call (credentials,
// retries, rate budget, typed errors) and is never resent once it may have
// run. The POST goes only to the signed URL, which must be https (plain
// http only to loopback), and carries no Bettermode credential; it is not
// retried, since the content is read once; the HTTP client's Timeout, if
// any, applies to it too. Neither the signed URL nor its policy fields
// ever appear in an error. ctx bounds everything; a Reader that blocks is
// waited for, so make it honour ctx if it may.
func (c *Client) UploadImage(ctx context.Context, f MediaFile) (*UploadedMedia, error) {
	return c.uploadOne(ctx, kindImage, f)
}

// UploadFile uploads a file (any content type) as UploadImage uploads an
// image, with Bettermode's createFiles mutation.
func (c *Client) UploadFile(ctx context.Context, f MediaFile) (*UploadedMedia, error) {
	return c.uploadOne(ctx, kindFile, f)
}

// UploadImages uploads several images with one createImages mutation, then
// sends them up to 4 at a time. Every file is checked before any request;
// one that fails the check fails the call before anything is sent. A
// failure while sending does not stop the others: the result holds nil for
// each file that failed, in the order given, and the error joins their
// errors.
func (c *Client) UploadImages(ctx context.Context, files ...MediaFile) ([]*UploadedMedia, error) {
	return c.upload(ctx, kindImage, files)
}

// UploadFiles uploads several files with one createFiles mutation, as
// UploadImages does for images.
func (c *Client) UploadFiles(ctx context.Context, files ...MediaFile) ([]*UploadedMedia, error) {
	return c.upload(ctx, kindFile, files)
}

func (c *Client) uploadOne(ctx context.Context, k mediaKind, f MediaFile) (*UploadedMedia, error) {
	out, err := c.upload(ctx, k, []MediaFile{f})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

type mediaKind int

const (
	kindImage mediaKind = iota
	kindFile
)

func (k mediaKind) op(n int) string {
	switch {
	case k == kindImage && n == 1:
		return "UploadImage"
	case k == kindImage:
		return "UploadImages"
	case n == 1:
		return "UploadFile"
	}
	return "UploadFiles"
}

const (
	createImagesDoc = `mutation createImages($input: [CreateImageInput!]!) { createImages(input: $input) { mediaId mediaUrl mediaDownloadUrl signedUrl fields } }`
	createFilesDoc  = `mutation createFiles($input: [CreateFileInput!]!) { createFiles(input: $input) { mediaId mediaUrl mediaDownloadUrl signedUrl fields } }`
)

// imageInput and fileInput are CreateImageInput and CreateFileInput as
// uploads fill them.
type imageInput struct {
	ContentType string `json:"contentType"`
	Name        string `json:"name,omitempty"`
}

type fileInput struct {
	ContentType string `json:"contentType"`
	Extension   string `json:"extension"`
	Name        string `json:"name,omitempty"`
	Size        int64  `json:"size,omitempty"`
}

// signedURL is a SignedUrl as the mutations select it.
type signedURL struct {
	MediaID          string `json:"mediaId"`
	MediaURL         string `json:"mediaUrl"`
	MediaDownloadURL string `json:"mediaDownloadUrl"`
	SignedURL        string `json:"signedUrl"`
	Fields           string `json:"fields"`
}

func (c *Client) upload(ctx context.Context, k mediaKind, files []MediaFile) ([]*UploadedMedia, error) {
	op := k.op(len(files))
	switch {
	case c == nil || c.c == nil:
		return nil, &UploadError{Operation: op, Message: "the client is nil: build it with api.New", kind: bettermode.ErrInvalidInput}
	case ctx == nil:
		return nil, &UploadError{Operation: op, Message: "the context is nil: pass context.Background() or a request's context", kind: bettermode.ErrInvalidInput}
	case len(files) == 0:
		return nil, &UploadError{Operation: op, Message: "no file given", kind: bettermode.ErrInvalidInput}
	case len(files) > 100:
		return nil, &UploadError{Operation: op, Message: "more than 100 files at once: upload them in batches", kind: bettermode.ErrInvalidInput}
	}
	if err := ctx.Err(); err != nil {
		return nil, &UploadError{Operation: op, Message: "the context ended before the upload", err: err}
	}
	// Every check before any request.
	preps := make([]*uploadFile, len(files))
	defer func() {
		for _, p := range preps {
			p.close()
		}
	}()
	for i, f := range files {
		p, err := prepareUpload(ctx, op, k, f)
		if err != nil {
			return nil, err
		}
		preps[i] = p
	}
	targets, err := c.createMedia(ctx, op, k, preps)
	if err != nil {
		return nil, err
	}
	hc := plainHTTPClient(c.c)
	out := make([]*UploadedMedia, len(preps))
	errs := make([]error, len(preps))
	sem := make(chan struct{}, uploadConcurrency)
	var wg sync.WaitGroup
	for i := range preps {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			p, t := preps[i], targets[i]
			if errs[i] = postUpload(ctx, hc, op, t, p); errs[i] == nil {
				out[i] = &UploadedMedia{ID: t.mediaID, URL: t.mediaURL, DownloadURL: t.downloadURL, Name: p.name, ContentType: p.contentType, Size: p.size}
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// createMedia runs createImages or createFiles for preps and returns the
// checked targets, one per file.
func (c *Client) createMedia(ctx context.Context, op string, k mediaKind, preps []*uploadFile) ([]*uploadTarget, error) {
	doc, field := createImagesDoc, "createImages"
	var input any
	if k == kindImage {
		in := make([]imageInput, len(preps))
		for i, p := range preps {
			in[i] = imageInput{ContentType: p.contentType, Name: p.name}
		}
		input = in
	} else {
		doc, field = createFilesDoc, "createFiles"
		in := make([]fileInput, len(preps))
		for i, p := range preps {
			in[i] = fileInput{ContentType: p.contentType, Extension: p.ext, Name: p.name}
			if p.size <= math.MaxInt32 { // GraphQL's Int is 32 bits
				in[i].Size = p.size
			}
		}
		input = in
	}
	resp, err := c.c.Exec(ctx, doc, map[string]any{"input": input}, bettermode.OperationName(field))
	if err != nil {
		return nil, err
	}
	var data map[string][]signedURL
	if err := json.Unmarshal(resp.Data, &data); err != nil || len(data[field]) != len(preps) {
		return nil, &UploadError{Operation: op, Message: fmt.Sprintf("%s answered %d signed URLs for %d files: nothing was uploaded; report it to Bettermode", field, len(data[field]), len(preps)), kind: bettermode.ErrInvalidInput}
	}
	targets := make([]*uploadTarget, len(preps))
	for i, su := range data[field] {
		t, err := newTarget(su)
		if err != nil {
			return nil, &UploadError{Operation: op, Name: preps[i].name, Message: err.Error() + ": nothing was uploaded; report it to Bettermode", kind: bettermode.ErrInvalidInput}
		}
		targets[i] = t
	}
	return targets, nil
}

// UploadError is an upload's failure found by the SDK: a file refused
// before any request, a signed URL that cannot be used, or the upload
// target's refusal. It matches bettermode.ErrInvalidInput (a refused
// file, HTTP 400), bettermode.ErrForbidden (HTTP 403) or
// bettermode.ErrRateLimited (HTTP 429, 503 SlowDown) with errors.Is, and
// wraps its cause (a context's error, a Reader's error). Its text never
// holds the signed URL or its policy fields. Failures of the mutation are
// the client's own *bettermode.Error.
type UploadError struct {
	// Operation is the call: UploadImage, UploadFile, UploadImages or
	// UploadFiles.
	Operation string
	// Name is the file's name, when it has one.
	Name string
	// StatusCode is the upload target's HTTP status; 0 when it did not
	// answer.
	StatusCode int
	// Message says what went wrong and what to do.
	Message string

	kind error
	err  error
}

// Error formats e as "bettermode: OPERATION NAME: MESSAGE (HTTP S): CAUSE".
func (e *UploadError) Error() string {
	s := "bettermode: " + e.Operation
	if e.Name != "" {
		s += " " + fmt.Sprintf("%q", e.Name)
	}
	s += ": " + e.Message
	if e.StatusCode != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.StatusCode)
	}
	if e.err != nil {
		s += ": " + e.err.Error()
	}
	return s
}

// Is reports whether target is the sentinel error e matches.
func (e *UploadError) Is(target error) bool { return target != nil && target == e.kind }

// Unwrap returns the cause, if any.
func (e *UploadError) Unwrap() error { return e.err }
