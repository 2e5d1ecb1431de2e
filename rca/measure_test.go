package rca

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestMetricsResolved(t *testing.T) {
	ny := zone(t, "America/New_York")
	t0 := at(t, "2024-10-20T16:00:00Z") // 12:00 EDT
	m := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }
	inc := &Incident{
		ID: "INC-9", Title: "Checkout down", Status: StatusResolved, Zone: ny,
		Timeline: []Event{
			{At: m(-30), Kind: Note, Text: "deploy"},
			{At: m(0), Kind: Started},
			{At: m(7), Kind: Detected},
			{At: m(9), Kind: Acknowledged},
			{At: m(12), Kind: Declared},
			{At: m(25), Kind: PublicUpdate},
			{At: m(40), Kind: Mitigated},
			{At: m(90), Kind: Resolved},
			{At: m(100), Kind: Detected}, // only the first counts
			{At: m(24 * 60), Kind: Closed},
		},
		Impacts: []Impact{
			{Component: "checkout", Level: MajorOutage, Start: m(0), End: m(40)},
			{Component: "checkout", Level: DegradedPerformance, Start: m(30), End: m(90)},
			{Component: "dashboard", Level: UnderMaintenance, Start: m(10), End: m(20)},
			{Component: "api", Level: PartialOutage, Start: m(95), End: m(96)}, // after the end: cut to nothing
		},
		Communications: []Communication{
			{At: m(-60), Text: "maintenance tonight"}, // before the start: not counted
			{At: m(70), Text: "recovering"},
			{At: m(200), Text: "resolved"}, // after the end: not counted
		},
		ActionItems: []ActionItem{
			{Title: "a", Type: Prevent, Due: Date{2024, 11, 1}},
			{Title: "b", Type: Prevent, Due: Date{2024, 10, 1}, Status: Done},
			{Title: "c", Type: Prevent, Due: Date{2024, 11, 19}, Status: InProgress},
			{Title: "d", Type: Prevent, Due: Date{2024, 11, 20}},
		},
		Readiness: Readiness{Plan: "runbook", LastReviewed: Date{2024, 9, 1}, LastDrilled: Date{2024, 1, 15}, FailoverTested: true},
	}
	// 2024-11-20 03:00Z is 2024-11-19 22:00 EST: item c is due that day
	// in New York (not overdue), item d not yet.
	asOf := at(t, "2024-11-20T03:00:00Z")
	got := inc.Metrics(MetricsOpts{AsOf: asOf})
	want := Metrics{
		Incident: "INC-9",
		Title:    "Checkout down",
		AsOf:     asOf,
		Start:    m(0),
		End:      m(90),
		Milestones: []Milestone{
			{Started, m(0)}, {Detected, m(7)}, {Acknowledged, m(9)}, {Declared, m(12)},
			{Mitigated, m(40)}, {Resolved, m(90)}, {Closed, m(24 * 60)},
		},
		TimeToDetect:      Elapsed{7 * time.Minute, true},
		TimeToAcknowledge: Elapsed{9 * time.Minute, true},
		TimeToMitigate:    Elapsed{40 * time.Minute, true},
		TimeToResolve:     Elapsed{90 * time.Minute, true},
		Outage:            90 * time.Minute,
		Components: []ComponentOutage{
			{Component: "checkout", Start: m(0), End: m(90), Down: 90 * time.Minute,
				ByLevel: [NumLevels]time.Duration{DegradedPerformance: 50 * time.Minute, MajorOutage: 40 * time.Minute}},
			{Component: "dashboard", Start: m(10), End: m(20),
				ByLevel: [NumLevels]time.Duration{UnderMaintenance: 10 * time.Minute}},
		},
		LongestSilence: Silence{From: m(25), To: m(70), D: 45 * time.Minute},
		// 30 calendar days in New York: across the end of daylight saving
		// time, so 30 × 24 h + 1 h.
		RCADue:         time.Date(2024, 11, 19, 13, 30, 0, 0, ny),
		RCAOverdue:     true,
		OverdueActions: []int{0},
		OverdueItems:   []ActionItem{inc.ActionItems[0]},
		Readiness:      nil, // reviewed and drilled recently enough, failover tested
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Metrics (-want +got):\n%s", diff)
	}
	if d := got.RCADue.Sub(m(90)); d != 30*24*time.Hour+time.Hour {
		t.Errorf("RCADue − End = %v, want 721h", d)
	}
	// Instants are shown in the incident's zone.
	for name, tm := range map[string]time.Time{"as of": got.AsOf, "start": got.Start, "end": got.End,
		"milestone": got.Milestones[0].At, "component start": got.Components[0].Start,
		"silence from": got.LongestSilence.From, "RCA due": got.RCADue} {
		if tm.Location() != ny {
			t.Errorf("%s %s is in %s, want the incident's zone %s", name, tm, tm.Location(), ny)
		}
	}
}

func TestMetricsCases(t *testing.T) {
	t0 := at(t, "2024-05-06T14:00:00Z")
	m := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }
	major := func(c string, from, to int) Impact {
		imp := Impact{Component: c, Level: MajorOutage, Start: m(from)}
		if to >= 0 {
			imp.End = m(to)
		}
		return imp
	}
	type fields struct {
		Ongoing        bool
		Start, End     time.Time
		Outage         time.Duration
		TimeToResolve  Elapsed
		LongestSilence Silence
		RCADue         time.Time
		RCAOverdue     bool
	}
	tests := []struct {
		name string
		inc  Incident
		opts MetricsOpts
		want fields
	}{
		{
			name: "ongoing impact is measured to AsOf",
			inc:  Incident{Impacts: []Impact{major("api", 0, -1)}},
			opts: MetricsOpts{AsOf: m(45)},
			want: fields{Ongoing: true, Start: m(0), End: m(45), Outage: 45 * time.Minute,
				LongestSilence: Silence{From: m(0), To: m(45), D: 45 * time.Minute}},
		},
		{
			name: "AsOf inside a finished impact cuts it",
			inc: Incident{
				Timeline: []Event{{At: m(0), Kind: Started}, {At: m(60), Kind: Resolved}},
				Impacts:  []Impact{major("api", 0, 60), major("db", 50, 55)},
			},
			opts: MetricsOpts{AsOf: m(30)},
			want: fields{Ongoing: true, Start: m(0), End: m(30), Outage: 30 * time.Minute,
				LongestSilence: Silence{From: m(0), To: m(30), D: 30 * time.Minute}},
		},
		{
			name: "end from impacts when there is no resolved event",
			inc:  Incident{Impacts: []Impact{major("api", 0, 20), major("db", 40, 70)}},
			opts: MetricsOpts{AsOf: m(100)},
			want: fields{Start: m(0), End: m(70), Outage: 50 * time.Minute,
				TimeToResolve:  Elapsed{70 * time.Minute, true},
				LongestSilence: Silence{From: m(0), To: m(70), D: 70 * time.Minute},
				RCADue:         m(70).AddDate(0, 0, 30)},
		},
		{
			name: "default AsOf is the latest instant",
			inc: Incident{
				Impacts:        []Impact{major("api", 0, 20)},
				Communications: []Communication{{At: m(10), Text: "x"}, {At: m(500), Text: "postmortem"}},
			},
			want: fields{Start: m(0), End: m(20), Outage: 20 * time.Minute,
				TimeToResolve:  Elapsed{20 * time.Minute, true},
				LongestSilence: Silence{From: m(0), To: m(10), D: 10 * time.Minute},
				RCADue:         m(20).AddDate(0, 0, 30)},
		},
		{
			name: "RCA due days option and overdue at the due instant",
			inc:  Incident{Impacts: []Impact{major("api", 0, 20)}},
			opts: MetricsOpts{AsOf: m(20).AddDate(0, 0, 5), RCADueDays: 5},
			want: fields{Start: m(0), End: m(20), Outage: 20 * time.Minute,
				TimeToResolve:  Elapsed{20 * time.Minute, true},
				LongestSilence: Silence{From: m(0), To: m(20), D: 20 * time.Minute},
				RCADue:         m(20).AddDate(0, 0, 5), RCAOverdue: true},
		},
		{
			name: "RCA due a year after: the longest delay",
			inc:  Incident{Impacts: []Impact{major("api", 0, 20)}},
			opts: MetricsOpts{AsOf: m(20), RCADueDays: MaxRCADueDays},
			want: fields{Start: m(0), End: m(20), Outage: 20 * time.Minute,
				TimeToResolve:  Elapsed{20 * time.Minute, true},
				LongestSilence: Silence{From: m(0), To: m(20), D: 20 * time.Minute},
				RCADue:         m(20).AddDate(0, 0, 366)},
		},
		{
			name: "RCA due beyond the longest delay is unknown, not a date of another century",
			inc:  Incident{Impacts: []Impact{major("api", 0, 20)}},
			opts: MetricsOpts{AsOf: m(20).AddDate(3, 0, 0), RCADueDays: math.MaxInt},
			want: fields{Start: m(0), End: m(20), Outage: 20 * time.Minute,
				TimeToResolve:  Elapsed{20 * time.Minute, true},
				LongestSilence: Silence{From: m(0), To: m(20), D: 20 * time.Minute}},
		},
		{
			name: "published postmortem is never overdue",
			inc:  Incident{Status: Postmortem, Impacts: []Impact{major("api", 0, 20)}},
			opts: MetricsOpts{AsOf: m(20).AddDate(1, 0, 0)},
			want: fields{Start: m(0), End: m(20), Outage: 20 * time.Minute,
				TimeToResolve:  Elapsed{20 * time.Minute, true},
				LongestSilence: Silence{From: m(0), To: m(20), D: 20 * time.Minute},
				RCADue:         m(20).AddDate(0, 0, 30)},
		},
		{
			name: "started without impacts is ongoing",
			inc:  Incident{Timeline: []Event{{At: m(0), Kind: Started}}},
			opts: MetricsOpts{AsOf: m(10)},
			want: fields{Ongoing: true, Start: m(0), End: m(10),
				LongestSilence: Silence{From: m(0), To: m(10), D: 10 * time.Minute}},
		},
		{
			name: "silence ties go to the earliest gap",
			inc: Incident{
				Impacts:  []Impact{major("api", 0, 30)},
				Timeline: []Event{{At: m(10), Kind: PublicUpdate}, {At: m(20), Kind: PublicUpdate}},
			},
			opts: MetricsOpts{AsOf: m(30)},
			want: fields{Start: m(0), End: m(30), Outage: 30 * time.Minute,
				TimeToResolve:  Elapsed{30 * time.Minute, true},
				LongestSilence: Silence{From: m(0), To: m(10), D: 10 * time.Minute},
				RCADue:         m(30).AddDate(0, 0, 30), RCAOverdue: false},
		},
		{
			name: "invalid impacts are ignored",
			inc: Incident{Impacts: []Impact{
				{Component: "api", Level: Operational, Start: m(0), End: m(10)},
				{Component: "api", Level: 99, Start: m(0), End: m(10)},
				{Component: "api", Level: MajorOutage, End: m(10)},
			}},
			opts: MetricsOpts{AsOf: m(10)},
			want: fields{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.inc.Metrics(tt.opts)
			got := fields{g.Ongoing, g.Start, g.End, g.Outage, g.TimeToResolve, g.LongestSilence, g.RCADue, g.RCAOverdue}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Metrics (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetricsByLevelWorstWins(t *testing.T) {
	t0 := at(t, "2024-05-06T14:00:00Z")
	m := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }
	inc := &Incident{Impacts: []Impact{
		{Component: "db", Level: DegradedPerformance, Start: m(0), End: m(60)},
		{Component: "db", Level: MajorOutage, Start: m(10), End: m(20)},
		{Component: "db", Level: PartialOutage, Start: m(15), End: m(30)},
		{Component: "db", Level: UnderMaintenance, Start: m(70), End: m(80)},
	}}
	got := inc.Metrics(MetricsOpts{AsOf: m(100)}).Components
	want := []ComponentOutage{{
		Component: "db", Start: m(0), End: m(80), Down: 60 * time.Minute,
		ByLevel: [NumLevels]time.Duration{
			Operational:         10 * time.Minute,
			UnderMaintenance:    10 * time.Minute,
			DegradedPerformance: 40 * time.Minute,
			PartialOutage:       10 * time.Minute,
			MajorOutage:         10 * time.Minute,
		},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Components (-want +got):\n%s", diff)
	}
}

func BenchmarkMetrics(b *testing.B) {
	inc, err := LoadFile("../testdata/incidents/rich-two-day.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		inc.Metrics(MetricsOpts{})
	}
}
