package calendar

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/interval"
)

func TestDaysIn(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		want int
	}{
		{2025, time.January, 31}, {2025, time.February, 28}, {2024, time.February, 29},
		{1900, time.February, 28}, {2000, time.February, 29}, {2025, time.April, 30}, {2025, time.December, 31},
	}
	for _, tt := range tests {
		if got := DaysIn(tt.y, tt.m); got != tt.want {
			t.Errorf("DaysIn(%d, %v) = %d, want %d", tt.y, tt.m, got, tt.want)
		}
	}
}

// TestDaysInEveryMonth checks DaysIn against the last day time.Date gives
// every month of years -1000 to 3000, leap years and centuries included.
func TestDaysInEveryMonth(t *testing.T) {
	for y := -1000; y <= 3000; y++ {
		for m := time.Month(0); m <= 13; m++ {
			if got, want := DaysIn(y, m), time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("DaysIn(%d, %d) = %d, want %d", y, m, got, want)
			}
		}
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		name string
		y    int
		m    time.Month
		d    int
		want string
	}{
		{"plain", 2025, time.March, 15, "2025-03-15"},
		{"31st of February clamps", 2025, time.February, 31, "2025-02-28"},
		{"31st of February in a leap year", 2024, time.February, 31, "2024-02-29"},
		{"30th of April stays", 2025, time.April, 30, "2025-04-30"},
		{"month 13 is next January", 2024, 13, 31, "2025-01-31"},
		{"month 14 is next February", 2024, 14, 31, "2025-02-28"},
		{"month 0 is last December", 2025, 0, 31, "2024-12-31"},
		{"month -10 is February two years back", 2025, -10, 30, "2024-02-29"},
		{"day 0 clamps to 1", 2025, time.May, 0, "2025-05-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Date(tt.y, tt.m, tt.d, time.UTC)
			if got.Format(time.DateTime) != tt.want+" 00:00:00" {
				t.Errorf("Date(%d, %d, %d) = %v, want %s", tt.y, tt.m, tt.d, got, tt.want)
			}
		})
	}
}

// TestWindowsAcrossZones checks the start and length of calendar windows in
// zones with daylight saving time (an hour, or half an hour on Lord Howe
// Island), a leap day, and UTC+14.
func TestWindowsAcrossZones(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	london := mustZone(t, "Europe/London")
	lordHowe := mustZone(t, "Australia/Lord_Howe")
	kiritimati := mustZone(t, "Pacific/Kiritimati")
	h := time.Hour
	tests := []struct {
		name      string
		months    int
		loc       *time.Location
		at        time.Time
		wantStart time.Time // in UTC
		want      time.Duration
	}{
		{"New York March loses an hour", 1, ny, time.Date(2014, 3, 31, 23, 59, 0, 0, ny), time.Date(2014, 3, 1, 5, 0, 0, 0, time.UTC), 743 * h},
		{"New York November gains an hour", 1, ny, time.Date(2014, 11, 1, 0, 0, 0, 0, ny), time.Date(2014, 11, 1, 4, 0, 0, 0, time.UTC), 721 * h},
		{"New York April of the seed", 1, ny, time.Date(2014, 4, 18, 10, 32, 0, 0, ny), time.Date(2014, 4, 1, 4, 0, 0, 0, time.UTC), 720 * h},
		{"an instant in UTC that is still the previous month in New York", 1, ny, time.Date(2014, 5, 1, 3, 0, 0, 0, time.UTC), time.Date(2014, 4, 1, 4, 0, 0, 0, time.UTC), 720 * h},
		{"London March loses an hour", 1, london, time.Date(2025, 3, 30, 12, 0, 0, 0, london), time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), 743 * h},
		{"London October gains an hour", 1, london, time.Date(2025, 10, 26, 12, 0, 0, 0, london), time.Date(2025, 9, 30, 23, 0, 0, 0, time.UTC), 745 * h},
		{"Lord Howe October loses half an hour", 1, lordHowe, time.Date(2025, 10, 15, 0, 0, 0, 0, lordHowe), time.Date(2025, 9, 30, 13, 30, 0, 0, time.UTC), 743*h + 30*time.Minute},
		{"Lord Howe April gains half an hour", 1, lordHowe, time.Date(2025, 4, 15, 0, 0, 0, 0, lordHowe), time.Date(2025, 3, 31, 13, 0, 0, 0, time.UTC), 720*h + 30*time.Minute},
		{"leap February", 1, time.UTC, time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC), time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), 696 * h},
		{"common February", 1, time.UTC, time.Date(2025, 2, 14, 0, 0, 0, 0, time.UTC), time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), 672 * h},
		{"UTC+14 January starts the day before in UTC", 1, kiritimati, time.Date(2025, 1, 1, 0, 0, 0, 0, kiritimati), time.Date(2024, 12, 31, 10, 0, 0, 0, time.UTC), 744 * h},
		{"UTC+14 December 1994 lost its last day", 1, kiritimati, time.Date(1994, 12, 15, 0, 0, 0, 0, kiritimati), time.Date(1994, 12, 1, 10, 0, 0, 0, time.UTC), 720 * h},
		{"New York Q1 loses an hour", 3, ny, time.Date(2014, 2, 1, 0, 0, 0, 0, ny), time.Date(2014, 1, 1, 5, 0, 0, 0, time.UTC), 2159 * h},
		{"New York Q4 gains an hour", 3, ny, time.Date(2014, 12, 31, 23, 0, 0, 0, ny), time.Date(2014, 10, 1, 4, 0, 0, 0, time.UTC), 2209 * h},
		{"Q2 UTC", 3, time.UTC, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), 91 * 24 * h},
		{"half year", 6, time.UTC, time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), 184 * 24 * h},
		{"New York year: the two changes cancel", 12, ny, time.Date(2014, 7, 4, 0, 0, 0, 0, ny), time.Date(2014, 1, 1, 5, 0, 0, 0, time.UTC), 365 * 24 * h},
		{"leap year UTC", 12, time.UTC, time.Date(2024, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 366 * 24 * h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := Windows(tt.months, tt.loc, tt.at, tt.at.Add(time.Nanosecond))
			if len(ws) != 1 {
				t.Fatalf("Windows = %v, want one window", ws)
			}
			if !ws[0].Start.Equal(tt.wantStart) {
				t.Errorf("start = %v, want %v", ws[0].Start.UTC(), tt.wantStart)
			}
			if got := ws[0].Duration(); got != tt.want {
				t.Errorf("length = %v, want %v", got, tt.want)
			}
			if f := Floor(tt.at, tt.months, tt.loc); !f.Equal(ws[0].Start) {
				t.Errorf("Floor = %v, want the window's start %v", f, ws[0].Start)
			}
		})
	}
}

func TestWindowsSplitAnOutage(t *testing.T) {
	// The design's example: an outage across a month boundary is judged in
	// two windows.
	from := time.Date(2025, 1, 31, 23, 10, 0, 0, time.UTC)
	to := time.Date(2025, 2, 1, 1, 5, 0, 0, time.UTC)
	ws := Windows(1, time.UTC, from, to)
	want := []interval.Interval{
		{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)},
		{Start: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)},
	}
	if diff := cmp.Diff(want, ws); diff != "" {
		t.Errorf("Windows (-want +got):\n%s", diff)
	}
	if got := (interval.Set{{Start: from, End: to}}).Clip(ws[0]).Total(); got != 50*time.Minute {
		t.Errorf("January part = %v, want 50m", got)
	}
	if Windows(1, time.UTC, to, from) != nil || Windows(1, time.UTC, to, to) != nil {
		t.Error("Windows of an empty range is not nil")
	}
}

func TestRolling(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, ny) }
	tests := []struct {
		name     string
		days     int
		loc      *time.Location
		from, to time.Time
		want     []interval.Interval
	}{
		{
			name: "30 days across the spring change",
			days: 30, loc: ny, from: d(2014, 1, 1), to: d(2014, 3, 20),
			want: []interval.Interval{
				{Start: d(2013, 12, 20), End: d(2014, 1, 19)},
				{Start: d(2014, 1, 19), End: d(2014, 2, 18)},
				{Start: d(2014, 2, 18), End: d(2014, 3, 20)},
			},
		},
		{
			name: "7 days across the autumn change",
			days: 7, loc: ny, from: d(2014, 10, 30), to: d(2014, 11, 6),
			want: []interval.Interval{{Start: d(2014, 10, 30), End: d(2014, 11, 6)}},
		},
		{
			name: "from exactly on a boundary",
			days: 1, loc: time.UTC, from: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC),
			want: []interval.Interval{
				{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)},
				{Start: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC)},
			},
		},
		{name: "empty range", days: 30, loc: time.UTC, from: d(2014, 1, 2), to: d(2014, 1, 1)},
		{name: "zero days", days: 0, loc: time.UTC, from: d(2014, 1, 1), to: d(2014, 1, 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Rolling(tt.days, tt.loc, tt.from, tt.to)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Rolling (-want +got):\n%s", diff)
			}
		})
	}
	// Across the spring change the window is an hour short of 30 × 24 h.
	ws := Rolling(30, ny, d(2014, 3, 1), d(2014, 3, 20))
	if got := ws[len(ws)-1].Duration(); got != 719*time.Hour {
		t.Errorf("30-day window across the spring change lasts %v, want 719h", got)
	}
}

// TestMonthsBelowOne checks that a month count below 1, a programming
// error, is taken as 1 rather than dividing by zero.
func TestMonthsBelowOne(t *testing.T) {
	at := time.Date(2025, 5, 17, 12, 0, 0, 0, time.UTC)
	may := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, months := range []int{0, -3} {
		if got := Floor(at, months, time.UTC); !got.Equal(may) {
			t.Errorf("Floor(months %d) = %v, want %v", months, got, may)
		}
		if ws := Windows(months, time.UTC, at, at.Add(time.Hour)); len(ws) != 1 || !ws[0].Start.Equal(may) {
			t.Errorf("Windows(months %d) = %v", months, ws)
		}
		if p := Period(may, 1, months, at, time.UTC); !p.Start.Equal(may) || !p.End.Equal(may.AddDate(0, 1, 0)) {
			t.Errorf("Period(months %d) = %v", months, p)
		}
	}
}

// TestAt checks the instant of a local time: the one showing it, the
// earlier of two when the clocks went back over it, the instant the clocks
// moved forward when they skipped it; and AddDays, which keeps the local
// time.
func TestAt(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	asuncion := mustZone(t, "America/Asuncion")
	apia := mustZone(t, "Pacific/Apia")
	tests := []struct {
		name string
		got  time.Time
		want string // RFC 3339
	}{
		{"a plain local time", At(2014, 4, 18, 10, 32, 0, 0, ny), "2014-04-18T10:32:00-04:00"},
		{"nil zone is UTC", At(2014, 4, 18, 10, 32, 0, 0, nil), "2014-04-18T10:32:00Z"},
		{"normalised like time.Date", At(2014, 13, 32, 25, 0, 0, 0, time.UTC), "2015-02-02T01:00:00Z"},
		{"twice: the earlier", At(2014, 11, 2, 1, 30, 0, 0, ny), "2014-11-02T01:30:00-04:00"},
		{"skipped: when the clocks moved forward", At(2014, 3, 9, 2, 30, 0, 0, ny), "2014-03-09T03:00:00-04:00"},
		{"skipped midnight", At(2017, 10, 1, 0, 30, 0, 0, asuncion), "2017-10-01T01:00:00-03:00"},
		{"a skipped day", At(2011, 12, 30, 12, 0, 0, 0, apia), "2011-12-31T00:00:00+14:00"},
		{"AddDays keeps the local time across a change", AddDays(time.Date(2014, 3, 8, 9, 0, 0, 0, ny), 1, ny), "2014-03-09T09:00:00-04:00"},
		{"AddDays back", AddDays(time.Date(2014, 3, 10, 0, 0, 0, 0, ny), -2, ny), "2014-03-08T00:00:00-05:00"},
		{"AddDays onto a skipped midnight", AddDays(time.Date(2017, 9, 30, 0, 0, 0, 0, asuncion), 1, asuncion), "2017-10-01T01:00:00-03:00"},
		{"AddDays in UTC from another zone", AddDays(time.Date(2014, 3, 8, 23, 0, 0, 0, ny), 1, nil), "2014-03-10T04:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got.Format(time.RFC3339); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
