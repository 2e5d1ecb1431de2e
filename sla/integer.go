package sla

import (
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fixed"
)

// The integer path of Counts: the exact availability of a window for one
// active range, 100 × (Measured − Weighted) ÷ Measured, compared with a
// percentage and rounded for display without decimal arithmetic and
// without allocating. Each method reports ok = false when it cannot answer
// in integers (a RequestBased policy, a weighted downtime that is not a
// whole number of nanoseconds, a percentage with more than 18 digits);
// the Result of Meter.Active for the same window and range answers then.
// FuzzCountsMatchResult checks that both agree.

// Compare compares the exact availability of c with percent, as
// Result.Compare does for the Result of the same window and active range:
// -1 if it is lower, 0 if equal, +1 if higher.
func (c *Counts) Compare(percent decimal.Decimal) (cmp int, ok bool) {
	if !c.WeightedExact || percent.NumDigits() > 18 {
		return 0, false
	}
	// percent = p × 10^-k, p an integer with its sign.
	p, k := percent.CoefficientInt64(), -int(percent.Exponent())
	if k < 0 {
		if -k > 18 {
			return 0, false
		}
		hi, lo := mulSigned(p, fixed.Pow10(-k))
		if hi != 0 || lo > 1<<62 {
			return 0, false
		}
		if p < 0 {
			p = -int64(lo)
		} else {
			p = int64(lo)
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
// Result.AvailabilityAt(places) for the same window and active range
// (AvailabilityUnits(10) is the coefficient of Result.Availability). ok is
// false for places outside [0, 16], for a weighted downtime that is not
// exact or not within [0, Measured], and for a RequestBased policy.
func (c *Counts) AvailabilityUnits(places int) (units int64, ok bool) {
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
	return availabilityUnits(uint64(m-w), uint64(m), places)
}

// ContainsCounts reports whether the exact availability of c is inside
// t's band, as Contains does for the Result of the same window and active
// range.
func (t Tier) ContainsCounts(c *Counts) (in, ok bool) { return t.holdsBy(c.Compare) }

// FindCounts returns the index of the first tier whose band holds the
// exact availability of c, or -1 when none does, as Find does for the
// Result of the same window and active range.
func (ts Tiers) FindCounts(c *Counts) (i int, ok bool) {
	for i, t := range ts {
		in, ok := t.ContainsCounts(c)
		if !ok {
			return -1, false
		}
		if in {
			return i, true
		}
	}
	return -1, true
}

func abs(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// mulSigned returns |p| × q as two words.
func mulSigned(p int64, q uint64) (hi, lo uint64) {
	x := fixed.Mul64(abs(p), q)
	return x.Hi, x.Lo
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
