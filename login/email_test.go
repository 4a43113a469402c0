package login_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bettermode-go/bettermode"
	"github.com/bettermode-go/bettermode/bettermodetest"
	"github.com/bettermode-go/bettermode/login"
)

// mailbox supplies the codes the kit mails, in place of a prompt.
type mailbox struct {
	e     *env
	email string
	calls atomic.Int32
	wrong atomic.Int32 // this many next calls answer a wrong code
	hook  func(ctx context.Context) error
}

func (m *mailbox) Code(ctx context.Context) (string, error) {
	m.calls.Add(1)
	if m.hook != nil {
		if err := m.hook(ctx); err != nil {
			return "", err
		}
	}
	code, ok := m.e.srv.EmailedCode(m.email)
	if !ok {
		return "", errors.New("no mail")
	}
	m.e.cap.secret(code)
	if m.wrong.Load() > 0 {
		m.wrong.Add(-1)
		n, _ := strconv.Atoi(code)
		wrong := fmt.Sprintf("%06d", (n+1)%1_000_000)
		m.e.cap.secret(wrong)
		return wrong, nil
	}
	return code, nil
}

// emailSource returns a source for the kit's member and its mailbox.
func (e *env) emailSource() (*login.EmailCodeSource, *mailbox) {
	e.t.Helper()
	mb := &mailbox{e: e, email: e.srv.Member().Email}
	src, err := login.NewEmailCodeSource(e.opts, login.EmailCode{Email: mb.email, NetworkID: e.srv.Network().ID, Code: mb.Code})
	require.NoError(e.t, err)
	e.t.Cleanup(func() { _ = src.Close() })
	e.cap.see(src)
	return src, mb
}

func TestEmailCodeSourceEndToEnd(t *testing.T) {
	e := newEnv(t)
	src, mb := e.emailSource()
	c := e.client(src)

	name, err := authMember(t.Context(), c)
	require.NoError(t, err)
	assert.Equal(t, e.srv.Member().Name, name)
	assert.EqualValues(t, 1, mb.calls.Load())
	for op, n := range map[string]int{"requestGlobalTokenCode": 1, "globalToken": 1, "loginNetworkWithGlobalToken": 1, "tokens": 0} {
		assert.Equal(t, n, e.srv.Operations(op), op)
	}
	assert.Equal(t, 1, e.srv.Minted(bettermodetest.KindGlobal))
	tok, err := c.Token(t.Context())
	require.NoError(t, err)
	e.cap.secret(tok.AccessToken.Reveal(), tok.RefreshToken.Reveal())
	e.cap.see(tok)
	assert.Equal(t, bettermode.KindMember, tok.Kind)
	assert.Equal(t, e.srv.Member().ID, tok.MemberID)
	assert.Equal(t, bettermodetest.RoleMember, tok.Role)

	// The access token expires at the kit: the source renews with the
	// refresh token, asking for no code.
	e.clk.Advance(2 * time.Hour)
	_, err = authMember(t.Context(), c)
	require.NoError(t, err)
	assert.Equal(t, 1, e.srv.Operations("tokens"))
	assert.Equal(t, 1, e.srv.Operations("loginNetworkWithGlobalToken"))
	assert.Equal(t, 1, e.srv.Operations("requestGlobalTokenCode"))
	assert.EqualValues(t, 1, mb.calls.Load())
}

func TestEmailCodeSourceFallbacks(t *testing.T) {
	e := newEnv(t)
	src, mb := e.emailSource()
	c := e.client(src)
	_, err := authMember(t.Context(), c)
	require.NoError(t, err)

	// Logged out, the refresh token is refused: the global token logs in again.
	require.NoError(t, login.Logout(t.Context(), c))
	_, err = e.token(src)
	require.NoError(t, err)
	assert.Equal(t, 1, e.srv.Operations("tokens"))
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectInvalidToken))
	assert.Equal(t, 2, e.srv.Operations("loginNetworkWithGlobalToken"))
	assert.Equal(t, 1, e.srv.Operations("requestGlobalTokenCode"))

	// The global token expired too (it lasts as long as an access token):
	// only then is a new code mailed.
	tok, err := e.token(src)
	require.NoError(t, err)
	require.NoError(t, login.Logout(t.Context(), e.client(bettermode.StaticToken(tok.AccessToken.Reveal()))))
	e.clk.Advance(2 * time.Hour)
	_, err = e.token(src)
	require.NoError(t, err)
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectExpired), "the global token")
	assert.Equal(t, 2, e.srv.Operations("requestGlobalTokenCode"))
	assert.EqualValues(t, 2, mb.calls.Load())
	assert.Equal(t, 2, e.srv.Operations("globalToken"))
}

func TestEmailCodeSourceConcurrentFirstCalls(t *testing.T) {
	e := newEnv(t)
	src, mb := e.emailSource()
	release := make(chan struct{})
	mb.hook = func(ctx context.Context) error { <-release; return nil }

	const n = 12
	var wg sync.WaitGroup
	entered := make(chan struct{}, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			entered <- struct{}{}
			_, errs[i] = src.Token(context.Background())
		})
	}
	for range n {
		<-entered
	}
	close(release)
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
	assert.EqualValues(t, 1, mb.calls.Load(), "one code asked for")
	assert.Equal(t, 1, e.srv.Operations("requestGlobalTokenCode"), "one code mailed")
	assert.Equal(t, 1, e.srv.Operations("globalToken"))
	assert.Zero(t, e.srv.Rejected(bettermodetest.RejectReused))
}

func TestEmailCodeSourceWrongCodeThenRight(t *testing.T) {
	e := newEnv(t)
	src, mb := e.emailSource()
	mb.wrong.Store(1)

	_, err := e.token(src)
	require.ErrorIs(t, err, bettermode.ErrInvalidInput)
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectBadCode))

	tok, err := e.token(src)
	require.NoError(t, err, "the right code of the same mail")
	assert.Equal(t, e.srv.Member().ID, tok.MemberID)
	assert.Equal(t, 1, e.srv.Operations("requestGlobalTokenCode"), "no new mail after a wrong code")
	assert.EqualValues(t, 2, mb.calls.Load())
}

func TestEmailCodeSourceMailsAgain(t *testing.T) {
	tests := []struct {
		name  string
		wrong int32
		wait  time.Duration // source's time between the calls
	}{
		{"after three wrong codes", 3, 0},
		{"after five minutes", 1, 6 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			src, mb := e.emailSource()
			now := &clock{now: time.Now()}
			login.SetNow(src, now.Now)
			mb.wrong.Store(tt.wrong)
			for range tt.wrong {
				_, err := e.token(src)
				require.ErrorIs(t, err, bettermode.ErrInvalidInput)
			}
			assert.Equal(t, 1, e.srv.Operations("requestGlobalTokenCode"))
			now.Advance(tt.wait)
			_, err := e.token(src)
			require.NoError(t, err)
			assert.Equal(t, 2, e.srv.Operations("requestGlobalTokenCode"))
		})
	}
}

func TestEmailCodeSourceCodeFails(t *testing.T) {
	errPrompt := errors.New("prompt closed")
	tests := []struct {
		name string
		hook func(ctx context.Context, cancel context.CancelFunc) error
		want error
	}{
		{"Code returns an error", func(context.Context, context.CancelFunc) error { return errPrompt }, errPrompt},
		{"ctx cancelled while prompting", func(ctx context.Context, cancel context.CancelFunc) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			src, mb := e.emailSource()
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			mb.hook = func(ctx context.Context) error { return tt.hook(ctx, cancel) }

			_, err := src.Token(ctx)
			require.ErrorIs(t, err, tt.want)
			e.cap.see(err)
			assert.Zero(t, e.srv.Operations("globalToken"))

			// The mail is still good: the next call asks for its code again.
			mb.hook = nil
			_, err = e.token(src)
			require.NoError(t, err)
			assert.Equal(t, 1, e.srv.Operations("requestGlobalTokenCode"))
			assert.EqualValues(t, 2, mb.calls.Load())
		})
	}
}

func TestEmailCodeSourceWaiterCancelled(t *testing.T) {
	e := newEnv(t)
	src, mb := e.emailSource()
	prompting, release := make(chan struct{}), make(chan struct{})
	mb.hook = func(context.Context) error { close(prompting); <-release; return nil }
	done := make(chan error, 1)
	go func() { _, err := src.Token(context.Background()); done <- err }()
	<-prompting

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := src.Token(ctx)
	require.ErrorIs(t, err, context.Canceled, "a waiter leaves when its ctx ends")
	close(release)
	require.NoError(t, <-done)
	assert.EqualValues(t, 1, mb.calls.Load())
}

func TestEmailCodeSourceExpiredCode(t *testing.T) {
	e := newEnv(t)
	src, mb := e.emailSource()
	mb.hook = func(context.Context) error { e.clk.Advance(bettermodetest.EmailCodeLifetime); return nil }

	_, err := e.token(src)
	require.ErrorIs(t, err, bettermode.ErrUnauthorized)
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectExpired))

	mb.hook = nil
	_, err = e.token(src)
	require.NoError(t, err)
	assert.Equal(t, 2, e.srv.Operations("requestGlobalTokenCode"), "an expired code is mailed anew")
}

func TestEmailCodeSourceNotAMember(t *testing.T) {
	e := newEnv(t)
	mb := &mailbox{e: e, email: "fake-stranger@example.com"}
	src, err := login.NewEmailCodeSource(e.opts, login.EmailCode{Email: mb.email, NetworkID: e.srv.Network().ID, Code: mb.Code})
	require.NoError(t, err)
	defer src.Close()
	_, err = e.token(src)
	require.ErrorIs(t, err, bettermode.ErrForbidden)
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectNotMember))

	// The global token is kept: the next call tries it again, mailing nothing.
	_, err = e.token(src)
	require.ErrorIs(t, err, bettermode.ErrForbidden)
	assert.Equal(t, 1, e.srv.Operations("requestGlobalTokenCode"))
	assert.Equal(t, 2, e.srv.Operations("loginNetworkWithGlobalToken"))
}

// globalToken runs the plain calls for the kit's member.
func (e *env) globalToken() *login.GlobalToken {
	e.t.Helper()
	anon := e.client(nil)
	email := e.srv.Member().Email
	require.NoError(e.t, login.RequestEmailCode(e.t.Context(), anon, email))
	code, ok := e.srv.EmailedCode(email)
	require.True(e.t, ok)
	e.cap.secret(code)
	g, err := login.VerifyEmailCode(e.t.Context(), anon, email, bettermode.Secret(code))
	require.NoError(e.t, err)
	e.cap.secret(g.AccessToken.Reveal())
	e.cap.see(g)
	return g
}

func TestPlainEmailCalls(t *testing.T) {
	e := newEnv(t)
	g := e.globalToken()
	assert.Equal(t, e.srv.Member().Email, g.Email)
	assert.True(t, g.Valid(time.Now()))

	tok, err := login.LoginWithGlobalToken(t.Context(), e.opts, g.AccessToken, e.srv.Network().ID)
	require.NoError(t, err)
	e.cap.secret(tok.AccessToken.Reveal(), tok.RefreshToken.Reveal())
	e.cap.see(tok)
	assert.Equal(t, e.srv.Member().ID, tok.MemberID)
	assert.NotEmpty(t, tok.RefreshToken)

	// The code was used.
	code, _ := e.srv.EmailedCode(e.srv.Member().Email)
	_, err = login.VerifyEmailCode(t.Context(), e.client(nil), e.srv.Member().Email, bettermode.Secret(code))
	require.ErrorIs(t, err, bettermode.ErrUnauthorized)
	e.cap.see(err)
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectReused))

	_, err = login.LoginWithGlobalToken(t.Context(), e.opts, g.AccessToken, "fakeNoSuchNet")
	require.ErrorIs(t, err, bettermode.ErrNotFound)
}

func TestGlobalTokenRejectedElsewhere(t *testing.T) {
	e := newEnv(t)
	g := e.globalToken()
	gc := e.client(bettermode.StaticToken(g.AccessToken.Reveal()))
	var network struct {
		Network struct {
			ID string `graphql:"id"`
		} `graphql:"network"`
	}
	calls := map[string]func() error{
		"authMember": func() error { _, err := authMember(t.Context(), gc); return err },
		"network":    func() error { return gc.Query(t.Context(), &network, nil) },
		"oauthCode": func() error {
			_, err := login.OAuthCode(t.Context(), gc, login.OAuthCodeInput{ClientID: e.srv.App().ClientID, RedirectURI: "https://a.example.com/cb"})
			return err
		},
		"logoutNetwork": func() error { return login.Logout(t.Context(), gc) },
	}
	for op, call := range calls {
		err := call()
		require.ErrorIs(t, err, bettermode.ErrUnauthorized, op)
		e.cap.see(err)
	}
	assert.Equal(t, len(calls), e.srv.Rejected(bettermodetest.RejectGlobalToken))

	// And a member token is no global token.
	_, err := login.LoginWithGlobalToken(t.Context(), e.opts, bettermode.Secret(e.srv.MintToken(bettermodetest.KindMember, "")), e.srv.Network().ID)
	require.ErrorIs(t, err, bettermode.ErrUnauthorized)
	assert.Equal(t, 1, e.srv.Rejected(bettermodetest.RejectInvalidToken))
}

func TestEmailConfigErrors(t *testing.T) {
	code := func(context.Context) (string, error) { return "123456", nil }
	tests := []struct {
		name string
		opts login.Options
		cfg  login.EmailCode
	}{
		{"no email", login.Options{}, login.EmailCode{NetworkID: "n", Code: code}},
		{"no network", login.Options{}, login.EmailCode{Email: "a@example.com", Code: code}},
		{"no code func", login.Options{}, login.EmailCode{Email: "a@example.com", NetworkID: "n"}},
		{"bad endpoint", login.Options{Endpoint: "ftp://example.com"}, login.EmailCode{Email: "a@example.com", NetworkID: "n", Code: code}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := login.NewEmailCodeSource(tt.opts, tt.cfg)
			require.ErrorIs(t, err, bettermode.ErrInvalidInput)
		})
	}
	e := newEnv(t)
	anon := e.client(nil)
	for name, err := range map[string]error{
		"RequestEmailCode no email":  login.RequestEmailCode(t.Context(), anon, " "),
		"RequestEmailCode bad email": login.RequestEmailCode(t.Context(), anon, "not-an-address"),
		"VerifyEmailCode no code": func() error {
			_, err := login.VerifyEmailCode(t.Context(), anon, "a@example.com", "")
			return err
		}(),
		"VerifyEmailCode never mailed": func() error {
			_, err := login.VerifyEmailCode(t.Context(), anon, "fake-nobody@example.com", "123456")
			return err
		}(),
		"LoginWithGlobalToken no token": func() error {
			_, err := login.LoginWithGlobalToken(t.Context(), e.opts, "", "n")
			return err
		}(),
		"nil client": login.RequestEmailCode(t.Context(), nil, "a@example.com"),
	} {
		assert.ErrorIs(t, err, bettermode.ErrInvalidInput, name)
	}
	assert.Equal(t, 1, e.srv.Operations("requestGlobalTokenCode"), "only the bad address was sent")
	assert.Equal(t, 1, e.srv.Operations("globalToken"), "only the code never mailed was sent")
}
