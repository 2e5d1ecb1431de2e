//go:build unix

package atomicfile

import (
	"io/fs"
	"syscall"
	"testing"
)

// newFileMode returns the mode a new file gets: 0666 less the umask.
func newFileMode(t *testing.T) fs.FileMode {
	t.Helper()
	old := syscall.Umask(0)
	syscall.Umask(old)
	return fs.FileMode(0o666 &^ old)
}

// withUmask runs f with the process's umask set to mask. The umask is the
// process's: tests that call it must not run in parallel.
func withUmask(mask int, f func()) {
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}
