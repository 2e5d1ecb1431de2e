package credit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/csvcell"
	"github.com/outagekit/postmortem/internal/problem"
)

// LedgerColumns returns the columns a ledger file needs, in this order:
//
//	subscription_id   Issued.Subscription
//	policy            Issued.Policy
//	window_start      RFC 3339
//	window_end        RFC 3339, exclusive
//	currency          ISO 4217 code
//	amount            the amount issued, with at most the currency's places; "-" for a reversal
//	idempotency_key   Issued.Key
//
// A ledger file is either a table with these columns (an export of a
// billing system's credit adjustments), or a lines file an earlier run
// wrote (see LineColumns): ReadCSV reads both, by the names of the header
// line, in any order. A file may leave out policy when it has plan_id (the
// lines files of versions before the policy column): the entry is then for
// the policy of that plan. Any other column of a lines file is allowed and
// not read; an unknown column is a problem.
func LedgerColumns() []string {
	return []string{colSubscription, colPolicy, colWindowStart, colWindowEnd, colCurrency, colAmount, colKey}
}

// LedgerOptions configure Ledger.ReadCSV.
//
// LedgerOptions is a plain value: safe for concurrent use.
type LedgerOptions struct {
	// File names the file in problems.
	File string
	// Shard, when set, keeps only the entries of the subscriptions of that
	// shard (see Shard): a run of shard i of n reads the ledger of its own
	// subscriptions. A row that cannot be read (bad CSV) is a problem in
	// every shard, since it could belong to any.
	Shard Shard
}

// ReadCSV reads a ledger file (see LedgerColumns) from r and adds its rows
// to l, as Add does, with File and Line set. Every problem is located and
// kept (at most 100 listed): a missing or unknown column in the header, a
// row that is not valid CSV or has the wrong number of fields, a value
// that is not what its column holds (an RFC 3339 time, an ISO 4217 code,
// a decimal amount: "1,5" and "1e3" are refused), whatever Add refuses,
// and a row whose key names another credit than an earlier entry's. It
// returns an error when the header is wrong, r fails, or a row was
// refused; the ledger then has problems (Err) and NewCalculator
// refuses it. Rows of subscriptions outside opts.Shard are skipped.
func (l *Ledger) ReadCSV(r io.Reader, opts LedgerOptions) error {
	if err := opts.Shard.validate(); err != nil {
		return err
	}
	cr := newCSVReader(r)
	header, _, err := cr.read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return l.headerProblem(headerError(opts.File, "", "missing header line (want "+strings.Join(LedgerColumns(), ",")+")"))
		}
		if pe, ok := isParseError(err); ok {
			return l.headerProblem(&problem.Error{Problems: []problem.Problem{{File: opts.File, Line: pe.StartLine, Msg: pe.Err.Error()}}})
		}
		return fmt.Errorf("%s: %w", opts.File, err)
	}
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = string(h)
	}
	idx, err := ledgerIndex(opts.File, names)
	if err != nil {
		return l.headerProblem(err)
	}
	refused, first := l.refused, uint32(l.entries.len())
	lr := ledgerReader{l: l, file: opts.File}
	var fields [ledgerRead][]byte
	for b := range readLedgerRows(cr, opts.File, idx, len(header), opts.Shard) {
		for k := range b.rows {
			row := &b.rows[k]
			if row.bad != nil {
				l.added++
				l.keep(row.bad)
				continue
			}
			for c, o := range row.off {
				fields[c] = nil
				if o[0] >= 0 {
					fields[c] = b.arena[o[0]:o[1]]
				}
			}
			lr.add(&fields, row.line)
		}
		if b.err != nil && !errors.Is(b.err, io.EOF) {
			return fmt.Errorf("%s: %w", opts.File, b.err)
		}
	}
	if l.refused > refused || l.clashSince(first) {
		return l.Err()
	}
	return nil
}

// clashSince indexes l and reports whether an entry added from the first
// on was refused for a key naming another credit (the entry added second
// is the one refused), so ReadCSV reports those rows as it does the rows
// Add refuses.
func (l *Ledger) clashSince(first uint32) bool {
	l.index()
	for _, c := range l.conflict {
		if c.entry >= first {
			return true
		}
	}
	return false
}

// ledgerRows is a batch of the rows of a ledger file read ahead: the
// fields a ledger reads, copied into one arena, or the problem of a row
// that is not valid CSV; err ends the file (io.EOF at its end).
type ledgerRows struct {
	rows  []ledgerRow
	arena []byte
	err   error
}

// ledgerRow is a row of a ledger file: its line, and the arena offsets
// [start, end) of the fields it reads (start -1: a column the file does
// not have), or bad.
type ledgerRow struct {
	line int
	off  [ledgerRead][2]int32
	bad  *RowError
}

// ledgerBatchRows is how many rows a batch holds.
const ledgerBatchRows = 1024

// readLedgerRows reads the rows of cr, whose header is read and whose
// columns are idx, in a goroutine of its own, and yields them in batches,
// in order, while the caller checks and stores the previous ones: on two
// cores, reading the CSV then costs no time of its own. Rows of
// subscriptions outside shard are dropped. The caller must range to the
// end (the last batch has err set).
func readLedgerRows(cr *csvReader, file string, idx []int, columns int, shard Shard) iter.Seq[*ledgerRows] {
	full, free := make(chan *ledgerRows, 2), make(chan *ledgerRows, 3)
	for range 3 {
		free <- new(ledgerRows)
	}
	go func() {
		defer close(full)
		for b := range free {
			b.rows, b.arena, b.err = b.rows[:0], b.arena[:0], nil
			for len(b.rows) < ledgerBatchRows && b.err == nil {
				rec, line, err := cr.read()
				if err != nil {
					pe, ok := isParseError(err)
					if !ok {
						b.err = err
						break
					}
					re := &RowError{File: file, Line: pe.StartLine, Err: pe.Err}
					if errors.Is(pe.Err, csv.ErrFieldCount) {
						re.Err = fieldCountError(len(rec), columns)
					}
					b.rows = append(b.rows, ledgerRow{bad: re})
					continue
				}
				if !shard.has(fnv1a(rec[idx[ledgerSub]])) {
					continue
				}
				row := ledgerRow{line: line}
				for c, i := range idx {
					row.off[c] = [2]int32{-1, -1}
					if i >= 0 {
						row.off[c][0] = int32(len(b.arena))
						b.arena = append(b.arena, rec[i]...)
						row.off[c][1] = int32(len(b.arena))
					}
				}
				b.rows = append(b.rows, row)
			}
			full <- b
			if b.err != nil {
				return
			}
		}
	}()
	return func(yield func(*ledgerRows) bool) {
		for b := range full {
			if !yield(b) || b.err != nil {
				// Let the goroutine finish: no more batches to fill, and
				// whatever it sends is dropped.
				close(free)
				go func() {
					for range full {
					}
				}()
				return
			}
			free <- b
		}
	}
}

// headerProblem keeps the problems of err, the *problem.Error of a file's
// header, as problems of the ledger (a file whose rows could not be read at
// all leaves the ledger incomplete) and returns it.
func (l *Ledger) headerProblem(err error) error {
	var perr *problem.Error
	if errors.As(err, &perr) {
		for _, p := range perr.Problems {
			l.refused++
			if len(l.problems) < maxLedgerProblems {
				l.problems = append(l.problems, ledgerProblem{file: l.file(p.File), line: p.Line, p: p})
			}
		}
	}
	return err
}

// The columns a ledger reader reads, by index in ledgerIndex's result.
const (
	ledgerSub = iota
	ledgerPolicy
	ledgerWindowStart
	ledgerWindowEnd
	ledgerCurrency
	ledgerAmount
	ledgerKey
	ledgerPlan
	ledgerRead // the number of columns read
)

// ledgerIndex maps the columns a ledger reader reads to their index in
// header, -1 for an absent optional one (policy or plan_id, not both).
// Columns of lines files it does not read are allowed; others are
// problems.
func ledgerIndex(file string, header []string) ([]int, error) {
	known := LedgerColumns()
	known = append(known, colPlan)
	for _, c := range LineColumns() {
		if indexOf(known, c) < 0 {
			known = append(known, c)
		}
	}
	all, err := columnIndex(file, header, known, colSubscription, colWindowStart, colWindowEnd, colCurrency, colAmount, colKey)
	if err != nil {
		return nil, err
	}
	idx := all[:ledgerRead]
	if idx[ledgerPolicy] < 0 && idx[ledgerPlan] < 0 {
		return nil, headerError(file, colPolicy, `missing required column "policy" (or "plan_id", whose plan names the policy)`)
	}
	return idx, nil
}

// ledgerReader parses the rows of one ledger file.
type ledgerReader struct {
	l     *Ledger
	file  string
	times map[string]time.Time // the windows' bounds repeat: parsed once
	// The last value of each bound and of the currency, and what it read
	// as: rows mostly repeat them.
	lastTime [2]struct {
		text []byte
		t    time.Time
	}
	recentUnits []recentUnit // the currencies met, at most a few
}

// recentUnit is a currency code read, with its unit and minor unit.
type recentUnit struct {
	text   []byte
	u      currency.Unit
	digits int
}

// add parses one row on line line, whose fields are those a ledger reads
// (nil for a column the file does not have), and adds it to the ledger,
// or keeps the row's problems. The IDs and the key are copied into the
// ledger's arena; nothing else of a row is allocated.
func (lr *ledgerReader) add(fields *[ledgerRead][]byte, line int) {
	var p rowProblems
	get := func(c int) []byte { return fields[c] }
	// The text a lines file guards against spreadsheet formulas is read
	// back as it was (csvcell), as ReadLines reads it.
	sub, policy, plan, key := csvcell.Decode(get(ledgerSub)), csvcell.Decode(get(ledgerPolicy)), csvcell.Decode(get(ledgerPlan)), csvcell.Decode(get(ledgerKey))
	start := lr.time(&p, 0, colWindowStart, get(ledgerWindowStart))
	end := lr.time(&p, 1, colWindowEnd, get(ledgerWindowEnd))
	u, digits := lr.currency(&p, get(ledgerCurrency))
	var units int64
	checkEntry(sub, policy, plan, key, start, end, u, &p, func(known bool) {
		amount := get(ledgerAmount)
		var ok bool
		if known {
			if units, ok = parseUnits(amount, digits); ok {
				return
			}
		}
		// Not a plain amount of u: find the reason.
		if d, ok := signedAmount(&p, amount); ok && known {
			if _, err := amountUnits(d, u); err != nil {
				p.add(colAmount, string(amount), err)
			}
		}
	})
	lr.l.added++
	if p.err != nil {
		p.err.File, p.err.Line = lr.file, line
		lr.l.keep(p.err)
		return
	}
	insertEntry(lr.l, sub, key, policy, plan, start, end, u, units, lr.file, line)
}

// parseUnits parses the amount b of a ledger file, an optional "-" then
// digits with an optional "." and at most digits decimal places, below
// 10^12, into units of 10^-digits ("-0.28" with 2 digits is -28). It
// reports false for anything else, whose reason signedAmount and
// amountUnits then give.
func parseUnits(b []byte, digits int) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var n int64
	intDigits, places, dot := 0, 0, false
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			if dot {
				places++
			} else {
				intDigits++
			}
		case c == '.' && !dot && i > 0 && i < len(b)-1:
			dot = true
		default:
			return 0, false
		}
	}
	if intDigits == 0 || intDigits > maxAmountDigits || places > digits {
		return 0, false
	}
	for ; places < digits; places++ {
		n *= 10
	}
	if n >= pow10Int64(maxAmountDigits+digits) {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// pow10Int64 returns 10^k for 0 ≤ k ≤ 18.
func pow10Int64(k int) int64 {
	n := int64(1)
	for range k {
		n *= 10
	}
	return n
}

// time parses the RFC 3339 instant b of column col, whose last value is
// kept in lastTime[k].
func (lr *ledgerReader) time(p *rowProblems, k int, col string, b []byte) time.Time {
	last := &lr.lastTime[k]
	if len(b) > 0 && bytes.Equal(b, last.text) {
		return last.t
	}
	t := lr.parseTime(p, col, b)
	if !t.IsZero() {
		last.text, last.t = append(last.text[:0], b...), t
	}
	return t
}

// parseTime parses an RFC 3339 instant.
func (lr *ledgerReader) parseTime(p *rowProblems, col string, b []byte) time.Time {
	if t, ok := lr.times[string(b)]; ok {
		return t
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil {
		p.addf(col, string(b), "not an RFC 3339 time")
		return time.Time{}
	}
	if lr.times == nil {
		lr.times = make(map[string]time.Time)
	}
	if len(lr.times) < 4096 {
		lr.times[string(b)] = t
	}
	return t
}

// currency parses an ISO 4217 code and returns its unit and minor unit
// (Digits).
func (lr *ledgerReader) currency(p *rowProblems, b []byte) (currency.Unit, int) {
	for _, r := range lr.recentUnits {
		if bytes.Equal(r.text, b) {
			return r.u, r.digits
		}
	}
	if len(b) == 0 {
		p.add(colCurrency, "", errMissing)
		return currency.Unit{}, 0
	}
	u, err := currency.ParseISO(string(b))
	if err != nil {
		p.addf(colCurrency, string(b), "unknown currency")
		return currency.Unit{}, 0
	}
	if len(lr.recentUnits) < 16 {
		lr.recentUnits = append(lr.recentUnits, recentUnit{text: slices.Clone(b), u: u, digits: Digits(u)})
	}
	return u, Digits(u)
}

// signedAmount parses an amount as parseAmount does, with an optional
// leading "-" (a reversal), or adds its problem to p.
func signedAmount(p *rowProblems, b []byte) (decimal.Decimal, bool) {
	s := string(b)
	neg := strings.HasPrefix(s, "-")
	d, err := parseAmount(strings.TrimPrefix(s, "-"))
	if err != nil {
		p.add(colAmount, s, err)
		return decimal.Decimal{}, false
	}
	if neg {
		d = d.Neg()
	}
	return d, true
}
