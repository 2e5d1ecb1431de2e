// Package interval is arithmetic on half-open time intervals [Start, End)
// and on sets of them.
//
// A Set is a normalised list of intervals: sorted by start, each non-empty,
// none overlapping or touching another. Normalize makes a Set from any list
// in O(n log n); Union, Intersect and Subtract combine two Sets in linear
// time and return a Set. Instants are compared with Before, After and Equal,
// never ==, so intervals built in different zones combine correctly.
package interval

import (
	"slices"
	"sort"
	"time"
)

// Interval is the half-open span of time [Start, End). It is empty when End
// is not after Start. The zero Interval is empty.
//
// Interval is a plain value: safe for concurrent use.
type Interval struct {
	Start, End time.Time
}

// IsEmpty reports whether i contains no instant.
func (i Interval) IsEmpty() bool { return !i.Start.Before(i.End) }

// Duration returns End − Start, or 0 when i is empty. Like time.Time.Sub, it
// saturates at the largest or smallest time.Duration.
func (i Interval) Duration() time.Duration {
	if i.IsEmpty() {
		return 0
	}
	return i.End.Sub(i.Start)
}

// Contains reports whether t lies in [Start, End).
func (i Interval) Contains(t time.Time) bool {
	return !t.Before(i.Start) && t.Before(i.End)
}

// Intersect returns the instants in both i and j; the result may be empty.
func (i Interval) Intersect(j Interval) Interval {
	r := i
	if j.Start.After(r.Start) {
		r.Start = j.Start
	}
	if j.End.Before(r.End) {
		r.End = j.End
	}
	if r.IsEmpty() {
		return Interval{}
	}
	return r
}

// Overlaps reports whether i and j share at least one instant. An empty
// interval overlaps nothing.
func (i Interval) Overlaps(j Interval) bool {
	return !i.IsEmpty() && !j.IsEmpty() && i.Start.Before(j.End) && j.Start.Before(i.End)
}

// Set is a normalised list of intervals: sorted by Start, every interval
// non-empty, and each ending strictly before the next one starts. The
// functions of this package that take a Set rely on that invariant; use
// Normalize to establish it. The nil Set is the empty set.
//
// No function of this package modifies a Set it is given, so a Set is safe
// for concurrent use as long as its owner does not modify it either.
type Set []Interval

// Normalize returns the Set of instants covered by any of ivs: it drops empty
// intervals, sorts the rest and merges those that overlap or touch. It does
// not modify ivs. O(n log n).
func Normalize(ivs []Interval) Set {
	s := make(Set, 0, len(ivs))
	for _, iv := range ivs {
		if !iv.IsEmpty() {
			s = append(s, iv)
		}
	}
	slices.SortFunc(s, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	out := s[:0]
	for _, iv := range s {
		out = appendMerged(out, iv)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// appendMerged appends iv to out, whose intervals start no later than iv,
// merging it into the last one when they overlap or touch.
func appendMerged(out Set, iv Interval) Set {
	if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
		if iv.End.After(out[n-1].End) {
			out[n-1].End = iv.End
		}
		return out
	}
	return append(out, iv)
}

// Total returns the summed length of the intervals of s.
func (s Set) Total() time.Duration {
	var d time.Duration
	for _, iv := range s {
		d += iv.Duration()
	}
	return d
}

// Contains reports whether t lies in one of the intervals of s. O(log n).
func (s Set) Contains(t time.Time) bool {
	i := sort.Search(len(s), func(i int) bool { return t.Before(s[i].End) })
	return i < len(s) && !t.Before(s[i].Start)
}

// Clip returns the part of s inside w. O(log n + k) for k intervals kept.
func (s Set) Clip(w Interval) Set {
	if w.IsEmpty() {
		return nil
	}
	lo := sort.Search(len(s), func(i int) bool { return s[i].End.After(w.Start) })
	hi := sort.Search(len(s), func(i int) bool { return !s[i].Start.Before(w.End) })
	if lo >= hi {
		return nil
	}
	out := make(Set, hi-lo)
	copy(out, s[lo:hi])
	out[0] = out[0].Intersect(w)
	out[len(out)-1] = out[len(out)-1].Intersect(w)
	return out
}

// Union returns the instants in a or in b. O(len(a) + len(b)).
func Union(a, b Set) Set {
	out := make(Set, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || (i < len(a) && a[i].Start.Before(b[j].Start)) {
			out = appendMerged(out, a[i])
			i++
		} else {
			out = appendMerged(out, b[j])
			j++
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Intersect returns the instants in both a and b. O(len(a) + len(b)).
func Intersect(a, b Set) Set {
	var out Set
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if iv := a[i].Intersect(b[j]); !iv.IsEmpty() {
			out = append(out, iv)
		}
		if a[i].End.Before(b[j].End) {
			i++
		} else {
			j++
		}
	}
	return out
}

// Subtract returns the instants in a and not in b. O(len(a) + len(b)).
func Subtract(a, b Set) Set {
	var out Set
	j := 0
	for _, iv := range a {
		for j < len(b) && !b[j].End.After(iv.Start) {
			j++ // b[j] ends before iv starts, and before every later interval of a
		}
		cur := iv.Start
		for k := j; k < len(b) && b[k].Start.Before(iv.End); k++ {
			if b[k].Start.After(cur) {
				out = append(out, Interval{cur, b[k].Start})
			}
			if b[k].End.After(cur) {
				cur = b[k].End
			}
		}
		if cur.Before(iv.End) {
			out = append(out, Interval{cur, iv.End})
		}
	}
	return out
}

// Split cuts i at every instant of cuts that lies strictly inside it and
// returns the pieces in order. cuts must be sorted. The pieces are
// contiguous and their lengths add up to i.Duration().
func Split(i Interval, cuts []time.Time) []Interval {
	if i.IsEmpty() {
		return nil
	}
	var out []Interval
	start := i.Start
	for _, c := range cuts {
		if c.After(start) && c.Before(i.End) {
			out = append(out, Interval{start, c})
			start = c
		}
	}
	return append(out, Interval{start, i.End})
}
