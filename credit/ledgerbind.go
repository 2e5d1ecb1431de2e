package credit

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/sla"
)

// ledgerBinding is a Ledger as a Calculator reads it: the policy each
// entry is for, among the calculator's, and where each of the ledger's
// windows is among the windows the calculator measures for that policy.
// It is read-only once built.
type ledgerBinding struct {
	l        *Ledger
	policies []*sla.Policy // the calculator's policies, numbered
	byName   []int32       // by ledger name index: the number of the policy of that ID, -1 for none
	byPlan   []int32       // by ledger name index: the number of the policy of the plan of that ID, -1 for none
	// wins[p][w] is the index of ledger window w among the windows the
	// calculator measures for policy p, -1 when it measures no such
	// window (an earlier month: nothing to settle in this run).
	wins [][]int32
}

// bindLedger checks the ledger l against the calculator's plans (by ID,
// with their policy and currency) and records every problem in list: the
// problems l kept when its entries were added, a window that is not one
// of its policy's windows, a currency no plan of its policy is billed in.
// It marks l as in use, so that it no longer changes.
func bindLedger(list *problem.List, l *Ledger, plans map[string]*planState) *ledgerBinding {
	l.inUse.Store(true)
	l.index()
	b := &ledgerBinding{l: l}
	number := make(map[*sla.Policy]int32)
	currencies := make(map[*sla.Policy][]currency.Unit)
	for _, st := range plans {
		if _, ok := number[st.policy]; !ok {
			number[st.policy] = int32(len(b.policies))
			b.policies = append(b.policies, st.policy)
		}
		st.ledgerPolicy = number[st.policy]
		if cs := currencies[st.policy]; !containsUnit(cs, st.plan.Currency) {
			currencies[st.policy] = append(cs, st.plan.Currency)
		}
	}
	b.byName = make([]int32, len(l.names)+1)
	b.byPlan = make([]int32, len(l.names)+1)
	for i := range b.byName {
		b.byName[i], b.byPlan[i] = -1, -1
	}
	for p, pol := range b.policies {
		if i, ok := l.nameIndex[pol.ID]; ok {
			b.byName[i] = int32(p)
		}
	}
	for id, st := range plans {
		if i, ok := l.nameIndex[id]; ok {
			b.byPlan[i] = st.ledgerPolicy
		}
	}
	b.wins = make([][]int32, len(b.policies))
	for p := range b.wins {
		b.wins[p] = make([]int32, len(l.windows))
		for w := range b.wins[p] {
			b.wins[p][w] = -1
		}
	}
	for _, st := range plans {
		for i, win := range st.windows {
			lw := ledgerWindow{startSec: win.Start.Unix(), startNs: int32(win.Start.Nanosecond()), endSec: win.End.Unix(), endNs: int32(win.End.Nanosecond())}
			if w, ok := l.winIndex[lw]; ok {
				b.wins[st.ledgerPolicy][w] = int32(i)
			}
		}
	}

	ps, refused := l.allProblems()
	for _, p := range ps {
		list.AddProblem(p)
	}
	shown := len(ps)
	add := func(e *ledgerEntry, field, msg string) {
		refused++
		if shown < maxLedgerProblems {
			shown++
			list.AddProblem(l.problemAt(e, field, msg))
		}
	}
	checked := make(map[[2]int32]bool) // (policy, window) pairs whose window was checked
	for i := range uint32(l.entries.len()) {
		e := l.entries.at(i)
		if e.state != entryLive {
			continue
		}
		p := b.policyOf(e)
		if p < 0 {
			continue // another policy's: counted by use
		}
		pol := b.policies[p]
		k := [2]int32{p, int32(e.window)}
		ok, seen := checked[k]
		if !seen {
			w := l.windows[e.window]
			ok = b.wins[p][e.window] >= 0 || pol.IsWindow(w.start(), w.end())
			checked[k] = ok
		}
		if !ok {
			w := l.windows[e.window]
			add(e, colWindowStart, fmt.Sprintf("%s – %s is not a window of policy %q (%s)",
				w.start().Format(time.RFC3339), w.end().Format(time.RFC3339), pol.ID, describeWindows(pol)))
		}
		if u := l.units[e.unit]; !containsUnit(currencies[pol], u) {
			add(e, colCurrency, fmt.Sprintf("%q: no plan measured by policy %q is billed in %s (%s)", u, pol.ID, u, joinUnits(currencies[pol])))
		}
	}
	if more := refused - shown; more > 0 {
		// Counted, not listed: a problem saying "… and N more" would be
		// one more problem, listed (first: it has no line) and counted.
		list.AddAll(&problem.Error{Omitted: more})
	}
	return b
}

// policyOf returns the number of the policy entry e is for, -1 when the
// calculator does not measure it.
func (b *ledgerBinding) policyOf(e *ledgerEntry) int32 {
	if e.policy != 0 {
		return b.byName[e.policy]
	}
	return b.byPlan[e.plan]
}

// describeWindows says what the windows of p are, for problems.
func describeWindows(p *sla.Policy) string {
	zone := "UTC"
	if p.Window.Zone != nil {
		zone = p.Window.Zone.String()
	}
	if p.Window.Kind == sla.Rolling {
		return fmt.Sprintf("its windows are %d calendar days in %s", p.Window.Days, zone)
	}
	return fmt.Sprintf("its windows are calendar %ss in %s", p.Window.Kind, zone)
}

func containsUnit(us []currency.Unit, u currency.Unit) bool {
	for _, x := range us {
		if x == u {
			return true
		}
	}
	return false
}

func joinUnits(us []currency.Unit) string {
	s := make([]string, len(us))
	for i, u := range us {
		s[i] = u.String()
	}
	slices.Sort(s)
	return "its plans are billed in " + strings.Join(s, ", ")
}

// issuedWindow is what a ledger holds for one window of one subscription:
// the sum of its entries' amounts, in units of the currency's minor unit,
// and how many of them have a non-zero amount.
type issuedWindow struct {
	units   int64
	entries int
}

// issued sets iss[i] to what the ledger holds for window i of the
// subscription id, whose FNV-1a hash is h, on plan st (iss has one element
// per window), and returns the subscription's group in the ledger, -1 when
// it has none. Entries for other policies, or for windows st does not
// measure, are left out, except that under a PeriodCap *prior is set to
// the sum of the entries for windows of the first window's cap period
// before it (st.capFrom to the first window). An entry in another currency
// than the plan's is a *LedgerError: what was issued cannot be known.
func (b *ledgerBinding) issued(st *planState, h uint64, id []byte, iss []issuedWindow, prior *int64) (int32, error) {
	next := uint32(len(b.l.groups)) // no guess
	return b.issuedNear(&next, st, h, id, iss, prior)
}

// issuedNear is issued for a caller that credits subscriptions in about
// the order the ledger lists them (see Ledger.findNear): *next is the
// group after the last one found.
func (b *ledgerBinding) issuedNear(next *uint32, st *planState, h uint64, id []byte, iss []issuedWindow, prior *int64) (int32, error) {
	clear(iss)
	*prior = 0
	l := b.l
	g, ok := l.findNear(next, h, id)
	if !ok {
		return -1, nil
	}
	grp := l.groups[g]
	wins := b.wins[st.ledgerPolicy]
	for _, i := range l.order[grp.start : grp.start+grp.n] {
		e := l.entries.at(i)
		if b.policyOf(e) != st.ledgerPolicy {
			continue
		}
		w := wins[e.window]
		if w < 0 {
			if !st.capFrom.IsZero() && l.units[e.unit] == st.plan.Currency {
				if ws := l.windows[e.window].start(); !ws.Before(st.capFrom) && ws.Before(st.windows[0].Start) {
					*prior += e.amount
				}
			}
			continue
		}
		if u := l.units[e.unit]; u != st.plan.Currency {
			return int32(g), b.entryError(e, colCurrency, u.String(), fmt.Errorf("the entry is in %s, but subscription %q is on plan %q, billed in %s", u, id, st.plan.ID, st.plan.Currency))
		}
		if e.amount == 0 {
			continue
		}
		sum := iss[w].units + e.amount
		if (e.amount > 0) != (sum > iss[w].units) {
			return int32(g), b.entryError(e, colAmount, FormatAmount(l.amountOf(e), l.units[e.unit]), errors.New("the entries of the window add up to an absurd amount"))
		}
		iss[w].units, iss[w].entries = sum, iss[w].entries+1
	}
	return int32(g), nil
}

// LedgerUse counts the entries of a calculator's ledger that settled
// nothing in a run. AbsentSubscriptions counts the ledger's subscriptions
// the run had no line for (absent from its input, or refused), and
// AbsentEntries their entries for the policies the calculator measures;
// OtherEntries counts the entries for policies (or plans) the calculator
// does not measure. An entry for a window the run does not measure (an
// earlier month) is neither: it is not due for settlement. Nothing is
// dropped silently: the command line tool prints these counts, and the
// summary's JSON holds them.
//
// LedgerUse is a plain value: safe for concurrent use.
type LedgerUse struct {
	AbsentSubscriptions, AbsentEntries, OtherEntries int64
}

func (u *LedgerUse) add(o *LedgerUse) {
	u.AbsentSubscriptions += o.AbsentSubscriptions
	u.AbsentEntries += o.AbsentEntries
	u.OtherEntries += o.OtherEntries
}

// LedgerUse returns how the ledger of c was used by a run over the
// subscriptions ids of shard (the zero Shard: all of them): ids are the
// IDs of the subscriptions credited, in any order. RunCSV's summary holds
// it already; a program running Run sets its summary's with it:
//
//	sum.Ledger = calc.LedgerUse(ids, credit.Shard{})
//
// It is zero without a ledger.
func (c *Calculator) LedgerUse(ids iter.Seq[string], shard Shard) LedgerUse {
	b := c.ledger
	if b == nil {
		return LedgerUse{}
	}
	met := b.newMarks()
	for id := range ids {
		if g, ok := b.l.find(fnv1a(id), []byte(id)); ok {
			met.set(int32(g))
		}
	}
	return b.use(met, shard)
}

// marks is a set of the ledger's groups, as a bitset.
type marks []uint64

func (b *ledgerBinding) newMarks() marks { return make(marks, (len(b.l.groups)+63)/64) }

func (m marks) set(g int32) {
	if g >= 0 {
		m[g/64] |= 1 << (g % 64)
	}
}

func (m marks) has(g int) bool { return m[g/64]&(1<<(g%64)) != 0 }

// use counts the entries of the groups of shard: those of policies c does
// not measure, and those of the groups met does not hold.
func (b *ledgerBinding) use(met marks, shard Shard) LedgerUse {
	var u LedgerUse
	l := b.l
	for g, grp := range l.groups {
		if !shard.has(grp.hash) {
			continue
		}
		absent := false
		for _, i := range l.order[grp.start : grp.start+grp.n] {
			switch {
			case b.policyOf(l.entries.at(i)) < 0:
				u.OtherEntries++
			case !met.has(g):
				u.AbsentEntries++
				absent = true
			}
		}
		if absent {
			u.AbsentSubscriptions++
		}
	}
	return u
}

// entryError returns a *LedgerError for entry e at field.
func (b *ledgerBinding) entryError(e *ledgerEntry, field, value string, err error) *LedgerError {
	le := &LedgerError{Line: int(e.line), Field: field, Value: value, Err: err}
	if e.file != 0 {
		le.File = b.l.files[e.file-1]
	}
	return le
}
