package rca

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDerivedImpacts(t *testing.T) {
	t0 := at(t, "2024-05-06T14:00:00Z")
	m := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }
	ev := func(min int, changes ...Change) Event { return Event{At: m(min), Kind: Note, Changes: changes} }
	ch := func(c string, l Level) Change { return Change{Component: c, Status: l} }

	tests := []struct {
		name     string
		timeline []Event
		want     []Impact
	}{
		{
			name: "partial major partial operational",
			timeline: []Event{
				ev(0, ch("api", PartialOutage)),
				ev(20, ch("api", MajorOutage)),
				ev(70, ch("api", PartialOutage)),
				ev(125, ch("api", Operational)),
			},
			want: []Impact{
				{Component: "api", Level: PartialOutage, Start: m(0), End: m(20)},
				{Component: "api", Level: MajorOutage, Start: m(20), End: m(70)},
				{Component: "api", Level: PartialOutage, Start: m(70), End: m(125)},
			},
		},
		{
			name: "same level is a no-op",
			timeline: []Event{
				ev(0, ch("api", MajorOutage)),
				ev(10, ch("api", MajorOutage)),
				ev(30, ch("api", Operational)),
			},
			want: []Impact{{Component: "api", Level: MajorOutage, Start: m(0), End: m(30)}},
		},
		{
			name: "unresolved component is ongoing",
			timeline: []Event{
				ev(0, ch("api", DegradedPerformance), ch("db", MajorOutage)),
				ev(15, ch("db", Operational)),
			},
			want: []Impact{
				{Component: "api", Level: DegradedPerformance, Start: m(0)},
				{Component: "db", Level: MajorOutage, Start: m(0), End: m(15)},
			},
		},
		{
			name: "operational before any impact changes nothing",
			timeline: []Event{
				ev(0, ch("api", Operational)),
				ev(5, ch("api", UnderMaintenance)),
				ev(9, ch("api", Operational), ch("api", Operational)),
			},
			want: []Impact{{Component: "api", Level: UnderMaintenance, Start: m(5), End: m(9)}},
		},
		{
			name: "share change starts a new impact",
			timeline: []Event{
				ev(0, Change{Component: "checkout", Status: PartialOutage, Affected: Share{dec("2"), dec("100")}}),
				ev(30, Change{Component: "checkout", Status: PartialOutage, Affected: Share{dec("15"), dec("100")}}),
				ev(45, ch("checkout", Operational)),
			},
			want: []Impact{
				{Component: "checkout", Level: PartialOutage, Start: m(0), End: m(30), Affected: Share{dec("2"), dec("100")}},
				{Component: "checkout", Level: PartialOutage, Start: m(30), End: m(45), Affected: Share{dec("15"), dec("100")}},
			},
		},
		{
			name: "events out of order are taken in time order",
			timeline: []Event{
				ev(40, ch("api", Operational)),
				ev(0, ch("api", MajorOutage)),
			},
			want: []Impact{{Component: "api", Level: MajorOutage, Start: m(0), End: m(40)}},
		},
		{
			name: "approximate events make approximate impacts",
			timeline: []Event{
				{At: m(0), Kind: Started, Approximate: true, Changes: []Change{ch("web", MajorOutage), ch("mail", MajorOutage)}},
				ev(60, ch("web", Operational)),
				{At: m(120), Kind: Note, Approximate: true, Changes: []Change{ch("mail", Operational)}},
			},
			want: []Impact{
				{Component: "mail", Level: MajorOutage, Start: m(0), End: m(120), Approximate: true},
				{Component: "web", Level: MajorOutage, Start: m(0), End: m(60), Approximate: true},
			},
		},
		{name: "no changes", timeline: []Event{ev(0)}, want: []Impact{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := &Incident{Timeline: tt.timeline}
			got := inc.DerivedImpacts()
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("DerivedImpacts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(got, inc.EffectiveImpacts()); diff != "" {
				t.Errorf("EffectiveImpacts differs from DerivedImpacts without Impacts:\n%s", diff)
			}
		})
	}
}

func TestEffectiveImpactsSortsWrittenImpacts(t *testing.T) {
	t0 := at(t, "2024-05-06T14:00:00Z")
	inc := &Incident{Impacts: []Impact{
		{Component: "web", Level: MajorOutage, Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour)},
		{Component: "web", Level: PartialOutage, Start: t0, End: t0.Add(time.Hour)},
		{Component: "api", Level: PartialOutage, Start: t0, End: t0.Add(time.Hour)},
	}}
	got := inc.EffectiveImpacts()
	want := []Impact{inc.Impacts[2], inc.Impacts[1], inc.Impacts[0]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EffectiveImpacts (-want +got):\n%s", diff)
	}
	got[0].Component = "changed"
	if inc.Impacts[2].Component != "api" {
		t.Error("EffectiveImpacts returned the incident's own slice")
	}
}

// TestBothWaysSame writes the seed incident's impacts as timeline changes
// and checks that both give the same impacts, metrics and validity.
func TestBothWaysSame(t *testing.T) {
	written, err := LoadFile("../testdata/incidents/seed-constant-contact-2014.yaml")
	if err != nil {
		t.Fatal(err)
	}
	loc := written.Location()
	local := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	all := func(l Level, names ...string) []Change {
		var out []Change
		for _, n := range names {
			out = append(out, Change{Component: n, Status: l})
		}
		return out
	}
	derived := *written
	derived.Impacts = nil
	derived.Timeline = []Event{
		{At: local("2014-04-18 10:32"), Kind: Started, Approximate: true,
			Changes: all(MajorOutage, "website", "applications", "api", "email_delivery")},
		{At: local("2014-04-18 23:15"), Kind: PartiallyRestored,
			Changes: all(PartialOutage, "website", "applications", "api")},
		{At: local("2014-04-19 00:15"), Kind: Note, Approximate: true,
			Changes: all(PartialOutage, "email_delivery")},
		{At: local("2014-04-19 01:00"), Kind: Resolved,
			Changes: all(Operational, "website", "applications", "api", "email_delivery")},
	}
	if err := derived.Validate(); err != nil {
		t.Fatalf("Validate of the derived form: %v", err)
	}
	// Approximate follows the events in the derived form and is written by
	// hand in the file; notes exist only in the file.
	ignore := func(imps []Impact) []Impact {
		for i := range imps {
			imps[i].Note = ""
			imps[i].Approximate = false
		}
		return imps
	}
	if diff := cmp.Diff(ignore(written.EffectiveImpacts()), ignore(derived.EffectiveImpacts())); diff != "" {
		t.Errorf("impacts written vs derived (-written +derived):\n%s", diff)
	}
	opts := MetricsOpts{AsOf: at(t, "2014-06-01T00:00:00Z")}
	mw, md := written.Metrics(opts), derived.Metrics(opts)
	md.Milestones, mw.Milestones = nil, nil // the derived timeline is shorter
	md.LongestSilence, mw.LongestSilence = Silence{}, Silence{}
	if diff := cmp.Diff(mw, md); diff != "" {
		t.Errorf("metrics written vs derived (-written +derived):\n%s", diff)
	}

	// Both at once must agree; a disagreement is reported where it is.
	both := derived
	both.Impacts = written.Impacts
	if err := both.Validate(); err != nil {
		t.Errorf("Validate with both forms: %v", err)
	}
	both.Impacts = append([]Impact(nil), written.Impacts...)
	both.Impacts[6].End = local("2014-04-19 00:30")
	want := []string{
		`timeline[0].changes[3]: the timeline gives an impact impacts does not list ("email_delivery" major_outage from 2014-04-18T14:32:00Z to 2014-04-19T04:15:00Z)`,
		`impacts[6]: not among the impacts the timeline's component changes give`,
	}
	if diff := cmp.Diff(want, problemStrings(both.Validate())); diff != "" {
		t.Errorf("Validate with disagreeing forms (-want +got):\n%s", diff)
	}
}

// FuzzDerivedImpacts builds a timeline of component changes from the fuzz
// input, writes its derived impacts as an impacts list, and checks that the
// two forms agree: validation accepts both at once, and metrics match.
func FuzzDerivedImpacts(f *testing.F) {
	f.Add([]byte{0, 3, 10, 0, 4, 20, 1, 2, 5, 0, 0, 30})
	f.Add([]byte{2, 4, 1, 2, 4, 1, 2, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		t0 := time.Date(2025, 3, 29, 0, 0, 0, 0, time.UTC)
		names := []string{"api", "db", "web"}
		inc := &Incident{ID: "f", Title: "fuzz", Components: names}
		now := t0
		for i := 0; i+2 < len(data) && i < 300; i += 3 {
			now = now.Add(time.Duration(data[i+2]) * time.Minute)
			ch := Change{Component: names[int(data[i])%len(names)], Status: Level(data[i+1] % uint8(NumLevels))}
			n := len(inc.Timeline)
			if n > 0 && inc.Timeline[n-1].At.Equal(now) {
				for _, c := range inc.Timeline[n-1].Changes {
					if c.Component == ch.Component {
						return // one change per component and event
					}
				}
				inc.Timeline[n-1].Changes = append(inc.Timeline[n-1].Changes, ch)
				continue
			}
			inc.Timeline = append(inc.Timeline, Event{At: now, Kind: Note, Changes: []Change{ch}})
		}
		derived := inc.DerivedImpacts()
		if len(derived) == 0 {
			return
		}
		for i := 1; i < len(derived); i++ {
			if compareImpacts(derived[i-1], derived[i]) > 0 {
				t.Fatalf("impacts out of order: %v before %v", derived[i-1], derived[i])
			}
		}
		for _, imp := range derived {
			if imp.Level == Operational || (!imp.IsOngoing() && !imp.Start.Before(imp.End)) {
				t.Fatalf("bad derived impact %+v", imp)
			}
		}
		if err := inc.Validate(); err != nil {
			t.Fatalf("Validate of the derived form: %v", err)
		}
		written := *inc
		written.Timeline = nil
		written.Impacts = derived
		both := *inc
		both.Impacts = derived
		if err := both.Validate(); err != nil {
			t.Fatalf("Validate with both forms: %v", err)
		}
		opts := MetricsOpts{AsOf: now.Add(time.Hour)}
		if diff := cmp.Diff(inc.Metrics(opts), written.Metrics(opts)); diff != "" {
			t.Fatalf("metrics differ (-derived +written):\n%s", diff)
		}
	})
}
