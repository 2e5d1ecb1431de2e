package credit

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/sla"
)

// ValidatePlans checks plans and returns a *problem.Error listing
// every problem with its field path ("plans[2].rule.step"), or nil. Plan IDs
// must be unique.
func ValidatePlans(plans []Plan) error {
	var l problem.List
	validatePlans(&l, plans, nil)
	return l.Err()
}

// Validate checks p and returns a *problem.Error listing every
// problem with its field path, or nil.
func (p *Plan) Validate() error {
	var l problem.List
	p.validate(&l, "", nil)
	return l.Err()
}

// quote returns the value at path as the plans file writes it ("1e30"
// rather than the decimal 1000…000 it was read as), or formatted, as the
// Go value formats it, for plans built in Go (doc is nil).
func quote(doc *fileformat.Doc, path, formatted string) string {
	if s, ok := doc.Text(path); ok {
		return s
	}
	return formatted
}

// validatePlans checks plans, read from doc (nil for plans built in Go).
func validatePlans(l *problem.List, plans []Plan, doc *fileformat.Doc) {
	seen := make(map[string]int, len(plans))
	for i := range plans {
		path := problem.Index("plans", i)
		plans[i].validate(l, path, doc)
		id := plans[i].ID
		if j, dup := seen[id]; dup && id != "" {
			l.Addf(problem.Join(path, "id"), "duplicate plan id %q (also plans[%d])", id, j)
		} else {
			seen[id] = i
		}
	}
}

func (p *Plan) validate(l *problem.List, path string, doc *fileformat.Doc) {
	at := func(field string) string { return problem.Join(path, field) }
	if p.ID == "" {
		l.Add(at("id"), "missing plan id")
	} else if err := checkText(p.ID); err != nil {
		// A subscription's plan_id could never name it, and every line
		// of it would repeat the bytes.
		l.Addf(at("id"), "plan id %q %v", p.ID, err)
	}
	if err := checkAmount(p.Price); err != nil {
		l.Addf(at("price"), "price %q %v", quote(doc, at("price"), p.Price.String()), err)
	}
	if p.Currency == (currency.Unit{}) {
		l.Add(at("currency"), "missing currency (an ISO 4217 code such as \"USD\")")
	}
	if p.Period > Annual {
		l.Addf(at("period"), "unknown billing period %q", p.Period.String())
	}
	switch {
	case int(p.Proration) >= len(prorationNames):
		l.Addf(at("proration"), "unknown proration %q", p.Proration.String())
	case p.ProrationDays != 0 && p.Proration != FixedDays:
		l.Addf(at("proration_days"), "proration_days is the month of fixed_days proration (proration is %q)", p.Proration.String())
	case p.ProrationDays < 0 || p.ProrationDays > 31:
		l.Addf(at("proration_days"), "proration_days %d must be a month's days, 1 to 31 (0 means %d)", p.ProrationDays, DefaultProrationDays)
	}
	if p.EqualMonths && p.Period == Monthly {
		l.Add(at("equal_months"), "equal_months applies to quarterly and annual plans: a monthly period is one month")
	}
	if p.FractionPlaces < 0 || p.FractionPlaces > maxFractionPlaces {
		l.Addf(at("fraction_places"), "fraction_places %d must be in [0, %d] (0 keeps the fraction exact)", p.FractionPlaces, maxFractionPlaces)
	}
	p.Rule.validate(l, at("rule"), p.Currency, doc)
}

// maxFractionPlaces bounds Plan.FractionPlaces.
const maxFractionPlaces = 18

// maxCapDays bounds Rule.CapDays: ten years of service.
const maxCapDays = 3660

// minStep bounds Rule.Step from below: credits are per started minute, hour
// or day of downtime, not per nanosecond.
const minStep = time.Second

// maxMultiplier bounds Rule.Multiplier: contracts use 10 or 25; more is a
// typo.
var maxMultiplier = decimal.NewFromInt(1000)

func (r *Rule) validate(l *problem.List, path string, cur currency.Unit, doc *fileformat.Doc) {
	at := func(field string) string { return problem.Join(path, field) }
	// text returns the value of field as written, else as v formats it.
	text := func(field string, v fmt.Stringer) string { return quote(doc, at(field), v.String()) }
	notFor := func(field string) {
		l.Addf(at(field), "%s does not apply to a %s rule", field, r.Kind)
	}
	switch r.Kind {
	case 0:
		l.Add(at("kind"), `missing rule kind (want one of "tiered", "prorated", "stepped", "fixed", "lost_time", "per_interval")`)
	case Tiered, Prorated, Stepped, Fixed, LostTime, PerInterval:
	default:
		l.Addf(at("kind"), "unknown rule kind %q", r.Kind.String())
	}

	if r.Kind == Tiered {
		// Gaps below the objective are checked against the policy's
		// objective by NewCalculator.
		l.AddUnder(at("tiers"), r.Tiers.Validate(decimal.Zero, true))
	} else {
		if len(r.Tiers) > 0 {
			notFor("tiers")
		}
		if r.AllowGaps {
			notFor("allow_gaps")
		}
	}
	if r.Kind != Prorated && r.BeyondAllowance {
		notFor("beyond_allowance")
	}
	if r.Kind == Stepped {
		if r.StepPercent.Sign() <= 0 || r.StepPercent.Cmp(decimal.NewFromInt(100)) > 0 {
			l.Addf(at("step_percent"), "step_percent %q must be in (0, 100]", text("step_percent", r.StepPercent))
		}
		if r.Step < minStep || r.Step > sla.MaxPeriod {
			l.Addf(at("step"), "step %q must be from %s to %s (\"30m\")", text("step", r.Step), fileformat.FormatDuration(minStep), fileformat.FormatDuration(sla.MaxPeriod))
		}
	} else {
		if !r.StepPercent.IsZero() {
			notFor("step_percent")
		}
		if r.Step != 0 {
			notFor("step")
		}
	}
	if r.Kind == Fixed {
		switch err := checkAmount(r.Amount); {
		case err != nil:
			l.Addf(at("amount"), "amount %q %v", text("amount", r.Amount), err)
		case r.Amount.Sign() == 0:
			l.Add(at("amount"), "a fixed rule needs a positive amount")
		case cur != (currency.Unit{}) && places(r.Amount) > Digits(cur):
			l.Addf(at("amount"), "amount %q has more decimal places than %s has (%d)", text("amount", r.Amount), cur, Digits(cur))
		}
	} else if !r.Amount.IsZero() {
		notFor("amount")
	}

	if r.Kind == LostTime || r.Kind == PerInterval {
		if err := checkAmount(r.Rate); err != nil {
			l.Addf(at("rate"), "rate %q %v", text("rate", r.Rate), err)
		}
	} else if !r.Rate.IsZero() {
		notFor("rate")
	}
	switch {
	case r.Kind != LostTime && r.PartialHours != ExactHours:
		notFor("partial_hours")
	case int(r.PartialHours) >= len(partialHoursNames):
		l.Addf(at("partial_hours"), "unknown partial hours %q", r.PartialHours.String())
	}
	if pc := r.PeriodCap; pc != nil {
		_, perWritten := doc.Text(at("period_cap.per"))
		switch {
		case pc.Per == Quarterly || pc.Per == Annual:
		case doc != nil && !perWritten && !doc.Failed(at("period_cap")):
			// Per's zero value is Monthly: a file that leaves per out
			// gets no "monthly" it did not write.
			l.Add(at("period_cap.per"), "missing: a period cap is per quarter or per year (quarterly, annual)")
		default:
			l.Addf(at("period_cap.per"), "per %q: a period cap is per quarter or per year (quarterly, annual)", pc.Per.String())
		}
		if pc.Percent.Sign() <= 0 || pc.Percent.Cmp(decimal.NewFromInt(100)) > 0 || places(pc.Percent) > maxAmountPlaces {
			l.Addf(at("period_cap.percent"), "percent %q must be in (0, 100] with at most %d decimal places", text("period_cap.percent", pc.Percent), maxAmountPlaces)
		}
	}
	if r.CapDays < 0 || r.CapDays > maxCapDays {
		l.Addf(at("cap_days"), "cap_days %d must be in [0, %d] (0: no cap in days)", r.CapDays, maxCapDays)
	}
	if r.Multiplier.Sign() < 0 || r.Multiplier.Cmp(maxMultiplier) > 0 || places(r.Multiplier) > maxAmountPlaces {
		l.Addf(at("multiplier"), "multiplier %q must be in [0, %s] with at most %d decimal places (0 means 1)", text("multiplier", r.Multiplier), maxMultiplier, maxAmountPlaces)
	}
	if r.CapPercent.Sign() < 0 || r.CapPercent.Cmp(decimal.NewFromInt(100)) > 0 || places(r.CapPercent) > maxAmountPlaces {
		l.Addf(at("cap_percent"), "cap_percent %q must be in (0, 100] with at most %d decimal places (0 means 100)", text("cap_percent", r.CapPercent), maxAmountPlaces)
	}
	if err := checkAmount(r.Minimum); err != nil {
		l.Addf(at("minimum"), "minimum %q %v", text("minimum", r.Minimum), err)
	}
	if int(r.Rounding) >= len(roundingNames) {
		l.Addf(at("rounding"), "unknown rounding %q", r.Rounding.String())
	}
	if inc := r.RoundingIncrement; !inc.IsZero() {
		switch d := Digits(cur); {
		case checkAmount(inc) != nil:
			l.Addf(at("rounding_increment"), "rounding_increment %q %v", text("rounding_increment", inc), checkAmount(inc))
		case r.Rounding == Cash:
			l.Add(at("rounding_increment"), "cash rounds to the currency's own cash increment; give another rounding with rounding_increment")
		case cur != (currency.Unit{}) && !inc.Shift(int32(d)).IsInteger():
			l.Addf(at("rounding_increment"), "rounding_increment %q is not a whole number of %s minor units (%d decimal places)", text("rounding_increment", inc), cur, d)
		}
	}
	switch {
	case int(r.MinimumOn) >= len(minimumBasisNames):
		l.Addf(at("minimum_on"), "unknown minimum basis %q", r.MinimumOn.String())
	case r.MinimumOn != OnRounded && r.Minimum.IsZero():
		l.Addf(at("minimum_on"), "minimum_on %q applies to a minimum: set minimum, or leave minimum_on out", r.MinimumOn.String())
	}
	if d := r.ClaimDeadline; d != nil {
		l.AddUnder(at("claim_deadline"), d.Validate())
	}
}

// validateSubscription checks what Credit needs of sub besides its plan
// and returns the problems as a *RowError, or nil.
func validateSubscription(sub *Subscription) *RowError {
	var p rowProblems
	if sub.ID == "" {
		p.add("id", "", errMissing)
	} else if err := checkText(sub.ID); err != nil {
		p.add("id", sub.ID, err)
	}
	if err := checkText(sub.Customer); err != nil {
		p.add("customer_id", sub.Customer, err)
	}
	if err := checkText(sub.Plan); err != nil {
		p.add("plan_id", sub.Plan, err)
	}
	if err := checkQuantity(sub.Quantity); err != nil {
		p.add("quantity", strconv.FormatInt(sub.Quantity, 10), err)
	}
	if !sub.From.IsZero() && !sub.Until.IsZero() && !sub.Until.After(sub.From) {
		p.addf("active_until", sub.Until.Format(timeLayout), "must be after active_from %s", sub.From.Format(timeLayout))
	}
	if sub.AnchorDay < 0 || sub.AnchorDay > 31 {
		p.addf("anchor_day", strconv.Itoa(sub.AnchorDay), "must be a day of the month, 1 to 31")
	}
	if sub.Charged != nil {
		if err := checkAmount(*sub.Charged); err != nil {
			p.add("charged", sub.Charged.String(), err)
		}
	}
	if p.err != nil {
		p.err.Line = sub.Line
	}
	return p.err
}

var errMissing = fmt.Errorf("missing")
