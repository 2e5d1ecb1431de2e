package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/pdftext"
	"github.com/outagekit/postmortem/rca"
)

// Fixtures of the importers, from this package's directory.
const (
	spDir = "../../testdata/statuspage/"
	pdDir = "../../testdata/pagerduty/"
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
	for _, want := range []string{"malformed.json:4:13: incidents[0].id: missing", "1 incident imported; 6 problems"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if _, err := rca.LoadFile(filepath.Join(dir, "ok1.yaml")); err != nil {
		t.Errorf("written incident does not load: %v", err)
	}
}

// TestImportPages imports two overlapping pages of the API in one run.
func TestImportPages(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", "import", "statuspage", "-out", dir, spDir+"page-1.json", spDir+"page-2.json")
	r.wantCode(t, exitOK)
	want := []string{"g2k8w0q4z6ma.yaml", "n5t1x7c3v9pe.yaml", "s8d4f0j6l2hb.yaml"}
	if names := dirNames(t, dir); !slices.Equal(names, want) {
		t.Errorf("files = %q, want %q", names, want)
	}
	if !strings.Contains(r.stderr, "1 incident given again on another page: imported once, from the copy updated last") {
		t.Errorf("stderr does not say a duplicate was left out:\n%s", r.stderr)
	}
}

// TestImportFileNames imports incidents whose ids are not file names on
// every system: a device name, two ids differing in case, a 245-character
// id. Each gets a file of its own and nothing fails with an OS error.
func TestImportFileNames(t *testing.T) {
	long := strings.Repeat("a", 245)
	var incs []string
	for _, id := range []string{"CON", "dup", "DUP", long} {
		incs = append(incs, fmt.Sprintf(`{"id": %q, "name": "n", "status": "resolved", "impact": "minor",
			"started_at": "2024-01-01T00:00:00Z", "resolved_at": "2024-01-01T01:00:00Z", "components": [{"id": "c", "name": "API"}]}`, id))
	}
	export := writeFile(t, "export.json", `{"incidents": [`+strings.Join(incs, ",")+`]}`)
	dir := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, "", "import", "statuspage", "-out", dir, export)
	r.wantCode(t, exitOK)
	want := []string{"DUP-2.yaml", "_CON.yaml", strings.Repeat("a", 91) + "-e7d6ea98.yaml", "dup.yaml"}
	if names := dirNames(t, dir); !slices.Equal(names, want) {
		t.Errorf("files = %q, want %q", names, want)
	}
	inc, err := rca.LoadFile(filepath.Join(dir, want[2]))
	if err != nil || inc.ID != long {
		t.Errorf("the long id's file holds %v (%v)", inc, err)
	}
}

// TestImportReportCountsUpdatesOnce imports a real-shaped GitHub incident
// and renders its report: the six updates count six times, not twelve.
func TestImportReportCountsUpdatesOnce(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", "import", "statuspage", "-out", dir, spDir+"github-repeated-states.json")
	r.wantCode(t, exitOK)
	r = runCLI(t, "", "report", "-incident", filepath.Join(dir, "w6h0e2jd4rkp.yaml"), "-format", "md")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "Public updates while impact lasted:** 6\n") {
		t.Errorf("the report does not count 6 public updates:\n%s", grepLines(r.stdout, "Public updates"))
	}
	if strings.Contains(r.stdout, "<br") || strings.Contains(r.stdout, "&amp;") {
		t.Errorf("HTML left in the report")
	}
}

// TestImportOngoing imports an incident still open: its report says
// ongoing.
func TestImportOngoing(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", "import", "statuspage", "-out", dir, spDir+"github-ongoing.json")
	r.wantCode(t, exitOK)
	r = runCLI(t, "", "report", "-incident", filepath.Join(dir, "x4cnd8w1zt0r.yaml"), "-format", "md", "-as-of", "2024-05-02T11:00:00Z")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "ongoing") {
		t.Errorf("the report of an ongoing incident does not say ongoing:\n%s", r.stdout)
	}
}

// TestImportPagerDuty imports an incident and its log entries and reads
// the time to acknowledge from the metrics of the file written.
func TestImportPagerDuty(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", "import", "pagerduty", "-out", dir, pdDir+"log_entries.json", pdDir+"incident.json")
	r.wantCode(t, exitOK)
	r = runCLI(t, "", "metrics", "-format", "json", filepath.Join(dir, "PT4KHLK.yaml"))
	r.wantCode(t, exitOK)
	var m map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatal(err)
	}
	if tta := m["time_to_acknowledge_seconds"]; tta != 521.0 {
		t.Errorf("time_to_acknowledge_seconds = %v, want 521 (8m41s)", tta)
	}

	r = runCLI(t, "", "import", "pagerduty", "-level", "partial_outage", pdDir+"ongoing.json")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "level: partial_outage") {
		t.Errorf("the impact is not at -level:\n%s", r.stdout)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no source", []string{"import"}, "name the export's source: statuspage or pagerduty"},
		{"unknown source", []string{"import", "opsgenie", spExport}, `unknown source "opsgenie"`},
		{"no file", []string{"import", "statuspage"}, "no export file given"},
		{"bad zone", []string{"import", "statuspage", "-zone", "Nowhere/Land", spExport}, `-zone "Nowhere/Land": unknown time zone`},
		{"bad format", []string{"import", "statuspage", "-format", "toml", spExport}, `-format "toml"`},
		{"Local zone", []string{"import", "statuspage", "-zone", "Local", spExport}, `-zone "Local": name an IANA zone`},
		{"bad impact start", []string{"import", "statuspage", "-impact-start", "never", spExport}, `-impact-start "never"`},
		{"operational level", []string{"import", "pagerduty", "-level", "operational", pdDir + "ongoing.json"}, `-level "operational"`},
		{"several incidents to stdout", []string{"import", "statuspage", spDir + "page-1.json"}, "the export holds 2 incidents: give -out DIR"},
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

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// TestImportedPublicEdition imports the exports of the paging and status
// tools, whose internal events name responders and hold their notes, and
// renders each incident's public edition in every language, as Markdown
// and as PDF: no internal event's text or source, and no event source,
// may appear in it (the public edition hides sources unless the incident
// says otherwise), while the public events' text does.
func TestImportedPublicEdition(t *testing.T) {
	imports := []struct {
		name string
		args []string
	}{
		{"pagerduty", []string{"import", "pagerduty", pdDir + "incident.json", pdDir + "log_entries.json"}},
		{"statuspage", []string{"import", "statuspage", spDir + "github-repeated-states.json"}},
	}
	for _, im := range imports {
		dir := t.TempDir()
		r := runCLI(t, "", append(im.args, "-out", dir)...)
		r.wantCode(t, exitOK)
		for _, name := range dirNames(t, dir) {
			file := filepath.Join(dir, name)
			inc, err := rca.LoadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var hidden, shown []string
			for _, e := range inc.Timeline {
				if e.Internal {
					hidden = append(hidden, e.Text)
				} else {
					shown = append(shown, e.Text)
				}
				if e.Source != "" && e.Source != "statuspage" && e.Source != "pagerduty" && !slices.Contains(inc.Components, e.Source) {
					hidden = append(hidden, e.Source)
				}
			}
			if im.name == "pagerduty" {
				hidden = append(hidden, responderNotes(t, pdDir+"log_entries.json")...)
			}
			if im.name == "pagerduty" && len(hidden) < 4 {
				t.Fatalf("%s: %d internal texts and sources, want the responders' notes and names: %q", name, len(hidden), hidden)
			}
			for _, lang := range []string{"en", "de", "fr"} {
				t.Run(im.name+"-"+name+"-"+lang, func(t *testing.T) {
					md := runCLI(t, "", "report", "-incident", file, "-format", "md", "-public", "-lang", lang)
					md.wantCode(t, exitOK)
					pdfFile := filepath.Join(t.TempDir(), "r.pdf")
					runCLI(t, "", "report", "-incident", file, "-format", "pdf", "-public", "-lang", lang, "-out", pdfFile).wantCode(t, exitOK)
					pages, err := pdftext.Read(readFile(t, pdfFile))
					if err != nil {
						t.Fatal(err)
					}
					var pdf strings.Builder
					for _, p := range pages {
						pdf.WriteString(p.Text() + "\n")
					}
					for format, text := range map[string]string{"md": md.stdout, "pdf": strings.Join(strings.Fields(pdf.String()), " ")} {
						for _, h := range hidden {
							if strings.Contains(text, h) {
								t.Errorf("the public %s edition shows %q", format, h)
							}
						}
						for _, s := range shown {
							if format == "md" && !strings.Contains(text, s) {
								t.Errorf("the public %s edition lacks the public event %q", format, s)
							}
						}
					}
				})
			}
		}
	}
}

// responderNotes returns what responders wrote in a PagerDuty log entries
// export: the notes of annotations and resolutions.
func responderNotes(t *testing.T, path string) []string {
	t.Helper()
	var doc struct {
		LogEntries []struct {
			Type    string `json:"type"`
			Note    string `json:"note"`
			Channel struct {
				Summary string `json:"summary"`
			} `json:"channel"`
		} `json:"log_entries"`
	}
	if err := json.Unmarshal(readFile(t, path), &doc); err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, e := range doc.LogEntries {
		if e.Note != "" {
			notes = append(notes, e.Note)
		}
		if e.Type == "annotate_log_entry" && e.Channel.Summary != "" {
			notes = append(notes, e.Channel.Summary)
		}
	}
	if len(notes) < 2 {
		t.Fatalf("%s: %d responders' notes, want the annotation's and the resolution's", path, len(notes))
	}
	return notes
}
