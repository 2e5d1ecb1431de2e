//go:build unix

package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// writeString writes s to name with Write.
func writeString(t *testing.T, name string, stdout io.Writer, s string) error {
	t.Helper()
	return Write(name, stdout, func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	})
}

func TestReplaceKeepsMode(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "report.md")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(name, nil, func(w io.Writer) error {
		_, err := io.WriteString(w, "new")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600 (kept from the replaced file)", fi.Mode().Perm())
	}
	got, _ := os.ReadFile(name)
	if string(got) != "new" {
		t.Errorf("content = %q, want %q", got, "new")
	}
}

// TestUmask checks that a new file gets 0666 less the umask (it was 0644
// whatever the umask: under umask 077, customer ids readable by all), and
// that a replaced file keeps its mode whatever the umask.
func TestUmask(t *testing.T) {
	tests := []struct {
		name     string
		umask    int
		existing os.FileMode // 0: a new file
		want     os.FileMode
	}{
		{"umask 077", 0o077, 0, 0o600},
		{"umask 022", 0o022, 0, 0o644},
		{"umask 002", 0o002, 0, 0o664},
		{"umask 000", 0, 0, 0o666},
		{"replaced file keeps 0640 under umask 077", 0o077, 0o640, 0o640},
		{"replaced file keeps 0600 under umask 000", 0, 0o600, 0o600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "credits.csv")
			if tt.existing != 0 {
				if err := os.WriteFile(name, []byte("old"), tt.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(name, tt.existing); err != nil {
					t.Fatal(err)
				}
			}
			var err error
			withUmask(tt.umask, func() { err = writeString(t, name, nil, "new") })
			if err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(name)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tt.want {
				t.Errorf("mode = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWriteThroughLinks checks that a name that is a symbolic link is
// written through to its target, by a temporary file beside the target,
// and that the link stays a link.
func TestWriteThroughLinks(t *testing.T) {
	tests := []struct {
		name string
		// setup makes the name to write in dir and returns it and the file
		// that must end up with the new content.
		setup func(t *testing.T, dir string) (name, target string)
	}{
		{"absolute link to a file elsewhere", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(mkdir(t, dir, "data"), "lines.csv")
			write(t, target, "old")
			return symlink(t, target, filepath.Join(dir, "out.csv")), target
		}},
		{"relative link", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(mkdir(t, dir, "data"), "lines.csv")
			write(t, target, "old")
			return symlink(t, "data/lines.csv", filepath.Join(dir, "out.csv")), target
		}},
		{"chain of links", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(mkdir(t, dir, "data"), "lines.csv")
			write(t, target, "old")
			mid := symlink(t, "../data/lines.csv", filepath.Join(mkdir(t, dir, "mid"), "link"))
			return symlink(t, mid, filepath.Join(dir, "out.csv")), target
		}},
		{"relative link inside a linked folder", func(t *testing.T, dir string) (string, string) {
			real := mkdir(t, dir, "real")
			target := filepath.Join(real, "lines.csv")
			write(t, target, "old")
			symlink(t, "lines.csv", filepath.Join(real, "out.csv"))
			alias := symlink(t, real, filepath.Join(dir, "alias"))
			return filepath.Join(alias, "out.csv"), target
		}},
		{"dangling link creates its target", func(t *testing.T, dir string) (string, string) {
			target := filepath.Join(mkdir(t, dir, "data"), "new.csv")
			return symlink(t, target, filepath.Join(dir, "out.csv")), target
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name, target := tt.setup(t, dir)
			if err := writeString(t, name, nil, "new"); err != nil {
				t.Fatal(err)
			}
			if got := string(readAll(t, target)); got != "new" {
				t.Errorf("target holds %q, want %q", got, "new")
			}
			fi, err := os.Lstat(name)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf("%s is no longer a symbolic link (mode %v)", name, fi.Mode())
			}
			// No temporary file is left anywhere.
			filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
				if err == nil && strings.Contains(d.Name(), ".tmp-") {
					t.Errorf("temporary file left: %s", path)
				}
				return err
			})
		})
	}
}

func TestLinkLoop(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	symlink(t, b, a)
	symlink(t, a, b)
	if err := writeString(t, a, nil, "x"); err == nil || !strings.Contains(err.Error(), "symbolic links") {
		t.Errorf("Write through a loop of links = %v, want an error about links", err)
	}
}

// TestStdoutNames checks that every spelling of standard output writes to
// the stdout writer, not to the file system (as root, -out /dev/stdout
// used to replace the system's /dev/stdout link with a regular file).
func TestStdoutNames(t *testing.T) {
	for _, name := range []string{"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := writeString(t, name, &out, "hello\n"); err != nil {
				t.Fatal(err)
			}
			if out.String() != "hello\n" {
				t.Errorf("stdout = %q, want %q", out.String(), "hello\n")
			}
		})
	}
}

// TestDevicesAndPipes checks that a device or a named pipe is written
// directly: no temporary file beside it, no rename over it.
func TestDevicesAndPipes(t *testing.T) {
	t.Run("/dev/null", func(t *testing.T) {
		if err := writeString(t, "/dev/null", nil, "discarded"); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat("/dev/null")
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("/dev/null is now %v", fi.Mode())
		}
	})
	t.Run("named pipe", func(t *testing.T) {
		dir := t.TempDir()
		fifo := filepath.Join(dir, "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		got := make(chan []byte)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- nil
				return
			}
			defer f.Close()
			b, _ := io.ReadAll(f)
			got <- b
		}()
		if err := writeString(t, fifo, nil, "through the pipe"); err != nil {
			t.Fatal(err)
		}
		if b := <-got; string(b) != "through the pipe" {
			t.Errorf("reader got %q", b)
		}
		if diff := cmp.Diff([]string{"fifo"}, entries(t, dir)); diff != "" {
			t.Errorf("folder (-want +got):\n%s", diff)
		}
	})
}

// TestGroupSameFile checks that an output that is the same file as an
// input or as another output is refused, however it is spelled.
func TestGroupSameFile(t *testing.T) {
	tests := []struct {
		name string
		// setup returns the inputs and the outputs of the run, in dir.
		setup func(t *testing.T, dir string) (inputs, outputs []string)
		// bad is the index of the output refused (-1: none), other the
		// name it collides with, input whether that is an input.
		bad   int
		other string
		input bool
	}{
		{"output is an input", func(t *testing.T, dir string) ([]string, []string) {
			return []string{write(t, filepath.Join(dir, "subs.csv"), "id\n")}, []string{filepath.Join(dir, "subs.csv")}
		}, 0, "subs.csv", true},
		{"output is an input spelled differently", func(t *testing.T, dir string) ([]string, []string) {
			in := write(t, filepath.Join(dir, "subs.csv"), "id\n")
			return []string{in}, []string{filepath.Join(dir, ".", "x", "..", "subs.csv")}
		}, 0, "subs.csv", true},
		{"output is a link to an input", func(t *testing.T, dir string) ([]string, []string) {
			in := write(t, filepath.Join(dir, "subs.csv"), "id\n")
			return []string{in}, []string{symlink(t, in, filepath.Join(dir, "link"))}
		}, 0, "subs.csv", true},
		{"output is a hard link to an input", func(t *testing.T, dir string) ([]string, []string) {
			in := write(t, filepath.Join(dir, "subs.csv"), "id\n")
			hard := filepath.Join(dir, "hard")
			if err := os.Link(in, hard); err != nil {
				t.Fatal(err)
			}
			return []string{in}, []string{hard}
		}, 0, "subs.csv", true},
		{"input is a link to the output", func(t *testing.T, dir string) ([]string, []string) {
			out := write(t, filepath.Join(dir, "incident.yaml"), "id: x\n")
			return []string{symlink(t, out, filepath.Join(dir, "link.yaml"))}, []string{out}
		}, 0, "link.yaml", true},
		{"two new outputs, one name", func(t *testing.T, dir string) ([]string, []string) {
			return nil, []string{filepath.Join(dir, "x"), filepath.Join(dir, ".", "x")}
		}, 1, "x", false},
		{"two new outputs through a linked folder", func(t *testing.T, dir string) ([]string, []string) {
			alias := symlink(t, mkdir(t, dir, "real"), filepath.Join(dir, "alias"))
			return nil, []string{filepath.Join(dir, "real", "x"), filepath.Join(alias, "x")}
		}, 1, "x", false},
		{"an output and a dangling link to it", func(t *testing.T, dir string) ([]string, []string) {
			return nil, []string{filepath.Join(dir, "x"), symlink(t, filepath.Join(dir, "x"), filepath.Join(dir, "link"))}
		}, 1, "x", false},
		{"two spellings of standard output", func(t *testing.T, dir string) ([]string, []string) {
			return nil, []string{"-", "/dev/stdout"}
		}, 1, "-", false},
		{"distinct files", func(t *testing.T, dir string) ([]string, []string) {
			in := write(t, filepath.Join(dir, "subs.csv"), "id\n")
			return []string{in, "-"}, []string{filepath.Join(dir, "lines.csv"), filepath.Join(dir, "summary.json"), "-"}
		}, -1, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			inputs, outputs := tt.setup(t, dir)
			before := snapshot(t, dir)
			g := NewGroup(io.Discard)
			defer g.Close()
			for _, in := range inputs {
				g.Input(in)
			}
			var err error
			bad := -1
			for i, out := range outputs {
				if _, err = g.Create(out); err != nil {
					bad = i
					break
				}
			}
			if bad != tt.bad {
				t.Fatalf("output %d refused (%v), want %d", bad, err, tt.bad)
			}
			if bad < 0 {
				return
			}
			var se *SameFileError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *SameFileError", err)
			}
			if se.Name != outputs[bad] || filepath.Base(se.Other) != tt.other || se.Input != tt.input {
				t.Errorf("error = %+v, want output %q and %s %q", se, outputs[bad], map[bool]string{true: "input", false: "output"}[tt.input], tt.other)
			}
			g.Close()
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("folder changed by a refused run (-before +after):\n%s", diff)
			}
		})
	}
}

// TestGroupCreatesAllFirst checks that when one output cannot be created
// (its folder is missing), none of the run's outputs is published.
func TestGroupCreatesAllFirst(t *testing.T) {
	dir := t.TempDir()
	g := NewGroup(io.Discard)
	defer g.Close()
	lines, err := g.Create(filepath.Join(dir, "lines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(lines, "a\n")
	if _, err := g.Create(filepath.Join(dir, "missing", "summary.json")); err == nil {
		t.Fatal("Create in a missing folder succeeded")
	}
	g.Close()
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("folder holds %q, want nothing", names)
	}
}

func TestGroupCommit(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "b.json"), "old b")
	var stdout bytes.Buffer
	g := NewGroup(&stdout)
	names := []string{filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.json"), "-"}
	for _, name := range names {
		f, err := g.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, "new "+filepath.Base(name))
	}
	if _, err := os.Stat(names[0]); err == nil {
		t.Error("a.csv published before Commit")
	}
	if got := string(readAll(t, names[1])); got != "old b" {
		t.Errorf("b.json before Commit = %q, want the old content", got)
	}
	if err := g.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"a.csv": "new a.csv", "b.json": "new b.json"}, snapshot(t, dir)); diff != "" {
		t.Errorf("after Commit (-want +got):\n%s", diff)
	}
	if stdout.String() != "new -" {
		t.Errorf("stdout = %q", stdout.String())
	}
	if err := g.Close(); err != nil {
		t.Errorf("Close after Commit = %v", err)
	}
}

// TestGroupCommitWaitsForLock checks that a commit waits while another
// run holds the lock on its folder: two runs writing the same files
// commit one after the other, never interleaved.
func TestGroupCommitWaitsForLock(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	g := NewGroup(io.Discard)
	for _, name := range []string{"lines.csv", "summary.json"} {
		f, err := g.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, name)
	}
	done := make(chan error)
	go func() { done <- g.Commit() }()
	select {
	case err := <-done:
		t.Fatalf("Commit returned %v while another run held the lock", err)
	case <-timeAfter(100):
	}
	if _, err := os.Stat(filepath.Join(dir, "lines.csv")); err == nil {
		t.Error("lines.csv published while another run held the lock")
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"lines.csv": "lines.csv", "summary.json": "summary.json"}, snapshot(t, dir)); diff != "" {
		t.Errorf("after Commit (-want +got):\n%s", diff)
	}
}

func mkdir(t *testing.T, parent, name string) string {
	t.Helper()
	dir := filepath.Join(parent, name)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func symlink(t *testing.T, target, name string) string {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
	return name
}

func write(t *testing.T, name, content string) string {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func readAll(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// snapshot maps the regular files of dir (not below) to their contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, name := range entries(t, dir) {
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().IsRegular() {
			m[name] = string(readAll(t, filepath.Join(dir, name)))
		}
	}
	return m
}

// timeAfter returns a channel that fires after ms milliseconds.
func timeAfter(ms int) <-chan time.Time { return time.After(time.Duration(ms) * time.Millisecond) }

// TestGroupStdoutRedirected checks that standard output redirected to a
// file is that file: an output "-" when standard output is an input
// (postmortem metrics incident.yaml >> incident.yaml) is refused.
func TestGroupStdoutRedirected(t *testing.T) {
	dir := t.TempDir()
	in := write(t, filepath.Join(dir, "incident.yaml"), "id: x\n")
	stdout, err := os.OpenFile(in, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	g := NewGroup(stdout)
	defer g.Close()
	g.Input(in)
	_, err = g.Create("-")
	var se *SameFileError
	if !errors.As(err, &se) || se.Other != in || !se.Input {
		t.Fatalf("Create(-) with stdout appending to the input = %v, want a *SameFileError naming the input", err)
	}
	other := NewGroup(stdout)
	defer other.Close()
	other.Input(write(t, filepath.Join(dir, "policy.yaml"), "id: p\n"))
	if _, err := other.Create("-"); err != nil {
		t.Errorf("Create(-) with stdout redirected to a file that is no input = %v", err)
	}
}
