package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

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

The text shows durations to the nearest second (the outage also exactly,
in seconds); -format json gives every figure exactly.
`

func runMetrics(e *env, args []string) error {
	fs := newFlags(e, "metrics", metricsUsage)
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	asOf := fs.String("as-of", "", "take the metrics at instant `T`")
	rcaDays := fs.Int("rca-days", 30, "the root-cause analysis is due `N` days after resolution")
	out := fs.file("out", "-", "write to `FILE` (\"-\": standard output)")
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
	if *rcaDays <= 0 || *rcaDays > rca.MaxRCADueDays {
		return usagef("-rca-days %d: want a number of days from 1 to %d", *rcaDays, rca.MaxRCADueDays)
	}
	o, w, err := e.startOutput(*out, files)
	if err != nil {
		return err
	}
	defer o.close()
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
	if *format == "json" {
		err = writeJSON(w, m)
	} else {
		err = writeMetricsText(newSafeWriter(w), &m, !inc.Readiness.IsZero())
	}
	if err != nil {
		return err
	}
	return o.commit("measuring the incident")
}

func elapsedText(el rca.Elapsed) string {
	if !el.Known {
		return "unknown"
	}
	return displayDuration(el.D)
}

// writeMetricsText writes m as text; its instants are in the incident's
// zone. The readiness findings are left out when the incident says nothing
// about its recovery plan (readiness false): "0" would say it was judged.
func writeMetricsText(w io.Writer, m *rca.Metrics, readiness bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("incident", m.Incident)
	row("title", m.Title)
	row("as of", formatTime(m.AsOf))
	row("impact started", formatTime(m.Start))
	if m.Ongoing {
		row("impact ended", "ongoing")
	} else {
		row("impact ended", formatTime(m.End))
	}
	row("outage", fmt.Sprintf("%s (%s s)", displayDuration(m.Outage), seconds(m.Outage)))
	row("time to detect", elapsedText(m.TimeToDetect))
	row("time to acknowledge", elapsedText(m.TimeToAcknowledge))
	row("time to mitigate", elapsedText(m.TimeToMitigate))
	row("time to resolve", elapsedText(m.TimeToResolve))
	if s := m.LongestSilence; s.D > 0 {
		row("longest silence", fmt.Sprintf("%s, %s → %s", displayDuration(s.D), formatTime(s.From), formatTime(s.To)))
	} else {
		row("longest silence", "-")
	}
	switch {
	case m.RCADue.IsZero():
		row("RCA due", "when the impact ends")
	case m.RCAOverdue:
		row("RCA due", formatTime(m.RCADue)+" (overdue)")
	default:
		row("RCA due", formatTime(m.RCADue))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(m.Milestones) > 0 {
		// In time order, as a reader follows them (Metrics keeps them in
		// kind order; a team may acknowledge before detection is logged).
		fmt.Fprintln(tw, "\nmilestones:")
		ms := slices.Clone(m.Milestones)
		slices.SortStableFunc(ms, func(a, b rca.Milestone) int { return a.At.Compare(b.At) })
		for _, ms := range ms {
			fmt.Fprintf(tw, "  %s\t%s\n", ms.Kind, formatTime(ms.At))
		}
	}
	if len(m.Components) > 0 {
		fmt.Fprintln(tw, "\ncomponents:\tdown\tby level")
		for _, c := range m.Components {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.Component, displayDuration(c.Down), byLevelText(c.ByLevel))
		}
	}
	fmt.Fprintf(tw, "\noverdue action items: %d\n", len(m.OverdueActions))
	for k, i := range m.OverdueActions {
		a := m.OverdueItems[k]
		fmt.Fprintf(tw, "  action_items[%d]\tdue %s\t%s\n", i, a.Due, a.Title)
	}
	if !readiness {
		return tw.Flush()
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
			parts = append(parts, fmt.Sprintf("%s %s", rca.Level(l), displayDuration(by[l])))
		}
	}
	return strings.Join(parts, ", ")
}
