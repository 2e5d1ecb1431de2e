package main

import (
	"fmt"

	"github.com/outagekit/postmortem/rca"
)

const lintUsage = `
Usage: postmortem lint [-as-of T] [-rca-days N] INCIDENT...

Checks each incident against a root-cause-analysis checklist (after the
Google SRE postmortem template, Etsy Morgue's required fields and GitLab's
incident review) and prints every open item as
"file:line:column: field.path: message" on standard output, at the field it
is about (a missing field at the field that would hold it):

  summary               no summary
  analysis.trigger      impact is over but the trigger is not recorded
  analysis.root_causes  impact is over but no root cause is recorded
  timeline              no detected event: the time to detect is unknown
  communications        no public update while impact lasted
  action_items          impact is over but no action item is recorded
  action_items[i].owner an action item has no owner
  status                the RCA is past its due date (resolution + N days)
                        and the status is not postmortem

"validate" already requires what an incident cannot do without (an id, a
title, impact with a level, a type and due date for every action item); an
invalid file is reported as validate reports it.

T is RFC 3339, a local time in the incident's zone or a date; without -as-of
each incident is judged at the latest instant it records.

Exit status 1 when any incident has an open item or is invalid.
`

func runLint(e *env, args []string) error {
	fs := newFlags(e, "lint", lintUsage)
	asOf := fs.String("as-of", "", "judge the due date at instant `T`")
	rcaDays := fs.Int("rca-days", 30, "the root-cause analysis is due `N` days after resolution")
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("no incident file given")
	}
	if *rcaDays <= 0 || *rcaDays > rca.MaxRCADueDays {
		return usagef("-rca-days %d: want a number of days from 1 to %d", *rcaDays, rca.MaxRCADueDays)
	}
	open, bad := 0, 0
	text := newSafeWriter(e.stdout) // items echo the file's names and values
	for _, name := range files {
		data, err := e.readInput(name)
		if err != nil {
			if _, ok := err.(*usageError); ok {
				return err
			}
			fmt.Fprintf(e.stderr, "%s: %v\n", displayName(name), err)
			bad++
			continue
		}
		inc, err := rca.Load(displayName(name), data)
		if err != nil {
			if verr, ok := asValidation(err); ok {
				printProblems(e.stderr, verr)
			} else {
				fmt.Fprintf(e.stderr, "%s: %v\n", displayName(name), err)
			}
			bad++
			continue
		}
		at, err := parseTimeFlag("as-of", *asOf, inc.Location())
		if err != nil {
			return err
		}
		_, gaps, err := rca.Lint(displayName(name), data, rca.MetricsOpts{AsOf: at, RCADueDays: *rcaDays})
		if err != nil {
			return err
		}
		for _, p := range gaps {
			fmt.Fprintln(text, p.String())
		}
		if len(gaps) == 0 {
			fmt.Fprintf(text, "%s: ok: incident %q passes the checklist\n", displayName(name), inc.ID)
		}
		open += len(gaps)
	}
	if open > 0 || bad > 0 {
		fmt.Fprintf(e.stderr, "postmortem lint: %s open, %d of %d files invalid\n", plural(open, "item"), bad, len(files))
		return errReported
	}
	return nil
}
