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
// # Names
//
// The name "-" means standard output, and so do "/dev/stdout", "/dev/fd/1"
// and "/proc/self/fd/1": bytes are written through as they come (buffered),
// Commit flushes, and nothing can be taken back.
//
// A name that is a symbolic link is written through: the link is kept and
// its target (followed to the end of a chain of links) is replaced, by a
// temporary file beside the target. A target that is a device or a named
// pipe (/dev/null, a FIFO) is written directly, like standard output.
//
// A new file is created with mode 0666 less the process's umask, as every
// Unix tool creates files; a replaced file keeps its mode.
//
// # Several files
//
// The outputs of one run are created and committed together by a Group: it
// refuses an output that is the same file as one of the run's inputs or as
// another of its outputs (compared as files, after links, not as
// spellings), creates every output before the run commits any, and commits
// them under a lock on their folders, so that two runs writing the same
// files one after the other leave all of one run's files, never a mix.
//
// A run that writes a folder of files (a demo, one file per imported
// incident) writes them through a Stage: into a staging folder inside the
// target folder, moved into place together by Stage.Commit only when every
// one is complete. Until then none of them is under its final name.
//
// # Concurrency
//
// A File, a Group and a Stage are not safe for concurrent use; different
// ones may be used from different goroutines.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// Stdout is the name that means standard output.
const Stdout = "-"

// bufferSize is the size of the write buffer in front of the file.
const bufferSize = 64 << 10

// maxLinks is how many symbolic links a name may go through.
const maxLinks = 40

// ErrClosed is returned by Write and Commit after Commit or Close.
var ErrClosed = errors.New("atomicfile: file already committed or closed")

// IsStdout reports whether name means standard output: "-", "/dev/stdout",
// "/dev/fd/1" or "/proc/self/fd/1".
func IsStdout(name string) bool {
	switch name {
	case Stdout, "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1":
		return true
	}
	return false
}

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
	name   string   // the name given to Create
	target string   // the file replaced: name after links; "" for stdout
	tmp    *os.File // the temporary file; nil for stdout and direct writes
	direct *os.File // a device or pipe written directly
	buf    *bufio.Writer
	keep   bool        // a regular file is replaced: give the new one its mode
	perm   fs.FileMode // the mode of the replaced file
	done   bool
}

// Create starts writing the file name (see the package documentation for
// what names mean). The temporary file is created beside the file name
// resolves to, so the rename is atomic; its directory must exist. When name
// means standard output, bytes go to stdout instead.
func Create(name string, stdout io.Writer) (*File, error) {
	if IsStdout(name) {
		return &File{name: name, buf: bufio.NewWriterSize(stdout, bufferSize)}, nil
	}
	if name == "" {
		return nil, errors.New("atomicfile: empty file name")
	}
	target, fi, err := resolve(name)
	if err != nil {
		return nil, fmt.Errorf("atomicfile: %s: %w", name, err)
	}
	f := &File{name: name, target: target}
	switch {
	case fi == nil:
	case fi.Mode().IsRegular():
		f.keep, f.perm = true, fi.Mode().Perm()
	case fi.IsDir():
		return nil, fmt.Errorf("atomicfile: %s: is a directory", name)
	case fi.Mode()&(fs.ModeDevice|fs.ModeCharDevice|fs.ModeNamedPipe) != 0:
		d, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("atomicfile: %w", err)
		}
		f.direct, f.buf = d, bufio.NewWriterSize(d, bufferSize)
		return f, nil
	default:
		return nil, fmt.Errorf("atomicfile: %s: not a regular file", name)
	}
	tmp, err := createTemp(target)
	if err != nil {
		return nil, fmt.Errorf("atomicfile: %w", err)
	}
	f.tmp, f.buf = tmp, bufio.NewWriterSize(tmp, bufferSize)
	return f, nil
}

// resolve follows name through symbolic links to the file they end at, and
// returns its path with the directory's links resolved too, and its
// FileInfo (nil when it does not exist yet: a new file, or a dangling
// link, which is created at its target as a shell's ">" would).
func resolve(name string) (string, fs.FileInfo, error) {
	for range maxLinks {
		dir, base := filepath.Split(name)
		if dir == "" {
			dir = "."
		}
		real, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return "", nil, err
		}
		name = filepath.Join(real, base)
		fi, err := os.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			return name, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return name, fi, nil
		}
		link, err := os.Readlink(name)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(real, link)
		}
		name = link
	}
	return "", nil, fmt.Errorf("%s: more than %d symbolic links", name, maxLinks)
}

// createTemp creates a new temporary file ".BASE.tmp-N" beside target,
// with mode 0666 less the umask (the kernel applies it, as it does for
// every file a Unix tool creates; os.CreateTemp would give 0600).
func createTemp(target string) (*os.File, error) {
	dir, base := filepath.Split(target)
	for range 10000 {
		name := filepath.Join(dir, "."+base+".tmp-"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("%s: cannot create a temporary file beside it", target)
}

// Name returns the name the file was created with ("-" for stdout).
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
	if err := f.prepare(); err != nil {
		return err
	}
	if err := f.publish(); err != nil {
		return err
	}
	f.syncDir()
	return nil
}

// prepare does the part of Commit that can fail without consequence:
// flush, sync and close the temporary file. On error the file is dropped.
func (f *File) prepare() error {
	if f.done {
		return ErrClosed
	}
	f.done = true
	err := f.buf.Flush()
	switch {
	case f.direct != nil:
		if cerr := f.direct.Close(); err == nil {
			err = cerr
		}
	case f.tmp != nil:
		if err == nil && f.keep {
			err = f.tmp.Chmod(f.perm)
		}
		if err == nil {
			err = f.tmp.Sync()
		}
		if cerr := f.tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.tmp.Name())
		}
	}
	if err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", f.name, err)
	}
	return nil
}

// publish renames the prepared temporary file over the target.
func (f *File) publish() error {
	if f.tmp == nil {
		return nil
	}
	if err := os.Rename(f.tmp.Name(), f.target); err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("atomicfile: writing %s: %w", f.name, err)
	}
	return nil
}

// syncDir syncs the directory of a published file.
func (f *File) syncDir() {
	if f.tmp != nil {
		syncDir(filepath.Dir(f.target))
	}
}

// Close drops the file when it was not committed: the temporary file is
// closed and removed, and the final name is left as it was. Bytes already
// written to stdout, a device or a pipe stay written. Close after Commit
// does nothing and returns nil.
func (f *File) Close() error {
	if f.done {
		return nil
	}
	f.done = true
	if f.direct != nil {
		return f.direct.Close()
	}
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
