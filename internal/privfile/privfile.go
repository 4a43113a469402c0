// Package privfile opens the files that hold a user's secrets (saved
// sessions, tokens, their lock files) as hostile ground: it never follows a
// symbolic link planted at the path, never blocks on a FIFO, and refuses a
// file or directory that another user owns. It is shared by the oauth
// package's FileStore and the bettermode command's session store.
package privfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Error reports a path that is not a private regular file or directory of
// the current user.
type Error struct {
	// Path is the file or directory.
	Path string
	// Problem says what is wrong, such as "is a symbolic link".
	Problem string
	// Foreign reports whether another user owns Path.
	Foreign bool
}

// Error describes e with what to do.
func (e *Error) Error() string {
	if e.Foreign {
		return fmt.Sprintf("%s %s: it is not yours, so it is not trusted (remove it, or run as its owner)", e.Path, e.Problem)
	}
	return fmt.Sprintf("%s %s: remove it", e.Path, e.Problem)
}

// ErrNotPrivate is matched by every *Error.
var ErrNotPrivate = errors.New("not a private file of the current user")

// Is matches ErrNotPrivate.
func (e *Error) Is(target error) bool { return target == ErrNotPrivate }

// OpenLock opens the lock file at path for reading and writing, creating
// it with mode 0600: a symbolic link, a FIFO or anything but a regular file
// there, or a file another user owns, is refused with an *Error and left as
// it is.
func OpenLock(path string) (*os.File, error) {
	return open(path, os.O_RDWR|os.O_CREATE, 0o600)
}

// Open opens the file at path for reading, with OpenLock's checks.
func Open(path string) (*os.File, error) { return open(path, os.O_RDONLY, 0) }

func open(path string, flag int, perm fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|noFollow, perm)
	if err != nil {
		if fi, lerr := os.Lstat(path); lerr == nil {
			switch {
			case fi.Mode()&fs.ModeSymlink != 0:
				return nil, &Error{Path: path, Problem: "is a symbolic link"}
			case !fi.Mode().IsRegular():
				return nil, &Error{Path: path, Problem: "is not a regular file"}
			}
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &Error{Path: path, Problem: "is not a regular file"}
	}
	if err := Owned(path, fi); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// CheckDir checks that dir is a directory the current user owns.
func CheckDir(dir string) (fs.FileInfo, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, &Error{Path: dir, Problem: "is not a directory"}
	}
	return fi, Owned(dir, fi)
}
