package credit

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/fixed"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/internal/radix"
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
// entries in about 98 MB: each entry's subscription ID and key are kept
// once, in an arena of 1 MiB blocks (a key of 32 lowercase hex digits, as
// this package writes them, in the 16 bytes they spell); the keys are
// checked and the entries grouped by subscription by two radix sorts of
// their hashes, whatever the order they came in; and the entries of a
// subscription are found with one hash lookup, or none when the
// subscriptions are credited in the order the ledger lists them. A
// billing system whose ledger does not fit runs shards (see Shard), each
// with the entries of its own subscriptions.
//
// The zero Ledger is empty and ready to use. Add, ReadCSV and the methods
// that index it (Len, Subscriptions, Entries, Err) are not safe for
// concurrent use; once a Calculator uses the Ledger it must not be changed
// (Add refuses), and it is then safe for concurrent use.
type Ledger struct {
	arena   [][]byte    // the entries' subscription IDs and keys, in blocks of arenaBlock bytes
	entries entryBlocks // in the order added
	added   int         // entries offered, refused ones included

	windows   []ledgerWindow // interned windows
	winIndex  map[ledgerWindow]uint32
	names     []string // interned policy and plan IDs
	nameIndex map[string]uint16
	files     []string
	units     []currency.Unit // interned currencies
	unitIndex map[currency.Unit]uint8
	// The last window and names interned: rows of a ledger mostly repeat
	// them, and a comparison is cheaper than a map lookup.
	lastWindow ledgerWindow
	lastWinIdx uint32
	lastNames  [8]uint16 // the names interned last, most recent first

	// The index, built by index() when the ledger is read after an Add.
	indexed    bool
	live       int           // entries that are not copies of another or refused
	order      []uint32      // the live entries, grouped by subscription
	groups     []ledgerGroup // one per subscription
	subTable   []uint32      // open addressing over groups from home(hash): group index + 1
	tableShift uint8         // 64 − log2(len(subTable))
	conflict   []keyClash    // entries refused for a key naming another credit, in order

	problems []ledgerProblem // the first maxLedgerProblems of Add and ReadCSV
	refused  int             // problems: entries refused, and files whose header was refused

	inUse atomic.Bool // a Calculator uses the ledger: no more Add
}

// ledgerEntry is one entry of a Ledger.
type ledgerEntry struct {
	sub, key     span   // in the arena
	window       uint32 // index in windows
	policy, plan uint16 // index in names + 1; 0: none
	file         uint16 // index in files + 1; 0: none
	unit         uint8  // index in units
	state        uint8  // entryLive, entryCopy or entryConflict (set by index)
	line         uint32 // the entry's line, or its order for an entry without a file
	amount       int64  // in units of 10^-Digits(currency)
}

// The states of an entry once the ledger is indexed.
const (
	entryLive     = iota
	entryCopy     // the same credit as an earlier entry with its key: counted once
	entryConflict // its key names another credit: refused
)

// span is a byte range of the arena: off is the block's index × arenaBlock
// + the range's start in the block; n is its length, with packedKey set
// for a key stored as the bytes its hex digits spell (storeKey).
type span struct{ off, n uint32 }

// packedKey marks the span of a key of 32 lowercase hex digits, the keys
// this package writes, stored as the 16 bytes they spell: 16 MB less for
// a million entries, and half the bytes to hash and compare.
const packedKey = 1 << 31

// ledgerWindow is a window as instants (Unix seconds and nanoseconds, so
// that it can key a map whatever the zone it was written in).
type ledgerWindow struct {
	startSec, endSec int64
	startNs, endNs   int32
}

// ledgerGroup is the entries of one subscription: order[start:start+n].
type ledgerGroup struct {
	hash     uint64 // FNV-1a of the subscription ID, as Shard hashes it
	start, n uint32
}

// maxLedgerProblems bounds the problems a Ledger keeps (it counts them all).
const maxLedgerProblems = 100

// The arena's blocks, and the bounds that keep offsets and indices in 32
// bits: a subscription ID or a key fits in a block, and the arena holds
// at most 4 GiB.
const (
	arenaBlock       = 1 << 20
	maxLedgerText    = 1 << 16
	maxLedgerBlocks  = 1 << 12
	maxLedgerEntries = 1<<31 - 1
)

// errLedgerInUse is the reason Add refuses entries once a Calculator uses
// the ledger.
var errLedgerInUse = errors.New("the ledger is in use by a Calculator: build a new Ledger for another run")

// Len returns the number of entries the ledger holds: copies of an entry
// under the same key are counted once, refused entries not at all.
func (l *Ledger) Len() int {
	l.index()
	return l.live
}

// Subscriptions returns the number of subscriptions the ledger has entries
// for.
func (l *Ledger) Subscriptions() int {
	l.index()
	return len(l.groups)
}

// Add adds e to the ledger, or refuses it with a *RowError naming the
// entry (its File and Line, else its order) and the field at fault: a
// missing subscription ID, policy (with no plan either) or key; text that
// is not UTF-8 or has white space around it; a window that does not end
// after it starts; an unknown currency; an amount with more decimal places
// than the currency has, or of 10^12 or more.
//
// Keys are checked when the ledger is indexed (by Err, NewCalculator, or
// any method that reads it), whatever the order the entries came in: an
// entry whose key an earlier entry has for a different credit (another
// subscription, policy, window, currency or amount) is refused; one that
// is the same credit again (the same lines file given twice) is a copy,
// counted once.
//
// A refused entry is also kept as a problem of the ledger: NewCalculator
// refuses a ledger with problems (see Err), so that nothing is issued
// against a ledger that could not be read whole.
func (l *Ledger) Add(e Issued) error {
	l.added++
	if l.inUse.Load() {
		return l.keep(&RowError{File: e.File, Line: e.Line, Err: errLedgerInUse})
	}
	var p rowProblems
	var units int64
	checkEntry(e.Subscription, e.Policy, e.Plan, e.Key, e.WindowStart, e.WindowEnd, e.Currency, &p, func(known bool) {
		if !known {
			return
		}
		u, err := amountUnits(e.Amount, e.Currency)
		if err != nil {
			p.add(colAmount, e.Amount.String(), err)
		}
		units = u
	})
	if p.err != nil {
		p.err.File, p.err.Line = e.File, e.Line
		return l.keep(p.err)
	}
	return insertEntry(l, e.Subscription, e.Key, e.Policy, e.Plan, e.WindowStart, e.WindowEnd, e.Currency, units, e.File, e.Line)
}

// checkEntry adds to p what is wrong with the fields of an entry alone, at
// the fields that have no problem yet (a ledger file's row whose window
// could not be read is not also told its window is missing). amount checks
// the amount; known says whether the currency is, so that its places can
// be checked.
func checkEntry[T string | []byte](sub, policy, plan, key T, start, end time.Time, u currency.Unit, p *rowProblems, amount func(known bool)) {
	text := func(field string, s T, required bool) {
		switch {
		case p.has(field):
		case len(s) == 0 && required:
			p.add(field, "", errMissing)
		case len(s) > 0:
			if err := checkText(s); err != nil {
				p.add(field, string(s), err)
			}
		}
	}
	text(colSubscription, sub, true)
	text(colPolicy, policy, len(plan) == 0)
	text(colPlan, plan, false)
	switch {
	case p.has(colWindowStart) || p.has(colWindowEnd):
	case start.IsZero():
		p.add(colWindowStart, "", errMissing)
	case end.IsZero():
		p.add(colWindowEnd, "", errMissing)
	case !end.After(start):
		p.addf(colWindowEnd, end.Format(time.RFC3339Nano), "must be after window_start %s", start.Format(time.RFC3339Nano))
	}
	known := !p.has(colCurrency) && u != (currency.Unit{})
	if !known && !p.has(colCurrency) {
		p.add(colCurrency, "", errMissing)
	}
	if !p.has(colAmount) {
		amount(known)
	}
	text(colKey, key, true)
}

// insertEntry adds a checked entry to l, the last one offered: units is
// its amount in units of the currency's minor unit. It drops a copy of an
// entry already added under the same key and refuses another credit under
// that key.
func insertEntry[T string | []byte](l *Ledger, sub, key, policy, plan T, start, end time.Time, u currency.Unit, units int64, file string, line int) error {
	refuse := func(field, value string, err error) error {
		return l.keep(&RowError{File: file, Line: line, Field: field, Value: value, Err: err})
	}
	if len(l.names) >= maxLedgerNames-2 || len(l.units) >= maxLedgerUnits-1 || len(l.files) >= maxLedgerNames-1 {
		return refuse("", "", errors.New("the ledger names too many policies, plans, currencies or files"))
	}
	if len(sub) > maxLedgerText || len(key) > maxLedgerText {
		return refuse("", "", fmt.Errorf("the subscription ID or the key is absurdly long (more than %d bytes)", maxLedgerText))
	}
	if len(l.arena) >= maxLedgerBlocks-1 || l.entries.len() >= maxLedgerEntries {
		return refuse("", "", errors.New("the ledger is too large (more than 4 GB of IDs and keys, or 2^31 entries): split the run into shards"))
	}
	if file == "" && line == 0 {
		line = l.added
	}
	l.entries.add(ledgerEntry{
		sub:    store(l, sub),
		key:    storeKey(l, key),
		window: l.window(start, end),
		policy: internName(l, policy),
		plan:   internName(l, plan),
		file:   l.file(file),
		unit:   l.unit(u),
		line:   uint32(line),
		amount: units,
	})
	l.indexed = false
	return nil
}

// The columns of ledger files and the fields of Issued in problems, besides
// those of lines files Scope names (colSubscription, colCurrency,
// colAmount, colKey).
const (
	colPolicy      = "policy"
	colWindowStart = "window_start"
	colWindowEnd   = "window_end"
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
	l.problems = append(l.problems, ledgerProblem{file: l.file(file), line: line, p: p})
}

// ledgerProblem is a problem of a ledger with where it is, to list the
// problems in the order of the files and their lines (or of the entries
// added without a file).
type ledgerProblem struct {
	file uint16 // index in files + 1; 0: none
	line int
	p    problem.Problem
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
// listed; Omitted counts the others.
func (l *Ledger) Err() error {
	l.index()
	ps, n := l.allProblems()
	if n == 0 {
		return nil
	}
	return &problem.Error{Problems: ps, Omitted: n - len(ps)}
}

// allProblems returns the first maxLedgerProblems problems of an indexed
// ledger (those of Add and ReadCSV, then the keys naming two credits) and
// how many there are.
func (l *Ledger) allProblems() ([]problem.Problem, int) {
	all := slices.Clone(l.problems)
	for _, c := range l.conflict {
		if len(all) >= 2*maxLedgerProblems {
			break
		}
		e := l.entries.at(c.entry)
		p := l.problemAt(e, colKey, fmt.Sprintf("%q: also names a different credit: %s", l.keyText(e.key), l.describe(l.entries.at(c.first))))
		all = append(all, ledgerProblem{file: e.file, line: int(e.line), p: p})
	}
	slices.SortStableFunc(all, func(a, b ledgerProblem) int { return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line)) })
	ps := make([]problem.Problem, 0, min(len(all), maxLedgerProblems))
	for _, p := range all[:min(len(all), maxLedgerProblems)] {
		ps = append(ps, p.p)
	}
	return ps, l.refused + len(l.conflict)
}

// problemAt returns a problem at field of entry e.
func (l *Ledger) problemAt(e *ledgerEntry, field, msg string) problem.Problem {
	if e.file == 0 {
		return problem.Problem{Path: problem.Join(problem.Index("ledger", int(e.line)-1), field), Msg: msg}
	}
	return problem.Problem{File: l.files[e.file-1], Line: int(e.line), Path: field, Msg: msg}
}

// store appends s to the arena.
func store[T string | []byte](l *Ledger, s T) span {
	n := len(l.arena)
	if n == 0 || len(l.arena[n-1])+len(s) > arenaBlock {
		l.arena = append(l.arena, make([]byte, 0, arenaBlock))
		n++
	}
	b := &l.arena[n-1]
	sp := span{uint32((n-1)*arenaBlock + len(*b)), uint32(len(s))}
	*b = append(*b, s...)
	return sp
}

// text returns the bytes of sp: a subscription ID, or a key as stored
// (see keyText).
func (l *Ledger) text(sp span) []byte {
	pos := sp.off % arenaBlock
	return l.arena[sp.off/arenaBlock][pos : pos+sp.n&^packedKey]
}

// storeKey appends the key s to the arena: packed (see packedKey) when it
// is 32 lowercase hex digits, else as it is. Two keys are the same key if
// and only if their spans have the same n and the same bytes (sameKey).
func storeKey[T string | []byte](l *Ledger, s T) span {
	if len(s) != 2*keyBytes {
		return store(l, s)
	}
	var b [keyBytes]byte
	bad := byte(0)
	for i := range b {
		hi, lo := lowerHex[s[2*i]], lowerHex[s[2*i+1]]
		bad |= hi | lo
		b[i] = hi<<4 | lo&0xf
	}
	if bad&notHex != 0 {
		return store(l, s)
	}
	sp := store(l, b[:])
	sp.n |= packedKey
	return sp
}

// keyBytes is the length of a packed key.
const keyBytes = 16

// lowerHex maps a lowercase hex digit to its value, any other byte to
// notHex.
var lowerHex = func() (t [256]byte) {
	for c := range t {
		switch {
		case c >= '0' && c <= '9':
			t[c] = byte(c - '0')
		case c >= 'a' && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		default:
			t[c] = notHex
		}
	}
	return t
}()

const notHex = 0x10

// keyText returns the key of sp as it was given.
func (l *Ledger) keyText(sp span) string {
	if sp.n&packedKey != 0 {
		return hex.EncodeToString(l.text(sp))
	}
	return string(l.text(sp))
}

// sameKey reports whether the keys of spans a and b are the same key.
func (l *Ledger) sameKey(a, b span) bool {
	return a.n == b.n && bytes.Equal(l.text(a), l.text(b))
}

// window interns [start, end).
func (l *Ledger) window(start, end time.Time) uint32 {
	w := ledgerWindow{startSec: start.Unix(), startNs: int32(start.Nanosecond()), endSec: end.Unix(), endNs: int32(end.Nanosecond())}
	if len(l.windows) > 0 && w == l.lastWindow {
		return l.lastWinIdx
	}
	if i, ok := l.winIndex[w]; ok {
		l.lastWindow, l.lastWinIdx = w, i
		return i
	}
	if l.winIndex == nil {
		l.winIndex = make(map[ledgerWindow]uint32)
	}
	i := uint32(len(l.windows))
	l.windows = append(l.windows, w)
	l.winIndex[w] = i
	l.lastWindow, l.lastWinIdx = w, i
	return i
}

func (w ledgerWindow) start() time.Time { return time.Unix(w.startSec, int64(w.startNs)).UTC() }
func (w ledgerWindow) end() time.Time   { return time.Unix(w.endSec, int64(w.endNs)).UTC() }

// internName interns a policy or plan ID; 0 for "".
func internName[T string | []byte](l *Ledger, s T) uint16 {
	if len(s) == 0 {
		return 0
	}
	for _, i := range l.lastNames {
		if i != 0 && l.names[i-1] == string(s) {
			return i
		}
	}
	if i, ok := l.nameIndex[string(s)]; ok {
		copy(l.lastNames[1:], l.lastNames[:])
		l.lastNames[0] = i
		return i
	}
	if l.nameIndex == nil {
		l.nameIndex = make(map[string]uint16)
	}
	l.names = append(l.names, string(s))
	i := uint16(len(l.names))
	l.nameIndex[string(s)] = i
	copy(l.lastNames[1:], l.lastNames[:])
	l.lastNames[0] = i
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
	if len(l.units) <= 16 { // a ledger has a few currencies: scan them
		if i := slices.Index(l.units, u); i >= 0 {
			return uint8(i)
		}
	}
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

// slot spreads an FNV-1a hash over all its bits before it is masked to a
// table's size: the low bits of FNV-1a alone cluster IDs that differ only
// in their last characters, and linear probing then degrades.
func slot(h uint64) uint64 { return fixed.Mix64(h) }

// unslot returns the hash h whose slot(h) is x: fixed.Mix64's steps
// undone in reverse order (each x ^= x>>k by x ^= x>>k ^ x>>2k ^ …, each
// product by the inverse of its odd factor modulo 2^64).
func unslot(x uint64) uint64 {
	x ^= x>>31 ^ x>>62
	x *= 0x319642b2d24d8ec3 // 0x94d049bb133111eb⁻¹
	x ^= x>>27 ^ x>>54
	x *= 0x96de1b173f119089 // 0xbf58476d1ce4e5b9⁻¹
	return x ^ x>>30 ^ x>>60
}

// tableSize returns the size of a hash table for n items: a power of two
// of at least 2n, so that probes are short.
func tableSize(n int) int {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return size
}

// index checks the keys of the entries and groups the live ones by
// subscription, unless the ledger is indexed already. Both work on the
// hashes of the keys and IDs, radix-sorted, so that a million entries
// take a few linear passes instead of a million random probes, and what
// the ledger says does not depend on the order the entries were added in
// (only where its groups lie in memory does: see inAddedOrder).
func (l *Ledger) index() {
	if l.indexed {
		return
	}
	l.indexed = true
	// The keys are checked, then the IDs sorted in the same scratch (two
	// arrays of 16 bytes an entry, which the run's memory would otherwise
	// grow on top of); the groups are made of the entries the keys left
	// live.
	n := l.entries.len()
	pairs, buf := make([]hashed, n), make([]hashed, n)
	dead := l.checkKeys(pairs, buf)
	// The IDs' hashes are sorted spread (slot), as the table places them,
	// and the groups keep them as FNV-1a (unslot): one spread per entry.
	for i := range uint32(l.entries.len()) {
		pairs[i] = hashed{slot(fnv1a(l.text(l.entries.at(i).sub))), uint32(i)}
	}
	sortHashes(pairs, buf)
	if len(dead) > 0 {
		// Marked in a bitset, which the pairs (in the order of their
		// hashes) read at random without a cache miss each.
		out := make([]uint64, (n+63)/64)
		for _, i := range dead {
			out[i/64] |= 1 << (i % 64)
		}
		pairs = slices.DeleteFunc(pairs, func(h hashed) bool { return out[h.idx/64]&(1<<(h.idx%64)) != 0 })
	}
	l.live = len(pairs)

	// Split where the ID changes.
	l.order = slices.Grow(l.order[:0], len(pairs))
	l.groups = slices.Grow(l.groups[:0], len(pairs)) // at most one group per entry: no copies while it grows
	for lo := 0; lo < len(pairs); {
		hi := lo + 1
		for hi < len(pairs) && pairs[hi].hash == pairs[lo].hash {
			hi++
		}
		run := pairs[lo:hi]
		if len(run) == 1 {
			// One entry: its own group, its ID not read.
			l.order = append(l.order, run[0].idx)
			l.groups = append(l.groups, ledgerGroup{hash: unslot(run[0].hash), start: uint32(len(l.order) - 1), n: 1})
			lo = hi
			continue
		}
		// Different IDs with one hash are rare but possible.
		slices.SortStableFunc(run, func(a, b hashed) int {
			return bytes.Compare(l.text(l.entries.at(a.idx).sub), l.text(l.entries.at(b.idx).sub))
		})
		for k := 0; k < len(run); {
			start := len(l.order)
			id := l.text(l.entries.at(run[k].idx).sub)
			for ; k < len(run) && bytes.Equal(l.text(l.entries.at(run[k].idx).sub), id); k++ {
				l.order = append(l.order, run[k].idx)
			}
			l.groups = append(l.groups, ledgerGroup{hash: unslot(run[0].hash), start: uint32(start), n: uint32(len(l.order) - start)})
		}
		lo = hi
	}
	pairs = nil
	// The groups are in the order of the top bits of slot(hash), which
	// are where home puts them in the table: it is filled from one end to
	// the other, with their numbers once renumbered.
	sorted := l.groups
	renumber := l.inAddedOrder()
	size := tableSize(len(l.groups))
	l.subTable, l.tableShift = make([]uint32, size), uint8(64-bits.Len(uint(size-1)))
	mask := uint64(size - 1)
	for g := range sorted {
		s := l.home(sorted[g].hash)
		for l.subTable[s] != 0 {
			s = (s + 1) & mask
		}
		l.subTable[s] = renumber[g]
	}
}

// home returns where find looks first in subTable for the subscription
// whose FNV-1a hash is h: the top bits of slot(h).
func (l *Ledger) home(h uint64) uint64 { return slot(h) >> l.tableShift }

// inAddedOrder renumbers the groups in the order their subscriptions first
// appear among the entries, each group's entries in the order added. A
// ledger that lists its subscriptions in the order a run reads them (the
// lines file of an earlier run on the same input, an export sorted as the
// subscriptions are) is then read from one end to the other by the run's
// lookups instead of at random: only the probe of subTable misses the
// cache. Two linear passes; what the ledger says does not change. It
// returns the new number + 1 of each group.
func (l *Ledger) inAddedOrder() []uint32 {
	groupOf := make([]uint32, l.entries.len()) // entry → its group + 1; 0: not live
	for g, grp := range l.groups {
		for _, i := range l.order[grp.start : grp.start+grp.n] {
			groupOf[i] = uint32(g) + 1
		}
	}
	renumber := make([]uint32, len(l.groups)) // group → its new number + 1
	groups := make([]ledgerGroup, 0, len(l.groups))
	for _, g := range groupOf {
		if g != 0 && renumber[g-1] == 0 {
			groups = append(groups, ledgerGroup{hash: l.groups[g-1].hash, n: l.groups[g-1].n})
			renumber[g-1] = uint32(len(groups))
		}
	}
	start := uint32(0)
	for k := range groups {
		groups[k].start, start, groups[k].n = start, start+groups[k].n, 0
	}
	for i, g := range groupOf {
		if g != 0 {
			ng := &groups[renumber[g-1]-1]
			l.order[ng.start+ng.n] = uint32(i)
			ng.n++
		}
	}
	l.groups = groups
	return renumber
}

// checkKeys sets the state of every entry and lists the conflicts: within
// a run of equal key hashes (in the order added), an entry whose key an
// earlier one has is a copy when it is the same credit, else a conflict.
// firsts holds the first entry of each distinct key of the run (one,
// unless two keys share a hash). pairs and buf, of one element per entry,
// are its scratch. It returns the entries it left not live (copies and
// conflicts), in no order.
func (l *Ledger) checkKeys(pairs, buf []hashed) (dead []uint32) {
	n := l.entries.len()
	for i := range uint32(l.entries.len()) {
		e := l.entries.at(i)
		e.state = entryLive
		pairs[i] = hashed{slot(fnv1a(l.text(e.key))), uint32(i)}
	}
	sortHashes(pairs, buf)
	l.conflict = l.conflict[:0]
	var firsts []uint32
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && pairs[hi].hash == pairs[lo].hash {
			hi++
		}
		firsts = append(firsts[:0], pairs[lo].idx)
		for k := lo + 1; k < hi; k++ {
			i := pairs[k].idx
			e := l.entries.at(i)
			f := slices.IndexFunc(firsts, func(j uint32) bool { return l.sameKey(l.entries.at(j).key, e.key) })
			switch {
			case f < 0:
				firsts = append(firsts, i)
			case l.sameCredit(l.entries.at(firsts[f]), e):
				e.state = entryCopy
				dead = append(dead, i)
			default:
				e.state = entryConflict
				l.conflict = append(l.conflict, keyClash{entry: i, first: firsts[f]})
				dead = append(dead, i)
			}
		}
		lo = hi
	}
	slices.SortFunc(l.conflict, func(a, b keyClash) int { return cmp.Compare(a.entry, b.entry) })
	return dead
}

// sortHashes orders pairs so that equal hashes are adjacent, each run in
// the order of the entries (by index). The hashes must be spread over all
// their bits (slot). It radix-sorts by their top bits only, about two more
// than there are bits in the number of pairs (two linear passes for a
// million), which leaves runs of equal top bits of a pair or two, then
// sorts each run by the whole hash, stably: a short run by insertion, with
// no call per run.
func sortHashes(pairs, buf []hashed) {
	shift := 64 - min(bits.Len(uint(len(pairs)))+2, 64)
	radix.SortStable(pairs, buf, func(h *hashed) uint64 { return h.hash >> shift })
	for lo := 0; lo < len(pairs); {
		top := pairs[lo].hash >> shift
		hi := lo + 1
		for hi < len(pairs) && pairs[hi].hash>>shift == top {
			hi++
		}
		if hi-lo > 16 { // a long run (hashes chosen to collide?): n log n, not quadratic
			slices.SortStableFunc(pairs[lo:hi], func(a, b hashed) int { return cmp.Compare(a.hash, b.hash) })
			lo = hi
			continue
		}
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && pairs[j-1].hash > pairs[j].hash; j-- {
				pairs[j-1], pairs[j] = pairs[j], pairs[j-1]
			}
		}
		lo = hi
	}
}

// hashed is an entry's index with the hash of its key or ID.
type hashed struct {
	hash uint64
	idx  uint32
}

// keyClash is an entry refused because the first entry with its key
// records another credit.
type keyClash struct{ entry, first uint32 }

// sameCredit reports whether entries a and b record the same credit: the
// same subscription, window, currency and amount, and the same policy
// when both name one.
func (l *Ledger) sameCredit(a, b *ledgerEntry) bool {
	return bytes.Equal(l.text(a.sub), l.text(b.sub)) && a.window == b.window && a.unit == b.unit && a.amount == b.amount &&
		(a.policy == 0 || b.policy == 0 || a.policy == b.policy)
}

// find returns the group of the subscription id, whose FNV-1a hash is h,
// in an indexed ledger.
func (l *Ledger) find(h uint64, id []byte) (uint32, bool) {
	if len(l.subTable) == 0 {
		return 0, false
	}
	mask := uint64(len(l.subTable) - 1)
	for s := l.home(h); ; s = (s + 1) & mask {
		v := l.subTable[s]
		if v == 0 {
			return 0, false
		}
		if l.groupIs(v-1, h, id) {
			return v - 1, true
		}
	}
}

// groupIs reports whether group g is that of the subscription id, whose
// FNV-1a hash is h.
func (l *Ledger) groupIs(g uint32, h uint64, id []byte) bool {
	grp := &l.groups[g]
	return grp.hash == h && bytes.Equal(l.text(l.entries.at(l.order[grp.start]).sub), id)
}

// findNear is find for a caller that looks subscriptions up in about the
// order the ledger lists them (a run on the input whose lines file is the
// ledger: see inAddedOrder): *next, the group after the last one found,
// is tried before the table, whose probe at a random place misses the
// cache, and is then set after the group found.
func (l *Ledger) findNear(next *uint32, h uint64, id []byte) (uint32, bool) {
	if g := *next; g < uint32(len(l.groups)) && l.groupIs(g, h, id) {
		*next = g + 1
		return g, true
	}
	g, ok := l.find(h, id)
	if ok {
		*next = g + 1
	}
	return g, ok
}

// Entries returns the entries of the subscription id, in the order they
// were added (copies and refused entries left out); File and Line locate
// each.
func (l *Ledger) Entries(id string) []Issued {
	l.index()
	g, ok := l.find(fnv1a(id), []byte(id))
	if !ok {
		return nil
	}
	grp := l.groups[g]
	idx := slices.Clone(l.order[grp.start : grp.start+grp.n])
	slices.Sort(idx)
	out := make([]Issued, len(idx))
	for k, i := range idx {
		out[k] = l.issued(l.entries.at(i))
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
		Key:          l.keyText(e.key),
		Line:         int(e.line),
	}
	if e.file != 0 {
		is.File = l.files[e.file-1]
	}
	return is
}

// entryBlockBits sets the size of a block of entries: 2^15 entries, 1.25
// MiB.
const entryBlockBits = 15

// entryBlocks holds a ledger's entries in blocks of a fixed size, so that
// adding entries never copies the earlier ones: a growing slice of a
// million entries would allocate several times their 40 MB while it grows,
// and hold the old array beside the new one at each step.
type entryBlocks struct {
	blocks [][]ledgerEntry
	n      int
}

// len returns the number of entries.
func (b *entryBlocks) len() int { return b.n }

// at returns entry i, which must be below len.
func (b *entryBlocks) at(i uint32) *ledgerEntry {
	return &b.blocks[i>>entryBlockBits][i&(1<<entryBlockBits-1)]
}

// add appends e.
func (b *entryBlocks) add(e ledgerEntry) {
	if b.n&(1<<entryBlockBits-1) == 0 {
		b.blocks = append(b.blocks, make([]ledgerEntry, 0, 1<<entryBlockBits))
	}
	last := &b.blocks[len(b.blocks)-1]
	*last = append(*last, e)
	b.n++
}
