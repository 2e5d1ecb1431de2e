package credit

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/enum"
)

// Allocation is a method of sharing an amount out in whole minor units.
// The zero Allocation is LargestRemainder.
//
// Allocation is a plain value: safe for concurrent use.
type Allocation uint8

// The allocation methods. Both first give each part its exact share
// rounded towards zero to the minor unit; they differ in who gets the minor
// units left over, one each.
const (
	// LargestRemainder gives them to the parts with the largest remainders
	// (ties: the part that comes first): 1.00 over weights 1, 1, 5 is
	// 0.14, 0.14, 0.72.
	LargestRemainder Allocation = iota
	// Fowler gives them to the parts in order, first first, as the
	// allocation by ratios of Martin Fowler's Money pattern (Patterns of
	// Enterprise Application Architecture) does: 1.00 over 1, 1, 5 is
	// 0.15, 0.14, 0.71. Unlike the book's code, a part of weight zero never
	// gets a leftover unit.
	Fowler
)

var allocationNames = enum.Names[Allocation]{"largest_remainder", "fowler"}

func (a Allocation) String() string                { return allocationNames.String(a) }
func (a Allocation) MarshalText() ([]byte, error)  { return []byte(a.String()), nil }
func (a *Allocation) UnmarshalText(b []byte) error { return allocationNames.Unmarshal(a, b) }

// Allocate splits total over len(weights) parts in proportion to weights,
// by method, so that every part is a whole number of u's minor units and
// the parts sum to total exactly: a goodwill pool of 100.00 USD over three
// equal subscribers is 33.34, 33.33, 33.33 by either method. The result is
// deterministic: the earlier part gets the extra cent on a tie. A negative
// total is split like its absolute value and every part negated.
//
// The weights must be non-negative with a positive sum, total must be a
// whole number of minor units (use Round first), and method one of the
// Allocation constants; otherwise Allocate returns an error. A part with
// weight zero gets zero.
func Allocate(total decimal.Decimal, u currency.Unit, weights []decimal.Decimal, method Allocation) ([]decimal.Decimal, error) {
	if int(method) >= len(allocationNames) {
		return nil, fmt.Errorf("unknown allocation method %s", method)
	}
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
	left := new(big.Int).Sub(whole, given).Int64() // < the parts of positive weight
	order := make([]int, 0, len(parts))
	for i, w := range weights {
		if w.Sign() > 0 {
			order = append(order, i)
		}
	}
	if method == LargestRemainder {
		slices.SortStableFunc(order, func(a, b int) int { return parts[b].rem.Cmp(parts[a].rem) })
	}
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
