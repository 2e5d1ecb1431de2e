// Package fixed is the integer arithmetic of the fast paths: unsigned
// 128-bit integers (U128), full 128 × 128-bit products (U256) for exact
// comparisons, divisions by 64-bit divisors, and the greatest common
// divisor of 64-bit integers; and Seconds, the one conversion of a
// duration (fixed-point nanoseconds) to exact decimal seconds.
//
// Every operation that can overflow says so (an ok result) instead of
// wrapping, so a caller can fall back to an exact general path (math/big)
// when a value does not fit. Values are immutable and the zero value is
// zero; nothing here allocates but the decimal Seconds returns.
package fixed

import (
	"math/big"
	"math/bits"
)

// U128 is an unsigned 128-bit integer: Hi × 2^64 + Lo.
//
// U128 is a plain value: safe for concurrent use.
type U128 struct{ Hi, Lo uint64 }

// From64 returns x as a U128.
func From64(x uint64) U128 { return U128{0, x} }

// Mul64 returns the full product a × b.
func Mul64(a, b uint64) U128 {
	hi, lo := bits.Mul64(a, b)
	return U128{hi, lo}
}

// IsZero reports whether x is zero.
func (x U128) IsZero() bool { return x.Hi == 0 && x.Lo == 0 }

// Is64 reports whether x fits in 64 bits.
func (x U128) Is64() bool { return x.Hi == 0 }

// Add returns x + y, wrapping modulo 2^128.
func (x U128) Add(y U128) U128 {
	lo, c := bits.Add64(x.Lo, y.Lo, 0)
	hi, _ := bits.Add64(x.Hi, y.Hi, c)
	return U128{hi, lo}
}

// AddOK returns x + y and whether it did not overflow.
func (x U128) AddOK(y U128) (U128, bool) {
	lo, c := bits.Add64(x.Lo, y.Lo, 0)
	hi, c := bits.Add64(x.Hi, y.Hi, c)
	return U128{hi, lo}, c == 0
}

// Sub returns x − y, wrapping modulo 2^128.
func (x U128) Sub(y U128) U128 {
	lo, b := bits.Sub64(x.Lo, y.Lo, 0)
	hi, _ := bits.Sub64(x.Hi, y.Hi, b)
	return U128{hi, lo}
}

// Cmp returns -1, 0 or +1 as x is less than, equal to or greater than y.
func (x U128) Cmp(y U128) int {
	switch {
	case x.Hi < y.Hi || x.Hi == y.Hi && x.Lo < y.Lo:
		return -1
	case x == y:
		return 0
	}
	return 1
}

// Mul64 returns x × y and whether it fits in 128 bits.
func (x U128) Mul64(y uint64) (U128, bool) {
	hi, lo := bits.Mul64(x.Lo, y)
	h2, l2 := bits.Mul64(x.Hi, y)
	hi, c := bits.Add64(hi, l2, 0)
	return U128{hi, lo}, h2 == 0 && c == 0
}

// Mul returns x × y and whether it fits in 128 bits.
func (x U128) Mul(y U128) (U128, bool) {
	if x.Hi != 0 && y.Hi != 0 {
		return U128{}, false
	}
	if x.Hi != 0 {
		return x.Mul64(y.Lo)
	}
	return y.Mul64(x.Lo)
}

// DivMod64 returns x ÷ d and x mod d; d must not be zero.
func (x U128) DivMod64(d uint64) (U128, uint64) {
	qhi, r := bits.Div64(0, x.Hi, d)
	qlo, r := bits.Div64(r, x.Lo, d)
	return U128{qhi, qlo}, r
}

// Big sets z to x and returns z.
func (x U128) Big(z *big.Int) *big.Int {
	if x.Hi == 0 {
		return z.SetUint64(x.Lo)
	}
	var t big.Int
	z.SetUint64(x.Hi)
	z.Lsh(z, 64)
	return z.Or(z, t.SetUint64(x.Lo))
}

// U256 is an unsigned 256-bit integer, least significant word first: the
// full product of two U128s.
//
// U256 is a plain value (an array, copied on assignment): safe for
// concurrent use.
type U256 [4]uint64

// Mul returns the full product x × y.
func Mul(x, y U128) U256 {
	// (xh·2^64 + xl)(yh·2^64 + yl)
	h0, l0 := bits.Mul64(x.Lo, y.Lo) // weight 0
	h1, l1 := bits.Mul64(x.Lo, y.Hi) // weight 1
	h2, l2 := bits.Mul64(x.Hi, y.Lo) // weight 1
	h3, l3 := bits.Mul64(x.Hi, y.Hi) // weight 2
	var z U256
	z[0] = l0
	var c, c2 uint64
	z[1], c = bits.Add64(h0, l1, 0)
	z[2], c2 = bits.Add64(h1, l3, c)
	z[3] = h3 + c2
	z[1], c = bits.Add64(z[1], l2, 0)
	z[2], c = bits.Add64(z[2], h2, c)
	z[3] += c
	return z
}

// Cmp returns -1, 0 or +1 as x is less than, equal to or greater than y.
func (x U256) Cmp(y U256) int {
	for i := 3; i >= 0; i-- {
		switch {
		case x[i] < y[i]:
			return -1
		case x[i] > y[i]:
			return 1
		}
	}
	return 0
}

// CmpProducts compares a × b with c × d exactly.
func CmpProducts(a, b, c, d U128) int {
	if a.Hi == 0 && b.Hi == 0 && c.Hi == 0 && d.Hi == 0 {
		return Mul64(a.Lo, b.Lo).Cmp(Mul64(c.Lo, d.Lo))
	}
	return Mul(a, b).Cmp(Mul(c, d))
}

// MulTo256 returns x × y as a U256.
func (x U128) MulTo256(y uint64) U256 {
	hi, lo := bits.Mul64(x.Lo, y)
	h2, l2 := bits.Mul64(x.Hi, y)
	mid, c := bits.Add64(hi, l2, 0)
	return U256{lo, mid, h2 + c, 0}
}

// QuoRem64 returns x ÷ d and x mod d for a 64-bit divisor d > 0, and
// whether the quotient fits in 64 bits.
func (x U256) QuoRem64(d uint64) (q uint64, r uint64, ok bool) {
	switch {
	case x[3] == 0 && x[2] == 0 && x[1] == 0:
		return x[0] / d, x[0] % d, true
	case x[3] == 0 && x[2] == 0 && x[1] < d:
		q, r = bits.Div64(x[1], x[0], d)
		return q, r, true
	}
	var qs [4]uint64
	for i := 3; i >= 0; i-- {
		qs[i], r = bits.Div64(r, x[i], d)
	}
	return qs[0], r, qs[1] == 0 && qs[2] == 0 && qs[3] == 0
}

// GCD returns the greatest common divisor of a and b (binary GCD); GCD(0,
// b) is b.
func GCD(a, b uint64) uint64 {
	if a == 0 {
		return b
	}
	if b == 0 {
		return a
	}
	shift := bits.TrailingZeros64(a | b)
	a >>= bits.TrailingZeros64(a)
	for b != 0 {
		b >>= bits.TrailingZeros64(b)
		if a > b {
			a, b = b, a
		}
		b -= a
	}
	return a << shift
}

// Pow10 returns 10^k for 0 ≤ k ≤ 19.
func Pow10(k int) uint64 { return pow10[k] }

var pow10 = [20]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// Mix64 is the splitmix64 finalizer: a bijection of 64-bit integers that
// spreads every input bit over the whole output, for hash tables keyed by
// weak hashes and for generators that need distinct, scattered values.
func Mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
