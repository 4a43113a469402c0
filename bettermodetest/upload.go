package bettermodetest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path"
	"sync"
	"time"
)

// Uploads. The mutations createImages and createFiles answer SignedUrls
// that point at the server's own upload target, which stands in for
// Bettermode's S3 bucket: it accepts a presigned POST (multipart/form-data,
// the policy fields first and the file last), checks the policy's
// signature, expiry and conditions (bucket, key, Content-Type,
// content-length-range), the file's size and, for images, that the content
// sniffs as the declared type, then stores the file and serves it at
// mediaUrl. A POST that carries an Authorization header is refused, as S3
// refuses a second auth mechanism, so a client that leaks its Bettermode
// token there fails its tests.
const (
	// UploadPath is the path prefix of the upload target.
	UploadPath = "/_bettermodetest/uploads/"
	// MediaPath is the path prefix where uploaded media are served.
	MediaPath = "/_bettermodetest/media/"
	// DefaultMaxUploadBytes is the largest file the server's policies allow
	// unless WithMaxUploadBytes says otherwise: 100 MiB.
	DefaultMaxUploadBytes = 100 << 20
	// UploadURLLifetime is how long a signed URL works.
	UploadURLLifetime = 15 * time.Minute
)

// The fake S3 names in the SignedUrls the server answers.
const (
	uploadBucket     = "fake-bettermode-media"
	uploadCredential = "FAKEACCESSKEY0000000/20240102/us-east-1/s3/aws4_request"
	memLimit         = 64 << 10 // larger files are kept in a temporary file
)

// WithMaxUploadBytes sets the largest file the upload policies allow (the
// content-length-range condition); the default is DefaultMaxUploadBytes.
func WithMaxUploadBytes(n int64) Option {
	return func(c *config) {
		c.setup = append(c.setup, func(s *Server) {
			s.uploads.mu.Lock()
			s.uploads.max = n
			s.uploads.mu.Unlock()
		})
	}
}

// UploadStats counts what the upload target saw.
type UploadStats struct {
	// Signed counts the SignedUrls createImages and createFiles answered.
	Signed int
	// Posts counts the requests to the upload target.
	Posts int
	// Stored counts the files stored.
	Stored int
	// Refused counts the requests the target refused (FailUploads included).
	Refused int
	// Bytes counts the content bytes stored.
	Bytes int64
	// Served counts the requests for stored media at mediaUrl.
	Served int
}

// UploadedFile describes a file the upload target stored.
type UploadedFile struct {
	// MediaID is the SignedUrl's mediaId.
	MediaID string
	// Kind is "image" (createImages) or "file" (createFiles).
	Kind string
	// Name, ContentType and Size are what was sent.
	Name        string
	ContentType string
	Size        int64
	// SHA256 is the content's SHA-256.
	SHA256 [32]byte
}

// UploadStats returns the upload target's counters. Reset sets them to zero.
func (s *Server) UploadStats() UploadStats {
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	return s.uploads.stats
}

// Uploaded returns the file stored for mediaID, and whether there is one.
func (s *Server) Uploaded(mediaID string) (UploadedFile, bool) {
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	f := s.uploads.files[mediaID]
	if f == nil {
		return UploadedFile{}, false
	}
	return f.UploadedFile, true
}

// FailUploads makes the upload target answer every signed POST whose
// policy checks out with status (such as 403) and an S3-style XML error
// whose message repeats the signed URL and its policy fields, as S3's
// SignatureDoesNotMatch repeats what was signed, so that a test sees that
// the client keeps them out of its error. FailUploads(0) stops it.
func (s *Server) FailUploads(status int) {
	s.uploads.mu.Lock()
	s.uploads.failStatus = status
	s.uploads.mu.Unlock()
}

// uploadState is the upload target's state.
type uploadState struct {
	mu         sync.Mutex
	max        int64
	key        []byte // signs the policies
	pending    map[string]*pendingUpload
	files      map[string]*storedFile
	dir        string // temporary files, removed by Close
	failStatus int
	stats      UploadStats
}

// pendingUpload is a signed URL handed out.
type pendingUpload struct {
	mediaID, kind, token, signedURL, mediaURL string
}

type storedFile struct {
	UploadedFile
	data []byte // small files
	path string // large files
}

// signingKey returns the key that signs the policies, made on first use.
// The caller holds u.mu.
func (u *uploadState) signingKey() []byte {
	if u.key == nil {
		u.key = make([]byte, 32)
		_, _ = rand.Read(u.key)
	}
	return u.key
}

func (u *uploadState) close() {
	u.mu.Lock()
	dir := u.dir
	u.dir, u.files = "", nil
	u.mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
	}
}

// sign returns the signature of a policy and the URL's token.
func sign(key []byte, policy, token string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(policy + "\n" + token))
	return hex.EncodeToString(m.Sum(nil))
}

// resolveCreateMedia answers createImages and createFiles: one SignedUrl
// per input, pointing at the server's upload target.
func (s *Server) resolveCreateMedia(r *http.Request, kind string, args map[string]any) (any, *apiError) {
	inputs, _ := args["input"].([]any)
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	base := scheme + "://" + r.Host
	now := s.clock().UTC()
	s.uploads.mu.Lock()
	defer s.uploads.mu.Unlock()
	max := s.uploads.max
	if max <= 0 {
		max = DefaultMaxUploadBytes
	}
	out := make([]any, 0, len(inputs))
	for _, in := range inputs {
		m, _ := in.(map[string]any)
		ct, name := argString(m, "contentType"), path.Base("/"+argString(m, "name"))
		if name == "/" {
			name = "file"
		}
		id := "fakeMedia" + randomHex(8)
		token := randomHex(16)
		key := kind + "s/" + id + "/" + name
		date := now.Format("20060102T150405Z")
		policyJSON, _ := json.Marshal(map[string]any{
			"expiration": now.Add(UploadURLLifetime).Format(time.RFC3339),
			"conditions": []any{
				map[string]string{"bucket": uploadBucket}, map[string]string{"key": key},
				map[string]string{"Content-Type": ct}, []any{"content-length-range", 1, max},
				map[string]string{"x-amz-algorithm": "AWS4-HMAC-SHA256"}, map[string]string{"x-amz-credential": uploadCredential},
				map[string]string{"x-amz-date": date},
			},
		})
		policy := base64.StdEncoding.EncodeToString(policyJSON)
		fields := orderedJSON(
			"bucket", uploadBucket, "key", key, "X-Amz-Algorithm", "AWS4-HMAC-SHA256", "X-Amz-Credential", uploadCredential,
			"X-Amz-Date", date, "Policy", policy, "X-Amz-Signature", sign(s.uploads.signingKey(), policy, token))
		p := &pendingUpload{mediaID: id, kind: kind, token: token,
			signedURL: base + UploadPath + uploadBucket + "?X-Amz-Security-Token=" + token,
			mediaURL:  base + MediaPath + id + "/" + url.PathEscape(name)}
		if s.uploads.pending == nil {
			s.uploads.pending = map[string]*pendingUpload{}
		}
		s.uploads.pending[id] = p
		s.uploads.stats.Signed++
		out = append(out, object{
			"__typename": "SignedUrl", "mediaId": id, "mediaUrl": p.mediaURL, "mediaDownloadUrl": p.mediaURL + "?download=1",
			"signedUrl": p.signedURL, "fields": fields,
			"urls": object{"__typename": "MediaUrls", "full": p.mediaURL, "large": p.mediaURL, "medium": p.mediaURL, "small": p.mediaURL, "thumb": p.mediaURL},
		})
	}
	return out, nil
}

// orderedJSON encodes pairs of names and values as a JSON object in the
// order given.
func orderedJSON(kv ...string) string {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv[i])
		v, _ := json.Marshal(kv[i+1])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.String()
}
