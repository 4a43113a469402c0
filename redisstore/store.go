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
	"log/slog"
	"strings"
	"sync"
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
// PREFIX token:KEYID:KEY (KEYID names the encryption key, KEY is a hash of
// the credential's identity) until its expiry, as
// "bm1.<key id>.<fingerprint>.<sealed>": an HMAC of the access token (so
// that a replica can delete exactly the token the API rejected), and the
// token sealed with AES-256-GCM bound to the Redis key. The lock is PREFIX
// lock:KEYID:KEY, taken with SET NX PX and a random owner value, and
// released by a compare-and-delete script.
//
// Replicas with different keys thus never share, block or overwrite each
// other's tokens: each key group mints its own, and a replica that finds
// another group beside its own logs a warning naming both key ids (a
// misconfigured replica, or a rotation under way). To rotate the key, give
// the new key with the old one in WithPreviousKeys: such a replica reads
// the old group's token while its own has none (no extra mint), and
// writes only its own group. Once every replica has the new key, drop the
// old one.
type TokenStore struct {
	rdb    redis.UniversalClient
	keys   []*keySet // the current key first, then WithPreviousKeys
	prefix string
	h      *health
	logger *slog.Logger
	warned sync.Map // "credential key/key id": another key group was reported
}

// keySet is what one encryption key derives.
type keySet struct {
	aead  cipher.AEAD
	fpKey []byte
	id    string
}

var _ bettermode.TokenStore = (*TokenStore)(nil)

// NewTokenStore returns a token store on rdb whose tokens are encrypted
// with key, KeySize random bytes that every replica shares (keep it with
// your other secrets, not in Redis). Options: WithPreviousKeys, WithPrefix,
// WithTimeout, WithRetryInterval, WithLogger.
func NewTokenStore(rdb redis.UniversalClient, key []byte, opts ...Option) (*TokenStore, error) {
	if rdb == nil {
		return nil, errors.New("bettermode: redisstore: the redis client is nil")
	}
	o := applyOptions(opts)
	s := &TokenStore{rdb: rdb, prefix: o.prefix, logger: o.logger,
		h: &health{what: "token store", addr: addrOf(rdb), logger: o.logger, timeout: o.timeout, retry: o.retry}}
	for _, k := range append([][]byte{key}, o.previous...) {
		ks, err := newKeySet(k)
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, ks)
	}
	return s, nil
}

// WithPreviousKeys gives a TokenStore the keys it replaces, during a key
// rotation: a replica reads the token of an old key's group while its own
// group has none, and deletes a rejected token there too; it writes only
// with the current key. See TokenStore.
func WithPreviousKeys(keys ...[]byte) Option {
	return func(o *options) { o.previous = append(o.previous, keys...) }
}

func newKeySet(key []byte) (*keySet, error) {
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
	return &keySet{aead: aead, fpKey: derive("fingerprint"), id: hex.EncodeToString(derive("key id")[:4])}, nil
}

// KeyID names the store's encryption key (a hash, not the key): stored
// values and their Redis keys carry it.
func (s *TokenStore) KeyID() string { return s.keys[0].id }

// RedisKey returns the Redis key a token of key is stored under with the
// current encryption key.
func (s *TokenStore) RedisKey(key string) string { return s.redisKey(s.keys[0], key) }

func (s *TokenStore) redisKey(ks *keySet, key string) string {
	return s.prefix + "token:" + ks.id + ":" + key
}

func (s *TokenStore) lockKey(key string) string { return s.prefix + "lock:" + s.keys[0].id + ":" + key }

// groupsKey is the set of the key ids that stored key's credential.
func (s *TokenStore) groupsKey(key string) string { return s.prefix + "keyids:" + key }

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
func (ks *keySet) fingerprint(tok *bettermode.Token) string {
	m := hmac.New(sha256.New, ks.fpKey)
	m.Write([]byte(tok.AccessToken.Reveal()))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// header is the clear part of a stored value, up to its sealed token.
func (ks *keySet) header(tok *bettermode.Token) string {
	return valueVersion + "." + ks.id + "." + ks.fingerprint(tok) + "."
}

// seal encrypts tok for the Redis key rkey.
func (ks *keySet) seal(rkey string, tok *bettermode.Token) (string, error) {
	pt, err := json.Marshal(sealed{
		AccessToken: tok.AccessToken.Reveal(), RefreshToken: tok.RefreshToken.Reveal(), Scheme: tok.Scheme,
		Kind: string(tok.Kind), Role: tok.Role, Scopes: tok.Scopes, MemberID: tok.MemberID, MemberName: tok.MemberName,
		NetworkID: tok.NetworkID, GatewayURL: tok.GatewayURL, Expiry: expiryMs(tok.Expiry),
	})
	if err != nil {
		return "", err
	}
	nonce := make([]byte, ks.aead.NonceSize(), ks.aead.NonceSize()+len(pt)+ks.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	ct := ks.aead.Seal(nonce, nonce, pt, []byte(rkey))
	clear(pt)
	return ks.header(tok) + base64.RawURLEncoding.EncodeToString(ct), nil
}

func expiryMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// open decrypts a value stored under rkey.
func (ks *keySet) open(rkey, val string) (*bettermode.Token, error) {
	parts := strings.SplitN(val, ".", 4)
	if len(parts) != 4 || parts[0] != valueVersion {
		return nil, &keyError{"bettermode: redisstore: the value under " + rkey + " is not a token this package stored; delete it or use another prefix"}
	}
	if parts[1] != ks.id {
		return nil, &keyError{"bettermode: redisstore: the token under " + rkey + " has key id " + truncate(parts[1], 16) + ", not " + ks.id + "; delete it"}
	}
	ct, err := base64.RawURLEncoding.DecodeString(parts[3])
	if err != nil || len(ct) < ks.aead.NonceSize() {
		return nil, &keyError{"bettermode: redisstore: the token under " + rkey + " is damaged; delete it"}
	}
	pt, err := ks.aead.Open(nil, ct[:ks.aead.NonceSize()], ct[ks.aead.NonceSize():], []byte(rkey))
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

// Load returns the token stored under key in the current key's group, or
// while it has none in a previous key's (see WithPreviousKeys), or nil if
// none. A value there that cannot be decrypted (altered or damaged) is an
// error matching ErrWrongKey and bettermode.ErrInvalidInput. On a miss it
// warns, once per key id, of a group of another key for the credential.
func (s *TokenStore) Load(ctx context.Context, key string) (*bettermode.Token, error) {
	for _, ks := range s.keys {
		rkey := s.redisKey(ks, key)
		var val string
		err := s.h.do(ctx, func(ctx context.Context) (err error) { val, err = s.rdb.Get(ctx, rkey).Result(); return err })
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return ks.open(rkey, val)
	}
	s.warnOtherGroups(ctx, key)
	return nil, nil
}

// warnOtherGroups logs, once per credential and key id, that replicas with
// another key share the credential.
func (s *TokenStore) warnOtherGroups(ctx context.Context, key string) {
	if s.logger == nil {
		return
	}
	var ids []string
	err := s.h.do(ctx, func(ctx context.Context) (err error) {
		ids, err = s.rdb.SMembers(ctx, s.groupsKey(key)).Result()
		return err
	})
	if err != nil {
		return
	}
	for _, id := range ids {
		if len(id) > 16 || s.ownKeyID(id) {
			continue
		}
		if _, seen := s.warned.LoadOrStore(key+"/"+id, true); seen {
			continue
		}
		s.logger.LogAttrs(ctx, slog.LevelWarn, "bettermode: redisstore: replicas with another key share this credential; each key group mints its own tokens",
			slog.String("key_id", s.KeyID()), slog.String("other_key_id", id), slog.String("hint", "give every replica the same key (WithPreviousKeys while rotating)"))
	}
}

func (s *TokenStore) ownKeyID(id string) bool {
	for _, ks := range s.keys {
		if ks.id == id {
			return true
		}
	}
	return false
}

// defaultTTL keeps a token without an expiry, and the set of key ids.
const defaultTTL = 24 * time.Hour

// Save stores tok under key, in the current key's group, until its expiry
// (a day for a token without one).
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
	ks := s.keys[0]
	rkey := s.redisKey(ks, key)
	val, err := ks.seal(rkey, tok)
	if err != nil {
		return err
	}
	return s.h.do(ctx, func(ctx context.Context) error {
		_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, rkey, val, ttl)
			p.SAdd(ctx, s.groupsKey(key), ks.id)
			p.Expire(ctx, s.groupsKey(key), defaultTTL)
			return nil
		})
		return err
	})
}

// deleteIfPrefix deletes KEYS[1] if its value starts with ARGV[1].
var deleteIfPrefix = redis.NewScript(`
local v = redis.call("GET", KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`)

// Delete removes the token under key if it is still tok, in the current
// key's group and the previous keys'.
func (s *TokenStore) Delete(ctx context.Context, key string, tok *bettermode.Token) error {
	if tok == nil {
		return nil
	}
	var first error
	for _, ks := range s.keys {
		rkey, head := s.redisKey(ks, key), ks.header(tok)
		err := s.h.do(ctx, func(ctx context.Context) error {
			return deleteIfPrefix.Run(ctx, s.rdb, []string{rkey}, head).Err()
		})
		if first == nil {
			first = err
		}
	}
	return first
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

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
