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
		t.Fatalf("the seed incident fixture is missing: %v", err)
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

// TestLoadLocalExclusionTimes: exclusion times written as local wall
// clocks are in the window's zone (wherever the file names it), in UTC for
// a policy without one; offsets are kept as written.
func TestLoadLocalExclusionTimes(t *testing.T) {
	ny := zone(t, "America/New_York")
	tests := []struct {
		name, file, data string
		want             []time.Time // start, end, announced of exclusions[0]
	}{
		{"window zone before the exclusions", "ny.yaml",
			"id: x\nobjective: 99.9\nwindow:\n  zone: America/New_York\nexclusions:\n  - start: 2014-04-27 02:00\n    end: 2014-04-27T04:00-04:00\n    maintenance: true\n    announced: 2014-04-20\n",
			[]time.Time{time.Date(2014, 4, 27, 2, 0, 0, 0, ny), time.Date(2014, 4, 27, 4, 0, 0, 0, ny), time.Date(2014, 4, 20, 0, 0, 0, 0, ny)}},
		{"window zone after the exclusions", "ny.yaml",
			"id: x\nobjective: 99.9\nexclusions:\n  - {start: 2014-04-27 02:00, end: 2014-04-27 04:00, maintenance: true, announced: 2014-04-20 09:30}\nwindow: {kind: month, zone: America/New_York}\n",
			[]time.Time{time.Date(2014, 4, 27, 2, 0, 0, 0, ny), time.Date(2014, 4, 27, 4, 0, 0, 0, ny), time.Date(2014, 4, 20, 9, 30, 0, 0, ny)}},
		{"JSON", "ny.json",
			`{"id": "x", "objective": "99.9", "exclusions": [{"start": "2014-04-27 02:00", "end": "2014-04-27 04:00"}], "window": {"zone": "America/New_York"}}`,
			[]time.Time{time.Date(2014, 4, 27, 2, 0, 0, 0, ny), time.Date(2014, 4, 27, 4, 0, 0, 0, ny), {}}},
		{"no window zone: UTC", "utc.yaml",
			"id: x\nobjective: 99.9\nexclusions:\n  - {start: 2014-04-27 02:00, end: 2014-04-27 04:00}\n",
			[]time.Time{time.Date(2014, 4, 27, 2, 0, 0, 0, time.UTC), time.Date(2014, 4, 27, 4, 0, 0, 0, time.UTC), {}}},
		{"offsets as written", "z.yaml",
			"id: x\nobjective: 99.9\nwindow: {zone: America/New_York}\nexclusions:\n  - {start: 2014-04-27T02:00:00Z, end: 2014-04-27T06:00:00+02:00}\n",
			[]time.Time{time.Date(2014, 4, 27, 2, 0, 0, 0, time.UTC), time.Date(2014, 4, 27, 4, 0, 0, 0, time.UTC), {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := sla.Load(tt.file, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			e := p.Exclusions[0]
			if diff := cmp.Diff(tt.want, []time.Time{e.Start, e.End, e.Announced}); diff != "" {
				t.Errorf("exclusion (-want +got):\n%s", diff)
			}
		})
	}

	// The local exclusion is measured in New York time: 02:00–04:00 EDT
	// excluded from an outage 01:00–05:00 EDT leaves two hours.
	p, err := sla.Load("ny.yaml", []byte(tests[0].data))
	if err != nil {
		t.Fatal(err)
	}
	inc := incident("x", rca.Impact{Component: "app", Level: rca.MajorOutage,
		Start: time.Date(2014, 4, 27, 1, 0, 0, 0, ny), End: time.Date(2014, 4, 27, 5, 0, 0, 0, ny)})
	r := measureOne(t, p, inc)
	if r.Downtime != 2*time.Hour || r.Excluded != 2*time.Hour {
		t.Errorf("downtime %s, excluded %s; want 2h0m0s each", r.Downtime, r.Excluded)
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{"unknown field and bad values", "bad.yaml", "objective: 120\nwindow:\n  kind: rolling\nweights:\n  partial_outage: 2\nfoo: 1\n", []string{
			"bad.yaml:1:1: id: missing: a policy id names the policy in every credit line and idempotency key",
			`bad.yaml:1:1: objective: "120" is not a percentage in (0, 100]`,
			"bad.yaml:2:1: window.days: 0: a rolling window is at least 1 day long",
			`bad.yaml:5:3: weights.partial_outage: "2" is not a weight in [0, 1]`,
			"bad.yaml:6:1: foo: unknown field",
		}},
		{"unknown zone", "zone.yaml", "id: x\nobjective: 99.9\nwindow:\n  zone: Mars/Olympus_Mons\n", []string{"zone.yaml:4:9: window.zone: "}},
		{"overlapping tiers in JSON", "tiers.json", `{"id": "x", "objective": "99.9", "tiers": [{"below": "99.9", "credit": 10}, {"at_most": "99", "credit": 25}]}`, []string{
			`tiers.json:1:77: tiers[1]: band "≤ 99" overlaps tier 0 ("< 99.9")`,
		}},
		{"exclusion ending before it starts", "ex.yaml", "id: x\nobjective: 99.9\nexclusions:\n  - start: 2025-01-02T00:00:00Z\n    end: 2025-01-01T00:00:00Z\n", []string{
			`ex.yaml:5:5: exclusions[0].end: "2025-01-01T00:00:00Z" is not after start "2025-01-02T00:00:00Z"`,
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
