package credit

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"iter"
	"math/big"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/internal/fixed"
	"github.com/outagekit/postmortem/internal/interval"
	"github.com/outagekit/postmortem/sla"
)

// How an Exposure prices a million subscriptions for hundreds of outage
// lengths without a credit run per length:
//
//   - Every subscription is credited once without the outages, as a
//     credits run does (the base), and settled against the ledger.
//   - Subscriptions active during the whole window on the same plan,
//     billing periods and charge, of which the ledger holds nothing, have
//     the same credit for every outage (figKey, the key RunCSV caches
//     their lines by): they form a cohort, counted, and each length is
//     evaluated once per cohort, not once per subscription. Their
//     window's figures are the same too, so the SLA's figures enter the
//     evaluator once per plan (for Prorated, per billing periods) and
//     length, as far as its stage of the window (class), and a cohort only
//     adds its charge; lengths of one class are evaluated once. The
//     classes of a plan (and billing periods) are computed when its first
//     cohort is met; a Prorated cohort whose cap binds at no length is
//     keyed by its price per period and base credit, not its charge, and
//     shared by the billing periods whose classes are the same
//     (cohortGroup.set), so subscribers who joined or left during the
//     window fold into few cohorts.
//   - Memory stays flat: a run keeps at most maxCohorts cohorts; when a
//     new one would pass it, those of one subscription so far (and the
//     others when they fill half of it) are priced by the workers and
//     forgotten (flush). Sums are exact, so pricing a cohort's
//     subscriptions in two parts gives the same curve (TestExposureFlush).
//   - Any other subscription (active part of the window, something in the
//     ledger, or values that need math/big) is priced on its own, but
//     only for the lengths whose outage changes what the window counts
//     while it was active (exposurePoint.regions): for the others its
//     credit is the base's.
//   - Every subscription of a plan whose terms give each one a credit of
//     its own (planState.ownPath: a PeriodCap, LostTime, PerInterval,
//     CapDays) is priced on its own, by the credit run's own path
//     (outcome) at each such length; so is one active during part of the
//     window under proration conventions, whose parts of its billing
//     periods are its own. Fraction places round each part's fraction of
//     the window, which the class holds, so they keep the cohorts.
//
// Every credit goes through the one evaluator (its stages fromWindow,
// fromCharge and apply, or evaluate; inputsExact and evaluate when a value
// does not fit the fast path), and every sum is exact, so
// the curve is the one a credit run per length would give, to the digit
// (TestExposureMatchesCredits, FuzzExposureMatchesCredits).

// measurement is a policy's window measured: its meter, and the meter's
// integer counts for the fast path.
type measurement struct {
	meter   *sla.Meter
	counter counts.Counter
}

// outcome is what an exposure reads of one window's credit: the amount,
// the tier (of a Tiered rule; -1: none) and whether the cap lowered it.
type outcome struct {
	amount number
	tier   int
	capped bool
}

// outcome evaluates sc's credit for window i of st measured by m, as
// window computes a line's but without writing the line: the same inputs
// (inputsFast, inputsExact) and the same evaluator (evaluateFast, or
// evaluate on math/big fractions when a value does not fit).
func (st *planState) outcome(w *work, sc *subCtx, i int, m measurement) outcome {
	c := st.rule
	span := activeSpan(sc.sub, interval.Interval{Start: st.windows[i].Start, End: st.windows[i].End})
	if span.IsEmpty() {
		return outcome{amount: number{places: int32(c.places)}, tier: -1}
	}
	if st.plan.Rule.PeriodCap != nil {
		st.enterCapPeriod(sc, i) // what the cap period holds before the window
	}
	if sc.fast {
		a, t := &w.fast, &w.ft
		a.failed = false
		cn := m.counter.Counts(i, sc.sub.From, sc.sub.Until)
		if st.inputsFast(w, sc, i, span, m.counter, &cn, &w.f) {
			evaluateFast(a, c, &c.fast, t)
			if !a.failed {
				return st.outcomeOf(a.number(t.amount, c.places), t.tier, t.capped)
			}
		}
	}
	a, t := &w.big, &w.bt
	a.reset()
	st.inputsExact(w, sc, i, span, m.meter, &w.f)
	evaluate(a, c, &c.big, t)
	return st.outcomeOf(a.number(t.amount, c.places), t.tier, t.capped)
}

// ownPath reports whether an exposure prices every subscription of st on
// its own, by outcome at each point, as a credit run would: when its
// credit depends on more than the window's figures and its charge. A
// PeriodCap caps it at what is left of its cap period's cap (its activity
// over the period and what the ledger holds for it); LostTime and
// PerInterval price an hour or an interval from its charge and active
// time, and CapDays caps it at days of its active time (compiled.timed).
func (st *planState) ownPath() bool {
	return st.plan.Rule.PeriodCap != nil || st.rule.timed
}

// outcomeOf returns the outcome of a trace's figures; the tier counts for
// a Tiered rule only.
func (st *planState) outcomeOf(amount number, tier int, capped bool) outcome {
	if st.rule.rule.Kind != Tiered {
		tier = -1
	}
	return outcome{amount, tier, capped}
}

// measured returns st's own measurement (the Config's incidents).
func (st *planState) measured() measurement { return measurement{st.meter, st.counter} }

// cohort is subscriptions whose credits are the same for every outage:
// the same plan, charge for the window and credits already issued, and
// the same SLA figures as a subscription active during the whole window,
// with or without any of the outages (see exposureRun.cohortOf).
type cohort struct {
	key    cohortKey
	gr     *cohortGroup // its plan's (and billing periods') classes
	charge fastRat      // the first one's charge for the window, reduced
	sub    Subscription // the first one met (without its IDs), for the exact path
	n      int64        // how many
	base   outcome      // their credit without the outages
	// flushed: sent to be priced; the run no longer counts in it.
	flushed bool
}

// outcome returns the credit of co's subscriptions for the window of plan
// st measured by m, on the exact path when a value does not fit.
func (co *cohort) outcome(x *Exposure, w *work, m measurement) outcome {
	st := co.key.st
	sc := x.base.subContext(st, &co.sub, &w.fast)
	return st.outcome(w, &sc, 0, m)
}

// cohortKey identifies a cohort: the trace's inputs other than the SLA's
// figures. For a Prorated rule, which prices the downtime in each billing
// period at what a period costs, also the billing periods (list, the
// plan's list of them) and that cost (per); list is −1 for other rules.
//
// A Prorated cohort whose cap binds at no point (cohortGroup.uncapped)
// is keyed without its charge, which then plays no part, but with its
// credit without the outages (base, in units of places): uncapped.
type cohortKey struct {
	st          *planState
	list        int32
	charge, per fastRat
	uncapped    bool
	places      int32
	base        int64
}

// maxCohorts bounds the cohorts a run keeps at once (about 350 bytes
// each, and an entry of byFig): when a new one would pass it, cohorts
// kept are priced and forgotten (flush), so memory stays flat however
// many cohorts the input has. A cohort met again after it was flushed is
// priced once more, for its later subscriptions.
const maxCohorts = 1 << 13

// cohortBatch is how many cohorts of one group go to a worker at once.
const cohortBatch = 32

// gain sums what the outages add to the credits of one plan at one point,
// exactly: in units of the plan's currency places, or as a decimal for
// amounts that are not.
type gain struct {
	pos, neg fixed.U128
	other    decimal.Decimal
	subs     int64 // subscriptions credited more
}

// add adds n times the difference between two amounts of a plan whose
// currency has places decimal places.
func (g *gain) add(with, without *number, places int, n int64) {
	if !with.big && !without.big && with.places == int32(places) && without.places == int32(places) {
		switch d := with.units - without.units; {
		case d > 0:
			g.pos = g.pos.Add(fixed.Mul64(uint64(d), uint64(n)))
			g.subs += n
		case d < 0:
			g.neg = g.neg.Add(fixed.Mul64(uint64(-d), uint64(n)))
		}
		return
	}
	d := with.decimal().Sub(without.decimal())
	g.other = g.other.Add(d.Mul(decimal.NewFromInt(n)))
	if d.Sign() > 0 {
		g.subs += n
	}
}

// merge adds o to g.
func (g *gain) merge(o *gain) {
	g.pos, g.neg = g.pos.Add(o.pos), g.neg.Add(o.neg)
	g.other = g.other.Add(o.other)
	g.subs += o.subs
}

// amount returns the sum in a currency of places decimal places.
func (g *gain) amount(places int) decimal.Decimal {
	exp := int32(-places)
	pos := decimal.NewFromBigInt(g.pos.Big(new(big.Int)), exp)
	neg := decimal.NewFromBigInt(g.neg.Big(new(big.Int)), exp)
	return pos.Sub(neg).Add(g.other)
}

// band is a tier of a plan's rule, or its cap (tier −1, capped).
type band struct {
	plan   int // index into Exposure.plans
	tier   int
	capped bool
}

// reach is the first point at which subscriptions are in a band, and how
// many are.
type reach struct {
	k int
	n int64
}

// gains is what one goroutine of a run summed: what the outages add, by
// point and plan, and where subscriptions reach bands.
type gains struct {
	inc     [][]gain // by point, then plan
	reached map[band]reach
}

func newGains(points, plans int) *gains {
	g := &gains{inc: make([][]gain, points), reached: map[band]reach{}}
	for k := range g.inc {
		g.inc[k] = make([]gain, plans)
	}
	return g
}

// add records the credit with of n subscriptions of plan p at point k,
// whose credit without the outages is without.
func (g *gains) add(k, p int, places int, with, without *outcome, n int64) {
	g.inc[k][p].add(&with.amount, &without.amount, places, n)
	if with.tier >= 0 {
		g.reach(band{plan: p, tier: with.tier}, k, n)
	}
	if with.capped {
		g.reach(band{plan: p, tier: -1, capped: true}, k, n)
	}
}

// reach records that n subscriptions are in b at point k.
func (g *gains) reach(b band, k int, n int64) {
	r, seen := g.reached[b]
	switch {
	case !seen || k < r.k:
		g.reached[b] = reach{k, n}
	case k == r.k:
		g.reached[b] = reach{k, r.n + n}
	}
}

// merge adds o to g.
func (g *gains) merge(o *gains) {
	for k := range g.inc {
		for p := range g.inc[k] {
			g.inc[k][p].merge(&o.inc[k][p])
		}
	}
	for b, r := range o.reached {
		g.reach(b, r.k, r.n)
	}
}

// exposureRun is one run of an Exposure.
type exposureRun struct {
	x       *Exposure
	w       work
	base    batch // the base credits: counts and sums per plan
	bands   map[band]bool
	cohorts map[cohortKey]*cohort
	byFig   map[figKey]*cohort // the cohorts of subscriptions active during the whole window, by figKey
	// groups are the cohort groups met, with their classes, by plan and
	// billing periods; order holds them in the order met.
	groups    map[groupKey]*cohortGroup
	order     []*cohortGroup
	sets      map[string]int32 // by signature (cohortGroup.signature), the foldable groups' sets
	setGroups []*cohortGroup   // by set, its first group
	sig       []byte
	singles   *singles
	// finished is set once finish has collected the singles' workers.
	finished bool
	gains    *gains // of the subscriptions priced on their own
	// full are, by plan, the counts of its whole window without the
	// outages.
	full []counts.Window
}

func (x *Exposure) newRun() *exposureRun {
	r := &exposureRun{x: x, base: batch{c: x.base, acc: map[*planState]*planAcc{}}, bands: map[band]bool{},
		cohorts: map[cohortKey]*cohort{}, byFig: map[figKey]*cohort{}, groups: map[groupKey]*cohortGroup{}, sets: map[string]int32{}, singles: x.newSingles(), gains: newGains(len(x.points), len(x.plans)),
		full: make([]counts.Window, len(x.plans))}
	for p, st := range x.plans {
		r.full[p] = st.counter.Counts(0, time.Time{}, time.Time{})
	}
	if x.base.ledger != nil {
		r.base.claimed = x.base.ledger.newMarks()
	}
	return r
}

// close stops the singles' workers of a run that ends before finish.
func (r *exposureRun) close() {
	if !r.finished {
		r.finished = true
		r.singles.abandon()
	}
}

// issued returns what the ledger holds for the window priced of the
// subscription id (FNV-1a hash h) on plan st: nothing without a ledger.
// Under a PeriodCap, r.w.prior receives what it holds for the cap
// period's windows before the window. A *LedgerError ends the run, as it
// ends a credit run.
func (r *exposureRun) issued(st *planState, h uint64, id []byte) (issuedWindow, error) {
	l := r.x.base.ledger
	r.w.prior = 0
	if l == nil {
		return issuedWindow{}, nil
	}
	r.w.iss = slices.Grow(r.w.iss[:0], len(st.windows))[:len(st.windows)]
	g, err := l.issued(st, h, id, r.w.iss, &r.w.prior)
	r.base.claimed.set(g)
	return r.w.iss[0], err
}

// add prices one subscription of plan st, resolved as sc, of which the
// ledger holds iss for the window.
func (r *exposureRun) add(st *planState, sc *subCtx, iss issuedWindow) {
	p, pi := r.x.planIndex[st], r.x.policy[st.policy]
	if st.plan.Rule.PeriodCap != nil {
		// Its own state: what the ledger holds for the cap period before
		// the window (r.issued), as a credit run starts it.
		sc.cap = &capState{prior: r.w.prior, over: r.x.base.over}
	}
	span := activeSpan(sc.sub, interval.Interval{Start: st.windows[0].Start, End: st.windows[0].End})
	if span.IsEmpty() { // not active during the window: no credit, with any outage
		r.tally(st, p, &outcome{amount: number{places: int32(st.rule.places)}, tier: -1}, 1, iss)
		return
	}
	hull := r.x.hull[pi]
	if !hull.meets(sc.sub.From, sc.sub.Until) { // no outage changes what it saw
		base := st.outcome(&r.w, sc, 0, st.measured())
		r.tally(st, p, &base, 1, iss)
		return
	}
	if iss.entries > 0 || st.ownPath() { // settled against what it was issued, or a plan priced subscription by subscription
		r.addSingle(st, p, sc, span, iss)
		return
	}
	// A subscription active during the whole window finds its cohort by
	// the key RunCSV caches its figures by (no charge to compute).
	fk, full := st.cacheKey(sc, 0)
	if co := r.byFig[fk]; full && co != nil {
		co.n++
		r.tally(st, p, &co.base, 1, iss)
		return
	}
	if key, ok := r.cohortOf(st, p, sc, span, hull); ok {
		co := r.cohorts[key]
		if co == nil {
			co = r.newCohort(st, p, sc, key)
		}
		if full && len(r.byFig) < r.x.maxCohorts {
			r.byFig[fk] = co
		}
		co.n++
		r.tally(st, p, &co.base, 1, iss)
		return
	}
	r.addSingle(st, p, sc, span, iss)
}

// newCohort returns the cohort of a subscription of plan st (index p),
// resolved as sc, whose cohortOf is key and whose cohort the run does not
// keep: under the key without its charge when its group's cap binds it
// at no point (it may be kept under that one), else a new one.
func (r *exposureRun) newCohort(st *planState, p int, sc *subCtx, key cohortKey) *cohort {
	gr := r.group(st, p, key.list, &sc.b)
	base := st.outcome(&r.w, sc, 0, st.measured())
	charge := key.charge
	if r.x.uncapped(&r.w, gr, charge, key.per, &base) {
		key.list, key.charge, key.uncapped, key.places, key.base = gr.set, fastRat{}, true, base.amount.places, base.amount.units
		if co := r.cohorts[key]; co != nil {
			return co
		}
	}
	if len(r.cohorts) >= r.x.maxCohorts {
		r.flush(false)
	}
	co := &cohort{key: key, gr: gr, charge: charge, sub: *sc.sub, base: base}
	co.sub.ID, co.sub.Customer, co.sub.Plan = "", "", ""
	r.cohorts[key] = co
	return co
}

// group returns the cohort group of plan st (index p) billed in list
// (−1: any) of its lists of billing periods, b one billing of them, its
// classes set when it is first met.
func (r *exposureRun) group(st *planState, p int, list int32, b *billing) *cohortGroup {
	k := groupKey{p, list}
	gr := r.groups[k]
	if gr == nil {
		gr = &cohortGroup{p: p}
		if st.rule.rule.Kind != Prorated {
			b = nil
		}
		r.x.template(&r.w, gr, b)
		if gr.foldable {
			sig := gr.signature(r.sig[:0])
			set, seen := r.sets[string(sig)]
			if seen {
				// The same classes: share the first group's.
				first := r.setGroups[set]
				gr.classOf, gr.classes = first.classOf, first.classes
			} else {
				set = int32(len(r.sets))
				r.sets[string(sig)] = set
				r.setGroups = append(r.setGroups, gr)
			}
			gr.set, r.sig = set, sig
		}
		r.groups[k] = gr
		r.order = append(r.order, gr)
	}
	return gr
}

// flush sends cohorts the run keeps to the workers to be priced, and
// forgets them: all of them, or (all false) those of one subscription so
// far, most of which are the only one of their kind (a subscriber who
// joined or left during the window, at a charge of its own), and all of
// them only when those of more still fill half the bound. So the cohorts
// many subscriptions share are priced once, not once per flush.
func (r *exposureRun) flush(all bool) {
	for _, gr := range r.order {
		gr.cohorts = gr.cohorts[:0]
	}
	for key, co := range r.cohorts {
		if all || co.n <= 1 {
			co.gr.cohorts = append(co.gr.cohorts, co)
			co.flushed = true
			delete(r.cohorts, key)
		}
	}
	for _, gr := range r.order {
		for lo := 0; lo < len(gr.cohorts); lo += cohortBatch {
			r.singles.ch <- job{gr: gr, cohorts: slices.Clone(gr.cohorts[lo:min(lo+cohortBatch, len(gr.cohorts))])}
		}
		gr.cohorts = gr.cohorts[:0]
	}
	for fk, co := range r.byFig {
		if co.flushed {
			delete(r.byFig, fk)
		}
	}
	if !all && 2*len(r.cohorts) >= r.x.maxCohorts {
		r.flush(true)
	}
}

// addSingle queues a subscription of plan st (index p), resolved as sc,
// active during span of the window, of which the ledger holds iss, to be
// priced on its own by the workers: at the lengths whose outage changes
// what it saw.
func (r *exposureRun) addSingle(st *planState, p int, sc *subCtx, span interval.Interval, iss issuedWindow) {
	one := &single{st: st, sub: *sc.sub, sc: *sc, span: span, iss: iss, own: st.ownPath() || st.conv != nil}
	one.sc.sub = &one.sub
	if sc.cap != nil {
		cs := *sc.cap
		one.sc.cap = &cs
	}
	one.base = st.outcome(&r.w, &one.sc, 0, st.measured())
	r.tally(st, p, &one.base, 1, iss)
	if sc.fast {
		a := &r.w.fast
		a.failed = false
		one.charge = chargeFast(a, sc.per, &sc.b, span)
		one.fast = !a.failed
	}
	if st.rule.rule.Kind == Prorated && !one.own {
		for part, length := range sc.b.segments(span.Start, span.End) {
			one.segs = append(one.segs, billedSegment{part, length})
		}
	}
	r.singles.send(one)
}

// single is a subscription priced on its own.
type single struct {
	st     *planState
	sub    Subscription
	sc     subCtx  // its context; sc.sub is &sub
	base   outcome // its credit without the outages
	charge fastRat // its charge for the window, when fast
	fast   bool
	span   interval.Interval // its active part of the window
	// segs are span's parts in each billing period, for a Prorated rule
	// priced in stages; nil otherwise.
	segs []billedSegment
	// own: its plan's terms give it a credit of its own (ownPath), or its
	// plan's proration conventions make its parts those of its own active
	// time: it is priced at each point by outcome, as a credit run
	// prices it.
	own bool
	iss issuedWindow // what the ledger holds for the window
}

// billedSegment is a part of a subscription's active time in one billing
// period, with the period's length in nanoseconds (billing.segments).
type billedSegment struct {
	part   interval.Interval
	length int64
}

// segmentsOf yields segs as billing.segments yields them.
func segmentsOf(segs []billedSegment) iter.Seq2[interval.Interval, int64] {
	return func(yield func(interval.Interval, int64) bool) {
		for _, s := range segs {
			if !yield(s.part, s.length) {
				return
			}
		}
	}
}

// singleBatch is how many singles go to a worker at once.
const singleBatch = 64

// singles prices singles in goroutines of their own while the run reads
// on: one per core, each summing its own gains.
type singles struct {
	x       *Exposure
	ch      chan job
	batch   []*single
	wg      sync.WaitGroup
	results []*gains
	stop    atomic.Bool
}

func (x *Exposure) newSingles() *singles {
	n := runtime.GOMAXPROCS(0)
	s := &singles{x: x, ch: make(chan job, 4*n), results: make([]*gains, n)}
	for g := range n {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			res := newGains(len(x.points), len(x.plans))
			w := new(work)
			for j := range s.ch {
				if s.stop.Load() {
					continue // drain
				}
				for _, one := range j.singles {
					x.priceSingle(w, one, res)
				}
				if j.gr != nil {
					x.pricePlan(w, j.gr, j.cohorts, res)
				}
			}
			s.results[g] = res
		}()
	}
	return s
}

// send queues one to be priced.
func (s *singles) send(one *single) {
	s.batch = append(s.batch, one)
	if len(s.batch) == singleBatch {
		s.ch <- job{singles: s.batch}
		s.batch = nil
	}
}

// job is work for the workers: singles, or cohorts of group gr.
type job struct {
	singles []*single
	gr      *cohortGroup
	cohorts []*cohort
}

// wait prices what is queued, stops the workers and returns their gains;
// abandon stops them without pricing what is left.
func (s *singles) wait() []*gains {
	if len(s.batch) > 0 {
		s.ch <- job{singles: s.batch}
	}
	close(s.ch)
	s.wg.Wait()
	return s.results
}

func (s *singles) abandon() {
	s.stop.Store(true)
	s.wait()
}

// priceSingle adds what each point's outage adds to the credit of one to
// res, at the points whose outage changes what it saw. Two points whose
// outages give it the same figures give it the same credit, but for a
// Prorated rule over several billing periods (the downtime may move from
// one to another): that is priced at each point.
func (x *Exposure) priceSingle(w *work, one *single, res *gains) {
	st := one.st
	c := st.rule
	p, pi := x.planIndex[st], x.policy[st.policy]
	from, until := one.sub.From, one.sub.Until
	a, t := &w.fast, &w.ft
	limited := false
	var limit fastRat
	if one.fast && !one.own {
		t.charge = one.charge
		a.failed = false
		fromChargeFast(a, c, &c.fast, t)
		limit, limited = t.pctLimit, !a.failed
	}
	var last counts.Window
	var lastWith outcome
	seen := false
	for k := range x.points {
		xp := &x.points[k]
		if xp.m == nil || !xp.regions[pi].meets(from, until) {
			continue
		}
		cn := xp.m[pi].counter.Counts(0, from, until)
		var with outcome
		switch {
		case one.own:
			with = st.outcome(w, &one.sc, 0, xp.m[pi])
		case seen && len(one.segs) <= 1 && sameFigures(&cn, &last):
			with = lastWith
		default:
			done := false
			a.failed = false
			ok := limited && c.measureFast(a, &w.f, t, &cn)
			if ok && c.rule.Kind == Prorated {
				// The weighted downtime in each billing period: in one
				// period, all of it.
				counter := xp.m[pi].counter
				ok = prorateFast(a, t, one.sc.per, segmentsOf(one.segs), func(from, until time.Time) (fastRat, bool) {
					d := cn
					if len(one.segs) > 1 {
						d = counter.Counts(0, from, until)
					}
					return seconds64(uint64(d.Weighted)), d.WeightedExact && d.Weighted >= 0
				})
			}
			if ok {
				fromWindowFast(a, c, &c.fast, t)
				t.charge, t.pctLimit, t.daysCapped = one.charge, limit, false
				applyFast(a, c, &c.fast, t)
				if !a.failed {
					with, done = st.outcomeOf(a.number(t.amount, c.places), t.tier, t.capped), true
				}
			}
			if !done {
				with = st.outcome(w, &one.sc, 0, xp.m[pi])
			}
			last, lastWith, seen = cn, with, true
		}
		if one.iss.entries > 0 {
			// Both credits settled against what was issued: the
			// point adds what its settlement issues beyond the base's.
			w, b := with, one.base
			w.amount = settle(with.amount, one.iss.units, int32(c.places), one.iss.entries, x.base.over).amount
			b.amount = settle(one.base.amount, one.iss.units, int32(c.places), one.iss.entries, x.base.over).amount
			res.add(k, p, c.places, &w, &b, 1)
			continue
		}
		res.add(k, p, c.places, &with, &one.base, 1)
	}
}

// cohortOf returns the cohort of a subscription of plan st (index p)
// resolved as sc, active during span of the window: one whose window's
// figures are those of the whole window with and without any outage,
// and whose charge and credits fit the fast path. That is a subscription
// active during the whole window, or one active during all of hull (where
// any outage changes what the window counts; elsewhere every outage's
// measurement is the base's) whose figures without the outages are those
// of the whole window (its active range misses no downtime, and the
// denominator is not its active time).
func (r *exposureRun) cohortOf(st *planState, p int, sc *subCtx, span interval.Interval, hull region) (cohortKey, bool) {
	if !sc.fast || st.ownPath() {
		return cohortKey{}, false
	}
	win := st.windows[0]
	if span.Start.After(win.Start) || span.End.Before(win.End) {
		if st.conv != nil { // its parts of the periods are its own
			return cohortKey{}, false
		}
		from, until := sc.sub.From, sc.sub.Until
		if !from.IsZero() && from.After(hull.lo) || !until.IsZero() && until.Before(hull.hi) {
			return cohortKey{}, false
		}
		if cn := st.counter.Counts(0, from, until); !sameFigures(&cn, &r.full[p]) {
			return cohortKey{}, false
		}
	}
	a := &r.w.fast
	a.failed = false
	key := cohortKey{st: st, list: -1, charge: reduced(chargeFast(a, sc.per, &sc.b, span))}
	if a.failed {
		return cohortKey{}, false
	}
	if st.rule.rule.Kind == Prorated {
		if sc.b.list < 0 {
			return cohortKey{}, false
		}
		key.list, key.per = int32(sc.b.list), reduced(sc.per)
	}
	return key, true
}

// sameFigures reports whether two windows' counts give a credit the same
// SLA figures.
func sameFigures(a, b *counts.Window) bool {
	return a.Downtime == b.Downtime && a.Excluded == b.Excluded && a.Measured == b.Measured &&
		a.Weighted == b.Weighted && a.WeightedExact == b.WeightedExact
}

// tally counts n subscriptions of plan st (index p) credited o without
// the outages, settled against iss (as a credit run's line).
func (r *exposureRun) tally(st *planState, p int, o *outcome, n int64, iss issuedWindow) {
	b := &r.base
	s := settle(o.amount, iss.units, int32(st.rule.places), iss.entries, b.c.over)
	a := b.plan(st)
	a.add(&s, int32(st.rule.places), n)
	b.lines += n
	if s.amount.sign() != 0 {
		b.credited += n
		a.n.credited += n
	} else {
		b.zero += n
	}
	if o.tier >= 0 {
		r.bands[band{plan: p, tier: o.tier}] = true
	}
	if o.capped {
		r.bands[band{plan: p, tier: -1, capped: true}] = true
	}
}

// finish prices the cohorts the run keeps, on every core, waits for the
// workers and returns the curve; it stops early when ctx is done.
func (r *exposureRun) finish(ctx context.Context) (*Curve, error) {
	if ctx.Err() != nil {
		return nil, &InterruptedError{Subscriptions: r.base.read, Err: context.Cause(ctx)}
	}
	r.flush(true)
	r.finished = true
	for _, res := range r.singles.wait() {
		r.gains.merge(res)
	}
	if ctx.Err() != nil {
		return nil, &InterruptedError{Subscriptions: r.base.read, Err: context.Cause(ctx)}
	}
	return r.curve(), nil
}

// class is what the evaluator's last stage (apply) and the outcome read of
// a plan's window measured with a point's outage: the share of the charge
// (for Prorated, of per) or Fixed's amount, and the tier, the evaluator's
// stage of the window done (measureFast, for Prorated prorateFast,
// fromWindow). Points whose outages give the same class give every cohort
// of the group the same credit; ok is false when the window does not fit
// the fast path, and such a point is a class of its own.
type class struct {
	k          int // the class's first point
	ok         bool
	share, raw fastRat
	tier       int
}

// groupKey identifies a cohort group: a plan (index p) and its list of
// billing periods (−1 but for a Prorated rule).
type groupKey struct {
	p    int
	list int32
}

// cohortGroup is the cohorts of a plan (index p) that share classes: all
// of them, or for a Prorated rule those billed in the same periods.
type cohortGroup struct {
	p       int
	classOf []int // by point: its class, −1 when its outage leaves the window as it was
	classes []class
	// maxShare is the largest share of the classes of a Prorated rule
	// when every class fits the fast path (foldable; see uncapped).
	maxShare fastRat
	foldable bool
	// set identifies, among the foldable groups of the plan, those whose
	// classes are the same at every point (exposureRun.sets): an uncapped
	// cohort of one is a cohort of all.
	set     int32
	cohorts []*cohort // those being flushed
}

// template sets the classes of gr's points: for each point whose outage
// changes its plan's window, the whole window measured with the point's
// outage (for Prorated, in the billing periods of b), as far as
// fromWindow. Two classes are one when their values, reduced, are equal
// (equal keys are equal values).
func (x *Exposure) template(w *work, gr *cohortGroup, b *billing) {
	type classKey struct {
		share, raw fastRat
		tier       int
	}
	t := &w.ft
	st := x.plans[gr.p]
	c := st.rule
	pi := x.policy[st.policy]
	win := interval.Interval{Start: st.windows[0].Start, End: st.windows[0].End}
	seen := map[classKey]int{}
	gr.classOf = make([]int, len(x.points))
	for k := range x.points {
		gr.classOf[k] = -1
		xp := &x.points[k]
		if xp.m == nil || !xp.regions[pi].ok {
			continue
		}
		counter := xp.m[pi].counter
		cn := counter.Counts(0, time.Time{}, time.Time{})
		a := &w.fast
		a.failed = false
		ok := c.fastOK && c.measureFast(a, &w.f, t, &cn)
		if ok && b != nil {
			measure := func(from, until time.Time) (fastRat, bool) {
				cn := counter.Counts(0, from, until)
				return seconds64(uint64(cn.Weighted)), cn.WeightedExact && cn.Weighted >= 0
			}
			if b.conv != nil {
				ok = proratePartsFast(a, t, fastRat{}, b, win, measure)
			} else {
				ok = prorateFast(a, t, fastRat{}, b.segments(win.Start, win.End), measure)
			}
		}
		if ok {
			fromWindowFast(a, c, &c.fast, t)
			ok = !a.failed
		}
		if !ok {
			gr.classOf[k] = len(gr.classes)
			gr.classes = append(gr.classes, class{k: k})
			continue
		}
		cl := class{k: k, ok: true, tier: t.tier}
		key := classKey{tier: t.tier}
		if c.rule.Kind == Fixed {
			cl.raw, key.raw = t.raw, reduced(t.raw)
		} else {
			cl.share, key.share = t.share, reduced(t.share)
		}
		j, dup := seen[key]
		if !dup {
			j = len(gr.classes)
			seen[key] = j
			gr.classes = append(gr.classes, cl)
		}
		gr.classOf[k] = j
	}
	gr.foldable = c.rule.Kind == Prorated && len(gr.classes) > 0
	for j, cl := range gr.classes {
		if !cl.ok {
			gr.foldable = false
			break
		}
		if j == 0 || cl.share.cmp(gr.maxShare) > 0 {
			gr.maxShare = cl.share
		}
	}
}

// signature appends to dst what makes two foldable groups of a plan price
// an uncapped cohort the same at every point: the class of each point and
// each class's share, reduced (equal signatures are equal values).
func (gr *cohortGroup) signature(dst []byte) []byte {
	for _, j := range gr.classOf {
		dst = binary.LittleEndian.AppendUint32(dst, uint32(j))
	}
	for _, cl := range gr.classes {
		sh := reduced(cl.share)
		for _, v := range []uint64{sh.n.Hi, sh.n.Lo, sh.d.Hi, sh.d.Lo} {
			dst = binary.LittleEndian.AppendUint64(dst, v)
		}
	}
	return dst
}

// uncapped reports whether the cap binds at no point a cohort of group gr
// of a Prorated rule, with charge and per, whose credit without the
// outages is base. A Prorated credit is per × the window's share,
// multiplied, capped at CapPercent of the charge, rounded: when neither
// the largest share of the group's classes nor its rounding reaches the
// cap, the charge plays no part (per and the multiplier are not negative,
// rounding is monotone), so cohorts of one per, whose credits without the
// outages are the same too, have the same credit at every point: one
// cohort (cohortKey.uncapped). Subscriptions active during part of the
// window, whose charges all differ, are the ones this folds.
func (x *Exposure) uncapped(w *work, gr *cohortGroup, charge, per fastRat, base *outcome) bool {
	if !gr.foldable || base.capped || base.amount.big {
		return false
	}
	c := x.plans[gr.p].rule
	a := &w.fast
	var t trace[fastRat]
	a.failed = false
	t.charge = charge
	fromChargeFast(a, c, &c.fast, &t)
	scaled := a.mul(per, gr.maxShare)
	if c.multiplied {
		scaled = a.mul(scaled, c.fast.mult)
	}
	rounded := a.round(scaled, c.step, c.mode)
	return !a.failed && a.cmp(scaled, t.pctLimit) <= 0 && a.cmp(rounded, t.pctLimit) <= 0
}

// pricePlan adds what each point's outage adds to the credits of cohorts,
// some of group gr's, to res: each class's share (or amount) applied to
// each cohort's charge (the evaluator's stage of the charge done once per
// cohort) when they fit the fast path, else through outcome. What a
// class adds is summed over the cohorts before it is added to each of its
// points.
func (x *Exposure) pricePlan(w *work, gr *cohortGroup, cohorts []*cohort, res *gains) {
	p := gr.p
	st := x.plans[p]
	c := st.rule
	pi := x.policy[st.policy]
	a := &w.fast
	// sums are what each class adds, in counts by class the subscriptions
	// in each tier (and, last, capped).
	sums := make([]gain, len(gr.classes))
	width := len(c.tiers) + 1
	in := make([]int64, len(gr.classes)*width)
	var charged trace[fastRat]
	t := &w.ft
	for _, co := range cohorts {
		charged.charge = co.charge
		a.failed = false
		fromChargeFast(a, c, &c.fast, &charged)
		limited := !a.failed
		for j := range gr.classes {
			cl := &gr.classes[j]
			var with outcome
			done := false
			if cl.ok && limited {
				t.share, t.raw, t.tier = cl.share, cl.raw, cl.tier
				t.charge, t.per, t.pctLimit, t.daysCapped = charged.charge, co.key.per, charged.pctLimit, false
				a.failed = false
				applyFast(a, c, &c.fast, t)
				if !a.failed {
					with, done = st.outcomeOf(a.number(t.amount, c.places), t.tier, t.capped), true
				}
			}
			if !done {
				with = co.outcome(x, w, x.points[cl.k].m[pi])
			}
			sums[j].add(&with.amount, &co.base.amount, c.places, co.n)
			if with.tier >= 0 {
				in[j*width+with.tier] += co.n
			}
			if with.capped {
				in[j*width+width-1] += co.n
			}
		}
	}
	for k, j := range gr.classOf {
		if j < 0 {
			continue
		}
		res.inc[k][p].merge(&sums[j])
		for tier, n := range in[j*width : (j+1)*width] {
			if n == 0 {
				continue
			}
			b := band{plan: p, tier: tier}
			if tier == width-1 {
				b = band{plan: p, tier: -1, capped: true}
			}
			res.reach(b, k, n)
		}
	}
}

// curve returns the curve of the run.
func (r *exposureRun) curve() *Curve {
	x := r.x
	c := x.proto.clone()
	b := &r.base
	c.Read, c.Rejected = b.read, b.rejected
	c.Base = *b.summary()
	// The plans that have lines, sorted by ID (then currency, one each).
	var plans []int
	for _, st := range b.order {
		plans = append(plans, x.planIndex[st])
	}
	slices.Sort(plans)
	for k := range c.Points {
		pt := &c.Points[k]
		byCur := map[currency.Unit]*Cost{}
		for _, p := range plans {
			st := x.plans[p]
			g := &r.gains.inc[k][p]
			cost := Cost{Plan: st.plan.ID, Currency: st.plan.Currency, Amount: g.amount(st.rule.places), Subscriptions: g.subs}
			cost.Total = planTotal(&c.Base, st.plan.ID, st.plan.Currency).Add(cost.Amount)
			pt.Plans = append(pt.Plans, cost)
			t := byCur[cost.Currency]
			if t == nil {
				t = &Cost{Currency: cost.Currency}
				byCur[cost.Currency] = t
			}
			t.Amount = t.Amount.Add(cost.Amount)
			t.Subscriptions += cost.Subscriptions
			pt.Credited += cost.Subscriptions
		}
		for _, t := range byCur {
			t.Total = c.Base.Total(t.Currency).Add(t.Amount)
			pt.Currencies = append(pt.Currencies, *t)
		}
		slices.SortFunc(pt.Currencies, func(x, y Cost) int { return cmp.Compare(x.Currency.String(), y.Currency.String()) })
	}
	for bd, re := range r.gains.reached {
		if r.bands[bd] {
			continue
		}
		st := x.plans[bd.plan]
		cr := Crossing{Plan: st.plan.ID, Currency: st.plan.Currency, Capped: bd.capped,
			At: c.Points[re.k].Duration, After: c.Points[max(re.k-1, 0)].Duration, Subscriptions: re.n}
		if !bd.capped {
			cr.Band = string(st.rule.appendBand(nil, bd.tier, 0))
		}
		c.Crossings = append(c.Crossings, cr)
	}
	slices.SortFunc(c.Crossings, func(x, y Crossing) int {
		return cmp.Or(cmp.Compare(x.At, y.At), cmp.Compare(x.Plan, y.Plan),
			cmp.Compare(x.Currency.String(), y.Currency.String()), cmp.Compare(x.Band, y.Band))
	})
	return c
}

// planTotal returns the total of a plan in a currency in s.
func planTotal(s *Summary, plan string, u currency.Unit) decimal.Decimal {
	for _, p := range s.Plans {
		if p.Plan == plan && p.Currency == u {
			return p.Amount
		}
	}
	return decimal.Zero
}

// clone returns a copy of c whose points can be filled in.
func (c *Curve) clone() *Curve {
	out := *c
	out.Points = slices.Clone(c.Points)
	return &out
}

// errZeroExposure is returned by the Run of an Exposure not built by
// NewExposure.
var errZeroExposure = errors.New("credit: an Exposure prices nothing until NewExposure builds it")

// Run prices every subscription subs yields and returns the curve of what
// the outages add: for each point, the exact difference the outage makes
// to the credit of each subscription, summed (see the package's notes in
// exposurerun.go for how a million subscriptions are priced without a
// credit run per point). Memory stays flat: one subscription is held at a
// time, with the cohorts of subscriptions that share their credits.
//
// A subscription subs yields with a *RowError, or the Calculator refuses,
// is counted in Curve.Rejected and handed to reject when it is not nil; an
// error reject returns ends the run with that error, and so does any
// other error subs yields (a bad header, an error reading the input).
// When ctx is done, Run returns an *InterruptedError saying how far it
// got.
func (x *Exposure) Run(ctx context.Context, subs iter.Seq2[Subscription, error], reject func(*RowError) error) (*Curve, error) {
	if x.base == nil {
		return nil, errZeroExposure
	}
	r := x.newRun()
	defer r.close()
	done := ctx.Done()
	var last string
	for sub, err := range subs {
		select {
		case <-done:
			return nil, &InterruptedError{Subscriptions: r.base.read, Last: last, Err: context.Cause(ctx)}
		default:
		}
		r.base.read++
		var st *planState
		if err == nil {
			st, err = x.base.planOf(&sub)
		}
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) {
				return nil, err // not a row problem: a bad header, an I/O error
			}
			r.base.rejected++
			if reject != nil {
				if err := reject(re); err != nil {
					return nil, err
				}
			}
			continue
		}
		var iss issuedWindow
		if x.base.ledger != nil {
			r.w.keySub = append(r.w.keySub[:0], sub.ID...)
			if iss, err = r.issued(st, fnv1a(sub.ID), r.w.keySub); err != nil {
				return nil, err
			}
		}
		sc := x.base.subContext(st, &sub, &r.w.fast)
		r.add(st, &sc, iss)
		last = sub.ID
	}
	return r.finish(ctx)
}

// RunCSV prices the subscriptions of a CSV file read from r, as Run
// prices those ReadSubscriptions reads from it: the path of the command
// line tool, which reads and parses the rows in a goroutine of its own as
// Calculator.RunCSV does. opts.File names the file in errors, opts.Shard
// keeps one shard of the subscriptions, and opts.Reject is called with
// every row refused (see Run); opts.SkipZero does not apply.
func (x *Exposure) RunCSV(ctx context.Context, r io.Reader, opts BatchOptions) (*Curve, error) {
	if x.base == nil {
		return nil, errZeroExposure
	}
	sr, err := newSubsReader(r, ReadOptions{File: opts.File, Zones: x.base.Zones(), Shard: opts.Shard})
	if err != nil {
		return nil, err
	}
	run := x.newRun()
	defer run.close()
	run.base.shard = opts.Shard
	ra := x.base.readAhead(sr, false, false, 1) // rows resolved, no lines: run prices them
	done := ctx.Done()
	interrupted := func() (*Curve, error) {
		ra.close(ctx)
		return nil, &InterruptedError{Subscriptions: run.base.read, Err: context.Cause(ctx)}
	}
	for {
		rb, more, stopped := ra.next(done)
		if stopped {
			return interrupted()
		}
		if !more {
			break
		}
		for k := range rb.rows {
			if k%64 == 0 {
				select {
				case <-done:
					return interrupted()
				default:
				}
			}
			row := &rb.rows[k]
			run.base.read++
			re := row.err
			if re == nil && row.st == nil {
				re = &RowError{File: opts.File, Line: row.sub.Line, Field: colPlan, Value: string(row.plan), Err: ErrUnknownPlan}
			}
			if re != nil {
				run.base.rejected++
				if opts.Reject != nil {
					if err := opts.Reject(re); err != nil {
						ra.close(ctx)
						return nil, err
					}
				}
				continue
			}
			iss, err := run.issued(row.st, row.idHash, row.id)
			if err != nil {
				ra.close(ctx)
				return nil, err
			}
			row.sc.sub = &row.sub
			run.add(row.st, &row.sc, iss)
		}
		if rb.err != nil && !errors.Is(rb.err, io.EOF) {
			return nil, rb.err
		}
		ra.free <- rb
	}
	return run.finish(ctx)
}
