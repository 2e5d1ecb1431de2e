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
// of its lines has a positive amount. The zero Summary is ready to use;
// a Summary is not safe for concurrent use.
//
// Every path keeps Read = Credited + Zero + Rejected: Add counts a new
// subscription in Read and Zero and may move it from Zero to Credited,
// Reject counts in Read and Rejected, Merge adds both sides, and
// UnmarshalJSON refuses counts that do not add up. Every total is the exact
// sum of the amounts of its lines (decimal addition does not round).

// Add counts line l. A line whose Subscription differs from the previous
// line's starts a new subscription: counted in Read and Zero, and moved to
// Credited by its first positive amount.
func (s *Summary) Add(l *Line) {
	s.Lines++
	if s.Lines == 1 || s.cur != l.Subscription {
		s.cur, s.curPositive = l.Subscription, false
		s.Read++
		s.Zero++
	}
	var credited int64
	if l.Amount.Sign() > 0 && !s.curPositive {
		s.curPositive = true
		s.Zero--
		s.Credited++
		credited = 1
	}
	s.addPlan(l.Plan, l.Currency, l.Rule, 1, credited, l.Amount)
}

// addPlan adds lines lines of plan in currency u, amounting to amount, to
// the totals of the plan and of the currency, and credited subscriptions
// to the plan's. Add counts one line with it, RunCSV the sums of each
// plan.
func (s *Summary) addPlan(plan string, u currency.Unit, rule RuleKind, lines, credited int64, amount decimal.Decimal) {
	t := s.total(u)
	p := s.planTotal(plan, u, rule)
	t.Lines += lines
	p.Lines += lines
	p.Subscriptions += credited
	if amount.Sign() != 0 {
		t.Amount = t.Amount.Add(amount)
		p.Amount = p.Amount.Add(amount)
	}
}

// Reject counts a subscription or row refused with err, in Read and
// Rejected. Nothing else is kept: the caller keeps the errors it wants to
// show.
func (s *Summary) Reject(err error) {
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
	for _, t := range o.Totals {
		m := s.total(t.Currency)
		m.Amount = m.Amount.Add(t.Amount)
		m.Lines += t.Lines
	}
	for _, p := range o.Plans {
		m := s.planTotal(p.Plan, p.Currency, p.Rule)
		m.Amount = m.Amount.Add(p.Amount)
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
