package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReport(t *testing.T) {
	lines := filepath.Join(t.TempDir(), "lines.csv")
	runCLI(t, "", creditsArgs(demoSubs, "-out", lines)...).wantCode(t, exitOK)

	tests := []struct {
		name    string
		args    []string
		want    []string // substrings of the output
		notWant []string
	}{
		{
			name:    "incident only",
			args:    []string{"-format", "md", "-incident", seedIncident},
			want:    []string{"# Constant Contact outage after a power disruption at the primary site", "14h28m", "```mermaid"},
			notWant: []string{"97.990741"},
		},
		{
			name: "with SLA results and credits",
			args: []string{"-format", "md", "-incident", seedIncident, "-policy", seedPolicy, "-credits", lines},
			want: []string{"97.990741", "email-starter", "69.17"},
		},
		{
			name:    "public, in German, in UTC",
			args:    []string{"-format", "md", "-incident", seedIncident, "-public", "-lang", "de", "-tz", "UTC"},
			want:    []string{"2014-04-18 14:32 UTC"},
			notWant: []string{"Internal edition", "The seed gives no time for"},
		},
		{
			name: "stdin",
			args: []string{"-format", "md", "-incident", "-"},
			want: []string{"# Constant Contact outage"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, string(readFile(t, seedIncident)), append([]string{"report"}, tt.args...)...)
			r.wantCode(t, exitOK)
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.stdout, w) {
					t.Errorf("output holds %q", w)
				}
			}
		})
	}
}

func TestReportPDF(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.pdf")
	for _, page := range []string{"a4", "letter"} {
		r := runCLI(t, "", "report", "-format", "pdf", "-page", page, "-incident", seedIncident, "-policy", seedPolicy, "-out", out)
		r.wantCode(t, exitOK)
		if pdf := readFile(t, out); !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("%s: not a PDF", page)
		}
	}
}

func TestReportErrors(t *testing.T) {
	bad := writeFile(t, "bad.yaml", badIncident)
	badLines := writeFile(t, "lines.csv", "what,ever\n1,2\n")
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"no incident", []string{"-format", "md"}, exitUsage, "-incident is required"},
		{"no format", []string{"-incident", seedIncident}, exitUsage, "-format is required"},
		{"bad format", []string{"-incident", seedIncident, "-format", "html"}, exitUsage, `-format "html"`},
		{"bad language", []string{"-incident", seedIncident, "-format", "md", "-lang", "xx"}, exitUsage, `-lang "xx": want one of ["en" "de" "fr"]`},
		{"unshipped language", []string{"-incident", seedIncident, "-format", "md", "-lang", "ja"}, exitUsage, `-lang "ja"`},
		{"bad zone", []string{"-incident", seedIncident, "-format", "md", "-tz", "Mars/Base"}, exitUsage, `-tz "Mars/Base": unknown time zone`},
		{"bad page", []string{"-incident", seedIncident, "-format", "pdf", "-page", "a5"}, exitUsage, `-page "a5"`},
		{"positional argument", []string{"-format", "md", seedIncident}, exitUsage, "unexpected argument"},
		{"invalid incident", []string{"-incident", bad, "-format", "md"}, exitInvalid, bad + ":6:"},
		{"bad lines file", []string{"-incident", seedIncident, "-policy", seedPolicy, "-format", "md", "-credits", badLines}, exitInvalid, badLines},
		{"credits without their policy", []string{"-incident", seedIncident, "-format", "md", "-credits", badLines}, exitUsage, "-credits needs -policy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"report"}, tt.args...)...)
			r.wantCode(t, tt.code)
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantErr, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %d bytes, want nothing on error", len(r.stdout))
			}
		})
	}
}

// TestReportCreditsSummary checks -credits-summary: a lines file cut short
// at the end of a line reads without a problem (its last line whole), so
// only the run's own summary tells that lines are missing; with it the
// report is refused, both counts printed, and nothing written.
func TestReportCreditsSummary(t *testing.T) {
	dir := t.TempDir()
	lines, summary := filepath.Join(dir, "lines.csv"), filepath.Join(dir, "summary.json")
	runCLI(t, "", creditsArgs(demoSubs, "-out", lines, "-summary", summary)...).wantCode(t, exitOK)
	whole := string(readFile(t, lines))
	// The header and the first three lines: sub-0001 to sub-0003, USD
	// 0.30 + 0.90 + 0.02 (testdata/credits/demo-lines.csv).
	cut := writeFile(t, "cut.csv", strings.Join(strings.SplitAfter(whole, "\n")[:4], ""))
	report := func(credits string, more ...string) []string {
		return append([]string{"report", "-incident", seedIncident, "-policy", seedPolicy, "-format", "md",
			"-credits", credits, "-credits-summary", summary}, more...)
	}

	runCLI(t, "", report(lines, "-out", filepath.Join(dir, "whole.md"))...).wantCode(t, exitOK)

	out := filepath.Join(dir, "cut.md")
	r := runCLI(t, "", report(cut, "-out", out)...)
	r.wantCode(t, exitInvalid)
	want := "cut.csv holds 3 lines, USD 1.22, email-starter USD 1.22; its run's summary " + summary +
		" counts 13 lines, CHF 1.00, EUR 13.98, JPY 20, KWD 0.251, USD 69.17,"
	if !strings.Contains(r.stderr, want) || !strings.HasSuffix(r.stderr, ": the file is cut short or another run's; no report written\n") {
		t.Errorf("stderr = %q, want it to hold %q", r.stderr, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s: %v, want no report", out, err)
	}

	r = runCLI(t, "", "report", "-incident", seedIncident, "-policy", seedPolicy, "-format", "md", "-credits-summary", summary)
	r.wantCode(t, exitUsage)
}
