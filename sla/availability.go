package sla

import (
	"math/bits"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/internal/fixed"
)

var (
	hundred = decimal.NewFromInt(100)
	one     = decimal.NewFromInt(1)
)

// availabilityPlaces is the number of decimal places Result.Availability is
// rounded to (half-up).
const availabilityPlaces = 10

// result builds the Result of window w from its tally.
func (m *Meter) result(w *window, t tally, spans []Span, incs []string, from, until time.Time) Result {
	r := Result{
		PolicyID:       m.id,
		PolicyVersion:  m.version,
		Start:          time.Unix(0, w.s).In(m.loc),
		End:            time.Unix(0, w.e).In(m.loc),
		Length:         time.Duration(w.e - w.s),
		Excluded:       time.Duration(t.excluded),
		Measured:       time.Duration(t.measured),
		Downtime:       time.Duration(t.downtime),
		Weighted:       weightedDecimal(t.weighted, -9-m.scale),
		IntervalLength: m.ivLength,
		DownIntervals:  intervalsOf(w, t),
		Objective:      m.objective,
		Spans:          spans,
		Incidents:      incs,
		ActiveFrom:     from,
		ActiveUntil:    until,
	}
	measured := seconds(t.measured)
	switch {
	case w.req != nil:
		r.Requests = w.req.stats()
		r.Weighted = measured.Mul(r.Requests.MeanErrorNum).DivRound(r.Requests.MeanErrorDen, 9)
		r.Availability = hundred.Mul(r.Requests.MeanErrorDen.Sub(r.Requests.MeanErrorNum)).DivRound(r.Requests.MeanErrorDen, availabilityPlaces)
		r.Met = r.Compare(m.objective) >= 0
	case t.measured <= 0:
		r.Availability = hundred
		r.Met = r.Compare(m.objective) >= 0
	default:
		if wns, exact := m.weightedNs(t.weighted); exact && m.objScale >= 0 {
			m.fastFigures(&r, measured, t.measured, wns)
			return r
		}
		r.Availability = hundred.Mul(measured.Sub(r.Weighted)).DivRound(measured, availabilityPlaces)
		r.Met = r.Compare(m.objective) >= 0
	}
	r.Budget = budget(measured, r.Weighted, m.allowed, true)
	return r
}

// fastFigures sets the availability, Met and budget of r in integer
// arithmetic where it can, for a weighted downtime of a whole number of
// nanoseconds (the common case): the same values as the decimal
// definitions, exactly (FuzzMeasure checks it).
func (m *Meter) fastFigures(r *Result, measuredSec decimal.Decimal, measured, weighted int64) {
	up := uint64(measured - weighted)
	units, _ := counts.AvailabilityUnits(up, uint64(measured), availabilityPlaces)
	r.Availability = decimal.New(units, -availabilityPlaces)
	// Met: 100 × up ÷ measured ≥ objective ⇔ 100 × 10^k × up ≥ P × measured,
	// where P = objective × 10^k is an integer.
	lhs := fixed.Mul64(100*fixed.Pow10(int(m.objScale)), up)
	rhs := fixed.Mul64(m.objInt, uint64(measured))
	r.Met = lhs.Cmp(rhs) >= 0

	// Budget: allowed = measured × (100 − objective) ÷ 100 s, and
	// burn × 10^4 = 10^8 × weighted ÷ (measured × (100 − objective)),
	// = 10^(8+k) × weighted ÷ (measured × (100 × 10^k − P)).
	b := &r.Budget
	*b = budget(measuredSec, r.Weighted, m.allowed, false)
	spare := 100*fixed.Pow10(int(m.objScale)) - m.objInt
	dhi, den := bits.Mul64(uint64(measured), spare)
	switch {
	case spare == 0:
		b.Burn = decimal.Zero
	case dhi == 0 && weighted < 1<<53:
		q, rem := fixed.Mul64(uint64(weighted), 1e8*fixed.Pow10(int(m.objScale))).DivMod64(den)
		if rem >= den-rem {
			q = q.Add(fixed.From64(1))
		}
		if q.Hi == 0 && q.Lo < 1<<63 {
			b.Burn = decimal.New(int64(q.Lo), -4)
			break
		}
		fallthrough
	default:
		b.Burn = r.Weighted.Mul(hundred).DivRound(b.Allowed, 4)
	}
}

// maxObjScale is the most decimal places an objective may have for the
// integer fast path, so that 10^8 × 10^k fits 64 bits.
const maxObjScale = 6

// allowedRate returns the share of measured time objective allows down,
// (100 − objective) ÷ 100: the error budget is the measured time × it. It
// is the one definition of the allowance; a Meter computes it once, and
// its Results (Budget.Allowed) and counts (credit's fast path) take it
// from there.
func allowedRate(objective decimal.Decimal) decimal.Decimal {
	return hundred.Sub(objective).Shift(-2)
}

// budget returns the error budget of a window measured over measured
// seconds with weighted seconds of downtime, rate being allowedRate of the
// objective; burn says whether to compute Budget.Burn (fastFigures
// computes it in integers).
func budget(measured, weighted, rate decimal.Decimal, burn bool) Budget {
	b := Budget{Allowed: measured.Mul(rate), Consumed: weighted}
	b.Remaining = b.Allowed.Sub(weighted)
	if burn && !b.Allowed.IsZero() {
		b.Burn = weighted.Mul(hundred).DivRound(b.Allowed, 4)
	}
	return b
}

// Compare compares the exact availability of r with percent: -1 if it is
// lower, 0 if equal, +1 if higher. The exact availability is
// 100 × (Measured − Weighted) ÷ Measured (100 when Measured is zero), or
// 100 × (1 − the exact mean error rate) for a request-based result;
// Compare multiplies out instead of dividing, so nothing is rounded.
func (r *Result) Compare(percent decimal.Decimal) int {
	num, den := r.exact()
	return num.Cmp(percent.Mul(den))
}

// maxDisplayPlaces bounds the places of AvailabilityAt.
const maxDisplayPlaces = 30

// AvailabilityAt returns the exact availability of r (see Compare) rounded
// half-up, ties away from zero, to places decimal places: one division,
// one rounding. Use it to show an availability with fewer places than
// Availability has. Rounding Availability again can go the wrong way,
// because it is already rounded: an exact 99.99999949999990% is
// 99.9999995000 to 10 places, which rounds to 100.000000 at 6 places,
// while the availability to 6 places is 99.999999.
//
// places is taken as 0 when negative and as 30 when larger. The result has
// exactly places decimal places (its exponent is −places), so
// StringFixed(places) and String show the same digits up to trailing
// zeros; AvailabilityAt(10) equals Availability for the results of Measure
// and Meter.
func (r *Result) AvailabilityAt(places int32) decimal.Decimal {
	places = min(max(places, 0), maxDisplayPlaces)
	if r.Requests == nil || r.Requests.MeanErrorDen.Sign() <= 0 {
		if a, ok := availabilityAt(int64(r.Measured), r.Weighted, places); ok {
			return a
		}
	}
	num, den := r.exact()
	return num.DivRound(den, places)
}

// exact returns the exact availability of r as the fraction num ÷ den, den
// > 0: 100 × (D − N) ÷ D for the mean error rate N ÷ D of a request-based
// result, 100 × (Measured − Weighted) ÷ Measured otherwise, 100 ÷ 1 when
// nothing is measured.
func (r *Result) exact() (num, den decimal.Decimal) {
	if q := r.Requests; q != nil && q.MeanErrorDen.Sign() > 0 {
		return hundred.Mul(q.MeanErrorDen.Sub(q.MeanErrorNum)), q.MeanErrorDen
	}
	measured := seconds(int64(r.Measured))
	if measured.Sign() <= 0 {
		return hundred, one
	}
	return hundred.Mul(measured.Sub(r.Weighted)), measured
}

// availabilityAt is AvailabilityAt of a time-based result in integer
// arithmetic, for the common case: a weighted downtime of a whole number of
// nanoseconds in [0, measured], measured > 0, and at most 16 places. It
// reports false when the case does not apply.
func availabilityAt(measured int64, weighted decimal.Decimal, places int32) (decimal.Decimal, bool) {
	e := weighted.Exponent()
	if measured <= 0 || places > 16 || e < -9 || e > 0 || weighted.Sign() < 0 || weighted.NumDigits() > 18 {
		return decimal.Decimal{}, false
	}
	// weighted = c × 10^e s = c × 10^(e+9) ns.
	c, scale := weighted.CoefficientInt64(), int64(fixed.Pow10(int(e+9)))
	if c > measured/scale {
		return decimal.Decimal{}, false
	}
	units, ok := counts.AvailabilityUnits(uint64(measured-c*scale), uint64(measured), int(places))
	if !ok {
		return decimal.Decimal{}, false
	}
	return decimal.New(units, -places), true
}

// intervalsOf returns the qualifying intervals of w in tally t, sharing
// memory with w: nil without an interval rule, else non-nil.
func intervalsOf(w *window, t tally) []DownInterval {
	if w.ivs == nil {
		return nil
	}
	if t.ivLo >= t.ivHi {
		return w.ivs[:0:0]
	}
	return w.ivs[t.ivLo:t.ivHi:t.ivHi]
}
