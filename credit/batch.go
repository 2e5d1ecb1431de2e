package credit

import (
	"context"
	"errors"
	"io"
	"math/big"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

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
// command line tool; the README's performance section says what it costs
// against reading and writing the same files with encoding/csv.
//
// Memory stays flat: a few batches of rows are held at a time, and the
// duplicate ids are remembered in fixed memory (see ReadSubscriptions).
// Rows are read and parsed in a goroutine of RunCSV's own, and the lines
// of each batch are computed by one of GOMAXPROCS goroutines while the
// lines of the batches before it are written, in input order. Every row
// refused is counted in the summary and handed to opts.Reject; the run
// goes on. When ctx is done, RunCSV returns the summary so far with an
// *InterruptedError; a bad header, an error reading r or writing w (or
// one from opts.Reject) is returned with the summary so far, and so is a
// *LedgerError met settling a row (the lines of the rows before it are
// written). w receives
// the lines of each batch of rows in one write, as soon as the batch and
// those before it are done; RunCSV returns only after its goroutines
// have, unless ctx is done while a read of r blocks (see readAhead.close).
//
// RunCSV computes the lines of most subscriptions without allocating: the
// lines of a subscription active during the whole window, or not at all,
// are computed once per plan, window, billing anchor and charge and reused;
// the others are computed on the fast path (see FuzzFastPathMatchesExact),
// or on the exact path when a value does not fit.
func (c *Calculator) RunCSV(ctx context.Context, w io.Writer, r io.Reader, opts BatchOptions) (*Summary, error) {
	b := &batch{c: c, dst: w, shard: opts.Shard, acc: make(map[*planState]*planAcc, len(c.plans))}
	if c.ledger != nil {
		b.claimed = c.ledger.newMarks()
	}
	sr, err := newSubsReader(r, ReadOptions{File: opts.File, Zones: c.Zones(), Shard: opts.Shard})
	if err != nil {
		return b.summary(), err
	}
	ra := c.readAhead(sr, true, opts.SkipZero, runtime.GOMAXPROCS(0))
	done := ctx.Done()
	stop := func(err error) (*Summary, error) {
		ra.close(ctx)
		return b.summary(), err
	}
	interrupted := func() (*Summary, error) {
		return stop(&InterruptedError{Subscriptions: b.read, Last: string(b.last), Err: context.Cause(ctx)})
	}
	for {
		rb, more, stopped := ra.next(done)
		if stopped {
			return interrupted()
		}
		if !more {
			break
		}
		sums := rb.sums
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
						return stop(err)
					}
				}
				continue
			}
			if row.ledgerErr != nil {
				// The lines before this row are written; the run ends
				// at it, as it would one row at a time.
				if err := b.write(rb.out[:row.outEnd]); err != nil {
					return stop(err)
				}
				return stop(row.ledgerErr)
			}
			b.claimed.set(row.group)
			n := len(row.st.windows)
			b.account(row, sums[:n])
			sums = sums[n:]
		}
		if err := b.write(rb.out); err != nil {
			return stop(err)
		}
		if rb.err != nil && !errors.Is(rb.err, io.EOF) {
			return stop(rb.err)
		}
		ra.free <- rb
	}
	if err := b.write(nil); err != nil {
		return b.summary(), err
	}
	return b.summary(), nil
}

// readAhead reads and parses batches of rows in a goroutine of its own,
// and computes their lines in workers goroutines, while the lines of the
// previous ones are written: on two cores, reading, parsing and checking
// ids then costs no time of its own, and the lines take half the time.
// Batches go around between free and ordered, so memory stays bounded
// (batchesInFlight(workers) batches of batchRows rows and their lines).
type readAhead struct {
	ordered chan *rowBatch // read, in input order; closed after the last
	todo    chan *rowBatch // read, for a worker to compute; closed after the last
	free    chan *rowBatch // to be read into
	stop    chan struct{}  // closed when the consumer stops early
	done    chan struct{}  // closed when the reading goroutine has returned
	workers sync.WaitGroup // the computing goroutines
}

// batchesInFlight is how many batches are read, computed or written at a
// time with the given number of workers: one for each worker, one being
// read and one being written, and one more so that a worker never waits
// for the writer to hand a batch back.
func batchesInFlight(workers int) int { return workers + 3 }

// next returns the next batch of rows, in input order, once its workers
// have computed it; more is false at the end of the input. It reports
// stopped when done closes first: a read that blocks (a pipe nobody writes
// to yet) must not make the run deaf to its context.
func (ra *readAhead) next(done <-chan struct{}) (rb *rowBatch, more, stopped bool) {
	select {
	case rb, more = <-ra.ordered:
	case <-done:
		return nil, false, true
	}
	if !more {
		return nil, false, false
	}
	select {
	case <-rb.computed:
		return rb, true, false
	case <-done:
		return nil, false, true
	}
}

// readAhead starts reading sr, and computing the lines of its rows with
// workers goroutines (at least one). Each batch sent on ordered is
// computed when its computed channel receives: its rows have their plan
// and subscription context resolved and its lines are encoded (leaving
// out the zero ones when skipZero) with the figures the summary adds. A
// batch's err is the error that ended the reading (io.EOF at the end),
// after which the channels are closed. Without lines, the workers only
// resolve the rows (an Exposure prices them itself).
func (c *Calculator) readAhead(sr *subsReader, lines, skipZero bool, workers int) *readAhead {
	workers = max(workers, 1)
	n := batchesInFlight(workers)
	ra := &readAhead{
		ordered: make(chan *rowBatch, n),
		todo:    make(chan *rowBatch, n),
		free:    make(chan *rowBatch, n),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	for range n {
		ra.free <- &rowBatch{computed: make(chan struct{}, 1)}
	}
	inactive := c.newInactiveTable()
	ra.workers.Add(workers)
	for range workers {
		go func() {
			defer ra.workers.Done()
			lc := &lineComputer{c: c, resolveOnly: !lines, skipZero: skipZero, inactive: inactive, keys: newKeyHasher()}
			for rb := range ra.todo {
				lc.compute(rb)
				rb.computed <- struct{}{}
			}
		}()
	}
	go func() {
		defer close(ra.done)
		defer close(ra.todo)
		defer close(ra.ordered)
		defer sr.ids.release()
		for {
			var rb *rowBatch
			select {
			case rb = <-ra.free:
			case <-ra.stop:
				return
			}
			rb.err = sr.readBatch(rb)
			// ordered and todo have room for every batch: sending
			// never blocks.
			ra.ordered <- rb
			ra.todo <- rb
			if rb.err != nil {
				return
			}
		}
	}()
	return ra
}

// close stops the goroutines and waits for them to return, unless ctx is
// done: a read of the input in progress may then still return after
// RunCSV has (the workers return as soon as their batch is computed).
func (ra *readAhead) close(ctx context.Context) {
	close(ra.stop)
	select {
	case <-ra.done:
	case <-ctx.Done():
		return
	}
	ra.workers.Wait()
}

// figCache caches the figures of subscriptions active during a whole
// window, by plan, window, billing periods and charges (figKey), for one
// computing goroutine: the first maxCache met, which are the most common
// ones; the figures of rarer subscriptions (unusual seat counts or
// charges) are computed every time. Once it is full, it watches how often
// it serves: when a run of cacheProbe lookups finds fewer than one in
// eight, it stops looking (a catalogue of distinct seats and discounts
// would otherwise pay a lookup for every window and rarely be served).
// The zero figCache is empty and ready to use.
type figCache struct {
	m             map[figKey]*figEntry
	lookups, hits int  // since the cache was full, in the current run of cacheProbe
	off           bool // no more lookups
}

const (
	// maxCache bounds the number of figures a figCache holds (a few MB).
	maxCache = 1 << 13
	// cacheProbe is how many lookups of a full figCache are weighed
	// together.
	cacheProbe = 1 << 16
)

// get returns the figures of k, or nil.
func (fc *figCache) get(k figKey) *figEntry {
	if fc.off {
		return nil
	}
	e := fc.m[k]
	if len(fc.m) < maxCache {
		return e
	}
	fc.lookups++
	if e != nil {
		fc.hits++
	}
	if fc.lookups == cacheProbe {
		fc.off = fc.hits < cacheProbe/8
		fc.lookups, fc.hits = 0, 0
	}
	return e
}

// room reports whether put would keep another entry.
func (fc *figCache) room() bool { return len(fc.m) < maxCache }

// put keeps e as the figures of k.
func (fc *figCache) put(k figKey, e *figEntry) {
	if fc.m == nil {
		fc.m = make(map[figKey]*figEntry)
	}
	fc.m[k] = e
}

// inactiveTable holds, for one run, the figures of the windows a
// subscription was not active in, which depend only on the plan, the
// window and, when the claim deadline counts billing cycles, the billing
// periods: one slot for each, filled by the first computing goroutine that
// needs it, read by all without a lock or a map.
type inactiveTable struct {
	slots [][]atomic.Pointer[figEntry] // by plan index, then slotIndex
}

// newInactiveTable returns an empty table for the plans of c.
func (c *Calculator) newInactiveTable() *inactiveTable {
	t := &inactiveTable{slots: make([][]atomic.Pointer[figEntry], len(c.plans))}
	for _, st := range c.plans {
		n := len(st.windows)
		if st.deadlines == nil && st.periods != nil {
			n *= len(st.periods.lists)
		}
		t.slots[st.index] = make([]atomic.Pointer[figEntry], n)
	}
	return t
}

// slot returns the slot of the figures of window i of plan st for a
// subscription billed by period list list (billing.list, ≥ 0), not
// active in the window.
func (t *inactiveTable) slot(st *planState, i, list int) *atomic.Pointer[figEntry] {
	if st.deadlines != nil || st.periods == nil {
		return &t.slots[st.index][i]
	}
	return &t.slots[st.index][i*len(st.periods.lists)+list]
}

// batch is the state of one RunCSV that its own goroutine keeps: what was
// written and the sums of the summary.
type batch struct {
	c       *Calculator
	dst     io.Writer
	header  bool  // the header line was written
	claimed marks // the ledger's groups met
	shard   Shard

	acc                    map[*planState]*planAcc
	order                  []*planState // plans in order of their first line
	read, rejected         int64
	credited, zero, lines  int64
	last                   []byte // ID of the last subscription with lines
	lastPositive, sawLines bool
}

// lineComputer computes the lines of batches of rows: the state of one
// computing goroutine of a RunCSV.
type lineComputer struct {
	c           *Calculator
	resolveOnly bool // resolve the rows' plans and contexts, compute no lines
	skipZero    bool
	w           work
	fa          fastArith // the scratch of subContext
	cache       figCache
	inactive    *inactiveTable // shared by the run's computers
	scratch     figEntry       // the figures of a window not cached
	keys        *keyHasher
	settling    settledEntry   // the line of a window settled against the ledger, being encoded
	settledText settlementText // the texts of its settlement
	sla         []slaText      // the text of the SLA's fields of the last line written of each window index
	ledgerNext  uint32         // the ledger's group after the last one found (see Ledger.findNear)
	// Scratch space for the fields a subscription's lines start with
	// (rowPrefix), and for the explanation of a settled window.
	prefix, explBuf []byte
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
// explanation (raw, and encoded), the encodings of the settlement fields
// and of the key's settlement when the ledger holds nothing for the
// window, and the due amount.
//
// A figEntry stored to be shared is not changed again, but for settled,
// the line of its window settled against what the ledger held for the
// first subscription settled with these figures, stored once.
type figEntry struct {
	head, tail                    []byte
	rawExpl, expl                 []byte
	keyUnsettled, unsettledFields []byte
	due                           number
	unsettled                     settlement // with nothing issued before
	settled                       atomic.Pointer[settledEntry]
}

// compute resolves the rows of rb against their plans and, unless
// resolveOnly, encodes their lines into rb.out, with their sums in rb.sums
// (one per window of every row with a plan and no error, in order).
func (lc *lineComputer) compute(rb *rowBatch) {
	rb.out, rb.sums = rb.out[:0], rb.sums[:0]
	for k := range rb.rows {
		row := &rb.rows[k]
		row.st, row.ledgerErr = nil, nil
		if row.err != nil {
			continue
		}
		if row.st = lc.c.plans[string(row.plan)]; row.st == nil {
			continue
		}
		row.sc = lc.c.subContext(row.st, &row.sub, &lc.fa)
		if !lc.resolveOnly {
			lc.credit(rb, row)
		}
	}
}

// credit encodes the lines of one subscription into rb, settled against
// the ledger, with their settlements in rb.sums; a *LedgerError is left in
// row.ledgerErr for the writer, which ends the run there.
func (lc *lineComputer) credit(rb *rowBatch, row *subRow) {
	st, sc := row.st, &row.sc
	row.group = -1
	iss := lc.w.iss[:0]
	lc.w.prior = 0
	if lc.c.ledger != nil {
		iss = slices.Grow(iss, len(st.windows))[:len(st.windows)]
		g, err := lc.c.ledger.issuedNear(&lc.ledgerNext, st, row.idHash, row.id, iss, &lc.w.prior)
		if err != nil {
			row.ledgerErr, row.outEnd = err, len(rb.out)
			return
		}
		row.group = g
		lc.w.iss = iss
	}
	if st.plan.Rule.PeriodCap != nil {
		lc.w.cap = capState{prior: lc.w.prior, iss: iss, over: lc.c.over}
		sc.cap = &lc.w.cap
	}
	lc.prefix = rowPrefix(lc.prefix[:0], st, row.id, row.customer)
	for i := range st.windows {
		e := lc.figures(st, sc, i)
		if len(iss) > 0 && iss[i].entries > 0 {
			sl := lc.settledLine(st, e, iss[i])
			rb.sums = append(rb.sums, sl.s)
			if lc.skipZero && sl.s.amount.sign() == 0 {
				continue
			}
			rb.out = lc.appendRow(rb.out, lc.prefix, st, i, row.id, e, sl)
			continue
		}
		rb.sums = append(rb.sums, e.unsettled)
		if lc.skipZero && e.unsettled.amount.sign() == 0 {
			continue
		}
		rb.out = lc.appendRow(rb.out, lc.prefix, st, i, row.id, e, nil)
	}
}

// settledLine returns the line of a window of plan st with figures e
// settled against iss, what the ledger holds for the window: the one
// stored with e when e is shared and was settled against the same before,
// else encoded (and stored with a shared e that has none yet). It is
// valid until the next call.
func (lc *lineComputer) settledLine(st *planState, e *figEntry, iss issuedWindow) *settledLine {
	shared := e != &lc.scratch
	if shared {
		if se := e.settled.Load(); se != nil && se.issued == iss {
			return &se.line
		}
	}
	places := int32(st.rule.places)
	rawExpl := e.rawExpl
	if !shared {
		rawExpl = lc.w.f.expl
	}
	se := &lc.settling
	se.issued = iss
	se.line.set(settle(e.due, iss.units, places, iss.entries, lc.c.over), int(places), rawExpl, st.plan.Currency.String(), &lc.settledText, &lc.explBuf)
	if shared && e.settled.Load() == nil {
		// The first settlement of shared figures is kept: the
		// subscriptions that share them mostly share what was issued
		// for them too (the lines of an earlier run on the same
		// subscriptions, with or without the incidents of this one),
		// and their lines then settle to the same encodings. Another
		// computer may store one first: either will do.
		e.settled.CompareAndSwap(nil, se.clone())
	}
	return &se.line
}

// account adds the lines of row, settled as sums, to the summary.
func (b *batch) account(row *subRow, sums []settlement) {
	if len(sums) == 0 {
		return
	}
	st := row.st
	a := b.plan(st)
	places := int32(st.rule.places)
	positive := false
	for k := range sums {
		s := &sums[k]
		a.add(s, places, 1)
		positive = positive || s.amount.sign() != 0
	}
	b.lines += int64(len(sums))
	if positive {
		b.credited++
		a.n.credited++
	} else {
		b.zero++
	}
	b.last = append(b.last[:0], row.id...)
	b.lastPositive = positive
	b.sawLines = true
}

// plan returns the sums of plan st, made the first time.
func (b *batch) plan(st *planState) *planAcc {
	a := b.acc[st]
	if a == nil {
		a = &planAcc{}
		b.acc[st] = a
		b.order = append(b.order, st)
	}
	return a
}

// add adds n lines of a plan whose currency has places decimal places,
// each settled as s.
func (a *planAcc) add(s *settlement, places int32, n int64) {
	a.n.lines += n
	a.n.count(s.amount.sign(), s.over.sign(), s.entries, n)
	a.amount.add(s.amount, places, n)
	a.due.add(s.due, places, n)
	a.over.add(s.over, places, n)
}

// write writes the header line, the first time, and out.
func (b *batch) write(out []byte) error {
	if !b.header {
		b.header = true
		if _, err := b.dst.Write(appendRecord(nil, lineColumns[:])); err != nil {
			return err
		}
	}
	if len(out) == 0 {
		return nil
	}
	_, err := b.dst.Write(out)
	return err
}

// rowPrefix appends the fields every line of the subscription id of
// customer on plan st starts with, each followed by a comma.
func rowPrefix(dst []byte, st *planState, id, customer []byte) []byte {
	dst = appendField(dst, id)
	dst = append(dst, ',')
	dst = appendField(dst, customer)
	dst = append(dst, ',')
	return append(dst, st.csvPlan...)
}

// appendRow appends the line of window i with figures e, settled as sl
// (nil: the ledger holds nothing for the window, e.unsettled), for the
// subscription id on plan st whose lines start with prefix (rowPrefix), as
// a record of a lines file with its newline: the bytes LineWriter writes
// for that line.
//
// When e is the computer's scratch entry (figures computed, not stored),
// its fields are encoded from the computer's figures straight into dst,
// not copied from e.
func (lc *lineComputer) appendRow(dst, prefix []byte, st *planState, i int, id []byte, e *figEntry, sl *settledLine) []byte {
	direct := e == &lc.scratch
	f := &lc.w.f
	dst = append(dst, prefix...)
	if direct {
		if i >= len(lc.sla) {
			lc.sla = append(lc.sla, make([]slaText, i+1-len(lc.sla))...)
		}
		dst = appendFigures(dst, &st.heads[i], f, &lc.sla[i])
	} else {
		dst = append(dst, e.head...)
	}
	if sl == nil {
		dst = append(dst, e.unsettledFields...)
	} else {
		dst = append(dst, sl.fields...)
	}
	if direct {
		dst = appendFiguresTail(dst, f)
	} else {
		dst = append(dst, e.tail...)
	}
	if sl != nil {
		dst = lc.keys.appendKey(dst, &st.keyHash[i], id, sl.key)
		dst = append(dst, ',')
		dst = append(dst, sl.expl...)
		return append(dst, '\n')
	}
	dst = lc.keys.appendKey(dst, &st.keyHash[i], id, e.keyUnsettled)
	dst = append(dst, ',')
	if direct {
		dst = appendField(dst, f.expl)
	} else {
		dst = append(dst, e.expl...)
	}
	return append(dst, '\n')
}

// figures returns the figures of sc for window i: from the run's table
// when the subscription was not active in the window, from the cache when
// it was active during all of it, else computed into the computer's
// scratch entry.
func (lc *lineComputer) figures(st *planState, sc *subCtx, i int) *figEntry {
	k, cacheable := st.cacheKey(sc, i)
	var slot *atomic.Pointer[figEntry]
	switch {
	case cacheable && !k.full:
		slot = lc.inactive.slot(st, i, sc.b.list)
		if e := slot.Load(); e != nil {
			return e
		}
	case cacheable:
		if e := lc.cache.get(k); e != nil {
			return e
		}
	}
	f := &lc.w.f
	st.window(&lc.w, sc, i, f)
	e := &lc.scratch
	e.setUnsettled(f.amount, int32(st.rule.places), lc.c.over)
	switch {
	case slot != nil:
		stored := e.encoded(st, i, f).clone()
		slot.Store(stored) // another computer may store the same figures first: either will do
		return stored
	case cacheable && lc.cache.room():
		stored := e.encoded(st, i, f).clone()
		lc.cache.put(k, stored)
		return stored
	}
	return e // its fields are encoded from lc.w.f straight into the line (appendRow)
}

// encoded encodes into e the fields of figures f of window i of plan st,
// and returns e.
func (e *figEntry) encoded(st *planState, i int, f *figures) *figEntry {
	e.head = appendFigures(e.head[:0], &st.heads[i], f, nil)
	e.tail = appendFiguresTail(e.tail[:0], f)
	e.rawExpl = append(e.rawExpl[:0], f.expl...)
	e.expl = appendField(e.expl[:0], f.expl)
	return e
}

// clone returns a copy of e that shares no memory with it, its fields'
// bytes in one block.
func (e *figEntry) clone() *figEntry {
	fields := [...]*[]byte{&e.head, &e.tail, &e.rawExpl, &e.expl, &e.keyUnsettled, &e.unsettledFields}
	n := 0
	for _, f := range fields {
		n += len(*f)
	}
	block := make([]byte, 0, n)
	c := &figEntry{due: e.due, unsettled: e.unsettled}
	for k, f := range [...]*[]byte{&c.head, &c.tail, &c.rawExpl, &c.expl, &c.keyUnsettled, &c.unsettledFields} {
		start := len(block)
		block = append(block, *fields[k]...)
		*f = block[start:len(block):len(block)]
	}
	return c
}

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
