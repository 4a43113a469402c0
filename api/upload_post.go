package api

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/bettermode-go/bettermode"
)

// uploadTarget is a checked SignedUrl: where and how to POST one file.
type uploadTarget struct {
	mediaID, mediaURL, downloadURL string
	url                            *url.URL
	fields                         []formField // in the order Bettermode gave them
	scrub                          bettermode.Scrubber
}

type formField struct{ name, value string }

// newTarget checks su: an https URL (plain http only to loopback) without
// user info, and fields a JSON object of strings (numbers and booleans are
// sent as written). Its errors never repeat the URL or the fields.
func newTarget(su signedURL) (*uploadTarget, error) {
	secrets := []bettermode.Secret{bettermode.Secret(su.SignedURL), bettermode.Secret(su.Fields)}
	u, err := url.Parse(su.SignedURL)
	if err != nil || !bettermode.SecureURL(u) || u.User != nil || u.Host == "" {
		return nil, errors.New("the signedUrl Bettermode answered is not an https URL")
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			secrets = append(secrets, bettermode.Secret(v))
		}
	}
	fields, err := orderedFields(su.Fields)
	if err != nil {
		return nil, errors.New("the fields Bettermode answered are not a JSON object of strings")
	}
	for _, f := range fields {
		secrets = append(secrets, bettermode.Secret(f.value))
	}
	if su.MediaID == "" {
		return nil, errors.New("Bettermode answered a signed URL without a mediaId")
	}
	return &uploadTarget{mediaID: su.MediaID, mediaURL: su.MediaURL, downloadURL: su.MediaDownloadURL, url: u, fields: fields,
		scrub: bettermode.NewScrubber(secrets...)}, nil
}

// orderedFields decodes a JSON object of form fields keeping their order,
// which an S3 presigned POST may depend on.
func orderedFields(s string) ([]formField, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("not an object")
	}
	var out []formField
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		var val string
		switch x := v.(type) {
		case string:
			val = x
		case json.Number:
			val = x.String()
		case bool:
			val = fmt.Sprint(x)
		default:
			return nil, errors.New("a field is not a string")
		}
		if name == "" || strings.EqualFold(name, "file") {
			return nil, errors.New("a field has no name or is named file")
		}
		out = append(out, formField{name, val})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return out, nil
}

// plainHTTPClient returns a copy of c's HTTP client that carries no
// Bettermode credential: the client's own transport (the one its requests
// go out through, proxies and TLS settings included) without the
// authenticating layer, no cookie jar, and no redirects followed.
func plainHTTPClient(c *bettermode.Client) *http.Client {
	hc := c.HTTPClient()
	if t, ok := hc.Transport.(*bettermode.Transport); ok {
		hc.Transport = t.Base
	}
	hc.Jar = nil
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return hc
}

// errSent ends the writer of a request body once the request is over.
var errSent = errors.New("the request ended")

// sourceError is a failure of the caller's content while it was sent.
type sourceError struct{ err error }

func (e *sourceError) Error() string { return e.err.Error() }
func (e *sourceError) Unwrap() error { return e.err }

// postUpload sends p to t as multipart/form-data: t's fields, Content-Type
// unless they hold it, then the file, streamed through a pipe with an
// exact Content-Length.
func postUpload(ctx context.Context, hc *http.Client, op string, t *uploadTarget, p *uploadFile) error {
	fail := func(status int, kind error, msg string, cause error) error {
		return &UploadError{Operation: op, Name: p.name, StatusCode: status, Message: msg, kind: kind, err: cause}
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	var head countingWriter
	hw := multipart.NewWriter(&head)
	if err := hw.SetBoundary(mw.Boundary()); err != nil {
		return fail(0, nil, "cannot build the form", err)
	}
	if _, err := writeHead(hw, t, p); err != nil {
		return fail(0, nil, "cannot build the form", err)
	}
	if err := hw.Close(); err != nil {
		return fail(0, nil, "cannot build the form", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url.String(), pr)
	if err != nil {
		return fail(0, nil, "cannot build the request", t.scrub.Error(err))
	}
	req.ContentLength = head.n + p.size
	req.Header.Set("Content-Type", mw.FormDataContentType())

	done := make(chan error, 1)
	go func() { done <- writeForm(mw, pw, t, p) }()
	resp, err := hc.Do(req)
	pr.CloseWithError(errSent) // the transport may stop reading early (an early answer)
	werr := <-done
	if resp != nil {
		defer resp.Body.Close()
	}
	var src *sourceError
	switch {
	case ctx.Err() != nil:
		return fail(0, nil, "the upload was cut short", ctx.Err())
	case errors.As(werr, &src):
		return fail(0, nil, "cannot send the content", t.scrub.Error(src.err))
	case err != nil:
		return fail(0, nil, "the upload target could not be reached; retry later", t.scrub.Error(unwrapURLError(err)))
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<10))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if uploadSucceeded(resp.StatusCode, t) {
		return nil
	}
	msg := "the upload target refused the file"
	if d := describeAnswer(body, t.scrub); d != "" {
		msg += ": " + d
	}
	kind, advice := error(nil), ""
	switch code := resp.StatusCode; {
	case code == http.StatusForbidden:
		kind, advice = bettermode.ErrForbidden, "the signed URL may have expired or the policy refused the file; upload again"
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		kind, advice = bettermode.ErrRateLimited, "retry later"
	case code >= 400 && code < 500:
		kind, advice = bettermode.ErrInvalidInput, "check the file's size and content type"
	default:
		advice = "retry later"
	}
	return fail(resp.StatusCode, kind, msg+"; "+advice, nil)
}

// uploadSucceeded reports whether status is a successful answer to a presigned
// POST: 200, 201 or 204, or 303 when the fields ask for a redirect.
func uploadSucceeded(status int, t *uploadTarget) bool {
	switch status {
	case http.StatusOK, http.StatusCreated, http.StatusNoContent:
		return true
	case http.StatusSeeOther:
		for _, f := range t.fields {
			if strings.EqualFold(f.name, "success_action_redirect") || strings.EqualFold(f.name, "redirect") {
				return true
			}
		}
	}
	return false
}

// unwrapURLError drops the *url.Error around a transport error: it names
// the signed URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// writeHead writes the form's fields and the file part's header to mw and
// returns the file part's writer.
func writeHead(mw *multipart.Writer, t *uploadTarget, p *uploadFile) (io.Writer, error) {
	hasType := false
	for _, f := range t.fields {
		hasType = hasType || strings.EqualFold(f.name, "Content-Type")
		if err := mw.WriteField(f.name, f.value); err != nil {
			return nil, err
		}
	}
	if !hasType {
		if err := mw.WriteField("Content-Type", p.contentType); err != nil {
			return nil, err
		}
	}
	h := textproto.MIMEHeader{}
	filename := p.name
	if filename == "" {
		filename = "file"
	}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+quoteEscaper.Replace(filename)+`"`)
	h.Set("Content-Type", p.contentType)
	return mw.CreatePart(h)
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// writeForm writes the whole form to pw, exactly p.size bytes of content,
// and closes pw with the outcome.
func writeForm(mw *multipart.Writer, pw *io.PipeWriter, t *uploadTarget, p *uploadFile) (err error) {
	defer func() { pw.CloseWithError(err) }()
	part, err := writeHead(mw, t, p)
	if err != nil {
		return err
	}
	w := io.Writer(part)
	if p.progress != nil {
		w = &progressWriter{w: part, total: p.size, fn: p.progress}
	}
	n, err := io.Copy(w, io.LimitReader(readerOnly{p.body}, p.size))
	switch {
	case err != nil:
		return err // the pipe's error, or the source's (wrapped by readerOnly)
	case n < p.size:
		return &sourceError{fmt.Errorf("the content ended after %d of its %d bytes (Size)", n, p.size)}
	}
	var one [1]byte
	if k, _ := io.ReadFull(p.body, one[:]); k > 0 {
		return &sourceError{fmt.Errorf("the content is longer than its Size (%d bytes)", p.size)}
	}
	return mw.Close()
}

// readerOnly hides any WriterTo of the caller's reader, so that io.Copy
// goes through the bounded buffer, and marks the reader's errors.
type readerOnly struct{ r io.Reader }

func (r readerOnly) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	if err != nil && err != io.EOF {
		err = &sourceError{err}
	}
	return n, err
}

// progressWriter reports the bytes written through it.
type progressWriter struct {
	w     io.Writer
	sent  int64
	total int64
	fn    func(sent, total int64)
}

func (pw *progressWriter) Write(b []byte) (int, error) {
	n, err := pw.w.Write(b)
	pw.sent += int64(n)
	if n > 0 {
		pw.fn(pw.sent, pw.total)
	}
	return n, err
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(b []byte) (int, error) { c.n += int64(len(b)); return len(b), nil }

// maxShown bounds the target's words kept in an error.
const maxShown = 300

// describeAnswer returns what the target's answer says, scrubbed of every
// form of the signed URL and its fields, then bounded: an S3 error's Code
// and Message, else the body's text.
func describeAnswer(body []byte, scrub bettermode.Scrubber) string {
	var s3 struct {
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	}
	text := ""
	if xml.Unmarshal(body, &s3) == nil && s3.Code != "" {
		text = s3.Code
		if s3.Message != "" {
			text += ": " + s3.Message
		}
	} else if utf8.Valid(body) && !bytes.ContainsAny(body, "\x00") {
		text = string(body)
	}
	text = strings.Join(strings.Fields(scrub.String(text)), " ")
	if len(text) > maxShown {
		cut := maxShown
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}
