package credit

import (
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// isoDigits lists the currencies whose minor unit in ISO 4217 differs from
// the CLDR "standard" digits golang.org/x/text/currency (v0.44.0) reports.
// Billing systems and payment networks settle in ISO 4217 minor units, so
// ISO wins.
//
// Source: ISO 4217 List One (the CcyMnrUnts column), published 2024-06-25
// by the maintenance agency (SIX Group). CLDR records these currencies with
// 0 digits because their subunits are not used in everyday life; ISO keeps
// the legal subdivision. Every entry is tested to still differ from x/text,
// so a table entry made redundant by a newer CLDR fails a test instead of
// lingering.
var isoDigits = map[string]int{
	"AFN": 2, // Afghani: 100 pul
	"ALL": 2, // Lek: 100 qindarka
	"AMD": 2, // Armenian Dram: 100 luma
	"COP": 2, // Colombian Peso: 100 centavos
	"GYD": 2, // Guyana Dollar: 100 cents
	"IDR": 2, // Rupiah: 100 sen
	"IQD": 3, // Iraqi Dinar: 1000 fils
	"IRR": 2, // Iranian Rial: 100 dinars
	"KPW": 2, // North Korean Won: 100 chon
	"LAK": 2, // Lao Kip: 100 att
	"LBP": 2, // Lebanese Pound: 100 piastres
	"MGA": 2, // Malagasy Ariary (ISO lists 2 for the 1/5 iraimbilanja)
	"MMK": 2, // Kyat: 100 pyas
	"MNT": 2, // Tugrik: 100 möngö
	"MUR": 2, // Mauritius Rupee: 100 cents
	"PKR": 2, // Pakistan Rupee: 100 paisa
	"RSD": 2, // Serbian Dinar: 100 para
	"SOS": 2, // Somali Shilling: 100 cents
	"SYP": 2, // Syrian Pound: 100 piastres
	"TZS": 2, // Tanzanian Shilling: 100 cents
	"UZS": 2, // Uzbekistan Sum: 100 tiyin
	"YER": 2, // Yemeni Rial: 100 fils
}

// Digits returns the number of decimal places of u's minor unit: 2 for USD
// and EUR, 0 for JPY, 3 for KWD. It is the ISO 4217 minor unit: the
// standard digits of golang.org/x/text/currency (CLDR), corrected by a table
// for the currencies where CLDR and ISO 4217 disagree (IQD 3, IDR 2, COP 2,
// …; see the package documentation).
func Digits(u currency.Unit) int {
	if d, ok := isoDigits[u.String()]; ok {
		return d
	}
	scale, _ := currency.Standard.Rounding(u)
	return scale
}

// FormatAmount writes d with exactly the decimal places of u's minor unit
// (see Digits), trailing zeros included and without a currency code:
// "4.90" USD, "20" JPY, "0.251" KWD, "0.00" USD for zero. This is the form
// of amounts in lines files, summaries and explanations. An amount with
// more places than u has is rounded half-up (ties away from zero); the
// amounts of lines and totals never have more.
func FormatAmount(d decimal.Decimal, u currency.Unit) string {
	return d.StringFixed(int32(Digits(u)))
}

// step is the quantum amounts are rounded to, increment × 10^-digits, and
// the number of decimal places of the result (at least digits).
type step struct {
	digits    int
	increment int64
	places    int
}

// stepOf returns the quantum of u under mode: the minor unit, or for Cash
// the smallest coin (CLDR cash digits and increment: CHF 0.05, CAD 0.05, DKK
// 0.50, HUF 1). Cash rounding never uses more digits than the minor unit.
func stepOf(u currency.Unit, mode Rounding) step {
	digits := Digits(u)
	if mode != Cash {
		return step{digits, 1, digits}
	}
	scale, inc := currency.Cash.Rounding(u)
	if scale > digits {
		scale, inc = digits, 1
	}
	if inc < 1 {
		inc = 1
	}
	return step{scale, int64(inc), digits}
}

// quantum returns the quantum r rounds amounts in u to: its
// RoundingIncrement (a whole number of u's minor units) when set, else
// stepOf's.
func (r *Rule) quantum(u currency.Unit) step {
	if r.RoundingIncrement.Sign() > 0 {
		d := Digits(u)
		return step{d, r.RoundingIncrement.Shift(int32(d)).IntPart(), d}
	}
	return stepOf(u, r.Rounding)
}
