package report

import (
	"time"

	"golang.org/x/text/language"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// Document is everything a report shows. Incident is required; the rest is
// optional and its section is left out when absent.
//
// Renderers only read a Document: one may be rendered by several
// goroutines at once, as long as none modifies it.
type Document struct {
	Incident *rca.Incident
	// Metrics are the incident's metrics, as of Options.AsOf (New fills
	// them in). The internal edition shows them as they are: durations,
	// milestones, overdue marks, readiness findings and the longest
	// silence all come from here. The public edition measures its public
	// view of the incident itself (see Options.Public), so that no internal
	// event reaches a figure whatever this field holds; New fills it with
	// those metrics.
	Metrics rca.Metrics
	// Policy is the SLA policy Results were measured by; it is described
	// above the results when set.
	Policy *sla.Policy
	// Results are the SLA results per window, in order.
	Results []sla.Result
	// Credits is the credit summary of a batch run. When the run was
	// settled against a ledger and issued other than what is due, the
	// credits section shows both what the windows are owed (Total.Due)
	// and what the run issued (Total.Amount).
	Credits *credit.Summary
	// FurtherHour is what one more hour of outage, from where the
	// incident's impact ended, would have added to the credits, per
	// currency (the point of one hour of a credit.Exposure placed there);
	// the credits section says it in one line. Empty leaves it out.
	FurtherHour []credit.Cost
	Options     Options
}

// Options say how a report is rendered.
//
// Options is a plain value: safe for concurrent use.
type Options struct {
	// Lang selects headings, labels and number formats; English, German
	// and French are shipped. The zero Tag means English.
	Lang language.Tag
	// Zone is the reader's zone every time is shown in; nil means the
	// incident's zone.
	Zone *time.Location
	// Public renders the edition published to customers: it shows only
	// the fields the README's "The public edition" table lists as public
	// (internal events, notes, owners, priorities, links, sources, authors
	// and the recovery plan stay out unless the incident's publish block
	// says otherwise), measured on that view alone, and leaves out sections
	// with nothing to show.
	Public bool
	// AsOf is the instant overdue marks are judged at.
	AsOf time.Time
	// Generated is the date the report is made, printed on it and stored
	// in the PDF's metadata; zero means AsOf. When both are zero, the
	// report shows the instant its data is as of, labelled so, and the PDF's
	// dates are that instant. Fixed dates make output byte-identical.
	Generated time.Time
	// PageSize of the PDF. Zero: A4.
	PageSize PageSize
}

// PageSize is the paper size of a PDF report.
//
// PageSize is a plain value: safe for concurrent use.
type PageSize uint8

// The page sizes.
const (
	A4 PageSize = iota
	Letter
)

// New returns the document of inc with its metrics measured as of
// opts.AsOf (see rca.Incident.Metrics, with default thresholds). Set the
// Policy, Results and Credits fields to add those sections.
func New(inc *rca.Incident, opts Options) *Document {
	d := &Document{Incident: inc, Options: opts}
	switch {
	case inc != nil && opts.Public:
		d.Metrics = publicView(inc).Metrics(rca.MetricsOpts{AsOf: opts.AsOf})
	case inc != nil:
		d.Metrics = inc.Metrics(rca.MetricsOpts{AsOf: opts.AsOf})
	}
	return d
}
