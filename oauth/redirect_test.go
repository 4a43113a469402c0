package oauth_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/oauth"
)

const (
	redirectState = "state-0123456789-abcdefghij"
	redirectToken = "fake-redirect-token-0001"
)

func TestRedirectTokenHandler(t *testing.T) {
	errNoSession := errors.New("app: no session")
	for _, tc := range []struct {
		name     string
		h        oauth.RedirectTokenHandler
		req      func() *http.Request
		want     error  // nil: the token is handed over
		wantCode int    // the default OnError's status
		wantText string // in the error
	}{
		{name: "query", req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state="+redirectState, nil)
		}},
		{name: "form post", req: func() *http.Request {
			return postForm("/back", url.Values{"access_token": {redirectToken}, "state": {redirectState}})
		}},
		{name: "a page the browser opens", req: func() *http.Request {
			return fetchMeta(httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state="+redirectState, nil), "navigate", "document")
		}},
		{name: "a form the person submits", req: func() *http.Request {
			return fetchMeta(postForm("/back", url.Values{"access_token": {redirectToken}, "state": {redirectState}}), "navigate", "document")
		}},
		{name: "an image following the redirect", req: func() *http.Request {
			return fetchMeta(httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state="+redirectState, nil), "no-cors", "image")
		}, want: oauth.ErrMissingToken, wantCode: http.StatusBadRequest, wantText: "not an image"},
		{name: "a frame", req: func() *http.Request {
			return fetchMeta(httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state="+redirectState, nil), "navigate", "iframe")
		}, want: oauth.ErrMissingToken, wantCode: http.StatusBadRequest, wantText: "frame"},
		{name: "a script's fetch", req: func() *http.Request {
			return fetchMeta(postForm("/back", url.Values{"access_token": {redirectToken}, "state": {redirectState}}), "cors", "empty")
		}, want: oauth.ErrMissingToken, wantCode: http.StatusBadRequest, wantText: "page the browser opens"},
		{name: "named parameter", h: oauth.RedirectTokenHandler{Param: "jwt"}, req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?jwt="+redirectToken+"&state="+redirectState, nil)
		}},
		{name: "state from the app's session", h: oauth.RedirectTokenHandler{State: "-", ExpectedState: func(r *http.Request) (string, error) {
			return r.Header.Get("X-Session-State"), nil
		}}, req: func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state=per-user-state-0001", nil)
			r.Header.Set("X-Session-State", "per-user-state-0001")
			return r
		}},
		{name: "state mismatch", req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state=forged", nil)
		}, want: oauth.ErrStateMismatch, wantCode: 400},
		{name: "no state", req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken, nil)
		}, want: oauth.ErrStateMismatch, wantCode: 400},
		{name: "state in the query of a form post", req: func() *http.Request {
			return postForm("/back?state="+redirectState, url.Values{"access_token": {redirectToken}})
		}, want: oauth.ErrStateMismatch, wantCode: 400},
		{name: "the app has no state", h: oauth.RedirectTokenHandler{ExpectedState: func(*http.Request) (string, error) {
			return "", errNoSession
		}}, req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state="+redirectState, nil)
		}, want: oauth.ErrStateMismatch, wantCode: 400, wantText: "app: no session"},
		{name: "no token", req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?state="+redirectState, nil)
		}, want: oauth.ErrMissingToken, wantCode: 400, wantText: `"access_token" parameter`},
		{name: "provider error", req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?error=access_denied&state="+redirectState, nil)
		}, want: oauth.ErrAccessDenied, wantCode: 403},
		{name: "PUT", req: func() *http.Request {
			return httptest.NewRequest(http.MethodPut, "/back?access_token="+redirectToken+"&state="+redirectState, nil)
		}, want: oauth.ErrMissingToken, wantCode: 400},
		{name: "JSON post", req: func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/back", strings.NewReader(`{"access_token":"x"}`))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, want: oauth.ErrMissingToken, wantCode: 400},
		{name: "no OnToken", h: oauth.RedirectTokenHandler{OnToken: nil}, req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state="+redirectState, nil)
		}, want: bettermode.ErrInvalidInput, wantCode: 500},
		{name: "no state configured", h: oauth.RedirectTokenHandler{State: ""}, req: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state=", nil)
		}, want: bettermode.ErrInvalidInput, wantCode: 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got bettermode.Secret
			h := tc.h
			switch {
			case h.State == "-":
				h.State = ""
			case h.State == "" && h.ExpectedState == nil && tc.name != "no state configured":
				h.State = redirectState
			}
			if tc.name != "no OnToken" {
				h.OnToken = func(w http.ResponseWriter, r *http.Request, tok bettermode.Secret) {
					got = tok
					http.Redirect(w, r, "/home", http.StatusSeeOther)
				}
			}
			// The default OnError first, then one that captures.
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, tc.req())
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
			assert.Equal(t, "no-referrer", rec.Header().Get("Referrer-Policy"))
			if tc.want == nil {
				assert.Equal(t, http.StatusSeeOther, rec.Code)
				assert.Equal(t, redirectToken, got.Reveal())
				assert.Equal(t, "REDACTED", fmt.Sprint(got))
				return
			}
			assert.Equal(t, tc.wantCode, rec.Code)
			assert.Empty(t, got)
			assert.NotContains(t, rec.Body.String(), redirectToken)

			var herr error
			h.OnError = func(_ http.ResponseWriter, _ *http.Request, err error) { herr = err }
			h.ServeHTTP(httptest.NewRecorder(), tc.req())
			if errors.Is(tc.want, bettermode.ErrInvalidInput) {
				require.ErrorIs(t, herr, tc.want)
			} else {
				requireDistinct(t, herr, tc.want)
			}
			assert.Contains(t, herr.Error(), tc.wantText)
			for _, text := range []string{herr.Error(), fmt.Sprintf("%+v", herr), fmt.Sprintf("%#v", herr)} {
				assert.NotContains(t, text, redirectToken)
				assert.NotContains(t, text, redirectState)
				assert.NotContains(t, text, "/back?")
			}
		})
	}
}

// fetchMeta sets the Fetch Metadata headers a browser sends with r.
func fetchMeta(r *http.Request, mode, dest string) *http.Request {
	r.Header.Set("Sec-Fetch-Mode", mode)
	r.Header.Set("Sec-Fetch-Dest", dest)
	return r
}

func postForm(target string, v url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// TestRedirectTokenBare takes a token from a redirect and sends it bare to
// an API that wants "Authorization: <token>".
func TestRedirectTokenBare(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != redirectToken {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, "hello")
	}))
	defer api.Close()
	state := oauth.NewState()
	var src bettermode.CredentialSource
	h := oauth.RedirectTokenHandler{State: state, OnToken: func(w http.ResponseWriter, r *http.Request, tok bettermode.Secret) {
		src = bettermode.StaticToken(tok.Reveal(), bettermode.WithScheme(bettermode.SchemeBare))
		http.Redirect(w, r, "/", http.StatusSeeOther)
	}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/back?access_token="+redirectToken+"&state="+url.QueryEscape(state), nil))
	require.Equal(t, http.StatusSeeOther, rec.Code)
	require.NotNil(t, src)

	hc := &http.Client{Transport: bettermode.NewTransport(src, api.Client().Transport)}
	defer hc.CloseIdleConnections()
	resp, err := hc.Get(api.URL)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "hello", string(body))

	assert.Equal(t, `oauth.RedirectTokenHandler{Param: ""}`, fmt.Sprintf("%+v", h))
	assert.NotEqual(t, oauth.NewState(), state)
	assert.Len(t, state, 43)
}
