package sla_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(p *sla.Policy)
		want   []string
	}{
		{"valid", func(p *sla.Policy) {}, nil},
		{"objective zero", func(p *sla.Policy) { p.Objective = dec("0") }, []string{`objective: "0" is not a percentage in (0, 100]`}},
		{"objective above 100", func(p *sla.Policy) { p.Objective = dec("100.1") }, []string{`objective: "100.1" is not a percentage in (0, 100]`}},
		{"objective of 100 is fine", func(p *sla.Policy) { p.Objective = dec("100") }, nil},
		{"rolling window without days", func(p *sla.Policy) { p.Window.Kind = sla.Rolling }, []string{"window.days: 0: a rolling window is at least 1 day long"}},
		{"rolling window of more than 100 years", func(p *sla.Policy) { p.Window = sla.Window{Kind: sla.Rolling, Days: 36501} },
			[]string{"window.days: 36501: a rolling window is at most 36500 days (100 years) long"}},
		{"rolling window of 100 years is fine", func(p *sla.Policy) { p.Window = sla.Window{Kind: sla.Rolling, Days: 36500} }, nil},
		{"days on a calendar window", func(p *sla.Policy) { p.Window.Days = 30 }, []string{`window.days: only a rolling window has a length in days (kind is "month")`}},
		{"unknown window kind", func(p *sla.Policy) { p.Window.Kind = 9 }, []string{`window.kind: unknown value "sla.WindowKind(9)"`}},
		{"weights out of range", func(p *sla.Policy) {
			p.Weights = map[rca.Level]decimal.Decimal{rca.PartialOutage: dec("-0.1"), rca.MajorOutage: dec("1.5")}
		}, []string{`weights.partial_outage: "-0.1" is not a weight in [0, 1]`, `weights.major_outage: "1.5" is not a weight in [0, 1]`}},
		{"weight with too many places", func(p *sla.Policy) {
			p.Weights = map[rca.Level]decimal.Decimal{rca.PartialOutage: dec("0.3333333333333333333")}
		}, []string{`weights.partial_outage: "0.3333333333333333333" has more than 18 decimal places`}},
		{"unknown level", func(p *sla.Policy) { p.Weights = map[rca.Level]decimal.Decimal{7: dec("1")} }, []string{`weights.rca.Level(7): unknown level "rca.Level(7)"`}},
		{"negative durations", func(p *sla.Policy) {
			p.MinDowntime, p.Maintenance.MinNotice, p.Requests.Interval = -time.Minute, -time.Hour, -time.Second
		}, []string{`minimum_downtime_period: "-1m0s" is negative`, `maintenance.minimum_notice: "-1h0m0s" is negative`, `requests.interval: "-1s" is negative`}},
		{"exclusion ending before it starts", func(p *sla.Policy) {
			p.Exclusions = []sla.Exclusion{{Start: at("2025-01-02T00:00:00Z"), End: at("2025-01-01T00:00:00Z")}, {Start: at("2025-01-02T00:00:00Z")}}
		}, []string{`exclusions[0].end: "2025-01-01T00:00:00Z" is not after start "2025-01-02T00:00:00Z"`, "exclusions[1].end: missing"}},
		{"announced exclusion that is not maintenance", func(p *sla.Policy) {
			p.Exclusions = []sla.Exclusion{{Start: at("2025-01-01T00:00:00Z"), End: at("2025-01-02T00:00:00Z"), Announced: at("2024-12-01T00:00:00Z")}}
		}, []string{"exclusions[0].announced: only maintenance is announced; set maintenance: true"}},
		{"exclusion outside the measurable years", func(p *sla.Policy) {
			p.Exclusions = []sla.Exclusion{{Start: at("1600-01-01T00:00:00Z"), End: at("2300-01-01T00:00:00Z"), Maintenance: true, Announced: at("1500-01-01T00:00:00Z")}}
		}, []string{`exclusions[0].start: "1600-01-01T00:00:00Z" is outside the measurable years 1678–2262`,
			`exclusions[0].end: "2300-01-01T00:00:00Z" is outside the measurable years 1678–2262`,
			`exclusions[0].announced: "1500-01-01T00:00:00Z" is outside the measurable years 1678–2262`}},
		{"components empty or twice", func(p *sla.Policy) { p.Components = []string{"api", "", "api"} }, []string{"components[1]: empty component name", `components[2]: component "api" is listed twice (also components[0])`}},
		{"claim deadline with both forms", func(p *sla.Policy) { p.ClaimDeadline = sla.Deadline{Days: 30, BillingCycles: -1} },
			[]string{"claim_deadline.billing_cycles: -1 is negative", "claim_deadline: both days and billing_cycles are set; a deadline has one"}},
		// Every credit line repeats the id and version, and a ledger read
		// from those lines refused them: a policy that could not settle.
		{"id and version with control characters", func(p *sla.Policy) { p.ID, p.Version = "api\x1b[31m", "2025\t01" },
			[]string{`id: policy id "api\x1b[31m" contains the control character U+001B`, `version: version "2025\t01" contains the control character U+0009`}},
		{"id padded, version broken across lines", func(p *sla.Policy) { p.ID, p.Version = " api", "1\n" },
			[]string{`id: policy id " api" begins with white space`, `version: version "1\n" contains a line break`}},
		// The id names the policy in every credit line, idempotency key
		// and ledger match: an empty one wrote "policy , version".
		{"no id", func(p *sla.Policy) { p.ID = "" }, []string{"id: missing: a policy id names the policy in every credit line and idempotency key"}},
		{"id and version with spaces inside", func(p *sla.Policy) { p.ID, p.Version = "api monthly", "January 2025" }, nil},
		{"bad enums", func(p *sla.Policy) { p.Indicator, p.DownWhen, p.Granularity, p.Denominator = 5, 5, 5, 5 }, []string{
			`indicator: unknown value "sla.Indicator(5)"`, `down_when: unknown value "sla.DownWhen(5)"`,
			`granularity: unknown value "sla.Granularity(5)"`, `denominator: unknown value "sla.Denominator(5)"`}},
		{"overlapping tiers", func(p *sla.Policy) {
			p.Tiers = sla.Tiers{{Below: decp("99.9"), Credit: dec("10")}, {Below: decp("99"), Credit: dec("25")}}
		}, []string{`tiers[1]: band "< 99" overlaps tier 0 ("< 99.9")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := monthly()
			tt.modify(p)
			if diff := cmp.Diff(tt.want, problems(p.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPolicyWeight(t *testing.T) {
	p := monthly()
	p.Weights = statuspageWeights()
	for _, tt := range []struct {
		level rca.Level
		want  string
	}{{rca.MajorOutage, "1"}, {rca.PartialOutage, "0.3"}, {rca.DegradedPerformance, "0"}, {rca.UnderMaintenance, "0"}, {rca.Operational, "0"}} {
		if got := p.Weight(tt.level); !got.Equal(dec(tt.want)) {
			t.Errorf("Weight(%s) = %s, want %s", tt.level, got, tt.want)
		}
	}
}

// TestDefaultWeights holds DefaultWeights to the weights the package
// documents: major and partial outages count in full, the rest not at all.
func TestDefaultWeights(t *testing.T) {
	want := map[rca.Level]decimal.Decimal{
		rca.Operational: dec("0"), rca.UnderMaintenance: dec("0"), rca.DegradedPerformance: dec("0"),
		rca.PartialOutage: dec("1"), rca.MajorOutage: dec("1"),
	}
	if diff := cmp.Diff(want, sla.DefaultWeights()); diff != "" {
		t.Errorf("DefaultWeights (-want +got):\n%s", diff)
	}
	var p sla.Policy
	for l, w := range want {
		if got := p.Weight(l); !got.Equal(w) {
			t.Errorf("Weight(%s) of a policy without weights = %s, want %s", l, got, w)
		}
	}
}
