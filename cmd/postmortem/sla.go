package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

const slaUsage = `
Usage: postmortem sla -policy FILE [-from T] [-to T] [-as-of T] [-format text|json] [-out FILE] -incident FILE...
       postmortem sla -policy FILE -requests [ROLE=]FILE... [-requests-counter] [-objective NAME] [flags]

Measures the incidents under the SLA policy, one result per window (calendar
month, quarter or year in the policy's zone, or rolling days) that overlaps
the range. Without -from and -to the range is the span of the incidents'
impacts. Several incidents may be given: repeat -incident, or list the files
after it.

text shows the arithmetic of every window: the counting rules, each counted
span with its weight, the division that gives the availability, the
objective and the error budget.

json is the stable interface for programs:
  {"policy": ID, "policy_version": V, "windows": [RESULT, ...]}
where every RESULT has start, end (RFC 3339), window_seconds,
excluded_seconds, measured_seconds, downtime_seconds,
weighted_downtime_seconds, availability_percent (6 decimals, rounded once),
objective_percent, met, budget_allowed_seconds, budget_consumed_seconds,
budget_remaining_seconds, budget_burn_percent, incidents and spans; numbers
other than counts are decimal strings.

The policy is a policy file or an OpenSLO v1 SLO document (RatioTimeslices;
-objective names the objective when it has several).

-requests measures a request-based policy from Prometheus range query results
(the JSON of /api/v1/query_range), one query per file: ROLE is bad_ratio
(the default, the share of failed requests per step) or good_ratio, or
total with good or bad (requests per step, or cumulative counters with
-requests-counter). With an OpenSLO policy the roles and counters default
to what its SLI says.

T is RFC 3339, or a local time ("2014-04-01 00:00") or date ("2014-04-01")
in the policy's zone.
`

// slaDoc is the JSON document of the sla command.
type slaDoc struct {
	Policy        string       `json:"policy"`
	PolicyVersion string       `json:"policy_version"`
	Windows       []sla.Result `json:"windows"`
}

func runSLA(e *env, args []string) error {
	fs := newFlags(e, "sla", slaUsage)
	policyFile := fs.file("policy", "", "the SLA policy `FILE` (YAML or JSON)")
	var incidentFiles listFlag
	fs.Var(&incidentFiles, "incident", "an incident `FILE`; repeat, or list more files after it")
	from := fs.String("from", "", "measure the windows from instant `T` on")
	to := fs.String("to", "", "measure the windows up to instant `T`")
	asOf := fs.String("as-of", "", "measure ongoing impacts up to instant `T` (default -to, or the incidents' latest instant)")
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	out := fs.file("out", "-", "write to `FILE` (\"-\": standard output)")
	var requestFiles listFlag
	fs.Var(&requestFiles, "requests", "a Prometheus range query result `[ROLE=]FILE` (ROLE: bad_ratio, good_ratio, total, good, bad); repeat for two roles")
	counter := fs.Bool("requests-counter", false, "the total, good and bad series are cumulative counters")
	fs.StringVar(&e.sloOpts.Objective, "objective", "", "with an OpenSLO policy: the displayName of the objective to measure")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	incidentFiles = append(incidentFiles, pos...)
	if err := requireFlag("policy", *policyFile); err != nil {
		return err
	}
	if len(incidentFiles) == 0 && len(requestFiles) == 0 {
		return usagef("-incident or -requests is required")
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return err
	}
	inputs := append(append([]string{*policyFile}, incidentFiles...), requestPaths(requestFiles)...)
	if err := stdinOnce(inputs...); err != nil {
		return err
	}
	o, w, err := e.startOutput(*out, inputs)
	if err != nil {
		return err
	}
	defer o.close()
	policy, incidents, err := e.loadPolicyAndIncidents(*policyFile, incidentFiles)
	if err != nil {
		return err
	}
	opts, err := measureOpts(policy, *from, *to, *asOf)
	if err != nil {
		return err
	}
	var ratioFile string
	if len(requestFiles) > 0 {
		if opts.Requests, ratioFile, err = e.readRequests(policy, requestFiles, *counter); err != nil {
			return err
		}
	}
	results, err := sla.Measure(policy, incidents, opts)
	var norequests *sla.NoRequestsError
	if errors.As(err, &norequests) {
		return usagef("policy %q is request based: give its request counts with -requests (incidents do not measure it)", norequests.Policy)
	}
	if err != nil {
		return err
	}
	if *format == "json" {
		err = writeJSON(w, slaDoc{policy.ID, policy.Version, nonNil(results)})
	} else {
		err = writeSLAText(newSafeWriter(w), policy, results, ratioFile)
	}
	if err != nil {
		return err
	}
	return o.commit("measuring " + plural(len(results), "window"))
}

// loadPolicyAndIncidents loads the policy and the incidents, reporting the
// problems of all files together.
func (e *env) loadPolicyAndIncidents(policyFile string, incidentFiles []string) (*sla.Policy, []*rca.Incident, error) {
	var all problem.List
	policy, err := e.loadPolicy(policyFile)
	if verr, ok := asValidation(err); ok {
		all.AddAll(verr)
	} else if err != nil {
		return nil, nil, err
	}
	incidents, err := e.loadIncidents(incidentFiles)
	if verr, ok := asValidation(err); ok {
		all.AddAll(verr)
	} else if err != nil {
		return nil, nil, err
	}
	if err := all.Err(); err != nil {
		return nil, nil, err
	}
	return policy, incidents, nil
}

// measureOpts parses the range flags in the policy's zone.
func measureOpts(p *sla.Policy, from, to, asOf string) (sla.Options, error) {
	loc := p.Window.Zone
	var opts sla.Options
	var err error
	if opts.From, err = parseTimeFlag("from", from, loc); err != nil {
		return opts, err
	}
	if opts.To, err = parseTimeFlag("to", to, loc); err != nil {
		return opts, err
	}
	if opts.AsOf, err = parseTimeFlag("as-of", asOf, loc); err != nil {
		return opts, err
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && !opts.From.Before(opts.To) {
		return opts, usagef("-from %s is not before -to %s", from, to)
	}
	return opts, nil
}

// writeSLAText writes the explanation of every window. ratioFile, when
// set, names the file of ratios the request counts come from: the text
// says that their "failed of" figures are not numbers of requests.
func writeSLAText(w io.Writer, p *sla.Policy, results []sla.Result, ratioFile string) error {
	name := p.ID
	if p.Name != "" {
		name = fmt.Sprintf("%s (%s)", p.ID, p.Name)
	}
	fmt.Fprintf(w, "policy %s, version %q: %s\n", name, p.Version, plural(len(results), "window"))
	if p.Source != "" {
		fmt.Fprintf(w, "source: %s\n", p.Source)
	}
	if ratioFile != "" {
		fmt.Fprintf(w, "requests from the ratios of %s: each step's ratio is kept exactly, in lowest terms (0.0125 is 1 failed of 80), so \"failed of\" below counts those terms, not requests; the error rates and availability are exact\n", ratioFile)
	}
	for i := range results {
		fmt.Fprintln(w)
		if err := sla.Explain(w, p, &results[i]); err != nil {
			return err
		}
	}
	return nil
}

// nonNil returns s, or an empty slice for nil, so that JSON shows [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
