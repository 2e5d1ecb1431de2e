package credit_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// FuzzLoadPlans feeds arbitrary files to the plans loader: it never
// panics; a file it refuses gets only problems that name the file, a line
// and (but for problems of the document as a whole) a field; plans it
// accepts are valid, read back the same from their own encoding, and
// credit a subscriber of each plan for the seed outage (April 2014) with a
// line in the plan's currency, never negative and never above the charge.
func FuzzLoadPlans(f *testing.F) {
	golden.AddFiles(f, "../testdata/plans/*.yaml", "../testdata/bad/plans/*.yaml")
	f.Add("p.json", []byte(`{"plans": [{"id": "a", "price": "1.5", "currency": "KWD", "period": "annual", "rule": {"kind": "stepped", "step": "30m", "step_percent": "5"}}]}`))
	seed, err := rca.LoadFile("../testdata/incidents/seed-constant-contact-2014.yaml")
	if err != nil {
		f.Fatal(err)
	}
	policy, err := sla.LoadFile("../testdata/policies/seed-monthly-new-york.yaml")
	if err != nil {
		f.Fatal(err)
	}
	april := time.Date(2014, time.April, 1, 0, 0, 0, 0, policy.Window.Zone)
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		plans, err := credit.LoadPlans(name, data)
		if err != nil {
			if plans != nil {
				t.Fatal("plans with an error")
			}
			if ps := fileformat.Unlocated(err, name); ps != nil {
				t.Fatalf("problems not located by file, line and field: %+v", ps)
			}
			return
		}
		for i := range plans {
			if err := plans[i].Validate(); err != nil {
				t.Fatalf("LoadPlans accepted an invalid plan: %v", err)
			}
		}

		// The plans read back the same from their own encoding.
		type file struct {
			Plans []credit.Plan `yaml:"plans"`
		}
		var b bytes.Buffer
		format := fileformat.YAML
		if strings.HasSuffix(name, ".json") {
			format = fileformat.JSON
		}
		if err := fileformat.Encode(&b, file{plans}, format); err != nil {
			t.Fatal(err)
		}
		again, err := credit.LoadPlans(name, b.Bytes())
		if err != nil {
			t.Fatalf("the plans' own encoding does not load: %v\n%s", err, b.String())
		}
		var b2 bytes.Buffer
		if err := fileformat.Encode(&b2, file{again}, format); err != nil {
			t.Fatal(err)
		}
		if b.String() != b2.String() {
			t.Fatalf("plans read back differently:\n%s\nthen:\n%s", b.String(), b2.String())
		}

		// Every plan credits the seed outage within its bounds, measured
		// by a copy of the seed's policy under the ID it names.
		var policies []*sla.Policy
		seen := map[string]bool{}
		for _, p := range plans {
			if !seen[p.Policy] {
				seen[p.Policy] = true
				cp := *policy
				cp.ID = p.Policy
				policies = append(policies, &cp)
			}
		}
		if len(policies) > 1 && seen[""] {
			return // a plan naming no policy needs the only one
		}
		calc, err := credit.NewCalculator(credit.Config{Plans: plans, Policies: policies, Incidents: []*rca.Incident{seed},
			From: april, To: april.AddDate(0, 1, 0)})
		if err != nil {
			return // plans and policies that do not fit together: refused, not credited
		}
		for _, p := range plans {
			lines, err := calc.Credit(credit.Subscription{ID: "s", Plan: p.ID, Quantity: 1, From: april.AddDate(-1, 0, 0)})
			if err != nil {
				t.Fatalf("plan %q: %v", p.ID, err)
			}
			for _, l := range lines {
				if l.Currency != p.Currency {
					t.Errorf("plan %q: a line in %v, the plan is in %v", p.ID, l.Currency, p.Currency)
				}
				if l.Amount.Sign() < 0 || l.Amount.GreaterThan(l.Charge.Round(6).Add(decimal.New(1, -6))) {
					t.Errorf("plan %q: amount %s outside [0, charge %s]", p.ID, l.Amount, l.Charge)
				}
			}
		}
	})
}
