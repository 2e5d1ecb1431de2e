package rca

import "time"

// MetricsOpts are the options of Incident.Metrics.
type MetricsOpts struct {
	// AsOf is the instant the metrics are taken at: ongoing impacts are
	// measured up to it, and overdue checks compare with it. The zero AsOf
	// means the latest instant in the incident (its last event, impact end
	// or communication).
	AsOf time.Time

	// RCADueDays is how many days after resolution the root-cause analysis
	// is due. Zero means 30.
	RCADueDays int

	// Readiness holds the thresholds for recovery-plan findings.
	Readiness ReadinessOpts
}

// Milestone is the first instant an event of a milestone kind happened.
type Milestone struct {
	Kind EventKind
	At   time.Time
}

// Elapsed is a duration between two milestones; Known is false when a
// milestone it needs is missing.
type Elapsed struct {
	D     time.Duration
	Known bool
}

// Silence is a gap between public updates while the impact was unresolved.
type Silence struct {
	From, To time.Time
	D        time.Duration
}

// ComponentOutage is the impact on one component.
type ComponentOutage struct {
	Component string
	// Start and End bound the component's impacts; End is AsOf for an
	// ongoing impact.
	Start, End time.Time
	// Down is the length of the union of the component's impacts of levels
	// DegradedPerformance and worse.
	Down time.Duration
	// ByLevel is the time spent at each level, indexed by Level; where
	// impacts of several levels overlap, the instant counts for the worst.
	ByLevel [NumLevels]time.Duration
}

// Metrics are the measurements of an incident. Every field has a written
// definition; durations are exact (nanoseconds), never rounded.
type Metrics struct {
	AsOf time.Time

	// Ongoing is true when customer impact has not ended as of AsOf.
	Ongoing bool

	// Start is when customer impact began: the first Started event, or
	// else the earliest impact start. End is when it ended: the first
	// Resolved event, or else the latest impact end; AsOf when ongoing.
	Start, End time.Time

	// Milestones are the first instant of each milestone kind present, in
	// kind order.
	Milestones []Milestone

	// TimeToDetect is Detected − Start; TimeToAcknowledge is Acknowledged −
	// Start; TimeToMitigate is Mitigated − Start; TimeToResolve is End −
	// Start (known only when the incident is resolved).
	TimeToDetect, TimeToAcknowledge, TimeToMitigate, TimeToResolve Elapsed

	// Outage is the length of the union of all impacts of level
	// DegradedPerformance or worse, over every component.
	Outage time.Duration

	// Components holds one entry per component with impact, by name.
	Components []ComponentOutage

	// LongestSilence is the largest gap between consecutive public updates
	// (communications and PublicUpdate events) while impact was unresolved,
	// counting from Start and up to End.
	LongestSilence Silence

	// RCADue is End + RCADueDays calendar days in the incident's zone; zero
	// while the incident is ongoing. RCAOverdue is true when AsOf is at or
	// after RCADue.
	RCADue     time.Time
	RCAOverdue bool

	// OverdueActions are the indexes in Incident.ActionItems of the items
	// that are not finished and whose due date has passed as of AsOf (in
	// the incident's zone).
	OverdueActions []int

	// Readiness lists the recovery-plan findings as of AsOf.
	Readiness []Finding
}
