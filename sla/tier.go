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

// nonEmpty reports whether some value lies within lo and hi.
func nonEmpty(lo, hi bound) bool {
	if lo.v == nil || hi.v == nil {
		return true
	}
	c := lo.v.Cmp(*hi.v)
	return c < 0 || c == 0 && lo.incl && hi.incl
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
	order := ts.byLowerBound()
	// Sweep the bands in order of their lower bounds: a band overlaps an
	// earlier one exactly when it starts within reach of the one reaching
	// furthest so far (its lower bound is at least theirs). One problem per
	// overlapping band, naming that furthest-reaching one: O(n log n).
	reach := -1
	for _, j := range order {
		if reach >= 0 {
			lo, _ := ts[j].band()
			if _, hi := ts[reach].band(); nonEmpty(lo, hi) {
				at, other := max(j, reach), min(j, reach)
				list.Addf(problem.Index(path, at), "band %q overlaps tier %d (%q)", ts[at].String(), other, ts[other].String())
			}
		}
		if _, hi := ts[j].band(); reach < 0 || further(hi, reachHi(ts, reach)) {
			reach = j
		}
	}
	if !allowGaps && len(ts) > 0 {
		for _, gap := range ts.gapsBelow(objective, order) {
			list.Addf(path, "no tier holds availability %s, below the objective %s (set allow_gaps if the schedule means it)", gap, objective.String())
		}
	}
}

// reachHi returns the upper bound of tier i.
func reachHi(ts Tiers, i int) bound {
	_, hi := ts[i].band()
	return hi
}

// byLowerBound returns the indexes of ts ordered by lower bound: no bound
// first, then by value, an inclusive bound before an exclusive one of the
// same value (it holds more); ties keep the order of ts.
func (ts Tiers) byLowerBound() []int {
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, _ := ts[order[i]].band()
		b, _ := ts[order[j]].band()
		switch {
		case a.v == nil || b.v == nil:
			return a.v == nil && b.v != nil
		}
		if c := a.v.Cmp(*b.v); c != 0 {
			return c < 0
		}
		return a.incl && !b.incl
	})
	return order
}

// gapsBelow describes the lowest availability of each stretch of [0,
// objective) that no tier holds, in increasing order, given the tiers'
// order by lower bound (byLowerBound): one sweep, O(n).
func (ts Tiers) gapsBelow(objective decimal.Decimal, order []int) []string {
	var gaps []string
	gap := func(cur decimal.Decimal, needPoint bool) {
		if needPoint {
			gaps = append(gaps, cur.String())
		} else {
			gaps = append(gaps, fmt.Sprintf("just above %s", cur.String()))
		}
	}
	// Walk up from 0: everything below cur is held, and cur itself too
	// unless needPoint.
	cur, needPoint := decimal.Zero, true
	for _, i := range order {
		if cur.Cmp(objective) >= 0 {
			return gaps
		}
		lo, hi := ts[i].band()
		// Does this band start soon enough to hold what comes next? An
		// exclusive start at cur holds what is just above cur, not cur.
		starts := lo.v == nil || lo.v.LessThan(cur) || lo.v.Equal(cur) && (lo.incl || !needPoint)
		if !starts {
			// A gap from cur up to this band's start; the bands after
			// it start no lower.
			gap(cur, needPoint)
			cur, needPoint = *lo.v, lo.incl
			if cur.Cmp(objective) >= 0 {
				return gaps
			}
		}
		switch {
		case hi.v == nil:
			return gaps // held up to 100
		case hi.v.GreaterThan(cur):
			cur, needPoint = *hi.v, !hi.incl
		case hi.v.Equal(cur) && needPoint && hi.incl:
			needPoint = false
		}
	}
	if cur.Cmp(objective) < 0 {
		gap(cur, needPoint)
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
