package oauth

import (
	"context"
	"errors"

	"golang.org/x/oauth2"

	"github.com/bettermode-go/bettermode"
)

// LoginOrLoad returns a Source for the session saved under key in store,
// after logging the user in with Login (and saving the token) when there is
// no session to resume: none is saved, or the saved one was revoked or has
// ended (the provider refuses its refresh token, or it expired without
// one), or its file is corrupt. It takes Login's options; WithHTTPClient
// also serves the Source's refreshes.
//
// It is the switch on bettermode.ErrUnauthorized every command-line program
// would write. Other errors (a provider that is down, a store open to other
// users, a failed login) are returned as they are, and nothing is saved.
func LoginOrLoad(ctx context.Context, conf *oauth2.Config, store Store, key string, opts ...Option) (*Source, error) {
	if ctx == nil {
		return nil, invalidInput("LoginOrLoad: the context is nil")
	}
	o, err := applyOptions("LoginOrLoad", opts, optOpenURL, optHTTPClient, optAuthCodeOptions, optIssuer)
	if err != nil {
		return nil, err
	}
	var srcOpts []Option
	if o.hc != nil {
		srcOpts = append(srcOpts, WithHTTPClient(o.hc))
	}
	src := NewSource(conf, store, key, srcOpts...)
	_, err = src.Token(ctx)
	var te *TokenError
	switch {
	case err == nil:
		return src, nil
	case !errors.Is(err, bettermode.ErrUnauthorized), errors.As(err, &te) && te.Code != "invalid_grant":
		return nil, err // a client the provider refuses would be refused by a login too
	}
	tok, err := Login(ctx, conf, opts...)
	if err != nil {
		return nil, err
	}
	if err := store.Save(ctx, key, tok); err != nil {
		return nil, newError("bettermode: oauth: the login worked but its token could not be saved: "+err.Error(), err)
	}
	return src, nil
}
