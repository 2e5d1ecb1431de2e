package credit

import (
	"math/big"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// This file holds the exact arithmetic: every amount is a big.Rat from the
// plan's decimal prices to the single final rounding. No amount is rounded
// on the way, so a repeating expansion such as 15 × 217/10800 = 0.30138…
// keeps all its digits until Round. A fixed-point fast path (issue 7) plugs
// in here and nowhere else.

var (
	bigOne     = big.NewInt(1)
	bigTen     = big.NewInt(10)
	ratHundred = big.NewRat(100, 1)
	nsPerSec   = big.NewInt(int64(time.Second))
)

// ratOf returns d as an exact rational.
func ratOf(d decimal.Decimal) *big.Rat { return d.Rat() }

// secondsRat returns d in seconds, exactly.
func secondsRat(d time.Duration) *big.Rat {
	return new(big.Rat).SetFrac(big.NewInt(int64(d)), nsPerSec)
}

// roundMode is how roundUnits breaks a non-integer quotient.
type roundMode uint8

const (
	halfUp   roundMode = iota // ties away from zero
	halfEven                  // ties to the even integer
	toZero                    // truncate
)

// pow10 returns 10^n for n ≥ 0.
func pow10(n int) *big.Int {
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

// roundRat returns x rounded to a multiple of s's quantum, increment ×
// 10^-digits, as a decimal with exactly s.places places.
func roundRat(x *big.Rat, s step, mode roundMode) decimal.Decimal {
	// units = x × 10^digits ÷ increment, rounded to an integer.
	num := new(big.Int).Mul(x.Num(), pow10(s.digits))
	den := new(big.Int).Mul(x.Denom(), big.NewInt(s.increment))
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Sign() != 0 && mode != toZero {
		// Compare 2|r| with den to find which half r is in.
		r.Abs(r).Lsh(r, 1)
		c := r.Cmp(den)
		if c > 0 || (c == 0 && (mode == halfUp || q.Bit(0) == 1)) {
			if num.Sign() < 0 {
				q.Sub(q, bigOne)
			} else {
				q.Add(q, bigOne)
			}
		}
	}
	q.Mul(q, big.NewInt(s.increment))
	if s.places > s.digits {
		q.Mul(q, pow10(s.places-s.digits))
	}
	return decimal.NewFromBigInt(q, int32(-s.places))
}

// Round rounds amount to u's minor unit under mode (see Digits and
// Rounding): HalfUp rounds ties away from zero (0.125 USD → 0.13), HalfEven
// to the even cent (0.125 → 0.12), Cash half-up to the smallest coin (CHF
// 0.984 → 1.00). The result has exactly the currency's number of decimal
// places.
func Round(amount decimal.Decimal, u currency.Unit, mode Rounding) decimal.Decimal {
	return roundRat(ratOf(amount), stepOf(u, mode), mode.exact())
}

// exact returns the roundMode of r: Cash rounds half-up to its increment.
func (r Rounding) exact() roundMode {
	if r == HalfEven {
		return halfEven
	}
	return halfUp
}

// display returns x rounded half-up to 6 decimal places: the form of
// Line.Charge and Line.Raw.
func display(x *big.Rat) decimal.Decimal {
	return roundRat(x, step{6, 1, 6}, halfUp)
}

// formatRat writes x for an explanation: exactly when it has at most 6
// decimal places (with at least min places, "15.00"), else truncated to 6
// places followed by "…" ("0.301388…").
func formatRat(x *big.Rat, min int) string {
	d := roundRat(x, step{6, 1, 6}, toZero)
	exact := d.Rat().Cmp(x) == 0
	s := d.String()
	places := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = len(s) - i - 1
	}
	if !exact {
		return d.StringFixed(6) + "…"
	}
	if places < min {
		return d.StringFixed(int32(min))
	}
	return s
}

// minRat returns the smaller of a and b (a on a tie).
func minRat(a, b *big.Rat) *big.Rat {
	if b.Cmp(a) < 0 {
		return b
	}
	return a
}
