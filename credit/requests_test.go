package credit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// TestCalculatorRefusesRequestBased: a Calculator measures incidents and
// takes no request counts, so a plan under a request-based policy (every
// OpenSLO SLO) read 100% available through the walk-through's 1h55m
// outage and was credited nothing. NewCalculator refuses it, naming the
// policy; a request-based policy no plan uses is not measured and does
// not stop the others.
func TestCalculatorRefusesRequestBased(t *testing.T) {
	reqs := mustPolicy(t, "../testdata/policies/request-based.yaml")
	timed := mustPolicy(t, "../testdata/walkthrough/policy.yaml")
	incs := []*rca.Incident{mustIncident(t, "../testdata/walkthrough/incident.yaml")}
	plan := func(policy string) []credit.Plan {
		return mustPlans(t, "plans.yaml", "plans:\n  - {id: p, price: \"10\", currency: USD, policy: "+policy+", rule: {kind: prorated}}\n")
	}

	_, err := credit.NewCalculator(credit.Config{Plans: plan("request-based"), Policies: []*sla.Policy{timed, reqs}, Incidents: incs})
	var nr *sla.NoRequestsError
	if !errors.As(err, &nr) || nr.Policy != "request-based" {
		t.Fatalf("NewCalculator = %v, want an error wrapping *sla.NoRequestsError for policy request-based", err)
	}
	if want := `policy "request-based" is request based: its availability comes from request counts, not from incidents`; !strings.HasPrefix(err.Error(), want) ||
		!strings.HasSuffix(err.Error(), "a Calculator takes no request counts: it credits time-based policies only") {
		t.Errorf("message %q, want it to name the policy and say a Calculator takes no request counts", err)
	}

	// Of two request-based policies, the first is named, every time.
	second := *reqs
	second.ID = "request-based-2"
	two := mustPlans(t, "plans.yaml", "plans:\n  - {id: a, price: \"10\", currency: USD, policy: request-based-2, rule: {kind: prorated}}\n  - {id: b, price: \"10\", currency: USD, policy: request-based, rule: {kind: prorated}}\n")
	for range 20 {
		_, err := credit.NewCalculator(credit.Config{Plans: two, Policies: []*sla.Policy{reqs, &second}, Incidents: incs})
		if !errors.As(err, &nr) || nr.Policy != "request-based" {
			t.Fatalf("two request-based policies: %v, want the first, request-based, named", err)
		}
	}

	if _, err := credit.NewCalculator(credit.Config{Plans: plan(timed.ID), Policies: []*sla.Policy{timed, reqs}, Incidents: incs}); err != nil {
		t.Errorf("a request-based policy no plan uses: %v, want a Calculator", err)
	}
}
