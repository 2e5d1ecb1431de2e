package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/outagekit/postmortem/internal/allocs"
)

// adversarial are inputs built to make loading or validation cost more
// than their size: each is a function of the size wanted, the file name it
// is written under, and the command that reads it.
var adversarial = []struct {
	name string
	file string
	args func(path string) []string // the command that reads the file at path
	// accepts is set for inputs a command may read without a problem: the
	// others must be refused.
	accepts bool
	// size is the size the case starts from; 0 is 16 MiB, the size limit
	// of documents. Inputs streamed record by record do work per record
	// (a refund, an interval, an update) whose allocations are not held:
	// they start from 2 MiB, which keeps the test fast, and are checked for
	// linearity there (see TestLinearTimeGuard).
	// Of these, Statuspage updates and Prometheus samples still hold more
	// than 500 MiB at 16 MiB (656 and 539 MB peak, /usr/bin/time): open.
	size int
	gen  func(size int) string
}{
	{"overlapping tiers", "policy.yaml", validate("policy"), false, 0, func(n int) string {
		return fill("id: p\nobjective: \"99.9\"\ntiers:\n", "  - {credit: \"1\"}\n", n)
	}},
	{"overlapping tiers in JSON", "policy.json", validate("policy"), false, 0, func(n int) string {
		return fill(`{"id": "p", "objective": "99.9", "tiers": [{"credit": "1"}`, `, {"credit": "1"}`, n-2) + "]}"
	}},
	{"overlapping tiers of a plan", "plans.yaml", validate("plans"), false, 0, func(n int) string {
		return fill("plans:\n  - {id: a, price: \"1\", currency: USD, rule: {kind: tiered, tiers: [\n", "      {credit: \"1\"},\n", n-10) + "  ]}}\n"
	}},
	{"events with an unknown field", "incident.yaml", validate("incident"), false, 0, func(n int) string {
		return fill("id: x\ntitle: t\ntimeline:\n", "  - {at: \"2014-04-18T10:32:00Z\", kind: note, text: x, bogus: 1}\n", n)
	}},
	{"a flow list of one-letter values", "incident.yaml", validate("incident"), false, 0, func(n int) string {
		return fill("id: x\ntitle: t\ncomponents: [a", ",a", n-2) + "]\n"
	}},
	{"duplicate keys", "incident.yaml", validate("incident"), false, 0, func(n int) string {
		return fill("id: x\ntitle: t\n", "id: y\n", n)
	}},
	{"long keys nested deep over a long list", "incident.yaml", validate("incident"), false, 0, func(n int) string {
		key := strings.Repeat("k", n/400)
		var b strings.Builder
		for d := range 90 {
			fmt.Fprintf(&b, "%s%s%d:\n", strings.Repeat(" ", d), key, d)
		}
		return fill(b.String(), strings.Repeat(" ", 90)+"- a\n", n)
	}},
	{"invalid UTF-8 nested deep", "incident.yaml", validate("incident"), false, 0, func(n int) string {
		var b strings.Builder
		for d := range 99 {
			fmt.Fprintf(&b, "%sk%d\xff:\n", strings.Repeat(" ", d), d)
		}
		return fill(b.String(), strings.Repeat(" ", 99)+"- \xff\n", n)
	}},
	{"a long text", "incident.yaml", validate("incident"), false, 0, func(n int) string {
		return fill("id: x\ntitle: |\n", "  the power went out and nothing worked for hours\n", n)
	}},
	{"a CSV whose lines end in bare carriage returns", "subs.csv", creditSubscriptions, true, 0, func(n int) string {
		return fill("id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged\r",
			"s-1,acme,email-starter,1,2014-01-01,,,\r", n)
	}},
	{"a CSV of stray quotes", "subs.csv", creditSubscriptions, true, 0, func(n int) string {
		return fill("id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged\n",
			"s-1,ac\"me,email-starter,1,2014-01-01,,,\n", n)
	}},
	{"a ledger of one entry repeated", "ledger.csv", func(path string) []string {
		return append(creditSubscriptions(demoSubs), "-issued", path)
	}, true, 0, func(n int) string {
		return fill("subscription_id,policy,window_start,window_end,currency,amount,idempotency_key\n",
			"sub-0001,seed-monthly-new-york,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,0.28,k1\n", n)
	}},
	{"a changes file of tiny rows", "changes.csv", func(path string) []string {
		return []string{"refunds", "-plans", demoPlans, "-changes", path, "-out", devNull}
	}, true, 2 << 20, func(n int) string {
		return fill("id,plan_id,changed_at\n", "c,email-starter,2014-04-18\n", n)
	}},
	{"a lines file of one line repeated", "lines.csv", func(path string) []string {
		return []string{"report", "-policy", seedPolicy, "-incident", seedIncident, "-format", "md", "-out", devNull, "-credits", path}
	}, false, 0, func(n int) string {
		return fill(demoLinesHeader+"\n", demoLine+"\n", n)
	}},
	{"a PagerDuty export of one incident repeated", "pagerduty.json", importFrom("pagerduty"), true, 2 << 20, func(n int) string {
		inc := `{"id":"P","title":"t","created_at":"2015-10-06T21:30:42Z","status":"resolved",` +
			`"last_status_change_at":"2015-10-06T22:12:05Z","service":{"id":"S","summary":"mail"}}`
		return fill(`{"incidents":[`, inc+",", n-len(inc)-2) + inc + "]}"
	}},
	{"a Statuspage incident of many updates", "statuspage.json", importFrom("statuspage"), true, 2 << 20, func(n int) string {
		head := `{"incident":{"id":"i","name":"n","status":"resolved","created_at":"2024-07-09T08:00:12Z",` +
			`"resolved_at":"2024-07-09T09:00:00Z","impact":"major","incident_updates":[`
		last := `{"id":"v","status":"resolved","body":"x","created_at":"2024-07-09T09:00:00Z","affected_components":[]}]}}`
		return fill(head, `{"id":"u","status":"investigating","body":"x","created_at":"2024-07-09T08:00:12Z",`+
			`"affected_components":[{"code":"c","name":"A","old_status":"operational","new_status":"major_outage"}]},`, n-len(last)) + last
	}},
	{"Statuspage JSON nested deep", "statuspage.json", importFrom("statuspage"), false, 0, func(n int) string {
		return `{"incidents":` + strings.Repeat("[", n-14) + `}`
	}},
	{"an OpenSLO document of many objectives", "slo.yaml", func(path string) []string {
		return []string{"sla", "-policy", path, "-incident", seedIncident}
	}, false, 0, func(n int) string {
		return fill(`apiVersion: openslo/v1
kind: SLO
metadata: {name: a}
spec:
  indicator: {spec: {ratioMetric: {raw: {}, rawType: failure}}}
  timeWindow: [{duration: 30d, isRolling: true}]
  budgetingMethod: RatioTimeslices
  objectives:
`, "    - {displayName: o, target: 0.99, timeSliceWindow: 5m}\n", n)
	}},
	{"a Prometheus range of many samples", "prometheus.json", promRequests, true, 2 << 20, func(n int) string {
		var b strings.Builder
		b.WriteString(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1740787500,"0.1"]`)
		for t := 1740787800; b.Len() < n-20; t += 300 {
			fmt.Fprintf(&b, `,[%d,"0.1"]`, t)
		}
		b.WriteString("]}]}}")
		return b.String()
	}},
	{"a Prometheus sample of a long number", "prometheus.json", promRequests, false, 0, func(n int) string {
		head := `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1740787500,"0.`
		return fill(head, "0", n-10) + `1"]]}]}}`
	}},
}

// validate is the command that validates a file of the kind.
func validate(kind string) func(string) []string {
	return func(path string) []string { return []string{"validate", "-kind", kind, path} }
}

// importFrom is the command that imports a file of the tool.
func importFrom(tool string) func(string) []string {
	return func(path string) []string { return []string{"import", tool, path} }
}

// creditSubscriptions credits the subscriptions at path (see badCreditArgs).
func creditSubscriptions(path string) []string {
	return append(append([]string{"credits"}, badCreditArgs()...), "-subscriptions", path, "-out", devNull, "-allow-rejects")
}

// promRequests measures the request-based policy from the Prometheus
// range at path.
func promRequests(path string) []string {
	return []string{"sla", "-policy", "../../testdata/policies/request-based.yaml", "-requests", path}
}

const (
	devNull = "/dev/null"
	// demoLinesHeader and demoLine are the first lines of demoLines.
	demoLinesHeader = "subscription_id,customer_id,plan_id,policy,policy_version,window_start,window_end,currency,charge,downtime_seconds,weighted_seconds,measured_seconds,availability_percent,rule,band,raw,multiplier,capped,below_minimum,rounding,due,issued_before,issued_entries,amount,over_credited,claim_deadline,incidents,idempotency_key,explanation"
	demoLine        = "sub-0001,lantern-three,email-starter,seed-monthly-new-york,2014-04,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,15.000000,52080,52080,2592000,97.9907407407,prorated,,0.301389,1,false,false,half_up,0.30,0.00,0,0.30,0.00,2014-05-31T00:00:00-04:00,constant-contact-2014-04-18,2630db7fec74e2afbe12deadbd70e209,15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)"
)

// fill returns head followed by as many copies of item as fit in n bytes.
func fill(head, item string, n int) string {
	return head + strings.Repeat(item, max(n-len(head), 0)/len(item))
}

// TestLinearTimeGuard runs each adversarial input through the command
// that reads it and checks what it allocates, which is what its time and
// memory follow and, unlike a time, does not depend on the machine's load:
//
//   - at 16 MiB, the size limit of documents (or the case's own size): at
//     most 500 MiB, and at most about 110 lines and 64 KiB of problems (the
//     cap and the summary; a problem quotes a value in part);
//   - at the largest size of the input that is still read, up to 4 MiB
//     (16 MiB halved until it is within the limit on a document's values),
//     and at half of that: doubling the input at most doubles the
//     allocations, with a margin (2.5 times). A quadratic step shows as
//     four times.
//
// Each of the first eleven took minutes and gigabytes before; the others
// cover the ledger, changes, lines, PagerDuty, Statuspage, OpenSLO and
// Prometheus readers (of these, a Statuspage export nested deep took
// 800 MB, an OpenSLO SLO of many objectives 1.3 GB, and a long number made
// a 16 MiB problem). -short starts from 2 MiB.
func TestLinearTimeGuard(t *testing.T) {
	size := 16 << 20
	if testing.Short() {
		size = 2 << 20
	}
	for _, tc := range adversarial {
		t.Run(tc.name, func(t *testing.T) {
			size := size
			if tc.size > 0 {
				size = min(size, tc.size)
			}
			alloc, refused := guardRun(t, tc.file, tc.args, tc.accepts, tc.gen(size))
			if alloc > 500<<20 {
				t.Errorf("%d MiB of input allocated %d MiB, more than 500 MiB", size>>20, alloc>>20)
			}
			full := alloc
			n := size
			for (refused || n > 4<<20) && n > 1<<10 {
				n /= 2
				alloc, refused = guardRun(t, tc.file, tc.args, tc.accepts, tc.gen(n))
			}
			half, _ := guardRun(t, tc.file, tc.args, tc.accepts, tc.gen(n/2))
			t.Logf("%d MiB: %d KiB allocated (refused for its values: %v); read at %d KiB: %d KiB, at %d KiB: %d KiB",
				size>>20, full>>10, n < size, n>>10, alloc>>10, n>>11, half>>10)
			if alloc > 5*half/2+(1<<20) {
				t.Errorf("doubling the input from %d to %d KiB took allocations from %d to %d KiB: not linear", n>>11, n>>10, half>>10, alloc>>10)
			}
		})
	}
}

// guardRun runs the command of an adversarial input on data and returns
// what it allocated, and whether the input was refused for having more
// values than a document may have.
func guardRun(t *testing.T, file string, args func(string) []string, accepts bool, data string) (alloc uint64, refused bool) {
	t.Helper()
	path := writeFile(t, file, data)
	var r result
	alloc = allocs.Bytes(func() { r = runCLI(t, "", args(path)...) })
	noPanic(t, r)
	if r.code == exitOK && !accepts {
		t.Fatalf("%d bytes accepted:\n%s", len(data), r.stderr)
	}
	if lines := strings.Count(r.stderr, "\n"); lines > 110+maxRejectsShown {
		t.Errorf("%d lines of problems on standard error: they are not capped", lines)
	}
	if len(r.stderr) > 64<<10 {
		t.Errorf("%d KiB on standard error: problems are not capped in size", len(r.stderr)>>10)
	}
	return alloc, strings.Contains(r.stderr, "too many values to parse")
}

// badCreditArgs are the policy, plans and incident the subscriptions of
// the guard are credited against.
func badCreditArgs() []string {
	return []string{"-policy", seedPolicy, "-plans", demoPlans, "-incident", seedIncident}
}
