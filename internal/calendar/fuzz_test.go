package calendar

import (
	"testing"
	"time"
)

// fuzzZones includes zones whose midnight is sometimes skipped
// (America/Sao_Paulo, America/Havana), that skipped a whole day
// (Pacific/Apia, Pacific/Kiritimati), with half-hour daylight saving
// (Australia/Lord_Howe) and with a 45-minute offset (Asia/Kathmandu).
var fuzzZones = []string{"UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Kiritimati",
	"America/Sao_Paulo", "America/Havana", "Pacific/Apia", "Asia/Kathmandu"}

var divisors = []int{1, 2, 3, 4, 6, 12}

// FuzzWindows checks that calendar and rolling windows tile the range
// without gaps or overlaps, and that a billing period always contains its
// instant and is followed by the period starting at its end.
func FuzzWindows(f *testing.F) {
	f.Add(int64(1397831520), uint32(52080), uint8(0), uint8(30), uint8(1), uint8(31), int64(-86400*40))
	f.Add(int64(1394330400), uint32(86400*90), uint8(2), uint8(7), uint8(3), uint8(30), int64(86400*400))
	f.Add(int64(1325246400), uint32(86400*3), uint8(0), uint8(1), uint8(7), uint8(29), int64(0))
	f.Add(int64(1541300000), uint32(86400*5), uint8(5), uint8(90), uint8(5), uint8(1), int64(-86400*1000))
	f.Fuzz(func(t *testing.T, from int64, span uint32, m, days, zone, anchor uint8, firstOff int64) {
		const lo, hi = -2208988800, 4102444800 // 1900 to 2100
		from = lo + mod(from, hi-lo)
		firstOff = mod(firstOff, 2*86400*3660) - 86400*3660 // within ten years
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		if err != nil {
			t.Fatal(err)
		}
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
		next := Period(first, a, months, p.End, loc)
		if !next.Start.Equal(p.End) {
			t.Fatalf("the period after %v starts at %v", p, next.Start)
		}
		if again := Period(first, a, months, p.Start, loc); again != p {
			t.Fatalf("Period of the start of %v is %v", p, again)
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
