package credit

import (
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/sla"
)

// compiled is a rule with its parameters converted to fracs once per plan,
// so evaluating a window converts nothing but the window's own figures.
type compiled struct {
	rule       *Rule
	tiers      sla.Tiers // of a Tiered rule: the rule's, or the policy's
	tierCredit []frac    // tiers[i].Credit
	mult       frac      // Multiplier, or 1
	multiplied bool      // Multiplier is set and not 1
	capPct     frac      // CapPercent, or 100
	stepPct    frac      // StepPercent
	stepSec    frac      // Step in seconds
	amount     frac      // Amount
	minimum    frac      // Minimum
	step       step      // the rounding quantum of the currency
	mode       roundMode
	currency   currency.Unit

	// The texts explanations and bands repeat, for both paths.
	tierBand []string // tierString(tiers[i])
	stepText string   // " started steps of 30m × 5% = "
	stepBand string   // " × 30m at 5%"
	rounding string   // the rounding's name: "half-up"
}

var hundred = func() (h frac) { h.setInt64(100); return h }() // read-only

// compile prepares r for windows in currency u, with tiers for a Tiered
// rule.
func compile(r *Rule, tiers sla.Tiers, u currency.Unit) *compiled {
	c := &compiled{rule: r, tiers: tiers, currency: u, step: stepOf(u, r.Rounding), mode: r.Rounding.exact()}
	c.tierCredit = make([]frac, len(tiers))
	for i, t := range tiers {
		c.tierCredit[i].setDecimal(t.Credit)
	}
	c.mult.setInt64(1)
	if !r.Multiplier.IsZero() && !r.Multiplier.Equal(decimal.NewFromInt(1)) {
		c.mult.setDecimal(r.Multiplier)
		c.multiplied = true
	}
	c.capPct.setInt64(100)
	if !r.CapPercent.IsZero() {
		c.capPct.setDecimal(r.CapPercent)
	}
	c.stepPct.setDecimal(r.StepPercent)
	c.stepSec.setSeconds(r.Step)
	c.amount.setDecimal(r.Amount)
	c.minimum.setDecimal(r.Minimum)
	for _, t := range tiers {
		c.tierBand = append(c.tierBand, tierString(t))
	}
	if r.Kind == Stepped {
		step, pct := fileformat.FormatDuration(r.Step), r.StepPercent.String()
		c.stepText = " started steps of " + step + " × " + pct + "% = "
		c.stepBand = " × " + step + " at " + pct + "%"
	}
	c.rounding = strings.ReplaceAll(r.Rounding.String(), "_", "-")
	return c
}

// input is what a rule is evaluated on: one window of one subscription.
type input struct {
	charge   frac        // exact charge for the active part of the window
	credited frac        // already credited against that charge
	res      *sla.Result // the window measured over the active time
}

// outcome is a rule's result and every step that led to it.
type outcome struct {
	weighted   frac // weighted downtime seconds while active
	downtime   frac // seconds the base rule counted: weighted, less the allowance for BeyondAllowance
	allowed    frac // the allowance, for BeyondAllowance (hasAllowed)
	hasAllowed bool
	measured   frac  // measured seconds, for Prorated
	tier       int   // index of the tier applied, -1 for none
	steps      int64 // started steps, for Stepped
	percent    frac  // percent of the charge, for Tiered and Stepped
	raw        frac  // base amount
	scaled     frac  // raw × multiplier
	limit      frac  // the cap: min(CapPercent × charge, charge − credited), ≥ 0
	exact      frac  // amount after multiplier and cap, before rounding
	amount     decimal.Decimal
	capped     bool
	belowMin   bool
	clamped    bool // rounding would have exceeded the cap, so rounded towards zero
}

// work is the scratch space of one window's evaluation, reused from window
// to window so the hot path allocates little.
type work struct {
	in    input
	out   outcome
	sc    scratch
	t     [2]big.Int
	terms [2]frac
	share frac
	per   frac // the charge per billing period
	buf   []byte

	win     winOut     // the fast path's result
	keys    *keyHasher // computes keys
	keySub  []byte     // a key's subscription ID
	keyIncs []byte     // the encoding of a key's incidents
}

// evaluate applies the rule to w.in and leaves the result in w.out: the
// base rule, then the multiplier, the cap, the rounding to the currency
// and the minimum issuance. It is the one place a credit is computed.
func (c *compiled) evaluate(w *work) {
	in, out, r := &w.in, &w.out, c.rule
	t := &w.t[0]
	out.tier, out.steps, out.hasAllowed = -1, 0, false
	out.capped, out.belowMin, out.clamped = false, false, false

	exactWeighted(&out.weighted, in.res)
	out.downtime.set(&out.weighted)
	switch r.Kind {
	case Prorated:
		out.measured.setSeconds(in.res.Measured)
		if r.BeyondAllowance {
			out.hasAllowed = true
			out.allowed.setDecimal(in.res.Budget.Allowed)
			if out.allowed.sign() < 0 {
				out.allowed.setInt64(0)
			}
			out.downtime.sub(&out.weighted, &out.allowed, t)
			if out.downtime.sign() < 0 {
				out.downtime.setInt64(0)
			}
		}
		if out.measured.sign() > 0 {
			out.raw.mul(&in.charge, &out.downtime).quo(&out.raw, &out.measured)
		} else {
			out.raw.setInt64(0)
		}
	case Tiered:
		out.tier = c.tiers.Find(in.res)
		if out.tier >= 0 {
			out.percent.set(&c.tierCredit[out.tier])
		} else {
			out.percent.setInt64(0)
		}
		out.raw.mul(&in.charge, &out.percent).quo(&out.raw, &hundred)
	case Stepped:
		out.steps = w.startedSteps(&out.weighted, &c.stepSec)
		out.percent.setInt64(out.steps).mul(&out.percent, &c.stepPct)
		out.raw.mul(&in.charge, &out.percent).quo(&out.raw, &hundred)
	case Fixed:
		if out.weighted.sign() > 0 {
			out.raw.set(&c.amount)
		} else {
			out.raw.setInt64(0)
		}
	default:
		out.raw.setInt64(0)
	}
	out.scaled.mul(&out.raw, &c.mult)

	// The cap: a percentage of the charge, and what is left of it.
	out.limit.mul(&in.charge, &c.capPct).quo(&out.limit, &hundred)
	out.exact.sub(&in.charge, &in.credited, t) // what is left
	if out.exact.cmp(&out.limit, t, &w.t[1]) < 0 {
		out.limit.set(&out.exact)
	}
	if out.limit.sign() < 0 {
		out.limit.setInt64(0)
	}
	out.exact.set(&out.scaled)
	if out.exact.cmp(&out.limit, t, &w.t[1]) > 0 {
		out.exact.set(&out.limit)
		out.capped = true
	}

	// Round once; never above the cap; then the minimum issuance.
	sc := &w.sc
	out.amount = sc.decimal(&out.exact, c.step, c.mode)
	if sc.unitsCmp(&out.limit, c.step.places) > 0 {
		out.amount = sc.decimal(&out.limit, c.step, toZero)
		out.clamped = true
	}
	if c.minimum.sign() > 0 && out.exact.sign() > 0 && sc.unitsCmp(&c.minimum, c.step.places) <= 0 {
		out.belowMin = true
		out.amount = decimal.New(0, int32(-c.step.places))
	}
}

// unitsCmp compares the amount last rounded by decimal (sc.q units of
// 10^-places) with x.
func (sc *scratch) unitsCmp(x *frac, places int) int {
	sc.num.Mul(&sc.q, &x.d)
	sc.den.Mul(&x.n, pow10(places))
	return sc.num.Cmp(&sc.den)
}

// exactWeighted sets z to the weighted downtime of r in seconds, exactly:
// Weighted, or for a request-based result Measured × the exact mean error
// rate (Weighted is rounded to nanoseconds there). Never negative.
func exactWeighted(z *frac, r *sla.Result) {
	if q := r.Requests; q != nil && q.MeanErrorDen.Sign() > 0 {
		var num, den frac
		z.setSeconds(r.Measured)
		z.mul(z, num.setDecimal(q.MeanErrorNum))
		z.quo(z, den.setDecimal(q.MeanErrorDen))
	} else {
		z.setDecimal(r.Weighted)
	}
	if z.sign() < 0 {
		z.setInt64(0)
	}
}

// startedSteps returns the number of started steps of stepSec seconds in
// seconds of downtime: ⌈seconds ÷ step⌉, 0 for no downtime or no step.
func (w *work) startedSteps(seconds, stepSec *frac) int64 {
	if seconds.sign() <= 0 || stepSec.sign() <= 0 {
		return 0
	}
	sc := &w.sc
	sc.num.Mul(&seconds.n, &stepSec.d)
	sc.den.Mul(&seconds.d, &stepSec.n)
	sc.q.QuoRem(&sc.num, &sc.den, &sc.r)
	if sc.r.Sign() != 0 {
		sc.q.Add(&sc.q, bigOne)
	}
	if !sc.q.IsInt64() {
		return 1<<63 - 1
	}
	return sc.q.Int64()
}
