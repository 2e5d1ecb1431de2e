// Package calendar computes the windows SLAs are measured over and the
// periods subscriptions are billed for, in a named time zone.
//
// Calendar windows start at the beginning of the first day of a month,
// quarter (January, April, July, October) or year, so a month is its real
// length: 28 to 31 days, and in a zone with daylight saving time the month
// the clocks move forward is an hour shorter. Billing periods start at the
// beginning of an anchor day that clamps to the end of short months:
// anchored on the 31st, periods start Jan 31, Feb 28 (29), Mar 31, Apr 30.
// (time.AddDate from Jan 31 gives Mar 3; this package never uses it on
// months.)
//
// # When midnight does not exist
//
// A day begins at its first instant (DayStart): midnight, except where the
// zone moved its clocks forward at midnight. America/Asuncion went from
// 00:00 to 01:00 on 2017-10-01, so October 2017 began there at 01:00, and
// September ended at 00:59:59.999999999 — not at 23:00 on September 30,
// which is what time.Date(2017, 10, 1, 0, 0, 0, 0, asuncion) returns. A day
// a zone skipped entirely (Pacific/Apia left out 2011-12-30) begins when the
// next day begins. Where the clocks moved back across midnight, a day
// begins at its first midnight. The same rule, "the first instant whose
// wall clock reads that time or later", gives every local time an instant
// (At), so windows are contiguous, each begins on its own local day, and
// the package never reads a month or a day back from a time.Date result
// that may have been moved to another day.
package calendar

import (
	"time"

	"github.com/outagekit/postmortem/internal/interval"
)

// DaysIn returns the number of days in month m of year y (a month outside
// January to December is normalised as time.Date normalises it).
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.January, time.March, time.May, time.July, time.August, time.October, time.December:
		return 31
	}
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// At returns the first instant at which the wall clock in loc reads the
// given local time or later (nil loc means UTC). Where the local time
// exists once, that is the instant showing it; where it exists twice (the
// clocks moved back), the earlier one; where it does not exist (the clocks
// moved forward over it), the instant the clocks moved forward, which the
// zone shows as the end of the skipped time. The fields are normalised as
// time.Date normalises them (month 13 is January of the next year, day 0
// the last day of the previous month), on the calendar, before any zone
// is applied.
func At(y int, m time.Month, d, hour, min, sec, nsec int, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	wall := time.Date(y, m, d, hour, min, sec, nsec, time.UTC)
	// The instant whose wall clock reads wall at an offset in force near
	// it, when that offset is in force then; the earliest such instant
	// when there are two (a local time the clocks went back over). That
	// instant is within 15 hours of wall read as UTC, and no zone changes
	// its offset twice in 36 hours, so the offsets 18 hours either side
	// and at wall are all the candidates.
	before, after := offset(wall.Add(-18*time.Hour), loc), offset(wall.Add(18*time.Hour), loc)
	if before == after {
		return wall.Add(-before).In(loc) // no change of offset near wall
	}
	var best time.Time
	found := false
	mid := offset(wall, loc)
	for i, off := range [...]time.Duration{before, mid, after} {
		if i == 1 && (off == before || off == after) || i == 2 && off == before {
			continue // tried already
		}
		c := wall.Add(-off)
		if offset(c, loc) == off && (!found || c.Before(best)) {
			best, found = c, true
		}
	}
	if found {
		return best.In(loc)
	}
	// wall was skipped: find the first instant whose wall clock is past
	// it, the instant the clocks moved forward. No zone is 26 hours from
	// UTC, and the wall clock runs forward around a skip.
	lo, hi := wall.Add(-26*time.Hour), wall.Add(26*time.Hour)
	for hi.Sub(lo) > 1 {
		mid := lo.Add(hi.Sub(lo) / 2)
		if mid.Add(offset(mid, loc)).Before(wall) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi.In(loc)
}

// offset returns the offset of loc from UTC at t.
func offset(t time.Time, loc *time.Location) time.Duration {
	_, off := t.In(loc).Zone()
	return time.Duration(off) * time.Second
}

// DayStart returns the first instant of day d of month m of year y in loc
// (nil loc means UTC): midnight, or where midnight does not exist, the
// instant the clocks moved forward over it (see the package
// documentation). Month and day are normalised as time.Date normalises
// them.
func DayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	return At(y, m, d, 0, 0, 0, 0, loc)
}

// Date returns the first instant (DayStart) of day d of month m of year y
// in loc, with m normalised the way time.Date does (month 13 is January of
// the next year) and d clamped to the length of the resulting month (and
// to at least 1).
func Date(y int, m time.Month, d int, loc *time.Location) time.Time {
	y, m = norm(y, m)
	d = min(max(d, 1), DaysIn(y, m))
	return DayStart(y, m, d, loc)
}

// AddDays returns the instant whose wall clock in loc is t's, days calendar
// days later (earlier when days < 0), resolved as At resolves it: across a
// daylight-saving change the result is at the same local time, 23 or 25
// hours later per day crossed.
func AddDays(t time.Time, days int, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	y, m, d := lt.Date()
	return At(y, m, d+days, lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), loc)
}

// norm returns year y and month m normalised the way time.Date does.
func norm(y int, m time.Month) (int, time.Month) {
	f := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return f.Year(), f.Month()
}

// Floor returns the start of the calendar window of the given number of
// months that contains t in loc. Windows are aligned to January: months = 1
// gives calendar months, 3 quarters, 12 years. months must be 1, 2, 3, 4, 6
// or 12 (a divisor of 12); a value below 1 is taken as 1.
func Floor(t time.Time, months int, loc *time.Location) time.Time {
	months = max(months, 1)
	y, m := floorMonth(t, months, loc)
	return DayStart(y, m, 1, loc)
}

// floorMonth returns the year and first month of the window of months
// months that contains t in loc.
func floorMonth(t time.Time, months int, loc *time.Location) (int, time.Month) {
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	y, m := lt.Year(), time.Month((int(lt.Month())-1)/months*months+1)
	// t's local date is its window's, except just after the clocks moved
	// back across midnight (the first midnight began the new window) or
	// when t is before the first instant of its own day; a step corrects it.
	for range 4 {
		switch {
		case DayStart(y, m, 1, loc).After(t):
			y, m = norm(y, m-time.Month(months))
		case !DayStart(y, m+time.Month(months), 1, loc).After(t):
			y, m = norm(y, m+time.Month(months))
		default:
			return y, m
		}
	}
	return y, m
}

// Windows returns the calendar windows of the given number of months (see
// Floor) that overlap [from, to), in order. It returns nil when to is not
// after from. Window k starts at DayStart of its first month: the bounds
// are computed from month numbers, never read back from the previous
// window's end.
func Windows(months int, loc *time.Location, from, to time.Time) []interval.Interval {
	if !from.Before(to) {
		return nil
	}
	months = max(months, 1)
	y, m := floorMonth(from, months, loc)
	var out []interval.Interval
	start := DayStart(y, m, 1, loc)
	for k := 1; start.Before(to); k++ {
		end := DayStart(y, m+time.Month(k*months), 1, loc)
		out = append(out, interval.Interval{Start: start, End: end})
		start = end
	}
	return out
}

// Rolling returns consecutive windows of the given number of calendar days
// in loc that tile [from, to) backwards from to: the last window is
// [to − days, to), the one before it ends where that one starts, and so on
// until a window starts at or before from. A day is a calendar day in loc,
// so a window across a daylight-saving change is an hour longer or shorter
// than days × 24 h; window bounds keep to's wall clock, resolved by At
// where that time does not exist. It returns nil when to is not after from
// or days < 1.
func Rolling(days int, loc *time.Location, from, to time.Time) []interval.Interval {
	if !from.Before(to) || days < 1 {
		return nil
	}
	var out []interval.Interval
	end := to
	for k := 1; end.After(from); k++ {
		start := AddDays(to, -k*days, loc)
		out = append(out, interval.Interval{Start: start, End: end})
		end = start
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Period returns the billing period of the given number of months that
// contains t. Periods start at the first instant (DayStart) in loc of day
// anchorDay (clamped to the length of short months) of the months first,
// first + months, first + 2×months, … where first is the month (year,
// month) of the first period in loc; periods before it are continued
// backwards by the same rule. months below 1 are taken as 1.
func Period(first time.Time, anchorDay, months int, t time.Time, loc *time.Location) interval.Interval {
	return Periods(first, anchorDay, months, t, 1, loc)
}

// Periods returns the span of n consecutive billing periods (see Period),
// the first of them the period that contains t: from the start of t's
// period to the end of the n-th. n below 1 is taken as 1. The result is
// computed from period numbers, without a loop over n.
func Periods(first time.Time, anchorDay, months int, t time.Time, n int, loc *time.Location) interval.Interval {
	if loc == nil {
		loc = time.UTC
	}
	months, n = max(months, 1), max(n, 1)
	f := first.In(loc)
	fy, fm := f.Year(), f.Month()
	start := func(k int) time.Time {
		return Date(fy, fm+time.Month(k*months), anchorDay, loc)
	}
	// Estimate the period index from the month difference, then correct:
	// a period starts at most a month from where the estimate puts it.
	lt := t.In(loc)
	k := floorDiv((lt.Year()-fy)*12+int(lt.Month())-int(fm), months)
	s0, s1 := start(k), start(k+1)
	for range 4 {
		switch {
		case s0.After(t):
			k, s0, s1 = k-1, start(k-1), s0
			continue
		case !s1.After(t):
			k, s0, s1 = k+1, s1, start(k+2)
			continue
		}
		break
	}
	if n > 1 {
		s1 = start(k + n)
	}
	return interval.Interval{Start: s0, End: s1}
}

// floorDiv returns a ÷ b rounded toward negative infinity.
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// DaysSinceEpoch returns the number of days from 1970-01-01 to the date
// y-m-d of the proleptic Gregorian calendar (negative before), for a month
// from 1 to 12 and a day in it (the days_from_civil algorithm of Howard
// Hinnant's "chrono-Compatible Low-Level Date Algorithms").
func DaysSinceEpoch(y int, month time.Month, d int) int64 {
	m := int(month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400                  // [0, 399]
	doy := (153*((m+9)%12)+2)/5 + d - 1 // [0, 365], from March 1st
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
