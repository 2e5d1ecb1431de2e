// Package calendar computes the windows SLAs are measured over and the
// periods subscriptions are billed for, in a named time zone.
//
// Calendar windows start at midnight local time on the first day of a month,
// quarter (January, April, July, October) or year, so a month is its real
// length: 28 to 31 days, and in a zone with daylight saving time the month
// the clocks move forward is an hour shorter. Billing periods start at
// midnight on an anchor day that clamps to the end of short months:
// anchored on the 31st, periods start Jan 31, Feb 28 (29), Mar 31, Apr 30.
// (time.AddDate from Jan 31 gives Mar 3; this package never uses it on
// months.)
package calendar

import (
	"time"

	"github.com/outagekit/postmortem/internal/interval"
)

// DaysIn returns the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Date returns midnight at the start of day d of month m of year y in loc,
// with m normalised the way time.Date does (month 13 is January of the next
// year) and d clamped to the length of the resulting month.
func Date(y int, m time.Month, d int, loc *time.Location) time.Time {
	first := time.Date(y, m, 1, 0, 0, 0, 0, loc)
	if n := DaysIn(first.Year(), first.Month()); d > n {
		d = n
	}
	if d < 1 {
		d = 1
	}
	return time.Date(first.Year(), first.Month(), d, 0, 0, 0, 0, loc)
}

// Floor returns the start of the calendar window of the given number of
// months that contains t in loc. Windows are aligned to January: months = 1
// gives calendar months, 3 quarters, 12 years. months must be 1, 2, 3, 4, 6
// or 12 (a divisor of 12); a value below 1 is taken as 1.
func Floor(t time.Time, months int, loc *time.Location) time.Time {
	months = max(months, 1)
	lt := t.In(loc)
	m := (int(lt.Month())-1)/months*months + 1
	start := time.Date(lt.Year(), time.Month(m), 1, 0, 0, 0, 0, loc)
	if start.After(t) {
		// Only possible when midnight on the first does not exist in loc and
		// time.Date moved it forward past t; step back one window.
		start = time.Date(lt.Year(), time.Month(m-months), 1, 0, 0, 0, 0, loc)
	}
	return start
}

// Windows returns the calendar windows of the given number of months (see
// Floor) that overlap [from, to), in order. It returns nil when to is not
// after from.
func Windows(months int, loc *time.Location, from, to time.Time) []interval.Interval {
	if !from.Before(to) {
		return nil
	}
	months = max(months, 1)
	var out []interval.Interval
	start := Floor(from, months, loc)
	for start.Before(to) {
		ls := start.In(loc)
		end := time.Date(ls.Year(), ls.Month()+time.Month(months), 1, 0, 0, 0, 0, loc)
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
// than days × 24 h. It returns nil when to is not after from or days < 1.
func Rolling(days int, loc *time.Location, from, to time.Time) []interval.Interval {
	if !from.Before(to) || days < 1 {
		return nil
	}
	var out []interval.Interval
	end := to
	for end.After(from) {
		start := end.In(loc).AddDate(0, 0, -days)
		out = append(out, interval.Interval{Start: start, End: end})
		end = start
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// Period returns the billing period of the given number of months that
// contains t. Periods start at midnight in loc on day anchorDay (clamped to
// the length of short months) of the months first, first + months,
// first + 2×months, … where first is the month (year, month) of the first
// period; periods before it are continued backwards by the same rule.
// months below 1 are taken as 1.
func Period(first time.Time, anchorDay, months int, t time.Time, loc *time.Location) interval.Interval {
	months = max(months, 1)
	f := first.In(loc)
	lt := t.In(loc)
	// Estimate the period index from the month difference, then correct.
	diff := (lt.Year()-f.Year())*12 + int(lt.Month()) - int(f.Month())
	k := floorDiv(diff, months)
	start := func(k int) time.Time {
		return Date(f.Year(), f.Month()+time.Month(k*months), anchorDay, loc)
	}
	for start(k).After(t) {
		k--
	}
	for !start(k + 1).After(t) {
		k++
	}
	return interval.Interval{Start: start(k), End: start(k + 1)}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
