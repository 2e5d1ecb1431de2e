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
	args []string // the command, the file's path appended
	gen  func(size int) string
}{
	{"overlapping tiers", "policy.yaml", []string{"validate", "-kind", "policy"}, func(n int) string {
		return fill("id: p\nobjective: \"99.9\"\ntiers:\n", "  - {credit: \"1\"}\n", n)
	}},
	{"overlapping tiers in JSON", "policy.json", []string{"validate", "-kind", "policy"}, func(n int) string {
		return fill(`{"id": "p", "objective": "99.9", "tiers": [{"credit": "1"}`, `, {"credit": "1"}`, n-2) + "]}"
	}},
	{"overlapping tiers of a plan", "plans.yaml", []string{"validate", "-kind", "plans"}, func(n int) string {
		return fill("plans:\n  - {id: a, price: \"1\", currency: USD, rule: {kind: tiered, tiers: [\n", "      {credit: \"1\"},\n", n-10) + "  ]}}\n"
	}},
	{"events with an unknown field", "incident.yaml", []string{"validate", "-kind", "incident"}, func(n int) string {
		return fill("id: x\ntitle: t\ntimeline:\n", "  - {at: \"2014-04-18T10:32:00Z\", kind: note, text: x, bogus: 1}\n", n)
	}},
	{"a flow list of one-letter values", "incident.yaml", []string{"validate", "-kind", "incident"}, func(n int) string {
		return fill("id: x\ntitle: t\ncomponents: [a", ",a", n-2) + "]\n"
	}},
	{"duplicate keys", "incident.yaml", []string{"validate", "-kind", "incident"}, func(n int) string {
		return fill("id: x\ntitle: t\n", "id: y\n", n)
	}},
	{"long keys nested deep over a long list", "incident.yaml", []string{"validate", "-kind", "incident"}, func(n int) string {
		key := strings.Repeat("k", n/400)
		var b strings.Builder
		for d := range 90 {
			fmt.Fprintf(&b, "%s%s%d:\n", strings.Repeat(" ", d), key, d)
		}
		return fill(b.String(), strings.Repeat(" ", 90)+"- a\n", n)
	}},
	{"invalid UTF-8 nested deep", "incident.yaml", []string{"validate", "-kind", "incident"}, func(n int) string {
		var b strings.Builder
		for d := range 99 {
			fmt.Fprintf(&b, "%sk%d\xff:\n", strings.Repeat(" ", d), d)
		}
		return fill(b.String(), strings.Repeat(" ", 99)+"- \xff\n", n)
	}},
	{"a long text", "incident.yaml", []string{"validate", "-kind", "incident"}, func(n int) string {
		return fill("id: x\ntitle: |\n", "  the power went out and nothing worked for hours\n", n)
	}},
	{"a CSV whose lines end in bare carriage returns", "subs.csv", nil, func(n int) string {
		return fill("id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged\r",
			"s-1,acme,email-starter,1,2014-01-01,,,\r", n)
	}},
	{"a CSV of stray quotes", "subs.csv", nil, func(n int) string {
		return fill("id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged\n",
			"s-1,ac\"me,email-starter,1,2014-01-01,,,\n", n)
	}},
}

// fill returns head followed by as many copies of item as fit in n bytes.
func fill(head, item string, n int) string {
	return head + strings.Repeat(item, max(n-len(head), 0)/len(item))
}

// TestLinearTimeGuard runs each adversarial input through the command
// that reads it and checks what it allocates, which is what its time and
// memory follow and, unlike a time, does not depend on the machine's load:
//
//   - at 16 MiB, the size limit of documents: at most 500 MiB, and at most
//     about 110 lines of problems (the cap and the summary);
//   - at the largest size of the input that is still read, up to 4 MiB
//     (16 MiB halved until it is within the limit on a document's values),
//     and at half of that: doubling the input at most doubles the
//     allocations, with a margin (2.5 times). A quadratic step shows as
//     four times.
//
// Each of these inputs took minutes and gigabytes before. -short starts
// from 2 MiB.
func TestLinearTimeGuard(t *testing.T) {
	size := 16 << 20
	if testing.Short() {
		size = 2 << 20
	}
	for _, tc := range adversarial {
		t.Run(tc.name, func(t *testing.T) {
			alloc, refused := guardRun(t, tc.file, tc.args, tc.gen(size))
			if alloc > 500<<20 {
				t.Errorf("%d MiB of input allocated %d MiB, more than 500 MiB", size>>20, alloc>>20)
			}
			full := alloc
			n := size
			for (refused || n > 4<<20) && n > 1<<10 {
				n /= 2
				alloc, refused = guardRun(t, tc.file, tc.args, tc.gen(n))
			}
			half, _ := guardRun(t, tc.file, tc.args, tc.gen(n/2))
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
func guardRun(t *testing.T, file string, args []string, data string) (alloc uint64, refused bool) {
	t.Helper()
	path := writeFile(t, file, data)
	if args == nil {
		args = append(append([]string{"credits"}, badCreditArgs()...), "-subscriptions", path, "-out", writeFile(t, "lines.csv", ""), "-allow-rejects")
	} else {
		args = append(append([]string(nil), args...), path)
	}
	var r result
	alloc = allocs.Bytes(func() { r = runCLI(t, "", args...) })
	noPanic(t, r)
	if r.code == exitOK && file != "subs.csv" {
		t.Fatalf("%d bytes accepted:\n%s", len(data), r.stderr)
	}
	if lines := strings.Count(r.stderr, "\n"); lines > 110+maxRejectsShown {
		t.Errorf("%d lines of problems on standard error: they are not capped", lines)
	}
	return alloc, strings.Contains(r.stderr, "values (the limit")
}

// badCreditArgs are the policy, plans and incident the subscriptions of
// the guard are credited against.
func badCreditArgs() []string {
	return []string{
		"-policy", "../../testdata/policies/seed-monthly-new-york.yaml",
		"-plans", "../../testdata/plans/demo-plans.yaml",
		"-incident", "../../testdata/incidents/seed-constant-contact-2014.yaml",
	}
}
