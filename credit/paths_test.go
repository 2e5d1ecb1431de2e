package credit

import (
	"math/big"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/counts"
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

// evalRule evaluates r on one window, given the exact charge, what was
// already credited and the measurement, with bigArith and with fastArith
// (the two arithmetics of the one pipeline), as Calculator.window does.
func evalRule(r *Rule, tiers sla.Tiers, cur currency.Unit, charge, credited *big.Rat, res *sla.Result) evaluated {
	c := compile(r, tiers, cur, decimal.Zero)
	var e evaluated
	ba := new(bigArith)
	c.measureExact(ba, &e.exact, &e.trace, res)
	e.trace.charge, e.trace.credited = fracOf(charge), fracOf(credited)
	credit(ba, c, &c.big, &e.trace, &e.exact)

	var fa fastArith
	var ft trace[fastRat]
	w := windowOf(res)
	ch, ok1 := fastRatOf(charge)
	cr, ok2 := fastRatOf(credited)
	if c.fastOK && ok1 && ok2 && c.measureFast(&fa, &e.fast, &ft, &w) {
		ft.charge, ft.credited = ch, cr
		credit(&fa, c, &c.fast, &ft, &e.fast)
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
