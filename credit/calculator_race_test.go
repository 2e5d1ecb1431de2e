package credit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// demoBatch builds the calculator of the demo plans under the seed policy
// and incident, and reads the demo subscriptions CSV.
func demoBatch(t *testing.T) (*credit.Calculator, []byte) {
	t.Helper()
	plans, err := credit.LoadPlansFile("../testdata/plans/demo-plans.yaml")
	if err != nil {
		t.Fatal(err)
	}
	policy, err := sla.LoadFile("../testdata/policies/seed-monthly-new-york.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inc, err := rca.LoadFile("../testdata/incidents/seed-constant-contact-2014.yaml")
	if err != nil {
		t.Fatal(err)
	}
	calc, err := credit.NewCalculator(credit.Config{Plans: plans, Policies: []*sla.Policy{policy}, Incidents: []*rca.Incident{inc}})
	if err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile("../testdata/subscriptions/demo.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Good rows and bad ones, so that rejections race too.
	bad, err := os.ReadFile("../testdata/subscriptions/bad.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, rows, _ := bytes.Cut(bad, []byte("\n"))
	return calc, append(csv, rows...)
}

// runOnce credits subs with one of the calculator's three entry points and
// returns the lines CSV and the summary as JSON.
func runOnce(ctx context.Context, calc *credit.Calculator, subs []byte, way int) (string, string, error) {
	var out bytes.Buffer
	var sum credit.Summary
	switch way {
	case 0: // RunCSV, the batch path
		s, err := calc.RunCSV(ctx, &out, bytes.NewReader(subs), credit.BatchOptions{File: "subs.csv"})
		if err != nil {
			return "", "", err
		}
		sum = *s
	default: // Run over ReadSubscriptions (1), or Credit one by one (2)
		w := credit.NewLineWriter(&out)
		for sub, err := range credit.ReadSubscriptions(bytes.NewReader(subs), credit.ReadOptions{File: "subs.csv", Zones: calc.Zones()}) {
			var re *credit.RowError
			if errors.As(err, &re) {
				sum.Reject(re)
				continue
			}
			if err != nil {
				return "", "", err
			}
			var lines []credit.Line
			if way == 1 {
				for l, err := range calc.Run(ctx, credit.SubscriptionsOf([]credit.Subscription{sub})) {
					if err != nil {
						return "", "", err
					}
					lines = append(lines, l)
				}
			} else if lines, err = calc.Credit(sub); errors.As(err, &re) {
				sum.Reject(re)
				continue
			} else if err != nil {
				return "", "", err
			}
			for i := range lines {
				sum.Add(&lines[i])
				if err := w.Write(&lines[i]); err != nil {
					return "", "", err
				}
			}
		}
		if err := w.Flush(); err != nil {
			return "", "", err
		}
	}
	js, err := json.Marshal(sum)
	return out.String(), string(js), err
}

// TestCalculatorConcurrentUse runs one Calculator from 16 goroutines at once
// (under go test -race, which .ci/run uses), through RunCSV, Run and Credit:
// every run gives the lines file and the summary a run alone gives.
func TestCalculatorConcurrentUse(t *testing.T) {
	calc, subs := demoBatch(t)
	ctx := context.Background()
	wantLines, wantSum, err := runOnce(ctx, calc, subs, 0)
	if err != nil {
		t.Fatal(err)
	}
	for way := 1; way < 3; way++ {
		lines, sum, err := runOnce(ctx, calc, subs, way)
		if err != nil || lines != wantLines || sum != wantSum {
			t.Fatalf("entry point %d alone differs from RunCSV (err %v)", way, err)
		}
	}
	const goroutines = 16
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			lines, sum, err := runOnce(ctx, calc, subs, g%3)
			switch {
			case err != nil:
				errs <- err
			case lines != wantLines:
				errs <- fmt.Errorf("goroutine %d (entry point %d): the lines differ from a run alone", g, g%3)
			case sum != wantSum:
				errs <- fmt.Errorf("goroutine %d (entry point %d): summary %s, alone %s", g, g%3, sum, wantSum)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
