package statuspage

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source/internal/jsonsrc"
)

// eventSource is the Source of every event the import writes.
const eventSource = "statuspage"

// builder assembles one incident from its checked updates.
type builder struct {
	c   *converter
	raw *rawIncident
	inc *rca.Incident

	comps map[string]bool // components listed so far
	// levels is each component's status as the updates show it so far;
	// impacted marks the components that had an impact already.
	levels   map[string]rca.Level
	impacted map[string]bool
}

// build writes the timeline, communications, components and impacts of the
// incident that started at start. It reports false after recording a
// problem.
func (b *builder) build(start, monitoring, resolvedAt time.Time, ups []update) bool {
	b.comps = map[string]bool{}
	b.levels = map[string]rca.Level{}
	b.impacted = map[string]bool{}
	for _, c := range b.raw.components {
		b.component(c.name)
	}
	for _, u := range ups {
		for _, ch := range u.changes {
			b.component(ch.component)
		}
	}

	started := rca.Event{At: start, Kind: rca.Started, Text: "Incident started.", Source: eventSource}
	var events []rca.Event
	resolvedSeen, mitigatedSeen, identifiedSeen := false, false, false
	var resolution time.Time
	for _, u := range ups {
		kind := rca.EventKind(0)
		switch u.raw.status.S {
		case "identified":
			if !identifiedSeen {
				kind, identifiedSeen = rca.Identified, true
			}
		case "monitoring", "verifying":
			if !mitigatedSeen && !resolvedSeen {
				kind, mitigatedSeen = rca.Mitigated, true
			}
		case "resolved", "completed", "postmortem":
			if !resolvedSeen {
				kind, resolvedSeen, resolution = rca.Resolved, true, u.at
			}
		}
		var changes, earlier []rca.Change
		if !resolvedSeen || kind == rca.Resolved {
			changes, earlier = b.apply(u, &started)
		}
		if kind == rca.Resolved {
			changes = b.close(changes)
		}
		if len(earlier) > 0 {
			events = append(events, rca.Event{At: u.at, Kind: rca.Note, Source: eventSource, Approximate: true, Changes: earlier,
				Text: "The status page shows a status no update recorded the change to: it changed before this update."})
		}
		if kind != 0 || len(changes) > 0 {
			if kind == 0 {
				kind = rca.Note
			}
			events = append(events, rca.Event{At: u.at, Kind: kind, Source: eventSource, Changes: changes,
				Text: "Status page: " + strings.ReplaceAll(u.raw.status.S, "_", " ") + "."})
		}
		body := PlainText(u.raw.body.S)
		if body == "" {
			body = "(status " + u.raw.status.S + ", no text)"
		}
		b.inc.Communications = append(b.inc.Communications, rca.Communication{At: u.at, Channel: rca.StatusPage, Text: body, URL: b.raw.shortlink.S})
	}
	if !monitoring.IsZero() && !mitigatedSeen && (resolution.IsZero() || !monitoring.After(resolution)) {
		events = append(events, rca.Event{At: monitoring, Kind: rca.Mitigated, Text: "Monitoring (monitoring_at).", Source: eventSource})
	}
	if !resolvedSeen && !resolvedAt.IsZero() {
		resolution = resolvedAt
		events = append(events, rca.Event{At: resolvedAt, Kind: rca.Resolved, Text: "Resolved (resolved_at).", Source: eventSource,
			Changes: b.close(nil)})
	}
	events = append([]rca.Event{started}, events...)
	slices.SortStableFunc(events, func(x, y rca.Event) int { return x.At.Compare(y.At) })
	b.inc.Timeline = events

	if len(b.impacted) == 0 {
		return b.derive(start, resolution)
	}
	return true
}

// component lists a component of the incident once.
func (b *builder) component(name string) {
	if !b.comps[name] {
		b.comps[name] = true
		b.inc.Components = append(b.inc.Components, name)
	}
}

// apply applies the component statuses an update shows and returns the
// changes they make at the update: statuses that repeat what is known
// make none. Under FromIncidentStart a component's first impact goes to the
// started event instead. A status the update shows without recording the
// transition (old_status is already the new status, and differs from what
// was known) changed at some time before the update: those changes are
// returned apart, as earlier.
func (b *builder) apply(u update, started *rca.Event) (changes, earlier []rca.Change) {
	for _, ch := range u.changes {
		cur := b.levels[ch.component]
		if ch.new == cur {
			continue
		}
		b.levels[ch.component] = ch.new
		c := rca.Change{Component: ch.component, Status: ch.new}
		first := ch.new != rca.Operational && !b.impacted[ch.component]
		if ch.new != rca.Operational {
			b.impacted[ch.component] = true
		}
		switch {
		case first && b.c.opts.ImpactStart == FromIncidentStart:
			started.Changes = append(started.Changes, c)
		case ch.oldKnown && ch.old == ch.new:
			earlier = append(earlier, c)
		default:
			changes = append(changes, c)
		}
	}
	return changes, earlier
}

// close appends to changes a return to operational for every component
// still impacted, in order of name.
func (b *builder) close(changes []rca.Change) []rca.Change {
	changed := make(map[string]bool, len(changes))
	for _, c := range changes {
		changed[c.Component] = true
	}
	var names []string
	for name, lv := range b.levels {
		if lv != rca.Operational && !changed[name] {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		changes = append(changes, rca.Change{Component: name, Status: rca.Operational})
		b.levels[name] = rca.Operational
	}
	return changes
}

// derive gives an incident whose export shows no component impact the
// impact its incident-level impact says, on its components, or else on the
// component Opts names or the page. The impact lasts from start to the
// resolution (ongoing without one) and its note says it is derived.
func (b *builder) derive(start, resolution time.Time) bool {
	level, ok := impactLevels[b.raw.impact.S]
	if !ok {
		c := b.c
		c.r.Problem(b.fieldOff(b.raw.impact), problem.Join(b.raw.path, "impact"),
			fmt.Sprintf("%s is not a Statuspage impact (none, minor, major, critical), and no update gives a component status: the incident has no impact to import", jsonsrc.Quote(b.raw.impact.S)))
		return false
	}
	comps := slices.Clone(b.inc.Components)
	if len(comps) == 0 {
		name := b.c.opts.Component
		if name == "" {
			name = b.raw.pageName
		}
		if name == "" {
			b.c.r.Problem(b.raw.off, problem.Join(b.raw.path, "components"),
				"none, no update gives a component status, and the export names no page: name the component the incident impacts (-component)")
			return false
		}
		comps = []string{name}
		b.component(name)
	}
	note := fmt.Sprintf("Derived from the incident's impact %q: the Statuspage export gives no component status "+
		"(none and minor are degraded_performance, major partial_outage, critical major_outage).", b.raw.impact.S)
	if !resolution.IsZero() && !resolution.After(start) {
		// A span of no length cannot be listed as an impact: it goes on
		// the timeline, where the note is the started event's text.
		for i := range b.inc.Timeline {
			ev := &b.inc.Timeline[i]
			for _, name := range comps {
				switch ev.Kind {
				case rca.Started:
					ev.Changes = append(ev.Changes, rca.Change{Component: name, Status: level})
					ev.Text = note
				case rca.Resolved:
					ev.Changes = append(ev.Changes, rca.Change{Component: name, Status: rca.Operational})
				}
			}
		}
		return true
	}
	for _, name := range comps {
		b.inc.Impacts = append(b.inc.Impacts, rca.Impact{Component: name, Level: level, Start: start, End: resolution, Note: note})
	}
	return true
}

// fieldOff returns where a field's value is, or the incident's start when
// the export does not give the field.
func (b *builder) fieldOff(t jsonsrc.Text) int64 {
	if t.Off == 0 {
		return b.raw.off
	}
	return t.Off
}
