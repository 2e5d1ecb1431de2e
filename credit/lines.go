package credit

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/csvcell"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// LineColumns returns the columns of a lines CSV file, in the order
// LineWriter writes them, one line per subscription and window:
//
//	subscription_id       Line.Subscription
//	customer_id           Line.Customer
//	plan_id               Line.Plan
//	policy                the SLA policy's ID (Line.Policy)
//	policy_version        its version
//	window_start          RFC 3339, in the policy's window zone
//	window_end            RFC 3339, exclusive
//	currency              ISO 4217 code
//	charge                the charge for the window, 6 decimal places
//	downtime_seconds      counted downtime while active, before weights
//	weighted_seconds      downtime after weights: what availability uses
//	measured_seconds      the time availability is measured over
//	availability_percent  as the SLA result (10 decimal places at most)
//	rule                  tiered, prorated, stepped or fixed
//	band                  the tier or steps applied; may be empty
//	raw                   the base rule's amount, 6 decimal places
//	multiplier            the multiplier applied (1 when none)
//	capped                true when the cap lowered the amount
//	below_minimum         true when the credit was not issued for the minimum
//	rounding              half_up, half_even, cash, down, up, ceiling or floor
//	due                   the window's credit now, with the currency's decimal places (FormatAmount)
//	issued_before         what the ledger holds for the window (0 without one)
//	issued_entries        in how many ledger entries of a non-zero amount
//	amount                the adjustment issued now: due − issued_before (never
//	                      negative with keep); "-0.28" for a reversal
//	over_credited         what was issued beyond due and kept (keep); else 0
//	claim_deadline        RFC 3339; empty when there is none
//	incidents             the incident IDs, separated by ";"
//	idempotency_key       Line.Key
//	explanation           Line.Explanation
//
// Seconds are exact decimals ("52080", "0.5"). ReadLines reads the columns
// by name, so a file may order them freely; every column is required.
//
// A lines file is opened in spreadsheets, so a field a spreadsheet would
// take for a formula is written with a single quote in front, which it
// shows as text (OWASP's advice against CSV injection): one that starts
// with "=", "+", "-", "@", a tab, a carriage return, a line feed, a NUL or
// a quote and is not a plain decimal number ("-1.50" is written as it is).
// ReadLines removes that quote, so a program reading the file through this
// package gets every value exactly; a program reading it otherwise drops
// the first character of a field that starts with a quote followed by one
// of those characters.
//
// The slice is the caller's.
func LineColumns() []string { return slices.Clone(lineColumns[:]) }

// lineColumns are the columns LineColumns returns.
var lineColumns = [...]string{
	"subscription_id", "customer_id", "plan_id", "policy", "policy_version", "window_start", "window_end", "currency",
	"charge", "downtime_seconds", "weighted_seconds", "measured_seconds", "availability_percent",
	"rule", "band", "raw", "multiplier", "capped", "below_minimum", "rounding",
	"due", "issued_before", "issued_entries", "amount", "over_credited",
	"claim_deadline", "incidents", "idempotency_key", "explanation",
}

// LineWriter writes lines as CSV (see LineColumns), as encoding/csv would
// write their fields. The header is written before the first line, or by
// Flush when there is none, so every file has one. A LineWriter is not
// safe for concurrent use.
type LineWriter struct {
	out csvWriter
	// SkipZero leaves out lines whose amount is zero. Count lines with a
	// Summary before skipping them: a summary rebuilt from such a file
	// knows only the credited subscriptions.
	SkipZero bool
}

// NewLineWriter returns a LineWriter writing to w.
func NewLineWriter(w io.Writer) *LineWriter {
	return &LineWriter{out: newCSVWriter(w, lineColumns[:])}
}

// Write writes l.
func (lw *LineWriter) Write(l *Line) error {
	if lw.SkipZero && l.Amount.Sign() == 0 {
		return lw.out.start()
	}
	lw.out.buf = appendLine(lw.out.buf[:0], l)
	return lw.out.write(lw.out.buf)
}

// appendLine appends l as a record of a lines file, with its newline.
func appendLine(dst []byte, l *Line) []byte {
	f, h, s := figuresOf(l)
	for _, field := range [...]string{l.Subscription, l.Customer, l.Plan, l.Policy, l.PolicyVersion} {
		dst = appendField(dst, field)
		dst = append(dst, ',')
	}
	dst = appendFigures(dst, &h, &f, nil)
	dst = s.appendFields(dst, h.places)
	dst = appendFiguresTail(dst, &f)
	dst = appendField(dst, l.Key)
	dst = append(dst, ',')
	dst = appendField(dst, l.Explanation)
	return append(dst, '\n')
}

// Flush writes the header if no line was written, then any buffered data,
// and returns the first error that occurred.
func (lw *LineWriter) Flush() error { return lw.out.flush() }

// ReadLines reads a lines CSV file (see LineColumns) and yields its lines
// in order. A bad row is yielded as a *RowError and the iteration goes on;
// a bad header or an error reading r ends it. file names the file in
// errors.
func ReadLines(r io.Reader, file string) iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		readLines(r, file, func(_ int, l Line, err error) bool { return yield(l, err) })
	}
}

// readLines is ReadLines, calling yield with the number of the line each
// record starts on as well (0 for an error that ends the reading).
func readLines(r io.Reader, file string, yield func(line int, l Line, err error) bool) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = headerError(file, "", "missing header line")
		} else {
			err = fmt.Errorf("%s: %w", file, err)
		}
		yield(0, Line{}, err)
		return
	}
	idx, err := columnIndex(file, header, lineColumns[:], lineColumns[:]...)
	if err != nil {
		yield(0, Line{}, err)
		return
	}
	cr.FieldsPerRecord = len(header)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				yield(0, Line{}, fmt.Errorf("%s: %w", file, err))
				return
			}
			re := &RowError{File: file, Line: pe.StartLine, Err: pe.Err}
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				re.Err = fieldCountError(len(rec), cr.FieldsPerRecord)
			}
			if !yield(pe.StartLine, Line{}, re) {
				return
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = csvcell.Decode(rec[i]) // undo the formula guard of appendField
		}
		l, re := parseLine(rec, idx)
		if re != nil {
			re.File, re.Line = file, line
			if !yield(line, Line{}, re) {
				return
			}
			continue
		}
		if !yield(line, l, nil) {
			return
		}
	}
}

// ReadSummary rebuilds the Summary of a lines file: its counts and totals,
// from every line in it. Bad rows are counted as rejected; a bad header or
// a read error is returned.
func ReadSummary(r io.Reader, file string) (*Summary, error) {
	var s Summary
	for l, err := range ReadLines(r, file) {
		var re *RowError
		switch {
		case errors.As(err, &re):
			s.Reject(re)
		case err != nil:
			return nil, err
		default:
			s.Add(&l)
		}
	}
	return &s, nil
}

// parseLine parses one row of a lines file.
func parseLine(rec []string, idx []int) (Line, *RowError) {
	var p rowProblems
	get := func(c int) string { return rec[idx[c]] }
	dec := func(c int) decimal.Decimal {
		s := get(c)
		d, err := decimal.NewFromString(s)
		if err != nil {
			p.addf(lineColumns[c], s, "not a decimal number")
		}
		return d
	}
	tm := func(c int, optional bool) time.Time {
		s := get(c)
		if s == "" && optional {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			p.addf(lineColumns[c], s, "not an RFC 3339 time")
		}
		return t
	}
	dur := func(c int) time.Duration {
		d := dec(c)
		ns := d.Shift(9)
		if !ns.IsInteger() || ns.Cmp(decimal.NewFromInt(1<<62)) > 0 || ns.Sign() < 0 {
			p.addf(lineColumns[c], get(c), "not a number of seconds")
			return 0
		}
		return time.Duration(ns.IntPart())
	}
	boolean := func(c int) bool {
		b, err := strconv.ParseBool(get(c))
		if err != nil {
			p.addf(lineColumns[c], get(c), `want "true" or "false"`)
		}
		return b
	}
	// The columns by name: an index in lineColumns.
	c := func(name string) int { return indexOf(lineColumns[:], name) }
	amount := func(name string) decimal.Decimal { return dec(c(name)) }
	var l Line
	l.Subscription, l.Customer, l.Plan = get(c("subscription_id")), get(c("customer_id")), get(c("plan_id"))
	if l.Subscription == "" {
		p.add("subscription_id", "", errMissing)
	}
	l.Policy, l.PolicyVersion = get(c("policy")), get(c("policy_version"))
	l.WindowStart, l.WindowEnd = tm(c("window_start"), false), tm(c("window_end"), false)
	cur, err := currency.ParseISO(get(c("currency")))
	if err != nil {
		p.addf("currency", get(c("currency")), "unknown currency")
	}
	l.Currency = cur
	l.Charge = amount("charge")
	l.Downtime = dur(c("downtime_seconds"))
	l.Weighted = amount("weighted_seconds")
	l.Measured = dur(c("measured_seconds"))
	l.Availability = amount("availability_percent")
	if err := l.Rule.UnmarshalText([]byte(get(c("rule")))); err != nil {
		p.add("rule", get(c("rule")), err)
	}
	l.Band = get(c("band"))
	l.Raw = amount("raw")
	l.Multiplier = amount("multiplier")
	l.Capped, l.BelowMinimum = boolean(c("capped")), boolean(c("below_minimum"))
	if err := l.Rounding.UnmarshalText([]byte(get(c("rounding")))); err != nil {
		p.add("rounding", get(c("rounding")), err)
	}
	l.Due, l.IssuedBefore = amount("due"), amount("issued_before")
	if n, err := strconv.Atoi(get(c("issued_entries"))); err != nil || n < 0 {
		p.addf("issued_entries", get(c("issued_entries")), "want a number of entries")
	} else {
		l.IssuedEntries = n
	}
	l.Amount, l.OverCredited = amount("amount"), amount("over_credited")
	if l.OverCredited.Sign() < 0 {
		p.addf("over_credited", get(c("over_credited")), "must not be negative")
	}
	l.ClaimDeadline = tm(c("claim_deadline"), true)
	if s := get(c("incidents")); s != "" {
		l.Incidents = strings.Split(s, ";")
	}
	l.Key, l.Explanation = get(c("idempotency_key")), get(c("explanation"))
	if p.err != nil {
		return Line{}, p.err
	}
	return l, nil
}
