package credit

import (
	"strings"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/sla"
)

// A rule is evaluated as one pipeline of steps, each a function written
// once against arith (see arith.go), each reading and writing the fields
// of one trace:
//
//	base rule (prorated, tiered, stepped, fixed) → multiply → capAt → round → minimum
//
// The window's figures enter the trace from sla's measurement
// (measureFast, measureExact: the SLA's own figures, never recomputed
// here) and from the subscription's charge (charge.go); render
// (figures.go) turns the trace into the figures of the line, which Line,
// the lines file, the explanation and the summary are all made from.
//
// A term of a contract is one of these functions, or a parameter of one:
// a new base rule is a function beside prorated and a case in base; a
// rounding mode is a case of roundMode.away; a convention for the minimum
// (judged on the exact amount rather than the rounded one) is a line of
// minimum; a settlement against credits already issued would be one more
// step after minimum, with its fields in the trace, in figures and in the
// explanation.

// compiled is a rule prepared for a plan: its parameters converted to
// both number types once, so evaluating a window converts nothing but the
// window's own figures, and the texts its explanations repeat.
type compiled struct {
	rule       *Rule
	tiers      sla.Tiers // of a Tiered rule: the rule's, or the policy's
	multiplied bool      // Multiplier is set and not 1
	timed      bool      // the rule reads the active time (LostTime, PerInterval, CapDays)
	step       step      // the rounding quantum of the currency
	mode       roundMode
	currency   currency.Unit
	places     int // the currency's decimal places

	fast   params[fastRat]
	fastOK bool // every parameter fits a fastRat
	big    params[*frac]

	// The texts explanations and bands repeat.
	tierBand []string // tierString(tiers[i])
	stepText string   // " started steps of 30m × 5% = "
	stepBand string   // " × 30m at 5%"
	rounding string   // the rounding's name: "half-up"
}

// params are the numbers of a rule in one number type.
type params[N any] struct {
	price      N   // the plan's price
	tierCredit []N // tiers[i].Credit
	mult       N   // Multiplier, or 1
	capPct     N   // CapPercent, or 100
	capShare   N   // capPct ÷ 100
	stepPct    N   // StepPercent
	stepSec    N   // Step in seconds
	amount     N   // Amount
	rate       N   // Rate
	capDays    N   // CapDays in seconds
	periodPct  N   // PeriodCap.Percent
	minimum    N   // Minimum
	hundred    N
}

// compile prepares r for windows in currency u of a plan priced price,
// with tiers for a Tiered rule.
func compile(r *Rule, tiers sla.Tiers, u currency.Unit, price decimal.Decimal) *compiled {
	c := &compiled{rule: r, tiers: tiers, currency: u, places: Digits(u), step: r.quantum(u), mode: r.Rounding.exact()}
	c.multiplied = !r.Multiplier.IsZero() && !r.Multiplier.Equal(decimal.NewFromInt(1))
	c.timed = r.Kind == LostTime || r.Kind == PerInterval || r.CapDays > 0
	var fa fastArith
	c.fast = compileParams(&fa, c, price)
	c.fastOK = !fa.failed
	c.big = compileParams(new(bigArith), c, price) // fracs of an arena never reset
	for _, t := range tiers {
		c.tierBand = append(c.tierBand, tierString(t))
	}
	if r.Kind == Stepped {
		step, pct := fileformat.FormatDuration(r.Step), r.StepPercent.String()
		c.stepText = " started steps of " + step + " × " + pct + "% = "
		c.stepBand = " × " + step + " at " + pct + "%"
	}
	c.rounding = strings.ReplaceAll(r.Rounding.String(), "_", "-")
	if r.RoundingIncrement.Sign() > 0 {
		c.rounding += " to " + FormatAmount(r.RoundingIncrement, u)
	}
	return c
}

// compileParams converts the numbers of c's rule with a.
func compileParams[N any, A arith[N]](a A, c *compiled, price decimal.Decimal) params[N] {
	r := c.rule
	p := params[N]{
		price:     a.fromDecimal(price),
		mult:      a.fromInt(1),
		capPct:    a.fromInt(100),
		stepPct:   a.fromDecimal(r.StepPercent),
		stepSec:   a.fromRatio(int64(r.Step), 1e9),
		amount:    a.fromDecimal(r.Amount),
		rate:      a.fromDecimal(r.Rate),
		capDays:   a.fromInt(int64(r.CapDays) * 86400),
		periodPct: a.fromInt(0),
		minimum:   a.fromDecimal(r.Minimum),
		hundred:   a.fromInt(100),
	}
	for _, t := range c.tiers {
		p.tierCredit = append(p.tierCredit, a.fromDecimal(t.Credit))
	}
	if c.multiplied {
		p.mult = a.fromDecimal(r.Multiplier)
	}
	if !r.CapPercent.IsZero() {
		p.capPct = a.fromDecimal(r.CapPercent)
	}
	p.capShare = a.quo(p.capPct, p.hundred)
	if r.PeriodCap != nil {
		p.periodPct = a.fromDecimal(r.PeriodCap.Percent)
	}
	return p
}

// trace is the evaluation of a rule on one window of one subscription:
// its inputs, and every figure each step computed from them, in one number
// type. The explanation and the line's figures are written from it.
type trace[N any] struct {
	// The inputs: the subscription's charge for its active part of the
	// window (charge.go), and the SLA's figures (measureFast,
	// measureExact).
	charge   N
	per      N            // what the subscription pays per billing period; for Prorated
	segs     []segment[N] // the active time in each billing period; for Prorated
	conv     *conventions // the plan's proration conventions, nil for none: segs have their share and span, and fractions are rounded to its fracPlaces; for Prorated
	active   N            // the active part of the window, in seconds
	weighted N            // weighted downtime while active, in seconds
	measured N            // the measured time (the denominator), in seconds
	allowed  N            // the error budget in seconds; set for BeyondAllowance
	tier     int          // the tier holding the availability, -1: none; for Tiered
	avail6   number       // the availability rounded half-up to 6 places; for Tiered

	// The base rule.
	downtime N     // seconds counted: weighted, less the allowance for BeyondAllowance; for Prorated
	steps    int64 // started steps, for Stepped
	hours    N     // hours counted, for LostTime
	rate     N     // the price of an hour (LostTime) or an interval (PerInterval)
	ivCount  int64 // the qualifying intervals while active, for PerInterval
	ivSec    N     // their length in seconds, for PerInterval
	percent  N     // percent of the charge, for Tiered and Stepped
	share    N     // the share of the charge (for Prorated, of per) the base rule credits, but for Fixed
	raw      N     // the base amount

	scaled N // raw × the multiplier

	// The cap: pctLimit is CapPercent of the charge (or CapDays' price of
	// paid service, when lower), limit the lower of it and what is left of
	// the period's cap; exact is scaled, capped.
	pctLimit, limit, exact N
	capped                 bool
	// The period cap (PeriodCap), when the rule has one: periodLimit is its
	// Percent of the period's charges, periodIssued what its other windows
	// were issued; periodCapped says it set limit.
	periodLimit, periodIssued N
	periodCapped              bool
	daysCapped                bool // pctLimit is CapDays' price of paid service, below CapPercent's

	rounded N    // exact rounded to the currency, never above limit
	clamped bool // rounding would have exceeded limit, so rounded towards zero

	belowMin bool // not greater than the minimum: not issued
	amount   N    // the amount issued
}

// evaluate applies c's rule to the window in t: the base rule, then the
// multiplier, the cap, the rounding to the currency and the minimum
// issuance. It is the one place a credit is computed, whichever number
// type holds it.
//
// It runs in three stages, each reading only its own inputs, so that a
// caller combining many charges with many windows (an exposure prices
// every cohort of subscriptions at every outage length) prepares each
// window and each charge once: fromWindow takes what the window's figures
// (and, for Prorated, the billing periods) give, fromCharge what the
// charge gives, and apply combines them.
func evaluate[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N]) {
	fromWindow(a, c, p, t)
	fromCharge(a, c, p, t)
	apply(a, c, p, t)
}

// fromWindow applies the base rule to the window's figures: the share of
// the charge (for Prorated, of what a billing period costs) it credits, or
// (Fixed) the amount. LostTime and PerInterval price an hour or an
// interval from the charge and the active time when the rule gives no
// Rate, so for them it reads t.charge and t.active too and sets the
// amount: an exposure prices their plans subscription by subscription
// (see planState.ownPath).
func fromWindow[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N]) {
	t.steps = 0
	switch c.rule.Kind {
	case Prorated:
		prorated(a, c, t)
	case Tiered:
		tiered(a, p, t)
	case Stepped:
		stepped(a, p, t)
	case Fixed:
		fixedAmount(a, p, t)
	case LostTime:
		lostTime(a, c, p, t)
	case PerInterval:
		perInterval(a, c, p, t)
	default:
		t.share = a.fromInt(0)
	}
}

// fromCharge sets the limit the charge gives the cap (pctLimit):
// CapPercent of the window's charge, or CapDays' price of paid service
// (the charge × CapDays ÷ the active time) when lower. It caps the
// window's due, the total its settlement issues over the runs (see
// settle.go): what was issued before is never added to it twice.
func fromCharge[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N]) {
	t.pctLimit = a.mul(t.charge, p.capShare)
	t.daysCapped = false
	if c.rule.CapDays > 0 && a.sign(t.active) > 0 && a.cmp(p.capDays, t.active) < 0 {
		if days := a.quo(a.mul(t.charge, p.capDays), t.active); a.cmp(days, t.pctLimit) < 0 {
			t.pctLimit, t.daysCapped = days, true
		}
	}
}

// apply computes the credit of a window (fromWindow) for a charge
// (fromCharge): the base amount, its share of the charge (for Prorated, of
// per) but for Fixed, LostTime and PerInterval, then the multiplier, the cap, the rounding and the
// minimum.
func apply[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N]) {
	switch c.rule.Kind {
	case Fixed, LostTime, PerInterval:
	case Prorated:
		t.raw = a.mul(t.per, t.share)
	default:
		t.raw = a.mul(t.charge, t.share)
	}
	multiply(a, c, p, t)
	capAt(a, c, t)
	round(a, c, t)
	minimum(a, c, p, t)
}

// prorated: the price of the service lost. For each billing period the
// active part of the window overlaps, what the subscription pays per
// period ÷ the period's length × the weighted downtime in the overlap:
// the rate it pays times the downtime it suffered, whether it was active
// for the whole window or half of it. With BeyondAllowance only the
// downtime beyond the objective's allowance counts, the allowance taken
// from the first downtime, in order. Under the plan's proration
// conventions a period's length is the one they give the part (see
// prorate), and the fraction downtime ÷ length is rounded to
// FractionPlaces. The share is the sum of these fractions, which apply
// multiplies by per: per × each fraction, summed.
func prorated[N any, A arith[N]](a A, c *compiled, t *trace[N]) {
	left := t.allowed
	if !c.rule.BeyondAllowance || a.sign(left) < 0 {
		left = a.fromInt(0)
	}
	t.share, t.downtime = a.fromInt(0), a.fromInt(0)
	for k := range t.segs {
		s := &t.segs[k]
		s.used, s.counted = a.fromInt(0), s.downtime
		if a.sign(left) > 0 && a.sign(s.downtime) > 0 {
			s.used = left
			if a.cmp(s.downtime, left) < 0 {
				s.used = s.downtime
			}
			s.counted = a.sub(s.downtime, s.used)
			left = a.sub(left, s.used)
		}
		if a.sign(s.counted) > 0 && a.sign(s.length) > 0 {
			f := a.quo(s.counted, s.length)
			if k := fracPlaces(t.conv); k > 0 {
				f = a.round(f, step{k, 1, k}, halfUp)
			}
			t.share = a.add(t.share, f)
			t.downtime = a.add(t.downtime, s.counted)
		}
	}
}

// tiered: the percent of the charge of the tier whose band holds the
// availability (sla found it: t.tier), nothing in no tier.
func tiered[N any, A arith[N]](a A, p *params[N], t *trace[N]) {
	if t.tier >= 0 {
		t.percent = p.tierCredit[t.tier]
	} else {
		t.percent = a.fromInt(0)
	}
	t.share = a.quo(t.percent, p.hundred)
}

// stepped: StepPercent of the charge per started Step of weighted
// downtime, ⌈downtime ÷ step⌉ of them.
func stepped[N any, A arith[N]](a A, p *params[N], t *trace[N]) {
	if a.sign(t.weighted) > 0 && a.sign(p.stepSec) > 0 {
		t.steps = a.ceil(a.quo(t.weighted, p.stepSec))
	}
	t.percent = a.mul(a.fromInt(t.steps), p.stepPct)
	t.share = a.quo(t.percent, p.hundred)
}

// fixedAmount: the goodwill Amount when any downtime counted.
func fixedAmount[N any, A arith[N]](a A, p *params[N], t *trace[N]) {
	if a.sign(t.weighted) > 0 {
		t.raw = p.amount
	} else {
		t.raw = a.fromInt(0)
	}
}

// lostTime: the hours of weighted downtime, rounded as the rule's
// PartialHours says, at the rule's Rate, or at the charge's price of an
// hour of the active time without one.
func lostTime[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N]) {
	hour := a.fromInt(3600)
	t.hours = a.quo(t.weighted, hour)
	switch c.rule.PartialHours {
	case HoursUp:
		t.hours = a.fromInt(a.ceil(t.hours))
	case HoursDown:
		t.hours = a.round(t.hours, step{0, 1, 0}, toZero)
	}
	switch {
	case c.rule.Rate.Sign() > 0:
		t.rate = p.rate
	case a.sign(t.active) > 0:
		t.rate = a.quo(a.mul(t.charge, hour), t.active)
	default:
		t.rate = a.fromInt(0)
	}
	t.raw = a.mul(t.hours, t.rate)
}

// perInterval: the qualifying intervals of the policy's interval rule
// while active, each at the rule's Rate, or at the charge's price of that
// much of the active time without one.
func perInterval[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N]) {
	switch {
	case c.rule.Rate.Sign() > 0:
		t.rate = p.rate
	case a.sign(t.active) > 0:
		t.rate = a.quo(a.mul(t.charge, t.ivSec), t.active)
	default:
		t.rate = a.fromInt(0)
	}
	t.raw = a.mul(a.fromInt(t.ivCount), t.rate)
}

// multiply scales the base amount by the rule's multiplier.
func multiply[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N]) {
	t.scaled = t.raw
	if c.multiplied {
		t.scaled = a.mul(t.raw, p.mult)
	}
}

// capAt limits the amount to the charge's limit (fromCharge), and under a
// PeriodCap to what is left of the period's cap, when lower.
func capAt[N any, A arith[N]](a A, c *compiled, t *trace[N]) {
	t.limit = t.pctLimit
	t.periodCapped = false
	if c.rule.PeriodCap != nil {
		left := a.fromInt(0)
		if a.cmp(t.periodIssued, t.periodLimit) < 0 {
			left = a.sub(t.periodLimit, t.periodIssued)
		}
		if a.cmp(left, t.limit) < 0 {
			t.limit, t.periodCapped = left, true
		}
	}
	t.exact, t.capped = t.scaled, false
	if a.cmp(t.exact, t.limit) > 0 {
		t.exact, t.capped = t.limit, true
	}
}

// round rounds the capped amount once, to the currency's quantum under the
// rule's rounding; when that would exceed the cap, it rounds towards zero
// instead, so a line never credits more than the cap.
func round[N any, A arith[N]](a A, c *compiled, t *trace[N]) {
	t.rounded = a.round(t.exact, c.step, c.mode)
	t.clamped = a.cmp(t.rounded, t.limit) > 0
	if t.clamped {
		t.rounded = a.round(t.limit, c.step, toZero)
	}
}

// minimum issues nothing when the amount rounding gives (or, by the
// rule's MinimumOn, the exact amount before rounding) is not greater than
// the rule's minimum (a positive one).
func minimum[N any, A arith[N]](a A, c *compiled, p *params[N], t *trace[N]) {
	t.amount = t.rounded
	judged := t.rounded
	if c.rule.MinimumOn == OnExact {
		judged = t.exact
	}
	t.belowMin = a.sign(p.minimum) > 0 && a.sign(t.exact) > 0 && a.cmp(judged, p.minimum) <= 0
	if t.belowMin {
		t.amount = a.fromInt(0)
	}
}

// exactWeighted returns the weighted downtime of r in seconds, exactly:
// Weighted, or for a request-based result Measured × the exact mean error
// rate (Weighted is rounded to nanoseconds there). Never negative.
func exactWeighted(a *bigArith, r *sla.Result) *frac {
	var z *frac
	if q := r.Requests; q != nil && q.MeanErrorDen.Sign() > 0 {
		z = a.mul(a.fromRatio(int64(r.Measured), 1e9), a.quo(a.fromDecimal(q.MeanErrorNum), a.fromDecimal(q.MeanErrorDen)))
	} else {
		z = a.fromDecimal(r.Weighted)
	}
	if z.sign() < 0 {
		z = a.fromInt(0)
	}
	return z
}
