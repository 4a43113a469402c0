package bettermodetest_test

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"

	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/internal/rootfields"
)

// officialDoc is a document of testdata/schema/official-documents.json.
type officialDoc struct {
	Operation, Name, Preset, Document string
}

// officialDocs reads every document the official TypeScript SDK builds for
// its own calls (internal/cmd/schemagen/officialdocs.mjs wrote them).
func officialDocs(t testing.TB) []officialDoc {
	t.Helper()
	b, err := os.ReadFile("../testdata/schema/official-documents.json")
	require.NoError(t, err)
	var docs []officialDoc
	require.NoError(t, json.Unmarshal(b, &docs))
	return docs
}

// TestOfficialDocumentsValidate: every document the official SDK builds
// (QueryFunctions and MutationFunctions with the presets basic and all) is
// valid against the kit's schema.
func TestOfficialDocumentsValidate(t *testing.T) {
	docs := officialDocs(t)
	require.Len(t, docs, 854)
	valid := 0
	for _, d := range docs {
		t.Run(d.Operation+"."+d.Name+"."+d.Preset, func(t *testing.T) {
			_, errs := gqlparser.LoadQuery(testSchema, d.Document)
			if assert.Empty(t, errs) {
				valid++
			}
		})
	}
	t.Logf("%d/%d official documents valid", valid, len(docs))
}

// TestOfficialDocumentsRun sends every official document to the kit with
// an app token and a value for every required argument (those of
// internal/rootfields, made for the same root field), or, for the fields
// of the login flows, the credentials and arguments their rules need: each
// is answered without an error.
func TestOfficialDocumentsRun(t *testing.T) {
	s := bettermodetest.Start(t)
	net, member, app := s.Network(), s.Member(), s.App()
	appAuth := bearer(s.MintToken(bettermodetest.KindApp, ""))
	guestAuth := bearer(s.MintToken(bettermodetest.KindGuest, ""))
	type call struct {
		auth string
		vars map[string]any
	}
	login := map[string]any{"input": map[string]any{"usernameOrEmail": member.Email, "password": member.Password}}
	special := map[string]func() call{
		"query.tokens":          func() call { return call{"", map[string]any{"networkId": net.ID}} },
		"query.loginNetwork":    func() call { return call{guestAuth, login} },
		"mutation.loginNetwork": func() call { return call{guestAuth, login} },
		"query.limitedToken": func() call {
			return call{basic(app.ClientID, app.ClientSecret), map[string]any{"context": "NETWORK", "entityId": net.ID, "networkId": net.ID}}
		},
		"mutation.requestGlobalTokenCode": func() call {
			return call{"", map[string]any{"input": map[string]any{"email": member.Email}}}
		},
		"query.globalToken": func() call {
			post(t, s, "", `mutation($input: RequestGlobalTokenInput!) { requestGlobalTokenCode(input: $input) { status } }`,
				map[string]any{"input": map[string]any{"email": member.Email}})
			code, ok := s.EmailedCode(member.Email)
			require.True(t, ok)
			return call{"", map[string]any{"input": map[string]any{"email": member.Email, "verificationCode": code}}}
		},
		"query.member":    func() call { return call{appAuth, map[string]any{"id": member.ID}} },
		"query.getMember": func() call { return call{appAuth, map[string]any{"memberId": member.ID}} },
	}
	vars := map[string]string{}
	for _, f := range rootfields.Fields {
		vars[f.Operation+"."+f.Name] = f.Variables
	}
	docs := officialDocs(t)
	for _, d := range docs {
		t.Run(d.Operation+"."+d.Name+"."+d.Preset, func(t *testing.T) {
			key := d.Operation + "." + d.Name
			c := call{auth: appAuth}
			if sp, ok := special[key]; ok {
				c = sp()
			} else {
				v, ok := vars[key]
				require.True(t, ok, "internal/rootfields has %s", key)
				require.NoError(t, json.Unmarshal([]byte(v), &c.vars))
			}
			a := post(t, s, c.auth, d.Document, c.vars)
			require.Equal(t, http.StatusOK, a.Status, a.Raw)
			assert.Nil(t, a.Body["errors"], a.Raw)
			data, _ := a.Body["data"].(map[string]any)
			assert.NotNil(t, data[d.Name], a.Raw)
		})
	}
	assert.Zero(t, s.Rejected(bettermodetest.RejectValidation))
	assert.Zero(t, s.Rejected(bettermodetest.RejectBadRequest))
}
