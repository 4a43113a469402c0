package bettermodetest

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"time"
)

// maxFormFields bounds the form's fields, the file excluded, as S3 does (20 KB).
const maxFormFields = 20 << 10

// serveUploads answers the upload target and the media it stored, and
// reports whether r was for one of them.
func (s *Server) serveUploads(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case strings.HasPrefix(r.URL.Path, UploadPath):
		s.serveUploadPost(w, r)
	case strings.HasPrefix(r.URL.Path, MediaPath):
		s.serveMedia(w, r)
	default:
		return false
	}
	return true
}

// s3Error answers an S3-style XML error and counts a refusal.
func (s *Server) s3Error(w http.ResponseWriter, status int, code, message string) {
	s.uploads.mu.Lock()
	s.uploads.stats.Refused++
	s.uploads.mu.Unlock()
	var b bytes.Buffer
	b.WriteString(xml.Header)
	_ = xml.NewEncoder(&b).Encode(struct {
		XMLName xml.Name `xml:"Error"`
		Code    string
		Message string
	}{Code: code, Message: message})
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Connection", "close") // the body may be left unread
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

func (s *Server) serveUploadPost(w http.ResponseWriter, r *http.Request) {
	s.uploads.mu.Lock()
	s.uploads.stats.Posts++
	s.uploads.mu.Unlock()
	switch {
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		s.s3Error(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "the upload target takes POST only")
		return
	case r.Header.Get("Authorization") != "":
		s.s3Error(w, http.StatusBadRequest, "InvalidArgument", "Only one auth mechanism allowed: the presigned POST must carry no Authorization header")
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		s.s3Error(w, http.StatusBadRequest, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")
		return
	}
	fields := map[string]string{}
	budget := int64(maxFormFields)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			s.s3Error(w, http.StatusBadRequest, "InvalidArgument", "POST requires exactly one file upload per request.")
			return
		}
		if err != nil {
			s.s3Error(w, http.StatusBadRequest, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")
			return
		}
		name := part.FormName()
		if name != "file" {
			v, err := io.ReadAll(io.LimitReader(part, budget+1))
			budget -= int64(len(v))
			if err != nil || budget < 0 {
				s.s3Error(w, http.StatusBadRequest, "MaxPostPreDataLengthExceeded", "Your POST request fields preceding the upload file were too large.")
				return
			}
			fields[strings.ToLower(name)] = string(v)
			continue
		}
		p, max, status, code, msg := s.checkPolicy(r, fields)
		if status != 0 {
			s.s3Error(w, status, code, msg)
			return
		}
		s.storeUpload(w, mr, part, p, fields["content-type"], max)
		return
	}
}

// checkPolicy checks the signed URL's token, the policy's signature and
// expiry, and every condition against fields; it returns the pending
// upload and the largest size allowed, or the error to answer.
func (s *Server) checkPolicy(r *http.Request, fields map[string]string) (*pendingUpload, int64, int, string, string) {
	denied := func(msg string) (*pendingUpload, int64, int, string, string) {
		return nil, 0, http.StatusForbidden, "AccessDenied", msg
	}
	policy, token := fields["policy"], r.URL.Query().Get("X-Amz-Security-Token")
	s.uploads.mu.Lock()
	want := sign(s.uploads.signingKey(), policy, token)
	fail := s.uploads.failStatus
	var p *pendingUpload
	for _, c := range s.uploads.pending {
		if c.token == token {
			p = c
		}
	}
	s.uploads.mu.Unlock()
	if p == nil || policy == "" || !hmac.Equal([]byte(want), []byte(fields["x-amz-signature"])) {
		return nil, 0, http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."
	}
	raw, err := base64.StdEncoding.DecodeString(policy)
	var pol struct {
		Expiration string `json:"expiration"`
		Conditions []json.RawMessage
	}
	if err != nil || json.Unmarshal(raw, &pol) != nil {
		return denied("Invalid Policy: Invalid JSON.")
	}
	if exp, err := time.Parse(time.RFC3339, pol.Expiration); err != nil || !s.clock().Before(exp) {
		return denied("Invalid according to Policy: Policy expired.")
	}
	var max int64
	for _, c := range pol.Conditions {
		var eq map[string]string
		var arr []any
		switch {
		case json.Unmarshal(c, &eq) == nil:
			for k, v := range eq {
				if fields[strings.ToLower(k)] != v {
					return denied(fmt.Sprintf("Invalid according to Policy: Policy Condition failed: [\"eq\", \"$%s\", %q]", k, v))
				}
			}
		case json.Unmarshal(c, &arr) == nil && len(arr) == 3 && arr[0] == "content-length-range":
			n, _ := arr[2].(float64)
			max = int64(n)
		default:
			return denied("Invalid Policy: unknown condition.")
		}
	}
	if fail != 0 {
		// Repeat the secrets, as S3's errors repeat what was signed.
		return nil, 0, fail, "AccessDenied", fmt.Sprintf("Invalid according to Policy: Policy expired. Request %s, policy %s, signature %s, key %s",
			p.signedURL, policy, fields["x-amz-signature"], fields["key"])
	}
	return p, max, 0, "", ""
}

// storeUpload reads the file part, checks its size and (for images) its
// sniffed type, makes sure it was the form's last field, and stores it.
func (s *Server) storeUpload(w http.ResponseWriter, mr *multipart.Reader, part *multipart.Part, p *pendingUpload, contentType string, max int64) {
	br := bufio.NewReaderSize(part, 512)
	head, _ := br.Peek(512)
	if sniffed := http.DetectContentType(head); p.kind == "image" && baseMediaType(sniffed) != baseMediaType(contentType) {
		s.s3Error(w, http.StatusBadRequest, "InvalidArgument", fmt.Sprintf("the content is %s, not the image type %s the policy signed", sniffed, contentType))
		return
	}
	sp := &spool{dir: s.uploadDir}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(sp, h), io.LimitReader(br, max+1))
	if err == nil {
		if _, nerr := mr.NextPart(); nerr != io.EOF {
			sp.discard()
			s.s3Error(w, http.StatusBadRequest, "InvalidArgument", "the file must be the last field of the form")
			return
		}
	}
	switch {
	case err != nil || sp.err != nil:
		sp.discard()
		s.s3Error(w, http.StatusBadRequest, "IncompleteBody", "The request body terminated unexpectedly.")
		return
	case n > max:
		sp.discard()
		s.s3Error(w, http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")
		return
	case n < 1:
		sp.discard()
		s.s3Error(w, http.StatusBadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.")
		return
	}
	f := &storedFile{UploadedFile: UploadedFile{MediaID: p.mediaID, Kind: p.kind, Name: part.FileName(), ContentType: contentType, Size: n},
		data: sp.buf.Bytes()}
	copy(f.SHA256[:], h.Sum(nil))
	if sp.f != nil {
		f.path = sp.f.Name()
		sp.f.Close()
	}
	s.uploads.mu.Lock()
	if s.uploads.files == nil {
		s.uploads.files = map[string]*storedFile{}
	}
	if old := s.uploads.files[p.mediaID]; old != nil && old.path != "" {
		os.Remove(old.path)
	}
	s.uploads.files[p.mediaID] = f
	s.uploads.stats.Stored++
	s.uploads.stats.Bytes += n
	s.uploads.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func baseMediaType(ct string) string {
	mt, _, _ := mime.ParseMediaType(ct)
	if mt == "image/jpg" {
		return "image/jpeg"
	}
	return mt
}

// uploadDir returns the directory of large uploads, made on first use.
func (s *Server) uploadDir() (string, error) {
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	if s.uploads.dir == "" {
		d, err := os.MkdirTemp("", "bettermodetest-uploads-*")
		if err != nil {
			return "", err
		}
		s.uploads.dir = d
	}
	return s.uploads.dir, nil
}

// spool keeps up to memLimit bytes in memory and the rest in a temporary
// file, so that a large upload costs no memory.
type spool struct {
	dir func() (string, error)
	buf bytes.Buffer
	f   *os.File
	err error
}

func (sp *spool) Write(b []byte) (int, error) {
	if sp.f == nil && sp.buf.Len()+len(b) <= memLimit {
		return sp.buf.Write(b)
	}
	if sp.f == nil {
		dir, err := sp.dir()
		if err == nil {
			sp.f, err = os.CreateTemp(dir, "upload-*")
		}
		if err == nil {
			_, err = sp.f.Write(sp.buf.Bytes())
		}
		if err != nil {
			sp.err = err
			return 0, err
		}
		sp.buf = bytes.Buffer{}
	}
	return sp.f.Write(b)
}

func (sp *spool) discard() {
	if sp.f != nil {
		sp.f.Close()
		os.Remove(sp.f.Name())
	}
}

// serveMedia serves a stored file at its mediaUrl (mediaDownloadUrl adds
// download=1: an attachment).
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	id, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, MediaPath), "/")
	s.uploads.mu.Lock()
	f := s.uploads.files[id]
	if f != nil {
		s.uploads.stats.Served++
	}
	s.uploads.mu.Unlock()
	if f == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ContentType)
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	}
	if f.path == "" {
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
		return
	}
	file, err := os.Open(f.path)
	if err != nil {
		http.Error(w, errors.New("the stored file is gone").Error(), http.StatusGone)
		return
	}
	defer file.Close()
	http.ServeContent(w, r, "", time.Time{}, file)
}
