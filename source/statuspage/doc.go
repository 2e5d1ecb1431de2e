// Package statuspage imports Atlassian Statuspage incidents as rca
// incidents: the incident's updates become its public communications,
// their component statuses become the component changes impacts are derived
// from, and the incident's statuses become its milestones.
//
// # The format
//
// Statuspage publishes a page's incidents as JSON: the public API's
// /api/v2/incidents.json and /api/v2/incidents/unresolved.json
// ({"page": {...}, "incidents": [...]}, documented at
// https://metastatuspage.com/api and on every page's /api, such as
// https://www.githubstatus.com/api), and the management API's
// GET /v1/pages/{page_id}/incidents (a list of incidents;
// https://developer.statuspage.io/#tag/incidents). An incident has an id,
// a name, a status (investigating, identified, monitoring, resolved,
// postmortem; scheduled maintenances: scheduled, in_progress, verifying,
// completed), an impact (none, minor, major, critical), created_at,
// started_at, monitoring_at, resolved_at and updated_at instants, a
// shortlink, its components, and its incident_updates, newest first. Each
// update has a status, a body, created_at and display_at, and its
// affected_components: a component's code, name, old_status and
// new_status (operational, degraded_performance, partial_outage,
// major_outage, under_maintenance). Import also reads an object holding
// one "incident", as archives of single incidents store them. Fields the
// import does not read are ignored.
//
// # What an incident becomes
//
//   - id, name, impact and status become ID, Title, Severity and Status;
//     the shortlink is noted.
//   - Every update, oldest first (by display_at, else created_at), is one
//     Communication on the status page, its body turned into plain text
//     (PlainText): the one record of what customers were told, so each
//     update counts once in the communication metrics.
//   - The incident starts at started_at (else created_at, or the first
//     update when that is earlier): a started event. The first identified
//     update is an identified event, the first monitoring update a
//     mitigated one, the first resolved (or completed, or postmortem)
//     update the resolved one; without such updates, monitoring_at and
//     resolved_at give those events. Their text is the update's status,
//     and they carry what changed; the words are the communication's. An
//     update that is not a milestone but changes a component is a note
//     event.
//   - Component statuses become component changes, from which impacts are
//     derived (rca.Incident.DerivedImpacts). Real exports repeat every
//     affected component's status in each update, and often show a status
//     one update after it was set (old_status is already the new status):
//     only what changes counts, a repeated status changes nothing, and a
//     status shown without a recorded transition is a change marked
//     approximate (a note event at the update that first shows it: it
//     happened before). Opts.ImpactStart says whether a component's first
//     impact starts when the incident started (the default) or at the
//     update that shows it, as Statuspage's uptime bars count
//     (https://help.statuspage.io/help/uptime-calendar). At the
//     resolution every component still impacted returns to operational;
//     statuses shown by updates after it change nothing.
//   - An incident that is not resolved keeps its impacts ongoing: they are
//     measured up to the as-of instant of the metrics, SLA or report, and
//     the report says "ongoing".
//
// # Incidents without component statuses
//
// Many incidents are posted with only an impact level: no component, or
// components whose statuses never leave operational. Such an incident gets
// one impact per component it lists (or else on Opts.Component, or else on
// the page's name), at the level its impact maps to: none and minor
// degraded_performance, major partial_outage, critical major_outage
// (Statuspage derives an incident's impact from its components' statuses
// the other way round). The impact lasts from the start to the resolution,
// and its note says it is derived. An incident that started and was
// resolved at the same instant has such an impact of no length, written as
// changes on the started and resolved events.
//
// # Problems
//
// Every problem names the file, line, column and JSON path
// ("incidents[0].incident_updates[2].created_at"); all are returned
// together as a *rca.ValidationError. An incident with a problem is left
// out; the others are still imported. Reading is linear in the size of the
// export.
package statuspage
