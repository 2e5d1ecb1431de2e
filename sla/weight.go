package sla

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/rca"
)

// Weight returns how much a second at level counts as a second of downtime:
// the policy's weight for the level, or the DefaultWeights one when the
// policy does not list it.
func (p *Policy) Weight(level rca.Level) decimal.Decimal {
	if w, ok := p.Weights[level]; ok {
		return w
	}
	return defaultWeight(level)
}

// defaultWeight is the weight DefaultWeights gives level, without building
// the map.
func defaultWeight(level rca.Level) decimal.Decimal {
	if level == rca.PartialOutage || level == rca.MajorOutage {
		return decimal.NewFromInt(1)
	}
	return decimal.Zero
}

// zone returns the zone of the policy's windows.
func (p *Policy) zone() *time.Location {
	if p.Window.Zone == nil {
		return time.UTC
	}
	return p.Window.Zone
}
