package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// names lists the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

func writeStaged(t *testing.T, s *Stage, name, content string) {
	t.Helper()
	if err := Write(s.Path(name), io.Discard, func(w io.Writer) error {
		_, err := io.WriteString(w, content)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestStageCommitsTogether(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte("old b"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := NewStage(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	writeStaged(t, s, "a.txt", "new a")
	writeStaged(t, s, "b.txt", "new b")
	// Before Commit, only the old file and the staging folder are there.
	got := names(t, dir)
	if len(got) != 2 || got[0] != "b.txt" && !strings.HasPrefix(got[0], ".postmortem-stage-") {
		t.Fatalf("before Commit: %q", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.txt")); string(b) != "old b" {
		t.Fatalf("b.txt before Commit = %q", b)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a.txt", "b.txt"}, names(t, dir)); diff != "" {
		t.Errorf("after Commit (-want +got):\n%s", diff)
	}
	for name, want := range map[string]string{"a.txt": "new a", "b.txt": "new b"} {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != want {
			t.Errorf("%s = %q, want %q", name, b, want)
		}
	}
	if err := s.Commit(); err != ErrClosed {
		t.Errorf("second Commit: %v, want ErrClosed", err)
	}
}

func TestStageCloseDrops(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte("old b"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := NewStage(dir)
	if err != nil {
		t.Fatal(err)
	}
	writeStaged(t, s, "a.txt", "new a")
	writeStaged(t, s, "b.txt", "new b")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b.txt"}, names(t, dir)); diff != "" {
		t.Errorf("after Close (-want +got):\n%s", diff)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "b.txt")); string(b) != "old b" {
		t.Errorf("b.txt after Close = %q, want the old version", b)
	}
}

func TestStageMissingFile(t *testing.T) {
	dir := t.TempDir()
	s, err := NewStage(dir)
	if err != nil {
		t.Fatal(err)
	}
	writeStaged(t, s, "a.txt", "a")
	s.Path("never-written.txt")
	if err := s.Commit(); err == nil || !strings.Contains(err.Error(), "never-written.txt was not written") {
		t.Errorf("Commit = %v, want an error naming the file not written", err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("a failed Commit left %q", got)
	}
}
