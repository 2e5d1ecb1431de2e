// Package rca models an incident and its root-cause analysis: what engineers
// write once, as a file, and what the sla, credit and report packages read.
//
//	inc, err := rca.LoadFile("incident.yaml") // YAML or JSON
//	if err != nil {
//		return err // a *ValidationError: every problem, with file, line, column and field
//	}
//	m := inc.Metrics(rca.MetricsOpts{})
//	fmt.Println(m.Outage, m.TimeToDetect.D, m.RCADue) // 1h55m0s 4m0s 2025-03-03 01:05:00 +0000 UTC
//	results, err := sla.Measure(policy, []*rca.Incident{inc}, sla.Options{}) // the SLA's view
//
// # The model
//
// An [Incident] holds its identity (ID, title, severity, [Status]), the
// zone its times are written in, a timeline of [Event]s, the customer
// [Impact] per component, the [Analysis] (trigger, root causes, contributing
// factors, detection, resolution, lessons), [ActionItem]s, public
// [Communication]s and the disaster-recovery [Readiness].
//
// An incident runs on two clocks:
//
//   - the outage clock, customer impact: from the Started event (or the
//     earliest impact) to the Resolved event (or the latest impact end).
//     It drives SLAs and credits.
//   - the incident clock, the response: Declared to Closed. It drives the
//     team's process (an incident can be closed days after the impact
//     ended, or declared before customers notice).
//
// The milestone kinds of events are Started, Detected, Acknowledged,
// Declared, Identified, Mitigated, PartiallyRestored, Resolved and Closed;
// PublicUpdate and Note events carry text only.
//
// Impact is per component, at a [Level] in Atlassian Statuspage's
// vocabulary (degraded_performance, partial_outage, major_outage,
// under_maintenance; operational is no impact), over a half-open span
// [Start, End), with an optional affected [Share] of users ("300 of 1000",
// "2%", "0.3") for user-minute accounting. A zero End means ongoing.
// Impacts can be written in two ways, which give the same result:
//
//   - directly, as the incident's impacts list;
//   - as component changes on timeline events ("api → partial_outage"): a
//     component is at a level from the event that moves it there until the
//     next change of that component, and a change to operational ends it.
//
// [Incident.EffectiveImpacts] returns whichever is written (the list wins;
// when both are written, validation checks that they agree), in a
// deterministic order. [Incident.DerivedImpacts] gives the timeline's
// version.
//
// # Files
//
// YAML and JSON files share one schema: the yaml tags of the types in this
// package. [Load] and [LoadFile] read them; [Incident.Encode] and
// [Incident.WriteFile] write them. Unknown fields are errors, so a typo in
// a postmortem never vanishes. Instants are written in RFC 3339 with an
// offset ("2014-04-18T10:32:00-04:00") or as local wall-clock times
// ("2014-04-18 10:32") in the IANA zone the top-level zone field names; a
// file with local times must name its zone (a local time in a file without
// zone is a problem: a postmortem must not silently be read in UTC), and a
// local time that daylight saving time makes ambiguous or impossible is an
// error asking for an offset. Dates are "2006-01-02".
// A complete small incident:
//
//	id: INC-42
//	title: Checkout down after a database failover
//	severity: SEV2
//	status: resolved            # investigating, identified, monitoring, resolved, postmortem
//	zone: America/New_York
//	services: [payments]
//	components: [checkout, api]
//	timeline:
//	  - at: 2024-05-06 10:00
//	    kind: started
//	    text: Failover to the replica stalls.
//	    changes:
//	      - {component: checkout, status: major_outage}
//	      - {component: api, status: degraded_performance, affected: 2%}
//	  - at: 2024-05-06 10:07
//	    kind: detected
//	    source: monitoring
//	  - at: 2024-05-06 10:40
//	    kind: mitigated
//	    approximate: true       # the sources give this time only roughly
//	    changes:
//	      - {component: checkout, status: partial_outage}
//	  - at: 2024-05-06 11:30
//	    kind: resolved
//	    changes:
//	      - {component: checkout, status: operational}
//	      - {component: api, status: operational}
//	analysis:
//	  trigger: Primary database node lost its disk.
//	  root_causes: [Failover had never run against production volumes.]
//	  detection: {method: monitoring, by: checkout error alert}
//	  lessons:
//	    went_well: [Alert fired within seven minutes.]
//	action_items:
//	  - {title: Test failover monthly, type: prevent, owner: dba, priority: P1, due: 2024-05-31, status: open}
//	communications:
//	  - {at: 2024-05-06 10:20, channel: status_page, text: We are investigating failed checkouts.}
//	readiness:
//	  plan: Database failover runbook
//	  last_reviewed: 2024-02-29
//	  last_drilled: 2023-11-15
//	  failover_tested: false
//
// Instead of changes in the timeline, impacts can be listed:
//
//	impacts:
//	  - {component: checkout, level: major_outage, start: 2024-05-06 10:00, end: 2024-05-06 10:40}
//	  - {component: checkout, level: partial_outage, start: 2024-05-06 10:40, end: 2024-05-06 11:30, note: ...}
//
// testdata/incidents/ holds complete examples: the Constant Contact outage
// of 2014 (the seed of this project, in YAML and JSON) and a two-day
// incident across a daylight-saving change.
//
// # Metrics
//
// [Incident.Metrics] measures an incident as of an instant, with the
// definitions written on the fields of [Metrics]: time to detect,
// acknowledge, mitigate and resolve (from the start of impact), outage
// overall (the union of impacts of degraded_performance or worse) and per
// component and level, the longest customer silence (the largest gap
// between public updates from the start of impact to its end), the RCA due
// date (resolution + 30 calendar days in the incident's zone, configurable)
// and whether it is overdue, overdue action items, and recovery-plan
// findings. An ongoing incident is measured up to the as-of instant.
// Durations are exact; nothing is rounded. Instants are in the incident's
// zone. [Metrics.MarshalJSON] writes them as JSON with stable snake_case keys
// (durations in exact seconds and as "14h28m", instants in RFC 3339,
// unknown durations as null): the CLI's `metrics -format json`.
//
// [Readiness.Findings] reports a missing plan, a plan never reviewed or
// drilled, a review older than a quarter or a drill older than a year
// (configurable, in calendar months that clamp at month end: a plan
// reviewed on Nov 30 is due again on Feb 28), and untested failover.
//
// # Validation
//
// [Incident.Validate] reports every problem at once, each with the path of
// its field as written in files ("timeline[3].at: before the incident
// started", "impacts[1].end: before start", "action_items[0].due:
// missing"), as a *[ValidationError] that callers inspect with errors.As.
// [Load] adds the file, line and column to each, reports decoding problems
// (unknown fields, bad values, impossible dates, unknown zones) together
// with validation problems, and never reports a field twice. Neither ever
// panics, whatever the input.
//
// # Sources
//
// Other tools' exports become incidents through the packages under
// source/: source/statuspage (Atlassian Statuspage) and source/pagerduty
// (PagerDuty). This package keeps the model; they keep the formats.
//
// # Concurrency
//
// Incidents are plain values. No function of this package modifies its
// arguments or keeps global state; an Incident is safe for concurrent use
// as long as nobody writes to it.
package rca
