package bettermode

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// The bound sources print as the value the user filled in, whose String
// redacts its secrets. They are reachable through Client.Source.

func (s *guestSource) GoString() string               { return s.String() }
func (s *guestSource) Format(f fmt.State, verb rune)  { formatRedacted(f, verb, s.String()) }
func (s *guestSource) LogValue() slog.Value           { return slog.StringValue(s.String()) }
func (s *memberSource) GoString() string              { return s.String() }
func (s *memberSource) Format(f fmt.State, verb rune) { formatRedacted(f, verb, s.String()) }
func (s *memberSource) LogValue() slog.Value          { return s.m.LogValue() }
func (s *appSource) GoString() string                 { return s.String() }
func (s *appSource) Format(f fmt.State, verb rune)    { formatRedacted(f, verb, s.String()) }
func (s *appSource) LogValue() slog.Value             { return s.a.LogValue() }
func (s oauth2Source) GoString() string               { return s.String() }
func (s oauth2Source) Format(f fmt.State, verb rune)  { formatRedacted(f, verb, s.String()) }
func (s oauth2Source) LogValue() slog.Value           { return slog.StringValue(s.String()) }
func (s toOAuth2) String() string                     { return fmt.Sprintf("bettermode.ToOAuth2(%T)", s.src) }
func (s toOAuth2) GoString() string                   { return s.String() }
func (s toOAuth2) Format(f fmt.State, verb rune)      { formatRedacted(f, verb, s.String()) }
func (s toOAuth2) LogValue() slog.Value               { return slog.StringValue(s.String()) }
func (s staticSource) GoString() string               { return s.String() }
func (s staticSource) Format(f fmt.State, verb rune)  { formatRedacted(f, verb, s.String()) }
func (s staticSource) LogValue() slog.Value           { return s.tok.LogValue() }
func (s staticSource) MarshalJSON() ([]byte, error)   { return json.Marshal(s.String()) }
