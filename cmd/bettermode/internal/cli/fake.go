package cli

import (
	"strings"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// startFake starts the embedded stand-in server for --fake: the kit's fake
// community with its preloaded member, admin and apps, whose tokens (signed
// with the kit's fixed fake key) stay valid from one run to the next until
// they expire. Its refresh tokens and e-mailed codes live only as long as
// one run.
func (a *app) startFake() {
	a.fakeSrv = bettermodetest.NewServer()
	a.cleanups = append(a.cleanups, a.fakeSrv.Close)
	a.flagEndpoint = a.fakeSrv.URL
}

// fakeMember returns the stand-in's member whose username or e-mail is user.
func (a *app) fakeMember(user string) (bettermodetest.Member, bool) {
	if a.fakeSrv == nil {
		return bettermodetest.Member{}, false
	}
	for _, m := range a.fakeSrv.Members() {
		if strings.EqualFold(m.Username, user) || strings.EqualFold(m.Email, user) {
			return m, true
		}
	}
	return bettermodetest.Member{}, false
}

// fakeApp returns the stand-in's app with clientID.
func (a *app) fakeApp(clientID string) (bettermodetest.App, bool) {
	if a.fakeSrv == nil {
		return bettermodetest.App{}, false
	}
	for _, app := range a.fakeSrv.Apps() {
		if app.ClientID == clientID {
			return app, true
		}
	}
	return bettermodetest.App{}, false
}

// fakeNote tells the user that the stand-in answers.
func (a *app) fakeNote(what string) {
	if a.fakeSrv != nil && !a.jsonOut {
		a.errf("Using the embedded stand-in server (--fake): %s.\n", what)
	}
}
