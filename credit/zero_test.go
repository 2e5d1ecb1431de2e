package credit_test

import (
	"testing"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/zerotest"
)

// TestZeroValues calls every method of the zero value of every exported
// type with zero arguments ((&credit.RowError{}).Error(), …): none panics.
func TestZeroValues(t *testing.T) {
	zerotest.Check(t, ".",
		credit.BatchOptions{}, credit.Config{}, credit.Calculator{}, credit.Plan{}, credit.Period(0), credit.RuleKind(0),
		credit.Rule{}, credit.Rounding(0), credit.Subscription{}, credit.Line{}, credit.Summary{}, credit.Total{},
		credit.PlanTotal{}, credit.RowError{}, credit.FieldError{}, credit.InterruptedError{}, credit.LineWriter{},
		credit.Shard{}, credit.ReadOptions{}, credit.SubscriptionWriter{}, credit.Scope{},
		credit.Exposure{}, credit.ExposureOptions{}, credit.Curve{}, credit.ExposureWindow{}, credit.Point{},
		credit.Placement{}, credit.PlacementRule(0), credit.Place(0), credit.Cost{}, credit.Crossing{}, credit.OptionsError{}, credit.TooManyPlacementsError{},
		credit.Allocation(0), credit.Proration(0), credit.Change{}, credit.MinimumBasis(0), credit.PartialHours(0), credit.Refund{}, credit.PeriodCap{},
		credit.Refunder{}, credit.RefundWriter{},
		credit.Issued{}, credit.Ledger{}, credit.LedgerOptions{}, credit.LedgerError{}, credit.OverCredit(0), credit.LedgerUse{})
}
