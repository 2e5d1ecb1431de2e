package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/csvcell"
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
)

const creditsUsage = `
Usage: postmortem credits -policy FILE -plans FILE -subscriptions FILE|- -incident FILE...
                          [-from T] [-to T] [-as-of T] [-out FILE|-] [-summary FILE]
                          [-rejects FILE] [-allow-rejects] [-shard i/n]
                          [-issued FILE]... [-over-credit keep|reverse]

Streams a subscriptions CSV through the credit rules of the plans and writes
one credit line per subscription and window as CSV (memory stays flat
however large the input). The summary goes to standard error: subscriptions
read, credited, zero and rejected, and the total per currency; -summary also
writes it as JSON so that an importer can check the lines file is complete.

Subscriptions CSV columns (header required, any order; id and plan_id are
required):
  id, customer_id, plan_id, quantity, active_from, active_until, anchor_day,
  charged, credited
Credit lines CSV columns:
  subscription_id, customer_id, plan_id, policy, policy_version,
  window_start, window_end, currency, charge, downtime_seconds,
  weighted_seconds, measured_seconds, availability_percent, rule, band, raw,
  multiplier, capped, below_minimum, rounding, due, issued_before,
  issued_entries, amount, over_credited, claim_deadline, incidents,
  idempotency_key, explanation

A bad row is rejected with its line, column and reason and the run goes on;
-rejects writes them as CSV (file, line, field, value, reason; one record
per problem). In both CSV files a value a spreadsheet would take for a
formula (starting with =, +, -, @, a tab or a quote, and not a number) is
written with a quote in front; "go doc credit.LineColumns" says how to
read it back. The exit status is 1 when a row was rejected, unless
-allow-rejects. Output files are written atomically: on an error or Ctrl-C
none is left behind. With -out - the lines stream to standard output as
they are computed.

Repeat -policy when plans are measured by different policies. A progress bar
is drawn on standard error when it is a terminal and the input is large.

-issued names a ledger of what was already issued: the lines files of
earlier runs, in any order, or a table with the columns subscription_id,
policy, window_start, window_end, currency, amount, idempotency_key (any
order). Repeat it for several files. Every window is then settled: what is
due now, less what the ledger holds for the subscription, policy and
window, is the amount issued (due, issued_before, amount; the explanation
says it), under a key that names that transition, so that a billing system
refusing duplicate keys neither credits twice nor loses a correction. A
window credited beyond its due issues nothing with -over-credit keep (the
default; over_credited and the summary say by how much), a negative amount
with -over-credit reverse. Every problem of a ledger is printed with its
file, line and column, and nothing is credited while there is one; entries
of subscriptions not in the input are counted in the summary. With -shard,
the entries of other shards' subscriptions are ignored.

-shard i/n credits only the subscriptions of shard i of n (0 ≤ i < n): those
whose id's FNV-1a 64-bit hash modulo n is i; rows that are not valid CSV go
to shard 0. Run the n shards anywhere (a batch scheduler, a Kubernetes
indexed job): their lines files, without their header lines, together hold
exactly the lines of a single run, and their summaries add up to its
summary.
`

// progressMin is the input size from which a progress bar is drawn.
const progressMin = 8 << 20

func runCredits(e *env, args []string) error {
	fs := newFlags(e, "credits", creditsUsage)
	var policyFiles, incidentFiles listFlag
	fs.Var(&policyFiles, "policy", "an SLA policy `FILE`; repeat for several")
	plansFile := fs.file("plans", "", "the plans `FILE` (YAML or JSON)")
	subsFile := fs.file("subscriptions", "", "the subscriptions CSV `FILE` (\"-\": standard input)")
	fs.Var(&incidentFiles, "incident", "an incident `FILE`; repeat, or list more files after it")
	from := fs.String("from", "", "credit the windows from instant `T` on")
	to := fs.String("to", "", "credit the windows up to instant `T`")
	asOf := fs.String("as-of", "", "measure ongoing impacts up to instant `T`")
	outFile := fs.file("out", "-", "write the credit lines CSV to `FILE` (\"-\": standard output)")
	summaryFile := fs.file("summary", "", "also write the summary as JSON to `FILE`")
	rejectsFile := fs.file("rejects", "", "write the rejected rows as CSV to `FILE`")
	allowRejects := fs.Bool("allow-rejects", false, "exit 0 even when rows were rejected")
	shardFlag := fs.String("shard", "", "credit only shard `i/n` of the subscriptions (by a hash of the id)")
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
	case len(incidentFiles) == 0:
		return usagef("-incident is required")
	}
	var shard credit.Shard
	if *shardFlag != "" {
		if shard, err = credit.ParseShard(*shardFlag); err != nil {
			return usagef("-shard: %v", err)
		}
	}
	if err := settle.check(); err != nil {
		return err
	}
	inputs := append(append(append([]string{*plansFile, *subsFile}, policyFiles...), incidentFiles...), settle.issued...)
	if err := stdinOnce(inputs...); err != nil {
		return err
	}
	// Every output is created before the run, so that one that cannot be
	// (a missing folder, an input given as an output) fails it before it
	// publishes anything; they are committed together at the end.
	o := e.newOutputs(inputs...)
	defer o.close()
	out, err := o.create("out", *outFile)
	if err != nil {
		return err
	}
	var rejects, summary io.Writer
	if *rejectsFile != "" {
		if rejects, err = o.create("rejects", *rejectsFile); err != nil {
			return err
		}
	}
	if *summaryFile != "" {
		if summary, err = o.create("summary", *summaryFile); err != nil {
			return err
		}
	}

	cfg, plans, err := e.loadCreditConfig(policyFiles, *plansFile, incidentFiles)
	if err != nil {
		return err
	}
	if err := settle.apply(e, &cfg, shard); err != nil {
		return err
	}
	var zone = cfg.Policies[0].Window.Zone
	if cfg.From, err = parseTimeFlag("from", *from, zone); err != nil {
		return err
	}
	if cfg.To, err = parseTimeFlag("to", *to, zone); err != nil {
		return err
	}
	if cfg.AsOf, err = parseTimeFlag("as-of", *asOf, zone); err != nil {
		return err
	}
	calc, err := credit.NewCalculator(cfg)
	if err != nil {
		return plans.locate(requestsRefused(err, "credits"))
	}
	r, done, err := e.openSubscriptions(*subsFile)
	if err != nil {
		return err
	}
	defer done()

	res, err := runBatch(e, calc, r, credit.BatchOptions{File: displayName(*subsFile), Shard: shard}, out, rejects)
	if err != nil {
		return err
	}
	if summary != nil {
		if err := writeJSON(summary, res.summary); err != nil {
			return err
		}
	}
	if err := o.commit("crediting"); err != nil {
		return err
	}
	printSummary(e.stderr, &res.summary)
	if res.summary.Rejected > 0 {
		printRejects(e.stderr, res.rejects, res.summary.Rejected, *rejectsFile)
		if !*allowRejects {
			fmt.Fprintf(e.stderr, "postmortem credits: %s rejected (-allow-rejects accepts a run with rejects)\n", plural(int(res.summary.Rejected), "row"))
			return errReported
		}
	}
	return nil
}

// settleFlags are the flags of settlement, -issued and -over-credit, as
// credits and exposure read them.
type settleFlags struct {
	issued     listFlag
	overCredit *string
	over       credit.OverCredit
}

// addSettleFlags defines -issued and -over-credit on fs.
func addSettleFlags(fs *flags) *settleFlags {
	s := new(settleFlags)
	fs.Var(&s.issued, "issued", "a ledger `FILE` of credits already issued (earlier lines files); repeat for several")
	s.overCredit = fs.String("over-credit", "keep", "what to do with a window credited beyond its due: `keep` (issue nothing, report it) or reverse (a negative adjustment)")
	return s
}

// check reads -over-credit; a bad value is a usage error.
func (s *settleFlags) check() error {
	if err := s.over.UnmarshalText([]byte(*s.overCredit)); err != nil {
		return usagef("-over-credit: %v", err)
	}
	return nil
}

// apply sets cfg's ledger (the -issued files, read for shard's
// subscriptions) and what settlement does with an over-credit.
func (s *settleFlags) apply(e *env, cfg *credit.Config, shard credit.Shard) error {
	if len(s.issued) > 0 {
		var err error
		if cfg.Ledger, err = e.loadLedger(s.issued, shard); err != nil {
			return err
		}
	}
	cfg.OverCredit = s.over
	return nil
}

// loadLedger reads the ledger files of -issued, keeping the entries of
// shard's subscriptions. The ledger keeps the problems of its files:
// NewCalculator reports them with those it finds against the plans and
// policies. Only an error reading a file is returned.
func (e *env) loadLedger(names []string, shard credit.Shard) (*credit.Ledger, error) {
	ledger := new(credit.Ledger)
	for _, name := range names {
		in, _, err := e.openInput(name)
		if err != nil {
			return nil, err
		}
		err = ledger.ReadCSV(in, credit.LedgerOptions{File: displayName(name), Shard: shard})
		in.Close()
		if _, ok := asValidation(err); err != nil && !ok {
			return nil, err
		}
	}
	return ledger, nil
}

// loadCreditConfig loads the policies, plans and incidents, reporting the
// problems of every file together. It also returns the plans file, to
// locate the problems NewCalculator finds with the plans.
func (e *env) loadCreditConfig(policyFiles []string, plansFile string, incidentFiles []string) (credit.Config, *plansSource, error) {
	var cfg credit.Config
	var all problem.List
	collect := func(err error) error {
		if verr, ok := asValidation(err); ok {
			all.AddAll(verr)
			return nil
		}
		return err
	}
	for _, name := range policyFiles {
		p, err := e.loadPolicy(name)
		if err := collect(err); err != nil {
			return cfg, nil, err
		}
		if p != nil {
			cfg.Policies = append(cfg.Policies, p)
		}
	}
	data, err := e.readInput(plansFile)
	if err != nil {
		return cfg, nil, err
	}
	src := &plansSource{name: displayName(plansFile), data: data}
	plans, err := credit.LoadPlans(src.name, data)
	if err := collect(err); err != nil {
		return cfg, nil, err
	}
	cfg.Plans = plans
	incidents, err := e.loadIncidents(incidentFiles)
	if err := collect(err); err != nil {
		return cfg, nil, err
	}
	cfg.Incidents = incidents
	if err := all.Err(); err != nil {
		return cfg, nil, err
	}
	return cfg, src, nil
}

// plansSource is the plans file of a run: its name in problems and its
// contents.
type plansSource struct {
	name string
	data []byte
}

// locate returns err with the problems NewCalculator found with the plans
// (at paths "plans[i]…": a policy no -policy file gives, tiers with a gap
// below the policy's objective) located in the plans file: its name, and
// the line and column of the field, or of the nearest enclosing one the
// file writes (a plan that names no policy). The calculator checks the
// plans against the policies; the file's positions are known only here.
func (s *plansSource) locate(err error) error {
	verr, ok := asValidation(err)
	if !ok || len(verr.Problems) == 0 {
		return err
	}
	var none struct{}
	doc, _ := fileformat.Decode(s.name, s.data, &none, fileformat.Options{})
	l := problem.List{File: s.name, Locator: doc}
	for _, p := range verr.Problems {
		if p.File == "" && p.Line == 0 && (p.Path == "plans" || strings.HasPrefix(p.Path, "plans[")) {
			l.Add(p.Path, p.Msg)
		} else {
			l.AddProblem(p)
		}
	}
	l.AddAll(&problem.Error{Omitted: verr.Omitted})
	return l.Err()
}

// maxRejectsShown is how many rejected rows are printed on standard error.
const maxRejectsShown = 10

// creditRun is what a credits run produced.
type creditRun struct {
	summary credit.Summary
	// rejects are the first maxRejectsShown rejected rows.
	rejects []*credit.RowError
}

// runBatch runs calc over the subscriptions CSV r (Calculator.RunCSV),
// writing the lines to out and the rejected rows to rejects (none when
// nil). The caller commits them, or drops them on an error or an
// interruption.
func runBatch(e *env, calc *credit.Calculator, r io.Reader, opts credit.BatchOptions, out, rejects io.Writer) (*creditRun, error) {
	sink := newRejectSink(rejects)
	opts.Reject = sink.reject
	sum, err := calc.RunCSV(e.ctx, out, r, opts)
	if err != nil {
		var ierr *credit.InterruptedError
		if errors.As(err, &ierr) {
			return nil, &interruptedError{interruptProgress(ierr, sum)}
		}
		return nil, err
	}
	if err := sink.flush(); err != nil {
		return nil, err
	}
	return &creditRun{summary: *sum, rejects: sink.shown}, nil
}

// openSubscriptions opens the subscriptions file name ("-": standard
// input) for a batch, with a progress bar on standard error when it is a
// terminal and the input large. done closes both.
func (e *env) openSubscriptions(name string) (r io.Reader, done func(), err error) {
	in, size, err := e.openInput(name)
	if err != nil {
		return nil, nil, err
	}
	r, done = in, func() { in.Close() }
	if size >= progressMin {
		if bar := newProgress(e.rawStderr, size); bar != nil {
			r, done = bar.Reader(in), func() { bar.Finish(); in.Close() }
		}
	}
	return r, done, nil
}

// rejectSink takes the rows a batch refuses: it keeps the first
// maxRejectsShown for standard error and writes every one to the rejects
// file, when there is one.
type rejectSink struct {
	rw    *rejectWriter
	shown []*credit.RowError
}

// newRejectSink returns a sink writing to rejects; nil writes no file.
func newRejectSink(rejects io.Writer) *rejectSink {
	s := &rejectSink{}
	if rejects != nil {
		s.rw = newRejectWriter(rejects)
	}
	return s
}

// reject takes one refused row: BatchOptions.Reject.
func (s *rejectSink) reject(re *credit.RowError) error {
	if len(s.shown) < maxRejectsShown {
		s.shown = append(s.shown, re)
	}
	if s.rw != nil {
		return s.rw.write(re)
	}
	return nil
}

// flush writes what the rejects file still buffers.
func (s *rejectSink) flush() error {
	if s.rw == nil {
		return nil
	}
	return s.rw.flush()
}

func interruptProgress(ierr *credit.InterruptedError, s *credit.Summary) string {
	p := fmt.Sprintf("%d subscriptions (%d lines computed, %d rows rejected)", ierr.Subscriptions, s.Lines, s.Rejected)
	if ierr.Last != "" {
		p += fmt.Sprintf("; the last one credited was %q", ierr.Last)
	}
	return p
}

// rejectWriter writes rejected rows as CSV: file, line, field, value,
// reason; a row with several problems gives one record per problem. A
// value that is not UTF-8 (refused for that) is written with U+FFFD in
// place of its bad bytes, so that the rejects file is text; standard
// error shows the bytes escaped.
type rejectWriter struct {
	w *csv.Writer
}

// rejectColumns is the header of a rejects file.
var rejectColumns = []string{"file", "line", "field", "value", "reason"}

func newRejectWriter(w io.Writer) *rejectWriter {
	rw := &rejectWriter{w: csv.NewWriter(w)}
	rw.w.Write(rejectColumns)
	return rw
}

func (rw *rejectWriter) write(e *credit.RowError) error {
	line := strconv.Itoa(e.Line)
	rw.record(e.File, line, e.Field, e.Value, e.Err.Error())
	for _, f := range e.Also {
		rw.record(e.File, line, f.Field, f.Value, f.Err.Error())
	}
	return rw.w.Error()
}

// record writes one record, each field guarded against spreadsheet
// formulas as in a lines file (csvcell): finance opens the rejects too.
func (rw *rejectWriter) record(file, line, field, value, reason string) {
	rw.w.Write([]string{csvcell.Encode(file), line, csvcell.Encode(field),
		csvcell.Encode(strings.ToValidUTF8(value, "\uFFFD")), csvcell.Encode(reason)})
}

func (rw *rejectWriter) flush() error {
	rw.w.Flush()
	return rw.w.Error()
}

// printSummary prints the counts and the total per currency.
func printSummary(w io.Writer, s *credit.Summary) {
	fmt.Fprintf(w, "credits: %d subscriptions read: %d credited, %d zero, %d rejected; %s written\n",
		s.Read, s.Credited, s.Zero, s.Rejected, plural(int(s.Lines), "line"))
	for _, t := range s.Totals {
		fmt.Fprintf(w, "  total %s %s (%s issued, %d zero", t.Currency, credit.FormatAmount(t.Amount, t.Currency), plural(int(t.Issued), "line"), t.Zero)
		if t.Settled > 0 {
			fmt.Fprintf(w, "; %d settled, nothing new", t.Settled)
		}
		if t.OverCredited > 0 {
			fmt.Fprintf(w, "; %s over-credited", plural(int(t.OverCredited), "window"))
			if t.OverCredit.Sign() > 0 {
				fmt.Fprintf(w, " by %s %s, kept", credit.FormatAmount(t.OverCredit, t.Currency), t.Currency)
			} else {
				fmt.Fprint(w, ", reversed")
			}
		}
		fmt.Fprintln(w, ")")
	}
	if u := s.Ledger; u.AbsentEntries > 0 || u.OtherEntries > 0 {
		fmt.Fprintf(w, "  ledger: %s of %s not in the input (or rejected), %s of policies not run: they settled nothing\n",
			entries(u.AbsentEntries), plural(int(u.AbsentSubscriptions), "subscription"), entries(u.OtherEntries))
	}
}

// entries returns "1 entry", "2 entries".
func entries(n int64) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

// printRejects prints the first rejected rows and where the rest are.
func printRejects(w io.Writer, shown []*credit.RowError, total int64, rejectsFile string) {
	fmt.Fprintln(w, "rejected rows:")
	for _, r := range shown {
		fmt.Fprintf(w, "  %v\n", r)
	}
	if more := total - int64(len(shown)); more > 0 {
		fmt.Fprintf(w, "  … and %d more", more)
		if rejectsFile != "" {
			fmt.Fprintf(w, " (all of them are in %s)", rejectsFile)
		}
		fmt.Fprintln(w)
	}
}
