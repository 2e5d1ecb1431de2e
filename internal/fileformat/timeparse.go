package fileformat

import (
	"fmt"
	"math"
	"time"
	"unsafe"

	"github.com/outagekit/postmortem/internal/calendar"
)

// ParseTime parses an instant in one of the forms the file formats accept:
//
//   - RFC 3339 with "Z" or a numeric offset: "2014-04-18T14:32:00Z",
//     "2014-04-18T10:32:00-04:00". Seconds may be left out
//     ("2014-04-18T10:32-04:00") and may have a fraction of up to nine
//     digits, which is kept (Statuspage exports have milliseconds).
//   - a local wall-clock time in loc: "2014-04-18T10:32", "2014-04-18 10:32",
//     with optional ":05" seconds and fraction;
//   - a date: "2014-04-18", its first instant in loc (midnight, or where
//     loc skipped midnight that day, the instant its clocks moved forward;
//     see calendar.DayStart).
//
// A space may replace the "T" in every form. A nil loc means UTC.
//
// An instant written with an offset is returned in loc when loc has that
// offset at that instant (so it displays in the document's zone), else in
// UTC for a zero offset, else in a fixed zone of that offset. A local time
// is returned in loc.
//
// Impossible dates ("2014-02-30") are errors, and so is the zero instant
// (0001-01-01T00:00:00Z, however written), which Go takes for "no time".
// So is a local time that does
// not exist in loc (skipped when the clocks move forward) or that exists
// twice (when they move back): the error says which and asks for an offset.
// Errors are *ParseError.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	var local bool
	return parseTime(s, loc, &local, nil)
}

// A TimeReader parses many times as ParseTime does, with the same results
// and errors, faster: it remembers the offsets of the zones it has read
// instants in (in which stretch of time each zone keeps one offset), so
// that an instant with "Z" or an offset rarely looks its zone up. The
// zero TimeReader is ready to use; it is not safe for concurrent use.
type TimeReader struct {
	zones [64]zoneSpans
}

// zoneSpans are the last stretches of time a TimeReader met in loc, each
// with loc's offset during it. A zone that changes its offset twice a year
// has four or five over two years; most have fewer.
type zoneSpans struct {
	loc   *time.Location
	next  int // the span to replace next
	spans [8]struct {
		start, end int64 // in Unix seconds; [0, 0) when unused
		offset     int
	}
}

// Parse is ParseTime(s, loc).
func (r *TimeReader) Parse(s string, loc *time.Location) (time.Time, error) {
	var local bool
	return parseTime(s, loc, &local, r)
}

// offset returns the offset of loc at t, as t.In(loc).Zone() does, from a
// stretch it remembers when it can. Zones take the slots of r.zones in
// the order they come, from one that depends on the *time.Location (two
// equal zones loaded separately are two zones); past 64 zones, a zone
// takes that slot from another.
func (r *TimeReader) offset(t time.Time, loc *time.Location) int {
	u := t.Unix()
	home := uint64(uintptr(unsafe.Pointer(loc))) * 0x9e3779b97f4a7c15 >> 58
	z := &r.zones[home]
	for i := range uint64(len(r.zones)) {
		if c := &r.zones[(home+i)%uint64(len(r.zones))]; c.loc == loc || c.loc == nil {
			z = c
			break
		}
	}
	if z.loc != loc {
		*z = zoneSpans{loc: loc}
	}
	for k := range z.spans {
		if sp := &z.spans[k]; sp.start <= u && u < sp.end {
			return sp.offset
		}
	}
	lt := t.In(loc)
	_, off := lt.Zone()
	start, end := lt.ZoneBounds()
	sp := &z.spans[z.next]
	z.next = (z.next + 1) % len(z.spans)
	sp.start, sp.end, sp.offset = math.MinInt64, math.MaxInt64, off
	if !start.IsZero() {
		sp.start = start.Unix()
	}
	if !end.IsZero() {
		sp.end = end.Unix()
	}
	return off
}

// parseTime is ParseTime, with r's memory when r is not nil; it sets
// *local when s is a local time or a date (written without "Z" or an
// offset, so read in loc).
func parseTime(s string, loc *time.Location, local *bool, r *TimeReader) (time.Time, error) {
	t, err := scanTime(s, loc, local, r)
	if err == nil && t.IsZero() {
		// Go's zero time.Time means "no time": a field holding it would
		// silently read as absent (an active_until as "still active").
		return time.Time{}, &ParseError{Kind: "time", Input: s, Reason: "this is the zero instant (0001-01-01T00:00:00Z), which means no time: leave the value out instead"}
	}
	return t, err
}

// scanTime is parseTime without the check of the zero instant.
func scanTime(s string, loc *time.Location, local *bool, r *TimeReader) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	fail := func(format string, args ...any) (time.Time, error) {
		return time.Time{}, &ParseError{Kind: "time", Input: s, Reason: fmt.Sprintf(format, args...)}
	}
	p := timeScanner{s: s}
	year, ok1 := p.digits(4)
	ok2 := p.byte('-')
	month, ok3 := p.digits(2)
	ok4 := p.byte('-')
	day, ok5 := p.digits(2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5) {
		return fail(`want RFC 3339 ("2006-01-02T15:04:05Z07:00"), a local time ("2006-01-02 15:04") or a date ("2006-01-02")`)
	}
	if month < 1 || month > 12 {
		return fail("month %d does not exist", month)
	}
	if n := calendar.DaysIn(year, time.Month(month)); day < 1 || day > n {
		return fail("%s %d has %d days", time.Month(month), year, n)
	}
	if p.done() {
		*local = true
		return wholeMinuteOffset(s, calendar.DayStart(year, time.Month(month), day, loc))
	}
	if !p.byte('T') && !p.byte('t') && !p.byte(' ') {
		return fail(`want "T" or a space after the date`)
	}
	hour, ok1 := p.digits(2)
	ok2 = p.byte(':')
	minute, ok3 := p.digits(2)
	if !(ok1 && ok2 && ok3) {
		return fail(`want the time of day as "15:04" or "15:04:05"`)
	}
	sec, nsec := 0, 0
	if p.byte(':') {
		var ok bool
		if sec, ok = p.digits(2); !ok {
			return fail(`want two digits of seconds`)
		}
		if p.byte('.') {
			n := 0
			for ; !p.done() && isDigit(p.s[p.i]); n++ {
				if n < 9 {
					nsec = nsec*10 + int(p.s[p.i]-'0')
				}
				p.i++
			}
			if n == 0 {
				return fail("want digits after the decimal point of the seconds")
			}
			if n > 9 {
				return fail("more than nine digits of fractional seconds")
			}
			for ; n < 9; n++ {
				nsec *= 10
			}
		}
	}
	if hour > 23 || minute > 59 || sec > 59 {
		return fail("time of day out of range")
	}
	if p.done() {
		*local = true
		return localTime(s, year, time.Month(month), day, hour, minute, sec, nsec, loc)
	}
	var offset int
	switch c := p.s[p.i]; c {
	case 'Z', 'z':
		p.i++
	case '+', '-':
		p.i++
		oh, ok1 := p.digits(2)
		ok2 := p.byte(':')
		om, ok3 := p.digits(2)
		if !(ok1 && ok2 && ok3) {
			return fail(`want the offset as "Z" or "±07:00"`)
		}
		if oh > 23 || om > 59 {
			return fail("offset out of range")
		}
		offset = (oh*60 + om) * 60
		if c == '-' {
			offset = -offset
		}
	default:
		return fail(`want "Z" or an offset such as "-04:00" after the time of day`)
	}
	if !p.done() {
		return fail("unexpected %q after the offset", p.s[p.i:])
	}
	// The fields are in range: the instant is computed directly, as
	// time.Date(year, month, ..., time.UTC).Add(-offset) would.
	secs := calendar.DaysSinceEpoch(year, time.Month(month), day)*86400 + int64(hour*3600+minute*60+sec-offset)
	t := time.Unix(secs, int64(nsec)).UTC()
	var o int // loc's offset at t
	switch {
	case loc == time.UTC:
	case r != nil:
		o = r.offset(t, loc)
	default:
		_, o = t.In(loc).Zone()
	}
	if o == offset {
		return t.In(loc), nil
	}
	if offset == 0 {
		return t, nil
	}
	return t.In(time.FixedZone("", offset)), nil
}

// localTime returns the instant that shows the given wall clock in loc, or an
// error when there is none or more than one.
func localTime(s string, y int, mo time.Month, d, h, mi, sec, nsec int, loc *time.Location) (time.Time, error) {
	wall := time.Date(y, mo, d, h, mi, sec, nsec, time.UTC)
	var found []time.Time
	var offsets []int
	for _, probe := range []time.Duration{-36 * time.Hour, -12 * time.Hour, 0, 12 * time.Hour, 36 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		if containsInt(offsets, off) {
			continue
		}
		offsets = append(offsets, off)
		t := wall.Add(-time.Duration(off) * time.Second)
		if _, o := t.In(loc).Zone(); o == off {
			found = append(found, t.In(loc))
		}
	}
	switch len(found) {
	case 1:
		return wholeMinuteOffset(s, found[0])
	case 0:
		return time.Time{}, &ParseError{Kind: "time", Input: s, Reason: fmt.Sprintf(
			"this local time does not exist in %s (the clocks moved forward): write it with an offset", loc)}
	}
	if found[1].Before(found[0]) {
		found[0], found[1] = found[1], found[0]
	}
	return time.Time{}, &ParseError{Kind: "time", Input: s, Reason: fmt.Sprintf(
		"this local time is ambiguous in %s (the clocks moved back): write it with an offset, %s or %s",
		loc, offsetText(found[0]), offsetText(found[1]))}
}

func offsetText(t time.Time) string { return t.Format("-07:00") }

// wholeMinuteOffset returns t, or an error when t's zone offset is not a
// whole number of minutes (local mean time, before a zone adopted standard
// time: New York was 4:56:02 behind UTC until 1883): RFC 3339 cannot write
// that offset, so the time would not read back as itself.
func wholeMinuteOffset(s string, t time.Time) (time.Time, error) {
	if _, off := t.Zone(); off%60 != 0 {
		return time.Time{}, &ParseError{Kind: "time", Input: s, Reason: fmt.Sprintf(
			"this local time is %s from UTC in %s (local mean time), an offset RFC 3339 cannot write: write it with an offset",
			t.Format("-07:00:00"), t.Location())}
	}
	return t, nil
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// timeScanner reads fixed-width fields of a time from left to right.
type timeScanner struct {
	s string
	i int
}

func (p *timeScanner) done() bool { return p.i >= len(p.s) }

func (p *timeScanner) byte(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *timeScanner) digits(n int) (int, bool) {
	if p.i+n > len(p.s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(p.s[p.i : p.i+n]) {
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	p.i += n
	return v, true
}
