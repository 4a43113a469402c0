package bettermodetest_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

var kitPNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{7}, 200)...)

type kitSignedURL struct {
	MediaID, MediaURL, MediaDownloadURL, SignedURL string
	Fields                                         [][2]string
}

// signUpload runs createImages (or createFiles) for one file of type ct
// and returns its SignedUrl with the fields in order.
func signUpload(t *testing.T, s *bettermodetest.Server, field, ct string) kitSignedURL {
	t.Helper()
	typ := map[string]string{"createImages": "CreateImageInput", "createFiles": "CreateFileInput"}[field]
	in := map[string]any{"contentType": ct, "name": "a.png"}
	if field == "createFiles" {
		in["extension"] = "png"
	}
	a := post(t, s, "Bearer "+s.MintToken(bettermodetest.KindMember, s.Member().ID),
		`mutation($in: [`+typ+`!]!) { `+field+`(input: $in) { mediaId mediaUrl mediaDownloadUrl signedUrl fields urls { full } } }`,
		map[string]any{"in": []any{in}})
	require.Equal(t, http.StatusOK, a.Status, a.Raw)
	su := a.data(t, field).([]any)[0].(map[string]any)
	out := kitSignedURL{MediaID: su["mediaId"].(string), MediaURL: su["mediaUrl"].(string), MediaDownloadURL: su["mediaDownloadUrl"].(string), SignedURL: su["signedUrl"].(string)}
	dec := json.NewDecoder(strings.NewReader(su["fields"].(string)))
	_, err := dec.Token()
	require.NoError(t, err)
	for dec.More() {
		k, _ := dec.Token()
		v, _ := dec.Token()
		out.Fields = append(out.Fields, [2]string{k.(string), v.(string)})
	}
	return out
}

// form is a presigned POST: fields in order, then the file (or, with
// fileFirst, the file before the fields).
type form struct {
	fields    [][2]string
	file      []byte
	fileFirst bool
	auth      string
}

func (f form) send(t *testing.T, url string) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	writeFile := func() {
		w, err := mw.CreateFormFile("file", "a.png")
		require.NoError(t, err)
		w.Write(f.file)
	}
	if f.fileFirst {
		writeFile()
	}
	for _, kv := range f.fields {
		mw.WriteField(kv[0], kv[1])
	}
	if !f.fileFirst {
		writeFile()
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, url, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if f.auth != "" {
		req.Header.Set("Authorization", f.auth)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func with(fields [][2]string, kv ...string) [][2]string {
	out := append([][2]string(nil), fields...)
	for i := 0; i+1 < len(kv); i += 2 {
		replaced := false
		for j := range out {
			if out[j][0] == kv[i] {
				out[j][1], replaced = kv[i+1], true
			}
		}
		if !replaced {
			out = append(out, [2]string{kv[i], kv[i+1]})
		}
	}
	return out
}

func TestUploadTarget(t *testing.T) {
	s := bettermodetest.Start(t)
	su := signUpload(t, s, "createImages", "image/png")
	assert.True(t, strings.HasPrefix(su.SignedURL, s.URL+bettermodetest.UploadPath), su.SignedURL)
	assert.Contains(t, su.SignedURL, "?X-Amz-Security-Token=")
	var names []string
	for _, kv := range su.Fields {
		names = append(names, kv[0])
	}
	assert.Equal(t, []string{"bucket", "key", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "Policy", "X-Amz-Signature"}, names)

	resp, err := http.Get(su.MediaURL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "nothing is served before the upload")

	status, body := form{fields: with(su.Fields, "Content-Type", "image/png"), file: kitPNG}.send(t, su.SignedURL)
	require.Equal(t, http.StatusNoContent, status, body)
	f, ok := s.Uploaded(su.MediaID)
	require.True(t, ok)
	assert.Equal(t, bettermodetest.UploadedFile{MediaID: su.MediaID, Kind: "image", Name: "a.png", ContentType: "image/png", Size: int64(len(kitPNG)), SHA256: sha256.Sum256(kitPNG)}, f)

	resp, err = http.Get(su.MediaDownloadURL)
	require.NoError(t, err)
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, kitPNG, got)
	assert.Equal(t, "image/png", resp.Header.Get("Content-Type"))
	assert.Contains(t, resp.Header.Get("Content-Disposition"), "attachment")
	assert.Equal(t, bettermodetest.UploadStats{Signed: 1, Posts: 1, Stored: 1, Bytes: int64(len(kitPNG)), Served: 1}, s.UploadStats())
	s.Reset()
	assert.Equal(t, bettermodetest.UploadStats{}, s.UploadStats())
}

func TestUploadTargetRefuses(t *testing.T) {
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { return now }
	s := bettermodetest.Start(t, bettermodetest.WithMaxUploadBytes(1000), bettermodetest.WithClock(clock))
	image := signUpload(t, s, "createImages", "image/png")
	file := signUpload(t, s, "createFiles", "application/pdf")
	ok := with(image.Fields, "Content-Type", "image/png")
	for _, tc := range []struct {
		name       string
		su         kitSignedURL
		f          form
		status     int
		code       string
		afterClock time.Duration
	}{
		{"an Authorization header", image, form{fields: ok, file: kitPNG, auth: "Bearer fake-token"}, 400, "InvalidArgument", 0},
		{"the file before the fields", image, form{fields: ok, file: kitPNG, fileFirst: true}, 403, "SignatureDoesNotMatch", 0},
		{"no fields", image, form{fields: nil, file: kitPNG}, 403, "SignatureDoesNotMatch", 0},
		{"a tampered policy", image, form{fields: with(ok, "Policy", "e30="), file: kitPNG}, 403, "SignatureDoesNotMatch", 0},
		{"another key", image, form{fields: with(ok, "key", "images/other.png"), file: kitPNG}, 403, "AccessDenied", 0},
		{"no Content-Type field", image, form{fields: image.Fields, file: kitPNG}, 403, "AccessDenied", 0},
		{"another Content-Type", image, form{fields: with(image.Fields, "Content-Type", "image/gif"), file: kitPNG}, 403, "AccessDenied", 0},
		{"an image that is not one", image, form{fields: ok, file: []byte("not an image at all")}, 400, "InvalidArgument", 0},
		{"too large", file, form{fields: with(file.Fields, "Content-Type", "application/pdf"), file: bytes.Repeat([]byte("x"), 1001)}, 400, "EntityTooLarge", 0},
		{"empty", file, form{fields: with(file.Fields, "Content-Type", "application/pdf"), file: nil}, 400, "EntityTooSmall", 0},
		{"expired", image, form{fields: ok, file: kitPNG}, 403, "AccessDenied", bettermodetest.UploadURLLifetime},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now = now.Add(tc.afterClock)
			defer func() { now = now.Add(-tc.afterClock) }()
			status, body := tc.f.send(t, tc.su.SignedURL)
			assert.Equal(t, tc.status, status, body)
			assert.Contains(t, body, "<Code>"+tc.code+"</Code>")
		})
	}
	// A field after the file.
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, kv := range ok {
		mw.WriteField(kv[0], kv[1])
	}
	w, _ := mw.CreateFormFile("file", "a.png")
	w.Write(kitPNG)
	mw.WriteField("extra", "x")
	mw.Close()
	resp, err := http.Post(image.SignedURL, mw.FormDataContentType(), &b)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(body), "the file must be the last field")

	st := s.UploadStats()
	assert.Zero(t, st.Stored)
	assert.Equal(t, 12, st.Refused)
	assert.Equal(t, 12, st.Posts)
}

func TestFailUploads(t *testing.T) {
	s := bettermodetest.Start(t)
	su := signUpload(t, s, "createImages", "image/png")
	s.FailUploads(http.StatusForbidden)
	status, body := form{fields: with(su.Fields, "Content-Type", "image/png"), file: kitPNG}.send(t, su.SignedURL)
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, body, "<Code>AccessDenied</Code>")
	assert.Contains(t, body, su.SignedURL[strings.Index(su.SignedURL, "=")+1:], "the error repeats the secrets, as S3's do")
	s.FailUploads(0)
	status, body = form{fields: with(su.Fields, "Content-Type", "image/png"), file: kitPNG}.send(t, su.SignedURL)
	assert.Equal(t, http.StatusNoContent, status, body)
}

func TestCreateImagesNeedsToken(t *testing.T) {
	s := bettermodetest.Start(t)
	a := post(t, s, "", `mutation { createImages(input: [{contentType: "image/png"}]) { mediaId } }`, nil)
	assert.Equal(t, bettermodetest.CodeUnauthorized, a.code(t))
	assert.Zero(t, s.UploadStats().Signed)
}

func TestUploadTargetLargeFile(t *testing.T) {
	s := bettermodetest.Start(t)
	su := signUpload(t, s, "createFiles", "application/octet-stream")
	content := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB: kept in a temporary file
	status, body := form{fields: with(su.Fields, "Content-Type", "application/octet-stream"), file: content}.send(t, su.SignedURL)
	require.Equal(t, http.StatusNoContent, status, body)
	resp, err := http.Get(su.MediaURL)
	require.NoError(t, err)
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, content, got)
	f, ok := s.Uploaded(su.MediaID)
	require.True(t, ok)
	assert.Equal(t, sha256.Sum256(content), f.SHA256)
}
