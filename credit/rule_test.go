package credit

import (
	"math/big"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/sla"
)

// april is the seed's window: April 2014 in America/New_York, 30 days.
const april = 30 * 24 * time.Hour

// seedDowntime is the seed outage counted in full: 14h28m.
const seedDowntime = 14*time.Hour + 28*time.Minute

// measured returns a time-based result with the given downtime (counted at
// weight 1) over the given measured time, against a 99.9% objective, the
// way sla fills one.
func measured(down, over time.Duration) *sla.Result {
	w := decimal.New(int64(down), -9)
	m := decimal.New(int64(over), -9)
	hundred := decimal.NewFromInt(100)
	r := &sla.Result{
		Length: over, Measured: over, Downtime: down, Weighted: w,
		Objective: decimal.RequireFromString("99.9"),
		Budget:    sla.Budget{Allowed: m.Mul(decimal.RequireFromString("0.1")).Shift(-2)},
	}
	r.Availability = hundred
	if m.Sign() > 0 {
		r.Availability = hundred.Mul(m.Sub(w)).DivRound(m, 10)
	}
	return r
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad rational " + s)
	}
	return r
}

func ptr(s string) *decimal.Decimal { d := dec(s); return &d }

// ruleCase is one evaluation of a rule on its own inputs.
type ruleCase struct {
	name   string
	rule   Rule
	charge string // exact, a rational "a/b" or a decimal
	code   string
	res    *sla.Result
	tiers  sla.Tiers

	want        string // amount, with the currency's places
	capped      bool
	belowMin    bool
	explanation string // checked when set
}

// capLimit returns the cap percentage of charge.
func capLimit(r *Rule, charge *big.Rat) *big.Rat {
	pct := big.NewRat(100, 1)
	if !r.CapPercent.IsZero() {
		pct = r.CapPercent.Rat()
	}
	l := new(big.Rat).Mul(charge, pct)
	return l.Quo(l, big.NewRat(100, 1))
}

func (tc ruleCase) run(t *testing.T) {
	t.Helper()
	if tc.code == "" {
		tc.code = "USD"
	}
	u := currency.MustParseISO(tc.code)
	e := evalRule(&tc.rule, tc.tiers, u, rat(tc.charge), tc.res)
	e.agree(t, true) // every case fits 128 bits: both arithmetics answer, alike
	out := &e.exact
	if got := out.amount.decimal().StringFixed(int32(Digits(u))); got != tc.want {
		t.Errorf("amount = %s %s, want %s", got, tc.code, tc.want)
	}
	if out.capped != tc.capped {
		t.Errorf("capped = %v, want %v", out.capped, tc.capped)
	}
	if out.belowMin != tc.belowMin {
		t.Errorf("below minimum = %v, want %v", out.belowMin, tc.belowMin)
	}
	if tc.explanation != "" {
		if got := string(out.expl); got != tc.explanation {
			t.Errorf("explanation:\n got %s\nwant %s", got, tc.explanation)
		}
	}
}

// TestProrated, with TestStepped, TestFixed and TestTiered, checks each
// rule and modifier against amounts and explanations worked out by hand,
// on both arithmetics. Semantic mutants it kills (each injected by hand,
// each failing this test under plain go test ./credit):
//   - the allowance 10× too small on the fast path;
//   - half-even ties reversed, in the 128-bit rounding or in both;
//   - half-up ties sent down;
//   - the cap applied before the multiplier;
//   - the minimum judged on the exact amount instead of the rounded one;
//   - credits already issued ignored by the cap;
//   - the cash increment ignored (CHF to the cent);
//   - rounding allowed above the cap;
//   - the multiplier ignored;
//   - ceiling rounding like floor;
//   - a percent divided by 10 instead of 100.
func TestProrated(t *testing.T) {
	seed := measured(seedDowntime, april)
	prorated := Rule{Kind: Prorated}
	tests := []ruleCase{
		{name: "seed 15 usd", rule: prorated, charge: "15", res: seed, want: "0.30",
			explanation: "15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)"},
		{name: "seed 980 jpy", rule: prorated, charge: "980", code: "JPY", res: seed, want: "20",
			explanation: "980 JPY × 52080 s ÷ 2592000 s = 19.690741… → 20 JPY (half-up)"},
		{name: "seed 12.500 kwd", rule: prorated, charge: "12.5", code: "KWD", res: seed, want: "0.251",
			explanation: "12.500 KWD × 52080 s ÷ 2592000 s = 0.251157… → 0.251 KWD (half-up)"},
		{name: "45 usd 2h tie half-up", rule: prorated, charge: "45", res: measured(2*time.Hour, april), want: "0.13",
			explanation: "45.00 USD × 7200 s ÷ 2592000 s = 0.125 → 0.13 USD (half-up)"},
		{name: "45 usd 2h tie half-even", rule: Rule{Kind: Prorated, Rounding: HalfEven}, charge: "45", res: measured(2*time.Hour, april), want: "0.12",
			explanation: "45.00 USD × 7200 s ÷ 2592000 s = 0.125 → 0.12 USD (half-even)"},
		{name: "49 chf standard", rule: prorated, charge: "49", code: "CHF", res: seed, want: "0.98"},
		// 0.301389… rounds down (and to the floor) to 0.30, up (and to the
		// ceiling) to 0.31; an exact 0.125 is not moved by any.
		{name: "seed down", rule: Rule{Kind: Prorated, Rounding: Down}, charge: "15", res: seed, want: "0.30",
			explanation: "15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (down)"},
		{name: "seed up", rule: Rule{Kind: Prorated, Rounding: Up}, charge: "15", res: seed, want: "0.31",
			explanation: "15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.31 USD (up)"},
		{name: "seed ceiling", rule: Rule{Kind: Prorated, Rounding: Ceiling}, charge: "15", res: seed, want: "0.31",
			explanation: "15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.31 USD (ceiling)"},
		{name: "seed floor", rule: Rule{Kind: Prorated, Rounding: Floor}, charge: "15", res: seed, want: "0.30",
			explanation: "15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (floor)"},
		{name: "980 jpy up", rule: Rule{Kind: Prorated, Rounding: Up}, charge: "980", code: "JPY", res: seed, want: "20"},
		{name: "980 jpy down", rule: Rule{Kind: Prorated, Rounding: Down}, charge: "980", code: "JPY", res: seed, want: "19"},
		{name: "12.500 kwd up", rule: Rule{Kind: Prorated, Rounding: Up}, charge: "12.5", code: "KWD", res: seed, want: "0.252"},
		{name: "exact amount not moved up", rule: Rule{Kind: Prorated, Rounding: Up}, charge: "45", res: measured(2*time.Hour, april), want: "0.13"},
		{name: "up never above the cap", rule: Rule{Kind: Prorated, Rounding: Up, Multiplier: dec("1000")}, charge: "61/200", res: seed, want: "0.30", capped: true,
			explanation: "0.305 USD × 52080 s ÷ 2592000 s × 1000 = 6.128241…, capped at 100% of 0.305 USD = 0.305 → 0.30 USD (rounded down to stay within the cap)"},
		{name: "minimum judged after rounding up", rule: Rule{Kind: Prorated, Rounding: Up, Minimum: dec("0.31")}, charge: "15", res: seed, want: "0.00", belowMin: true},
		{name: "minimum exceeded after rounding up", rule: Rule{Kind: Prorated, Rounding: Ceiling, Minimum: dec("0.30")}, charge: "15", res: seed, want: "0.31"},
		{name: "49 chf cash", rule: Rule{Kind: Prorated, Rounding: Cash}, charge: "49", code: "CHF", res: seed, want: "1.00",
			explanation: "49.00 CHF × 52080 s ÷ 2592000 s = 0.984537… → 1.00 CHF (cash)"},
		{name: "multiplier 10", rule: Rule{Kind: Prorated, Multiplier: dec("10")}, charge: "15", res: seed, want: "3.01",
			explanation: "15.00 USD × 52080 s ÷ 2592000 s × 10 = 3.013889… → 3.01 USD (half-up)"},
		{name: "cap 50 percent", rule: Rule{Kind: Prorated, Multiplier: dec("100"), CapPercent: dec("50")}, charge: "15", res: seed, want: "7.50", capped: true,
			explanation: "15.00 USD × 52080 s ÷ 2592000 s × 100 = 30.138889…, capped at 50% of 15.00 USD = 7.50 → 7.50 USD (half-up)"},
		{name: "default cap 100 percent", rule: Rule{Kind: Prorated, Multiplier: dec("100")}, charge: "15", res: seed, want: "15.00", capped: true},
		{name: "minimum 1.00 not reached", rule: Rule{Kind: Prorated, Minimum: dec("1.00")}, charge: "15", res: seed, want: "0.00", belowMin: true,
			explanation: "15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → not greater than the minimum 1.00 USD: not issued"},
		{name: "minimum equal is not greater", rule: Rule{Kind: Prorated, Minimum: dec("0.30")}, charge: "15", res: seed, want: "0.00", belowMin: true},
		{name: "minimum exceeded", rule: Rule{Kind: Prorated, Minimum: dec("0.29")}, charge: "15", res: seed, want: "0.30"},
		{name: "minimum judged after rounding", rule: Rule{Kind: Prorated, Minimum: dec("0.30")}, charge: "15.02", res: seed, want: "0.00", belowMin: true},
		{name: "beyond allowance", rule: Rule{Kind: Prorated, BeyondAllowance: true}, charge: "15", res: seed, want: "0.29",
			explanation: "15.00 USD × (52080 s − 2592 s allowed) ÷ 2592000 s = 0.286389… → 0.29 USD (half-up)"},
		{name: "within allowance", rule: Rule{Kind: Prorated, BeyondAllowance: true}, charge: "15", res: measured(40*time.Minute, april), want: "0.00"},
		{name: "no downtime", rule: prorated, charge: "15", res: measured(0, april), want: "0.00",
			explanation: "no counted downtime while active: no credit"},
		{name: "half a month active", rule: prorated, charge: "15/2", res: seed, want: "0.15"},
		{name: "active-time denominator", rule: prorated, charge: "15/2", res: measured(seedDowntime, april/2), want: "0.30"},
		{name: "nothing measured", rule: prorated, charge: "15", res: measured(0, 0), want: "0.00"},
		{name: "repeating charge kept exact", rule: prorated, charge: "15/31", res: measured(31*24*time.Hour/2, 31*24*time.Hour), want: "0.24",
			explanation: "0.483871… USD × 1339200 s ÷ 2678400 s = 0.241935… → 0.24 USD (half-up)"},
		{name: "rounding never exceeds the cap", rule: Rule{Kind: Prorated, Multiplier: dec("1000")}, charge: "61/200", res: seed, want: "0.30", capped: true,
			explanation: "0.305 USD × 52080 s ÷ 2592000 s × 1000 = 6.128241…, capped at 100% of 0.305 USD = 0.305 → 0.30 USD (rounded down to stay within the cap)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// TestStepped kills the mutant "whole steps counted instead of started
// ones" (31 minutes is two started steps of 30).
func TestStepped(t *testing.T) {
	five := Rule{Kind: Stepped, StepPercent: dec("5"), Step: 30 * time.Minute}
	tests := []ruleCase{
		{name: "125 min is 25 percent", rule: five, charge: "100", res: measured(125*time.Minute, april), want: "25.00",
			explanation: "7500 s = 5 started steps of 30m × 5% = 25% of 100.00 USD = 25.00 → 25.00 USD (half-up)"},
		{name: "exactly 30 min is 5 percent", rule: five, charge: "100", res: measured(30*time.Minute, april), want: "5.00"},
		{name: "31 min is 10 percent", rule: five, charge: "100", res: measured(31*time.Minute, april), want: "10.00"},
		{name: "one nanosecond starts a step", rule: five, charge: "100", res: measured(1, april), want: "5.00"},
		{name: "11 h is capped at 100 percent", rule: five, charge: "100", res: measured(11*time.Hour, april), want: "100.00", capped: true},
		{name: "no downtime", rule: five, charge: "100", res: measured(0, april), want: "0.00"},
		{name: "seed", rule: five, charge: "15", res: measured(seedDowntime, april), want: "15.00", capped: true},
		{name: "cap 50", rule: Rule{Kind: Stepped, StepPercent: dec("5"), Step: 30 * time.Minute, CapPercent: dec("50")}, charge: "100", res: measured(11*time.Hour, april), want: "50.00", capped: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// TestFixed kills the mutants "goodwill paid without downtime" and "the
// multiplier ignored".
func TestFixed(t *testing.T) {
	goodwill := Rule{Kind: Fixed, Amount: dec("5.00")}
	tests := []ruleCase{
		{name: "affected", rule: goodwill, charge: "15", res: measured(time.Minute, april), want: "5.00",
			explanation: "goodwill 5.00 USD → 5.00 USD (half-up)"},
		{name: "not affected", rule: goodwill, charge: "15", res: measured(0, april), want: "0.00"},
		{name: "capped at the charge", rule: goodwill, charge: "2", res: measured(time.Minute, april), want: "2.00", capped: true},
		{name: "multiplied", rule: Rule{Kind: Fixed, Amount: dec("5.00"), Multiplier: dec("2")}, charge: "15", res: measured(time.Minute, april), want: "10.00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// TestTiered kills the mutants "a percent divided by 10 instead of 100"
// and "the cap applied before the multiplier".
func TestTiered(t *testing.T) {
	// "< 99.99 and ≥ 99.0": 10%; "< 99.0 and ≥ 95.0": 25%; "< 95": 100%.
	closedBelow := sla.Tiers{
		{AtLeast: ptr("99.0"), Below: ptr("99.99"), Credit: dec("10")},
		{AtLeast: ptr("95.0"), Below: ptr("99.0"), Credit: dec("25")},
		{Below: ptr("95.0"), Credit: dec("100")},
	}
	// "≤ 99.9 and > 99.0": 10%; "< 99.0": 30%. Exactly 99.0% is in no
	// tier, as some published schedules have it.
	openBelow := sla.Tiers{
		{Above: ptr("99.0"), AtMost: ptr("99.9"), Credit: dec("10")},
		{Below: ptr("99.0"), Credit: dec("30")},
	}
	tiered := Rule{Kind: Tiered}
	at := func(weighted time.Duration) *sla.Result { return measured(weighted, april) }
	// In a 2,592,000 s month: 25,920 s is exactly 99.0%, 2,592 s 99.9%,
	// 259.2 s 99.99%.
	tests := []ruleCase{
		{name: "seed 97.99 in 25 percent", rule: tiered, tiers: closedBelow, charge: "15", res: at(seedDowntime), want: "3.75",
			explanation: "availability 97.990741% in tier ≥ 95 and < 99: 25%: 15.00 USD × 25% = 3.75 → 3.75 USD (half-up)"},
		{name: "exactly 99.0 with at_least", rule: tiered, tiers: closedBelow, charge: "15", res: at(25920 * time.Second), want: "1.50"},
		{name: "just below 99.0", rule: tiered, tiers: closedBelow, charge: "15", res: at(25920*time.Second + 1), want: "3.75"},
		{name: "exactly 99.99 below is excluded", rule: tiered, tiers: closedBelow, charge: "15", res: at(259200 * time.Millisecond), want: "0.00",
			explanation: "availability 99.99% in no tier: no credit"},
		{name: "just below 99.99", rule: tiered, tiers: closedBelow, charge: "15", res: at(259200*time.Millisecond + 1), want: "1.50"},
		{name: "exactly 99.0 in no tier", rule: tiered, tiers: openBelow, charge: "15", res: at(25920 * time.Second), want: "0.00",
			explanation: "availability 99% in no tier: no credit"},
		{name: "exactly 99.9 at_most is included", rule: tiered, tiers: openBelow, charge: "15", res: at(2592 * time.Second), want: "1.50"},
		{name: "just above 99.9", rule: tiered, tiers: openBelow, charge: "15", res: at(2592*time.Second - 1), want: "0.00"},
		{name: "just below 99.0 open", rule: tiered, tiers: openBelow, charge: "15", res: at(25920*time.Second + 1), want: "4.50"},
		{name: "100 percent tier", rule: tiered, tiers: closedBelow, charge: "15", res: at(3 * 24 * time.Hour), want: "15.00"},
		{name: "tier with multiplier capped", rule: Rule{Kind: Tiered, Multiplier: dec("5")}, tiers: closedBelow, charge: "15", res: at(seedDowntime), want: "15.00", capped: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}
