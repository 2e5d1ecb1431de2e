package main

import (
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/golden"
)

// TestCatalogCommand: "postmortem catalog" lists the entries and says they
// are readings, not legal advice; "catalog NAME" prints the file; an
// unknown name fails with the list of entries.
func TestCatalogCommand(t *testing.T) {
	r := runCLI(t, "", "catalog")
	r.wantCode(t, exitOK)
	golden.Check(t, "testdata/catalog/list.txt", []byte(r.stdout))

	r = runCLI(t, "", "catalog", "slack")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stdout, "id: slack\n") || !strings.Contains(r.stdout, "allowance: 10h") {
		t.Errorf("catalog slack printed:\n%s", r.stdout)
	}

	r = runCLI(t, "", "catalog", "no-such-sla")
	r.wantCode(t, exitInvalid)
	if !strings.Contains(r.stderr, `no entry "no-such-sla"`) || !strings.Contains(r.stderr, "aws-ec2-region") {
		t.Errorf("stderr: %s", r.stderr)
	}
}

// TestCatalogPolicyFlag: commands read a catalog entry wherever they read
// a policy file, spelled catalog:NAME.
func TestCatalogPolicyFlag(t *testing.T) {
	r := runCLI(t, "", "sla", "-policy", "catalog:aws-ec2-instance", "-incident", "testdata/catalog/ec2-incident.yaml")
	r.wantCode(t, exitOK)
	golden.Check(t, "testdata/catalog/sla-aws-ec2-instance.txt", []byte(r.stdout))

	r = runCLI(t, "", "validate", "catalog:github-enterprise-cloud")
	r.wantCode(t, exitOK)
	if want := "catalog:github-enterprise-cloud: ok: policy \"github-enterprise-cloud\""; !strings.Contains(r.stdout, want) {
		t.Errorf("validate printed %q, want %q", r.stdout, want)
	}

	r = runCLI(t, "", "sla", "-policy", "catalog:aws-ec3", "-incident", "testdata/catalog/ec2-incident.yaml")
	r.wantCode(t, exitInvalid)
	if !strings.Contains(r.stderr, `no entry "aws-ec3"`) {
		t.Errorf("stderr: %s", r.stderr)
	}
}

// TestCatalogPlansFlag: credits reads an entry's plans wherever it reads a
// plans file, catalog:plans/NAME: the walk-through's outage under Amazon's
// region-level SLA is 10% of each month's 1,000.00 example price.
func TestCatalogPlansFlag(t *testing.T) {
	subs := writeFile(t, "subs.csv", "id,plan_id,active_from\ns-1,aws-ec2-region,2024-06-01\n")
	r := runCLI(t, "", "credits", "-policy", "catalog:aws-ec2-region", "-plans", "catalog:plans/aws-ec2-region",
		"-subscriptions", subs, "-incident", "../../testdata/walkthrough/incident.yaml", "-out", "-")
	r.wantCode(t, exitOK)
	if !strings.Contains(r.stderr, "total USD 200.00 (2 lines") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}
