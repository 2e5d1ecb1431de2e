// Package atomicfile writes output files so that a reader never sees half of
// one: the bytes go to a temporary file in the target's directory, which is
// synced and renamed over the target only when the writer commits.
//
// # Guarantees
//
// Until Commit returns nil, the file under the final name is untouched: it
// does not exist, or it is the previous complete version. After an error, a
// cancelled run (Close without Commit) or a crash, nothing half-written is
// left under the final name. A crash may leave a temporary file beside it,
// named ".NAME.tmp-*", which is never mistaken for the output. Close removes
// the temporary file whenever Commit was not called.
//
// The name "-" means standard output: bytes are written through as they come
// (buffered), Commit flushes, and nothing can be taken back.
//
// # Several files
//
// A run that writes several files (a folder of reports, one file per
// imported incident) writes them through a Stage: into a staging folder
// inside the target folder, moved into place together by Stage.Commit only
// when every one is complete. Until then none of them is under its final
// name.
//
// # Concurrency
//
// A File and a Stage are not safe for concurrent use; different Files and
// Stages may be used from different goroutines.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Stdout is the name that means standard output.
const Stdout = "-"

// bufferSize is the size of the write buffer in front of the file.
const bufferSize = 64 << 10

// ErrClosed is returned by Write and Commit after Commit or Close.
var ErrClosed = errors.New("atomicfile: file already committed or closed")

// File is an output file being written. Create one with Create; write to it;
// then Commit to publish it, or Close to drop it. A deferred Close after
// Commit does nothing, so the usual pattern is:
//
//	f, err := atomicfile.Create(name, os.Stdout)
//	if err != nil { … }
//	defer f.Close()
//	… write to f …
//	return f.Commit()
//
// A File is not safe for concurrent use.
type File struct {
	name string   // the final name
	tmp  *os.File // nil when writing to stdout
	buf  *bufio.Writer
	perm fs.FileMode
	done bool
}

// Create starts writing the file name. The temporary file is created in
// name's directory (so the rename is atomic); the directory must exist.
// The committed file gets the mode of the file it replaces, or 0644 for a new
// file. When name is "-", bytes go to stdout instead.
func Create(name string, stdout io.Writer) (*File, error) {
	if name == Stdout {
		return &File{name: name, buf: bufio.NewWriterSize(stdout, bufferSize)}, nil
	}
	if name == "" {
		return nil, errors.New("atomicfile: empty file name")
	}
	perm := fs.FileMode(0o644)
	if fi, err := os.Stat(name); err == nil {
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("atomicfile: %s: not a regular file", name)
		}
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("atomicfile: %w", err)
	}
	return &File{name: name, tmp: tmp, buf: bufio.NewWriterSize(tmp, bufferSize), perm: perm}, nil
}

// Name returns the final name the file is committed under ("-" for stdout).
func (f *File) Name() string { return f.name }

// Write writes p to the temporary file (or stdout).
func (f *File) Write(p []byte) (int, error) {
	if f.done {
		return 0, ErrClosed
	}
	return f.buf.Write(p)
}

// WriteString writes s, like Write.
func (f *File) WriteString(s string) (int, error) {
	if f.done {
		return 0, ErrClosed
	}
	return f.buf.WriteString(s)
}

// Commit publishes the file: it flushes the buffer, syncs the temporary file
// to disk, closes it, and renames it over the final name, then syncs the
// directory so the rename survives a crash. On error the temporary file is
// removed and the final name is left as it was. For stdout, Commit flushes.
func (f *File) Commit() error {
	if f.done {
		return ErrClosed
	}
	f.done = true
	if f.tmp == nil {
		return f.buf.Flush()
	}
	err := f.buf.Flush()
	if err == nil {
		err = f.tmp.Chmod(f.perm)
	}
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.name)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("atomicfile: writing %s: %w", f.name, err)
	}
	syncDir(filepath.Dir(f.name))
	return nil
}

// Close drops the file when it was not committed: the temporary file is
// closed and removed, and the final name is left as it was. Bytes already
// written to stdout stay written. Close after Commit does nothing and
// returns nil.
func (f *File) Close() error {
	if f.done {
		return nil
	}
	f.done = true
	if f.tmp == nil {
		return nil
	}
	f.tmp.Close()
	if err := os.Remove(f.tmp.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("atomicfile: %w", err)
	}
	return nil
}

// Write creates name, calls write with it and commits when write returns
// nil; otherwise the file is dropped and write's error returned.
func Write(name string, stdout io.Writer, write func(w io.Writer) error) error {
	f, err := Create(name, stdout)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := write(f); err != nil {
		return err
	}
	return f.Commit()
}

// syncDir syncs a directory so that a rename in it is durable. Errors are
// ignored: some systems cannot sync directories, and the rename itself has
// already succeeded.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
