package sla

import (
	"math/bits"
	"time"

	"github.com/shopspring/decimal"
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
		PolicyID:      m.id,
		PolicyVersion: m.version,
		Start:         time.Unix(0, w.s).In(m.loc),
		End:           time.Unix(0, w.e).In(m.loc),
		Length:        time.Duration(w.e - w.s),
		Excluded:      time.Duration(t.excluded),
		Measured:      time.Duration(t.measured),
		Downtime:      time.Duration(t.downtime),
		Weighted:      t.weighted.decimal(-9 - m.scale),
		Objective:     m.objective,
		Spans:         spans,
		Incidents:     incs,
		ActiveFrom:    from,
		ActiveUntil:   until,
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
	r.Budget = budget(measured, r.Weighted, m.objective)
	return r
}

// fastFigures sets the availability, Met and budget of r in integer
// arithmetic where it can, for a weighted downtime of a whole number of
// nanoseconds (the common case): the same values as the decimal
// definitions, exactly (FuzzMeasure checks it).
func (m *Meter) fastFigures(r *Result, measuredSec decimal.Decimal, measured, weighted int64) {
	up := uint64(measured - weighted)
	// Availability × 10^10 = 10^12 × up ÷ measured, rounded half-up.
	q, rem := mul64(1e12, up).divmod(uint64(measured))
	if 2*rem >= uint64(measured) {
		q = q.add(u128{0, 1})
	}
	r.Availability = decimal.New(int64(q.lo), -availabilityPlaces)
	// Met: 100 × up ÷ measured ≥ objective ⇔ 100 × 10^k × up ≥ P × measured,
	// where P = objective × 10^k is an integer.
	lhs := mul64(100*pow10[m.objScale], up)
	rhs := mul64(m.objInt, uint64(measured))
	r.Met = lhs.hi > rhs.hi || lhs.hi == rhs.hi && lhs.lo >= rhs.lo

	// Budget: allowed = measured × (100 − objective) ÷ 100 s, and
	// burn × 10^4 = 10^8 × weighted ÷ (measured × (100 − objective)),
	// = 10^(8+k) × weighted ÷ (measured × (100 × 10^k − P)).
	b := &r.Budget
	b.Allowed = measuredSec.Mul(m.allowed)
	b.Consumed = r.Weighted
	b.Remaining = b.Allowed.Sub(r.Weighted)
	spare := 100*pow10[m.objScale] - m.objInt
	dhi, den := bits.Mul64(uint64(measured), spare)
	switch {
	case spare == 0:
		b.Burn = decimal.Zero
	case dhi == 0 && weighted < 1<<53:
		q, rem := mul64(uint64(weighted), 1e8*pow10[m.objScale]).divmod(den)
		if rem >= den-rem {
			q = q.add(u128{0, 1})
		}
		if q.hi == 0 && q.lo < 1<<63 {
			b.Burn = decimal.New(int64(q.lo), -4)
			break
		}
		fallthrough
	default:
		b.Burn = r.Weighted.Mul(hundred).DivRound(b.Allowed, 4)
	}
}

// pow10[k] is 10^k, for the objective's decimal places in the integer
// fast path (up to 6, so that 10^8 × 10^k fits 64 bits).
var pow10 = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6}

// budget returns the error budget of a window measured over measured
// seconds with weighted seconds of downtime against objective.
func budget(measured, weighted, objective decimal.Decimal) Budget {
	b := Budget{
		Allowed:  measured.Mul(hundred.Sub(objective)).Shift(-2),
		Consumed: weighted,
	}
	b.Remaining = b.Allowed.Sub(weighted)
	if !b.Allowed.IsZero() {
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
	if q := r.Requests; q != nil && q.MeanErrorDen.Sign() > 0 {
		// 100 × (D − N) ÷ D ⋛ p  ⇔  100 × (D − N) ⋛ p × D
		return hundred.Mul(q.MeanErrorDen.Sub(q.MeanErrorNum)).Cmp(percent.Mul(q.MeanErrorDen))
	}
	measured := seconds(int64(r.Measured))
	if measured.Sign() <= 0 {
		return hundred.Cmp(percent)
	}
	return hundred.Mul(measured.Sub(r.Weighted)).Cmp(percent.Mul(measured))
}
