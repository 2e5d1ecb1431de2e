package rca

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

// StatuspageOpts are the options of ImportStatuspage.
//
// StatuspageOpts is a plain value: safe for concurrent use.
type StatuspageOpts struct {
	// Zone is the zone given to the imported incidents (their Zone field,
	// used to display times and to write them back); nil means UTC.
	// Instants keep their exact value (to the millisecond) whatever the zone.
	Zone *time.Location
}

// The schema of an Atlassian Statuspage export (GET /api/v2/incidents.json).
// Only the fields the import reads are declared; the others are ignored.
type spIncident struct {
	ID              string              `json:"id"`
	Name            string              `json:"name"`
	Status          string              `json:"status"`
	Impact          string              `json:"impact"`
	CreatedAt       string              `json:"created_at"`
	StartedAt       string              `json:"started_at"`
	MonitoringAt    string              `json:"monitoring_at"`
	ResolvedAt      string              `json:"resolved_at"`
	Shortlink       string              `json:"shortlink"`
	IncidentUpdates []json.RawMessage   `json:"incident_updates"`
	Components      []spIncidentElement `json:"components"`
}

type spIncidentElement struct {
	Name string `json:"name"`
}

type spUpdate struct {
	Status             string        `json:"status"`
	Body               string        `json:"body"`
	CreatedAt          string        `json:"created_at"`
	DisplayAt          string        `json:"display_at"`
	AffectedComponents []spAffecting `json:"affected_components"`
}

type spAffecting struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// ImportStatuspage converts an Atlassian Statuspage incidents export (the
// JSON of GET /api/v2/incidents.json: {"incidents": [...]}) into incidents,
// in the order of the export. name is the file name used in problems.
//
// For each Statuspage incident:
//   - id, name, impact and status become ID, Title, Severity and Status
//     (scheduled-maintenance statuses: "completed" is resolved, the others
//     investigating); the shortlink goes to Notes;
//   - every incident update, taken oldest first (by display_at, else
//     created_at; the export lists them newest first), becomes a
//     Communication on the status page and a timeline event whose kind
//     follows its status: identified → Identified, monitoring → Mitigated,
//     the first resolved → Resolved, anything else → PublicUpdate (an
//     update without a body gets the text "(status S, no text)");
//   - a Started event is added at started_at (created_at when absent, or
//     the first update's instant when that is earlier); when
//     monitoring_at or resolved_at have no update of that status, Mitigated
//     and Resolved events are added at them;
//   - the affected_components of each update become component changes
//     (to new_status) at its event, except those of the first update, which
//     take effect when the incident started: the first transition starts the
//     impact at started_at. Components are named by their name. At
//     resolution, components still impacted return to operational.
//
// Impacts are then derived from the changes (see DerivedImpacts): an
// unresolved incident has ongoing impacts, measured up to MetricsOpts.AsOf.
// Instants keep their milliseconds.
//
// Problems are returned together as a *ValidationError, each named by its
// JSON path ("incidents[0].incident_updates[2].created_at") and, where
// known, its line and column. The incidents that imported without a
// problem are returned even then; an incident with a problem is left out.
func ImportStatuspage(name string, data []byte, opts StatuspageOpts) ([]*Incident, error) {
	l := &problem.List{File: name}
	raws, offsets := splitIncidents(data, l, name)
	var out []*Incident
	for i, raw := range raws {
		sp := spReader{l: l, file: name, data: data, base: offsets[i], path: problem.Index("incidents", i), zone: opts.Zone}
		if inc := sp.incident(raw); inc != nil {
			out = append(out, inc)
		}
	}
	return out, l.Err()
}

// splitIncidents reads the top-level object and returns the raw incidents
// with the offsets where they start in data.
func splitIncidents(data []byte, l *problem.List, file string) ([]json.RawMessage, []int64) {
	// syntax reports a JSON syntax error. The offsets of a Decoder's
	// errors depend on its buffering, so the position comes from checking
	// the whole document again, which reports the offset just after the
	// offending byte.
	syntax := func(err error, off int64) {
		var se *json.SyntaxError
		if errors.As(json.Unmarshal(data, new(json.RawMessage)), &se) {
			err, off = se, se.Offset-1
		}
		line, col := fileformat.Position(data, int(off))
		msg := "not a Statuspage export: " + err.Error()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input") {
			msg = "not a Statuspage export: unexpected end of the JSON"
		}
		l.AddProblem(problem.Problem{File: file, Line: line, Column: col, Msg: msg})
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		syntax(err, dec.InputOffset())
		return nil, nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		line, col := fileformat.Position(data, int(skipSpace(data, 0)))
		l.AddProblem(problem.Problem{File: file, Line: line, Column: col, Msg: `not a Statuspage export: want an object with "incidents"`})
		return nil, nil
	}
	var raws []json.RawMessage
	var offsets []int64
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			syntax(err, dec.InputOffset())
			return nil, nil
		}
		key, _ := tok.(string)
		if key != "incidents" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				syntax(err, dec.InputOffset())
				return nil, nil
			}
			continue
		}
		found = true
		valOff := skipSpace(data, dec.InputOffset())
		tok, err = dec.Token()
		if err != nil {
			syntax(err, dec.InputOffset())
			return nil, nil
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			line, col := fileformat.Position(data, int(valOff))
			l.AddProblem(problem.Problem{File: file, Line: line, Column: col, Path: "incidents", Msg: "want a list of incidents"})
			return nil, nil
		}
		for dec.More() {
			off := skipSpace(data, dec.InputOffset())
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				syntax(err, dec.InputOffset())
				return nil, nil
			}
			raws = append(raws, raw)
			offsets = append(offsets, off)
		}
		if _, err := dec.Token(); err != nil { // the closing ']'
			syntax(err, dec.InputOffset())
			return nil, nil
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		syntax(err, dec.InputOffset())
		return nil, nil
	}
	end := skipSpace(data, dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		line, col := fileformat.Position(data, int(end))
		l.AddProblem(problem.Problem{File: file, Line: line, Column: col, Msg: "not a Statuspage export: data after the top-level object"})
		return nil, nil
	}
	if !found {
		l.AddProblem(problem.Problem{File: file, Line: 1, Column: 1, Path: "incidents", Msg: "missing (want a Statuspage /api/v2/incidents.json export)"})
	}
	return raws, offsets
}

// skipSpace returns the offset of the first byte at or after off that is
// neither JSON white space nor a comma.
func skipSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// spReader converts one Statuspage incident, collecting its problems.
type spReader struct {
	l    *problem.List
	file string
	data []byte
	base int64 // offset of the incident in data
	path string
	zone *time.Location
	bad  bool
}

// add records a problem at a path inside the incident, at offset off of
// the incident's raw JSON (-1 for the incident's own position).
func (r *spReader) add(path string, off int64, msg string) {
	if off < 0 {
		off = 0
	}
	line, col := fileformat.Position(r.data, int(r.base+off))
	r.l.AddProblem(problem.Problem{File: r.file, Line: line, Column: col, Path: path, Msg: msg})
	r.bad = true
}

// decode unmarshals raw into v, reporting a problem at path on error.
func (r *spReader) decode(raw json.RawMessage, rawOff int64, v any, path string) bool {
	err := json.Unmarshal(raw, v)
	if err == nil {
		return true
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := path
		if te.Field != "" {
			p = problem.Join(path, te.Field)
		}
		r.add(p, rawOff+te.Offset, fmt.Sprintf("want %s, not a JSON %s", jsonKind(te.Type.String()), te.Value))
		return false
	}
	r.add(path, rawOff, err.Error())
	return false
}

func jsonKind(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	}
	return "an object"
}

// instant parses a Statuspage timestamp (RFC 3339, usually with
// milliseconds); empty text is the zero time.
func (r *spReader) instant(s, path string, off int64) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		r.add(path, off, fmt.Sprintf("%q is not an RFC 3339 timestamp", s))
		return time.Time{}
	}
	if r.zone != nil {
		return t.In(r.zone)
	}
	return t.UTC()
}

// spEvent is an incident update, read and located.
type spEvent struct {
	at      time.Time
	status  string
	body    string
	changes []Change
}

var spStatuses = map[string]Status{
	"investigating": Investigating,
	"identified":    StatusIdentified,
	"monitoring":    Monitoring,
	"resolved":      StatusResolved,
	"postmortem":    Postmortem,
	"scheduled":     Investigating,
	"in_progress":   Investigating,
	"verifying":     Investigating,
	"completed":     StatusResolved,
}

func (r *spReader) incident(raw json.RawMessage) *Incident {
	var sp spIncident
	if !r.decode(raw, 0, &sp, r.path) {
		return nil
	}
	at := func(field string) string { return problem.Join(r.path, field) }
	if strings.TrimSpace(sp.ID) == "" {
		r.add(at("id"), -1, "missing")
	}
	if strings.TrimSpace(sp.Name) == "" {
		r.add(at("name"), -1, "missing")
	}
	status, ok := spStatuses[sp.Status]
	if !ok {
		r.add(at("status"), -1, fmt.Sprintf("unknown incident status %q", sp.Status))
	}
	created := r.instant(sp.CreatedAt, at("created_at"), -1)
	started := r.instant(sp.StartedAt, at("started_at"), -1)
	monitoring := r.instant(sp.MonitoringAt, at("monitoring_at"), -1)
	resolved := r.instant(sp.ResolvedAt, at("resolved_at"), -1)

	var ups []spEvent
	for j, rawUp := range sp.IncidentUpdates {
		if u, ok := r.update(rawUp, j); ok {
			ups = append(ups, u)
		}
	}
	if r.bad {
		return nil
	}
	// Oldest first; updates at the same instant keep the reverse of the
	// export's order (which is newest first).
	slices.Reverse(ups)
	slices.SortStableFunc(ups, func(a, b spEvent) int { return a.at.Compare(b.at) })

	inc := &Incident{
		ID:       sp.ID,
		Title:    sp.Name,
		Severity: sp.Impact,
		Status:   status,
		Zone:     r.zone,
	}
	if sp.Shortlink != "" {
		inc.Notes = append(inc.Notes, "Imported from Statuspage: "+sp.Shortlink)
	}
	for _, c := range sp.Components {
		inc.Components = appendNew(inc.Components, c.Name)
	}
	for _, u := range ups {
		for _, ch := range u.changes {
			inc.Components = appendNew(inc.Components, ch.Component)
		}
	}

	start := started
	if start.IsZero() {
		start = created
	}
	if len(ups) > 0 && (start.IsZero() || ups[0].at.Before(start)) {
		start = ups[0].at
	}
	if !start.IsZero() {
		ev := Event{At: start, Kind: Started, Text: "Incident started.", Source: "statuspage"}
		if len(ups) > 0 {
			ev.Changes, ups[0].changes = ups[0].changes, nil
		}
		inc.Timeline = append(inc.Timeline, ev)
	}

	levels := map[string]Level{} // each component's status so far
	for _, ev := range inc.Timeline {
		for _, c := range ev.Changes {
			levels[c.Component] = c.Status
		}
	}
	sawMitigated, sawResolved := false, false
	for _, u := range ups {
		kind := PublicUpdate
		switch u.status {
		case "identified":
			kind = Identified
		case "monitoring":
			kind, sawMitigated = Mitigated, true
		case "resolved", "completed":
			if !sawResolved {
				kind, sawResolved = Resolved, true
			}
		}
		for _, c := range u.changes {
			levels[c.Component] = c.Status
		}
		ev := Event{At: u.at, Kind: kind, Text: u.body, Source: "statuspage", Changes: u.changes}
		if kind == Resolved {
			ev.Changes = closeImpacts(ev.Changes, levels)
		}
		inc.Timeline = append(inc.Timeline, ev)
		text := u.body
		if strings.TrimSpace(text) == "" {
			text = "(status " + u.status + ", no text)"
		}
		inc.Communications = append(inc.Communications, Communication{At: u.at, Channel: StatusPage, Text: text, URL: sp.Shortlink})
	}
	if !monitoring.IsZero() && !sawMitigated {
		inc.Timeline = append(inc.Timeline, Event{At: monitoring, Kind: Mitigated, Text: "Monitoring.", Source: "statuspage"})
	}
	if !resolved.IsZero() && !sawResolved {
		inc.Timeline = append(inc.Timeline, Event{At: resolved, Kind: Resolved, Text: "Resolved.", Source: "statuspage",
			Changes: closeImpacts(nil, levels)})
	}
	slices.SortStableFunc(inc.Timeline, func(a, b Event) int { return a.At.Compare(b.At) })

	for _, p := range inc.problems() {
		switch p.Path {
		case "id", "title":
			continue // reported above, with the export's field names
		}
		r.add(r.path, -1, fmt.Sprintf("the imported incident is invalid: %s: %s", p.Path, p.Msg))
	}
	if r.bad {
		return nil
	}
	return inc
}

// update reads incident_updates[j].
func (r *spReader) update(raw json.RawMessage, j int) (spEvent, bool) {
	path := problem.Index(problem.Join(r.path, "incident_updates"), j)
	off := rawOffset(r.data[r.base:], raw)
	var su spUpdate
	if !r.decode(raw, off, &su, path) {
		return spEvent{}, false
	}
	at := func(field string) string { return problem.Join(path, field) }
	u := spEvent{status: su.Status, body: su.Body}
	if _, ok := spStatuses[su.Status]; !ok {
		r.add(at("status"), off, fmt.Sprintf("unknown update status %q", su.Status))
	}
	u.at = r.instant(su.DisplayAt, at("display_at"), off)
	if u.at.IsZero() {
		u.at = r.instant(su.CreatedAt, at("created_at"), off)
	} else {
		r.instant(su.CreatedAt, at("created_at"), off)
	}
	if u.at.IsZero() && su.CreatedAt == "" {
		r.add(at("created_at"), off, "missing")
	}
	for k, ac := range su.AffectedComponents {
		ap := problem.Index(at("affected_components"), k)
		name := ac.Name
		if name == "" {
			name = ac.Code
		}
		if name == "" {
			r.add(problem.Join(ap, "name"), off, "missing")
			continue
		}
		lv, err := ParseLevel(ac.NewStatus)
		if err != nil || ac.NewStatus != lv.String() {
			r.add(problem.Join(ap, "new_status"), off, fmt.Sprintf("unknown component status %q", ac.NewStatus))
			continue
		}
		u.changes = append(u.changes, Change{Component: name, Status: lv})
	}
	return u, true
}

// rawOffset returns where raw starts inside data, or 0 when it cannot be
// found (json.RawMessage copies are byte-identical to the source).
func rawOffset(data, raw []byte) int64 {
	if i := bytes.Index(data, raw); i >= 0 {
		return int64(i)
	}
	return 0
}

// closeImpacts appends to changes a change to operational for every
// component still impacted according to levels.
func closeImpacts(changes []Change, levels map[string]Level) []Change {
	var names []string
	for name, lv := range levels {
		if lv != Operational {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		changes = append(changes, Change{Component: name, Status: Operational})
		levels[name] = Operational
	}
	return changes
}

func appendNew(list []string, name string) []string {
	if name == "" || slices.Contains(list, name) {
		return list
	}
	return append(list, name)
}
