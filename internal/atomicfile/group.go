package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Group is the output files of one run. A run names its inputs (Input),
// then creates every output (Create) before it does its work, writes them,
// and commits them together (Commit), or drops them all (Close):
//
//	g := atomicfile.NewGroup(os.Stdout)
//	defer g.Close()
//	g.Input(subscriptionsFile)
//	lines, err := g.Create(linesFile) // *SameFileError if it is an input
//	if err != nil { … }
//	summary, err := g.Create(summaryFile)
//	if err != nil { … }
//	… write to lines and summary …
//	return g.Commit()
//
// Creating every output first means a run whose last output cannot be
// created (a missing folder) fails before it publishes anything. Two
// outputs, or an output and an input, are the same file when they are
// after symbolic links (os.SameFile, by device and inode on Unix), or,
// for an output that does not exist yet, when they are the same name in
// the same folder; standard output counts as one file however it is
// spelled ("-", "/dev/stdout"), and, when it is redirected to a file,
// as that file too.
//
// Commit syncs every file, then renames them all into place holding an
// exclusive lock (flock) on each of their folders: two runs that write the
// same files commit one after the other, so their files are never a mix
// of both runs. Readers take no lock: one that reads the files while a run
// commits may still see the previous version of some of them.
//
// A Group is not safe for concurrent use.
type Group struct {
	stdout     io.Writer
	stdoutFile fs.FileInfo // the file standard output is redirected to, if any
	inputs     []named
	outputs    []named
	files      []*File
	done       bool
}

// named is a file of a run: the name it was given and what it is.
type named struct {
	name string
	id   identity
}

// identity is what a name refers to: standard output (and the file it is
// redirected to, if any), an existing file, or a name in a folder where no
// file has it yet.
type identity struct {
	stdout bool
	file   fs.FileInfo // the file, when it exists
	dir    fs.FileInfo // else its folder
	base   string      // and its name there
}

func (a identity) same(b identity) bool {
	switch {
	case a.stdout && b.stdout:
		return true
	case a.file != nil && b.file != nil:
		return os.SameFile(a.file, b.file)
	case a.file != nil || b.file != nil || a.stdout || b.stdout:
		return false
	}
	return a.dir != nil && b.dir != nil && a.base == b.base && os.SameFile(a.dir, b.dir)
}

// SameFileError is an output that is the same file as an input or as
// another output of the run.
type SameFileError struct {
	Name  string // the output
	Other string // the input or the other output, as it was named
	Input bool   // whether Other is an input
}

func (e *SameFileError) Error() string {
	what := "output"
	if e.Input {
		what = "input"
	}
	return fmt.Sprintf("the output %q is the same file as the %s %q", e.Name, what, e.Other)
}

// NewGroup returns an empty group whose outputs named "-" go to stdout.
func NewGroup(stdout io.Writer) *Group {
	g := &Group{stdout: stdout}
	// Standard output redirected to a file is that file as well.
	if f, ok := stdout.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			g.stdoutFile = fi
		}
	}
	return g
}

// Input records the file name as an input of the run: no output may be
// it. A name that does not exist, or "-", is not recorded (reading it will
// fail, or it is standard input: see InputFile).
func (g *Group) Input(name string) {
	if name == Stdout || name == "" {
		return
	}
	if fi, err := os.Stat(name); err == nil {
		g.inputs = append(g.inputs, named{name, identity{file: fi}})
	}
}

// InputFile records the open file f, read as name (standard input as
// "-"), as an input of the run, when f is a regular file.
func (g *Group) InputFile(name string, f *os.File) {
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		g.inputs = append(g.inputs, named{name, identity{file: fi}})
	}
}

// Check records name as an output of the run without creating it (a file
// another writer, such as a Stage, will write), and returns a
// *SameFileError when it is an input or an output already recorded.
func (g *Group) Check(name string) error {
	id, err := g.outputIdentity(name)
	if err != nil {
		return fmt.Errorf("atomicfile: %s: %w", name, err)
	}
	for _, in := range g.inputs {
		if id.same(in.id) {
			return &SameFileError{Name: name, Other: in.name, Input: true}
		}
	}
	for _, out := range g.outputs {
		if id.same(out.id) {
			return &SameFileError{Name: name, Other: out.name}
		}
	}
	g.outputs = append(g.outputs, named{name, id})
	return nil
}

// outputIdentity tells what the output name would write.
func (g *Group) outputIdentity(name string) (identity, error) {
	if IsStdout(name) {
		return identity{stdout: true, file: g.stdoutFile}, nil
	}
	if name == "" {
		return identity{}, errors.New("empty file name")
	}
	target, fi, err := resolve(name)
	if err != nil {
		return identity{}, err
	}
	if fi != nil {
		return identity{file: fi}, nil
	}
	dir, err := os.Stat(filepath.Dir(target))
	if err != nil {
		return identity{}, err
	}
	return identity{dir: dir, base: filepath.Base(target)}, nil
}

// Create checks name (see Check) and starts writing it (see Create); the
// file is committed or dropped with the group.
func (g *Group) Create(name string) (*File, error) {
	if g.done {
		return nil, ErrClosed
	}
	if err := g.Check(name); err != nil {
		return nil, err
	}
	f, err := Create(name, g.stdout)
	if err != nil {
		return nil, err
	}
	g.files = append(g.files, f)
	return f, nil
}

// Commit publishes every file of the group: it flushes and syncs them all
// (an error drops them all and publishes none), then renames them into
// place, in the order they were created, holding a lock on their folders.
// Should a rename fail midway, the files renamed before it stay (each one
// complete) and the error says which did not.
func (g *Group) Commit() error {
	if g.done {
		return ErrClosed
	}
	g.done = true
	for _, f := range g.files {
		if err := f.prepare(); err != nil {
			g.drop()
			return err
		}
	}
	var dirs []string
	for _, f := range g.files {
		if f.tmp != nil && !slices.Contains(dirs, filepath.Dir(f.target)) {
			dirs = append(dirs, filepath.Dir(f.target))
		}
	}
	slices.Sort(dirs) // one order for every run: no deadlock between two
	var unlocks []func()
	defer func() {
		for _, unlock := range slices.Backward(unlocks) {
			unlock()
		}
	}()
	for _, dir := range dirs {
		unlock, err := lockDir(dir)
		if err != nil {
			g.drop()
			return fmt.Errorf("atomicfile: locking %s: %w", dir, err)
		}
		unlocks = append(unlocks, unlock)
	}
	for i, f := range g.files {
		if err := f.publish(); err != nil {
			g.drop()
			return fmt.Errorf("%w (%d of %d files published)", err, i, len(g.files))
		}
	}
	for _, dir := range dirs {
		syncDir(dir)
	}
	return nil
}

// drop removes the temporary files of prepared files not yet published.
func (g *Group) drop() {
	for _, f := range g.files {
		if f.tmp != nil {
			os.Remove(f.tmp.Name())
		}
		f.Close()
	}
}

// Close drops every file of the group unless Commit was called: their
// temporary files are removed and the final names are left as they were.
// Close after Commit does nothing.
func (g *Group) Close() error {
	if g.done {
		return nil
	}
	g.done = true
	var first error
	for _, f := range g.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
