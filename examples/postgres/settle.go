package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// Schema creates the tables Settle reads and writes, if they are missing.
//
//go:embed schema.sql
var Schema string

// Options are what a run credits: the billing system's plans, the SLA
// policies that measure them, the incidents, and the windows to settle.
type Options struct {
	Plans     []credit.Plan
	Policies  []*sla.Policy
	Incidents []*rca.Incident
	// From and To bound the windows credited (credit.Config).
	From, To time.Time
	// Batch is how many subscriptions are fetched, and how many
	// adjustments are copied, per round trip; zero means 5,000.
	Batch int
	// Progress, when set, is called after each batch of subscriptions
	// with the number credited so far.
	Progress func(subscriptions int64)
}

// Result is what a run did.
type Result struct {
	// Summary counts the subscriptions read, credited, zero and rejected,
	// and totals the lines of the run.
	Summary credit.Summary
	// Staged counts the adjustments the run computed (the lines with a
	// non-zero amount); Inserted those the database did not have already.
	Staged, Inserted int64
	// Rejected lists the subscriptions refused, by ID, with the reason.
	Rejected []string
}

// Settle credits every subscription against what credit_adjustments says
// was already issued, and inserts the adjustments (the lines with a
// non-zero amount) into credit_adjustments, all in one transaction:
// either every adjustment of the run is committed or none is. An
// adjustment already in the table (same idempotency key: the run was
// repeated) is not inserted again (ON CONFLICT DO NOTHING).
//
// The subscriptions are read through a cursor, a batch at a time, so the
// run holds one batch of subscriptions and one of adjustments in memory
// besides the ledger. A row the calculator refuses (unknown plan, bad
// quantity) is counted and listed, and the run goes on; an error of the
// database (a dropped connection) ends the run with nothing committed.
func Settle(ctx context.Context, conn *pgx.Conn, opts Options) (*Result, error) {
	if opts.Batch <= 0 {
		opts.Batch = 5000
	}
	// Repeatable read: the ledger and the subscriptions are read from one
	// snapshot, so a concurrent insert cannot be half seen.
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return nil, fmt.Errorf("starting the transaction: %w", err)
	}
	defer tx.Rollback(ctx) // a no-op after Commit

	ledger, err := readLedger(ctx, tx)
	if err != nil {
		return nil, err
	}
	calc, err := credit.NewCalculator(credit.Config{
		Plans: opts.Plans, Policies: opts.Policies, Incidents: opts.Incidents,
		From: opts.From, To: opts.To, Ledger: ledger,
	})
	if err != nil {
		return nil, err
	}
	policyOf, err := planPolicies(opts.Plans, opts.Policies)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, stagingTable); err != nil {
		return nil, fmt.Errorf("creating the staging table: %w", err)
	}
	if _, err := tx.Exec(ctx, `DECLARE subs NO SCROLL CURSOR FOR
		SELECT id, customer_id, plan_id, quantity, active_from, active_until, anchor_day, charged::text
		FROM subscriptions ORDER BY id`); err != nil {
		return nil, fmt.Errorf("reading subscriptions: %w", err)
	}

	res := &Result{}
	sr := &subReader{tx: tx, calc: calc, batch: opts.Batch, progress: opts.Progress}
	var staged [][]any
	for l, err := range calc.Run(ctx, sr.all(ctx)) {
		var re *credit.RowError
		if errors.As(err, &re) {
			res.Summary.Reject(re)
			res.Rejected = append(res.Rejected, fmt.Sprintf("%s: %v", sr.last, re))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("crediting: %w (nothing was committed)", err)
		}
		res.Summary.Add(&l)
		if l.Amount.Sign() == 0 {
			continue
		}
		pol := policyOf[l.Plan]
		staged = append(staged, []any{
			l.Key, l.Subscription, l.Customer, l.Plan, pol.ID, pol.Version, l.WindowStart, l.WindowEnd,
			l.Currency.String(), amount(l.Amount, l.Currency), amount(l.Amount, l.Currency), amount(decimal.Zero, l.Currency), l.Explanation,
		})
		if len(staged) >= opts.Batch {
			if err := copyStaged(ctx, tx, staged); err != nil {
				return nil, err
			}
			res.Staged += int64(len(staged))
			staged = staged[:0]
		}
	}
	if err := copyStaged(ctx, tx, staged); err != nil {
		return nil, err
	}
	res.Staged += int64(len(staged))
	tag, err := tx.Exec(ctx, `INSERT INTO credit_adjustments
		(idempotency_key, subscription_id, customer_id, plan_id, policy, policy_version, window_start, window_end,
		 currency, amount, due, issued_before, explanation)
		SELECT idempotency_key, subscription_id, customer_id, plan_id, policy, policy_version, window_start, window_end,
		 currency, amount::numeric, due::numeric, issued_before::numeric, explanation
		FROM staged_adjustments
		ON CONFLICT (idempotency_key) DO NOTHING`)
	if err != nil {
		return nil, fmt.Errorf("inserting the adjustments: %w (nothing was committed)", err)
	}
	res.Inserted = tag.RowsAffected()
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("committing: %w", err)
	}
	return res, nil
}

// stagingTable holds a run's adjustments until they are inserted together;
// amounts are staged as text, exactly as FormatAmount writes them, and
// converted to numeric by the database.
const stagingTable = `CREATE TEMP TABLE staged_adjustments (
	idempotency_key text, subscription_id text, customer_id text, plan_id text,
	policy text, policy_version text, window_start timestamptz, window_end timestamptz,
	currency text, amount text, due text, issued_before text, explanation text
) ON COMMIT DROP`

var stagedColumns = []string{
	"idempotency_key", "subscription_id", "customer_id", "plan_id", "policy", "policy_version",
	"window_start", "window_end", "currency", "amount", "due", "issued_before", "explanation",
}

// copyStaged copies rows into the staging table.
func copyStaged(ctx context.Context, tx pgx.Tx, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"staged_adjustments"}, stagedColumns, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("staging the adjustments: %w (nothing was committed)", err)
	}
	return nil
}

// amount writes d with its currency's places, as lines files do.
func amount(d decimal.Decimal, u currency.Unit) string { return credit.FormatAmount(d, u) }

// readLedger reads what credit_adjustments says was issued.
func readLedger(ctx context.Context, tx pgx.Tx) (*credit.Ledger, error) {
	rows, err := tx.Query(ctx, `SELECT subscription_id, policy, window_start, window_end, currency, amount::text, idempotency_key
		FROM credit_adjustments`)
	if err != nil {
		return nil, fmt.Errorf("reading the ledger: %w", err)
	}
	defer rows.Close()
	ledger := new(credit.Ledger)
	for rows.Next() {
		var e credit.Issued
		var cur, amt string
		if err := rows.Scan(&e.Subscription, &e.Policy, &e.WindowStart, &e.WindowEnd, &cur, &amt, &e.Key); err != nil {
			return nil, fmt.Errorf("reading the ledger: %w", err)
		}
		// A value that does not parse is left zero: Add refuses the entry,
		// and the ledger's problems fail NewCalculator.
		e.Currency, _ = currency.ParseISO(cur)
		e.Amount, _ = decimal.NewFromString(amt)
		_ = ledger.Add(e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the ledger: %w", err)
	}
	return ledger, nil
}

// planPolicies returns the policy of each plan by plan ID.
func planPolicies(plans []credit.Plan, policies []*sla.Policy) (map[string]*sla.Policy, error) {
	out := make(map[string]*sla.Policy, len(plans))
	for _, p := range plans {
		for _, pol := range policies {
			if pol.ID == p.Policy || p.Policy == "" && len(policies) == 1 {
				out[p.ID] = pol
			}
		}
		if out[p.ID] == nil {
			return nil, fmt.Errorf("plan %q: no policy %q", p.ID, p.Policy)
		}
	}
	return out, nil
}

// subReader reads the subscriptions of the cursor subs, a batch at a time.
type subReader struct {
	tx       pgx.Tx
	calc     *credit.Calculator
	batch    int
	progress func(int64)
	last     string // the ID of the last subscription yielded
	read     int64
}

// all yields every subscription of the cursor. A row whose dates cannot be
// read in its plan's zone is yielded as a *credit.RowError; an error of the
// database is yielded as itself, and ends the run.
func (r *subReader) all(ctx context.Context) iter.Seq2[credit.Subscription, error] {
	return func(yield func(credit.Subscription, error) bool) {
		var batch []credit.Subscription
		var bad []error
		for {
			batch, bad = batch[:0], bad[:0]
			err := r.fetch(ctx, &batch, &bad)
			if err != nil {
				yield(credit.Subscription{}, fmt.Errorf("reading subscriptions: %w", err))
				return
			}
			if len(batch) == 0 {
				return
			}
			for i := range batch {
				r.last = batch[i].ID
				if !yield(batch[i], bad[i]) {
					return
				}
			}
			r.read += int64(len(batch))
			if r.progress != nil {
				r.progress(r.read)
			}
		}
	}
}

// fetch reads the next batch of the cursor into batch, with the problem of
// each row (nil for most) in bad. The rows are closed when it returns, so
// the connection is free for the adjustments.
func (r *subReader) fetch(ctx context.Context, batch *[]credit.Subscription, bad *[]error) error {
	rows, err := r.tx.Query(ctx, fmt.Sprintf("FETCH %d FROM subs", r.batch))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s credit.Subscription
		var from, until *time.Time
		var anchor *int32
		var charged *string
		if err := rows.Scan(&s.ID, &s.Customer, &s.Plan, &s.Quantity, &from, &until, &anchor, &charged); err != nil {
			return err
		}
		var problem error
		if from != nil {
			s.From, problem = r.date(s.Plan, "active_from", *from)
		}
		if until != nil && problem == nil {
			s.Until, problem = r.date(s.Plan, "active_until", *until)
		}
		if anchor != nil {
			s.AnchorDay = int(*anchor)
		}
		if charged != nil {
			d, err := decimal.NewFromString(*charged)
			if err != nil {
				return fmt.Errorf("subscription %q: charged %q: %w", s.ID, *charged, err)
			}
			s.Charged = &d
		}
		*batch = append(*batch, s)
		*bad = append(*bad, problem)
	}
	return rows.Err()
}

// date returns the SQL date d (scanned as midnight UTC) as midnight in the
// billing zone of plan, as a subscriptions file's date is read. An unknown
// plan leaves it zero: the calculator refuses the row for its plan.
func (r *subReader) date(plan, column string, d time.Time) (time.Time, error) {
	t, err := r.calc.Date(plan, rca.DateOf(d))
	switch {
	case errors.Is(err, credit.ErrUnknownPlan):
		return time.Time{}, nil
	case err != nil:
		return time.Time{}, &credit.RowError{Field: column, Value: d.Format(time.DateOnly), Err: err}
	}
	return t, nil
}
