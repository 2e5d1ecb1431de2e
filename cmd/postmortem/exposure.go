package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/report"
)

const exposureUsage = `
Usage: postmortem exposure -policy FILE -plans FILE -subscriptions FILE|-
                           [-window W] [-incident FILE...] [-component NAME...]
                           [-level LEVEL] [-at worst|after|T] [-durations LIST]
                           [-as-of T|now] [-out FILE|-] [-summary FILE]
                           [-svg FILE] [-pdf FILE] [-lang en|de|fr] [-tz ZONE]
                           [-issued FILE]... [-over-credit keep|reverse]
                           [-rejects FILE] [-allow-rejects]

Prices hypothetical outages: for an outage of each length of -durations
(default 0..72h/15m: every quarter of an hour up to three days), the credits
the subscriptions would get in the window W of each policy (a month,
"2025-04", or an instant inside the window; default: the window holding
-as-of), per currency and per plan, the subscriptions credited, and the
credit tiers the outages reach (and caps). Every figure is exact: a point's
total is, to the cent, the total of the lines "postmortem credits" would
write with that outage added to the incidents.

With -incident, the outages come on top of what the incidents already cost
in the window: during a live incident (-as-of now, -at after) the curve
says what each further length of it would add. An incident that is still
going on needs -as-of: its impact ends there.

With -issued (the ledger of what was already issued, as for "postmortem
credits"), every credit is settled against it: a point is what the
settlement of the window with that outage would issue beyond the
settlement without it (a window already credited beyond its due issues
nothing until the outage's due exceeds what it holds, with -over-credit
keep, the default).

-at says where each outage starts:
  worst   where it counts the most downtime given what the window holds:
          exclusions and maintenance (never downtime), whole-minute
          counting, minimum downtime periods (an outage next to a blip too
          short to count makes it count), the window's bounds and the
          incidents' own downtime; of equal placements, the one continuing
          the incidents, else the earliest (the default)
  after   where the incidents' impact in the window ends: the incident
          goes on
  T       at the instant T
The outage takes down the -component given (repeat for several; default:
every component the policies cover, else those the incidents name) at
-level (default major_outage).

-durations is a list separated by commas of durations ("14h28m", "30d")
and ranges FROM..TO/STEP ("0..72h/15m"), at most 10000 in all.

Outputs: -out, the CSV of one record per duration, plan and currency:
  duration, duration_seconds, outage_start, outage_end, placement, plan_id,
  currency, subscriptions_credited, amount, total
(amount is what the outage adds; total the plan's credits with it);
-summary, the same as JSON with the windows, the placements, the credits of
the incidents alone and the tier crossings; -svg and -pdf, the chart: per
currency, the credits against outage length, the tiers reached numbered and
the incidents' position marked, in -lang with times in -tz (default: the
policy's zone). The run's summary goes to standard error. Output files are
written atomically, all or none.

A bad subscription row is rejected with its line and reason and the run goes
on, as with "postmortem credits" (-rejects, -allow-rejects).
`

func runExposure(e *env, args []string) error {
	fs := newFlags(e, "exposure", exposureUsage)
	var policyFiles, incidentFiles, components listFlag
	fs.Var(&policyFiles, "policy", "an SLA policy `FILE`; repeat for several")
	plansFile := fs.file("plans", "", "the plans `FILE` (YAML or JSON)")
	subsFile := fs.file("subscriptions", "", "the subscriptions CSV `FILE` (\"-\": standard input)")
	fs.Var(&incidentFiles, "incident", "an incident `FILE` already in the window; repeat, or list more files after it")
	window := fs.String("window", "", "the window: a month `W` (\"2025-04\") or an instant in it (default: the window holding -as-of)")
	fs.Var(&components, "component", "a component `NAME` the outage takes down; repeat for several")
	level := fs.String("level", "major_outage", "the impact `LEVEL` of the outage")
	at := fs.String("at", "worst", "where each outage starts: worst, after or an instant `T`")
	durations := fs.String("durations", "0..72h/15m", "the outage lengths: a `LIST` of durations and ranges FROM..TO/STEP")
	asOf := fs.String("as-of", "", "measure ongoing impacts up to instant `T` (\"now\": the current time)")
	outFile := fs.file("out", "-", "write the CSV to `FILE` (\"-\": standard output)")
	summaryFile := fs.file("summary", "", "also write the curve as JSON to `FILE`")
	svgFile := fs.file("svg", "", "draw the chart as SVG into `FILE`")
	pdfFile := fs.file("pdf", "", "draw the chart as PDF into `FILE`")
	lang := fs.String("lang", "en", "`LANGUAGE` of the chart: en, de or fr")
	tz := fs.String("tz", "", "show the chart's times in the IANA `ZONE` (default: the policy's zone)")
	rejectsFile := fs.file("rejects", "", "write the rejected rows as CSV to `FILE`")
	allowRejects := fs.Bool("allow-rejects", false, "exit 0 even when rows were rejected")
	settle := addSettleFlags(fs)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	incidentFiles = append(incidentFiles, pos...)
	switch {
	case len(policyFiles) == 0:
		return usagef("-policy is required")
	case *plansFile == "":
		return usagef("-plans is required")
	case *subsFile == "":
		return usagef("-subscriptions is required")
	case *window == "" && *asOf == "":
		return usagef("-window is required (or -as-of, whose window is priced)")
	}
	var opts credit.ExposureOptions
	if opts.Durations, err = credit.ParseDurations(*durations); err != nil {
		return usagef("-durations: %v", err)
	}
	if opts.Level, err = rca.ParseLevel(*level); err != nil || opts.Level == rca.Operational {
		return usagef("-level %q: want one of under_maintenance, degraded_performance, partial_outage, major_outage", *level)
	}
	opts.Components = components
	if err := settle.check(); err != nil {
		return err
	}
	chart := report.ExposureChart{}
	if chart.Options.Lang, err = parseLang(*lang); err != nil {
		return err
	}
	if chart.Options.Zone, err = parseZoneFlag("tz", *tz); err != nil {
		return err
	}
	if *pdfFile != "" && isStdoutName(*pdfFile) && isTerminal(e.stdout) {
		return usagef("refusing to write a PDF to the terminal: give -pdf FILE, or redirect standard output (> file.pdf)")
	}
	inputs := append(append(append([]string{*plansFile, *subsFile}, policyFiles...), incidentFiles...), settle.issued...)
	if err := stdinOnce(inputs...); err != nil {
		return err
	}
	o := e.newOutputs(inputs...)
	defer o.close()
	out, err := o.create("out", *outFile)
	if err != nil {
		return err
	}
	var summary, svg, pdf, rejects io.Writer
	for _, f := range []struct {
		flag, name string
		w          *io.Writer
	}{{"summary", *summaryFile, &summary}, {"svg", *svgFile, &svg}, {"pdf", *pdfFile, &pdf}, {"rejects", *rejectsFile, &rejects}} {
		if f.name == "" {
			continue
		}
		w, err := o.create(f.flag, f.name)
		if err != nil {
			return err
		}
		*f.w = w
	}

	cfg, plans, err := e.loadCreditConfig(policyFiles, *plansFile, incidentFiles)
	if err != nil {
		return err
	}
	if err := settle.apply(e, &cfg, credit.Shard{}); err != nil {
		return err
	}
	zone := cfg.Policies[0].Window.Zone
	if zone == nil {
		zone = time.UTC
	}
	if *asOf == "now" {
		cfg.AsOf = time.Now()
	} else if cfg.AsOf, err = parseTimeFlag("as-of", *asOf, zone); err != nil {
		return err
	}
	opts.Window = cfg.AsOf
	if *window != "" {
		if opts.Window, err = parseWindowFlag(*window, zone); err != nil {
			return err
		}
	}
	if cfg.AsOf.IsZero() {
		for _, inc := range cfg.Incidents {
			for _, im := range inc.EffectiveImpacts() {
				if im.IsOngoing() {
					return usagef("incident %q is still going on: give -as-of (\"now\" for the current time)", inc.ID)
				}
			}
		}
	}
	switch *at {
	case "worst":
		opts.Place = credit.PlaceWorst
	case "after":
		opts.Place = credit.PlaceAfter
	default:
		opts.Place = credit.PlaceAt
		if opts.At, err = parseTimeFlag("at", *at, zone); err != nil {
			return err
		}
	}
	x, err := credit.NewExposure(cfg, opts)
	if err != nil {
		return plans.locate(err)
	}

	r, done, err := e.openSubscriptions(*subsFile)
	if err != nil {
		return err
	}
	defer done()
	sink := newRejectSink(rejects)
	curve, err := x.RunCSV(e.ctx, r, credit.BatchOptions{File: displayName(*subsFile), Reject: sink.reject})
	if err != nil {
		var ierr *credit.InterruptedError
		if errors.As(err, &ierr) {
			return &interruptedError{fmt.Sprintf("%d subscriptions", ierr.Subscriptions)}
		}
		return err
	}
	if err := sink.flush(); err != nil {
		return err
	}
	if err := curve.WriteCSV(out); err != nil {
		return err
	}
	if summary != nil {
		if err := writeJSON(summary, curve); err != nil {
			return err
		}
	}
	chart.Curve = curve
	if len(cfg.Incidents) > 0 {
		var ids []string
		for _, inc := range cfg.Incidents {
			ids = append(ids, inc.ID)
		}
		chart.Marks = []report.Mark{{Label: strings.Join(ids, ", ")}}
	}
	if svg != nil {
		if err := report.WriteExposureSVG(svg, &chart); err != nil {
			return err
		}
	}
	if pdf != nil {
		if err := report.WriteExposurePDF(pdf, &chart); err != nil {
			return err
		}
	}
	if err := o.commit("pricing the outages"); err != nil {
		return err
	}
	printExposure(e.stderr, curve)
	if curve.Rejected > 0 {
		printRejects(e.stderr, sink.shown, curve.Rejected, *rejectsFile)
		if !*allowRejects {
			fmt.Fprintf(e.stderr, "postmortem exposure: %s rejected (-allow-rejects accepts a run with rejects)\n", plural(int(curve.Rejected), "row"))
			return errReported
		}
	}
	return nil
}

// isStdoutName reports whether an output name means standard output.
func isStdoutName(name string) bool { return name == "-" || name == "/dev/stdout" }

// printExposure prints what was priced, the points (all of them when
// there are few, else the last) and the crossings.
func printExposure(w io.Writer, c *credit.Curve) {
	pts := c.Points
	lengths := plural(len(pts), "outage length") + ": " + displayDuration(pts[0].Duration)
	if len(pts) > 1 {
		lengths = plural(len(pts), "outage length") + " from " + displayDuration(pts[0].Duration) + " to " + displayDuration(pts[len(pts)-1].Duration)
	}
	fmt.Fprintf(w, "exposure: %d subscriptions read, %d rejected; %s\n", c.Read, c.Rejected, lengths)
	for _, win := range c.Windows {
		fmt.Fprintf(w, "  window %s – %s, policy %s: %s counted before the outage\n",
			formatTime(win.Start), formatTime(win.End), win.Policy, displayDuration(win.Downtime))
	}
	var starts []string
	for _, pt := range pts {
		if pt.Placement.Rule == credit.NoPlacement {
			continue
		}
		s := formatTime(pt.Placement.Start.In(c.Windows[0].Start.Location()))
		if len(starts) == 0 || starts[len(starts)-1] != s {
			starts = append(starts, s)
		}
	}
	where := "nowhere (every length is zero)"
	switch {
	case len(starts) == 1:
		where = "from " + starts[0]
	case len(starts) > 1:
		where = fmt.Sprintf("from %d different instants (see outage_start)", len(starts))
	}
	fmt.Fprintf(w, "  outage of %s at %s, placed %s: %s\n", strings.Join(c.Components, ", "), c.Level, c.Place, where)
	show := pts
	if len(pts) > 10 {
		show = pts[len(pts)-1:]
	}
	for _, pt := range show {
		var vs []string
		for _, cost := range pt.Currencies {
			vs = append(vs, cost.Currency.String()+" "+credit.FormatAmount(cost.Amount, cost.Currency))
		}
		fmt.Fprintf(w, "  %-8s +%s (%s credited more)\n", displayDuration(pt.Duration), strings.Join(vs, ", "), plural(int(pt.Credited), "subscription"))
	}
	for _, cr := range c.Crossings {
		what := cr.Band
		if cr.Capped {
			what = "cap reached"
		}
		fmt.Fprintf(w, "  %s (%s): %s from %s, %s\n", cr.Plan, cr.Currency, what, displayDuration(cr.At), plural(int(cr.Subscriptions), "subscription"))
	}
}

// furtherHour prices one more hour of outage of every component, from
// where the impact of incs[0] ends (cfg.AsOf for an ongoing impact), on top
// of incs (the report's incident and the others counted with it), for the
// subscriptions of the CSV r: what the report's credits section says it
// would have cost. It returns nil when incs[0] has no impact, the
// number of rows the subscriptions file refused and the first of them, to
// be reported.
func furtherHour(e *env, cfg credit.Config, incs []*rca.Incident, r io.Reader, file string) ([]credit.Cost, int64, []*credit.RowError, error) {
	var end time.Time
	for _, im := range incs[0].EffectiveImpacts() {
		t := im.End
		if im.IsOngoing() {
			t = cfg.AsOf
		}
		if t.After(end) {
			end = t
		}
	}
	if end.IsZero() {
		return nil, 0, nil, nil
	}
	cfg.Incidents = incs
	x, err := credit.NewExposure(cfg, credit.ExposureOptions{Window: end, Durations: []time.Duration{time.Hour}, Place: credit.PlaceAt, At: end})
	if err != nil {
		return nil, 0, nil, err
	}
	var refused []*credit.RowError
	c, err := x.Run(e.ctx, credit.ReadSubscriptions(r, credit.ReadOptions{File: file, Zones: x.Zones()}), func(re *credit.RowError) error {
		if len(refused) < maxRejectsShown {
			refused = append(refused, re)
		}
		return nil
	})
	if err != nil {
		return nil, 0, nil, err
	}
	return c.Points[0].Currencies, c.Rejected, refused, nil
}
