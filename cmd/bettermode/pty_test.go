//go:build linux

package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/bettermode-go/bettermode/bettermodetest"
)

// ptyProc is the binary running on a pseudo-terminal, as a user at a
// terminal runs it: stdin, stdout and stderr are the terminal.
type ptyProc struct {
	t    *testing.T
	c    *runner
	args []string
	tty  *os.File // the terminal's master side
	out  syncBuffer
	done chan struct{}
	// copied is closed when everything the program wrote has been read.
	copied chan struct{}
	code   int
}

func (c *runner) startPTY(env []string, args ...string) *ptyProc {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	cmd := c.command(ctx, env, args)
	tty, err := pty.Start(cmd)
	require.NoError(c.t, err)
	copied := make(chan struct{})
	p := &ptyProc{t: c.t, c: c, args: args, tty: tty, done: make(chan struct{}), copied: copied}
	go func() {
		_, _ = io.Copy(&p.out, tty) // ends with EIO once the program has exited
		close(copied)
	}()
	go func() {
		err := cmd.Wait()
		p.code = 0
		if ee, ok := err.(interface{ ExitCode() int }); ok && err != nil {
			p.code = ee.ExitCode()
		}
		close(p.done)
	}()
	c.t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		_ = tty.Close()
		<-copied
		cancel()
	})
	return p
}

func (p *ptyProc) waitFor(re string) {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(30 * time.Second)
	for !rx.MatchString(p.out.String()) {
		select {
		case <-p.done:
			p.t.Fatalf("bettermode %q ended (exit %d) without printing %q:\n%s", p.args, p.code, re, p.out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("bettermode %q did not print %q:\n%s", p.args, re, p.out.String())
		}
	}
}

// echo reports whether the terminal echoes what is typed.
func (p *ptyProc) echo() bool {
	p.t.Helper()
	tio, err := unix.IoctlGetTermios(int(p.tty.Fd()), unix.TCGETS)
	require.NoError(p.t, err)
	return tio.Lflag&unix.ECHO != 0
}

// waitEchoOff waits until the program has turned the terminal's echo off
// (it prints the prompt just before).
func (p *ptyProc) waitEchoOff() {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for p.echo() {
		if time.Now().After(deadline) {
			p.t.Fatalf("the terminal still echoes:\n%s", p.out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *ptyProc) typeLine(s string) {
	p.t.Helper()
	_, err := io.WriteString(p.tty, s+"\r")
	require.NoError(p.t, err)
}

func (p *ptyProc) wait() (string, int) {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.t.Fatalf("bettermode %q did not end:\n%s", p.args, p.out.String())
	}
	// Read what the program wrote last: the copy ends at EIO, once the
	// program and its terminal side are gone.
	select {
	case <-p.copied:
	case <-time.After(10 * time.Second):
		p.t.Fatalf("bettermode %q: its output did not end:\n%s", p.args, p.out.String())
	}
	p.c.record(p.args, p.out.String())
	return p.out.String(), p.code
}

func TestPasswordPromptOnTerminal(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	m := srv.Member()

	p := c.startPTY(nil, "login", "--domain", srv.Network().Domain, "--user", m.Username)
	p.waitFor(`Password for fake-member at fake-community.example.com: `)
	p.waitEchoOff()
	p.typeLine(m.Password)
	out, code := p.wait()
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, `Logged in to fake-community.example.com as Fake Member (fakeMember01, role Member); profile "default".`)
	assert.NotContains(t, out, m.Password)
	assert.FileExists(t, filepath.Join(c.cfg, "profiles", "default.json"))

	// A wrong password typed at the prompt.
	c.addSecret("wrong-password-0002")
	p = c.startPTY(nil, "login", "--domain", srv.Network().Domain, "--user", m.Username, "--profile", "other")
	p.waitFor(`Password for fake-member`)
	p.waitEchoOff()
	p.typeLine("wrong-password-0002")
	out, code = p.wait()
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "error: wrong username or password for fake-member at fake-community.example.com: check them and run bettermode login again")
}

func TestSecretPromptOnTerminal(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	app := srv.App()

	p := c.startPTY(nil, "login", "--app", "--client-id", app.ClientID, "--network-id", srv.Network().ID)
	p.waitFor(`Client secret for app fake-client-id-0001: `)
	p.waitEchoOff()
	p.typeLine(app.ClientSecret)
	out, code := p.wait()
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, `Logged in to fakeNet0001 as app fake-client-id-0001 (its bot, role Admin); profile "default".`)
	b, err := os.ReadFile(filepath.Join(c.cfg, "profiles", "default.json"))
	require.NoError(t, err)
	assert.NotContains(t, string(b), app.ClientSecret)
}

func TestInteractiveLoginOnTerminal(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)
	m := srv.Member()

	p := c.startPTY(nil, "login")
	p.waitFor(`How do you want to log in\?`)
	p.waitFor(`Choose 1-4 \[1\]: `)
	p.typeLine("") // the default: member
	p.waitFor(`Community domain: `)
	p.typeLine(srv.Network().Domain)
	p.waitFor(`Username or e-mail: `)
	p.typeLine(m.Email)
	p.waitFor(`Password for fake-member@example.com at fake-community.example.com: `)
	p.waitEchoOff()
	p.typeLine(m.Password)
	out, code := p.wait()
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "Logged in to fake-community.example.com as Fake Member")

	// The e-mail code way, chosen by number; the code is typed at the prompt.
	p = c.startPTY(nil, "login", "--profile", "mail")
	p.waitFor(`Choose 1-4 \[1\]: `)
	p.typeLine("4")
	p.waitFor(`E-mail address: `)
	p.typeLine(m.Email)
	p.waitFor(`Community domain: `)
	p.typeLine(srv.Network().Domain)
	p.waitFor(`Code: `)
	emailed, ok := srv.EmailedCode(m.Email)
	require.True(t, ok)
	p.typeLine(emailed)
	out, code = p.wait()
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, `profile "mail".`)
	assert.Equal(t, "email", c.sessionFile("mail")["kind"])
}

func TestInterruptAtPrompt(t *testing.T) {
	t.Parallel()
	srv := bettermodetest.Start(t)
	c := newCLI(t, srv)

	// Ctrl-C at the password prompt: exit 130, the terminal echoes again,
	// nothing stored.
	p := c.startPTY(nil, "login", "--domain", srv.Network().Domain, "--user", srv.Member().Username)
	p.waitFor(`Password for `)
	p.waitEchoOff()
	_, err := p.tty.Write([]byte{3}) // Ctrl-C
	require.NoError(t, err)
	out, code := p.wait()
	assert.Equal(t, 130, code, out)
	assert.True(t, strings.HasSuffix(strings.ReplaceAll(out, "\r", ""), "error: interrupted\n"), out)
	assert.True(t, p.echo(), "the terminal's echo was not restored")
	assert.NoFileExists(t, filepath.Join(c.cfg, "profiles", "default.json"))

	// Ctrl-C at the chooser.
	p = c.startPTY(nil, "login")
	p.waitFor(`Choose 1-4`)
	_, err = p.tty.Write([]byte{3})
	require.NoError(t, err)
	out, code = p.wait()
	assert.Equal(t, 130, code, out)
}
