package report

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// Statement is the SLA statement of one measurement window: what a
// provider publishes on its status page when the window (a month, most
// often) closes, and what finance reconciles credits against. It shows the
// window's availability and error budget under the policy, the
// availability of each component the incidents touched, every incident
// with impact in the window and its downtime there, and the credit totals
// of the window's credit lines.
//
// A statement is published: it shows incidents by their ID and title only,
// and never an internal event (none of its figures comes from events).
//
// Renderers only read a Statement: it is safe for concurrent use as long as
// no goroutine modifies it.
type Statement struct {
	Policy *sla.Policy
	// Window is the policy's result for the window, over the components
	// the policy covers.
	Window sla.Result
	// Components are the results of each component the incidents
	// impacted in the window, measured by the policy as if it covered that
	// component alone, by name.
	Components []ComponentResult
	// Incidents are the incidents with impact in the window, in order of
	// their first impact.
	Incidents []StatementIncident
	// Credits is the summary of the window's credit lines, every run's
	// (the window's ledger): their amounts add up to what was issued for
	// the window in all, which the statement shows. nil leaves the credits
	// section out.
	Credits *credit.Summary
	// Options: Lang, Zone (times; nil means the policy's zone), Public
	// (the edition named under the title), Generated or AsOf (the date),
	// PageSize.
	Options Options
}

// ComponentResult is one component's measurement.
//
// ComponentResult is a plain value: safe for concurrent use.
type ComponentResult struct {
	Component string
	Result    sla.Result
}

// StatementIncident is one incident's part in a window.
//
// StatementIncident is a plain value: safe for concurrent use.
type StatementIncident struct {
	ID, Title string
	// From and To bound its impacts within the window.
	From, To time.Time
	// Downtime is the downtime the policy counted for it in the window
	// (where incidents overlap, an instant is counted for one of them:
	// see sla.Span); Weighted its weighted seconds.
	Downtime time.Duration
	Weighted time.Duration
}

// ErrNoPolicy is returned by NewStatement without a policy.
var ErrNoPolicy = errors.New("report: statement has no policy")

// NewStatement measures the incidents under p for the window that
// contains the instant in, and per component (see Statement). Set Credits
// to add the credit section. A statement measures incidents only: a
// request-based policy (every OpenSLO SLO) is refused with an error
// wrapping an *sla.NoRequestsError, rather than stated 100% available
// whatever the outage.
//
// The window is half-open and measured exactly, [start, end): for a
// calendar policy (month, quarter, year) it is the policy's window that
// contains in, in the policy's zone. A rolling policy has no window an
// instant picks by itself (its windows are laid backwards from the end of
// what is measured), and a statement names a calendar period: its
// statement measures the calendar month that contains in, in the policy's
// zone, with the policy's objective, weights, exclusions and counting
// rules, and says so on the statement. Ongoing impacts end at
// opts.AsOf, else at the window's end.
func NewStatement(p *sla.Policy, incidents []*rca.Incident, in time.Time, opts Options) (*Statement, error) {
	if p == nil {
		return nil, ErrNoPolicy
	}
	measured := statementPolicy(p)
	start, end, _ := measured.CalendarWindow(in)
	window := func(p *sla.Policy) (sla.Result, error) {
		rs, err := sla.Measure(p, incidents, sla.Options{From: start, To: end, AsOf: opts.AsOf})
		var norequests *sla.NoRequestsError
		if errors.As(err, &norequests) {
			return sla.Result{}, fmt.Errorf("%w; a statement measures incidents only", err)
		}
		if err != nil {
			return sla.Result{}, err
		}
		if len(rs) != 1 || !rs[0].Start.Equal(start) || !rs[0].End.Equal(end) {
			return sla.Result{}, fmt.Errorf("report: statement: %d windows measured for %s – %s", len(rs),
				start.Format(time.RFC3339), end.Format(time.RFC3339))
		}
		return rs[0], nil
	}
	s := &Statement{Policy: p, Options: opts}
	var err error
	if s.Window, err = window(measured); err != nil {
		return nil, err
	}
	w := &s.Window

	// The incidents with impact in the window, and the components hit.
	var comps []string
	for _, inc := range incidents {
		si := StatementIncident{ID: inc.ID, Title: inc.Title}
		for _, imp := range inc.EffectiveImpacts() {
			end := imp.End
			if imp.IsOngoing() {
				end = w.End
				if !opts.AsOf.IsZero() && opts.AsOf.Before(end) {
					end = opts.AsOf
				}
			}
			from, to := maxTime(imp.Start, w.Start), minTime(end, w.End)
			if imp.Level == rca.Operational || !from.Before(to) {
				continue
			}
			if si.From.IsZero() || from.Before(si.From) {
				si.From = from
			}
			if to.After(si.To) {
				si.To = to
			}
			if !slices.Contains(comps, imp.Component) {
				comps = append(comps, imp.Component)
			}
		}
		if si.From.IsZero() {
			continue
		}
		for _, sp := range w.Spans {
			if sp.Incident == inc.ID {
				d := sp.End.Sub(sp.Start)
				si.Downtime += d
				si.Weighted += time.Duration(sp.Weight.Mul(decimal.NewFromInt(int64(d))).Round(0).IntPart())
			}
		}
		s.Incidents = append(s.Incidents, si)
	}
	slices.SortStableFunc(s.Incidents, func(a, b StatementIncident) int {
		return cmp.Or(a.From.Compare(b.From), strings.Compare(a.ID, b.ID))
	})
	slices.Sort(comps)
	for _, c := range comps {
		if len(p.Components) > 0 && !slices.Contains(p.Components, c) {
			continue // the policy does not cover it
		}
		one := *measured
		one.Components = []string{c}
		r, err := window(&one)
		if err != nil {
			return nil, err
		}
		s.Components = append(s.Components, ComponentResult{Component: c, Result: r})
	}
	return s, nil
}

// statementPolicy returns the policy a statement of p measures: p itself
// for a calendar policy; for a rolling one, a copy of p measured over
// calendar months in its zone (the statement names a month; see
// NewStatement).
func statementPolicy(p *sla.Policy) *sla.Policy {
	if p.Window.Kind != sla.Rolling {
		return p
	}
	cp := *p
	cp.Window = sla.Window{Kind: sla.Month, Zone: p.Window.Zone}
	return &cp
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// WriteStatementMarkdown writes s as GitHub-flavoured Markdown (escaped
// as reports are: see the package documentation).
func WriteStatementMarkdown(w io.Writer, s *Statement) error {
	c, err := buildStatement(s)
	if err != nil {
		return err
	}
	return writeMarkdown(w, c)
}

// WriteStatementPDF writes s as a PDF document: a title page with the key
// figures and the facts, then the sections, as WritePDF lays out a report.
func WriteStatementPDF(w io.Writer, s *Statement) error {
	c, err := buildStatement(s)
	if err != nil {
		return err
	}
	return writePDF(w, c, s.Options.PageSize)
}

// buildStatement lays out a statement: the one place that decides what it
// shows. The SLA and credit sections are the report's own.
func buildStatement(s *Statement) (*content, error) {
	if s == nil || s.Policy == nil {
		return nil, ErrNoPolicy
	}
	l, err := newLocale(s.Options.Lang)
	if err != nil {
		return nil, err
	}
	loc := s.Options.Zone
	if loc == nil {
		loc = s.Policy.Window.Zone
	}
	if loc == nil {
		loc = time.UTC
	}
	d := &Document{Incident: &rca.Incident{}, Policy: s.Policy, Results: []sla.Result{s.Window},
		Credits: s.Credits, Options: s.Options}
	l.codes = d.currencies() > 1
	b := &builder{d: d, inc: d.Incident, m: &d.Metrics, l: l, loc: loc, ledger: true}
	w := &s.Window
	name := s.Policy.Name
	if name == "" {
		name = s.Policy.ID
	}
	period := windowLabel(w.Start, w.End)
	c := &content{
		lang:      l.tag.String(),
		id:        s.Policy.ID + " " + period,
		title:     l.T("statement.title", name, period),
		kind:      l.T("statement.kind"),
		generated: s.Options.generated(),
		subject:   l.T("statement.subject", name, period),
		page:      func(n, total int) string { return l.T("doc.page", n, total) },
		field:     func(label string) string { return l.T("pattern.field", label) },
	}
	if s.Options.Public {
		c.edition = l.T("doc.public")
	} else {
		c.edition = l.T("statement.internal")
	}
	c.dated = c.generated
	if c.dated.IsZero() {
		c.dated = w.End
	} else {
		c.generatedLine = l.T("doc.generated", b.at(c.generated))
	}
	met := l.T("sla.met")
	if !w.Met {
		met = l.T("sla.breached")
	}
	c.facts = []field{
		{label: l.T("col.window"), value: b.at(w.Start) + " – " + b.at(w.End)},
	}
	if s.Policy.Window.Kind == sla.Rolling {
		c.facts = append(c.facts, field{label: l.T("statement.period"), value: l.T("statement.calendar_month", s.Policy.Window.Days)})
	}
	c.facts = append(c.facts, []field{
		{label: l.T("col.availability"), value: l.availability(w)},
		{label: l.T("col.result"), value: met, alert: !w.Met},
		{label: l.T("statement.incidents"), value: l.T("%d", len(s.Incidents))},
	}...)
	if !c.generated.IsZero() {
		c.facts = append(c.facts, field{label: l.T("statement.generated"), value: b.at(c.generated)})
	}
	c.facts = append(c.facts, field{label: l.T("label.zone"), value: zoneCaption(loc, w.Start, w.End)})
	c.highlights = []field{
		{label: l.T("col.availability") + " " + period, value: l.availability(w), alert: !w.Met},
		{label: l.T("col.downtime"), value: l.duration(w.Downtime)},
	}
	if cs := s.Credits; cs != nil && len(cs.Totals) > 0 {
		c.highlights = append(c.highlights, b.creditTotals(cs))
	}

	for _, sec := range []*section{b.sla(), statementComponents(b, s), statementIncidents(b, s), b.credits()} {
		if sec != nil {
			c.sections = append(c.sections, *sec)
		}
	}
	return c, nil
}

// zoneName is a policy window's zone name; nil is UTC.
func zoneName(loc *time.Location) string {
	if loc == nil {
		return "UTC"
	}
	return loc.String()
}

// statementComponents is the availability of each component.
func statementComponents(b *builder, s *Statement) *section {
	l := b.l
	sec := &section{key: "components", title: l.T("statement.components")}
	if len(s.Components) == 0 {
		sec.blocks = append(sec.blocks, &none{l.T("statement.no_impact")})
		return sec
	}
	t := &table{cols: []column{
		{title: l.T("col.component"), weight: 4},
		{title: l.T("col.availability"), weight: 3, right: true},
		{title: l.T("col.downtime"), weight: 3, right: true},
		{title: l.T("col.consumed"), weight: 3, right: true},
		{title: l.T("col.result"), weight: 2},
	}}
	for _, cr := range s.Components {
		r := &cr.Result
		result := cell{text: l.T("sla.met")}
		if !r.Met {
			result = cell{text: l.T("sla.breached"), alert: true}
		}
		used := l.duration(seconds(r.Budget.Consumed))
		if !r.Budget.Allowed.IsZero() {
			used += " (" + l.burn(r.Budget.Burn) + ")"
		}
		t.rows = append(t.rows, []cell{{text: cr.Component}, {text: l.availability(r)}, {text: l.duration(r.Downtime)},
			{text: used}, result})
	}
	sec.blocks = append(sec.blocks, t)
	return sec
}

// statementIncidents lists the incidents of the window.
func statementIncidents(b *builder, s *Statement) *section {
	l := b.l
	sec := &section{key: "incidents", title: l.T("statement.incident_list")}
	if len(s.Incidents) == 0 {
		sec.blocks = append(sec.blocks, &none{l.T("statement.no_incidents")})
		return sec
	}
	t := &table{cols: []column{
		{title: l.T("label.id"), weight: 3},
		{title: l.T("statement.incident"), weight: 6},
		{title: l.T("col.from"), weight: 4},
		{title: l.T("col.to"), weight: 4},
		{title: l.T("col.downtime"), weight: 3, right: true},
	}}
	for _, si := range s.Incidents {
		down := l.duration(si.Downtime)
		if si.Weighted != si.Downtime {
			down += " (" + l.T("label.weighted", l.duration(si.Weighted)) + ")"
		}
		t.rows = append(t.rows, []cell{{text: si.ID}, {text: si.Title}, {text: b.at(si.From)}, {text: b.at(si.To)}, {text: down}})
	}
	sec.blocks = append(sec.blocks, t)
	return sec
}
