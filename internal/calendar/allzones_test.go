package calendar

import (
	"testing"
	"time"
)

// The years every zone is checked over: 1970 to 2037.
const firstYear, endYear = 1970, 2038

// TestEveryZone checks, in every zone of the tz database, that the
// calendar months, quarters and years of 1970–2037 tile time: the right
// number of windows, contiguous, each starting at the first instant of its
// own first day. That includes the days whose midnight a zone skipped
// (America/Asuncion on 2017-10-01, Havana on April 1 of 1990, 2001 and
// 2012, Lima on 1990-01-01, ...), where time.Date returns the previous
// day's 23:00.
func TestEveryZone(t *testing.T) {
	for _, loc := range allZones(t) {
		from, to := DayStart(firstYear, time.January, 1, loc), DayStart(endYear, time.January, 1, loc)
		months := Windows(1, loc, from, to)
		if want := (endYear - firstYear) * 12; len(months) != want {
			t.Fatalf("%s: %d months in %d–%d, want %d", loc, len(months), firstYear, endYear-1, want)
		}
		for k, w := range months {
			d := date{firstYear + k/12, time.Month(k%12 + 1), 1}
			if why := checkDayStart(w.Start, d, loc); why != "" {
				t.Fatalf("%s: the month %d-%02d starts at %v: %s", loc, d.y, d.m, w.Start, why)
			}
			if k > 0 && !months[k-1].End.Equal(w.Start) {
				t.Fatalf("%s: the months %v and %v are not contiguous", loc, months[k-1], w)
			}
			if f := Floor(w.End.Add(-1), 1, loc); !f.Equal(w.Start) {
				t.Fatalf("%s: Floor of the last instant of %v = %v", loc, w, f)
			}
		}
		if last := months[len(months)-1]; !last.End.Equal(to) {
			t.Fatalf("%s: the last month ends at %v", loc, last.End)
		}
		if why := checkDayStart(to, date{endYear, time.January, 1}, loc); why != "" {
			t.Fatalf("%s: %d ends at %v: %s", loc, endYear-1, to, why)
		}
		// Quarters and years start and end with their months.
		for _, n := range []int{3, 12} {
			ws := Windows(n, loc, from, to)
			if len(ws) != len(months)/n {
				t.Fatalf("%s: %d windows of %d months in %d–%d, want %d", loc, len(ws), n, firstYear, endYear-1, len(months)/n)
			}
			for k, w := range ws {
				if !w.Start.Equal(months[k*n].Start) || !w.End.Equal(months[k*n+n-1].End) {
					t.Fatalf("%s: the %d-month window %d is %v, not months %d to %d", loc, n, k, w, k*n, k*n+n-1)
				}
				if f := Floor(w.End.Add(-1), n, loc); !f.Equal(w.Start) {
					t.Fatalf("%s: Floor(%d) of the last instant of %v = %v", loc, n, w, f)
				}
			}
		}
	}
}

// TestEveryZoneBillingPeriods checks billing periods in every zone: over
// 1970–2037, monthly, quarterly and annual periods anchored on the 31st
// (clamped to short months; quarters and years from February, which
// clamps most); and around every day of those years on which the zone
// skipped midnight, the monthly, quarterly and annual periods anchored on
// that day, with the periods before and after them. Each period starts at
// the first instant of its clamped anchor day and the next starts where it
// ends.
func TestEveryZoneBillingPeriods(t *testing.T) {
	for _, loc := range allZones(t) {
		to := DayStart(endYear, time.January, 1, loc)
		for _, months := range []int{1, 3, 12} {
			first := Date(firstYear, time.February, 31, loc)
			startOf := func(k int) date { // the k-th period's first day
				y, m := norm(firstYear, time.February+time.Month(k*months))
				return date{y, m, min(31, DaysIn(y, m))}
			}
			jan1, end := date{firstYear, time.January, 1}, date{endYear, time.January, 1}
			k := -12 / months // then the period holding the first instant of 1970
			for !jan1.before(startOf(k + 1)) {
				k++
			}
			p := Period(first, 31, months, DayStart(firstYear, time.January, 1, loc), loc)
			for {
				if why := checkDayStart(p.Start, startOf(k), loc); why != "" {
					t.Fatalf("%s: the %d-month period %d from %v starts at %v: %s", loc, months, k, first, p.Start, why)
				}
				if !p.End.Before(to) {
					break
				}
				next := Period(first, 31, months, p.End, loc)
				if !next.Start.Equal(p.End) {
					t.Fatalf("%s: the %d-month period after %v is %v", loc, months, p, next)
				}
				p, k = next, k+1
			}
			if !startOf(k).before(end) || startOf(k+1).before(end) {
				t.Fatalf("%s: the last %d-month period, %v, is number %d: it does not hold the last instant of %d", loc, months, p, k, endYear-1)
			}
		}
		for _, d := range skippedMidnights(loc) {
			start := DayStart(d.y, d.m, d.d, loc)
			for _, months := range []int{1, 3, 12} {
				first := Date(d.y, d.m, d.d, loc)
				p := Period(first, d.d, months, start, loc)
				if !p.Start.Equal(start) {
					t.Fatalf("%s: the %d-month period anchored on %v is %v", loc, months, d, p)
				}
				y, m := norm(d.y, d.m+time.Month(months))
				if why := checkDayStart(p.End, date{y, m, min(d.d, DaysIn(y, m))}, loc); why != "" {
					t.Fatalf("%s: the %d-month period anchored on %v ends at %v: %s", loc, months, d, p.End, why)
				}
				if prev := Period(first, d.d, months, start.Add(-1), loc); !prev.End.Equal(start) {
					t.Fatalf("%s: the %d-month period before %v is %v", loc, months, p, prev)
				}
				if next := Period(first, d.d, months, p.End, loc); !next.Start.Equal(p.End) {
					t.Fatalf("%s: the %d-month period after %v is %v", loc, months, p, next)
				}
			}
		}
	}
}

// skippedMidnights returns the days of 1970–2037 whose midnight loc
// skipped: the clocks moved forward from before midnight to after it.
func skippedMidnights(loc *time.Location) []date {
	var out []date
	from := time.Date(firstYear, time.January, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(endYear, time.January, 1, 0, 0, 0, 0, time.UTC)
	segments(from, to, loc, 7*24*time.Hour, func(a, b time.Time) {
		before, after := b.Add(-1).In(loc), b.In(loc)
		if dateOf(before, loc).before(dateOf(after, loc)) && !(after.Hour() == 0 && after.Minute() == 0 && after.Second() == 0) {
			out = append(out, dateOf(after, loc))
		}
	})
	return out
}

// TestSkippedMidnights checks the zones the issue names: each skipped the
// midnight starting the day given, and a window, a day and a billing
// period starting then begin at the instant the clocks moved forward.
func TestSkippedMidnights(t *testing.T) {
	tests := []struct {
		zone string
		day  date
		want string // the first instant of the day, local time
	}{
		{"America/Asuncion", date{2017, time.October, 1}, "2017-10-01 01:00:00 -03:00"},
		{"America/Asuncion", date{2023, time.October, 1}, "2023-10-01 01:00:00 -03:00"},
		{"America/Havana", date{1990, time.April, 1}, "1990-04-01 01:00:00 -04:00"},
		{"America/Havana", date{2012, time.April, 1}, "2012-04-01 01:00:00 -04:00"},
		{"America/Lima", date{1990, time.January, 1}, "1990-01-01 01:00:00 -04:00"},
		{"America/Lima", date{1994, time.January, 1}, "1994-01-01 01:00:00 -04:00"},
		{"America/Managua", date{1993, time.January, 1}, "1993-01-01 01:00:00 -05:00"},
		{"America/Danmarkshavn", date{1996, time.January, 1}, "1996-01-01 03:00:00 +00:00"},
		{"America/Argentina/San_Luis", date{1991, time.June, 1}, "1991-06-01 01:00:00 -03:00"},
		{"Pacific/Apia", date{2011, time.December, 30}, "2011-12-31 00:00:00 +14:00"},
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+time.Date(tt.day.y, tt.day.m, tt.day.d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), func(t *testing.T) {
			loc := mustZone(t, tt.zone)
			got := DayStart(tt.day.y, tt.day.m, tt.day.d, loc)
			if s := got.Format(time.DateTime + " -07:00"); s != tt.want {
				t.Errorf("DayStart = %s, want %s", s, tt.want)
			}
			if why := checkDayStart(got, tt.day, loc); why != "" {
				t.Errorf("DayStart = %v: %s", got, why)
			}
			if naive := time.Date(tt.day.y, tt.day.m, tt.day.d, 0, 0, 0, 0, loc); dateOf(naive, loc) == tt.day {
				t.Errorf("time.Date gives %v, on the day itself: this case tests nothing", naive)
			}
			if tt.day.d != 1 {
				return
			}
			ws := Windows(1, loc, got.Add(-time.Hour), got.Add(time.Hour))
			if len(ws) != 2 || !ws[1].Start.Equal(got) {
				t.Errorf("the windows around %v are %v", got, ws)
			}
			first := Date(tt.day.y, tt.day.m, 1, loc)
			if p := Period(first, 1, 1, got, loc); !p.Start.Equal(got) || dateOf(p.End, loc) != (date{tt.day.y, tt.day.m + 1, 1}) {
				t.Errorf("the monthly period from %v is %v", got, p)
			}
		})
	}
}
