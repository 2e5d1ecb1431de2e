package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/golden"
)

func TestSLAGolden(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"seed text", []string{"-policy", seedPolicy, "-incident", seedIncident}, "sla/seed.txt"},
		{"seed json", []string{"-policy", seedPolicy, "-incident", seedIncident, "-format", "json"}, "sla/seed.json"},
		{"seed first quarter of 2014", []string{"-policy", seedPolicy, "-incident", seedIncident, "-from", "2014-03-01", "-to", "2014-06-01", "-format", "json"}, "sla/seed-mar-may.json"},
		{"Statuspage weights", []string{"-policy", "../../testdata/policies/statuspage-weighted.yaml", "-incident", seedIncident}, "sla/seed-statuspage-weighted.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"sla"}, tt.args...)...)
			r.wantCode(t, exitOK)
			golden.Check(t, "testdata/"+tt.golden, []byte(r.stdout))
		})
	}
}

// TestSLAJSONInterface checks the keys and figures of the stable JSON
// interface on the seed: April 2014, 52,080 s down, 97.990741%.
func TestSLAJSONInterface(t *testing.T) {
	r := runCLI(t, "", "sla", "-format", "json", "-policy", seedPolicy, "-incident", seedIncident)
	r.wantCode(t, exitOK)
	var doc struct {
		Policy  string           `json:"policy"`
		Windows []map[string]any `json:"windows"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Policy != "seed-monthly-new-york" || len(doc.Windows) != 1 {
		t.Fatalf("policy %q with %d windows, want seed-monthly-new-york with 1", doc.Policy, len(doc.Windows))
	}
	w := doc.Windows[0]
	want := map[string]any{
		"start":                    "2014-04-01T00:00:00-04:00",
		"end":                      "2014-05-01T00:00:00-04:00",
		"window_seconds":           "2592000",
		"excluded_seconds":         "0",
		"downtime_seconds":         "52080",
		"objective_percent":        "99.9",
		"met":                      false,
		"budget_remaining_seconds": "-49488",
	}
	for k, v := range want {
		if w[k] != v {
			t.Errorf("%s = %v, want %v", k, w[k], v)
		}
	}
	if avail, _ := w["availability_percent"].(string); avail != "97.990741" {
		t.Errorf("availability_percent = %q, want 97.990741 (rounded once to 6 decimals)", avail)
	}
}

func TestSLAErrors(t *testing.T) {
	badPol := writeFile(t, "policy.yaml", badPolicy)
	badInc := writeFile(t, "incident.yaml", badIncident)
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr []string
	}{
		{"no policy", []string{"-incident", seedIncident}, exitUsage, []string{"-policy is required"}},
		{"no incident", []string{"-policy", seedPolicy}, exitUsage, []string{"-incident or -requests is required"}},
		{"bad format", []string{"-policy", seedPolicy, "-incident", seedIncident, "-format", "csv"}, exitUsage, []string{`-format "csv"`}},
		{"bad from", []string{"-policy", seedPolicy, "-incident", seedIncident, "-from", "April"}, exitUsage, []string{`-from "April"`}},
		{"from before the measurable years", []string{"-policy", seedPolicy, "-incident", seedIncident, "-from", "1600-01-01T00:00:00Z"}, exitUsage, []string{`-from "1600-01-01T00:00:00Z": outside the years 1678–2262`}},
		{"to after the measurable years", []string{"-policy", seedPolicy, "-incident", seedIncident, "-to", "2300-01-01T00:00:00Z"}, exitUsage, []string{`-to "2300-01-01T00:00:00Z": outside the years`}},
		{"from after to", []string{"-policy", seedPolicy, "-incident", seedIncident, "-from", "2014-05-01", "-to", "2014-04-01"}, exitUsage, []string{"is not before -to"}},
		{"problems of every file together", []string{"-policy", badPol, "-incident", badInc}, exitInvalid, []string{badPol + ":2:", badInc + ":6:", badInc + ":14:"}},
		{"missing policy file", []string{"-policy", "nope.yaml", "-incident", seedIncident}, exitInvalid, []string{"open nope.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", append([]string{"sla"}, tt.args...)...)
			r.wantCode(t, tt.code)
			for _, w := range tt.wantErr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

// TestSLASeveralIncidents checks -incident repeated and files listed after
// it, and stdin.
func TestSLASeveralIncidents(t *testing.T) {
	one := runCLI(t, "", "sla", "-format", "json", "-policy", seedPolicy, "-incident", richIncident)
	one.wantCode(t, exitOK)
	for _, args := range [][]string{
		{"-incident", seedIncident, "-incident", richIncident},
		{"-incident", seedIncident, richIncident},
		{richIncident, "-incident", "-"},
	} {
		r := runCLI(t, string(readFile(t, seedIncident)), append([]string{"sla", "-format", "json", "-policy", seedPolicy}, args...)...)
		r.wantCode(t, exitOK)
		if !strings.Contains(r.stdout, `"constant-contact-2014-04-18"`) || !strings.Contains(r.stdout, `"INC-2025-0329"`) {
			t.Errorf("%q: both incidents should be measured:\n%s", args, r.stdout)
		}
	}
}
