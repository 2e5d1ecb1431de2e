package main

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/report"
)

const statementUsage = `
Usage: postmortem statement -policy FILE -window W -format md|pdf [-credits FILE]
                            [-lang en|de|fr] [-tz ZONE] [-public] [-as-of T]
                            [-generated T] [-page a4|letter] [-out FILE|-] -incident FILE...

Renders the SLA statement of one window of the policy (a calendar month,
most often): what a provider publishes on its status page when the month
closes. It shows the window's availability, the objective met or not and
the error budget; the availability of each component the incidents
impacted; every incident with impact in the window and the downtime
counted for it there; and, with -credits (a credit lines CSV written by
"postmortem credits"), the credit totals of the window's lines by plan and
currency. Give every run's lines of the window (the ledger a billing
system keeps, or the runs' files concatenated without their repeated
headers): a run settled against earlier ones issues only their difference,
so the totals are what was issued for the window in all. Lines of other windows are left out and counted on standard
error; a bad row is printed there and gives exit status 1, the statement
being written from the good ones.

W is a month ("2025-04"), or any instant or date inside the window (RFC 3339,
"2025-04-15" or "2025-04-15 10:00" in the policy's zone). The window is the
policy's calendar month (quarter, year) that contains W, [start, end) in the
policy's zone; a rolling policy's statement measures the calendar month that
contains W, with the policy's objective, weights and exclusions, and says so.
Ongoing impacts count up to -as-of, else to the window's end. Several incidents
may be given: repeat -incident, or list the files after it; a window
without incidents gives a statement that says so.

The statement shows incidents by ID and title only, public fields, in either
edition; -public names it the edition published to customers. The same
input gives the same bytes: its date is -generated, else -as-of; without
either, the PDF's dates are the window's end.
`

func runStatement(e *env, args []string) error {
	fs := newFlags(e, "statement", statementUsage)
	policyFile := fs.file("policy", "", "the SLA policy `FILE`")
	var incidentFiles listFlag
	fs.Var(&incidentFiles, "incident", "an incident `FILE`; repeat, or list more files after it")
	window := fs.String("window", "", "the window: a month `W` (\"2025-04\") or an instant in it")
	creditsFile := fs.file("credits", "", "add the credit totals of the window's lines in the CSV `FILE`")
	rf := addRenderFlags(fs, "statement", "policy", "measure ongoing impacts up to instant `T`")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	incidentFiles = append(incidentFiles, pos...)
	if err := requireFlag("policy", *policyFile); err != nil {
		return err
	}
	if err := requireFlag("window", *window); err != nil {
		return err
	}
	opts, err := rf.check(e.stdout)
	if err != nil {
		return err
	}
	inputs := append([]string{*policyFile}, incidentFiles...)
	if *creditsFile != "" {
		inputs = append(inputs, *creditsFile)
	}
	if err := stdinOnce(inputs...); err != nil {
		return err
	}
	o, w, err := e.startOutput(*rf.out, inputs)
	if err != nil {
		return err
	}
	defer o.close()
	policy, incidents, err := e.loadPolicyAndIncidents(*policyFile, incidentFiles)
	if err != nil {
		return err
	}
	loc := policy.Window.Zone
	if loc == nil {
		loc = time.UTC
	}
	in, err := parseWindowFlag(*window, loc)
	if err != nil {
		return err
	}
	if err := rf.times(&opts, loc); err != nil {
		return err
	}
	st, err := report.NewStatement(policy, incidents, in, opts)
	if err != nil {
		return requestsRefused(err, "statement")
	}
	var rejected []error
	if *creditsFile != "" {
		if st.Credits, rejected, err = e.windowCredits(*creditsFile, st.Window.Start, st.Window.End); err != nil {
			return err
		}
	}
	if *rf.format == "pdf" {
		err = report.WriteStatementPDF(w, st)
	} else {
		err = report.WriteStatementMarkdown(w, st)
	}
	if err != nil {
		return err
	}
	if err := o.commit("rendering the statement"); err != nil {
		return err
	}
	if len(rejected) > 0 {
		for _, r := range rejected {
			fmt.Fprintln(e.stderr, r)
		}
		fmt.Fprintf(e.stderr, "postmortem statement: %s of %s rejected; the statement's credits leave them out\n",
			plural(len(rejected), "row"), displayName(*creditsFile))
		return errReported
	}
	return nil
}

var monthFlag = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

// parseWindowFlag reads -window: "2025-04" is the first instant of April
// 2025 in loc (the first instant of its first day, which exists even where
// local midnight does not); anything else is an instant (parseTimeFlag).
func parseWindowFlag(s string, loc *time.Location) (time.Time, error) {
	if m := monthFlag.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 || y < 1 {
			return time.Time{}, usagef("-window %q: not a month", s)
		}
		return calendar.Date(y, time.Month(mo), 1, loc), nil
	}
	return parseTimeFlag("window", s, loc)
}

// windowCredits reads a lines file and sums the lines of the window
// [start, end). Rows the file cannot give are returned, to be reported;
// the lines of other windows are counted on standard error.
func (e *env) windowCredits(name string, start, end time.Time) (*credit.Summary, []error, error) {
	r, _, err := e.openInput(name)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	cr := &ctxReader{ctx: e.ctx, r: r}
	var sum credit.Summary
	var rejected []error
	other := 0
	for l, err := range credit.ReadLines(cr, displayName(name)) {
		var re *credit.RowError
		switch {
		case errors.As(err, &re):
			sum.Reject(re)
			rejected = append(rejected, err)
		case err != nil:
			if e.ctx.Err() != nil {
				return nil, nil, e.interrupted(cr.progress(displayName(name)))
			}
			return nil, nil, err
		case !l.WindowStart.Equal(start) || !l.WindowEnd.Equal(end):
			other++
		default:
			sum.Add(&l)
		}
	}
	if other > 0 {
		fmt.Fprintf(e.stderr, "postmortem statement: %s of other windows in %s left out\n", plural(other, "line"), displayName(name))
	}
	return &sum, rejected, nil
}
