package rca

import (
	"fmt"
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
)

// ReadinessOpts are the thresholds for recovery-plan findings.
//
// ReadinessOpts is a plain value: safe for concurrent use.
type ReadinessOpts struct {
	// ReviewMonths is the longest a plan may go without review, in
	// calendar months. Zero means 3 (quarterly).
	ReviewMonths int
	// DrillMonths is the longest a plan may go without a drill, in calendar
	// months. Zero means 12 (yearly).
	DrillMonths int
}

// FindingCode identifies the kind of a readiness finding.
//
// FindingCode is a plain value: safe for concurrent use.
type FindingCode string

// The readiness findings.
const (
	NoPlan           FindingCode = "no_plan"
	NeverReviewed    FindingCode = "never_reviewed"
	ReviewOverdue    FindingCode = "review_overdue"
	NeverDrilled     FindingCode = "never_drilled"
	DrillOverdue     FindingCode = "drill_overdue"
	FailoverUntested FindingCode = "failover_untested"
)

// Finding is one gap in disaster-recovery readiness.
//
// Finding is a plain value: safe for concurrent use.
type Finding struct {
	Code FindingCode
	// Since is the date the finding refers to (last review or drill); zero
	// for findings about something that never happened.
	Since Date
	// Due is when the review or drill was due; zero when not applicable.
	Due Date
	Msg string
}

// Default readiness thresholds, in calendar months.
const (
	defaultReviewMonths = 3
	defaultDrillMonths  = 12
)

// Findings returns the gaps in recovery-plan readiness as of asOf, judged
// on calendar dates in loc (nil means UTC). A zero Readiness (the incident
// says nothing about its recovery plan) has none: findings the incident
// does not support are not findings. Otherwise, in this order:
//
//   - NoPlan when no plan is recorded (no name and no review or drill
//     date); the review and drill findings are then left out;
//   - NeverReviewed, or ReviewOverdue when the date asOf falls on is after
//     LastReviewed + ReviewMonths calendar months;
//   - NeverDrilled, or DrillOverdue when it is after LastDrilled +
//     DrillMonths calendar months;
//   - FailoverUntested when failover was not tested.
//
// Month arithmetic clamps to the end of short months: a plan reviewed on
// Nov 30 with ReviewMonths 3 is due on Feb 28 (Feb 29 in a leap year), and is
// overdue from the next day on. The result is nil when there is no gap.
func (r Readiness) Findings(asOf time.Time, loc *time.Location, opts ReadinessOpts) []Finding {
	if loc == nil {
		loc = time.UTC
	}
	if r.IsZero() {
		return nil
	}
	today := DateOf(asOf.In(loc))
	var out []Finding
	if r.Plan == "" && r.LastReviewed.IsZero() && r.LastDrilled.IsZero() {
		out = append(out, Finding{Code: NoPlan, Msg: "no recovery plan is recorded"})
	} else {
		out = appendAge(out, today, r.LastReviewed, withDefault(opts.ReviewMonths, defaultReviewMonths),
			NeverReviewed, ReviewOverdue, "reviewed")
		out = appendAge(out, today, r.LastDrilled, withDefault(opts.DrillMonths, defaultDrillMonths),
			NeverDrilled, DrillOverdue, "drilled")
	}
	if !r.FailoverTested {
		out = append(out, Finding{Code: FailoverUntested, Msg: "failover is not recorded as tested"})
	}
	return out
}

// withDefault returns n, or def when n is zero or negative.
func withDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// appendAge adds the finding about a plan activity last done on last (zero
// for never) that is due every months calendar months.
func appendAge(out []Finding, today, last Date, months int, never, overdue FindingCode, verb string) []Finding {
	if last.IsZero() {
		return append(out, Finding{Code: never, Msg: "the plan was never " + verb})
	}
	due := AddMonths(last, months)
	if !due.Before(today) {
		return out
	}
	return append(out, Finding{
		Code:  overdue,
		Since: last,
		Due:   due,
		Msg:   fmt.Sprintf("the plan was last %s on %s; it was due again by %s", verb, last, due),
	})
}

// AddMonths returns the date n calendar months after d (before it when
// n < 0), with the day clamped to the length of the resulting month:
// AddMonths(2013-11-30, 3) is 2014-02-28.
func AddMonths(d Date, n int) Date {
	return DateOf(calendar.Date(d.Year, d.Month+time.Month(n), d.Day, time.UTC))
}
