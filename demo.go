package postmortem

import (
	"embed"
	"io/fs"
)

// The demo inputs, by their path in the file system Demo returns (the same
// as in the module's source tree).
const (
	// DemoIncident is the seed incident: the Constant Contact outage of
	// 2014-04-18, 10:32 ET to 01:00 ET the next day.
	DemoIncident = "testdata/incidents/seed-constant-contact-2014.yaml"
	// DemoPolicy is the seed's SLA policy: monthly windows in
	// America/New_York, partial restoration counts as down, objective 99.9%.
	DemoPolicy = "testdata/policies/seed-monthly-new-york.yaml"
	// DemoPlans is a small plan catalogue measured by DemoPolicy: a
	// $15/month plan and its annual version, a tiered plan, and plans in EUR,
	// JPY, CHF and KWD with stepped, cash-rounded and minimum-issuance rules.
	DemoPlans = "testdata/plans/demo-plans.yaml"
	// DemoSubscriptions is a subscriptions CSV for DemoPlans: several plans
	// and currencies, annual and monthly billing, mid-month starts, a
	// cancellation before the outage and a start after it.
	DemoSubscriptions = "testdata/subscriptions/demo.csv"
)

//go:embed testdata/incidents/seed-constant-contact-2014.yaml
//go:embed testdata/policies/seed-monthly-new-york.yaml
//go:embed testdata/plans/demo-plans.yaml
//go:embed testdata/subscriptions/demo.csv
var demo embed.FS

// Demo returns the inputs of the demo pipeline, embedded in every binary
// that imports this package so that "postmortem demo" needs no file of the
// checkout. It holds exactly four files, named by DemoIncident, DemoPolicy,
// DemoPlans and DemoSubscriptions:
//
//	testdata/incidents/seed-constant-contact-2014.yaml  the incident
//	testdata/policies/seed-monthly-new-york.yaml         the SLA policy
//	testdata/plans/demo-plans.yaml                       the plans
//	testdata/subscriptions/demo.csv                      the subscriptions
//
// The file system is read-only and safe for concurrent use.
func Demo() fs.FS { return demo }
