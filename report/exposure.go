package report

import (
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/credit"
)

// ExposureChart is the exposure chart of a credit.Curve: for each
// currency, the credits the window would issue against the length of a
// hypothetical outage, as a step curve through the curve's points, with
// the credit tiers reached (the curve's crossings, numbered and listed
// under the panel) and the marks (the current incident's position) drawn
// across it. Above the panels: the window, the outage and where it was
// placed, and what the incidents alone already cost.
//
// Renderers only read an ExposureChart: it is safe for concurrent use as
// long as no goroutine modifies it or its Curve.
type ExposureChart struct {
	Curve *credit.Curve
	// Marks are outage lengths to mark on every panel, each with a label
	// (an incident's ID; the chart adds the length when it is not zero):
	// a line across the panel and, where the curve has a point at that
	// length, a dot and its amount. A mark at zero is the incidents'
	// position when the outages come on top of them.
	Marks []Mark
	// Options: Lang, Zone (times; nil means the first window's zone),
	// Generated (the PDF's date; zero: the end of the first window),
	// PageSize.
	Options Options
}

// Mark is an outage length marked on an exposure chart.
//
// Mark is a plain value: safe for concurrent use.
type Mark struct {
	Duration time.Duration
	Label    string
}

// ErrNoCurve is returned for an ExposureChart without a curve or points.
var ErrNoCurve = errors.New("report: exposure chart has no curve")

// WriteExposureSVG writes x as an SVG image: the heading, then one panel
// per currency. The same chart gives the same bytes.
func WriteExposureSVG(w io.Writer, x *ExposureChart) error {
	d, err := layoutExposure(x)
	if err != nil {
		return err
	}
	return writeSVG(w, d)
}

// WriteExposurePDF writes x as a PDF document laid out as
// WriteExposureSVG lays it out, on pages of Options.PageSize with the
// report's margins and fonts; a panel that does not fit the rest of a page
// starts the next one. The same chart gives the same bytes.
func WriteExposurePDF(w io.Writer, x *ExposureChart) error {
	d, err := layoutExposure(x)
	if err != nil {
		return err
	}
	return writeDrawingPDF(w, d, x.Options.PageSize)
}

// Exposure chart geometry, in millimetres.
const (
	expWidth   = 174.0 // the A4 text width
	expPlotH   = 42.0
	expTickLen = 1.2
	expMarkR   = 1.9
	expRowH    = 4.6 // a row of numbered crossing markers
	expTickPt  = 6.5
	expMaxX    = 8 // at most this many duration ticks
	expMaxY    = 5 // about this many amount ticks
)

// Colours of the exposure chart, beside the report's.
var (
	colCurve    = colAccent
	colCrossing = rgb{240, 140, 50} // the partial-outage orange of the timeline chart
	colMark     = colAlert
)

// exposureLayout is the state of one layout.
type exposureLayout struct {
	x   *ExposureChart
	c   *credit.Curve
	l   *locale
	m   *measurer
	loc *time.Location
	d   *drawing
	// further: the windows hold downtime already, so the outages are
	// further outages.
	further bool
}

// layoutExposure lays out x: the one place that decides what the chart
// shows.
func layoutExposure(x *ExposureChart) (*drawing, error) {
	if x == nil || x.Curve == nil || len(x.Curve.Points) == 0 {
		return nil, ErrNoCurve
	}
	l, err := newLocale(x.Options.Lang)
	if err != nil {
		return nil, err
	}
	m, err := newMeasurer()
	if err != nil {
		return nil, err
	}
	c := x.Curve
	loc := x.Options.Zone
	if loc == nil && len(c.Windows) > 0 {
		loc = c.Windows[0].Start.Location()
	}
	if loc == nil {
		loc = time.UTC
	}
	currencies := exposureCurrencies(c)
	l.codes = len(currencies) > 1
	e := &exposureLayout{x: x, c: c, l: l, m: m, loc: loc,
		d: &drawing{width: expWidth, lang: l.tag.String(), title: l.T("exposure.title"), dated: x.Options.Generated}}
	if e.d.dated.IsZero() && len(c.Windows) > 0 {
		e.d.dated = c.Windows[0].End
	}
	for _, w := range c.Windows {
		e.further = e.further || w.Downtime > 0
	}
	e.heading()
	for _, u := range currencies {
		e.panel(u)
	}
	return e.d, nil
}

// exposureCurrencies returns the currencies of the curve's points, sorted
// by code.
func exposureCurrencies(c *credit.Curve) []currency.Unit {
	var out []currency.Unit
	for _, pt := range c.Points {
		for _, cost := range pt.Currencies {
			if !slices.Contains(out, cost.Currency) {
				out = append(out, cost.Currency)
			}
		}
	}
	slices.SortFunc(out, func(a, b currency.Unit) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// at writes an instant in the chart's zone.
func (e *exposureLayout) at(t time.Time) string { return instant(t, e.loc) }

// heading lays out the title and what the curve is of.
func (e *exposureLayout) heading() {
	l, c := e.l, e.c
	b := &dblock{}
	y := lineHeight(sizeHeading)
	b.text(0, y, l.T("exposure.title"), sizeHeading, "B", colAccent, 'L')
	y += 2
	var lines []string
	for _, w := range c.Windows {
		lines = append(lines, l.T("exposure.window", windowLabel(w.Start.In(e.loc), w.End.In(e.loc)), e.at(w.Start), e.at(w.End), w.Policy, w.Version))
	}
	lines = append(lines, l.T("exposure.outage", strings.Join(c.Components, ", "), l.T("level."+c.Level.String())))
	lines = append(lines, e.placement())
	if baseCosts(&c.Base) {
		var vs []string
		for _, t := range c.Base.Totals {
			vs = append(vs, l.amount(t.Amount, t.Currency))
		}
		lines = append(lines, l.T("exposure.base", strings.Join(vs, ", ")))
	}
	lines = append(lines, l.T("exposure.read", c.Read, c.Rejected))
	for _, s := range lines {
		for _, part := range e.wrap(s, "", sizeSmall+0.5, expWidth) {
			y += lineHeight(sizeSmall + 0.5)
			b.text(0, y, part, sizeSmall+0.5, "", colText, 'L')
		}
	}
	b.h = y + 4
	e.d.blocks = append(e.d.blocks, b)
}

// baseCosts reports whether the incidents alone cost anything.
func baseCosts(s *credit.Summary) bool {
	for _, t := range s.Totals {
		if !t.Amount.IsZero() {
			return true
		}
	}
	return false
}

// placement says where the outages were placed.
func (e *exposureLayout) placement() string {
	l := e.l
	var first *credit.Placement
	same := true
	for i := range e.c.Points {
		p := &e.c.Points[i].Placement
		if p.Rule == credit.NoPlacement {
			continue
		}
		if first == nil {
			first = p
		} else if !p.Start.Equal(first.Start) {
			same = false
		}
	}
	if first == nil {
		return l.T("exposure.place.none")
	}
	switch e.c.Place {
	case credit.PlaceAt:
		return l.T("exposure.place.at", e.at(first.Start))
	case credit.PlaceAfter:
		return l.T("exposure.place.after", e.at(first.Start))
	}
	if same {
		return l.T("exposure.place.worst", e.at(first.Start))
	}
	return l.T("exposure.place.worst_varies")
}

// wrap breaks s into lines no wider than w at spaces.
func (e *exposureLayout) wrap(s, style string, size, w float64) []string {
	var out []string
	var line string
	for _, word := range strings.Split(clean(s), " ") {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && e.m.width(try, style, size) > w {
			out = append(out, line)
			try = word
		}
		line = try
	}
	return append(out, line)
}

// panel lays out the curve of currency u.
func (e *exposureLayout) panel(u currency.Unit) {
	l, c := e.l, e.c
	b := &dblock{}
	pts := c.Points
	maxD := pts[len(pts)-1].Duration
	if maxD <= 0 {
		maxD = time.Hour
	}
	totals := make([]decimal.Decimal, len(pts))
	top := decimal.Zero
	for k := range pts {
		for _, cost := range pts[k].Currencies {
			if cost.Currency == u {
				totals[k] = cost.Total
			}
		}
		if totals[k].GreaterThan(top) {
			top = totals[k]
		}
	}
	yTicks := amountTicks(top, u)
	yMax := yTicks[len(yTicks)-1]

	// Title: the currency and the most the curve reaches.
	y := lineHeight(sizeSub)
	b.text(0, y, l.T("exposure.panel", u.String(), l.amount(totals[len(totals)-1], u), l.duration(pts[len(pts)-1].Duration)), sizeSub, "B", colText, 'L')

	// Crossings of this currency, as numbered markers in rows above the
	// plot (greedy, like the timeline chart's milestones).
	var crossings []credit.Crossing
	for _, cr := range c.Crossings {
		if cr.Currency == u {
			crossings = append(crossings, cr)
		}
	}
	labelW := 0.0
	for _, t := range yTicks {
		labelW = max(labelW, e.m.width(l.amount(t, u), "", expTickPt))
	}
	x0, x1 := labelW+3, expWidth-2
	xOf := func(d time.Duration) float64 { return x0 + (x1-x0)*float64(d)/float64(maxD) }
	xs := make([]float64, len(crossings))
	for i, cr := range crossings {
		xs[i] = xOf(cr.At)
	}
	rows, nRows := markerRows(xs, 2*expMarkR+0.6)
	marksTop := y + 2
	if len(e.x.Marks) > 0 {
		marksTop += lineHeight(expTickPt) + 0.5 // the marks' labels
	}
	plotTop := marksTop + float64(nRows)*expRowH + 1
	plotBottom := plotTop + expPlotH
	yOf := func(a decimal.Decimal) float64 {
		f, _ := a.Div(yMax).Float64() // a drawing coordinate, not a figure
		return plotBottom - expPlotH*f
	}

	// Grid and amount ticks.
	for _, t := range yTicks {
		yy := yOf(t)
		b.line(x0, yy, x1, yy, colRule, 0.15, false)
		b.text(x0-1.5, yy+lineHeight(expTickPt)/3, l.amount(t, u), expTickPt, "", colMuted, 'R')
	}
	// Duration ticks.
	for _, d := range durationTicks(maxD) {
		xx := xOf(d)
		b.line(xx, plotBottom, xx, plotBottom+expTickLen, colMuted, 0.2, false)
		b.line(xx, plotTop, xx, plotBottom, colZebra, 0.15, false)
		b.text(xx, plotBottom+expTickLen+lineHeight(expTickPt), l.duration(d), expTickPt, "", colMuted, 'C')
	}
	b.line(x0, plotBottom, x1, plotBottom, colMuted, 0.3, false)
	b.line(x0, plotTop, x0, plotBottom, colMuted, 0.3, false)

	// Crossings: dashed lines through the plot, numbered markers above.
	for i, cr := range crossings {
		xx := xOf(cr.At)
		my := marksTop + float64(rows[i])*expRowH + expRowH/2
		b.line(xx, my+expMarkR, xx, plotBottom, colCrossing, 0.25, true)
	}
	for i, cr := range crossings {
		xx := xOf(cr.At)
		my := marksTop + float64(rows[i])*expRowH + expRowH/2
		b.circle(xx, my, expMarkR, colCrossing)
		b.text(xx, my+lineHeight(5.5)/3, itoa(i+1), 5.5, "B", colWhite, 'C')
	}

	// The step curve: each point's total holds until the next point.
	var line []float64
	for k := range pts {
		xx, yy := xOf(pts[k].Duration), yOf(totals[k])
		if k > 0 {
			line = append(line, xx, line[len(line)-1])
		}
		line = append(line, xx, yy)
	}
	if len(pts) == 1 {
		line = append(line, x1, line[1])
	}
	b.polyline(straighten(line), colCurve, 0.5)

	// Marks: a line across the plot, a dot and the amount where the curve
	// has a point.
	for _, mk := range e.x.Marks {
		if mk.Duration < 0 || mk.Duration > maxD {
			continue
		}
		xx := xOf(mk.Duration)
		b.line(xx, marksTop-lineHeight(expTickPt)-0.5, xx, plotBottom, colMark, 0.35, false)
		label := mk.Label
		if mk.Duration > 0 {
			label = l.T("exposure.mark_length", mk.Label, l.duration(mk.Duration))
		}
		for k := range pts {
			if pts[k].Duration == mk.Duration {
				yy := yOf(totals[k])
				b.circle(xx, yy, 0.9, colMark)
				label = l.T("exposure.mark", label, l.amount(totals[k], u))
			}
		}
		label = e.m.fit(label, "B", expTickPt, x1-x0-2)
		lw := e.m.width(label, "B", expTickPt)
		anchor, lx := byte('L'), xx+1
		if lx+lw > x1 {
			anchor, lx = 'R', xx-1
		}
		b.text(lx, marksTop-0.8, label, expTickPt, "B", colMark, anchor)
	}

	// The axis caption and the crossings' legend.
	y = plotBottom + expTickLen + 2*lineHeight(expTickPt) + 0.5
	axis := l.T("exposure.axis")
	if e.further {
		axis = l.T("exposure.axis_further")
	}
	b.text(x1, y, axis, expTickPt, "I", colMuted, 'R')
	for i, cr := range crossings {
		y += lineHeight(sizeSmall)
		b.circle(1.5, y-lineHeight(sizeSmall)/3, 1.5, colCrossing)
		b.text(1.5, y-lineHeight(sizeSmall)/3+lineHeight(5)/3, itoa(i+1), 5, "B", colWhite, 'C')
		b.text(4.2, y, e.m.fit(e.crossing(&cr), "", sizeSmall, expWidth-5), sizeSmall, "", colText, 'L')
	}
	b.h = y + 6
	e.d.blocks = append(e.d.blocks, b)
}

// straighten drops the points of a polyline (x1, y1, x2, y2, …) that lie
// inside a horizontal or vertical run of it: the same line, fewer bytes.
func straighten(pts []float64) []float64 {
	out := pts[:0:0]
	for i := 0; i+1 < len(pts); i += 2 {
		n := len(out)
		if n >= 2 && i+3 < len(pts) {
			px, py := out[n-2], out[n-1]
			x, y, nx, ny := pts[i], pts[i+1], pts[i+2], pts[i+3]
			if py == y && y == ny || px == x && x == nx {
				continue
			}
		}
		out = append(out, pts[i], pts[i+1])
	}
	return out
}

// crossing describes a crossing: "email-pro: ≥ 95 and < 99: 25% from 7h15m
// (1 subscription; not at 7h)".
func (e *exposureLayout) crossing(cr *credit.Crossing) string {
	l := e.l
	what := cr.Band
	if cr.Capped {
		what = l.T("exposure.capped")
	}
	if cr.After == cr.At {
		return l.T("exposure.crossing_first", cr.Plan, what, l.duration(cr.At), cr.Subscriptions)
	}
	return l.T("exposure.crossing", cr.Plan, what, l.duration(cr.At), cr.Subscriptions, l.duration(cr.After))
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

// amountTicks returns the amount ticks of an axis from zero to at least
// top: multiples of 1, 2 or 5 × a power of ten (never below the currency's
// minor unit), about expMaxY of them. Computed in decimals: the labels are
// figures.
func amountTicks(top decimal.Decimal, u currency.Unit) []decimal.Decimal {
	unit := decimal.New(1, -int32(credit.Digits(u)))
	if top.Sign() <= 0 {
		top = unit
	}
	raw := top.Div(decimal.NewFromInt(expMaxY))
	p := decimal.New(1, int32(len(raw.Truncate(0).String()))-1) // a power of ten near raw
	if raw.LessThan(decimal.NewFromInt(1)) {
		p = decimal.New(1, 0)
		for p.GreaterThan(raw) {
			p = p.Shift(-1)
		}
	}
	step := p.Mul(decimal.NewFromInt(10))
	for _, f := range []int64{1, 2, 5, 10} {
		if s := p.Mul(decimal.NewFromInt(f)); s.GreaterThanOrEqual(raw) {
			step = s
			break
		}
	}
	if step.LessThan(unit) {
		step = unit
	}
	ticks := []decimal.Decimal{decimal.Zero}
	for ticks[len(ticks)-1].LessThan(top) {
		ticks = append(ticks, ticks[len(ticks)-1].Add(step))
	}
	return ticks
}

// durationSteps are the tick intervals of a duration axis.
var durationSteps = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour,
	2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 48 * time.Hour, 7 * 24 * time.Hour,
	14 * 24 * time.Hour, 28 * 24 * time.Hour}

// durationTicks returns the ticks of a duration axis from zero to top:
// multiples of the shortest step that gives at most expMaxX intervals.
func durationTicks(top time.Duration) []time.Duration {
	step := durationSteps[len(durationSteps)-1]
	for _, s := range durationSteps {
		if top/s <= expMaxX {
			step = s
			break
		}
	}
	var out []time.Duration
	for d := time.Duration(0); d <= top; d += step {
		out = append(out, d)
	}
	return out
}
