package credit

import (
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/internal/fixed"
)

// The fast path computes a window's credit from the integer figures of
// sla.Counts with the 128-bit fractions of fastrat.go: the same composition
// as evaluate (base rule → multiplier → cap → rounding → minimum) and the
// same explanation as explain, written straight into a byte buffer. It
// answers only when every value fits; otherwise the window is computed on
// the exact path (evaluate and explain over math/big fractions), which
// stays the definition. FuzzFastPathMatchesExact checks that both write
// the same lines.

// fastRule is a compiled rule's parameters as fastRats, with the text its
// explanations repeat. ok is false when a parameter does not fit: the
// plan then always takes the exact path.
type fastRule struct {
	ok         bool
	price      fastRat   // the plan's price
	tierCredit []fastRat // tiers[i].Credit
	mult       fastRat
	capPct     fastRat
	stepPct    fastRat
	amount     fastRat
	minimum    fastRat
	allowedPer fastRat // (100 − objective) ÷ 100: allowance per measured second
	stepNs     int64
	digits     int    // the currency's decimal places
	cur        string // the currency's code
}

// compileFast prepares the fast path of c for a plan priced price under
// a policy of objective objective.
func compileFast(c *compiled, price, objective decimal.Decimal) fastRule {
	r := c.rule
	f := fastRule{
		ok:     true,
		digits: Digits(c.currency),
		cur:    c.currency.String(),
		stepNs: int64(r.Step),
	}
	conv := func(x decimal.Decimal) fastRat {
		q, ok := ratDecimal(x)
		if !ok {
			f.ok = false
		}
		return reduced(q)
	}
	f.price = conv(price)
	for _, t := range c.tiers {
		f.tierCredit = append(f.tierCredit, conv(t.Credit))
	}
	f.mult = ratInt(1)
	if c.multiplied {
		f.mult = conv(r.Multiplier)
	}
	f.capPct = ratInt(100)
	if !r.CapPercent.IsZero() {
		f.capPct = conv(r.CapPercent)
	}
	f.stepPct = conv(r.StepPercent)
	f.amount = conv(r.Amount)
	f.minimum = conv(r.Minimum)
	if objective.Sign() < 0 || objective.GreaterThan(decimal.NewFromInt(100)) {
		f.ok = false
	} else {
		f.allowedPer = conv(decimal.NewFromInt(100).Sub(objective).Shift(-2))
	}
	return f
}

// reduced returns x with its numerator and denominator divided by their
// greatest common divisor when both fit in 64 bits.
func reduced(x fastRat) fastRat {
	if x.n.Is64() && x.d.Is64() && !x.n.IsZero() {
		if g := fixed.GCD(x.n.Lo, x.d.Lo); g > 1 {
			x.n.Lo /= g
			x.d.Lo /= g
		}
	}
	return x
}

// fastOut is the result of the fast path for one window: the figures of
// the line, in integers, and its explanation in expl.
type fastOut struct {
	chargeUnits int64 // the charge × 10^6, rounded half-up (Line.Charge)
	rawUnits    int64 // the base amount × 10^6, rounded half-up (Line.Raw)
	amount      int64 // the amount in units of the currency's places
	avail       int64 // the availability × 10^10 (Line.Availability)
	tier        int
	steps       int64
	capped      bool
	belowMin    bool
	expl        []byte
}

// evaluateFast computes the line of a window whose exact charge is charge
// (for the active part), with credited already credited against it, from
// the window's counts; it reports false when the exact path must answer.
// The explanation is appended to o.expl[:0].
func (c *compiled) evaluateFast(f *fastRule, charge, credited fastRat, cn *counts.Window, o *fastOut) bool {
	if !f.ok || !cn.WeightedExact || cn.Weighted < 0 || cn.Measured < 0 {
		return false
	}
	r := c.rule
	o.tier, o.steps, o.capped, o.belowMin = -1, 0, false, false
	var ok bool
	if o.avail, ok = cn.AvailabilityUnits(10); !ok {
		return false
	}
	weighted := seconds64(uint64(cn.Weighted))
	downtime := weighted
	var measured, allowed, percent, raw fastRat
	switch r.Kind {
	case Prorated:
		measured = seconds64(uint64(cn.Measured))
		if r.BeyondAllowance {
			if allowed, ok = measured.mul(f.allowedPer); !ok {
				return false
			}
			if weighted.cmp(allowed) <= 0 {
				downtime = ratInt(0)
			} else if downtime, ok = weighted.sub(allowed); !ok {
				return false
			}
		}
		raw = ratInt(0)
		if cn.Measured > 0 {
			var share fastRat
			if r.BeyondAllowance {
				share, ok = downtime.quo(measured)
			} else {
				share, ok = ratio(uint64(cn.Weighted), uint64(cn.Measured)), true
			}
			if !ok {
				return false
			}
			if raw, ok = charge.mul(share); !ok {
				return false
			}
		}
	case Tiered:
		if o.tier, ok = c.tiers.FindBy(cn.Compare); !ok {
			return false
		}
		percent = ratInt(0)
		if o.tier >= 0 {
			percent = f.tierCredit[o.tier]
		}
		if raw, ok = charge.mul(fastRat{percent.n, percent.d}); !ok {
			return false
		}
		if raw, ok = raw.quo(ratInt(100)); !ok {
			return false
		}
	case Stepped:
		if cn.Weighted > 0 && f.stepNs > 0 {
			o.steps = (int64(cn.Weighted) + f.stepNs - 1) / f.stepNs
			if int64(cn.Weighted) > 1<<62 {
				return false
			}
		}
		n, ok1 := f.stepPct.n.Mul64(uint64(o.steps))
		percent = fastRat{n, f.stepPct.d}
		if raw, ok = charge.mul(percent); !ok || !ok1 {
			return false
		}
		if raw, ok = raw.quo(ratInt(100)); !ok {
			return false
		}
	case Fixed:
		raw = ratInt(0)
		if cn.Weighted > 0 {
			raw = f.amount
		}
	default:
		return false
	}
	scaled := raw
	if c.multiplied {
		if scaled, ok = raw.mul(f.mult); !ok {
			return false
		}
	}

	// The cap: a percentage of the charge, and what is left of it.
	pctLimit, ok := charge.mul(f.capPct)
	if !ok {
		return false
	}
	if pctLimit, ok = pctLimit.quo(ratInt(100)); !ok {
		return false
	}
	limit := pctLimit
	if credited.cmp(charge) >= 0 {
		limit = ratInt(0)
	} else if !credited.isZero() {
		left, ok := charge.sub(credited)
		if !ok {
			return false
		}
		if left.cmp(limit) < 0 {
			limit = left
		}
	}
	exact := scaled
	if exact.cmp(limit) > 0 {
		exact, o.capped = limit, true
	}

	// Round once; never above the cap; then the minimum issuance.
	clamped := false
	if o.amount, ok = exact.round(c.step, c.mode); !ok {
		return false
	}
	if limit.unitsCmp(o.amount, c.step.places) > 0 {
		if o.amount, ok = limit.round(c.step, toZero); !ok {
			return false
		}
		clamped = true
	}
	if !f.minimum.isZero() && !exact.isZero() && f.minimum.unitsCmp(o.amount, c.step.places) <= 0 {
		o.belowMin = true
		o.amount = 0
	}
	disp := step{displayPlaces, 1, displayPlaces}
	if o.chargeUnits, ok = charge.round(disp, halfUp); !ok {
		return false
	}
	if o.rawUnits, ok = raw.round(disp, halfUp); !ok {
		return false
	}

	// The explanation, as explain writes it.
	b := o.expl[:0]
	good := true
	num := func(x fastRat) {
		var ok bool
		b, ok = appendFastFrac(b, x, 0)
		good = good && ok
	}
	amount := func(x fastRat) {
		var ok bool
		b, ok = appendFastFrac(b, x, f.digits)
		good = good && ok
	}
	money := func(x fastRat) { amount(x); b = append(b, ' '); b = append(b, f.cur...) }
	done := func() bool { o.expl = b; return good }

	switch {
	case r.Kind == Tiered:
		b = append(b, "availability "...)
		avail6, ok := cn.AvailabilityUnits(6)
		if !ok {
			return false
		}
		b = appendTrimmed(b, avail6, 6)
		b = append(b, "% "...)
		if o.tier < 0 {
			b = append(b, "in no tier: no credit"...)
			return done()
		}
		b = append(b, "in tier "...)
		b = append(b, c.tierBand[o.tier]...)
		b = append(b, ": "...)
		money(charge)
		b = append(b, " × "...)
		num(percent)
		b = append(b, '%')
	case cn.Weighted == 0:
		b = append(b, "no counted downtime while active: no credit"...)
		return done()
	case r.Kind == Prorated:
		money(charge)
		b = append(b, " × "...)
		if r.BeyondAllowance {
			b = append(b, '(')
			num(weighted)
			b = append(b, " s − "...)
			num(allowed)
			b = append(b, " s allowed)"...)
		} else {
			num(downtime)
			b = append(b, " s"...)
		}
		b = append(b, " ÷ "...)
		num(measured)
		b = append(b, " s"...)
	case r.Kind == Stepped:
		num(weighted)
		b = append(b, " s = "...)
		b = strconv.AppendInt(b, o.steps, 10)
		b = append(b, c.stepText...)
		num(percent)
		b = append(b, "% of "...)
		money(charge)
	case r.Kind == Fixed:
		b = append(b, "goodwill "...)
		money(f.amount)
	}
	if c.multiplied {
		b = append(b, " × "...)
		num(f.mult)
	}
	if r.Kind != Fixed || c.multiplied {
		b = append(b, " = "...)
		amount(scaled)
	}
	if o.capped {
		b = append(b, ", capped at "...)
		if limit.cmp(pctLimit) < 0 {
			b = append(b, "what is left of "...)
			money(charge)
			b = append(b, " after "...)
			money(credited)
			b = append(b, " credited"...)
		} else {
			num(f.capPct)
			b = append(b, "% of "...)
			money(charge)
		}
		b = append(b, " = "...)
		amount(limit)
	}
	b = append(b, " → "...)
	if o.belowMin {
		b = append(b, "not greater than the minimum "...)
		money(f.minimum)
		b = append(b, ": not issued"...)
		return done()
	}
	b = appendFixed(b, o.amount, c.step.places)
	b = append(b, ' ')
	b = append(b, f.cur...)
	b = append(b, " ("...)
	if clamped {
		b = append(b, "rounded down to stay within the cap"...)
	} else {
		b = append(b, c.rounding...)
	}
	b = append(b, ')')
	return done()
}

// seconds64 returns ns nanoseconds as seconds: ns/1e9, or (ns/1e9)/1 for
// whole seconds, so that products of durations stay small.
func seconds64(ns uint64) fastRat {
	if ns%1e9 == 0 {
		return ratInt(ns / 1e9)
	}
	return ratFrac(ns, 1e9)
}

// ratio returns a/b (b > 0) with whole seconds divided out, or reduced
// by the greatest common divisor otherwise.
func ratio(a, b uint64) fastRat {
	if a%1e9 == 0 && b%1e9 == 0 {
		return ratFrac(a/1e9, b/1e9)
	}
	g := fixed.GCD(a, b)
	return ratFrac(a/g, b/g)
}

// fastShare returns the exact number of billing periods span covers, as
// billing.share does, with the periods of b: Σ overlap ÷ period length.
// The durations are divided by a common factor (whole seconds, or their
// greatest common divisor) before the terms are added, so that they stay
// small. It reports false when the span is outside b's cached periods.
func (b billing) fastShare(s, e time.Time) (fastRat, bool) {
	bd := b.bounds
	if len(bd) < 2 || s.Year() < 1700 || e.Year() > 2200 {
		return fastRat{}, false
	}
	sn, en := s.UnixNano(), e.UnixNano()
	k, _ := slices.BinarySearch(bd, sn+1) // the first bound after sn
	k--
	if k < 0 || en > bd[len(bd)-1] {
		return fastRat{}, false
	}
	var o, p [4]uint64
	n := 0
	seconds := true
	for t := sn; t < en; k++ {
		if n == len(o) {
			return fastRat{}, false
		}
		ps, pe := bd[k], bd[k+1]
		o[n], p[n] = uint64(min(pe, en)-max(ps, t)), uint64(pe-ps)
		seconds = seconds && o[n]%1e9 == 0 && p[n]%1e9 == 0
		n++
		t = pe
	}
	if n == 0 {
		return ratInt(0), true
	}
	g := uint64(1e9)
	if !seconds {
		g = 0
		for k := range n {
			g = fixed.GCD(fixed.GCD(g, o[k]), p[k])
		}
	}
	sum := ratFrac(o[0]/g, p[0]/g)
	for k := 1; k < n; k++ {
		var ok bool
		if sum, ok = sum.add(ratFrac(o[k]/g, p[k]/g)); !ok {
			return fastRat{}, false
		}
	}
	return sum, true
}
