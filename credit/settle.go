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
	var t settlementText
	t.set(s, places)
	return t.appendFields(dst)
}

// appendKey appends the encoding of s for a key (appendKeySettlement).
func (s *settlement) appendKey(dst []byte, places int) []byte {
	var t settlementText
	t.set(s, places)
	return t.appendKey(dst)
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
	var t settlementText
	t.set(s, places)
	return t.appendExplanation(dst, cur)
}

// settlementText is a settlement with the texts of its amounts, with the
// currency's places, and of its number of entries, each written once for
// the fields, the key and the explanation that show them.
type settlementText struct {
	s   *settlement
	buf [4*(unitsTextLen+1) + 20]byte // the texts, when they fit
	txt []byte                        // the texts, one after the other
	end [5]int                        // where the texts of due, issued, amount, over and entries end in txt
}

// The texts of a settlementText, in order.
const (
	textDue = iota
	textIssued
	textAmount
	textOver
	textEntries
)

// set sets t to the texts of s with places decimal places.
func (t *settlementText) set(s *settlement, places int) {
	t.s = s
	b := t.buf[:0]
	for k, x := range [...]*number{&s.due, &s.issued, &s.amount, &s.over} {
		b = x.appendFixed(b, places)
		t.end[k] = len(b)
	}
	b = strconv.AppendInt(b, int64(s.entries), 10)
	t.end[textEntries] = len(b)
	t.txt = b
}

// text returns the text of k (textDue …).
func (t *settlementText) text(k int) []byte {
	start := 0
	if k > 0 {
		start = t.end[k-1]
	}
	return t.txt[start:t.end[k]]
}

// appendFields is settlement.appendFields.
func (t *settlementText) appendFields(dst []byte) []byte {
	for _, k := range [...]int{textDue, textIssued, textEntries, textAmount, textOver} {
		dst = append(dst, t.text(k)...)
		dst = append(dst, ',')
	}
	return dst
}

// appendKey is settlement.appendKey.
func (t *settlementText) appendKey(dst []byte) []byte {
	return appendKeySettlement(dst, t.text(textDue), t.text(textIssued), t.text(textAmount), t.text(textEntries))
}

// appendExplanation is settlement.appendExplanation.
func (t *settlementText) appendExplanation(dst []byte, cur string) []byte {
	s := t.s
	if s.entries == 0 && s.issued.sign() == 0 {
		return dst
	}
	// money appends an amount of sign sign whose magnitude is that of text
	// k as an explanation shows money: "−" before the magnitude of a
	// negative amount. The text of a negative amount is "-" and its
	// magnitude's text (or, when it rounds to zero, that zero's text).
	money := func(k, sign int) {
		text := t.text(k)
		if len(text) > 0 && text[0] == '-' {
			text = text[1:]
		}
		if sign < 0 {
			dst = append(dst, "−"...)
		}
		dst = append(dst, text...)
		dst = append(dst, ' ')
		dst = append(dst, cur...)
	}
	diff, diffSign := textAmount, s.amount.sign()
	if s.over.sign() != 0 {
		diff, diffSign = textOver, -s.over.sign() // −over
	}
	dst = append(dst, "; due "...)
	money(textDue, s.due.sign())
	dst = append(dst, " − issued "...)
	money(textIssued, s.issued.sign())
	dst = append(dst, " = "...)
	money(diff, diffSign)
	switch {
	case diffSign == 0:
		dst = append(dst, ": settled, nothing new to issue"...)
	case s.over.sign() != 0:
		dst = append(dst, ": over-credited "...)
		money(textOver, s.over.sign())
		dst = append(dst, ", kept"...)
	case diffSign < 0:
		dst = append(dst, ": reversed"...)
	}
	return dst
}

// settledLine is what a line shows of a window settled against the
// ledger: the settlement, and its encodings in the line's settlement
// fields (settlement.appendFields), in its key (settlement.appendKey) and
// in its explanation field (the explanation of the window's figures,
// settlement.appendExplanation, encoded as a CSV field).
type settledLine struct {
	s                 settlement
	fields, key, expl []byte
}

// set sets l to the line of settlement s with places decimal places in
// the currency cur, whose figures are explained by rawExpl; t and buf are
// scratch space.
func (l *settledLine) set(s settlement, places int, rawExpl []byte, cur string, t *settlementText, buf *[]byte) {
	l.s = s
	t.set(&l.s, places)
	l.fields = t.appendFields(l.fields[:0])
	l.key = t.appendKey(l.key[:0])
	*buf = t.appendExplanation(append((*buf)[:0], rawExpl...), cur)
	l.expl = appendField(l.expl[:0], *buf)
}

// settledEntry is a line settled from shared figures (figEntry.settled)
// against what the ledger held for its window. It is not changed once
// stored.
type settledEntry struct {
	issued issuedWindow
	line   settledLine
}

// clone returns a copy of e that shares no memory with it, its encodings'
// bytes in one block.
func (e *settledEntry) clone() *settledEntry {
	l := &e.line
	block := make([]byte, 0, len(l.fields)+len(l.key)+len(l.expl))
	block = append(append(append(block, l.fields...), l.key...), l.expl...)
	a, b := len(l.fields), len(l.fields)+len(l.key)
	return &settledEntry{issued: e.issued, line: settledLine{s: l.s, fields: block[:a:a], key: block[a:b:b], expl: block[b:]}}
}
