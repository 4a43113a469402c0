package bettermodetest

// What a request's Authorization header was, the names Requests counts
// requests by. (Not to be confused with bettermode.SchemeBare, a token sent
// without a scheme: such a request counts as AuthOther.)
const (
	// AuthBearer: "Authorization: Bearer …", spelled as bettermode.SchemeBearer.
	AuthBearer = "Bearer"
	// AuthBasic: "Authorization: Basic …".
	AuthBasic = "Basic"
	// AuthMissing: no Authorization header at all.
	AuthMissing = "missing"
	// AuthOther: an Authorization header of any other form, a bare token included.
	AuthOther = "other"
)

// Reasons a request or field is rejected, the names Rejected counts them by.
const (
	// RejectUnauthenticated: a field that needs credentials got none, or
	// credentials of the wrong scheme (code "108").
	RejectUnauthenticated = "unauthenticated"
	// RejectInvalidToken: a token that is not a JWT, not the server's, of the
	// wrong kind or network, or an unknown refresh token (code "108").
	RejectInvalidToken = "invalid_token"
	// RejectExpired: an expired token (code "108").
	RejectExpired = "expired"
	// RejectForged: a token whose signature is not valid (code "108").
	RejectForged = "forged"
	// RejectWrongRegion: a token of the other region (code "108").
	RejectWrongRegion = "wrong_region"
	// RejectReused: a refresh token used a second time (code "108").
	RejectReused = "reused"
	// RejectBadCredentials: a wrong username, e-mail or password, or wrong
	// client credentials (code "108").
	RejectBadCredentials = "bad_credentials"
	// RejectNotInstalled: an app that is not installed on the network (code "102").
	RejectNotInstalled = "not_installed"
	// RejectNotFound: an unknown network or member (code "110").
	RejectNotFound = "not_found"
	// RejectValidation: a document or variables that are not valid against
	// the schema (HTTP 400), or an invalid argument value (code "100").
	RejectValidation = "validation"
	// RejectBadRequest: a body that is not a GraphQL request, or a method
	// other than POST (HTTP 400, 405 or 413).
	RejectBadRequest = "bad_request"
	// RejectNoFixture: in replay mode, a request no fixture matches (HTTP 404).
	RejectNoFixture = "no_fixture"
)

type counters struct {
	minted, requests, rejected, operations map[string]int
}

func (c *counters) init() {
	c.minted, c.requests, c.rejected, c.operations = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
}

func (s *Server) count(m func(*counters) map[string]int, key string) {
	if key == "" {
		return
	}
	s.mu.Lock()
	m(&s.counters)[key]++
	s.mu.Unlock()
}

func (s *Server) read(m func(*counters) map[string]int, key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return m(&s.counters)[key]
}

func mintedMap(c *counters) map[string]int     { return c.minted }
func requestsMap(c *counters) map[string]int   { return c.requests }
func rejectedMap(c *counters) map[string]int   { return c.rejected }
func operationsMap(c *counters) map[string]int { return c.operations }

// Minted returns how many tokens of kind (KindGuest, KindMember, KindApp or
// KindRefresh) the server has minted in answer to requests since it started
// or since Reset. MintToken does not count.
func (s *Server) Minted(kind string) int { return s.read(mintedMap, kind) }

// Requests returns how many requests came with the Authorization header
// auth (AuthBearer, AuthBasic, AuthMissing or AuthOther), whatever became of
// them.
func (s *Server) Requests(auth string) int { return s.read(requestsMap, auth) }

// Rejected returns how many times the server rejected a request or a field
// for reason (one of the Reject constants).
func (s *Server) Rejected(reason string) int { return s.read(rejectedMap, reason) }

// Operations returns how many requests selected the root field op (such as
// "limitedToken") or named their operation op (in the document or by
// operationName), counting those that faults answered and those whose query
// parsed but failed validation.
func (s *Server) Operations(op string) int { return s.read(operationsMap, op) }

// Reset sets every counter to zero, UploadStats included. It keeps faults,
// fixtures, tokens and uploaded files.
func (s *Server) Reset() {
	s.mu.Lock()
	s.counters.init()
	s.mu.Unlock()
	s.uploads.mu.Lock()
	s.uploads.stats = UploadStats{}
	s.uploads.mu.Unlock()
}
