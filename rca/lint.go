package rca

import (
	"fmt"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

// GapCode identifies an item of the root-cause-analysis checklist that an
// incident leaves open (see Incident.Gaps).
//
// GapCode is a plain value: safe for concurrent use.
type GapCode string

// The checklist, after the Google SRE postmortem template, Etsy Morgue's
// required fields and GitLab's incident review. Validation (Validate)
// already requires an ID, a title, customer impact with a level, and a
// type and due date for every action item; these are what a valid
// incident can still lack.
const (
	// NoSummary: the incident has no summary.
	NoSummary GapCode = "no_summary"
	// NoTrigger: impact is over but the trigger is not recorded.
	NoTrigger GapCode = "no_trigger"
	// NoRootCause: impact is over but no root cause is recorded.
	NoRootCause GapCode = "no_root_cause"
	// NoDetection: the timeline has no detected event, so the time to
	// detect is unknown.
	NoDetection GapCode = "no_detection"
	// NoCustomerUpdate: no public update (a communication, or a public
	// update event that is not internal) while impact lasted.
	NoCustomerUpdate GapCode = "no_customer_update"
	// NoActionItems: impact is over and no follow-up is recorded.
	NoActionItems GapCode = "no_action_items"
	// ActionNoOwner: an action item has no owner.
	ActionNoOwner GapCode = "action_no_owner"
	// RCAOverdue: the root-cause analysis is past its due date and the
	// incident's status is not postmortem.
	RCAOverdue GapCode = "rca_overdue"
)

// Gap is one open item of the checklist.
//
// Gap is a plain value: safe for concurrent use.
type Gap struct {
	Code GapCode
	// Path is the field the gap is about, as written in files:
	// "analysis.root_causes", "action_items[2].owner".
	Path string
	// Index is the action item's index for ActionNoOwner, else -1.
	Index int
	// Due is the RCA's due date for RCAOverdue.
	Due time.Time
	Msg string
}

// Draft reports whether the gap leaves the report a draft: what it says
// about the incident is incomplete (no summary, trigger, root cause or
// action items), rather than a step of the process left undone.
func (g Gap) Draft() bool {
	switch g.Code {
	case NoSummary, NoTrigger, NoRootCause, NoActionItems:
		return true
	}
	return false
}

// Gaps returns the checklist items the incident leaves open, judged on m,
// its metrics (Incident.Metrics: as of their AsOf), in the order of the
// constants above, action items by index. The items that need impact to be
// over (trigger, root cause, action items) are open only when it is.
func (inc *Incident) Gaps(m *Metrics) []Gap {
	var out []Gap
	add := func(code GapCode, path, msg string) {
		out = append(out, Gap{Code: code, Path: path, Index: -1, Msg: msg})
	}
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	over := !m.Ongoing && !m.End.IsZero()

	if blank(inc.Summary) {
		add(NoSummary, "summary", "no summary: say what happened, to whom, for how long")
	}
	if over && blank(inc.Analysis.Trigger) {
		add(NoTrigger, "analysis.trigger", "impact is over but the trigger is not recorded")
	}
	if over && !anyText(inc.Analysis.RootCauses) {
		add(NoRootCause, "analysis.root_causes", "impact is over but no root cause is recorded")
	}
	if !m.TimeToDetect.Known {
		add(NoDetection, "timeline", "no detected event: the time to detect is unknown")
	}
	if !m.Start.IsZero() && !inc.updatedDuring(m.Start, m.End) {
		add(NoCustomerUpdate, "communications", "no public update while impact lasted")
	}
	if over && len(inc.ActionItems) == 0 {
		add(NoActionItems, "action_items", "impact is over but no action item is recorded")
	}
	for i, a := range inc.ActionItems {
		if blank(a.Owner) {
			out = append(out, Gap{Code: ActionNoOwner, Path: problem.Join(problem.Index("action_items", i), "owner"),
				Index: i, Msg: "action item has no owner"})
		}
	}
	if m.RCAOverdue {
		out = append(out, Gap{Code: RCAOverdue, Path: "status", Index: -1, Due: m.RCADue,
			Msg: fmt.Sprintf("the root-cause analysis was due %s and the status is not postmortem",
				m.RCADue.Format("2006-01-02 15:04 MST"))})
	}
	return out
}

// anyText reports whether any item is not blank.
func anyText(items []string) bool {
	for _, s := range items {
		if strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}

// updatedDuring reports whether customers got a public update within
// [from, to]: a communication or a public update event that is not
// internal.
func (inc *Incident) updatedDuring(from, to time.Time) bool {
	in := func(t time.Time) bool { return !t.Before(from) && !t.After(to) }
	for _, c := range inc.Communications {
		if in(c.At) {
			return true
		}
	}
	for _, e := range inc.Timeline {
		if e.Kind == PublicUpdate && !e.Internal && in(e.At) {
			return true
		}
	}
	return false
}

// Lint loads the incident file named name (see Load) and checks it
// against the checklist (see Gaps) as of opts.AsOf. It returns the
// incident, and the open items as problems located in the file (a missing
// field at the nearest enclosing field written), sorted by position. An
// invalid file gives the *ValidationError of Load and no gaps.
func Lint(name string, data []byte, opts MetricsOpts) (*Incident, []Problem, error) {
	inc, err := Load(name, data)
	if err != nil {
		return nil, nil, err
	}
	// The file decoded once already; decoding it again gives the positions.
	doc, err := fileformat.Decode(name, data, new(Incident), fileformat.Options{ZoneField: "zone", RequireZone: true})
	if err != nil {
		return nil, nil, fmt.Errorf("rca: %w", err)
	}
	l := problem.List{File: name, Locator: doc}
	m := inc.Metrics(opts)
	for _, g := range inc.Gaps(&m) {
		l.Add(g.Path, g.Msg)
	}
	if perr, ok := l.Err().(*problem.Error); ok {
		return inc, perr.Problems, nil
	}
	return inc, nil, nil
}
