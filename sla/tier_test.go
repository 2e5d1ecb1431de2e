package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/sla"
)

// resultAt returns a result whose exact availability is percent: a window
// of 10^6 s with (100 − percent) × 10^4 weighted seconds.
func resultAt(percent string) *sla.Result {
	m := dec("1000000")
	return &sla.Result{Measured: 1000000 * time.Second, Weighted: hundredMinus(percent).Mul(m).Shift(-2)}
}

func hundredMinus(s string) decimal.Decimal { return decimal.NewFromInt(100).Sub(dec(s)) }

func TestTiersFind(t *testing.T) {
	// A published schedule that leaves exactly 99.0 in no tier.
	gappy := sla.Tiers{
		{Above: decp("99.0"), AtMost: decp("99.9"), Credit: dec("10")},
		{Below: decp("99.0"), Credit: dec("25")},
	}
	closed := sla.Tiers{
		{AtLeast: decp("99.0"), Below: decp("99.9"), Credit: dec("10")},
		{Below: decp("99.0"), Credit: dec("25")},
	}
	tests := []struct {
		name  string
		tiers sla.Tiers
		avail string
		want  int
	}{
		{"exactly 99.0 falls in the gap of a schedule with > 99.0 and < 99.0", gappy, "99.0", -1},
		{"just above 99.0 takes the first tier", gappy, "99.0000000000001", 0},
		{"99.9 is in an inclusive upper bound", gappy, "99.9", 0},
		{"above every tier earns nothing", gappy, "99.95", -1},
		{"just below 99.0 takes the second tier", gappy, "98.9999999999999", 1},
		{"≥ 99.0 holds exactly 99.0", closed, "99.0", 0},
		{"< 99.9 excludes 99.9", closed, "99.9", -1},
		{"zero availability", closed, "0", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tiers.Find(resultAt(tt.avail)); got != tt.want {
				t.Errorf("Find(%s) = %d, want %d", tt.avail, got, tt.want)
			}
		})
	}
}

func TestTierString(t *testing.T) {
	tests := []struct {
		name string
		tier sla.Tier
		want string
	}{
		{"lower inclusive, upper exclusive", sla.Tier{AtLeast: decp("99.0"), Below: decp("99.99")}, "≥ 99 and < 99.99"},
		{"lower exclusive, upper inclusive", sla.Tier{Above: decp("99"), AtMost: decp("99.9")}, "> 99 and ≤ 99.9"},
		{"only an upper bound", sla.Tier{Below: decp("95")}, "< 95"},
		{"no bound", sla.Tier{}, "any availability"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tier.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTiersCheck(t *testing.T) {
	tests := []struct {
		name      string
		tiers     sla.Tiers
		allowGaps bool
		want      []string
	}{
		{"a complete schedule", sla.Tiers{
			{AtLeast: decp("99.0"), Below: decp("99.9"), Credit: dec("10")},
			{AtLeast: decp("95.0"), Below: decp("99.0"), Credit: dec("25")},
			{Below: decp("95.0"), Credit: dec("100")},
		}, false, nil},
		{"< 99 and ≥ 99 do not overlap", sla.Tiers{
			{AtLeast: decp("99"), Below: decp("99.9"), Credit: dec("10")},
			{Below: decp("99"), Credit: dec("25")},
		}, false, nil},
		{"≤ 99 and ≥ 99 overlap", sla.Tiers{
			{AtLeast: decp("99"), Below: decp("99.9"), Credit: dec("10")},
			{AtMost: decp("99"), Credit: dec("25")},
		}, false, []string{`tiers[1]: band "≤ 99" overlaps tier 0 ("≥ 99 and < 99.9")`}},
		{"a gap at exactly 99.0 is a problem", sla.Tiers{
			{Above: decp("99.0"), AtMost: decp("99.9"), Credit: dec("10")},
			{Below: decp("99.0"), Credit: dec("25")},
		}, false, []string{`tiers: no tier holds availability 99, below the objective 99.9 (set allow_gaps if the schedule means it)`}},
		{"a gap at exactly 99.0 is allowed when declared", sla.Tiers{
			{Above: decp("99.0"), AtMost: decp("99.9"), Credit: dec("10")},
			{Below: decp("99.0"), Credit: dec("25")},
		}, true, nil},
		{"a gap just above a bound", sla.Tiers{
			{AtLeast: decp("99.5"), Below: decp("99.9"), Credit: dec("10")},
			{AtMost: decp("99"), Credit: dec("25")},
		}, false, []string{`tiers: no tier holds availability just above 99, below the objective 99.9 (set allow_gaps if the schedule means it)`}},
		{"a gap at zero", sla.Tiers{{AtLeast: decp("95"), Below: decp("99.9"), Credit: dec("10")}}, false,
			[]string{`tiers: no tier holds availability 0, below the objective 99.9 (set allow_gaps if the schedule means it)`}},
		{"every gap is reported", sla.Tiers{
			{Above: decp("99.0"), Below: decp("99.5"), Credit: dec("10")},
			{AtLeast: decp("95.5"), Below: decp("99.0"), Credit: dec("25")},
			{Above: decp("90"), Below: decp("95.0"), Credit: dec("50")},
		}, false, []string{
			`tiers: no tier holds availability 0, below the objective 99.9 (set allow_gaps if the schedule means it)`,
			`tiers: no tier holds availability 95, below the objective 99.9 (set allow_gaps if the schedule means it)`,
			`tiers: no tier holds availability 99, below the objective 99.9 (set allow_gaps if the schedule means it)`,
			`tiers: no tier holds availability 99.5, below the objective 99.9 (set allow_gaps if the schedule means it)`,
		}},
		{"a gap that ends at an exclusive bound is one gap", sla.Tiers{
			{Above: decp("99.0"), AtMost: decp("99.9"), Credit: dec("10")},
			{Below: decp("98"), Credit: dec("25")},
		}, false, []string{`tiers: no tier holds availability 98, below the objective 99.9 (set allow_gaps if the schedule means it)`}},
		{"bad bounds and credit", sla.Tiers{
			{AtLeast: decp("99"), Above: decp("98"), Credit: dec("10")},
			{Below: decp("99"), AtMost: decp("99.5"), Credit: dec("-1")},
			{AtLeast: decp("99.9"), Below: decp("99.9"), Credit: dec("101")},
			{AtLeast: decp("-1"), Below: decp("101"), Credit: dec("5")},
		}, true, []string{
			"tiers[0]: both at_least and above are set; a tier has one lower bound",
			"tiers[1]: both below and at_most are set; a tier has one upper bound",
			`tiers[1].credit: "-1" is not a percentage in [0, 100]`,
			`tiers[2].credit: "101" is not a percentage in [0, 100]`,
			`tiers[2]: band "≥ 99.9 and < 99.9" holds no availability: the lower bound must be below the upper one`,
			`tiers[3].at_least: "-1" is not a percentage in [0, 100]`,
			`tiers[3].below: "101" is not a percentage in [0, 100]`,
		}},
		{"no tiers", nil, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Validate's paths are relative to the schedule: put them
			// under "tiers", as a policy file has it.
			var l problem.List
			l.AddUnder("tiers", tt.tiers.Validate(dec("99.9"), tt.allowGaps))
			if diff := cmp.Diff(tt.want, problems(l.Err())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
