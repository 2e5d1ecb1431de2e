package rca

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/golden"
)

func readStatuspage(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/statuspage", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestImportStatuspageSpans checks the per-component spans of a
// partial → major → partial → operational sequence and of a second
// component, to the millisecond.
func TestImportStatuspageSpans(t *testing.T) {
	incs, err := ImportStatuspage("partial-major-partial.json", readStatuspage(t, "partial-major-partial.json"), StatuspageOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if len(incs) != 1 {
		t.Fatalf("%d incidents, want 1", len(incs))
	}
	inc := incs[0]
	ts := func(s string) time.Time { return at(t, s) }
	want := []Impact{
		{Component: "API", Level: PartialOutage, Start: ts("2024-05-06T13:58:00.000Z"), End: ts("2024-05-06T14:20:45.125Z")},
		{Component: "Dashboard", Level: DegradedPerformance, Start: ts("2024-05-06T13:58:00.000Z"), End: ts("2024-05-06T15:10:00.750Z")},
		{Component: "API", Level: MajorOutage, Start: ts("2024-05-06T14:20:45.125Z"), End: ts("2024-05-06T15:10:00.750Z")},
		{Component: "API", Level: PartialOutage, Start: ts("2024-05-06T15:10:00.750Z"), End: ts("2024-05-06T16:05:30.250Z")},
	}
	if diff := cmp.Diff(want, inc.EffectiveImpacts()); diff != "" {
		t.Errorf("impacts (-want +got):\n%s", diff)
	}

	m := inc.Metrics(MetricsOpts{})
	ms := func(s string) time.Duration {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	type comp struct {
		Name    string
		Down    time.Duration
		ByLevel [NumLevels]time.Duration
	}
	var got []comp
	for _, c := range m.Components {
		got = append(got, comp{c.Component, c.Down, c.ByLevel})
	}
	wantComps := []comp{
		{"API", ms("2h7m30.25s"), [NumLevels]time.Duration{
			PartialOutage: ms("22m45.125s") + ms("55m29.5s"),
			MajorOutage:   ms("49m15.625s"),
		}},
		{"Dashboard", ms("1h12m0.75s"), [NumLevels]time.Duration{DegradedPerformance: ms("1h12m0.75s")}},
	}
	if diff := cmp.Diff(wantComps, got); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
	if !m.End.Equal(ts("2024-05-06T16:05:30.250Z")) || m.Ongoing {
		t.Errorf("End = %v, Ongoing = %v", m.End, m.Ongoing)
	}

	var kinds []EventKind
	for _, ev := range inc.Timeline {
		kinds = append(kinds, ev.Kind)
	}
	if diff := cmp.Diff([]EventKind{Started, PublicUpdate, Identified, Mitigated, Resolved}, kinds); diff != "" {
		t.Errorf("event kinds (-want +got):\n%s", diff)
	}
	if len(inc.Communications) != 4 || inc.Communications[0].Channel != StatusPage ||
		!inc.Communications[0].At.Equal(ts("2024-05-06T14:02:11.500Z")) {
		t.Errorf("communications = %+v", inc.Communications)
	}
	if inc.ID != "p1zfc9gk3b7m" || inc.Title != "Elevated API errors" || inc.Status != StatusResolved || inc.Severity != "major" {
		t.Errorf("identity = %q %q %v %q", inc.ID, inc.Title, inc.Status, inc.Severity)
	}
	if diff := cmp.Diff([]string{"API", "Dashboard"}, inc.Components); diff != "" {
		t.Errorf("components (-want +got):\n%s", diff)
	}
}

func TestImportStatuspageUnresolved(t *testing.T) {
	ny := zone(t, "America/New_York")
	incs, err := ImportStatuspage("unresolved.json", readStatuspage(t, "unresolved.json"), StatuspageOpts{Zone: ny})
	if err != nil {
		t.Fatal(err)
	}
	inc := incs[0]
	if inc.Location() != ny || inc.Timeline[0].At.Location() != ny {
		t.Errorf("zone = %v, first event in %v; want %v", inc.Location(), inc.Timeline[0].At.Location(), ny)
	}
	last := inc.EffectiveImpacts()[1]
	if !last.IsOngoing() || last.Level != PartialOutage {
		t.Errorf("last impact = %+v, want ongoing partial_outage", last)
	}
	asOf := at(t, "2024-07-01T10:05:00Z")
	m := inc.Metrics(MetricsOpts{AsOf: asOf})
	if !m.Ongoing || !m.End.Equal(asOf) || m.Outage != time.Hour || m.TimeToResolve.Known || !m.RCADue.IsZero() {
		t.Errorf("metrics = ongoing %v, end %v, outage %v, ttr %v, rca due %v", m.Ongoing, m.End, m.Outage, m.TimeToResolve, m.RCADue)
	}
	// Silence from the start (09:05) to the first update (09:15:42.318),
	// then to the second (09:41:07.312), then to AsOf (10:05).
	want := Silence{From: at(t, "2024-07-01T09:15:42.318Z"), To: at(t, "2024-07-01T09:41:07.312Z"), D: 25*time.Minute + 24994*time.Millisecond}
	if diff := cmp.Diff(want, m.LongestSilence); diff != "" {
		t.Errorf("LongestSilence (-want +got):\n%s", diff)
	}
}

func TestImportStatuspageMalformed(t *testing.T) {
	incs, err := ImportStatuspage("malformed.json", readStatuspage(t, "malformed.json"), StatuspageOpts{})
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %T, want *ValidationError: %v", err, err)
	}
	got := err.Error() + "\n"
	golden.Check(t, "../testdata/statuspage/malformed.golden", []byte(got))
	// The good incident among the bad ones is still imported.
	if len(incs) != 1 || incs[0].ID != "ok1" {
		t.Errorf("imported %d incidents, want only ok1", len(incs))
	}
}

func TestImportStatuspageErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string
	}{
		{name: "empty", data: "", want: []string{"x.json:1:1: not a Statuspage export: unexpected end of the JSON"}},
		{name: "not an object", data: "[1]", want: []string{`x.json:1:1: not a Statuspage export: want an object with "incidents"`}},
		{name: "no incidents", data: `{"page": {}}`, want: []string{"x.json:1:1: incidents: missing (want a Statuspage /api/v2/incidents.json export)"}},
		{name: "incidents not a list", data: "{\n  \"incidents\": {}\n}", want: []string{"x.json:2:16: incidents: want a list of incidents"}},
		{name: "syntax error", data: "{\"incidents\": [\n  {\"id\": 1,}\n]}", want: []string{"x.json:2:12: not a Statuspage export: invalid character '}' looking for beginning of object key string"}},
		{name: "trailing data", data: `{"incidents": []} {}`, want: []string{"x.json:1:19: not a Statuspage export: data after the top-level object"}},
		{name: "wrong type", data: "{\"incidents\": [\n  {\"id\": 1}\n]}", want: []string{"x.json:2:11: incidents[0].id: want a string, not a JSON number"}},
		{name: "empty list", data: `{"incidents": []}`},
		{
			name: "resolved incident with no update closes its impacts",
			data: `{"incidents": [{"id": "a", "name": "n", "status": "resolved",
				"started_at": "2024-01-01T00:00:00Z", "resolved_at": "2024-01-01T01:00:00Z",
				"incident_updates": [{"status": "investigating", "created_at": "2024-01-01T00:10:00Z",
					"affected_components": [{"name": "API", "new_status": "major_outage"}]}]}]}`,
		},
		{
			name: "impact change after resolution",
			data: `{"incidents": [{"id": "a", "name": "n", "status": "resolved",
				"started_at": "2024-01-01T00:00:00Z",
				"incident_updates": [
					{"status": "investigating", "body": "late", "created_at": "2024-01-01T02:00:00Z",
						"affected_components": [{"name": "API", "new_status": "partial_outage"}]},
					{"status": "resolved", "created_at": "2024-01-01T01:00:00Z"},
					{"status": "investigating", "created_at": "2024-01-01T00:10:00Z",
						"affected_components": [{"name": "API", "new_status": "major_outage"}]}]}]}`,
			want: []string{
				`x.json:1:16: incidents[0]: the imported incident is invalid: timeline[3].changes[0]: "API" never returns to operational although the incident is resolved`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ImportStatuspage("x.json", []byte(tt.data), StatuspageOpts{})
			if diff := cmp.Diff(tt.want, problemStrings(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzImportStatuspage(f *testing.F) {
	for _, name := range []string{"partial-major-partial.json", "unresolved.json", "malformed.json"} {
		f.Add(readStatuspage(f, name))
	}
	f.Add([]byte(`{"incidents": [{"id": "a", "name": "n", "status": "resolved", "started_at": "2024-01-01T00:00:00Z", "resolved_at": "2024-01-01T01:00:00Z", "incident_updates": []}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		incs, err := ImportStatuspage("f.json", data, StatuspageOpts{})
		for _, inc := range incs {
			if verr := inc.Validate(); verr != nil {
				t.Fatalf("imported an invalid incident: %v", verr)
			}
			inc.Metrics(MetricsOpts{})
		}
		if err == nil {
			return
		}
		var verr *ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("error is %T, not *ValidationError: %v", err, err)
		}
		for _, p := range verr.Problems {
			if p.Line == 0 || p.File != "f.json" || p.Msg == "" {
				t.Fatalf("problem not located: %+v", p)
			}
		}
	})
}

func BenchmarkImportStatuspage(b *testing.B) {
	data := readStatuspage(b, "partial-major-partial.json")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ImportStatuspage("x.json", data, StatuspageOpts{}); err != nil {
			b.Fatal(err)
		}
	}
}
