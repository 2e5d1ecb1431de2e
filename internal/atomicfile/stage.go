package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// Stage writes the several output files of one run into a folder so that
// they appear together or not at all: each file is written (with Create or
// Write, under the name Path gives) into a hidden staging folder inside the
// target folder, ".postmortem-stage-*", on the same file system; Commit moves
// them all into the target folder, each by an atomic rename, only when every
// one is complete. An error, a cancelled run (Close without Commit) or a
// crash before Commit leaves none of them under its final name, and the
// previous versions untouched; a crash may leave the staging folder, which
// is never mistaken for output. The usual pattern:
//
//	s, err := atomicfile.NewStage(dir)
//	if err != nil { … }
//	defer s.Close()
//	… atomicfile.Write(s.Path("a.json"), stdout, …) …
//	return s.Commit()
//
// A Stage is not safe for concurrent use.
type Stage struct {
	dir, tmp string
	names    []string
	done     bool
}

// NewStage starts a group of files in dir, which must exist.
func NewStage(dir string) (*Stage, error) {
	tmp, err := os.MkdirTemp(dir, ".postmortem-stage-*")
	if err != nil {
		return nil, fmt.Errorf("atomicfile: %w", err)
	}
	return &Stage{dir: dir, tmp: tmp}, nil
}

// Path returns where the file name (a base name, not a path) is written
// until Commit moves it to dir/name.
func (s *Stage) Path(name string) string {
	if !slices.Contains(s.names, name) {
		s.names = append(s.names, name)
	}
	return filepath.Join(s.tmp, name)
}

// Commit moves every file Path was asked for into dir, in the order of the
// first requests, replacing files of the same names, then removes the
// staging folder and syncs dir. It holds a lock on dir while it moves them
// (as Group.Commit does), so two runs staging the same files leave all of
// one run's files, never a mix. A name whose file was not written is an
// error, and nothing is moved. Should a rename fail midway, the files moved
// before it stay (each one complete) and the error says which did not.
func (s *Stage) Commit() error {
	if s.done {
		return ErrClosed
	}
	for _, name := range s.names {
		if _, err := os.Stat(filepath.Join(s.tmp, name)); err != nil {
			s.Close()
			return fmt.Errorf("atomicfile: %s was not written: %w", name, err)
		}
	}
	s.done = true
	defer os.RemoveAll(s.tmp)
	unlock, err := lockDir(s.dir)
	if err != nil {
		return fmt.Errorf("atomicfile: locking %s: %w", s.dir, err)
	}
	defer unlock()
	for i, name := range s.names {
		if err := os.Rename(filepath.Join(s.tmp, name), filepath.Join(s.dir, name)); err != nil {
			return fmt.Errorf("atomicfile: moving %s into place (%d of %d moved): %w", name, i, len(s.names), err)
		}
	}
	syncDir(s.dir)
	return nil
}

// Close drops the staging folder and every file in it unless Commit was
// called; files already in dir are left as they were. Close after Commit
// does nothing.
func (s *Stage) Close() error {
	if s.done {
		return nil
	}
	s.done = true
	if err := os.RemoveAll(s.tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("atomicfile: %w", err)
	}
	return nil
}
