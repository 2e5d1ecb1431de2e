package credit

import (
	"math"
	"strconv"

	"github.com/outagekit/postmortem/internal/enum"
)

// OverCredit is what settlement does with a window credited beyond what is
// due now (an incident shortened or withdrawn by a corrected RCA). The
// zero OverCredit is Keep.
//
// OverCredit is a plain value: safe for concurrent use.
type OverCredit uint8

// The over-credit modes; names in flags and files: "keep", "reverse".
const (
	// Keep issues nothing for the window and says by how much it was
	// over-credited (Line.OverCredited, the summary): a credit is neither
	// taken back nor kept silently.
	Keep OverCredit = iota
	// Reverse issues the difference as a negative adjustment, for billing
	// systems that take debits.
	Reverse
)

var overCreditNames = enum.Names[OverCredit]{"keep", "reverse"}

func (o OverCredit) String() string                { return overCreditNames.String(o) }
func (o OverCredit) MarshalText() ([]byte, error)  { return []byte(o.String()), nil }
func (o *OverCredit) UnmarshalText(b []byte) error { return overCreditNames.Unmarshal(o, b) }

// settlement is the settled credit of one window: what the rule gives
// (due), what the ledger holds (issued, in entries entries), what is
// issued now (amount) and what was issued beyond the due and kept (over).
// The amounts have the currency's places (or are big).
type settlement struct {
	due, issued, amount, over number
	entries                   int
}

// settle returns the settlement of a window due due, with issued units of
// 10^-places issued before in entries ledger entries, under mode o. The
// arithmetic is exact: in units when due has places places and nothing
// overflows, else in decimals.
func settle(due number, issued int64, places int32, entries int, o OverCredit) settlement {
	s := settlement{due: due, issued: number{units: issued, places: places}, entries: entries}
	if !due.big && due.places == places && (issued >= 0 || due.units <= math.MaxInt64+issued) && (issued <= 0 || due.units >= math.MinInt64+issued) {
		a := due.units - issued
		s.amount, s.over = number{units: a, places: places}, number{places: places}
		if a < 0 && o == Keep {
			s.amount.units, s.over.units = 0, -a
		}
		return s
	}
	a := due.decimal().Sub(s.issued.decimal())
	s.amount, s.over = numberOf(a), number{places: places}
	if a.Sign() < 0 && o == Keep {
		s.amount, s.over = number{places: places}, numberOf(a.Neg())
	}
	return s
}

// appendFields appends the settlement fields of a lines file, due,
// issued_before, issued_entries, amount and over_credited, each followed
// by a comma, with places decimal places.
func (s *settlement) appendFields(dst []byte, places int) []byte {
	for _, x := range [...]*number{&s.due, &s.issued} {
		dst = x.appendFixed(dst, places)
		dst = append(dst, ',')
	}
	dst = strconv.AppendInt(dst, int64(s.entries), 10)
	dst = append(dst, ',')
	for _, x := range [...]*number{&s.amount, &s.over} {
		dst = x.appendFixed(dst, places)
		dst = append(dst, ',')
	}
	return dst
}

// appendKey appends the encoding of s for a key (appendKeySettlement).
func (s *settlement) appendKey(dst []byte, places int) []byte {
	var scratch [128]byte
	buf := s.due.appendFixed(scratch[:0], places)
	n1 := len(buf)
	buf = s.issued.appendFixed(buf, places)
	n2 := len(buf)
	buf = s.amount.appendFixed(buf, places)
	n3 := len(buf)
	buf = strconv.AppendInt(buf, int64(s.entries), 10)
	return appendKeySettlement(dst, buf[:n1], buf[n1:n2], buf[n2:n3], buf[n3:])
}

// appendExplanation appends to an explanation what settlement did, when
// the ledger holds something for the window (nothing is appended
// otherwise: the amount is then the due the explanation ends with), with
// places decimal places and the currency code cur:
//
//	; due 0.56 USD − issued 0.28 USD = 0.28 USD
//	; due 0.56 USD − issued 0.56 USD = 0.00 USD: settled, nothing new to issue
//	; due 0.28 USD − issued 0.56 USD = −0.28 USD: over-credited 0.28 USD, kept
//	; due 0.28 USD − issued 0.56 USD = −0.28 USD: reversed
func (s *settlement) appendExplanation(dst []byte, places int, cur string) []byte {
	if s.entries == 0 && s.issued.sign() == 0 {
		return dst
	}
	money := func(x number) {
		if x.sign() < 0 {
			dst = append(dst, "−"...)
			x = negate(x)
		}
		dst = x.appendFixed(dst, places)
		dst = append(dst, ' ')
		dst = append(dst, cur...)
	}
	diff := s.amount
	if s.over.sign() != 0 {
		diff = negate(s.over)
	}
	dst = append(dst, "; due "...)
	money(s.due)
	dst = append(dst, " − issued "...)
	money(s.issued)
	dst = append(dst, " = "...)
	money(diff)
	switch {
	case diff.sign() == 0:
		dst = append(dst, ": settled, nothing new to issue"...)
	case s.over.sign() != 0:
		dst = append(dst, ": over-credited "...)
		money(s.over)
		dst = append(dst, ", kept"...)
	case diff.sign() < 0:
		dst = append(dst, ": reversed"...)
	}
	return dst
}

// negate returns −x.
func negate(x number) number {
	if x.big || x.units == math.MinInt64 {
		return numberOf(x.decimal().Neg())
	}
	x.units = -x.units
	return x
}
