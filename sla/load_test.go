package sla_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

func TestLoadFixtures(t *testing.T) {
	files, err := filepath.Glob("../testdata/policies/*")
	if err != nil || len(files) < 7 {
		t.Fatalf("policy fixtures: %v, %d files", err, len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			p, err := sla.LoadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if p.ID == "" || p.Version == "" {
				t.Errorf("fixture without id or version: %+v", p)
			}
		})
	}
}

func TestLoadSeedPolicy(t *testing.T) {
	p, err := sla.LoadFile("../testdata/policies/seed-monthly-new-york.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../testdata/incidents/seed-constant-contact-2014.yaml")
	if err != nil {
		t.Skipf("seed incident fixture: %v", err)
	}
	inc, err := rca.Load("seed-constant-contact-2014.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := sla.Measure(p, []*rca.Incident{inc}, sla.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := summarize(rs)
	want := []summary{{Start: "2014-04-01T00:00:00-04:00", End: "2014-05-01T00:00:00-04:00", Length: 30 * day, Measured: 30 * day,
		Downtime: 868 * time.Minute, Weighted: "52080", Availability: "97.990741"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("seed over April 2014 (-want +got):\n%s", diff)
	}
}

func TestLoadGapPolicy(t *testing.T) {
	p, err := sla.LoadFile("../testdata/policies/gap-at-99.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Tiers.Find(resultAt("99.0")); got != -1 {
		t.Errorf("Find(99.0) = %d, want -1 (the gap the contract leaves)", got)
	}
	if got := p.Tiers.Find(resultAt("99.5")); got != 0 {
		t.Errorf("Find(99.5) = %d, want 0", got)
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{"unknown field and bad values", "bad.yaml", "objective: 120\nwindow:\n  kind: rolling\nweights:\n  partial_outage: 2\nfoo: 1\n", []string{
			`bad.yaml:1:1: objective: "120" is not a percentage in (0, 100]`,
			"bad.yaml:2:1: window.days: 0: a rolling window is at least 1 day long",
			`bad.yaml:5:3: weights.partial_outage: "2" is not a weight in [0, 1]`,
			"bad.yaml:6:1: foo: unknown field",
		}},
		{"unknown zone", "zone.yaml", "objective: 99.9\nwindow:\n  zone: Mars/Olympus_Mons\n", []string{"zone.yaml:3:9: window.zone: "}},
		{"overlapping tiers in JSON", "tiers.json", `{"objective": "99.9", "tiers": [{"below": "99.9", "credit": 10}, {"at_most": "99", "credit": 25}]}`, []string{
			`tiers.json:1:66: tiers[1]: band "≤ 99" overlaps tier 0 ("< 99.9")`,
		}},
		{"exclusion ending before it starts", "ex.yaml", "objective: 99.9\nexclusions:\n  - start: 2025-01-02T00:00:00Z\n    end: 2025-01-01T00:00:00Z\n", []string{
			`ex.yaml:4:5: exclusions[0].end: "2025-01-01T00:00:00Z" is not after start "2025-01-02T00:00:00Z"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := sla.Load(tt.file, []byte(tt.data))
			if p != nil {
				t.Errorf("policy %+v returned with an error", p)
			}
			got := problems(err)
			// Decoder messages are fileformat's: compare their location only.
			for i := range got {
				if i < len(tt.want) && len(tt.want[i]) < len(got[i]) && got[i][:len(tt.want[i])] == tt.want[i] {
					got[i] = tt.want[i]
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
