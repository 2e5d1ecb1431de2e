package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/golden"
)

// TestRefundsCommand: "postmortem refunds" prorates a changes file on the
// plans (Stripe's 10 → 20 upgrade halfway: 5.00 to pay; the downgrade:
// 5.00 carried to the renewal; an end: 10.00 refunded), writes the
// refunds CSV, rejects a bad row with its line and column and exits 1
// unless -allow-rejects, writing the rejects file.
func TestRefundsCommand(t *testing.T) {
	plans := writeFile(t, "plans.yaml", `plans:
  - id: basic
    price: 10.00
    currency: USD
    rule: {kind: prorated}
  - id: pro
    price: 20.00
    currency: USD
    rule: {kind: prorated}
`)
	changes := writeFile(t, "changes.csv", "id,customer_id,plan_id,anchor_day,changed_at,new_plan_id\n"+
		"s-1,acme,basic,1,2024-11-16,pro\n"+
		"s-2,acme,pro,1,2024-11-16,basic\n"+
		"s-3,beta,pro,1,2024-11-16,\n"+
		"s-4,beta,gold,1,2024-11-16,\n")
	r := runCLI(t, "", "refunds", "-plans", plans, "-changes", changes)
	r.wantCode(t, exitInvalid)
	golden.Check(t, "testdata/refunds/out.csv", []byte(r.stdout))
	for _, want := range []string{
		"changes: 4 read, 3 refunded, 1 rejected\nnet USD 10.00 owed to customers\n",
		`changes.csv:5: plan_id "gold": unknown plan`,
		"1 row rejected",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}

	rejects := filepath.Join(t.TempDir(), "rejects.csv")
	r = runCLI(t, "", "refunds", "-plans", plans, "-changes", changes, "-out", filepath.Join(t.TempDir(), "out.csv"), "-rejects", rejects, "-allow-rejects")
	r.wantCode(t, exitOK)
	data, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(data), ",5,plan_id,gold,unknown plan\n") {
		t.Errorf("rejects file:\n%s", data)
	}

	r = runCLI(t, "", "refunds", "-plans", plans)
	r.wantCode(t, exitUsage)

	// validate knows a changes file by its header and checks it against
	// the plans given with it.
	r = runCLI(t, "", "validate", plans, changes)
	r.wantCode(t, exitInvalid)
	if !strings.Contains(r.stderr, `changes.csv:5: plan_id "gold": unknown plan`) || !strings.Contains(r.stderr, "1 row of 4 rows refused") {
		t.Errorf("validate stderr:\n%s", r.stderr)
	}
	r = runCLI(t, "", "validate", changes)
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "ok: changes file, 4 changes (plan ids not checked") {
		t.Errorf("validate stdout:\n%s", r.stdout)
	}
}
