package sla

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// weightScale is the number of decimal places weights are kept to: a weight
// w is held as the integer w × 10^weightScale, so that weighted downtime is
// an exact integer sum of nanoseconds × scaled weights. A window is at most
// 2^63 ns and a scaled weight at most 10^18 < 2^60, so every sum fits in 128
// bits.
const weightScale = 18

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

// mul64 returns a × b.
func mul64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}
}

func (x u128) sub(y u128) u128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	hi, _ := bits.Sub64(x.hi, y.hi, b)
	return u128{hi, lo}
}

// divmod returns x ÷ d and x mod d, for d > 0.
func (x u128) divmod(d uint64) (u128, uint64) {
	qhi, r := bits.Div64(0, x.hi, d)
	qlo, r := bits.Div64(r, x.lo, d)
	return u128{qhi, qlo}, r
}

// decimal returns x × 10^exp as a decimal, without trailing zeros in the
// coefficient while exp < 0.
func (x u128) decimal(exp int32) decimal.Decimal {
	if x.hi == 0 && x.lo == 0 {
		return decimal.Zero
	}
	for _, step := range [...]struct {
		d uint64
		n int32
	}{{1e9, 9}, {1e3, 3}, {10, 1}} {
		for exp <= -step.n {
			q, r := x.divmod(step.d)
			if r != 0 {
				break
			}
			x, exp = q, exp+step.n
		}
	}
	if x.hi == 0 && x.lo == 0 {
		return decimal.Zero
	}
	if x.hi == 0 && x.lo < 1<<63 {
		return decimal.New(int64(x.lo), exp)
	}
	b := new(big.Int).SetUint64(x.hi)
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(x.lo))
	return decimal.NewFromBigInt(b, exp)
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

// seconds returns ns nanoseconds as exact decimal seconds, without trailing
// zeros.
func seconds(ns int64) decimal.Decimal {
	exp := int32(-9)
	for exp < 0 && ns != 0 && ns%10 == 0 {
		ns /= 10
		exp++
	}
	if ns == 0 {
		return decimal.Zero
	}
	return decimal.New(ns, exp)
}
