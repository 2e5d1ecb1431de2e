package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/rca"
)

func markdown(t *testing.T, d *Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, d); err != nil {
		t.Fatalf("WriteMarkdown: %v", err)
	}
	return buf.String()
}

// TestPublicEdition checks what the public edition leaves out: internal
// events, internal notes and action-item owners; and that the internal
// edition has them.
func TestPublicEdition(t *testing.T) {
	internal := markdown(t, richDoc(t, language.English, false))
	public := markdown(t, richDoc(t, language.English, true))
	for _, s := range []string{
		"Storage firmware 4.2.1 rolled out to the primary database cluster (change CHG-1182)", // internal event
		"About 180,000 webhooks in the backlog",                                               // internal event
		"Checkout volume on a Saturday morning",                                               // note
		"## Internal notes", "| Owner |", "Jonas Weber | P1",
	} {
		if !strings.Contains(internal, s) {
			t.Errorf("internal edition lacks %q", s)
		}
		if strings.Contains(public, s) {
			t.Errorf("public edition shows %q", s)
		}
	}
	if !strings.Contains(public, "Public edition") || !strings.Contains(internal, "Internal edition") {
		t.Error("edition not named under the title")
	}
}

// TestEmptySections checks the rule for sections without data: optional
// inputs (SLA results, credits, notes, chart) are left out; what every
// root-cause analysis owes its readers says "None recorded.".
func TestEmptySections(t *testing.T) {
	inc := &rca.Incident{ID: "INC-1", Title: "Bare incident", Zone: time.UTC}
	md := markdown(t, New(inc, Options{AsOf: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}))
	for _, s := range []string{"## SLA results", "## Service credits", "## Internal notes", "## Timeline chart", "```mermaid"} {
		if strings.Contains(md, s) {
			t.Errorf("empty document shows %q", s)
		}
	}
	for _, h := range []string{"## Impact", "## Timeline", "## Root cause", "## Lessons learned", "## Action items", "## Communications log"} {
		i := strings.Index(md, h+"\n")
		if i < 0 {
			t.Errorf("section %q missing", h)
			continue
		}
		rest := md[i+len(h)+1:]
		if next := strings.Index(rest, "\n## "); next >= 0 {
			rest = rest[:next]
		}
		if !strings.Contains(rest, "*None recorded.*") {
			t.Errorf("section %q does not say none recorded:\n%s", h, rest)
		}
	}
	if !strings.Contains(md, "## Recovery-plan readiness") {
		t.Error("readiness section missing")
	}
}

// TestSectionOrder checks the sections come in the order of issue 5.
func TestSectionOrder(t *testing.T) {
	md := markdown(t, seedDoc(t, language.English, false))
	order := []string{"# Constant Contact", "- **Incident ID:**", "## Summary", "## Impact", "## Timeline chart", "## Timeline\n",
		"## SLA results", "## Service credits", "## Root cause", "### Trigger", "### Root causes", "### Contributing factors",
		"### Detection", "### Resolution", "## Lessons learned", "## Action items", "## Recovery-plan readiness",
		"## Communications log", "## Customer updates", "## Internal notes"}
	at := 0
	for _, s := range order {
		i := strings.Index(md[at:], s)
		if i < 0 {
			t.Fatalf("%q missing or out of order", s)
		}
		at += i
	}
}

// TestReaderZone checks that every time follows Options.Zone.
func TestReaderZone(t *testing.T) {
	d := seedDoc(t, language.English, false)
	d.Options.Zone = time.UTC
	md := markdown(t, d)
	if !strings.Contains(md, "| 2014-04-18 14:32 UTC |") && !strings.Contains(md, "| ≈ 2014-04-18 14:32 UTC |") {
		t.Error("impact start not shown in UTC")
	}
	if n := strings.Count(md, "UTC−04:00"); n != 0 {
		t.Errorf("%d times still shown in New York time", n)
	}
	if !strings.Contains(md, "- **Time zone:** UTC") {
		t.Error("title block does not name the reader's zone")
	}
}

// TestOverdueMarks checks the overdue marks come from the metrics: the
// rich incident's open and in-progress items due before the report's date.
func TestOverdueMarks(t *testing.T) {
	d := richDoc(t, language.English, false)
	if len(d.Metrics.OverdueActions) == 0 {
		t.Fatal("fixture has no overdue action as of its date")
	}
	md := markdown(t, d)
	for _, i := range d.Metrics.OverdueActions {
		a := d.Incident.ActionItems[i]
		line := ""
		for _, l := range strings.Split(md, "\n") {
			if strings.HasPrefix(l, "| "+escape(a.Title)+" |") {
				line = l
			}
		}
		if !strings.Contains(line, " — overdue**") {
			t.Errorf("action %q not marked overdue: %q", a.Title, line)
		}
	}
	if n := strings.Count(md, "overdue**"); n != len(d.Metrics.OverdueActions) {
		t.Errorf("%d overdue marks, want %d", n, len(d.Metrics.OverdueActions))
	}
}

// TestOngoing renders an incident whose impact has not ended: bars end at
// AsOf and the end is "ongoing".
func TestOngoing(t *testing.T) {
	start := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	inc := &rca.Incident{ID: "INC-2", Title: "Still down", Zone: time.UTC,
		Impacts:  []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: start}},
		Timeline: []rca.Event{{At: start, Kind: rca.Started, Text: "down"}}}
	d := New(inc, Options{AsOf: start.Add(90 * time.Minute)})
	md := markdown(t, d)
	for _, s := range []string{"- **Impact ended:** ongoing", "| api | major outage | 2025-06-01 10:00 UTC | ongoing | 1h30m |",
		"major outage :crit, 2025-06-01 10:00:00, 2025-06-01 11:30:00"} {
		if !strings.Contains(md, s) {
			t.Errorf("ongoing incident lacks %q", s)
		}
	}
	validatePDF(t, renderBytes(t, d))
}

func TestMarkdownErrors(t *testing.T) {
	if err := WriteMarkdown(&bytes.Buffer{}, nil); !errors.Is(err, ErrNoIncident) {
		t.Errorf("nil document: %v, want ErrNoIncident", err)
	}
	werr := errors.New("disk full")
	if err := WriteMarkdown(failWriter{werr}, syntheticDoc(3)); !errors.Is(err, werr) {
		t.Errorf("failing writer: %v, want %v", err, werr)
	}
}

// TestDraft: an incident whose impact is over without a root cause or
// trigger says so under its title, in both editions; the public edition
// leaves out the sections it has nothing in; without -generated or -as-of
// the report's date is called what it is, the instant its data is as of.
func TestDraft(t *testing.T) {
	start := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	inc := &rca.Incident{ID: "INC-3", Title: "Short outage", Summary: "The API was down.", Zone: time.UTC,
		Impacts:  []rca.Impact{{Component: "api", Level: rca.MajorOutage, Start: start, End: start.Add(time.Hour)}},
		Timeline: []rca.Event{{At: start, Kind: rca.Started}, {At: start.Add(time.Hour), Kind: rca.Resolved}}}
	for _, public := range []bool{false, true} {
		md := markdown(t, New(inc, Options{Public: public}))
		if !strings.Contains(md, "**Draft: trigger not yet recorded; root cause not yet recorded; action items not yet recorded.**") {
			t.Errorf("public %v: no draft notice:\n%s", public, md)
		}
		if strings.Contains(md, "Report generated") || !strings.Contains(md, "- **Data as of:** 2025-06-01 11:00 UTC") {
			t.Errorf("public %v: the data's instant is not labelled as such", public)
		}
		if got := strings.Contains(md, "None recorded."); got == public {
			t.Errorf("public %v: shows \"None recorded.\": %v", public, got)
		}
	}
	inc.Analysis = rca.Analysis{Trigger: "A deploy.", RootCauses: []string{"No canary."}}
	inc.ActionItems = []rca.ActionItem{{Title: "Canary", Type: rca.Prevent, Due: rca.Date{Year: 2025, Month: 7, Day: 1}}}
	if md := markdown(t, New(inc, Options{Generated: start.Add(48 * time.Hour)})); strings.Contains(md, "Draft") ||
		!strings.Contains(md, "- **Report generated:** 2025-06-03 10:00 UTC") {
		t.Errorf("a complete analysis is marked draft, or its date is missing:\n%s", md)
	}
}
