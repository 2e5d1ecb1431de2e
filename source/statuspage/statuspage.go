package statuspage

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/enum"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/internal/jsonsrc"
)

// ImpactStart says when a component's impact starts.
//
// ImpactStart is a plain value: safe for concurrent use.
type ImpactStart uint8

// The choices; names on the command line: "started", "update".
const (
	// FromIncidentStart: each component's first impact starts when the
	// incident started (started_at): the incident was about that impact
	// from its start. Later changes take effect at the updates that show
	// them.
	FromIncidentStart ImpactStart = iota
	// FromUpdate: every change takes effect at the first update that shows
	// it, as Statuspage's own uptime bars count from the status change.
	FromUpdate
)

var impactStartNames = enum.Names[ImpactStart]{"started", "update"}

// ParseImpactStart returns the choice with the given name.
func ParseImpactStart(s string) (ImpactStart, error) { return impactStartNames.Parse(s) }

func (s ImpactStart) String() string { return impactStartNames.String(s) }

// Opts are the options of Import.
//
// Opts is a plain value: safe for concurrent use.
type Opts struct {
	// Zone is the zone given to the imported incidents (their Zone field,
	// used to display times and to write them back); nil means UTC.
	// Instants keep their exact value (to the millisecond) whatever the
	// zone.
	Zone *time.Location

	// Component names the component an incident impacts when the export
	// gives it neither components nor component statuses (see "Incidents
	// without component statuses"); empty means the page's name, as the
	// export gives it.
	Component string

	// ImpactStart says when a component's impact starts; the zero value is
	// FromIncidentStart.
	ImpactStart ImpactStart
}

// Result is what Import read.
//
// Result is safe for concurrent use as long as no goroutine modifies it.
type Result struct {
	// Incidents are the incidents imported without a problem, in the
	// order of the files and of the incidents in each.
	Incidents []*rca.Incident
	// Duplicates counts the copies of incidents left out because another
	// copy with the same id was kept (see Import).
	Duplicates int
}

// Import converts Statuspage exports into incidents. Each file is the JSON
// of the public API's /api/v2/incidents.json (or unresolved.json), an
// object with one "incident", or the management API's list of incidents or
// one incident. Several files (the pages of the API) make one run: an
// incident given more than once is imported once, from the copy updated
// last (updated_at; the first of equals), and counted in
// Result.Duplicates.
//
// Problems are returned together as a *rca.ValidationError, each with its
// file, line, column and JSON path. The incidents that imported without a
// problem are returned even then; an incident with a problem is left out,
// and a file that is not JSON gives no incident.
func Import(opts Opts, files ...source.File) (Result, error) {
	var res Result
	var probs problem.List
	type kept struct {
		at      int       // index in res.Incidents
		updated time.Time // its updated_at
	}
	seen := map[string]kept{}
	for _, f := range files {
		r := jsonsrc.NewReader(f.Name, f.Data)
		raws := readExport(r)
		c := converter{r: r, opts: opts}
		for _, raw := range raws {
			inc, updated := c.incident(raw)
			if inc == nil {
				continue
			}
			if k, dup := seen[inc.ID]; dup {
				res.Duplicates++
				if updated.After(k.updated) {
					res.Incidents[k.at] = inc
					seen[inc.ID] = kept{k.at, updated}
				}
				continue
			}
			seen[inc.ID] = kept{len(res.Incidents), updated}
			res.Incidents = append(res.Incidents, inc)
		}
		for _, p := range r.Problems() {
			probs.AddProblem(p)
		}
	}
	return res, probs.Err()
}

// The incident statuses Statuspage uses, incidents' and scheduled
// maintenances'.
var statuses = map[string]rca.Status{
	"investigating": rca.Investigating,
	"identified":    rca.StatusIdentified,
	"monitoring":    rca.Monitoring,
	"resolved":      rca.StatusResolved,
	"postmortem":    rca.Postmortem,
	"scheduled":     rca.Investigating,
	"in_progress":   rca.Investigating,
	"verifying":     rca.Monitoring,
	"completed":     rca.StatusResolved,
}

// levels are the component statuses by their exact names in exports.
var levels = func() map[string]rca.Level {
	m := make(map[string]rca.Level, rca.NumLevels)
	for lv := range rca.Level(rca.NumLevels) {
		m[lv.String()] = lv
	}
	return m
}()

// impactLevels maps an incident's impact to the level of the impact
// imported when the export gives no component status. Statuspage computes
// an incident's impact from its components' statuses (degraded performance
// is minor, partial outage major, major outage critical); this is the
// reverse, and "none" (no component was marked) is the mildest impact.
var impactLevels = map[string]rca.Level{
	"none":        rca.DegradedPerformance,
	"minor":       rca.DegradedPerformance,
	"major":       rca.PartialOutage,
	"critical":    rca.MajorOutage,
	"maintenance": rca.UnderMaintenance,
}

// converter turns the incidents of one file into rca incidents.
type converter struct {
	r    *jsonsrc.Reader
	opts Opts
}

// update is an incident update, checked.
type update struct {
	raw     *rawUpdate
	at      time.Time
	changes []change
}

// change is one component status an update shows.
type change struct {
	component string
	old       rca.Level
	oldKnown  bool // old_status was given
	new       rca.Level
}

// incident converts one incident; nil when it has a problem. It also
// returns when the incident was last updated, for deduplication.
func (c *converter) incident(raw *rawIncident) (*rca.Incident, time.Time) {
	if raw.bad || c.r.Failed() {
		return nil, time.Time{}
	}
	bad := false
	add := func(t jsonsrc.Text, field, msg string) {
		off := t.Off
		if off == 0 {
			off = raw.off
		}
		c.r.Problem(off, problem.Join(raw.path, field), msg)
		bad = true
	}
	if strings.TrimSpace(raw.id.S) == "" {
		add(raw.id, "id", "missing")
	}
	if strings.TrimSpace(raw.name.S) == "" {
		add(raw.name, "name", "missing")
	}
	status, ok := statuses[raw.status.S]
	if !ok {
		add(raw.status, "status", fmt.Sprintf("unknown incident status %s", jsonsrc.Quote(raw.status.S)))
	}
	instant := func(t jsonsrc.Text, field string) time.Time {
		v, ok := c.instant(t.S)
		if !ok {
			add(t, field, notRFC3339(t.S))
		}
		return v
	}
	created := instant(raw.createdAt, "created_at")
	started := instant(raw.startedAt, "started_at")
	monitoring := instant(raw.monitoringAt, "monitoring_at")
	resolvedAt := instant(raw.resolvedAt, "resolved_at")
	updated := instant(raw.updatedAt, "updated_at")

	names := make(map[string]string, len(raw.components)) // component names by id
	for _, comp := range raw.components {
		if comp.id != "" {
			names[comp.id] = comp.name
		}
	}
	ups := make([]update, 0, len(raw.updates))
	for i := range raw.updates {
		u, ok := c.update(raw, &raw.updates[i], names)
		if !ok {
			bad = true
			continue
		}
		ups = append(ups, u)
	}
	if bad {
		return nil, time.Time{}
	}
	// Oldest first. The export lists updates newest first, so updates at
	// the same instant keep the reverse of its order.
	slices.Reverse(ups)
	slices.SortStableFunc(ups, func(a, b update) int { return a.at.Compare(b.at) })

	b := builder{c: c, raw: raw, inc: &rca.Incident{
		ID:       raw.id.S,
		Title:    raw.name.S,
		Severity: raw.impact.S,
		Status:   status,
		Zone:     c.opts.Zone,
	}}
	if raw.shortlink.S != "" {
		b.inc.Notes = append(b.inc.Notes, "Imported from Statuspage: "+raw.shortlink.S)
	}
	start := started
	if start.IsZero() {
		start = created
	}
	if len(ups) > 0 && (start.IsZero() || ups[0].at.Before(start)) {
		start = ups[0].at
	}
	if start.IsZero() {
		c.r.Problem(raw.off, problem.Join(raw.path, "started_at"), "missing, and so are created_at and the updates' times: the incident has no start")
		return nil, time.Time{}
	}
	if !b.build(start, monitoring, resolvedAt, ups) {
		return nil, time.Time{}
	}
	for _, p := range validationProblems(b.inc) {
		c.r.Problem(raw.off, raw.path, "the imported incident is invalid: "+p)
		bad = true
	}
	if bad {
		return nil, time.Time{}
	}
	return b.inc, updated
}

// instant parses a Statuspage timestamp (RFC 3339, usually with
// milliseconds) and shows it in the import's zone; "" is the zero time.
func (c *converter) instant(s string) (time.Time, bool) {
	return jsonsrc.ParseInstant(s, c.opts.Zone)
}

// notRFC3339 is the problem of a timestamp that does not parse.
func notRFC3339(s string) string {
	return fmt.Sprintf("%s is not an RFC 3339 timestamp", jsonsrc.Quote(s))
}

// update checks one update. A component is named as the incident's
// components list names its code (pages rename components; the list has
// the current name), else by the update's name for it, else by its code.
// Paths are built only for problems.
func (c *converter) update(raw *rawIncident, ru *rawUpdate, names map[string]string) (update, bool) {
	good := true
	add := func(t jsonsrc.Text, msg string, field ...any) {
		off := t.Off
		if off == 0 {
			off = ru.off
		}
		path := problem.Join(raw.path, problem.Index("incident_updates", ru.index))
		for _, f := range field {
			switch f := f.(type) {
			case int:
				path = problem.Index(path, f)
			case string:
				path = problem.Join(path, f)
			}
		}
		c.r.Problem(off, path, msg)
		good = false
	}
	u := update{raw: ru}
	if _, ok := statuses[ru.status.S]; !ok {
		add(ru.status, fmt.Sprintf("unknown update status %s", jsonsrc.Quote(ru.status.S)), "status")
	}
	display, ok := c.instant(ru.displayAt.S)
	if !ok {
		add(ru.displayAt, notRFC3339(ru.displayAt.S), "display_at")
	}
	created, ok := c.instant(ru.createdAt.S)
	if !ok {
		add(ru.createdAt, notRFC3339(ru.createdAt.S), "created_at")
	}
	u.at = display
	if u.at.IsZero() {
		u.at = created
	}
	if ru.createdAt.S == "" && ru.displayAt.S == "" {
		add(ru.createdAt, "missing", "created_at")
	}
	for k, a := range ru.affected {
		name := names[a.code.S]
		if name == "" {
			name = a.name.S
		}
		if name == "" {
			name = a.code.S
		}
		if name == "" {
			add(jsonsrc.Text{Off: a.off}, "missing", "affected_components", k, "name")
			continue
		}
		ch := change{component: name}
		level := func(t jsonsrc.Text, field string) (rca.Level, bool) {
			lv, ok := levels[t.S]
			if !ok {
				add(t, fmt.Sprintf("unknown component status %s", jsonsrc.Quote(t.S)), "affected_components", k, field)
			}
			return lv, ok
		}
		var newOK, oldOK bool
		ch.new, newOK = level(a.new, "new_status")
		ch.old, oldOK = rca.Operational, true
		if a.old.S != "" {
			ch.old, oldOK = level(a.old, "old_status")
			ch.oldKnown = true
		}
		if newOK && oldOK {
			u.changes = append(u.changes, ch)
		}
	}
	return u, good
}

// validationProblems returns rca's validation problems of inc as "path:
// message" texts.
func validationProblems(inc *rca.Incident) []string {
	verr, ok := inc.Validate().(*rca.ValidationError)
	if !ok {
		return nil
	}
	out := make([]string, len(verr.Problems))
	for i, p := range verr.Problems {
		out[i] = p.Msg
		if p.Path != "" {
			out[i] = p.Path + ": " + p.Msg
		}
	}
	return out
}
