package report_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/report"
	"github.com/outagekit/postmortem/sla"
)

// Example_walkthrough is the README's report example, on the
// walk-through's files (testdata/walkthrough: the README's incident.yaml
// and policy.yaml).
func Example_walkthrough() {
	inc, err := rca.LoadFile("../testdata/walkthrough/incident.yaml")
	if err != nil {
		log.Fatal(err)
	}
	policy, err := sla.LoadFile("../testdata/walkthrough/policy.yaml")
	if err != nil {
		log.Fatal(err)
	}
	results, err := sla.Measure(policy, []*rca.Incident{inc}, sla.Options{})
	if err != nil {
		log.Fatal(err)
	}
	doc := report.New(inc, report.Options{Lang: language.German, Public: true})
	doc.Policy, doc.Results = policy, results // and doc.Credits = &sum, a credit.Summary
	var md, pdf bytes.Buffer
	err = report.WriteMarkdown(&md, doc)
	if err != nil {
		log.Fatal(err)
	}
	err = report.WritePDF(&pdf, doc)
	if err != nil {
		log.Fatal(err)
	}
	title, _, _ := strings.Cut(md.String(), "\n")
	fmt.Println(title, pdf.String()[:5])
	// Output:
	// # API unavailable after a failed database migration %PDF-
}
