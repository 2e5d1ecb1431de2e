package credit

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/sla"
)

// Explanations are one line a finance person can check with a calculator:
// the base rule's expression with its exact inputs, the exact result
// (truncated to 6 places with "…" when it has more), what the cap and the
// minimum did, and the rounding:
//
//	15.00 USD × 52080 s ÷ 2592000 s = 0.301388… → 0.30 USD (half-up)

// explain returns the explanation of o for rule r on in.
func (r *Rule) explain(in *input, o *outcome) string {
	cur := in.currency.String()
	digits := Digits(in.currency)
	money := func(x *big.Rat) string { return formatRat(x, digits) + " " + cur }
	num := func(x *big.Rat) string { return formatRat(x, 0) }
	amount := func(x *big.Rat) string { return formatRat(x, digits) }
	charge := money(in.charge)

	var b strings.Builder
	switch {
	case r.Kind == Tiered:
		b.WriteString("availability ")
		b.WriteString(in.res.Availability.Round(6).String())
		b.WriteString("% ")
		if o.tier < 0 {
			b.WriteString("in no tier: no credit")
			return b.String()
		}
		b.WriteString("in tier ")
		b.WriteString(tierString(in.tiers[o.tier]))
		b.WriteString(": ")
		b.WriteString(charge)
		b.WriteString(" × ")
		b.WriteString(num(o.percent))
		b.WriteString("%")
	case o.weighted.Sign() == 0:
		b.WriteString("no counted downtime while active: no credit")
		return b.String()
	case r.Kind == Prorated:
		b.WriteString(charge)
		b.WriteString(" × ")
		if o.allowed != nil {
			b.WriteString("(")
			b.WriteString(num(o.weighted))
			b.WriteString(" s − ")
			b.WriteString(num(o.allowed))
			b.WriteString(" s allowed)")
		} else {
			b.WriteString(num(o.downtime))
			b.WriteString(" s")
		}
		b.WriteString(" ÷ ")
		b.WriteString(num(o.measured))
		b.WriteString(" s")
	case r.Kind == Stepped:
		b.WriteString(num(o.downtime))
		b.WriteString(" s = ")
		b.WriteString(strconv.FormatInt(o.steps, 10))
		b.WriteString(" started steps of ")
		b.WriteString(fileformat.FormatDuration(r.Step))
		b.WriteString(" × ")
		b.WriteString(r.StepPercent.String())
		b.WriteString("% = ")
		b.WriteString(num(o.percent))
		b.WriteString("% of ")
		b.WriteString(charge)
	case r.Kind == Fixed:
		b.WriteString("goodwill ")
		b.WriteString(money(ratOf(r.Amount)))
	}
	multiplied := o.mult.Cmp(big.NewRat(1, 1)) != 0
	if multiplied {
		b.WriteString(" × ")
		b.WriteString(num(o.mult))
	}
	if r.Kind != Fixed || multiplied {
		b.WriteString(" = ")
		b.WriteString(amount(new(big.Rat).Mul(o.raw, o.mult)))
	}
	if o.capped {
		b.WriteString(", capped at ")
		if o.limit.Cmp(percentOf(in.charge, r.capPercent())) < 0 {
			b.WriteString("what is left of ")
			b.WriteString(charge)
			b.WriteString(" after ")
			b.WriteString(money(in.credited))
			b.WriteString(" credited")
		} else {
			b.WriteString(num(r.capPercent()))
			b.WriteString("% of ")
			b.WriteString(charge)
		}
		b.WriteString(" = ")
		b.WriteString(amount(o.limit))
	}
	b.WriteString(" → ")
	if o.belowMin {
		b.WriteString("not greater than the minimum ")
		b.WriteString(money(ratOf(r.Minimum)))
		b.WriteString(": not issued")
		return b.String()
	}
	b.WriteString(o.amount.StringFixed(int32(digits)))
	b.WriteString(" ")
	b.WriteString(cur)
	b.WriteString(" (")
	if o.clamped {
		b.WriteString("rounded down to stay within the cap")
	} else {
		b.WriteString(strings.ReplaceAll(r.Rounding.String(), "_", "-"))
	}
	b.WriteString(")")
	return b.String()
}

// band returns Line.Band for o: the tier applied, or the steps counted.
func (r *Rule) band(in *input, o *outcome) string {
	switch {
	case r.Kind == Tiered && o.tier >= 0:
		return tierString(in.tiers[o.tier])
	case r.Kind == Stepped && o.steps > 0:
		return strconv.FormatInt(o.steps, 10) + " × " + fileformat.FormatDuration(r.Step) + " at " + r.StepPercent.String() + "%"
	}
	return ""
}

// tierString describes t the way contracts write it: "≥ 99 and < 99.99:
// 10%".
func tierString(t sla.Tier) string {
	return t.String() + ": " + t.Credit.String() + "%"
}
