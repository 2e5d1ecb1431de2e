package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/calendar"
)

// This file builds the sections fed by optional inputs: SLA results and the
// credit summary. They are left out when the document has none.

func (b *builder) sla() *section {
	l := b.l
	if len(b.d.Results) == 0 {
		return nil
	}
	s := &section{key: "sla", title: l.T("section.sla")}
	if p := b.d.Policy; p != nil {
		name := p.Name
		if name == "" {
			name = p.ID
		}
		s.blocks = append(s.blocks, &fieldList{[]field{{label: l.T("label.policy"),
			value: l.T("label.policy_desc", name, p.ID, b.orUnknown(p.Version), l.exactPercent(p.Objective),
				l.T("window."+p.Window.Kind.String()), zoneName(p.Window.Zone))}}})
	}
	t := &table{cols: []column{
		{title: l.T("col.window"), weight: 4},
		{title: l.T("col.objective"), weight: 2, right: true},
		{title: l.T("col.availability"), weight: 3, right: true},
		{title: l.T("col.downtime"), weight: 3, right: true},
		{title: l.T("col.allowed"), weight: 2, right: true},
		{title: l.T("col.consumed"), weight: 3, right: true},
		{title: l.T("col.remaining"), weight: 2, right: true},
		{title: l.T("col.result"), weight: 2},
	}}
	for _, r := range b.d.Results {
		down := l.duration(r.Downtime)
		if w := seconds(r.Weighted); w != r.Downtime {
			down += " (" + l.T("label.weighted", l.duration(w)) + ")"
		}
		used := l.duration(seconds(r.Budget.Consumed))
		if !r.Budget.Allowed.IsZero() {
			used += " (" + l.burn(r.Budget.Burn) + ")"
		}
		result := cell{text: l.T("sla.met")}
		if !r.Met {
			result = cell{text: l.T("sla.breached"), alert: true}
		}
		t.rows = append(t.rows, []cell{
			{text: windowLabel(r.Start, r.End)},
			{text: l.exactPercent(r.Objective)},
			{text: l.availability(&r)},
			{text: down},
			{text: l.duration(seconds(r.Budget.Allowed))},
			{text: used},
			{text: l.duration(seconds(r.Budget.Remaining))},
			result,
		})
	}
	s.blocks = append(s.blocks, t)
	return s
}

// windowLabel names a measurement window [start, end) in its own zone (the
// policy's): "2014-04" for a calendar month, "2014-Q2", "2014", else the
// first and last day, "2014-04-03 – 2014-05-02". A window starts when its
// first day does (calendar.DayStart): at midnight, or where the zone
// skipped midnight, when its clocks moved forward.
func windowLabel(start, end time.Time) string {
	loc := start.Location()
	end = end.In(loc)
	y, m, d := start.Date()
	dayStart := func(t time.Time) bool {
		ty, tm, td := t.Date()
		return t.Equal(calendar.DayStart(ty, tm, td, loc))
	}
	if d == 1 && dayStart(start) {
		switch {
		case end.Equal(calendar.DayStart(y, m+1, 1, loc)):
			return fmt.Sprintf("%04d-%02d", y, m)
		case m%3 == 1 && end.Equal(calendar.DayStart(y, m+3, 1, loc)):
			return fmt.Sprintf("%04d-Q%d", y, (m+2)/3)
		case m == time.January && end.Equal(calendar.DayStart(y+1, 1, 1, loc)):
			return fmt.Sprintf("%04d", y)
		}
	}
	if dayStart(start) && dayStart(end) {
		ey, em, ed := end.Date()
		last := time.Date(ey, em, ed-1, 0, 0, 0, 0, time.UTC) // the day before end's, on the calendar
		return start.Format(time.DateOnly) + " – " + last.Format(time.DateOnly)
	}
	return instant(start, loc) + " – " + instant(end, loc)
}

func (b *builder) credits() *section {
	l, cs := b.l, b.d.Credits
	if cs == nil && len(b.d.FurtherHour) == 0 {
		return nil
	}
	s := &section{key: "credits", title: l.T("section.credits")}
	if cs == nil {
		cs = &credit.Summary{} // a further hour priced without a credit run
	}
	settled := b.settled(cs)
	if len(cs.Plans) > 0 {
		t := &table{cols: append([]column{
			{title: l.T("col.plan"), weight: 5},
			{title: l.T("col.currency"), weight: 2},
			{title: l.T("col.rule"), weight: 3},
			{title: l.T("col.subscriptions"), weight: 3, right: true},
		}, b.amountColumns(settled)...)}
		for _, p := range cs.Plans {
			t.rows = append(t.rows, append([]cell{{text: p.Plan}, {text: p.Currency.String()},
				{text: l.T("rule." + p.Rule.String())}, {text: l.T("%d", p.Subscriptions)}},
				b.amountCells(settled, p.Due, p.Amount, p.Currency)...))
		}
		s.blocks = append(s.blocks, &subheading{l.T("sub.per_plan")}, t)
	}
	if len(cs.Totals) > 0 {
		t := &table{cols: append([]column{
			{title: l.T("col.currency"), weight: 2},
			{title: l.T("col.lines"), weight: 2, right: true},
		}, b.amountColumns(settled)...)}
		for _, tot := range cs.Totals {
			t.rows = append(t.rows, append([]cell{{text: tot.Currency.String()}, {text: l.T("%d", tot.Lines)}},
				b.amountCells(settled, tot.Due, tot.Amount, tot.Currency)...))
		}
		s.blocks = append(s.blocks, &subheading{l.T("sub.per_currency")}, t)
	}
	if len(b.d.FurtherHour) > 0 {
		var vs []string
		for _, c := range b.d.FurtherHour {
			vs = append(vs, l.amount(c.Amount, c.Currency))
		}
		s.blocks = append(s.blocks, &paragraph{l.T("credits.further_hour", strings.Join(vs, ", "))})
	}
	if b.d.Credits == nil {
		return s
	}
	s.blocks = append(s.blocks, &fieldList{[]field{
		{label: l.T("credits.read"), value: l.T("%d", cs.Read)},
		{label: l.T("credits.credited"), value: l.T("%d", cs.Credited)},
		{label: l.T("credits.zero"), value: l.T("%d", cs.Zero)},
		{label: l.T("credits.rejected"), value: l.T("%d", cs.Rejected), alert: cs.Rejected > 0},
		{label: l.T("credits.lines"), value: l.T("%d", cs.Lines)},
	}})
	return s
}

// settled reports whether the credits section shows what the windows are
// owed beside what the run issued: when the run was settled against a
// ledger and issued less (or more) than is due, the run's adjustments alone
// would understate what the outage costs. A statement's lines are every
// run's of its window (a ledger), whose amounts add up to what was issued
// in all and whose dues do not add up to anything: it shows the amounts.
func (b *builder) settled(cs *credit.Summary) bool {
	if b.ledger {
		return false
	}
	for _, t := range cs.Totals {
		if !t.Due.Equal(t.Amount) {
			return true
		}
	}
	return false
}

// amountColumns are the credits tables' money columns: the total, or
// with settled what is owed and what the run issued.
func (b *builder) amountColumns(settled bool) []column {
	if !settled {
		return []column{{title: b.l.T("col.total"), weight: 3, right: true}}
	}
	return []column{{title: b.l.T("col.owed"), weight: 3, right: true}, {title: b.l.T("col.issued_now"), weight: 3, right: true}}
}

// amountCells are the cells of amountColumns: due and amount in u.
func (b *builder) amountCells(settled bool, due, amount decimal.Decimal, u currency.Unit) []cell {
	if !settled {
		return []cell{{text: b.l.amount(amount, u)}}
	}
	return []cell{{text: b.l.amount(due, u)}, {text: b.l.amount(amount, u)}}
}

// creditTotals is the title page's highlight of the credit totals per
// currency: what the run issued, or with settled what the windows are
// owed (what the outage costs; the credits section also shows what the
// run issued).
func (b *builder) creditTotals(cs *credit.Summary) field {
	settled := b.settled(cs)
	label := b.l.T("section.credits")
	if settled {
		label = b.l.T("credits.owed")
	}
	vs := make([]string, len(cs.Totals))
	for i, t := range cs.Totals {
		a := t.Amount
		if settled {
			a = t.Due
		}
		vs[i] = b.l.amount(a, t.Currency)
	}
	return field{label: label, value: strings.Join(vs, "\n")}
}
