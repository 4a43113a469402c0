package api

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/bettermode-go/bettermode"
)

// sniffLen is how many bytes http.DetectContentType looks at.
const sniffLen = 512

// uploadFile is a file that passed the checks made before any request.
type uploadFile struct {
	name, contentType, ext string
	size                   int64
	body                   io.Reader // the content from its first byte
	progress               func(sent, total int64)
	tmp                    *os.File // the spooled content, removed by close
}

func (p *uploadFile) close() {
	if p != nil && p.tmp != nil {
		p.tmp.Close()
		os.Remove(p.tmp.Name())
		p.tmp = nil
	}
}

// prepareUpload checks f (size and content type) and readies its content,
// reading at most the first 512 bytes, or, for a Reader whose size is not
// known, copying it to a temporary file of at most MaxBytes.
func prepareUpload(ctx context.Context, op string, k mediaKind, f MediaFile) (_ *uploadFile, err error) {
	name := cleanName(f.Name)
	refuse := func(format string, args ...any) error {
		return &UploadError{Operation: op, Name: name, Message: fmt.Sprintf(format, args...), kind: bettermode.ErrInvalidInput}
	}
	max := f.MaxBytes
	switch {
	case f.Reader == nil:
		return nil, refuse("the Reader is nil: give the content")
	case k == kindFile && name == "":
		return nil, refuse("a file needs a Name, such as \"report.pdf\"")
	case f.Size < 0 || max < 0:
		return nil, refuse("Size and MaxBytes must not be negative")
	case max == 0:
		max = DefaultMaxUploadBytes
	}
	p := &uploadFile{name: name, progress: f.Progress}
	defer func() {
		if err != nil {
			p.close()
		}
	}()
	body := f.Reader
	p.size = f.Size
	if n, known := readerSize(f.Reader); known && p.size != 0 && n != p.size {
		return nil, refuse("Size says %d bytes but the Reader holds %d: give the right Size, or none", p.size, n)
	}
	if p.size == 0 {
		n, known := readerSize(f.Reader)
		if !known {
			if p.tmp, n, err = spoolToTemp(ctx, f.Reader, max); err != nil {
				if errors.Is(err, errTooLarge) {
					return nil, refuse("the content is larger than MaxBytes (%d bytes): nothing was sent", max)
				}
				return nil, &UploadError{Operation: op, Name: name, Message: "cannot read the content", err: err}
			}
			body = p.tmp
		}
		p.size = n
	}
	switch {
	case p.size == 0:
		return nil, refuse("the content is empty")
	case p.size > max:
		return nil, refuse("the content is %d bytes, more than MaxBytes (%d): nothing was sent", p.size, max)
	}
	br := bufio.NewReaderSize(body, sniffLen)
	head, perr := br.Peek(sniffLen)
	if perr != nil && perr != io.EOF {
		return nil, &UploadError{Operation: op, Name: name, Message: "cannot read the content", err: perr}
	}
	if int64(len(head)) > p.size {
		head = head[:p.size]
	}
	p.body = br
	sniffed := baseType(http.DetectContentType(head))
	declared := sniffed
	if f.ContentType != "" {
		mt, params, err := mime.ParseMediaType(f.ContentType)
		if err != nil {
			return nil, refuse("ContentType %q is not a media type, such as \"image/png\"", f.ContentType)
		}
		declared = normalType(mt)
		if k == kindFile {
			p.contentType = mime.FormatMediaType(declared, params)
		}
	}
	if p.contentType == "" {
		p.contentType = declared
	}
	if k == kindImage {
		switch {
		case !strings.HasPrefix(sniffed, "image/"):
			return nil, refuse("the content is %s, not an image: upload it with UploadFile", sniffed)
		case declared != sniffed:
			return nil, refuse("the content is %s but ContentType says %s: give the right type, or none to sniff it", sniffed, declared)
		}
	} else if contradicts(declared, sniffed) {
		return nil, refuse("the content is %s but ContentType says %s: give the right type, or none to sniff it", sniffed, declared)
	}
	if k == kindFile {
		p.ext = fileExtension(name, declared)
	}
	return p, nil
}

// readerSize returns how many bytes r has left, when r knows.
func readerSize(r io.Reader) (int64, bool) {
	switch v := r.(type) {
	case interface{ Len() int }: // *bytes.Reader, *strings.Reader, *bytes.Buffer
		return int64(v.Len()), true
	case interface {
		Stat() (fs.FileInfo, error)
		io.Seeker
	}: // *os.File
		fi, err := v.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return 0, false
		}
		off, err := v.Seek(0, io.SeekCurrent)
		if err != nil || off > fi.Size() {
			return 0, false
		}
		return fi.Size() - off, true
	}
	return 0, false
}

var errTooLarge = errors.New("too large")

// spoolToTemp copies r to a temporary file, at most max bytes, and returns it
// rewound with its size.
func spoolToTemp(ctx context.Context, r io.Reader, max int64) (*os.File, int64, error) {
	tmp, err := os.CreateTemp("", "bettermode-upload-*")
	if err != nil {
		return nil, 0, err
	}
	n, err := io.Copy(tmp, io.LimitReader(ctxReader{ctx, r}, max+1))
	if err == nil && n > max {
		err = errTooLarge
	}
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, 0, err
	}
	return tmp, n, nil
}

// ctxReader is a Reader that stops when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// baseType returns the media type of a Content-Type value, lower case,
// without parameters.
func baseType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "application/octet-stream"
	}
	return normalType(mt)
}

// normalType spells a few common aliases the way http.DetectContentType does.
func normalType(mt string) string {
	switch mt = strings.ToLower(mt); mt {
	case "image/jpg", "image/pjpeg":
		return "image/jpeg"
	case "image/vnd.microsoft.icon":
		return "image/x-icon"
	}
	return mt
}

// contradicts reports whether content sniffed as sniffed cannot be of the
// declared type: sniffing names a specific kind of content (an image, audio
// or video, a PDF) other than the declared one, or the declared type is an
// image the content is not. Text and unknown binary content contradict no
// declared type but an image.
func contradicts(declared, sniffed string) bool {
	av := func(t string) bool { return strings.HasPrefix(t, "audio/") || strings.HasPrefix(t, "video/") }
	switch {
	case declared == sniffed:
		return false
	case declared == "image/svg+xml":
		return sniffed != "text/xml" && sniffed != "text/plain"
	case strings.HasPrefix(sniffed, "image/"), sniffed == "application/pdf", strings.HasPrefix(declared, "image/"):
		return true
	case av(sniffed):
		return !av(declared)
	}
	return false
}

// cleanName returns the base name of name without control characters, so
// that it fits in a multipart header.
func cleanName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "" {
		return ""
	}
	if b := path.Base(strings.ReplaceAll(name, `\`, "/")); b != "." && b != "/" {
		return b
	}
	return ""
}

// fileExtension is what createFiles is told of a file: the extension of its
// name without the dot, else one of its media type, else "bin".
func fileExtension(name, mediaType string) string {
	if e := strings.TrimPrefix(path.Ext(name), "."); e != "" {
		return strings.ToLower(e)
	}
	if exts, _ := mime.ExtensionsByType(mediaType); len(exts) > 0 {
		return strings.TrimPrefix(exts[0], ".")
	}
	return "bin"
}
