// Package pagerduty imports PagerDuty incidents and their log entries as
// rca incidents, so that the response's clock (triggered, acknowledged,
// resolved) comes from the tool that kept it.
//
// # The format
//
// The JSON of PagerDuty's REST API v2
// (https://developer.pagerduty.com/api-reference/): "Get an incident"
// (GET /incidents/{id}: {"incident": {...}}), "List incidents"
// (GET /incidents: {"incidents": [...], "limit", "offset", "more",
// "total"}) and "List log entries" for an incident or the account
// (GET /incidents/{id}/log_entries, GET /log_entries: {"log_entries":
// [...], ...}). An incident has an id, a title, a status (triggered,
// acknowledged, resolved), an urgency (high, low), a priority reference
// ({"summary": "P2"}, or null), a service reference, created_at,
// last_status_change_at and resolved_at, and an html_url. A log entry has
// an id, a type (trigger_log_entry, acknowledge_log_entry,
// escalate_log_entry, assign_log_entry, annotate_log_entry,
// notify_log_entry, resolve_log_entry, …), a summary, created_at, the
// agent that acted, the channel it came through (a note's text is the
// channel's summary) and the incident it belongs to. Import takes any
// number of such files, in any order; an object may hold several of the
// keys. Fields the import does not read are ignored.
//
// # What an incident becomes
//
//   - id, title, status and html_url become ID, Title, Status (triggered and
//     acknowledged are investigating) and a note; the priority's summary,
//     else the urgency, is the Severity; the service is the incident's
//     service and its one component.
//   - The first trigger log entry (else created_at) is when the problem was
//     detected, and when the impact started, marked approximate: PagerDuty
//     knows nothing earlier than its alert, so the time to detect is zero
//     by construction. Its agent says how it was detected (an integration
//     or service: monitoring; a user: an employee).
//   - The first acknowledgement is the acknowledged milestone: the time to
//     acknowledge is PagerDuty's own. The first resolve entry (else
//     resolved_at, else last_status_change_at for a resolved incident) is
//     the resolution; its note, a responder's words, is kept as an
//     internal note event at the same instant.
//   - Notes, escalations, assignments, responder requests and every other
//     entry become internal note events (they name responders); later
//     acknowledgements and resolutions too. Notification entries (who was
//     paged, and how) are left out.
//   - The impact is on the service from the trigger to the resolution
//     (ongoing while the incident is not resolved), at Opts.Level:
//     PagerDuty records no impact level, so the level is given, not read
//     (major_outage by default), and the impact's note says so.
//   - PagerDuty records no mitigation: write it in the incident file.
//
// # Problems
//
// Every problem names the file, line, column and JSON path; all are
// returned together as a *rca.ValidationError, and the incidents without a
// problem are still imported. A log entry whose incident no file gives is
// a problem: export the incident too.
package pagerduty
