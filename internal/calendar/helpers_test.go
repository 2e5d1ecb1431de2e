package calendar

import (
	"archive/zip"
	"go/build"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// allZones returns every zone of the tz database Go ships
// ($GOROOT/lib/time/zoneinfo.zip, the one time/tzdata embeds), loaded
// from that file, in the file's order. A missing file fails the test.
func allZones(t testing.TB) []*time.Location {
	t.Helper()
	path := filepath.Join(build.Default.GOROOT, "lib", "time", "zoneinfo.zip")
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("the tz database to test every zone against: %v", err)
	}
	defer z.Close()
	var out []*time.Location
	for _, f := range z.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		loc, err := time.LoadLocationFromTZData(f.Name, data)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out = append(out, loc)
	}
	if len(out) < 400 {
		t.Fatalf("%s holds %d zones; the tz database has about 600", path, len(out))
	}
	return out
}

// date is a calendar date, compared as (year, month, day).
type date struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time, loc *time.Location) date {
	y, m, d := t.In(loc).Date()
	return date{y, m, d}
}

func (a date) before(b date) bool {
	if a.y != b.y {
		return a.y < b.y
	}
	if a.m != b.m {
		return a.m < b.m
	}
	return a.d < b.d
}

// segments calls f with the pieces [a, b) of [from, to) between the
// changes of loc's offset, found by sampling the offset every step and
// bisecting to the nanosecond (time.ZoneBounds is not used: it is wrong
// around some year ends). Within a piece the wall clock runs with the
// instant, so its earliest local date is a's and its latest that of
// b − 1 ns.
func segments(from, to time.Time, loc *time.Location, step time.Duration, f func(a, b time.Time)) {
	a := from
	for u := from; u.Before(to); {
		v := u.Add(step)
		if v.After(to) {
			v = to
		}
		if off := offsetAt(u, loc); offsetAt(v, loc) != off {
			lo, hi := u, v // the change is in (lo, hi]
			for hi.Sub(lo) > 1 {
				mid := lo.Add(hi.Sub(lo) / 2)
				if offsetAt(mid, loc) == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			if hi.Before(to) {
				f(a, hi)
				a = hi
			}
			v = hi
		}
		u = v
	}
	f(a, to)
}

func offsetAt(t time.Time, loc *time.Location) int {
	_, off := t.In(loc).Zone()
	return off
}

// checkDayStart reports why s is not the first instant of day want in loc,
// or "" when it is: s shows that day (or, for a day the zone skipped
// entirely, a later one), and no instant of the 30 hours before s shows
// that day or a later one.
func checkDayStart(s time.Time, want date, loc *time.Location) string {
	got := dateOf(s, loc)
	if got != want && !(skipped(want, loc) && want.before(got)) {
		return "starts on " + s.In(loc).Format(time.DateTime+" -07:00") + ", another day"
	}
	if prev := s.Add(-1); !dateOf(prev, loc).before(want) {
		return "the earlier instant " + prev.In(loc).Format(time.DateTime+".999999999 -07:00") + " is already on that day"
	}
	if offsetAt(s.Add(-30*time.Hour), loc) == offsetAt(s.Add(-1), loc) {
		// No change of offset in the 30 hours before s (no zone changes
		// twice in 30 hours): the wall clock ran forward to s − 1 ns.
		return ""
	}
	why := ""
	segments(s.Add(-30*time.Hour), s, loc, 3*time.Hour, func(a, b time.Time) {
		if last := b.Add(-1); why == "" && !dateOf(last, loc).before(want) {
			why = "the earlier instant " + last.In(loc).Format(time.DateTime+".999999999 -07:00") + " is already on that day"
		}
	})
	return why
}

// wallOf returns the wall clock of t in loc, written as a UTC time.
func wallOf(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	return time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), time.UTC)
}

// checkAt reports why s is not the first instant whose wall clock in loc
// reads wall (a UTC time holding the local time) or later, or "" when it
// is.
func checkAt(s, wall time.Time, loc *time.Location) string {
	if wallOf(s, loc).Before(wall) {
		return "its wall clock " + wallOf(s, loc).Format(time.DateTime) + " is before " + wall.Format(time.DateTime)
	}
	why := ""
	segments(s.Add(-30*time.Hour), s, loc, 3*time.Hour, func(a, b time.Time) {
		if last := b.Add(-1); why == "" && !wallOf(last, loc).Before(wall) {
			why = "the earlier instant " + last.In(loc).Format(time.DateTime+".999999999 -07:00") + " already reads it"
		}
	})
	if why == "" && !wallOf(s, loc).Equal(wall) && offsetAt(s.Add(-1), loc) == offsetAt(s, loc) {
		why = "it reads a later time, but the clocks did not move forward at it"
	}
	return why
}

// skipped reports whether no instant of the days around d shows d in loc.
func skipped(d date, loc *time.Location) bool {
	noon := time.Date(d.y, d.m, d.d, 12, 0, 0, 0, time.UTC)
	shown := false
	segments(noon.Add(-48*time.Hour), noon.Add(48*time.Hour), loc, 3*time.Hour, func(a, b time.Time) {
		if lo, hi := dateOf(a, loc), dateOf(b.Add(-1), loc); !d.before(lo) && !hi.before(d) {
			shown = true
		}
	})
	return !shown
}
