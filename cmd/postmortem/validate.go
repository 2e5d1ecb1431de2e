package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

const validateUsage = `
Usage: postmortem validate [-kind auto|incident|policy|plans|statuspage] FILE...

Checks incident, SLA policy and plans files (YAML or JSON), and Statuspage
exports (JSON) that "postmortem import statuspage" reads, and prints every
problem as "file:line:column: field.path: message" on standard error. A file
that is valid is listed on standard output with its kind and id.

The kind of each file is read from its top-level fields unless -kind says it.
A field marks a kind:
  plans       a "plans" list
  policy      "objective" or "window"
  incident    "timeline", "impacts" or "title"
  statuspage  "incidents"
and when several are marked, the kind whose format has the most of the
file's fields wins (an incident with a stray "objective" is an incident);
a tie asks for -kind.

Exit status 1 when any file is invalid.
`

// fileKind is what a file holds.
type fileKind string

const (
	kindAuto     fileKind = "auto"
	kindIncident fileKind = "incident"
	kindPolicy   fileKind = "policy"
	kindPlans    fileKind = "plans"
	kindStatus   fileKind = "statuspage"
)

func runValidate(e *env, args []string) error {
	fs := newFlags(e, "validate", validateUsage)
	kind := fs.String("kind", "auto", "what every `KIND` of file holds: auto, incident, policy, plans or statuspage")
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := oneOf("kind", *kind, "auto", "incident", "policy", "plans", "statuspage"); err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("no file given")
	}
	invalid := 0
	for _, name := range files {
		data, err := e.readInput(name)
		if err != nil {
			if _, ok := err.(*usageError); ok {
				return err
			}
			if verr, ok := asValidation(err); ok {
				printProblems(e.stderr, verr) // too large
			} else {
				fmt.Fprintf(e.stderr, "%s: %v\n", displayName(name), err)
			}
			invalid++
			continue
		}
		k := fileKind(*kind)
		if k == kindAuto {
			k, err = detectKind(displayName(name), data)
			if err != nil {
				if verr, ok := asValidation(err); ok {
					printProblems(e.stderr, verr)
				} else {
					fmt.Fprintln(e.stderr, err)
				}
				invalid++
				continue
			}
		}
		what, err := validateAs(k, displayName(name), data)
		if err != nil {
			if verr, ok := asValidation(err); ok {
				printProblems(e.stderr, verr)
			} else {
				fmt.Fprintf(e.stderr, "%s: %v\n", displayName(name), err)
			}
			invalid++
			continue
		}
		fmt.Fprintf(e.stdout, "%s: ok: %s\n", displayName(name), what)
	}
	if invalid > 0 {
		fmt.Fprintf(e.stderr, "postmortem validate: %d of %d files invalid\n", invalid, len(files))
		return errReported
	}
	return nil
}

// validateAs loads data as kind k and describes what it holds.
func validateAs(k fileKind, name string, data []byte) (string, error) {
	switch k {
	case kindIncident:
		inc, err := rca.Load(name, data)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("incident %q", inc.ID), nil
	case kindPolicy:
		p, err := sla.Load(name, data)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("policy %q version %q", p.ID, p.Version), nil
	case kindStatus:
		incs, err := rca.ImportStatuspage(name, data, rca.StatuspageOpts{})
		if err != nil {
			return "", err
		}
		return "Statuspage export of " + plural(len(incs), "incident"), nil
	default:
		return validatePlans(name, data)
	}
}

// detectKind tells what a file holds from its top-level fields: among the
// kinds a field marks (see validateUsage), the one whose format has the
// most of them (so an incident with a stray "objective" is an incident,
// its objective an unknown field). A file
// that does not parse gets its syntax problems; one whose fields say
// nothing, or fit two kinds equally, an error asking for -kind.
func detectKind(name string, data []byte) (fileKind, error) {
	var none struct{}
	doc, err := fileformat.Decode(name, data, &none, fileformat.Options{})
	if doc == nil {
		return "", err
	}
	kinds := []struct {
		kind   fileKind
		marks  []string // one of these makes the kind a candidate
		fields []string // the candidate with the most of these wins
	}{
		{kindIncident, []string{"timeline", "impacts", "title"}, fileformat.FieldNames(rca.Incident{})},
		{kindPolicy, []string{"objective", "window"}, fileformat.FieldNames(sla.Policy{})},
		{kindPlans, []string{"plans"}, []string{"plans"}},
		{kindStatus, []string{"incidents"}, []string{"incidents", "page"}},
	}
	best, bestN, tie := fileKind(""), 0, false
	for _, k := range kinds {
		n, marked := 0, false
		for _, key := range doc.Keys() {
			marked = marked || slices.Contains(k.marks, key)
			if slices.Contains(k.fields, key) {
				n++
			}
		}
		if !marked {
			continue
		}
		switch {
		case n > bestN:
			best, bestN, tie = k.kind, n, false
		case n == bestN && n > 0:
			tie = true
		}
	}
	if bestN > 0 && !tie {
		return best, nil
	}
	// Every key of a parsed document is an unknown field of struct{}, with a
	// path; problems without one are syntax problems: report those.
	if verr, ok := asValidation(err); ok {
		var syntax []rca.Problem
		for _, p := range verr.Problems {
			if p.Path == "" {
				syntax = append(syntax, p)
			}
		}
		if len(syntax) > 0 {
			return "", &rca.ValidationError{Problems: syntax}
		}
	}
	if tie {
		return "", fmt.Errorf("%s: its top-level fields fit two kinds of file equally; give -kind", name)
	}
	return "", fmt.Errorf("%s: cannot tell whether this is an incident, a policy, plans or a Statuspage export "+
		"(no top-level %s); give -kind", name, strings.Join([]string{"timeline", "impacts", "title", "objective", "window", "plans", "incidents"}, ", "))
}

// validatePlans loads a plans file and describes it.
func validatePlans(name string, data []byte) (string, error) {
	plans, err := credit.LoadPlans(name, data)
	if err != nil {
		return "", err
	}
	return plural(len(plans), "plan"), nil
}
