package credit

import (
	"cmp"
	"iter"
	"slices"
	"sort"
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/internal/interval"
)

// billing is how one subscription is billed: its billing periods and what
// each costs.
type billing struct {
	months int            // length of a billing period in calendar months
	zone   *time.Location // billing periods start at midnight in zone
	first  time.Time      // an instant in the month of a period start
	anchor int            // day of the month periods start on, 1–31
	cached []interval.Interval
	bounds []int64 // cached as Unix nanoseconds (periodCache.bounds)
	list   int     // the index of cached in its periodCache, -1 when none

	// conv is the plan's proration conventions, nil for none: actual time.
	conv *conventions
}

// conventions are a plan's proration conventions (Plan.Proration,
// ProrationDays, EqualMonths, FractionPlaces), resolved once per plan.
type conventions struct {
	prorate    Proration
	fixedDays  int  // the month of FixedDays
	equal      bool // equal months, of a period longer than a month
	fracPlaces int
}

// fracPlaces returns the places conv rounds a proration fraction to: 0
// (exact) for none.
func fracPlaces(conv *conventions) int {
	if conv == nil {
		return 0
	}
	return conv.fracPlaces
}

// conventionsOf returns the conventions of p, or nil when it has none
// (actual time, exact fractions): the common case, computed the fastest.
func conventionsOf(p *Plan) *conventions {
	c := &conventions{prorate: p.Proration, fixedDays: cmp.Or(p.ProrationDays, DefaultProrationDays),
		equal: p.EqualMonths && p.Period.Months() > 1, fracPlaces: p.FractionPlaces}
	if c.prorate == ActualTime && !c.equal && c.fracPlaces == 0 {
		return nil
	}
	return c
}

// billingOf returns the billing of sub on plan p in zone, under conv
// (conventionsOf(p)).
//
// Periods start on sub.AnchorDay (clamped to short months), or on the day of
// sub.From in zone when AnchorDay is zero, or on the 1st when From is zero
// too. Quarterly and annual periods start in the month of From (or January).
// The periods come from cache when it covers them.
func billingOf(p *Plan, sub *Subscription, zone *time.Location, cache *periodCache, conv *conventions) billing {
	b := billing{months: p.Period.Months(), zone: zone, anchor: sub.AnchorDay, list: -1, conv: conv}
	month, day := time.January, 1 // of b.first in zone
	if sub.From.IsZero() {
		b.first = calendar.DayStart(2000, time.January, 1, zone)
	} else {
		b.first = sub.From
		_, month, day = sub.From.In(zone).Date()
	}
	if b.anchor == 0 {
		b.anchor = day
	}
	if cache != nil && b.anchor >= 1 && b.anchor <= 31 {
		phase := (int(month) - 1) % b.months
		b.list = (b.anchor-1)*b.months + phase
		b.cached = cache.lists[b.list]
		b.bounds = cache.bounds[b.list]
	}
	return b
}

// period returns the billing period that contains t.
func (b billing) period(t time.Time) interval.Interval {
	ps := b.cached
	i := sort.Search(len(ps), func(i int) bool { return ps[i].End.After(t) })
	if i < len(ps) && !ps[i].Start.After(t) {
		return ps[i]
	}
	return calendar.Period(b.first, b.anchor, b.months, t, b.zone)
}

// periodCache holds a plan's billing periods around its measured windows,
// computed once with calendar.Period for every anchor day and every phase
// (the month of the year a period starts in, modulo the period's length):
// the periods of any subscription are one of these lists. It is read-only
// once built.
type periodCache struct {
	lists [][]interval.Interval // by (anchor day − 1) × months + phase
	// bounds holds the same periods as instants in Unix nanoseconds,
	// b[k] to b[k+1] for lists[k], for the fast path.
	bounds [][]int64
}

// newPeriodCache returns the billing periods of months months in zone that
// overlap [from, to).
func newPeriodCache(months int, zone *time.Location, from, to time.Time) *periodCache {
	c := &periodCache{lists: make([][]interval.Interval, 31*months), bounds: make([][]int64, 31*months)}
	if !from.Before(to) {
		return c
	}
	defer func() {
		for i, list := range c.lists {
			c.bounds[i] = periodBounds(list)
		}
	}()
	for anchor := 1; anchor <= 31; anchor++ {
		for phase := range months {
			first := calendar.DayStart(2000, time.January+time.Month(phase), 1, zone)
			var list []interval.Interval
			for t := from; t.Before(to); {
				p := calendar.Period(first, anchor, months, t, zone)
				list = append(list, p)
				t = p.End
			}
			c.lists[(anchor-1)*months+phase] = list
		}
	}
	return c
}

// activeSpan returns the part of window w during which sub was active
// ([From, Until), a zero bound being unbounded); it may be empty.
func activeSpan(sub *Subscription, w interval.Interval) interval.Interval {
	a := w
	if !sub.From.IsZero() && sub.From.After(a.Start) {
		a.Start = sub.From
	}
	if !sub.Until.IsZero() && sub.Until.Before(a.End) {
		a.End = sub.Until
	}
	if a.IsEmpty() {
		return interval.Interval{}
	}
	return a
}

// share returns the exact number of billing periods [s, e) covers: the
// sum, over the periods it overlaps, of the part of each it covers under
// the plan's conventions (parts), each rounded to FractionPlaces when the
// plan says so. In actual elapsed time, a whole calendar month on a
// monthly plan anchored on the 1st is 1, and April on an annual plan is 30
// days ÷ 365 days (1/12 with EqualMonths).
func share[N any, A arith[N]](a A, b *billing, s, e time.Time) N {
	if b.conv == nil {
		// Without conventions, the overlaps themselves: ranging over them
		// directly keeps the iterator off the heap on the hot path.
		var sum N
		first := true
		for overlap, length := range b.overlaps(s, e) {
			term := a.fromRatio(overlap, length)
			if first {
				sum, first = term, false
			} else {
				sum = a.add(sum, term)
			}
		}
		if first {
			return a.fromInt(0)
		}
		return sum
	}
	sum := a.fromInt(0)
	for _, f := range b.parts(s, e) {
		term := a.fromRatio(f[0], f[1])
		if k := b.conv.fracPlaces; k > 0 {
			term = a.round(term, step{k, 1, k}, halfUp)
		}
		sum = a.add(sum, term)
	}
	return sum
}

// parts yields, in order, the overlap of [s, e) with each billing period
// (with each month of it, with EqualMonths) and the part of the period it
// is worth under the plan's conventions, as a fraction num ÷ den: by
// Proration (periodShare), a month with EqualMonths being 1 ÷ months of
// the period. Without conventions share uses overlaps.
func (b *billing) parts(s, e time.Time) iter.Seq2[interval.Interval, [2]int64] {
	return func(yield func(interval.Interval, [2]int64) bool) {
		for t := s; t.Before(e); {
			p := b.period(t)
			sub := []interval.Interval{p}
			if b.conv.equal {
				sub = monthsOf(p, b.months, b.anchor, b.zone)
			}
			for _, m := range sub {
				o := m.Intersect(interval.Interval{Start: s, End: e})
				if o.IsEmpty() {
					continue
				}
				os, oe := o.Start, o.End
				months := b.months
				if b.conv.equal {
					months = 1
				}
				num, den := b.conv.prorate.periodShare(os, oe, m.Start, m.End, months, b.conv.fixedDays, b.zone)
				if b.conv.equal {
					den *= int64(len(sub))
				}
				if !yield(o, [2]int64{num, den}) {
					return
				}
			}
			t = p.End
		}
	}
}

// monthsOf returns the n months of period p, billed on anchor day anchor:
// from one anchor day to the next (clamped to short months).
func monthsOf(p interval.Interval, n, anchor int, zone *time.Location) []interval.Interval {
	out := make([]interval.Interval, 0, n)
	for t := p.Start; t.Before(p.End) && len(out) < n; {
		m := calendar.Period(p.Start, anchor, 1, t, zone)
		if m.End.After(p.End) || len(out) == n-1 {
			m.End = p.End
		}
		out = append(out, m)
		t = m.End
	}
	return out
}

// overlaps yields, in order, the overlap of [s, e) with each billing
// period it overlaps and the period's length, in nanoseconds: from the
// cached bounds when they hold the span, else from the periods.
func (b *billing) overlaps(s, e time.Time) iter.Seq2[int64, int64] {
	return func(yield func(int64, int64) bool) {
		if !s.Before(e) {
			return
		}
		if bd := b.bounds; len(bd) >= 2 && interval.Measurable(s) && interval.Measurable(e) {
			sn, en := s.UnixNano(), e.UnixNano()
			k, _ := slices.BinarySearch(bd, sn+1) // the first bound after sn
			if k--; k >= 0 && en <= bd[len(bd)-1] {
				for t := sn; t < en; k++ {
					ps, pe := bd[k], bd[k+1]
					if !yield(min(pe, en)-max(ps, t), pe-ps) {
						return
					}
					t = pe
				}
				return
			}
		}
		for seg, length := range b.segments(s, e) {
			if !yield(int64(seg.Duration()), length) {
				return
			}
		}
	}
}

// segments yields, in order, the part of [s, e) in each billing period it
// overlaps, with the period's length in nanoseconds.
func (b *billing) segments(s, e time.Time) iter.Seq2[interval.Interval, int64] {
	return func(yield func(interval.Interval, int64) bool) {
		span := interval.Interval{Start: s, End: e}
		for t := s; t.Before(e); {
			p := b.period(t)
			if !yield(p.Intersect(span), int64(p.Duration())) {
				return
			}
			t = p.End
		}
	}
}

// segment is the part of a window's active time in one billing period, for
// a Prorated rule: the period's length and the weighted downtime in the
// part, in seconds; counted is what the rule counts of that downtime,
// after used of the objective's allowance (BeyondAllowance).
//
// Under the plan's proration conventions, share is the part of the period
// the conventions give the part, span its duration in seconds, and length
// span ÷ share (zero when share is).
type segment[N any] struct {
	length, downtime, used, counted N
	share, span                     N
}

// prorate sets t.per to per, what the subscription pays per billing
// period, and t.segs to the parts of the active part of a window in each
// billing period (segs: each part with its period's length in
// nanoseconds, as billing.segments yields them), with the weighted
// downtime measure gives for each, for a Prorated rule of a plan without
// proration conventions (prorateParts is prorate under them). It reports
// false when measure cannot give one (a figure that does not fit the
// number type). It is small enough to inline, so its iterator and measure
// stay off the heap.
func prorate[N any, A arith[N]](a A, t *trace[N], per N, segs iter.Seq2[interval.Interval, int64], measure func(from, until time.Time) (N, bool)) bool {
	t.per, t.segs, t.conv = per, t.segs[:0], nil
	for seg, length := range segs {
		d, ok := measure(seg.Start, seg.End)
		if !ok {
			return false
		}
		t.segs = append(t.segs, segment[N]{length: a.fromRatio(length, 1e9), downtime: d})
	}
	return true
}

// prorateParts is prorate under the plan's proration conventions (b.conv):
// the parts of span (the active part of a window) in each of b's billing
// periods, each worth the share of its period the conventions give it
// (parts), its length what the whole period would be at that rate: its
// duration ÷ that share (a month of an annual plan with EqualMonths is
// worth 1/12 of the year; a part worth nothing has length 0 and credits
// nothing). The proration fraction, downtime ÷ length, is rounded to
// FractionPlaces when the plan says so (t.conv.fracPlaces).
func prorateParts[N any, A arith[N]](a A, t *trace[N], per N, b *billing, span interval.Interval, measure func(from, until time.Time) (N, bool)) bool {
	t.per, t.segs, t.conv = per, t.segs[:0], b.conv
	for o, f := range b.parts(span.Start, span.End) {
		d, ok := measure(o.Start, o.End)
		if !ok {
			return false
		}
		seg := segment[N]{downtime: d, share: a.fromRatio(f[0], f[1]), span: a.fromRatio(int64(o.Duration()), 1e9), length: a.fromInt(0)}
		if f[0] > 0 {
			seg.length = a.quo(seg.span, seg.share)
		}
		t.segs = append(t.segs, seg)
	}
	return true
}

// periodBounds returns the bounds of contiguous periods as Unix
// nanoseconds, or nil when they are not contiguous or not representable.
func periodBounds(list []interval.Interval) []int64 {
	if len(list) == 0 {
		return nil
	}
	b := make([]int64, 0, len(list)+1)
	b = append(b, list[0].Start.UnixNano())
	for k, p := range list {
		if k > 0 && !p.Start.Equal(list[k-1].End) || !interval.Measurable(p.Start) || !interval.Measurable(p.End) {
			return nil
		}
		b = append(b, p.End.UnixNano())
	}
	return b
}
