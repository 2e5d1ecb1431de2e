package rca

// ReadinessOpts are the thresholds for recovery-plan findings.
type ReadinessOpts struct {
	// ReviewMonths is the longest a plan may go without review, in
	// calendar months. Zero means 3 (quarterly).
	ReviewMonths int
	// DrillMonths is the longest a plan may go without a drill, in calendar
	// months. Zero means 12 (yearly).
	DrillMonths int
}

// FindingCode identifies the kind of a readiness finding.
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
type Finding struct {
	Code FindingCode
	// Since is the date the finding refers to (last review or drill); zero
	// for findings about something that never happened.
	Since Date
	// Due is when the review or drill was due; zero when not applicable.
	Due Date
	Msg string
}
