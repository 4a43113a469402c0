package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/webhook"
)

func TestNewHandlerNeedsSecrets(t *testing.T) {
	for _, secrets := range [][]bettermode.Secret{nil, {}, {""}, {secret1, ""}} {
		h, err := webhook.NewHandler(webhook.Config{Secrets: secrets})
		require.ErrorIs(t, err, webhook.ErrNoSecret)
		require.Nil(t, h)
	}
}

func TestRegisterPanics(t *testing.T) {
	h, _ := newHandler(t, nil)
	fn := func(context.Context, *webhook.Request) (any, error) { return nil, nil }
	assert.Panics(t, func() { h.Handle("", fn) })
	assert.Panics(t, func() { h.Handle(webhook.TypeTest, fn) })
	assert.Panics(t, func() { h.Handle(webhook.TypeFederatedSearch, nil) })
	assert.Panics(t, func() { h.OnSubscription(nil) })
	assert.Panics(t, func() { h.OnInteraction(nil) })
	assert.Panics(t, func() { h.OnGetSettings(nil) })
	assert.Panics(t, func() { h.OnUpdateSettings(nil) })
	assert.Panics(t, func() { h.OnAppInstalled(nil) })
	assert.Panics(t, func() { h.OnAppUninstalled(nil) })
}

func TestHandshake(t *testing.T) {
	h, logs := newHandler(t, nil)
	for _, tc := range []struct{ body, want string }{
		// The portal's request, from Bettermode's "Getting Started" page.
		{`{"networkId":"CAxOmI7I7X","context":"NETWORK","currentSettings":[],"type":"TEST","data":{"challenge":"d77dae12ea612cf647d6e2e78dd2b7470e4e4358"}}`,
			`{"type":"TEST","status":"SUCCEEDED","data":{"challenge":"d77dae12ea612cf647d6e2e78dd2b7470e4e4358"}}`},
		// The challenge is echoed as the same JSON value.
		{`{"type":"TEST","data":{"challenge":"\u00e9\"quoted\""}}`, `{"type":"TEST","status":"SUCCEEDED","data":{"challenge":"\u00e9\"quoted\""}}`},
		{`{"type":"TEST","data":{"challenge":12345}}`, `{"type":"TEST","status":"SUCCEEDED","data":{"challenge":12345}}`},
		// A test without a challenge is acknowledged.
		{`{"type":"TEST"}`, `{"type":"TEST","status":"SUCCEEDED","data":{}}`},
		{`{"type":"TEST","data":{}}`, `{"type":"TEST","status":"SUCCEEDED","data":{}}`},
	} {
		rec := serve(h, signedAt(t.Context(), []byte(tc.body), t0, secret1))
		require.Equal(t, http.StatusOK, rec.Code)
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
		assert.JSONEq(t, tc.want, rec.Body.String())
	}
	assert.Contains(t, logs.String(), "handshake answered")

	// The handshake is verified like every request.
	body := []byte(`{"type":"TEST","data":{"challenge":"abc"}}`)
	rec := serve(h, signedAt(t.Context(), body, t0, otherSecret))
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.NotContains(t, rec.Body.String(), "abc")
}

func TestSubscription(t *testing.T) {
	h, _ := newHandler(t, nil)
	var got *webhook.Event
	var gotReq *webhook.Request
	calls := 0
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls++
		got, gotReq = ev, req
		return nil
	})
	// member.created, from Bettermode's "Member Webhooks" page (shortened).
	body := `{"networkId":"CAxOmI7I7t","context":"NETWORK","entityId":"CAxOmI7I7t","currentSettings":[],"type":"SUBSCRIPTION",
	"data":{"time":"2021-12-20T03:32:18.757Z","verb":"CREATED","verbAction":"ADDED",
	"actor":{"id":"vBvRy32yvV","roleId":"ZK6Ddb35aw","roleType":"guest","sessionInfo":[null]},
	"with":{"hasInvitation":true,"hasRequestToJoin":false},
	"object":{"networkId":"CAxOmI7I7t","username":"siavash.lij6z7zd","name":"Siavash","id":"zENywtyv1G","status":"UNVERIFIED"},
	"target":{"organizationId":"i7RkgwKXwz","networkId":"CAxOmI7I7t","invitationLinkId":"Nab5VLjadkLuOCsqjffJp","memberId":"zENywtyv1G"},
	"id":"e93d6e7272fe7b56a7cdb26a75327f6d","name":"member.created","noun":"MEMBER","shortDescription":"Create Unverified Member"}}`
	a := deliver(t, h, body)
	assert.Equal(t, answer{Type: "SUBSCRIPTION", Status: "SUCCEEDED", Data: json.RawMessage("{}")}, a)
	require.Equal(t, 1, calls)
	assert.Equal(t, "e93d6e7272fe7b56a7cdb26a75327f6d", got.ID)
	assert.Equal(t, "member.created", got.Name)
	assert.Equal(t, "MEMBER", got.Noun)
	assert.Equal(t, "CREATED", got.Verb)
	assert.Equal(t, "ADDED", got.VerbAction)
	assert.Equal(t, "Create Unverified Member", got.ShortDescription)
	assert.True(t, got.Time.Equal(time.Date(2021, 12, 20, 3, 32, 18, 757e6, time.UTC)))
	require.NotNil(t, got.Actor)
	assert.Equal(t, "vBvRy32yvV", got.Actor.ID)
	assert.Equal(t, "guest", got.Actor.RoleType)
	assert.JSONEq(t, "[null]", string(got.Actor.SessionInfo))
	require.NotNil(t, got.Target)
	assert.Equal(t, "zENywtyv1G", got.Target.MemberID)
	assert.Equal(t, "i7RkgwKXwz", got.Target.OrganizationID)
	var member struct{ ID, Username, Status string }
	require.NoError(t, got.DecodeObject(&member))
	assert.Equal(t, "siavash.lij6z7zd", member.Username)
	assert.JSONEq(t, `{"hasInvitation":true,"hasRequestToJoin":false}`, string(got.With))

	assert.Equal(t, "SUBSCRIPTION", gotReq.Type)
	assert.Equal(t, "CAxOmI7I7t", gotReq.NetworkID)
	assert.Equal(t, "NETWORK", gotReq.Context)
	assert.Equal(t, "CAxOmI7I7t", gotReq.EntityID)
	assert.True(t, gotReq.Time.Equal(t0))
	assert.Equal(t, body, string(gotReq.Body))
}

func TestInteractionAndSettings(t *testing.T) {
	h, _ := newHandler(t, nil)
	h.OnInteraction(func(ctx context.Context, req *webhook.Request, in *webhook.Interaction) (any, error) {
		var inputs struct{ Name string }
		if err := json.Unmarshal(in.Inputs, &inputs); err != nil {
			return nil, err
		}
		return map[string]any{"interactions": []map[string]any{{
			"id": "toast-" + in.InteractionID, "type": "OPEN_TOAST",
			"props": map[string]string{"status": "SUCCESS", "title": "Hello " + inputs.Name + " from " + in.DynamicBlockKey},
		}}}, nil
	})
	h.OnGetSettings(func(ctx context.Context, req *webhook.Request) (any, error) {
		require.Len(t, req.CurrentSettings, 1)
		return req.CurrentSettings[0].Settings, nil
	})
	h.OnUpdateSettings(func(ctx context.Context, req *webhook.Request, settings json.RawMessage) (any, error) {
		return map[string]json.RawMessage{"toStore": settings}, nil
	})
	h.Handle(webhook.TypeFederatedSearch, func(ctx context.Context, req *webhook.Request) (any, error) {
		var q struct{ Query string }
		require.NoError(t, req.DecodeData(&q))
		return map[string]any{"hits": []string{q.Query}}, nil
	})

	// The interaction request of Bettermode's "Interactions" page.
	a := deliver(t, h, `{"networkId":"CAxOmI7I7t","context":"NETWORK","entityId":"CAxOmI7I7t","currentSettings":[],"type":"INTERACTION",
		"data":{"actorId":"DT12skI901s","appId":"QC1xmIy3xO","interactionId":"Ax12skI901y3xO","preview":false,
		"dynamicBlockKey":"settings","shortcutKey":null,"callbackId":null,"inputs":{"name":"Ada"}}}`)
	assert.Equal(t, "INTERACTION", a.Type)
	assert.Equal(t, "SUCCEEDED", a.Status)
	assert.JSONEq(t, `{"interactions":[{"id":"toast-Ax12skI901y3xO","type":"OPEN_TOAST","props":{"status":"SUCCESS","title":"Hello Ada from settings"}}]}`, string(a.Data))

	a = deliver(t, h, `{"networkId":"n1","context":"NETWORK","entityId":"n1","type":"GET_SETTINGS",
		"currentSettings":[{"id":"s1","appId":"a1","networkId":"n1","context":"NETWORK","entityId":"n1","settings":{"color":"blue"}}]}`)
	assert.Equal(t, answer{Type: "GET_SETTINGS", Status: "SUCCEEDED", Data: json.RawMessage(`{"color":"blue"}`)}, a)

	a = deliver(t, h, `{"networkId":"n1","context":"NETWORK","type":"UPDATE_SETTINGS","currentSettings":[],"data":{"settings":{"color":"red"}}}`)
	assert.Equal(t, answer{Type: "UPDATE_SETTINGS", Status: "SUCCEEDED", Data: json.RawMessage(`{"toStore":{"color":"red"}}`)}, a)

	a = deliver(t, h, `{"networkId":"n1","type":"FEDERATED_SEARCH","data":{"query":"go"}}`)
	assert.JSONEq(t, `{"hits":["go"]}`, string(a.Data))
}

func TestInstallUninstall(t *testing.T) {
	h, _ := newHandler(t, nil)
	var installed, uninstalled []*webhook.Installation
	h.OnAppInstalled(func(ctx context.Context, req *webhook.Request, inst *webhook.Installation) error {
		installed = append(installed, inst)
		return nil
	})
	h.OnAppUninstalled(func(ctx context.Context, req *webhook.Request, inst *webhook.Installation) error {
		uninstalled = append(uninstalled, inst)
		return nil
	})
	// Install and uninstall carry the same installation id: they are
	// different events.
	data := `"data":{"id":"inst-1","networkId":"n1","appId":"app-1","status":"ENABLED","context":"NETWORK","entityId":"n1",
		"permissions":["READ"],"networkInfo":{"id":"n1","name":"Fake","domain":"fake.example","graphqlUrl":"https://api.example/graphql"}}`
	a := deliver(t, h, `{"networkId":"n1","type":"APP_INSTALLED",`+data+`}`)
	assert.Equal(t, "SUCCEEDED", a.Status)
	a = deliver(t, h, `{"networkId":"n1","type":"APP_UNINSTALLED",`+data+`}`)
	assert.Equal(t, "SUCCEEDED", a.Status)
	// A retry of each is a duplicate.
	deliver(t, h, `{"networkId":"n1","type":"APP_INSTALLED",`+data+`}`)
	deliver(t, h, `{"networkId":"n1","type":"APP_UNINSTALLED",`+data+`}`)
	require.Len(t, installed, 1)
	require.Len(t, uninstalled, 1)
	assert.Equal(t, "inst-1", installed[0].ID)
	assert.Equal(t, []string{"READ"}, installed[0].Permissions)
	require.NotNil(t, installed[0].NetworkInfo)
	assert.Equal(t, "https://api.example/graphql", installed[0].NetworkInfo.GraphQLURL)
}

func TestUnknownAndUnregisteredTypes(t *testing.T) {
	h, logs := newHandler(t, nil)
	for _, typ := range []string{"SOMETHING_NEW", "INTERACTION", "SUBSCRIPTION", strings.Repeat("X", 100)} {
		a := deliver(t, h, `{"networkId":"n1","type":"`+typ+`","data":{"id":"e1"}}`)
		assert.Equal(t, typ, a.Type)
		assert.Equal(t, "FAILED", a.Status)
		assert.Equal(t, webhook.CodeInvalidRequest, a.ErrorCode)
		assert.Contains(t, a.ErrorMessage, "unsupported webhook type")
		assert.Contains(t, a.ErrorMessage, typ[:min(len(typ), 64)])
		assert.LessOrEqual(t, len(a.ErrorMessage), 120)
	}
	assert.Contains(t, logs.String(), "no handler for the type")
}

// publicErr is a user error type with a public message.
type publicErr struct{ internal string }

func (e publicErr) Error() string         { return "internal: " + e.internal }
func (e publicErr) PublicMessage() string { return "the post is locked" }

func TestHandlerErrors(t *testing.T) {
	h, logs := newHandler(t, nil)
	var fail error
	calls := 0
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls++
		return fail
	})
	for i, tc := range []struct {
		err      error
		code     int
		message  string
		notInAny string
	}{
		{errors.New("pq: connection to 10.0.0.7:5432 refused, password=hunter2"), webhook.CodeServerError, "handler failed", "hunter2"},
		{webhook.Fail("the space is archived"), webhook.CodeServerError, "the space is archived", ""},
		{&webhook.Failure{Code: webhook.CodeInvalidParameter, Message: "unknown post", Err: errors.New("sql: no rows, dsn=secret-dsn")}, webhook.CodeInvalidParameter, "unknown post", "secret-dsn"},
		{fmt.Errorf("saving: %w", &webhook.Failure{Message: "quota exceeded"}), webhook.CodeServerError, "quota exceeded", ""},
		{publicErr{internal: "row 42 locked by pid 7"}, webhook.CodeServerError, "the post is locked", "pid 7"},
		{&webhook.Failure{}, webhook.CodeServerError, "handler failed", ""},
	} {
		fail = tc.err
		rec := serve(h, signedAt(t.Context(), []byte(event("n1", fmt.Sprint("err-", i), "post.published")), t0, secret1))
		a := envelopeOf(t, rec)
		assert.Equal(t, answer{Type: "SUBSCRIPTION", Status: "FAILED", Data: json.RawMessage("{}"), ErrorCode: tc.code, ErrorMessage: tc.message}, a)
		if tc.notInAny != "" {
			assert.NotContains(t, rec.Body.String(), tc.notInAny)
		}
	}
	assert.Equal(t, 6, calls)
	// The log has the real error, for the operator.
	assert.Contains(t, logs.String(), "row 42 locked by pid 7")

	// Failure's methods.
	f := &webhook.Failure{Message: "m", Err: io.EOF}
	assert.Equal(t, "m: EOF", f.Error())
	assert.ErrorIs(t, f, io.EOF)
	assert.Equal(t, webhook.CodeServerError, f.ErrorCode())
}

func TestHandlerPanicAndBadData(t *testing.T) {
	h, logs := newHandler(t, nil)
	calls := 0
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls++
		if calls == 1 {
			panic("boom: token=xyz")
		}
		return nil
	})
	h.Handle(webhook.TypeGetSettings, func(ctx context.Context, req *webhook.Request) (any, error) {
		return func() {}, nil // cannot be encoded
	})
	a := deliver(t, h, event("n1", "p1", "post.published"))
	assert.Equal(t, "FAILED", a.Status)
	assert.Equal(t, "handler failed", a.ErrorMessage)
	assert.Contains(t, logs.String(), "handler panicked")
	// A panic is a failure: the retry runs the function again.
	a = deliver(t, h, event("n1", "p1", "post.published"))
	assert.Equal(t, "SUCCEEDED", a.Status)
	assert.Equal(t, 2, calls)

	a = deliver(t, h, `{"networkId":"n1","type":"GET_SETTINGS"}`)
	assert.Equal(t, answer{Type: "GET_SETTINGS", Status: "FAILED", Data: json.RawMessage("{}"), ErrorCode: webhook.CodeServerError, ErrorMessage: "handler failed"}, a)
}

func TestRejections(t *testing.T) {
	h, logs := newHandler(t, nil)
	calls := 0
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls++
		return nil
	})
	h.OnInteraction(func(ctx context.Context, req *webhook.Request, in *webhook.Interaction) (any, error) {
		calls++
		return nil, nil
	})
	body := []byte(event("n1", "e1", "post.published"))
	ts := ms(t0)
	good := refSign(string(secret1), ts, body)
	signed := func(b string) *http.Request { return signedAt(t.Context(), []byte(b), t0, secret1) }
	var sent []string
	for _, tc := range []struct {
		name string
		req  *http.Request
		code int
		want error
	}{
		{"no signature", post(t.Context(), body, ts, ""), 401, webhook.ErrMissingSignature},
		{"wrong secret", signedAt(t.Context(), body, t0, otherSecret), 401, webhook.ErrBadSignature},
		{"tampered body", post(t.Context(), []byte(strings.Replace(string(body), "e1", "e2", 1)), ts, good), 401, webhook.ErrBadSignature},
		{"tampered timestamp", post(t.Context(), body, ms(t0.Add(time.Second)), good), 401, webhook.ErrBadSignature},
		{"short signature", post(t.Context(), body, ts, good[:40]), 401, webhook.ErrBadSignature},
		{"uppercase signature", post(t.Context(), body, ts, strings.ToUpper(good)), 401, webhook.ErrBadSignature},
		{"no timestamp", post(t.Context(), body, "", good), 400, webhook.ErrMissingTimestamp},
		{"timestamp in seconds", post(t.Context(), body, "1700000000", refSign(string(secret1), "1700000000", body)), 400, webhook.ErrTooOld},
		{"bad timestamp", post(t.Context(), body, "soon", refSign(string(secret1), "soon", body)), 400, webhook.ErrBadTimestamp},
		{"16 minutes old", signedAt(t.Context(), body, t0.Add(-16*time.Minute), secret1), 400, webhook.ErrTooOld},
		{"16 minutes ahead", signedAt(t.Context(), body, t0.Add(16*time.Minute), secret1), 400, webhook.ErrTooNew},
		{"not JSON", signed(`type=SUBSCRIPTION`), 400, webhook.ErrMalformedBody},
		{"empty body", signed(``), 400, webhook.ErrMalformedBody},
		{"JSON array", signed(`[{"type":"SUBSCRIPTION"}]`), 400, webhook.ErrMalformedBody},
		{"JSON null", signed(`null`), 400, webhook.ErrMalformedBody},
		{"no type", signed(`{"networkId":"n1","data":{"id":"e1"}}`), 400, webhook.ErrMalformedBody},
		{"type not a string", signed(`{"type":5}`), 400, webhook.ErrMalformedBody},
		{"trailing garbage", signed(`{"type":"SUBSCRIPTION"} x`), 400, webhook.ErrMalformedBody},
		{"subscription without data", signed(`{"type":"SUBSCRIPTION","networkId":"n1"}`), 400, webhook.ErrMalformedBody},
		{"subscription data not an object", signed(`{"type":"SUBSCRIPTION","data":"e1"}`), 400, webhook.ErrMalformedBody},
		{"subscription data of the wrong shape", signed(`{"type":"SUBSCRIPTION","data":{"id":7,"name":[]}}`), 400, webhook.ErrMalformedBody},
		{"interaction data of the wrong shape", signed(`{"type":"INTERACTION","data":{"preview":"yes"}}`), 400, webhook.ErrMalformedBody},
		{"test data not an object", signed(`{"type":"TEST","data":"abc"}`), 400, webhook.ErrMalformedBody},
		{"settings not an array", signed(`{"type":"SUBSCRIPTION","currentSettings":{},"data":{"id":"e9"}}`), 400, webhook.ErrMalformedBody},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sent = append(sent, tc.req.Header.Get("X-Bettermode-Signature"))
			rec := serve(h, tc.req)
			require.Equal(t, tc.code, rec.Code, rec.Body.String())
			assert.Equal(t, tc.want.Error(), strings.TrimSpace(rec.Body.String())[:len(tc.want.Error())])
			assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
			checkNoSecret(t, "answer", rec.Body.String(), nonEmpty(tc.req.Header.Get("X-Bettermode-Signature"))...)
		})
	}
	assert.Zero(t, calls, "no rejected request reaches a function")

	rec := serve(h, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/webhook", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "POST", rec.Header().Get("Allow"))

	assert.Contains(t, logs.String(), `"status":401`)
	checkNoSecret(t, "log", logs.String(), sent...)
}

func TestRotation(t *testing.T) {
	h, _ := newHandler(t, func(c *webhook.Config) { c.Secrets = []bettermode.Secret{secret2, secret1} })
	calls := 0
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls++
		return nil
	})
	for i, tc := range []struct {
		secret bettermode.Secret
		code   int
	}{{secret1, 200}, {secret2, 200}, {otherSecret, 401}} {
		rec := serve(h, signedAt(t.Context(), []byte(event("n1", fmt.Sprint("rot-", i), "post.published")), t0, tc.secret))
		assert.Equal(t, tc.code, rec.Code, "secret %d", i)
	}
	assert.Equal(t, 2, calls)
}

func TestWindowThroughHandler(t *testing.T) {
	h, _ := newHandler(t, func(c *webhook.Config) { c.Tolerance = 5 * time.Minute })
	h.OnSubscription(func(context.Context, *webhook.Request, *webhook.Event) error { return nil })
	for i, tc := range []struct {
		skew time.Duration
		code int
	}{
		{-5 * time.Minute, 200}, {-5*time.Minute - time.Millisecond, 400},
		{5 * time.Minute, 200}, {5*time.Minute + time.Millisecond, 400},
	} {
		rec := serve(h, signedAt(t.Context(), []byte(event("n1", fmt.Sprint("w-", i), "post.published")), t0.Add(tc.skew), secret1))
		assert.Equal(t, tc.code, rec.Code, "skew %s", tc.skew)
	}
}

func TestBodyLimit(t *testing.T) {
	const limit = 1024
	h, _ := newHandler(t, func(c *webhook.Config) { c.MaxBodyBytes = limit })
	calls := 0
	h.OnSubscription(func(context.Context, *webhook.Request, *webhook.Event) error { calls++; return nil })

	// A body of exactly the limit is read and processed.
	base := event("n1", "big", "post.published")
	exact := base[:len(base)-1] + strings.Repeat(" ", limit-len(base)) + "}"
	require.Len(t, exact, limit)
	rec := serve(h, signedAt(t.Context(), []byte(exact), t0, secret1))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, 1, calls)

	// One byte more, correctly signed, is refused.
	over := exact[:len(exact)-1] + " }"
	rec = serve(h, signedAt(t.Context(), []byte(over), t0, secret1))
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Contains(t, rec.Body.String(), webhook.ErrBodyTooLarge.Error())

	// An endless body of unknown length: never more than limit+1 bytes read.
	for _, declared := range []int64{-1, 10} {
		src := &infiniteReader{}
		r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/webhook", io.NopCloser(src))
		r.ContentLength = declared
		r.Header = webhook.Headers(secret1, t0, nil)
		rec = serve(h, r)
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.LessOrEqual(t, src.served(), int64(limit+1))
		assert.Positive(t, src.served())
	}

	// A declared length over the limit is refused before reading.
	src := &infiniteReader{}
	r := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/webhook", io.NopCloser(src))
	r.ContentLength = limit + 1
	rec = serve(h, r)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Zero(t, src.served())
	assert.Equal(t, 1, calls, "the function never sees an oversized body")

	// The default limit is 1 MiB.
	hd, _ := newHandler(t, nil)
	hd.OnSubscription(func(context.Context, *webhook.Request, *webhook.Event) error { return nil })
	big := base[:len(base)-1] + strings.Repeat(" ", webhook.DefaultMaxBodyBytes-len(base)) + "}"
	assert.Equal(t, http.StatusOK, serve(hd, signedAt(t.Context(), []byte(big), t0, secret1)).Code)
	assert.Equal(t, http.StatusRequestEntityTooLarge, serve(hd, signedAt(t.Context(), []byte(big+" "), t0, secret1)).Code)
}

func TestDuplicates(t *testing.T) {
	h, logs := newHandler(t, nil)
	calls := map[string]int{}
	fail := false
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		calls[req.NetworkID+"/"+ev.ID]++
		if fail {
			return errors.New("temporary")
		}
		return nil
	})
	// A retry comes with a new timestamp and signature.
	for i := range 3 {
		rec := serve(h, signedAt(t.Context(), []byte(event("n1", "e1", "post.published")), t0.Add(-time.Duration(i)*time.Minute), secret1))
		a := envelopeOf(t, rec)
		assert.Equal(t, answer{Type: "SUBSCRIPTION", Status: "SUCCEEDED", Data: json.RawMessage("{}")}, a)
	}
	assert.Equal(t, 1, calls["n1/e1"])
	assert.Contains(t, logs.String(), "duplicate acknowledged")

	// The same id on another network is another event.
	deliver(t, h, event("n2", "e1", "post.published"))
	assert.Equal(t, 1, calls["n2/e1"])

	// A failed event is processed again on retry, then only once.
	fail = true
	assert.Equal(t, "FAILED", deliver(t, h, event("n1", "e2", "post.published")).Status)
	assert.Equal(t, "FAILED", deliver(t, h, event("n1", "e2", "post.published")).Status)
	fail = false
	assert.Equal(t, "SUCCEEDED", deliver(t, h, event("n1", "e2", "post.published")).Status)
	assert.Equal(t, "SUCCEEDED", deliver(t, h, event("n1", "e2", "post.published")).Status)
	assert.Equal(t, 3, calls["n1/e2"])

	// Events without an id are never deduplicated.
	noID := `{"networkId":"n1","type":"SUBSCRIPTION","data":{"name":"post.published"}}`
	deliver(t, h, noID)
	deliver(t, h, noID)
	assert.Equal(t, 2, calls["n1/"])
}

func TestDuplicatesDisabled(t *testing.T) {
	h, _ := newHandler(t, func(c *webhook.Config) { c.Dedupe = webhook.NoDedupe })
	calls := 0
	h.OnSubscription(func(context.Context, *webhook.Request, *webhook.Event) error { calls++; return nil })
	deliver(t, h, event("n1", "e1", "post.published"))
	deliver(t, h, event("n1", "e1", "post.published"))
	assert.Equal(t, 2, calls)
}

func TestInteractionsAreNotDeduplicated(t *testing.T) {
	h, _ := newHandler(t, nil)
	calls := 0
	h.OnInteraction(func(context.Context, *webhook.Request, *webhook.Interaction) (any, error) {
		calls++
		return map[string]int{"n": calls}, nil
	})
	body := `{"networkId":"n1","type":"INTERACTION","data":{"id":"same","interactionId":"i1","actorId":"m1","appId":"a1"}}`
	assert.JSONEq(t, `{"n":1}`, string(deliver(t, h, body).Data))
	assert.JSONEq(t, `{"n":2}`, string(deliver(t, h, body).Data))
}

// concurrentDeliveries sends n copies of one event at once; the first to
// claim it runs fn while all others wait (observed through the deduper's
// wait hook, no sleeping), then fn is released.
func concurrentDeliveries(t *testing.T, n int, fn func(call int32) error) ([]answer, int32) {
	t.Helper()
	d := webhook.NewMemoryDeduper(webhook.MemoryDeduperConfig{Now: fixed(t0)})
	waits := make(chan string, n*n)
	webhook.SetOnWait(d, func(key string) { waits <- key })
	h, _ := newHandler(t, func(c *webhook.Config) { c.Dedupe = d })
	var calls atomic.Int32
	release := make(chan struct{})
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		c := calls.Add(1)
		<-release
		return fn(c)
	})
	answers := make([]answer, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rec := serve(h, signedAt(context.Background(), []byte(event("n1", "concurrent", "post.published")), t0, secret1))
			var a answer
			if assert.Equal(t, 200, rec.Code) && assert.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a)) {
				answers[i] = a
			}
		})
	}
	for range n - 1 {
		<-waits
	}
	close(release)
	wg.Wait()
	return answers, calls.Load()
}

func TestDuplicatesConcurrent(t *testing.T) {
	answers, calls := concurrentDeliveries(t, 8, func(int32) error { return nil })
	assert.Equal(t, int32(1), calls)
	for _, a := range answers {
		assert.Equal(t, "SUCCEEDED", a.Status)
	}

	// The first fails: one waiting copy runs it again, the rest are
	// duplicates of that.
	answers, calls = concurrentDeliveries(t, 8, func(call int32) error {
		if call == 1 {
			return errors.New("temporary")
		}
		return nil
	})
	assert.Equal(t, int32(2), calls)
	count := map[string]int{}
	for _, a := range answers {
		count[a.Status]++
	}
	assert.Equal(t, map[string]int{"FAILED": 1, "SUCCEEDED": 7}, count)
}

func TestContextCancellation(t *testing.T) {
	t.Run("function honours the context", func(t *testing.T) {
		h, _ := newHandler(t, nil)
		started := make(chan struct{})
		var sawErr error
		calls := 0
		h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
			calls++
			if calls > 1 {
				return nil
			}
			close(started)
			<-ctx.Done()
			sawErr = ctx.Err()
			return ctx.Err()
		})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan *httptest.ResponseRecorder)
		go func() { done <- serve(h, signedAt(ctx, []byte(event("n1", "c1", "post.published")), t0, secret1)) }()
		<-started
		cancel()
		a := envelopeOf(t, <-done)
		assert.Equal(t, "FAILED", a.Status)
		assert.Equal(t, webhook.CodeServiceTimeout, a.ErrorCode)
		// The retry is processed: a cancelled event is not recorded.
		assert.Equal(t, "SUCCEEDED", deliver(t, h, event("n1", "c1", "post.published")).Status)
		assert.Equal(t, 2, calls)
		assert.ErrorIs(t, sawErr, context.Canceled)
	})

	t.Run("function ignores the context", func(t *testing.T) {
		h, _ := newHandler(t, nil)
		started, release, returned := make(chan struct{}), make(chan struct{}), make(chan struct{})
		var calls atomic.Int32
		h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
			if calls.Add(1) > 1 {
				return nil
			}
			close(started)
			<-release
			defer close(returned)
			return nil
		})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan *httptest.ResponseRecorder)
		go func() { done <- serve(h, signedAt(ctx, []byte(event("n1", "c2", "post.published")), t0, secret1)) }()
		<-started
		cancel()
		// The answer does not wait for the function.
		a := envelopeOf(t, <-done)
		assert.Equal(t, "FAILED", a.Status)
		close(release)
		<-returned
		// It succeeded in the end, so a retry is a duplicate.
		assert.Equal(t, "SUCCEEDED", deliver(t, h, event("n1", "c2", "post.published")).Status)
		assert.Equal(t, int32(1), calls.Load())
	})

	t.Run("copy waiting for an event in flight", func(t *testing.T) {
		d := webhook.NewMemoryDeduper(webhook.MemoryDeduperConfig{Now: fixed(t0)})
		waiting := make(chan string, 1)
		webhook.SetOnWait(d, func(k string) { waiting <- k })
		h, _ := newHandler(t, func(c *webhook.Config) { c.Dedupe = d })
		started, release := make(chan struct{}), make(chan struct{})
		h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
			close(started)
			<-release
			return nil
		})
		first := make(chan *httptest.ResponseRecorder)
		go func() {
			first <- serve(h, signedAt(context.Background(), []byte(event("n1", "c3", "post.published")), t0, secret1))
		}()
		<-started
		ctx, cancel := context.WithCancel(t.Context())
		second := make(chan *httptest.ResponseRecorder)
		go func() { second <- serve(h, signedAt(ctx, []byte(event("n1", "c3", "post.published")), t0, secret1)) }()
		<-waiting
		cancel()
		a := envelopeOf(t, <-second)
		assert.Equal(t, "FAILED", a.Status)
		assert.Equal(t, webhook.CodeServiceTimeout, a.ErrorCode)
		close(release)
		assert.Equal(t, "SUCCEEDED", envelopeOf(t, <-first).Status)
	})
}

// failingDeduper fails every claim.
type failingDeduper struct{ inFlight bool }

func (f failingDeduper) Claim(context.Context, string) error {
	if f.inFlight {
		return webhook.ErrInFlight
	}
	return errors.New("redis: connection refused")
}
func (failingDeduper) Finish(context.Context, string, bool) error { return nil }

func TestDeduperFailure(t *testing.T) {
	for _, inFlight := range []bool{false, true} {
		h, logs := newHandler(t, func(c *webhook.Config) { c.Dedupe = failingDeduper{inFlight} })
		calls := 0
		h.OnSubscription(func(context.Context, *webhook.Request, *webhook.Event) error { calls++; return nil })
		a := deliver(t, h, event("n1", "d1", "post.published"))
		assert.Equal(t, "FAILED", a.Status)
		assert.Equal(t, webhook.CodeServiceUnavailable, a.ErrorCode)
		assert.NotContains(t, a.ErrorMessage, "redis")
		assert.Zero(t, calls)
		assert.Contains(t, logs.String(), "duplicate guard failed")
	}
}

func TestMiddleware(t *testing.T) {
	h, _ := newHandler(t, nil)
	var seen []string
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		req, ok := webhook.RequestFromContext(r.Context())
		require.True(t, ok)
		assert.Equal(t, string(req.Body), string(b))
		assert.Equal(t, int64(len(b)), r.ContentLength)
		seen = append(seen, req.Type)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(webhook.Response{Type: req.Type, Status: webhook.StatusSucceeded, Data: map[string]any{}})
	})
	mw := h.Middleware(next)
	a := deliver(t, mw, event("n1", "m1", "post.published"))
	assert.Equal(t, "SUCCEEDED", a.Status)
	rec := serve(mw, signedAt(t.Context(), []byte(`{"type":"TEST","data":{"challenge":"c"}}`), t0, secret1))
	assert.JSONEq(t, `{"type":"TEST","status":"SUCCEEDED","data":{"challenge":"c"}}`, rec.Body.String())
	rec = serve(mw, signedAt(t.Context(), []byte(event("n1", "m2", "post.published")), t0, otherSecret))
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	rec = serve(mw, signedAt(t.Context(), []byte(`{"type":"TEST","data":7}`), t0, secret1))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, []string{"SUBSCRIPTION"}, seen)
	_, ok := webhook.RequestFromContext(t.Context())
	assert.False(t, ok)
}

// TestNoSecretInLogs runs every path with a Debug logger and checks that
// neither a secret nor a signature appears in the log or in an answer.
func TestNoSecretInLogs(t *testing.T) {
	h, logs := newHandler(t, func(c *webhook.Config) { c.Secrets = []bettermode.Secret{secret1, secret2} })
	h.OnSubscription(func(ctx context.Context, req *webhook.Request, ev *webhook.Event) error {
		switch ev.Name {
		case "fail":
			return errors.New("failed")
		case "panic":
			panic("panicked")
		}
		return nil
	})
	var sigs, answers []string
	send := func(r *http.Request) {
		sigs = append(sigs, r.Header.Get("X-Bettermode-Signature"))
		answers = append(answers, serve(h, r).Body.String())
	}
	for _, name := range []string{"ok", "ok", "fail", "panic"} {
		send(signedAt(t.Context(), []byte(event("n1", "s-"+name, name)), t0, secret1))
	}
	send(signedAt(t.Context(), []byte(`{"type":"TEST","data":{"challenge":"x"}}`), t0, secret2))
	send(signedAt(t.Context(), []byte(`{"type":"NEW"}`), t0, secret1))
	send(signedAt(t.Context(), []byte(`not json`), t0, secret1))
	send(signedAt(t.Context(), []byte(event("n1", "s", "ok")), t0, otherSecret))
	send(signedAt(t.Context(), []byte(event("n1", "s", "ok")), t0.Add(-time.Hour), secret1))
	send(post(t.Context(), []byte("{}"), ms(t0), "0123456789abcdef0123456789abcdef"))

	text := logs.String()
	require.NotEmpty(t, text)
	for _, level := range []string{`"level":"DEBUG"`, `"level":"INFO"`, `"level":"WARN"`, `"level":"ERROR"`} {
		assert.Contains(t, text, level)
	}
	checkNoSecret(t, "log", text, sigs...)
	for _, a := range answers {
		checkNoSecret(t, "answer", a, sigs...)
	}
	// The Config itself may be logged: its secrets are redacted.
	var buf strings.Builder
	fmt.Fprintf(&buf, "%v %+v %#v", webhook.Config{Secrets: []bettermode.Secret{secret1}}, webhook.Config{Secrets: []bettermode.Secret{secret1}}, webhook.Config{Secrets: []bettermode.Secret{secret1}})
	checkNoSecret(t, "formatted config", buf.String())
}
