package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/outagekit/postmortem"
	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/atomicfile"
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/report"
	"github.com/outagekit/postmortem/sla"
	"github.com/outagekit/postmortem/source"
)

const demoUsage = `
Usage: postmortem demo [-out DIR] [-force]

Runs the whole pipeline on the seed incident, from data embedded in the
binary (no other file is needed): the Constant Contact outage of
2014-04-18 → SLA results (monthly windows in America/New_York; partial
restoration counts as down) → credits for every demo subscription → the
root-cause report as Markdown and PDF → what outages of each length,
from when this one started, would have cost the same subscribers.

Writes into DIR (default: "postmortem-demo-ID" in the current directory,
ID being the incident's id) six files:
  report.md     the root-cause report, Markdown
  report.pdf    the root-cause report, PDF
  sla.json      the SLA results per window (as "postmortem sla -format json")
  credits.csv   one credit line per subscription and window
  exposure.svg  the credits of outages of 0 to 72 hours starting when the
                incident did, per currency, the incident's own marked
                (as "postmortem exposure -svg")
  summary.json  the run: incident, downtime, availability, and the credit
                counts and totals per currency to check credits.csv against
then prints what it wrote and the headline figures. Run again, it replaces
the files of its earlier run; a DIR that holds other files is refused
unless -force.
`

// The names of the demo's files in its output folder.
const (
	demoMarkdown = "report.md"
	demoPDF      = "report.pdf"
	demoSLA      = "sla.json"
	demoCredits  = "credits.csv"
	demoExposure = "exposure.svg"
	demoSummary  = "summary.json"
)

func runDemo(e *env, args []string) error {
	fs := newFlags(e, "demo", demoUsage)
	out := fs.file("out", "", "write the files into `DIR` (default \"postmortem-demo-ID\")")
	force := fs.Bool("force", false, "write into DIR even when it holds files the demo did not write")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	in, err := loadDemo(postmortem.Demo())
	if err != nil {
		return fmt.Errorf("embedded demo data: %w", err)
	}
	dir := *out
	if dir == "" {
		dir = "postmortem-demo-" + source.FileName(in.incident.ID)
	}
	created, err := prepareDir(dir, *force, in.incident.ID)
	if err != nil {
		return err
	}
	sum, err := runDemoPipeline(e, in, dir)
	if err != nil {
		if created {
			os.Remove(dir) // the folder this run made, empty: leave nothing behind
		}
		return err
	}
	return printDemo(newSafeWriter(e.stdout), dir, in, sum)
}

// demoInputs are the parsed embedded inputs and the SLA results.
type demoInputs struct {
	incident *rca.Incident
	policy   *sla.Policy
	plans    []credit.Plan
	subs     []byte
	results  []sla.Result
}

func loadDemo(fsys fs.FS) (*demoInputs, error) {
	read := func(name string) []byte {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err) // the files are embedded: a missing one is a bug
		}
		return b
	}
	var in demoInputs
	var err error
	if in.incident, err = rca.Load(postmortem.DemoIncident, read(postmortem.DemoIncident)); err != nil {
		return nil, err
	}
	if in.policy, err = sla.Load(postmortem.DemoPolicy, read(postmortem.DemoPolicy)); err != nil {
		return nil, err
	}
	if in.plans, err = credit.LoadPlans(postmortem.DemoPlans, read(postmortem.DemoPlans)); err != nil {
		return nil, err
	}
	in.subs = read(postmortem.DemoSubscriptions)
	if in.results, err = sla.Measure(in.policy, []*rca.Incident{in.incident}, sla.Options{}); err != nil {
		return nil, err
	}
	return &in, nil
}

// prepareDir creates dir, and reports whether it did. An existing dir is
// written into when it is empty, when it holds the output of an earlier
// demo run and nothing else (see isDemoOutput: a demo is run again by
// everyone), or when force; otherwise it is refused.
func prepareDir(dir string, force bool, incident string) (created bool, err error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, os.MkdirAll(dir, 0o777)
	case err != nil:
		return false, err
	case len(entries) > 0 && !force && !isDemoOutput(dir, entries, incident):
		return false, usagef("%s exists and holds files the demo did not write: give another -out, or -force to write into it", dir)
	}
	return false, nil
}

// isDemoOutput reports whether the folder dir, whose entries are given,
// holds the output of an earlier demo run of the incident and nothing
// else: only the demo's files, and a summary.json that the demo wrote for
// that incident.
func isDemoOutput(dir string, entries []fs.DirEntry, incident string) bool {
	for _, e := range entries {
		if !e.Type().IsRegular() || !slices.Contains(demoSteps, e.Name()) {
			return false
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, demoSummary))
	if err != nil {
		return false
	}
	var prev struct {
		Incident string            `json:"incident"`
		Files    map[string]string `json:"files"`
	}
	return json.Unmarshal(data, &prev) == nil && prev.Incident == incident && prev.Files["credit_lines"] == demoCredits
}

// demoSteps are the demo's files in the order they are prepared.
var demoSteps = []string{demoSLA, demoCredits, demoMarkdown, demoPDF, demoExposure, demoSummary}

// runDemoPipeline writes the five files into dir and returns the credit
// summary. The files are prepared in a staging folder inside dir and moved
// into place together at the end (atomicfile.Stage): on an error or an
// interruption none of them is left in dir.
func runDemoPipeline(e *env, in *demoInputs, dir string) (*credit.Summary, error) {
	stage, err := atomicfile.NewStage(dir)
	if err != nil {
		return nil, err
	}
	defer stage.Close()
	prepared := 0
	// step checks for an interruption after a file was prepared.
	step := func() error {
		prepared++
		if e.ctx.Err() != nil {
			return &interruptedError{fmt.Sprintf("preparing %d of the %d files (%s)", prepared, len(demoSteps), strings.Join(demoSteps[:prepared], ", "))}
		}
		return nil
	}

	incidents := []*rca.Incident{in.incident}
	if err := atomicfile.Write(stage.Path(demoSLA), e.stdout, func(w io.Writer) error {
		return writeJSON(w, slaDoc{in.policy.ID, in.policy.Version, nonNil(in.results)})
	}); err != nil {
		return nil, err
	}
	if err := step(); err != nil {
		return nil, err
	}

	calc, err := credit.NewCalculator(credit.Config{Plans: in.plans, Policies: []*sla.Policy{in.policy}, Incidents: incidents})
	if err != nil {
		return nil, err
	}
	lines, err := atomicfile.Create(stage.Path(demoCredits), e.stdout)
	if err != nil {
		return nil, err
	}
	defer lines.Close()
	run, err := runBatch(e, calc, bytes.NewReader(in.subs), credit.BatchOptions{File: postmortem.DemoSubscriptions}, lines, nil)
	if err != nil {
		return nil, err
	}
	if err := lines.Commit(); err != nil {
		return nil, err
	}
	if run.summary.Rejected > 0 {
		return nil, fmt.Errorf("embedded demo data: %s rejected: %v", plural(int(run.summary.Rejected), "subscription"), run.rejects[0])
	}
	if err := step(); err != nil {
		return nil, err
	}

	chart, further, err := demoCurve(e, in)
	if err != nil {
		return nil, err
	}
	doc := report.New(in.incident, report.Options{})
	doc.Policy, doc.Results, doc.Credits, doc.FurtherHour = in.policy, in.results, &run.summary, further
	for _, f := range []struct{ name, format string }{{demoMarkdown, "md"}, {demoPDF, "pdf"}} {
		if err := atomicfile.Write(stage.Path(f.name), e.stdout, func(w io.Writer) error {
			return render(w, f.format, doc)
		}); err != nil {
			return nil, err
		}
		if err := step(); err != nil {
			return nil, err
		}
	}

	if err := atomicfile.Write(stage.Path(demoExposure), e.stdout, func(w io.Writer) error {
		return report.WriteExposureSVG(w, chart)
	}); err != nil {
		return nil, err
	}
	if err := step(); err != nil {
		return nil, err
	}

	if err := atomicfile.Write(stage.Path(demoSummary), e.stdout, func(w io.Writer) error {
		return writeJSON(w, demoSummaryJSON(in, &run.summary))
	}); err != nil {
		return nil, err
	}
	if err := stage.Commit(); err != nil {
		return nil, err
	}
	return &run.summary, nil
}

// The JSON form of the demo's run summary.
type (
	demoSummaryDoc struct {
		Incident      string            `json:"incident"`
		Title         string            `json:"title"`
		Policy        string            `json:"policy"`
		PolicyVersion string            `json:"policy_version"`
		Windows       []demoWindowDoc   `json:"windows"`
		Files         map[string]string `json:"files"`
		Credits       credit.Summary    `json:"credits"`
	}
	demoWindowDoc struct {
		Start               string `json:"start"`
		End                 string `json:"end"`
		Downtime            string `json:"downtime"`
		DowntimeSeconds     string `json:"downtime_seconds"`
		AvailabilityPercent string `json:"availability_percent"`
		ObjectivePercent    string `json:"objective_percent"`
		Met                 bool   `json:"met"`
	}
)

func demoSummaryJSON(in *demoInputs, s *credit.Summary) demoSummaryDoc {
	d := demoSummaryDoc{
		Incident:      in.incident.ID,
		Title:         in.incident.Title,
		Policy:        in.policy.ID,
		PolicyVersion: in.policy.Version,
		Windows:       []demoWindowDoc{},
		Files: map[string]string{
			"report_markdown": demoMarkdown,
			"report_pdf":      demoPDF,
			"sla_results":     demoSLA,
			"credit_lines":    demoCredits,
			"exposure_chart":  demoExposure,
		},
		Credits: *s,
	}
	for _, r := range in.results {
		d.Windows = append(d.Windows, demoWindowDoc{
			Start:               rfc3339(r.Start),
			End:                 rfc3339(r.End),
			Downtime:            fileformat.FormatDuration(r.Downtime),
			DowntimeSeconds:     string(seconds(r.Downtime)),
			AvailabilityPercent: availabilityText(&r),
			ObjectivePercent:    r.Objective.String(),
			Met:                 r.Met,
		})
	}
	return d
}

// availabilityText shows an availability with 6 decimal places, rounded
// once from the exact value: "97.990741".
func availabilityText(r *sla.Result) string { return r.AvailabilityAt(6).StringFixed(6) }

// printDemo prints the files written and the headline figures.
func printDemo(w io.Writer, dir string, in *demoInputs, s *credit.Summary) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "postmortem demo: %s\n", in.incident.Title)
	fmt.Fprintf(tw, "(embedded seed data: incident %s, policy %s)\n\n", in.incident.ID, in.policy.ID)
	fmt.Fprintf(tw, "wrote %s%c\n", dir, filepath.Separator)
	for _, f := range []struct{ name, what string }{
		{demoMarkdown, "root-cause report, Markdown"},
		{demoPDF, "root-cause report, PDF"},
		{demoSLA, "SLA results per window"},
		{demoCredits, fmt.Sprintf("credit lines, %s", plural(int(s.Lines), "line"))},
		{demoExposure, "credits of outages of 0 to 72 hours from the same start, chart"},
		{demoSummary, "run summary: counts and totals to check the lines against"},
	} {
		fmt.Fprintf(tw, "  %s\t%s\n", f.name, f.what)
	}
	fmt.Fprintln(tw)
	for _, r := range in.results {
		verdict := "not met"
		if r.Met {
			verdict = "met"
		}
		fmt.Fprintf(tw, "window\t%s (%s)\n", r.Start.Format("January 2006"), in.policy.Window.Zone)
		fmt.Fprintf(tw, "downtime\t%s (%s s)\n", displayDuration(r.Downtime), seconds(r.Downtime))
		fmt.Fprintf(tw, "availability\t%s%% (objective %s%%: %s)\n", availabilityText(&r), r.Objective, verdict)
	}
	fmt.Fprintf(tw, "credited\t%d of %d subscriptions\n", s.Credited, s.Read)
	var totals []string
	for _, t := range s.Totals {
		totals = append(totals, fmt.Sprintf("%s %s", t.Currency, credit.FormatAmount(t.Amount, t.Currency)))
	}
	fmt.Fprintf(tw, "totals\t%s\n", strings.Join(totals, ", "))
	return tw.Flush()
}

// demoCurve prices outages of 0 to 72 hours (every quarter of an hour,
// and the incident's own downtime) starting when the incident did, for the
// demo's subscribers in its window: the chart marks the incident, whose
// point is the credit run's totals. It also prices one further hour of
// the incident, for the report.
func demoCurve(e *env, in *demoInputs) (*report.ExposureChart, []credit.Cost, error) {
	first := in.results[0]
	ds, err := credit.ParseDurations("0..72h/15m")
	if err != nil {
		return nil, nil, err
	}
	ds = append(ds, first.Downtime)
	slices.Sort(ds)
	ds = slices.Compact(ds)
	start := first.Spans[0].Start
	cfg := credit.Config{Plans: in.plans, Policies: []*sla.Policy{in.policy}}
	x, err := credit.NewExposure(cfg, credit.ExposureOptions{Window: start, Durations: ds, Place: credit.PlaceAt, At: start,
		Components: in.incident.AllComponents()})
	if err != nil {
		return nil, nil, err
	}
	curve, err := x.Run(e.ctx, credit.ReadSubscriptions(bytes.NewReader(in.subs), credit.ReadOptions{File: postmortem.DemoSubscriptions, Zones: x.Zones()}), nil)
	if err != nil {
		return nil, nil, err
	}
	further, _, _, err := furtherHour(e, cfg, []*rca.Incident{in.incident}, bytes.NewReader(in.subs), postmortem.DemoSubscriptions)
	if err != nil {
		return nil, nil, err
	}
	chart := &report.ExposureChart{Curve: curve, Marks: []report.Mark{{Duration: first.Downtime, Label: in.incident.ID}}}
	return chart, further, nil
}
