//go:build !unix

package atomicfile

import (
	"io/fs"
	"os"
	"testing"
)

func newFileMode(t *testing.T) fs.FileMode {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "mode")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}
