package credit

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/limited"
	"github.com/outagekit/postmortem/internal/problem"
)

// SubscriptionColumns returns the columns of a subscriptions CSV file, in
// the order SubscriptionWriter writes them. A file names its columns in its
// first line (required) and may order them freely; id and plan_id are
// required, the others may be left out (an absent column reads as empty).
//
//	id            the subscription ID, unique in the file
//	customer_id   the customer's ID (may be empty)
//	plan_id       the ID of a plan
//	quantity      seats, a whole number from 1 to 10^9; empty means 1
//	              (Subscription.Quantity 1; 0 is refused, in Go too)
//	active_from   when the subscription started; empty means unbounded
//	active_until  when it ended (exclusive); empty means still active
//	anchor_day    the day of the month billing periods start, 1–31;
//	              empty means the day of active_from in the billing zone
//	              (the 1st when active_from is empty too)
//	charged       the amount charged per billing period, replacing
//	              price × quantity (discounts); empty means list price
//
// What was already credited is not a column: it is the ledger's, settled
// per window (see Ledger); a file with the credited column of earlier
// versions, one value for every window of a subscription, is refused.
//
// Times are RFC 3339 instants ("2014-04-16T09:30:00-04:00",
// "2014-04-16T13:30:00Z"), local times ("2014-04-16 09:30") or dates
// ("2014-04-16", midnight at the start of that day); local times and dates
// are read in the plan's billing zone (Plan.Zone, else the zone of its
// policy's windows), and a local time that does not exist there or exists
// twice (daylight saving) is refused. Amounts are plain decimals with a "."
// ("15.00"); a decimal comma, a sign, an exponent or more than 6 decimal
// places is refused.
//
// Every value, IDs included, is read as written: it must be UTF-8, without
// white space around it and without line breaks or other control
// characters ("Acme Inc" is fine; "1\n", " 15.00", "sub-1 ", a customer
// with a line break in it, bytes in another encoding are not). Such a value
// is the mark of a broken export (a quoted cell that swallowed a line end,
// a padded column, a file in Latin-1), and trimming or guessing would
// credit an ID the billing system does not know: the row is refused at the
// column, with the reason. Only the header's column names may have spaces
// around them.
//
// The slice is the caller's.
func SubscriptionColumns() []string { return slices.Clone(subscriptionColumns[:]) }

// subscriptionColumns are the columns SubscriptionColumns returns.
var subscriptionColumns = [...]string{
	colID, colCustomer, colPlan, colQuantity, colFrom, colUntil, colAnchor, colCharged,
}

const (
	colID       = "id"
	colCustomer = "customer_id"
	colPlan     = "plan_id"
	colQuantity = "quantity"
	colFrom     = "active_from"
	colUntil    = "active_until"
	colAnchor   = "anchor_day"
	colCharged  = "charged"
)

// maxQuantity bounds Subscription.Quantity read from files.
const maxQuantity = 1_000_000_000

// ReadOptions configure ReadSubscriptions.
//
// ReadOptions is safe for concurrent use as long as no goroutine modifies
// it: several readers may share one, but its Zones map (shared, not
// copied) is read while they iterate and must not change meanwhile.
type ReadOptions struct {
	// File is the file name used in errors.
	File string
	// Zones holds the billing zone of every known plan by ID
	// (Calculator.Zones): a row whose plan_id is not a key is refused, and
	// dates are read in the plan's zone. Nil accepts every plan and reads
	// dates in UTC.
	Zones map[string]*time.Location
	// Shard, when set, reads only the rows of that shard (see Shard); the
	// zero Shard reads them all.
	Shard Shard
}

// ReadSubscriptions reads a subscriptions CSV file (see
// SubscriptionColumns) and yields its subscriptions in file order, one
// row at a time, with Subscription.Line set to the row's line number.
//
// A bad row (unknown plan, a decimal like "1,5", an impossible date, a
// negative quantity, a duplicate id, active_until not after active_from,
// a value that is not UTF-8, has white space around it or holds a line
// break, a wrong number of fields, a stray quote) is yielded as a
// *RowError naming the line, column and value, and the iteration continues
// with the next row: no row is dropped silently. Any other error ends the
// iteration: a missing, unknown or duplicate column in the header (a
// *problem.Error), or an error reading r.
//
// Duplicate ids are found in memory that stays flat however long the file
// is (see the package documentation: a hash of each id, exactly with the
// line of the first occurrence for the first 65,536 ids, then as 56-bit
// fingerprints in a fixed 64 MiB table); a different id is mistaken for
// a duplicate with a probability below 10⁻⁹ per row, which shows as a
// refused row, never as a silent drop. With ReadOptions.Shard, only the
// rows of that shard are read.
func ReadSubscriptions(r io.Reader, opts ReadOptions) iter.Seq2[Subscription, error] {
	return func(yield func(Subscription, error) bool) {
		sr, err := newSubsReader(r, opts)
		if err != nil {
			yield(Subscription{}, err)
			return
		}
		defer sr.ids.release()
		var rb rowBatch
		for {
			err := sr.readBatch(&rb)
			for k := range rb.rows {
				row := &rb.rows[k]
				if row.err != nil {
					if !yield(Subscription{}, row.err) {
						return
					}
					continue
				}
				sub := row.sub
				sub.ID, sub.Customer, sub.Plan = string(row.id), string(row.customer), string(row.plan)
				if !yield(sub, nil) {
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					yield(Subscription{}, err)
				}
				return
			}
		}
	}
}

// subsReader reads the rows of a subscriptions file.
type subsReader struct {
	cr     *csvReader
	file   string
	idx    []int
	header int // number of columns
	zones  map[string]*time.Location
	shard  Shard
	ids    idSet
	dates  dateCache
	plans  [256]planEntry // what zones says of recent plans
	// charges is the block the charges of rows are taken from (see
	// charge).
	charges []decimal.Decimal
}

// subRow is one row of a subscriptions file: the text of its IDs (in the
// arena of its batch), the rest as a Subscription (whose ID, Customer and
// Plan are left empty), or the error refusing it.
type subRow struct {
	id, customer, plan []byte
	idHash             uint64 // FNV-1a of id
	zone               *time.Location
	sub                Subscription
	err                *RowError
	checkID            bool // the id is to be checked for duplicates

	st *planState // RunCSV: the plan, nil when unknown
	sc subCtx     // RunCSV: the subscription resolved against st
	// RunCSV: the row's group in the ledger (-1 when none), or the
	// *LedgerError that ends the run at the row, with the length of the
	// batch's lines before it.
	group     int32
	ledgerErr error
	outEnd    int
}

// rowBatch is a run of consecutive rows read together: their IDs are
// checked for duplicates in one tight loop, where the memory accesses of
// the fingerprint table overlap (one random access per row would
// otherwise cost a full memory latency each).
type rowBatch struct {
	rows  []subRow
	arena []byte
	spans [][3][2]int // the arena offsets of each row's id, customer and plan
	err   error       // RunCSV: the error that ended the reading, io.EOF at the end

	// RunCSV: the lines of the rows, encoded, and what the summary adds
	// of each, once computed receives.
	out      []byte
	sums     []settlement
	computed chan struct{}
}

// batchRows is how many rows a rowBatch holds.
const batchRows = 256

// newSubsReader reads the header of a subscriptions file.
func newSubsReader(r io.Reader, opts ReadOptions) (*subsReader, error) {
	if err := opts.Shard.validate(); err != nil {
		return nil, err
	}
	sr := &subsReader{cr: newCSVReader(r), file: opts.File, zones: opts.Zones, shard: opts.Shard}
	header, err := readHeader(sr.cr, opts.File, subscriptionColumns[:])
	if err != nil {
		return nil, err
	}
	for i, h := range header {
		if strings.TrimSpace(h) == "credited" {
			return nil, &problem.Error{Problems: []problem.Problem{{File: opts.File, Line: 1, Path: "credited",
				Msg: fmt.Sprintf("column %d, credited, is no longer read: one value for every window of a subscription cannot say what each window was credited; give what was issued as a ledger (credits -issued, credit.Ledger), which is settled per window", i+1)}}}
		}
	}
	if sr.idx, err = columnIndex(opts.File, header, subscriptionColumns[:], colID, colPlan); err != nil {
		return nil, err
	}
	sr.header = len(header)
	return sr, nil
}

// readHeader reads the header line of a CSV file named file whose
// columns are some of columns: a file without one, or whose lines end in
// bare carriage returns, is a problem at line 1.
func readHeader(cr *csvReader, file string, columns []string) ([]string, error) {
	fields, _, err := cr.read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, headerError(file, "", "missing header line (want "+strings.Join(columns, ",")+")")
		}
		return nil, readError(file, err)
	}
	header := make([]string, len(fields))
	for i, f := range fields {
		if bytes.IndexByte(f, '\r') >= 0 {
			// One "line" holding them all: the file's lines end in
			// bare carriage returns.
			return nil, readError(file, limited.ErrCROnly)
		}
		header[i] = string(f)
	}
	return header, nil
}

// readBatch reads the next rows of the reader's shard into rb, up to
// batchRows, each parsed or refused with a *RowError. It returns io.EOF
// at the end of the file (rb may hold the last rows) and any other error
// reading it (rb holds the rows before it).
func (sr *subsReader) readBatch(rb *rowBatch) error {
	rb.rows, rb.arena, rb.spans = rb.rows[:0], rb.arena[:0], rb.spans[:0]
	var fatal error
	for len(rb.rows) < batchRows {
		rec, line, err := sr.cr.read()
		if err != nil {
			pe, ok := isParseError(err)
			if !ok {
				fatal = err
				if !errors.Is(err, io.EOF) {
					fatal = readError(sr.file, err)
				}
				break
			}
			if sr.shard.Index != 0 {
				continue // bad CSV rows belong to shard 0
			}
			re := &RowError{File: sr.file, Line: pe.StartLine, Err: syntaxError(pe)}
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				re.Err = fieldCountError(len(rec), sr.header)
			}
			rb.rows = append(rb.rows, subRow{err: re})
			rb.spans = append(rb.spans, [3][2]int{})
			continue
		}
		id := field(rec, sr.idx, 0)
		h := fnv1a(id)
		if !sr.shard.has(h) {
			continue
		}
		rb.rows = append(rb.rows, subRow{})
		row := &rb.rows[len(rb.rows)-1]
		sr.parse(rec, line, id, h, row)
		var sp [3][2]int
		for k, f := range [3][]byte{id, row.customer, row.plan} {
			sp[k][0] = len(rb.arena)
			rb.arena = append(rb.arena, f...)
			sp[k][1] = len(rb.arena)
		}
		rb.spans = append(rb.spans, sp)
	}
	hs := sr.ids.hashes[:0]
	for k := range rb.rows {
		row, sp := &rb.rows[k], &rb.spans[k]
		row.id, row.customer, row.plan = rb.arena[sp[0][0]:sp[0][1]], rb.arena[sp[1][0]:sp[1][1]], rb.arena[sp[2][0]:sp[2][1]]
		if row.checkID {
			hs = append(hs, row.idHash)
		}
	}
	sr.ids.touch(hs)
	sr.ids.hashes = hs
	for k := range rb.rows {
		if row := &rb.rows[k]; row.checkID {
			sr.checkID(row)
		}
	}
	return fatal
}

// readError is err, an error reading the subscriptions file, named with
// the file; a file that is not CSV text (a line without end, lines that
// end in bare carriage returns) is a problem at its line
// (*rca.ValidationError: "subs.csv:1: lines end in a bare carriage
// return ...").
func readError(file string, err error) error {
	var long *limited.LineTooLongError
	switch {
	case errors.As(err, &long):
		return &problem.Error{Problems: []problem.Problem{{File: file, Line: long.Line, Msg: err.Error()}}}
	case errors.Is(err, limited.ErrCROnly):
		return headerError(file, "", err.Error())
	}
	return fmt.Errorf("%s: %w", file, err)
}

// syntaxError is the reason of a CSV syntax error (a stray quote): where
// it is, in the row, and what; errors.Is finds the csv package's error.
func syntaxError(pe *csv.ParseError) error {
	if pe.Line != pe.StartLine {
		return fmt.Errorf("line %d, column %d: %w", pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("column %d: %w", pe.Column, pe.Err)
}

// checkID refuses row when its id is missing or was seen before; the
// id's problem comes first among the row's.
func (sr *subsReader) checkID(row *subRow) {
	var p rowProblems
	if len(row.id) == 0 {
		p.add(colID, "", errMissing)
	} else if dup, first := sr.ids.add(row.idHash, row.sub.Line); dup {
		if first > 0 {
			p.addf(colID, string(row.id), "duplicate id (first on line %d)", first)
		} else {
			p.addf(colID, string(row.id), "duplicate id (an earlier row has the same id)")
		}
	}
	switch {
	case p.err == nil:
	case row.err == nil:
		p.err.File, p.err.Line = sr.file, row.sub.Line
		row.err = p.err
	default:
		re := row.err
		re.Also = append([]FieldError{{re.Field, re.Value, re.Err}}, re.Also...)
		re.Field, re.Value, re.Err = p.err.Field, p.err.Value, p.err.Err
	}
}

// columnIndex maps each of columns to its index in header (-1 when
// absent). Unknown, duplicate or missing required columns are problems.
func columnIndex(file string, header, columns []string, required ...string) ([]int, error) {
	idx := make([]int, len(columns))
	for i := range idx {
		idx[i] = -1
	}
	var l problem.List
	l.File = file
	for i, h := range header {
		name := strings.TrimSpace(h)
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff") // a byte-order mark
		}
		j := indexOf(columns, name)
		switch {
		case j < 0:
			l.AddProblem(problem.Problem{File: file, Line: 1, Path: name, Msg: fmt.Sprintf("unknown column %q (want some of %s)", name, strings.Join(columns, ","))})
		case idx[j] >= 0:
			l.AddProblem(problem.Problem{File: file, Line: 1, Path: name, Msg: fmt.Sprintf("duplicate column %q", name)})
		default:
			idx[j] = i
		}
	}
	for _, name := range required {
		if idx[indexOf(columns, name)] < 0 {
			l.AddProblem(problem.Problem{File: file, Line: 1, Path: name, Msg: fmt.Sprintf("missing required column %q", name)})
		}
	}
	return idx, l.Err()
}

func headerError(file, path, msg string) error {
	return &problem.Error{Problems: []problem.Problem{{File: file, Line: 1, Path: path, Msg: msg}}}
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}

// field returns column c of rec as written, or nil when the column is
// absent.
func field(rec [][]byte, idx []int, c int) []byte {
	if idx[c] < 0 {
		return nil
	}
	return rec[idx[c]]
}

// parse parses one row, the record sr.cr read last, whose id hashes to h
// into row, a zero subRow, except for the check of its id for duplicates
// (see checkID), and sets row.err when it is refused.
func (sr *subsReader) parse(rec [][]byte, line int, id []byte, h uint64, row *subRow) {
	var p rowProblems
	// row is zero (readBatch appended it): set what is not.
	row.id, row.idHash, row.sub.Line, row.checkID = id, h, line, true
	sub := &row.sub
	printable := sr.cr.printable
	// text returns column c and whether it is acceptable text (see
	// checkText); when it is not, the problem is recorded and the value
	// is nil.
	text := func(c int) ([]byte, bool) {
		s := field(rec, sr.idx, c)
		if printable && (len(s) == 0 || s[0] != ' ' && s[len(s)-1] != ' ') {
			return s, true // what checkText accepts without reading s again
		}
		if err := checkText(s); err != nil {
			p.add(subscriptionColumns[c], string(s), err)
			return nil, false
		}
		return s, true
	}
	if _, ok := text(0); !ok {
		// Not an id: neither missing nor a duplicate of anything.
		row.checkID = false
	}
	row.customer, _ = text(1)
	plan, ok := text(2)
	row.plan = plan
	zone := time.UTC
	switch z, known := sr.planZone(plan); {
	case !ok:
	case len(plan) == 0:
		p.add(colPlan, "", errMissing)
	case sr.zones != nil && !known:
		p.add(colPlan, string(plan), ErrUnknownPlan)
	case z != nil:
		zone = z
	}
	row.zone = zone
	sub.Quantity = 1
	if s, _ := text(3); len(s) > 0 {
		q, err := parseQuantity(s)
		if err != nil {
			p.add(colQuantity, string(s), err)
		}
		sub.Quantity = q
	}
	var err error
	fromText, _ := text(4)
	untilText, _ := text(5)
	if len(fromText) > 0 {
		if sub.From, err = sr.dates.parse(fromText, zone); err != nil {
			p.add(colFrom, string(fromText), err)
		}
	}
	if len(untilText) > 0 {
		if sub.Until, err = sr.dates.parse(untilText, zone); err != nil {
			p.add(colUntil, string(untilText), err)
		}
	}
	if !sub.From.IsZero() && !sub.Until.IsZero() && !sub.Until.After(sub.From) {
		p.addf(colUntil, string(untilText), "must be after active_from %q", fromText)
	}
	if s, _ := text(6); len(s) > 0 {
		d, err := strconv.Atoi(string(s))
		if err != nil || d < 1 || d > 31 {
			p.addf(colAnchor, string(s), "want a day of the month, 1 to 31")
		}
		sub.AnchorDay = d
	}
	if s, _ := text(7); len(s) > 0 {
		d, err := parseAmountBytes(s)
		if err != nil {
			p.add(colCharged, string(s), err)
		}
		sub.Charged = sr.charge(d)
	}
	if p.err != nil {
		p.err.File, p.err.Line = sr.file, line
		row.err = p.err
		*sub = Subscription{Line: line}
	}
}

// planEntry is a plan's text and what sr.zones holds for it.
type planEntry struct {
	text  string
	zone  *time.Location
	known bool
}

// planZone returns sr.zones[string(plan)] and whether plan is a key, from
// sr.plans when it holds plan: a catalogue's plans repeat over its rows,
// and a slot picked from a plan's length and first and last eight bytes,
// then a comparison, cost less than hashing the whole text for the map.
func (sr *subsReader) planZone(plan []byte) (*time.Location, bool) {
	h := uint64(len(plan))
	if len(plan) >= 8 {
		h ^= binary.LittleEndian.Uint64(plan)*0x9e3779b97f4a7c15 ^ binary.LittleEndian.Uint64(plan[len(plan)-8:])*0xbf58476d1ce4e5b9
	} else {
		for _, c := range plan {
			h = h*0x100000001b3 ^ uint64(c)
		}
	}
	e := &sr.plans[(h^h>>29)%uint64(len(sr.plans))]
	if e.text == string(plan) && e.text != "" {
		return e.zone, e.known
	}
	z, known := sr.zones[string(plan)]
	if len(plan) > 0 && e.text == "" {
		// The slot's first plan keeps it: two plans taking turns in one
		// slot would copy their texts on every row.
		*e = planEntry{text: string(plan), zone: z, known: known}
	}
	return z, known
}

// charge returns a pointer to a copy of d, for Subscription.Charged, from
// a block of batchRows decimals that is never reused (a subscription
// handed out keeps its charge): one allocation per block instead of one
// per row.
func (sr *subsReader) charge(d decimal.Decimal) *decimal.Decimal {
	if len(sr.charges) == cap(sr.charges) {
		sr.charges = make([]decimal.Decimal, 0, batchRows)
	}
	sr.charges = append(sr.charges, d)
	return &sr.charges[len(sr.charges)-1]
}

// parseQuantity parses a number of seats, s not empty: digits only, 1 to
// maxQuantity (a larger number is refused as maxQuantity+1).
func parseQuantity[T ~string | ~[]byte](s T) (int64, error) {
	if s[0] == '-' {
		return 0, errors.New("must not be negative")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("want a whole number of seats")
		}
	}
	var q int64
	for i := 0; i < len(s) && q <= maxQuantity; i++ {
		q = q*10 + int64(s[i]-'0')
	}
	q = min(q, maxQuantity+1)
	return q, checkQuantity(q)
}

// checkQuantity reports what is wrong with q as a number of seats, or nil:
// the same rule for a quantity read from a file and one set in Go, where
// 0 is refused rather than taken for 1 (a quantity column holding 0 is a
// subscription without seats, which a billing export should not list as
// paying).
func checkQuantity(q int64) error {
	switch {
	case q < 0:
		return errors.New("must not be negative")
	case q < 1:
		return errors.New("must be at least 1")
	case q > maxQuantity:
		return fmt.Errorf("is absurdly large (at most %d)", maxQuantity)
	}
	return nil
}

// timeLayout is how times are written in files and messages.
const timeLayout = time.RFC3339

// parseTime parses a time as fileformat.ParseTime does (RFC 3339, a local
// time in zone, or a date meaning midnight at its start in zone), with the
// reason of a failure alone: the RowError already names the value.
func parseTime(s string, zone *time.Location) (time.Time, error) {
	t, err := fileformat.ParseTime(s, zone)
	if err == nil {
		return t, nil
	}
	var pe *fileformat.ParseError
	if errors.As(err, &pe) {
		return time.Time{}, errors.New(pe.Reason)
	}
	return t, err
}

// dateCache parses the times of a file: it remembers the times of its
// dates ("2014-04-16"), as a few thousand dates repeat over millions of
// rows, and reads instants with a fileformat.TimeReader.
type dateCache struct {
	// dates holds two dates a slot, the one met last first: a file's
	// dates spread over years in several zones (tens of thousands of
	// pairs) share the slots without pushing each other out at every row.
	dates [8192][2]dateEntry
	times fileformat.TimeReader
}

// dateEntry is a date's text and its time in zone.
type dateEntry struct {
	zone *time.Location
	text [10]byte
	t    time.Time
}

// parse is parseTimeBytes(b, zone), from the cache for a date.
func (c *dateCache) parse(b []byte, zone *time.Location) (time.Time, error) {
	if len(b) != 10 {
		return c.parseBytes(b, zone)
	}
	slot := c.slot(b, zone)
	if e := &slot[0]; e.zone == zone && string(e.text[:]) == string(b) {
		return e.t, nil
	}
	if e := &slot[1]; e.zone == zone && string(e.text[:]) == string(b) {
		slot[0], slot[1] = slot[1], slot[0]
		return slot[0].t, nil
	}
	t, err := c.parseBytes(b, zone)
	if err == nil {
		slot[1] = slot[0]
		slot[0] = dateEntry{zone: zone, t: t}
		copy(slot[0].text[:], b)
	}
	return t, err
}

// slot returns the slot of the date b in zone.
func (c *dateCache) slot(b []byte, zone *time.Location) *[2]dateEntry {
	return &c.dates[(fnv1a(b)^uint64(uintptr(unsafe.Pointer(zone))))%uint64(len(c.dates))]
}

// parseBytes is parseTimeBytes(b, zone), read with c's TimeReader.
func (c *dateCache) parseBytes(b []byte, zone *time.Location) (time.Time, error) {
	t, err := c.times.Parse(unsafe.String(unsafe.SliceData(b), len(b)), zone)
	if err != nil {
		return parseTime(string(b), zone) // the error, from a copy of b
	}
	return t, nil
}

// parseTimeBytes is parseTime of the text b, without copying it: the
// string viewed over b is only read during the call (a failure is parsed
// again from a copy, so that no error refers to b).
func parseTimeBytes(b []byte, zone *time.Location) (time.Time, error) {
	t, err := parseTime(unsafe.String(unsafe.SliceData(b), len(b)), zone)
	if err != nil {
		return parseTime(string(b), zone)
	}
	return t, nil
}

// SubscriptionWriter writes subscriptions as CSV with every column of
// SubscriptionColumns, in a form ReadSubscriptions reads back: times in
// RFC 3339, empty cells for zero values. The header is written before the
// first subscription, or by Flush when there is none. A SubscriptionWriter
// is not safe for concurrent use.
type SubscriptionWriter struct {
	out csvWriter
	rec []string
}

// NewSubscriptionWriter returns a SubscriptionWriter writing to w.
func NewSubscriptionWriter(w io.Writer) *SubscriptionWriter {
	return &SubscriptionWriter{out: newCSVWriter(w, subscriptionColumns[:]), rec: make([]string, len(subscriptionColumns))}
}

// Write writes sub.
func (sw *SubscriptionWriter) Write(sub *Subscription) error {
	if sw.out.w == nil {
		return errZeroWriter
	}
	r := sw.rec
	clear(r)
	r[0], r[1], r[2] = sub.ID, sub.Customer, sub.Plan
	if sub.Quantity != 1 {
		r[3] = strconv.FormatInt(sub.Quantity, 10)
	}
	if !sub.From.IsZero() {
		r[4] = sub.From.Format(time.RFC3339Nano)
	}
	if !sub.Until.IsZero() {
		r[5] = sub.Until.Format(time.RFC3339Nano)
	}
	if sub.AnchorDay != 0 {
		r[6] = strconv.Itoa(sub.AnchorDay)
	}
	if sub.Charged != nil {
		r[7] = sub.Charged.String()
	}
	sw.out.buf = appendRecord(sw.out.buf[:0], r)
	return sw.out.write(sw.out.buf)
}

// Flush writes the header if no subscription was written, then any
// buffered data, and returns the first error that occurred.
func (sw *SubscriptionWriter) Flush() error { return sw.out.flush() }
