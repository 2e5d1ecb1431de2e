// Package report renders an incident's root-cause report as Markdown and as
// PDF.
//
// TODO(issue 5): the package guide.
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
type Document struct {
	Incident *rca.Incident
	// Metrics are the incident's metrics, as of Options.AsOf.
	Metrics rca.Metrics
	Policy  *sla.Policy
	Results []sla.Result
	Credits *credit.Summary
	Options Options
}

// Options say how a report is rendered.
type Options struct {
	// Lang selects headings, labels and number formats; English, German
	// and French are shipped. The zero Tag means English.
	Lang language.Tag
	// Zone is the reader's zone every time is shown in; nil means the
	// incident's zone.
	Zone *time.Location
	// Public leaves out internal events, notes and action-item owners.
	Public bool
	// AsOf is the instant overdue marks are judged at.
	AsOf time.Time
	// Generated is the date printed on the report and stored in the PDF's
	// metadata; zero means AsOf. Fixed dates make output byte-identical.
	Generated time.Time
	// PageSize of the PDF. Zero: A4.
	PageSize PageSize
}

// PageSize is the paper size of a PDF report.
type PageSize uint8

// The page sizes.
const (
	A4 PageSize = iota
	Letter
)
