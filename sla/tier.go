package sla

import "github.com/shopspring/decimal"

// Tier is one band of a credit schedule: the credit, in percent of the
// window's charge, for availabilities inside the band. Each bound is nil when
// absent and states whether it is inclusive, the way contracts write them:
// "< 99.99 and ≥ 99.0" is {AtLeast: 99.0, Below: 99.99}; "≤ 99.9 and > 99.0"
// is {Above: 99.0, AtMost: 99.9}. At most one lower bound (AtLeast or Above)
// and one upper bound (Below or AtMost) may be set.
type Tier struct {
	AtLeast *decimal.Decimal `yaml:"at_least"`
	Above   *decimal.Decimal `yaml:"above"`
	Below   *decimal.Decimal `yaml:"below"`
	AtMost  *decimal.Decimal `yaml:"at_most"`
	Credit  decimal.Decimal  `yaml:"credit"`
}

// Tiers is a credit schedule. An availability in no tier earns nothing, as
// the contract says; validation reports overlapping tiers always, and gaps
// below the objective unless the policy allows them.
type Tiers []Tier
