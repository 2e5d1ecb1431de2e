package main

import (
	"fmt"
	"strings"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/openslo"
	"github.com/outagekit/postmortem/source/pagerduty"
	"github.com/outagekit/postmortem/source/statuspage"
)

const validateUsage = `
Usage: postmortem validate [-kind auto|incident|policy|openslo|plans|statuspage|pagerduty] FILE...

Checks incident, SLA policy and plans files (YAML or JSON), OpenSLO SLOs
read as policies, and the Statuspage and PagerDuty exports (JSON) that
"postmortem import" reads, and prints every
problem as "file:line:column: field.path: message" on standard error. A file
that is valid is listed on standard output with its kind and id.

The kind of each file is read from its top-level fields unless -kind says it:
  plans       a "plans" list
  policy      "objective" or "window"
  openslo     "apiVersion: openslo/..."
  incident    "timeline", "impacts" or "title"
  statuspage  "page", or "incidents" without PagerDuty's "limit", "offset", "more"
  pagerduty   "log_entries", "incident", or "incidents" with "limit", "offset", "more"

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
	kindPager    fileKind = "pagerduty"
	kindOpenSLO  fileKind = "openslo"
)

func runValidate(e *env, args []string) error {
	fs := newFlags(e, "validate", validateUsage)
	kind := fs.String("kind", "auto", "what every `KIND` of file holds: auto, incident, policy, openslo, plans, statuspage or pagerduty")
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := oneOf("kind", *kind, "auto", "incident", "policy", "openslo", "plans", "statuspage", "pagerduty"); err != nil {
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
			fmt.Fprintf(e.stderr, "%s: %v\n", displayName(name), err)
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
		res, err := statuspage.Import(statuspage.Opts{}, source.File{Name: name, Data: data})
		if err != nil {
			return "", err
		}
		return "Statuspage export of " + plural(len(res.Incidents), "incident"), nil
	case kindOpenSLO:
		slo, err := openslo.Load(name, data, openslo.Opts{})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("OpenSLO SLO %q as a request-based policy", slo.Policy.ID), nil
	case kindPager:
		incs, err := pagerduty.Import(pagerduty.Opts{}, source.File{Name: name, Data: data})
		if err != nil {
			return "", err
		}
		return "PagerDuty export of " + plural(len(incs), "incident"), nil
	default:
		return validatePlans(name, data)
	}
}

// detectKind tells what a file holds from its top-level fields. A file that
// does not parse gets its syntax problems; one whose fields say nothing an
// error asking for -kind.
func detectKind(name string, data []byte) (fileKind, error) {
	if openslo.Is(data) {
		return kindOpenSLO, nil
	}
	var none struct{}
	doc, err := fileformat.Decode(name, data, &none, fileformat.Options{})
	if doc == nil {
		return "", err
	}
	has := func(keys ...string) bool {
		for _, k := range keys {
			if line, _ := doc.Locate(k); line > 0 {
				return true
			}
		}
		return false
	}
	switch {
	case has("plans"):
		return kindPlans, nil
	case has("objective", "window"):
		return kindPolicy, nil
	case has("timeline", "impacts", "title"):
		return kindIncident, nil
	case has("page"), has("incidents") && !has("limit", "offset", "more", "log_entries"):
		return kindStatus, nil
	case has("log_entries", "incident", "incidents"):
		return kindPager, nil
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
	return "", fmt.Errorf("%s: cannot tell whether this is an incident, a policy, plans, or a Statuspage or PagerDuty export "+
		"(no top-level %s); give -kind", name, strings.Join([]string{"timeline", "impacts", "title", "objective", "window", "plans", "page", "incidents", "incident", "log_entries"}, ", "))
}

// validatePlans loads a plans file and describes it.
func validatePlans(name string, data []byte) (string, error) {
	plans, err := credit.LoadPlans(name, data)
	if err != nil {
		return "", err
	}
	return plural(len(plans), "plan"), nil
}
