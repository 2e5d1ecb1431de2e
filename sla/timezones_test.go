package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestMeasureTimeZones measures outages across the calendar's irregular
// spots, as Measure results: windows are real lengths in their zone (a
// month the clocks spring forward in is shorter, one they fall back in
// longer, by 30 minutes on Lord Howe Island), leap days count, a zone at
// UTC+14 starts its year 14 hours before UTC (and Kiritimati skipped 31
// December 1994 altogether), quarter and year windows add up their months,
// and an outage across a window boundary (a year end) is split, each part
// judged on its own. The expected availabilities were computed apart from
// this package, as exact fractions rounded half-up.
func TestMeasureTimeZones(t *testing.T) {
	ny, london, lordHowe, kiritimati := zone(t, "America/New_York"), zone(t, "Europe/London"), zone(t, "Australia/Lord_Howe"), zone(t, "Pacific/Kiritimati")
	asuncion := zone(t, "America/Asuncion")
	const h = time.Hour
	type window struct {
		Start, End string // RFC 3339 in the window's zone
		Length     time.Duration
		Downtime   time.Duration
		Available  string // AvailabilityAt(6)
		Met        bool
	}
	tests := []struct {
		name      string
		kind      sla.WindowKind
		zone      *time.Location
		objective string
		start     string // the outage, RFC 3339
		end       string
		want      []window
	}{
		{
			name: "New York, March 2024: clocks spring forward, a month of 743 h and an hour-long outage from 01:30 EST to 03:30 EDT",
			kind: sla.Month, zone: ny, start: "2024-03-10T01:30:00-05:00", end: "2024-03-10T03:30:00-04:00",
			want: []window{{"2024-03-01T00:00:00-05:00", "2024-04-01T00:00:00-04:00", 743 * h, h, "99.865410", false}},
		},
		{
			name: "New York, November 2024: clocks fall back, a month of 721 h and an hour between the two 01:30s",
			kind: sla.Month, zone: ny, start: "2024-11-03T01:30:00-04:00", end: "2024-11-03T01:30:00-05:00",
			want: []window{{"2024-11-01T00:00:00-04:00", "2024-12-01T00:00:00-05:00", 721 * h, h, "99.861304", false}},
		},
		{
			name: "London, March 2024: 743 h, an hour from 00:30 GMT to 02:30 BST",
			kind: sla.Month, zone: london, start: "2024-03-31T00:30:00Z", end: "2024-03-31T02:30:00+01:00",
			want: []window{{"2024-03-01T00:00:00Z", "2024-04-01T00:00:00+01:00", 743 * h, h, "99.865410", false}},
		},
		{
			name: "London, October 2024: 745 h, an hour between the two 01:30s",
			kind: sla.Month, zone: london, start: "2024-10-27T01:30:00+01:00", end: "2024-10-27T01:30:00Z",
			want: []window{{"2024-10-01T00:00:00+01:00", "2024-11-01T00:00:00Z", 745 * h, h, "99.865772", false}},
		},
		{
			name: "Lord Howe, October 2024: clocks spring forward 30 minutes, a month of 743.5 h, 01:45 to 02:45 is 30 minutes",
			kind: sla.Month, zone: lordHowe, start: "2024-10-06T01:45:00+10:30", end: "2024-10-06T02:45:00+11:00",
			want: []window{{"2024-10-01T00:00:00+10:30", "2024-11-01T00:00:00+11:00", 743*h + 30*time.Minute, 30 * time.Minute, "99.932751", true}},
		},
		{
			name: "Lord Howe, April 2024: clocks fall back 30 minutes, a month of 720.5 h, 30 minutes between the two 01:45s",
			kind: sla.Month, zone: lordHowe, start: "2024-04-07T01:45:00+11:00", end: "2024-04-07T01:45:00+10:30",
			want: []window{{"2024-04-01T00:00:00+11:00", "2024-05-01T00:00:00+10:30", 720*h + 30*time.Minute, 30 * time.Minute, "99.930604", true}},
		},
		{
			name: "leap year: February 2024 is 696 h; an outage from 28 February 23:00 to 1 March 01:00 is 25 h in February, 1 h in March",
			kind: sla.Month, start: "2024-02-28T23:00:00Z", end: "2024-03-01T01:00:00Z",
			want: []window{
				{"2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", 696 * h, 25 * h, "96.408046", false},
				{"2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", 744 * h, h, "99.865591", false},
			},
		},
		{
			name: "common year: February 2023 is 672 h",
			kind: sla.Month, start: "2023-02-28T23:00:00Z", end: "2023-03-01T01:00:00Z",
			want: []window{
				{"2023-02-01T00:00:00Z", "2023-03-01T00:00:00Z", 672 * h, h, "99.851190", false},
				{"2023-03-01T00:00:00Z", "2023-04-01T00:00:00Z", 744 * h, h, "99.865591", false},
			},
		},
		{
			name: "Kiritimati, UTC+14: January 2025 begins at 10:00 UTC on 31 December, splitting an outage UTC sees on one day",
			kind: sla.Month, zone: kiritimati, start: "2024-12-31T09:00:00Z", end: "2024-12-31T11:00:00Z",
			want: []window{
				{"2024-12-01T00:00:00+14:00", "2025-01-01T00:00:00+14:00", 744 * h, h, "99.865591", false},
				{"2025-01-01T00:00:00+14:00", "2025-02-01T00:00:00+14:00", 744 * h, h, "99.865591", false},
			},
		},
		{
			name: "Kiritimati skipped 31 December 1994 (from UTC−10 to UTC+14): December 1994 is 30 days",
			kind: sla.Month, zone: kiritimati, start: "1994-12-30T12:00:00-10:00", end: "1995-01-01T12:00:00+14:00",
			want: []window{
				{"1994-12-01T00:00:00-10:00", "1995-01-01T00:00:00+14:00", 720 * h, 12 * h, "98.333333", false},
				{"1995-01-01T00:00:00+14:00", "1995-02-01T00:00:00+14:00", 744 * h, 12 * h, "98.387097", false},
			},
		},
		{
			name: "New York quarters: Q1 2024 is 91 days less the spring-forward hour, Q2 91 days",
			kind: sla.Quarter, zone: ny, start: "2024-03-31T23:00:00-04:00", end: "2024-04-01T01:00:00-04:00",
			want: []window{
				{"2024-01-01T00:00:00-05:00", "2024-04-01T00:00:00-04:00", 2183 * h, h, "99.954191", true},
				{"2024-04-01T00:00:00-04:00", "2024-07-01T00:00:00-04:00", 2184 * h, h, "99.954212", true},
			},
		},
		{
			name: "New York quarters across the year end: Q4 2024 is 92 days and the fall-back hour, Q1 2025 90 days less an hour",
			kind: sla.Quarter, zone: ny, start: "2024-12-31T23:00:00-05:00", end: "2025-01-01T01:00:00-05:00",
			want: []window{
				{"2024-10-01T00:00:00-04:00", "2025-01-01T00:00:00-05:00", 2209 * h, h, "99.954731", true},
				{"2025-01-01T00:00:00-05:00", "2025-04-01T00:00:00-04:00", 2159 * h, h, "99.953682", true},
			},
		},
		{
			name: "New York years across the year end: 2024 has 366 days, 2025 365",
			kind: sla.Year, zone: ny, start: "2024-12-31T23:00:00-05:00", end: "2025-01-01T01:00:00-05:00",
			want: []window{
				{"2024-01-01T00:00:00-05:00", "2025-01-01T00:00:00-05:00", 8784 * h, h, "99.988616", true},
				{"2025-01-01T00:00:00-05:00", "2026-01-01T00:00:00-05:00", 8760 * h, h, "99.988584", true},
			},
		},
		{
			name: "Asuncion skipped midnight on 1 October 2017 (00:00 became 01:00): October begins at 01:00 −03:00, September is 720 h, October 743 h",
			kind: sla.Month, zone: asuncion, start: "2017-09-30T23:30:00-04:00", end: "2017-10-01T01:30:00-03:00",
			want: []window{
				{"2017-09-01T00:00:00-04:00", "2017-10-01T01:00:00-03:00", 720 * h, 30 * time.Minute, "99.930556", true},
				{"2017-10-01T01:00:00-03:00", "2017-11-01T00:00:00-03:00", 743 * h, 30 * time.Minute, "99.932705", true},
			},
		},
		{
			name: "Asuncion quarters: Q4 2017 begins at 01:00 on 1 October and ends with the year, Q3 is 92 days",
			kind: sla.Quarter, zone: asuncion, start: "2017-09-30T23:30:00-04:00", end: "2017-10-01T01:30:00-03:00",
			want: []window{
				{"2017-07-01T00:00:00-04:00", "2017-10-01T01:00:00-03:00", 2208 * h, 30 * time.Minute, "99.977355", true},
				{"2017-10-01T01:00:00-03:00", "2018-01-01T00:00:00-03:00", 2207 * h, 30 * time.Minute, "99.977345", true},
			},
		},
		{
			name: "an outage across the year end in monthly windows: December misses 99.5%, January meets it, each on its own part",
			kind: sla.Month, zone: ny, objective: "99.5", start: "2024-12-31T12:00:00-05:00", end: "2025-01-01T02:00:00-05:00",
			want: []window{
				{"2024-12-01T00:00:00-05:00", "2025-01-01T00:00:00-05:00", 744 * h, 12 * h, "98.387097", false},
				{"2025-01-01T00:00:00-05:00", "2025-02-01T00:00:00-05:00", 744 * h, 2 * h, "99.731183", true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := monthly()
			p.Window = sla.Window{Kind: tt.kind, Zone: tt.zone}
			if tt.objective != "" {
				p.Objective = dec(tt.objective)
			}
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			inc := incident("x", imp("api", rca.MajorOutage, tt.start, tt.end))
			rs, err := sla.Measure(p, []*rca.Incident{inc}, sla.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []window
			for _, r := range rs {
				check(t, &r)
				got = append(got, window{r.Start.Format(time.RFC3339), r.End.Format(time.RFC3339), r.Length, r.Downtime,
					r.AvailabilityAt(6).StringFixed(6), r.Met})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("windows (-want +got):\n%s", diff)
			}
			// However the outage is split, its parts add up to it.
			var total time.Duration
			for _, w := range got {
				total += w.Downtime
			}
			if want := at(tt.end).Sub(at(tt.start)); total != want {
				t.Errorf("the windows count %v of downtime, the outage lasts %v", total, want)
			}
		})
	}
}
