package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

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
Usage: postmortem validate [-kind KIND] FILE...

Checks incident, SLA policy and plans files (YAML or JSON), OpenSLO SLOs
read as policies, the Statuspage and PagerDuty exports (JSON) that
"postmortem import" reads, subscriptions CSV files that "postmortem
credits" reads and credit lines CSV files that it writes, and prints every
problem on standard error: "file:line:column: field.path: message" for
YAML and JSON, "file:line: column "value": reason" for a CSV row, as
credits reports a rejected row. A file that is valid is listed on standard
output with its kind and what it holds.

The kind of each file is read from its content unless -kind says it:
  subscriptions  a CSV header with "plan_id"
  lines          a CSV header with "subscription_id", "idempotency_key" and
                 "explanation"
  ledger         a CSV header with "subscription_id" and "idempotency_key"
                 but no "explanation": what credits -issued reads
  changes        a CSV header with "plan_id" and "changed_at" (postmortem refunds)
  plans          a "plans" list
  policy         "objective" or "window"
  openslo        "apiVersion: openslo/..."
  incident       "timeline", "impacts" or "title"
  statuspage     "page", or "incidents" without PagerDuty's "limit", "offset", "more"
  pagerduty      "log_entries", "incident", or "incidents" with "limit", "offset", "more"
When the fields mark several kinds, the one whose format has the most of
them wins (an incident with a stray "objective" is an incident); a tie asks
for -kind. A file postmortem writes and no command reads (a run or demo
summary, SLA results or metrics in JSON, a refunds or exposure file) is
named as such, and counts as invalid.

Subscriptions are checked as credits reads them: every row, with the
plans and policies validated in the same run (their plan ids must be
known, and dates are read in each plan's billing zone); without them plan
ids are not checked and dates are read in UTC. Duplicate ids are found in
both cases. A ledger is checked as credits -issued checks it: every row,
the keys, and with the plans and policies of the run its windows and
currencies.

Exit status 1 when any file is invalid.
`

// fileKind is what a file holds.
type fileKind string

const (
	kindAuto          fileKind = "auto"
	kindIncident      fileKind = "incident"
	kindPolicy        fileKind = "policy"
	kindPlans         fileKind = "plans"
	kindStatus        fileKind = "statuspage"
	kindPager         fileKind = "pagerduty"
	kindOpenSLO       fileKind = "openslo"
	kindSubscriptions fileKind = "subscriptions"
	kindLines         fileKind = "lines"
	kindLedger        fileKind = "ledger"
	kindChanges       fileKind = "changes"
)

// maxRowProblems is how many refused rows validate prints per CSV file.
const maxRowProblems = 100

// validated is one file of a validate run: what it is and what was found.
type validated struct {
	name string // as given ("-": standard input)
	kind fileKind
	csv  *bufio.Reader // a CSV file, checked once every other file is
	done func()        // closes it
	what string        // what a valid file holds
	err  error
}

func runValidate(e *env, args []string) error {
	fs := newFlags(e, "validate", validateUsage)
	kind := fs.String("kind", "auto", "what every `KIND` of file holds: auto, incident, policy, openslo, plans, statuspage, pagerduty, subscriptions, lines, ledger or changes")
	files, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := oneOf("kind", *kind, "auto", "incident", "policy", "openslo", "plans", "statuspage", "pagerduty", "subscriptions", "lines", "ledger", "changes"); err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("no file given")
	}
	if err := stdinOnce(files...); err != nil {
		return err
	}
	// Incidents, policies and plans first: the subscriptions are checked
	// against the plans and policies of the run.
	var runPlans []credit.Plan
	var runPolicies []*sla.Policy
	results := make([]validated, len(files))
	for i, name := range files {
		v := &results[i]
		v.name, v.kind = name, fileKind(*kind)
		v.csv, v.done, v.err = e.openCSV(name, &v.kind)
		if v.err != nil || v.csv != nil {
			continue
		}
		data, err := e.readInput(name)
		if err != nil {
			v.err = err
			continue
		}
		if v.kind == kindAuto {
			if v.kind, v.err = detectKind(displayName(name), data); v.err != nil {
				if looksLikeCSV(data) {
					v.err = errors.New("a CSV file whose header names neither plan_id (a subscriptions file, or with changed_at a changes file) nor subscription_id and idempotency_key (a credit lines file or a ledger)")
				}
				continue
			}
		}
		var plans []credit.Plan
		var policy *sla.Policy
		v.what, plans, policy, v.err = validateAs(v.kind, displayName(name), data)
		runPlans, runPolicies = append(runPlans, plans...), appendNonNil(runPolicies, policy)
	}
	zones, changeZones := planZones(runPlans, runPolicies), refundZones(runPlans)
	for i := range results {
		if v := &results[i]; v.csv != nil {
			z := zones
			if v.kind == kindChanges {
				z = changeZones
			}
			v.what, v.err = e.validateCSV(v, z, runPlans, runPolicies)
			v.done()
		}
	}

	invalid := 0
	text := newSafeWriter(e.stdout)
	for _, v := range results {
		if v.err == nil {
			fmt.Fprintf(text, "%s: ok: %s\n", displayName(v.name), v.what)
			continue
		}
		invalid++
		var verr *rca.ValidationError
		switch {
		case errors.As(v.err, &verr):
			printProblems(e.stderr, verr)
		case errors.Is(v.err, errReported):
		default:
			fmt.Fprintf(e.stderr, "%s: %v\n", displayName(v.name), v.err)
		}
	}
	if invalid > 0 {
		fmt.Fprintf(e.stderr, "postmortem validate: %d of %d files invalid\n", invalid, len(files))
		return errReported
	}
	return nil
}

func appendNonNil[T any](s []*T, p *T) []*T {
	if p == nil {
		return s
	}
	return append(s, p)
}

// openCSV opens the file name when it is a CSV file validate reads (by its
// header, or by *kind), and sets *kind to what it holds; it returns a nil
// reader for any other file, which is read whole instead. A file that
// cannot be opened is an error.
func (e *env) openCSV(name string, kind *fileKind) (*bufio.Reader, func(), error) {
	if *kind != kindAuto && *kind != kindSubscriptions && *kind != kindLines && *kind != kindLedger && *kind != kindChanges {
		return nil, nil, nil
	}
	if name == "-" && *kind == kindAuto {
		// Standard input can be read once: detect its kind from what is
		// buffered, and read it whole only when it is not CSV.
		if e.stdinUsed {
			return nil, nil, usagef("standard input (\"-\") given twice")
		}
		br := bufio.NewReaderSize(e.stdin, 64<<10)
		e.stdin, e.stdinUsed = br, false
		if out := csvWrittenOnly(br); out != "" {
			e.stdinUsed = true
			return nil, nil, errWrittenOnly(out)
		}
		if k := csvKind(br); k != "" {
			*kind = k
			e.stdinUsed = true
			return br, func() {}, nil
		}
		return nil, nil, nil
	}
	r, _, err := e.openInput(name)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if *kind == kindAuto {
		if out := csvWrittenOnly(br); out != "" {
			r.Close()
			return nil, nil, errWrittenOnly(out)
		}
		*kind = csvKind(br)
		if *kind == "" {
			r.Close()
			*kind = kindAuto
			return nil, nil, nil
		}
	}
	return br, func() { r.Close() }, nil
}

// csvKind tells from its first line whether br holds a subscriptions or a
// lines CSV file, and returns "" otherwise. It only peeks.
func csvKind(br *bufio.Reader) fileKind {
	has := csvHeader(br)
	switch {
	case has("subscription_id") && has("idempotency_key") && !has("explanation"):
		return kindLedger
	case has("subscription_id") && has("idempotency_key"):
		return kindLines
	case has("plan_id") && has("changed_at"):
		return kindChanges
	case has("plan_id"):
		return kindSubscriptions
	}
	return ""
}

// csvHeader returns whether br's first line, a CSV header, names a column.
// It only peeks; a first line that is not CSV names none.
func csvHeader(br *bufio.Reader) (has func(col string) bool) {
	head, _ := br.Peek(br.Size())
	line, _, _ := bytes.Cut(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), []byte("\n"))
	header, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return func(string) bool { return false }
	}
	return func(col string) bool { return slices.Contains(header, col) }
}

// csvWrittenOnly is writtenOnly for a CSV file, by its header.
func csvWrittenOnly(br *bufio.Reader) string { return writtenOnly(csvHeader(br)) }

// writtenOnly names, by the fields that mark it, a file postmortem writes
// and no command reads, and returns "" for any other. validate says what
// such a file is instead of checking it as the kind it resembles: a run
// summary has a "plans" list, a refunds file the columns of a lines file,
// an exposure CSV a subscriptions file's plan_id, metrics an "incident".
func writtenOnly(has func(field string) bool) string {
	switch {
	case has("new_plan_id") && has("net") && has("idempotency_key"):
		return "a refunds file (postmortem refunds -out)"
	case has("duration_seconds") && has("outage_start"):
		return "an exposure CSV (postmortem exposure -out)"
	case has("points") && has("crossings"):
		return "an exposure summary (postmortem exposure -summary)"
	case has("files") && has("credits") && has("windows"):
		return "the demo's summary (postmortem demo)"
	case has("subscriptions_read") && has("totals"):
		return "a run summary (postmortem credits -summary)"
	case has("policy_version") && has("windows"):
		return "SLA results (postmortem sla -format json)"
	case has("time_to_detect_seconds"):
		return "incident metrics (postmortem metrics -format json)"
	}
	return ""
}

// errWrittenOnly is the problem of a file writtenOnly recognises.
func errWrittenOnly(what string) error {
	return fmt.Errorf("%s, which postmortem writes and no command reads: validate checks the files the commands read (-kind checks it as one of them)", what)
}

// looksLikeCSV reports whether data's first line is a CSV record of
// several fields that YAML would not take for a mapping.
func looksLikeCSV(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	rec, err := csv.NewReader(bytes.NewReader(line)).Read()
	return err == nil && len(rec) > 1 && !bytes.Contains(line, []byte(":")) && !bytes.HasPrefix(bytes.TrimSpace(line), []byte("{"))
}

// validateCSV reads every row of a subscriptions or lines file and prints
// the problems of the first maxRowProblems rows refused, as credits
// reports rejected rows. zones are the plans of the run (nil: none). A
// ledger is checked as credits -issued checks it, against the plans and
// policies of the run when it has some.
func (e *env) validateCSV(v *validated, zones map[string]*time.Location, plans []credit.Plan, policies []*sla.Policy) (string, error) {
	file := displayName(v.name)
	if v.kind == kindLedger {
		return validateLedger(v.csv, file, plans, policies)
	}
	var errs func(yield func(error) bool)
	noun := "subscription"
	switch v.kind {
	case kindSubscriptions:
		errs = func(yield func(error) bool) {
			for _, err := range credit.ReadSubscriptions(v.csv, credit.ReadOptions{File: file, Zones: zones}) {
				if !yield(err) {
					return
				}
			}
		}
	case kindChanges:
		noun = "change"
		errs = func(yield func(error) bool) {
			for _, err := range credit.ReadChanges(v.csv, credit.ReadOptions{File: file, Zones: zones}) {
				if !yield(err) {
					return
				}
			}
		}
	default:
		noun = "credit line"
		errs = func(yield func(error) bool) {
			for _, err := range credit.ReadLines(v.csv, file) {
				if !yield(err) {
					return
				}
			}
		}
	}
	rows, refused := 0, 0
	for err := range errs {
		var re *credit.RowError
		switch {
		case errors.As(err, &re):
			if refused < maxRowProblems {
				fmt.Fprintln(e.stderr, re)
			}
			refused++
		case err != nil:
			return "", err
		}
		rows++
	}
	if refused > 0 {
		if refused > maxRowProblems {
			fmt.Fprintf(e.stderr, "%s: … and %d more rows refused\n", file, refused-maxRowProblems)
		}
		fmt.Fprintf(e.stderr, "%s: %s of %s refused\n", file, plural(refused, "row"), plural(rows, "row"))
		return "", errReported
	}
	what := fmt.Sprintf("%s file, %s", v.kind, plural(rows, noun))
	switch {
	case v.kind == kindSubscriptions && zones == nil:
		what += " (plan ids not checked, dates read in UTC: give the plans and policy files too)"
	case v.kind == kindChanges && zones == nil:
		what += " (plan ids not checked, dates read in UTC: give the plans file too)"
	}
	return what, nil
}

// validateLedger reads the ledger file r and returns its problems, with
// those NewCalculator finds against plans and policies when both are
// given.
func validateLedger(r io.Reader, file string, plans []credit.Plan, policies []*sla.Policy) (string, error) {
	ledger := new(credit.Ledger)
	err := ledger.ReadCSV(r, credit.LedgerOptions{File: file})
	if _, ok := asValidation(err); err != nil && !ok {
		return "", err
	}
	entries := "entries"
	if ledger.Len() == 1 {
		entries = "entry"
	}
	what := fmt.Sprintf("ledger file, %d %s of %s", ledger.Len(), entries, plural(ledger.Subscriptions(), "subscription"))
	if len(plans) == 0 || len(policies) == 0 {
		return what + " (windows and currencies not checked: give the plans and policy files too)", ledger.Err()
	}
	_, err = credit.NewCalculator(credit.Config{Plans: plans, Policies: policies, Ledger: ledger})
	return what, err
}

// planZones returns the billing zone of every plan of the run, as credits
// reads subscriptions with them (Calculator.Zones), or nil when the run
// has no plans or they do not build a calculator with its policies.
func planZones(plans []credit.Plan, policies []*sla.Policy) map[string]*time.Location {
	if len(plans) == 0 || len(policies) == 0 {
		return nil
	}
	calc, err := credit.NewCalculator(credit.Config{Plans: plans, Policies: policies})
	if err != nil {
		return nil
	}
	return calc.Zones()
}

// refundZones returns the billing zone of every plan of the run, as
// refunds reads changes with them (Refunder.Zones), or nil when the run
// has no plans or they are not valid.
func refundZones(plans []credit.Plan) map[string]*time.Location {
	if len(plans) == 0 {
		return nil
	}
	rf, err := credit.NewRefunder(plans)
	if err != nil {
		return nil
	}
	return rf.Zones()
}

// validateAs loads data as kind k and describes what it holds; it returns
// the plans and the policy it holds, for the subscriptions of the run.
func validateAs(k fileKind, name string, data []byte) (string, []credit.Plan, *sla.Policy, error) {
	switch k {
	case kindIncident:
		inc, err := rca.Load(name, data)
		if err != nil {
			return "", nil, nil, err
		}
		return fmt.Sprintf("incident %q", inc.ID), nil, nil, nil
	case kindPolicy:
		p, err := sla.Load(name, data)
		if err != nil {
			return "", nil, nil, err
		}
		return fmt.Sprintf("policy %q version %q", p.ID, p.Version), nil, p, nil
	case kindStatus:
		res, err := statuspage.Import(statuspage.Opts{}, source.File{Name: name, Data: data})
		if err != nil {
			return "", nil, nil, err
		}
		return "Statuspage export of " + plural(len(res.Incidents), "incident"), nil, nil, nil
	case kindOpenSLO:
		slo, err := openslo.Load(name, data, openslo.Opts{})
		if err != nil {
			return "", nil, nil, err
		}
		return fmt.Sprintf("OpenSLO SLO %q as a request-based policy", slo.Policy.ID), nil, slo.Policy, nil
	case kindPager:
		incs, err := pagerduty.Import(pagerduty.Opts{}, source.File{Name: name, Data: data})
		if err != nil {
			return "", nil, nil, err
		}
		return "PagerDuty export of " + plural(len(incs), "incident"), nil, nil, nil
	default:
		plans, err := credit.LoadPlans(name, data)
		if err != nil {
			return "", nil, nil, err
		}
		return plural(len(plans), "plan"), plans, nil, nil
	}
}

// detectKind tells what a file holds from its top-level fields: among the
// kinds they mark (see validateUsage), the one whose format has the most of
// them. A file that does not parse gets its syntax problems; one whose
// fields say nothing, or fit two kinds equally, an error asking for -kind.
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
	if out := writtenOnly(func(k string) bool { return has(k) }); out != "" {
		return "", errWrittenOnly(out)
	}
	// The kinds the fields mark; when several are, the one whose format
	// has the most of the file's top-level fields (an incident with a
	// stray "objective" is an incident), and a tie asks for -kind.
	kinds := []struct {
		kind   fileKind
		marked bool
		fields []string
	}{
		{kindPlans, has("plans"), []string{"plans"}},
		{kindPolicy, has("objective", "window"), fileformat.FieldNames(sla.Policy{})},
		{kindIncident, has("timeline", "impacts", "title"), fileformat.FieldNames(rca.Incident{})},
		{kindStatus, has("page") || has("incidents") && !has("limit", "offset", "more", "log_entries"), []string{"page", "incidents"}},
		{kindPager, has("log_entries", "incident") || has("incidents") && has("limit", "offset", "more"), []string{"log_entries", "incident", "incidents", "limit", "offset", "more", "total"}},
	}
	best, bestN, tie := fileKind(""), -1, false
	for _, k := range kinds {
		if !k.marked {
			continue
		}
		n := 0
		for _, key := range doc.Keys() {
			if slices.Contains(k.fields, key) {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, tie = k.kind, n, false
		case n == bestN:
			tie = true
		}
	}
	switch {
	case best != "" && !tie:
		return best, nil
	case tie:
		return "", fmt.Errorf("%s: its top-level fields fit two kinds of file equally; give -kind", name)
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
	return "", fmt.Errorf("cannot tell whether this is an incident, a policy, plans, or a Statuspage or PagerDuty export "+
		"(no top-level %s); give -kind", strings.Join([]string{"timeline", "impacts", "title", "objective", "window", "plans", "page", "incidents", "incident", "log_entries"}, ", "))
}
