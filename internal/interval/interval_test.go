package interval

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func at(min int) time.Time { return time.Date(2025, 1, 1, 0, min, 0, 0, time.UTC) }

func iv(a, b int) Interval { return Interval{at(a), at(b)} }

func TestSetOperations(t *testing.T) {
	tests := []struct {
		name       string
		a, b       []Interval
		union      Set
		intersect  Set
		subtract   Set
		totalUnion time.Duration
	}{
		{
			name:      "disjoint",
			a:         []Interval{iv(0, 10)},
			b:         []Interval{iv(20, 30)},
			union:     Set{iv(0, 10), iv(20, 30)},
			intersect: nil,
			subtract:  Set{iv(0, 10)},
		},
		{
			name:      "touching merge in union, nothing in common",
			a:         []Interval{iv(0, 10)},
			b:         []Interval{iv(10, 20)},
			union:     Set{iv(0, 20)},
			intersect: nil,
			subtract:  Set{iv(0, 10)},
		},
		{
			name:      "b inside a splits the difference",
			a:         []Interval{iv(0, 30)},
			b:         []Interval{iv(10, 20)},
			union:     Set{iv(0, 30)},
			intersect: Set{iv(10, 20)},
			subtract:  Set{iv(0, 10), iv(20, 30)},
		},
		{
			name:      "b spans several of a",
			a:         []Interval{iv(0, 5), iv(10, 15), iv(20, 25)},
			b:         []Interval{iv(3, 22)},
			union:     Set{iv(0, 25)},
			intersect: Set{iv(3, 5), iv(10, 15), iv(20, 22)},
			subtract:  Set{iv(0, 3), iv(22, 25)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Normalize(tt.a), Normalize(tt.b)
			if diff := cmp.Diff(tt.union, Union(a, b)); diff != "" {
				t.Errorf("Union (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.intersect, Intersect(a, b)); diff != "" {
				t.Errorf("Intersect (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.subtract, Subtract(a, b)); diff != "" {
				t.Errorf("Subtract (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	got := Normalize([]Interval{iv(20, 25), iv(0, 10), iv(5, 12), iv(12, 13), iv(30, 30), iv(40, 35)})
	want := Set{iv(0, 13), iv(20, 25)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
}

func TestClipAndSplit(t *testing.T) {
	s := Set{iv(0, 10), iv(20, 30), iv(40, 50)}
	if diff := cmp.Diff(Set{iv(5, 10), iv(20, 30), iv(40, 45)}, s.Clip(iv(5, 45))); diff != "" {
		t.Errorf("Clip (-want +got):\n%s", diff)
	}
	if got := s.Clip(iv(10, 20)); got != nil {
		t.Errorf("Clip of a gap = %v, want nil", got)
	}
	got := Split(iv(0, 60), []time.Time{at(0), at(15), at(45), at(60), at(90)})
	if diff := cmp.Diff([]Interval{iv(0, 15), iv(15, 45), iv(45, 60)}, got); diff != "" {
		t.Errorf("Split (-want +got):\n%s", diff)
	}
}
