//go:build !unix

package privfile

import "io/fs"

// noFollow is empty where open has no such flags (Windows: a planted link
// needs privileges there, and its files have no owner uid to compare).
const noFollow = 0

// Owned checks nothing where files have no owner uid.
func Owned(path string, fi fs.FileInfo) error { return nil }
