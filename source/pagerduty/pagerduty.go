package pagerduty

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/internal/jsonsrc"
)

// Opts are the options of Import.
//
// Opts is a plain value: safe for concurrent use.
type Opts struct {
	// Zone is the zone given to the imported incidents (their Zone field,
	// used to display times and to write them back); nil means UTC.
	Zone *time.Location

	// Level is the level of the impact on the incident's service.
	// PagerDuty records no impact level; the zero Level (operational,
	// which is no impact) means MajorOutage. The impact's note says the
	// level was given, not read.
	Level rca.Level
}

// eventSource is the Source of the events that name no agent.
const eventSource = "pagerduty"

// Import converts PagerDuty REST API v2 exports into incidents: files of
// incidents (/incidents/{id}, /incidents) and of their log entries
// (/incidents/{id}/log_entries, /log_entries), in any number and order.
// Log entries are matched to incidents by their incident's id; an entry
// or incident given twice (overlapping pages) counts once.
//
// Problems are returned together as a *rca.ValidationError, each with its
// file, line, column and JSON path. The incidents that imported without a
// problem are returned even then, in the order the files give them.
func Import(opts Opts, files ...source.File) ([]*rca.Incident, error) {
	var probs problem.List
	var incs []*rawIncident
	byID := map[string]*rawIncident{}
	entries := map[string][]*rawEntry{} // by incident id
	seenEntry := map[string]bool{}
	readers := make([]*jsonsrc.Reader, len(files))
	for i, f := range files {
		r := jsonsrc.NewReader(f.Name, f.Data)
		readers[i] = r
		ex := readExport(r)
		for _, inc := range ex.incidents {
			if inc.bad {
				continue
			}
			if prev, dup := byID[inc.id.S]; dup && inc.id.S != "" {
				if later(inc.updated.S, prev.updated.S) {
					*prev = *inc
				}
				continue
			}
			byID[inc.id.S] = inc
			incs = append(incs, inc)
		}
		for _, e := range ex.entries {
			if e.id.S != "" {
				if seenEntry[e.id.S] {
					continue
				}
				seenEntry[e.id.S] = true
			}
			entries[e.incidentID.S] = append(entries[e.incidentID.S], e)
		}
	}
	for id, es := range entries {
		if byID[id] != nil {
			continue
		}
		msg := fmt.Sprintf("incident %q is in no file given: give its /incidents/%s export too", id, id)
		if id == "" {
			msg = "missing: a log entry must name its incident"
		}
		for _, e := range es {
			e.r.Problem(e.incidentID.Off, problem.Join(e.path, "incident.id"), msg)
		}
	}
	var out []*rca.Incident
	for _, raw := range incs {
		c := converter{r: raw.r, opts: opts, raw: raw}
		if inc := c.incident(entries[raw.id.S]); inc != nil {
			out = append(out, inc)
		}
	}
	for _, r := range readers {
		for _, p := range r.Problems() {
			probs.AddProblem(p)
		}
	}
	return out, probs.Err()
}

// converter converts one incident.
type converter struct {
	r    *jsonsrc.Reader
	opts Opts
	raw  *rawIncident
	bad  bool
}

// add records a problem at a field of the incident.
func (c *converter) add(t jsonsrc.Text, field, msg string) {
	off := t.Off
	if off == 0 {
		off = c.raw.off
	}
	c.r.Problem(off, problem.Join(c.raw.path, field), msg)
	c.bad = true
}

// instant parses an RFC 3339 instant in the import's zone, "" being the
// zero time; add reports a text that does not parse.
func (c *converter) instant(t jsonsrc.Text, add func(msg string)) time.Time {
	v, ok := jsonsrc.ParseInstant(t.S, c.opts.Zone)
	if !ok {
		add(fmt.Sprintf("%s is not an RFC 3339 timestamp", jsonsrc.Quote(t.S)))
	}
	return v
}

// statuses are the incident statuses of PagerDuty.
var statuses = map[string]rca.Status{
	"triggered":    rca.Investigating,
	"acknowledged": rca.Investigating,
	"resolved":     rca.StatusResolved,
}

// entry is a log entry with its instant.
type entry struct {
	*rawEntry
	at time.Time
}

// incident converts the incident with its log entries; nil when it has a
// problem.
func (c *converter) incident(raws []*rawEntry) *rca.Incident {
	raw := c.raw
	if strings.TrimSpace(raw.id.S) == "" {
		c.add(raw.id, "id", "missing")
	}
	status, ok := statuses[raw.status.S]
	if !ok {
		c.add(raw.status, "status", fmt.Sprintf("unknown incident status %s (want triggered, acknowledged or resolved)", jsonsrc.Quote(raw.status.S)))
	}
	title := raw.title.S
	if title == "" {
		title = raw.summary.S
	}
	if strings.TrimSpace(title) == "" {
		c.add(raw.title, "title", "missing")
	}
	if strings.TrimSpace(raw.service.S) == "" {
		c.add(raw.service, "service.summary", "missing: the service is the component the incident impacts")
	}
	field := func(t jsonsrc.Text, name string) func(string) { return func(msg string) { c.add(t, name, msg) } }
	created := c.instant(raw.createdAt, field(raw.createdAt, "created_at"))
	resolvedAt := c.instant(raw.resolvedAt, field(raw.resolvedAt, "resolved_at"))
	lastChange := c.instant(raw.lastChangeAt, field(raw.lastChangeAt, "last_status_change_at"))

	es := make([]entry, 0, len(raws))
	for _, e := range raws {
		at := c.instant(e.createdAt, func(msg string) {
			c.r.Problem(e.createdAt.Off, problem.Join(e.path, "created_at"), msg)
			c.bad = true
		})
		if at.IsZero() && e.createdAt.S == "" {
			c.r.Problem(e.off, problem.Join(e.path, "created_at"), "missing")
			c.bad = true
		}
		es = append(es, entry{e, at})
	}
	if c.bad {
		return nil
	}
	// Oldest first; the API lists entries newest first, so entries at the
	// same instant keep the reverse of its order.
	slices.Reverse(es)
	slices.SortStableFunc(es, func(a, b entry) int { return a.at.Compare(b.at) })

	inc := &rca.Incident{
		ID:         raw.id.S,
		Title:      title,
		Severity:   raw.priority.S,
		Status:     status,
		Zone:       c.opts.Zone,
		Services:   []string{raw.service.S},
		Components: []string{raw.service.S},
	}
	if inc.Severity == "" {
		inc.Severity = raw.urgency.S
	}
	if raw.htmlURL.S != "" {
		inc.Notes = append(inc.Notes, "Imported from PagerDuty: "+raw.htmlURL.S)
	}

	trigger := created
	triggered := false
	acknowledged := false
	var resolved time.Time
	for _, e := range es {
		ev := rca.Event{At: e.at, Kind: rca.Note, Text: e.summary.S, Source: e.agentSummary.S, Internal: true}
		switch e.typ.S {
		case "trigger_log_entry":
			if triggered {
				break
			}
			triggered, trigger = true, e.at
			text := e.summary.S
			if e.channelText.S != "" {
				text += ": " + e.channelText.S
			}
			ev = rca.Event{At: e.at, Kind: rca.Detected, Text: text, Source: e.agentSummary.S}
			inc.Analysis.Detection = detection(e)
		case "acknowledge_log_entry":
			if !acknowledged {
				ev.Kind, acknowledged = rca.Acknowledged, true
			}
		case "resolve_log_entry":
			if resolved.IsZero() {
				resolved = e.at
				if e.note.S != "" {
					// A responder's words, like an annotation: internal,
					// while the resolution itself is public.
					inc.Timeline = append(inc.Timeline, rca.Event{At: e.at, Kind: rca.Note, Text: "Resolution note: " + e.note.S, Source: e.agentSummary.S, Internal: true})
				}
				ev = rca.Event{At: e.at, Kind: rca.Resolved, Text: "Resolved in PagerDuty.", Source: eventSource}
			}
		case "annotate_log_entry":
			if e.channelText.S != "" {
				ev.Text = "Note: " + e.channelText.S
			}
		case "notify_log_entry":
			continue // who was paged how: the acknowledgement is what counts
		}
		if ev.Text == "" {
			ev.Text = strings.ReplaceAll(strings.TrimSuffix(e.typ.S, "_log_entry"), "_", " ")
		}
		inc.Timeline = append(inc.Timeline, ev)
	}
	if trigger.IsZero() {
		c.add(raw.createdAt, "created_at", "missing, and no trigger log entry says when the incident started")
		return nil
	}
	if !triggered {
		inc.Timeline = append(inc.Timeline, rca.Event{At: trigger, Kind: rca.Detected, Text: "Triggered (created_at).", Source: eventSource})
	}
	if resolved.IsZero() && status == rca.StatusResolved {
		switch {
		case !resolvedAt.IsZero():
			resolved = resolvedAt
		case !lastChange.IsZero():
			resolved = lastChange
		default:
			c.add(raw.status, "status", "resolved, but no resolve log entry, resolved_at or last_status_change_at says when")
			return nil
		}
		inc.Timeline = append(inc.Timeline, rca.Event{At: resolved, Kind: rca.Resolved, Text: "Resolved in PagerDuty.", Source: eventSource})
	}
	inc.Timeline = append(inc.Timeline, rca.Event{At: trigger, Kind: rca.Started, Approximate: true, Source: eventSource,
		Text: "Impact began at or before the alert: PagerDuty records no earlier instant."})
	slices.SortStableFunc(inc.Timeline, func(a, b rca.Event) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return boolInt(a.Kind != rca.Started) - boolInt(b.Kind != rca.Started)
	})

	level := c.opts.Level
	if level == rca.Operational {
		level = rca.MajorOutage
	}
	imp := rca.Impact{Component: raw.service.S, Level: level, Start: trigger, End: resolved, Approximate: true,
		Note: fmt.Sprintf("PagerDuty records no impact level: %s is the level the import was given, from the alert until the incident was resolved.", level)}
	if !resolved.IsZero() && !resolved.After(trigger) {
		c.r.Problem(raw.off, raw.path, fmt.Sprintf("resolved at %s, not after it was triggered at %s: no impact to import",
			resolved.Format(time.RFC3339Nano), trigger.Format(time.RFC3339Nano)))
		return nil
	}
	inc.Impacts = []rca.Impact{imp}
	if verr, ok := inc.Validate().(*rca.ValidationError); ok {
		for _, p := range verr.Problems {
			msg := p.Msg
			if p.Path != "" {
				msg = p.Path + ": " + msg
			}
			c.r.Problem(raw.off, raw.path, "the imported incident is invalid: "+msg)
		}
		return nil
	}
	return inc
}

// later reports whether the RFC 3339 instant a is after b; a text that
// does not parse is never later.
func later(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339Nano, a)
	tb, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && (errB != nil || ta.After(tb))
}

// detection says how a trigger noticed the problem: an integration or a
// service is monitoring, a user an employee.
func detection(e entry) rca.Detection {
	d := rca.Detection{By: e.agentSummary.S}
	switch e.agentType.S {
	case "user_reference", "user":
		d.Method = rca.ByEmployee
	case "service_reference", "integration_reference", "generic_email_inbound_integration_reference",
		"generic_events_api_inbound_integration_reference", "events_api_v2_inbound_integration_reference":
		d.Method = rca.ByMonitoring
	}
	return d
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
