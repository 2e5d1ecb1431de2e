package sla

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/internal/fixed"
	"github.com/outagekit/postmortem/internal/interval"
)

// Meter holds the counted downtime of a policy over a set of incidents, per
// window, so that results for many active ranges (subscriptions that
// started or ended mid-window) are cheap: every window keeps its counted
// spans with prefix sums of their durations and weighted durations, and
// Active answers with two binary searches. A Meter is immutable and safe
// for concurrent use.
type Meter struct {
	id, version string
	objective   decimal.Decimal
	denominator Denominator
	exclFromDen bool
	loc         *time.Location
	weights     []decimal.Decimal // by class, heaviest first
	wint        []uint64          // weights × 10^scale
	scale       int32             // decimal places of the weights (≤ weightScale)
	objInt      uint64            // objective × 10^objScale, when objScale ≥ 0
	objScale    int32             // decimal places of the objective; -1: no integer fast path
	allowed     decimal.Decimal   // (100 − objective) ÷ 100: budget seconds per measured second
	srcs        []source
	incidentIDs []string      // by incident index
	ivLength    time.Duration // the interval rule's length; zero: none
	wins        []window
	results     []Result
}

// window is the precomputed measurement of one window.
type window struct {
	s, e  int64
	pcs   []piece        // counted pieces
	cumNs []int64        // cumNs[k] = total duration of pcs[:k]
	cumW  []fixed.U128   // cumW[k] = Σ duration × scaled weight of pcs[:k]
	spans []Span         // pcs as Spans
	ivs   []DownInterval // under an interval rule, the qualifying intervals; else nil
	ivNs  []downInterval // ivs in nanoseconds

	excl    []span  // excluded spans inside the window
	exclCum []int64 // prefix sums of excl's durations

	incs   []string  // IDs of the incidents with counted spans, sorted
	incPos [][]int32 // when len(incs) > 1: the span indexes of each

	req *reqWindow // request-based measurement, or nil
}

// meter builds the Meter from the gathered inputs.
func (b *builder) meter(wins []interval.Interval, excl []span, reqs []request) *Meter {
	b.sortClasses()
	p := b.p
	m := &Meter{
		id: p.ID, version: p.Version, objective: p.Objective,
		denominator: p.Denominator, exclFromDen: p.ExcludeFromDenominator,
		loc: b.loc, weights: b.weights, srcs: b.srcs, incidentIDs: b.incidents,
		ivLength: p.Intervals.Length,
	}
	for _, w := range b.weights {
		m.scale = max(m.scale, places(w))
	}
	m.allowed = allowedRate(p.Objective)
	m.objScale = -1
	if k := places(p.Objective); k <= maxObjScale && p.Objective.Sign() > 0 && p.Objective.LessThanOrEqual(hundred) {
		m.objScale, m.objInt = k, uint64(p.Objective.Shift(k).IntPart())
	}
	m.wint = make([]uint64, len(b.weights))
	for k, w := range b.weights {
		m.wint[k] = uint64(w.Shift(m.scale).IntPart())
	}
	var ps []piece
	if p.Indicator == TimeBased {
		ps = overlay(subtract(b.pieces(), excl), b.over)
	}
	counting := countingRulesOf(p)
	iv := int64(p.interval())
	m.wins = make([]window, len(wins))
	m.results = make([]Result, len(wins))
	for i, wi := range wins {
		ws, we := wi.Start.UnixNano(), wi.End.UnixNano()
		lo := sort.Search(len(ps), func(k int) bool { return ps[k].e > ws })
		hi := sort.Search(len(ps), func(k int) bool { return ps[k].s >= we })
		var in []piece
		if lo < hi {
			in = make([]piece, hi-lo)
			copy(in, ps[lo:hi])
			in[0].s = max(in[0].s, ws)
			in[len(in)-1].e = min(in[len(in)-1].e, we)
		}
		w := &m.wins[i]
		w.s, w.e = ws, we
		w.excl = clipSpans(excl, ws, we)
		w.exclCum = prefix(w.excl)
		pcs, ivs := counting.count(in, ws, we)
		m.fill(w, pcs, ivs)
		if p.Indicator == RequestBased {
			w.req = requestWindow(ws, we, iv, w.excl, reqs, p.ExcludeFromDenominator, p.Requests.DowntimeAbove)
		}
		m.results[i] = m.result(w, m.fullTally(w), w.spans, w.incs, time.Time{}, time.Time{})
	}
	return m
}

// prefix returns the prefix sums of the durations of ss.
func prefix(ss []span) []int64 {
	cum := make([]int64, len(ss)+1)
	for k, x := range ss {
		cum[k+1] = cum[k] + x.e - x.s
	}
	return cum
}

// fill sets the counted pieces of w and everything derived from them, and
// the qualifying intervals under an interval rule (else nil).
func (m *Meter) fill(w *window, pcs []piece, ivs []downInterval) {
	w.pcs = pcs
	if m.ivLength > 0 {
		w.ivNs = ivs
		w.ivs = make([]DownInterval, len(ivs))
		for k, iv := range ivs {
			w.ivs[k] = DownInterval{Start: time.Unix(0, iv.s).In(m.loc), End: time.Unix(0, iv.e).In(m.loc), Down: time.Duration(iv.down)}
		}
	}
	w.cumNs = make([]int64, len(pcs)+1)
	w.cumW = make([]fixed.U128, len(pcs)+1)
	if len(pcs) == 0 {
		return
	}
	w.spans = make([]Span, len(pcs))
	seen := make([]bool, len(m.incidentIDs))
	var incs []int32
	over := false // some pieces belong to no incident
	for k, pc := range pcs {
		d := pc.e - pc.s
		w.cumNs[k+1] = w.cumNs[k] + d
		w.cumW[k+1] = w.cumW[k].Add(fixed.Mul64(uint64(d), m.wint[pc.cls]))
		src := &m.srcs[pc.src]
		w.spans[k] = Span{
			Start:         time.Unix(0, pc.s).In(m.loc),
			End:           time.Unix(0, pc.e).In(m.loc),
			Weight:        m.weights[pc.cls],
			Component:     src.component,
			Level:         src.level,
			OverAllowance: src.incident < 0,
		}
		if src.incident < 0 {
			over = true
			continue
		}
		w.spans[k].Incident = m.incidentIDs[src.incident]
		if !seen[src.incident] {
			seen[src.incident] = true
			incs = append(incs, src.incident)
		}
	}
	// Incidents with the same ID are one incident in results.
	byID := map[string][]int32{}
	for _, inc := range incs {
		id := m.incidentIDs[inc]
		if _, ok := byID[id]; !ok {
			w.incs = append(w.incs, id)
		}
		byID[id] = nil
	}
	slices.Sort(w.incs)
	// Where every piece belongs to the one incident, any pieces hold it;
	// otherwise record which pieces hold which incident.
	if len(w.incs) > 1 || over && len(w.incs) > 0 {
		for k, pc := range pcs {
			if inc := m.srcs[pc.src].incident; inc >= 0 {
				id := m.incidentIDs[inc]
				byID[id] = append(byID[id], int32(k))
			}
		}
		w.incPos = make([][]int32, len(w.incs))
		for j, id := range w.incs {
			w.incPos[j] = byID[id]
		}
	}
}

// tally is the raw measurement of a window for one active range.
type tally struct {
	downtime   int64      // ns
	weighted   fixed.U128 // ns × 10^Meter.scale
	excluded   int64      // ns
	measured   int64      // ns
	ivLo, ivHi int        // the qualifying intervals overlapping the active range: ivs[ivLo:ivHi]
}

// fullTally is the tally of w for a resource active throughout.
func (m *Meter) fullTally(w *window) tally {
	n := len(w.pcs)
	t := tally{downtime: w.cumNs[n], weighted: w.cumW[n], excluded: w.exclCum[len(w.excl)], ivHi: len(w.ivs)}
	t.measured = w.e - w.s
	if m.exclFromDen {
		t.measured -= t.excluded
	}
	return t
}

// Results returns the result of every window, in order, for a resource
// active throughout. The slice is the caller's; the Spans and Incidents of
// each result are shared with the Meter and must not be modified.
func (m *Meter) Results() []Result {
	return slices.Clone(m.results)
}

// Len returns the number of windows.
func (m *Meter) Len() int { return len(m.wins) }

// toNs converts t to nanoseconds since the Unix epoch, clamping instants
// outside the representable years.
func toNs(t time.Time) int64 {
	switch {
	case interval.Measurable(t):
		return t.UnixNano()
	case t.Unix() < 0:
		return math.MinInt64
	}
	return math.MaxInt64
}

// activeSpan returns the part of window w inside [from, until) (zero:
// unbounded); it is empty (s ≥ e) when they do not overlap.
func activeSpan(w *window, from, until time.Time) span {
	a := span{w.s, w.e}
	if !from.IsZero() {
		a.s = max(a.s, toNs(from))
	}
	if !until.IsZero() {
		a.e = min(a.e, toNs(until))
	}
	return a
}

// Active returns the result of window i (an index into Results) for a
// resource active during [from, until) only (zero: unbounded): downtime
// outside is not counted, and under the ActiveTime denominator neither is
// the time. The counting rules (whole minutes, minimum downtime period)
// are applied to the window as a whole, then the counted spans are
// restricted to the active range: a subscriber that joined in the middle
// of a counted run gets the part of the run after it joined.
//
// It does not re-measure: O(log n) in the number of counted spans, plus
// the spans cut by the active range. The result's Spans share memory with
// the Meter unless a span had to be cut; treat them as read-only. Active
// returns the zero Result when i is out of range.
func (m *Meter) Active(i int, from, until time.Time) Result {
	if i < 0 || i >= len(m.wins) {
		return Result{}
	}
	w := &m.wins[i]
	a := activeSpan(w, from, until)
	if a.s <= w.s && a.e >= w.e {
		r := m.results[i]
		r.ActiveFrom, r.ActiveUntil = from, until
		return r
	}
	t, lo, hi := m.tally(w, a)
	var spans []Span
	var incs []string
	if lo < hi {
		spans = w.spans[lo:hi:hi]
		cutFirst, cutLast := a.s > w.pcs[lo].s, a.e < w.pcs[hi-1].e
		if cutFirst || cutLast {
			spans = slices.Clone(spans)
		}
		if cutFirst {
			spans[0].Start = time.Unix(0, a.s).In(m.loc)
		}
		if cutLast {
			spans[len(spans)-1].End = time.Unix(0, a.e).In(m.loc)
		}
		incs = w.activeIncidents(lo, hi)
	}
	return m.result(w, t, spans, incs, from, until)
}

// counts returns the figures of window i for a resource active during
// [from, until) (zero: unbounded), as Active does, in O(log n) and
// integers (see counts.Counter, which it implements for credit's fast
// path). For a RequestBased policy Weighted is not filled in.
func (m *Meter) counts(i int, from, until time.Time) counts.Window {
	if i < 0 || i >= len(m.wins) {
		return counts.Window{}
	}
	w := &m.wins[i]
	t, lo, hi := m.tally(w, activeSpan(w, from, until))
	c := counts.Window{
		Downtime: time.Duration(t.downtime), Excluded: time.Duration(t.excluded), Measured: time.Duration(t.measured),
		AllowedRate: m.allowed, DownIntervals: int64(max(0, t.ivHi-t.ivLo)), IntervalLength: m.ivLength,
	}
	if w.req == nil {
		ns, exact := m.weightedNs(t.weighted)
		c.Weighted, c.WeightedExact = time.Duration(ns), exact
	}
	if lo < hi {
		c.Incidents = w.activeIncidents(lo, hi)
	}
	return c
}

// weighted returns the weighted downtime of window i for a resource
// active during [from, until), as counts gives it (Window.Weighted and
// WeightedExact), without the other figures: nothing is allocated.
func (m *Meter) weighted(i int, from, until time.Time) (time.Duration, bool) {
	if i < 0 || i >= len(m.wins) || m.wins[i].req != nil {
		return 0, false
	}
	w := &m.wins[i]
	t, _, _ := m.tallyDown(w, activeSpan(w, from, until))
	ns, exact := m.weightedNs(t.weighted)
	return time.Duration(ns), exact
}

// counter is a Meter as a counts.Counter.
type counter Meter

func (c *counter) Counts(i int, from, until time.Time) counts.Window {
	return (*Meter)(c).counts(i, from, until)
}

func (c *counter) Weighted(i int, from, until time.Time) (time.Duration, bool) {
	return (*Meter)(c).weighted(i, from, until)
}

func init() {
	counts.Of = func(m any) counts.Counter { return (*counter)(m.(*Meter)) }
}

// weightedNs returns weighted (in ns × 10^scale) in whole nanoseconds and
// whether that is exact.
func (m *Meter) weightedNs(weighted fixed.U128) (int64, bool) {
	q, r := weighted, uint64(0)
	for k := int32(0); k < m.scale; k++ {
		var rk uint64
		q, rk = q.DivMod64(10)
		r |= rk
	}
	return int64(q.Lo), r == 0 && q.Hi == 0 && q.Lo < 1<<63
}

// tally measures window w for active span a from the prefix sums, and
// returns the range pcs[lo:hi] of counted pieces it overlaps.
func (m *Meter) tally(w *window, a span) (t tally, lo, hi int) {
	t, lo, hi = m.tallyDown(w, a)
	t.ivLo, t.ivHi = w.intervalsIn(a)
	m.measure(w, &t, a, w.excludedIn)
	return t, lo, hi
}

// tallyDown sets the downtime and weighted downtime of the tally of w for
// active span a, from the prefix sums, and returns the range pcs[lo:hi] of
// counted pieces it overlaps.
func (m *Meter) tallyDown(w *window, a span) (t tally, lo, hi int) {
	if a.s < a.e {
		lo = sort.Search(len(w.pcs), func(k int) bool { return w.pcs[k].e > a.s })
		hi = sort.Search(len(w.pcs), func(k int) bool { return w.pcs[k].s >= a.e })
	}
	if lo < hi {
		t.downtime = w.cumNs[hi] - w.cumNs[lo]
		t.weighted = w.cumW[hi].Sub(w.cumW[lo])
		if first := w.pcs[lo]; a.s > first.s {
			cut := a.s - first.s
			t.downtime -= cut
			t.weighted = t.weighted.Sub(fixed.Mul64(uint64(cut), m.wint[first.cls]))
		}
		if last := w.pcs[hi-1]; a.e < last.e {
			cut := last.e - a.e
			t.downtime -= cut
			t.weighted = t.weighted.Sub(fixed.Mul64(uint64(cut), m.wint[last.cls]))
		}
	} else {
		lo, hi = 0, 0
	}
	return t, lo, hi
}

// activeIncidents returns the IDs of the incidents with spans among
// pcs[lo:hi].
func (w *window) activeIncidents(lo, hi int) []string {
	if len(w.incPos) == 0 || lo == 0 && hi == len(w.pcs) {
		return w.incs
	}
	out := make([]string, 0, len(w.incs))
	for j, pos := range w.incPos {
		first, last := int(pos[0]), int(pos[len(pos)-1])
		switch {
		case last < lo || first >= hi:
			continue
		case first >= lo || last < hi:
			// first or last is inside [lo, hi)
		default:
			k, _ := slices.BinarySearch(pos, int32(lo))
			if k == len(pos) || int(pos[k]) >= hi {
				continue
			}
		}
		out = append(out, w.incs[j])
	}
	switch len(out) {
	case 0:
		return nil // only maintenance over the allowance
	case len(w.incs):
		return w.incs
	}
	return out
}

// intervalsIn returns the range ivs[lo:hi] of the qualifying intervals of w
// that overlap a, by binary search.
func (w *window) intervalsIn(a span) (lo, hi int) {
	if a.s >= a.e {
		return 0, 0
	}
	lo = sort.Search(len(w.ivNs), func(k int) bool { return w.ivNs[k].e > a.s })
	hi = sort.Search(len(w.ivNs), func(k int) bool { return w.ivNs[k].s >= a.e })
	return lo, max(lo, hi)
}

// excludedIn returns the excluded time of w inside s, from the prefix sums.
func (w *window) excludedIn(s span) int64 {
	if s.s >= s.e {
		return 0
	}
	lo := sort.Search(len(w.excl), func(k int) bool { return w.excl[k].e > s.s })
	hi := sort.Search(len(w.excl), func(k int) bool { return w.excl[k].s >= s.e })
	if lo >= hi {
		return 0
	}
	d := w.exclCum[hi] - w.exclCum[lo]
	d -= max(0, s.s-w.excl[lo].s)
	d -= max(0, w.excl[hi-1].e-s.e)
	return d
}

// measure sets the excluded and measured time of t for active span a.
func (m *Meter) measure(w *window, t *tally, a span, excludedIn func(span) int64) {
	base := span{w.s, w.e}
	if m.denominator == ActiveTime {
		base = a
	}
	t.excluded = excludedIn(base)
	t.measured = max(0, base.e-base.s)
	if m.exclFromDen {
		t.measured -= t.excluded
	}
}

// activeDirect is Active computed without the prefix sums, by clipping
// every counted span: the definition Active must agree with.
func (m *Meter) activeDirect(i int, from, until time.Time) Result {
	w := &m.wins[i]
	a := activeSpan(w, from, until)
	var t tally
	var spans []Span
	seen := map[string]bool{}
	for k, pc := range w.pcs {
		s, e := max(pc.s, a.s), min(pc.e, a.e)
		if s >= e {
			continue
		}
		d := e - s
		t.downtime += d
		t.weighted = t.weighted.Add(fixed.Mul64(uint64(d), m.wint[pc.cls]))
		sp := w.spans[k]
		if s != pc.s {
			sp.Start = time.Unix(0, s).In(m.loc)
		}
		if e != pc.e {
			sp.End = time.Unix(0, e).In(m.loc)
		}
		spans = append(spans, sp)
		if !sp.OverAllowance {
			seen[sp.Incident] = true
		}
	}
	var incs []string
	for id := range seen {
		incs = append(incs, id)
	}
	slices.Sort(incs)
	m.measure(w, &t, a, func(s span) int64 { return total(clipSpans(w.excl, s.s, s.e)) })
	t.ivLo, t.ivHi = len(w.ivNs), 0
	for k, iv := range w.ivNs {
		if max(iv.s, a.s) < min(iv.e, a.e) {
			t.ivLo, t.ivHi = min(t.ivLo, k), k+1
		}
	}
	return m.result(w, t, spans, incs, from, until)
}
