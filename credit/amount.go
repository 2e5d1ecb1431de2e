package credit

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/shopspring/decimal"
)

// Amounts in plans and subscriptions (prices, charges, credited amounts,
// minimums, goodwill) are non-negative, below 10^12 and have at most 6
// decimal places. Anything else is a typo or a unit mix-up ("1e30" for a
// price), and the bound keeps every amount inside what a fixed-point fast
// path can hold.
const (
	maxAmountPlaces = 6
	maxAmountDigits = 12 // digits before the decimal point
)

var maxAmount = decimal.New(1, maxAmountDigits)

// checkAmount reports what is wrong with d as an amount, or nil.
func checkAmount(d decimal.Decimal) error {
	switch {
	case d.Sign() < 0:
		return errors.New("must not be negative")
	case tooLarge(d):
		return fmt.Errorf("is absurdly large (must be below 10^%d)", maxAmountDigits)
	case places(d) > maxAmountPlaces:
		return fmt.Errorf("has more than %d decimal places", maxAmountPlaces)
	}
	return nil
}

// tooLarge reports whether d ≥ maxAmount, without allocating when d has
// at most 18 digits and maxAmountPlaces places.
func tooLarge(d decimal.Decimal) bool {
	if exp := d.Exponent(); exp <= 0 && exp >= -maxAmountPlaces && d.NumDigits() <= 18 {
		return d.CoefficientInt64() >= pow10s[maxAmountDigits-exp].Int64()
	}
	return d.Cmp(maxAmount) >= 0
}

// places returns the number of decimal places d needs.
func places(d decimal.Decimal) int {
	if d.IsInteger() {
		return 0
	}
	if exp := d.Exponent(); exp >= -18 && d.NumDigits() <= 18 {
		c, n := d.CoefficientInt64(), int(-exp)
		for c%10 == 0 {
			c, n = c/10, n-1
		}
		return n
	}
	s := d.String()
	return len(s) - strings.IndexByte(s, '.') - 1
}

// parseAmount parses an amount written in a CSV file: digits with an
// optional "." and fraction ("15", "15.00", "0.5"). Signs, exponents,
// thousands separators and decimal commas ("1,5") are refused with a reason
// rather than guessed at; the result passes checkAmount.
func parseAmount(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, errors.New("empty amount")
	}
	if s[0] == '-' {
		return decimal.Decimal{}, errors.New("must not be negative")
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		case c == ',':
			return decimal.Decimal{}, errors.New(`not a decimal number: use "." as the decimal separator and no thousands separator`)
		case c == 'e' || c == 'E':
			return decimal.Decimal{}, errors.New("not a decimal number: exponents are not accepted")
		default:
			return decimal.Decimal{}, errors.New(`not a decimal number (want digits with an optional "." and fraction, like "15.00")`)
		}
	}
	if len(s) > 2*(maxAmountDigits+maxAmountPlaces) {
		return decimal.Decimal{}, fmt.Errorf("is absurdly long (%d characters)", len(s))
	}
	d, ok := smallDecimal(s)
	if !ok {
		var err error
		if d, err = decimal.NewFromString(s); err != nil {
			return decimal.Decimal{}, errors.New("not a decimal number")
		}
	}
	if err := checkAmount(d); err != nil {
		return decimal.Decimal{}, err
	}
	return d, nil
}

// parseAmountBytes is parseAmount of the text b, without copying it:
// nothing parseAmount returns refers to its argument.
func parseAmountBytes(b []byte) (decimal.Decimal, error) {
	return parseAmount(unsafe.String(unsafe.SliceData(b), len(b)))
}

// smallDecimal returns the decimal s writes, digits with at most one "."
// between them, as decimal.NewFromString reads it (the same coefficient
// and exponent), when its digits fit in an int64; ok is false otherwise.
func smallDecimal(s string) (d decimal.Decimal, ok bool) {
	if len(s) > 19 { // 18 digits and a dot at most: below 10^18
		return d, false
	}
	var c int64
	exp := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			exp = i + 1 - len(s)
			continue
		}
		c = c*10 + int64(s[i]-'0')
	}
	return decimal.New(c, int32(exp)), true
}
