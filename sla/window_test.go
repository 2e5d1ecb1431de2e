package sla

import (
	"testing"
	"time"
)

// TestIsWindow checks which spans are windows of a policy: calendar
// windows exactly, in the policy's zone, with their real lengths; rolling
// windows as spans of their number of calendar days.
func TestIsWindow(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	monthlyNY := &Policy{Window: Window{Kind: Month, Zone: ny}}
	quarterlyUTC := &Policy{Window: Window{Kind: Quarter}}
	rolling := &Policy{Window: Window{Kind: Rolling, Days: 30, Zone: ny}}
	d := func(y int, m time.Month, day int, loc *time.Location) time.Time {
		return time.Date(y, m, day, 0, 0, 0, 0, loc)
	}
	for _, tt := range []struct {
		name       string
		p          *Policy
		start, end time.Time
		want       bool
	}{
		{"april in new york", monthlyNY, d(2014, 4, 1, ny), d(2014, 5, 1, ny), true},
		{"april written in utc", monthlyNY, d(2014, 4, 1, ny).UTC(), d(2014, 5, 1, ny).UTC(), true},
		{"april in utc for a new york policy", monthlyNY, d(2014, 4, 1, time.UTC), d(2014, 5, 1, time.UTC), false},
		{"march, an hour short", monthlyNY, d(2014, 3, 1, ny), d(2014, 4, 1, ny), true},
		{"march as 31 days of 24 h", monthlyNY, d(2014, 3, 1, ny), d(2014, 3, 1, ny).Add(31 * 24 * time.Hour), false},
		{"two months", monthlyNY, d(2014, 4, 1, ny), d(2014, 6, 1, ny), false},
		{"mid-month", monthlyNY, d(2014, 4, 2, ny), d(2014, 5, 2, ny), false},
		{"empty", monthlyNY, d(2014, 4, 1, ny), d(2014, 4, 1, ny), false},
		{"reversed", monthlyNY, d(2014, 5, 1, ny), d(2014, 4, 1, ny), false},
		{"q2", quarterlyUTC, d(2014, 4, 1, time.UTC), d(2014, 7, 1, time.UTC), true},
		{"a month of a quarterly policy", quarterlyUTC, d(2014, 4, 1, time.UTC), d(2014, 5, 1, time.UTC), false},
		{"q2 shifted a month", quarterlyUTC, d(2014, 5, 1, time.UTC), d(2014, 8, 1, time.UTC), false},
		{"30 days across a dst change", rolling, d(2014, 3, 1, ny), d(2014, 3, 31, ny), true},
		{"30 days of 24 h across a dst change", rolling, d(2014, 3, 1, ny), d(2014, 3, 1, ny).Add(30 * 24 * time.Hour), false},
		{"31 days", rolling, d(2014, 3, 1, ny), d(2014, 4, 1, ny), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.IsWindow(tt.start, tt.end); got != tt.want {
				t.Errorf("IsWindow(%v, %v) = %v, want %v", tt.start, tt.end, got, tt.want)
			}
		})
	}
}

// TestCalendarWindow checks the calendar window that contains an instant:
// half-open, in the policy's zone, from its first instant to the next
// window's; none for a rolling policy.
func TestCalendarWindow(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	d := func(y int, m time.Month, day int, loc *time.Location) time.Time {
		return time.Date(y, m, day, 0, 0, 0, 0, loc)
	}
	tests := []struct {
		name       string
		p          *Policy
		t          time.Time
		start, end time.Time
		ok         bool
	}{
		{"month NY, first instant", &Policy{Window: Window{Kind: Month, Zone: ny}}, d(2014, 4, 1, ny), d(2014, 4, 1, ny), d(2014, 5, 1, ny), true},
		{"month NY, last instant", &Policy{Window: Window{Kind: Month, Zone: ny}}, d(2014, 5, 1, ny).Add(-time.Nanosecond), d(2014, 4, 1, ny), d(2014, 5, 1, ny), true},
		{"month NY, 1 May 02:00 UTC is April there", &Policy{Window: Window{Kind: Month, Zone: ny}}, time.Date(2014, 5, 1, 2, 0, 0, 0, time.UTC), d(2014, 4, 1, ny), d(2014, 5, 1, ny), true},
		{"quarter UTC", &Policy{Window: Window{Kind: Quarter}}, d(2025, 2, 15, time.UTC), d(2025, 1, 1, time.UTC), d(2025, 4, 1, time.UTC), true},
		{"year UTC", &Policy{Window: Window{Kind: Year}}, d(2025, 12, 31, time.UTC), d(2025, 1, 1, time.UTC), d(2026, 1, 1, time.UTC), true},
		{"rolling: none", &Policy{Window: Window{Kind: Rolling, Days: 30}}, d(2025, 2, 1, time.UTC), time.Time{}, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, ok := tt.p.CalendarWindow(tt.t)
			if ok != tt.ok || !start.Equal(tt.start) || !end.Equal(tt.end) {
				t.Errorf("CalendarWindow(%s) = %s, %s, %t; want %s, %s, %t", tt.t, start, end, ok, tt.start, tt.end, tt.ok)
			}
		})
	}
}
