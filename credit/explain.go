package credit

import (
	"strconv"

	"github.com/outagekit/postmortem/sla"
)

// Explanations are one line a finance person can check with a calculator:
// the base rule's expression with its exact inputs, the exact result
// (truncated to 6 places with "…" when it has more), what the cap and the
// minimum did, and the rounding; a tiered rule starts with the availability
// rounded once, half-up, to 6 places from its exact value
// (sla.Result.AvailabilityAt; the tier itself is chosen from the exact
// value). Amounts issued are written with FormatAmount:
//
//	15.00 USD × 52080 s ÷ 2592000 s = 0.301388… → 0.30 USD (half-up)

// explain returns the explanation of w.out.
func (c *compiled) explain(w *work) string {
	in, o, r, sc := &w.in, &w.out, c.rule, &w.sc
	cur := c.currency.String()
	digits := Digits(c.currency)
	b := w.buf[:0]
	num := func(x *frac) { b = sc.appendFrac(b, x, 0) }
	amount := func(x *frac) { b = sc.appendFrac(b, x, digits) }
	money := func(x *frac) { amount(x); b = append(b, ' '); b = append(b, cur...) }
	defer func() { w.buf = b }()

	switch {
	case r.Kind == Tiered:
		b = append(b, "availability "...)
		b = append(b, in.res.AvailabilityAt(6).String()...)
		b = append(b, "% "...)
		if o.tier < 0 {
			b = append(b, "in no tier: no credit"...)
			return string(b)
		}
		b = append(b, "in tier "...)
		b = append(b, c.tierBand[o.tier]...)
		b = append(b, ": "...)
		money(&in.charge)
		b = append(b, " × "...)
		num(&o.percent)
		b = append(b, '%')
	case o.weighted.sign() == 0:
		b = append(b, "no counted downtime while active: no credit"...)
		return string(b)
	case r.Kind == Prorated:
		money(&in.charge)
		b = append(b, " × "...)
		if o.hasAllowed {
			b = append(b, '(')
			num(&o.weighted)
			b = append(b, " s − "...)
			num(&o.allowed)
			b = append(b, " s allowed)"...)
		} else {
			num(&o.downtime)
			b = append(b, " s"...)
		}
		b = append(b, " ÷ "...)
		num(&o.measured)
		b = append(b, " s"...)
	case r.Kind == Stepped:
		num(&o.weighted)
		b = append(b, " s = "...)
		b = strconv.AppendInt(b, o.steps, 10)
		b = append(b, c.stepText...)
		num(&o.percent)
		b = append(b, "% of "...)
		money(&in.charge)
	case r.Kind == Fixed:
		b = append(b, "goodwill "...)
		money(&c.amount)
	}
	if c.multiplied {
		b = append(b, " × "...)
		num(&c.mult)
	}
	if r.Kind != Fixed || c.multiplied {
		b = append(b, " = "...)
		amount(&o.scaled)
	}
	if o.capped {
		b = append(b, ", capped at "...)
		if c.capLeft(w) {
			b = append(b, "what is left of "...)
			money(&in.charge)
			b = append(b, " after "...)
			money(&in.credited)
			b = append(b, " credited"...)
		} else {
			num(&c.capPct)
			b = append(b, "% of "...)
			money(&in.charge)
		}
		b = append(b, " = "...)
		amount(&o.limit)
	}
	b = append(b, " → "...)
	if o.belowMin {
		b = append(b, "not greater than the minimum "...)
		money(&c.minimum)
		b = append(b, ": not issued"...)
		return string(b)
	}
	b = append(b, FormatAmount(o.amount, c.currency)...)
	b = append(b, ' ')
	b = append(b, cur...)
	b = append(b, " ("...)
	if o.clamped {
		b = append(b, "rounded down to stay within the cap"...)
	} else {
		b = append(b, c.rounding...)
	}
	b = append(b, ')')
	return string(b)
}

// capLeft reports whether the cap that applied is what is left of the
// charge after earlier credits rather than the cap percentage.
func (c *compiled) capLeft(w *work) bool {
	var pct frac
	pct.mul(&w.in.charge, &c.capPct).quo(&pct, &hundred)
	return w.out.limit.cmp(&pct, &w.t[0], &w.t[1]) < 0
}

// appendBand appends Line.Band: the tier applied (tier ≥ 0), or the
// steps counted (steps > 0), or nothing. Both paths write it.
func (c *compiled) appendBand(dst []byte, tier int, steps int64) []byte {
	switch {
	case c.rule.Kind == Tiered && tier >= 0:
		return append(dst, c.tierBand[tier]...)
	case c.rule.Kind == Stepped && steps > 0:
		dst = strconv.AppendInt(dst, steps, 10)
		return append(dst, c.stepBand...)
	}
	return dst
}

// tierString describes t the way contracts write it: "≥ 99 and < 99.99:
// 10%".
func tierString(t sla.Tier) string {
	return t.String() + ": " + t.Credit.String() + "%"
}
