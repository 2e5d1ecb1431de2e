package report

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/outagekit/postmortem/rca"
)

// ErrNoIncident is returned when a Document has no Incident.
var ErrNoIncident = errors.New("report: document has no incident")

// approx marks an instant the sources give only roughly.
const approx = "≈ "

// builder turns a Document into content. It only reads the document.
type builder struct {
	d   *Document
	inc *rca.Incident
	m   *rca.Metrics
	l   *locale
	loc *time.Location
	// ledger: the credits are every run's lines of a window (a
	// statement's), not one run's (see settled).
	ledger bool
}

// build lays out the document. It is the one place that decides what a
// report shows, in which order, and what public mode leaves out.
func build(d *Document) (*content, error) {
	if d == nil || d.Incident == nil {
		return nil, ErrNoIncident
	}
	l, err := newLocale(d.Options.Lang)
	if err != nil {
		return nil, err
	}
	b := &builder{d: d, inc: d.Incident, m: &d.Metrics, l: l, loc: d.zone()}
	if d.Options.Public {
		// The public edition shows its public view of the incident and
		// measures that view itself, so that no internal event reaches a
		// figure, whatever Metrics holds.
		b.inc = publicView(d.Incident)
		m := b.inc.Metrics(rca.MetricsOpts{AsOf: d.Options.AsOf})
		b.m = &m
	}
	l.codes = d.currencies() > 1
	c := &content{
		lang:      l.tag.String(),
		id:        b.inc.ID,
		title:     b.title(),
		kind:      l.T("doc.kind"),
		generated: d.Options.generated(),
		author:    strings.Join(b.inc.Authors, ", "),
		subject:   l.T("doc.subject", b.inc.ID),
		page:      func(n, total int) string { return l.T("doc.page", n, total) },
	}
	if d.Options.Public {
		c.edition = l.T("doc.public")
	} else {
		c.edition = l.T("doc.internal")
	}
	c.dated = c.generated
	switch {
	case !c.generated.IsZero():
		c.generatedLine = l.T("doc.generated", b.at(c.generated))
	case !b.m.AsOf.IsZero():
		// No render date was given: the report says how recent its data
		// is, and never presents that instant as the date it was made.
		c.dated = b.m.AsOf
		c.generatedLine = l.T("doc.as_of", b.at(b.m.AsOf))
	}
	c.facts = b.facts(c.generated)
	c.highlights = b.highlights()
	c.draft = b.draft()
	c.cover = b.cover()
	c.field = func(label string) string { return l.T("pattern.field", label) }

	for _, s := range []func() *section{
		b.summary, b.impact, b.chart, b.timeline, b.sla, b.credits,
		b.analysis, b.lessons, b.actions, b.readiness, b.communications,
		b.updates, b.notes,
	} {
		sec := s()
		if sec == nil || d.Options.Public && sec.empty() {
			// The public edition leaves out what it has nothing to say
			// about rather than telling customers "None recorded.".
			continue
		}
		c.sections = append(c.sections, *sec)
	}
	return c, nil
}

// empty reports whether the section says only that nothing is recorded.
func (s *section) empty() bool {
	for _, b := range s.blocks {
		if _, ok := b.(*none); !ok {
			return false
		}
	}
	return true
}

// currencies is how many currencies the document's amounts are in.
func (d *Document) currencies() int {
	seen := map[string]bool{}
	if d.Credits != nil {
		for _, t := range d.Credits.Totals { // every plan total's currency has a total
			seen[t.Currency.String()] = true
		}
	}
	for _, c := range d.FurtherHour {
		seen[c.Currency.String()] = true
	}
	return len(seen)
}

// draft says why the report is a draft, localized: impact still going on,
// and the checklist items whose absence makes what it says about the
// incident incomplete (rca.Gap.Draft). Empty when the report is final.
func (b *builder) draft() string {
	var out []string
	if b.m.Ongoing {
		out = append(out, b.l.T("draft.ongoing"))
	}
	for _, g := range b.inc.Gaps(b.m) {
		if g.Draft() {
			out = append(out, b.l.T("gap."+string(g.Code)))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return b.l.T("draft.line", strings.Join(out, "; "))
}

// zone is the zone times are shown in: the reader's, else the incident's.
func (d *Document) zone() *time.Location {
	if d.Options.Zone != nil {
		return d.Options.Zone
	}
	return d.Incident.Location()
}

// generated is the date the report is made: Generated, else AsOf; zero
// when neither is given (the report then says how recent its data is
// instead).
func (o *Options) generated() time.Time {
	if !o.Generated.IsZero() {
		return o.Generated
	}
	return o.AsOf
}

func (b *builder) title() string {
	switch {
	case strings.TrimSpace(b.inc.Title) != "":
		return b.inc.Title
	case strings.TrimSpace(b.inc.ID) != "":
		return b.inc.ID
	}
	return b.l.T("doc.kind")
}

// at formats an instant in the reader's zone.
func (b *builder) at(t time.Time) string {
	if t.IsZero() {
		return b.l.T("label.unknown")
	}
	return instant(t, b.loc)
}

// orUnknown returns s, or the "not recorded" label when s is blank.
func (b *builder) orUnknown(s string) string {
	if strings.TrimSpace(s) == "" {
		return b.l.T("label.unknown")
	}
	return s
}

func (b *builder) elapsed(e rca.Elapsed) string {
	if !e.Known {
		return b.l.T("label.unknown")
	}
	return b.l.duration(e.D)
}

func (b *builder) facts(generated time.Time) []field {
	l := b.l
	fs := []field{
		{label: l.T("label.id"), value: b.orUnknown(b.inc.ID)},
		{label: l.T("label.severity"), value: b.orUnknown(b.inc.Severity)},
		{label: l.T("label.status"), value: l.T("status." + b.inc.Status.String())},
		{label: l.T("label.impact_start"), value: b.at(b.m.Start)},
	}
	end := b.at(b.m.End)
	if b.m.Ongoing {
		end = l.T("label.ongoing")
	}
	fs = append(fs,
		field{label: l.T("label.impact_end"), value: end},
		field{label: l.T("label.outage"), value: b.outage()},
	)
	if len(b.inc.Services) > 0 {
		fs = append(fs, field{label: l.T("label.services"), value: strings.Join(b.inc.Services, ", ")})
	}
	if len(b.inc.Authors) > 0 {
		fs = append(fs, field{label: l.T("label.authors"), value: strings.Join(b.inc.Authors, ", ")})
	}
	if !generated.IsZero() {
		fs = append(fs, field{label: l.T("label.generated"), value: b.at(generated)})
	} else if !b.m.AsOf.IsZero() {
		fs = append(fs, field{label: l.T("label.as_of"), value: b.at(b.m.AsOf)})
	}
	return append(fs, field{label: l.T("label.zone"), value: zoneCaption(b.loc, b.m.Start, b.m.End)})
}

// coverChanges is how many action items the title page lists.
const coverChanges = 4

// cover is what the title page leads with: the summary's first paragraph,
// who was affected, and the first action items (the ones that prevent or
// mitigate a recurrence first).
func (b *builder) cover() cover {
	l := b.l
	c := cover{happenedHead: l.T("cover.happened"), affectedHead: l.T("cover.affected"), changeHead: l.T("cover.change")}
	if ps := paragraphs(b.inc.Summary); len(ps) > 0 {
		c.happened = ps[0].(*paragraph).text
	}
	var who []string
	switch {
	case len(b.inc.Services) > 0:
		who = append(who, strings.Join(b.inc.Services, ", "))
	case len(b.inc.Components) > 0:
		who = append(who, strings.Join(b.inc.Components, ", "))
	}
	if cs := b.d.Credits; cs != nil && cs.Read > 0 {
		who = append(who, l.T("cover.credited", cs.Credited, cs.Read))
	}
	c.affected = strings.Join(who, "; ")
	items := slices.Clone(b.inc.ActionItems)
	slices.SortStableFunc(items, func(x, y rca.ActionItem) int {
		return cmp.Or(cmp.Compare(coverRank(x.Type), coverRank(y.Type)),
			cmp.Compare(x.Due.Year, y.Due.Year), cmp.Compare(x.Due.Month, y.Due.Month), cmp.Compare(x.Due.Day, y.Due.Day))
	})
	for i, a := range items {
		if i == coverChanges {
			c.moreChanges = len(items) - i
			c.moreText = l.T("cover.more", c.moreChanges)
			break
		}
		text := a.Title
		if !a.Due.IsZero() {
			text = l.T("cover.by", a.Title, a.Due.String())
		}
		c.change = append(c.change, text)
	}
	return c
}

// coverRank orders action types for the title page: prevention first.
func coverRank(t rca.ActionType) int {
	switch t {
	case rca.Prevent:
		return 0
	case rca.Mitigate:
		return 1
	}
	return 2
}

// highlights are the title page's key figures: the outage duration, the
// availability of the worst SLA window, and the credit total per currency.
func (b *builder) highlights() []field {
	l := b.l
	hs := []field{{label: l.T("label.outage"), value: b.outage()}}
	if len(b.d.Results) > 0 {
		worst := b.d.Results[0]
		for _, r := range b.d.Results[1:] {
			if r.Availability.LessThan(worst.Availability) {
				worst = r
			}
		}
		label := l.T("col.availability") + " " + windowLabel(worst.Start, worst.End)
		hs = append(hs, field{label: label, value: l.availability(&worst), alert: !worst.Met})
	}
	if cs := b.d.Credits; cs != nil && len(cs.Totals) > 0 {
		hs = append(hs, b.creditTotals(cs))
	}
	return hs
}

func (b *builder) outage() string {
	if b.m.Start.IsZero() {
		return b.l.T("label.unknown")
	}
	return b.l.duration(b.m.Outage)
}

// paragraphs splits running text at blank lines.
func paragraphs(s string) []block {
	var out []block
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(p) != "" {
			out = append(out, &paragraph{p})
		}
	}
	return out
}

func (b *builder) summary() *section {
	l := b.l
	s := &section{key: "summary", title: l.T("section.summary")}
	s.blocks = paragraphs(b.inc.Summary)
	fs := []field{
		{label: l.T("label.outage"), value: b.outage()},
		{label: l.T("label.ttd"), value: b.elapsed(b.m.TimeToDetect)},
		{label: l.T("label.tta"), value: b.elapsed(b.m.TimeToAcknowledge)},
		{label: l.T("label.ttm"), value: b.elapsed(b.m.TimeToMitigate)},
		{label: l.T("label.ttr"), value: b.elapsed(b.m.TimeToResolve)},
	}
	if !b.m.RCADue.IsZero() {
		f := field{label: l.T("label.rca_due"), value: b.at(b.m.RCADue)}
		if b.m.RCAOverdue {
			f.value += " — " + l.T("label.overdue")
			f.alert = true
		}
		fs = append(fs, f)
	}
	s.blocks = append(s.blocks, &fieldList{fs})
	return s
}

// impacts returns the incident's impacts ordered by component, start and
// level, with ongoing ones ending at the metrics' AsOf.
func (b *builder) impacts() []rca.Impact {
	imps := slices.Clone(b.inc.EffectiveImpacts())
	slices.SortStableFunc(imps, func(x, y rca.Impact) int {
		return cmp.Or(strings.Compare(x.Component, y.Component), x.Start.Compare(y.Start), cmp.Compare(x.Level, y.Level))
	})
	return imps
}

// ongoingEnd is where an ongoing impact's bar ends.
func (b *builder) ongoingEnd(start time.Time) time.Time {
	for _, t := range []time.Time{b.m.AsOf, b.d.Options.AsOf, b.m.End} {
		if !t.IsZero() && t.After(start) {
			return t
		}
	}
	return start
}

func (b *builder) impact() *section {
	l := b.l
	s := &section{key: "impact", title: l.T("section.impact")}
	var fs []field
	if len(b.inc.Services) > 0 {
		fs = append(fs, field{label: l.T("label.services"), value: strings.Join(b.inc.Services, ", ")})
	}
	if len(b.inc.Components) > 0 {
		fs = append(fs, field{label: l.T("label.components"), value: strings.Join(b.inc.Components, ", ")})
	}
	if cs := b.d.Credits; cs != nil && cs.Read > 0 {
		fs = append(fs, field{label: l.T("label.subscriptions"), value: l.T("label.n_of_m", cs.Credited, cs.Read)})
	}
	if len(fs) > 0 {
		s.blocks = append(s.blocks, &fieldList{fs})
	}
	if len(b.m.Components) > 0 {
		t := &table{cols: []column{
			{title: l.T("col.component"), weight: 3},
			{title: l.T("col.from"), weight: 4},
			{title: l.T("col.to"), weight: 4},
			{title: l.T("col.down"), weight: 2, right: true},
			{title: l.T("col.by_level"), weight: 4},
		}}
		for _, c := range b.m.Components {
			var parts []string
			for lv := rca.NumLevels - 1; lv > int(rca.Operational); lv-- {
				if d := c.ByLevel[lv]; d > 0 {
					parts = append(parts, l.T("level."+rca.Level(lv).String())+" "+l.duration(d))
				}
			}
			t.rows = append(t.rows, []cell{{text: c.Component}, {text: b.at(c.Start)}, {text: b.at(c.End)},
				{text: l.duration(c.Down)}, {text: strings.Join(parts, "; ")}})
		}
		s.blocks = append(s.blocks, &subheading{l.T("sub.by_component")}, t)
	}
	imps := b.impacts()
	if len(imps) == 0 {
		s.blocks = append(s.blocks, &none{l.T("label.none")})
		return s
	}
	t := &table{cols: []column{
		{title: l.T("col.component"), weight: 3},
		{title: l.T("col.level"), weight: 3},
		{title: l.T("col.from"), weight: 4},
		{title: l.T("col.to"), weight: 4},
		{title: l.T("col.duration"), weight: 2, right: true},
	}}
	hasShare := slices.ContainsFunc(imps, func(i rca.Impact) bool { return !i.Affected.IsAll() })
	if hasShare {
		t.cols = append(t.cols, column{title: l.T("col.affected"), weight: 2, right: true})
	}
	hasNote := slices.ContainsFunc(imps, func(i rca.Impact) bool { return strings.TrimSpace(i.Note) != "" })
	if hasNote {
		t.cols = append(t.cols, column{title: l.T("col.note"), weight: 4})
	}
	for _, imp := range imps {
		from, end, to := b.at(imp.Start), imp.End, b.at(imp.End)
		if imp.IsOngoing() {
			end, to = b.ongoingEnd(imp.Start), l.T("label.ongoing")
		}
		if imp.Approximate {
			from, to = approx+from, approx+to
		}
		row := []cell{{text: imp.Component}, {text: l.T("level." + imp.Level.String())},
			{text: from}, {text: to}, {text: l.duration(end.Sub(imp.Start))}}
		if hasShare {
			row = append(row, cell{text: l.share(imp.Affected)})
		}
		if hasNote {
			row = append(row, cell{text: imp.Note})
		}
		t.rows = append(t.rows, row)
	}
	if len(b.m.Components) > 0 {
		s.blocks = append(s.blocks, &subheading{l.T("sub.impacts")})
	}
	s.blocks = append(s.blocks, t)
	return s
}

func (b *builder) chart() *section {
	ch := b.buildChart()
	if ch == nil {
		return nil
	}
	return &section{key: "chart", title: b.l.T("section.chart"), blocks: []block{ch}}
}

// events are the timeline events the report shows, in order of time.
func (b *builder) events() []rca.Event {
	evs := make([]rca.Event, 0, len(b.inc.Timeline))
	for _, e := range b.inc.Timeline {
		if b.d.Options.Public && e.Internal {
			continue
		}
		evs = append(evs, e)
	}
	slices.SortStableFunc(evs, func(x, y rca.Event) int { return x.At.Compare(y.At) })
	return evs
}

func (b *builder) timeline() *section {
	l := b.l
	s := &section{key: "timeline", title: l.T("section.timeline")}
	evs := b.events()
	if len(evs) == 0 {
		s.blocks = append(s.blocks, &none{l.T("label.none")})
		return s
	}
	t := &table{cols: []column{
		{title: l.T("col.when"), weight: 5},
		{title: l.T("col.event"), weight: 3},
		{title: l.T("col.description"), weight: 9},
	}}
	hasSource := slices.ContainsFunc(evs, func(e rca.Event) bool { return strings.TrimSpace(e.Source) != "" })
	if hasSource {
		t.cols[2].weight = 8
		t.cols = append(t.cols, column{title: l.T("col.source"), weight: 3.5})
	}
	t.rows = make([][]cell, 0, len(evs))
	for _, e := range evs {
		when := b.at(e.At)
		if e.Approximate {
			when = approx + when
		}
		text := e.Text
		if len(e.Changes) > 0 {
			parts := make([]string, len(e.Changes))
			for i, c := range e.Changes {
				parts[i] = c.Component + ": " + l.T("level."+c.Status.String())
			}
			if strings.TrimSpace(text) != "" {
				text += " "
			}
			text += "(" + strings.Join(parts, "; ") + ")"
		}
		row := []cell{{text: when}, {text: l.T("event." + e.Kind.String())}, {text: text}}
		if hasSource {
			row = append(row, cell{text: e.Source})
		}
		t.rows = append(t.rows, row)
	}
	s.blocks = append(s.blocks, t)
	return s
}

func (b *builder) analysis() *section {
	l, a := b.l, &b.inc.Analysis
	s := &section{key: "analysis", title: l.T("section.analysis")}
	if strings.TrimSpace(a.Trigger) != "" {
		s.blocks = append(s.blocks, &subheading{l.T("sub.trigger")})
		s.blocks = append(s.blocks, paragraphs(a.Trigger)...)
	}
	s.blocks = appendList(s.blocks, l.T("sub.root_causes"), a.RootCauses)
	s.blocks = appendList(s.blocks, l.T("sub.contributing"), a.ContributingFactors)
	if det := a.Detection; det != (rca.Detection{}) {
		fs := []field{{label: l.T("detect.method"), value: l.T("detection." + det.Method.String())}}
		if strings.TrimSpace(det.By) != "" {
			fs = append(fs, field{label: l.T("detect.by"), value: det.By})
		}
		if strings.TrimSpace(det.Note) != "" {
			fs = append(fs, field{label: l.T("detect.note"), value: det.Note})
		}
		s.blocks = append(s.blocks, &subheading{l.T("sub.detection")}, &fieldList{fs})
	}
	if strings.TrimSpace(a.Resolution) != "" {
		s.blocks = append(s.blocks, &subheading{l.T("sub.resolution")})
		s.blocks = append(s.blocks, paragraphs(a.Resolution)...)
	}
	if len(s.blocks) == 0 {
		s.blocks = append(s.blocks, &none{l.T("label.none")})
	}
	return s
}

// appendList appends a titled bullet list of the non-blank items, if any.
func appendList(bs []block, title string, items []string) []block {
	var keep []string
	for _, it := range items {
		if strings.TrimSpace(it) != "" {
			keep = append(keep, it)
		}
	}
	if len(keep) == 0 {
		return bs
	}
	return append(bs, &subheading{title}, &bulletList{keep})
}

func (b *builder) lessons() *section {
	l, ls := b.l, &b.inc.Analysis.Lessons
	s := &section{key: "lessons", title: l.T("section.lessons")}
	s.blocks = appendList(s.blocks, l.T("sub.went_well"), ls.WentWell)
	s.blocks = appendList(s.blocks, l.T("sub.went_wrong"), ls.WentWrong)
	s.blocks = appendList(s.blocks, l.T("sub.got_lucky"), ls.GotLucky)
	if len(s.blocks) == 0 {
		s.blocks = append(s.blocks, &none{l.T("label.none")})
	}
	return s
}

func (b *builder) actions() *section {
	l := b.l
	s := &section{key: "actions", title: l.T("section.actions")}
	items := b.inc.ActionItems
	if len(items) == 0 {
		s.blocks = append(s.blocks, &none{l.T("label.none")})
		return s
	}
	has := func(f func(a rca.ActionItem) string) bool {
		return slices.ContainsFunc(items, func(a rca.ActionItem) bool { return strings.TrimSpace(f(a)) != "" })
	}
	// The public view has no owners, priorities or links: their columns
	// are left out there.
	hasOwner := has(func(a rca.ActionItem) string { return a.Owner })
	hasPriority := has(func(a rca.ActionItem) string { return a.Priority })
	hasLink := has(func(a rca.ActionItem) string { return a.Link })
	t := &table{cols: []column{{title: l.T("col.action"), weight: 8}, {title: l.T("col.type"), weight: 2}}}
	if hasOwner {
		t.cols = append(t.cols, column{title: l.T("col.owner"), weight: 3})
	}
	if hasPriority {
		t.cols = append(t.cols, column{title: l.T("col.priority"), weight: 2})
	}
	t.cols = append(t.cols, column{title: l.T("col.due"), weight: 3}, column{title: l.T("col.status"), weight: 3})
	if hasLink {
		t.cols = append(t.cols, column{title: l.T("col.link"), weight: 5})
	}
	for i, a := range items {
		row := []cell{{text: a.Title}, {text: l.T("action." + a.Type.String())}}
		if hasOwner {
			row = append(row, cell{text: a.Owner})
		}
		if hasPriority {
			row = append(row, cell{text: a.Priority})
		}
		st := cell{text: l.T("astatus." + a.Status.String())}
		if slices.Contains(b.m.OverdueActions, i) {
			st.text += " — " + l.T("label.overdue")
			st.alert = true
		}
		row = append(row, cell{text: date(a.Due, "")}, st)
		if hasLink {
			row = append(row, cell{text: a.Link, link: true})
		}
		t.rows = append(t.rows, row)
	}
	s.blocks = append(s.blocks, t)
	return s
}

func (b *builder) readiness() *section {
	l, r := b.l, &b.inc.Readiness
	s := &section{key: "readiness", title: l.T("section.readiness")}
	if r.IsZero() {
		// Nothing recorded: no findings either (see rca.Readiness.Findings).
		// The public view keeps the plan only when the author publishes it.
		s.blocks = append(s.blocks, &none{l.T("label.none")})
		return s
	}
	never := l.T("ready.never")
	yesNo := l.T("label.no")
	if r.FailoverTested {
		yesNo = l.T("label.yes")
	}
	fs := []field{
		{label: l.T("ready.plan"), value: b.orUnknown(r.Plan)},
		{label: l.T("ready.reviewed"), value: date(r.LastReviewed, never)},
		{label: l.T("ready.drilled"), value: date(r.LastDrilled, never)},
		{label: l.T("ready.failover"), value: yesNo},
	}
	if strings.TrimSpace(r.Notes) != "" {
		fs = append(fs, field{label: l.T("ready.notes"), value: r.Notes})
	}
	s.blocks = append(s.blocks, &fieldList{fs})
	if len(b.m.Readiness) > 0 {
		items := make([]string, len(b.m.Readiness))
		for i, f := range b.m.Readiness {
			items[i] = l.T("finding."+string(f.Code), date(f.Since, never), date(f.Due, ""))
		}
		s.blocks = append(s.blocks, &subheading{l.T("sub.findings")}, &bulletList{items})
	}
	return s
}

func (b *builder) communications() *section {
	l := b.l
	s := &section{key: "communications", title: l.T("section.communications")}
	cs := slices.Clone(b.inc.Communications)
	if len(cs) == 0 {
		s.blocks = append(s.blocks, &none{l.T("label.none")})
		return s
	}
	slices.SortStableFunc(cs, func(x, y rca.Communication) int { return x.At.Compare(y.At) })
	hasURL := slices.ContainsFunc(cs, func(c rca.Communication) bool { return strings.TrimSpace(c.URL) != "" })
	t := &table{cols: []column{
		{title: l.T("col.when"), weight: 5},
		{title: l.T("col.channel"), weight: 2},
		{title: l.T("col.message"), weight: 10},
	}}
	if hasURL {
		t.cols = append(t.cols, column{title: l.T("col.link"), weight: 4})
	}
	for _, c := range cs {
		row := []cell{{text: b.at(c.At)}, {text: l.T("channel." + c.Channel.String())}, {text: c.Text}}
		if hasURL {
			row = append(row, cell{text: c.URL, link: true})
		}
		t.rows = append(t.rows, row)
	}
	s.blocks = append(s.blocks, t)
	return s
}

// updates is the customer-update cadence: how often customers heard from
// the team while impact lasted, and the longest silence (from the metrics).
func (b *builder) updates() *section {
	l, m := b.l, b.m
	if m.Start.IsZero() {
		return nil
	}
	s := &section{key: "updates", title: l.T("section.updates")}
	end := m.End
	if end.IsZero() || end.Before(m.Start) {
		end = m.Start
	}
	var times []time.Time
	for _, c := range b.inc.Communications {
		times = append(times, c.At)
	}
	for _, e := range b.inc.Timeline {
		if e.Kind == rca.PublicUpdate && !e.Internal {
			times = append(times, e.At)
		}
	}
	n, first := 0, time.Time{}
	for _, t := range times {
		if t.Before(m.Start) || t.After(end) {
			continue
		}
		n++
		if first.IsZero() || t.Before(first) {
			first = t
		}
	}
	fs := []field{{label: l.T("updates.count"), value: l.T("%d", n)}}
	if n > 0 {
		fs = append(fs,
			field{label: l.T("updates.first"), value: l.duration(first.Sub(m.Start))},
			field{label: l.T("updates.cadence"), value: l.duration((end.Sub(m.Start) / time.Duration(n)).Round(time.Minute))})
	}
	if sil := m.LongestSilence; sil.D > 0 {
		fs = append(fs, field{label: l.T("updates.silence"),
			value: l.T("updates.silence_span", l.duration(sil.D), b.at(sil.From), b.at(sil.To))})
	}
	s.blocks = append(s.blocks, &fieldList{fs})
	return s
}

func (b *builder) notes() *section {
	if b.d.Options.Public {
		return nil
	}
	var bs []block
	bs = appendList(bs, "", b.inc.Notes)
	if len(bs) == 0 {
		return nil
	}
	return &section{key: "notes", title: b.l.T("section.notes"), blocks: bs[1:]}
}
