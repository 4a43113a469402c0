package genqlient_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/genqlient"
	"github.com/bettermode-go/bettermode/genqlient/internal/testops"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// countingBudget is a RateBudget that lets everything through and counts.
type countingBudget struct{ waits, charges atomic.Int64 }

func (b *countingBudget) Wait(context.Context, int) error        { b.waits.Add(1); return nil }
func (b *countingBudget) Charge(context.Context, int, int)       { b.charges.Add(1) }
func (b *countingBudget) Backoff(context.Context, time.Duration) {}

func setup(t *testing.T, token string, opts ...bettermode.Option) (*bettermodetest.Server, graphql.Client) {
	t.Helper()
	srv := bettermodetest.Start(t)
	if token == "" {
		token = srv.MintToken(bettermodetest.KindMember, srv.Member().ID)
	}
	opts = append(opts, bettermode.WithEndpoint(srv.URL), bettermode.WithCredentials(bettermode.StaticToken(token)))
	c, err := bettermode.NewClient(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return srv, genqlient.New(c)
}

func TestGeneratedCode(t *testing.T) {
	b := &countingBudget{}
	srv, gql := setup(t, "", bettermode.WithRateBudget(b))
	ctx := context.Background()

	me, err := testops.GetAuthMember(ctx, gql)
	require.NoError(t, err)
	assert.Equal(t, srv.Member().ID, me.AuthMember.Id)
	assert.Equal(t, srv.Member().Name, me.AuthMember.Name)

	admin, err := testops.GetMember(ctx, gql, srv.Admin().ID)
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Username, admin.Member.Username)

	files, err := testops.CreateFiles(ctx, gql, []testops.CreateFileInput{{ContentType: "application/pdf", Extension: "pdf", Name: "a.pdf", Size: 10}})
	require.NoError(t, err)
	require.Len(t, files.CreateFiles, 1)
	assert.NotEmpty(t, files.CreateFiles[0].MediaId)

	assert.Equal(t, 1, srv.Operations("GetAuthMember"), "genqlient's operation name is sent")
	assert.Equal(t, 1, srv.Operations("GetMember"))
	assert.Equal(t, 1, srv.Operations("CreateFiles"))
	assert.Equal(t, 3, srv.Requests(bettermodetest.AuthBearer), "each request carries the client's token")
	assert.Equal(t, int64(3), b.waits.Load(), "each request waits for the rate budget")
}

func TestTypedErrors(t *testing.T) {
	srv, gql := setup(t, "")
	_, err := testops.GetMember(context.Background(), gql, "noSuchMember")
	require.Error(t, err)
	assert.ErrorIs(t, err, bettermode.ErrNotFound)
	var e *bettermode.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "110", e.Code)
	assert.Equal(t, "GetMember", e.Operation)
	assert.Equal(t, 1, srv.Operations("GetMember"))

	_, gql = setup(t, "not-a-valid-token")
	_, err = testops.GetAuthMember(context.Background(), gql)
	assert.ErrorIs(t, err, bettermode.ErrUnauthorized)
}

func TestRetries(t *testing.T) {
	srv, gql := setup(t, "")
	srv.InjectFault("GetAuthMember", bettermodetest.Fault{Status: http.StatusBadGateway, Times: 1})
	_, err := testops.GetAuthMember(context.Background(), gql)
	require.NoError(t, err, "a query is retried")
	assert.Equal(t, 2, srv.Operations("GetAuthMember"))

	srv.InjectFault("CreateFiles", bettermodetest.Fault{Status: http.StatusBadGateway, Times: 1})
	_, err = testops.CreateFiles(context.Background(), gql, []testops.CreateFileInput{{ContentType: "text/plain", Extension: "txt"}})
	require.Error(t, err)
	var e *bettermode.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, http.StatusBadGateway, e.StatusCode)
	assert.Equal(t, 1, srv.Operations("CreateFiles"), "a mutation that may have run is never resent")
}

func TestMakeRequest(t *testing.T) {
	_, gql := setup(t, "")
	var data struct {
		AuthMember struct{ Name string } `json:"authMember"`
	}
	resp := &graphql.Response{Data: &data}
	err := gql.MakeRequest(context.Background(), &graphql.Request{Query: `query Me { authMember { name } }`, OpName: "Me"}, resp)
	require.NoError(t, err)
	assert.Equal(t, "Fake Member", data.AuthMember.Name)
	assert.Contains(t, resp.Extensions, "complexity", "extensions are kept")

	err = gql.MakeRequest(context.Background(), &graphql.Request{Query: `query { authMember { name } }`, Variables: make(chan int)}, &graphql.Response{})
	assert.ErrorContains(t, err, "bettermode: genqlient: ")
	err = gql.MakeRequest(context.Background(), &graphql.Request{Query: `query { authMember { name } }`, Variables: []int{1}}, &graphql.Response{})
	assert.ErrorContains(t, err, "not a JSON object")
	var nilClient *genqlient.Client
	assert.Error(t, nilClient.MakeRequest(context.Background(), &graphql.Request{}, &graphql.Response{}))
}
