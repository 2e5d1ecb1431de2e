package pagerduty

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source"
)

const fixtures = "../../testdata/pagerduty"

func readFixture(t testing.TB, name string) source.File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return source.File{Name: name, Data: data}
}

func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

type event struct {
	At, Kind, Text string
	Approximate    bool
	Internal       bool
}

func events(inc *rca.Incident) []event {
	var out []event
	for _, ev := range inc.Timeline {
		out = append(out, event{ev.At.UTC().Format("15:04:05"), ev.Kind.String(), ev.Text, ev.Approximate, ev.Internal})
	}
	return out
}

// TestIncidentWithLogEntries imports the reference's example incident and
// its log entries, given in either order, and checks the timeline and the
// metrics: the trigger at 21:30:42 starts the impact and detects it, the
// acknowledgement at 21:39:23 comes 8 min 41 s later, the resolution at
// 22:12:05 ends it 41 min 23 s after the trigger.
func TestIncidentWithLogEntries(t *testing.T) {
	inc, log := readFixture(t, "incident.json"), readFixture(t, "log_entries.json")
	for _, order := range [][]source.File{{inc, log}, {log, inc}} {
		t.Run(order[0].Name+" first", func(t *testing.T) {
			incs, err := Import(Opts{}, order...)
			if err != nil {
				t.Fatal(err)
			}
			if len(incs) != 1 {
				t.Fatalf("%d incidents, want 1", len(incs))
			}
			got := incs[0]
			if got.ID != "PT4KHLK" || got.Title != "The server is on fire." || got.Severity != "P2" || got.Status != rca.StatusResolved {
				t.Errorf("identity: %q %q %q %v", got.ID, got.Title, got.Severity, got.Status)
			}
			want := []event{
				{"21:30:42", "started", "Impact began at or before the alert: PagerDuty records no earlier instant.", true, false},
				{"21:30:42", "detected", "Triggered through the API: Mail relay queue above 10,000 messages", false, false},
				{"21:30:42", "note", "Assigned to Kristian Anderson.", false, true},
				{"21:35:42", "note", "Escalated to Earline Greenholt by timeout", false, true},
				{"21:39:23", "acknowledged", "Acknowledged by Earline Greenholt", false, true},
				{"21:51:17", "note", "Note: Relay queue growing since the 21:25 config push; rolling back.", false, true},
				{"22:12:05", "note", "Resolution note: Rolled back the mail relay configuration.", false, true},
				{"22:12:05", "resolved", "Resolved in PagerDuty.", false, false},
			}
			if diff := cmp.Diff(want, events(got)); diff != "" {
				t.Errorf("timeline (-want +got):\n%s", diff)
			}
			imps := got.EffectiveImpacts()
			if len(imps) != 1 || imps[0].Component != "My Mail Service" || imps[0].Level != rca.MajorOutage ||
				!imps[0].Start.Equal(at(t, "2015-10-06T21:30:42Z")) || !imps[0].End.Equal(at(t, "2015-10-06T22:12:05Z")) || !imps[0].Approximate {
				t.Errorf("impacts = %+v", imps)
			}
			m := got.Metrics(rca.MetricsOpts{})
			if m.TimeToAcknowledge != (rca.Elapsed{D: 8*time.Minute + 41*time.Second, Known: true}) {
				t.Errorf("time to acknowledge = %+v, want 8m41s", m.TimeToAcknowledge)
			}
			if m.TimeToResolve != (rca.Elapsed{D: 41*time.Minute + 23*time.Second, Known: true}) || m.Outage != 41*time.Minute+23*time.Second {
				t.Errorf("time to resolve %+v, outage %v; want 41m23s", m.TimeToResolve, m.Outage)
			}
			if d := got.Analysis.Detection; d.Method != rca.ByMonitoring || d.By != "My Mail Service" {
				t.Errorf("detection = %+v, want monitoring by the service", d)
			}
		})
	}
}

func TestOngoing(t *testing.T) {
	incs, err := Import(Opts{Level: rca.PartialOutage}, readFixture(t, "ongoing.json"))
	if err != nil || len(incs) != 1 {
		t.Fatalf("%d incidents: %v", len(incs), err)
	}
	inc := incs[0]
	if inc.Severity != "low" || inc.Status != rca.Investigating {
		t.Errorf("severity %q (the urgency, without a priority), status %v", inc.Severity, inc.Status)
	}
	imps := inc.EffectiveImpacts()
	if len(imps) != 1 || imps[0].Level != rca.PartialOutage || !imps[0].IsOngoing() {
		t.Errorf("impacts = %+v, want one ongoing partial_outage", imps)
	}
	m := inc.Metrics(rca.MetricsOpts{AsOf: at(t, "2015-10-07T09:00:00Z")})
	if !m.Ongoing || m.TimeToAcknowledge.D != 4*time.Minute+29*time.Second || m.Outage != 57*time.Minute+49*time.Second {
		t.Errorf("ongoing %v, time to acknowledge %v, outage %v", m.Ongoing, m.TimeToAcknowledge.D, m.Outage)
	}
	if d := inc.Analysis.Detection; d.Method != rca.ByEmployee || d.By != "Kristian Anderson" {
		t.Errorf("detection = %+v, want an employee", d)
	}
}

// TestDuplicates checks that overlapping pages count each incident and
// log entry once.
func TestDuplicates(t *testing.T) {
	inc, log := readFixture(t, "incident.json"), readFixture(t, "log_entries.json")
	once, err := Import(Opts{}, inc, log)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := Import(Opts{}, inc, log, log, inc)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(once, twice); diff != "" {
		t.Errorf("the files given twice import differently (-once +twice):\n%s", diff)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files []string // "name=data"
		want  []string
	}{
		{name: "not an export", files: []string{`{"page": {}}`},
			want: []string{`x.json:1:1: the top level must be a PagerDuty export: an object with "incident", "incidents" or "log_entries" (the JSON of the REST API's /incidents/{id} or /incidents/{id}/log_entries)`}},
		{name: "log entries without their incident", files: []string{`{"log_entries": [{"id": "L1", "type": "trigger_log_entry", "created_at": "2015-10-06T21:30:42Z", "incident": {"id": "PX"}}]}`},
			want: []string{`x.json:1:117: log_entries[0].incident.id: incident "PX" is in no file given: give its /incidents/PX export too`}},
		{name: "bad values", files: []string{`{"incident": {"id": "P1", "status": "open", "service": {"summary": ""}, "created_at": "yesterday"}}`},
			want: []string{
				`x.json:1:14: incident.title: missing`,
				`x.json:1:37: incident.status: unknown incident status "open" (want triggered, acknowledged or resolved)`,
				`x.json:1:68: incident.service.summary: missing: the service is the component the incident impacts`,
				`x.json:1:87: incident.created_at: "yesterday" is not an RFC 3339 timestamp`,
			}},
		{name: "resolved without an instant", files: []string{`{"incident": {"id": "P1", "title": "t", "status": "resolved", "service": {"summary": "s"}, "created_at": "2015-10-06T21:30:42Z"}}`},
			want: []string{`x.json:1:51: incident.status: resolved, but no resolve log entry, resolved_at or last_status_change_at says when`}},
		{name: "wrong types", files: []string{`{"incident": {"id": 7, "title": "t"}, "log_entries": [{"id": "L", "created_at": 5}]}`},
			want: []string{
				`x.json:1:21: incident.id: want a string, not a number`,
				`x.json:1:81: log_entries[0].created_at: want a string, not a number`,
			}},
		{name: "resolved at the trigger", files: []string{`{"incident": {"id": "P1", "title": "t", "status": "resolved", "service": {"summary": "s"},
"created_at": "2015-10-06T21:30:42Z", "resolved_at": "2015-10-06T21:30:42Z"}}`},
			want: []string{`x.json:1:14: incident: resolved at 2015-10-06T21:30:42Z, not after it was triggered at 2015-10-06T21:30:42Z: no impact to import`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var files []source.File
			for _, f := range tt.files {
				files = append(files, source.File{Name: "x.json", Data: []byte(f)})
			}
			_, err := Import(Opts{}, files...)
			if diff := cmp.Diff(tt.want, problem.Strings(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzImport(f *testing.F) {
	golden.AddFiles(f, filepath.Join(fixtures, "*.json"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		incs, err := Import(Opts{}, source.File{Name: "f.json", Data: data})
		for _, inc := range incs {
			if verr := inc.Validate(); verr != nil {
				t.Fatalf("imported an invalid incident: %v", verr)
			}
			inc.Metrics(rca.MetricsOpts{})
		}
		if err == nil {
			return
		}
		var verr *rca.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("error is %T, not *rca.ValidationError: %v", err, err)
		}
		if ps := fileformat.Unlocated(err, "f.json"); ps != nil {
			t.Fatalf("problems not located by file, line and field: %+v", ps)
		}
	})
}
