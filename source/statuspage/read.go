package statuspage

import (
	"github.com/outagekit/postmortem/source/internal/jsonsrc"
)

// rawIncident is an incident as the export writes it: the fields the
// import reads, each with where it is.
type rawIncident struct {
	off  int64  // where the incident's object starts
	path string // "incidents[3]", "incident" or "[3]"

	id, name, status, impact, shortlink jsonsrc.Text
	createdAt, startedAt                jsonsrc.Text
	monitoringAt, resolvedAt, updatedAt jsonsrc.Text

	components []component
	updates    []rawUpdate

	pageName string // the export's page name, if it gives one
	bad      bool   // a field had the wrong JSON type
}

// component is one of an incident's components.
type component struct{ id, name string }

// rawUpdate is one element of incident_updates.
type rawUpdate struct {
	off                  int64
	index                int
	status, body         jsonsrc.Text
	createdAt, displayAt jsonsrc.Text
	affected             []rawAffected
}

// rawAffected is one element of an update's affected_components.
type rawAffected struct {
	off                  int64
	name, code, old, new jsonsrc.Text
}

// readExport reads one export file: {"page": ..., "incidents": [...]} (the
// public /api/v2/incidents.json and unresolved.json), {"page": ...,
// "incident": {...}} (one incident), a bare list of incidents (the
// management API v1's GET /v1/pages/{page_id}/incidents) or one bare
// incident (its GET of one incident).
func readExport(r *jsonsrc.Reader) []*rawIncident {
	var incs []*rawIncident
	pageName := ""
	switch r.Next() {
	case jsonsrc.Array:
		r.Array(func(int) { incs = append(incs, readIncident(r)) })
	case jsonsrc.Object:
		top := r.Offset()
		found := false
		bare := &rawIncident{off: top}
		r.Object(func(key string) {
			switch key {
			case "page":
				r.Object(func(k string) {
					if k == "name" {
						pageName, _ = r.String()
					}
				})
			case "incidents":
				found = true
				r.Array(func(int) { incs = append(incs, readIncident(r)) })
			case "incident":
				found = true
				incs = append(incs, readIncident(r))
			default:
				// A bare incident: its fields are read as they come.
				readIncidentField(r, bare, key)
			}
		})
		switch {
		case r.Failed():
		case !found && bare.id.S != "":
			incs = append(incs, bare)
		case !found:
			r.Problem(top, "incidents", `missing: want a Statuspage export (the JSON of /api/v2/incidents.json: {"incidents": [...]}, one "incident", or a list of incidents)`)
		}
	default:
		off := r.Offset()
		r.Skip()
		if !r.Failed() {
			r.Problem(off, "", `the top level must be a Statuspage export: an object with "incidents" or "incident", or a list of incidents`)
		}
	}
	r.Finish()
	for _, inc := range incs {
		inc.pageName = pageName
	}
	return incs
}

// readIncident reads an incident object.
func readIncident(r *jsonsrc.Reader) *rawIncident {
	inc := &rawIncident{off: r.Offset(), path: r.Path()}
	if !r.Object(func(key string) { readIncidentField(r, inc, key) }) {
		inc.bad = true
	}
	return inc
}

// readIncidentField reads the value of the incident's field key; fields
// the import does not use are skipped.
func readIncidentField(r *jsonsrc.Reader, inc *rawIncident, key string) {
	var t *jsonsrc.Text
	switch key {
	case "id":
		t = &inc.id
	case "name":
		t = &inc.name
	case "status":
		t = &inc.status
	case "impact":
		t = &inc.impact
	case "shortlink":
		t = &inc.shortlink
	case "created_at":
		t = &inc.createdAt
	case "started_at":
		t = &inc.startedAt
	case "monitoring_at":
		t = &inc.monitoringAt
	case "resolved_at":
		t = &inc.resolvedAt
	case "updated_at":
		t = &inc.updatedAt
	case "components":
		if !r.Array(func(int) {
			var c component
			var id, name jsonsrc.Text
			if !r.Object(func(k string) {
				switch k {
				case "id":
					inc.bad = !r.ReadText(&id) || inc.bad
				case "name":
					inc.bad = !r.ReadText(&name) || inc.bad
				}
			}) {
				inc.bad = true
			}
			c.id, c.name = id.S, name.S
			if c.name != "" {
				inc.components = append(inc.components, c)
			}
		}) {
			inc.bad = true
		}
		return
	case "incident_updates":
		if !r.Array(func(i int) {
			u, ok := readUpdate(r, i)
			inc.bad = inc.bad || !ok
			inc.updates = append(inc.updates, u)
		}) {
			inc.bad = true
		}
		return
	default:
		return
	}
	if !r.ReadText(t) {
		inc.bad = true
	}
}

// readUpdate reads an update object, the i-th of its incident.
func readUpdate(r *jsonsrc.Reader, i int) (rawUpdate, bool) {
	u := rawUpdate{off: r.Offset(), index: i}
	good := true
	ok := r.Object(func(key string) {
		var t *jsonsrc.Text
		switch key {
		case "status":
			t = &u.status
		case "body":
			t = &u.body
		case "created_at":
			t = &u.createdAt
		case "display_at":
			t = &u.displayAt
		case "affected_components":
			good = r.Array(func(int) {
				a := rawAffected{off: r.Offset()}
				good = r.Object(func(k string) {
					var t *jsonsrc.Text
					switch k {
					case "name":
						t = &a.name
					case "code":
						t = &a.code
					case "old_status":
						t = &a.old
					case "new_status":
						t = &a.new
					default:
						return
					}
					good = r.ReadText(t) && good
				}) && good
				u.affected = append(u.affected, a)
			}) && good
			return
		default:
			return
		}
		good = r.ReadText(t) && good
	})
	return u, ok && good
}
