package fileformat

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// scalar converts the text of a scalar to a value of type t (of kind k). It
// returns a problem message instead when the text does not fit.
func (d *decoder) scalar(text string, t reflect.Type, k kind) (reflect.Value, string) {
	v := reflect.New(t).Elem()
	switch k {
	case kString:
		v.SetString(text)
	case kBool:
		switch text {
		case "true", "True", "TRUE":
			v.SetBool(true)
		case "false", "False", "FALSE":
		default:
			return v, fmt.Sprintf("want true or false, got %q", text)
		}
	case kInt:
		n, err := strconv.ParseInt(text, 10, t.Bits())
		if err != nil {
			return v, intProblem(text, err, fmt.Sprintf("%d to %d", minInt(t.Bits()), maxInt(t.Bits())))
		}
		v.SetInt(n)
	case kUint:
		n, err := strconv.ParseUint(text, 10, t.Bits())
		if err != nil {
			if strings.HasPrefix(text, "-") && wholeNumber.MatchString(text) {
				err = strconv.ErrRange
			}
			return v, intProblem(text, err, fmt.Sprintf("0 to %d", maxUint(t.Bits())))
		}
		v.SetUint(n)
	case kDecimal:
		x, msg := parseDecimal(text)
		if msg != "" {
			return v, msg
		}
		v.Set(reflect.ValueOf(x))
	case kTime:
		var local bool
		x, err := parseTime(text, d.zone, &local, nil)
		if err != nil {
			return v, err.Error()
		}
		if local && d.noZone != "" {
			return v, noZoneMessage(text, d.noZone)
		}
		v.Set(reflect.ValueOf(x))
	case kDuration:
		x, err := ParseDuration(text)
		if err != nil {
			return v, err.Error()
		}
		v.SetInt(int64(x))
	case kLocation:
		if text == "" {
			return v, ""
		}
		loc, err := loadZone(text)
		if err != nil {
			return v, err.Error()
		}
		v.Set(reflect.ValueOf(loc))
	case kCurrency:
		u, err := currency.ParseISO(text)
		if err != nil {
			return v, fmt.Sprintf(`unknown currency %q (want an ISO 4217 code such as "USD")`, text)
		}
		v.Set(reflect.ValueOf(u))
	case kText:
		p := reflect.New(t)
		if err := unmarshalText(p.Interface().(encoding.TextUnmarshaler), text); err != nil {
			return v, err.Error()
		}
		v.Set(p.Elem())
	default:
		return v, fmt.Sprintf("cannot decode into Go type %s", t)
	}
	return v, ""
}

// noZoneMessage is the problem of the local time text in a document that
// names no zone, zoneField being the field that would name it ("-": none).
func noZoneMessage(text, zoneField string) string {
	if zoneField == "-" {
		return fmt.Sprintf("%q has no offset: write it with one (\"Z\" or \"-04:00\")", text)
	}
	return fmt.Sprintf("%q has no offset and the file names no zone: add %s: <IANA name> or write an offset", text, zoneField)
}

var wholeNumber = regexp.MustCompile(`^[+-]?[0-9]+$`)

func intProblem(text string, err error, bounds string) string {
	if errors.Is(err, strconv.ErrRange) {
		return fmt.Sprintf("%q is out of range (%s)", text, bounds)
	}
	return fmt.Sprintf("want a whole number, got %q", text)
}

func minInt(bits int) int64   { return -1 << (bits - 1) }
func maxInt(bits int) int64   { return 1<<(bits-1) - 1 }
func maxUint(bits int) uint64 { return 1<<bits - 1 }

// decimalText is the form numbers are accepted in: optional sign, digits
// with an optional decimal point, optional exponent.
var decimalText = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// maxDecimalDigits bounds the digits a decimal may have once written out in
// full (its exponent too), so that a number such as 1e999999999 cannot make
// printing it allocate gigabytes.
const maxDecimalDigits = 1000

// parseDecimal reads a decimal from its text, exactly (never through a
// float). It returns a problem message when the text is not a plain decimal
// number.
func parseDecimal(text string) (decimal.Decimal, string) {
	if !decimalText.MatchString(text) {
		l := strings.ToLower(strings.TrimLeft(text, "+-"))
		switch {
		case strings.HasPrefix(l, "0x") || strings.HasPrefix(l, "0o") || strings.HasPrefix(l, "0b"):
			return decimal.Decimal{}, fmt.Sprintf("want a decimal number, got %q (hexadecimal, octal and binary are not allowed)", text)
		case l == "nan" || l == ".nan" || strings.HasPrefix(l, "inf") || strings.HasPrefix(l, ".inf"):
			return decimal.Decimal{}, fmt.Sprintf("want a finite decimal number, got %q", text)
		case strings.Contains(text, ","):
			return decimal.Decimal{}, fmt.Sprintf("want a decimal number, got %q (write the decimal point as \".\" and no thousands separators)", text)
		case strings.Contains(text, "_") || strings.Contains(text, " "):
			return decimal.Decimal{}, fmt.Sprintf("want a decimal number, got %q (write the digits without separators)", text)
		case strings.HasSuffix(text, "%"):
			return decimal.Decimal{}, fmt.Sprintf("want a decimal number, got %q (write the percentage without \"%%\")", text)
		}
		return decimal.Decimal{}, fmt.Sprintf("want a decimal number, got %q", text)
	}
	mant, exp, _ := strings.Cut(strings.ToLower(text), "e")
	if exp != "" {
		e, err := strconv.Atoi(exp)
		if err != nil || e > maxDecimalDigits || e < -maxDecimalDigits || len(mant) > maxDecimalDigits {
			return decimal.Decimal{}, fmt.Sprintf("%q has too many digits (at most %d)", text, maxDecimalDigits)
		}
	} else if len(mant) > maxDecimalDigits {
		return decimal.Decimal{}, fmt.Sprintf("%q has too many digits (at most %d)", text, maxDecimalDigits)
	}
	x, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, fmt.Sprintf("want a decimal number, got %q", text)
	}
	return x, ""
}

// loadZone returns the zone with the IANA name s. "Local" is refused: it
// would mean whatever zone the machine reading the file is set to.
func loadZone(s string) (*time.Location, error) {
	if s == "Local" || s == "" {
		return nil, fmt.Errorf(`want an IANA zone name such as "America/New_York", got %q`, s)
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf(`unknown time zone %q (want an IANA name such as "America/New_York")`, s)
	}
	return loc, nil
}
