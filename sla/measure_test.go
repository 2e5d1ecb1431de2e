package sla_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

const day = 24 * time.Hour

func TestMeasure(t *testing.T) {
	ny := zone(t, "America/New_York")
	with := func(f func(p *sla.Policy)) *sla.Policy { p := monthly(); f(p); return p }
	oneDay := func(p *sla.Policy) { p.Window = sla.Window{Kind: sla.Rolling, Days: 1} }
	dayOpts := sla.Options{From: at("2025-03-01T00:00:00Z"), To: at("2025-03-02T00:00:00Z")}
	dayWindow := func(s summary) []summary {
		s.Start, s.End, s.Length = "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", day
		if s.Measured == 0 {
			s.Measured = day
		}
		return []summary{s}
	}
	statuspageDay := incident("sp",
		imp("api", rca.MajorOutage, "2025-03-01T10:00:00Z", "2025-03-01T10:05:00Z"),
		imp("api", rca.PartialOutage, "2025-03-01T12:00:00Z", "2025-03-01T12:30:00Z"),
	)
	april2025 := sla.Options{From: at("2025-04-01T00:00:00Z"), To: at("2025-05-01T00:00:00Z")}
	aprilWindow := func(s summary) []summary {
		s.Start, s.End, s.Length = "2025-04-01T00:00:00Z", "2025-05-01T00:00:00Z", 30*day
		if s.Measured == 0 {
			s.Measured = 30 * day
		}
		return []summary{s}
	}
	hour := incident("h", imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z"))

	tests := []struct {
		name      string
		policy    *sla.Policy
		incidents []*rca.Incident
		opts      sla.Options
		want      []summary
	}{
		{
			name: "statuspage weighting: 5 min major + 30 min partial at 0.3 = 14 min",
			policy: with(func(p *sla.Policy) {
				oneDay(p)
				p.Weights = statuspageWeights()
			}),
			incidents: []*rca.Incident{statuspageDay},
			opts:      dayOpts,
			want:      dayWindow(summary{Downtime: 35 * time.Minute, Weighted: "840", Availability: "99.027778"}),
		},
		{
			name:      "partial outage counted in full: 35 min",
			policy:    with(oneDay),
			incidents: []*rca.Incident{statuspageDay},
			opts:      dayOpts,
			want:      dayWindow(summary{Downtime: 35 * time.Minute, Weighted: "2100", Availability: "97.569444"}),
		},
		{
			name:      "30-day month with 60 minutes down misses 99.9",
			policy:    monthly(),
			incidents: []*rca.Incident{hour},
			opts:      april2025,
			want:      aprilWindow(summary{Downtime: time.Hour, Weighted: "3600", Availability: "99.861111"}),
		},
		{
			name:      "outage across a month boundary is split at it",
			policy:    monthly(),
			incidents: []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-01-31T23:10:00Z", "2025-02-01T01:05:00Z"))},
			want: []summary{
				{Start: "2025-01-01T00:00:00Z", End: "2025-02-01T00:00:00Z", Length: 31 * day, Measured: 31 * day, Downtime: 50 * time.Minute, Weighted: "3000", Availability: "99.887993"},
				{Start: "2025-02-01T00:00:00Z", End: "2025-03-01T00:00:00Z", Length: 28 * day, Measured: 28 * day, Downtime: 65 * time.Minute, Weighted: "3900", Availability: "99.838790"},
			},
		},
		{
			name: "whole minutes with a 1-minute period: 10:00:30–10:02:10 counts one minute",
			policy: with(func(p *sla.Policy) {
				oneDay(p)
				p.Granularity, p.MinDowntime = sla.WholeMinutes, time.Minute
			}),
			incidents: []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-03-01T10:00:30Z", "2025-03-01T10:02:10Z"))},
			opts:      dayOpts,
			want:      dayWindow(summary{Downtime: time.Minute, Weighted: "60", Availability: "99.930556", Met: true}),
		},
		{
			name: "whole minutes with a 1-minute period: three 45-second blips count nothing",
			policy: with(func(p *sla.Policy) {
				oneDay(p)
				p.Granularity, p.MinDowntime = sla.WholeMinutes, time.Minute
			}),
			incidents: []*rca.Incident{incident("x",
				imp("api", rca.MajorOutage, "2025-03-01T10:00:00Z", "2025-03-01T10:00:45Z"),
				imp("api", rca.MajorOutage, "2025-03-01T10:05:10Z", "2025-03-01T10:05:55Z"),
				imp("api", rca.MajorOutage, "2025-03-01T10:10:15Z", "2025-03-01T10:11:00Z"),
			)},
			opts: dayOpts,
			want: dayWindow(summary{Weighted: "0", Availability: "100.000000", Met: true}),
		},
		{
			name: "10-minute period: a 9-minute run counts nothing, a 10-minute run counts",
			policy: with(func(p *sla.Policy) {
				oneDay(p)
				p.Granularity, p.MinDowntime = sla.WholeMinutes, 10*time.Minute
			}),
			incidents: []*rca.Incident{incident("x",
				imp("api", rca.MajorOutage, "2025-03-01T10:00:00Z", "2025-03-01T10:09:59Z"),
				imp("api", rca.MajorOutage, "2025-03-01T11:00:00Z", "2025-03-01T11:05:00Z"),
				imp("web", rca.PartialOutage, "2025-03-01T11:05:00Z", "2025-03-01T11:10:30Z"),
			)},
			opts: dayOpts,
			want: dayWindow(summary{Downtime: 10 * time.Minute, Weighted: "600", Availability: "99.305556"}),
		},
		{
			name:      "exact granularity with a 1-minute period drops a 59-second run",
			policy:    with(func(p *sla.Policy) { oneDay(p); p.MinDowntime = time.Minute }),
			incidents: []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-03-01T10:00:00Z", "2025-03-01T10:00:59Z"), imp("api", rca.MajorOutage, "2025-03-01T11:00:00Z", "2025-03-01T11:01:30Z"))},
			opts:      dayOpts,
			want:      dayWindow(summary{Downtime: 90 * time.Second, Weighted: "90", Availability: "99.895833"}),
		},
		{
			name:   "user minutes: 300 of 1,000 users for 120 minutes is 36 minutes",
			policy: with(func(p *sla.Policy) { p.UserMinutes = true }),
			incidents: []*rca.Incident{incident("x", rca.Impact{Component: "api", Level: rca.MajorOutage,
				Start: at("2025-04-15T10:00:00Z"), End: at("2025-04-15T12:00:00Z"),
				Affected: rca.Share{Affected: dec("300"), Of: dec("1000")}})},
			opts: april2025,
			want: aprilWindow(summary{Downtime: 120 * time.Minute, Weighted: "2160", Availability: "99.916667", Met: true}),
		},
		{
			name:   "user minutes off: the share is ignored",
			policy: monthly(),
			incidents: []*rca.Incident{incident("x", rca.Impact{Component: "api", Level: rca.MajorOutage,
				Start: at("2025-04-15T10:00:00Z"), End: at("2025-04-15T12:00:00Z"),
				Affected: rca.Share{Affected: dec("300"), Of: dec("1000")}})},
			opts: april2025,
			want: aprilWindow(summary{Downtime: 120 * time.Minute, Weighted: "7200", Availability: "99.722222"}),
		},
		{
			name:      "active time: a resource created on the 10th is measured over 21 days",
			policy:    with(func(p *sla.Policy) { p.Denominator = sla.ActiveTime }),
			incidents: []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-04-05T10:00:00Z", "2025-04-05T11:00:00Z")), hour},
			opts:      sla.Options{From: april2025.From, To: april2025.To, ActiveFrom: at("2025-04-10T00:00:00Z")},
			want:      aprilWindow(summary{Measured: 21 * day, Downtime: time.Hour, Weighted: "3600", Availability: "99.801587"}),
		},
		{
			name:      "whole-window denominator with an active range counts only active downtime",
			policy:    monthly(),
			incidents: []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-04-05T10:00:00Z", "2025-04-05T11:00:00Z")), hour},
			opts:      sla.Options{From: april2025.From, To: april2025.To, ActiveFrom: at("2025-04-10T00:00:00Z")},
			want:      aprilWindow(summary{Downtime: time.Hour, Weighted: "3600", Availability: "99.861111"}),
		},
		{
			name:      "seed incident over April 2014 in New York, partial restoration counts as down",
			policy:    with(func(p *sla.Policy) { p.Window.Zone = ny }),
			incidents: []*rca.Incident{seedIncident()},
			want: []summary{{Start: "2014-04-01T00:00:00-04:00", End: "2014-05-01T00:00:00-04:00", Length: 30 * day, Measured: 30 * day,
				Downtime: 868 * time.Minute, Weighted: "52080", Availability: "97.990741"}},
		},
		{
			name:      "seed incident with Statuspage weights",
			policy:    with(func(p *sla.Policy) { p.Window.Zone = ny; p.Weights = statuspageWeights() }),
			incidents: []*rca.Incident{seedIncident()},
			want: []summary{{Start: "2014-04-01T00:00:00-04:00", End: "2014-05-01T00:00:00-04:00", Length: 30 * day, Measured: 30 * day,
				Downtime: 868 * time.Minute, Weighted: "47670", Availability: "98.160880"}},
		},
		{
			name:   "March 2014 in New York is 743 hours",
			policy: with(func(p *sla.Policy) { p.Window.Zone = ny }),
			opts:   sla.Options{From: at("2014-03-10T00:00:00Z"), To: at("2014-03-11T00:00:00Z")},
			want: []summary{{Start: "2014-03-01T00:00:00-05:00", End: "2014-04-01T00:00:00-04:00", Length: 743 * time.Hour, Measured: 743 * time.Hour,
				Weighted: "0", Availability: "100.000000", Met: true}},
		},
		{
			name:      "leap-year February is 29 days",
			policy:    monthly(),
			incidents: []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2024-02-29T10:00:00Z", "2024-02-29T11:00:00Z"))},
			want: []summary{{Start: "2024-02-01T00:00:00Z", End: "2024-03-01T00:00:00Z", Length: 29 * day, Measured: 29 * day,
				Downtime: time.Hour, Weighted: "3600", Availability: "99.856322"}},
		},
		{
			name:      "quarter windows split an outage at April 1",
			policy:    with(func(p *sla.Policy) { p.Window.Kind = sla.Quarter }),
			incidents: []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-03-31T23:00:00Z", "2025-04-01T02:00:00Z"))},
			want: []summary{
				{Start: "2025-01-01T00:00:00Z", End: "2025-04-01T00:00:00Z", Length: 90 * day, Measured: 90 * day, Downtime: time.Hour, Weighted: "3600", Availability: "99.953704", Met: true},
				{Start: "2025-04-01T00:00:00Z", End: "2025-07-01T00:00:00Z", Length: 91 * day, Measured: 91 * day, Downtime: 2 * time.Hour, Weighted: "7200", Availability: "99.908425", Met: true},
			},
		},
		{
			name:      "year window",
			policy:    with(func(p *sla.Policy) { p.Window.Kind = sla.Year }),
			incidents: []*rca.Incident{hour},
			want: []summary{{Start: "2025-01-01T00:00:00Z", End: "2026-01-01T00:00:00Z", Length: 365 * day, Measured: 365 * day,
				Downtime: time.Hour, Weighted: "3600", Availability: "99.988584", Met: true}},
		},
		{
			name:      "rolling 7-day windows tile back from To",
			policy:    with(func(p *sla.Policy) { p.Window = sla.Window{Kind: sla.Rolling, Days: 7} }),
			incidents: []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-03-07T23:30:00Z", "2025-03-08T00:30:00Z"))},
			opts:      sla.Options{From: at("2025-03-01T00:00:00Z"), To: at("2025-03-15T00:00:00Z")},
			want: []summary{
				{Start: "2025-03-01T00:00:00Z", End: "2025-03-08T00:00:00Z", Length: 7 * day, Measured: 7 * day, Downtime: 30 * time.Minute, Weighted: "1800", Availability: "99.702381"},
				{Start: "2025-03-08T00:00:00Z", End: "2025-03-15T00:00:00Z", Length: 7 * day, Measured: 7 * day, Downtime: 30 * time.Minute, Weighted: "1800", Availability: "99.702381"},
			},
		},
		{
			name:   "overlapping impacts are counted once",
			policy: monthly(),
			incidents: []*rca.Incident{
				incident("a", imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z")),
				incident("b", imp("web", rca.MajorOutage, "2025-04-15T10:30:00Z", "2025-04-15T11:30:00Z")),
			},
			opts: april2025,
			want: aprilWindow(summary{Downtime: 90 * time.Minute, Weighted: "5400", Availability: "99.791667"}),
		},
		{
			name:   "any down: an instant weighs the largest weight active",
			policy: with(func(p *sla.Policy) { p.Weights = statuspageWeights() }),
			incidents: []*rca.Incident{incident("a",
				imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T10:10:00Z"),
				imp("web", rca.PartialOutage, "2025-04-15T10:05:00Z", "2025-04-15T10:30:00Z"),
			)},
			opts: april2025,
			want: aprilWindow(summary{Downtime: 30 * time.Minute, Weighted: "960", Availability: "99.962963", Met: true}),
		},
		{
			// Both down 10:30–11:00; web weighs 0.3, then 1 (10:40–10:50), then
			// 0.3: 180 + 600 + 180 s.
			name: "all down: only when every covered component is, at the smallest weight",
			policy: with(func(p *sla.Policy) {
				p.Weights = statuspageWeights()
				p.Components = []string{"api", "web"}
				p.DownWhen = sla.AllDown
			}),
			incidents: []*rca.Incident{incident("a",
				imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z"),
				imp("web", rca.PartialOutage, "2025-04-15T10:30:00Z", "2025-04-15T12:00:00Z"),
				imp("web", rca.MajorOutage, "2025-04-15T10:40:00Z", "2025-04-15T10:50:00Z"),
				imp("db", rca.MajorOutage, "2025-04-15T09:00:00Z", "2025-04-15T13:00:00Z"),
			)},
			opts: april2025,
			want: aprilWindow(summary{Downtime: 30 * time.Minute, Weighted: "960", Availability: "99.962963", Met: true}),
		},
		{
			name:   "all down without a list: every component named by the incidents",
			policy: with(func(p *sla.Policy) { p.DownWhen = sla.AllDown }),
			incidents: []*rca.Incident{{ID: "a", Components: []string{"api", "web", "db"}, Impacts: []rca.Impact{
				imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z"),
				imp("web", rca.MajorOutage, "2025-04-15T10:30:00Z", "2025-04-15T12:00:00Z"),
			}}},
			opts: april2025,
			want: aprilWindow(summary{Weighted: "0", Availability: "100.000000", Met: true}),
		},
		{
			name:   "components not covered do not count",
			policy: with(func(p *sla.Policy) { p.Components = []string{"api"} }),
			incidents: []*rca.Incident{incident("a",
				imp("web", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z"),
				imp("api", rca.MajorOutage, "2025-04-15T12:00:00Z", "2025-04-15T12:10:00Z"),
			)},
			opts: april2025,
			want: aprilWindow(summary{Downtime: 10 * time.Minute, Weighted: "600", Availability: "99.976852", Met: true}),
		},
		{
			name:      "degraded performance weighs nothing by default",
			policy:    monthly(),
			incidents: []*rca.Incident{incident("a", imp("api", rca.DegradedPerformance, "2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z"))},
			opts:      april2025,
			want:      aprilWindow(summary{Weighted: "0", Availability: "100.000000", Met: true}),
		},
		{
			name: "maintenance announced ahead and other exclusions are never downtime",
			policy: with(func(p *sla.Policy) {
				p.Maintenance.MinNotice = 48 * time.Hour
				p.Exclusions = []sla.Exclusion{
					{Start: at("2025-04-15T10:00:00Z"), End: at("2025-04-15T10:20:00Z"), Maintenance: true, Announced: at("2025-04-12T10:00:00Z")},
					{Start: at("2025-04-15T10:40:00Z"), End: at("2025-04-15T10:50:00Z"), Maintenance: true, Announced: at("2025-04-14T10:00:00Z")},
					{Start: at("2025-04-15T10:50:00Z"), End: at("2025-04-15T10:55:00Z"), Reason: "customer's own network"},
				}
			}),
			incidents: []*rca.Incident{hour},
			opts:      april2025,
			want:      aprilWindow(summary{Excluded: 25 * time.Minute, Downtime: 35 * time.Minute, Weighted: "2100", Availability: "99.918981", Met: true}),
		},
		{
			name: "excluded time leaves the denominator when the policy says so",
			policy: with(func(p *sla.Policy) {
				p.ExcludeFromDenominator = true
				p.Exclusions = []sla.Exclusion{{Start: at("2025-04-01T00:00:00Z"), End: at("2025-04-02T00:00:00Z"), Maintenance: true}}
			}),
			incidents: []*rca.Incident{hour},
			opts:      april2025,
			want:      aprilWindow(summary{Excluded: day, Measured: 29 * day, Downtime: time.Hour, Weighted: "3600", Availability: "99.856322"}),
		},
		{
			name:      "exclusions given in the options are added",
			policy:    monthly(),
			incidents: []*rca.Incident{hour},
			opts:      sla.Options{From: april2025.From, To: april2025.To, Exclusions: []sla.Exclusion{{Start: at("2025-04-15T10:30:00Z"), End: at("2025-04-15T12:00:00Z")}}},
			want:      aprilWindow(summary{Excluded: 90 * time.Minute, Downtime: 30 * time.Minute, Weighted: "1800", Availability: "99.930556", Met: true}),
		},
		{
			name:      "an ongoing impact ends at AsOf",
			policy:    monthly(),
			incidents: []*rca.Incident{incident("a", imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", ""))},
			opts:      sla.Options{From: april2025.From, To: april2025.To, AsOf: at("2025-04-15T10:30:00Z")},
			want:      aprilWindow(summary{Downtime: 30 * time.Minute, Weighted: "1800", Availability: "99.930556", Met: true}),
		},
		{
			name:   "request based: the mean error rate over all intervals, empty ones at 0%",
			policy: with(func(p *sla.Policy) { oneDay(p); p.Indicator = sla.RequestBased }),
			opts: sla.Options{From: dayOpts.From, To: dayOpts.To, Requests: []sla.RequestCount{
				{Start: at("2025-03-01T10:00:00Z"), Total: 100, Failed: 10},
				{Start: at("2025-03-01T10:07:00Z"), Total: 2, Failed: 1},
				{Start: at("2025-03-01T11:00:00Z"), Total: 1000, Failed: 0},
			}},
			want: dayWindow(summary{Weighted: "180", Availability: "99.791667"}),
		},
		{
			name: "request based: a wholly excluded interval has no errors",
			policy: with(func(p *sla.Policy) {
				oneDay(p)
				p.Indicator = sla.RequestBased
				p.Exclusions = []sla.Exclusion{{Start: at("2025-03-01T10:05:00Z"), End: at("2025-03-01T10:10:00Z")}}
			}),
			opts: sla.Options{From: dayOpts.From, To: dayOpts.To, Requests: []sla.RequestCount{
				{Start: at("2025-03-01T10:00:00Z"), Total: 100, Failed: 10},
				{Start: at("2025-03-01T10:07:00Z"), Total: 2, Failed: 1},
			}},
			want: dayWindow(summary{Excluded: 5 * time.Minute, Weighted: "30", Availability: "99.965278", Met: true}),
		},
		{
			name:   "no incidents and no range: no windows",
			policy: monthly(),
		},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate case name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			rs, err := sla.Measure(tt.policy, tt.incidents, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, summarize(rs)); diff != "" {
				t.Errorf("results (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMeasureBudget(t *testing.T) {
	rs, err := sla.Measure(monthly(), []*rca.Incident{incident("h", imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z"))}, sla.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 43.2 minutes allowed, 60 consumed: 138.9% burnt.
	want := sla.Budget{Allowed: dec("2592"), Consumed: dec("3600"), Remaining: dec("-1008"), Burn: dec("138.8889")}
	if diff := cmp.Diff(want, rs[0].Budget); diff != "" {
		t.Errorf("budget (-want +got):\n%s", diff)
	}
}

func TestMeasureSpans(t *testing.T) {
	p := monthly()
	p.Weights = statuspageWeights()
	a, b := incident("b-later", imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T10:10:00Z")),
		incident("a-first", imp("web", rca.PartialOutage, "2025-04-15T10:05:00Z", "2025-04-15T10:30:00Z"),
			imp("web", rca.DegradedPerformance, "2025-04-15T11:00:00Z", "2025-04-15T12:00:00Z"))
	rs, err := sla.Measure(p, []*rca.Incident{a, b}, sla.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []sla.Span{
		{Start: at("2025-04-15T10:00:00Z"), End: at("2025-04-15T10:10:00Z"), Weight: dec("1"), Component: "api", Level: rca.MajorOutage, Incident: "b-later"},
		{Start: at("2025-04-15T10:10:00Z"), End: at("2025-04-15T10:30:00Z"), Weight: dec("0.3"), Component: "web", Level: rca.PartialOutage, Incident: "a-first"},
	}
	if diff := cmp.Diff(want, rs[0].Spans); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a-first", "b-later"}, rs[0].Incidents); diff != "" {
		t.Errorf("incidents (-want +got):\n%s", diff)
	}
}

// rolling1Day is a policy of one-day rolling windows: the most windows a
// range can have.
func rolling1Day() *sla.Policy {
	p := monthly()
	p.Window = sla.Window{Kind: sla.Rolling, Days: 1}
	return p
}

func TestMeasureErrors(t *testing.T) {
	bad := monthly()
	bad.Objective = decimal.Zero
	tests := []struct {
		name      string
		policy    *sla.Policy
		incidents []*rca.Incident
		opts      sla.Options
		want      []string
	}{
		{"invalid policy", bad, nil, sla.Options{}, []string{`objective: "0" is not a percentage in (0, 100]`}},
		{"impact ending before it starts", monthly(), []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T09:00:00Z"))}, sla.Options{},
			[]string{"incidents[0].impacts[0].end: before start"}},
		{"nil incident", monthly(), []*rca.Incident{nil}, sla.Options{}, []string{"incidents[0]: missing incident"}},
		{"two incidents with one id", monthly(), []*rca.Incident{
			incident("x", imp("api", rca.MajorOutage, "2025-04-15T09:00:00Z", "2025-04-15T10:00:00Z")),
			incident("y", imp("api", rca.MajorOutage, "2025-04-16T09:00:00Z", "2025-04-16T10:00:00Z")),
			incident("x", imp("web", rca.MajorOutage, "2025-04-17T09:00:00Z", "2025-04-17T10:00:00Z")),
		}, sla.Options{}, []string{`incidents[2].id: "x" is also the id of incidents[0]`}},
		{"instant out of range", monthly(), []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2300-01-01T00:00:00Z", "2300-01-02T00:00:00Z"))}, sla.Options{},
			[]string{`incidents[0].impacts[0].start: "2300-01-01T00:00:00Z" is outside the measurable years 1678–2262`, `incidents[0].impacts[0].end: "2300-01-02T00:00:00Z" is outside the measurable years 1678–2262`}},
		{"more failed than total requests", monthly(), nil, sla.Options{Requests: []sla.RequestCount{{Start: at("2025-01-01T00:00:00Z"), Total: 1, Failed: 2}}},
			[]string{"options.requests[0]: 2 failed of 1 requests"}},
		{"share above all", func() *sla.Policy { p := monthly(); p.UserMinutes = true; return p }(),
			[]*rca.Incident{incident("x", rca.Impact{Component: "a", Level: rca.MajorOutage, Start: at("2025-01-01T00:00:00Z"), End: at("2025-01-01T01:00:00Z"), Affected: rca.Share{Affected: dec("3"), Of: dec("2")}})},
			sla.Options{}, []string{`incidents[0].impacts[0].affected: "3 of 2" is not a share between none and all`}},
		{"an id that is not one", monthly(), []*rca.Incident{incident("INC;2025", imp("api", rca.MajorOutage, "2025-04-15T09:00:00Z", "2025-04-15T10:00:00Z"))}, sla.Options{},
			[]string{`incidents[0].id: "INC;2025" holds ';': an incident id is letters, digits and - _ . : / #`}},
		{"a range from 1600: refused before its windows are made", rolling1Day(), []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-04-15T09:00:00Z", "2025-04-15T10:00:00Z"))},
			sla.Options{From: at("1600-01-01T00:00:00Z"), To: at("2025-01-01T00:00:00Z")},
			[]string{`options.from: "1600-01-01T00:00:00Z" is outside the measurable years 1678–2262`}},
		{"active until before active from", monthly(), nil, sla.Options{ActiveFrom: at("2025-01-02T00:00:00Z"), ActiveUntil: at("2025-01-01T00:00:00Z")},
			[]string{`options.active_until: "2025-01-01T00:00:00Z" is before active_from "2025-01-02T00:00:00Z"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sla.Measure(tt.policy, tt.incidents, tt.opts)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestObjective100HasNoBurn checks that an objective of 100% allows no
// downtime and states no burn: the JSON says null, the explanation says
// why, and neither says 0%, which would read as "nothing used".
func TestObjective100HasNoBurn(t *testing.T) {
	p := monthly()
	p.Objective = dec("100")
	inc := incident("x", imp("api", rca.MajorOutage, "2025-04-15T09:00:00Z", "2025-04-15T10:00:00Z"))
	rs, err := sla.Measure(p, []*rca.Incident{inc}, sla.Options{})
	if err != nil || len(rs) != 1 {
		t.Fatalf("Measure = %v, %v", rs, err)
	}
	r := rs[0]
	if r.Met || !r.Budget.Allowed.IsZero() || !r.Budget.Consumed.Equal(dec("3600")) {
		t.Errorf("met %v, allowed %s, consumed %s; want not met, 0, 3600", r.Met, r.Budget.Allowed, r.Budget.Consumed)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatal(err)
	}
	if burn, ok := fields["budget_burn_percent"]; !ok || burn != nil {
		t.Errorf("budget_burn_percent = %#v, want null", burn)
	}
	var back sla.Result
	if err := json.Unmarshal(data, &back); err != nil || !back.Budget.Burn.IsZero() {
		t.Errorf("read back: burn %s, %v", back.Budget.Burn, err)
	}
	var b strings.Builder
	if err := sla.Explain(&b, p, &r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "consumed 3600 s (no budget to burn)") || strings.Contains(b.String(), "(0%)") {
		t.Errorf("explanation:\n%s", b.String())
	}
}

// TestRequestBasedNeedsRequests: a request-based policy measured from
// incidents alone read no request and said 100%, objective met, after an
// hour's major outage; Measure and NewMeter refuse it, naming the policy,
// and measure it once request counts are given.
func TestRequestBasedNeedsRequests(t *testing.T) {
	p := monthly()
	p.ID, p.Indicator, p.Window = "api-requests", sla.RequestBased, sla.Window{Kind: sla.Rolling, Days: 1}
	dayOpts := sla.Options{From: at("2025-03-01T00:00:00Z"), To: at("2025-03-02T00:00:00Z")}
	outage := []*rca.Incident{incident("x", imp("api", rca.MajorOutage, "2025-03-01T10:00:00Z", "2025-03-01T11:00:00Z"))}
	for _, opts := range []sla.Options{{}, {From: dayOpts.From, To: dayOpts.To}, {Requests: []sla.RequestCount{}}} {
		_, merr := sla.Measure(p, outage, opts)
		_, nerr := sla.NewMeter(p, outage, opts)
		for _, err := range []error{merr, nerr} {
			var nr *sla.NoRequestsError
			if !errors.As(err, &nr) || nr.Policy != "api-requests" {
				t.Fatalf("options %+v: %v, want a *NoRequestsError for policy api-requests", opts, err)
			}
			if want := `policy "api-requests" is request based: its availability comes from request counts, not from incidents, and none were given (sla.Options.Requests`; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("message %q, want it to start %q", err, want)
			}
		}
	}
	// 12 five-minute intervals of the day's 288 fail every request: 100 ×
	// (1 − 12/288) = 95.833333%.
	opts := sla.Options{From: dayOpts.From, To: dayOpts.To}
	for k := range 12 {
		opts.Requests = append(opts.Requests, sla.RequestCount{Start: at("2025-03-01T10:00:00Z").Add(time.Duration(k) * 5 * time.Minute), Total: 10, Failed: 10})
	}
	rs, err := sla.Measure(p, outage, opts)
	if err != nil || len(rs) != 1 {
		t.Fatalf("Measure with request counts = %v, %v", rs, err)
	}
	if got := rs[0].AvailabilityAt(6).String(); got != "95.833333" || rs[0].Met {
		t.Errorf("availability %s, met %v; want 95.833333, not met", got, rs[0].Met)
	}
}
