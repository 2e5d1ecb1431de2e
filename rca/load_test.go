package rca

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/golden"
)

const (
	seedYAML = "../testdata/incidents/seed-constant-contact-2014.yaml"
	seedJSON = "../testdata/incidents/seed-constant-contact-2014.json"
	richYAML = "../testdata/incidents/rich-two-day.yaml"
)

// badIncidents is the incidents part of the bad-input corpus. Its golden
// files hold what `postmortem validate` prints for each case, run from
// testdata/bad (cmd/postmortem's TestBadInputs writes them with -update).
const badIncidents = "../testdata/bad/incidents"

// TestLoadBadInputs loads every incident of the bad-input corpus under
// the name the CLI gives it and checks that Load reports the problems the
// case's golden file lists, each located by file, line and field, or loads
// the files the corpus says are fine (a byte order mark, CRLF line ends).
func TestLoadBadInputs(t *testing.T) {
	entries, err := os.ReadDir(badIncidents)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".golden") {
			continue
		}
		n++
		name := "incidents/" + e.Name()
		t.Run(e.Name(), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(badIncidents, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			golden, err := os.ReadFile(filepath.Join(badIncidents, strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			ok := false
			for line := range strings.Lines(string(golden)) {
				line = strings.TrimSuffix(line, "\n")
				switch {
				case strings.HasPrefix(line, name+": ok: "):
					ok = true
				case strings.HasPrefix(line, name+":"):
					want = append(want, line)
				}
			}
			inc, err := Load(name, data)
			if ok {
				if err != nil || inc == nil {
					t.Fatalf("the golden file says it loads, Load says: %v", err)
				}
				return
			}
			if err == nil || inc != nil {
				t.Fatalf("Load = %v, %v; want no incident and problems", inc != nil, err)
			}
			if ps := fileformat.Unlocated(err, name); ps != nil {
				t.Errorf("problems not located by file, line and field: %+v", ps)
			}
			if diff := cmp.Diff(want, problemStrings(err)); diff != "" {
				t.Errorf("problems (-golden +got):\n%s", diff)
			}
		})
	}
	if n < 20 {
		t.Errorf("found %d incident cases, want at least 20", n)
	}
}

// TestSeedFigures checks the figures the seed story gives.
func TestSeedFigures(t *testing.T) {
	inc, err := LoadFile(seedYAML)
	if err != nil {
		t.Fatal(err)
	}
	if got := inc.Location().String(); got != "America/New_York" {
		t.Errorf("zone = %s", got)
	}
	utc := func(s string) time.Time { return at(t, s) }
	m := inc.Metrics(MetricsOpts{})

	if !m.Start.Equal(utc("2014-04-18T14:32:00Z")) || !m.End.Equal(utc("2014-04-19T05:00:00Z")) {
		t.Errorf("impact %v → %v, want 2014-04-18T14:32Z → 2014-04-19T05:00Z", m.Start.UTC(), m.End.UTC())
	}
	if m.Ongoing {
		t.Error("Ongoing = true")
	}
	want14h28m := 14*time.Hour + 28*time.Minute
	if m.Outage != want14h28m || m.TimeToResolve != (Elapsed{want14h28m, true}) {
		t.Errorf("Outage = %v, TimeToResolve = %v, want 14h28m", m.Outage, m.TimeToResolve)
	}
	if m.Outage.Minutes() != 868 {
		t.Errorf("Outage = %v minutes, want 868", m.Outage.Minutes())
	}
	var partial time.Time
	for _, ms := range m.Milestones {
		if ms.Kind == PartiallyRestored {
			partial = ms.At
		}
	}
	if !partial.Equal(utc("2014-04-19T03:15:00Z")) {
		t.Errorf("partially restored at %v, want 2014-04-19T03:15Z", partial.UTC())
	}
	// The seed gives no detection time: no time to detect is made up.
	if m.TimeToDetect.Known {
		t.Errorf("TimeToDetect = %v, want unknown", m.TimeToDetect)
	}
	if want := time.Date(2014, 5, 19, 1, 0, 0, 0, inc.Location()); !m.RCADue.Equal(want) {
		t.Errorf("RCADue = %v, want %v (30 days after resolution)", m.RCADue, want)
	}
	if overdue := inc.Metrics(MetricsOpts{AsOf: utc("2014-05-19T05:00:00Z")}); !overdue.RCAOverdue {
		t.Error("RCA not overdue at the due instant")
	}

	// Partial restoration counts as down for an SLA that counts it in
	// full; email delivery stays at major_outage an hour longer.
	var partialTime, majorTime time.Duration
	for _, c := range m.Components {
		if c.Down != want14h28m {
			t.Errorf("%s down %v, want 14h28m", c.Component, c.Down)
		}
		partialTime += c.ByLevel[PartialOutage]
		majorTime += c.ByLevel[MajorOutage]
		wantMajor := 12*time.Hour + 43*time.Minute // until 23:15 ET
		if c.Component == "email_delivery" {
			wantMajor += time.Hour // about one more hour
		}
		if c.ByLevel[MajorOutage] != wantMajor {
			t.Errorf("%s at major_outage for %v, want %v", c.Component, c.ByLevel[MajorOutage], wantMajor)
		}
	}
	if len(m.Components) != 4 {
		t.Errorf("%d components, want 4", len(m.Components))
	}
	for _, imp := range inc.EffectiveImpacts() {
		if imp.Component == "email_delivery" && !imp.Approximate {
			t.Errorf("email delivery impact %v is not marked approximate", imp)
		}
	}

	// The only updates with a time are at 23:15 ET.
	wantSilence := Silence{From: utc("2014-04-18T14:32:00Z"), To: utc("2014-04-19T03:15:00Z"), D: 12*time.Hour + 43*time.Minute}
	if diff := cmp.Diff(wantSilence, m.LongestSilence); diff != "" {
		t.Errorf("LongestSilence (-want +got):\n%s", diff)
	}

	var codes []FindingCode
	for _, f := range m.Readiness {
		codes = append(codes, f.Code)
	}
	if diff := cmp.Diff([]FindingCode{NeverReviewed, NeverDrilled, FailoverUntested}, codes); diff != "" {
		t.Errorf("readiness findings (-want +got):\n%s", diff)
	}
	if len(inc.ActionItems) != 5 {
		t.Errorf("%d action items, want the customer's 5 asks", len(inc.ActionItems))
	}
	if got := inc.Metrics(MetricsOpts{AsOf: utc("2014-05-20T12:00:00Z")}).OverdueActions; !cmp.Equal(got, []int{0, 1}) {
		t.Errorf("overdue actions on 2014-05-20 = %v, want [0 1] (RCA and refund)", got)
	}
}

// TestSeedYAMLAndJSON checks that both files hold the same incident.
func TestSeedYAMLAndJSON(t *testing.T) {
	y, err := LoadFile(seedYAML)
	if err != nil {
		t.Fatal(err)
	}
	j, err := LoadFile(seedJSON)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(y, j, cmpZone); diff != "" {
		t.Errorf("YAML vs JSON (-yaml +json):\n%s", diff)
	}
}

// cmpZone compares zones by name.
var cmpZone = cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })

// TestEncodeRoundTrip writes each fixture in both formats and loads it
// back.
func TestEncodeRoundTrip(t *testing.T) {
	for _, path := range []string{seedYAML, richYAML} {
		inc, err := LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []Format{YAML, JSON} {
			t.Run(filepath.Base(path)+"/"+f.String(), func(t *testing.T) {
				var buf bytes.Buffer
				if err := inc.Encode(&buf, f); err != nil {
					t.Fatal(err)
				}
				name := "back.yaml"
				if f == JSON {
					name = "back.json"
				}
				back, err := Load(name, buf.Bytes())
				if err != nil {
					t.Fatalf("Load of the encoded incident: %v\n%s", err, buf.Bytes())
				}
				if diff := cmp.Diff(inc, back, cmpZone); diff != "" {
					t.Errorf("round trip (-before +after):\n%s", diff)
				}
			})
		}
	}
}

// TestEncodeChangeBackToOperational: a component's change back to
// operational is written with its status (the zero Level), so the file
// shows it, and reads back the same.
func TestEncodeChangeBackToOperational(t *testing.T) {
	inc := minimal(t)
	inc.Zone = zone(t, "America/New_York")
	inc.Timeline[2].Changes = append(inc.Timeline[2].Changes, Change{Component: "web", Status: Operational, Affected: Share{dec("2"), dec("100")}})
	inc.Timeline[0].Changes = append(inc.Timeline[0].Changes, Change{Component: "web", Status: DegradedPerformance, Affected: Share{dec("2"), dec("100")}})
	for _, f := range []Format{YAML, JSON} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := inc.Encode(&buf, f); err != nil {
				t.Fatal(err)
			}
			var want []string
			switch f {
			case YAML:
				want = []string{"      - component: api\n        status: operational\n", "      - component: web\n        status: operational\n        affected: 2%\n"}
			case JSON:
				want = []string{"\"component\": \"api\",\n          \"status\": \"operational\"\n", "\"component\": \"web\",\n          \"status\": \"operational\",\n          \"affected\": \"2%\"\n"}
			}
			for _, w := range want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("the encoding does not contain %q:\n%s", w, buf.String())
				}
			}
			back, err := Load("back."+f.String(), buf.Bytes())
			if err != nil {
				t.Fatalf("Load of the encoded incident: %v\n%s", err, buf.Bytes())
			}
			if diff := cmp.Diff(inc, back, cmpZone); diff != "" {
				t.Errorf("round trip (-before +after):\n%s", diff)
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	inc, err := LoadFile(seedYAML)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"a.yaml", "b.json"} {
		path := filepath.Join(dir, name)
		if err := inc.WriteFile(path); err != nil {
			t.Fatal(err)
		}
		back, err := LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(inc, back, cmpZone); diff != "" {
			t.Errorf("%s (-before +after):\n%s", name, diff)
		}
	}
	// "-" is standard output, as for every output of the module; it was
	// once written to io.Discard and lost without an error.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	werr := inc.WriteFile("-")
	os.Stdout = stdout
	w.Close()
	var got bytes.Buffer
	if _, err := got.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if werr != nil {
		t.Fatal(werr)
	}
	var want bytes.Buffer
	if err := inc.Encode(&want, YAML); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("WriteFile(\"-\") (-Encode +stdout):\n%s", diff)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`WriteFile("-") created a file named "-"`)
	}

	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile of a missing file: %v, want an error wrapping os.ErrNotExist", err)
	}
}

// TestRichFixture pins the figures the report and sla golden tests rely on.
func TestRichFixture(t *testing.T) {
	inc, err := LoadFile(richYAML)
	if err != nil {
		t.Fatal(err)
	}
	m := inc.Metrics(MetricsOpts{})
	type summary struct {
		Start, End                   string
		Outage, TTD, TTA, TTM, TTR   time.Duration
		Silence                      time.Duration
		RCADue                       string
		RCAOverdue                   bool
		Overdue                      []int
		Findings                     []FindingCode
		Levels                       map[string][NumLevels]time.Duration
		Impacts, Components, Updates int
	}
	got := summary{
		Start: m.Start.Format(time.RFC3339), End: m.End.Format(time.RFC3339),
		Outage: m.Outage, TTD: m.TimeToDetect.D, TTA: m.TimeToAcknowledge.D, TTM: m.TimeToMitigate.D, TTR: m.TimeToResolve.D,
		Silence: m.LongestSilence.D, RCADue: m.RCADue.Format(time.RFC3339), RCAOverdue: m.RCAOverdue,
		Overdue: m.OverdueActions, Levels: map[string][NumLevels]time.Duration{},
		Impacts: len(inc.EffectiveImpacts()), Components: len(m.Components), Updates: len(inc.Communications),
	}
	for _, f := range m.Readiness {
		got.Findings = append(got.Findings, f.Code)
	}
	for _, c := range m.Components {
		got.Levels[c.Component] = c.ByLevel
	}
	min := time.Minute
	want := summary{
		Start: "2025-03-29T09:52:00+01:00", End: "2025-03-30T03:10:00+02:00",
		// 17h18m on the wall clock, one hour less in real time (DST).
		Outage: 16*time.Hour + 18*min, TTD: 6 * min, TTA: 11 * min, TTM: 2*time.Hour + 10*min, TTR: 16*time.Hour + 18*min,
		Silence: 5*time.Hour + 20*min, RCADue: "2025-04-29T03:10:00+02:00",
		Overdue:  []int{0, 3},
		Findings: []FindingCode{ReviewOverdue, FailoverUntested},
		Levels: map[string][NumLevels]time.Duration{
			"api":       {DegradedPerformance: 10*time.Hour + 26*min, PartialOutage: 42 * min},
			"checkout":  {DegradedPerformance: 8*time.Hour + 20*min, PartialOutage: 33*min + 60*min, MajorOutage: 42 * min},
			"dashboard": {UnderMaintenance: 80 * min},
			"webhooks":  {DegradedPerformance: 15*time.Hour + 39*min},
		},
		Impacts: 9, Components: 4, Updates: 9,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rich fixture (-want +got):\n%s", diff)
	}
}

func FuzzLoad(f *testing.F) {
	golden.AddFiles(f, seedYAML, seedJSON, richYAML,
		badIncidents+"/duplicates.yaml", badIncidents+"/bad-values.yaml",
		badIncidents+"/wrong-types.json", badIncidents+"/bom-crlf.json")
	f.Add("x.yaml", []byte("id: a\ntitle: b\nimpacts:\n  - {component: c, level: major_outage, start: 2024-01-01 00:00, affected: 1 of 3}\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		inc, err := Load(name, data)
		if err == nil {
			if inc == nil {
				t.Fatal("no incident and no error")
			}
			if verr := inc.Validate(); verr != nil {
				t.Fatalf("Load accepted an invalid incident: %v", verr)
			}
			// An accepted incident's durations never overflow (saturate).
			m := inc.Metrics(MetricsOpts{})
			for _, d := range []time.Duration{m.Outage, m.TimeToResolve.D, m.LongestSilence.D} {
				if d == math.MaxInt64 || d == math.MinInt64 {
					t.Fatalf("a duration saturated: %v", m)
				}
			}
			return
		}
		if ps := fileformat.Unlocated(err, name); ps != nil {
			t.Fatalf("problems not located by file, line and field: %+v", ps)
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	data, err := os.ReadFile(richYAML)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Load("rich.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
