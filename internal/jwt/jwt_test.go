package jwt

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seg(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestParse(t *testing.T) {
	hdr := seg(`{"alg":"HS256"}`)
	tests := []struct {
		name    string
		token   string
		want    Claims
		wantErr bool
	}{
		{name: "full", token: hdr + "." + seg(`{"exp":1700000000,"iat":1699990000,"networkId":"net1","role":"member","id":"m1"}`) + ".sig",
			want: Claims{Expiry: time.Unix(1700000000, 0).UTC(), IssuedAt: time.Unix(1699990000, 0).UTC(), NetworkID: "net1", Role: "member", MemberID: "m1"}},
		{name: "role object and sub", token: hdr + "." + seg(`{"role":{"name":"admin"},"sub":"m2"}`) + ".x",
			want: Claims{Role: "admin", MemberID: "m2"}},
		{name: "no exp", token: hdr + "." + seg(`{}`) + ".x", want: Claims{}},
		{name: "fractional exp", token: hdr + "." + seg(`{"exp":1700000000.5}`) + ".x", want: Claims{Expiry: time.Unix(1700000000, 5e8).UTC()}},
		{name: "padded segment", token: hdr + "." + seg(`{"exp":1}`) + "==.x", want: Claims{Expiry: time.Unix(1, 0).UTC()}},
		{name: "two segments", token: hdr + "." + seg(`{}`), wantErr: true},
		{name: "four segments", token: "a.b.c.d", wantErr: true},
		{name: "not base64", token: hdr + ".***.x", wantErr: true},
		{name: "not json", token: hdr + "." + seg(`nope`) + ".x", wantErr: true},
		{name: "json array", token: hdr + "." + seg(`[1]`) + ".x", wantErr: true},
		{name: "string exp", token: hdr + "." + seg(`{"exp":"soon"}`) + ".x", wantErr: true},
		{name: "negative exp", token: hdr + "." + seg(`{"exp":-5}`) + ".x", wantErr: true},
		{name: "huge exp", token: hdr + "." + seg(`{"exp":1e300}`) + ".x", wantErr: true},
		{name: "opaque token", token: "opaque-fake-token", wantErr: true},
		{name: "too long", token: strings.Repeat("a", maxTokenLen+1), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.token)
			if tt.wantErr {
				require.ErrorIs(t, err, ErrMalformed)
				assert.NotContains(t, err.Error(), tt.token)
				return
			}
			require.NoError(t, err)
			got.Raw = nil
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSignVerify(t *testing.T) {
	key := []byte("fake-signing-key")
	tok, err := SignHS256(map[string]any{"exp": 42, "networkId": "n"}, key)
	require.NoError(t, err)
	c, err := VerifyHS256(tok, key)
	require.NoError(t, err)
	assert.Equal(t, "n", c.NetworkID)
	assert.Equal(t, int64(42), c.Expiry.Unix())

	_, err = VerifyHS256(tok, []byte("other-key"))
	require.Error(t, err)
	parts := strings.Split(tok, ".")
	_, err = VerifyHS256(seg(`{"alg":"none"}`)+"."+parts[1]+".", key)
	require.Error(t, err)
}

func FuzzParse(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiJ9." + seg(`{"exp":1700000000,"networkId":"n"}`) + ".sig")
	f.Add("a.b.c")
	f.Add("..")
	f.Add("x." + seg(`{"exp":1e308,"role":{"name":1}}`) + ".")
	f.Fuzz(func(t *testing.T, token string) {
		c, err := Parse(token)
		if err != nil {
			if len(token) >= 8 && strings.Contains(err.Error(), token) {
				t.Fatalf("error echoes the token")
			}
			return
		}
		if c.Raw == nil {
			t.Fatal("nil claims on success")
		}
		if !c.Expiry.IsZero() && c.Expiry.Unix() < 0 {
			t.Fatalf("negative expiry %v", c.Expiry)
		}
	})
}
