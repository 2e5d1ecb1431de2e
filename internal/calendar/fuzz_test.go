package calendar

import (
	"slices"
	"testing"
	"time"
)

// seedZones are zones the seed corpus starts from: whose midnight is
// sometimes skipped (America/Asuncion, America/Sao_Paulo, America/Havana),
// that skipped a whole day (Pacific/Apia, Pacific/Kiritimati), with
// half-hour daylight saving (Australia/Lord_Howe) and with a 45-minute
// offset (Asia/Kathmandu). The fuzzer picks from every zone.
var seedZones = []string{"UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Kiritimati",
	"America/Sao_Paulo", "America/Havana", "Pacific/Apia", "Asia/Kathmandu", "America/Asuncion"}

var divisors = []int{1, 2, 3, 4, 6, 12}

// FuzzWindows drives the calendar with random zones of the tz database,
// instants and dates. It checks that calendar and rolling windows tile the
// range without gaps or overlaps, that every window and billing period
// starts at the first instant of its own local day (the 1st of a month
// aligned to January, or the clamped anchor day), that rolling windows keep
// the local time of their end, that a billing period contains its instant
// and is followed by the period starting at its end, and that DayStart and
// At give the first instant showing a local time.
func FuzzWindows(f *testing.F) {
	zones := allZones(f)
	index := func(name string) uint16 {
		return uint16(slices.IndexFunc(zones, func(l *time.Location) bool { return l.String() == name }))
	}
	f.Add(int64(1397831520), uint32(52080), uint8(0), uint8(30), index("America/New_York"), uint8(31), int64(-86400*40))
	f.Add(int64(1394330400), uint32(86400*90), uint8(2), uint8(7), index("Australia/Lord_Howe"), uint8(30), int64(86400*400))
	f.Add(int64(1325246400), uint32(86400*3), uint8(0), uint8(1), index("Pacific/Apia"), uint8(29), int64(0))
	f.Add(int64(1506600000), uint32(86400*40), uint8(2), uint8(1), index("America/Asuncion"), uint8(0), int64(0))
	f.Add(int64(638000000), uint32(86400*5), uint8(0), uint8(2), index("America/Havana"), uint8(0), int64(-86400*100))
	for _, name := range seedZones {
		f.Add(int64(1541300000), uint32(86400*5), uint8(5), uint8(90), index(name), uint8(1), int64(-86400*1000))
	}
	f.Fuzz(func(t *testing.T, from int64, span uint32, m, days uint8, zone uint16, anchor uint8, firstOff int64) {
		const lo, hi = -2208988800, 4102444800 // 1900 to 2100
		from = lo + mod(from, hi-lo)
		firstOff = mod(firstOff, 2*86400*3660) - 86400*3660 // within ten years
		loc := zones[int(zone)%len(zones)]
		start := time.Unix(from, 0)
		end := start.Add(time.Duration(span%(86400*800)) * time.Second)
		months := divisors[int(m)%len(divisors)]

		ws := Windows(months, loc, start, end)
		if !start.Before(end) {
			if ws != nil {
				t.Fatalf("Windows of an empty range = %v", ws)
			}
		} else {
			if len(ws) == 0 || ws[0].Start.After(start) || ws[len(ws)-1].End.Before(end) {
				t.Fatalf("Windows(%d, %v, %v, %v) = %v does not cover the range", months, loc, start, end, ws)
			}
			for i, w := range ws {
				if w.IsEmpty() {
					t.Fatalf("window %d is empty: %v", i, w)
				}
				if i > 0 && !ws[i-1].End.Equal(w.Start) {
					t.Fatalf("windows %d and %d leave a gap or overlap: %v, %v", i-1, i, ws[i-1], w)
				}
				d := dateOf(w.Start, loc)
				if d.d != 1 && !skipped(date{d.y, d.m, 1}, loc) || (int(d.m)-1)%months != 0 {
					t.Fatalf("%s: window %v of %d months does not start on the 1st of a month aligned to January", loc, w, months)
				}
				if why := checkDayStart(w.Start, date{d.y, d.m, 1}, loc); why != "" {
					t.Fatalf("%s: window %v starts at %v: %s", loc, w, w.Start.In(loc), why)
				}
				if f := Floor(w.Start, months, loc); !f.Equal(w.Start) {
					t.Fatalf("window %v starts at %v, but Floor of its start is %v", w, w.Start, f)
				}
				if !w.End.After(start) || !w.Start.Before(end) {
					t.Fatalf("window %d (%v) does not overlap the range", i, w)
				}
				if d := w.Duration(); d < time.Duration(months)*27*24*time.Hour || d > time.Duration(months)*32*24*time.Hour {
					t.Fatalf("window %v of %d months lasts %v", w, months, d)
				}
			}
		}

		n := int(days)%120 + 1
		rs := Rolling(n, loc, start, end)
		if start.Before(end) {
			if len(rs) == 0 || rs[0].Start.After(start) || !rs[len(rs)-1].End.Equal(end) {
				t.Fatalf("Rolling(%d, %v, %v, %v) = %v does not tile the range back from its end", n, loc, start, end, rs)
			}
			for i, w := range rs {
				if w.IsEmpty() || (i > 0 && !rs[i-1].End.Equal(w.Start)) {
					t.Fatalf("rolling windows %v have a gap, overlap or empty window at %d", rs, i)
				}
				// The k-th bound back from the end is the first instant
				// showing the end's local time, k × n days earlier.
				le := end.In(loc)
				k := len(rs) - i
				want := time.Date(le.Year(), le.Month(), le.Day()-k*n, le.Hour(), le.Minute(), le.Second(), le.Nanosecond(), time.UTC)
				if why := checkAt(w.Start, want, loc); why != "" {
					t.Fatalf("%s: rolling window %v of %d days back from %v starts at %v: %s", loc, w, n, le, w.Start.In(loc), why)
				}
			}
			if len(rs) > 1 && !rs[1].Start.After(start) {
				t.Fatalf("Rolling has a window %v entirely before the range starting %v", rs[0], start)
			}
		}

		first := start.Add(time.Duration(firstOff) * time.Second)
		a := int(anchor)%31 + 1
		p := Period(first, a, months, start, loc)
		if !p.Contains(start) {
			t.Fatalf("Period(%v, %d, %d, %v, %v) = %v does not contain the instant", first, a, months, start, loc, p)
		}
		if p.IsEmpty() {
			t.Fatalf("Period is empty: %v", p)
		}
		for _, b := range []time.Time{p.Start, p.End} {
			lb := b.In(loc)
			y, m := lb.Year(), lb.Month()
			want := date{y, m, min(a, DaysIn(y, m))}
			if prev := dateOf(time.Date(y, m, lb.Day()-1, 12, 0, 0, 0, time.UTC), time.UTC); dateOf(b, loc) != want &&
				prev.d == min(a, DaysIn(prev.y, prev.m)) && skipped(prev, loc) {
				want = prev // the anchor day was skipped: the period starts with the next
			}
			if why := checkDayStart(b, want, loc); why != "" {
				t.Fatalf("%s: a period anchored on day %d is %v: its bound %v: %s", loc, a, p, lb, why)
			}
		}
		next := Period(first, a, months, p.End, loc)
		if !next.Start.Equal(p.End) {
			t.Fatalf("the period after %v starts at %v", p, next.Start)
		}
		if again := Period(first, a, months, p.Start, loc); again != p {
			t.Fatalf("Period of the start of %v is %v", p, again)
		}

		// A day and a local time: the first instant showing them.
		ld := start.In(loc)
		ds := DayStart(ld.Year(), ld.Month(), ld.Day(), loc)
		if why := checkDayStart(ds, dateOf(start, loc), loc); why != "" {
			t.Fatalf("%s: DayStart of %v is %v: %s", loc, ld, ds, why)
		}
		wall := time.Date(ld.Year(), ld.Month(), ld.Day()+int(days)%3, int(m)%24, int(anchor)%60, int(span%60), 0, time.UTC)
		at := At(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, loc)
		if why := checkAt(at, wall, loc); why != "" {
			t.Fatalf("%s: At(%v) = %v: %s", loc, wall.Format(time.DateTime), at.In(loc), why)
		}
	})
}

func mod(a, b int64) int64 {
	if r := a % b; r >= 0 {
		return r
	} else {
		return r + b
	}
}
