package main

import (
	"io"
	"slices"

	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/report"
	"github.com/outagekit/postmortem/sla"
)

const reportUsage = `
Usage: postmortem report -incident FILE -format md|pdf [-policy FILE] [-credits FILE]
                         [-lang en|de|fr] [-tz ZONE] [-public] [-as-of T]
                         [-generated T] [-page a4|letter] [-out FILE|-]

Renders the incident's root-cause report: title block, summary, impact,
timeline chart and table, SLA results per window (with -policy), credit
summary by plan and currency (with -credits, a credit lines CSV written by
"postmortem credits"), root cause, lessons, action items, readiness and
communications.

md is GitHub-flavoured Markdown with a Mermaid gantt chart; pdf is a
paginated document with embedded fonts and a drawn timeline. The same input
gives the same bytes: the date printed on the report is -generated, else
-as-of; without either the report says "Data as of" the latest instant the
incident records, and never calls it the date it was made.

-public renders the edition published to customers: only the fields the
README lists as public (no internal event, note, owner, priority, link,
event source, author or recovery plan unless the incident's publish block
says so), every figure measured on them, sections with nothing to show left
out. An incomplete analysis says "Draft: ..." on the first page (see
"postmortem lint"). Times are shown in -tz (default: the incident's zone),
always with date and zone.
`

func runReport(e *env, args []string) error {
	fs := newFlags(e, "report", reportUsage)
	incidentFile := fs.String("incident", "", "the incident `FILE`")
	policyFile := fs.String("policy", "", "add the SLA results under the policy `FILE`")
	creditsFile := fs.String("credits", "", "add the credit summary of the lines CSV `FILE`")
	rf := addRenderFlags(fs, "report", "incident", "judge overdue items at instant `T`")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("unexpected argument %q (the incident is given with -incident)", pos[0])
	case *incidentFile == "":
		return usagef("-incident is required")
	}
	opts, err := rf.check()
	if err != nil {
		return err
	}

	incs, err := e.loadIncidents([]string{*incidentFile})
	if err != nil {
		return err
	}
	inc := incs[0]
	if err := rf.times(&opts, inc.Location()); err != nil {
		return err
	}
	doc := report.New(inc, opts)
	if *policyFile != "" {
		p, err := e.loadPolicy(*policyFile)
		if err != nil {
			return err
		}
		doc.Policy = p
		if doc.Results, err = sla.Measure(p, incs, sla.Options{AsOf: opts.AsOf}); err != nil {
			return err
		}
	}
	if *creditsFile != "" {
		r, _, err := e.openInput(*creditsFile)
		if err != nil {
			return err
		}
		defer r.Close()
		cr := &ctxReader{ctx: e.ctx, r: r}
		if doc.Credits, err = credit.ReadSummary(cr, displayName(*creditsFile)); err != nil {
			if e.ctx.Err() != nil {
				return e.interrupted(cr.progress(displayName(*creditsFile)))
			}
			return err
		}
	}
	return e.writeOutput(*rf.out, "rendering the report", func(w io.Writer) error {
		return render(w, *rf.format, doc)
	})
}

// render writes doc as Markdown ("md") or PDF ("pdf").
func render(w io.Writer, format string, doc *report.Document) error {
	if format == "pdf" {
		return report.WritePDF(w, doc)
	}
	return report.WriteMarkdown(w, doc)
}

// parseLang returns the language -lang names, one report ships.
func parseLang(s string) (language.Tag, error) {
	var names []string
	for _, t := range report.Languages() {
		names = append(names, t.String())
	}
	tag, err := language.Parse(s)
	if err != nil || !slices.Contains(names, tag.String()) {
		return language.Tag{}, usagef("-lang %q: want one of %q", s, names)
	}
	return tag, nil
}
