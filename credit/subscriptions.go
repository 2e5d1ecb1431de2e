package credit

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

// SubscriptionColumns are the columns of a subscriptions CSV file, in the
// order WriteSubscriptions writes them. A file names its columns in its
// first line (required) and may order them freely; id and plan_id are
// required, the others may be left out (an absent column reads as empty).
//
//	id            the subscription ID, unique in the file
//	customer_id   the customer's ID (may be empty)
//	plan_id       the ID of a plan
//	quantity      seats, a whole number ≥ 1; empty means 1
//	active_from   when the subscription started; empty means unbounded
//	active_until  when it ended (exclusive); empty means still active
//	anchor_day    the day of the month billing periods start, 1–31;
//	              empty means the day of active_from in the billing zone
//	              (the 1st when active_from is empty too)
//	charged       the amount charged per billing period, replacing
//	              price × quantity (discounts); empty means list price
//	credited      what was already credited against each window's charge;
//	              empty means 0
//
// Times are RFC 3339 instants ("2014-04-16T09:30:00-04:00",
// "2014-04-16T13:30:00Z"), local times ("2014-04-16 09:30") or dates
// ("2014-04-16", midnight at the start of that day); local times and dates
// are read in the plan's billing zone (Plan.Zone, else the zone of its
// policy's windows), and a local time that does not exist there or exists
// twice (daylight saving) is refused. Amounts are plain decimals with a "."
// ("15.00"); a decimal comma, a sign, an exponent or more than 6 decimal
// places is refused. Spaces around a value are ignored.
var SubscriptionColumns = []string{
	colID, colCustomer, colPlan, colQuantity, colFrom, colUntil, colAnchor, colCharged, colCredited,
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
	colCredited = "credited"
)

// maxQuantity bounds Subscription.Quantity read from files.
const maxQuantity = 1_000_000_000

// ReadOptions configure ReadSubscriptions.
type ReadOptions struct {
	// File is the file name used in errors.
	File string
	// Zones holds the billing zone of every known plan by ID
	// (Calculator.Zones): a row whose plan_id is not a key is refused, and
	// dates are read in the plan's zone. Nil accepts every plan and reads
	// dates in UTC.
	Zones map[string]*time.Location
}

// ReadSubscriptions reads a subscriptions CSV file (see
// SubscriptionColumns) and yields its subscriptions in file order, one
// row at a time, with Subscription.Line set to the row's line number.
//
// A bad row (unknown plan, a decimal like "1,5", an impossible date, a
// negative quantity, a duplicate id, active_until not after active_from,
// a wrong number of columns, a stray quote) is yielded as a *RowError
// naming the line, column and value, and the iteration continues with the
// next row: no row is dropped silently. Any other error ends the
// iteration: a missing, unknown or duplicate column in the header (a
// *rca.ValidationError), or an error reading r.
//
// Duplicate ids are found by a 64-bit hash of each id seen, so memory
// grows by about 16 bytes per row; two different ids collide with
// probability below 3·10⁻⁶ in a file of ten million rows, which shows as a
// refused row, never as a silent drop.
func ReadSubscriptions(r io.Reader, opts ReadOptions) iter.Seq2[Subscription, error] {
	return func(yield func(Subscription, error) bool) {
		cr := csv.NewReader(r)
		cr.ReuseRecord = true
		header, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = headerError(opts.File, "", "missing header line (want "+strings.Join(SubscriptionColumns, ",")+")")
			} else {
				err = fmt.Errorf("%s: %w", opts.File, err)
			}
			yield(Subscription{}, err)
			return
		}
		idx, err := columnIndex(opts.File, header, SubscriptionColumns, colID, colPlan)
		if err != nil {
			yield(Subscription{}, err)
			return
		}
		cr.FieldsPerRecord = len(header)
		seen := make(map[uint64]int)
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			var sub Subscription
			if err != nil {
				var pe *csv.ParseError
				if !errors.As(err, &pe) {
					yield(Subscription{}, fmt.Errorf("%s: %w", opts.File, err))
					return
				}
				re := &RowError{File: opts.File, Line: pe.StartLine, Err: pe.Err}
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					re.Err = fmt.Errorf("has %d columns, the header has %d", len(rec), len(header))
				}
				if !yield(sub, re) {
					return
				}
				continue
			}
			line, _ := cr.FieldPos(0)
			sub, re := parseSubscription(rec, idx, opts.Zones, seen, line)
			if re != nil {
				re.File = opts.File
				if !yield(Subscription{}, re) {
					return
				}
				continue
			}
			if !yield(sub, nil) {
				return
			}
		}
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

// field returns column c of rec, trimmed, or "" when the column is absent.
func field(rec []string, idx []int, c int) string {
	if idx[c] < 0 {
		return ""
	}
	return strings.TrimSpace(rec[idx[c]])
}

// parseSubscription parses one row. seen maps the hash of every id read so
// far to its line.
func parseSubscription(rec []string, idx []int, zones map[string]*time.Location, seen map[uint64]int, line int) (Subscription, *RowError) {
	var p rowProblems
	sub := Subscription{Line: line}
	sub.ID = field(rec, idx, 0)
	if sub.ID == "" {
		p.add(colID, "", errMissing)
	} else {
		h := hashString(sub.ID)
		if first, dup := seen[h]; dup {
			p.addf(colID, sub.ID, "duplicate id (first on line %d)", first)
		} else {
			seen[h] = line
		}
	}
	sub.Customer = field(rec, idx, 1)
	sub.Plan = field(rec, idx, 2)
	zone := time.UTC
	switch z, ok := zones[sub.Plan]; {
	case sub.Plan == "":
		p.add(colPlan, "", errMissing)
	case zones != nil && !ok:
		p.add(colPlan, sub.Plan, ErrUnknownPlan)
	case z != nil:
		zone = z
	}
	if s := field(rec, idx, 3); s != "" {
		q, err := parseQuantity(s)
		if err != nil {
			p.add(colQuantity, s, err)
		}
		sub.Quantity = q
	}
	var err error
	fromText, untilText := field(rec, idx, 4), field(rec, idx, 5)
	if fromText != "" {
		if sub.From, err = parseTime(fromText, zone); err != nil {
			p.add(colFrom, fromText, err)
		}
	}
	if untilText != "" {
		if sub.Until, err = parseTime(untilText, zone); err != nil {
			p.add(colUntil, untilText, err)
		}
	}
	if !sub.From.IsZero() && !sub.Until.IsZero() && !sub.Until.After(sub.From) {
		p.addf(colUntil, untilText, "must be after active_from %q", fromText)
	}
	if s := field(rec, idx, 6); s != "" {
		d, err := strconv.Atoi(s)
		if err != nil || d < 1 || d > 31 {
			p.addf(colAnchor, s, "want a day of the month, 1 to 31")
		}
		sub.AnchorDay = d
	}
	if s := field(rec, idx, 7); s != "" {
		d, err := parseAmount(s)
		if err != nil {
			p.add(colCharged, s, err)
		}
		sub.Charged = &d
	}
	if s := field(rec, idx, 8); s != "" {
		d, err := parseAmount(s)
		if err != nil {
			p.add(colCredited, s, err)
		}
		sub.Credited = d
	}
	if p.err != nil {
		p.err.Line = line
		return Subscription{}, p.err
	}
	return sub, nil
}

// parseQuantity parses a number of seats: digits only, 1 to maxQuantity.
func parseQuantity(s string) (int64, error) {
	if s[0] == '-' {
		return 0, errors.New("must not be negative")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("want a whole number of seats")
		}
	}
	q, err := strconv.ParseInt(s, 10, 64)
	if err != nil || q > maxQuantity {
		return 0, fmt.Errorf("is absurdly large (at most %d)", maxQuantity)
	}
	if q < 1 {
		return 0, errors.New("must be at least 1")
	}
	return q, nil
}

// timeLayout is how times are written in files and messages.
const timeLayout = time.RFC3339

// parseTime parses a time as fileformat.ParseTime does (RFC 3339, a local
// time in zone, or a date meaning midnight at its start in zone), with the
// reason of a failure alone: the RowError already names the value.
func parseTime(s string, zone *time.Location) (time.Time, error) {
	t, err := fileformat.ParseTime(s, zone)
	var pe *fileformat.ParseError
	if errors.As(err, &pe) {
		return time.Time{}, errors.New(pe.Reason)
	}
	return t, err
}

// hashString returns the 64-bit FNV-1a hash of s.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// SubscriptionWriter writes subscriptions as CSV with every column of
// SubscriptionColumns, in a form ReadSubscriptions reads back: times in
// RFC 3339, empty cells for zero values. The header is written before the
// first subscription, or by Flush when there is none.
type SubscriptionWriter struct {
	w      *csv.Writer
	header bool
	rec    []string
}

// NewSubscriptionWriter returns a SubscriptionWriter writing to w.
func NewSubscriptionWriter(w io.Writer) *SubscriptionWriter {
	return &SubscriptionWriter{w: csv.NewWriter(w), rec: make([]string, len(SubscriptionColumns))}
}

// Write writes sub.
func (sw *SubscriptionWriter) Write(sub *Subscription) error {
	if err := sw.writeHeader(); err != nil {
		return err
	}
	r := sw.rec
	clear(r)
	r[0], r[1], r[2] = sub.ID, sub.Customer, sub.Plan
	if sub.Quantity != 0 {
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
	if !sub.Credited.IsZero() {
		r[8] = sub.Credited.String()
	}
	return sw.w.Write(r)
}

func (sw *SubscriptionWriter) writeHeader() error {
	if sw.header {
		return nil
	}
	sw.header = true
	return sw.w.Write(SubscriptionColumns)
}

// Flush writes the header if no subscription was written, then any
// buffered data, and returns the first error that occurred.
func (sw *SubscriptionWriter) Flush() error {
	if err := sw.writeHeader(); err != nil {
		return err
	}
	sw.w.Flush()
	return sw.w.Error()
}
