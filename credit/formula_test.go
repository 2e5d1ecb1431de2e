package credit

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// formulaIDs are subscription and customer ids a spreadsheet would run as
// formulas (OWASP's CSV injection examples), and ids that look like the
// guard itself.
var formulaIDs = []string{
	`=HYPERLINK("http://evil.example","click")`,
	"@SUM(1+1)*cmd|' /C calc'!A0",
	"+1+1",
	"-2+3",
	"'=already-quoted",
	"'plain",
	"-12",
}

// TestLinesFormulas credits subscriptions whose ids are formulas, through
// RunCSV (the fast path) and through Run and LineWriter, and checks that
// no field of the lines file starts as a formula would (it is guarded with
// a quote, as OWASP advises), while ReadLines gives back every id exactly.
func TestLinesFormulas(t *testing.T) {
	c := demoCalculator(t)
	var subs bytes.Buffer
	subs.WriteString("id,customer_id,plan_id\n")
	w := csv.NewWriter(&subs)
	for _, id := range formulaIDs {
		w.Write([]string{id, id + "-customer", "email-starter"})
	}
	w.Flush()

	var fast bytes.Buffer
	if _, err := c.RunCSV(context.Background(), &fast, bytes.NewReader(subs.Bytes()), BatchOptions{}); err != nil {
		t.Fatal(err)
	}
	var exact bytes.Buffer
	lw := NewLineWriter(&exact)
	for l, err := range c.Run(context.Background(), ReadSubscriptions(bytes.NewReader(subs.Bytes()), ReadOptions{Zones: c.Zones()})) {
		if err != nil {
			t.Fatal(err)
		}
		lw.Write(&l)
	}
	if err := lw.Flush(); err != nil {
		t.Fatal(err)
	}

	for name, file := range map[string][]byte{"RunCSV": fast.Bytes(), "LineWriter": exact.Bytes()} {
		t.Run(name, func(t *testing.T) {
			recs, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range recs[1:] {
				for i, f := range rec {
					if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) && f != "-12" {
						t.Errorf("column %s starts as a formula: %q", LineColumns()[i], f)
					}
				}
			}
			var ids, customers []string
			for l, err := range ReadLines(bytes.NewReader(file), "lines.csv") {
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, l.Subscription)
				customers = append(customers, strings.TrimSuffix(l.Customer, "-customer"))
			}
			if diff := cmp.Diff(formulaIDs, ids); diff != "" {
				t.Errorf("ids read back (-written +read):\n%s", diff)
			}
			if diff := cmp.Diff(formulaIDs, customers); diff != "" {
				t.Errorf("customer ids read back (-written +read):\n%s", diff)
			}
		})
	}
	if !bytes.Equal(fast.Bytes(), exact.Bytes()) {
		t.Errorf("RunCSV and LineWriter wrote different files:\n%s", cmp.Diff(exact.String(), fast.String()))
	}
}
