package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInterrupted runs every command that writes files with a context
// cancelled (Ctrl-C) before or while it works: each exits 130, says how far
// it got and that no output file was written, and leaves the output folder
// as it was (credits has its own test, TestCreditsInterrupted).
func TestInterrupted(t *testing.T) {
	tests := []struct {
		name string
		// args gets the output folder, which holds old.txt.
		args  func(dir string) []string
		stdin func(cancel context.CancelFunc) io.Reader // nil: cancelled before the start
		want  string                                    // how far it got
	}{
		{name: "sla", args: func(dir string) []string {
			return []string{"sla", "-policy", seedPolicy, "-out", filepath.Join(dir, "sla.txt"), seedIncident}
		}, want: "interrupted after measuring 1 window"},
		{name: "metrics", args: func(dir string) []string {
			return []string{"metrics", "-out", filepath.Join(dir, "metrics.txt"), seedIncident}
		}, want: "interrupted after measuring the incident"},
		{name: "report md", args: func(dir string) []string {
			return []string{"report", "-incident", seedIncident, "-format", "md", "-out", filepath.Join(dir, "report.md")}
		}, want: "interrupted after rendering the report"},
		{name: "report pdf", args: func(dir string) []string {
			return []string{"report", "-incident", seedIncident, "-format", "pdf", "-out", filepath.Join(dir, "report.pdf")}
		}, want: "interrupted after rendering the report"},
		{name: "report reading a lines file", args: func(dir string) []string {
			return []string{"report", "-incident", seedIncident, "-policy", seedPolicy, "-format", "md", "-credits", "-", "-out", filepath.Join(dir, "report.md")}
		}, stdin: func(cancel context.CancelFunc) io.Reader {
			lines, err := os.ReadFile("testdata/credits/demo-lines.csv")
			if err != nil {
				t.Fatal(err)
			}
			return &cancelReader{bytes.NewReader(bytes.Repeat(lines, 20)), cancel}
		}, want: "interrupted after reading "},
		{name: "import", args: func(dir string) []string {
			return []string{"import", "statuspage", "-out", dir, spExport}
		}, want: "interrupted after converting 0 of 1 incident"},
		{name: "demo", args: func(dir string) []string {
			return []string{"demo", "-force", "-out", dir}
		}, want: "interrupted after preparing 1 of the 6 files (sla.json)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "old.txt"), []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stdin io.Reader = strings.NewReader("")
			if tt.stdin != nil {
				stdin = tt.stdin(cancel)
			} else {
				cancel()
			}
			r := runCLIContext(t, ctx, stdin, tt.args(dir)...)
			r.wantCode(t, exitInterrupted)
			if !strings.Contains(r.stderr, tt.want) || !strings.HasSuffix(r.stderr, "; no output file was written\n") {
				t.Errorf("stderr = %q, want %q and that no output file was written", r.stderr, tt.want)
			}
			if diff := cmp.Diff([]string{"old.txt"}, dirNames(t, dir)); diff != "" {
				t.Errorf("output folder after the interruption (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDemoInterruptedNewFolder checks that an interrupted demo removes the
// folder it created.
func TestDemoInterruptedNewFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCLIContext(t, ctx, strings.NewReader(""), "demo", "-out", dir)
	r.wantCode(t, exitInterrupted)
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s is left after an interrupted demo", dir)
	}
}
