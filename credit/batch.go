package credit

import (
	"context"
	"errors"
	"io"
	"math/big"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fixed"
)

// BatchOptions configure Calculator.RunCSV.
//
// BatchOptions is safe for concurrent use as long as no goroutine modifies
// it: several RunCSV calls may share one. RunCSV calls Reject from the
// goroutine that called RunCSV, one row at a time; a Reject shared by
// concurrent runs must be safe for concurrent use itself.
type BatchOptions struct {
	// File names the subscriptions file in errors.
	File string
	// Shard, when set, credits only the subscriptions of that shard (see
	// Shard); the zero Shard credits them all.
	Shard Shard
	// SkipZero leaves out the lines whose amount is zero, as
	// LineWriter.SkipZero; the summary counts them all the same.
	SkipZero bool
	// Reject, when set, is called with every refused row, in input
	// order; an error it returns ends the run with that error.
	Reject func(*RowError) error
}

// RunCSV credits a subscriptions CSV file, read from r, and writes the
// lines CSV file to w: the bytes LineWriter writes for the lines Run yields
// from ReadSubscriptions, in the same order, and the Summary that adding
// those lines and refusing those rows gives. It is the batch path of the
// command line tool: a million subscriptions take about as long as reading
// and writing their files with encoding/csv (see the README's performance
// section).
//
// Memory stays flat: a few batches of rows are held at a time (read and
// parsed in a goroutine of RunCSV's own while the previous ones are
// credited), and the duplicate ids are remembered in fixed memory (see
// ReadSubscriptions). Every row refused is
// counted in the summary and handed to opts.Reject; the run goes on. When
// ctx is done, RunCSV returns the summary so far with an
// *InterruptedError; a bad header, an error reading r or writing w (or one
// from opts.Reject) is returned with the summary so far. w receives the
// lines as they are computed, in buffered writes.
//
// RunCSV computes the lines of most subscriptions without allocating: the
// lines of a subscription active during the whole window, or not at all,
// are computed once per plan, window, billing anchor and charge and reused;
// the others are computed on the fast path (see FuzzFastPathMatchesExact),
// or on the exact path when a value does not fit.
func (c *Calculator) RunCSV(ctx context.Context, w io.Writer, r io.Reader, opts BatchOptions) (*Summary, error) {
	b := &batch{c: c, dst: w, skipZero: opts.SkipZero, cache: make(map[figKey]*figEntry), keys: newKeyHasher(), shard: opts.Shard}
	if c.ledger != nil {
		b.claimed = c.ledger.newMarks()
	}
	b.acc = make(map[*planState]*planAcc, len(c.plans))
	b.out = make([]byte, 0, batchBuffer)
	b.out = appendRecord(b.out, lineColumns[:])
	sr, err := newSubsReader(r, ReadOptions{File: opts.File, Zones: c.Zones(), Shard: opts.Shard})
	if err != nil {
		return b.summary(), err
	}
	ra := c.readAhead(sr)
	done := ctx.Done()
	interrupted := func() (*Summary, error) {
		ra.close(ctx)
		return b.summary(), &InterruptedError{Subscriptions: b.read, Last: string(b.last), Err: context.Cause(ctx)}
	}
	for {
		// Wait for ctx as well as for a batch: a read that blocks (a pipe
		// nobody writes to yet) must not make the run deaf to ctx.
		var rb *rowBatch
		more := true
		select {
		case rb, more = <-ra.full:
		case <-done:
			return interrupted()
		}
		if !more {
			break
		}
		for k := range rb.rows {
			select {
			case <-done:
				return interrupted()
			default:
			}
			row := &rb.rows[k]
			b.read++
			re := row.err
			if re == nil && row.st == nil { // the reader checks plans against c.Zones()
				re = &RowError{File: opts.File, Line: row.sub.Line, Field: colPlan, Value: string(row.plan), Err: ErrUnknownPlan}
			}
			if re != nil {
				b.rejected++
				if opts.Reject != nil {
					if err := opts.Reject(re); err != nil {
						ra.close(ctx)
						return b.summary(), err
					}
				}
				continue
			}
			if err := b.credit(row); err != nil {
				ra.close(ctx)
				return b.summary(), err
			}
		}
		if rb.err != nil && !errors.Is(rb.err, io.EOF) {
			return b.summary(), rb.err
		}
		ra.free <- rb
	}
	if err := b.flush(); err != nil {
		return b.summary(), err
	}
	return b.summary(), nil
}

// readAhead reads and parses batches of rows in a goroutine of its own
// while the lines of the previous ones are computed and written: on two
// cores, reading, parsing and checking ids then costs no time of its own.
// Batches go around between full and free, so memory stays bounded
// (readAheadBatches batches of batchRows rows).
type readAhead struct {
	full chan *rowBatch // read, in order; closed after the last
	free chan *rowBatch // to be read into
	stop chan struct{}  // closed when the consumer stops early
	done chan struct{}  // closed when the goroutine has returned
}

// readAheadBatches is how many batches are in flight.
const readAheadBatches = 3

// readAhead starts reading sr. Each batch's rows have their plan and
// subscription context resolved; a batch's err is the error that ended
// the reading (io.EOF at the end), after which the channel is closed.
func (c *Calculator) readAhead(sr *subsReader) *readAhead {
	ra := &readAhead{
		full: make(chan *rowBatch, readAheadBatches),
		free: make(chan *rowBatch, readAheadBatches),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for range readAheadBatches {
		ra.free <- new(rowBatch)
	}
	go func() {
		var fa fastArith // the scratch of subContext
		defer close(ra.done)
		defer close(ra.full)
		defer sr.ids.release()
		for {
			var rb *rowBatch
			select {
			case rb = <-ra.free:
			case <-ra.stop:
				return
			}
			rb.err = sr.readBatch(rb)
			for k := range rb.rows {
				row := &rb.rows[k]
				if row.err == nil {
					if row.st = c.plans[string(row.plan)]; row.st != nil {
						row.sc = c.subContext(row.st, &row.sub, &fa)
					}
				}
			}
			select {
			case ra.full <- rb:
			case <-ra.stop:
				return
			}
			if rb.err != nil {
				return
			}
		}
	}()
	return ra
}

// close stops the goroutine and waits for it to return, unless ctx is
// done: a read of the input in progress may then still return after
// RunCSV has.
func (ra *readAhead) close(ctx context.Context) {
	close(ra.stop)
	select {
	case <-ra.done:
	case <-ctx.Done():
	}
}

// batchBuffer is the size of RunCSV's output buffer.
const batchBuffer = 256 << 10

// maxCache bounds the number of figures a run caches (a few MB): the
// first ones met, which are the most common ones; the figures of rarer
// subscriptions (unusual seat counts or charges) are computed every time.
const maxCache = 1 << 13

// batch is the state of one RunCSV.
type batch struct {
	c        *Calculator
	dst      io.Writer
	out      []byte
	skipZero bool
	w        work
	cache    map[figKey]*figEntry
	scratch  figEntry // the figures of a window not cached
	keys     *keyHasher
	settled  settlement // the settlement of a window the ledger holds something for
	claimed  marks      // the ledger's groups met
	shard    Shard
	// Scratch space for the key and the explanation of a settled window.
	keySettled, explBuf []byte

	acc                    map[*planState]*planAcc
	order                  []*planState // plans in order of their first line
	read, rejected         int64
	credited, zero, lines  int64
	last                   []byte // ID of the last subscription with lines
	lastPositive, sawLines bool
}

// planAcc sums the lines of one plan.
type planAcc struct {
	n                 lineSums // the counts; the sums are in amount, due and over
	amount, due, over unitSum
}

// unitSum is an exact sum of amounts of one currency, without allocating
// for the positive amounts with the currency's places.
type unitSum struct {
	units   fixed.U128      // amounts that fit, in units of the currency's places
	other   decimal.Decimal // amounts that do not (big, or negative)
	nonZero bool
}

// add adds n times x, an amount with places decimal places (or big).
func (u *unitSum) add(x number, places int32, n int64) {
	switch {
	case x.sign() == 0:
	case !x.big && x.units > 0 && x.places == places:
		u.units = u.units.Add(fixed.Mul64(uint64(x.units), uint64(n)))
		u.nonZero = true
	default:
		d := x.decimal()
		if n != 1 {
			d = d.Mul(decimal.NewFromInt(n))
		}
		u.other = u.other.Add(d)
		u.nonZero = true
	}
}

// decimal returns the sum with places decimal places.
func (u *unitSum) decimal(places int32) decimal.Decimal {
	if !u.nonZero {
		return decimal.Decimal{}
	}
	return decimal.NewFromBigInt(u.units.Big(new(big.Int)), -places).Add(u.other)
}

// figKey identifies figures shared by many subscriptions: those of the
// same plan, window, billing periods (anchor day and phase) and charges,
// active during the whole window (full) or not at all.
type figKey struct {
	st         *planState
	win, list  int32
	full       bool
	perN, perD uint64
}

// figEntry is a window's line without the subscription's own fields and
// before settlement: the encoded fields from window_start to rounding and
// those from claim_deadline to incidents (each followed by a comma), the
// explanation (raw, and encoded), the encoding of the key's settlement
// when the ledger holds nothing for the window, and the due amount.
type figEntry struct {
	head, tail    []byte
	rawExpl, expl []byte
	keyUnsettled  []byte
	due           number
	unsettled     settlement // with nothing issued before
}

// credit writes the lines of one subscription, settled against the
// ledger; a *LedgerError ends the run.
func (b *batch) credit(row *subRow) error {
	st, sc := row.st, &row.sc
	iss := b.w.iss[:0]
	b.w.prior = 0
	if b.c.ledger != nil {
		iss = slices.Grow(iss, len(st.windows))[:len(st.windows)]
		g, err := b.c.ledger.issued(st, row.idHash, row.id, iss, &b.w.prior)
		if err != nil {
			return err
		}
		b.claimed.set(g)
		b.w.iss = iss
	}
	if st.plan.Rule.PeriodCap != nil {
		b.w.cap = capState{prior: b.w.prior, iss: iss, over: b.c.over}
		sc.cap = &b.w.cap
	}
	positive := false
	places := int32(st.rule.places)
	for i := range st.windows {
		e := b.figures(st, sc, i)
		s := &e.unsettled
		if len(iss) > 0 && iss[i].entries > 0 {
			b.settled = settle(e.due, iss[i].units, places, iss[i].entries, b.c.over)
			s = &b.settled
		}
		nonZero := s.amount.sign() != 0
		positive = positive || nonZero
		b.account(st, s, 1)
		if b.skipZero && !nonZero {
			continue
		}
		b.out = b.appendRow(b.out, st, i, row.id, row.customer, e, s)
	}
	if len(st.windows) > 0 {
		b.lines += int64(len(st.windows))
		if positive {
			b.credited++
			b.acc[st].n.credited++
		} else {
			b.zero++
		}
		b.last = append(b.last[:0], row.id...)
		b.lastPositive = positive
		b.sawLines = true
	}
	if len(b.out) > batchBuffer-16<<10 {
		return b.flush()
	}
	return nil
}

// appendRow appends the line of window i with figures e, settled as s,
// for the subscription id of customer on plan st, as a record of a lines
// file with its newline: the bytes LineWriter writes for that line.
func (b *batch) appendRow(dst []byte, st *planState, i int, id, customer []byte, e *figEntry, s *settlement) []byte {
	places := st.rule.places
	dst = appendField(dst, id)
	dst = append(dst, ',')
	dst = appendField(dst, customer)
	dst = append(dst, ',')
	dst = append(dst, st.csvPlan...)
	dst = append(dst, e.head...)
	dst = s.appendFields(dst, places)
	dst = append(dst, e.tail...)
	if s == &e.unsettled {
		dst = b.keys.appendKey(dst, &st.keyHash[i], id, e.keyUnsettled)
		dst = append(dst, ',')
		dst = append(dst, e.expl...)
		return append(dst, '\n')
	}
	b.keySettled = s.appendKey(b.keySettled[:0], places)
	dst = b.keys.appendKey(dst, &st.keyHash[i], id, b.keySettled)
	dst = append(dst, ',')
	b.explBuf = s.appendExplanation(append(b.explBuf[:0], e.rawExpl...), places, st.plan.Currency.String())
	dst = appendField(dst, b.explBuf)
	return append(dst, '\n')
}

// account adds n lines of plan st, each settled as s, to the plan's sums.
func (b *batch) account(st *planState, s *settlement, n int64) {
	a := b.acc[st]
	if a == nil {
		a = &planAcc{}
		b.acc[st] = a
		b.order = append(b.order, st)
	}
	places := int32(st.rule.places)
	a.n.lines += n
	a.n.count(s.amount.sign(), s.over.sign(), s.entries, n)
	a.amount.add(s.amount, places, n)
	a.due.add(s.due, places, n)
	a.over.add(s.over, places, n)
}

// figures returns the figures of sc for window i: from the cache when the
// subscription was active during the whole window or not at all, else
// computed into the batch's scratch entry.
func (b *batch) figures(st *planState, sc *subCtx, i int) *figEntry {
	k, cacheable := st.cacheKey(sc, i)
	if cacheable {
		if e := b.cache[k]; e != nil {
			return e
		}
	}
	f := &b.w.f
	st.window(&b.w, sc, i, f)
	e := &b.scratch
	places := int32(st.rule.places)
	e.head = appendFigures(e.head[:0], &st.heads[i], f)
	e.tail = appendFiguresTail(e.tail[:0], f)
	e.rawExpl = append(e.rawExpl[:0], f.expl...)
	e.expl = appendField(e.expl[:0], f.expl)
	e.due = f.amount
	e.unsettled = settle(f.amount, 0, places, 0, b.c.over)
	e.keyUnsettled = e.unsettled.appendKey(e.keyUnsettled[:0], int(places))
	if !cacheable || len(b.cache) >= maxCache {
		return e
	}
	stored := &figEntry{
		head: clone(e.head), tail: clone(e.tail), rawExpl: clone(e.rawExpl), expl: clone(e.expl),
		keyUnsettled: clone(e.keyUnsettled), due: e.due, unsettled: e.unsettled,
	}
	b.cache[k] = stored
	return stored
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// cacheKey returns the key of the figures of sc for window i, and whether
// they can be shared: when the subscription was active during the whole
// window or not at all, its figures depend only on the plan, the window,
// its billing periods (their anchor day and phase) and what it pays, not
// on its ID or active range.
func (st *planState) cacheKey(sc *subCtx, i int) (figKey, bool) {
	if !sc.fast || st.winNs == nil || st.plan.Rule.PeriodCap != nil { // a period cap depends on the windows before
		return figKey{}, false
	}
	// The active range [sc.from, sc.to) against the window [ws, we).
	ws, we := st.winNs[i], st.winNs[i+1]
	full := sc.from <= ws && sc.to >= we
	empty := sc.from >= we || sc.to <= ws || sc.from >= sc.to
	if sc.b.list < 0 || !full && !empty ||
		!sc.per.n.Is64() || !sc.per.d.Is64() {
		return figKey{}, false
	}
	k := figKey{st: st, win: int32(i), list: int32(sc.b.list), full: full}
	if full {
		k.perN, k.perD = sc.per.n.Lo, sc.per.d.Lo
	}
	return k, true
}

// flush writes the buffered lines.
func (b *batch) flush() error {
	if len(b.out) == 0 {
		return nil
	}
	_, err := b.dst.Write(b.out)
	b.out = b.out[:0]
	return err
}

// summary returns the Summary of the lines and rows so far, as Summary.Add
// and Summary.Reject would have counted them.
func (b *batch) summary() *Summary {
	s := &Summary{Read: b.read, Credited: b.credited, Zero: b.zero, Rejected: b.rejected, Lines: b.lines}
	for _, st := range b.order {
		a := b.acc[st]
		places := int32(st.rule.places)
		a.n.amount, a.n.due, a.n.over = a.amount.decimal(places), a.due.decimal(places), a.over.decimal(places)
		s.addPlan(st.plan.ID, st.plan.Currency, st.plan.Rule.Kind, &a.n)
	}
	if b.c.ledger != nil {
		s.Ledger = b.c.ledger.use(b.claimed, b.shard)
	}
	if b.sawLines {
		s.cur, s.curPositive = string(b.last), b.lastPositive
	}
	return s
}
