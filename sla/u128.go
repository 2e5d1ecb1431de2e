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

// divmod10 returns x ÷ 10 and x mod 10.
func (x u128) divmod10() (u128, uint64) {
	qhi, r := bits.Div64(0, x.hi, 10)
	qlo, r := bits.Div64(r, x.lo, 10)
	return u128{qhi, qlo}, r
}

// decimal returns x × 10^exp as a decimal, without trailing zeros in the
// coefficient while exp < 0.
func (x u128) decimal(exp int32) decimal.Decimal {
	for exp < 0 && (x.hi != 0 || x.lo != 0) {
		q, r := x.divmod10()
		if r != 0 {
			break
		}
		x, exp = q, exp+1
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
