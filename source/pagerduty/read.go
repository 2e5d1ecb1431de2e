package pagerduty

import (
	"github.com/outagekit/postmortem/source/internal/jsonsrc"
)

// rawIncident is an incident as the REST API writes it: the fields the
// import reads, each with where it is.
type rawIncident struct {
	r    *jsonsrc.Reader // the reader of its file
	off  int64
	path string // "incident" or "incidents[2]"

	id, title, summary, status, urgency, htmlURL jsonsrc.Text
	createdAt, resolvedAt, lastChangeAt, updated jsonsrc.Text
	service, priority                            jsonsrc.Text // their summaries
	bad                                          bool
}

// rawEntry is one log entry.
type rawEntry struct {
	r    *jsonsrc.Reader // the reader of its file
	off  int64
	path string

	id, typ, summary, createdAt jsonsrc.Text
	agentType, agentSummary     jsonsrc.Text
	channelType, channelText    jsonsrc.Text // channel.summary, else its content
	incidentID                  jsonsrc.Text
	note                        jsonsrc.Text // a resolve entry's note
}

// export is what one file holds.
type export struct {
	incidents []*rawIncident
	entries   []*rawEntry
}

// readExport reads one file: {"incident": {...}} (GET /incidents/{id}),
// {"incidents": [...]} (GET /incidents) or {"log_entries": [...]} (GET
// /incidents/{id}/log_entries, or /log_entries), or several of them in one
// object. Other fields (limit, offset, more, total) are ignored.
func readExport(r *jsonsrc.Reader) export {
	var ex export
	top := r.Offset()
	found := false
	r.Object(func(key string) {
		switch key {
		case "incident":
			found = true
			ex.incidents = append(ex.incidents, readIncident(r))
		case "incidents":
			found = true
			r.Array(func(int) { ex.incidents = append(ex.incidents, readIncident(r)) })
		case "log_entries":
			found = true
			r.Array(func(int) {
				if e := readEntry(r); e != nil {
					ex.entries = append(ex.entries, e)
				}
			})
		}
	})
	r.Finish()
	if !found && !r.Failed() {
		r.Problem(top, "", `the top level must be a PagerDuty export: an object with "incident", "incidents" or "log_entries" (the JSON of the REST API's /incidents/{id} or /incidents/{id}/log_entries)`)
	}
	return ex
}

// readSummary reads the summary of a reference object ({"id", "type",
// "summary", ...}) into t, and its type into typ when typ is not nil.
func readSummary(r *jsonsrc.Reader, t, typ *jsonsrc.Text, id *jsonsrc.Text) bool {
	good := true
	ok := r.Object(func(k string) {
		switch {
		case k == "summary":
			good = r.ReadText(t) && good
		case k == "type" && typ != nil:
			good = r.ReadText(typ) && good
		case k == "id" && id != nil:
			good = r.ReadText(id) && good
		}
	})
	return ok && good
}

// readIncident reads one incident object.
func readIncident(r *jsonsrc.Reader) *rawIncident {
	inc := &rawIncident{r: r, off: r.Offset(), path: r.Path()}
	ok := r.Object(func(key string) {
		var t *jsonsrc.Text
		switch key {
		case "id":
			t = &inc.id
		case "title":
			t = &inc.title
		case "summary":
			t = &inc.summary
		case "status":
			t = &inc.status
		case "urgency":
			t = &inc.urgency
		case "html_url":
			t = &inc.htmlURL
		case "created_at":
			t = &inc.createdAt
		case "resolved_at":
			t = &inc.resolvedAt
		case "last_status_change_at":
			t = &inc.lastChangeAt
		case "updated_at":
			t = &inc.updated
		case "service":
			inc.bad = !readSummary(r, &inc.service, nil, nil) || inc.bad
			return
		case "priority":
			inc.bad = !readSummary(r, &inc.priority, nil, nil) || inc.bad
			return
		default:
			return
		}
		inc.bad = !r.ReadText(t) || inc.bad
	})
	inc.bad = inc.bad || !ok
	return inc
}

// readEntry reads one log entry; nil when a field has the wrong type.
func readEntry(r *jsonsrc.Reader) *rawEntry {
	e := &rawEntry{r: r, off: r.Offset(), path: r.Path()}
	good := true
	ok := r.Object(func(key string) {
		var t *jsonsrc.Text
		switch key {
		case "id":
			t = &e.id
		case "type":
			t = &e.typ
		case "summary":
			t = &e.summary
		case "created_at":
			t = &e.createdAt
		case "note":
			t = &e.note
		case "agent":
			good = readSummary(r, &e.agentSummary, &e.agentType, nil) && good
			return
		case "incident":
			var summary jsonsrc.Text
			good = readSummary(r, &summary, nil, &e.incidentID) && good
			if e.incidentID.Off == 0 {
				e.incidentID.Off = e.off
			}
			return
		case "channel":
			good = r.Object(func(k string) {
				switch k {
				case "type":
					good = r.ReadText(&e.channelType) && good
				case "summary", "content", "notes":
					var c jsonsrc.Text
					good = r.ReadText(&c) && good
					if e.channelText.S == "" {
						e.channelText = c
					}
				}
			}) && good
			return
		default:
			return
		}
		good = r.ReadText(t) && good
	})
	if !ok || !good {
		return nil
	}
	return e
}
