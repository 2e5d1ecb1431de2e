package report_test

import (
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/report"
	"github.com/outagekit/postmortem/sla"
)

// A tiny incident rendered as Markdown, public edition: a draft notice
// naming what the analysis still lacks, the title block, the sections with
// data (the public edition leaves out the empty ones), and the chart as a
// Mermaid gantt.
func ExampleWriteMarkdown() {
	start := time.Date(2025, 5, 6, 9, 0, 0, 0, time.UTC)
	inc := &rca.Incident{
		ID: "INC-7", Title: "Search | down <for> 25 minutes", Severity: "SEV3", Status: rca.StatusResolved,
		Impacts: []rca.Impact{{Component: "search", Level: rca.MajorOutage, Start: start, End: start.Add(25 * time.Minute)}},
		Timeline: []rca.Event{
			{At: start, Kind: rca.Started, Text: "Index nodes run out of disk"},
			{At: start.Add(25 * time.Minute), Kind: rca.Resolved, Text: "Old indexes deleted"},
		},
	}
	doc := report.New(inc, report.Options{Public: true, AsOf: start.Add(24 * time.Hour)})
	if err := report.WriteMarkdown(os.Stdout, doc); err != nil {
		fmt.Println(err)
	}
	// Output:
	// # Search \| down \<for\> 25 minutes
	//
	// *Incident report · Public edition*
	//
	// **Draft: summary not yet written; trigger not yet recorded; root cause not yet recorded; action items not yet recorded.**
	//
	// - **Incident ID:** INC-7
	// - **Severity:** SEV3
	// - **Status:** resolved
	// - **Impact began:** 2025-05-06 09:00 UTC
	// - **Impact ended:** 2025-05-06 09:25 UTC
	// - **Outage duration:** 25m
	// - **Report generated:** 2025-05-07 09:00 UTC
	// - **Time zone:** UTC
	//
	// ## Summary
	//
	// - **Outage duration:** 25m
	// - **Time to detect:** not recorded
	// - **Time to acknowledge:** not recorded
	// - **Time to mitigate:** not recorded
	// - **Time to resolve:** 25m
	// - **Root-cause analysis due:** 2025-06-05 09:25 UTC
	//
	// ## Impact
	//
	// ### Outage by component
	//
	// | Component | From | To | Down | Time at each level |
	// | --- | --- | --- | ---: | --- |
	// | search | 2025-05-06 09:00 UTC | 2025-05-06 09:25 UTC | 25m | major outage 25m |
	//
	// ### Impacts
	//
	// | Component | Level | From | To | Duration |
	// | --- | --- | --- | --- | ---: |
	// | search | major outage | 2025-05-06 09:00 UTC | 2025-05-06 09:25 UTC | 25m |
	//
	// ## Timeline chart
	//
	// ```mermaid
	// %%{init: {"theme": "base", "themeVariables": {"critBkgColor": "#d32f2f", "critBorderColor": "#d32f2f", "activeTaskBkgColor": "#f08c32", "activeTaskBorderColor": "#f08c32", "doneTaskBkgColor": "#f2c94c", "doneTaskBorderColor": "#f2c94c", "taskBkgColor": "#4285f4", "taskBorderColor": "#4285f4"}}}%%
	// gantt
	//     dateFormat YYYY-MM-DD HH:mm:ss
	//     axisFormat %m-%d %H:%M
	//     todayMarker off
	//     section search
	//     major outage :crit, 2025-05-06 09:00:00, 2025-05-06 09:25:00
	//     section Milestones
	//     Impact started :milestone, 2025-05-06 09:00:00, 0m
	//     Resolved :milestone, 2025-05-06 09:25:00, 0m
	// ```
	//
	// Times in UTC. Bar colours: red = major outage.
	//
	// ## Timeline
	//
	// | When | Event | What happened |
	// | --- | --- | --- |
	// | 2025-05-06 09:00 UTC | Impact started | Index nodes run out of disk |
	// | 2025-05-06 09:25 UTC | Resolved | Old indexes deleted |
	//
	// ## Customer updates
	//
	// - **Public updates while impact lasted:** 0
	// - **Longest silence:** 25m, from 2025-05-06 09:00 UTC to 2025-05-06 09:25 UTC
}

// Reports are localized by the document's language: headings, labels,
// numbers, amounts and durations; dates keep their ISO form.
func ExampleWritePDF() {
	start := time.Date(2025, 5, 6, 9, 0, 0, 0, time.UTC)
	inc := &rca.Incident{ID: "INC-7", Title: "Suche ausgefallen",
		Impacts: []rca.Impact{{Component: "search", Level: rca.MajorOutage, Start: start, End: start.Add(25 * time.Minute)}}}
	doc := report.New(inc, report.Options{Lang: language.German, PageSize: report.A4, Generated: start.Add(48 * time.Hour)})
	f, err := os.CreateTemp("", "report-*.pdf")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	fmt.Println(report.WritePDF(f, doc))
	// Output: <nil>
}

// A month's SLA statement: the outage of January 31 to February 1 counts
// 65 minutes in February (99.838790%, below 99.9%), not all 115.
func ExampleNewStatement() {
	start := time.Date(2025, 1, 31, 23, 10, 0, 0, time.UTC)
	inc := &rca.Incident{ID: "INC-2025-0131", Title: "API unavailable",
		Impacts: []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: start, End: start.Add(115 * time.Minute)}}}
	policy := &sla.Policy{ID: "api-monthly", Objective: decimal.RequireFromString("99.9"), Window: sla.Window{Kind: sla.Month}}
	st, err := report.NewStatement(policy, []*rca.Incident{inc}, time.Date(2025, 2, 15, 0, 0, 0, 0, time.UTC), report.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Window.Start.Format("2006-01"), st.Window.Downtime, st.Window.AvailabilityAt(6).StringFixed(6), st.Window.Met)
	for _, si := range st.Incidents {
		fmt.Println(si.ID, si.Downtime)
	}
	// Output:
	// 2025-02 1h5m0s 99.838790 false
	// INC-2025-0131 1h5m0s
}
