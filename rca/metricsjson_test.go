package rca

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/golden"
)

// TestMetricsJSONGolden compares the JSON form of metrics with golden files
// in testdata/metrics (rewrite with -update).
func TestMetricsJSONGolden(t *testing.T) {
	load := func(name string) *Incident {
		inc, err := LoadFile(filepath.Join("..", "testdata", "incidents", name))
		if err != nil {
			t.Fatal(err)
		}
		return inc
	}
	ny := zone(t, "America/New_York")
	// Ongoing, with a detection but no acknowledgement, a second and a half
	// of fractional time, and an action item overdue.
	ongoing := &Incident{
		ID: "ongoing", Title: "Queue stalled", Zone: ny,
		Timeline: []Event{
			{At: at(t, "2024-03-09T14:00:00Z"), Kind: Started},
			{At: at(t, "2024-03-09T14:07:01.5Z"), Kind: Detected},
		},
		Impacts: []Impact{{Component: "queue", Level: PartialOutage, Start: at(t, "2024-03-09T14:00:00Z")}},
		ActionItems: []ActionItem{
			{Title: "Alert on queue depth", Type: Prevent, Due: Date{2024, time.March, 1}},
			{Title: "Done already", Due: Date{2024, time.March, 1}, Status: Done},
		},
	}
	tests := []struct {
		name   string
		inc    *Incident
		opts   MetricsOpts
		golden string
	}{
		{"seed as of its last event", load("seed-constant-contact-2014.yaml"), MetricsOpts{}, "seed.json"},
		{"seed as of June with the RCA overdue", load("seed-constant-contact-2014.yaml"),
			MetricsOpts{AsOf: at(t, "2014-06-01T04:00:00Z")}, "seed-2014-06-01.json"},
		{"rich two-day incident", load("rich-two-day.yaml"), MetricsOpts{}, "rich.json"},
		{"ongoing with unknown times and an overdue item", ongoing,
			MetricsOpts{AsOf: at(t, "2024-03-09T15:30:00Z")}, "ongoing.json"},
		{"empty incident", &Incident{ID: "empty"}, MetricsOpts{}, "empty.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.MarshalIndent(tt.inc.Metrics(tt.opts), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "metrics", tt.golden), append(b, '\n'))
		})
	}
}

// TestMetricsJSONFigures checks the figures a reader of the JSON relies on:
// exact seconds, null for what is unknown, instants in the incident's zone.
func TestMetricsJSONFigures(t *testing.T) {
	ny := zone(t, "America/New_York")
	inc := &Incident{
		ID: "x", Zone: ny,
		Timeline: []Event{
			{At: at(t, "2024-03-09T14:00:00Z"), Kind: Started},
			{At: at(t, "2024-03-09T14:00:01.25Z"), Kind: Acknowledged},
			{At: at(t, "2024-03-09T15:00:00Z"), Kind: Resolved},
		},
	}
	b, err := json.Marshal(inc.Metrics(MetricsOpts{}))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Start       string       `json:"start"`
		Outage      string       `json:"outage"`
		Detect      *json.Number `json:"time_to_detect_seconds"`
		Acknowledge *json.Number `json:"time_to_acknowledge_seconds"`
		Resolve     *json.Number `json:"time_to_resolve_seconds"`
		Silence     *struct{}    `json:"longest_silence"`
		Components  []struct{}   `json:"components"`
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&got); err != nil {
		t.Fatal(err)
	}
	num := func(n *json.Number) string {
		if n == nil {
			return "null"
		}
		return n.String()
	}
	want := []string{"2024-03-09T09:00:00-05:00", "0s", "null", "1.25", "3600", "longest silence set", "0 components"}
	silence := "longest silence set"
	if got.Silence == nil {
		silence = "no longest silence"
	}
	if diff := cmp.Diff(want, []string{got.Start, got.Outage, num(got.Detect), num(got.Acknowledge), num(got.Resolve), silence, strconv.Itoa(len(got.Components)) + " components"}); diff != "" {
		t.Errorf("figures (-want +got):\n%s\n%s", diff, b)
	}
}
