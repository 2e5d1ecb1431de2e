package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/report"
	"github.com/outagekit/postmortem/sla"
)

const reportUsage = `
Usage: postmortem report -incident FILE -format md|pdf [-policy FILE [-credits FILE [-credits-summary FILE]]
                         [-with-incident FILE...] [-plans FILE -subscriptions FILE]]
                         [-lang en|de|fr]
                         [-tz ZONE] [-public] [-as-of T] [-generated T]
                         [-page a4|letter] [-out FILE|-]

Renders the incident's root-cause report: title block, summary, impact,
timeline chart and table, SLA results per window (with -policy), credit
summary by plan and currency (with -credits, a credit lines CSV written by
"postmortem credits" under the -policy given), root cause, lessons, action
items, readiness and communications.

With -plans and -subscriptions (the files the credits were computed
from), the credits section also says what one further hour of outage,
from where the incident's impact ended, would have cost ("postmortem
exposure"); a subscription row the file refuses is printed and left out of
that figure (exit status 1).

The lines of -credits must belong to the incident and the policy: a line
computed under another policy or version, naming another incident, given
twice for a window, in a second currency for its plan, or not parsing, and
a file cut short, are printed with their line and reason, and no report is
written (exit status 1). When the credits run counted other incidents in
the same windows (its lines name them), give their files with
-with-incident (repeat for several): their downtime counts in the SLA
results too, as it did in the credits. A run settled against a ledger
("credits -issued") issues only what its windows were not yet credited: the
credits section then shows what the windows are owed and what the run
issued. A file cut short at the end of a line cannot be told from a whole
one: give the run's summary (-credits-summary, what "credits -summary"
wrote) and the lines must be all the run wrote, their count and totals per
currency and plan those of the summary, or no report is written (exit
status 1).

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
	incidentFile := fs.file("incident", "", "the incident `FILE`")
	var withFiles listFlag
	fs.Var(&withFiles, "with-incident", "with -policy: another incident `FILE` counted in the same SLA windows (the credits run's); repeat for several")
	policyFile := fs.file("policy", "", "add the SLA results under the policy `FILE`")
	creditsFile := fs.file("credits", "", "add the credit summary of the lines CSV `FILE`")
	creditsSummary := fs.file("credits-summary", "", "with -credits: the run's summary JSON `FILE` (credits -summary); the lines must be all it counts")
	plansFile := fs.file("plans", "", "with -subscriptions: the plans `FILE`, to say what a further hour would have cost")
	subsFile := fs.file("subscriptions", "", "with -plans: the subscriptions CSV `FILE`")
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
	opts, err := rf.check(e.stdout)
	if err != nil {
		return err
	}
	if len(withFiles) > 0 && *policyFile == "" {
		return usagef("-with-incident needs -policy: other incidents count only in the SLA results and credits")
	}
	if *creditsFile != "" && *policyFile == "" {
		return usagef("-credits needs -policy: the lines are checked against the policy they were computed under")
	}
	if *creditsSummary != "" && *creditsFile == "" {
		return usagef("-credits-summary needs -credits: it checks the lines file is whole")
	}
	if (*plansFile == "") != (*subsFile == "") || *plansFile != "" && *policyFile == "" {
		return usagef("-plans and -subscriptions go together, with -policy: the further hour is priced under the policy")
	}
	inputs := append([]string{*incidentFile, *policyFile, *creditsFile, *creditsSummary, *plansFile, *subsFile}, withFiles...)
	if err := stdinOnce(inputs...); err != nil {
		return err
	}
	o, w, err := e.startOutput(*rf.out, inputs)
	if err != nil {
		return err
	}
	defer o.close()

	incs, err := e.loadIncidents(append([]string{*incidentFile}, withFiles...))
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
			return requestsRefused(err, "report")
		}
	}
	if *creditsFile != "" {
		scope := credit.Scope{Policy: doc.Policy.ID, Version: doc.Policy.Version}
		for _, in := range incs {
			scope.Incidents = append(scope.Incidents, in.ID)
		}
		if doc.Credits, err = e.readCredits(*creditsFile, scope); err != nil {
			return err
		}
		if *creditsSummary != "" {
			if err := e.checkCreditsSummary(*creditsFile, *creditsSummary, doc.Credits); err != nil {
				return err
			}
		}
	}
	var refused int64
	if *subsFile != "" {
		if refused, err = e.reportFurtherHour(doc, incs, *plansFile, *subsFile, opts.AsOf); err != nil {
			return err
		}
	}
	if err := render(w, *rf.format, doc); err != nil {
		return err
	}
	if err := o.commit("rendering the report"); err != nil {
		return err
	}
	if refused > 0 {
		fmt.Fprintf(e.stderr, "postmortem report: %s of %s refused; the further hour's cost leaves them out\n",
			plural(int(refused), "row"), displayName(*subsFile))
		return errReported
	}
	return nil
}

// reportFurtherHour sets doc's FurtherHour: one more hour of outage priced
// for the subscriptions under the plans and doc's policy, on top of incs
// (doc's incident first). It prints the first rows the subscriptions file
// refuses and returns their number.
func (e *env) reportFurtherHour(doc *report.Document, incs []*rca.Incident, plansFile, subsFile string, asOf time.Time) (int64, error) {
	data, err := e.readInput(plansFile)
	if err != nil {
		return 0, err
	}
	plans, err := credit.LoadPlans(displayName(plansFile), data)
	if err != nil {
		return 0, err
	}
	r, _, err := e.openInput(subsFile)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	cfg := credit.Config{Plans: plans, Policies: []*sla.Policy{doc.Policy}, AsOf: asOf}
	costs, n, refused, err := furtherHour(e, cfg, incs, r, displayName(subsFile))
	if err != nil {
		return 0, (&plansSource{name: displayName(plansFile), data: data}).locate(err)
	}
	for _, re := range refused {
		fmt.Fprintln(e.stderr, re)
	}
	doc.FurtherHour = costs
	return n, nil
}

// readCredits sums the lines file name for the report, refusing the whole
// file when a line does not belong to scope (credit.Scope): the first
// refused lines are printed with their line, field and reason, and the
// count of all.
func (e *env) readCredits(name string, scope credit.Scope) (*credit.Summary, error) {
	r, _, err := e.openInput(name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	file := displayName(name)
	cr := &ctxReader{ctx: e.ctx, r: r}
	var sum credit.Summary
	var refused []error
	n := 0
	for l, err := range scope.Lines(cr, file) {
		var re *credit.RowError
		switch {
		case e.ctx.Err() != nil:
			return nil, e.interrupted(cr.progress(file))
		case errors.As(err, &re):
			n++
			if len(refused) < maxRejectsShown {
				refused = append(refused, err)
			}
		case err != nil:
			return nil, err
		default:
			sum.Add(&l)
		}
	}
	if n == 0 {
		return &sum, nil
	}
	for _, err := range refused {
		fmt.Fprintln(e.stderr, err)
	}
	shown := ""
	if n > len(refused) {
		shown = fmt.Sprintf(" (the first %d above)", len(refused))
	}
	fmt.Fprintf(e.stderr, "postmortem report: %s: %d of %s refused%s: the credit totals would be wrong; no report written\n",
		file, n, plural(n+int(sum.Lines), "line"), shown)
	return nil, errReported
}

// checkCreditsSummary checks that got, the summary of the lines file
// linesFile, counts and totals what the run's summary in summaryFile does:
// a lines file cut short at the end of a line (or another run's) reads
// without a problem, and only the run's own count tells. A mismatch is
// printed, both sides, and no report is written.
func (e *env) checkCreditsSummary(linesFile, summaryFile string, got *credit.Summary) error {
	data, err := e.readInput(summaryFile)
	if err != nil {
		return err
	}
	var want credit.Summary
	if err := json.Unmarshal(data, &want); err != nil {
		return fmt.Errorf("%s: not a run summary (credits -summary): %v", displayName(summaryFile), err)
	}
	if describeSummary(got) == describeSummary(&want) {
		return nil
	}
	fmt.Fprintf(e.stderr, "postmortem report: %s holds %s; its run's summary %s counts %s: the file is cut short or another run's; no report written\n",
		displayName(linesFile), describeSummary(got), displayName(summaryFile), describeSummary(&want))
	return errReported
}

// describeSummary says what a summary counts that a lines file must match:
// its lines, and its totals per currency and per plan.
func describeSummary(s *credit.Summary) string {
	text := plural(int(s.Lines), "line")
	for _, t := range s.Totals {
		text += fmt.Sprintf(", %s %s", t.Currency, credit.FormatAmount(t.Amount, t.Currency))
	}
	for _, p := range s.Plans {
		text += fmt.Sprintf(", %s %s %s", p.Plan, p.Currency, credit.FormatAmount(p.Amount, p.Currency))
	}
	return text
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
