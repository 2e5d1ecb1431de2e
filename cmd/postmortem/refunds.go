package main

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
)

const refundsUsage = `
Usage: postmortem refunds -plans FILE -changes FILE|- [-out FILE|-]
                          [-rejects FILE] [-allow-rejects]

Prorates the changes of a changes CSV: a subscription that ends, or changes
plan or seats, mid-period is refunded the unused part of what it paid for
the period and charged the new terms for the rest of it, under the plans'
proration conventions and rounding (Stripe's, Chargebee's and Kill Bill's
proration). Writes one refund per change as CSV, each with an explanation
and an idempotency key as a credit line has; the totals go to standard
error.

Changes CSV columns (header required, any order; id, plan_id and
changed_at are required; the new_ columns are empty when the subscription
ends):
  id, customer_id, plan_id, quantity, active_from, anchor_day, charged,
  changed_at, new_plan_id, new_quantity, new_charged
Refunds CSV columns (net = remaining − unused: to pay when positive, owed
to the customer when negative):
  subscription_id, customer_id, plan_id, new_plan_id, currency,
  period_start, period_end, changed_at, paid, unused, remaining, net,
  idempotency_key, explanation

A bad row is rejected with its line, column and reason and the others are
refunded; -rejects writes them as CSV (file, line, field, value, reason).
The exit status is 1 when a row was rejected, unless -allow-rejects.
`

func runRefunds(e *env, args []string) error {
	fs := newFlags(e, "refunds", refundsUsage)
	plansFile := fs.file("plans", "", "the plans `FILE` (YAML or JSON)")
	changesFile := fs.file("changes", "", "the changes CSV `FILE` (\"-\": standard input)")
	outFile := fs.file("out", "-", "write the refunds CSV to `FILE` (\"-\": standard output)")
	rejectsFile := fs.file("rejects", "", "write the rejected rows as CSV to `FILE`")
	allowRejects := fs.Bool("allow-rejects", false, "exit 0 even when rows were rejected")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("unexpected argument %q", pos[0])
	case *plansFile == "":
		return usagef("-plans is required")
	case *changesFile == "":
		return usagef("-changes is required")
	}
	inputs := []string{*plansFile, *changesFile}
	if err := stdinOnce(inputs...); err != nil {
		return err
	}
	o := e.newOutputs(inputs...)
	defer o.close()
	out, err := o.create("out", *outFile)
	if err != nil {
		return err
	}
	var rw *rejectWriter
	if *rejectsFile != "" {
		f, err := o.create("rejects", *rejectsFile)
		if err != nil {
			return err
		}
		rw = newRejectWriter(f)
	}

	data, err := e.readInput(*plansFile)
	if err != nil {
		return err
	}
	src := &plansSource{name: displayName(*plansFile), data: data}
	plans, err := credit.LoadPlans(src.name, data)
	if err != nil {
		return err
	}
	rf, err := credit.NewRefunder(plans)
	if err != nil {
		return src.locate(err)
	}
	in, _, err := e.openInput(*changesFile)
	if err != nil {
		return err
	}
	defer in.Close()

	file := displayName(*changesFile)
	w := credit.NewRefundWriter(out)
	var shown []*credit.RowError
	var read, rejected int64
	nets := map[currency.Unit]decimal.Decimal{}
	for ch, err := range credit.ReadChanges(&ctxReader{ctx: e.ctx, r: in}, credit.ReadOptions{File: file, Zones: rf.Zones()}) {
		if ierr := e.interrupted(fmt.Sprintf("%d changes", read)); ierr != nil {
			return ierr
		}
		var r credit.Refund
		if err == nil {
			r, err = rf.Refund(ch)
		}
		var re *credit.RowError
		switch {
		case err == nil:
			read++
			nets[r.Currency] = nets[r.Currency].Add(r.Net)
			if err := w.Write(&r); err != nil {
				return err
			}
			continue
		case !errors.As(err, &re):
			if ierr := e.interrupted(fmt.Sprintf("%d changes", read)); ierr != nil {
				return ierr
			}
			return err
		}
		read++
		rejected++
		if re.File == "" {
			re.File = file
		}
		if len(shown) < maxRejectsShown {
			shown = append(shown, re)
		}
		if rw != nil {
			if err := rw.write(re); err != nil {
				return err
			}
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if rw != nil {
		if err := rw.flush(); err != nil {
			return err
		}
	}
	if err := o.commit("refunding"); err != nil {
		return err
	}
	printRefundTotals(e.stderr, read, rejected, nets)
	if rejected > 0 {
		printRejects(e.stderr, shown, rejected, *rejectsFile)
		if !*allowRejects {
			fmt.Fprintf(e.stderr, "postmortem refunds: %s rejected (-allow-rejects accepts a run with rejects)\n", plural(int(rejected), "row"))
			return errReported
		}
	}
	return nil
}

// printRefundTotals prints how many changes were read and refunded and
// the net per currency: to pay when positive, owed when negative.
func printRefundTotals(w io.Writer, read, rejected int64, nets map[currency.Unit]decimal.Decimal) {
	fmt.Fprintf(w, "changes: %d read, %d refunded, %d rejected\n", read, read-rejected, rejected)
	units := make([]currency.Unit, 0, len(nets))
	for u := range nets {
		units = append(units, u)
	}
	slices.SortFunc(units, func(a, b currency.Unit) int {
		switch {
		case a.String() < b.String():
			return -1
		case a.String() > b.String():
			return 1
		}
		return 0
	})
	for _, u := range units {
		n := nets[u]
		what := "to pay"
		if n.Sign() < 0 {
			what, n = "owed to customers", n.Neg()
		}
		fmt.Fprintf(w, "net %s %s %s\n", u, credit.FormatAmount(n, u), what)
	}
}
