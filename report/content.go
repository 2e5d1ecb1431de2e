package report

import (
	"time"

	"github.com/outagekit/postmortem/rca"
)

// content is a report laid out as renderer-neutral blocks: what both
// renderers draw, in order, already localized and formatted. Every string
// is display text that may come from the incident file, so renderers pass
// all of it through their one escaping (Markdown) or cleaning (PDF)
// function. Building content once keeps the two renderers in agreement:
// they differ in layout only.
type content struct {
	id      string
	lang    string // the BCP 47 tag of the language it is written in
	title   string
	kind    string  // "Incident report"
	edition string  // public or internal edition
	facts   []field // the title block
	// field writes a label before its value: "Status:" ("Statut :" in
	// French).
	field    func(label string) string
	sections []section

	// highlights are the key figures the PDF's title page shows large:
	// outage duration, the worst window's availability, credit totals (one
	// line per currency).
	highlights []field

	// draft says why the report is a draft ("Draft: root cause not yet
	// recorded."); empty when it is final.
	draft string
	// cover is what the PDF's title page tells a reader first.
	cover cover

	// For the PDF's metadata and footers.
	subject   string
	author    string
	generated time.Time // the date the report was made; zero when not given
	// dated is the PDF's creation date: generated, else the instant the
	// data is as of.
	dated time.Time
	// generatedLine is "Generated 2014-05-05 12:00 EDT (UTC−04:00)", or
	// "Data as of …" when no generation date is given.
	generatedLine string
	page          func(n, total int) string // "page 3 of 7"
}

// cover is the summary a title page leads with: what happened, who was
// affected, and what the team will change. Fields may be empty.
type cover struct {
	happened     string   // the summary's first paragraph
	affected     string   // services or components, and subscriptions credited
	change       []string // the first action items, with their due dates
	moreChanges  int      // action items not listed
	happenedHead string
	affectedHead string
	changeHead   string
	moreText     string // "and 3 more in section 9"
}

// section is a numbered part of the report under its own heading.
type section struct {
	key    string // stable identifier: "summary", "timeline", …
	title  string
	blocks []block
}

// block is one piece of a section: *subheading, *paragraph, *fieldList,
// *bulletList, *table, *chart or *none.
type block interface{ isBlock() }

// subheading titles the blocks after it.
type subheading struct{ text string }

// paragraph is running text.
type paragraph struct{ text string }

// fieldList is a list of labelled values.
type fieldList struct{ fields []field }

type field struct {
	label, value string
	alert        bool // draw attention: overdue, breached
}

// bulletList is a list of items.
type bulletList struct{ items []string }

// table is a table with a header row. Its rows may be many (a 10,000-event
// timeline): renderers stream them.
type table struct {
	cols []column
	rows [][]cell
}

type column struct {
	title string
	// weight is the column's share of the PDF's text width, relative to
	// the other columns'.
	weight float64
	right  bool // right-aligned (numbers)
}

type cell struct {
	text  string
	alert bool // overdue, breached: bold and red in PDF, bold in Markdown
	link  bool // text is a URL, made a link when it is a safe http(s) one
}

// none says a section has nothing recorded.
type none struct{ text string }

// chart is the timeline chart: one row per component, bars coloured by
// impact level, milestones marked, over [from, to) shown in loc.
type chart struct {
	loc        *time.Location
	from, to   time.Time
	rows       []chartRow
	milestones []milestone

	levelNames  [rca.NumLevels]string
	axis        string // "Times in America/New_York (EDT, UTC−04:00)"
	levelsTitle string
	msTitle     string
	legend      string // the Mermaid legend sentence
}

type chartRow struct {
	name string
	bars []bar
}

type bar struct {
	from, to time.Time
	level    rca.Level
}

type milestone struct {
	label string // localized kind: "Detected"
	at    time.Time
	when  string // formatted instant
}

func (*subheading) isBlock() {}
func (*paragraph) isBlock()  {}
func (*fieldList) isBlock()  {}
func (*bulletList) isBlock() {}
func (*table) isBlock()      {}
func (*chart) isBlock()      {}
func (*none) isBlock()       {}
