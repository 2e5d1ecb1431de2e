package interval

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestIntervalMethods(t *testing.T) {
	far := Interval{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name      string
		i, j      Interval
		empty     bool
		duration  time.Duration
		overlaps  bool
		intersect Interval
	}{
		{name: "zero interval", empty: true, intersect: Interval{}},
		{name: "disjoint", i: iv(0, 10), j: iv(20, 30), duration: 10 * time.Minute},
		{name: "touching do not overlap", i: iv(0, 10), j: iv(10, 20), duration: 10 * time.Minute},
		{name: "overlapping", i: iv(0, 10), j: iv(5, 20), duration: 10 * time.Minute, overlaps: true, intersect: iv(5, 10)},
		{name: "inside", i: iv(0, 30), j: iv(10, 20), duration: 30 * time.Minute, overlaps: true, intersect: iv(10, 20)},
		{name: "reversed is empty", i: iv(10, 0), j: iv(0, 20), empty: true},
		{name: "reversed inside is empty and overlaps nothing", i: iv(10, 5), j: iv(0, 20), empty: true},
		{name: "instant is empty", i: iv(5, 5), j: iv(0, 20), empty: true},
		{name: "duration saturates", i: far, j: iv(0, 1), duration: math.MaxInt64, overlaps: true, intersect: iv(0, 1)},
		{name: "other zones compare by instant", i: Interval{at(0).In(time.FixedZone("x", 3600)), at(10)}, j: iv(5, 20), duration: 10 * time.Minute, overlaps: true, intersect: Interval{at(5), at(10)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.i.IsEmpty(); got != tt.empty {
				t.Errorf("IsEmpty = %v", got)
			}
			if got := tt.i.Duration(); got != tt.duration {
				t.Errorf("Duration = %v, want %v", got, tt.duration)
			}
			if got := tt.i.Overlaps(tt.j); got != tt.overlaps {
				t.Errorf("Overlaps = %v", got)
			}
			if got := tt.j.Overlaps(tt.i); got != tt.overlaps {
				t.Errorf("Overlaps is not symmetric")
			}
			if diff := cmp.Diff(tt.intersect, tt.i.Intersect(tt.j)); diff != "" {
				t.Errorf("Intersect (-want +got):\n%s", diff)
			}
		})
	}
}

func TestContains(t *testing.T) {
	s := Set{iv(0, 10), iv(20, 30)}
	for _, tt := range []struct {
		min  int
		want bool
	}{{-1, false}, {0, true}, {9, true}, {10, false}, {15, false}, {20, true}, {29, true}, {30, false}} {
		if got := s.Contains(at(tt.min)); got != tt.want {
			t.Errorf("Contains(minute %d) = %v, want %v", tt.min, got, tt.want)
		}
		if got := iv(0, 10).Contains(at(tt.min)); got != (tt.min >= 0 && tt.min < 10) {
			t.Errorf("Interval.Contains(minute %d) = %v", tt.min, got)
		}
	}
	if Set(nil).Contains(at(0)) || Set(nil).Total() != 0 {
		t.Error("the nil Set is not empty")
	}
}

func BenchmarkUnion(b *testing.B) {
	var x, y []Interval
	for i := range 1000 {
		x = append(x, iv(4*i, 4*i+2))
		y = append(y, iv(4*i+1, 4*i+3))
	}
	a, c := Normalize(x), Normalize(y)
	for b.Loop() {
		Union(a, c)
	}
}

func BenchmarkNormalize(b *testing.B) {
	var x []Interval
	for i := range 1000 {
		x = append(x, iv((i*7919)%5000, (i*7919)%5000+3))
	}
	for b.Loop() {
		Normalize(x)
	}
}

func TestMeasurable(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"the epoch", time.Unix(0, 0), true},
		{"the earliest nanosecond", time.Unix(0, math.MinInt64), true},
		{"a nanosecond before it", time.Unix(0, math.MinInt64).Add(-1), false},
		{"the latest nanosecond", time.Unix(0, math.MaxInt64), true},
		{"a nanosecond after it", time.Unix(0, math.MaxInt64).Add(1), false},
		{"the zero time", time.Time{}, false},
		{"year 9999", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), false},
		{"in another zone", time.Unix(0, math.MaxInt64).In(time.FixedZone("+14", 14*3600)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Measurable(tt.t); got != tt.want {
				t.Errorf("Measurable(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}
