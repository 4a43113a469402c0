package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// writeJSON writes v indented, with a final line break.
func writeJSON(w io.Writer, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		fmt.Fprintf(w, "{\"error\": %q}\n", err.Error())
		return
	}
	_, _ = w.Write(append(b, '\n'))
}

// jsonTime is a time for JSON output: RFC 3339 in UTC, or null when zero.
func jsonTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// expiresIn describes when a token expires, relative to now.
func expiresIn(exp, now time.Time) string {
	if exp.IsZero() {
		return "never (no expiry known)"
	}
	d := exp.Sub(now)
	if d <= 0 {
		return "expired " + roughDuration(-d) + " ago"
	}
	return "in " + roughDuration(d)
}

// roughDuration prints d to the second below an hour, to the minute above.
func roughDuration(d time.Duration) string {
	if d.Round(time.Second) >= time.Hour {
		return strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
	}
	return d.Round(time.Second).String()
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// claims are the JWT claims of a token, decoded without verifying the
// signature (the command only reads them; the API verifies the token).
type claims struct {
	Issued    time.Time
	Expiry    time.Time
	NetworkID string
	Role      string
	MemberID  string
	Kind      string
}

func decodeClaims(token string) (claims, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return claims{}, false
	}
	var raw struct {
		Iat       json.Number `json:"iat"`
		Exp       json.Number `json:"exp"`
		NetworkID string      `json:"networkId"`
		Role      any         `json:"role"`
		ID        string      `json:"id"`
		Sub       string      `json:"sub"`
		Kind      string      `json:"kind"`
	}
	dec := json.NewDecoder(strings.NewReader(string(payload)))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return claims{}, false
	}
	c := claims{NetworkID: raw.NetworkID, MemberID: raw.ID, Kind: raw.Kind}
	if c.MemberID == "" {
		c.MemberID = raw.Sub
	}
	switch r := raw.Role.(type) {
	case string:
		c.Role = r
	case map[string]any:
		c.Role, _ = r["name"].(string)
	}
	if n, err := raw.Iat.Float64(); err == nil && n > 0 {
		c.Issued = time.Unix(int64(n), 0)
	}
	if n, err := raw.Exp.Float64(); err == nil && n > 0 {
		c.Expiry = time.Unix(int64(n), 0)
	}
	return c, true
}

func (a *app) printf(format string, args ...any) { fmt.Fprintf(a.out, format, args...) }

func (a *app) errf(format string, args ...any) { fmt.Fprintf(a.errOut, format, args...) }
