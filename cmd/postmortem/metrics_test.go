package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/outagekit/postmortem/internal/golden"
)

func TestMetricsGolden(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"seed text", []string{seedIncident}, "metrics/seed.txt"},
		{"seed json", []string{"-format", "json", seedIncident}, "metrics/seed.json"},
		{"seed text as of a later date", []string{"-as-of", "2014-06-01", seedIncident}, "metrics/seed-2014-06-01.txt"},
		{"rich json", []string{"-format", "json", richIncident}, "metrics/rich.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"metrics"}, tt.args...)...)
			r.wantCode(t, exitOK)
			golden.Check(t, "testdata/"+tt.golden, []byte(r.stdout))
		})
	}
}

func TestMetricsJSONFigures(t *testing.T) {
	r := runCLI(t, "", "metrics", "-format", "json", "-as-of", "2014-06-01", seedIncident)
	r.wantCode(t, exitOK)
	var doc struct {
		OutageSeconds json.Number `json:"outage_seconds"`
		Outage        string      `json:"outage"`
		TimeToDetect  *float64    `json:"time_to_detect_seconds"`
		RCADue        string      `json:"rca_due"`
		RCAOverdue    bool        `json:"rca_overdue"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OutageSeconds != "52080" || doc.Outage != "14h28m" {
		t.Errorf("outage = %s s (%s), want 52080 s (14h28m)", doc.OutageSeconds, doc.Outage)
	}
	if doc.TimeToDetect != nil {
		t.Errorf("time to detect = %v, want null (not recorded)", *doc.TimeToDetect)
	}
	if doc.RCADue != "2014-05-19T01:00:00-04:00" || !doc.RCAOverdue {
		t.Errorf("RCA due %s overdue %v, want 2014-05-19T01:00:00-04:00 overdue as of June", doc.RCADue, doc.RCAOverdue)
	}
}

func TestMetricsErrors(t *testing.T) {
	bad := writeFile(t, "bad.yaml", badIncident)
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"no file", nil, exitUsage, "want one incident file, got 0"},
		{"two files", []string{seedIncident, seedIncident}, exitUsage, "want one incident file, got 2"},
		{"bad format", []string{"-format", "xml", seedIncident}, exitUsage, `-format "xml"`},
		{"bad as-of", []string{"-as-of", "yesterday", seedIncident}, exitUsage, `-as-of "yesterday"`},
		{"impossible as-of", []string{"-as-of", "2014-02-30", seedIncident}, exitUsage, `-as-of "2014-02-30"`},
		{"bad rca-days", []string{"-rca-days", "0", seedIncident}, exitUsage, "-rca-days 0"},
		{"invalid incident", []string{bad}, exitInvalid, bad + ":6:"},
		{"missing file", []string{"nope.yaml"}, exitInvalid, "open nope.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"metrics"}, tt.args...)...)
			r.wantCode(t, tt.code)
			if !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantErr, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing on error", r.stdout)
			}
		})
	}
}

// TestDisplayDuration checks how durations are shown to people: to the
// nearest second, never in milliseconds.
func TestDisplayDuration(t *testing.T) {
	tests := []struct {
		name string
		d    time.Duration
		want string
	}{
		{"zero", 0, "0s"},
		{"under half a second", 499 * time.Millisecond, "<1s"},
		{"half a second rounds up", 500 * time.Millisecond, "1s"},
		{"Statuspage's 1h12m0.75s", time.Hour + 12*time.Minute + 750*time.Millisecond, "1h12m1s"},
		{"1h12m0.25s", time.Hour + 12*time.Minute + 250*time.Millisecond, "1h12m"},
		{"the seed's outage", 14*time.Hour + 28*time.Minute, "14h28m"},
		{"a nanosecond short of a minute", time.Minute - 1, "1m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := displayDuration(tt.d); got != tt.want {
				t.Errorf("displayDuration(%v) = %q, want %q", tt.d, got, tt.want)
			}
		})
	}
}

// TestMetricsMilliseconds checks the text of an incident imported from
// Statuspage, whose times have milliseconds: durations are shown to the
// second (mitigated 15:10:00.750 − started 13:58:00 = 1h12m0.75s → 1h12m1s),
// the outage exactly in seconds beside it.
func TestMetricsMilliseconds(t *testing.T) {
	imported := runCLI(t, "", "import", "statuspage", spExport)
	imported.wantCode(t, exitOK)
	r := runCLI(t, imported.stdout, "metrics", "-")
	r.wantCode(t, exitOK)
	for _, want := range []string{"outage               2h7m30s (7650.25 s)\n", "time to mitigate     1h12m1s\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestMetricsMilestonesInTimeOrder: a page acknowledged before the alert
// was logged as detection lists acknowledged first.
func TestMetricsMilestonesInTimeOrder(t *testing.T) {
	inc := writeFile(t, "inc.yaml", `id: INC-9
title: Out of order
zone: UTC
timeline:
  - {at: 2025-01-01 10:00, kind: started, changes: [{component: api, status: major_outage}]}
  - {at: 2025-01-01 10:05, kind: acknowledged}
  - {at: 2025-01-01 10:09, kind: detected}
  - {at: 2025-01-01 11:00, kind: resolved, changes: [{component: api, status: operational}]}
`)
	r := runCLI(t, "", "metrics", inc)
	r.wantCode(t, exitOK)
	_, ms, _ := strings.Cut(r.stdout, "milestones:\n")
	ms, _, _ = strings.Cut(ms, "\n\n")
	var kinds []string
	for _, l := range strings.Split(ms, "\n") {
		kinds = append(kinds, strings.Fields(l)[0])
	}
	if got := strings.Join(kinds, " "); got != "started acknowledged detected resolved" {
		t.Errorf("milestones in order %q, want started acknowledged detected resolved", got)
	}
}

// TestMetricsReadinessOnlyWhenWritten: an incident that says nothing about
// its recovery plan gets no readiness section ("readiness findings: 0"
// said it was judged); one that does keeps its findings (the seed's 3).
func TestMetricsReadinessOnlyWhenWritten(t *testing.T) {
	r := runCLI(t, "", "metrics", "../../testdata/walkthrough/incident.yaml")
	r.wantCode(t, exitOK)
	if strings.Contains(r.stdout, "readiness") {
		t.Errorf("an incident without readiness: stdout mentions it:\n%s", r.stdout)
	}
	if !strings.HasSuffix(r.stdout, "\noverdue action items: 0\n") {
		t.Errorf("stdout does not end with the overdue action items:\n%s", r.stdout)
	}
	r = runCLI(t, "", "metrics", seedIncident)
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "\nreadiness findings: 3\n") {
		t.Errorf("the seed's readiness findings are missing:\n%s", r.stdout)
	}
}
