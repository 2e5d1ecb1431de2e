package credit

import (
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fixed"
)

// This file holds the arithmetic of the fast path: the exact fractions of
// exact.go, held in 128-bit integers instead of math/big. Every operation
// on fastRats reports whether its result fits; fastArith, the arith the
// rules run in (see arith.go), records the first that did not, and the
// caller then computes the window with bigArith instead, so the fast path
// never changes a figure, it only skips the allocations.

// fastRat is the non-negative rational n/d, d > 0, in 128-bit integers. It
// is not reduced, except where a product would not fit otherwise.
type fastRat struct{ n, d fixed.U128 }

// ratInt returns n/1.
func ratInt(n uint64) fastRat { return fastRat{fixed.From64(n), fixed.From64(1)} }

// ratFrac returns n/d; d must not be zero.
func ratFrac(n, d uint64) fastRat { return fastRat{fixed.From64(n), fixed.From64(d)} }

// ratDecimal returns x as a fastRat, and false when x is negative or does
// not fit (more than 18 digits, or an exponent beyond ±18).
func ratDecimal(x decimal.Decimal) (fastRat, bool) {
	if x.Sign() < 0 || x.NumDigits() > 18 {
		return fastRat{}, false
	}
	c, e := uint64(x.CoefficientInt64()), int(x.Exponent())
	switch {
	case e < -18 || e > 18:
		return fastRat{}, false
	case e < 0:
		return ratFrac(c, fixed.Pow10(-e)), true
	}
	n := fixed.Mul64(c, fixed.Pow10(e))
	return fastRat{n, fixed.From64(1)}, true
}

func (x fastRat) isZero() bool { return x.n.IsZero() }

// cmp compares x and y exactly.
func (x fastRat) cmp(y fastRat) int { return fixed.CmpProducts(x.n, y.d, y.n, x.d) }

// mul returns x × y; a zero product is 0/1.
func (x fastRat) mul(y fastRat) (fastRat, bool) {
	if x.isZero() || y.isZero() {
		return zeroRat, true
	}
	n, ok1 := x.n.Mul(y.n)
	d, ok2 := x.d.Mul(y.d)
	if ok1 && ok2 {
		return fastRat{n, d}, true
	}
	// Cancel common factors across the product and try again.
	x, y = crossReduce(x, y)
	n, ok1 = x.n.Mul(y.n)
	d, ok2 = x.d.Mul(y.d)
	return fastRat{n, d}, ok1 && ok2
}

// quo returns x ÷ y; y must not be zero.
func (x fastRat) quo(y fastRat) (fastRat, bool) { return x.mul(fastRat{y.d, y.n}) }

// crossReduce divides x.n and y.d, and y.n and x.d, by their common
// factors when they fit in 64 bits.
func crossReduce(x, y fastRat) (fastRat, fastRat) {
	if x.n.Is64() && y.d.Is64() {
		if g := fixed.GCD(x.n.Lo, y.d.Lo); g > 1 {
			x.n.Lo /= g
			y.d.Lo /= g
		}
	}
	if y.n.Is64() && x.d.Is64() {
		if g := fixed.GCD(y.n.Lo, x.d.Lo); g > 1 {
			y.n.Lo /= g
			x.d.Lo /= g
		}
	}
	return x, y
}

// common returns the numerators of x and y over a common denominator d:
// the least common multiple of theirs when both fit in 64 bits, else their
// product.
func common(x, y fastRat) (a, b, d fixed.U128, ok bool) {
	if x.d == y.d {
		return x.n, y.n, x.d, true
	}
	fx, fy := y.d, x.d // the factors x.n and y.n are multiplied by
	if x.d.Is64() && y.d.Is64() {
		g := fixed.GCD(x.d.Lo, y.d.Lo)
		fx, fy = fixed.From64(y.d.Lo/g), fixed.From64(x.d.Lo/g)
	}
	a, ok1 := x.n.Mul(fx)
	b, ok2 := y.n.Mul(fy)
	d, ok3 := x.d.Mul(fx)
	return a, b, d, ok1 && ok2 && ok3
}

// add returns x + y.
func (x fastRat) add(y fastRat) (fastRat, bool) {
	a, b, d, ok := common(x, y)
	n, ok2 := a.AddOK(b)
	return fastRat{n, d}, ok && ok2
}

// scaled returns ⌊x × 10^k ÷ div⌋, with the remainder r and divisor den
// (for rounding). ok is false when x.d × div does not fit in 128 bits or
// the quotient does not fit in 62: a denominator past 64 bits (a share of
// billing periods measured to the microsecond) is divided as it is.
func (x fastRat) scaled(k int, div uint64) (q uint64, r, den fixed.U128, ok bool) {
	den, ok = x.d.Mul64(div)
	if !ok || den.IsZero() {
		return 0, r, den, false
	}
	if x.n.Hi == 0 && den.Hi == 0 {
		// The common case, in one or two machine divisions.
		hi, lo := bits.Mul64(x.n.Lo, fixed.Pow10(k))
		switch {
		case hi == 0:
			q, r = lo/den.Lo, fixed.From64(lo%den.Lo)
			return q, r, den, q < 1<<62
		case hi < den.Lo:
			var rem uint64
			q, rem = bits.Div64(hi, lo, den.Lo)
			return q, fixed.From64(rem), den, q < 1<<62
		}
	}
	q, r, ok = x.n.MulTo256(fixed.Pow10(k)).QuoRem128(den)
	return q, r, den, ok && q < 1<<62
}

// roundQuo rounds q + r/den (0 ≤ r < den) to an integer under mode.
func roundQuo(q uint64, r, den fixed.U128, mode roundMode) uint64 {
	// Compare 2r with den without overflowing: r against den − r.
	if !r.IsZero() && mode.away(r.Cmp(den.Sub(r)), false, q&1 == 1) {
		return q + 1
	}
	return q
}

// round returns x rounded to a multiple of s's quantum under mode, in
// units of 10^-s.places, like scratch.decimal.
func (x fastRat) round(s step, mode roundMode) (int64, bool) {
	q, r, den, ok := x.scaled(s.digits, uint64(s.increment))
	if !ok {
		return 0, false
	}
	q = roundQuo(q, r, den, mode)
	hi, lo := bits.Mul64(q, uint64(s.increment)*fixed.Pow10(s.places-s.digits))
	if hi != 0 || lo >= 1<<62 {
		return 0, false
	}
	return int64(lo), true
}

// appendUnits appends units × 10^-places with at least minPlaces decimal
// places (minPlaces ≤ places ≤ 19); when exact, trailing zeros beyond
// minPlaces are dropped (with the point when no place is left), and
// otherwise all places are kept and "…" follows.
func appendUnits(dst []byte, units uint64, places, minPlaces int, exact bool) []byte {
	keep := places
	if exact {
		// Drop the trailing zeros before writing the digits: a duration
		// in nanoseconds is most often whole seconds.
		for keep >= minPlaces+4 && units%10000 == 0 {
			units /= 10000
			keep -= 4
		}
		for keep > minPlaces && units%10 == 0 {
			units /= 10
			keep--
		}
	}
	dst = appendDigits(dst, units, keep)
	if !exact {
		dst = append(dst, "…"...)
	}
	return dst
}

// appendFixed appends units × 10^-places with exactly places decimal
// places: decimal.StringFixed of that value.
func appendFixed(dst []byte, units int64, places int) []byte {
	dst, u := appendSign(dst, units)
	return appendUnits(dst, u, places, places, true)
}

// appendTrimmed appends units × 10^-places without trailing zeros in the
// fraction and without a point when it is whole: decimal.String of that
// value ("52080", "0.5", "97.9907407407").
func appendTrimmed(dst []byte, units int64, places int) []byte {
	dst, u := appendSign(dst, units)
	return appendUnits(dst, u, places, 0, true)
}

// appendSign appends "-" when x is negative and returns |x|.
func appendSign(dst []byte, x int64) ([]byte, uint64) {
	if x < 0 {
		return append(dst, '-'), -uint64(x)
	}
	return dst, uint64(x)
}

// unitsTextLen is the longest text appendDigits writes: the 20 digits of
// a uint64 and a point.
const unitsTextLen = 21

// appendDigits appends x × 10^-places (places ≤ 19) with exactly places
// decimal places and at least one digit before the point (no point when
// places is 0). It grows dst once by the text's length and writes the
// digits in place from the last, two per division by a constant, which
// the compiler turns into a multiplication.
func appendDigits(dst []byte, x uint64, places int) []byte {
	n := max(decimalLen(x), places+1) // the digits, with the zeros before a fraction
	if places > 0 {
		n++ // the point
	}
	dst = slices.Grow(dst, n)
	i := len(dst) + n
	buf := dst[:i]
	if places > 0 {
		k := places
		for ; k >= 2; k -= 2 {
			q := x / 100
			r := 2 * (x - q*100)
			i -= 2
			buf[i], buf[i+1] = digitPairs[r], digitPairs[r+1]
			x = q
		}
		if k == 1 {
			q := x / 10
			i--
			buf[i] = byte('0' + x - q*10)
			x = q
		}
		i--
		buf[i] = '.'
	}
	for x >= 100 {
		q := x / 100
		r := 2 * (x - q*100)
		i -= 2
		buf[i], buf[i+1] = digitPairs[r], digitPairs[r+1]
		x = q
	}
	if x >= 10 {
		i -= 2
		buf[i], buf[i+1] = digitPairs[2*x], digitPairs[2*x+1]
	} else {
		i--
		buf[i] = byte('0' + x)
	}
	return buf
}

// decimalLen returns the number of decimal digits of x (1 for 0): about
// log10(2) = 1233/4096 of its bits, then one fewer when x is below that
// power of ten.
func decimalLen(x uint64) int {
	n := bits.Len64(x)*1233>>12 + 1
	if n > 1 && x < fixed.Pow10(n-1) {
		n--
	}
	return n
}

// digitPairs holds "00" to "99".
const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// maxWholeDisplayed is the largest whole number appendFrac writes: the
// largest whose units of 10^-displayPlaces scaled returns (below 2^62).
const maxWholeDisplayed = (1<<62 - 1) / 1_000_000

// displayZeros are displayPlaces zeros.
const displayZeros = "000000"

// seconds64 returns ns nanoseconds as seconds: ns/1e9, or (ns/1e9)/1 for
// whole seconds, so that products of durations stay small.
func seconds64(ns uint64) fastRat {
	if ns%1e9 == 0 {
		return ratInt(ns / 1e9)
	}
	return ratFrac(ns, 1e9)
}

// ratio returns a/b (b > 0) with whole seconds divided out, or reduced
// by the greatest common divisor otherwise.
func ratio(a, b uint64) fastRat {
	if a%1e9 == 0 && b%1e9 == 0 {
		return ratFrac(a/1e9, b/1e9)
	}
	g := fixed.GCD(a, b)
	return ratFrac(a/g, b/g)
}

// reduced returns x with its numerator and denominator divided by their
// greatest common divisor when both fit in 64 bits.
func reduced(x fastRat) fastRat {
	if x.n.Is64() && x.d.Is64() && !x.n.IsZero() {
		if g := fixed.GCD(x.n.Lo, x.d.Lo); g > 1 {
			x.n.Lo /= g
			x.d.Lo /= g
		}
	}
	return x
}

// fastArith is the arith of fastRats (see arith.go). failed records that
// a result did not fit, or that a value was negative (a fastRat is not):
// from then on the figures of the window are not to be used.
type fastArith struct {
	failed bool
}

var zeroRat = ratInt(0)

// check returns x when ok, else records the failure and returns zero.
func (a *fastArith) check(x fastRat, ok bool) fastRat {
	if !ok {
		a.failed = true
		return zeroRat
	}
	return x
}

func (a *fastArith) fromInt(n int64) fastRat { return a.check(ratInt(uint64(n)), n >= 0) }

func (a *fastArith) fromRatio(n, d int64) fastRat {
	if n < 0 || d <= 0 {
		return a.check(zeroRat, false)
	}
	return ratio(uint64(n), uint64(d))
}

func (a *fastArith) fromDecimal(x decimal.Decimal) fastRat {
	q, ok := ratDecimal(x)
	return a.check(reduced(q), ok)
}

func (a *fastArith) mul(x, y fastRat) fastRat { return a.check(x.mul(y)) }

// quo returns x ÷ y. A quotient whose denominator passes 2^32 is reduced
// (when it fits in 64 bits): a ratio of durations in nanoseconds then
// stays small in the products that follow, and the common small quotients
// (by 100, by the measured seconds) cost no division.
func (a *fastArith) quo(x, y fastRat) fastRat {
	if y.isZero() {
		return a.check(zeroRat, false)
	}
	q, ok := x.quo(y)
	if q.d.Hi == 0 && q.d.Lo >= 1<<32 {
		q = reduced(q)
	}
	return a.check(q, ok)
}

func (a *fastArith) add(x, y fastRat) fastRat { return a.check(x.add(y)) }

func (a *fastArith) sub(x, y fastRat) fastRat {
	n, m, d, ok := common(x, y)
	return a.check(fastRat{n.Sub(m), d}, ok && n.Cmp(m) >= 0)
}

func (a *fastArith) cmp(x, y fastRat) int { return x.cmp(y) }

func (a *fastArith) sign(x fastRat) int {
	if x.isZero() {
		return 0
	}
	return 1
}

func (a *fastArith) ceil(x fastRat) int64 {
	if !x.d.Is64() {
		a.failed = true
		return 0
	}
	q, r := x.n.DivMod64(x.d.Lo)
	if r != 0 {
		q = q.Add(fixed.From64(1))
	}
	if !q.Is64() || q.Lo >= 1<<63 {
		a.failed = true
		return 0
	}
	return int64(q.Lo)
}

func (a *fastArith) round(x fastRat, s step, mode roundMode) fastRat {
	units, ok := x.round(s, mode)
	return a.check(ratFrac(uint64(units), fixed.Pow10(s.places)), ok)
}

func (a *fastArith) number(x fastRat, places int) number {
	q, _, _, ok := x.scaled(places, 1)
	if !ok {
		a.failed = true
	}
	return number{units: int64(q), places: int32(places)}
}

func (a *fastArith) display(x fastRat) number {
	units, ok := x.round(displayStep, halfUp)
	if !ok {
		a.failed = true
	}
	return number{units: units, places: displayPlaces}
}

func (a *fastArith) appendFrac(dst []byte, x fastRat, minPlaces int) []byte {
	if x.d == fixed.From64(1) && x.n.Hi == 0 && x.n.Lo <= maxWholeDisplayed && minPlaces <= displayPlaces {
		// A whole number (a length in seconds, most often): its digits
		// and the places asked for, as appendUnits writes it.
		dst = appendDigits(dst, x.n.Lo, 0)
		if minPlaces > 0 {
			dst = append(dst, '.')
			dst = append(dst, displayZeros[:minPlaces]...)
		}
		return dst
	}
	q, r, den, ok := x.scaled(displayPlaces, 1)
	if !ok {
		a.failed = true
		return dst
	}
	return appendUnits(dst, roundQuo(q, r, den, halfUp), displayPlaces, minPlaces, r.IsZero())
}
