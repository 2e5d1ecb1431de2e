// Package synth generates deterministic synthetic inputs for benchmarks and
// load tests: subscriptions CSV files of any size, row by row, from a seed.
// Nothing is stored, so a ten-million-row file can be streamed into a
// process without touching the disk, and the same seed always gives the
// same bytes.
//
// # Subscriptions
//
// A Generator writes the columns of a credit subscriptions file
// (id, customer_id, plan_id, quantity, active_from, active_until,
// anchor_day, charged) with a mix that looks like a billing
// export measured over one window [Options.Start, Options.End):
//
//   - plans drawn uniformly from Options.Plans;
//   - ids unique ("s" and 12 hexadecimal digits of a bijective mix of the
//     row number, so they are unique but not sorted); customers own one to
//     a few subscriptions;
//   - 70% of quantities empty (one seat), 20% 2–5 seats, 10% up to 100;
//   - active_from: 82% a date in the three years before Start (the anchor
//     day is then the day of that date), 10% an RFC 3339 instant inside
//     the window (a mid-period start), 8% empty;
//   - active_until: 3% an instant inside the window (a mid-period end),
//     2% a date before Start (no longer active), else empty;
//   - anchor_day: 20% an explicit day 1–31;
//   - charged: 5% a discounted amount from a short list.
//
// The proportions are fixed so that benchmark figures stay comparable from
// run to run; they are documented here because they decide how often the
// credit calculator's caches hit. They are the friendly case: most
// subscribers pay the list price for the whole window.
//
// # Catalogues
//
// A Catalogue is the other case, shaped like a real billing export: its
// plans file (many plans, currencies and rule modifiers), policy and
// incident files, and subscriptions that share little (each started at an
// instant of its own, to the second, millisecond or microsecond; seat
// counts and discounted charges from wide ranges; starts and ends inside
// the windows). Shapes lists the catalogues the batch benchmarks report.
//
// # Measuring
//
// Floor is what a credits run is measured against (reading the
// subscriptions and writing as many lines with encoding/csv), Sample the
// lines it writes, and Bench runs both in one benchmark and reports their
// ratios.
package synth

import (
	"bufio"
	"io"
	"math/rand/v2"
	"strconv"
	"time"
)

// Options configure a Generator.
//
// Options is safe for concurrent use as long as no goroutine modifies it:
// New keeps its Plans slice (shared, not copied), so several Generators may
// be made from one Options, but Plans must not change while they run.
type Options struct {
	// Seed selects the pseudo-random sequence; the same seed and options
	// give the same rows.
	Seed uint64
	// Plans are the plan IDs drawn from (uniformly). Required.
	Plans []string
	// Start and End bound the measured window mid-period starts and ends
	// fall in. End must be after Start.
	Start, End time.Time
}

// Header is the header line of the subscriptions files a Generator writes.
const Header = "id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged\n"

// charges are the discounted per-period amounts of the "charged" column.
var charges = []string{"9.99", "12.00", "30.00", "7.5"}

// Generator produces subscription rows. It is not safe for concurrent use.
type Generator struct {
	opts      Options
	rng       *rand.Rand
	n         uint64 // rows written
	customers customers
	span      int64
}

// New returns a Generator for opts.
func New(opts Options) *Generator {
	return &Generator{
		opts: opts,
		rng:  rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		span: opts.End.Sub(opts.Start).Nanoseconds(),
	}
}

// AppendRow appends the next row, with its newline, to dst.
func (g *Generator) AppendRow(dst []byte) []byte {
	r, o := g.rng, &g.opts
	g.n++
	customer := g.customers.next(r)
	dst = appendID(dst, g.n)
	// customer_id, plan_id
	dst = append(dst, ",c"...)
	dst = strconv.AppendUint(dst, customer, 10)
	dst = append(dst, ',')
	dst = append(dst, o.Plans[r.IntN(len(o.Plans))]...)
	// quantity
	dst = append(dst, ',')
	switch q := r.IntN(10); {
	case q < 7:
	case q < 9:
		dst = strconv.AppendInt(dst, int64(2+r.IntN(4)), 10)
	default:
		dst = strconv.AppendInt(dst, int64(1+r.IntN(100)), 10)
	}
	// active_from
	dst = append(dst, ',')
	from := o.Start
	switch f := r.IntN(100); {
	case f < 82:
		days := 1 + r.IntN(3*365)
		from = o.Start.AddDate(0, 0, -days)
		dst = from.AppendFormat(dst, time.DateOnly)
	case f < 92:
		from = o.Start.Add(time.Duration(r.Int64N(g.span)).Truncate(time.Second))
		dst = from.UTC().AppendFormat(dst, time.RFC3339)
	}
	// active_until
	dst = append(dst, ',')
	switch u := r.IntN(100); {
	case u < 3:
		until := o.Start.Add(time.Second + time.Duration(r.Int64N(g.span-int64(time.Second))).Truncate(time.Second))
		if until.After(from) {
			dst = until.UTC().AppendFormat(dst, time.RFC3339)
		}
	case u < 5:
		if until := o.Start.AddDate(0, 0, -1-r.IntN(20)); until.After(from) && from.Before(o.Start) {
			dst = until.AppendFormat(dst, time.DateOnly)
		}
	}
	// anchor_day
	dst = append(dst, ',')
	if r.IntN(5) == 0 {
		dst = strconv.AppendInt(dst, int64(1+r.IntN(31)), 10)
	}
	// charged
	dst = append(dst, ',')
	if r.IntN(20) == 0 {
		dst = append(dst, charges[r.IntN(len(charges))]...)
	}
	return append(dst, '\n')
}

// customers numbers the customers of consecutive rows: each owns one to
// three rows in a row. The zero customers starts at customer 1.
type customers struct {
	last uint64 // the current customer
	left int    // rows left for it
}

// next returns the customer of the next row.
func (c *customers) next(r *rand.Rand) uint64 {
	if c.left == 0 {
		c.last++
		c.left = 1 + r.IntN(3)
	}
	c.left--
	return c.last
}

// WriteCSV writes the header and n rows to w.
func WriteCSV(w io.Writer, n int, opts Options) error {
	return writeRows(w, Header, n, New(opts).AppendRow)
}

// writeRows writes header and n rows, each appended by appendRow, to w.
func writeRows(w io.Writer, header string, n int, appendRow func([]byte) []byte) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := make([]byte, 0, 256)
	if _, err := bw.WriteString(header); err != nil {
		return err
	}
	for range n {
		buf = appendRow(buf[:0])
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// CSV returns the header and n rows as one byte slice.
func CSV(n int, opts Options) []byte {
	g := New(opts)
	b := make([]byte, 0, len(Header)+n*72)
	b = append(b, Header...)
	for range n {
		b = g.AppendRow(b)
	}
	return b
}
