package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// entries lists the names in dir, sorted.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func TestCommitPublishes(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.csv")
	f, err := Create(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.WriteString(f, "a,b\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("before Commit: Stat = %v, want not exist", err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "a,b\n" {
		t.Errorf("content = %q, want %q", got, "a,b\n")
	}
	if diff := cmp.Diff([]string{"out.csv"}, entries(t, dir)); diff != "" {
		t.Errorf("directory after Commit (-want +got):\n%s", diff)
	}
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if want := newFileMode(t); fi.Mode().Perm() != want {
		t.Errorf("mode = %v, want %v (0666 less the umask)", fi.Mode().Perm(), want)
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close after Commit = %v, want nil", err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Commit = %v, want ErrClosed", err)
	}
	if err := f.Commit(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Commit = %v, want ErrClosed", err)
	}
}

func TestCloseDrops(t *testing.T) {
	tests := []struct {
		name     string
		existing string // content of the target before; "" for none
	}{
		{"new file", ""},
		{"existing file kept", "old complete content\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name := filepath.Join(dir, "lines.csv")
			if tt.existing != "" {
				if err := os.WriteFile(name, []byte(tt.existing), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			f, err := Create(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Write(bytes.Repeat([]byte("half-written "), 10000)); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
			var want []string
			if tt.existing != "" {
				want = []string{"lines.csv"}
				got, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tt.existing {
					t.Errorf("target changed to %d bytes", len(got))
				}
			}
			if diff := cmp.Diff(want, entries(t, dir)); diff != "" {
				t.Errorf("directory after Close (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteError(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.json")
	boom := errors.New("boom")
	err := Write(name, nil, func(w io.Writer) error {
		io.WriteString(w, "{")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Write = %v, want boom", err)
	}
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("directory holds %q after a failed write, want nothing", names)
	}
}

func TestStdout(t *testing.T) {
	var out bytes.Buffer
	f, err := Create("-", &out)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name() != "-" {
		t.Errorf("Name = %q", f.Name())
	}
	io.WriteString(f, "hello\n")
	if out.Len() != 0 {
		t.Errorf("stdout written before Commit (buffered): %q", out.String())
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if out.String() != "hello\n" {
		t.Errorf("stdout = %q", out.String())
	}
}

func TestCreateErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
	}{
		{"empty name", ""},
		{"missing directory", filepath.Join(dir, "no", "such", "dir", "out.csv")},
		{"directory as target", dir},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Create(tt.path, nil)
			if err == nil {
				f.Close()
				t.Fatalf("Create(%q) = nil error", tt.path)
			}
		})
	}
}

// TestCrashLeavesNoFinalName runs a child process that writes part of a file
// and exits without committing, as a crash or a kill would.
func TestCrashLeavesNoFinalName(t *testing.T) {
	if name := os.Getenv("ATOMICFILE_CRASH"); name != "" {
		f, err := Create(name, nil)
		if err != nil {
			os.Exit(2)
		}
		f.Write(bytes.Repeat([]byte("x"), 200000)) // beyond the buffer: bytes reach the disk
		os.Exit(1)                                 // no Commit, no Close
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "credits.csv")
	cmd := exec.Command(exe, "-test.run=^TestCrashLeavesNoFinalName$")
	cmd.Env = append(os.Environ(), "ATOMICFILE_CRASH="+name)
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("child: %v, want exit status 1", err)
	}
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("final name exists after a crash: %v", err)
	}
	for _, n := range entries(t, dir) {
		if matched, _ := filepath.Match(".credits.csv.tmp-*", n); !matched {
			t.Errorf("unexpected file %q after a crash", n)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	dir := b.TempDir()
	name := filepath.Join(dir, "bench.csv")
	row := []byte("sub-000001,cust-1,email-starter,2014-04-01T00:00:00-04:00,USD,15,0.30\n")
	b.SetBytes(int64(len(row)) * 10000)
	for b.Loop() {
		f, err := Create(name, nil)
		if err != nil {
			b.Fatal(err)
		}
		for range 10000 {
			f.Write(row)
		}
		if err := f.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
