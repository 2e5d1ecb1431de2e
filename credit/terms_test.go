package credit

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"

	"github.com/outagekit/postmortem/sla"
)

// TestRoundingAndMinimumTerms: the contract terms of the amount's last
// steps, on both arithmetics, with amounts worked out by hand
// (catalog/SOURCES.md, "Billing conventions").
//   - Stripe takes KWD only in multiples of 0.010: 0.2515 KWD is 25.15
//     steps of 0.010, half-up 25: 0.250 (0.252 to the fils).
//   - A cash grid rounded half-even: 1.025 CHF is 20.5 steps of 0.05,
//     half-even 20: 1.00 (half-up 21: 1.05).
//   - AWS issues credits "exceeding $1": 1.004 USD exceeds it before
//     rounding but rounds to 1.00, which does not.
func TestRoundingAndMinimumTerms(t *testing.T) {
	hour := measured(time.Hour, april)
	full := func(r Rule) Rule { r.Kind = Tiered; return r }
	all := hour // in a tier of 50% of the charge: the amount is half the charge
	tiers := sla.Tiers{{Below: ptr("99.9"), Credit: dec("50")}}
	for _, tc := range []ruleCase{
		{name: "KWD in multiples of 0.010: 0.2515 → 0.250", rule: full(Rule{RoundingIncrement: dec("0.010")}), charge: "0.503", code: "KWD", res: all, tiers: tiers, want: "0.250",
			explanation: "availability 99.861111% in tier < 99.9: 50%: 0.503 KWD × 50% = 0.2515 → 0.250 KWD (half-up to 0.010)"},
		{name: "KWD to the fils: 0.2515 → 0.252", rule: full(Rule{}), charge: "0.503", code: "KWD", res: all, tiers: tiers, want: "0.252"},
		{name: "CHF half-even on a 0.05 grid: 1.025 → 1.00", rule: full(Rule{Rounding: HalfEven, RoundingIncrement: dec("0.05")}), charge: "2.05", code: "CHF", res: all, tiers: tiers, want: "1.00"},
		{name: "CHF half-up on a 0.05 grid: 1.025 → 1.05", rule: full(Rule{RoundingIncrement: dec("0.05")}), charge: "2.05", code: "CHF", res: all, tiers: tiers, want: "1.05"},
		{name: "minimum on the rounded amount: 1.004 rounds to 1.00, not greater than 1.00", rule: full(Rule{Minimum: dec("1")}), charge: "2.008", res: all, tiers: tiers, want: "0.00", belowMin: true},
		{name: "minimum on the exact amount: 1.004 exceeds 1.00, issued as 1.00", rule: full(Rule{Minimum: dec("1"), MinimumOn: OnExact}), charge: "2.008", res: all, tiers: tiers, want: "1.00",
			explanation: "availability 99.861111% in tier < 99.9: 50%: 2.008 USD × 50% = 1.004 → 1.00 USD (half-up; greater than the minimum 1.00 USD before rounding)"},
		{name: "minimum on the exact amount: 1.00 exactly is not greater", rule: full(Rule{Minimum: dec("1"), MinimumOn: OnExact}), charge: "2", res: all, tiers: tiers, want: "0.00", belowMin: true,
			explanation: "availability 99.861111% in tier < 99.9: 50%: 2.00 USD × 50% = 1.00 → not greater than the minimum 1.00 USD before rounding: not issued"},
	} {
		t.Run(tc.name, tc.run)
	}
}

// TestLostTimeAndCapDays: DigitalOcean's "100% of lost time at the hourly
// rate incurred", with each way of counting a part of an hour, and
// GitHub's cap of "ninety (90) days of paid service per calendar quarter",
// on both arithmetics; amounts worked out by hand.
func TestLostTimeAndCapDays(t *testing.T) {
	ninety := measured(90*time.Minute, april)
	lost := func(h PartialHours, rate string) Rule {
		r := Rule{Kind: LostTime, PartialHours: h}
		if rate != "" {
			r.Rate = dec(rate)
		}
		return r
	}
	q2 := 91 * 24 * time.Hour // April to June
	all := measured(q2, q2)   // down throughout: the 100% tier
	tiers := sla.Tiers{{Below: ptr("99.9"), Credit: dec("100")}}
	for _, tc := range []ruleCase{
		{name: "90 minutes at 0.50 an hour, exact: 1.5 h = 0.75", rule: lost(ExactHours, "0.50"), charge: "30", res: ninety, want: "0.75",
			explanation: "5400 s = 1.5 h × 0.50 USD an hour = 0.75 → 0.75 USD (half-up)"},
		{name: "90 minutes at 0.50 an hour, a started hour counts: 2 h = 1.00", rule: lost(HoursUp, "0.50"), charge: "30", res: ninety, want: "1.00",
			explanation: "5400 s = 2 h (up) × 0.50 USD an hour = 1.00 → 1.00 USD (half-up)"},
		{name: "90 minutes at 0.50 an hour, whole hours only: 1 h = 0.50", rule: lost(HoursDown, "0.50"), charge: "30", res: ninety, want: "0.50"},
		// 30.00 for April's 720 hours is 0.041666… an hour: 1.5 h is 0.0625.
		{name: "90 minutes at the charge's hourly price: 1.5 × 30.00 ÷ 720 = 0.0625 → 0.06", rule: lost(ExactHours, ""), charge: "30", res: ninety, want: "0.06",
			explanation: "5400 s = 1.5 h × 0.041667… USD an hour (30.00 USD ÷ 2592000 s active × 3600 s) = 0.0625 → 0.06 USD (half-up)"},
		{name: "a started hour at the charge's price: 2 × 30.00 ÷ 720 = 0.0833… → 0.08", rule: lost(HoursUp, ""), charge: "30", res: ninety, want: "0.08"},
		// 900.00 for a quarter of 91 days; 90 days of it are 900 × 90 ÷ 91.
		{name: "100% capped at 90 days of a 91-day quarter: 900 × 90/91 = 890.109… → 890.10", rule: Rule{Kind: Tiered, CapDays: 90}, tiers: tiers,
			charge: "900", res: all, want: "890.10", capped: true,
			explanation: "availability 0% in tier < 99.9: 100%: 900.00 USD × 100% = 900.00, capped at the price of 90 days of paid service, 900.00 USD × 7776000 s ÷ 7862400 s = 890.109890… → 890.10 USD (rounded down to stay within the cap)"},
		{name: "10% is under the 90 days cap", rule: Rule{Kind: Tiered, CapDays: 90}, tiers: sla.Tiers{{Below: ptr("99.9"), Credit: dec("10")}},
			charge: "900", res: all, want: "90.00"},
		{name: "a cap of more days than the window caps nothing", rule: Rule{Kind: Tiered, CapDays: 92}, tiers: tiers, charge: "900", res: all, want: "900.00"},
	} {
		t.Run(tc.name, tc.run)
	}
}

// TestValidateTerms: a bad combination of the contract terms is a problem
// at its field path.
func TestValidateTerms(t *testing.T) {
	usd := currency.USD
	kwd := currency.MustParseISO("KWD")
	tests := []struct {
		name string
		plan Plan
		want []string
	}{
		{"every term, well formed", Plan{ID: "p", Price: dec("10.000"), Currency: kwd, Period: Annual, Proration: FixedDays, ProrationDays: 28, EqualMonths: true, FractionPlaces: 9,
			Rule: Rule{Kind: LostTime, Rate: dec("0.010"), PartialHours: HoursUp, RoundingIncrement: dec("0.010"), MinimumOn: OnExact, Minimum: dec("1"), CapDays: 90}}, nil},
		{"an increment finer than the minor unit", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, RoundingIncrement: dec("0.005")}},
			[]string{`plans[0].rule.rounding_increment: rounding_increment "0.005" is not a whole number of USD minor units (2 decimal places)`}},
		{"an increment with cash rounding", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, Rounding: Cash, RoundingIncrement: dec("0.05")}},
			[]string{"plans[0].rule.rounding_increment: cash rounds to the currency's own cash increment; give another rounding with rounding_increment"}},
		{"a negative increment", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, RoundingIncrement: dec("-0.05")}},
			[]string{`plans[0].rule.rounding_increment: rounding_increment "-0.05" must not be negative`}},
		// The reason given is the reason: an increment finer than the
		// places an amount may have is positive, and too fine.
		{"an increment finer than an amount's places", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, RoundingIncrement: dec("0.0000001")}},
			[]string{`plans[0].rule.rounding_increment: rounding_increment "0.0000001" has more than 6 decimal places`}},
		{"an increment beyond an amount", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, RoundingIncrement: dec("1e12")}},
			[]string{`plans[0].rule.rounding_increment: rounding_increment "1000000000000" is absurdly large (must be below 10^12)`}},
		{"proration days without fixed days", Plan{ID: "p", Price: dec("10"), Currency: usd, ProrationDays: 30, Rule: Rule{Kind: Prorated}},
			[]string{`plans[0].proration_days: proration_days is the month of fixed_days proration (proration is "actual_time")`}},
		{"a 32-day month", Plan{ID: "p", Price: dec("10"), Currency: usd, Proration: FixedDays, ProrationDays: 32, Rule: Rule{Kind: Prorated}},
			[]string{"plans[0].proration_days: proration_days 32 must be a month's days, 1 to 31 (0 means 30)"}},
		{"equal months of a monthly plan", Plan{ID: "p", Price: dec("10"), Currency: usd, EqualMonths: true, Rule: Rule{Kind: Prorated}},
			[]string{"plans[0].equal_months: equal_months applies to quarterly and annual plans: a monthly period is one month"}},
		{"a plan id no subscription can name", Plan{ID: "pro\x1b[2K", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated}},
			[]string{`plans[0].id: plan id "pro\x1b[2K" contains the control character U+001B`}},
		{"a plan id padded", Plan{ID: "pro ", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated}},
			[]string{`plans[0].id: plan id "pro " ends with white space`}},
		{"fraction places out of range", Plan{ID: "p", Price: dec("10"), Currency: usd, FractionPlaces: 19, Rule: Rule{Kind: Prorated}},
			[]string{"plans[0].fraction_places: fraction_places 19 must be in [0, 18] (0 keeps the fraction exact)"}},
		{"a rate on a prorated rule", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, Rate: dec("1"), PartialHours: HoursDown}},
			[]string{"plans[0].rule.rate: rate does not apply to a prorated rule", "plans[0].rule.partial_hours: partial_hours does not apply to a prorated rule"}},
		{"a monthly period cap and a percent above 100", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, PeriodCap: &PeriodCap{Per: Monthly, Percent: dec("150")}}},
			[]string{`plans[0].rule.period_cap.per: per "monthly": a period cap is per quarter or per year (quarterly, annual)`, `plans[0].rule.period_cap.percent: percent "150" must be in (0, 100] with at most 6 decimal places`}},
		{"a period cap's percent with too many places", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, PeriodCap: &PeriodCap{Per: Annual, Percent: dec("12.5000001")}}},
			[]string{`plans[0].rule.period_cap.percent: percent "12.5000001" must be in (0, 100] with at most 6 decimal places`}},
		{"a minimum basis without a minimum", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: Prorated, MinimumOn: OnExact}},
			[]string{`plans[0].rule.minimum_on: minimum_on "exact" applies to a minimum: set minimum, or leave minimum_on out`}},
		{"a negative rate and cap in days", Plan{ID: "p", Price: dec("10"), Currency: usd, Rule: Rule{Kind: LostTime, Rate: dec("-1"), CapDays: -1}},
			[]string{`plans[0].rule.rate: rate "-1" must not be negative`, "plans[0].rule.cap_days: cap_days -1 must be in [0, 3660] (0: no cap in days)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			if err := ValidatePlans([]Plan{tt.plan}); err != nil {
				got = problem.Strings(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateTermsFile: in a plans file, a period cap that leaves per
// out is told it is missing, not that it said "monthly" (Per's zero
// value), and a minimum basis without a minimum is located at its line.
func TestValidateTermsFile(t *testing.T) {
	const file = `plans:
  - id: p
    price: "10.00"
    currency: USD
    period: monthly
    policy: pol
    rule:
      kind: prorated
      minimum_on: exact
      period_cap:
        percent: 50
  - {id: q, price: "10.00", currency: USD, period: monthly, policy: pol, rule: {kind: prorated, period_cap: {per: monthly, percent: 50}}}
`
	_, err := LoadPlans("plans.yaml", []byte(file))
	want := []string{
		`plans.yaml:9:7: plans[0].rule.minimum_on: minimum_on "exact" applies to a minimum: set minimum, or leave minimum_on out`,
		"plans.yaml:10:7: plans[0].rule.period_cap.per: missing: a period cap is per quarter or per year (quarterly, annual)",
		`plans.yaml:12:110: plans[1].rule.period_cap.per: per "monthly": a period cap is per quarter or per year (quarterly, annual)`,
	}
	if diff := cmp.Diff(want, problem.Strings(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestPerInterval: AWS does not charge for an EC2 instance "Unavailable
// for more than six minutes of a clock hour": a per_interval rule credits
// the hourly price for each clock hour the policy's interval rule counted
// while the subscription was active, on both arithmetics. Outages of 7
// minutes at 10:00 and 10 minutes at 14:10 on April 15 qualify two hours.
func TestPerInterval(t *testing.T) {
	utc := time.UTC
	pol := &sla.Policy{ID: "ec2", Version: "1", Objective: dec("99.5"),
		Intervals: sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan, Threshold: 6 * time.Minute, CountOnly: true}}
	inc := &rca.Incident{ID: "i", Impacts: []rca.Impact{
		{Component: "i-1", Level: rca.MajorOutage, Start: time.Date(2025, 4, 15, 10, 0, 0, 0, utc), End: time.Date(2025, 4, 15, 10, 7, 0, 0, utc)},
		{Component: "i-1", Level: rca.MajorOutage, Start: time.Date(2025, 4, 15, 14, 10, 0, 0, utc), End: time.Date(2025, 4, 15, 14, 20, 0, 0, utc)},
	}}
	tests := []struct {
		name   string
		rule   Rule
		from   time.Time
		amount string
		expl   string
	}{
		{"two clock hours at 0.096 an hour: 0.192 → 0.19", Rule{Kind: PerInterval, Rate: dec("0.096")}, time.Time{}, "0.19",
			"2 interval(s) of 3600 s × 0.096 USD = 0.192 → 0.19 USD (half-up)"},
		{"at the charge's hourly price, 72.00 ÷ 720 h: 2 × 0.10", Rule{Kind: PerInterval}, time.Time{}, "0.20",
			"2 interval(s) of 3600 s × 0.10 USD (72.00 USD ÷ 2592000 s active × 3600 s) = 0.20 → 0.20 USD (half-up)"},
		// Active from noon on the 15th: 372 hours of April, 37.20, and
		// only the 14:00 hour.
		{"joined at noon: only the 14:00 hour, at 37.20 ÷ 372 h", Rule{Kind: PerInterval}, time.Date(2025, 4, 15, 12, 0, 0, 0, utc), "0.10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := Plan{ID: "p", Price: dec("72.00"), Currency: currency.USD, Rule: tt.rule}
			var got [][]string
			for _, exact := range []bool{false, true} {
				c, err := NewCalculator(Config{Plans: []Plan{plan}, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
					From: time.Date(2025, 4, 1, 0, 0, 0, 0, utc), To: time.Date(2025, 5, 1, 0, 0, 0, 0, utc)})
				if err != nil {
					t.Fatal(err)
				}
				c.exactOnly = exact
				lines, err := c.Credit(Subscription{ID: "s", Plan: "p", Quantity: 1, AnchorDay: 1, From: tt.from})
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, []string{lines[0].Amount.StringFixed(2), lines[0].Explanation})
			}
			if tt.expl == "" {
				tt.expl = got[0][1]
			}
			if diff := cmp.Diff([][]string{{tt.amount, tt.expl}, {tt.amount, tt.expl}}, got); diff != "" {
				t.Errorf("amount and explanation, fast and exact (-want +got):\n%s", diff)
			}
		})
	}
	_, err := NewCalculator(Config{Plans: []Plan{{ID: "p", Price: dec("1"), Currency: currency.USD, Rule: Rule{Kind: PerInterval}}},
		Policies: []*sla.Policy{{ID: "plain", Version: "1", Objective: dec("99.9")}}})
	if diff := cmp.Diff([]string{`plans[0].rule.kind: a per_interval rule credits the intervals of its policy's interval rule: policy "plain" has none`}, problem.Strings(err)); diff != "" {
		t.Errorf("a per_interval rule on a policy without intervals (-want +got):\n%s", diff)
	}
}

// TestPeriodCap: a yearly cap across monthly windows. A 100.00 monthly
// plan, 50% of each month's charge for a 10-hour outage, capped at 10% of
// the year's charges (1,200.00 → 120.00): January 50, February 50, March
// what is left, 20, April nothing; with 30.00 issued for December 2024 and
// January 2025 before a run from February (the ledger's), February 50,
// March 40: January's 30 counts, December's (another year) does not. The
// year's allowance starts again in January. Both arithmetics; the figures
// are worked out by hand.
func TestPeriodCap(t *testing.T) {
	utc := time.UTC
	rule := Rule{Kind: Tiered, Tiers: sla.Tiers{{Below: ptr("99"), Credit: dec("50")}}, AllowGaps: true,
		PeriodCap: &PeriodCap{Per: Annual, Percent: dec("10")}}
	plan := Plan{ID: "p", Price: dec("100.00"), Currency: currency.USD, Rule: rule}
	pol := &sla.Policy{ID: "monthly", Version: "1", Objective: dec("99.9")}
	var impacts []rca.Impact
	for m := time.November; m <= time.December+4; m++ {
		s := time.Date(2024, m, 10, 0, 0, 0, 0, utc)
		impacts = append(impacts, rca.Impact{Component: "api", Level: rca.MajorOutage, Start: s, End: s.Add(10 * time.Hour)})
	}
	inc := &rca.Incident{ID: "i", Impacts: impacts}
	month := func(y int, m time.Month) (time.Time, time.Time) {
		return time.Date(y, m, 1, 0, 0, 0, 0, utc), time.Date(y, m+1, 1, 0, 0, 0, 0, utc)
	}
	issued := func(y int, m time.Month, amount, key string) Issued {
		s, e := month(y, m)
		return Issued{Subscription: "s", Policy: "monthly", Plan: "p", WindowStart: s, WindowEnd: e, Currency: currency.USD, Amount: dec(amount), Key: key}
	}
	tests := []struct {
		name     string
		from, to time.Time
		ledger   []Issued
		over     OverCredit
		want     []string
	}{
		{"January to April 2025", time.Date(2025, 1, 1, 0, 0, 0, 0, utc), time.Date(2025, 5, 1, 0, 0, 0, 0, utc), nil, Keep, []string{"50.00", "50.00", "20.00", "0.00"}},
		{"30.00 issued for January before a run from February", time.Date(2025, 2, 1, 0, 0, 0, 0, utc), time.Date(2025, 4, 1, 0, 0, 0, 0, utc),
			[]Issued{issued(2024, time.December, "25.00", "k-dec"), issued(2025, time.January, "30.00", "k-jan")}, Keep, []string{"50.00", "40.00"}},
		{"a new year starts again", time.Date(2024, 11, 1, 0, 0, 0, 0, utc), time.Date(2025, 3, 1, 0, 0, 0, 0, utc), nil, Keep, []string{"50.00", "50.00", "50.00", "50.00"}},
		// A re-run of January to March after all three were issued in
		// full: each window is settled, nothing new, the cap unchanged.
		{"a re-run settles nothing new", time.Date(2025, 1, 1, 0, 0, 0, 0, utc), time.Date(2025, 4, 1, 0, 0, 0, 0, utc),
			[]Issued{issued(2025, time.January, "50.00", "k1"), issued(2025, time.February, "50.00", "k2"), issued(2025, time.March, "20.00", "k3")}, Keep, []string{"0.00", "0.00", "0.00"}},
		// January was over-credited 80.00 (kept): February is capped at
		// the 40.00 left, March at nothing.
		{"an over-credit kept counts against the cap", time.Date(2025, 1, 1, 0, 0, 0, 0, utc), time.Date(2025, 4, 1, 0, 0, 0, 0, utc),
			[]Issued{issued(2025, time.January, "80.00", "k1")}, Keep, []string{"0.00", "40.00", "0.00"}},
		// Reversed instead, January is settled at its due, 50.00 (−30.00),
		// and February and March get 50.00 and 20.00.
		{"an over-credit reversed does not", time.Date(2025, 1, 1, 0, 0, 0, 0, utc), time.Date(2025, 4, 1, 0, 0, 0, 0, utc),
			[]Issued{issued(2025, time.January, "80.00", "k1")}, Reverse, []string{"-30.00", "50.00", "20.00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]string
			for _, exact := range []bool{false, true} {
				var l *Ledger
				if tt.ledger != nil {
					l = new(Ledger)
					for _, e := range tt.ledger {
						if err := l.Add(e); err != nil {
							t.Fatal(err)
						}
					}
				}
				c, err := NewCalculator(Config{Plans: []Plan{plan}, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc}, From: tt.from, To: tt.to, Ledger: l, OverCredit: tt.over})
				if err != nil {
					t.Fatal(err)
				}
				c.exactOnly = exact
				lines, err := c.Credit(Subscription{ID: "s", Plan: "p", Quantity: 1, AnchorDay: 1, From: time.Date(2020, 1, 1, 0, 0, 0, 0, utc)})
				if err != nil {
					t.Fatal(err)
				}
				var amounts []string
				for _, l := range lines {
					amounts = append(amounts, l.Amount.StringFixed(2))
				}
				got = append(got, amounts)
				if exact {
					continue
				}
				// RunCSV, the batch path, settles the same.
				var out bytes.Buffer
				if _, err := c.RunCSV(context.Background(), &out, strings.NewReader("id,plan_id,anchor_day,active_from\ns,p,1,2020-01-01\n"), BatchOptions{}); err != nil {
					t.Fatal(err)
				}
				amounts = nil
				for l, err := range ReadLines(&out, "lines.csv") {
					if err != nil {
						t.Fatal(err)
					}
					amounts = append(amounts, l.Amount.StringFixed(2))
				}
				got = append(got, amounts)
			}
			if diff := cmp.Diff([][]string{tt.want, tt.want, tt.want}, got); diff != "" {
				t.Errorf("amounts of Credit, RunCSV and the exact path (-want +got):\n%s", diff)
			}
		})
	}
	l := new(Ledger)
	for _, e := range []Issued{issued(2025, time.January, "50.00", "k1"), issued(2025, time.February, "50.00", "k2")} {
		if err := l.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	c, err := NewCalculator(Config{Plans: []Plan{plan}, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
		From: time.Date(2025, 3, 1, 0, 0, 0, 0, utc), To: time.Date(2025, 4, 1, 0, 0, 0, 0, utc), Ledger: l})
	if err != nil {
		t.Fatal(err)
	}
	lines, err := c.Credit(Subscription{ID: "s", Plan: "p", Quantity: 1, AnchorDay: 1, From: time.Date(2020, 1, 1, 0, 0, 0, 0, utc)})
	if err != nil {
		t.Fatal(err)
	}
	want := "availability 98.655914% in tier < 99: 50%: 100.00 USD × 50% = 50.00, capped at what is left of 10% of the year's charges 120.00 USD after 100.00 USD issued in it = 20.00 → 20.00 USD (half-up)"
	if got := lines[0].Explanation; got != want {
		t.Errorf("explanation:\n got %s\nwant %s", got, want)
	}
}

// TestProratedConventions: a prorated credit is priced by the plan's
// proration conventions. Two hours down on February 10, 2025 (a 28-day
// February), under a monthly policy; figures worked out by hand:
//   - annual 1,200.00, actual time: 1,200 × 7200 s ÷ 365 days = 0.273972…
//     → 0.27; in equal months February is 1/12 of the year: 100 × 7200 s
//     ÷ 28 days = 0.297619… → 0.30 (the two readings of a monthly SLA on
//     an annual contract);
//   - monthly 30.00 for a subscriber from February 15 (outage on the
//     20th): actual time prices the 14 days at 30 ÷ 28 days, 30 × 7200 s ÷
//     2,419,200 s = 0.089285… → 0.09; in Kill Bill's 30-day months the 14
//     days to March 1 are worth (14 + 30 − 28)/30 of the month, its
//     cross-month adjustment (TestProrationConventions), so the 2 hours
//     of them are worth 30 × 16/30 × 7200 s ÷ 14 days = 0.095238… → 0.10;
//   - 30,000,000.00 a month, 2 hours of a 28-day month: the fraction 7200
//     ÷ 2,419,200 = 0.00297619047… is 0.002976190 to 9 places (Kill
//     Bill): 89,285.70, where the exact fraction gives 89,285.71.
func TestProratedConventions(t *testing.T) {
	utc := time.UTC
	pol := &sla.Policy{ID: "monthly", Version: "1", Objective: dec("99.9")}
	tests := []struct {
		name   string
		plan   Plan
		day    int // of the outage, in February 2025
		from   time.Time
		amount string
		expl   string
	}{
		{"annual, actual time: 1,200 × 7200 s ÷ 365 d", Plan{Price: dec("1200.00"), Period: Annual}, 10, time.Date(2025, 1, 1, 0, 0, 0, 0, utc), "0.27",
			"1200.00 USD × 7200 s ÷ 31536000 s = 0.273973… → 0.27 USD (half-up)"},
		{"annual in equal months: 100 × 7200 s ÷ 28 d", Plan{Price: dec("1200.00"), Period: Annual, EqualMonths: true}, 10, time.Date(2025, 1, 1, 0, 0, 0, 0, utc), "0.30",
			"1200.00 USD × 0.083333… of the period × 7200 s ÷ 2419200 s = 0.297619… → 0.30 USD (half-up)"},
		{"from the 15th, actual time: 30 × 7200 s ÷ 28 d", Plan{Price: dec("30.00")}, 20, time.Date(2025, 2, 15, 0, 0, 0, 0, utc), "0.09",
			"30.00 USD × 7200 s ÷ 2419200 s = 0.089286… → 0.09 USD (half-up)"},
		{"from the 15th, 30-day months: 30 × 16/30 × 7200 s ÷ 14 d", Plan{Price: dec("30.00"), Proration: FixedDays}, 20, time.Date(2025, 2, 15, 0, 0, 0, 0, utc), "0.10",
			"30.00 USD × 0.533333… of the period × 7200 s ÷ 1209600 s = 0.095238… → 0.10 USD (half-up)"},
		{"the exact fraction: 89,285.71", Plan{Price: dec("30000000.00")}, 10, time.Date(2025, 1, 1, 0, 0, 0, 0, utc), "89285.71", ""},
		{"the fraction to 9 places: 89,285.70", Plan{Price: dec("30000000.00"), FractionPlaces: 9}, 10, time.Date(2025, 1, 1, 0, 0, 0, 0, utc), "89285.70",
			"30000000.00 USD × 1 of the period × 7200 s ÷ 2419200 s (fraction 0.002976… to 9 places) = 89285.70 → 89285.70 USD (half-up)"},
		// 7200 ÷ 31,536,000 = 0.0002283105…: to 9 places half-up
		// 0.000228311 (× 30,000,000 = 6,849.33); exactly 6,849.315… →
		// 6,849.32; a fraction cut to 9 places would give 6,849.30. Kills
		// the mutant "the fraction rounded toward zero, not half-up" (in
		// prorated), which the case above, rounded down either way, lets live.
		{"annual, the fraction to 9 places rounded up: 6,849.33", Plan{Price: dec("30000000.00"), Period: Annual, FractionPlaces: 9}, 10, time.Date(2025, 1, 1, 0, 0, 0, 0, utc), "6849.33", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := time.Date(2025, 2, tt.day, 0, 0, 0, 0, utc)
			inc := &rca.Incident{ID: "i", Impacts: []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: s, End: s.Add(2 * time.Hour)}}}
			plan := tt.plan
			plan.ID, plan.Currency, plan.Rule = "p", currency.USD, Rule{Kind: Prorated}
			var got []string
			for _, exact := range []bool{false, true} {
				c, err := NewCalculator(Config{Plans: []Plan{plan}, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
					From: time.Date(2025, 2, 1, 0, 0, 0, 0, utc), To: time.Date(2025, 3, 1, 0, 0, 0, 0, utc)})
				if err != nil {
					t.Fatal(err)
				}
				c.exactOnly = exact
				lines, err := c.Credit(Subscription{ID: "s", Plan: "p", Quantity: 1, AnchorDay: 1, From: tt.from})
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, lines[0].Amount.StringFixed(2))
				if tt.expl != "" && lines[0].Explanation != tt.expl {
					t.Errorf("explanation:\n got %s\nwant %s", lines[0].Explanation, tt.expl)
				}
			}
			if diff := cmp.Diff([]string{tt.amount, tt.amount}, got); diff != "" {
				t.Errorf("amounts, fast and exact (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCapDaysSettled: a cap caps the window's due, the total its
// settlement issues. April, down throughout: 100% of a 30.00 month capped
// at 10 days of paid service, 30 × 10 ÷ 30 = 10.00 due; with 4.00 issued
// before, 6.00 now; with 12.00 issued before, nothing now and 2.00
// over-credited (kept), or −2.00 reversed.
func TestCapDaysSettled(t *testing.T) {
	utc := time.UTC
	april, may := time.Date(2025, 4, 1, 0, 0, 0, 0, utc), time.Date(2025, 5, 1, 0, 0, 0, 0, utc)
	plan := Plan{ID: "p", Price: dec("30.00"), Currency: currency.USD,
		Rule: Rule{Kind: Tiered, Tiers: sla.Tiers{{Below: ptr("99.9"), Credit: dec("100")}}, AllowGaps: true, CapDays: 10}}
	pol := &sla.Policy{ID: "monthly", Version: "1", Objective: dec("99.9")}
	inc := &rca.Incident{ID: "i", Impacts: []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: april, End: may}}}
	tests := []struct {
		name, issued string
		over         OverCredit
		amount, expl string
	}{
		{"nothing issued before: the cap", "", Keep, "10.00",
			"availability 0% in tier < 99.9: 100%: 30.00 USD × 100% = 30.00, capped at the price of 10 days of paid service, 30.00 USD × 864000 s ÷ 2592000 s = 10.00 → 10.00 USD (half-up)"},
		{"4.00 issued before: 6.00", "4.00", Keep, "6.00", "; due 10.00 USD − issued 4.00 USD = 6.00 USD"},
		{"12.00 issued before, kept", "12.00", Keep, "0.00", "; due 10.00 USD − issued 12.00 USD = −2.00 USD: over-credited 2.00 USD, kept"},
		{"12.00 issued before, reversed", "12.00", Reverse, "-2.00", "; due 10.00 USD − issued 12.00 USD = −2.00 USD: reversed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, exact := range []bool{false, true} {
				var l *Ledger
				if tt.issued != "" {
					l = new(Ledger)
					if err := l.Add(Issued{Subscription: "s", Policy: "monthly", WindowStart: april, WindowEnd: may, Currency: currency.USD, Amount: dec(tt.issued), Key: "k"}); err != nil {
						t.Fatal(err)
					}
				}
				c, err := NewCalculator(Config{Plans: []Plan{plan}, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc}, From: april, To: may, Ledger: l, OverCredit: tt.over})
				if err != nil {
					t.Fatal(err)
				}
				c.exactOnly = exact
				lines, err := c.Credit(Subscription{ID: "s", Plan: "p", Quantity: 1, AnchorDay: 1})
				if err != nil {
					t.Fatal(err)
				}
				if got := lines[0].Amount.StringFixed(2); got != tt.amount || !lines[0].Due.Equal(dec("10")) {
					t.Errorf("exact=%v: amount %s, due %s; want %s, 10.00", exact, got, lines[0].Due, tt.amount)
				}
				if !strings.HasSuffix(lines[0].Explanation, tt.expl) {
					t.Errorf("exact=%v: explanation %q does not end with %q", exact, lines[0].Explanation, tt.expl)
				}
			}
		})
	}
}
