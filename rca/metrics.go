package rca

import "time"

// MetricsOpts are the options of Incident.Metrics.
//
// MetricsOpts is a plain value: safe for concurrent use.
type MetricsOpts struct {
	// AsOf is the instant the metrics are taken at: what happened after it
	// is not known yet (events and communications after it are ignored,
	// impacts are cut at it), ongoing impacts are measured up to it, and
	// overdue checks compare with it. The zero AsOf means the latest instant
	// in the incident (its last event, impact start or end, or
	// communication).
	AsOf time.Time

	// RCADueDays is how many calendar days after resolution the root-cause
	// analysis is due, at most MaxRCADueDays. Zero (or negative) means 30;
	// more than MaxRCADueDays leaves RCADue unknown (zero) rather than
	// compute a date no one agreed to.
	RCADueDays int

	// Readiness holds the thresholds for recovery-plan findings.
	Readiness ReadinessOpts
}

// Milestone is the earliest instant an event of a milestone kind happened.
//
// Milestone is a plain value: safe for concurrent use.
type Milestone struct {
	Kind EventKind
	At   time.Time
}

// Elapsed is a duration between two milestones; Known is false when a
// milestone it needs is missing (then D is zero). D may be negative when
// the timeline is (an invalid incident).
//
// Elapsed is a plain value: safe for concurrent use.
type Elapsed struct {
	D     time.Duration
	Known bool
}

// Silence is a gap between public updates while the impact was unresolved:
// [From, To), D = To − From.
//
// Silence is a plain value: safe for concurrent use.
type Silence struct {
	From, To time.Time
	D        time.Duration
}

// ComponentOutage is the impact on one component.
//
// ComponentOutage is a plain value: safe for concurrent use.
type ComponentOutage struct {
	Component string
	// Start and End bound the component's impacts (of every level, as
	// measured: cut at Metrics.End); End is AsOf for an ongoing impact.
	Start, End time.Time
	// Down is the length of the union of the component's impacts of levels
	// DegradedPerformance and worse.
	Down time.Duration
	// ByLevel is the time spent at each level within [Start, End), indexed
	// by Level; where impacts of several levels overlap, the instant counts
	// for the worst. ByLevel[Operational] is the time no impact covers (gaps
	// between impacts), so the entries add up to End − Start.
	ByLevel [NumLevels]time.Duration
}

// Metrics are the measurements of an incident. Every field has a written
// definition; durations are exact (nanoseconds), never rounded. Instants
// are in the incident's zone (Incident.Location), so they display as the
// incident file writes them. MarshalJSON gives the JSON form.
//
// Metrics is safe for concurrent use as long as no goroutine modifies it
// (its slices and maps are shared, not copied).
type Metrics struct {
	// Incident and Title are the ID and title of the incident measured.
	Incident, Title string

	AsOf time.Time

	// Ongoing is true when customer impact has not ended as of AsOf: there
	// is no Resolved event at or before AsOf, and an impact is still going
	// on at AsOf (ongoing, or ending after AsOf), or there is a Started
	// event but no impact yet.
	Ongoing bool

	// Start is when customer impact began: the earliest Started event, or
	// else the earliest impact start. End is when it ended: the earliest
	// Resolved event, or else the latest impact end; AsOf when ongoing.
	// Both are zero when the incident has no impact and no Started event.
	// Impacts are never measured past End.
	Start, End time.Time

	// Milestones are the earliest instant of each milestone kind present
	// (at or before AsOf), in kind order: Started, Detected, …, Closed.
	Milestones []Milestone

	// TimeToDetect is Detected − Start; TimeToAcknowledge is Acknowledged −
	// Start; TimeToMitigate is Mitigated − Start (each from the milestone's
	// earliest instant, known when it and Start exist); TimeToResolve is
	// End − Start, known only when the incident is not Ongoing.
	TimeToDetect, TimeToAcknowledge, TimeToMitigate, TimeToResolve Elapsed

	// Outage is the length of the union of all impacts of level
	// DegradedPerformance or worse, over every component: an instant counts
	// once however many components are down. UnderMaintenance is not
	// outage. The affected share does not reduce it (see Share.Weigh for
	// user-minutes).
	Outage time.Duration

	// Components holds one entry per component with impact, by name.
	Components []ComponentOutage

	// LongestSilence is the largest gap between consecutive public updates
	// (communications and PublicUpdate events) while impact was unresolved,
	// counting from Start and up to End: the gaps are between Start, every
	// update strictly between Start and End, and End. Updates before Start
	// or after End do not count. Ties go to the earliest gap. Zero when
	// Start is unknown.
	LongestSilence Silence

	// RCADue is End + RCADueDays calendar days in the incident's zone (the
	// same wall-clock time, so across a daylight-saving change it is an
	// hour more or less than RCADueDays × 24 h); zero while the incident is
	// ongoing, or when RCADueDays is more than MaxRCADueDays. RCAOverdue is true when AsOf is at or after RCADue and the
	// incident's Status is not Postmortem (which says the analysis is
	// published).
	RCADue     time.Time
	RCAOverdue bool

	// OverdueActions are the indexes in Incident.ActionItems of the items
	// that are not finished (Done or WontDo) and whose due date is before
	// the date AsOf falls on in the incident's zone: an item due today is
	// not overdue yet.
	OverdueActions []int
	// OverdueItems are copies of the items OverdueActions indexes, in the
	// same order, so that the metrics can be shown without the incident.
	OverdueItems []ActionItem

	// Readiness lists the recovery-plan findings as of AsOf, judged on
	// dates in the incident's zone (see Readiness.Findings).
	Readiness []Finding
}
