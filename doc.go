// Package postmortem turns an outage into an honest account of it and the
// money owed: the incident and its root-cause analysis, the downtime an SLA
// counts, the credit every subscriber is owed, and the report that explains
// it all — exact to the cent, explained line by line.
//
// This package is the guide; the work is done by four packages, each owning
// one step of the pipeline:
//
//	incident file ──► rca.Incident ──► sla.Result per window ──► credit.Line per subscription ──► report
//	(YAML, JSON,      timeline,        downtime counted by       prorated / tiered credit,        Markdown and PDF
//	 Statuspage)      impacts, causes  the policy's rules        rounded once, explained, keyed
//
// The packages, in pipeline order; each imports only those before it:
//
//   - [github.com/outagekit/postmortem/rca] models the incident: a timeline of
//     events in real time zones, impacts per component and level, root
//     causes, action items, communications and the readiness of the
//     disaster-recovery plan. It validates an incident (every problem, with
//     file, line and field), measures it (time to detect, mitigate, resolve;
//     the longest customer silence; the RCA due date) and reads it from YAML
//     and JSON.
//   - [github.com/outagekit/postmortem/sla] measures downtime against an SLA
//     written as data: calendar or rolling windows in a zone, weights per
//     impact level, whole minutes and minimum downtime periods, maintenance
//     exclusions, request-based indicators, credit tiers. Each window gets
//     its availability, exactly, and its error budget.
//   - [github.com/outagekit/postmortem/credit] computes the credit of every
//     subscription of every plan in any currency: the charge the subscriber
//     paid for the window, the rule (tiered, prorated, stepped, fixed), the
//     cap and minimum, one rounding to the currency's minor unit, a one-line
//     explanation and an idempotency key. It streams millions of
//     subscriptions from CSV with flat memory. Before and during an outage,
//     its Exposure prices hypothetical outages of every length: what the
//     next hour would cost, and where the next credit tier is.
//   - [github.com/outagekit/postmortem/report] renders the root-cause report
//     as Markdown and as PDF, localized (English, German, French), with a
//     timeline chart, and the exposure chart as SVG and PDF.
//
// Beside the pipeline, above rca and sla, [github.com/outagekit/postmortem/source]
// holds one package per other tool's format: Statuspage and PagerDuty
// exports become incidents, OpenSLO SLOs policies, Prometheus range query
// results request counts.
//
// The command postmortem (cmd/postmortem) runs the same pipeline from files;
// "postmortem demo" runs it on the outage this project started from, whose
// data [Demo] embeds.
//
// # Design choices
//
// Money and ratios are [github.com/shopspring/decimal] values, never float64;
// inside a computation they stay exact fractions and are rounded once, at the
// end, as the currency and the rule say. A figure that cannot be explained
// line by line is a bug, so every credit line carries its explanation and
// every SLA result the spans of downtime it counted with their weights.
//
// Time intervals are half-open, [start, end). Windows are calendar months,
// quarters and years in a named IANA zone — a month is its real length, and
// in a daylight-saving zone March is an hour shorter — and an outage that
// spans two windows is split at the boundary, each window judged on its own
// part. Instants are compared as instants, whatever zone they were written in.
//
// Inputs are checked, never trusted: a bad file gets an error listing every
// problem with its file, line and field path; a bad subscription row is
// reported with its line while the good rows still run; nothing panics and
// nothing is dropped silently. Outputs are deterministic: the same input
// gives the same credit lines, the same idempotency keys and the same report
// bytes.
//
// # The seed
//
// On 2014-04-18 a car hit a power pole near Constant Contact's data center at
// about 10:32 ET; redundant power failed, every system had to be restarted,
// and service was fully back at 01:00 ET the next day: 14h28m of downtime. A
// customer paying $15 a month asked for a public root-cause analysis within
// 30 days, a pro-rated refund of April's charges, and disaster-recovery plans
// reviewed quarterly and drilled yearly. The example below computes that
// refund: 15 × 52,080 s ÷ 2,592,000 s = 0.30138… → $0.30.
package postmortem
