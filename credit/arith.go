package credit

import (
	"github.com/shopspring/decimal"
)

// A credit is computed once, by one definition of each rule, in one of two
// number types, the way strconv formats a float with Ryu or with big
// decimals and renders both with one formatDigits:
//
//   - fastRat (fastrat.go): exact fractions of 128-bit integers, with a
//     sticky overflow flag (fastArith). They need no allocation and answer
//     for nearly every window of a billing run.
//   - *frac (exact.go): exact fractions of math/big integers (bigArith),
//     which always answer.
//
// The rules (rule.go), the explanation (explain.go) and the rendering of a
// line's figures (figures.go) are generic functions over arith, written
// once. The caller (Calculator.window) runs a window with fastArith first;
// when a value did not fit (the flag is set), it runs the same window again
// with bigArith. Both give the same figures, byte for byte: the difference
// is only where the digits are held (TestPathsAgree, FuzzFastPathMatchesExact).
//
// Go calls the methods of a type parameter through a dictionary, which
// cost the fast path a tenth of its time; so the fast path runs a copy of
// the generic functions in which N is fastRat and A *fastArith, written by
// a program from them (fast_gen.go, credit/internal/fastcopy), never by
// hand. After editing a generic function, run go generate ./credit; a
// test fails until the copy is what the generic functions give.

//go:generate go run ./internal/fastcopy

// arith is the arithmetic the rules are written in: exact fractions of
// type N, never rounded except by round, display and appendFrac, which say
// how. Values are immutable: every operation returns a new N and leaves its
// operands alone. The rules only form non-negative values (see sub).
//
// An implementation that cannot hold a result (fastArith) records that it
// failed, returns some valid N (zero) and keeps going; the caller checks
// after the window and computes it again with one that always can.
type arith[N any] interface {
	fromInt(n int64) N      // n ≥ 0
	fromRatio(n, d int64) N // n ÷ d, n ≥ 0, d > 0
	fromDecimal(decimal.Decimal) N
	mul(x, y N) N
	quo(x, y N) N // y > 0
	add(x, y N) N
	sub(x, y N) N // x − y, for x ≥ y
	cmp(x, y N) int
	sign(x N) int
	// ceil returns ⌈x⌉ for x ≥ 0, at most the largest int64.
	ceil(x N) int64
	// round returns x rounded under mode to a multiple of s's quantum
	// (increment × 10^-digits).
	round(x N, s step, mode roundMode) N
	// number returns x, a multiple of 10^-places, as a number with places
	// decimal places.
	number(x N, places int) number
	// display returns x rounded half-up to 6 decimal places: the form of
	// Line.Charge and Line.Raw.
	display(x N) number
	// appendFrac appends x for an explanation: exactly when it has at most
	// 6 decimal places, with at least minPlaces places ("15.00"), else
	// rounded half-up to 6 places like display and followed by "…"
	// ("0.301389…" for 0.3013888…).
	appendFrac(dst []byte, x N, minPlaces int) []byte
}

// roundMode is how a quotient that is not an integer is rounded.
type roundMode uint8

const (
	halfUp       roundMode = iota // to the nearest; ties away from zero
	halfEven                      // to the nearest; ties to the even integer
	toZero                        // truncate
	awayFromZero                  // to the integer after, away from zero
	ceiling                       // towards +∞
	floor                         // towards −∞
)

// away reports whether a quotient whose remainder is not zero rounds away
// from zero (to the next integer in the direction of its sign) under m
// rather than towards it: half compares twice the remainder with the
// divisor (-1: below a half, 0: a tie, +1: above), neg says whether the
// quotient is negative, odd whether its truncated integer part is odd. It
// is the one statement of what each mode does; both arithmetics round with
// it.
func (m roundMode) away(half int, neg, odd bool) bool {
	switch m {
	case halfUp:
		return half >= 0
	case halfEven:
		return half > 0 || half == 0 && odd
	case awayFromZero:
		return true
	case ceiling:
		return !neg
	case floor:
		return neg
	}
	return false
}
