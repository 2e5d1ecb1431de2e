package calendar

import (
	"testing"
	"time"
)

func TestPeriod(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name      string
		first     time.Time
		anchor    int
		months    int
		loc       *time.Location
		t         time.Time
		wantStart string
		wantEnd   string
	}{
		{"anchor 1", utc(2025, 1, 1), 1, 1, time.UTC, utc(2025, 3, 31), "2025-03-01", "2025-04-01"},
		{"anchor 15 before the anchor day", utc(2025, 1, 15), 15, 1, time.UTC, utc(2025, 3, 1), "2025-02-15", "2025-03-15"},
		{"anchor 15 on the anchor day", utc(2025, 1, 15), 15, 1, time.UTC, utc(2025, 3, 15), "2025-03-15", "2025-04-15"},
		{"anchor 28 never clamps", utc(2025, 1, 28), 28, 1, time.UTC, utc(2025, 3, 1), "2025-02-28", "2025-03-28"},
		{"anchor 29 clamps in a common February", utc(2025, 1, 29), 29, 1, time.UTC, utc(2025, 3, 1), "2025-02-28", "2025-03-29"},
		{"anchor 29 in a leap February", utc(2024, 1, 29), 29, 1, time.UTC, utc(2024, 3, 1), "2024-02-29", "2024-03-29"},
		{"anchor 30 in February", utc(2025, 1, 30), 30, 1, time.UTC, utc(2025, 3, 1), "2025-02-28", "2025-03-30"},
		{"anchor 30 in a leap February", utc(2024, 1, 30), 30, 1, time.UTC, utc(2024, 2, 29), "2024-02-29", "2024-03-30"},
		{"anchor 31 in April", utc(2025, 1, 31), 31, 1, time.UTC, utc(2025, 5, 1), "2025-04-30", "2025-05-31"},
		{"anchor 31 the day before the anchor", utc(2025, 1, 31), 31, 1, time.UTC, utc(2025, 3, 30), "2025-02-28", "2025-03-31"},
		{"quarterly anchor 31", utc(2024, 8, 31), 31, 3, time.UTC, utc(2025, 1, 15), "2024-11-30", "2025-02-28"},
		{"quarterly anchor 31 later", utc(2024, 8, 31), 31, 3, time.UTC, utc(2025, 3, 15), "2025-02-28", "2025-05-31"},
		{"annual anchor 29 from a leap day", utc(2024, 2, 29), 29, 12, time.UTC, utc(2025, 6, 1), "2025-02-28", "2026-02-28"},
		{"annual anchor 29 back on a leap day", utc(2024, 2, 29), 29, 12, time.UTC, utc(2028, 2, 29), "2028-02-29", "2029-02-28"},
		{"before the first period", utc(2025, 1, 31), 31, 1, time.UTC, utc(2024, 12, 15), "2024-11-30", "2024-12-31"},
		{"years before the first period", utc(2025, 1, 31), 31, 1, time.UTC, time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), "2024-02-29", "2024-03-31"},
		{"quarterly before the first period", utc(2025, 1, 15), 15, 3, time.UTC, utc(2024, 10, 14), "2024-07-15", "2024-10-15"},
		{"annual before the first period", utc(2025, 3, 1), 1, 12, time.UTC, utc(2023, 2, 28), "2022-03-01", "2023-03-01"},
		{"anchor day differs from the first date's day", utc(2025, 1, 5), 20, 1, time.UTC, utc(2025, 1, 10), "2024-12-20", "2025-01-20"},
		{"in New York across the spring change", time.Date(2014, 1, 9, 0, 0, 0, 0, ny), 9, 1, ny, time.Date(2014, 3, 20, 0, 0, 0, 0, ny), "2014-03-09", "2014-04-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Period(tt.first, tt.anchor, tt.months, tt.t, tt.loc)
			start, end := p.Start.In(tt.loc), p.End.In(tt.loc)
			if got := start.Format(time.DateOnly); got != tt.wantStart || start.Hour() != 0 || start.Minute() != 0 {
				t.Errorf("start = %v, want %s at midnight", start, tt.wantStart)
			}
			if got := end.Format(time.DateOnly); got != tt.wantEnd {
				t.Errorf("end = %v, want %s", end, tt.wantEnd)
			}
			if !p.Contains(tt.t) {
				t.Errorf("period %v does not contain %v", p, tt.t)
			}
		})
	}
	// A month in New York across the spring change is an hour short.
	p := Period(time.Date(2014, 1, 9, 0, 0, 0, 0, ny), 9, 1, time.Date(2014, 3, 20, 0, 0, 0, 0, ny), ny)
	if got := p.Duration(); got != 31*24*time.Hour-time.Hour {
		t.Errorf("New York period across the spring change lasts %v", got)
	}
}
