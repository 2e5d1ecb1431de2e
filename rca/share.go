package rca

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

var (
	decOne     = decimal.NewFromInt(1)
	decHundred = decimal.NewFromInt(100)
)

// maxShareNumberLen bounds the digits of a number in a Share's text form, so
// that hostile input cannot make decimal arithmetic slow.
const maxShareNumberLen = 40

// ParseShare parses a share in one of its three text forms:
//
//	"300 of 1000"  300 out of 1000 users, requests or connections: {300, 1000}
//	"2%"           2 percent: {2, 100}
//	"0.3"          a fraction of one: {0.3, 1}
//
// Numbers are plain decimals ("2.5%", "12.5 of 40"): no sign, exponent or
// thousands separator. The share must lie in (0, 1]: Affected > 0, Of > 0 and
// Affected ≤ Of. Empty text is the zero Share (everyone).
func ParseShare(s string) (Share, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Share{}, nil
	}
	var a, of decimal.Decimal
	var ok bool
	switch {
	case strings.HasSuffix(t, "%"):
		a, ok = parsePlainDecimal(strings.TrimSpace(strings.TrimSuffix(t, "%")))
		of = decHundred
	case strings.Contains(t, " of "):
		l, r, _ := strings.Cut(t, " of ")
		var okR bool
		a, ok = parsePlainDecimal(strings.TrimSpace(l))
		of, okR = parsePlainDecimal(strings.TrimSpace(r))
		ok = ok && okR
	default:
		a, ok = parsePlainDecimal(t)
		of = decOne
	}
	if !ok {
		return Share{}, fmt.Errorf("%q is not a share (want \"300 of 1000\", \"2%%\" or \"0.3\")", s)
	}
	sh := Share{Affected: a, Of: of}
	if err := sh.checkRange(); err != nil {
		return Share{}, fmt.Errorf("%q: %w", s, err)
	}
	return sh, nil
}

// parsePlainDecimal parses digits with an optional fractional part.
func parsePlainDecimal(s string) (decimal.Decimal, bool) {
	if s == "" || len(s) > maxShareNumberLen {
		return decimal.Decimal{}, false
	}
	dot := false
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0 && i < len(s)-1:
			dot = true
		default:
			return decimal.Decimal{}, false
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return d, true
}

// check reports why a Share is out of range, or nil; the zero Share
// (everyone) is fine.
func (s Share) check() error {
	if s.Of.IsZero() && s.Affected.IsZero() {
		return nil
	}
	return s.checkRange()
}

// checkRange reports why s is not in (0, 1], or nil.
func (s Share) checkRange() error {
	switch {
	case !s.Of.IsPositive():
		return fmt.Errorf("share of %s is not a positive total", s.Of)
	case !s.Affected.IsPositive():
		return fmt.Errorf("share must be more than none (got %s of %s)", s.Affected, s.Of)
	case s.Affected.GreaterThan(s.Of):
		return fmt.Errorf("share must be at most all (got %s of %s)", s.Affected, s.Of)
	}
	return nil
}

// Ratio returns the share as Affected / Of without dividing, so callers can
// keep exact arithmetic: minutes × num / den. The zero Share gives (1, 1).
func (s Share) Ratio() (num, den decimal.Decimal) {
	if s.Of.IsZero() {
		return decOne, decOne
	}
	return s.Affected, s.Of
}

// Fraction returns Affected / Of rounded half-up to places decimal places
// (1 for the zero Share). Use Ratio to stay exact.
func (s Share) Fraction(places int32) decimal.Decimal {
	num, den := s.Ratio()
	return num.DivRound(den, places)
}

// Weigh returns d × Affected / Of, rounded half-up to places decimal places:
// the user-minutes of an impact of d minutes (or seconds) that reaches this
// share of users. The zero Share returns d unchanged.
//
// User-minute accounting counts an impact of 60 minutes on "300 of 1000"
// users as 18 user-minutes per user of the component: 60 × 300 ÷ 1000.
func (s Share) Weigh(d decimal.Decimal, places int32) decimal.Decimal {
	if s.Of.IsZero() {
		return d
	}
	return d.Mul(s.Affected).DivRound(s.Of, places)
}

// Equal reports whether s and t are the same share written the same way:
// {2, 100} and {0.02, 1} are different (use Ratio to compare values), but
// {2, 100} equals {2.0, 100}.
func (s Share) Equal(t Share) bool {
	return s.Affected.Equal(t.Affected) && s.Of.Equal(t.Of)
}

// String returns the share in its text form: "300 of 1000", "2%" (when Of is
// 100), "0.3" (when Of is 1), or "" for the zero Share.
func (s Share) String() string {
	switch {
	case s.Of.IsZero() && s.Affected.IsZero():
		return ""
	case s.Of.Equal(decHundred):
		return s.Affected.String() + "%"
	case s.Of.Equal(decOne):
		return s.Affected.String()
	}
	return s.Affected.String() + " of " + s.Of.String()
}

// MarshalText implements encoding.TextMarshaler with String's form.
func (s Share) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseShare.
func (s *Share) UnmarshalText(b []byte) error {
	x, err := ParseShare(string(b))
	if err != nil {
		return err
	}
	*s = x
	return nil
}
