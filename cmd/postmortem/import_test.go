package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/rca"
)

func TestImportStatuspage(t *testing.T) {
	r := runCLI(t, "", "import", "statuspage", spExport)
	r.wantCode(t, exitOK)
	golden.Check(t, "testdata/import/partial-major-partial.yaml", []byte(r.stdout))
	inc, err := rca.Load("imported.yaml", []byte(r.stdout))
	if err != nil {
		t.Fatalf("the imported incident does not load: %v", err)
	}
	if inc.ID != "p1zfc9gk3b7m" {
		t.Errorf("ID = %q", inc.ID)
	}

	r = runCLI(t, "", "import", "statuspage", "-format", "json", "-zone", "Europe/Berlin", spExport)
	r.wantCode(t, exitOK)
	if !strings.HasPrefix(r.stdout, "{") || !strings.Contains(r.stdout, `"zone": "Europe/Berlin"`) {
		t.Errorf("JSON in Europe/Berlin expected:\n%s", r.stdout)
	}
}

func TestImportStatuspageOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "incidents")
	r := runCLI(t, "", "import", "statuspage", "-out", dir, spMalformed)
	r.wantCode(t, exitInvalid)
	if names := dirNames(t, dir); len(names) != 1 || names[0] != "ok1.yaml" {
		t.Errorf("files = %q, want the one good incident, ok1.yaml", names)
	}
	for _, want := range []string{"malformed.json:3:5: incidents[0].id: missing", "1 incident imported; 6 problems"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if _, err := rca.LoadFile(filepath.Join(dir, "ok1.yaml")); err != nil {
		t.Errorf("written incident does not load: %v", err)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no source", []string{"import"}, "name the export's source: statuspage"},
		{"unknown source", []string{"import", "pagerduty", spExport}, `unknown source "pagerduty"`},
		{"no file", []string{"import", "statuspage"}, "want one export file, got 0"},
		{"bad zone", []string{"import", "statuspage", "-zone", "Nowhere/Land", spExport}, `-zone "Nowhere/Land": unknown time zone`},
		{"bad format", []string{"import", "statuspage", "-format", "toml", spExport}, `-format "toml"`},
		{"Local zone", []string{"import", "statuspage", "-zone", "Local", spExport}, `-zone "Local": name an IANA zone`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.args...)
			r.wantCode(t, exitUsage)
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantErr, r.stderr)
			}
		})
	}
}

func TestFileNameOf(t *testing.T) {
	seen := map[string]bool{}
	tests := []struct{ id, want string }{
		{"p1zfc9gk3b7m", "p1zfc9gk3b7m"},
		{"../../etc/passwd", "_.._etc_passwd"},
		{"a b/c", "a_b_c"},
		{"", "incident"},
		{"a b/c", "a_b_c-2"},
	}
	for _, tt := range tests {
		if got := fileNameOf(tt.id, seen); got != tt.want {
			t.Errorf("fileNameOf(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}
