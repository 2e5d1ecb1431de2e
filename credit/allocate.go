package credit

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// Allocate splits total over len(weights) parts in proportion to weights so
// that every part is a whole number of u's minor units and the parts sum to
// total exactly: a goodwill pool of 100.00 USD over three equal subscribers
// is 33.34, 33.33, 33.33.
//
// It uses the largest-remainder method: each part first gets its exact share
// rounded towards zero to the minor unit; the minor units left over go, one
// each, to the parts with the largest remainders. Ties go to the part that
// comes first in weights, so the result is deterministic and the earlier
// subscriber gets the extra cent. A negative total is split like its
// absolute value and every part negated.
//
// The weights must be non-negative with a positive sum, and total must be a
// whole number of minor units (use Round first); otherwise Allocate returns
// an error. A part with weight zero gets zero.
func Allocate(total decimal.Decimal, u currency.Unit, weights []decimal.Decimal) ([]decimal.Decimal, error) {
	if len(weights) == 0 {
		return nil, errors.New("no weights to allocate over")
	}
	sum := new(big.Rat)
	for i, w := range weights {
		if w.Sign() < 0 {
			return nil, fmt.Errorf("weight %d is negative: %q", i, w.String())
		}
		sum.Add(sum, w.Rat())
	}
	if sum.Sign() == 0 {
		return nil, errors.New("weights sum to zero")
	}
	digits := Digits(u)
	units := new(big.Rat).Mul(total.Abs().Rat(), new(big.Rat).SetInt(pow10(digits)))
	if !units.IsInt() {
		return nil, fmt.Errorf("total %q is not a whole number of %s minor units (%d decimal places)", total.String(), u, digits)
	}
	whole := units.Num()

	type part struct {
		index int
		units *big.Int
		rem   *big.Rat // fractional minor units left over, in [0, 1)
	}
	parts := make([]part, len(weights))
	given := new(big.Int)
	for i, w := range weights {
		share := new(big.Rat).Mul(units, w.Rat())
		share.Quo(share, sum)
		q := new(big.Int).Quo(share.Num(), share.Denom())
		rem := new(big.Rat).Sub(share, new(big.Rat).SetInt(q))
		parts[i] = part{i, q, rem}
		given.Add(given, q)
	}
	left := new(big.Int).Sub(whole, given).Int64() // < len(weights)
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return parts[b].rem.Cmp(parts[a].rem) })
	for _, i := range order[:left] {
		parts[i].units.Add(parts[i].units, bigOne)
	}

	out := make([]decimal.Decimal, len(parts))
	for i, p := range parts {
		if total.Sign() < 0 {
			p.units.Neg(p.units)
		}
		out[i] = decimal.NewFromBigInt(p.units, int32(-digits))
	}
	return out, nil
}
