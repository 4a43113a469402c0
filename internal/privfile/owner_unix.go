//go:build unix

package privfile

import (
	"io/fs"
	"os"
	"strconv"
	"syscall"
)

// noFollow makes an open fail on a symbolic link, and not block on a FIFO.
const noFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK | syscall.O_CLOEXEC

// Owned returns an *Error when another user than the current one (its
// effective uid) owns the file fi describes.
func Owned(path string, fi fs.FileInfo) error {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	if uid := os.Geteuid(); int64(st.Uid) != int64(uid) {
		return &Error{Path: path, Problem: "is owned by uid " + strconv.FormatUint(uint64(st.Uid), 10) + ", not by you (uid " + strconv.Itoa(uid) + ")", Foreign: true}
	}
	return nil
}
