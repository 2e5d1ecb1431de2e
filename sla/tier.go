package sla

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/problem"
)

// Tier is one band of a credit schedule: the credit, in percent of the
// window's charge, for availabilities inside the band. Each bound is nil when
// absent and states whether it is inclusive, the way contracts write them:
// "< 99.99 and ≥ 99.0" is {AtLeast: 99.0, Below: 99.99}; "≤ 99.9 and > 99.0"
// is {Above: 99.0, AtMost: 99.9}. At most one lower bound (AtLeast or Above)
// and one upper bound (Below or AtMost) may be set; a tier without bounds
// holds every availability.
//
// A Tier is safe for concurrent use as long as no goroutine modifies it or
// its bounds.
type Tier struct {
	AtLeast *decimal.Decimal `yaml:"at_least"`
	Above   *decimal.Decimal `yaml:"above"`
	Below   *decimal.Decimal `yaml:"below"`
	AtMost  *decimal.Decimal `yaml:"at_most"`
	Credit  decimal.Decimal  `yaml:"credit"`
}

// Tiers is a credit schedule. An availability in no tier earns nothing, as
// the contract says; validation reports overlapping tiers always, and gaps
// below the objective unless the policy allows them.
//
// Tiers is safe for concurrent use as long as no goroutine modifies it (its
// slices and maps are shared, not copied).
type Tiers []Tier

// Contains reports whether the exact availability of r is inside t's band.
func (t Tier) Contains(r *Result) bool {
	in, _ := t.ContainsBy(r.compareOK)
	return in
}

// compareOK is Compare in the form ContainsBy and FindBy take.
func (r *Result) compareOK(percent decimal.Decimal) (int, bool) { return r.Compare(percent), true }

// ContainsBy reports whether a value is inside t's band, with the bound
// semantics of Tier, for a value known by its comparisons with
// percentages: compare(bound) compares the value with a bound (-1 if
// lower, 0 if equal, +1 if higher) and reports whether it could. ok is
// false when it could not. Contains is ContainsBy of Result.Compare; a
// billing system that holds availabilities in its own exact form finds
// their tiers with it.
func (t Tier) ContainsBy(compare func(bound decimal.Decimal) (int, bool)) (in, ok bool) {
	for _, b := range [...]struct {
		v   *decimal.Decimal
		out func(int) bool
	}{
		{t.AtLeast, func(c int) bool { return c < 0 }},
		{t.Above, func(c int) bool { return c <= 0 }},
		{t.Below, func(c int) bool { return c >= 0 }},
		{t.AtMost, func(c int) bool { return c > 0 }},
	} {
		if b.v == nil {
			continue
		}
		c, ok := compare(*b.v)
		if !ok {
			return false, false
		}
		if b.out(c) {
			return false, true
		}
	}
	return true, true
}

// Find returns the index of the first tier whose band holds the exact
// availability of r, or -1 when none does.
func (ts Tiers) Find(r *Result) int {
	i, _ := ts.FindBy(r.compareOK)
	return i
}

// FindBy returns the index of the first tier whose band holds a value
// known by its comparisons with percentages (see ContainsBy), or -1 when
// none does; ok is false when compare could not answer.
func (ts Tiers) FindBy(compare func(bound decimal.Decimal) (int, bool)) (i int, ok bool) {
	for i, t := range ts {
		in, ok := t.ContainsBy(compare)
		if !ok {
			return -1, false
		}
		if in {
			return i, true
		}
	}
	return -1, true
}

// String describes the band the way contracts write it: "≥ 99 and < 99.99",
// "< 95", or "any availability" for a tier without bounds. Bounds are
// printed as written (trailing zeros dropped).
func (t Tier) String() string {
	var parts []string
	add := func(op string, d *decimal.Decimal) {
		if d != nil {
			parts = append(parts, op+" "+d.String())
		}
	}
	add("≥", t.AtLeast)
	add(">", t.Above)
	add("<", t.Below)
	add("≤", t.AtMost)
	if len(parts) == 0 {
		return "any availability"
	}
	return strings.Join(parts, " and ")
}

// bound is one end of a band; nil value means unbounded.
type bound struct {
	v    *decimal.Decimal
	incl bool
}

// band returns the lower and upper bounds of t (the first set of each).
func (t Tier) band() (lo, hi bound) {
	switch {
	case t.AtLeast != nil:
		lo = bound{t.AtLeast, true}
	case t.Above != nil:
		lo = bound{t.Above, false}
	}
	switch {
	case t.Below != nil:
		hi = bound{t.Below, false}
	case t.AtMost != nil:
		hi = bound{t.AtMost, true}
	}
	return lo, hi
}

// holds reports whether value v lies inside [lo, hi] with the bounds'
// inclusiveness.
func holds(lo, hi bound, v decimal.Decimal) bool {
	if lo.v != nil {
		if c := v.Cmp(*lo.v); c < 0 || c == 0 && !lo.incl {
			return false
		}
	}
	if hi.v != nil {
		if c := v.Cmp(*hi.v); c > 0 || c == 0 && !hi.incl {
			return false
		}
	}
	return true
}

// nonEmpty reports whether some value lies within lo and hi.
func nonEmpty(lo, hi bound) bool {
	if lo.v == nil || hi.v == nil {
		return true
	}
	c := lo.v.Cmp(*hi.v)
	return c < 0 || c == 0 && lo.incl && hi.incl
}

// tighterLo returns the greater of two lower bounds (on equal values, the
// exclusive one).
func tighterLo(a, b bound) bound {
	switch {
	case a.v == nil:
		return b
	case b.v == nil:
		return a
	}
	if c := a.v.Cmp(*b.v); c > 0 || c == 0 && !a.incl {
		return a
	}
	return b
}

// tighterHi returns the smaller of two upper bounds (on equal values, the
// exclusive one).
func tighterHi(a, b bound) bound {
	switch {
	case a.v == nil:
		return b
	case b.v == nil:
		return a
	}
	if c := a.v.Cmp(*b.v); c < 0 || c == 0 && !a.incl {
		return a
	}
	return b
}

// Validate checks the schedule and returns a *problem.Error listing every
// problem, or nil: a tier with two lower or two upper bounds, bounds
// outside [0, 100], a lower bound not below the upper one (a band holding
// no availability), a credit outside [0, 100], two tiers whose bands
// overlap (with exact bound semantics: "< 99" and "≥ 99" do not overlap;
// "≤ 99" and "≥ 99" do), and, unless allowGaps, an availability below
// objective that no tier holds. Paths are relative to the schedule:
// "[2].below" is the below of its third tier, and a gap is a problem of
// the schedule as a whole (path ""). An empty schedule has no problems.
// The credit package checks its rules' tiers with it.
func (ts Tiers) Validate(objective decimal.Decimal, allowGaps bool) error {
	var l problem.List
	ts.check(&l, "", objective, allowGaps)
	return l.Err()
}

// check adds the problems Validate reports to list, with paths under path.
func (ts Tiers) check(list *problem.List, path string, objective decimal.Decimal, allowGaps bool) {
	valid := true
	for i, t := range ts {
		tp := problem.Index(path, i)
		if t.AtLeast != nil && t.Above != nil {
			list.Add(tp, "both at_least and above are set; a tier has one lower bound")
			valid = false
		}
		if t.Below != nil && t.AtMost != nil {
			list.Add(tp, "both below and at_most are set; a tier has one upper bound")
			valid = false
		}
		for _, f := range []struct {
			name string
			v    *decimal.Decimal
		}{{"at_least", t.AtLeast}, {"above", t.Above}, {"below", t.Below}, {"at_most", t.AtMost}} {
			if f.v != nil && (f.v.Sign() < 0 || f.v.GreaterThan(hundred)) {
				list.Addf(problem.Join(tp, f.name), "%q is not a percentage in [0, 100]", f.v.String())
			}
		}
		if t.Credit.Sign() < 0 || t.Credit.GreaterThan(hundred) {
			list.Addf(problem.Join(tp, "credit"), "%q is not a percentage in [0, 100]", t.Credit.String())
		}
		if lo, hi := t.band(); !nonEmpty(lo, hi) {
			list.Addf(tp, "band %q holds no availability: the lower bound must be below the upper one", t.String())
			valid = false
		}
	}
	if !valid {
		return
	}
	for i := range ts {
		for j := i + 1; j < len(ts); j++ {
			loI, hiI := ts[i].band()
			loJ, hiJ := ts[j].band()
			if nonEmpty(tighterLo(loI, loJ), tighterHi(hiI, hiJ)) {
				list.Addf(problem.Index(path, j), "band %q overlaps tier %d (%q)", ts[j].String(), i, ts[i].String())
			}
		}
	}
	if !allowGaps && len(ts) > 0 {
		for _, gap := range ts.gapsBelow(objective) {
			list.Addf(path, "no tier holds availability %s, below the objective %s (set allow_gaps if the schedule means it)", gap, objective.String())
		}
	}
}

// gapsBelow describes the lowest availability of each stretch of [0,
// objective) that no tier holds, in increasing order.
func (ts Tiers) gapsBelow(objective decimal.Decimal) []string {
	type band struct{ lo, hi bound }
	bands := make([]band, len(ts))
	for i, t := range ts {
		bands[i].lo, bands[i].hi = t.band()
	}
	sort.SliceStable(bands, func(i, j int) bool {
		a, b := bands[i].lo, bands[j].lo
		if a.v == nil || b.v == nil {
			return a.v == nil && b.v != nil
		}
		return a.v.LessThan(*b.v)
	})
	var gaps []string
	// Walk up from 0: cur is covered up to (and, unless needPoint,
	// including) it.
	cur, needPoint := decimal.Zero, true
	for steps := 0; steps <= 4*len(bands)+4; steps++ {
		if cur.Cmp(objective) >= 0 {
			return gaps
		}
		var best *bound
		for k := range bands {
			b := &bands[k]
			var starts bool
			if needPoint {
				starts = holds(b.lo, bound{}, cur)
			} else {
				starts = b.lo.v == nil || b.lo.v.LessThanOrEqual(cur)
			}
			reaches := b.hi.v == nil || b.hi.v.GreaterThan(cur) || needPoint && b.hi.incl && b.hi.v.Equal(cur)
			if starts && reaches && (best == nil || further(b.hi, *best)) {
				best = &b.hi
			}
		}
		if best == nil {
			if needPoint {
				gaps = append(gaps, cur.String())
			} else {
				gaps = append(gaps, fmt.Sprintf("just above %s", cur.String()))
			}
			// Skip the gap: go on from the lowest start of a band above
			// cur. An exclusive start is part of the gap (a band "above 99"
			// holds what is just above 99, not 99); an inclusive one is
			// held by its band.
			var next *bound
			for k := range bands {
				lo := &bands[k].lo
				if lo.v == nil || lo.v.LessThan(cur) || lo.v.Equal(cur) && (lo.incl || !needPoint) {
					continue
				}
				if next == nil || lo.v.LessThan(*next.v) || lo.v.Equal(*next.v) && lo.incl {
					next = lo
				}
			}
			if next == nil {
				return gaps
			}
			cur, needPoint = *next.v, next.incl
			continue
		}
		if best.v == nil {
			return gaps
		}
		if best.v.Equal(cur) { // covers exactly the point cur
			needPoint = false
			continue
		}
		cur, needPoint = *best.v, !best.incl
	}
	return gaps
}

// further reports whether upper bound a reaches past upper bound b.
func further(a, b bound) bool {
	switch {
	case b.v == nil:
		return false
	case a.v == nil:
		return true
	}
	c := a.v.Cmp(*b.v)
	return c > 0 || c == 0 && a.incl && !b.incl
}
