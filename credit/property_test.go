package credit

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
	"pgregory.net/rapid"

	"github.com/outagekit/postmortem/sla"
)

var propertyCurrencies = []currency.Unit{
	currency.USD, currency.JPY, currency.MustParseISO("KWD"), currency.CHF, currency.EUR,
	currency.MustParseISO("IQD"),
}

// drawAmount draws a decimal in [0, max] with up to places decimals.
func drawAmount(t *rapid.T, label string, max int64, places int32) decimal.Decimal {
	return decimal.New(rapid.Int64Range(0, max).Draw(t, label), -places)
}

// drawRule draws a valid rule of any kind with any modifiers. Tiered rules
// get a schedule that pays more for lower availability.
func drawRule(t *rapid.T) (Rule, sla.Tiers) {
	r := Rule{Kind: rapid.SampledFrom([]RuleKind{Tiered, Prorated, Stepped, Fixed}).Draw(t, "kind")}
	var tiers sla.Tiers
	switch r.Kind {
	case Tiered:
		lo := decimal.New(rapid.Int64Range(9000, 9899).Draw(t, "lo"), -2)
		hi := decimal.New(rapid.Int64Range(9900, 9999).Draw(t, "hi"), -2)
		small := drawAmount(t, "small", 50, 0)
		big := small.Add(drawAmount(t, "more", 50, 0))
		tiers = sla.Tiers{
			{AtLeast: &lo, Below: &hi, Credit: small},
			{Below: &lo, Credit: big},
		}
	case Prorated:
		r.BeyondAllowance = rapid.Bool().Draw(t, "beyond")
	case Stepped:
		r.StepPercent = decimal.New(rapid.Int64Range(1, 10000).Draw(t, "step%"), -2)
		r.Step = time.Duration(rapid.Int64Range(1, 240).Draw(t, "step min")) * time.Minute
	case Fixed:
		r.Amount = drawAmount(t, "amount", 100000, 2)
		if r.Amount.IsZero() {
			r.Amount = decimal.New(1, -2)
		}
	}
	if rapid.Bool().Draw(t, "multiplied") {
		r.Multiplier = decimal.New(rapid.Int64Range(1, 2500).Draw(t, "multiplier"), -1)
	}
	if rapid.Bool().Draw(t, "capped") {
		r.CapPercent = decimal.New(rapid.Int64Range(1, 100).Draw(t, "cap"), 0)
	}
	if rapid.Bool().Draw(t, "minimum") {
		r.Minimum = drawAmount(t, "minimum", 500, 2)
	}
	r.Rounding = Rounding(rapid.IntRange(0, len(roundingNames)-1).Draw(t, "rounding"))
	return r, tiers
}

// drawInput draws a window's charge (a price × an exact share) and a
// measured time.
func drawInput(t *rapid.T) (charge *big.Rat, over time.Duration, cur currency.Unit) {
	cur = rapid.SampledFrom(propertyCurrencies).Draw(t, "currency")
	price := drawAmount(t, "price", 10_000_000, 2)
	share := big.NewRat(rapid.Int64Range(0, 31*86400).Draw(t, "overlap"), rapid.Int64Range(28*86400, 31*86400).Draw(t, "period"))
	if share.Cmp(big.NewRat(1, 1)) > 0 {
		share.SetInt64(1)
	}
	charge = new(big.Rat).Mul(price.Rat(), share)
	over = time.Duration(rapid.Int64Range(1, 31*86400).Draw(t, "measured s")) * time.Second
	return charge, over, cur
}

// evaluateAt evaluates r on a window of over with down of downtime, with
// both arithmetics, fails t when they disagree, and returns the figures of
// each path that answered (the exact one always does): the properties
// hold for both.
func evaluateAt(t *rapid.T, r *Rule, tiers sla.Tiers, charge *big.Rat, down, over time.Duration, cur currency.Unit) []figures {
	e := evalRule(r, tiers, cur, charge, measured(down, over))
	e.agree(t, false)
	if e.fastOK {
		return []figures{e.exact, e.fast}
	}
	return []figures{e.exact}
}

// TestPropertyBounds: a credit is never negative, never above the cap ×
// the charge, and has the currency's places.
func TestPropertyBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r, tiers := drawRule(t)
		charge, over, cur := drawInput(t)
		down := time.Duration(rapid.Int64Range(0, int64(over)).Draw(t, "down"))
		for _, out := range evaluateAt(t, &r, tiers, charge, down, over, cur) {
			issued := out.amount.decimal()
			amount := issued.Rat()
			if amount.Sign() < 0 {
				t.Fatalf("negative credit %s", issued)
			}
			if limit := capLimit(&r, charge); amount.Cmp(limit) > 0 {
				t.Fatalf("credit %s above cap %s", issued, limit.FloatString(6))
			}
			if issued.Exponent() != -int32(Digits(cur)) {
				t.Fatalf("credit %s has exponent %d, want %d", issued, issued.Exponent(), -Digits(cur))
			}
			if out.belowMin && !issued.IsZero() {
				t.Fatalf("below minimum yet issued %s", issued)
			}
		}
	})
}

// TestPropertyMonotone: more downtime never earns less credit.
func TestPropertyMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r, tiers := drawRule(t)
		charge, over, cur := drawInput(t)
		a := time.Duration(rapid.Int64Range(0, int64(over)).Draw(t, "a"))
		b := time.Duration(rapid.Int64Range(int64(a), int64(over)).Draw(t, "b"))
		less := evaluateAt(t, &r, tiers, charge, a, over, cur)
		more := evaluateAt(t, &r, tiers, charge, b, over, cur)
		for k := range min(len(less), len(more)) {
			if l, m := less[k].amount.decimal(), more[k].amount.decimal(); m.LessThan(l) {
				t.Fatalf("%v of downtime earns %s, %v earns less: %s", a, l, b, m)
			}
		}
	})
}

// TestPropertyRunTotals: through the calculator, the summary's totals are
// the sums of the lines, currencies never mix, and a second run gives
// identical lines, keys and amounts.
func TestPropertyRunTotals(t *testing.T) {
	c := seedCalculator(t)
	plans := seedPlans()
	ny := mustZone(t, "America/New_York")
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 20).Draw(t, "subscriptions")
		subs := make([]Subscription, n)
		for i := range subs {
			from := date(2014, time.March, 1, ny).Add(time.Duration(rapid.Int64Range(0, 75*24).Draw(t, "from h")) * time.Hour)
			sub := Subscription{
				ID: "s" + itoa(i), Plan: rapid.SampledFrom(plans).Draw(t, "plan").ID, From: from,
				Quantity:  rapid.Int64Range(1, 50).Draw(t, "quantity"),
				AnchorDay: rapid.IntRange(0, 31).Draw(t, "anchor"),
			}
			if rapid.Bool().Draw(t, "cancelled") {
				sub.Until = from.Add(time.Duration(rapid.Int64Range(1, 40*24).Draw(t, "for h")) * time.Hour)
			}
			subs[i] = sub
		}
		run := func() ([]Line, Summary) {
			var lines []Line
			var s Summary
			for l, err := range c.Run(context.Background(), SubscriptionsOf(subs)) {
				if err != nil {
					t.Fatal(err)
				}
				s.Add(&l)
				lines = append(lines, l)
			}
			return lines, s
		}
		lines, sum := run()
		want := map[currency.Unit]decimal.Decimal{}
		for _, l := range lines {
			if plan := planByID(plans, l.Plan); plan.Currency != l.Currency {
				t.Fatalf("line of plan %s in %s, plan is in %s", l.Plan, l.Currency, plan.Currency)
			}
			want[l.Currency] = want[l.Currency].Add(l.Amount)
		}
		if len(sum.Totals) != len(want) {
			t.Fatalf("%d totals, want %d", len(sum.Totals), len(want))
		}
		planSum := map[currency.Unit]decimal.Decimal{}
		for _, p := range sum.Plans {
			planSum[p.Currency] = planSum[p.Currency].Add(p.Amount)
		}
		for _, tot := range sum.Totals {
			if !tot.Amount.Equal(want[tot.Currency]) || !planSum[tot.Currency].Equal(tot.Amount) {
				t.Fatalf("%s total %s, lines sum to %s, plans to %s", tot.Currency, tot.Amount, want[tot.Currency], planSum[tot.Currency])
			}
		}
		if sum.Read != int64(n) || sum.Credited+sum.Zero != int64(n) || sum.Lines != int64(len(lines)) {
			t.Fatalf("counts %+v for %d subscriptions and %d lines", sum, n, len(lines))
		}
		again, _ := run()
		if diff := cmp.Diff(lines, again, decimalEqual); diff != "" {
			t.Fatalf("second run differs:\n%s", diff)
		}
	})
}

func planByID(plans []Plan, id string) Plan {
	for _, p := range plans {
		if p.ID == id {
			return p
		}
	}
	return Plan{}
}
