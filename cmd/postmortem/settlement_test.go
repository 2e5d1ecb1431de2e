package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/outagekit/postmortem/credit"
)

// settlementDir holds the scenario of issue 11: a $100/month subscriber, a
// $30/month one all April, a $30/month one active from April 16 and a
// $1,200/year one; incident A (2 h on April 10, corrected to 3 h by the
// RCA) and incident B (2 h on April 20). Every expected figure below is the
// rate paid × the downtime suffered, worked by hand: 100.00 × 7200 s ÷
// 2,592,000 s (April) = 0.2778 → 0.28; × 14400 s = 0.5556 → 0.56; × 10800 s
// = 0.4167 → 0.42; 30.00 × 7200 s ÷ 2,592,000 s = 0.0833 → 0.08.
const settlementDir = "../../testdata/settlement"

// settled is what a test reads of a line: due − issued_before = amount,
// under key.
type settled struct {
	Due, IssuedBefore, Amount, Key string
}

// settle runs credits on the settlement scenario's subscriptions with the
// given incidents and earlier lines files as -issued, and returns the lines
// file's bytes and its lines by subscription.
func settle(t *testing.T, incidents []string, issued ...string) (string, []byte, map[string]settled) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "lines.csv")
	args := []string{"credits", "-policy", filepath.Join(settlementDir, "policy.yaml"),
		"-plans", filepath.Join(settlementDir, "plans.yaml"),
		"-subscriptions", filepath.Join(settlementDir, "subscriptions.csv"), "-out", out}
	for _, inc := range incidents {
		args = append(args, "-incident", filepath.Join(settlementDir, "incident-"+inc+".yaml"))
	}
	for _, f := range issued {
		args = append(args, "-issued", f)
	}
	runCLI(t, "", args...).wantCode(t, exitOK)
	data := readFile(t, out)
	got := map[string]settled{}
	for l, err := range credit.ReadLines(bytes.NewReader(data), out) {
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := got[l.Subscription]; dup {
			t.Fatalf("two lines for %s (the scenario has one window, April 2025)", l.Subscription)
		}
		got[l.Subscription] = settled{l.Due.StringFixed(2), l.IssuedBefore.StringFixed(2), l.Amount.StringFixed(2), l.Key}
	}
	return out, data, got
}

// TestSettlementScenario is issue 11's scenario through the CLI: a second
// incident in a window already credited issues only the difference under a
// new key, a re-run issues nothing and writes the same bytes whatever the
// order of the ledger files, a corrected incident issues the correction,
// and a subscriber active for half the month is refunded at the rate it
// pays.
func TestSettlementScenario(t *testing.T) {
	a := []string{"a"}
	ab := []string{"a", "b"}

	first, _, l1 := settle(t, a)
	if got := l1["s-100"]; got.Amount != "0.28" || got.Due != "0.28" || got.IssuedBefore != "0.00" {
		t.Fatalf("incident A: s-100 %+v, want 0.28 due, 0.28 issued", got)
	}
	if got := l1["s-30-full"].Amount; got != "0.08" {
		t.Errorf("incident A: the $30 subscriber of all April gets %s, want 0.08", got)
	}
	if got := l1["s-annual"].Amount; got != "0.27" {
		t.Errorf("incident A: the $1,200/year subscriber gets %s, want 0.27 (1200.00 × 7200 s ÷ 31536000 s)", got)
	}
	if got := l1["s-30-half"].Amount; got != "0.00" {
		t.Errorf("incident A (April 10): the subscriber active from April 16 gets %s, want 0.00", got)
	}

	// Incident B: only the adjustment, under a new key.
	second, _, l2 := settle(t, ab, first)
	if got, want := l2["s-100"], (settled{Due: "0.56", IssuedBefore: "0.28", Amount: "0.28"}); got.Due != want.Due || got.IssuedBefore != want.IssuedBefore || got.Amount != want.Amount {
		t.Errorf("incident B: s-100 %+v, want due 0.56 − issued 0.28 = 0.28", got)
	}
	if l2["s-100"].Key == l1["s-100"].Key {
		t.Errorf("incident B's adjustment has the key of A's credit (%s): the billing system would drop it", l1["s-100"].Key)
	}
	// The half-month subscriber loses 2 h of B at 30.00 per 30-day period,
	// as the full-month one does.
	if got := l2["s-30-half"].Amount; got != "0.08" {
		t.Errorf("incident B: the $30 subscriber active from April 16 gets %s, want 0.08 (30.00 × 7200 s ÷ 2592000 s)", got)
	}
	if got := l2["s-30-full"]; got.Due != "0.17" || got.Amount != "0.09" {
		t.Errorf("incident B: the $30 subscriber of all April %+v, want due 0.17 (30.00 × 14400 s ÷ 2592000 s), amount 0.09", got)
	}

	// Nothing more to issue, and the same bytes in any order of -issued.
	_, third, l3 := settle(t, ab, first, second)
	for id, l := range l3 {
		if l.Amount != "0.00" || l.Due != l.IssuedBefore {
			t.Errorf("re-run after B: %s %+v, want nothing new", id, l)
		}
	}
	_, again, _ := settle(t, ab, second, first)
	if !bytes.Equal(third, again) {
		t.Errorf("the re-run with the ledger files in the other order writes other bytes:\n%s\n%s", third, again)
	}

	// The RCA corrects A to 3 h: the correction, under a new key.
	_, _, lc := settle(t, []string{"a-corrected"}, first)
	if got := lc["s-100"]; got.Due != "0.42" || got.IssuedBefore != "0.28" || got.Amount != "0.14" {
		t.Errorf("corrected A: s-100 %+v, want due 0.42 − issued 0.28 = 0.14", got)
	}
	if lc["s-100"].Key == l1["s-100"].Key {
		t.Errorf("the correction has the key of the credit it corrects (%s): the billing system would drop it", l1["s-100"].Key)
	}

	// Every key names one amount over the whole scenario.
	amounts := map[string]string{}
	for _, run := range []map[string]settled{l1, l2, l3, lc} {
		for id, l := range run {
			if prev, ok := amounts[l.Key]; ok && prev != l.Amount {
				t.Errorf("key %s names %s and %s (%s)", l.Key, prev, l.Amount, id)
			}
			amounts[l.Key] = l.Amount
		}
	}
}

// TestSettlementReport: the report of incident B, from the lines of a run
// over A and B settled against the run over A, names both incidents and
// shows what the windows are owed beside what the run issued (the run's
// amounts alone would say the outage cost half of what it did). Owed, by
// hand: pro-100 0.56; basic-30 0.17 (30.00 × 14400 s ÷ 2,592,000 s =
// 0.1667) + 0.08 (the half-month subscriber, B only) = 0.25; yearly-1200
// 1200.00 × 14400 s ÷ 31,536,000 s = 0.5479 → 0.55. Issued now: what A's
// run had not issued: 0.28; 0.17 − 0.08 + 0.08 = 0.17; 0.55 − 0.27 = 0.28.
func TestSettlementReport(t *testing.T) {
	first, _, _ := settle(t, []string{"a"})
	second, _, _ := settle(t, []string{"a", "b"}, first)
	args := []string{"report", "-incident", filepath.Join(settlementDir, "incident-b.yaml"),
		"-policy", filepath.Join(settlementDir, "policy.yaml"), "-credits", second, "-format", "md"}

	r := runCLI(t, "", args...)
	r.wantCode(t, exitInvalid)
	if !strings.Contains(r.stderr, `names incident "incident-a"`) {
		t.Errorf("without -with-incident, the lines naming A are not refused for it:\n%s", r.stderr)
	}

	r = runCLI(t, "", append(args, "-with-incident", filepath.Join(settlementDir, "incident-a.yaml"))...)
	r.wantCode(t, exitOK)
	for _, row := range []string{
		`| Plan | Currency | Rule | Subscriptions | Owed | Issued now |`,
		`| basic-30 | USD | prorated | 2 | \$0.25 | \$0.17 |`,
		`| pro-100 | USD | prorated | 1 | \$0.56 | \$0.28 |`,
		`| yearly-1200 | USD | prorated | 1 | \$0.55 | \$0.28 |`,
		`| USD | 4 | \$1.36 | \$0.73 |`,
	} {
		if !strings.Contains(r.stdout, row+"\n") {
			t.Errorf("the report's credits have no row %s:\n%s", row, r.stdout)
		}
	}

	// The month's statement from both runs' lines (the window's ledger):
	// what was issued in all, 0.63 + 0.73, is what the last run says is
	// owed.
	both := readFile(t, first)
	_, rest, _ := bytes.Cut(readFile(t, second), []byte("\n"))
	ledger := filepath.Join(t.TempDir(), "ledger.csv")
	if err := os.WriteFile(ledger, append(both, rest...), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", "statement", "-policy", filepath.Join(settlementDir, "policy.yaml"), "-window", "2025-04",
		"-incident", filepath.Join(settlementDir, "incident-a.yaml"), "-incident", filepath.Join(settlementDir, "incident-b.yaml"),
		"-credits", ledger, "-format", "md")
	r.wantCode(t, exitOK)
	if row := `| USD | 8 | \$1.36 |`; !strings.Contains(r.stdout, row+"\n") {
		t.Errorf("the statement of both runs' lines has no row %s:\n%s", row, r.stdout)
	}
}

// TestSettlementProblemsCounted checks that a ledger with more problems
// than are listed says how many it has: the first 100, then "… and N
// more", and the count of all of them. The problems NewCalculator found
// were located in the plans file through a list that dropped the count
// ("postmortem credits: 100 problems" for 250).
func TestSettlementProblemsCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString("subscription_id,plan_id,window_start,window_end,currency,amount,idempotency_key\n")
	for i := range 250 {
		// UTC months: not windows of the seed's New York policy.
		fmt.Fprintf(&b, "s-%d,email-starter,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,USD,0.28,k%d\n", i, i)
	}
	ledger := writeFile(t, "issued.csv", b.String())
	r := runCLI(t, "", creditsArgs(demoSubs, "-issued", ledger, "-out", filepath.Join(t.TempDir(), "lines.csv"))...)
	r.wantCode(t, exitInvalid)
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	want := []string{"… and 150 more problems (only the first 100 are listed)", "postmortem credits: 250 problems"}
	if len(lines) != 102 || !slices.Equal(lines[100:], want) {
		t.Errorf("stderr has %d lines, ending %q; want 102, ending %q", len(lines), lines[max(len(lines)-2, 0):], want)
	}
}
