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
