package schema_test

import (
	"encoding/json"
	"testing"
	"time"

	graphql "github.com/hasura/go-graphql-client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/schema"
)

// TestVariableTypes: hasura's go-graphql-client declares each variable
// with the GraphQL name of its Go type, required for a value and nullable
// for a pointer.
func TestVariableTypes(t *testing.T) {
	var m struct {
		CreatePost struct {
			ID schema.ID
		} `graphql:"createPost(input: $input, spaceId: $spaceId)"`
	}
	for _, tc := range []struct {
		name string
		vars map[string]any
		want string
	}{
		{"input", map[string]any{"input": schema.CreatePostInput{}, "spaceId": schema.ID("s")}, "mutation ($input:CreatePostInput!$spaceId:ID!)"},
		{"optional input", map[string]any{"input": &schema.CreatePostInput{}, "spaceId": (*schema.ID)(nil)}, "mutation ($input:CreatePostInput$spaceId:ID)"},
		{"enum", map[string]any{"input": schema.PermissionContextNetwork, "spaceId": []schema.ID{}}, "mutation ($input:PermissionContext!$spaceId:[ID!]!)"},
		{"lower case GraphQL name", map[string]any{"input": schema.SubscriptionInput{}, "spaceId": &schema.SubscriptionInput{}}, "mutation ($input:subscriptionInput!$spaceId:subscriptionInput)"},
		{"scalar", map[string]any{"input": schema.DateTime{}, "spaceId": schema.NewDateTime(time.Time{})}, "mutation ($input:DateTime!$spaceId:DateTime)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := graphql.ConstructMutation(&m, tc.vars)
			require.NoError(t, err)
			assert.Contains(t, q, tc.want)
		})
	}
}

// TestIDIsTheSDKsID: schema.ID and bettermode.ID are one type.
func TestIDIsTheSDKsID(t *testing.T) {
	var id bettermode.ID = "x"
	var sid schema.ID = id
	assert.Equal(t, graphql.ID("x"), sid)
}

// TestInputJSON: required fields are always sent, optional ones only when
// set, under the schema's names.
func TestInputJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   any
		want string
	}{
		{"required only", schema.CreatePostInput{PostTypeID: "pt", MappingFields: []schema.PostMappingFieldInput{}}, `{"mappingFields":[],"postTypeId":"pt"}`},
		{"zero required field is sent", schema.OAuthTokensInput{}, `{"client_id":"","client_secret":"","code":"","grant_type":""}`},
		{"optional set", schema.CreatePostInput{PostTypeID: "pt", Publish: schema.Ptr(false), TagIDs: &[]string{}, OwnerID: schema.Ptr(schema.ID("m1"))},
			`{"mappingFields":null,"ownerId":"m1","postTypeId":"pt","publish":false,"tagIds":[]}`},
		{"two shapes of one input", schema.OAuthCodeInput{Client_id: schema.Ptr("c"), Redirect_uri: schema.Ptr("https://x"), ResponseType: schema.Ptr("code"), Scope: schema.Ptr("s")},
			`{"client_id":"c","redirect_uri":"https://x","response_type":"code","scope":"s"}`},
		{"live shape and enum list", schema.OAuthCodeInput{ClientID: schema.Ptr("c"), RedirectURI: schema.Ptr("https://x"), Scopes: &[]schema.PrimaryScopes{schema.PrimaryScopesCreateContent}},
			`{"clientId":"c","redirectUri":"https://x","scopes":["CreateContent"]}`},
		{"date time in UTC", schema.AddTrialInput{EndDate: schema.DateTime{Time: time.Date(2024, 1, 2, 4, 4, 5, 0, time.FixedZone("CET", 3600))}},
			`{"endDate":"2024-01-02T03:04:05Z"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.in)
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(b))
		})
	}
}

func TestDateTimeDecodes(t *testing.T) {
	var v struct{ At schema.DateTime }
	require.NoError(t, json.Unmarshal([]byte(`{"At":"2019-12-03T09:54:33Z"}`), &v))
	assert.Equal(t, time.Date(2019, 12, 3, 9, 54, 33, 0, time.UTC), v.At.Time)
}

func TestEnumValues(t *testing.T) {
	assert.Equal(t, schema.PermissionContext("NETWORK"), schema.PermissionContextNetwork)
	assert.Equal(t, schema.NetworkMembership("inviteOnly"), schema.NetworkMembershipInviteOnly)
	assert.Equal(t, schema.PlanName("Basic"), schema.PlanNameBasic)
	assert.Equal(t, schema.PlanName("basic"), schema.PlanName_basic)
}
