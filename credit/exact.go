package credit

import (
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// This file holds the exact arithmetic of math/big: every amount is a
// frac, an exact fraction of integers, from the plan's decimal prices to
// the single final rounding. Nothing is rounded on the way, so a repeating
// expansion such as 15 × 217/10800 = 0.30138… keeps all its digits until
// the end. bigArith is the arith of fracs (see arith.go): the one the
// rules fall back to when a value does not fit the 128-bit fractions of
// fastrat.go.

// frac is the exact rational n/d with d > 0. It is not reduced: the
// arithmetic of a credit is a handful of products whose operands stay far
// below a few hundred bits, so skipping the GCD is cheaper than keeping
// fractions small. Methods store their result in the receiver and return
// it, like math/big; a frac's zero value is not valid (set it first).
type frac struct {
	n, d big.Int
}

var (
	bigOne = big.NewInt(1)
	// pow10s[k] is 10^k; read-only.
	pow10s = func() (t [40]big.Int) {
		t[0].SetInt64(1)
		for k := 1; k < len(t); k++ {
			t[k].Mul(&t[k-1], big.NewInt(10))
		}
		return t
	}()
)

// pow10 returns 10^k for k ≥ 0; the result must not be modified.
func pow10(k int) *big.Int {
	if k < len(pow10s) {
		return &pow10s[k]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
}

func (z *frac) setInt64(n int64) *frac {
	z.n.SetInt64(n)
	z.d.SetInt64(1)
	return z
}

// setFrac64 sets z to n/d; d must be positive.
func (z *frac) setFrac64(n, d int64) *frac {
	z.n.SetInt64(n)
	z.d.SetInt64(d)
	return z
}

// setDecimal sets z to x exactly.
func (z *frac) setDecimal(x decimal.Decimal) *frac {
	if x.NumDigits() <= 18 {
		z.n.SetInt64(x.CoefficientInt64())
	} else {
		z.n.Set(x.Coefficient())
	}
	if exp := int(x.Exponent()); exp >= 0 {
		z.n.Mul(&z.n, pow10(exp))
		z.d.SetInt64(1)
	} else {
		z.d.Set(pow10(-exp))
	}
	return z
}

// mul sets z to x × y. z may alias x or y.
func (z *frac) mul(x, y *frac) *frac {
	z.n.Mul(&x.n, &y.n)
	z.d.Mul(&x.d, &y.d)
	return z
}

// quo sets z to x ÷ y; y must not be zero. z must not alias y.
func (z *frac) quo(x, y *frac) *frac {
	z.n.Mul(&x.n, &y.d)
	z.d.Mul(&x.d, &y.n)
	if z.d.Sign() < 0 {
		z.n.Neg(&z.n)
		z.d.Neg(&z.d)
	}
	return z
}

// add sets z to x + y, using t as scratch. z must alias neither x nor y
// unless the denominators are equal.
func (z *frac) add(x, y *frac, t *big.Int) *frac {
	if x.d.Cmp(&y.d) == 0 {
		z.n.Add(&x.n, &y.n)
		z.d.Set(&x.d)
		return z
	}
	t.Mul(&y.n, &x.d)
	z.n.Mul(&x.n, &y.d)
	z.n.Add(&z.n, t)
	z.d.Mul(&x.d, &y.d)
	return z
}

// sub sets z to x − y, using t as scratch; aliasing as for add.
func (z *frac) sub(x, y *frac, t *big.Int) *frac {
	if x.d.Cmp(&y.d) == 0 {
		z.n.Sub(&x.n, &y.n)
		z.d.Set(&x.d)
		return z
	}
	t.Mul(&y.n, &x.d)
	z.n.Mul(&x.n, &y.d)
	z.n.Sub(&z.n, t)
	z.d.Mul(&x.d, &y.d)
	return z
}

// cmp compares x and y, using s and t as scratch.
func (x *frac) cmp(y *frac, s, t *big.Int) int {
	s.Mul(&x.n, &y.d)
	t.Mul(&y.n, &x.d)
	return s.Cmp(t)
}

func (x *frac) sign() int { return x.n.Sign() }

// rat returns x as a big.Rat, for tests.
func (x *frac) rat() *big.Rat { return new(big.Rat).SetFrac(&x.n, &x.d) }

// scratch holds the temporaries of rounding and formatting.
type scratch struct {
	q, r, num, den big.Int
}

// round sets sc.q to x × 10^digits ÷ increment rounded to an integer.
func (sc *scratch) round(x *frac, digits int, increment int64, mode roundMode) {
	sc.num.Mul(&x.n, pow10(digits))
	sc.den.Set(&x.d)
	if increment != 1 {
		sc.r.SetInt64(increment)
		sc.den.Mul(&sc.den, &sc.r)
	}
	sc.q.QuoRem(&sc.num, &sc.den, &sc.r)
	if sc.r.Sign() == 0 {
		return
	}
	// Compare 2|r| with the denominator to find which half r is in.
	neg := sc.num.Sign() < 0
	sc.r.Abs(&sc.r)
	sc.r.Lsh(&sc.r, 1)
	if mode.away(sc.r.Cmp(&sc.den), neg, sc.q.Bit(0) == 1) {
		if neg {
			sc.q.Sub(&sc.q, bigOne)
		} else {
			sc.q.Add(&sc.q, bigOne)
		}
	}
}

// decimal returns x rounded to a multiple of s's quantum, increment ×
// 10^-digits, as a decimal with exactly s.places places.
func (sc *scratch) decimal(x *frac, s step, mode roundMode) decimal.Decimal {
	sc.round(x, s.digits, s.increment, mode)
	if s.increment != 1 {
		sc.r.SetInt64(s.increment)
		sc.q.Mul(&sc.q, &sc.r)
	}
	if s.places > s.digits {
		sc.q.Mul(&sc.q, pow10(s.places-s.digits))
	}
	if sc.q.IsInt64() {
		return decimal.New(sc.q.Int64(), int32(-s.places))
	}
	return decimal.NewFromBigInt(&sc.q, int32(-s.places))
}

// displayPlaces is the number of decimal places of Line.Charge and
// Line.Raw, and of the figures in explanations.
const displayPlaces = 6

// displayStep is the quantum of Line.Charge and Line.Raw.
var displayStep = step{displayPlaces, 1, displayPlaces}

// appendFrac appends x for an explanation: exactly when it has at most 6
// decimal places, with at least minPlaces places ("15.00"), else rounded
// half-up to 6 places, as Line.Charge and Line.Raw are, and followed by
// "…" ("0.301389…" for 0.3013888…).
func (sc *scratch) appendFrac(dst []byte, x *frac, minPlaces int) []byte {
	sc.round(x, displayPlaces, 1, halfUp)
	exact := sc.r.Sign() == 0
	if sc.q.Sign() < 0 || (sc.q.Sign() == 0 && x.sign() < 0) {
		dst = append(dst, '-')
		sc.q.Abs(&sc.q)
	}
	var buf [64]byte
	var ds []byte
	if sc.q.IsUint64() {
		ds = strconv.AppendUint(buf[:0], sc.q.Uint64(), 10)
	} else {
		ds = sc.q.Append(buf[:0], 10)
	}
	// ds holds the digits of x × 10^6: split off the last 6 as the fraction.
	var fraction [displayPlaces]byte
	for i := range fraction {
		fraction[i] = '0'
	}
	n := len(ds)
	k := min(n, displayPlaces)
	copy(fraction[displayPlaces-k:], ds[n-k:])
	if n > displayPlaces {
		dst = append(dst, ds[:n-displayPlaces]...)
	} else {
		dst = append(dst, '0')
	}
	keep := displayPlaces
	if exact {
		for keep > minPlaces && fraction[keep-1] == '0' {
			keep--
		}
	}
	if keep > 0 {
		dst = append(dst, '.')
		dst = append(dst, fraction[:keep]...)
	}
	if !exact {
		dst = append(dst, "…"...)
	}
	return dst
}

// Round rounds amount to u's minor unit under mode (see Digits and
// Rounding): HalfUp rounds ties away from zero (0.125 USD → 0.13), HalfEven
// to the even cent (0.125 → 0.12), Cash half-up to the smallest coin (CHF
// 0.984 → 1.00); Down towards zero (0.129 → 0.12, -0.129 → -0.12), Up away
// from zero (0.121 → 0.13, -0.121 → -0.13), Ceiling towards +∞ (-0.129 →
// -0.12), Floor towards −∞ (-0.121 → -0.13). The result has exactly the
// currency's number of decimal places.
func Round(amount decimal.Decimal, u currency.Unit, mode Rounding) decimal.Decimal {
	var x frac
	var sc scratch
	return sc.decimal(x.setDecimal(amount), stepOf(u, mode), mode.exact())
}

// exact returns the roundMode of r: Cash rounds half-up to its increment.
func (r Rounding) exact() roundMode {
	return [...]roundMode{HalfUp: halfUp, HalfEven: halfEven, Cash: halfUp,
		Down: toZero, Up: awayFromZero, Ceiling: ceiling, Floor: floor}[r]
}

// bigArith is the arith of fracs (see arith.go). Its results are fracs of
// an arena it reuses from window to window: they are valid until reset.
type bigArith struct {
	arena []*frac
	next  int
	sc    scratch
	t     [2]big.Int
}

// reset makes the arena's fracs free for the next window.
func (a *bigArith) reset() { a.next = 0 }

// alloc returns a frac of the arena.
func (a *bigArith) alloc() *frac {
	if a.next == len(a.arena) {
		a.arena = append(a.arena, new(frac))
	}
	z := a.arena[a.next]
	a.next++
	return z
}

func (a *bigArith) fromInt(n int64) *frac               { return a.alloc().setInt64(n) }
func (a *bigArith) fromRatio(n, d int64) *frac          { return a.alloc().setFrac64(n, d) }
func (a *bigArith) fromDecimal(x decimal.Decimal) *frac { return a.alloc().setDecimal(x) }
func (a *bigArith) mul(x, y *frac) *frac                { return a.alloc().mul(x, y) }
func (a *bigArith) quo(x, y *frac) *frac                { return a.alloc().quo(x, y) }
func (a *bigArith) add(x, y *frac) *frac                { return a.alloc().add(x, y, &a.t[0]) }
func (a *bigArith) sub(x, y *frac) *frac                { return a.alloc().sub(x, y, &a.t[0]) }
func (a *bigArith) cmp(x, y *frac) int                  { return x.cmp(y, &a.t[0], &a.t[1]) }
func (a *bigArith) sign(x *frac) int                    { return x.sign() }

func (a *bigArith) ceil(x *frac) int64 {
	sc := &a.sc
	sc.q.QuoRem(&x.n, &x.d, &sc.r)
	if sc.r.Sign() > 0 {
		sc.q.Add(&sc.q, bigOne)
	}
	if !sc.q.IsInt64() {
		return 1<<63 - 1
	}
	return sc.q.Int64()
}

func (a *bigArith) round(x *frac, s step, mode roundMode) *frac {
	z := a.alloc()
	a.sc.round(x, s.digits, s.increment, mode)
	z.n.Mul(&a.sc.q, z.d.SetInt64(s.increment))
	z.d.Set(pow10(s.digits))
	return z
}

func (a *bigArith) number(x *frac, places int) number {
	sc := &a.sc
	sc.num.Mul(&x.n, pow10(places))
	sc.q.Quo(&sc.num, &x.d)
	if sc.q.IsInt64() {
		return number{units: sc.q.Int64(), places: int32(places)}
	}
	return number{big: true, d: decimal.NewFromBigInt(new(big.Int).Set(&sc.q), int32(-places))}
}

func (a *bigArith) display(x *frac) number {
	return a.number(a.round(x, displayStep, halfUp), displayPlaces)
}

func (a *bigArith) appendFrac(dst []byte, x *frac, minPlaces int) []byte {
	return a.sc.appendFrac(dst, x, minPlaces)
}
