package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// prompter asks questions on stderr and reads the answers from stdin.
type prompter struct {
	in  *os.File
	out io.Writer
	tty bool
	r   *bufio.Reader
}

func newPrompter(in *os.File, out io.Writer, tty bool) *prompter {
	p := &prompter{in: in, out: out, tty: tty}
	if in != nil {
		p.r = bufio.NewReader(in)
	}
	return p
}

type readResult struct {
	s   string
	err error
}

// line asks for one line; def, when not empty, is shown and taken for an
// empty answer. It reads stdin whether or not it is a terminal (a pipe gives
// the answers of a script), and returns ctx's error when ctx ends first.
func (p *prompter) line(ctx context.Context, label, def string) (string, error) {
	if p.r == nil {
		return "", errors.New("no input")
	}
	if def != "" {
		label = fmt.Sprintf("%s [%s]", label, def)
	}
	fmt.Fprint(p.out, label+": ")
	ch := make(chan readResult, 1)
	go func() {
		s, err := p.r.ReadString('\n')
		ch <- readResult{s, err}
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(p.out)
		return "", ctx.Err()
	case r := <-ch:
		if !p.tty {
			fmt.Fprintln(p.out)
		}
		s := strings.TrimSpace(r.s)
		if r.err != nil && s == "" {
			if errors.Is(r.err, io.EOF) {
				return "", errors.New("no answer: stdin ended")
			}
			return "", r.err
		}
		if s == "" {
			s = def
		}
		return s, nil
	}
}

// secret asks for a secret without echoing it; it needs a terminal. When ctx
// ends first (Ctrl-C), the terminal's echo is restored before returning.
func (p *prompter) secret(ctx context.Context, label string) (string, error) {
	if !p.tty {
		return "", errors.New("no terminal to prompt on")
	}
	fd := int(p.in.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	fmt.Fprint(p.out, label+": ")
	ch := make(chan readResult, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		ch <- readResult{string(b), err}
	}()
	select {
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(p.out)
		return "", ctx.Err()
	case r := <-ch:
		fmt.Fprintln(p.out)
		if r.err != nil {
			return "", r.err
		}
		return strings.TrimRight(r.s, "\r\n"), nil
	}
}

// readAll reads the rest of stdin, for --password-stdin: the first line,
// without its line break.
func (p *prompter) readAll(ctx context.Context) (string, error) {
	if p.r == nil {
		return "", errors.New("no input")
	}
	ch := make(chan readResult, 1)
	go func() {
		b, err := io.ReadAll(io.LimitReader(p.r, 64<<10))
		ch <- readResult{string(b), err}
	}()
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case r := <-ch:
		if r.err != nil {
			return "", r.err
		}
		first, _, _ := strings.Cut(r.s, "\n")
		return strings.TrimRight(first, "\r"), nil
	}
}
