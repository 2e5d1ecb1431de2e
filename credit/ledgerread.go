package credit

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/bits"
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
	sc := newLedgerScanner(cr, idx)
	go func() {
		defer close(full)
		for b := range free {
			b.rows, b.arena, b.err = b.rows[:0], b.arena[:0], nil
			for len(b.rows) < ledgerBatchRows && b.err == nil {
				line, n, err := sc.next()
				if err != nil {
					pe, ok := isParseError(err)
					if !ok {
						b.err = err
						break
					}
					re := &RowError{File: file, Line: pe.StartLine, Err: pe.Err}
					if errors.Is(pe.Err, csv.ErrFieldCount) {
						re.Err = fieldCountError(n, columns)
					}
					b.rows = append(b.rows, ledgerRow{bad: re})
					continue
				}
				if !shard.has(fnv1a(sc.fields[ledgerSub])) {
					continue
				}
				row := ledgerRow{line: line}
				for c, f := range sc.fields {
					row.off[c] = [2]int32{-1, -1}
					if idx[c] >= 0 {
						row.off[c][0] = int32(len(b.arena))
						b.arena = append(b.arena, f...)
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

// ledgerScanner reads the records of a ledger file as csvReader.read does
// (the same records, errors and lines), but keeps only the fields a ledger
// reads: a lines file has 29 columns, of which a ledger reads 8. A record
// on one line whose fields read are not quoted with doubled quotes inside
// (every line of a lines file but those of a multi-line explanation) is
// split where it lies in the read buffer (see split). Any other record
// (a quoted field spanning lines, doubled quotes in a field read, a stray
// quote, a wrong number of fields) is parsed by csvReader.parse, which
// gives it exactly the result and the error read gives.
type ledgerScanner struct {
	cr   *csvReader
	idx  []int  // by field read: its column, -1 when the file has none
	want []int8 // by column: the field read there, -1 for none
	last int    // the last column read
	// fields are the fields read of the last record (nil for a column the
	// file does not have), valid until the next call of next.
	fields [ledgerRead][]byte
}

// newLedgerScanner returns a scanner of the records of cr, whose header
// is read, for the fields at columns idx (see ledgerIndex).
func newLedgerScanner(cr *csvReader, idx []int) *ledgerScanner {
	s := &ledgerScanner{cr: cr, idx: idx, want: make([]int8, cr.nfields)}
	for c := range s.want {
		s.want[c] = -1
	}
	for f, c := range idx {
		if c >= 0 {
			s.want[c] = int8(f)
			s.last = max(s.last, c)
		}
	}
	return s
}

// next reads the next record into s.fields and returns the line it starts
// on, its number of fields and an error as csvReader.read does: a
// *csv.ParseError (the fields are set too when the only problem is the
// number of fields), io.EOF at the end, or an error reading.
func (s *ledgerScanner) next() (recLine, n int, err error) {
	line, errRead := s.cr.nextLine()
	if errRead == io.EOF {
		return 0, 0, io.EOF
	}
	if errRead == nil && s.split(line) {
		return s.cr.numLine, s.cr.nfields, nil
	}
	rec, recLine, err := s.cr.parse(line, errRead)
	for f, c := range s.idx {
		s.fields[f] = nil
		if c >= 0 && c < len(rec) {
			s.fields[f] = rec[c]
		}
	}
	return recLine, len(rec), err
}

// split sets s.fields from line, a whole record whose fields read need no
// unescaping, and reports whether it could: false for any other line,
// which parse then reads. The fields up to the first quote are what lies
// between the commas, found eight bytes at a time; once the last column
// read is passed, the commas left are only counted. From a field with a
// quote on, splitQuoted reads the line.
func (s *ledgerScanner) split(line []byte) bool {
	line = line[:len(line)-lengthNL(line)]
	col, start := 0, 0 // the field that starts at line[start]
	field := func(end int) {
		if col < len(s.want) {
			if w := s.want[col]; w >= 0 {
				s.fields[w] = line[start:end]
			}
		}
		col++
		start = end + 1
	}
	i := 0
	for ; i+8 <= len(line); i += 8 {
		w := binary.LittleEndian.Uint64(line[i:])
		if bytesEqual(w, '"') != 0 {
			return s.splitQuoted(line[start:], col)
		}
		for m := bytesEqual(w, ','); m != 0; m &= m - 1 {
			field(i + bits.TrailingZeros64(m)>>3)
		}
		if col > s.last {
			rest := line[i+8:]
			if bytes.IndexByte(rest, '"') >= 0 {
				return s.splitQuoted(line[start:], col)
			}
			return col+bytes.Count(rest, []byte{','})+1 == s.cr.nfields
		}
	}
	for ; i < len(line); i++ {
		switch line[i] {
		case '"':
			return s.splitQuoted(line[start:], col)
		case ',':
			field(i)
		}
	}
	field(len(line))
	return col == s.cr.nfields
}

// bytesEqual returns the bytes of w equal to c as a mask: the high bit of
// each such byte set, every other bit clear. (Setting the high bit of every
// byte that is not zero after the XOR, without a carry from one byte into
// the next, then inverting.)
func bytesEqual(w uint64, c byte) uint64 {
	const low7, high = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	x := w ^ (uint64(c) * 0x0101010101010101)
	return ^(((x & low7) + low7) | x) & high
}

// splitQuoted is split from line, the rest of a record from the start of
// its field col on, which has a quote.
func (s *ledgerScanner) splitQuoted(line []byte, col int) bool {
	for {
		if col >= len(s.want) {
			return false
		}
		var field []byte
		if len(line) > 0 && line[0] == '"' {
			// A quoted field ends at a quote not doubled, followed by a
			// comma or the end of the line.
			end, doubled := 1, false
			for {
				k := bytes.IndexByte(line[end:], '"')
				if k < 0 {
					return false // it goes on to the next line, or is not closed
				}
				end += k + 1
				if end < len(line) && line[end] == '"' {
					end++
					doubled = true
					continue
				}
				break
			}
			if doubled && s.want[col] >= 0 {
				return false // to unescape
			}
			field, line = line[1:end-1], line[end:]
			if len(line) > 0 && line[0] != ',' {
				return false // a quote in the quoted field: csv.ErrQuote
			}
		} else {
			i := bytes.IndexByte(line, ',')
			field = line
			if i >= 0 {
				field = line[:i]
			}
			if bytes.IndexByte(field, '"') >= 0 {
				return false // csv.ErrBareQuote
			}
			line = line[len(field):]
		}
		if w := s.want[col]; w >= 0 {
			s.fields[w] = field
		}
		col++
		if len(line) == 0 {
			return col == s.cr.nfields
		}
		line = line[1:] // the comma
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
