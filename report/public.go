package report

import (
	"slices"

	"github.com/outagekit/postmortem/rca"
)

// publicView returns the incident as the public edition may show it: a new
// Incident built field by field from the ones listed here, so that a field
// added to rca.Incident later stays out of the public edition until it is
// listed (the README's "Public edition" section names the same fields, and
// TestPublicFields holds both to each other).
//
// Always public: id, title, summary, severity, status, zone, services,
// components; timeline events not marked internal (instant, kind, text,
// approximate mark, status changes); impacts (component, level, span,
// affected share, approximate mark); the trigger, root causes,
// contributing factors, detection method, resolution and lessons;
// action items' title, type, due date and status; communications.
//
// Public when the incident's publish block says so: event sources and who
// detected the incident (sources), the authors (authors), the recovery plan,
// its dates and whether failover was tested (readiness).
//
// Never public: internal events, the incident's notes, impact notes, the
// detection note, the readiness notes, action items' owner, priority and
// link.
//
// The impacts are taken as the full incident has them
// (EffectiveImpacts): leaving out an internal event never changes what
// customers suffered.
func publicView(inc *rca.Incident) *rca.Incident {
	pub := inc.Publish
	v := &rca.Incident{
		ID:         inc.ID,
		Title:      inc.Title,
		Summary:    inc.Summary,
		Severity:   inc.Severity,
		Status:     inc.Status,
		Zone:       inc.Zone,
		Services:   slices.Clone(inc.Services),
		Components: slices.Clone(inc.Components),
		Publish:    pub,
	}
	if pub.Authors {
		v.Authors = slices.Clone(inc.Authors)
	}
	for _, e := range inc.Timeline {
		if e.Internal {
			continue
		}
		pe := rca.Event{At: e.At, Kind: e.Kind, Text: e.Text, Approximate: e.Approximate, Changes: slices.Clone(e.Changes)}
		if pub.Sources {
			pe.Source = e.Source
		}
		v.Timeline = append(v.Timeline, pe)
	}
	for _, imp := range inc.EffectiveImpacts() {
		v.Impacts = append(v.Impacts, rca.Impact{Component: imp.Component, Level: imp.Level, Start: imp.Start,
			End: imp.End, Affected: imp.Affected, Approximate: imp.Approximate})
	}
	a := &inc.Analysis
	v.Analysis = rca.Analysis{
		Trigger:             a.Trigger,
		RootCauses:          slices.Clone(a.RootCauses),
		ContributingFactors: slices.Clone(a.ContributingFactors),
		Detection:           rca.Detection{Method: a.Detection.Method},
		Resolution:          a.Resolution,
		Lessons: rca.Lessons{
			WentWell:  slices.Clone(a.Lessons.WentWell),
			WentWrong: slices.Clone(a.Lessons.WentWrong),
			GotLucky:  slices.Clone(a.Lessons.GotLucky),
		},
	}
	if pub.Sources {
		v.Analysis.Detection.By = a.Detection.By
	}
	for _, ai := range inc.ActionItems {
		v.ActionItems = append(v.ActionItems, rca.ActionItem{Title: ai.Title, Type: ai.Type, Due: ai.Due, Status: ai.Status})
	}
	for _, c := range inc.Communications {
		v.Communications = append(v.Communications, rca.Communication{At: c.At, Channel: c.Channel, Text: c.Text, URL: c.URL})
	}
	if pub.Readiness {
		r := &inc.Readiness
		v.Readiness = rca.Readiness{Plan: r.Plan, LastReviewed: r.LastReviewed, LastDrilled: r.LastDrilled,
			FailoverTested: r.FailoverTested}
	}
	return v
}
