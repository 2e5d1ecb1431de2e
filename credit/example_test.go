package credit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// The seed's case: a $15/month subscriber, active through April 2014, and
// the Constant Contact outage of 2014-04-18 (14h28m counted in a 30-day
// month under the seed policy).
func Example() {
	policy, err := sla.LoadFile("../testdata/policies/seed-monthly-new-york.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	incident, err := rca.LoadFile("../testdata/incidents/seed-constant-contact-2014.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	ny := policy.Window.Zone
	calc, err := credit.NewCalculator(credit.Config{
		Plans: []credit.Plan{{
			ID: "email-starter", Price: decimal.RequireFromString("15.00"), Currency: currency.USD,
			Rule: credit.Rule{Kind: credit.Prorated},
		}},
		Policies:  []*sla.Policy{policy},
		Incidents: []*rca.Incident{incident},
		From:      time.Date(2014, time.April, 1, 0, 0, 0, 0, ny),
		To:        time.Date(2014, time.May, 1, 0, 0, 0, 0, ny),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	lines, err := calc.Credit(credit.Subscription{
		ID: "sub-0001", Plan: "email-starter", Quantity: 1, From: time.Date(2014, time.January, 1, 0, 0, 0, 0, ny),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	l := lines[0]
	fmt.Println(l.WindowStart.Format("January 2006"), l.Availability.Round(6), l.Amount.StringFixed(2), l.Currency)
	fmt.Println(l.Explanation)
	fmt.Println("claim by", l.ClaimDeadline.Format(time.DateOnly))
	// Output:
	// April 2014 97.990741 0.30 USD
	// 15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)
	// claim by 2014-05-31
}

func ExampleRound() {
	d := decimal.RequireFromString
	fmt.Println(credit.Round(d("0.125"), currency.USD, credit.HalfUp))
	fmt.Println(credit.Round(d("0.125"), currency.USD, credit.HalfEven))
	fmt.Println(credit.Round(d("19.6907"), currency.JPY, credit.HalfUp))
	fmt.Println(credit.Round(d("0.98453"), currency.CHF, credit.HalfUp).StringFixed(2))
	fmt.Println(credit.Round(d("0.98453"), currency.CHF, credit.Cash).StringFixed(2))
	// Output:
	// 0.13
	// 0.12
	// 20
	// 0.98
	// 1.00
}

func ExampleDigits() {
	for _, code := range []string{"USD", "JPY", "KWD", "IQD", "IDR"} {
		fmt.Println(code, credit.Digits(currency.MustParseISO(code)))
	}
	// Output:
	// USD 2
	// JPY 0
	// KWD 3
	// IQD 3
	// IDR 2
}

func ExampleAllocate() {
	one := decimal.NewFromInt(1)
	parts, err := credit.Allocate(decimal.RequireFromString("100.00"), currency.USD, []decimal.Decimal{one, one, one}, credit.LargestRemainder)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range parts {
		fmt.Println(p.StringFixed(2))
	}
	// Output:
	// 33.34
	// 33.33
	// 33.33
}

// A line's key names its transition: what was issued before, what is due
// now, what is issued. A second incident in a window credited 0.28 makes
// it due 0.56: the new adjustment gets a new key, so a billing system that
// refuses duplicate keys inserts it; the same run again gives the same
// key, which it refuses.
func ExampleKey() {
	ny, _ := time.LoadLocation("America/New_York")
	first := credit.Line{
		Subscription: "sub-0001", Policy: "seed-monthly-new-york", Currency: currency.USD,
		WindowStart: time.Date(2014, time.April, 1, 0, 0, 0, 0, ny), WindowEnd: time.Date(2014, time.May, 1, 0, 0, 0, 0, ny),
		Due: decimal.RequireFromString("0.28"), Amount: decimal.RequireFromString("0.28"),
	}
	second := first
	second.Due, second.IssuedBefore, second.IssuedEntries = decimal.RequireFromString("0.56"), decimal.RequireFromString("0.28"), 1
	again := second
	again.WindowStart, again.WindowEnd = again.WindowStart.UTC(), again.WindowEnd.UTC()
	fmt.Println(credit.Key(&first))
	fmt.Println(credit.Key(&second))
	fmt.Println(credit.Key(&again) == credit.Key(&second))
	// Output:
	// d157c055f88c8c0940822cb1b1ec2e94
	// 6f14b5dff95196ebd117f45f6134acc4
	// true
}

func ExampleReadSubscriptions() {
	const file = `id,customer_id,plan_id,quantity,active_from
sub-1,acme,email-starter,2,2014-04-16
sub-2,acme,email-gold,1,2014-04-01
sub-3,acme,email-starter,-1,2014-04-01
sub-4,acme,email-starter,1,2014-04-01T09:30:00-04:00
`
	ny, _ := time.LoadLocation("America/New_York")
	zones := map[string]*time.Location{"email-starter": ny}
	for sub, err := range credit.ReadSubscriptions(strings.NewReader(file), credit.ReadOptions{File: "subs.csv", Zones: zones}) {
		if err != nil {
			fmt.Println("refused:", err)
			continue
		}
		fmt.Println(sub.ID, sub.Quantity, sub.From.Format(time.RFC3339))
	}
	// Output:
	// sub-1 2 2014-04-16T00:00:00-04:00
	// refused: subs.csv:3: plan_id "email-gold": unknown plan
	// refused: subs.csv:4: quantity "-1": must not be negative
	// sub-4 1 2014-04-01T09:30:00-04:00
}

// A batch: subscriptions stream from a CSV file through the calculator into
// a lines CSV file, and the summary counts and totals them.
func ExampleCalculator_Run() {
	plans, err := credit.LoadPlansFile("../testdata/plans/demo-plans.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	policy, _ := sla.LoadFile("../testdata/policies/seed-monthly-new-york.yaml")
	incident, _ := rca.LoadFile("../testdata/incidents/seed-constant-contact-2014.yaml")
	ny := policy.Window.Zone
	calc, err := credit.NewCalculator(credit.Config{
		Plans: plans, Policies: []*sla.Policy{policy}, Incidents: []*rca.Incident{incident},
		From: time.Date(2014, time.April, 1, 0, 0, 0, 0, ny), To: time.Date(2014, time.May, 1, 0, 0, 0, 0, ny),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	in, err := os.Open("../testdata/subscriptions/demo.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer in.Close()
	var out strings.Builder
	w := credit.NewLineWriter(&out)
	var sum credit.Summary
	subs := credit.ReadSubscriptions(in, credit.ReadOptions{File: "demo.csv", Zones: calc.Zones()})
	for line, err := range calc.Run(context.Background(), subs) {
		var re *credit.RowError
		if errors.As(err, &re) { // a bad row: reported, and the run goes on
			sum.Reject(re)
			fmt.Println(re)
			continue
		}
		if err != nil { // the input broke off: the run is incomplete
			fmt.Println(err)
			return
		}
		sum.Add(&line)
		if err := w.Write(&line); err != nil {
			fmt.Println(err)
			return
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("read %d, credited %d, zero %d, rejected %d, lines %d\n", sum.Read, sum.Credited, sum.Zero, sum.Rejected, sum.Lines)
	for _, t := range sum.Totals {
		fmt.Println(t.Currency, t.Amount.StringFixed(int32(credit.Digits(t.Currency))))
	}
	// Output:
	// read 13, credited 11, zero 2, rejected 0, lines 13
	// CHF 1.00
	// EUR 13.98
	// JPY 20
	// KWD 0.251
	// USD 69.17
}

func ExampleFormatAmount() {
	for _, a := range []struct {
		amount string
		cur    currency.Unit
	}{{"4.9", currency.USD}, {"20", currency.JPY}, {"0.251", currency.MustParseISO("KWD")}} {
		fmt.Println(credit.FormatAmount(decimal.RequireFromString(a.amount), a.cur), a.cur)
	}
	// Output:
	// 4.90 USD
	// 20 JPY
	// 0.251 KWD
}

// ExampleSummary_MarshalJSON shows the JSON form of a summary.
func ExampleSummary_MarshalJSON() {
	var s credit.Summary
	s.Add(&credit.Line{Subscription: "sub-0001", Plan: "email-starter", Currency: currency.USD, Rule: credit.Prorated,
		Due: decimal.RequireFromString("0.30"), Amount: decimal.RequireFromString("0.30")})
	s.Reject(&credit.RowError{File: "subs.csv", Line: 3, Field: "plan_id", Value: "gold", Err: credit.ErrUnknownPlan})
	var buf bytes.Buffer
	b, _ := json.Marshal(s)
	_ = json.Indent(&buf, b, "", "  ")
	fmt.Println(buf.String())
	// Output:
	// {
	//   "subscriptions_read": 2,
	//   "subscriptions_credited": 1,
	//   "subscriptions_zero": 0,
	//   "subscriptions_rejected": 1,
	//   "lines": 1,
	//   "totals": [
	//     {
	//       "currency": "USD",
	//       "amount": "0.30",
	//       "due": "0.30",
	//       "lines": 1,
	//       "issued_lines": 1,
	//       "zero_lines": 0,
	//       "settled_lines": 0,
	//       "over_credited_lines": 0,
	//       "over_credit": "0.00"
	//     }
	//   ],
	//   "plans": [
	//     {
	//       "plan": "email-starter",
	//       "currency": "USD",
	//       "rule": "prorated",
	//       "subscriptions_credited": 1,
	//       "lines": 1,
	//       "amount": "0.30",
	//       "due": "0.30"
	//     }
	//   ],
	//   "ledger_absent_subscriptions": 0,
	//   "ledger_absent_entries": 0,
	//   "ledger_other_entries": 0
	// }
}

// Stripe's proration example: a subscription of 10.00 a month upgraded to
// 20.00 halfway through November is refunded the unused half of what it
// paid and charged half of the new price: 5.00 to pay. The changes file
// is what "postmortem refunds" reads; the refunds file what it writes.
func ExampleReadChanges() {
	plans := []credit.Plan{
		{ID: "basic", Price: decimal.RequireFromString("10.00"), Currency: currency.USD, Rule: credit.Rule{Kind: credit.Prorated}},
		{ID: "pro", Price: decimal.RequireFromString("20.00"), Currency: currency.USD, Rule: credit.Rule{Kind: credit.Prorated}},
	}
	rf, err := credit.NewRefunder(plans)
	if err != nil {
		panic(err)
	}
	changes := "id,plan_id,anchor_day,changed_at,new_plan_id\n" +
		"s-1,basic,1,2024-11-16,pro\n"
	for ch, err := range credit.ReadChanges(strings.NewReader(changes), credit.ReadOptions{File: "changes.csv", Zones: rf.Zones()}) {
		if err != nil {
			panic(err)
		}
		r, err := rf.Refund(ch)
		if err != nil {
			panic(err)
		}
		fmt.Println(credit.FormatAmount(r.Unused, r.Currency), credit.FormatAmount(r.Remaining, r.Currency), credit.FormatAmount(r.Net, r.Currency))
		fmt.Println(r.Explanation)
	}
	// Output:
	// 5.00 10.00 5.00
	// unused from 2024-11-16 00:00:00 of the period 2024-11-01 – 2024-12-01: 10.00 USD × 0.5 of the period = 5.00 USD; remaining on pro: 20.00 USD × 0.5 = 10.00 USD (half-up); net 5.00 USD to pay
}
