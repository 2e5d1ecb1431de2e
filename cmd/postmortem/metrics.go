package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/outagekit/postmortem/internal/atomicfile"
	"github.com/outagekit/postmortem/rca"
)

const metricsUsage = `
Usage: postmortem metrics [-format text|json] [-as-of T] [-rca-days N] [-out FILE] INCIDENT

Prints the incident's metrics: time to detect, acknowledge, mitigate and
resolve; the outage per component and level; the longest customer silence;
when the root-cause analysis is due and whether it is overdue; overdue
action items; recovery-plan readiness findings.

T is RFC 3339 ("2014-05-20T09:00:00-04:00"), a local time in the incident's
zone ("2014-05-20 09:00") or a date ("2014-05-20"). Without -as-of, metrics
are taken at the latest instant the incident records.
`

func runMetrics(e *env, args []string) error {
	fs := newFlags(e, "metrics", metricsUsage)
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	asOf := fs.String("as-of", "", "take the metrics at instant `T`")
	rcaDays := fs.Int("rca-days", 30, "the root-cause analysis is due `N` days after resolution")
	out := fs.String("out", "-", "write to `FILE` (\"-\": standard output)")
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("want one incident file, got %d", len(files))
	}
	if *rcaDays <= 0 {
		return usagef("-rca-days %d: want a positive number of days", *rcaDays)
	}
	incs, err := e.loadIncidents(files)
	if err != nil {
		return err
	}
	inc := incs[0]
	at, err := parseTimeFlag("as-of", *asOf, inc.Location())
	if err != nil {
		return err
	}
	m := inc.Metrics(rca.MetricsOpts{AsOf: at, RCADueDays: *rcaDays})
	return atomicfile.Write(*out, e.stdout, func(w io.Writer) error {
		if *format == "json" {
			return writeJSON(w, metricsJSON(inc, &m))
		}
		return writeMetricsText(w, inc, &m)
	})
}

// in shows t in the incident's zone.
func in(inc *rca.Incident, t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(inc.Location())
}

func elapsedText(el rca.Elapsed) string {
	if !el.Known {
		return "unknown"
	}
	return formatDuration(el.D)
}

func writeMetricsText(w io.Writer, inc *rca.Incident, m *rca.Metrics) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("incident", inc.ID)
	row("title", inc.Title)
	row("as of", formatTime(in(inc, m.AsOf)))
	row("impact started", formatTime(in(inc, m.Start)))
	if m.Ongoing {
		row("impact ended", "ongoing")
	} else {
		row("impact ended", formatTime(in(inc, m.End)))
	}
	row("outage", fmt.Sprintf("%s (%s s)", formatDuration(m.Outage), seconds(m.Outage)))
	row("time to detect", elapsedText(m.TimeToDetect))
	row("time to acknowledge", elapsedText(m.TimeToAcknowledge))
	row("time to mitigate", elapsedText(m.TimeToMitigate))
	row("time to resolve", elapsedText(m.TimeToResolve))
	if s := m.LongestSilence; s.D > 0 {
		row("longest silence", fmt.Sprintf("%s, %s → %s", formatDuration(s.D), formatTime(in(inc, s.From)), formatTime(in(inc, s.To))))
	} else {
		row("longest silence", "-")
	}
	switch {
	case m.RCADue.IsZero():
		row("RCA due", "when the impact ends")
	case m.RCAOverdue:
		row("RCA due", formatTime(in(inc, m.RCADue))+" (overdue)")
	default:
		row("RCA due", formatTime(in(inc, m.RCADue)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(m.Milestones) > 0 {
		fmt.Fprintln(tw, "\nmilestones:")
		for _, ms := range m.Milestones {
			fmt.Fprintf(tw, "  %s\t%s\n", ms.Kind, formatTime(in(inc, ms.At)))
		}
	}
	if len(m.Components) > 0 {
		fmt.Fprintln(tw, "\ncomponents:\tdown\tby level")
		for _, c := range m.Components {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Component, formatDuration(c.Down), byLevelText(c.ByLevel))
		}
	}
	fmt.Fprintf(tw, "\noverdue action items: %d\n", len(m.OverdueActions))
	for _, i := range m.OverdueActions {
		a := inc.ActionItems[i]
		fmt.Fprintf(tw, "  action_items[%d]\tdue %s\t%s\n", i, a.Due, a.Title)
	}
	fmt.Fprintf(tw, "\nreadiness findings: %d\n", len(m.Readiness))
	for _, f := range m.Readiness {
		fmt.Fprintf(tw, "  %s\t%s\n", f.Code, f.Msg)
	}
	return tw.Flush()
}

// byLevelText lists the time at each level, worst first: "major_outage
// 12h43m, partial_outage 1h45m".
func byLevelText(by [rca.NumLevels]time.Duration) string {
	var parts []string
	for l := rca.NumLevels - 1; l > 0; l-- {
		if by[l] > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", rca.Level(l), formatDuration(by[l])))
		}
	}
	return strings.Join(parts, ", ")
}

// The JSON form of the metrics: instants in RFC 3339 in the incident's
// zone, durations in seconds (exact JSON numbers) and as text.
type (
	metricsDoc struct {
		Incident          string             `json:"incident"`
		Title             string             `json:"title"`
		AsOf              string             `json:"as_of"`
		Ongoing           bool               `json:"ongoing"`
		Start             string             `json:"start,omitempty"`
		End               string             `json:"end,omitempty"`
		OutageSeconds     json.Number        `json:"outage_seconds"`
		Outage            string             `json:"outage"`
		TimeToDetect      *json.Number       `json:"time_to_detect_seconds"`
		TimeToAcknowledge *json.Number       `json:"time_to_acknowledge_seconds"`
		TimeToMitigate    *json.Number       `json:"time_to_mitigate_seconds"`
		TimeToResolve     *json.Number       `json:"time_to_resolve_seconds"`
		Milestones        []milestoneDoc     `json:"milestones"`
		Components        []componentDoc     `json:"components"`
		LongestSilence    *silenceDoc        `json:"longest_silence"`
		RCADue            string             `json:"rca_due,omitempty"`
		RCAOverdue        bool               `json:"rca_overdue"`
		OverdueActions    []overdueActionDoc `json:"overdue_actions"`
		Readiness         []readinessFinding `json:"readiness"`
	}
	milestoneDoc struct {
		Kind string `json:"kind"`
		At   string `json:"at"`
	}
	componentDoc struct {
		Component   string                 `json:"component"`
		Start       string                 `json:"start"`
		End         string                 `json:"end"`
		DownSeconds json.Number            `json:"down_seconds"`
		Down        string                 `json:"down"`
		ByLevel     map[string]json.Number `json:"seconds_by_level"`
	}
	silenceDoc struct {
		From    string      `json:"from"`
		To      string      `json:"to"`
		Seconds json.Number `json:"seconds"`
	}
	overdueActionDoc struct {
		Index int    `json:"index"`
		Title string `json:"title"`
		Due   string `json:"due"`
	}
	readinessFinding struct {
		Code    string `json:"code"`
		Since   string `json:"since,omitempty"`
		Due     string `json:"due,omitempty"`
		Message string `json:"message"`
	}
)

func elapsedJSON(el rca.Elapsed) *json.Number {
	if !el.Known {
		return nil
	}
	n := seconds(el.D)
	return &n
}

func metricsJSON(inc *rca.Incident, m *rca.Metrics) metricsDoc {
	t := func(x time.Time) string { return rfc3339(in(inc, x)) }
	d := metricsDoc{
		Incident:          inc.ID,
		Title:             inc.Title,
		AsOf:              t(m.AsOf),
		Ongoing:           m.Ongoing,
		Start:             t(m.Start),
		End:               t(m.End),
		OutageSeconds:     seconds(m.Outage),
		Outage:            formatDuration(m.Outage),
		TimeToDetect:      elapsedJSON(m.TimeToDetect),
		TimeToAcknowledge: elapsedJSON(m.TimeToAcknowledge),
		TimeToMitigate:    elapsedJSON(m.TimeToMitigate),
		TimeToResolve:     elapsedJSON(m.TimeToResolve),
		Milestones:        []milestoneDoc{},
		Components:        []componentDoc{},
		RCADue:            t(m.RCADue),
		RCAOverdue:        m.RCAOverdue,
		OverdueActions:    []overdueActionDoc{},
		Readiness:         []readinessFinding{},
	}
	for _, ms := range m.Milestones {
		d.Milestones = append(d.Milestones, milestoneDoc{ms.Kind.String(), t(ms.At)})
	}
	for _, c := range m.Components {
		cd := componentDoc{
			Component: c.Component, Start: t(c.Start), End: t(c.End),
			DownSeconds: seconds(c.Down), Down: formatDuration(c.Down),
			ByLevel: map[string]json.Number{},
		}
		for l, v := range c.ByLevel {
			if v > 0 {
				cd.ByLevel[rca.Level(l).String()] = seconds(v)
			}
		}
		d.Components = append(d.Components, cd)
	}
	if s := m.LongestSilence; s.D > 0 {
		d.LongestSilence = &silenceDoc{t(s.From), t(s.To), seconds(s.D)}
	}
	for _, i := range m.OverdueActions {
		a := inc.ActionItems[i]
		d.OverdueActions = append(d.OverdueActions, overdueActionDoc{i, a.Title, a.Due.String()})
	}
	for _, f := range m.Readiness {
		d.Readiness = append(d.Readiness, readinessFinding{string(f.Code), f.Since.String(), f.Due.String(), f.Msg})
	}
	return d
}
