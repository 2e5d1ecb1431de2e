package credit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/internal/interval"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// Config is what a Calculator is built from.
//
// Config is safe for concurrent use as long as no goroutine modifies it.
// NewCalculator copies the plans but keeps the policies, the incidents, the
// exclusions and the plans' tiers and claim deadlines (shared, not
// copied): they must not be modified while the Calculator is in use.
type Config struct {
	// Plans are the plans subscriptions refer to by ID.
	Plans []Plan
	// Policies are the SLA policies plans are measured by (Plan.Policy);
	// with a single policy, plans may leave Policy empty.
	Policies []*sla.Policy
	// Incidents are the outages measured.
	Incidents []*rca.Incident
	// From, To and AsOf bound the measurement as in sla.Options: every
	// window of a policy that overlaps [From, To) gets one line per
	// subscription. Zero From and To measure the windows the incidents'
	// impacts touch.
	From, To, AsOf time.Time
	// Exclusions are added to every policy's own.
	Exclusions []sla.Exclusion
	// Ledger, when set, is what was already issued: every window is
	// settled against it (see Ledger). NewCalculator checks it against
	// the plans and policies and refuses a ledger with problems; the
	// Calculator then uses it, and it must not change.
	Ledger *Ledger
	// OverCredit is what settling against the Ledger does with a window
	// credited beyond its due: Keep (the default) or Reverse.
	OverCredit OverCredit
}

// Calculator computes the credits of subscriptions. It measures each
// policy once, when it is built; after that it is immutable, and Credit and
// Run are safe for concurrent use by multiple goroutines.
type Calculator struct {
	plans  map[string]*planState
	ledger *ledgerBinding // nil without a ledger
	over   OverCredit
	// exactOnly computes every line on the exact path (tests compare it
	// with the fast path).
	exactOnly bool
}

// planState is a plan with everything resolved that every subscription on
// it shares.
type planState struct {
	index    int // the plan's place among the calculator's, from 0
	plan     Plan
	policy   *sla.Policy
	meter    *sla.Meter
	counter  counts.Counter // the meter's integer counts, for the fast path
	windows  []sla.Result   // the meter's results: window bounds
	zone     *time.Location // billing zone
	wzone    *time.Location // window zone
	tiers    sla.Tiers      // of a tiered rule: the rule's, else the policy's
	deadline sla.Deadline
	periods  *periodCache
	conv     *conventions // the plan's proration conventions, nil for none
	rule     *compiled
	mult     decimal.Decimal // the multiplier applied: the rule's, or 1

	keyHash []windowKey // by window: the key fields the window fixes (see windowKey)
	heads   []head      // by window: the fields of lines files the plan and window fix
	wholes  []whole     // by window: what subscriptions active throughout share
	csvPlan []byte      // the fields plan_id, policy and policy_version of lines files, with their commas
	// deadlines and csvDeadlines are the claim deadline of each window
	// (and its field) when it does not depend on the subscription's
	// billing periods; nil when it does. cycleDeadlines and
	// csvCycleDeadlines hold them by billing period list (billing.list),
	// then window, when it does.
	winNs             []int64 // the windows' bounds in Unix nanoseconds: window i is [winNs[i], winNs[i+1]), when contiguous
	deadlines         []time.Time
	csvDeadlines      [][]byte
	cycleDeadlines    [][]time.Time
	csvCycleDeadlines [][][]byte

	ledgerPolicy int32 // the number of the plan's policy in the ledger binding
	// capFrom is the start of the PeriodCap period holding the first
	// window (zero without a PeriodCap or windows): the ledger's entries
	// for windows from it to the first window count against the cap.
	capFrom time.Time
}

// capPeriodOf returns the PeriodCap period (a calendar quarter or year in
// the windows' zone) holding t.
func (st *planState) capPeriodOf(t time.Time) interval.Interval {
	months := st.plan.Rule.PeriodCap.Per.Months()
	ps := calendar.Floor(t, months, st.wzone)
	return interval.Interval{Start: ps, End: calendar.Date(ps.In(st.wzone).Year(), ps.In(st.wzone).Month()+time.Month(months), 1, st.wzone)}
}

// NewCalculator checks cfg (plans, and their policies and tiers),
// measures every policy over the incidents and prepares every plan's rule.
// Problems are returned as a *problem.Error listing every one with its
// path ("plans[1].policy"), once for each plan or policy it concerns. They
// have no file or line: the Config holds values, not files; a caller that
// loaded the plans from a file can locate them by path (the command line
// tool does).
//
// A Calculator measures incidents and takes no request counts: a plan
// measured by a request-based policy (sla.RequestBased; every OpenSLO SLO)
// is refused with an error wrapping an *sla.NoRequestsError, rather than
// measured at 100% and credited nothing whatever the outage.
func NewCalculator(cfg Config) (*Calculator, error) {
	c, err := validate(&cfg)
	if err != nil {
		return nil, err
	}
	if err := c.measure(&cfg); err != nil {
		return nil, err
	}
	if cfg.Ledger != nil {
		var l problem.List
		c.ledger = bindLedger(&l, cfg.Ledger, c.plans)
		if err := l.Err(); err != nil {
			return nil, err
		}
	}
	for _, st := range c.plans {
		st.compile()
	}
	return c, nil
}

// validate checks the plans and the policies of cfg and resolves each
// plan's policy, tiers and claim deadline.
func validate(cfg *Config) (*Calculator, error) {
	var l problem.List
	validatePlans(&l, cfg.Plans, nil)
	if cfg.OverCredit > Reverse {
		l.Addf("over_credit", "unknown value %q (want keep or reverse)", cfg.OverCredit.String())
	}
	policies := make(map[string]*sla.Policy, len(cfg.Policies))
	for i, p := range cfg.Policies {
		if p == nil {
			l.Addf(problem.Index("policies", i), "nil policy")
			continue
		}
		l.AddUnder(problem.Index("policies", i), p.Validate())
		if _, dup := policies[p.ID]; dup {
			l.Addf(problem.Join(problem.Index("policies", i), "id"), "duplicate policy id %q", p.ID)
		}
		policies[p.ID] = p
	}
	c := &Calculator{plans: make(map[string]*planState, len(cfg.Plans)), over: cfg.OverCredit}
	for i := range cfg.Plans {
		plan := cfg.Plans[i]
		path := problem.Index("plans", i)
		pol, ok := policies[plan.Policy]
		switch {
		case plan.Policy == "" && len(cfg.Policies) == 1:
			pol, ok = cfg.Policies[0], cfg.Policies[0] != nil
		case plan.Policy == "" && len(cfg.Policies) != 1:
			l.Addf(problem.Join(path, "policy"), "missing policy: %d policies given, say which one measures the plan", len(cfg.Policies))
			continue
		case !ok:
			l.Addf(problem.Join(path, "policy"), "unknown policy %q", plan.Policy)
			continue
		}
		if !ok {
			continue
		}
		st := &planState{plan: plan, policy: pol}
		st.wzone = pol.Window.Zone
		if st.wzone == nil {
			st.wzone = time.UTC
		}
		st.zone = plan.Zone
		if st.zone == nil {
			st.zone = st.wzone
		}
		st.tiers = plan.Rule.Tiers
		if plan.Rule.Kind == Tiered && len(st.tiers) > 0 && !plan.Rule.AllowGaps {
			// Now that the objective is known, look for gaps below it (the
			// rest of the schedule was checked with the plan).
			if st.tiers.Validate(decimal.Zero, true) == nil {
				l.AddUnder(problem.Join(path, "rule.tiers"), st.tiers.Validate(pol.Objective, false))
			}
		}
		if plan.Rule.Kind == Tiered && len(st.tiers) == 0 {
			st.tiers = pol.Tiers
			if len(st.tiers) == 0 {
				l.Addf(problem.Join(path, "rule.tiers"), "a tiered rule needs tiers: the rule has none and policy %q has none", pol.ID)
			}
		}
		if plan.Rule.Kind == PerInterval && pol.Intervals.Length == 0 {
			l.Addf(problem.Join(path, "rule.kind"), "a per_interval rule credits the intervals of its policy's interval rule: policy %q has none", pol.ID)
		}
		st.deadline = pol.ClaimDeadline
		if plan.Rule.ClaimDeadline != nil {
			st.deadline = *plan.Rule.ClaimDeadline
		}
		if _, dup := c.plans[plan.ID]; !dup {
			st.index = len(c.plans)
			c.plans[plan.ID] = st
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// measure measures every policy of c's plans once over the incidents of
// cfg, and gives each plan its meter and windows.
func (c *Calculator) measure(cfg *Config) error {
	meters := make(map[*sla.Policy]*sla.Meter)
	for _, st := range c.plans {
		meters[st.policy] = nil
	}
	// In the order of cfg.Policies (every plan's policy is one of them), so
	// that of several policies that cannot be measured the same is named
	// every time.
	for _, pol := range cfg.Policies {
		if _, used := meters[pol]; !used {
			continue
		}
		m, err := sla.NewMeter(pol, cfg.Incidents, sla.Options{From: cfg.From, To: cfg.To, AsOf: cfg.AsOf, Exclusions: cfg.Exclusions})
		var norequests *sla.NoRequestsError
		if errors.As(err, &norequests) {
			return fmt.Errorf("%w; a Calculator takes no request counts: it credits time-based policies only", err)
		}
		if err != nil {
			return fmt.Errorf("measuring policy %q: %w", pol.ID, err)
		}
		meters[pol] = m
	}
	for _, st := range c.plans {
		st.meter = meters[st.policy]
		st.counter = counts.Of(st.meter)
		st.windows = st.meter.Results()
		if st.plan.Rule.PeriodCap != nil && len(st.windows) > 0 {
			st.capFrom = st.capPeriodOf(st.windows[0].Start).Start
		}
	}
	return nil
}

// compile prepares what every subscription of the plan shares: its billing
// periods around the windows, its rule, and the fields of lines files and
// keys that the plan and each window fix.
func (st *planState) compile() {
	if n := len(st.windows); n > 0 {
		// Periods from the first window's start to a year (and the
		// claim deadline's cycles) past the last window's end.
		months := st.plan.Period.Months()
		to := st.windows[n-1].End.AddDate(0, months*(st.deadline.BillingCycles+2)+12, 0)
		st.periods = newPeriodCache(months, st.zone, st.windows[0].Start, to)
	}
	st.rule = compile(&st.plan.Rule, st.tiers, st.plan.Currency, st.plan.Price)
	st.conv = conventionsOf(&st.plan)
	st.mult = decimal.NewFromInt(1)
	if st.rule.multiplied {
		st.mult = st.plan.Rule.Multiplier
	}
	st.prepareFast()
}

// prepareFast prepares what the keys and the lines files of the plan's
// subscriptions repeat.
func (st *planState) prepareFast() {
	st.keyHash = make([]windowKey, len(st.windows))
	st.heads = make([]head, len(st.windows))
	mult := appendField(nil, st.mult.String())
	for i, win := range st.windows {
		st.keyHash[i] = newWindowKey(appendKeyWindow(nil, st.policy.ID, win.Start, win.End, st.plan.Currency))
		st.heads[i] = head{
			window:     appendWindowFields(nil, win.Start, win.End, st.plan.Currency.String()),
			rule:       st.plan.Rule.Kind.String(),
			multiplier: mult,
			rounding:   st.plan.Rule.Rounding.String(),
			places:     st.rule.places,
		}
	}
	st.csvPlan = nil
	for _, f := range [...]string{st.plan.ID, st.policy.ID, st.policy.Version} {
		st.csvPlan = appendField(st.csvPlan, f)
		st.csvPlan = append(st.csvPlan, ',')
	}
	st.wholes = make([]whole, len(st.windows))
	for i := range st.windows {
		st.wholes[i] = wholeOf(st.counter.Counts(i, time.Time{}, time.Time{}))
	}
	st.winNs = nil
	if n := len(st.windows); n > 0 && interval.Measurable(st.windows[0].Start) && interval.Measurable(st.windows[n-1].End) {
		st.winNs = append(st.winNs, st.windows[0].Start.UnixNano())
		for i, win := range st.windows {
			if i > 0 && !win.Start.Equal(st.windows[i-1].End) {
				st.winNs = nil
				break
			}
			st.winNs = append(st.winNs, win.End.UnixNano())
		}
	}
	deadlines := func(b billing) ([]time.Time, [][]byte) {
		ds, texts := make([]time.Time, len(st.windows)), make([][]byte, len(st.windows))
		for i, win := range st.windows {
			ds[i] = claimDeadline(st.deadline, win.End, st.wzone, b)
			if !ds[i].IsZero() {
				texts[i] = ds[i].AppendFormat(nil, timeLayout)
			}
		}
		return ds, texts
	}
	switch {
	case st.deadline.BillingCycles <= 0 || st.deadline.Days > 0:
		st.deadlines, st.csvDeadlines = deadlines(billing{})
	case st.periods != nil:
		// The periods of a billing period list are those of any
		// subscription billed by it (see billingOf).
		months := st.plan.Period.Months()
		n := len(st.periods.lists)
		st.cycleDeadlines, st.csvCycleDeadlines = make([][]time.Time, n), make([][][]byte, n)
		for l := range n {
			anchor, phase := l/months+1, l%months
			first := calendar.DayStart(2000, time.January+time.Month(phase), 1, st.zone)
			b := billing{months: months, zone: st.zone, first: first, anchor: anchor,
				cached: st.periods.lists[l], bounds: st.periods.bounds[l], list: l}
			st.cycleDeadlines[l], st.csvCycleDeadlines[l] = deadlines(b)
		}
	}
}

// claimDeadline returns the claim deadline of window i for a subscription
// billed as b.
func (st *planState) claimDeadline(i int, b billing) time.Time {
	switch {
	case st.deadlines != nil:
		return st.deadlines[i]
	case st.cycleDeadlines != nil && b.list >= 0:
		return st.cycleDeadlines[b.list][i]
	}
	return claimDeadline(st.deadline, st.windows[i].End, st.wzone, b)
}

// csvDeadline returns the claim_deadline field of window i for a
// subscription billed as b, when it is precomputed.
func (st *planState) csvDeadline(i int, b billing) ([]byte, bool) {
	switch {
	case st.csvDeadlines != nil:
		return st.csvDeadlines[i], true
	case st.csvCycleDeadlines != nil && b.list >= 0:
		return st.csvCycleDeadlines[b.list][i], true
	}
	return nil, false
}

// Zones returns the billing zone of every plan, by plan ID: the zone
// subscription dates are read in (see ReadSubscriptions).
func (c *Calculator) Zones() map[string]*time.Location {
	z := make(map[string]*time.Location, len(c.plans))
	for id, st := range c.plans {
		z[id] = st.zone
	}
	return z
}

// Credit returns the credit lines of sub: one per window measured, in
// window order, including zero-amount lines that explain why (not active,
// no downtime, availability in no tier, below the minimum, nothing new to
// issue), each settled against the ledger. An invalid subscription or an
// unknown plan is a *RowError; a ledger entry that contradicts the
// subscription is a *LedgerError.
func (c *Calculator) Credit(sub Subscription) ([]Line, error) {
	return c.AppendCredit(nil, &sub)
}

// AppendCredit appends the credit lines of sub to dst and returns the
// extended slice, like Credit; on error dst is returned unchanged.
func (c *Calculator) AppendCredit(dst []Line, sub *Subscription) ([]Line, error) {
	st, err := c.planOf(sub)
	if err != nil {
		return dst, err
	}
	w := workPool.Get().(*work)
	defer workPool.Put(w)
	return c.appendLines(dst, st, sub, w, nil)
}

// planOf checks sub and returns its plan, or the *RowError refusing it.
func (c *Calculator) planOf(sub *Subscription) (*planState, error) {
	if err := validateSubscription(sub); err != nil {
		return nil, err
	}
	st, ok := c.plans[sub.Plan]
	if !ok {
		return nil, &RowError{Line: sub.Line, Field: colPlan, Value: sub.Plan, Err: ErrUnknownPlan}
	}
	return st, nil
}

// appendLines appends the lines of sub, on plan st, settled against the
// ledger, to dst; on error dst is returned unchanged. cache, when not nil,
// holds the lines (without their subscription's IDs and key, before
// settlement) shared by the subscriptions active during a whole window or
// not at all (see cacheKey), and receives the new ones, up to maxCache.
func (c *Calculator) appendLines(dst []Line, st *planState, sub *Subscription, w *work, cache map[figKey]*Line) ([]Line, error) {
	iss, err := c.issued(st, sub.ID, w)
	if err != nil {
		return dst, err
	}
	sc := c.subContext(st, sub, &w.fast)
	if st.plan.Rule.PeriodCap != nil {
		w.cap = capState{prior: w.prior, iss: iss, over: c.over}
		sc.cap = &w.cap
	}
	for i := range st.windows {
		var ln Line
		k, cacheable := st.cacheKey(&sc, i)
		cacheable = cacheable && cache != nil
		if t := cache[k]; cacheable && t != nil {
			ln = *t
		} else {
			st.window(w, &sc, i, &w.f)
			ln = st.lineOf(&w.f, i)
			if cacheable && len(cache) < maxCache {
				t := ln
				t.Subscription, t.Customer = "", ""
				cache[k] = &t
			}
		}
		ln.Subscription, ln.Customer = sub.ID, sub.Customer
		s := st.settleLine(&ln, iss[i], c.over)
		ln.Key = st.key(w, i, sub.ID, &s)
		dst = append(dst, ln)
	}
	return dst, nil
}

// issued returns what the ledger holds for each window of subscription id
// on plan st (nothing without a ledger), in w's scratch space. It looks
// first at the ledger's group after the one found for w's last
// subscription (Ledger.findNear): Run credits subscriptions in input
// order, which a ledger from an earlier run's lines lists them in. Any
// guess is checked, so a stale one (w comes from a pool) costs only the
// lookup it would have cost anyway.
func (c *Calculator) issued(st *planState, id string, w *work) ([]issuedWindow, error) {
	w.iss = slices.Grow(w.iss[:0], len(st.windows))[:len(st.windows)]
	clear(w.iss)
	w.prior = 0
	if c.ledger == nil {
		return w.iss, nil
	}
	w.keySub = append(w.keySub[:0], id...)
	_, err := c.ledger.issuedNear(&w.ledgerNext, st, fnv1a(id), w.keySub, w.iss, &w.prior)
	return w.iss, err
}

// settleLine settles ln, whose Due is the rule's credit, against iss under
// mode o: its issued, adjustment and over-credit amounts, and the end of
// its explanation. It returns the settlement, for the key.
func (st *planState) settleLine(ln *Line, iss issuedWindow, o OverCredit) settlement {
	places := int32(st.rule.places)
	s := settle(numberOf(ln.Due), iss.units, places, iss.entries, o)
	ln.IssuedBefore, ln.IssuedEntries = s.issued.decimal(), s.entries
	ln.Amount, ln.OverCredited = s.amount.decimal(), s.over.decimal()
	if s.entries > 0 {
		ln.Explanation = string(s.appendExplanation([]byte(ln.Explanation), int(places), st.plan.Currency.String()))
	}
	return s
}

// key returns the idempotency key of sub's line for window i settled as
// s, as Key does, from the window's encoding.
func (st *planState) key(w *work, i int, sub string, s *settlement) string {
	if w.keys == nil {
		w.keys = newKeyHasher()
	}
	w.keySettled = s.appendKey(w.keySettled[:0], st.rule.places)
	w.keySub = append(w.keySub[:0], sub...)
	var buf [KeyLength]byte
	return string(w.keys.appendKey(buf[:0], &st.keyHash[i], w.keySub, w.keySettled))
}

// subCtx is a subscription resolved against its plan: how it is billed
// and what it pays.
type subCtx struct {
	sub      *Subscription
	from, to int64 // the active range in Unix nanoseconds, clamped to the windows
	b        billing
	per      fastRat // what it pays per billing period
	fast     bool    // per fits the fast path

	// cap is the state of the rule's PeriodCap across the windows, nil
	// until the first window under one (a pointer: subCtx is held per row
	// of a batch).
	cap *capState
}

// capState is a subscription's state under its rule's PeriodCap: the
// calendar period of the window being credited and what the subscription
// was issued in it so far; prior is what the ledger holds for the windows
// of the first window's cap period before the run's (in units of the
// currency's minor unit), iss what it holds for each of the run's windows,
// settled under over.
type capState struct {
	period interval.Interval
	issued decimal.Decimal
	prior  int64
	iss    []issuedWindow
	over   OverCredit
}

// subContext resolves sub against st, using a.
func (c *Calculator) subContext(st *planState, sub *Subscription, a *fastArith) subCtx {
	sc := subCtx{sub: sub, b: billingOf(&st.plan, sub, st.zone, st.periods, st.conv), fast: st.rule.fastOK && !c.exactOnly}
	if !sc.fast {
		return sc
	}
	a.failed = false
	sc.per = perPeriodFast(a, &st.rule.fast, sub)
	if sub.Quantity > 1 && sub.Charged == nil {
		sc.per = reduced(sc.per) // the same charge, the same cache key (2 × 25/2 is 25/1)
	}
	sc.fast = !a.failed
	if len(st.winNs) > 0 {
		lo, hi := st.winNs[0], st.winNs[len(st.winNs)-1]
		sc.from, sc.to = lo, hi
		if !sub.From.IsZero() {
			sc.from = clampNs(sub.From, lo, hi)
		}
		if !sub.Until.IsZero() {
			sc.to = clampNs(sub.Until, lo, hi)
		}
	}
	return sc
}

// clampNs returns t in Unix nanoseconds, clamped to [lo, hi].
func clampNs(t time.Time, lo, hi int64) int64 {
	switch {
	case t.Before(time.Unix(0, lo)):
		return lo
	case t.After(time.Unix(0, hi)):
		return hi
	}
	return t.UnixNano()
}

// window sets f to the figures of sc's credit for window i: computed with
// fastArith when every value fits, else with bigArith. Both run the same
// code (credit), so the figures are the same either way.
func (st *planState) window(w *work, sc *subCtx, i int, f *figures) {
	f.deadline = st.claimDeadline(i, sc.b)
	f.deadlineText, _ = st.csvDeadline(i, sc.b)
	span := activeSpan(sc.sub, interval.Interval{Start: st.windows[i].Start, End: st.windows[i].End})
	pc := st.plan.Rule.PeriodCap
	if pc != nil {
		st.enterCapPeriod(sc, i)
	}
	f.fast = sc.fast && st.windowFast(w, sc, i, span, f)
	if !f.fast {
		st.windowExact(w, sc, i, span, st.meter, f)
	}
	f.incidentsField = st.wholes[i].incidentsField(f.incidents)
	if pc != nil {
		sc.cap.issued = sc.cap.issued.Add(sc.cap.windowTotal(i, f.amount, int32(st.rule.places)))
	}
}

// windowTotal is what window i will have been issued once its due is
// settled: the due, or under Keep what the ledger holds for it when that
// is more (an over-credit is kept, not taken back).
func (cs *capState) windowTotal(i int, due number, places int32) decimal.Decimal {
	total := due.decimal()
	if i < len(cs.iss) && cs.over == Keep {
		if held := decimal.New(cs.iss[i].units, -places); held.GreaterThan(total) {
			total = held
		}
	}
	return total
}

// enterCapPeriod sets sc's cap period to the one holding window i (a
// calendar quarter or year in the windows' zone): on the first window,
// what the ledger holds for the subscription in the period's windows
// before the run's (capState.prior); on a window of a later period,
// nothing yet.
func (st *planState) enterCapPeriod(sc *subCtx, i int) {
	if sc.cap == nil {
		sc.cap = new(capState) // no ledger: nothing issued before
	}
	cs, start := sc.cap, st.windows[i].Start
	if !cs.period.IsEmpty() && !start.Before(cs.period.Start) && start.Before(cs.period.End) {
		return
	}
	first := cs.period.IsEmpty()
	cs.period = st.capPeriodOf(start)
	cs.issued = decimal.Zero
	if first {
		cs.issued = decimal.New(cs.prior, -int32(st.rule.places))
	}
}

// periodCharge returns what sc pays for the active part of its cap period,
// with a.
func periodCharge[N any, A arith[N]](a A, per N, sc *subCtx) N {
	return charge(a, per, &sc.b, activeSpan(sc.sub, sc.cap.period))
}

// windowFast sets f from the plan's counts (counts) with fastArith, and
// reports false when a value did not fit.
func (st *planState) windowFast(w *work, sc *subCtx, i int, span interval.Interval, f *figures) bool {
	c, a := st.rule, &w.fast
	a.failed = false
	cn := st.counts(sc, i)
	if span.IsEmpty() {
		if !c.measureFast(a, f, nil, &cn) {
			return false
		}
		c.inactive(f)
		return true
	}
	if !st.inputsFast(w, sc, i, span, st.counter, &cn, f) {
		return false
	}
	creditFast(a, c, &c.fast, &w.ft, f)
	return !a.failed
}

// inputsFast sets the inputs of w.ft for sc's credit for window i, whose
// active part span is not empty, with fastArith: the SLA's figures from
// cn, counter's counts for sc's active part of the window (counter is the
// plan's, or an exposure's outage's; f receives the figures too; for
// Prorated, those of each billing period too), the charge, the active
// time (for a rule that reads it) and the period cap's state (PeriodCap).
// It reports false when a value did not fit.
func (st *planState) inputsFast(w *work, sc *subCtx, i int, span interval.Interval, counter counts.Counter, cn *counts.Window, f *figures) bool {
	c, a, t := st.rule, &w.fast, &w.ft
	if !c.measureFast(a, f, t, cn) {
		return false
	}
	t.charge = chargeFast(a, sc.per, &sc.b, span)
	if c.timed {
		t.active = a.fromRatio(int64(span.Duration()), 1e9)
	}
	if pc := c.rule.PeriodCap; pc != nil {
		t.periodLimit = a.quo(a.mul(chargeFast(a, sc.per, &sc.b, activeSpan(sc.sub, sc.cap.period)), c.fast.periodPct), c.fast.hundred)
		t.periodIssued = a.fromDecimal(sc.cap.issued)
	}
	if c.rule.Kind == Prorated {
		measure := segmentWeights(counter, i, span, cn)
		if sc.b.conv != nil && !proratePartsFast(a, t, sc.per, &sc.b, span, measure) ||
			sc.b.conv == nil && !prorateFast(a, t, sc.per, sc.b.segments(span.Start, span.End), measure) {
			return false
		}
	}
	return !a.failed
}

// segmentWeights returns the measure prorateFast asks of the billing
// periods' parts of span, the active part of window i whose counts are cn:
// the weighted downtime in [from, until), from counter, but for what
// the counts of the whole span already say, since the parts come in order
// and partition the span and the weighted downtime adds up exactly over
// them (it is a sum of piece × weight, whole nanoseconds when exact): no
// part has any when the span has none, and the last part has what the
// others left. Most windows have two parts, so this halves the meter's
// work or saves all of it.
func segmentWeights(counter counts.Counter, i int, span interval.Interval, cn *counts.Window) func(from, until time.Time) (fastRat, bool) {
	total, known := cn.Weighted, cn.WeightedExact && cn.Weighted >= 0
	var before time.Duration // the weighted downtime of the parts so far
	return func(from, until time.Time) (fastRat, bool) {
		d := total - before
		if !known || d != 0 && !until.Equal(span.End) {
			w, exact := counter.Weighted(i, from, until)
			if !exact || w < 0 {
				return fastRat{}, false
			}
			d = w
		}
		before += d
		return seconds64(uint64(d)), true
	}
}

// throughout reports whether sc, on the fast path, was active during the
// whole of window i.
func (st *planState) throughout(sc *subCtx, i int) bool {
	return st.winNs != nil && sc.from <= st.winNs[i] && sc.to >= st.winNs[i+1]
}

// counts returns the plan's counts for sc's active part of window i: those
// the subscriptions active throughout share, or the counter's.
func (st *planState) counts(sc *subCtx, i int) counts.Window {
	if st.throughout(sc, i) {
		return st.wholes[i].counts
	}
	return st.counter.Counts(i, sc.sub.From, sc.sub.Until)
}

// windowExact sets f from the result of meter (the plan's, or an
// exposure's) with bigArith.
func (st *planState) windowExact(w *work, sc *subCtx, i int, span interval.Interval, meter *sla.Meter, f *figures) {
	c, a := st.rule, &w.big
	a.reset()
	if span.IsEmpty() {
		res := meter.Active(i, sc.sub.From, sc.sub.Until)
		c.measureExact(a, f, nil, &res)
		c.inactive(f)
		return
	}
	st.inputsExact(w, sc, i, span, meter, f)
	credit(a, c, &c.big, &w.bt, f)
}

// inputsExact sets the inputs of w.bt for sc's credit for window i, whose
// active part span is not empty, with bigArith: the SLA's figures from
// meter's result (f receives them too; for Prorated, those of each
// billing period too), the charge, the active time (for a rule that reads
// it) and the period cap's state (PeriodCap).
func (st *planState) inputsExact(w *work, sc *subCtx, i int, span interval.Interval, meter *sla.Meter, f *figures) {
	c, a, t := st.rule, &w.big, &w.bt
	res := meter.Active(i, sc.sub.From, sc.sub.Until)
	c.measureExact(a, f, t, &res)
	per := perPeriod(a, &c.big, sc.sub)
	t.charge = charge(a, per, &sc.b, span)
	if c.timed {
		t.active = a.fromRatio(int64(span.Duration()), 1e9)
	}
	if pc := c.rule.PeriodCap; pc != nil {
		t.periodLimit = a.quo(a.mul(periodCharge(a, per, sc), c.big.periodPct), c.big.hundred)
		t.periodIssued = a.fromDecimal(sc.cap.issued)
	}
	if c.rule.Kind == Prorated {
		measure := func(from, until time.Time) (*frac, bool) {
			r := meter.Active(i, from, until)
			return exactWeighted(a, &r), true
		}
		if sc.b.conv != nil {
			prorateParts(a, t, per, &sc.b, span, measure)
		} else {
			prorate(a, t, per, sc.b.segments(span.Start, span.End), measure)
		}
	}
}

// credit evaluates c's rule on the window in t, whose SLA figures, charge
// and credits are set, and renders the figures of its line in f.
func credit[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N], f *figures) {
	evaluate(a, c, p, t)
	render(a, c, p, t, f)
}

// charge returns what a subscription paying per per billing period,
// billed as b, paid for span: per × the periods span covers.
func charge[N any, A arith[N]](a A, per N, b *billing, span interval.Interval) N {
	return a.mul(per, share(a, b, span.Start, span.End))
}

// perPeriod returns what sub pays per billing period: Charged when set,
// else Price × Quantity (Quantity zero meaning 1).
func perPeriod[N any, A arith[N]](a A, p *params[N], sub *Subscription) N {
	switch {
	case sub.Charged != nil:
		return a.fromDecimal(*sub.Charged)
	case sub.Quantity > 1:
		return a.mul(a.fromInt(sub.Quantity), p.price)
	}
	return p.price
}

// workPool recycles the scratch space of AppendCredit.
var workPool = sync.Pool{New: func() any { return new(work) }}

// work is the scratch space of one goroutine's windows, reused from
// window to window so the hot path allocates little.
type work struct {
	fast fastArith
	ft   trace[fastRat]
	big  bigArith
	bt   trace[*frac]
	f    figures // the figures of the last window

	keys       *keyHasher // computes keys
	keySub     []byte     // a key's subscription ID
	keySettled []byte     // the encoding of a key's settlement
	iss        []issuedWindow
	ledgerNext uint32   // the ledger's group after the last one found: Ledger.findNear's guess
	prior      int64    // the ledger's issued before the run in the first window's cap period
	cap        capState // the PeriodCap state of the subscription being credited
}

// ErrUnknownPlan is the reason of a RowError for a subscription whose plan
// is not among the calculator's (or the reader's) plans.
var ErrUnknownPlan = errors.New("unknown plan")

// Run credits the subscriptions of subs in order and yields their lines:
// every line of a subscription before any line of the next, so output order
// is input order and the same input always yields the same lines. Memory
// stays flat: one subscription is held at a time, with the lines shared by
// subscriptions active during a whole window (or not at all) on the same
// plan, billing anchor and charge, up to a few thousand, which are
// computed once.
//
// A row subs yields with a *RowError (a bad row of ReadSubscriptions), or a
// subscription Credit refuses, is yielded as that *RowError and the run
// goes on: count it with Summary.Reject. Any other error subs yields (an
// error reading the file, a dropped database connection) is not a row
// problem: Run yields it and stops, since the rest of the input cannot be
// trusted to be complete. When ctx is done, Run yields an *InterruptedError
// saying how far it got and stops. Stopping the loop early stops the run.
//
// A loop over Run therefore tells the two kinds apart:
//
//	for l, err := range calc.Run(ctx, subs) {
//		var re *credit.RowError
//		if errors.As(err, &re) {
//			sum.Reject(re) // the row is reported; the run goes on
//			continue
//		}
//		if err != nil {
//			return err // the input broke off: nothing of this run may be used
//		}
//		sum.Add(&l)
//	}
func (c *Calculator) Run(ctx context.Context, subs iter.Seq2[Subscription, error]) iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		done := ctx.Done()
		var n int64
		var last string
		var lines []Line
		w := new(work)
		cache := make(map[figKey]*Line)
		for sub, err := range subs {
			select {
			case <-done:
				yield(Line{}, &InterruptedError{Subscriptions: n, Last: last, Err: context.Cause(ctx)})
				return
			default:
			}
			n++
			if err != nil {
				var re *RowError
				if !yield(Line{}, err) || !errors.As(err, &re) {
					return
				}
				continue
			}
			st, err := c.planOf(&sub)
			if err != nil {
				if !yield(Line{}, err) {
					return
				}
				continue
			}
			lines, err = c.appendLines(lines[:0], st, &sub, w, cache)
			if err != nil {
				yield(Line{}, err) // a *LedgerError: the ledger cannot be trusted
				return
			}
			for i := range lines {
				if !yield(lines[i], nil) {
					return
				}
			}
			last = sub.ID
		}
	}
}

// SubscriptionsOf returns subs as the input of Run, in order, with no
// errors.
func SubscriptionsOf(subs []Subscription) iter.Seq2[Subscription, error] {
	return func(yield func(Subscription, error) bool) {
		for _, s := range subs {
			if !yield(s, nil) {
				return
			}
		}
	}
}
