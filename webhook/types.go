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
	// ID is the settings record's id.
	ID string `json:"id,omitempty"`
	// AppID is the app the settings belong to.
	AppID string `json:"appId,omitempty"`
	// NetworkID is the community's id (the record's networkId).
	NetworkID string `json:"networkId,omitempty"`
	// Context is the permission context the settings apply to: NETWORK,
	// SPACE...
	Context string `json:"context,omitempty"`
	// EntityID is the id of the context's entity.
	EntityID string `json:"entityId,omitempty"`
	// Settings is the stored settings object, undecoded.
	Settings json.RawMessage `json:"settings,omitempty"`
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
	// ID is the member's id.
	ID string `json:"id"`
	// RoleID is the id of the member's role in the community.
	RoleID string `json:"roleId,omitempty"`
	// RoleType is the type of that role, such as "admin" or "member".
	RoleType string `json:"roleType,omitempty"`
	// SpaceRoleID is the id of the member's role in the event's space,
	// when the event happened in one.
	SpaceRoleID string `json:"spaceRoleId,omitempty"`
	// SpaceRoleType is the type of that space role.
	SpaceRoleType string `json:"spaceRoleType,omitempty"`
	// SessionInfo describes the actor's session (an object, or an array in
	// some of Bettermode's examples), undecoded.
	SessionInfo json.RawMessage `json:"sessionInfo,omitempty"`
}

// ExternalActor is the app or integration behind an event.
type ExternalActor struct {
	// ID is the app's or integration's id.
	ID string `json:"id"`
	// Type is the kind of external actor, when sent.
	Type string `json:"type,omitempty"`
}

// EventTarget holds the ids an event concerns; each is set when relevant.
type EventTarget struct {
	// OrganizationID is the id of the organization that owns the community.
	OrganizationID string `json:"organizationId,omitempty"`
	// NetworkID is the community's id.
	NetworkID string `json:"networkId,omitempty"`
	// InvitationLinkID is the id of the invitation link concerned.
	InvitationLinkID string `json:"invitationLinkId,omitempty"`
	// InvitationID is the id of the invitation concerned.
	InvitationID string `json:"invitationId,omitempty"`
	// RequestToJoinID is the id of the request to join concerned.
	RequestToJoinID string `json:"requestToJoinId,omitempty"`
	// CollectionID is the id of the collection concerned.
	CollectionID string `json:"collectionId,omitempty"`
	// SpaceID is the id of the space concerned.
	SpaceID string `json:"spaceId,omitempty"`
	// SpaceType is the type of that space.
	SpaceType string `json:"spaceType,omitempty"`
	// PostTypeID is the id of the post type of the post concerned.
	PostTypeID string `json:"postTypeId,omitempty"`
	// PostID is the id of the post concerned.
	PostID string `json:"postId,omitempty"`
	// ReplyID is the id of the reply concerned.
	ReplyID string `json:"replyId,omitempty"`
	// TagID is the id of the tag concerned.
	TagID string `json:"tagId,omitempty"`
	// ReactionID is the id of the reaction concerned.
	ReactionID string `json:"reactionId,omitempty"`
	// MemberID is the id of the member concerned.
	MemberID string `json:"memberId,omitempty"`
	// MemberRoleID is the id of the member role concerned.
	MemberRoleID string `json:"memberRoleId,omitempty"`
	// AppID is the id of the app concerned.
	AppID string `json:"appId,omitempty"`
	// BadgeID is the id of the badge concerned.
	BadgeID string `json:"badgeId,omitempty"`
	// MediaID is the id of the media (a file or an image) concerned.
	MediaID string `json:"mediaId,omitempty"`
	// TemplateID is the id of the template concerned.
	TemplateID string `json:"templateId,omitempty"`
}

// Interaction is the data of an INTERACTION request: a member clicked an
// element of the app's dynamic block or shortcut, or submitted its form.
type Interaction struct {
	// ActorID is the id of the member who interacted.
	ActorID string `json:"actorId"`
	// AppID is the app's id.
	AppID string `json:"appId"`
	// InteractionID identifies this interaction.
	InteractionID string `json:"interactionId"`
	// Preview reports whether the interaction comes from a preview of the
	// block rather than from a live one.
	Preview bool `json:"preview,omitempty"`
	// DynamicBlockKey is the key of the dynamic block interacted with, if any.
	DynamicBlockKey string `json:"dynamicBlockKey,omitempty"`
	// ShortcutKey is the key of the shortcut interacted with, if any.
	ShortcutKey string `json:"shortcutKey,omitempty"`
	// CallbackID is the callback id of the element clicked or the form
	// submitted; empty when the block or shortcut is first loaded.
	CallbackID string `json:"callbackId,omitempty"`
	// Inputs are the form's inputs, undecoded (null when there is no form).
	Inputs json.RawMessage `json:"inputs,omitempty"`
}

// Installation is the data of APP_INSTALLED and APP_UNINSTALLED requests.
type Installation struct {
	// ID is the installation's id.
	ID string `json:"id"`
	// NetworkID is the id of the community the app is installed on.
	NetworkID string `json:"networkId,omitempty"`
	// AppID is the app's id.
	AppID string `json:"appId,omitempty"`
	// AppVersion is the installed version of the app.
	AppVersion string `json:"appVersion,omitempty"`
	// InstalledByID is the id of the member who installed the app.
	InstalledByID string `json:"installedById,omitempty"`
	// UninstalledByID is the id of the member who uninstalled the app
	// (APP_UNINSTALLED).
	UninstalledByID string `json:"uninstalledById,omitempty"`
	// Status is the installation's status, such as "ENABLED" or "DELETED".
	Status string `json:"status,omitempty"`
	// Context is the permission context of the installation: NETWORK,
	// SPACE...
	Context string `json:"context,omitempty"`
	// EntityID is the id of the context's entity.
	EntityID string `json:"entityId,omitempty"`
	// Permissions are the permissions granted to the app.
	Permissions []string `json:"permissions,omitempty"`
	// UninstallationReason is the reason given for uninstalling, if any.
	UninstallationReason string `json:"uninstallationReason,omitempty"`
	// NetworkInfo describes the community, when sent.
	NetworkInfo *NetworkInfo `json:"networkInfo,omitempty"`
}

// NetworkInfo describes the community an app was installed on.
type NetworkInfo struct {
	// ID is the community's id.
	ID string `json:"id"`
	// Name is the community's name.
	Name string `json:"name,omitempty"`
	// Domain is the community's domain.
	Domain string `json:"domain,omitempty"`
	// GraphQLURL is the GraphQL endpoint to call for the community.
	GraphQLURL string `json:"graphqlUrl,omitempty"`
}

// Response is the answer envelope. The Handler writes it; it is exported
// for receivers that answer by hand (with a Middleware) and for tests.
type Response struct {
	// Type is the request's type, repeated.
	Type string `json:"type"`
	// Status is StatusSucceeded or StatusFailed.
	Status string `json:"status"`
	// Data is the answer's payload. Bettermode expects an object: the
	// Handler writes {} when a function returns nil; set an empty map
	// rather than nil when answering by hand.
	Data any `json:"data"`
	// ErrorCode and ErrorMessage are set on a FAILED answer.
	ErrorCode int `json:"errorCode,omitempty"`
	// ErrorMessage is the FAILED answer's message (see ErrorCode).
	ErrorMessage string `json:"errorMessage,omitempty"`
}
