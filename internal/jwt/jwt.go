// Package jwt decodes the claims of Bettermode access tokens without verifying
// them, and signs HS256 tokens for the stand-in server. It is a leaf package.
package jwt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Claims are the fields of a Bettermode access token that the SDK reads.
type Claims struct {
	// Expiry is the exp claim; zero when absent.
	Expiry time.Time
	// IssuedAt is the iat claim; zero when absent.
	IssuedAt time.Time
	// NetworkID is the networkId claim.
	NetworkID string
	// Role is the role claim (a role name such as "member").
	Role string
	// MemberID is the id (or sub) claim.
	MemberID string
	// Raw holds every claim as decoded JSON.
	Raw map[string]any
}

// ErrMalformed reports a token that is not a JWT with a JSON claims segment.
var ErrMalformed = errors.New("malformed JWT")

// maxTokenLen bounds the input so that a hostile token cannot make the
// decoder allocate without limit.
const maxTokenLen = 64 << 10

// Parse decodes the claims segment of a compact JWS without verifying the
// signature. A token that is not a JWT returns ErrMalformed (wrapped); the
// error never contains the token itself.
func Parse(token string) (Claims, error) {
	if len(token) > maxTokenLen {
		return Claims{}, fmt.Errorf("%w: longer than %d bytes", ErrMalformed, maxTokenLen)
	}
	first := strings.IndexByte(token, '.')
	if first < 0 {
		return Claims{}, fmt.Errorf("%w: want three dot-separated segments", ErrMalformed)
	}
	rest := token[first+1:]
	second := strings.IndexByte(rest, '.')
	if second < 0 || strings.IndexByte(rest[second+1:], '.') >= 0 {
		return Claims{}, fmt.Errorf("%w: want three dot-separated segments", ErrMalformed)
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(rest[:second], "="))
	if err != nil {
		return Claims{}, fmt.Errorf("%w: claims segment is not base64url", ErrMalformed)
	}
	var raw map[string]any
	dec := json.NewDecoder(strings.NewReader(string(payload)))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || raw == nil {
		return Claims{}, fmt.Errorf("%w: claims segment is not a JSON object", ErrMalformed)
	}
	c := Claims{Raw: raw}
	if c.Expiry, err = numericDate(raw["exp"]); err != nil {
		return Claims{}, fmt.Errorf("%w: exp: %v", ErrMalformed, err)
	}
	if c.IssuedAt, err = numericDate(raw["iat"]); err != nil {
		return Claims{}, fmt.Errorf("%w: iat: %v", ErrMalformed, err)
	}
	c.NetworkID = str(raw["networkId"])
	c.Role = roleName(raw["role"])
	if c.MemberID = str(raw["id"]); c.MemberID == "" {
		c.MemberID = str(raw["sub"])
	}
	return c, nil
}

func numericDate(v any) (time.Time, error) {
	switch n := v.(type) {
	case nil:
		return time.Time{}, nil
	case json.Number:
		f, err := n.Float64()
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1<<40 {
			return time.Time{}, errors.New("not a valid NumericDate")
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
	default:
		return time.Time{}, errors.New("not a number")
	}
}

func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case json.Number:
		return s.String()
	}
	return ""
}

// roleName accepts "member" or {"name": "member", ...}.
func roleName(v any) string {
	if m, ok := v.(map[string]any); ok {
		return str(m["name"])
	}
	return str(v)
}

// SignHS256 returns a compact HS256 JWS of claims. It is used by the
// stand-in server; the SDK never signs tokens.
func SignHS256(claims map[string]any, key []byte) (string, error) {
	body, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	const header = `{"alg":"HS256","typ":"JWT"}`
	signing := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString(body)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(signing))
	return signing + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// VerifyHS256 checks the signature of an HS256 token with key and returns its
// claims. It rejects any other algorithm.
func VerifyHS256(token string, key []byte) (Claims, error) {
	c, err := Parse(token)
	if err != nil {
		return Claims{}, err
	}
	i := strings.LastIndexByte(token, '.')
	hdr, err := base64.RawURLEncoding.DecodeString(token[:strings.IndexByte(token, '.')])
	if err != nil {
		return Claims{}, fmt.Errorf("%w: header is not base64url", ErrMalformed)
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(hdr, &h) != nil || h.Alg != "HS256" {
		return Claims{}, errors.New("unsupported JWT algorithm")
	}
	sig, err := base64.RawURLEncoding.DecodeString(token[i+1:])
	if err != nil {
		return Claims{}, fmt.Errorf("%w: signature is not base64url", ErrMalformed)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(token[:i]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return Claims{}, errors.New("JWT signature mismatch")
	}
	return c, nil
}
