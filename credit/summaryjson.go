package credit

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// summaryJSON is the JSON form of a Summary: a stable interface (the CLI's
// `credits -summary` file and the demo's summary.json hold it).
type summaryJSON struct {
	Read     int64           `json:"subscriptions_read"`
	Credited int64           `json:"subscriptions_credited"`
	Zero     int64           `json:"subscriptions_zero"`
	Rejected int64           `json:"subscriptions_rejected"`
	Lines    int64           `json:"lines"`
	Totals   []totalJSON     `json:"totals"`
	Plans    []planTotalJSON `json:"plans"`
	// The ledger's entries that settled nothing (LedgerUse).
	AbsentSubscriptions int64 `json:"ledger_absent_subscriptions"`
	AbsentEntries       int64 `json:"ledger_absent_entries"`
	OtherEntries        int64 `json:"ledger_other_entries"`
}

type totalJSON struct {
	Currency     string `json:"currency"`
	Amount       string `json:"amount"`
	Due          string `json:"due"`
	Lines        int64  `json:"lines"`
	Issued       int64  `json:"issued_lines"`
	Zero         int64  `json:"zero_lines"`
	Settled      int64  `json:"settled_lines"`
	OverCredited int64  `json:"over_credited_lines"`
	OverCredit   string `json:"over_credit"`
}

type planTotalJSON struct {
	Plan          string `json:"plan"`
	Currency      string `json:"currency"`
	Rule          string `json:"rule"`
	Subscriptions int64  `json:"subscriptions_credited"`
	Lines         int64  `json:"lines"`
	Amount        string `json:"amount"`
	Due           string `json:"due"`
}

// MarshalJSON encodes s as one JSON object with snake_case keys, a stable
// interface: subscriptions_read, subscriptions_credited,
// subscriptions_zero, subscriptions_rejected and lines (the counts);
// totals, one per currency in currency-code order (currency, amount, due,
// lines, issued_lines: those with a non-zero amount, zero_lines,
// settled_lines, over_credited_lines, over_credit); plans, one per plan and currency in that order (plan,
// currency, rule, subscriptions_credited, lines, amount, due). Amounts are
// strings with exactly the currency's decimal places (FormatAmount: "0.30",
// "20", "0.251"), so nothing is lost to floating point; empty lists are
// written as [].
func (s Summary) MarshalJSON() ([]byte, error) {
	j := summaryJSON{
		Read: s.Read, Credited: s.Credited, Zero: s.Zero, Rejected: s.Rejected, Lines: s.Lines,
		AbsentSubscriptions: s.Ledger.AbsentSubscriptions, AbsentEntries: s.Ledger.AbsentEntries, OtherEntries: s.Ledger.OtherEntries,
		Totals: make([]totalJSON, len(s.Totals)),
		Plans:  make([]planTotalJSON, len(s.Plans)),
	}
	for i, t := range s.Totals {
		j.Totals[i] = totalJSON{
			Currency: t.Currency.String(), Amount: FormatAmount(t.Amount, t.Currency), Due: FormatAmount(t.Due, t.Currency),
			Lines: t.Lines, Issued: t.Issued, Zero: t.Zero, Settled: t.Settled, OverCredited: t.OverCredited,
			OverCredit: FormatAmount(t.OverCredit, t.Currency),
		}
	}
	for i, p := range s.Plans {
		j.Plans[i] = planTotalJSON{p.Plan, p.Currency.String(), p.Rule.String(), p.Subscriptions, p.Lines, FormatAmount(p.Amount, p.Currency), FormatAmount(p.Due, p.Currency)}
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes what MarshalJSON encodes, so that an importer can
// check a lines file against a summary written by another run (compare it
// with ReadSummary's). It returns an error naming the key for an unknown
// currency or rule, an amount that is not a decimal, a negative count, counts
// that do not satisfy Read = Credited + Zero + Rejected or, in a total,
// lines = issued_lines + zero_lines, or a currency (or
// plan and currency) listed twice. Totals and plans are sorted as Add keeps
// them. The decoded Summary can be added to and merged as usual; its next
// line starts a new subscription.
func (s *Summary) UnmarshalJSON(data []byte) error {
	var j summaryJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return fmt.Errorf("credit: summary: %w", err)
	}
	var p summaryParser
	out := Summary{Read: j.Read, Credited: j.Credited, Zero: j.Zero, Rejected: j.Rejected, Lines: j.Lines,
		Ledger: LedgerUse{AbsentSubscriptions: j.AbsentSubscriptions, AbsentEntries: j.AbsentEntries, OtherEntries: j.OtherEntries}}
	for _, c := range []struct {
		key string
		n   int64
	}{{"subscriptions_read", j.Read}, {"subscriptions_credited", j.Credited}, {"subscriptions_zero", j.Zero}, {"subscriptions_rejected", j.Rejected}, {"lines", j.Lines},
		{"ledger_absent_subscriptions", j.AbsentSubscriptions}, {"ledger_absent_entries", j.AbsentEntries}, {"ledger_other_entries", j.OtherEntries}} {
		if c.n < 0 {
			p.failf(c.key, "%d is negative", c.n)
		}
	}
	if j.Read != j.Credited+j.Zero+j.Rejected {
		p.failf("subscriptions_read", "%d is not subscriptions_credited + subscriptions_zero + subscriptions_rejected (%d)", j.Read, j.Credited+j.Zero+j.Rejected)
	}
	for i, t := range j.Totals {
		key := fmt.Sprintf("totals[%d].", i)
		out.Totals = append(out.Totals, Total{
			Currency:     p.currency(key+"currency", t.Currency),
			Amount:       p.decimal(key+"amount", t.Amount),
			Due:          p.decimal(key+"due", t.Due),
			Lines:        p.count(key+"lines", t.Lines),
			Issued:       p.count(key+"issued_lines", t.Issued),
			Zero:         p.count(key+"zero_lines", t.Zero),
			Settled:      p.count(key+"settled_lines", t.Settled),
			OverCredited: p.count(key+"over_credited_lines", t.OverCredited),
			OverCredit:   p.decimal(key+"over_credit", t.OverCredit),
		})
		if t.Lines != t.Issued+t.Zero {
			p.failf(key+"lines", "%d is not issued_lines + zero_lines (%d)", t.Lines, t.Issued+t.Zero)
		}
	}
	for i, pt := range j.Plans {
		key := fmt.Sprintf("plans[%d].", i)
		var rule RuleKind
		if err := rule.UnmarshalText([]byte(pt.Rule)); err != nil {
			p.failf(key+"rule", "%v", err)
		}
		out.Plans = append(out.Plans, PlanTotal{
			Plan:          pt.Plan,
			Currency:      p.currency(key+"currency", pt.Currency),
			Rule:          rule,
			Subscriptions: p.count(key+"subscriptions_credited", pt.Subscriptions),
			Lines:         p.count(key+"lines", pt.Lines),
			Amount:        p.decimal(key+"amount", pt.Amount),
			Due:           p.decimal(key+"due", pt.Due),
		})
	}
	if p.err != nil {
		return p.err
	}
	slices.SortStableFunc(out.Totals, func(a, b Total) int { return cmp.Compare(a.Currency.String(), b.Currency.String()) })
	slices.SortStableFunc(out.Plans, comparePlanTotals)
	for i := 1; i < len(out.Totals); i++ {
		if out.Totals[i].Currency == out.Totals[i-1].Currency {
			return fmt.Errorf("credit: summary totals: currency %q is listed twice", out.Totals[i].Currency.String())
		}
	}
	for i := 1; i < len(out.Plans); i++ {
		if comparePlanTotals(out.Plans[i], out.Plans[i-1]) == 0 {
			return fmt.Errorf("credit: summary plans: plan %q in %s is listed twice", out.Plans[i].Plan, out.Plans[i].Currency)
		}
	}
	*s = out
	return nil
}

// comparePlanTotals orders plan totals by plan, then currency code.
func comparePlanTotals(a, b PlanTotal) int {
	return cmp.Or(cmp.Compare(a.Plan, b.Plan), cmp.Compare(a.Currency.String(), b.Currency.String()))
}

// summaryParser parses the fields of a summary, keeping the first error.
type summaryParser struct{ err error }

func (p *summaryParser) failf(key, format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("credit: summary %s: "+format, append([]any{key}, args...)...)
	}
}

func (p *summaryParser) currency(key, s string) currency.Unit {
	u, err := currency.ParseISO(s)
	if err != nil {
		p.failf(key, "%q is not an ISO 4217 currency code", s)
	}
	return u
}

func (p *summaryParser) decimal(key, s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		p.failf(key, "%q is not a decimal number", s)
	}
	return d
}

func (p *summaryParser) count(key string, n int64) int64 {
	if n < 0 {
		p.failf(key, "%d is negative", n)
	}
	return n
}
