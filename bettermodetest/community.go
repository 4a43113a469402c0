package bettermodetest

import (
	"slices"
	"strings"
	"time"
)

// Role names, as Bettermode spells them in a role's name and in the role claim
// of the tokens the server mints.
const (
	// RoleGuest is the role of a guest token.
	RoleGuest = "Guest"
	// RoleMember is the role of a regular member.
	RoleMember = "Member"
	// RoleModerator is the role of a moderator.
	RoleModerator = "Moderator"
	// RoleAdmin is the role of an admin, and of an app's bot.
	RoleAdmin = "Admin"
)

// Network is the community the server hosts.
type Network struct {
	// ID is the network id, such as "fakeNet0001".
	ID string
	// Name is the community's display name.
	Name string
	// Domain is the community's domain, such as "fake-community.example.com".
	Domain string
	// Status is a NetworkStatus value; empty means "published".
	Status string
	// Visibility is a NetworkVisibility value; empty means "public".
	Visibility string
	// Membership is a NetworkMembership value; empty means "open".
	Membership string
}

// Member is a member of the community, with the password it logs in with.
type Member struct {
	// ID is the member id, such as "fakeMember01".
	ID string
	// Name is the display name.
	Name string
	// Username is the unique username; loginNetwork accepts it, in any case.
	Username string
	// Email is the e-mail address; loginNetwork accepts it, in any case.
	Email string
	// Password is what loginNetwork checks. The server never sends it back.
	Password string
	// Role is the role name: RoleMember, RoleModerator or RoleAdmin; empty
	// means RoleMember.
	Role string
	// Status is a MemberStatus value; empty means "VERIFIED".
	Status string
}

// App is an app registered with Bettermode, with its client credentials.
type App struct {
	// ID is the app id, such as "fakeApp0001". Its bot member is "BOT_" + ID.
	ID string
	// Name is the app's name, also its bot's name.
	Name string
	// ClientID is the client id that limitedToken takes in Basic auth.
	ClientID string
	// ClientSecret is the client secret that limitedToken takes in Basic auth.
	// The server never sends it back.
	ClientSecret string
	// Installed reports whether the app is installed on the server's network;
	// limitedToken refuses an app that is not (code "102").
	Installed bool
}

// The preloaded community. All values are obviously fake.
var (
	defaultNetwork = Network{
		ID: "fakeNet0001", Name: "Fake Community", Domain: "fake-community.example.com",
		Status: "published", Visibility: "public", Membership: "open",
	}
	defaultAdmin = Member{
		ID: "fakeAdmin001", Name: "Fake Admin", Username: "fake-admin", Email: "fake-admin@example.com",
		Password: "fake-password-0001", Role: RoleAdmin, Status: "VERIFIED",
	}
	defaultMember = Member{
		ID: "fakeMember01", Name: "Fake Member", Username: "fake-member", Email: "fake-member@example.com",
		Password: "fake-password-0002", Role: RoleMember, Status: "VERIFIED",
	}
	defaultApp = App{
		ID: "fakeApp0001", Name: "Fake App", ClientID: "fake-client-id-0001",
		ClientSecret: "fake-client-secret-0001", Installed: true,
	}
	defaultUninstalledApp = App{
		ID: "fakeApp0002", Name: "Fake Uninstalled App", ClientID: "fake-client-id-0002",
		ClientSecret: "fake-client-secret-0002", Installed: false,
	}
)

// createdAt is the creation time of every preloaded object.
var createdAt = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// role is a role of the network.
type role struct {
	id, name, typ, description string
	scopes                     []string
}

var roles = map[string]role{
	RoleGuest: {id: "fakeRoleGuest1", name: RoleGuest, typ: "guest", description: "Visitors who are not signed in",
		scopes: []string{"network:view", "network:login", "network:join", "space:view", "post:view", "member:view"}},
	RoleMember: {id: "fakeRoleMembr1", name: RoleMember, typ: "member", description: "Regular members",
		scopes: []string{"network:view", "space:view", "space:join", "post:view", "post:create", "member:view", "member:update"}},
	RoleModerator: {id: "fakeRoleModer1", name: RoleModerator, typ: "moderator", description: "Members who moderate content",
		scopes: []string{"network:view", "space:view", "space:join", "post:view", "post:create", "post:moderate", "member:view", "member:update"}},
	RoleAdmin: {id: "fakeRoleAdmin1", name: RoleAdmin, typ: "admin", description: "Members who manage the community",
		scopes: []string{"*", "network:view", "network:update", "space:view", "space:create", "post:view", "post:create", "post:moderate", "member:view", "member:update", "member:manage", "app:manage"}},
}

// roleOrder lists the roles as network.roles shows them.
var roleOrder = []string{RoleAdmin, RoleModerator, RoleMember, RoleGuest}

func roleByName(name string) role {
	if r, ok := roles[name]; ok {
		return r
	}
	return roles[RoleMember]
}

func (n Network) withDefaults() Network {
	if n.ID == "" {
		n.ID = defaultNetwork.ID
	}
	if n.Name == "" {
		n.Name = defaultNetwork.Name
	}
	if n.Domain == "" {
		n.Domain = defaultNetwork.Domain
	}
	if n.Status == "" {
		n.Status = defaultNetwork.Status
	}
	if n.Visibility == "" {
		n.Visibility = defaultNetwork.Visibility
	}
	if n.Membership == "" {
		n.Membership = defaultNetwork.Membership
	}
	return n
}

func (m Member) withDefaults() Member {
	if m.Role == "" {
		m.Role = RoleMember
	}
	if m.Status == "" {
		m.Status = "VERIFIED"
	}
	if m.Username == "" {
		m.Username = strings.ToLower(m.ID)
	}
	if m.Name == "" {
		m.Name = m.Username
	}
	return m
}

// object is a resolved GraphQL object: its fields by name, and "__typename".
type object map[string]any

func roleObject(r role) object {
	return object{
		"__typename": "Role", "id": r.id, "name": r.name, "scopes": slices.Clone(r.scopes),
		"type": r.typ, "description": r.description, "visible": r.typ != "guest",
	}
}

func (s *Server) networkObject() object {
	n := s.network
	var rs []any
	for _, name := range roleOrder {
		rs = append(rs, roleObject(roles[name]))
	}
	owner := s.ownerID()
	return object{
		"__typename": "Network", "id": n.ID, "name": n.Name, "domain": n.Domain, "status": n.Status,
		"visibility": n.Visibility, "membership": n.Membership, "createdAt": createdAt.Format(time.RFC3339),
		"createdById": owner, "ownerId": owner, "description": "A fake community served by bettermodetest",
		"locale": "en-US", "membersCount": len(s.members), "roles": rs,
	}
}

func (s *Server) networkPublicInfoObject() object {
	n := s.network
	return object{
		"__typename": "NetworkPublicInfo", "id": n.ID, "name": n.Name, "domain": n.Domain, "status": n.Status,
		"visibility": n.Visibility, "membership": n.Membership, "faviconId": nil, "logoId": nil,
	}
}

// ownerID is the first admin's id, or the first member's.
func (s *Server) ownerID() string {
	for _, m := range s.members {
		if m.Role == RoleAdmin {
			return m.ID
		}
	}
	if len(s.members) > 0 {
		return s.members[0].ID
	}
	return ""
}

// memberObject describes a member (never with its password).
func (s *Server) memberObject(m Member) object {
	r := roleByName(m.Role)
	o := s.baseMemberObject(m.ID, m.Name, m.Username, r)
	o["email"] = m.Email
	o["status"] = m.Status
	o["verifiedAt"] = createdAt.Format(time.RFC3339)
	return o
}

func (s *Server) guestObject(id string) object {
	o := s.baseMemberObject(id, "Guest", "", roles[RoleGuest])
	o["status"] = "UNVERIFIED"
	return o
}

func (s *Server) botObject(a App) object {
	o := s.baseMemberObject(botID(a), a.Name, "bot-"+strings.ToLower(a.ID), roles[RoleAdmin])
	o["status"] = "VERIFIED"
	return o
}

func (s *Server) baseMemberObject(id, name, username string, r role) object {
	var rel, url any
	if username != "" {
		rel = "/member/" + id
		url = "https://" + s.network.Domain + "/member/" + id
	}
	return object{
		"__typename": "Member", "id": id, "name": name, "displayName": name, "username": username,
		"email": nil, "externalId": nil, "networkId": s.network.ID, "network": s.networkObject(),
		"roleId": r.id, "role": roleObject(r), "status": "VERIFIED", "locale": "en-US",
		"createdAt": createdAt.Format(time.RFC3339), "updatedAt": createdAt.Format(time.RFC3339),
		"lastSeenAt": nil, "verifiedAt": nil, "profilePictureId": nil, "relativeUrl": rel, "url": url,
		"score": 0, "tagline": nil, "teammate": r.typ == "admin",
	}
}

func botID(a App) string { return "BOT_" + a.ID }
