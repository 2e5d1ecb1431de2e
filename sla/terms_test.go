package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// intervalSummary is a DownInterval as strings, for comparing.
type intervalSummary struct {
	Start, End string
	Down       time.Duration
}

func summarizeIntervals(ivs []sla.DownInterval) []intervalSummary {
	var out []intervalSummary
	for _, iv := range ivs {
		out = append(out, intervalSummary{iv.Start.UTC().Format(time.RFC3339), iv.End.UTC().Format(time.RFC3339), iv.Down})
	}
	return out
}

// TestCountingTerms checks the counting terms contracts write: floor each
// span to whole minutes, fixed intervals counted by a rule, the clock-hour
// threshold. Every expected figure is worked out by hand in the case's
// name or comment, not read back from the implementation.
func TestCountingTerms(t *testing.T) {
	april := sla.Options{From: at("2025-04-01T00:00:00Z"), To: at("2025-05-01T00:00:00Z")}
	day := sla.Options{From: at("2025-03-01T00:00:00Z"), To: at("2025-03-02T00:00:00Z")}
	policy := func(f func(p *sla.Policy)) *sla.Policy {
		p := monthly()
		f(p)
		return p
	}
	oneDay := sla.Window{Kind: sla.Rolling, Days: 1}
	hourRule := sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan, Threshold: 6 * time.Minute}
	ec2Hours := []rca.Impact{
		imp("i", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T10:07:00Z"), // 7m in 10:00: counts
		imp("i", rca.MajorOutage, "2025-04-15T11:55:00Z", "2025-04-15T12:04:00Z"), // 5m in 11:00, 4m in 12:00: neither
		imp("i", rca.MajorOutage, "2025-04-15T13:30:00Z", "2025-04-15T13:36:00Z"), // exactly 6m: not more than 6m
		imp("i", rca.MajorOutage, "2025-04-15T14:10:00Z", "2025-04-15T14:14:00Z"), // 4m + 3m = 7m in 14:00: counts
		imp("i", rca.MajorOutage, "2025-04-15T14:40:00Z", "2025-04-15T14:43:00Z"),
	}

	tests := []struct {
		name      string
		policy    *sla.Policy
		impacts   []rca.Impact
		opts      sla.Options
		downtime  time.Duration
		weighted  string // seconds
		avail     string // AvailabilityAt(6)
		intervals []intervalSummary
	}{
		{
			name: "floor minutes: 5m30s major then 10m45s partial at 0.3 count 5m + 10m = 300 + 0.3 × 600 = 480 s of 86,400",
			policy: policy(func(p *sla.Policy) {
				p.Window, p.Weights, p.Granularity = oneDay, statuspageWeights(), sla.FloorMinutes
			}),
			impacts: []rca.Impact{
				imp("api", rca.MajorOutage, "2025-03-01T10:00:00Z", "2025-03-01T10:05:30Z"),
				imp("api", rca.PartialOutage, "2025-03-01T10:05:30Z", "2025-03-01T10:16:15Z"),
			},
			opts: day, downtime: 15 * time.Minute, weighted: "480", avail: "99.444444", // 85,920 ÷ 86,400
		},
		{
			name:    "floor minutes: a 59-second blip counts nothing",
			policy:  policy(func(p *sla.Policy) { p.Window, p.Granularity = oneDay, sla.FloorMinutes }),
			impacts: []rca.Impact{imp("api", rca.MajorOutage, "2025-03-01T10:00:00Z", "2025-03-01T10:00:59Z")},
			opts:    day, downtime: 0, weighted: "0", avail: "100.000000",
		},
		{
			name:   "floor minutes: two impacts at one weight that touch are one span of 1m30s, counted 1m",
			policy: policy(func(p *sla.Policy) { p.Window, p.Granularity = oneDay, sla.FloorMinutes }),
			impacts: []rca.Impact{
				imp("api", rca.MajorOutage, "2025-03-01T10:00:00Z", "2025-03-01T10:00:40Z"),
				imp("web", rca.MajorOutage, "2025-03-01T10:00:40Z", "2025-03-01T10:01:30Z"),
			},
			opts: day, downtime: time.Minute, weighted: "60", avail: "99.930556", // 86,340 ÷ 86,400
		},
		{
			name: "5-minute intervals with any downtime (DigitalOcean): 10:02–10:13 touches 10:00, 10:05 and 10:10: 15 of 43,200 minutes",
			policy: policy(func(p *sla.Policy) {
				p.Objective, p.Intervals = dec("99.99"), sla.IntervalRule{Length: 5 * time.Minute}
			}),
			impacts: []rca.Impact{imp("droplet", rca.MajorOutage, "2025-04-15T10:02:00Z", "2025-04-15T10:13:00Z")},
			opts:    april, downtime: 15 * time.Minute, weighted: "900", avail: "99.965278", // 43,185 ÷ 43,200
			intervals: []intervalSummary{
				{"2025-04-15T10:00:00Z", "2025-04-15T10:05:00Z", 3 * time.Minute},
				{"2025-04-15T10:05:00Z", "2025-04-15T10:10:00Z", 5 * time.Minute},
				{"2025-04-15T10:10:00Z", "2025-04-15T10:15:00Z", 3 * time.Minute},
			},
		},
		{
			name: "5-minute intervals after a 5-minute minimum downtime period: the 4-minute run is dropped, the 6-minute one touches two intervals",
			policy: policy(func(p *sla.Policy) {
				p.MinDowntime, p.Intervals = 5*time.Minute, sla.IntervalRule{Length: 5 * time.Minute}
			}),
			impacts: []rca.Impact{
				imp("droplet", rca.MajorOutage, "2025-04-15T09:00:00Z", "2025-04-15T09:04:00Z"),
				imp("droplet", rca.MajorOutage, "2025-04-15T10:02:00Z", "2025-04-15T10:08:00Z"),
			},
			opts: april, downtime: 10 * time.Minute, weighted: "600", avail: "99.976852", // 43,190 ÷ 43,200
			intervals: []intervalSummary{
				{"2025-04-15T10:00:00Z", "2025-04-15T10:05:00Z", 3 * time.Minute},
				{"2025-04-15T10:05:00Z", "2025-04-15T10:10:00Z", 3 * time.Minute},
			},
		},
		{
			name: "5-minute intervals down throughout: of 10:02–10:13 only 10:05–10:10 counts",
			policy: policy(func(p *sla.Policy) {
				p.Intervals = sla.IntervalRule{Length: 5 * time.Minute, CountWhen: sla.AllDowntime}
			}),
			impacts: []rca.Impact{imp("droplet", rca.MajorOutage, "2025-04-15T10:02:00Z", "2025-04-15T10:13:00Z")},
			opts:    april, downtime: 5 * time.Minute, weighted: "300", avail: "99.988426", // 43,195 ÷ 43,200
			intervals: []intervalSummary{{"2025-04-15T10:05:00Z", "2025-04-15T10:10:00Z", 5 * time.Minute}},
		},
		{
			name: "a minute counts when more than 5% of it (3 s) is down: 10:00:56–10:02:04 has 4 s, 60 s and 4 s: 3 minutes",
			policy: policy(func(p *sla.Policy) {
				p.Intervals = sla.IntervalRule{Length: time.Minute, CountWhen: sla.MoreThan, Threshold: 3 * time.Second}
			}),
			impacts: []rca.Impact{imp("jira", rca.MajorOutage, "2025-04-15T10:00:56Z", "2025-04-15T10:02:04Z")},
			opts:    april, downtime: 3 * time.Minute, weighted: "180", avail: "99.993056", // 43,197 ÷ 43,200
			intervals: []intervalSummary{
				{"2025-04-15T10:00:00Z", "2025-04-15T10:01:00Z", 4 * time.Second},
				{"2025-04-15T10:01:00Z", "2025-04-15T10:02:00Z", time.Minute},
				{"2025-04-15T10:02:00Z", "2025-04-15T10:03:00Z", 4 * time.Second},
			},
		},
		{
			name: "at least 3 s of a minute: 10:00:57–10:01:02 has 3 s and 2 s: 1 minute",
			policy: policy(func(p *sla.Policy) {
				p.Intervals = sla.IntervalRule{Length: time.Minute, CountWhen: sla.AtLeast, Threshold: 3 * time.Second}
			}),
			impacts: []rca.Impact{imp("jira", rca.MajorOutage, "2025-04-15T10:00:57Z", "2025-04-15T10:01:02Z")},
			opts:    april, downtime: time.Minute, weighted: "60", avail: "99.997685", // 43,199 ÷ 43,200
			intervals: []intervalSummary{{"2025-04-15T10:00:00Z", "2025-04-15T10:01:00Z", 3 * time.Second}},
		},
		{
			name:    "clock hours with more than six minutes down count whole: 10:00 (7m) and 14:00 (4m + 3m); 11:00, 12:00 and 13:00 (exactly 6m) do not",
			policy:  policy(func(p *sla.Policy) { p.Objective, p.Intervals = dec("99.5"), hourRule }),
			impacts: ec2Hours,
			opts:    april, downtime: 2 * time.Hour, weighted: "7200", avail: "99.722222", // 718 ÷ 720 hours
			intervals: []intervalSummary{
				{"2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z", 7 * time.Minute},
				{"2025-04-15T14:00:00Z", "2025-04-15T15:00:00Z", 7 * time.Minute},
			},
		},
		{
			name: "count only (EC2 instance level): the month keeps its 29 minutes (7 + 9 + 6 + 7) and the two qualifying clock hours are listed",
			policy: policy(func(p *sla.Policy) {
				p.Objective, p.Intervals = dec("99.5"), hourRule
				p.Intervals.CountOnly = true
			}),
			impacts: ec2Hours,
			opts:    april, downtime: 29 * time.Minute, weighted: "1740", avail: "99.932870", // 43,171 ÷ 43,200
			intervals: []intervalSummary{
				{"2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z", 7 * time.Minute},
				{"2025-04-15T14:00:00Z", "2025-04-15T15:00:00Z", 7 * time.Minute},
			},
		},
		{
			name: "a qualifying interval counts at its heaviest weight: 10 s major and 4m50s partial at 0.3 count 5 minutes at 1",
			policy: policy(func(p *sla.Policy) {
				p.Weights, p.Intervals = statuspageWeights(), sla.IntervalRule{Length: 5 * time.Minute}
			}),
			impacts: []rca.Impact{
				imp("api", rca.PartialOutage, "2025-04-15T10:00:00Z", "2025-04-15T10:04:50Z"),
				imp("api", rca.MajorOutage, "2025-04-15T10:04:50Z", "2025-04-15T10:05:00Z"),
			},
			opts: april, downtime: 5 * time.Minute, weighted: "300", avail: "99.988426",
			intervals: []intervalSummary{{"2025-04-15T10:00:00Z", "2025-04-15T10:05:00Z", 5 * time.Minute}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := sla.Measure(tt.policy, []*rca.Incident{incident("x", tt.impacts...)}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 {
				t.Fatalf("%d windows, want 1", len(rs))
			}
			r := rs[0]
			check(t, &r)
			got := []any{r.Downtime, r.Weighted.String(), r.AvailabilityAt(6).StringFixed(6)}
			if diff := cmp.Diff([]any{tt.downtime, tt.weighted, tt.avail}, got); diff != "" {
				t.Errorf("downtime, weighted, availability (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.intervals, summarizeIntervals(r.DownIntervals)); diff != "" {
				t.Errorf("down intervals (-want +got):\n%s", diff)
			}
			if want := tt.policy.Intervals.Length; r.IntervalLength != want {
				t.Errorf("IntervalLength = %s, want %s", r.IntervalLength, want)
			}
		})
	}
}

// TestIntervalsAreClockHoursOfTheZone: hour-long intervals start at the
// window's start, midnight in the policy's zone, so in Asia/Kolkata (UTC
// +05:30) they are the half-hours of UTC. 04:27–04:34 UTC is 7 minutes of
// the UTC hour 04:00 but only 3 and 4 minutes of the Kolkata hours 09:00
// and 10:00.
func TestIntervalsAreClockHoursOfTheZone(t *testing.T) {
	inc := incident("x", imp("i", rca.MajorOutage, "2025-04-10T04:27:00Z", "2025-04-10T04:34:00Z"))
	for _, tc := range []struct {
		zone string
		want int
	}{{"UTC", 1}, {"Asia/Kolkata", 0}} {
		p := monthly()
		p.Window.Zone = zone(t, tc.zone)
		p.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan, Threshold: 6 * time.Minute, CountOnly: true}
		rs, err := sla.Measure(p, []*rca.Incident{inc}, sla.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(rs[0].DownIntervals); got != tc.want {
			t.Errorf("%s: %d qualifying hours, want %d", tc.zone, got, tc.want)
		}
	}
}

// TestDownIntervalsOfActiveRange: a resource active from 12:00 only has the
// qualifying hours that overlap its active range, in Active, the counts and
// Measure alike.
func TestDownIntervalsOfActiveRange(t *testing.T) {
	p := monthly()
	p.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan, Threshold: 6 * time.Minute, CountOnly: true}
	incs := []*rca.Incident{incident("x",
		imp("i", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T10:07:00Z"),
		imp("i", rca.MajorOutage, "2025-04-15T14:10:00Z", "2025-04-15T14:20:00Z"),
	)}
	from := at("2025-04-15T12:00:00Z")
	m, err := sla.NewMeter(p, incs, sla.Options{})
	if err != nil {
		t.Fatal(err)
	}
	direct, err := sla.Measure(p, incs, sla.Options{ActiveFrom: from})
	if err != nil {
		t.Fatal(err)
	}
	want := []intervalSummary{{"2025-04-15T14:00:00Z", "2025-04-15T15:00:00Z", 10 * time.Minute}}
	if diff := cmp.Diff(want, summarizeIntervals(m.Active(0, from, time.Time{}).DownIntervals)); diff != "" {
		t.Errorf("Active (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, summarizeIntervals(direct[0].DownIntervals)); diff != "" {
		t.Errorf("Measure (-want +got):\n%s", diff)
	}
	if got := counts.Of(m).Counts(0, from, time.Time{}).DownIntervals; got != 1 {
		t.Errorf("Counts.DownIntervals = %d, want 1", got)
	}
	if got := counts.Of(m).Counts(0, time.Time{}, time.Time{}).DownIntervals; got != 2 {
		t.Errorf("Counts.DownIntervals of the whole window = %d, want 2", got)
	}
}

// TestMaintenanceAllowance: scheduled maintenance is excluded up to the
// allowance of its calendar period (Slack: 10 hours a year, 48 hours'
// notice); beyond it, it is downtime at full weight.
func TestMaintenanceAllowance(t *testing.T) {
	slack := func(allowance time.Duration, per sla.AllowancePeriod) *sla.Policy {
		p := monthly()
		p.Objective = dec("99.99")
		p.Window.Kind = sla.Quarter
		p.Maintenance = sla.MaintenanceRule{MinNotice: 48 * time.Hour, Allowance: allowance, AllowancePer: per}
		return p
	}
	maint := func(start, end, announced, reason string) sla.Exclusion {
		return sla.Exclusion{Start: at(start), End: at(end), Announced: at(announced), Maintenance: true, Reason: reason}
	}
	february := maint("2024-02-10T02:00:00Z", "2024-02-10T08:00:00Z", "2024-02-07T00:00:00Z", "database upgrade")
	may := maint("2024-05-11T02:00:00Z", "2024-05-11T08:00:00Z", "2024-05-08T00:00:00Z", "network upgrade")
	q2 := sla.Options{From: at("2024-04-01T00:00:00Z"), To: at("2024-07-01T00:00:00Z")}
	type spanSummary struct {
		Start, End string
		Over       bool
	}
	tests := []struct {
		name     string
		policy   *sla.Policy
		excl     []sla.Exclusion
		impacts  []rca.Impact
		opts     sla.Options
		excluded time.Duration
		downtime time.Duration
		avail    string
		spans    []spanSummary
	}{
		{
			name:   "February uses 6 of the 10 hours; May's 6 hours: 4 excluded, the last 2 are downtime: 120 of 131,040 minutes in Q2",
			policy: slack(10*time.Hour, sla.PerYear), excl: []sla.Exclusion{february, may}, opts: q2,
			excluded: 4 * time.Hour, downtime: 2 * time.Hour, avail: "99.908425", // 130,920 ÷ 131,040
			spans: []spanSummary{{"2024-05-11T06:00:00Z", "2024-05-11T08:00:00Z", true}},
		},
		{
			name:   "a quarterly allowance renews on April 1: May's 6 hours are all excluded",
			policy: slack(10*time.Hour, sla.PerQuarter), excl: []sla.Exclusion{february, may}, opts: q2,
			excluded: 6 * time.Hour, downtime: 0, avail: "100.000000",
		},
		{
			name:   "maintenance announced too late is not excluded and uses no allowance, but is downtime only where impacts say so",
			policy: slack(10*time.Hour, sla.PerYear),
			excl:   []sla.Exclusion{maint("2024-02-10T02:00:00Z", "2024-02-10T08:00:00Z", "2024-02-09T00:00:00Z", "late"), may},
			opts:   q2, excluded: 6 * time.Hour, downtime: 0, avail: "100.000000",
		},
		{
			name:    "an outage during maintenance over the allowance: the maintenance counts, then the outage after it",
			policy:  slack(10*time.Hour, sla.PerYear),
			excl:    []sla.Exclusion{february, may},
			impacts: []rca.Impact{imp("slack", rca.MajorOutage, "2024-05-11T07:00:00Z", "2024-05-11T09:00:00Z")},
			opts:    q2, excluded: 4 * time.Hour, downtime: 3 * time.Hour, avail: "99.862637", // 130,860 ÷ 131,040
			spans: []spanSummary{
				{"2024-05-11T06:00:00Z", "2024-05-11T08:00:00Z", true},
				{"2024-05-11T08:00:00Z", "2024-05-11T09:00:00Z", false},
			},
		},
		{
			name:   "maintenance across New Year uses each year's allowance: 2 h a year, 4 h each side of midnight: 2 h over in Q1 2025",
			policy: slack(2*time.Hour, sla.PerYear),
			excl:   []sla.Exclusion{maint("2024-12-31T20:00:00Z", "2025-01-01T04:00:00Z", "2024-12-01T00:00:00Z", "")},
			opts:   sla.Options{From: at("2025-01-01T00:00:00Z"), To: at("2025-04-01T00:00:00Z")},
			// Q1 2025 is 90 days, 129,600 minutes; 02:00–04:00 is over.
			excluded: 2 * time.Hour, downtime: 2 * time.Hour, avail: "99.907407", // 129,480 ÷ 129,600
			spans: []spanSummary{{"2025-01-01T02:00:00Z", "2025-01-01T04:00:00Z", true}},
		},
		{
			name:   "overlapping maintenance counts once: 02:00–08:00 and 05:00–09:00 are 7 h, 3 over a 4-hour allowance, one span",
			policy: slack(4*time.Hour, sla.PerYear),
			excl: []sla.Exclusion{
				maint("2024-05-11T02:00:00Z", "2024-05-11T08:00:00Z", "2024-05-01T00:00:00Z", "first"),
				maint("2024-05-11T05:00:00Z", "2024-05-11T09:00:00Z", "2024-05-01T00:00:00Z", "second"),
			},
			opts: q2, excluded: 4 * time.Hour, downtime: 3 * time.Hour, avail: "99.862637",
			spans: []spanSummary{{"2024-05-11T06:00:00Z", "2024-05-11T09:00:00Z", true}},
		},
		{
			name:   "time another exclusion covers uses no allowance: of May's 6 h, 2 are excluded anyway, the other 4 fit",
			policy: slack(10*time.Hour, sla.PerYear),
			excl: []sla.Exclusion{february, may,
				{Start: at("2024-05-11T02:00:00Z"), End: at("2024-05-11T04:00:00Z"), Reason: "provider outage"}},
			opts: q2, excluded: 6 * time.Hour, downtime: 0, avail: "100.000000",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.policy.Exclusions = tt.excl
			rs, err := sla.Measure(tt.policy, []*rca.Incident{incident("x", tt.impacts...)}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 {
				t.Fatalf("%d windows, want 1", len(rs))
			}
			r := rs[0]
			check(t, &r)
			got := []any{r.Excluded, r.Downtime, r.AvailabilityAt(6).StringFixed(6)}
			if diff := cmp.Diff([]any{tt.excluded, tt.downtime, tt.avail}, got); diff != "" {
				t.Errorf("excluded, downtime, availability (-want +got):\n%s", diff)
			}
			var spans []spanSummary
			for _, s := range r.Spans {
				spans = append(spans, spanSummary{s.Start.UTC().Format(time.RFC3339), s.End.UTC().Format(time.RFC3339), s.OverAllowance})
			}
			if diff := cmp.Diff(tt.spans, spans); diff != "" {
				t.Errorf("spans (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateCountingTerms: a bad combination of the counting terms is a
// problem at its field path.
func TestValidateCountingTerms(t *testing.T) {
	tests := []struct {
		name   string
		modify func(p *sla.Policy)
		want   []string
	}{
		{"clock hours with a threshold are fine", func(p *sla.Policy) {
			p.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan, Threshold: 6 * time.Minute, CountOnly: true}
		}, nil},
		{"floor minutes and an allowance are fine", func(p *sla.Policy) {
			p.Granularity, p.Maintenance = sla.FloorMinutes, sla.MaintenanceRule{Allowance: 10 * time.Hour, AllowancePer: sla.PerQuarter}
		}, nil},
		{"an interval rule without a length", func(p *sla.Policy) { p.Intervals = sla.IntervalRule{CountWhen: sla.AllDowntime} },
			[]string{"intervals.length: missing: an interval rule needs the length of its intervals"}},
		{"count only without a length", func(p *sla.Policy) { p.Intervals.CountOnly = true },
			[]string{"intervals.length: missing: an interval rule needs the length of its intervals"}},
		{"intervals shorter than a minute", func(p *sla.Policy) { p.Intervals.Length = 30 * time.Second },
			[]string{`intervals.length: "30s" is shorter than 1m`}},
		{"negative interval length and threshold", func(p *sla.Policy) {
			p.Intervals = sla.IntervalRule{Length: -time.Hour, CountWhen: sla.MoreThan, Threshold: -time.Minute}
		}, []string{`intervals.threshold: "-1m0s" is negative`, `intervals.length: "-1h0m0s" is negative`}},
		{"a threshold on a rule that has none", func(p *sla.Policy) { p.Intervals = sla.IntervalRule{Length: time.Hour, Threshold: time.Minute} },
			[]string{`intervals.threshold: only more_than and at_least have a threshold (count_when is "any")`}},
		{"more_than without a threshold", func(p *sla.Policy) { p.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan} },
			[]string{`intervals.threshold: missing: count_when "more_than" needs a threshold`}},
		{"more than the whole interval", func(p *sla.Policy) {
			p.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan, Threshold: time.Hour}
		}, []string{`intervals.threshold: "1h0m0s": no interval of 1h0m0s has more than that down`}},
		{"at least more than the whole interval", func(p *sla.Policy) {
			p.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: sla.AtLeast, Threshold: 61 * time.Minute}
		}, []string{`intervals.threshold: "1h1m0s": no interval of 1h0m0s has that much down`}},
		{"at least the whole interval is fine", func(p *sla.Policy) {
			p.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: sla.AtLeast, Threshold: time.Hour}
		}, nil},
		{"intervals on a request-based policy", func(p *sla.Policy) {
			p.Indicator, p.Intervals = sla.RequestBased, sla.IntervalRule{Length: 5 * time.Minute}
		}, []string{"intervals: a request-based policy has its own intervals (requests.interval); interval rules count time-based downtime"}},
		{"unknown interval rule", func(p *sla.Policy) { p.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: 9} },
			[]string{`intervals.count_when: unknown value "sla.IntervalCount(9)"`}},
		{"negative allowance", func(p *sla.Policy) { p.Maintenance.Allowance = -time.Hour },
			[]string{`maintenance.allowance: "-1h0m0s" is negative`}},
		{"allowance period without an allowance", func(p *sla.Policy) { p.Maintenance.AllowancePer = sla.PerMonth },
			[]string{"maintenance.allowance_per: set without maintenance.allowance"}},
		{"unknown allowance period", func(p *sla.Policy) { p.Maintenance = sla.MaintenanceRule{Allowance: time.Hour, AllowancePer: 7} },
			[]string{`maintenance.allowance_per: unknown value "sla.AllowancePeriod(7)"`}},
		{"allowance on a request-based policy", func(p *sla.Policy) {
			p.Indicator, p.Maintenance.Allowance = sla.RequestBased, time.Hour
		}, []string{"maintenance.allowance: a request-based policy counts no maintenance as downtime"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := monthly()
			tt.modify(p)
			if diff := cmp.Diff(tt.want, problems(p.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadCountingTerms reads the terms from a file and locates a bad one
// by line and column.
func TestLoadCountingTerms(t *testing.T) {
	p, err := sla.Load("ec2.yaml", []byte(`id: ec2
version: "2022-05-25"
source: https://aws.amazon.com/compute/sla/
objective: "99.5"
granularity: floor_minutes
intervals:
  length: 1h
  count_when: more_than
  threshold: 6m
  count_only: true
maintenance:
  minimum_notice: 48h
  allowance: 10h
  allowance_per: quarter
`))
	if err != nil {
		t.Fatal(err)
	}
	want := sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan, Threshold: 6 * time.Minute, CountOnly: true}
	got := []any{p.Source, p.Granularity, p.Intervals, p.Maintenance}
	if diff := cmp.Diff([]any{"https://aws.amazon.com/compute/sla/", sla.FloorMinutes, want,
		sla.MaintenanceRule{MinNotice: 48 * time.Hour, Allowance: 10 * time.Hour, AllowancePer: sla.PerQuarter}}, got); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}
	_, err = sla.Load("bad.yaml", []byte(`id: x
objective: "99.9"
intervals:
  length: 5m
  count_when: more_than
  threshold: 5m
`))
	if diff := cmp.Diff([]string{`bad.yaml:6:3: intervals.threshold: "5m0s": no interval of 5m0s has more than that down`}, problems(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestRequestDowntimeThreshold: with requests.downtime_above, an interval
// whose error rate is above the threshold is downtime and the others are
// up (Atlassian: "a Downtime Minute occurs when the Error Rate in a given
// minute is greater than 5%"). Of April's 43,200 minutes, 10% and 6% are
// above 5%; 1% and exactly 5% are not: 100 × (1 − 2 ÷ 43,200) = 99.995370%.
func TestRequestDowntimeThreshold(t *testing.T) {
	p := monthly()
	p.Indicator = sla.RequestBased
	p.Requests = sla.RequestRule{Interval: time.Minute, DowntimeAbove: dec("5")}
	minute := func(s string, failed int64) sla.RequestCount {
		return sla.RequestCount{Start: at(s), Total: 100, Failed: failed}
	}
	rs, err := sla.Measure(p, nil, sla.Options{From: at("2025-04-01T00:00:00Z"), To: at("2025-05-01T00:00:00Z"), Requests: []sla.RequestCount{
		minute("2025-04-15T10:00:00Z", 10), minute("2025-04-15T10:01:00Z", 1),
		minute("2025-04-15T10:02:00Z", 5), minute("2025-04-15T10:03:30Z", 6),
	}})
	if err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	q := r.Requests
	got := []any{r.AvailabilityAt(6).StringFixed(6), q.DownIntervals, q.Intervals, q.MeanErrorNum.String() + "/" + q.MeanErrorDen.String(), r.Weighted.String()}
	if diff := cmp.Diff([]any{"99.995370", int64(2), int64(43200), "1/21600", "120"}, got); diff != "" {
		t.Errorf("availability, down intervals, intervals, share, weighted (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"100", "-1"} {
		p.Requests.DowntimeAbove = dec(bad)
		want := []string{`requests.downtime_above: "` + bad + `" is not an error rate in [0, 100) percent`}
		if diff := cmp.Diff(want, problems(p.Validate())); diff != "" {
			t.Errorf("downtime_above %s (-want +got):\n%s", bad, diff)
		}
	}
}
