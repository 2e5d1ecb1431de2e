package sla

import (
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
		Weighted:      t.weighted.decimal(-9 - weightScale),
		Objective:     m.objective,
		Spans:         spans,
		Incidents:     incs,
		ActiveFrom:    from,
		ActiveUntil:   until,
	}
	measured := seconds(t.measured)
	if w.req != nil {
		r.Requests = w.req.stats()
		r.Weighted = measured.Mul(r.Requests.MeanErrorNum).DivRound(r.Requests.MeanErrorDen, 9)
		r.Availability = hundred.Mul(r.Requests.MeanErrorDen.Sub(r.Requests.MeanErrorNum)).DivRound(r.Requests.MeanErrorDen, availabilityPlaces)
	} else if measured.IsZero() {
		r.Availability = hundred
	} else {
		r.Availability = hundred.Mul(measured.Sub(r.Weighted)).DivRound(measured, availabilityPlaces)
	}
	r.Met = r.Compare(m.objective) >= 0
	r.Budget = budget(measured, r.Weighted, m.objective)
	return r
}

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
