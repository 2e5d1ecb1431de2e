package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// subscriptions is the size of the billing base of the test.
const subscriptions = 100_000

const policyYAML = `id: api-monthly
version: "2025-04"
objective: "99.9"
window: {kind: month, zone: UTC}
weights: {major_outage: 1, partial_outage: 1}
`

const plansYAML = `plans:
  - {id: pro, price: "100.00", currency: USD, period: monthly, rule: {kind: prorated}}
  - {id: team, price: "30.00", currency: USD, period: monthly, rule: {kind: prorated}}
`

// incident returns an incident with a major outage of the API from start
// for d.
func incident(t *testing.T, id string, start time.Time, d time.Duration) *rca.Incident {
	t.Helper()
	y := fmt.Sprintf(`id: %s
title: API down
zone: UTC
components: [api]
timeline:
  - {at: %s, kind: started, text: down, changes: [{component: api, status: major_outage}]}
  - {at: %s, kind: resolved, text: up, changes: [{component: api, status: operational}]}
`, id, start.Format(time.RFC3339), start.Add(d).Format(time.RFC3339))
	inc, err := rca.Load(id+".yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// A subscriber class of the test base: what every subscription of it
// pays, and so its due for a downtime in April 2025 (30 days), computed
// here from the contract, independently of the library: the rate × the
// downtime, rounded half-up to the cent.
type class struct {
	plan     string
	rate     string // per month, × seats
	seats    int
	from     string // active_from
	until    string // active_until, "" for none
	rejected bool
}

// classOf assigns subscription i to a class: most pay for the whole month,
// some have seats, some ended before the outages, some started mid-month
// before them, a few name a plan that does not exist (rejected rows).
func classOf(i int) class {
	switch {
	case i%1000 == 999:
		return class{plan: "gold", rate: "0", seats: 1, from: "2025-01-01", rejected: true}
	case i%10 == 1:
		return class{plan: "team", rate: "30.00", seats: 1, from: "2024-11-05"}
	case i%10 == 2:
		return class{plan: "pro", rate: "200.00", seats: 2, from: "2025-02-01"}
	case i%10 == 3:
		return class{plan: "pro", rate: "100.00", seats: 1, from: "2025-01-01", until: "2025-04-05"}
	case i%10 == 4:
		// Active from April 16, before every outage of the test: refunded
		// at the rate it pays, 30.00 per 30-day period (Apr 16 – May 16),
		// as a subscriber of the whole month is.
		return class{plan: "team", rate: "30.00", seats: 1, from: "2025-04-16"}
	}
	return class{plan: "pro", rate: "100.00", seats: 1, from: "2024-06-01"}
}

// due returns what a subscription of class c is owed for down, the
// downtime of April 2025 while it was active.
func (c class) due(down time.Duration) decimal.Decimal {
	if c.until != "" || c.rejected {
		return decimal.Zero // ended before the outages
	}
	month := decimal.NewFromInt(30 * 24 * 3600)
	return decimal.RequireFromString(c.rate).Mul(decimal.NewFromInt(int64(down / time.Second))).Div(month).Round(2)
}

// fill creates the tables and the subscriptions of the test base.
func fill(t *testing.T, ctx context.Context, conn *pgx.Conn) {
	t.Helper()
	if _, err := conn.Exec(ctx, Schema); err != nil {
		t.Fatal(err)
	}
	rows := make([][]any, subscriptions)
	for i := range rows {
		c := classOf(i)
		from, _ := time.Parse(time.DateOnly, c.from)
		var until any
		if c.until != "" {
			u, _ := time.Parse(time.DateOnly, c.until)
			until = u
		}
		rows[i] = []any{fmt.Sprintf("sub-%06d", i), fmt.Sprintf("cust-%d", i/3), c.plan, int32(c.seats), from, until}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"subscriptions"}, []string{"id", "customer_id", "plan_id", "quantity", "active_from", "active_until"}, pgx.CopyFromRows(rows)); err != nil {
		t.Fatal(err)
	}
}

// TestSettle runs the billing loop of a billing system against a real
// PostgreSQL server on 100,000 subscriptions: a run killed mid-way commits
// nothing and says so; the next run inserts one adjustment per credited
// window; running it again inserts nothing; a second incident in the
// window inserts only the adjustments, and a corrected incident the
// corrections, the adjustments of every window adding up to its due.
func TestSettle(t *testing.T) {
	ctx := context.Background()
	dsn := startPostgres(t)
	connect := func() *pgx.Conn {
		t.Helper()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close(context.Background()) })
		return conn
	}
	conn := connect()
	fill(t, ctx, conn)

	policy, err := sla.Load("policy.yaml", []byte(policyYAML))
	if err != nil {
		t.Fatal(err)
	}
	plans, err := credit.LoadPlans("plans.yaml", []byte(plansYAML))
	if err != nil {
		t.Fatal(err)
	}
	aprilStart := time.Date(2025, time.April, 1, 0, 0, 0, 0, time.UTC)
	a := incident(t, "INC-A", time.Date(2025, time.April, 20, 10, 0, 0, 0, time.UTC), 2*time.Hour)
	opts := func(incidents ...*rca.Incident) Options {
		return Options{Plans: plans, Policies: []*sla.Policy{policy}, Incidents: incidents,
			From: aprilStart, To: aprilStart.AddDate(0, 1, 0)}
	}
	count := func() int64 {
		t.Helper()
		var n int64
		if err := connect().QueryRow(ctx, "SELECT count(*) FROM credit_adjustments").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("killed mid-run", func(t *testing.T) {
		victim := connect()
		killer := connect()
		o := opts(a)
		var once sync.Once
		o.Progress = func(n int64) {
			once.Do(func() {
				var ok bool
				if err := killer.QueryRow(ctx, "SELECT pg_terminate_backend($1)", victim.PgConn().PID()).Scan(&ok); err != nil || !ok {
					t.Errorf("pg_terminate_backend: %v, %v", ok, err)
				}
			})
		}
		res, err := Settle(ctx, victim, o)
		if err == nil {
			t.Fatalf("a run whose connection was killed succeeded: %+v", res)
		}
		t.Logf("the killed run: %v", err)
		if !strings.Contains(err.Error(), "nothing was committed") {
			t.Errorf("error %q does not say that nothing was committed", err)
		}
		if n := count(); n != 0 {
			t.Errorf("%d adjustments committed by a killed run, want 0", n)
		}
	})

	var first *Result
	t.Run("first run", func(t *testing.T) {
		res, err := Settle(ctx, connect(), opts(a))
		if err != nil {
			t.Fatal(err)
		}
		first = res
		wantCredited, wantRejected := int64(0), int64(0)
		for i := range subscriptions {
			c := classOf(i)
			switch {
			case c.rejected:
				wantRejected++
			case c.due(2*time.Hour).Sign() > 0:
				wantCredited++
			}
		}
		s := &res.Summary
		if s.Read != subscriptions || s.Rejected != wantRejected || s.Credited != wantCredited {
			t.Errorf("read %d, credited %d, rejected %d; want %d, %d, %d", s.Read, s.Credited, s.Rejected, subscriptions, wantCredited, wantRejected)
		}
		if res.Inserted != res.Staged || res.Inserted != wantCredited {
			t.Errorf("inserted %d of %d adjustments, want all %d credited windows", res.Inserted, res.Staged, wantCredited)
		}
		checkDue(t, ctx, connect(), 2*time.Hour)
	})

	t.Run("re-run", func(t *testing.T) {
		res, err := Settle(ctx, connect(), opts(a))
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 0 {
			t.Errorf("a re-run inserted %d adjustments, want 0", res.Inserted)
		}
		if first != nil && !res.Summary.Totals[0].Due.Equal(first.Summary.Totals[0].Due) {
			t.Errorf("the re-run's due %v differs from the first run's %v", res.Summary.Totals, first.Summary.Totals)
		}
		if tot := res.Summary.Totals[0]; !tot.Amount.IsZero() || tot.Settled != first.Summary.Credited {
			t.Errorf("the re-run issues %s and settles %d windows, want nothing and the %d credited", tot.Amount, tot.Settled, first.Summary.Credited)
		}
		checkDue(t, ctx, connect(), 2*time.Hour)
	})

	// A second incident in the window already credited: only adjustments,
	// the difference between the dues of 4 h and 2 h, under new keys.
	b := incident(t, "INC-B", time.Date(2025, time.April, 25, 10, 0, 0, 0, time.UTC), 2*time.Hour)
	t.Run("second incident", func(t *testing.T) {
		settleStep(t, ctx, connect(), opts(a, b), 2*time.Hour, 4*time.Hour)
		checkDue(t, ctx, connect(), 4*time.Hour)
	})

	// The RCA corrects A to 3 h: the corrections.
	t.Run("corrected incident", func(t *testing.T) {
		corrected := incident(t, "INC-A", time.Date(2025, time.April, 20, 10, 0, 0, 0, time.UTC), 3*time.Hour)
		settleStep(t, ctx, connect(), opts(corrected, b), 4*time.Hour, 5*time.Hour)
		checkDue(t, ctx, connect(), 5*time.Hour)
	})
}

// settleStep runs Settle after the database was credited for before hours
// of outage, now that there are after: it inserts exactly one adjustment
// per subscription whose due changed, and nothing for the others.
func settleStep(t *testing.T, ctx context.Context, conn *pgx.Conn, o Options, before, after time.Duration) {
	t.Helper()
	res, err := Settle(ctx, conn, o)
	if err != nil {
		t.Fatal(err)
	}
	var changed int64
	for i := range subscriptions {
		if c := classOf(i); !c.due(after).Equal(c.due(before)) {
			changed++
		}
	}
	if changed == 0 {
		t.Fatal("the step changes no due: it tests nothing")
	}
	if res.Staged != changed || res.Inserted != changed {
		t.Errorf("staged %d and inserted %d adjustments, want one per changed due: %d", res.Staged, res.Inserted, changed)
	}
}

// checkDue checks that, for every subscription, what credit_adjustments
// holds for April 2025 adds up to what the subscription is due for down
// hours of outage, computed from its class.
func checkDue(t *testing.T, ctx context.Context, conn *pgx.Conn, down time.Duration) {
	t.Helper()
	rows, err := conn.Query(ctx, `SELECT subscription_id, sum(amount)::text FROM credit_adjustments
		WHERE policy = 'api-monthly' AND window_start = '2025-04-01T00:00:00Z' GROUP BY subscription_id`)
	if err != nil {
		t.Fatal(err)
	}
	issued := make(map[string]decimal.Decimal, subscriptions)
	for rows.Next() {
		var id, sum string
		if err := rows.Scan(&id, &sum); err != nil {
			t.Fatal(err)
		}
		issued[id] = decimal.RequireFromString(sum)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for i := range subscriptions {
		id := fmt.Sprintf("sub-%06d", i)
		want := classOf(i).due(down)
		if got := issued[id]; !got.Equal(want) {
			if bad++; bad <= 5 {
				t.Errorf("%s (%+v): issued %s for April, due %s", id, classOf(i), got, want)
			}
		}
	}
	if bad > 5 {
		t.Errorf("… and %d more subscriptions whose April adjustments do not add up to their due", bad-5)
	}
}
