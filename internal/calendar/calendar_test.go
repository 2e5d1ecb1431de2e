package calendar

import (
	"testing"
	"time"
)

func TestWindowLengths(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	tests := []struct {
		name   string
		months int
		loc    *time.Location
		at     time.Time
		want   time.Duration
	}{
		{"March 2014 in New York loses an hour", 1, ny, time.Date(2014, 3, 15, 0, 0, 0, 0, ny), 743 * time.Hour},
		{"November 2014 in New York gains an hour", 1, ny, time.Date(2014, 11, 15, 0, 0, 0, 0, ny), 721 * time.Hour},
		{"April 2014 in New York", 1, ny, time.Date(2014, 4, 18, 10, 32, 0, 0, ny), 720 * time.Hour},
		{"leap February UTC", 1, time.UTC, time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), 29 * 24 * time.Hour},
		{"Q1 2025 UTC", 3, time.UTC, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), 90 * 24 * time.Hour},
		{"year 2024 UTC", 12, time.UTC, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), 366 * 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := Windows(tt.months, tt.loc, tt.at, tt.at.Add(time.Nanosecond))
			if len(ws) != 1 {
				t.Fatalf("Windows = %v, want one window", ws)
			}
			if !ws[0].Contains(tt.at) {
				t.Errorf("window %v does not contain %v", ws[0], tt.at)
			}
			if got := ws[0].Duration(); got != tt.want {
				t.Errorf("length = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPeriodClampsAnchorDay(t *testing.T) {
	first := time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)
	want := []string{"2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"}
	at := first
	for i, w := range want {
		p := Period(first, 31, 1, at, time.UTC)
		if got := p.Start.Format(time.DateOnly); got != w {
			t.Errorf("period %d starts %s, want %s", i, got, w)
		}
		at = p.End
	}
	// Leap year: anchored on the 31st, February's period starts on the 29th.
	p := Period(first, 31, 1, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.UTC)
	if got := p.Start.Format(time.DateOnly); got != "2024-02-29" {
		t.Errorf("leap-year period starts %s, want 2024-02-29", got)
	}
}

// TestDaysSinceEpoch checks DaysSinceEpoch against time.Date on the
// first, 15th and last day of every month of years 0 to 9999 (every date
// fileformat.ParseTime reads) and a few centuries before.
func TestDaysSinceEpoch(t *testing.T) {
	for y := -800; y <= 9999; y++ {
		for m := 1; m <= 12; m++ {
			for _, d := range []int{1, 15, time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()} {
				want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400
				if tu := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix(); tu < 0 && tu%86400 != 0 {
					want--
				}
				if got := DaysSinceEpoch(y, time.Month(m), d); got != want {
					t.Fatalf("DaysSinceEpoch(%d, %d, %d) = %d, want %d", y, m, d, got, want)
				}
			}
		}
	}
}
