// Package counts holds the figures of one measured window for one active
// range as integers (Window), and the integer arithmetic on them: the exact
// availability compared with a percentage and rounded for display, without
// decimal arithmetic and without allocating. Package sla's Meter makes
// them; package credit's fast path reads them, for the many subscriptions a
// billing run credits, where sla.Result (decimals, spans) would cost more
// than the credit itself.
//
// The figures are sla's, defined there once: a Window agrees exactly with
// the sla.Result of Meter.Active for the same window and active range, and
// every method reports ok = false when it cannot answer in integers (a
// request-based policy, a weighted downtime that is not a whole number of
// nanoseconds, a percentage with more than 18 digits); the Result answers
// then (sla's FuzzCountsMatchResult checks both agree).
//
// Nothing here is part of the module's API: a Meter hands out its counts
// through Of, which package sla sets when it is initialized, so that no
// exported function of sla names this package.
package counts

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fixed"
)

// Window are the figures of one window for one active range.
//
// Window is a plain value: safe for concurrent use.
type Window struct {
	// Downtime, Excluded and Measured are as in sla.Result.
	Downtime, Excluded, Measured time.Duration
	// Weighted is the weighted downtime in nanoseconds when WeightedExact;
	// otherwise (a fractional weight times an odd number of nanoseconds,
	// or a request-based policy) it is truncated or zero, and
	// sla.Result.Weighted has the exact figure.
	Weighted      time.Duration
	WeightedExact bool
	// AllowedRate is the share of the measured time the objective allows
	// down, (100 − objective) ÷ 100: the error budget is Measured ×
	// AllowedRate (sla.Budget.Allowed). It is shared with the Meter.
	AllowedRate decimal.Decimal
	// DownIntervals is the number of qualifying intervals of the policy's
	// interval rule in the active range, len(sla.Result.DownIntervals),
	// and IntervalLength their length (sla.Result.IntervalLength).
	DownIntervals  int64
	IntervalLength time.Duration
	// Incidents are the IDs of the incidents with counted downtime in the
	// active range, sorted, as sla.Result.Incidents. The slice is shared
	// with the Meter (and with other Windows): treat it as read-only.
	Incidents []string
}

// Counter gives the Window of a measured window i (an index into
// sla.Meter.Results) for a resource active during [from, until) (zero:
// unbounded), as sla.Meter.Active gives its Result, in O(log n) and
// without allocating (except for the incidents when the active range
// holds some of a window's incidents but not all). It returns the zero
// Window when i is out of range. A Counter is safe for concurrent use.
type Counter interface {
	Counts(i int, from, until time.Time) Window
	// Weighted returns Counts(i, from, until).Weighted and WeightedExact
	// alone, without allocating.
	Weighted(i int, from, until time.Time) (time.Duration, bool)
}

// Of returns the Counter of meter, an *sla.Meter. Package sla sets it
// when it is initialized, before any package that imports sla can call
// it; it is never changed after.
var Of func(meter any) Counter

// Compare compares the exact availability of c with percent, as
// sla.Result.Compare does for the Result of the same window and active
// range: -1 if it is lower, 0 if equal, +1 if higher.
func (c *Window) Compare(percent decimal.Decimal) (cmp int, ok bool) {
	if !c.WeightedExact || percent.NumDigits() > 18 {
		return 0, false
	}
	// percent = p × 10^-k, p an integer with its sign.
	p, k := percent.CoefficientInt64(), -int(percent.Exponent())
	if k < 0 {
		if -k > 18 {
			return 0, false
		}
		x := fixed.Mul64(abs(p), fixed.Pow10(-k))
		if x.Hi != 0 || x.Lo > 1<<62 {
			return 0, false
		}
		if p < 0 {
			p = -int64(x.Lo)
		} else {
			p = int64(x.Lo)
		}
		k = 0
	}
	if k > 18 {
		return 0, false
	}
	// Compare 100 × (M − W) × 10^k with p × M; M = 0 means 100%.
	m, up := int64(c.Measured), int64(c.Measured-c.Weighted)
	if m <= 0 {
		m, up = 1, 1
	}
	rhs := fixed.Mul64(abs(p), uint64(m))
	if k <= 16 {
		lhs := fixed.Mul64(abs(up), 100*fixed.Pow10(k))
		return signedCmp(up < 0, fixed.U256{lhs.Lo, lhs.Hi}, p < 0, fixed.U256{rhs.Lo, rhs.Hi}), true
	}
	lhs := fixed.Mul(fixed.Mul64(abs(up), 100), fixed.From64(fixed.Pow10(k)))
	return signedCmp(up < 0, lhs, p < 0, fixed.U256{rhs.Lo, rhs.Hi}), true
}

// AvailabilityUnits returns the exact availability of c × 10^places,
// rounded half-up (ties away from zero): the integer coefficient of
// sla.Result.AvailabilityAt(places) for the same window and active range
// (AvailabilityUnits(10) is the coefficient of Result.Availability). ok is
// false for places outside [0, 16], for a weighted downtime that is not
// exact or not within [0, Measured], and for a request-based policy.
func (c *Window) AvailabilityUnits(places int) (units int64, ok bool) {
	if !c.WeightedExact || places < 0 || places > 16 {
		return 0, false
	}
	m, w := int64(c.Measured), int64(c.Weighted)
	if m <= 0 {
		return 100 * int64(fixed.Pow10(places)), true
	}
	if w < 0 || w > m {
		return 0, false
	}
	return AvailabilityUnits(uint64(m-w), uint64(m), places)
}

// AvailabilityUnits returns the availability of up nanoseconds up out of
// measured, times 10^places and rounded half-up: 10^(places+2) × up ÷
// measured. It needs 0 < measured, up ≤ measured and 0 ≤ places ≤ 16, and
// reports false when the result does not fit an int64. It is the one
// integer definition of a displayed availability (sla's Result uses it
// too).
func AvailabilityUnits(up, measured uint64, places int) (int64, bool) {
	q, rem := fixed.Mul64(fixed.Pow10(places+2), up).DivMod64(measured)
	if rem >= measured-rem {
		q = q.Add(fixed.From64(1))
	}
	if q.Hi != 0 || q.Lo >= 1<<63 {
		return 0, false
	}
	return int64(q.Lo), true
}

func abs(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// signedCmp compares the signed magnitudes (−a or a) and (−b or b).
func signedCmp(aNeg bool, a fixed.U256, bNeg bool, b fixed.U256) int {
	zero := fixed.U256{}
	if a == zero {
		aNeg = false
	}
	if b == zero {
		bNeg = false
	}
	switch {
	case aNeg && !bNeg:
		return -1
	case !aNeg && bNeg:
		return 1
	case aNeg:
		return b.Cmp(a)
	}
	return a.Cmp(b)
}
