package credit

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/interval"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// Config is what a Calculator is built from.
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
}

// Calculator computes the credits of subscriptions. It measures each
// policy once, when it is built; after that it is immutable, and Credit and
// Run are safe for concurrent use by multiple goroutines.
type Calculator struct {
	plans map[string]*planState
}

// planState is a plan with everything resolved that every subscription on
// it shares.
type planState struct {
	plan      Plan
	policy    *sla.Policy
	meter     *sla.Meter
	windows   []sla.Result   // the meter's results: window bounds
	zone      *time.Location // billing zone
	wzone     *time.Location // window zone
	tiers     sla.Tiers      // of a tiered rule: the rule's, else the policy's
	deadline  sla.Deadline
	periods   *periodCache
	rule      *compiled
	price     frac
	mult      decimal.Decimal // the multiplier applied: the rule's, or 1
	zeroMoney decimal.Decimal // zero with the currency's places
}

// NewCalculator checks cfg (plans, and their policies and tiers) and
// measures every policy over the incidents. Problems are returned as a
// *rca.ValidationError listing every one with its path ("plans[1].policy").
func NewCalculator(cfg Config) (*Calculator, error) {
	var l problem.List
	validatePlans(&l, cfg.Plans)
	policies := make(map[string]*sla.Policy, len(cfg.Policies))
	for i, p := range cfg.Policies {
		if p == nil {
			l.Addf(problem.Index("policies", i), "nil policy")
			continue
		}
		var verr *problem.Error
		if err := p.Validate(); errors.As(err, &verr) {
			for _, pr := range verr.Problems {
				pr.Path = problem.Join(problem.Index("policies", i), pr.Path)
				l.AddProblem(pr)
			}
		} else if err != nil {
			l.Addf(problem.Index("policies", i), "%v", err)
		}
		if _, dup := policies[p.ID]; dup {
			l.Addf(problem.Join(problem.Index("policies", i), "id"), "duplicate policy id %q", p.ID)
		}
		policies[p.ID] = p
	}
	c := &Calculator{plans: make(map[string]*planState, len(cfg.Plans))}
	meters := make(map[*sla.Policy]*sla.Meter)
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
		st := &planState{plan: plan, policy: pol, zeroMoney: decimal.New(0, int32(-Digits(plan.Currency)))}
		st.price.setDecimal(plan.Price)
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
			var base problem.List
			st.tiers.Check(&base, "", decimal.Zero, true)
			if base.Len() == 0 {
				st.tiers.Check(&l, problem.Join(path, "rule.tiers"), pol.Objective, false)
			}
		}
		if plan.Rule.Kind == Tiered && len(st.tiers) == 0 {
			st.tiers = pol.Tiers
			if len(st.tiers) == 0 {
				l.Addf(problem.Join(path, "rule.tiers"), "a tiered rule needs tiers: the rule has none and policy %q has none", pol.ID)
			}
		}
		st.deadline = pol.ClaimDeadline
		if plan.Rule.ClaimDeadline != nil {
			st.deadline = *plan.Rule.ClaimDeadline
		}
		if _, dup := c.plans[plan.ID]; !dup {
			c.plans[plan.ID] = st
		}
		meters[pol] = nil
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	for pol := range meters {
		m, err := sla.NewMeter(pol, cfg.Incidents, sla.Options{From: cfg.From, To: cfg.To, AsOf: cfg.AsOf, Exclusions: cfg.Exclusions})
		if err != nil {
			return nil, fmt.Errorf("measuring policy %q: %w", pol.ID, err)
		}
		meters[pol] = m
	}
	for _, st := range c.plans {
		st.meter = meters[st.policy]
		st.windows = st.meter.Results()
		if n := len(st.windows); n > 0 {
			// Periods from the first window's start to a year (and the
			// claim deadline's cycles) past the last window's end.
			months := st.plan.Period.Months()
			to := st.windows[n-1].End.AddDate(0, months*(st.deadline.BillingCycles+2)+12, 0)
			st.periods = newPeriodCache(months, st.zone, st.windows[0].Start, to)
		}
		st.rule = compile(&st.plan.Rule, st.tiers, st.plan.Currency)
		st.mult = decimal.NewFromInt(1)
		if st.rule.multiplied {
			st.mult = st.plan.Rule.Multiplier
		}
	}
	return c, nil
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
// no downtime, availability in no tier, below the minimum). An invalid
// subscription or an unknown plan is a *RowError.
func (c *Calculator) Credit(sub Subscription) ([]Line, error) {
	return c.AppendCredit(nil, &sub)
}

// AppendCredit appends the credit lines of sub to dst and returns the
// extended slice, like Credit; on error dst is returned unchanged.
func (c *Calculator) AppendCredit(dst []Line, sub *Subscription) ([]Line, error) {
	if err := validateSubscription(sub); err != nil {
		return dst, err
	}
	st, ok := c.plans[sub.Plan]
	if !ok {
		return dst, &RowError{Line: sub.Line, Field: "plan_id", Value: sub.Plan, Err: ErrUnknownPlan}
	}
	b := billingOf(&st.plan, sub, st.zone, st.periods)
	w := workPool.Get().(*work)
	defer workPool.Put(w)
	st.periodCharge(&w.per, sub)
	w.in.credited.setDecimal(sub.Credited)
	for i := range st.windows {
		dst = append(dst, st.line(w, sub, i, b))
	}
	return dst, nil
}

// workPool recycles the scratch space of AppendCredit.
var workPool = sync.Pool{New: func() any { return new(work) }}

// ErrUnknownPlan is the reason of a RowError for a subscription whose plan
// is not among the calculator's (or the reader's) plans.
var ErrUnknownPlan = errors.New("unknown plan")

// periodCharge sets z to what sub pays per billing period: Charged when
// set, else Price × Quantity (Quantity zero meaning 1).
func (st *planState) periodCharge(z *frac, sub *Subscription) {
	switch {
	case sub.Charged != nil:
		z.setDecimal(*sub.Charged)
	case sub.Quantity > 1:
		z.setInt64(sub.Quantity).mul(z, &st.price)
	default:
		z.set(&st.price)
	}
}

// line computes the line of sub for window i, using w.
func (st *planState) line(w *work, sub *Subscription, i int, b billing) Line {
	win := interval.Interval{Start: st.windows[i].Start, End: st.windows[i].End}
	res := st.meter.Active(i, sub.From, sub.Until)
	rule := &st.plan.Rule
	ln := Line{
		Subscription: sub.ID,
		Customer:     sub.Customer,
		Plan:         st.plan.ID,
		WindowStart:  win.Start,
		WindowEnd:    win.End,
		Currency:     st.plan.Currency,
		Downtime:     res.Downtime,
		Weighted:     res.Weighted,
		Measured:     res.Measured,
		Availability: res.Availability,
		Rule:         rule.Kind,
		Rounding:     rule.Rounding,
		Multiplier:   st.mult,
		Incidents:    res.Incidents,
		Key:          Key(st.policy.ID, st.policy.Version, win.Start, win.End, sub.ID, res.Incidents),
	}
	ln.ClaimDeadline = claimDeadline(st.deadline, win.End, st.wzone, b)
	span := activeSpan(sub, win)
	if span.IsEmpty() {
		ln.Charge, ln.Raw, ln.Amount = decimal.Zero, decimal.Zero, st.zeroMoney
		ln.Explanation = "not active during the window: no credit"
		return ln
	}
	w.in.charge.mul(&w.per, b.share(&w.share, span, w))
	w.in.res = &res
	st.rule.evaluate(w)
	ln.Charge = w.sc.display(&w.in.charge)
	ln.Raw = w.sc.display(&w.out.raw)
	ln.Capped = w.out.capped
	ln.BelowMinimum = w.out.belowMin
	ln.Amount = w.out.amount
	ln.Band = st.rule.band(w)
	ln.Explanation = st.rule.explain(w)
	w.in.res = nil
	return ln
}

// Run credits the subscriptions of subs in order and yields their lines:
// every line of a subscription before any line of the next, so output order
// is input order and the same input always yields the same lines. Memory
// stays flat: one subscription is held at a time.
//
// A subscription subs yields with an error, or one Credit refuses, is
// yielded as that error (a *RowError for rows of ReadSubscriptions) and the
// run goes on: count it with Summary.Reject. When ctx is done, Run yields an
// *InterruptedError saying how far it got and stops. Stopping the loop early
// stops the run.
func (c *Calculator) Run(ctx context.Context, subs iter.Seq2[Subscription, error]) iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		done := ctx.Done()
		var n int64
		var last string
		var lines []Line
		for sub, err := range subs {
			select {
			case <-done:
				yield(Line{}, &InterruptedError{Subscriptions: n, Last: last, Err: context.Cause(ctx)})
				return
			default:
			}
			n++
			if err != nil {
				if !yield(Line{}, err) {
					return
				}
				continue
			}
			lines, err = c.AppendCredit(lines[:0], &sub)
			if err != nil {
				if !yield(Line{}, err) {
					return
				}
				continue
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
