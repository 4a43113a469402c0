package oauth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"
)

// cookieVersion is the first byte of a sealed login cookie.
const cookieVersion = 1

// loginCookie is what the web flow keeps in the browser between its start
// and its callback.
type loginCookie struct {
	expires         time.Time
	state, verifier string
}

// sealer seals login cookies with AES-256-GCM under a key derived from the
// app's key with HMAC-SHA256: the cookie is authenticated (any change, or
// another key, fails to open) and its PKCE verifier stays confidential.
type sealer struct {
	aead cipher.AEAD
	aad  []byte // binds a cookie to its name and redirect URL
}

func newSealer(key []byte, name, redirectURL string) (*sealer, error) {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("bettermode oauth web flow cookie v1"))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead, aad: []byte(name + "\x00" + redirectURL)}, nil
}

// seal returns the cookie value for c.
func (s *sealer) seal(c loginCookie) string {
	plain := make([]byte, 0, 1+8+1+len(c.state)+len(c.verifier))
	plain = append(plain, cookieVersion)
	plain = binary.BigEndian.AppendUint64(plain, uint64(c.expires.Unix()))
	plain = append(plain, byte(len(c.state)))
	plain = append(plain, c.state...)
	plain = append(plain, c.verifier...)
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(s.aead.Seal(nonce, nonce, plain, s.aad))
}

var errCookieFormat = errors.New("bad cookie")

// open returns the cookie sealed in value, or errCookieFormat.
func (s *sealer) open(value string) (loginCookie, error) {
	raw, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil || len(raw) < s.aead.NonceSize()+s.aead.Overhead() {
		return loginCookie{}, errCookieFormat
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], s.aad)
	if err != nil || len(plain) < 10 || plain[0] != cookieVersion {
		return loginCookie{}, errCookieFormat
	}
	exp := int64(binary.BigEndian.Uint64(plain[1:9]))
	sl := int(plain[9])
	rest := plain[10:]
	if sl > len(rest) {
		return loginCookie{}, errCookieFormat
	}
	return loginCookie{expires: time.Unix(exp, 0), state: string(rest[:sl]), verifier: string(rest[sl:])}, nil
}
