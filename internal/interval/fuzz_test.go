package interval

import (
	"testing"
	"time"
)

// grid is the number of seconds the fuzz target's intervals live on.
const grid = 40

// decodeSets turns fuzz bytes into two lists of intervals and a window on
// a grid of seconds: the first byte says how many intervals the first list
// has, then each interval takes two bytes (start, end) and the window the
// last two.
func decodeSets(data []byte) (a, b []Interval, w Interval) {
	if len(data) == 0 {
		return nil, nil, Interval{}
	}
	na := int(data[0] % 8)
	data = data[1:]
	var ivs []Interval
	for len(data) >= 2 {
		z := zones[int(data[0])%len(zones)]
		ivs = append(ivs, Interval{sec(int(data[0]) % (grid + 1)).In(z), sec(int(data[1]) % (grid + 1))})
		data = data[2:]
	}
	if len(ivs) > 0 {
		w, ivs = ivs[len(ivs)-1], ivs[:len(ivs)-1]
	}
	na = min(na, len(ivs))
	return ivs[:na], ivs[na:], w
}

// bits is the naive reference: which seconds of the grid a list covers.
type bits [grid]bool

func bitsOf(ivs ...Interval) bits {
	var m bits
	for _, iv := range ivs {
		for n := range grid {
			if iv.Contains(sec(n)) {
				m[n] = true
			}
		}
	}
	return m
}

func (m bits) total() time.Duration {
	var d time.Duration
	for _, in := range m {
		if in {
			d += time.Second
		}
	}
	return d
}

// FuzzSetOperations compares Union, Intersect, Subtract, Clip, Total and
// Contains with a second-by-second reference, and checks that every result
// is a normalised Set.
func FuzzSetOperations(f *testing.F) {
	f.Add([]byte{2, 0, 10, 20, 30, 5, 25, 0, 40})
	f.Add([]byte{1, 0, 30, 10, 20, 15, 16})
	f.Add([]byte{3, 0, 5, 10, 15, 20, 25, 3, 22, 4, 24})
	f.Add([]byte{0, 10, 10, 40, 0, 0, 40})
	f.Fuzz(func(t *testing.T, data []byte) {
		la, lb, w := decodeSets(data)
		a, b := Normalize(la), Normalize(lb)
		ma, mb, mw := bitsOf(la...), bitsOf(lb...), bitsOf(w)
		var union, inter, sub, clip bits
		for n := range grid {
			union[n] = ma[n] || mb[n]
			inter[n] = ma[n] && mb[n]
			sub[n] = ma[n] && !mb[n]
			clip[n] = ma[n] && mw[n]
		}
		for _, c := range []struct {
			name string
			got  Set
			want bits
		}{
			{"Normalize", a, ma},
			{"Union", Union(a, b), union},
			{"Intersect", Intersect(a, b), inter},
			{"Subtract", Subtract(a, b), sub},
			{"Clip", a.Clip(w), clip},
		} {
			for i, iv := range c.got {
				if iv.IsEmpty() || (i > 0 && !c.got[i-1].End.Before(iv.Start)) {
					t.Fatalf("%s(%v, %v) = %v is not a normalised Set", c.name, la, lb, c.got)
				}
			}
			if got := bitsOf(c.got...); got != c.want {
				t.Fatalf("%s(%v, %v, window %v) = %v; seconds %v, want %v", c.name, la, lb, w, c.got, got, c.want)
			}
			if got, want := c.got.Total(), c.want.total(); got != want {
				t.Fatalf("%s(%v, %v).Total() = %v, want %v", c.name, la, lb, got, want)
			}
			for n := range grid {
				if c.got.Contains(sec(n)) != c.want[n] {
					t.Fatalf("%s(%v, %v).Contains(second %d) = %v", c.name, la, lb, n, !c.want[n])
				}
			}
		}
	})
}
