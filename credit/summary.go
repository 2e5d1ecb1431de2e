package credit

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// Summary bookkeeping: lines arrive grouped by subscription (Run and the
// lines file keep a subscription's lines together), so a subscription is
// counted when its first line arrives: as Zero, moved to Credited when one
// of its lines has a non-zero amount. The zero Summary is ready to use;
// a Summary is not safe for concurrent use.
//
// Every path keeps Read = Credited + Zero + Rejected: Add counts a new
// subscription in Read and Zero and may move it from Zero to Credited,
// Reject counts in Read and Rejected, Merge adds both sides, and
// UnmarshalJSON refuses counts that do not add up. Every total is the exact
// sum of the amounts of its lines (decimal addition does not round).

// Add counts line l. A line whose Subscription differs from the previous
// line's starts a new subscription: counted in Read and Zero, and moved to
// Credited by its first non-zero amount.
func (s *Summary) Add(l *Line) {
	s.Lines++
	if s.Lines == 1 || s.cur != l.Subscription {
		s.cur, s.curPositive = l.Subscription, false
		s.Read++
		s.Zero++
	}
	n := lineSums{lines: 1, amount: l.Amount, due: l.Due, over: l.OverCredited}
	if l.Amount.Sign() != 0 && !s.curPositive {
		s.curPositive = true
		s.Zero--
		s.Credited++
		n.credited = 1
	}
	n.count(l.Amount.Sign(), l.OverCredited.Sign(), l.IssuedEntries, 1)
	s.addPlan(l.Plan, l.Currency, l.Rule, &n)
}

// lineSums are the counts and sums of some lines of one plan in one
// currency: Add counts one line, RunCSV the lines of each plan.
type lineSums struct {
	lines, issued, credited, settled, overCredited int64
	amount, due, over                              decimal.Decimal
}

// count counts k lines whose amount and over-credit have the signs amount
// and over, settled against entries ledger entries: issued or not,
// settled, over-credited.
func (n *lineSums) count(amount, over, entries int, k int64) {
	switch {
	case amount != 0:
		n.issued += k
	case over == 0 && entries > 0:
		n.settled += k
	}
	if over > 0 || amount < 0 {
		n.overCredited += k
	}
}

// addPlan adds the lines n of plan in currency u to the totals of the plan
// and of the currency.
func (s *Summary) addPlan(plan string, u currency.Unit, rule RuleKind, n *lineSums) {
	t := s.total(u)
	p := s.planTotal(plan, u, rule)
	t.Lines += n.lines
	t.Issued += n.issued
	t.Zero += n.lines - n.issued
	t.Settled += n.settled
	t.OverCredited += n.overCredited
	p.Lines += n.lines
	p.Subscriptions += n.credited
	if n.amount.Sign() != 0 {
		t.Amount = t.Amount.Add(n.amount)
		p.Amount = p.Amount.Add(n.amount)
	}
	if n.due.Sign() != 0 {
		t.Due = t.Due.Add(n.due)
		p.Due = p.Due.Add(n.due)
	}
	if n.over.Sign() != 0 {
		t.OverCredit = t.OverCredit.Add(n.over)
	}
}

// Reject counts a subscription or row refused with err, in Read and
// Rejected. Only a row problem is counted this way: an error that ends a
// run (reading the input failed, the context was cancelled) is not a
// rejected row, and the run's summary is then incomplete (see
// Calculator.Run). Nothing else is kept: the caller keeps the errors it
// wants to show.
func (s *Summary) Reject(err *RowError) {
	s.Read++
	s.Rejected++
}

// Merge adds the counts and totals of o to s, as if o's lines had been
// added after s's: the summaries of shards of a run merge into the
// summary of the whole run, provided no subscription's lines are split
// between two shards. A line added after the merge continues o's last
// subscription when o has lines.
func (s *Summary) Merge(o *Summary) {
	if o.Lines > 0 {
		s.cur, s.curPositive = o.cur, o.curPositive
	}
	s.Read += o.Read
	s.Credited += o.Credited
	s.Zero += o.Zero
	s.Rejected += o.Rejected
	s.Lines += o.Lines
	s.Ledger.add(&o.Ledger)
	for _, t := range o.Totals {
		m := s.total(t.Currency)
		m.Amount = m.Amount.Add(t.Amount)
		m.Due = m.Due.Add(t.Due)
		m.Lines += t.Lines
		m.Issued += t.Issued
		m.Zero += t.Zero
		m.Settled += t.Settled
		m.OverCredited += t.OverCredited
		m.OverCredit = m.OverCredit.Add(t.OverCredit)
	}
	for _, p := range o.Plans {
		m := s.planTotal(p.Plan, p.Currency, p.Rule)
		m.Amount = m.Amount.Add(p.Amount)
		m.Due = m.Due.Add(p.Due)
		m.Subscriptions += p.Subscriptions
		m.Lines += p.Lines
	}
}

// Total returns the total of currency u, zero when s has no line in it.
func (s *Summary) Total(u currency.Unit) decimal.Decimal {
	for _, t := range s.Totals {
		if t.Currency == u {
			return t.Amount
		}
	}
	return decimal.Zero
}

// total returns the Total of u, inserting it in currency-code order.
func (s *Summary) total(u currency.Unit) *Total {
	for i := range s.Totals {
		if s.Totals[i].Currency == u {
			return &s.Totals[i]
		}
	}
	i, _ := slices.BinarySearchFunc(s.Totals, u.String(), func(t Total, code string) int {
		return cmp.Compare(t.Currency.String(), code)
	})
	s.Totals = slices.Insert(s.Totals, i, Total{Currency: u})
	return &s.Totals[i]
}

// planTotal returns the PlanTotal of plan in u, inserting it in (plan,
// currency) order.
func (s *Summary) planTotal(plan string, u currency.Unit, rule RuleKind) *PlanTotal {
	for i := range s.Plans {
		if p := &s.Plans[i]; p.Plan == plan && p.Currency == u {
			return p
		}
	}
	i, _ := slices.BinarySearchFunc(s.Plans, PlanTotal{Plan: plan, Currency: u}, comparePlanTotals)
	s.Plans = slices.Insert(s.Plans, i, PlanTotal{Plan: plan, Currency: u, Rule: rule})
	return &s.Plans[i]
}
