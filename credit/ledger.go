package credit

import (
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/problem"
)

// Issued is one credit a billing system has already issued: a row of its
// ledger (a table of credit adjustments, or a line of a lines file an
// earlier run wrote). Settlement subtracts the sum of what was issued for a
// subscription, a policy and a window from what is due for them now.
//
// Issued is a plain value: safe for concurrent use.
type Issued struct {
	// Subscription is the ID of the subscription credited.
	Subscription string
	// Policy is the ID of the SLA policy whose window was credited. It may
	// be left empty when Plan is set: the entry is then for the policy
	// that plan is measured by (lines files written before the policy
	// column existed name only the plan).
	Policy string
	// Plan is the ID of the plan of the subscription, when known.
	Plan string
	// WindowStart and WindowEnd are the window credited, [start, end): one
	// of the policy's windows.
	WindowStart, WindowEnd time.Time
	// Currency and Amount are what was issued: an amount in the currency's
	// minor unit at most ("0.30" USD, "20" JPY), negative for a reversal.
	Currency currency.Unit
	Amount   decimal.Decimal
	// Key is the idempotency key the credit was issued under; it names one
	// credit, so two entries with the same key must be the same entry.
	Key string
	// File and Line locate the entry in problems; leave them zero for an
	// entry read from a database, which problems then name by its order
	// (the n-th entry added).
	File string
	Line int
}

// A Ledger is what was already issued, indexed by subscription: the
// entries (Issued) a billing system fills from its database with Add, or
// reads from files with ReadCSV. A Calculator built with a Ledger
// (Config.Ledger) settles every window of every subscription against it.
//
// # Why a value and not a query per subscription
//
// The calculator needs the entries of a subscription when it credits
// that subscription, millions of times a second. Asking a database per
// subscription (an interface called by Run) would make the run as slow as
// a million round trips and leave the ledger half-checked when the first
// line is out. A Ledger is instead filled before the run, checked whole
// (a key seen twice with different amounts, a window that is not one of
// the policy's, a currency no plan of the policy is billed in, an amount
// with more places than its currency: every problem located, and no line
// issued while there is one), and indexed in memory that holds a million
// entries in about 100 MB: each entry's subscription ID and key are kept
// once, in one byte arena, and the entries of a subscription are found
// with one hash lookup. A billing system whose ledger does not fit runs
// shards (see Shard), each with the entries of its own subscriptions.
//
// The zero Ledger is empty and ready to use. Add and ReadCSV are not safe
// for concurrent use; once a Calculator uses the Ledger it must not be
// changed (Add refuses), and it is then safe for concurrent use.
type Ledger struct {
	arena   []byte        // the entries' subscription IDs and keys
	entries []ledgerEntry // in the order added; duplicates are not kept
	added   int           // entries offered, duplicates and refused ones included
	dups    int           // entries dropped as copies of another (same key, same credit)

	windows   []ledgerWindow // interned windows
	winIndex  map[ledgerWindow]uint32
	names     []string // interned policy and plan IDs
	nameIndex map[string]uint16
	files     []string
	units     []currency.Unit // interned currencies
	unitIndex map[currency.Unit]uint8

	groups   []ledgerGroup // one per subscription
	subTable []uint32      // open addressing over groups by ID hash: group index + 1
	keyTable []uint32      // open addressing over entries by key hash: entry index + 1

	problems []problem.Problem // the first maxLedgerProblems
	refused  int               // problems: entries refused, and files whose header was refused

	inUse atomic.Bool // a Calculator uses the ledger: no more Add
}

// ledgerEntry is one entry of a Ledger.
type ledgerEntry struct {
	sub, key     span   // in the arena
	next         uint32 // the next entry of the same subscription + 1; 0: none
	window       uint32 // index in windows
	policy, plan uint16 // index in names + 1; 0: none
	file         uint16 // index in files + 1; 0: none
	unit         uint8  // index in units
	line         uint32 // the entry's line, or its order for an entry without a file
	amount       int64  // in units of 10^-Digits(currency)
}

// span is a byte range of the arena.
type span struct{ off, n uint32 }

// ledgerWindow is a window as instants (Unix seconds and nanoseconds, so
// that it can key a map whatever the zone it was written in).
type ledgerWindow struct {
	startSec, endSec int64
	startNs, endNs   int32
}

// ledgerGroup is the entries of one subscription.
type ledgerGroup struct {
	hash uint64 // FNV-1a of the subscription ID, as Shard hashes it
	head uint32 // index of its first entry (the last added)
}

// maxLedgerProblems bounds the problems a Ledger keeps (it counts them all).
const maxLedgerProblems = 100

// maxLedgerArena bounds the arena: offsets are 32-bit.
const maxLedgerArena = 1<<32 - 1

// errLedgerInUse is the reason Add refuses entries once a Calculator uses
// the ledger.
var errLedgerInUse = errors.New("the ledger is in use by a Calculator: build a new Ledger for another run")

// Len returns the number of entries the ledger holds (copies of an entry
// under the same key counted once).
func (l *Ledger) Len() int { return len(l.entries) }

// Subscriptions returns the number of subscriptions the ledger has entries
// for.
func (l *Ledger) Subscriptions() int { return len(l.groups) }

// Add adds e to the ledger, or refuses it with a *RowError naming the
// entry (its File and Line, else its order) and the field at fault: a
// missing subscription ID, policy (with no plan either) or key; text that
// is not UTF-8 or has white space around it; a window that does not end
// after it starts; an unknown currency; an amount with more decimal places
// than the currency has, or of 10^12 or more; a key already added for a
// different credit (another subscription, policy, window, currency or
// amount). An entry equal to one already added under the same key (the
// same lines file given twice) is a copy: it is dropped, not counted
// twice.
//
// A refused entry is also kept as a problem of the ledger: NewCalculator
// refuses a ledger with problems (see Err), so that nothing is issued
// against a ledger that could not be read whole.
func (l *Ledger) Add(e Issued) error {
	l.added++
	if l.inUse.Load() {
		return l.refuse(&e, "", "", errLedgerInUse)
	}
	var p rowProblems
	units := checkIssued(&e, &p)
	if p.err != nil {
		p.err.File, p.err.Line = e.File, e.Line
		return l.keep(p.err)
	}
	if len(l.names) >= maxLedgerNames-2 || len(l.units) >= maxLedgerUnits-1 || len(l.files) >= maxLedgerNames-1 {
		return l.refuse(&e, "", "", errors.New("the ledger names too many policies, plans, currencies or files"))
	}
	if len(l.arena)+len(e.Subscription)+len(e.Key) > maxLedgerArena {
		return l.refuse(&e, "", "", errors.New("the ledger is too large (more than 4 GB of IDs and keys): split the run into shards"))
	}
	n := ledgerEntry{
		window: l.window(e.WindowStart, e.WindowEnd),
		policy: l.name(e.Policy),
		plan:   l.name(e.Plan),
		file:   l.file(e.File),
		unit:   l.unit(e.Currency),
		line:   uint32(l.lineOf(&e)),
		amount: units,
	}
	if i, found := l.findKey(e.Key); found {
		o := &l.entries[i]
		if l.sameCredit(o, &n, e.Subscription) {
			l.dups++
			return nil
		}
		return l.refuse(&e, colKey, e.Key, fmt.Errorf("also names a different credit: %s", l.describe(o)))
	}
	n.sub = l.store(e.Subscription)
	n.key = l.store(e.Key)
	idx := uint32(len(l.entries))
	l.entries = append(l.entries, n)
	l.insertKey(idx)
	l.link(idx, fnv1a(e.Subscription))
	return nil
}

// checkIssued adds to p what is wrong with e alone, at the fields that
// have no problem yet (a ledger file's row whose amount could not be read
// is not also told its amount is missing), and returns its amount in units
// of its currency's minor unit.
func checkIssued(e *Issued, p *rowProblems) int64 {
	text := func(field, s string, required bool) {
		switch {
		case p.has(field):
		case s == "" && required:
			p.add(field, "", errMissing)
		case s != "":
			if err := checkText(s); err != nil {
				p.add(field, s, err)
			}
		}
	}
	text(colSubscription, e.Subscription, true)
	text(colPolicy, e.Policy, e.Plan == "")
	text(colPlan, e.Plan, false)
	switch {
	case p.has(colWindowStart) || p.has(colWindowEnd):
	case e.WindowStart.IsZero():
		p.add(colWindowStart, "", errMissing)
	case e.WindowEnd.IsZero():
		p.add(colWindowEnd, "", errMissing)
	case !e.WindowEnd.After(e.WindowStart):
		p.addf(colWindowEnd, e.WindowEnd.Format(time.RFC3339Nano), "must be after window_start %s", e.WindowStart.Format(time.RFC3339Nano))
	}
	var units int64
	switch {
	case p.has(colCurrency):
	case e.Currency == (currency.Unit{}):
		p.add(colCurrency, "", errMissing)
	case p.has(colAmount):
	default:
		u, err := amountUnits(e.Amount, e.Currency)
		if err != nil {
			p.add(colAmount, e.Amount.String(), err)
		}
		units = u
	}
	text(colKey, e.Key, true)
	return units
}

// The columns of ledger files and the fields of Issued in problems.
const (
	colSubscription = "subscription_id"
	colPolicy       = "policy"
	colWindowStart  = "window_start"
	colWindowEnd    = "window_end"
	colCurrency     = "currency"
	colAmount       = "amount"
	colKey          = "idempotency_key"
)

// amountUnits returns d in units of u's minor unit (0.30 USD → 30), or why
// it is not an amount of u: more decimal places than u has, or a magnitude
// of 10^12 or more.
func amountUnits(d decimal.Decimal, u currency.Unit) (int64, error) {
	digits := Digits(u)
	if places(d) > digits {
		return 0, fmt.Errorf("has more decimal places than %s has (%d)", u, digits)
	}
	if d.Abs().Cmp(maxAmount) >= 0 {
		return 0, fmt.Errorf("is absurdly large (must be below 10^%d)", maxAmountDigits)
	}
	return d.Shift(int32(digits)).IntPart(), nil
}

// The interned names, files and currencies are numbered in 16 and 8 bits.
const (
	maxLedgerNames = 1 << 16
	maxLedgerUnits = 1 << 8
)

// lineOf returns the line of e, or for an entry without a file or line its
// order among the entries added (1 for the first).
func (l *Ledger) lineOf(e *Issued) int {
	if e.File == "" && e.Line == 0 {
		return l.added
	}
	return e.Line
}

// refuse keeps and returns a problem of entry e at field.
func (l *Ledger) refuse(e *Issued, field, value string, err error) error {
	return l.keep(&RowError{File: e.File, Line: e.Line, Field: field, Value: value, Err: err})
}

// keep records re, a problem of the last entry added, as a problem of the
// ledger and returns it.
func (l *Ledger) keep(re *RowError) error {
	l.refused++
	line := re.Line
	if re.File == "" && line == 0 {
		line = l.added
	}
	l.problem(re.File, line, re.Field, fieldMessage(re.Field, re.Value, re.Err))
	for _, f := range re.Also {
		l.problem(re.File, line, f.Field, fieldMessage(f.Field, f.Value, f.Err))
	}
	return re
}

// problem records a problem of the ledger, up to maxLedgerProblems, at
// field of the entry on line of file, or of the line-th entry added when
// file is empty ("ledger[11].amount").
func (l *Ledger) problem(file string, line int, field, msg string) {
	if len(l.problems) >= maxLedgerProblems {
		return
	}
	p := problem.Problem{File: file, Line: line, Path: field, Msg: msg}
	if file == "" {
		p.Line, p.Path = 0, problem.Join(problem.Index("ledger", line-1), field)
	}
	l.problems = append(l.problems, p)
}

// fieldMessage is the message of a problem at field: the value quoted and
// the reason, or the reason alone for a problem of the whole row.
func fieldMessage(field, value string, err error) string {
	if field == "" {
		return err.Error()
	}
	return strconv.Quote(value) + ": " + err.Error()
}

// Err returns the problems of the ledger (its refused entries) as a
// *rca.ValidationError, each with its file and line (or entry number) and
// field, or nil when there is none. At most the first 100 problems are
// listed, followed by a count of the others.
func (l *Ledger) Err() error {
	if l.refused == 0 {
		return nil
	}
	ps := append([]problem.Problem(nil), l.problems...)
	if more := l.refused - len(l.problems); more > 0 {
		ps = append(ps, problem.Problem{Msg: fmt.Sprintf("… and %d more refused ledger entries", more)})
	}
	return &problem.Error{Problems: ps}
}

// store appends s to the arena.
func (l *Ledger) store(s string) span {
	sp := span{uint32(len(l.arena)), uint32(len(s))}
	l.arena = append(l.arena, s...)
	return sp
}

func (l *Ledger) text(sp span) []byte { return l.arena[sp.off : sp.off+sp.n] }

// window interns [start, end).
func (l *Ledger) window(start, end time.Time) uint32 {
	w := ledgerWindow{startSec: start.Unix(), startNs: int32(start.Nanosecond()), endSec: end.Unix(), endNs: int32(end.Nanosecond())}
	if i, ok := l.winIndex[w]; ok {
		return i
	}
	if l.winIndex == nil {
		l.winIndex = make(map[ledgerWindow]uint32)
	}
	i := uint32(len(l.windows))
	l.windows = append(l.windows, w)
	l.winIndex[w] = i
	return i
}

func (w ledgerWindow) start() time.Time { return time.Unix(w.startSec, int64(w.startNs)).UTC() }
func (w ledgerWindow) end() time.Time   { return time.Unix(w.endSec, int64(w.endNs)).UTC() }

// name interns a policy or plan ID; 0 for "".
func (l *Ledger) name(s string) uint16 {
	if s == "" {
		return 0
	}
	if i, ok := l.nameIndex[s]; ok {
		return i
	}
	if l.nameIndex == nil {
		l.nameIndex = make(map[string]uint16)
	}
	l.names = append(l.names, s)
	i := uint16(len(l.names))
	l.nameIndex[s] = i
	return i
}

func (l *Ledger) nameOf(i uint16) string {
	if i == 0 {
		return ""
	}
	return l.names[i-1]
}

// file interns a file name; 0 for "".
func (l *Ledger) file(s string) uint16 {
	if s == "" {
		return 0
	}
	if n := len(l.files); n > 0 && l.files[n-1] == s {
		return uint16(n)
	}
	for i, f := range l.files {
		if f == s {
			return uint16(i + 1)
		}
	}
	l.files = append(l.files, s)
	return uint16(len(l.files))
}

// unit interns a currency.
func (l *Ledger) unit(u currency.Unit) uint8 {
	if i, ok := l.unitIndex[u]; ok {
		return i
	}
	if l.unitIndex == nil {
		l.unitIndex = make(map[currency.Unit]uint8)
	}
	i := uint8(len(l.units))
	l.units = append(l.units, u)
	l.unitIndex[u] = i
	return i
}

// sameCredit reports whether n, an entry for subscription sub not yet
// stored, is the credit o is: the same subscription, window, currency and
// amount, and the same policy when both name one.
func (l *Ledger) sameCredit(o, n *ledgerEntry, sub string) bool {
	return string(l.text(o.sub)) == sub && o.window == n.window && o.unit == n.unit && o.amount == n.amount &&
		(o.policy == 0 || n.policy == 0 || o.policy == n.policy)
}

// amountOf returns the amount of e as a decimal.
func (l *Ledger) amountOf(e *ledgerEntry) decimal.Decimal {
	u := l.units[e.unit]
	return decimal.New(e.amount, int32(-Digits(u)))
}

// where locates e: "issued.csv:12", or "ledger[11]" for the 12th entry
// added without a file.
func (l *Ledger) where(e *ledgerEntry) string {
	if e.file == 0 {
		return problem.Index("ledger", int(e.line)-1)
	}
	return l.files[e.file-1] + ":" + strconv.FormatUint(uint64(e.line), 10)
}

// describe names the credit of e and where it is, for problems.
func (l *Ledger) describe(e *ledgerEntry) string {
	w := l.windows[e.window]
	u := l.units[e.unit]
	return fmt.Sprintf("%s %s to subscription %q for %s – %s (%s)",
		FormatAmount(l.amountOf(e), u), u, l.text(e.sub), w.start().Format(time.RFC3339), w.end().Format(time.RFC3339), l.where(e))
}

// findKey returns the index of the entry with key, if any.
func (l *Ledger) findKey(key string) (uint32, bool) {
	if len(l.keyTable) == 0 {
		return 0, false
	}
	mask := uint64(len(l.keyTable) - 1)
	for s := fnv1a(key) & mask; ; s = (s + 1) & mask {
		v := l.keyTable[s]
		if v == 0 {
			return 0, false
		}
		if string(l.text(l.entries[v-1].key)) == key {
			return v - 1, true
		}
	}
}

// insertKey adds entry idx to the key table, growing it to keep it at
// most half full.
func (l *Ledger) insertKey(idx uint32) {
	if 2*(len(l.entries)) > len(l.keyTable) {
		l.keyTable = make([]uint32, tableSize(len(l.entries)))
		for i := range l.entries[:idx] {
			l.placeKey(uint32(i))
		}
	}
	l.placeKey(idx)
}

func (l *Ledger) placeKey(idx uint32) {
	mask := uint64(len(l.keyTable) - 1)
	s := fnv1a(l.text(l.entries[idx].key)) & mask
	for l.keyTable[s] != 0 {
		s = (s + 1) & mask
	}
	l.keyTable[s] = idx + 1
}

// tableSize returns the size of a hash table for n items: a power of two
// of at least 4n, so that it stays at most half full until n doubles.
func tableSize(n int) int {
	size := 16
	for size < 4*n {
		size *= 2
	}
	return size
}

// link adds entry idx to the entries of the subscription whose ID hashes
// to h, creating its group when it is the first.
func (l *Ledger) link(idx uint32, h uint64) {
	g, ok := l.find(h, l.text(l.entries[idx].sub))
	if ok {
		l.entries[idx].next = l.groups[g].head + 1
		l.groups[g].head = idx
		return
	}
	l.groups = append(l.groups, ledgerGroup{hash: h, head: idx})
	if 2*len(l.groups) > len(l.subTable) {
		l.subTable = make([]uint32, tableSize(len(l.groups)))
		for i := range l.groups {
			l.placeGroup(uint32(i))
		}
		return
	}
	l.placeGroup(uint32(len(l.groups) - 1))
}

func (l *Ledger) placeGroup(g uint32) {
	mask := uint64(len(l.subTable) - 1)
	s := l.groups[g].hash & mask
	for l.subTable[s] != 0 {
		s = (s + 1) & mask
	}
	l.subTable[s] = g + 1
}

// find returns the group of the subscription id, whose FNV-1a hash is h.
func (l *Ledger) find(h uint64, id []byte) (uint32, bool) {
	if len(l.subTable) == 0 {
		return 0, false
	}
	mask := uint64(len(l.subTable) - 1)
	for s := h & mask; ; s = (s + 1) & mask {
		v := l.subTable[s]
		if v == 0 {
			return 0, false
		}
		g := &l.groups[v-1]
		if g.hash == h && string(l.text(l.entries[g.head].sub)) == string(id) {
			return v - 1, true
		}
	}
}

// Entries returns the entries of the subscription id, in no particular
// order, each with its amount, window and key; File and Line locate it.
func (l *Ledger) Entries(id string) []Issued {
	g, ok := l.find(fnv1a(id), []byte(id))
	if !ok {
		return nil
	}
	var out []Issued
	for i := l.groups[g].head + 1; i != 0; i = l.entries[i-1].next {
		out = append(out, l.issued(&l.entries[i-1]))
	}
	return out
}

// issued returns e as an Issued.
func (l *Ledger) issued(e *ledgerEntry) Issued {
	w := l.windows[e.window]
	is := Issued{
		Subscription: string(l.text(e.sub)),
		Policy:       l.nameOf(e.policy),
		Plan:         l.nameOf(e.plan),
		WindowStart:  w.start(),
		WindowEnd:    w.end(),
		Currency:     l.units[e.unit],
		Amount:       l.amountOf(e),
		Key:          string(l.text(e.key)),
		Line:         int(e.line),
	}
	if e.file != 0 {
		is.File = l.files[e.file-1]
	}
	return is
}
