package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping the
// test, so that Check's failures can be checked.
type recorder struct {
	testing.TB
	failed bool
	msgs   []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msgs = append(r.msgs, format)
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	r.msgs = append(r.msgs, format)
}

func (r *recorder) Fatal(args ...any) {
	r.failed = true
}

func TestCheck(t *testing.T) {
	if *update {
		t.Skip("checks the comparison, not -update")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "case.golden")
	if err := os.WriteFile(path, []byte("line 1\nline 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		path     string
		got      string
		wantFail string // part of the failure message; empty: passes
	}{
		{"same bytes pass", path, "line 1\nline 2\n", ""},
		{"a changed line fails", path, "line 1\nline two\n", "differs from the golden file"},
		{"a missing trailing newline fails", path, "line 1\nline 2", "differs from the golden file"},
		{"CRLF line ends fail", path, "line 1\r\nline 2\r\n", "differs from the golden file"},
		{"a missing file fails with a hint", filepath.Join(dir, "none.golden"), "x", "run with -update to create it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Check(r, tt.path, []byte(tt.got))
			if r.failed != (tt.wantFail != "") {
				t.Fatalf("failed = %v, want %v (%q)", r.failed, tt.wantFail != "", r.msgs)
			}
			if tt.wantFail != "" && !strings.Contains(strings.Join(r.msgs, "\n"), tt.wantFail) {
				t.Errorf("failure %q does not say %q", r.msgs, tt.wantFail)
			}
		})
	}
}

func TestCheckUpdate(t *testing.T) {
	old := *update
	*update = true
	t.Cleanup(func() { *update = old })
	path := filepath.Join(t.TempDir(), "new", "dir", "case.golden")
	Check(t, path, []byte("written\n"))
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "written\n" {
		t.Errorf("-update wrote %q, want %q", got, "written\n")
	}
}
