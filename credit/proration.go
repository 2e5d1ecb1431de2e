package credit

import (
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/internal/enum"
)

// Proration is the convention that measures what part of a billing period
// a stretch of time is worth: the part of a period's charge a window
// costs, and the unused part a refund returns. The zero Proration is
// ActualTime.
//
// Proration is a plain value: safe for concurrent use.
type Proration uint8

// The proration conventions; names in files: "actual_time", "fixed_days",
// "cycle_days". Under the two day conventions a time of day is ignored:
// days are counted between the calendar dates of the two ends, in the
// plan's zone, as Kill Bill counts between LocalDates.
const (
	// ActualTime: elapsed time over the period's length, to the
	// nanosecond (Stripe prorates "down to the second"; Kill Bill's
	// default counts actual days).
	ActualTime Proration = iota
	// FixedDays: days over a fixed number of days a month (the plan's
	// ProrationDays, default 30), as Kill Bill with
	// org.killbill.invoice.proration.fixed.days. A stretch that starts in
	// one month and ends in a later one is adjusted by the start month's
	// difference from the fixed month: with 30 days, 2023-05-23 →
	// 2023-06-15 is 23 − (31 − 30) = 22 days and 2023-02-23 → 2023-03-15
	// is 20 + (30 − 28) = 22 days, 22 ÷ 30 either way. A period of n
	// months is n fixed months.
	FixedDays
	// CycleDays: days over the days of the current billing cycle
	// (Chargebee's day-based billing): changed on November 16 of a 30-day
	// November billed from the 1st, 15 of 30 days are left.
	CycleDays
)

var prorationNames = enum.Names[Proration]{"actual_time", "fixed_days", "cycle_days"}

func (p Proration) String() string                { return prorationNames.String(p) }
func (p Proration) MarshalText() ([]byte, error)  { return []byte(p.String()), nil }
func (p *Proration) UnmarshalText(b []byte) error { return prorationNames.Unmarshal(p, b) }

// DefaultProrationDays is the fixed month of FixedDays when a plan gives
// none.
const DefaultProrationDays = 30

// periodShare returns the part of the billing period [ps, pe) of months
// months that the stretch [from, to) inside it is worth under p, as the
// fraction num ÷ den (den > 0; num ≥ 0, and num ≤ den for a stretch inside
// the period). Days are those of loc; fixed is the fixed month of
// FixedDays, in days.
func (p Proration) periodShare(from, to, ps, pe time.Time, months, fixed int, loc *time.Location) (num, den int64) {
	if !from.Before(to) {
		return 0, 1
	}
	switch p {
	case FixedDays:
		return fixedDaysBetween(from, to, fixed, loc), int64(fixed) * int64(max(months, 1))
	case CycleDays:
		return max(0, civilDay(to, loc)-civilDay(from, loc)), max(1, civilDay(pe, loc)-civilDay(ps, loc))
	}
	return int64(to.Sub(from)), max(1, int64(pe.Sub(ps)))
}

// fixedDaysBetween counts the days from the day of from to the day of to
// (in loc) the way Kill Bill's daysBetweenWithFixedDaysInMonth does with
// months of fixed days: the actual days, less the start month's excess
// over fixed when the two days are in different months (a negative excess,
// in February, adds days). Never negative.
func fixedDaysBetween(from, to time.Time, fixed int, loc *time.Location) int64 {
	a, b := civilDay(from, loc), civilDay(to, loc)
	days := b - a
	fy, fm, _ := civilDate(from, loc)
	ty, tm, _ := civilDate(to, loc)
	if fy != ty || fm != tm {
		days -= int64(calendar.DaysIn(fy, fm) - fixed)
	}
	return max(days, 0)
}

// civilDate returns the calendar date t falls on in loc. An instant that
// time.Date gives for a local midnight loc skipped (it returns the hour
// before the gap: 23:00 of the previous day in America/Asuncion on
// 2017-10-01) is taken as that midnight's day.
func civilDate(t time.Time, loc *time.Location) (int, time.Month, int) {
	lt := t.In(loc)
	y, m, d := lt.Date()
	if lt.Hour() >= 12 && time.Date(y, m, d+1, 0, 0, 0, 0, loc).Equal(t) {
		return civilNext(y, m, d)
	}
	return y, m, d
}

// civilNext returns the day after y-m-d.
func civilNext(y int, m time.Month, d int) (int, time.Month, int) {
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Date()
}

// civilDay returns the number of days from 1970-01-01 to the calendar day
// t falls on in loc (see civilDate).
func civilDay(t time.Time, loc *time.Location) int64 {
	y, m, d := civilDate(t, loc)
	return calendar.DaysSinceEpoch(y, m, d)
}
