package credit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/counts"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// rat returns x as a big.Rat.
func (x fastRat) rat() *big.Rat {
	var n, d big.Int
	x.n.Big(&n)
	x.d.Big(&d)
	if d.Sign() == 0 {
		return big.NewRat(-1, 1) // never a value of a rule: shows up in diffs
	}
	return new(big.Rat).SetFrac(&n, &d)
}

// fastRatOf returns x as a fastRat, and false when it does not fit.
func fastRatOf(x *big.Rat) (fastRat, bool) {
	if x.Sign() < 0 || !x.Num().IsUint64() || !x.Denom().IsUint64() {
		return fastRat{}, false
	}
	return ratFrac(x.Num().Uint64(), x.Denom().Uint64()), true
}

// fracOf returns x as a frac.
func fracOf(x *big.Rat) *frac {
	var f frac
	f.n.Set(x.Num())
	f.d.Set(x.Denom())
	return &f
}

// windowOf returns the counts of a time-based result whose weighted
// downtime is a whole number of nanoseconds, as the meter would give
// them: what the fast path reads where the exact path reads r.
func windowOf(r *sla.Result) counts.Window {
	ns := r.Weighted.Shift(9)
	return counts.Window{
		Downtime: r.Downtime, Excluded: r.Excluded, Measured: r.Measured,
		Weighted: time.Duration(ns.IntPart()), WeightedExact: ns.IsInteger(),
		AllowedRate: decimal.NewFromInt(100).Sub(r.Objective).Shift(-2),
		Incidents:   r.Incidents,
	}
}

// evaluated is a rule evaluated on one window with both arithmetics.
type evaluated struct {
	exact, fast figures
	fastOK      bool // the fast path answered
	trace       trace[*frac]
}

// evalRule evaluates r on one window, given the exact charge and the
// measurement, with bigArith and with fastArith (the two arithmetics of
// the one pipeline), as Calculator.window does.
func evalRule(r *Rule, tiers sla.Tiers, cur currency.Unit, charge *big.Rat, res *sla.Result) evaluated {
	c := compile(r, tiers, cur, decimal.Zero)
	var e evaluated
	ba := new(bigArith)
	c.measureExact(ba, &e.exact, &e.trace, res)
	e.trace.charge = fracOf(charge)
	e.trace.active = ba.fromRatio(int64(res.Length), 1e9) // active throughout
	// The window is one whole billing period, paid charge: the price of
	// the downtime is charge × downtime ÷ the measured time.
	e.trace.per = e.trace.charge
	e.trace.segs = []segment[*frac]{{length: e.trace.measured, downtime: e.trace.weighted}}
	credit(ba, c, &c.big, &e.trace, &e.exact)

	var fa fastArith
	var ft trace[fastRat]
	w := windowOf(res)
	ch, ok := fastRatOf(charge)
	if c.fastOK && ok && c.measureFast(&fa, &e.fast, &ft, &w) {
		ft.charge, ft.per = ch, ch
		ft.active = fa.fromRatio(int64(res.Length), 1e9)
		ft.segs = []segment[fastRat]{{length: ft.measured, downtime: ft.weighted}}
		creditFast(&fa, c, &c.fast, &ft, &e.fast)
		e.fastOK = !fa.failed
	}
	return e
}

// figuresText is the form figures are compared in: every field as the
// lines file and Line show it.
func figuresText(f *figures) []string {
	return []string{
		"charge " + f.charge.decimal().String(), "raw " + f.raw.decimal().String(),
		"amount " + f.amount.decimal().String() + " exp " + itoa(int(f.amount.decimal().Exponent())),
		"downtime " + f.downtime.String(), "weighted " + f.weighted.decimal().String(),
		"measured " + f.measured.String(), "availability " + f.availability.decimal().String(),
		"band " + string(f.band), "capped " + boolText(f.capped), "below minimum " + boolText(f.belowMin),
		"explanation " + string(f.expl),
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// errorer is what agree reports to: a *testing.T or a *rapid.T.
type errorer interface {
	Helper()
	Errorf(format string, args ...any)
}

// agree fails t when the two arithmetics gave different figures, or when
// the fast one did not answer though it must.
func (e *evaluated) agree(t errorer, mustBeFast bool) {
	t.Helper()
	if !e.fastOK {
		if mustBeFast {
			t.Errorf("the fast path did not answer")
		}
		return
	}
	if diff := cmp.Diff(figuresText(&e.exact), figuresText(&e.fast)); diff != "" {
		t.Errorf("the arithmetics disagree (-big +128-bit):\n%s", diff)
	}
}

// pathScenario is one measured window of the grid: April 2014 in UTC
// (2,592,000 s) under a 99.9% monthly policy, with the given outage.
type pathScenario struct {
	name     string
	major    time.Duration // a major outage from April 10, 09:00
	partial  time.Duration // then a partial outage, at weight 0.5
	activeTm bool          // the ActiveTime denominator
}

// The downtimes of the grid: none; a tie (45 USD × 7200 s ÷ 2592000 s =
// 0.125, 4500 JPY → 12.5, 4.5 KWD → 0.0125, 45 CHF → 2.5 coins of 0.05);
// exactly 99% available (a tier bound, 14.4 steps of 30 minutes); the
// seed's 52080 s (15 × 217/10800 = 0.30138…, repeating); a weighted
// partial outage of 1h01m07s; and the seed's outage under the ActiveTime
// denominator, where a mid-window start changes the measured time.
var pathScenarios = []pathScenario{
	{name: "no downtime"},
	{name: "tie", major: 2 * time.Hour},
	{name: "exactly 99%", major: 25920 * time.Second},
	{name: "non-terminating", major: 52080 * time.Second},
	{name: "weighted", major: 17 * time.Minute, partial: time.Hour + time.Minute + 7*time.Second},
	{name: "active time", major: 52080 * time.Second, activeTm: true},
}

// pathCurrencies have 0, 2 and 3 places, and cash increments (CHF 0.05),
// each with a price that makes the grid's tie a tie.
var pathCurrencies = []struct {
	code, price string
}{{"JPY", "4500"}, {"USD", "45"}, {"KWD", "4.5"}, {"CHF", "45"}}

// pathModifiers are the multiplier, cap and minimum of the grid's rules:
// none, each alone, and together, so that every kind meets every value of
// each (a multiplier that the cap then cuts, a minimum above the amount).
var pathModifiers = [][3]string{
	{"0", "0", "0"}, {"10", "0", "0"}, {"2.5", "50", "0"}, {"10", "33.333333", "0"}, {"0", "0", "1"}, {"2.5", "33.333333", "1"},
}

// pathPlans returns a plan for every combination of the grid's rule terms
// (kind, beyond the allowance, modifiers, rounding) in every currency of
// pathCurrencies.
func pathPlans() []Plan {
	lo, hi := dec("99"), dec("99.9")
	tiers := sla.Tiers{{AtLeast: &lo, Below: &hi, Credit: dec("10")}, {Below: &lo, Credit: dec("25")}}
	var plans []Plan
	for _, cur := range pathCurrencies {
		u := currency.MustParseISO(cur.code)
		for _, kind := range []string{"tiered", "prorated", "beyond", "stepped", "fixed"} {
			for _, m := range pathModifiers {
				for r := range Rounding(len(roundingNames)) {
					rule := Rule{Multiplier: dec(m[0]), CapPercent: dec(m[1]), Minimum: dec(m[2]), Rounding: r}
					switch kind {
					case "tiered":
						rule.Kind, rule.Tiers, rule.AllowGaps = Tiered, tiers, true
					case "prorated":
						rule.Kind = Prorated
					case "beyond":
						rule.Kind, rule.BeyondAllowance = Prorated, true
					case "stepped":
						rule.Kind, rule.StepPercent, rule.Step = Stepped, dec("2.5"), 30*time.Minute
					case "fixed":
						rule.Kind, rule.Amount = Fixed, decimal.New(7, -int32(Digits(u)))
					}
					id := strings.Join([]string{cur.code, kind, m[0], m[1], m[2], r.String()}, "/")
					plans = append(plans, Plan{ID: id, Price: dec(cur.price), Currency: u, Rule: rule})
				}
			}
		}
	}
	return plans
}

// TestPathsAgree is the differential test of the two arithmetics, on a
// grid of every rule term × currencies with 0, 2 and 3 places and cash
// increments × downtimes that are zero, a tie, a tier bound, repeating,
// weighted and under the ActiveTime denominator, for subscribers active
// the whole window, from a repeating instant inside it, until an instant
// inside it, not at all, with seats and with credits already issued. The calculator computing with 128-bit
// fractions and the one computing with math/big only must write the same
// bytes, through LineWriter and through RunCSV; and the 128-bit one must
// really have answered, with amounts that are not all zero, or the test
// would compare nothing.
//
// Semantic mutants it kills (each injected by hand into the code, each
// failing this test under plain go test ./credit):
//   - the allowance 10× too small on the fast path (measureFast);
//   - half-even ties reversed in the 128-bit rounding only (roundQuo);
//   - the weight of a partial outage ignored on the fast path (Downtime
//     read for Weighted in measureFast);
//   - whole steps counted instead of started ones in the 128-bit ceiling;
//   - the window's length taken for the measured time on the exact path
//     (the ActiveTime denominator lost);
//   - seats ignored on the fast path (the plan's price for what a
//     subscription pays).
func TestPathsAgree(t *testing.T) {
	plans := pathPlans()
	april := date(2014, time.April, 1, time.UTC)
	var subsCSV strings.Builder
	subsCSV.WriteString("id,plan_id,quantity,active_from,active_until\n")
	var subs []Subscription
	// Starts inside the window: whole seconds (a repeating share of the
	// month, as billing exports write starts), and an odd instant.
	mid := april.Add(9*24*time.Hour + 12345*time.Second)
	odd := april.Add(9*24*time.Hour + 12345678901*time.Microsecond)
	ended := april.Add(19*24*time.Hour + 12*time.Hour) // after the outage; a later one is not active at all
	for i, p := range plans {
		for _, sub := range []Subscription{
			{ID: "full-" + itoa(i), Plan: p.ID, Quantity: 1},
			{ID: "mid-" + itoa(i), Plan: p.ID, From: mid, Quantity: 3},
			{ID: "odd-" + itoa(i), Plan: p.ID, Quantity: 1, From: odd},
			{ID: "ended-" + itoa(i), Plan: p.ID, Quantity: 1, From: april.AddDate(-1, 0, 0), Until: ended},
			{ID: "later-" + itoa(i), Plan: p.ID, Quantity: 1, From: date(2014, time.May, 3, time.UTC)},
		} {
			subs = append(subs, sub)
			from := ""
			if !sub.From.IsZero() {
				from = sub.From.Format(time.RFC3339Nano)
			}
			quantity, until := "", ""
			if !sub.Until.IsZero() {
				until = sub.Until.Format(time.RFC3339Nano)
			}
			if sub.Quantity > 0 {
				quantity = itoa(int(sub.Quantity))
			}
			fmt.Fprintf(&subsCSV, "%s,%s,%s,%s,%s\n", sub.ID, sub.Plan, quantity, from, until)
		}
	}
	for _, sc := range pathScenarios {
		t.Run(sc.name, func(t *testing.T) {
			inc := &rca.Incident{ID: "i"}
			start := april.Add(9*24*time.Hour + 9*time.Hour)
			if sc.major > 0 {
				inc.Impacts = append(inc.Impacts, rca.Impact{Component: "app", Level: rca.MajorOutage, Start: start, End: start.Add(sc.major)})
			}
			if sc.partial > 0 {
				s := start.Add(sc.major)
				inc.Impacts = append(inc.Impacts, rca.Impact{Component: "app", Level: rca.PartialOutage, Start: s, End: s.Add(sc.partial)})
			}
			pol := &sla.Policy{ID: "p", Version: "1", Objective: dec("99.9"), Window: sla.Window{Kind: sla.Month, Zone: time.UTC},
				Weights: map[rca.Level]decimal.Decimal{rca.PartialOutage: dec("0.5")}}
			if sc.activeTm {
				pol.Denominator = sla.ActiveTime
			}
			cfg := Config{Plans: plans, Policies: []*sla.Policy{pol}, Incidents: []*rca.Incident{inc},
				From: april, To: date(2014, time.May, 1, time.UTC)}
			fast, exact := fastAndExact(t, cfg)

			var fastOut, exactOut bytes.Buffer
			fw, ew := NewLineWriter(&fastOut), NewLineWriter(&exactOut)
			w := new(work)
			answered, positive, want := 0, 0, 0
			for i := range subs {
				sub := &subs[i]
				fl, err1 := fast.Credit(*sub)
				el, err2 := exact.Credit(*sub)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				for k := range fl {
					if err := errors.Join(fw.Write(&fl[k]), ew.Write(&el[k])); err != nil {
						t.Fatal(err)
					}
				}
				// The 128-bit arithmetic answered this window itself.
				st := fast.plans[sub.Plan]
				sctx := fast.subContext(st, sub, &w.fast)
				st.window(w, &sctx, 0, &w.f)
				if strings.HasPrefix(sub.ID, "odd-") {
					continue // may take math/big: a share of nanoseconds × 33.333333%
				}
				want++
				if w.f.fast {
					answered++
					if w.f.amount.sign() > 0 {
						positive++
					}
				}
			}
			if err := errors.Join(fw.Flush(), ew.Flush()); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(strings.Split(exactOut.String(), "\n"), strings.Split(fastOut.String(), "\n")); diff != "" {
				t.Fatalf("the lines differ (-math/big +128-bit):\n%s", diff)
			}
			if answered != want {
				t.Errorf("the 128-bit arithmetic answered %d windows of %d: every value of the grid fits it", answered, want)
			}
			if sc.major > 0 && positive < want/3 {
				t.Errorf("only %d of %d windows credited a positive amount: the grid compares too few", positive, want)
			}

			// RunCSV writes the same bytes from either arithmetic, and
			// the bytes LineWriter writes.
			for _, c := range []*Calculator{fast, exact} {
				var out bytes.Buffer
				sum, err := c.RunCSV(context.Background(), &out, strings.NewReader(subsCSV.String()), BatchOptions{})
				if err != nil || sum.Rejected > 0 {
					t.Fatalf("%v (%d rows rejected)", err, sum.Rejected)
				}
				if diff := cmp.Diff(strings.Split(exactOut.String(), "\n"), strings.Split(out.String(), "\n")); diff != "" {
					t.Fatalf("RunCSV (exact only: %v) differs from LineWriter (-LineWriter +RunCSV):\n%s", c.exactOnly, diff)
				}
			}
		})
	}
}
