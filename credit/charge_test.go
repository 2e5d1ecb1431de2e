package credit

import (
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/internal/interval"
	"github.com/outagekit/postmortem/sla"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func date(y int, m time.Month, d int, loc *time.Location) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

func TestBillingPeriodsAnchoredOn31st(t *testing.T) {
	for _, year := range []int{2015, 2016} {
		b := billingOf(&Plan{Period: Monthly}, &Subscription{From: date(year, time.January, 31, time.UTC)}, time.UTC, nil, nil)
		var got []string
		p := b.period(date(year, time.January, 31, time.UTC))
		for range 4 {
			got = append(got, p.Start.Format(time.DateOnly))
			p = b.period(p.End)
		}
		feb := "28"
		if year == 2016 {
			feb = "29"
		}
		want := []string{
			itoa(year) + "-01-31", itoa(year) + "-02-" + feb, itoa(year) + "-03-31", itoa(year) + "-04-30",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d periods (-want +got):\n%s", year, diff)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestShare kills the mutants "a billing period one day short" (in the
// cached bounds) and "a span across two billing periods charged for the
// first only", injected by hand.
func TestShare(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	aprilNY := interval.Interval{Start: date(2014, time.April, 1, ny), End: date(2014, time.May, 1, ny)}
	marchNY := interval.Interval{Start: date(2014, time.March, 1, ny), End: date(2014, time.April, 1, ny)}
	aprilUTC := interval.Interval{Start: date(2014, time.April, 1, time.UTC), End: date(2014, time.May, 1, time.UTC)}
	// Asuncion skipped midnight on 1 October 2017: October began at 01:00.
	asuncion := mustZone(t, "America/Asuncion")
	octAsuncion := interval.Interval{Start: calendar.DayStart(2017, time.October, 1, asuncion), End: calendar.DayStart(2017, time.November, 1, asuncion)}
	q4Asuncion := interval.Interval{Start: octAsuncion.Start, End: calendar.DayStart(2018, time.January, 1, asuncion)}
	tests := []struct {
		name   string
		period Period
		sub    Subscription
		zone   *time.Location
		window interval.Interval
		want   string
	}{
		{"whole month anchored on the 1st", Monthly, Subscription{From: date(2014, time.January, 1, ny)}, ny, aprilNY, "1"},
		{"zero from bills from the 1st", Monthly, Subscription{}, ny, aprilNY, "1"},
		{"dst month is one period", Monthly, Subscription{From: date(2014, time.January, 1, ny)}, ny, marchNY, "1"},
		{"anchored on the 15th spans two periods", Monthly, Subscription{From: date(2014, time.January, 15, time.UTC)}, time.UTC, aprilUTC, "14/31 + 16/30"},
		{"explicit anchor day", Monthly, Subscription{From: date(2014, time.January, 3, time.UTC), AnchorDay: 15}, time.UTC, aprilUTC, "14/31 + 16/30"},
		{"started mid-month on its anchor", Monthly, Subscription{From: date(2014, time.April, 16, ny)}, ny, aprilNY, "1/2"},
		{"started mid-month anchored on the 1st", Monthly, Subscription{From: date(2014, time.April, 16, ny), AnchorDay: 1}, ny, aprilNY, "1/2"},
		{"cancelled on the 10th", Monthly, Subscription{From: date(2014, time.January, 1, ny), Until: date(2014, time.April, 10, ny)}, ny, aprilNY, "9/30"},
		{"not active", Monthly, Subscription{From: date(2014, time.May, 1, ny)}, ny, aprilNY, "0"},
		{"annual plan measured monthly", Annual, Subscription{From: date(2014, time.January, 1, time.UTC)}, time.UTC, aprilUTC, "30/365"},
		{"annual plan over a leap year", Annual, Subscription{From: date(2016, time.January, 1, time.UTC)}, time.UTC,
			interval.Interval{Start: date(2016, time.February, 1, time.UTC), End: date(2016, time.March, 1, time.UTC)}, "29/366"},
		{"annual plan renewed mid-window", Annual, Subscription{From: date(2013, time.April, 16, time.UTC)}, time.UTC, aprilUTC, "15/365 + 15/365"},
		{"quarterly plan", Quarterly, Subscription{From: date(2014, time.January, 1, time.UTC)}, time.UTC, aprilUTC, "30/91"},
		{"a month that began at 01:00 is one period", Monthly, Subscription{}, asuncion, octAsuncion, "1"},
		{"started on the day midnight was skipped", Monthly, Subscription{From: octAsuncion.Start}, asuncion, octAsuncion, "1"},
		{"a quarter that began at 01:00 is one period", Quarterly, Subscription{From: octAsuncion.Start}, asuncion, q4Asuncion, "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := sumRats(tt.want)
			// Computed with calendar.Period directly, and through a cache of
			// the periods around the window; in both arithmetics.
			cache := newPeriodCache(tt.period.Months(), tt.zone, tt.window.Start, tt.window.End.AddDate(1, 0, 0))
			for _, c := range []*periodCache{nil, cache} {
				b := billingOf(&Plan{Period: tt.period}, &tt.sub, tt.zone, c, nil)
				span := activeSpan(&tt.sub, tt.window)
				got := share(new(bigArith), &b, span.Start, span.End).rat()
				if got.Cmp(want) != 0 {
					t.Errorf("share (cached: %v) = %s, want %s (%s)", c != nil, got.RatString(), want.RatString(), tt.want)
				}
				var fa fastArith
				fast := shareFast(&fa, &b, span.Start, span.End)
				if fa.failed || fast.rat().Cmp(want) != 0 {
					t.Errorf("share in 128 bits (cached: %v) = %s (failed %v), want %s", c != nil, fast.rat().RatString(), fa.failed, want.RatString())
				}
			}
		})
	}
}

// sumRats evaluates "a/b + c/d + …".
func sumRats(s string) *big.Rat {
	sum := new(big.Rat)
	for _, term := range strings.Split(s, "+") {
		sum.Add(sum, rat(strings.TrimSpace(term)))
	}
	return sum
}

func TestClaimDeadline(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	end := date(2014, time.May, 1, ny)
	tests := []struct {
		name     string
		deadline sla.Deadline
		sub      Subscription
		want     time.Time
	}{
		{"none", sla.Deadline{}, Subscription{}, time.Time{}},
		{"30 days", sla.Deadline{Days: 30}, Subscription{}, date(2014, time.May, 31, ny)},
		{"across dst stays at midnight", sla.Deadline{Days: 200}, Subscription{}, date(2014, time.November, 17, ny)},
		{"2 billing cycles on the 1st", sla.Deadline{BillingCycles: 2}, Subscription{From: date(2014, time.January, 1, ny)}, date(2014, time.July, 1, ny)},
		{"1 billing cycle on the 15th", sla.Deadline{BillingCycles: 1}, Subscription{From: date(2014, time.January, 15, ny)}, date(2014, time.June, 15, ny)},
		{"1 annual cycle", sla.Deadline{BillingCycles: 1}, Subscription{From: date(2014, time.January, 1, ny)}, date(2016, time.January, 1, ny)},
		{"120 billing cycles, without a loop over them", sla.Deadline{BillingCycles: 120}, Subscription{From: date(2014, time.January, 31, ny)}, date(2024, time.May, 31, ny)}, // the cycle of April 30 runs to May 31, then 120 more
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			period := Monthly
			if tt.name == "1 annual cycle" {
				period = Annual
			}
			cache := newPeriodCache(period.Months(), ny, end.AddDate(0, -1, 0), end.AddDate(0, 3*period.Months(), 0))
			for _, c := range []*periodCache{nil, cache} {
				b := billingOf(&Plan{Period: period}, &tt.sub, ny, c, nil)
				if got := claimDeadline(tt.deadline, end, ny, b); !got.Equal(tt.want) {
					t.Errorf("deadline (cached: %v) = %v, want %v", c != nil, got, tt.want)
				}
			}
		})
	}
}

// TestClaimDeadlineSkippedMidnight checks deadlines in days where a day
// began after a skipped midnight (Asuncion, 1 October 2017 began at
// 01:00): a window ending as a day begins gets a deadline that begins a
// day too, at its first instant.
func TestClaimDeadlineSkippedMidnight(t *testing.T) {
	asu := mustZone(t, "America/Asuncion")
	for _, tc := range []struct {
		name string
		end  time.Time
		days int
		want string
	}{
		{"from a day that began at 01:00", calendar.DayStart(2017, time.October, 1, asu), 30, "2017-10-31T00:00:00-03:00"},
		{"onto a day that began at 01:00", calendar.DayStart(2017, time.September, 1, asu), 30, "2017-10-01T01:00:00-03:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := claimDeadline(sla.Deadline{Days: tc.days}, tc.end, asu, billing{}).Format(time.RFC3339); got != tc.want {
				t.Errorf("deadline = %s, want %s", got, tc.want)
			}
		})
	}
}
