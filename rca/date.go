package rca

import (
	"fmt"
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
)

// Date is a calendar date without a time or zone: a due date, the day a plan
// was reviewed. The zero Date means "no date". In files it is written
// "2006-01-02".
//
// Date is a plain value: safe for concurrent use.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses s in the form "2006-01-02". Impossible dates such as
// "2014-02-30" are errors.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// In returns the first instant of d in loc (nil means UTC): midnight, or
// where loc skipped midnight that day (a daylight-saving change at 00:00),
// the instant its clocks moved forward; see calendar.DayStart. The zero
// Date gives the first instant of 0000-00-00, normalised as time.Date
// does.
func (d Date) In(loc *time.Location) time.Time {
	return calendar.DayStart(d.Year, d.Month, d.Day, loc)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; empty text is the zero
// Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	x, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = x
	return nil
}
