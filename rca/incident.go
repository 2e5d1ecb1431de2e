package rca

import (
	"time"

	"github.com/shopspring/decimal"
)

// Incident is one outage and its analysis: what engineers write once and
// everyone else reads. The same structure is the file format (see Load): the
// yaml tags are the field names in YAML and JSON files.
//
// An Incident is a plain value: methods never modify it, and it is safe for
// concurrent use as long as no goroutine writes to it.
type Incident struct {
	// ID names the incident in credit lines, idempotency keys and
	// reports: letters, digits and "-_.:/#", see CheckID.
	ID       string `yaml:"id"`
	Title    string `yaml:"title"`
	Summary  string `yaml:"summary"`
	Severity string `yaml:"severity"` // the team's own label: "SEV1", "critical"
	Status   Status `yaml:"status"`

	// Zone is the zone the incident's local times are written in, and the
	// default zone for displaying them. Nil means UTC.
	Zone *time.Location `yaml:"zone"`

	Authors    []string `yaml:"authors"`
	Services   []string `yaml:"services"`   // customer-facing services affected
	Components []string `yaml:"components"` // components that had impact; see AllComponents

	// Timeline is the incident's events in order of time.
	Timeline []Event `yaml:"timeline"`

	// Impacts lists customer impact per component. When it is empty the
	// impacts are derived from the component changes in the timeline; see
	// EffectiveImpacts.
	Impacts []Impact `yaml:"impacts"`

	Analysis       Analysis        `yaml:"analysis"`
	ActionItems    []ActionItem    `yaml:"action_items"`
	Communications []Communication `yaml:"communications"`
	Readiness      Readiness       `yaml:"readiness"`

	// Notes are internal remarks, left out of public reports.
	Notes []string `yaml:"notes"`

	// Publish says what the public edition of the report shows beyond
	// what it always shows (see package report).
	Publish Publish `yaml:"publish"`
}

// Publish is the author's choice of what the public edition of a report
// shows beyond its defaults. The zero Publish shows nothing more: event
// sources and authors are often people's names, and the recovery plan is
// internal until the author decides otherwise.
//
// Publish is a plain value: safe for concurrent use.
type Publish struct {
	// Sources shows the source of each timeline event and who detected
	// the incident (analysis.detection.by).
	Sources bool `yaml:"sources"`
	// Authors shows the report's authors.
	Authors bool `yaml:"authors"`
	// Readiness shows the recovery-plan section: the plan, its last review
	// and drill, whether failover was tested, and the findings. Its notes
	// stay internal.
	Readiness bool `yaml:"readiness"`
}

// Event is one entry of the timeline.
//
// Event is safe for concurrent use as long as no goroutine modifies it (its
// slices and maps are shared, not copied).
type Event struct {
	At     time.Time `yaml:"at"`
	Kind   EventKind `yaml:"kind"`
	Text   string    `yaml:"text"`
	Source string    `yaml:"source"` // who or what reported it: a person, "monitoring", "blog"

	// Approximate marks an instant the sources give only roughly
	// ("about 10:32 ET").
	Approximate bool `yaml:"approximate"`

	// Internal events are left out of public reports.
	Internal bool `yaml:"internal"`

	// Changes are the component statuses that change at this event.
	Changes []Change `yaml:"changes"`
}

// Change says that a component moved to a new status at an event.
//
// Change is a plain value: safe for concurrent use.
type Change struct {
	Component string `yaml:"component"`
	// Status is the component's new level; the zero Level (operational)
	// is a change back to normal, and files always show it.
	Status Level `yaml:"status,keepzero"`

	// Affected is the part of the component's users the new status
	// reaches; the zero Share means all of them. It carries over to the
	// derived impact.
	Affected Share `yaml:"affected"`
}

// Impact is customer impact on one component at one level during
// [Start, End). A zero End means the impact is ongoing.
//
// Impact is a plain value: safe for concurrent use.
type Impact struct {
	Component string `yaml:"component"`
	// Level is never Operational in a valid impact; files always show it.
	Level Level     `yaml:"level,keepzero"`
	Start time.Time `yaml:"start"`
	End   time.Time `yaml:"end"`

	// Affected is the part of the component's users or traffic affected.
	// The zero Share means all of it.
	Affected Share `yaml:"affected"`

	// Approximate marks an impact whose start or end the sources give only
	// roughly.
	Approximate bool `yaml:"approximate"`

	Note string `yaml:"note"`
}

// IsOngoing reports whether the impact has no end yet.
func (i Impact) IsOngoing() bool { return i.End.IsZero() }

// Share is the part of a component's users, requests or connections an
// impact reaches: Affected out of Of. "300 of 1000" is {300, 1000}; "2%" is
// {2, 100}; a plain fraction "0.3" is {0.3, 1}. The zero Share (Of is zero)
// means all of them.
//
// A valid Share lies in (0, 1]: Affected > 0, Of > 0, Affected ≤ Of (see
// ParseShare; Validate checks it). Numbers are exact decimals, never floats.
//
// For user-minute accounting an impact of d minutes on a Share counts
// d × Affected ÷ Of minutes of full outage: 60 minutes on "300 of 1000"
// users is 18 (see Weigh and Ratio). Outage durations (Metrics) are not
// weighted; SLA policies choose whether to weigh.
//
// In files a Share is written as a string in one of those three forms.
//
// Share is a plain value: safe for concurrent use.
type Share struct {
	Affected decimal.Decimal
	Of       decimal.Decimal
}

// IsAll reports whether s means everyone: the zero Share, or Affected = Of.
func (s Share) IsAll() bool {
	return s.Of.IsZero() || s.Affected.Equal(s.Of)
}

// Analysis is the root-cause analysis.
//
// Analysis is safe for concurrent use as long as no goroutine modifies it
// (its slices and maps are shared, not copied).
type Analysis struct {
	Trigger             string    `yaml:"trigger"`
	RootCauses          []string  `yaml:"root_causes"`
	ContributingFactors []string  `yaml:"contributing_factors"`
	Detection           Detection `yaml:"detection"`
	Resolution          string    `yaml:"resolution"`
	Lessons             Lessons   `yaml:"lessons"`
}

// Detection is how and by whom the problem was first noticed.
//
// Detection is a plain value: safe for concurrent use.
type Detection struct {
	Method DetectionMethod `yaml:"method"`
	By     string          `yaml:"by"`
	Note   string          `yaml:"note"`
}

// Lessons are what the team learned.
//
// Lessons is safe for concurrent use as long as no goroutine modifies it
// (its slices and maps are shared, not copied).
type Lessons struct {
	WentWell  []string `yaml:"went_well"`
	WentWrong []string `yaml:"went_wrong"`
	GotLucky  []string `yaml:"got_lucky"`
}

// ActionItem is follow-up work.
//
// ActionItem is a plain value: safe for concurrent use.
type ActionItem struct {
	Title    string       `yaml:"title"`
	Type     ActionType   `yaml:"type"`
	Owner    string       `yaml:"owner"`    // left out of public reports
	Priority string       `yaml:"priority"` // the team's own label: "P1", "high"
	Due      Date         `yaml:"due"`
	Status   ActionStatus `yaml:"status"`
	Link     string       `yaml:"link"`
}

// Communication is one public update to customers.
//
// Communication is a plain value: safe for concurrent use.
type Communication struct {
	At      time.Time `yaml:"at"`
	Channel Channel   `yaml:"channel"`
	Text    string    `yaml:"text"`
	URL     string    `yaml:"url"`
}

// Readiness is the state of the disaster-recovery plan that should have
// covered the incident. A zero Date means "never" (or not recorded). The
// zero Readiness records nothing: an incident that says nothing about its
// recovery plan gets no findings about it (see Findings).
//
// Readiness is a plain value: safe for concurrent use.
type Readiness struct {
	Plan           string `yaml:"plan"` // name or link of the recovery plan
	LastReviewed   Date   `yaml:"last_reviewed"`
	LastDrilled    Date   `yaml:"last_drilled"`
	FailoverTested bool   `yaml:"failover_tested"`
	Notes          string `yaml:"notes"`
}

// IsZero reports whether r records nothing: no plan, no dates, failover
// not said to be tested and no notes.
func (r Readiness) IsZero() bool { return r == Readiness{} }

// Location returns the incident's zone, or UTC when it has none.
func (inc *Incident) Location() *time.Location {
	if inc.Zone == nil {
		return time.UTC
	}
	return inc.Zone
}
