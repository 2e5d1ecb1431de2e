package credit

import (
	"strconv"

	"github.com/outagekit/postmortem/sla"
)

// Explanations are one line a finance person can check with a calculator:
// the base rule's expression with its exact inputs, the exact result
// (rounded half-up to 6 places and marked "…" when it has more: the
// digits of the raw column, Line.Raw), what the cap and the
// minimum did, and the rounding; a tiered rule starts with the availability
// rounded once, half-up, to 6 places from its exact value
// (sla.Result.AvailabilityAt; the tier itself is chosen from the exact
// value). Amounts issued are written with FormatAmount:
//
//	15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)

// explain appends the explanation of trace t of c's rule, issuing issued
// (t.amount as a number), to dst: one function for both number types, so
// an explanation cannot say one thing on the fast path and another on the
// exact one.
func explain[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N], issued *number, dst []byte) []byte {
	r, cur, b := c.rule, c.currency.String(), dst
	num := func(x N) { b = a.appendFrac(b, x, 0) }
	amount := func(x N) { b = a.appendFrac(b, x, c.places) }
	money := func(x N) { amount(x); b = append(b, ' '); b = append(b, cur...) }
	// pricedFrom says how a rate was priced from the charge: for sec
	// seconds, the charge ÷ the active time × sec.
	pricedFrom := func(sec N) {
		b = append(b, " ("...)
		money(t.charge)
		b = append(b, " ÷ "...)
		num(t.active)
		b = append(b, " s active × "...)
		num(sec)
		b = append(b, " s)"...)
	}

	switch {
	case r.Kind == Tiered:
		b = append(b, "availability "...)
		b = t.avail6.appendString(b)
		b = append(b, "% "...)
		if t.tier < 0 {
			return append(b, "in no tier: no credit"...)
		}
		b = append(b, "in tier "...)
		b = append(b, c.tierBand[t.tier]...)
		b = append(b, ": "...)
		money(t.charge)
		b = append(b, " × "...)
		num(t.percent)
		b = append(b, '%')
	case a.sign(t.weighted) == 0:
		return append(b, "no counted downtime while active: no credit"...)
	case r.Kind == Prorated:
		// One term per billing period with downtime in it: what a period
		// costs × the downtime in it ÷ its length.
		first := true
		var perText []byte // the price of a period, written for the first term and copied after
		for k := range t.segs {
			s := &t.segs[k]
			if a.sign(s.downtime) == 0 {
				continue
			}
			if !first {
				b = append(b, " + "...)
				b = append(b, perText...)
			} else {
				at := len(b)
				money(t.per)
				perText = b[at:len(b):len(b)]
			}
			first = false
			b = append(b, " × "...)
			if t.conv != nil {
				// The conventions' share of the period for the part
				// (1/12 of a year for an equal month; 16/30 for
				// February's last 14 days in 30-day months), and the
				// downtime's part of it.
				num(s.share)
				b = append(b, " of the period × "...)
			}
			if a.sign(s.used) > 0 {
				b = append(b, '(')
				num(s.downtime)
				b = append(b, " s − "...)
				num(s.used)
				b = append(b, " s allowed)"...)
			} else {
				num(s.counted)
				b = append(b, " s"...)
			}
			b = append(b, " ÷ "...)
			if t.conv != nil {
				num(s.span)
			} else {
				num(s.length)
			}
			b = append(b, " s"...)
			if k := fracPlaces(t.conv); k > 0 && a.sign(s.counted) > 0 && a.sign(s.length) > 0 {
				// The fraction as Plan.FractionPlaces rounds it.
				b = append(b, " (fraction "...)
				num(a.round(a.quo(s.counted, s.length), step{k, 1, k}, halfUp))
				b = append(b, " to "...)
				b = strconv.AppendInt(b, int64(k), 10)
				b = append(b, " places)"...)
			}
		}
	case r.Kind == Stepped:
		num(t.weighted)
		b = append(b, " s = "...)
		b = strconv.AppendInt(b, t.steps, 10)
		b = append(b, c.stepText...)
		num(t.percent)
		b = append(b, "% of "...)
		money(t.charge)
	case r.Kind == Fixed:
		b = append(b, "goodwill "...)
		money(p.amount)
	case r.Kind == PerInterval:
		b = strconv.AppendInt(b, t.ivCount, 10)
		b = append(b, " interval(s) of "...)
		num(t.ivSec)
		b = append(b, " s × "...)
		money(t.rate)
		if r.Rate.Sign() == 0 {
			pricedFrom(t.ivSec)
		}
	case r.Kind == LostTime:
		num(t.weighted)
		b = append(b, " s = "...)
		num(t.hours)
		b = append(b, " h"...)
		if r.PartialHours != ExactHours {
			b = append(b, " ("...)
			b = append(b, r.PartialHours.String()...)
			b = append(b, ')')
		}
		b = append(b, " × "...)
		money(t.rate)
		b = append(b, " an hour"...)
		if r.Rate.Sign() == 0 {
			pricedFrom(a.fromInt(3600))
		}
	}
	if c.multiplied {
		b = append(b, " × "...)
		num(p.mult)
	}
	if r.Kind != Fixed || c.multiplied {
		b = append(b, " = "...)
		amount(t.scaled)
	}
	if t.capped {
		b = append(b, ", capped at "...)
		switch {
		case t.periodCapped:
			b = append(b, "what is left of "...)
			num(p.periodPct)
			b = append(b, "% of the "...)
			b = append(b, c.rule.PeriodCap.Per.noun()...)
			b = append(b, "'s charges "...)
			money(t.periodLimit)
			b = append(b, " after "...)
			money(t.periodIssued)
			b = append(b, " issued in it"...)
		case t.daysCapped:
			b = append(b, "the price of "...)
			b = strconv.AppendInt(b, int64(r.CapDays), 10)
			b = append(b, " days of paid service, "...)
			money(t.charge)
			b = append(b, " × "...)
			num(p.capDays)
			b = append(b, " s ÷ "...)
			num(t.active)
			b = append(b, " s"...)
		default:
			num(p.capPct)
			b = append(b, "% of "...)
			money(t.charge)
		}
		b = append(b, " = "...)
		amount(t.limit)
	}
	b = append(b, " → "...)
	onExact := r.MinimumOn == OnExact && a.sign(p.minimum) > 0
	if t.belowMin {
		b = append(b, "not greater than the minimum "...)
		money(p.minimum)
		if onExact {
			b = append(b, " before rounding"...)
		}
		return append(b, ": not issued"...)
	}
	b = issued.appendFixed(b, c.places)
	b = append(b, ' ')
	b = append(b, cur...)
	b = append(b, " ("...)
	if t.clamped {
		b = append(b, "rounded down to stay within the cap"...)
	} else {
		b = append(b, c.rounding...)
	}
	if onExact {
		b = append(b, "; greater than the minimum "...)
		money(p.minimum)
		b = append(b, " before rounding"...)
	}
	return append(b, ')')
}

// appendBand appends Line.Band: the tier applied (tier ≥ 0), or the
// steps counted (steps > 0), or nothing.
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
