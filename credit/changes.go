package credit

import (
	"encoding/csv"
	"errors"
	"io"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// ChangeColumns returns the columns of a changes file, the file form of
// Change that ReadChanges reads:
//
//	id,customer_id,plan_id,quantity,active_from,anchor_day,charged,changed_at,new_plan_id,new_quantity,new_charged
//
// The first columns are a subscriptions file's (see SubscriptionColumns):
// the subscription as it was. changed_at is when the change takes effect;
// new_plan_id, new_quantity and new_charged are the subscription from
// then on (its plan, seats and charge per period, on the same billing
// anchor), all empty when the subscription ends; an empty new_quantity
// keeps the seats, an empty new_charged is the new plan's price × seats. id, plan_id and
// changed_at are required; a subscription may change several times, so
// an id may repeat.
//
// The slice is the caller's.
func ChangeColumns() []string { return slices.Clone(changeColumns[:]) }

var changeColumns = [...]string{
	colID, colCustomer, colPlan, colQuantity, colFrom, colAnchor, colCharged,
	colChangedAt, colNewPlan, colNewQuantity, colNewCharged,
}

const (
	colChangedAt   = "changed_at"
	colNewPlan     = "new_plan_id"
	colNewQuantity = "new_quantity"
	colNewCharged  = "new_charged"
)

// ReadChanges reads a changes CSV file (see ChangeColumns) and yields its
// changes in file order, with Change.Subscription.Line set to the row's
// line number. Times are RFC 3339, or local times and dates in the old
// plan's billing zone (opts.Zones; Refunder.Zones gives them).
//
// A bad row (an unknown plan, an impossible date, a bad quantity or
// amount, new_quantity or new_charged without new_plan_id, text that is
// not UTF-8 or has white space around it, a wrong number of fields) is
// yielded as a *RowError naming its line, column and value, and the
// iteration continues: no row is dropped silently. A missing, unknown or
// duplicate column in the header, or an error reading r, ends it. With
// opts.Shard, only the rows of that shard are read.
func ReadChanges(r io.Reader, opts ReadOptions) iter.Seq2[Change, error] {
	return func(yield func(Change, error) bool) {
		if err := opts.Shard.validate(); err != nil {
			yield(Change{}, err)
			return
		}
		cr := newCSVReader(r)
		header, err := readHeader(cr, opts.File, changeColumns[:])
		if err != nil {
			yield(Change{}, err)
			return
		}
		idx, err := columnIndex(opts.File, header, changeColumns[:], colID, colPlan, colChangedAt)
		if err != nil {
			yield(Change{}, err)
			return
		}
		for {
			rec, line, err := cr.read()
			if err != nil {
				pe, ok := isParseError(err)
				if !ok {
					if !errors.Is(err, io.EOF) {
						yield(Change{}, readError(opts.File, err))
					}
					return
				}
				if opts.Shard.Index != 0 {
					continue // bad CSV rows belong to shard 0
				}
				re := &RowError{File: opts.File, Line: pe.StartLine, Err: syntaxError(pe)}
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					re.Err = fieldCountError(len(rec), len(header))
				}
				if !yield(Change{}, re) {
					return
				}
				continue
			}
			if !opts.Shard.has(fnv1a(field(rec, idx, 0))) {
				continue
			}
			ch, re := parseChange(rec, idx, line, opts.Zones)
			if re != nil {
				re.File = opts.File
				if !yield(Change{}, re) {
					return
				}
				continue
			}
			if !yield(ch, nil) {
				return
			}
		}
	}
}

// parseChange parses the row rec of a changes file, at line, whose
// columns are at idx; zones are the plans' billing zones (nil: every plan,
// in UTC).
func parseChange(rec [][]byte, idx []int, line int, zones map[string]*time.Location) (Change, *RowError) {
	var p rowProblems
	text := func(c int) string {
		s := field(rec, idx, c)
		if err := checkText(s); err != nil {
			p.add(changeColumns[c], string(s), err)
			return ""
		}
		return string(s)
	}
	plan := func(col, id string) *time.Location {
		z, known := zones[id]
		if zones != nil && !known {
			p.add(col, id, ErrUnknownPlan)
		}
		if z == nil {
			z = time.UTC
		}
		return z
	}
	quantity := func(col, s string) int64 {
		if s == "" {
			return 1 // an empty quantity is one seat, as in a subscriptions file
		}
		q, err := parseQuantity(s)
		if err != nil {
			p.add(col, s, err)
		}
		return q
	}
	amount := func(col, s string) *decimal.Decimal {
		if s == "" {
			return nil
		}
		d, err := parseAmount(s)
		if err != nil {
			p.add(col, s, err)
		}
		return &d
	}
	instant := func(col, s string, zone *time.Location) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := parseTimeBytes([]byte(s), zone)
		if err != nil {
			p.add(col, s, err)
		}
		return t
	}

	sub := Subscription{Line: line}
	sub.ID = text(0)
	if sub.ID == "" && p.err == nil {
		p.add(colID, "", errMissing)
	}
	sub.Customer = text(1)
	sub.Plan = text(2)
	zone := time.UTC
	if sub.Plan == "" {
		p.add(colPlan, "", errMissing)
	} else {
		zone = plan(colPlan, sub.Plan)
	}
	sub.Quantity = quantity(colQuantity, text(3))
	sub.From = instant(colFrom, text(4), zone)
	if s := text(5); s != "" {
		d, err := strconv.Atoi(s)
		if err != nil || d < 1 || d > 31 {
			p.addf(colAnchor, s, "want a day of the month, 1 to 31")
		}
		sub.AnchorDay = d
	}
	sub.Charged = amount(colCharged, text(6))
	ch := Change{Subscription: sub}
	at := text(7)
	if at == "" {
		p.add(colChangedAt, "", errMissing)
	}
	ch.At = instant(colChangedAt, at, zone)
	if !ch.At.IsZero() && !sub.From.IsZero() && ch.At.Before(sub.From) {
		p.addf(colChangedAt, at, "is before active_from %q", text(4))
	}
	newPlan, newQty, newCharged := text(8), text(9), text(10)
	switch {
	case newPlan != "":
		plan(colNewPlan, newPlan)
		ch.To = &Subscription{ID: sub.ID, Customer: sub.Customer, Plan: newPlan, Line: line,
			Quantity: sub.Quantity, Charged: amount(colNewCharged, newCharged)}
		if newQty != "" {
			ch.To.Quantity = quantity(colNewQuantity, newQty)
		}
	case newQty != "":
		p.addf(colNewQuantity, newQty, "needs new_plan_id (the plan of the new seats; the same plan's id for a change of seats)")
	case newCharged != "":
		p.addf(colNewCharged, newCharged, "needs new_plan_id (the plan charged from changed_at)")
	}
	if p.err != nil {
		p.err.Line = line
		return Change{}, p.err
	}
	return ch, nil
}

// RefundColumns returns the columns of a refunds file, which RefundWriter
// writes, one refund per row:
//
//	subscription_id,customer_id,plan_id,new_plan_id,currency,period_start,period_end,
//	changed_at,paid,unused,remaining,net,idempotency_key,explanation
//
// paid has 6 places (rounded half-up, as a lines file's charge);
// unused, remaining and net have the currency's places; net is negative
// when it is owed to the customer (refunded, or account credit carried to
// the renewal). Values a spreadsheet would take for a formula are guarded
// as in a lines file (see LineColumns).
//
// The slice is the caller's.
func RefundColumns() []string { return slices.Clone(refundColumns[:]) }

var refundColumns = [...]string{
	"subscription_id", "customer_id", "plan_id", "new_plan_id", "currency", "period_start", "period_end",
	"changed_at", "paid", "unused", "remaining", "net", "idempotency_key", "explanation",
}

// RefundWriter writes refunds as CSV (see RefundColumns). The header is
// written before the first refund, or by Flush when there is none. A
// RefundWriter is not safe for concurrent use.
type RefundWriter struct {
	out csvWriter
}

// NewRefundWriter returns a RefundWriter writing to w.
func NewRefundWriter(w io.Writer) *RefundWriter {
	return &RefundWriter{out: newCSVWriter(w, refundColumns[:])}
}

// Write writes r.
func (rw *RefundWriter) Write(r *Refund) error {
	if rw.out.w == nil {
		return errZeroWriter
	}
	b := rw.out.buf[:0]
	for i, f := range [...]string{
		r.Subscription, r.Customer, r.Plan, r.NewPlan, r.Currency.String(),
		r.PeriodStart.Format(time.RFC3339Nano), r.PeriodEnd.Format(time.RFC3339Nano), r.At.Format(time.RFC3339Nano),
		r.Paid.StringFixed(6), FormatAmount(r.Unused, r.Currency), FormatAmount(r.Remaining, r.Currency), FormatAmount(r.Net, r.Currency),
		r.Key, r.Explanation,
	} {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendField(b, f)
	}
	rw.out.buf = append(b, '\n')
	return rw.out.write(rw.out.buf)
}

// Flush writes the header if no refund was written, then any buffered
// data, and returns the first error that occurred.
func (rw *RefundWriter) Flush() error { return rw.out.flush() }
