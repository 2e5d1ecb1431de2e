package credit

import (
	"math/big"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/sla"
)

// input is what a rule is evaluated on: one window of one subscription.
type input struct {
	charge   *big.Rat    // exact charge for the active part of the window
	credited *big.Rat    // already credited against that charge
	res      *sla.Result // the window measured over the active time
	tiers    sla.Tiers   // the tiers of a Tiered rule (the rule's or the policy's)
	currency currency.Unit
}

// outcome is a rule's result and every step that led to it.
type outcome struct {
	weighted *big.Rat // weighted downtime seconds while active
	downtime *big.Rat // seconds the base rule counted (weighted; beyond the allowance for BeyondAllowance)
	allowed  *big.Rat // the allowance subtracted, for BeyondAllowance
	measured *big.Rat // measured seconds, for Prorated
	tier     int      // index of the tier applied, -1 for none
	steps    int64    // started steps, for Stepped
	percent  *big.Rat // percent of the charge, for Tiered and Stepped
	raw      *big.Rat // base amount
	mult     *big.Rat // multiplier applied
	limit    *big.Rat // cap: min(CapPercent × charge, charge − credited), ≥ 0
	exact    *big.Rat // amount after multiplier and cap, before rounding
	amount   decimal.Decimal
	capped   bool
	belowMin bool
	clamped  bool // rounding would have exceeded the cap, so rounded towards zero
}

// evaluate applies r to in: the base rule, then the multiplier, the cap,
// the rounding to the currency and the minimum issuance. It is the one place
// a credit is computed.
func (r *Rule) evaluate(in *input) outcome {
	out := outcome{tier: -1, mult: r.multiplier()}
	weighted := exactWeighted(in.res)
	out.weighted, out.downtime = weighted, weighted
	switch r.Kind {
	case Prorated:
		out.measured = secondsRat(in.res.Measured)
		if r.BeyondAllowance {
			out.allowed = ratOf(in.res.Budget.Allowed)
			if out.allowed.Sign() < 0 {
				out.allowed.SetInt64(0)
			}
			d := new(big.Rat).Sub(weighted, out.allowed)
			if d.Sign() < 0 {
				d.SetInt64(0)
			}
			out.downtime = d
		}
		out.raw = new(big.Rat)
		if out.measured.Sign() > 0 {
			out.raw.Mul(in.charge, out.downtime)
			out.raw.Quo(out.raw, out.measured)
		}
	case Tiered:
		out.tier = in.tiers.Find(in.res)
		out.percent = new(big.Rat)
		if out.tier >= 0 {
			out.percent = ratOf(in.tiers[out.tier].Credit)
		}
		out.raw = percentOf(in.charge, out.percent)
	case Stepped:
		out.steps = startedSteps(weighted, r.Step)
		out.percent = new(big.Rat).Mul(big.NewRat(out.steps, 1), ratOf(r.StepPercent))
		out.raw = percentOf(in.charge, out.percent)
	case Fixed:
		out.raw = new(big.Rat)
		if weighted.Sign() > 0 {
			out.raw = ratOf(r.Amount)
		}
	default:
		out.raw = new(big.Rat)
	}

	out.exact = new(big.Rat).Mul(out.raw, out.mult)
	out.limit = percentOf(in.charge, r.capPercent())
	left := new(big.Rat).Sub(in.charge, in.credited)
	out.limit = minRat(out.limit, left)
	if out.limit.Sign() < 0 {
		out.limit = new(big.Rat)
	}
	if out.exact.Cmp(out.limit) > 0 {
		out.exact, out.capped = out.limit, true
	}

	s := stepOf(in.currency, r.Rounding)
	out.amount = roundRat(out.exact, s, r.Rounding.exact())
	if out.amount.Rat().Cmp(out.limit) > 0 {
		out.amount, out.clamped = roundRat(out.limit, s, toZero), true
	}
	if r.Minimum.Sign() > 0 && out.exact.Sign() > 0 && out.amount.Cmp(r.Minimum) <= 0 {
		out.belowMin = true
		out.amount = decimal.New(0, int32(-s.places))
	}
	return out
}

// exactWeighted returns the weighted downtime of r in seconds, exactly:
// Weighted, or for a request-based result Measured × the exact mean error
// rate (Weighted is rounded to nanoseconds there). Never negative.
func exactWeighted(r *sla.Result) *big.Rat {
	var w *big.Rat
	if q := r.Requests; q != nil && q.MeanErrorDen.Sign() > 0 {
		w = secondsRat(r.Measured)
		w.Mul(w, ratOf(q.MeanErrorNum))
		w.Quo(w, ratOf(q.MeanErrorDen))
	} else {
		w = ratOf(r.Weighted)
	}
	if w.Sign() < 0 {
		w.SetInt64(0)
	}
	return w
}

// percentOf returns x × percent ÷ 100.
func percentOf(x, percent *big.Rat) *big.Rat {
	p := new(big.Rat).Mul(x, percent)
	return p.Quo(p, ratHundred)
}

// startedSteps returns the number of started steps of length step in
// seconds of downtime: ⌈seconds ÷ step⌉, 0 for no downtime or no step.
func startedSteps(seconds *big.Rat, step time.Duration) int64 {
	if seconds.Sign() <= 0 || step <= 0 {
		return 0
	}
	n := new(big.Rat).Quo(seconds, secondsRat(step))
	q, m := new(big.Int).QuoRem(n.Num(), n.Denom(), new(big.Int))
	if m.Sign() != 0 {
		q.Add(q, bigOne)
	}
	if !q.IsInt64() {
		return 1<<63 - 1
	}
	return q.Int64()
}

// multiplier returns r.Multiplier, or 1 when it is zero.
func (r *Rule) multiplier() *big.Rat {
	if r.Multiplier.IsZero() {
		return big.NewRat(1, 1)
	}
	return ratOf(r.Multiplier)
}

// capPercent returns r.CapPercent, or 100 when it is zero.
func (r *Rule) capPercent() *big.Rat {
	if r.CapPercent.IsZero() {
		return big.NewRat(100, 1)
	}
	return ratOf(r.CapPercent)
}
