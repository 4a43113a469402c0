package redisstore

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/bettermode-go/bettermode"
)

// KeySize is the size of the key that encrypts tokens (AES-256).
const KeySize = 32

// ErrWrongKey matches the error of a stored token that was encrypted with
// another key (or altered): every replica of a fleet must be given the same
// key. The error also matches bettermode.ErrInvalidInput, so the token cache
// reports it instead of minting over the fleet's token.
var ErrWrongKey = errors.New("bettermode: redisstore: the stored token cannot be decrypted with this key")

// keyError is an ErrWrongKey with its details.
type keyError struct{ msg string }

func (e *keyError) Error() string { return e.msg }

// Is matches ErrWrongKey and bettermode.ErrInvalidInput.
func (e *keyError) Is(target error) bool {
	return target == ErrWrongKey || target == bettermode.ErrInvalidInput
}

// TokenStore is a bettermode.TokenStore on Redis. A token is kept under
// PREFIX token:KEY (KEY a hash of the credential's identity) until its
// expiry, as "bm1.<key id>.<fingerprint>.<sealed>": the id of the
// encryption key (so that a wrong key is told apart from damage), an HMAC
// of the access token (so that a replica can delete exactly the token the
// API rejected), and the token sealed with AES-256-GCM bound to the Redis
// key. The lock is PREFIX lock:KEY, taken with SET NX PX and a random owner
// value, and released by a compare-and-delete script.
type TokenStore struct {
	rdb    redis.UniversalClient
	aead   cipher.AEAD
	fpKey  []byte
	keyID  string
	prefix string
	h      *health
}

var _ bettermode.TokenStore = (*TokenStore)(nil)

// NewTokenStore returns a token store on rdb whose tokens are encrypted
// with key, KeySize random bytes that every replica shares (keep it with
// your other secrets, not in Redis). Options: WithPrefix, WithTimeout,
// WithRetryInterval, WithLogger.
func NewTokenStore(rdb redis.UniversalClient, key []byte, opts ...Option) (*TokenStore, error) {
	if rdb == nil {
		return nil, errors.New("bettermode: redisstore: the redis client is nil")
	}
	if len(key) != KeySize {
		return nil, errors.New("bettermode: redisstore: the encryption key must be 32 bytes (AES-256)")
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte("bettermode redisstore v1 " + label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("encryption"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	o := applyOptions(opts)
	return &TokenStore{rdb: rdb, aead: aead, fpKey: derive("fingerprint"), keyID: hex.EncodeToString(derive("key id")[:4]),
		prefix: o.prefix, h: &health{what: "token store", logger: o.logger, timeout: o.timeout, retry: o.retry}}, nil
}

// KeyID names the store's encryption key (a hash, not the key): stored
// values carry it.
func (s *TokenStore) KeyID() string { return s.keyID }

// RedisKey returns the Redis key a token of key is stored under.
func (s *TokenStore) RedisKey(key string) string { return s.prefix + "token:" + key }

func (s *TokenStore) lockKey(key string) string { return s.prefix + "lock:" + key }

// sealed is a token as it is encrypted.
type sealed struct {
	AccessToken  string   `json:"a"`
	RefreshToken string   `json:"r,omitempty"`
	Expiry       int64    `json:"e,omitempty"` // Unix ms
	Scheme       string   `json:"s,omitempty"`
	Kind         string   `json:"k,omitempty"`
	Role         string   `json:"ro,omitempty"`
	Scopes       []string `json:"sc,omitempty"`
	MemberID     string   `json:"m,omitempty"`
	MemberName   string   `json:"mn,omitempty"`
	NetworkID    string   `json:"n,omitempty"`
	GatewayURL   string   `json:"g,omitempty"`
}

const valueVersion = "bm1"

// fingerprint is an HMAC of an access token: equal for equal tokens,
// useless without the key.
func (s *TokenStore) fingerprint(tok *bettermode.Token) string {
	m := hmac.New(sha256.New, s.fpKey)
	m.Write([]byte(tok.AccessToken.Reveal()))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// header is the clear part of a stored value, up to its sealed token.
func (s *TokenStore) header(tok *bettermode.Token) string {
	return valueVersion + "." + s.keyID + "." + s.fingerprint(tok) + "."
}

// seal encrypts tok for the Redis key rkey.
func (s *TokenStore) seal(rkey string, tok *bettermode.Token) (string, error) {
	pt, err := json.Marshal(sealed{
		AccessToken: tok.AccessToken.Reveal(), RefreshToken: tok.RefreshToken.Reveal(), Scheme: tok.Scheme,
		Kind: string(tok.Kind), Role: tok.Role, Scopes: tok.Scopes, MemberID: tok.MemberID, MemberName: tok.MemberName,
		NetworkID: tok.NetworkID, GatewayURL: tok.GatewayURL, Expiry: expiryMs(tok.Expiry),
	})
	if err != nil {
		return "", err
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(pt)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	ct := s.aead.Seal(nonce, nonce, pt, []byte(rkey))
	clear(pt)
	return s.header(tok) + base64.RawURLEncoding.EncodeToString(ct), nil
}

func expiryMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// open decrypts a value stored under rkey.
func (s *TokenStore) open(rkey, val string) (*bettermode.Token, error) {
	parts := strings.SplitN(val, ".", 4)
	if len(parts) != 4 || parts[0] != valueVersion {
		return nil, &keyError{"bettermode: redisstore: the value under " + rkey + " is not a token this package stored; delete it or use another prefix"}
	}
	if parts[1] != s.keyID {
		return nil, &keyError{"bettermode: redisstore: the token under " + rkey + " was encrypted with another key (key id " + parts[1] +
			", this store's is " + s.keyID + "); give every replica the same key, or delete the key to start over"}
	}
	ct, err := base64.RawURLEncoding.DecodeString(parts[3])
	if err != nil || len(ct) < s.aead.NonceSize() {
		return nil, &keyError{"bettermode: redisstore: the token under " + rkey + " is damaged; delete it"}
	}
	pt, err := s.aead.Open(nil, ct[:s.aead.NonceSize()], ct[s.aead.NonceSize():], []byte(rkey))
	if err != nil {
		return nil, &keyError{"bettermode: redisstore: the token under " + rkey + " cannot be decrypted (altered, or moved from another key); delete it"}
	}
	var v sealed
	err = json.Unmarshal(pt, &v)
	clear(pt)
	if err != nil || v.AccessToken == "" {
		return nil, &keyError{"bettermode: redisstore: the token under " + rkey + " is damaged; delete it"}
	}
	tok := &bettermode.Token{
		AccessToken: bettermode.Secret(v.AccessToken), RefreshToken: bettermode.Secret(v.RefreshToken), Scheme: v.Scheme,
		Kind: bettermode.TokenKind(v.Kind), Role: v.Role, Scopes: v.Scopes, MemberID: v.MemberID, MemberName: v.MemberName,
		NetworkID: v.NetworkID, GatewayURL: v.GatewayURL,
	}
	if v.Expiry != 0 {
		tok.Expiry = time.UnixMilli(v.Expiry)
	}
	return tok, nil
}

// Load returns the token stored under key, or nil if none. A token sealed
// with another key is an error matching ErrWrongKey and
// bettermode.ErrInvalidInput.
func (s *TokenStore) Load(ctx context.Context, key string) (*bettermode.Token, error) {
	rkey := s.RedisKey(key)
	var val string
	err := s.h.do(ctx, func(ctx context.Context) (err error) { val, err = s.rdb.Get(ctx, rkey).Result(); return err })
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.open(rkey, val)
}

// defaultTTL keeps a token without an expiry.
const defaultTTL = 24 * time.Hour

// Save stores tok under key until its expiry (a day for a token without one).
func (s *TokenStore) Save(ctx context.Context, key string, tok *bettermode.Token) error {
	if tok == nil || tok.AccessToken == "" {
		return errors.New("bettermode: redisstore: no token to save")
	}
	ttl := defaultTTL
	if !tok.Expiry.IsZero() {
		if ttl = time.Until(tok.Expiry); ttl < time.Millisecond {
			return nil // expired: nothing to share
		}
	}
	rkey := s.RedisKey(key)
	val, err := s.seal(rkey, tok)
	if err != nil {
		return err
	}
	return s.h.do(ctx, func(ctx context.Context) error { return s.rdb.Set(ctx, rkey, val, ttl).Err() })
}

// deleteIfPrefix deletes KEYS[1] if its value starts with ARGV[1].
var deleteIfPrefix = redis.NewScript(`
local v = redis.call("GET", KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`)

// Delete removes the token under key if it is still tok.
func (s *TokenStore) Delete(ctx context.Context, key string, tok *bettermode.Token) error {
	if tok == nil {
		return nil
	}
	rkey, head := s.RedisKey(key), s.header(tok)
	return s.h.do(ctx, func(ctx context.Context) error {
		return deleteIfPrefix.Run(ctx, s.rdb, []string{rkey}, head).Err()
	})
}

// releaseLock deletes KEYS[1] if its value is ARGV[1]: only the owner
// releases a lock.
var releaseLock = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`)

// TryLock takes key's lock for ttl with SET NX PX and a random owner value.
// It returns a release func, or nil when another owner holds the lock.
func (s *TokenStore) TryLock(ctx context.Context, key string, ttl time.Duration) (func(), error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	owner, lkey := hex.EncodeToString(b[:]), s.lockKey(key)
	var ok bool
	err := s.h.do(ctx, func(ctx context.Context) (err error) {
		ok, err = s.rdb.SetNX(ctx, lkey, owner, ttl).Result()
		return err
	})
	if err != nil || !ok {
		return nil, err
	}
	return func() {
		_ = s.h.do(context.WithoutCancel(ctx), func(ctx context.Context) error {
			return releaseLock.Run(ctx, s.rdb, []string{lkey}, owner).Err()
		})
	}, nil
}
