// Command postgres credits the subscriptions of a PostgreSQL database for
// an outage and inserts the credit adjustments, settled against what the
// database says was already credited, in one transaction: the loop of a
// billing system, run after each incident, after a corrected RCA or at
// month end. Running it twice inserts nothing the second time; after a
// second incident, or a corrected one, it inserts only the difference.
//
//	go run . -db postgres:///billing -init \
//	    -policy policy.yaml -plans plans.yaml -incident incident.yaml
//
// The tables are those of schema.sql (-init creates them): subscriptions,
// filled by the billing system, and credit_adjustments, which this program
// reads as the ledger and appends to. Its own module keeps the pgx driver
// out of the library's dependencies.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "postgres:", err)
		os.Exit(1)
	}
}

type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(s string) error { *f = append(*f, s); return nil }

func run(args []string) error {
	fs := flag.NewFlagSet("postgres", flag.ContinueOnError)
	dsn := fs.String("db", os.Getenv("DATABASE_URL"), "the database, as a PostgreSQL connection string (default $DATABASE_URL)")
	initSchema := fs.Bool("init", false, "create the tables of schema.sql when they are missing")
	plansFile := fs.String("plans", "", "the plans `FILE`")
	var policyFiles, incidentFiles files
	fs.Var(&policyFiles, "policy", "an SLA policy `FILE`; repeat for several")
	fs.Var(&incidentFiles, "incident", "an incident `FILE`; repeat for several")
	from := fs.String("from", "", "credit the windows from this RFC 3339 instant on")
	to := fs.String("to", "", "credit the windows up to this RFC 3339 instant")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *plansFile == "" || len(policyFiles) == 0 || len(incidentFiles) == 0 {
		return fmt.Errorf("-plans, -policy and -incident are required")
	}
	var opts Options
	var err error
	if opts.Plans, err = credit.LoadPlansFile(*plansFile); err != nil {
		return err
	}
	for _, f := range policyFiles {
		p, err := sla.LoadFile(f)
		if err != nil {
			return err
		}
		opts.Policies = append(opts.Policies, p)
	}
	for _, f := range incidentFiles {
		inc, err := rca.LoadFile(f)
		if err != nil {
			return err
		}
		opts.Incidents = append(opts.Incidents, inc)
	}
	for _, b := range []struct {
		text string
		t    *time.Time
	}{{*from, &opts.From}, {*to, &opts.To}} {
		if b.text == "" {
			continue
		}
		if *b.t, err = time.Parse(time.RFC3339, b.text); err != nil {
			return err
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	conn, err := pgx.Connect(ctx, *dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if *initSchema {
		if _, err := conn.Exec(ctx, Schema); err != nil {
			return fmt.Errorf("creating the tables: %w", err)
		}
	}
	res, err := Settle(ctx, conn, opts)
	if err != nil {
		return err
	}
	s := &res.Summary
	fmt.Printf("%d subscriptions read: %d credited, %d zero, %d rejected\n", s.Read, s.Credited, s.Zero, s.Rejected)
	fmt.Printf("%d adjustments computed, %d inserted (the others were already there)\n", res.Staged, res.Inserted)
	for _, t := range s.Totals {
		fmt.Printf("  %s %s in %d lines\n", t.Currency, credit.FormatAmount(t.Amount, t.Currency), t.Issued)
	}
	for _, r := range res.Rejected {
		fmt.Println("rejected:", r)
	}
	return nil
}
