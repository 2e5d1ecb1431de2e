package rca

import (
	"encoding/json"
	"time"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/fixed"
)

// The JSON form of Metrics: a stable interface (the CLI's `metrics -format
// json` prints it).
type (
	metricsJSON struct {
		Incident          string          `json:"incident"`
		Title             string          `json:"title"`
		AsOf              string          `json:"as_of"`
		Ongoing           bool            `json:"ongoing"`
		Start             string          `json:"start,omitempty"`
		End               string          `json:"end,omitempty"`
		OutageSeconds     json.Number     `json:"outage_seconds"`
		Outage            string          `json:"outage"`
		TimeToDetect      *json.Number    `json:"time_to_detect_seconds"`
		TimeToAcknowledge *json.Number    `json:"time_to_acknowledge_seconds"`
		TimeToMitigate    *json.Number    `json:"time_to_mitigate_seconds"`
		TimeToResolve     *json.Number    `json:"time_to_resolve_seconds"`
		Milestones        []milestoneJSON `json:"milestones"`
		Components        []componentJSON `json:"components"`
		LongestSilence    *silenceJSON    `json:"longest_silence"`
		RCADue            string          `json:"rca_due,omitempty"`
		RCAOverdue        bool            `json:"rca_overdue"`
		OverdueActions    []overdueJSON   `json:"overdue_actions"`
		Readiness         []findingJSON   `json:"readiness"`
	}
	milestoneJSON struct {
		Kind string `json:"kind"`
		At   string `json:"at"`
	}
	componentJSON struct {
		Component   string                 `json:"component"`
		Start       string                 `json:"start"`
		End         string                 `json:"end"`
		DownSeconds json.Number            `json:"down_seconds"`
		Down        string                 `json:"down"`
		ByLevel     map[string]json.Number `json:"seconds_by_level"`
	}
	silenceJSON struct {
		From    string      `json:"from"`
		To      string      `json:"to"`
		Seconds json.Number `json:"seconds"`
	}
	overdueJSON struct {
		Index int    `json:"index"`
		Title string `json:"title"`
		Due   string `json:"due"`
	}
	findingJSON struct {
		Code    string `json:"code"`
		Since   string `json:"since,omitempty"`
		Due     string `json:"due,omitempty"`
		Message string `json:"message"`
	}
)

// MarshalJSON encodes m as one JSON object with snake_case keys, a stable
// interface:
//
//   - incident, title; as_of, start, end and rca_due (start, end and rca_due
//     left out when zero): instants in RFC 3339 with the offset they have
//     (the incident's zone for the metrics of Incident.Metrics); ongoing,
//     rca_overdue;
//   - outage_seconds and outage: the outage in seconds (an exact JSON number,
//     52080 or 1.5) and in the human form of the file formats ("14h28m");
//   - time_to_detect_seconds, time_to_acknowledge_seconds,
//     time_to_mitigate_seconds, time_to_resolve_seconds: seconds, or null
//     when unknown;
//   - milestones: kind and at, in kind order;
//   - components: component, start, end, down_seconds, down and
//     seconds_by_level (levels with time, by name, operational being the
//     gaps between impacts);
//   - longest_silence: from, to and seconds, or null when there is none;
//   - overdue_actions: index (in the incident's action_items), title and due
//     date;
//   - readiness: code, since and due (dates, left out when zero) and message.
//
// Lists are never null: an empty list is [].
func (m Metrics) MarshalJSON() ([]byte, error) {
	j := metricsJSON{
		Incident:          m.Incident,
		Title:             m.Title,
		AsOf:              rfc3339(m.AsOf),
		Ongoing:           m.Ongoing,
		Start:             rfc3339(m.Start),
		End:               rfc3339(m.End),
		OutageSeconds:     seconds(m.Outage),
		Outage:            fileformat.FormatDuration(m.Outage),
		TimeToDetect:      elapsedSeconds(m.TimeToDetect),
		TimeToAcknowledge: elapsedSeconds(m.TimeToAcknowledge),
		TimeToMitigate:    elapsedSeconds(m.TimeToMitigate),
		TimeToResolve:     elapsedSeconds(m.TimeToResolve),
		Milestones:        make([]milestoneJSON, 0, len(m.Milestones)),
		Components:        make([]componentJSON, 0, len(m.Components)),
		RCADue:            rfc3339(m.RCADue),
		RCAOverdue:        m.RCAOverdue,
		OverdueActions:    make([]overdueJSON, 0, len(m.OverdueActions)),
		Readiness:         make([]findingJSON, 0, len(m.Readiness)),
	}
	for _, ms := range m.Milestones {
		j.Milestones = append(j.Milestones, milestoneJSON{ms.Kind.String(), rfc3339(ms.At)})
	}
	for _, c := range m.Components {
		cj := componentJSON{
			Component: c.Component, Start: rfc3339(c.Start), End: rfc3339(c.End),
			DownSeconds: seconds(c.Down), Down: fileformat.FormatDuration(c.Down),
			ByLevel: map[string]json.Number{},
		}
		for l, d := range c.ByLevel {
			if d > 0 {
				cj.ByLevel[Level(l).String()] = seconds(d)
			}
		}
		j.Components = append(j.Components, cj)
	}
	if s := m.LongestSilence; s.D > 0 {
		j.LongestSilence = &silenceJSON{rfc3339(s.From), rfc3339(s.To), seconds(s.D)}
	}
	for k, i := range m.OverdueActions {
		o := overdueJSON{Index: i}
		if k < len(m.OverdueItems) {
			o.Title, o.Due = m.OverdueItems[k].Title, m.OverdueItems[k].Due.String()
		}
		j.OverdueActions = append(j.OverdueActions, o)
	}
	for _, f := range m.Readiness {
		j.Readiness = append(j.Readiness, findingJSON{string(f.Code), f.Since.String(), f.Due.String(), f.Msg})
	}
	return json.Marshal(j)
}

// seconds is d as an exact JSON number of seconds: 52080, 1.5, -0.25.
func seconds(d time.Duration) json.Number {
	return json.Number(fixed.Seconds(d).String())
}

// elapsedSeconds is el in seconds, or nil (null) when it is unknown.
func elapsedSeconds(el Elapsed) *json.Number {
	if !el.Known {
		return nil
	}
	n := seconds(el.D)
	return &n
}

// rfc3339 formats t with its offset, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}
