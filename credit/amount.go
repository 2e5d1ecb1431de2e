package credit

import (
	"errors"
	"fmt"
	"strings"

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
	case d.Cmp(maxAmount) >= 0:
		return fmt.Errorf("is absurdly large (must be below 10^%d)", maxAmountDigits)
	case places(d) > maxAmountPlaces:
		return fmt.Errorf("has more than %d decimal places", maxAmountPlaces)
	}
	return nil
}

// places returns the number of decimal places d needs.
func places(d decimal.Decimal) int {
	if d.IsInteger() {
		return 0
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
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, errors.New("not a decimal number")
	}
	if err := checkAmount(d); err != nil {
		return decimal.Decimal{}, err
	}
	return d, nil
}
