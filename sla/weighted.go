package sla

import (
	"math/big"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fixed"
)

// weightScale is the number of decimal places weights are kept to: a weight
// w is held as the integer w × 10^weightScale, so that weighted downtime is
// an exact integer sum of nanoseconds × scaled weights. A window is at most
// 2^63 ns and a scaled weight at most 10^18 < 2^60, so every sum fits in 128
// bits.
const weightScale = 18

// weightedDecimal returns x × 10^exp as a decimal, without trailing zeros
// in the coefficient while exp < 0.
func weightedDecimal(x fixed.U128, exp int32) decimal.Decimal {
	if x.IsZero() {
		return decimal.Zero
	}
	for _, step := range [...]struct {
		d uint64
		n int32
	}{{1e9, 9}, {1e3, 3}, {10, 1}} {
		for exp <= -step.n {
			q, r := x.DivMod64(step.d)
			if r != 0 {
				break
			}
			x, exp = q, exp+step.n
		}
	}
	if x.IsZero() {
		return decimal.Zero
	}
	if x.Hi == 0 && x.Lo < 1<<63 {
		return decimal.New(int64(x.Lo), exp)
	}
	return decimal.NewFromBigInt(x.Big(new(big.Int)), exp)
}

// places returns the number of decimal places of d without trailing
// zeros.
func places(d decimal.Decimal) int32 {
	for k := int32(0); k < weightScale; k++ {
		if d.Equal(d.Truncate(k)) {
			return k
		}
	}
	return weightScale
}

// seconds returns ns nanoseconds as exact decimal seconds (fixed.Seconds).
func seconds(ns int64) decimal.Decimal { return fixed.Seconds(time.Duration(ns)) }
