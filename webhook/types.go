package webhook

import (
	"encoding/json"
	"time"
)

// Webhook types: the "type" of a request, and of its answer.
const (
	// TypeTest is the registration handshake (data.challenge), which the
	// Handler answers itself.
	TypeTest = "TEST"
	// TypeSubscription is a community event the app subscribed to
	// (data is an Event).
	TypeSubscription = "SUBSCRIPTION"
	// TypeInteraction is a click on a dynamic block or a shortcut, or a form
	// submitted in one (data is an Interaction); the answer's data holds the
	// interactions to show.
	TypeInteraction = "INTERACTION"
	// TypeGetSettings asks for the app's settings; the answer's data holds
	// them.
	TypeGetSettings = "GET_SETTINGS"
	// TypeUpdateSettings carries new settings (data.settings); the answer's
	// data may hold {"toStore": ...}.
	TypeUpdateSettings = "UPDATE_SETTINGS"
	// TypeAppInstalled reports that the app was installed (data is an
	// Installation).
	TypeAppInstalled = "APP_INSTALLED"
	// TypeAppUninstalled reports that the app was uninstalled (data is an
	// Installation).
	TypeAppUninstalled = "APP_UNINSTALLED"
	// TypeFederatedSearch asks the app for search results (register with
	// Handle).
	TypeFederatedSearch = "FEDERATED_SEARCH"
	// TypeShortcutsStates asks for the states of the app's shortcuts
	// (register with Handle).
	TypeShortcutsStates = "SHORTCUTS_STATES"
)

// Answer statuses.
const (
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
)

// Request is a verified webhook request: the envelope Bettermode sends.
type Request struct {
	// Type is the webhook type, one of the Type constants or a newer one.
	Type string `json:"type"`
	// NetworkID is the community the request is about.
	NetworkID string `json:"networkId"`
	// Context is the permission context of the request: NETWORK, SPACE,
	// POST, MEMBER...
	Context string `json:"context,omitempty"`
	// EntityID is the id of the context's entity (the network, space, post
	// or member).
	EntityID string `json:"entityId,omitempty"`
	// CurrentSettings are the app's stored settings for the context.
	CurrentSettings []AppSettings `json:"currentSettings,omitempty"`
	// Data is the type's payload, undecoded.
	Data json.RawMessage `json:"data,omitempty"`
	// Time is the verified X-Bettermode-Request-Timestamp.
	Time time.Time `json:"-"`
	// Body is the raw, verified request body. Do not modify it.
	Body []byte `json:"-"`
}

// DecodeData decodes Data into v (a pointer).
func (r *Request) DecodeData(v any) error {
	if len(r.Data) == 0 {
		return nil
	}
	return json.Unmarshal(r.Data, v)
}

// AppSettings is one stored settings record of the app (an element of
// currentSettings).
type AppSettings struct {
	ID        string          `json:"id,omitempty"`
	AppID     string          `json:"appId,omitempty"`
	NetworkID string          `json:"networkId,omitempty"`
	Context   string          `json:"context,omitempty"`
	EntityID  string          `json:"entityId,omitempty"`
	Settings  json.RawMessage `json:"settings,omitempty"`
}

// Event is the data of a SUBSCRIPTION request: one community event.
type Event struct {
	// ID identifies the event; retries of one delivery carry the same ID.
	ID string `json:"id"`
	// Name is the event's name, "<noun>.<verb>" in lower case:
	// "post.published", "member.verified", "space_membership.created"...
	Name string `json:"name"`
	// Noun is the kind of object: "POST", "MEMBER", "SPACE"...
	Noun string `json:"noun,omitempty"`
	// Verb is what happened: "CREATED", "PUBLISHED", "UPDATED", "DELETED"...
	Verb string `json:"verb,omitempty"`
	// VerbAction refines Verb ("ADDED", "UPDATED"...).
	VerbAction string `json:"verbAction,omitempty"`
	// ShortDescription is a human description ("Create Unverified Member").
	ShortDescription string `json:"shortDescription,omitempty"`
	// Time is when the event happened.
	Time time.Time `json:"time"`
	// Actor is who did it, when a member did.
	Actor *Actor `json:"actor,omitempty"`
	// ExternalActor is who did it, when an app or integration did.
	ExternalActor *ExternalActor `json:"externalActor,omitempty"`
	// Object is the object after the event (a post, a member...), undecoded.
	Object json.RawMessage `json:"object,omitempty"`
	// OldObject is the object before an update, when sent.
	OldObject json.RawMessage `json:"oldObject,omitempty"`
	// With holds event details (hasInvitation, reactionString...), undecoded.
	With json.RawMessage `json:"with,omitempty"`
	// Target holds the ids the event concerns.
	Target *EventTarget `json:"target,omitempty"`
}

// DecodeObject decodes Object into v (a pointer).
func (e *Event) DecodeObject(v any) error {
	if len(e.Object) == 0 {
		return nil
	}
	return json.Unmarshal(e.Object, v)
}

// Actor is the member behind an event.
type Actor struct {
	ID            string `json:"id"`
	RoleID        string `json:"roleId,omitempty"`
	RoleType      string `json:"roleType,omitempty"`
	SpaceRoleID   string `json:"spaceRoleId,omitempty"`
	SpaceRoleType string `json:"spaceRoleType,omitempty"`
	// SessionInfo describes the actor's session (an object, or an array in
	// some of Bettermode's examples), undecoded.
	SessionInfo json.RawMessage `json:"sessionInfo,omitempty"`
}

// ExternalActor is the app or integration behind an event.
type ExternalActor struct {
	ID   string `json:"id"`
	Type string `json:"type,omitempty"`
}

// EventTarget holds the ids an event concerns; each is set when relevant.
type EventTarget struct {
	OrganizationID   string `json:"organizationId,omitempty"`
	NetworkID        string `json:"networkId,omitempty"`
	InvitationLinkID string `json:"invitationLinkId,omitempty"`
	InvitationID     string `json:"invitationId,omitempty"`
	RequestToJoinID  string `json:"requestToJoinId,omitempty"`
	CollectionID     string `json:"collectionId,omitempty"`
	SpaceID          string `json:"spaceId,omitempty"`
	SpaceType        string `json:"spaceType,omitempty"`
	PostTypeID       string `json:"postTypeId,omitempty"`
	PostID           string `json:"postId,omitempty"`
	ReplyID          string `json:"replyId,omitempty"`
	TagID            string `json:"tagId,omitempty"`
	ReactionID       string `json:"reactionId,omitempty"`
	MemberID         string `json:"memberId,omitempty"`
	MemberRoleID     string `json:"memberRoleId,omitempty"`
	AppID            string `json:"appId,omitempty"`
	BadgeID          string `json:"badgeId,omitempty"`
	MediaID          string `json:"mediaId,omitempty"`
	TemplateID       string `json:"templateId,omitempty"`
}

// Interaction is the data of an INTERACTION request: a member clicked an
// element of the app's dynamic block or shortcut, or submitted its form.
type Interaction struct {
	ActorID         string `json:"actorId"`
	AppID           string `json:"appId"`
	InteractionID   string `json:"interactionId"`
	Preview         bool   `json:"preview,omitempty"`
	DynamicBlockKey string `json:"dynamicBlockKey,omitempty"`
	ShortcutKey     string `json:"shortcutKey,omitempty"`
	CallbackID      string `json:"callbackId,omitempty"`
	// Inputs are the form's inputs, undecoded (null when there is no form).
	Inputs json.RawMessage `json:"inputs,omitempty"`
}

// Installation is the data of APP_INSTALLED and APP_UNINSTALLED requests.
type Installation struct {
	ID                   string       `json:"id"`
	NetworkID            string       `json:"networkId,omitempty"`
	AppID                string       `json:"appId,omitempty"`
	AppVersion           string       `json:"appVersion,omitempty"`
	InstalledByID        string       `json:"installedById,omitempty"`
	UninstalledByID      string       `json:"uninstalledById,omitempty"`
	Status               string       `json:"status,omitempty"`
	Context              string       `json:"context,omitempty"`
	EntityID             string       `json:"entityId,omitempty"`
	Permissions          []string     `json:"permissions,omitempty"`
	UninstallationReason string       `json:"uninstallationReason,omitempty"`
	NetworkInfo          *NetworkInfo `json:"networkInfo,omitempty"`
}

// NetworkInfo describes the community an app was installed on.
type NetworkInfo struct {
	ID         string `json:"id"`
	Name       string `json:"name,omitempty"`
	Domain     string `json:"domain,omitempty"`
	GraphQLURL string `json:"graphqlUrl,omitempty"`
}

// Response is the answer envelope. The Handler writes it; it is exported
// for receivers that answer by hand (with a Middleware) and for tests.
type Response struct {
	Type   string `json:"type"`
	Status string `json:"status"`
	// Data is the answer's payload. Bettermode expects an object: the
	// Handler writes {} when a function returns nil; set an empty map
	// rather than nil when answering by hand.
	Data any `json:"data"`
	// ErrorCode and ErrorMessage are set on a FAILED answer.
	ErrorCode    int    `json:"errorCode,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
}
