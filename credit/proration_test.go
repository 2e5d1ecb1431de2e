package credit

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPeriodShare checks each proration convention against the public
// examples of the engine that uses it (catalog/SOURCES.md, "Billing
// conventions"): Kill Bill's fixed 30-day months (and its 28-day test),
// Chargebee's days of the billing cycle, actual time.
func TestPeriodShare(t *testing.T) {
	utc := time.UTC
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	asuncion, err := time.LoadLocation("America/Asuncion")
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string, loc *time.Location) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	type share struct{ Num, Den int64 }
	tests := []struct {
		name             string
		p                Proration
		fixed            int
		from, to, ps, pe string
		months           int
		loc              *time.Location
		want             share
	}{
		// Kill Bill, TestInvoiceDateUtilsWithFixedProration (30 days).
		{"kill bill: May 23 → June 15 is 23 − (31 − 30) = 22 of 30", FixedDays, 30, "2023-05-23", "2023-06-15", "2023-05-23", "2023-06-23", 1, utc, share{22, 30}},
		{"kill bill: June 23 → July 15 is 22 of 30", FixedDays, 30, "2023-06-23", "2023-07-15", "2023-06-23", "2023-07-23", 1, utc, share{22, 30}},
		{"kill bill: February 23 → March 15 is 20 + (30 − 28) = 22 of 30", FixedDays, 30, "2023-02-23", "2023-03-15", "2023-02-23", "2023-03-23", 1, utc, share{22, 30}},
		{"kill bill: leap February 23 → March 15 is 21 + 1 = 22 of 30", FixedDays, 30, "2024-02-23", "2024-03-15", "2024-02-23", "2024-03-23", 1, utc, share{22, 30}},
		{"kill bill: within one month the actual days, May 15 → 23 is 8 of 30", FixedDays, 30, "2023-05-15", "2023-05-23", "2023-04-23", "2023-05-23", 1, utc, share{8, 30}},
		{"kill bill with 28-day months: May 23 → June 15 is 23 − 3 = 20 of 28", FixedDays, 28, "2023-05-23", "2023-06-15", "2023-05-23", "2023-06-23", 1, utc, share{20, 28}},
		{"fixed days: a quarter is 90 days", FixedDays, 30, "2023-01-01", "2023-01-31", "2023-01-01", "2023-04-01", 3, utc, share{30, 90}},
		// Chargebee: plan A from November 1, changed with 15 days left.
		{"chargebee: November 16 → December 1 is 15 of November's 30 days", CycleDays, 0, "2024-11-16", "2024-12-01", "2024-11-01", "2024-12-01", 1, utc, share{15, 30}},
		{"cycle days: a day's time is ignored", CycleDays, 0, "2024-11-16T15:04:05Z", "2024-12-01", "2024-11-01", "2024-12-01", 1, utc, share{15, 30}},
		{"cycle days: New York's March 2014 is 31 days, though 743 hours", CycleDays, 0, "2014-03-01", "2014-03-16", "2014-03-01", "2014-04-01", 1, ny, share{15, 31}},
		{"cycle days: a midnight Asunción skipped is its day", CycleDays, 0, "2017-10-01", "2017-10-11", "2017-10-01", "2017-11-01", 1, asuncion, share{10, 31}},
		// Actual time: nanoseconds.
		{"actual time: half of April", ActualTime, 0, "2025-04-16", "2025-05-01", "2025-04-01", "2025-05-01", 1, utc, share{int64(15 * 24 * time.Hour), int64(30 * 24 * time.Hour)}},
		{"actual time: New York's March 2014 has 743 hours", ActualTime, 0, "2014-03-01", "2014-04-01", "2014-03-01", "2014-04-01", 1, ny, share{int64(743 * time.Hour), int64(743 * time.Hour)}},
		{"an empty stretch is worth nothing", FixedDays, 30, "2023-05-23", "2023-05-23", "2023-05-23", "2023-06-23", 1, utc, share{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse := func(s string) time.Time {
				if len(s) == len(time.DateOnly) {
					if tt.loc == asuncion && s == "2017-10-01" {
						// time.Date's answer for the skipped midnight.
						return time.Date(2017, 10, 1, 0, 0, 0, 0, asuncion)
					}
					return day(s, tt.loc)
				}
				ts, err := time.Parse(time.RFC3339, s)
				if err != nil {
					t.Fatal(err)
				}
				return ts
			}
			num, den := tt.p.periodShare(parse(tt.from), parse(tt.to), parse(tt.ps), parse(tt.pe), tt.months, tt.fixed, tt.loc)
			if diff := cmp.Diff(tt.want, share{num, den}); diff != "" {
				t.Errorf("periodShare (-want +got):\n%s", diff)
			}
		})
	}
}
