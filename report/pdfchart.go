package report

import (
	"strconv"
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/rca"
)

// levelColors are the bar colours of the impact levels.
var levelColors = [rca.NumLevels]rgb{
	rca.Operational:         {76, 175, 80},
	rca.UnderMaintenance:    {66, 133, 244},
	rca.DegradedPerformance: {242, 201, 76},
	rca.PartialOutage:       {240, 140, 50},
	rca.MajorOutage:         {211, 47, 47},
}

// Chart geometry, in millimetres.
const (
	chartLabelW   = 32.0 // component names
	chartRowH     = 7.0
	chartBarH     = 4.6
	chartMarkR    = 1.9 // milestone marker radius
	chartMarkRowH = 4.6
	chartAxisH    = 9.5 // tick labels: time and date
	chartMaxTicks = 7
)

// chart draws the timeline chart: a time axis with ticks in the chart's
// zone, one row per component with bars coloured by level, milestones as
// numbered markers with dashed lines, and a legend. Rows that do not fit a
// page continue on the next one under the same axis.
func (p *pdfWriter) chart(c *chart) {
	pdf := p.pdf
	// Pad the range so bars at the ends are not glued to the frame.
	span := c.to.Sub(c.from)
	pad := max(span/40, time.Minute)
	from, to := c.from.Add(-pad), c.to.Add(pad)
	x0, x1 := p.left+chartLabelW+2, p.right-1
	xOf := func(t time.Time) float64 {
		return x0 + (x1-x0)*float64(t.Sub(from))/float64(to.Sub(from))
	}
	ticks, daily := chartTicks(from, to, c.loc)

	// Milestone markers: greedy rows so that close markers do not overlap.
	xs := make([]float64, len(c.milestones))
	for i, ms := range c.milestones {
		xs[i] = xOf(ms.at)
	}
	levels, nLevels := markerRows(xs, 2*chartMarkR+0.6)
	marksH := float64(nLevels) * chartMarkRowH

	legendH := lineHeight(sizeSmall) + 2 + float64((len(c.milestones)+1)/2)*lineHeight(sizeSmall)
	fixed := marksH + chartAxisH + lineHeight(sizeSmall) + 3 + legendH
	for start := 0; start < len(c.rows); {
		avail := p.bottom - p.y - fixed
		n := int(avail / chartRowH)
		if n < min(len(c.rows)-start, 3) && p.y > p.top {
			p.newPage()
			continue
		}
		n = max(n, 1)
		n = min(n, len(c.rows)-start)
		rows := c.rows[start : start+n]
		start += n

		top := p.y + marksH
		plotH := float64(len(rows)) * chartRowH
		bottom := top + plotH

		// Row bands and labels.
		for i, row := range rows {
			y := top + float64(i)*chartRowH
			if i%2 == 0 {
				p.fill(colZebra)
				pdf.Rect(p.left, y, p.right-p.left, chartRowH, "F")
			}
			p.use(style{"", sizeTable, colText})
			p.put(p.left+1, y+(chartRowH-lineHeight(sizeTable))/2, chartLabelW-1, sizeTable, p.fit(row.name, chartLabelW-2), "L")
		}
		// Grid lines and tick labels.
		p.draw(colRule)
		pdf.SetLineWidth(0.15)
		prevDate := ""
		for _, t := range ticks {
			x := xOf(t)
			pdf.Line(x, top, x, bottom+1)
			lt := t.In(c.loc)
			p.use(style{"", 6.5, colMuted})
			d := lt.Format(time.DateOnly)
			if daily {
				p.put(x-10, bottom+1.5, 20, 6.5, d, "C")
				continue
			}
			p.put(x-10, bottom+1.5, 20, 6.5, lt.Format("15:04"), "C")
			if d != prevDate {
				p.put(x-10, bottom+1.5+lineHeight(6.5), 20, 6.5, d, "C")
				prevDate = d
			}
		}
		// Bars.
		for i, row := range rows {
			y := top + float64(i)*chartRowH + (chartRowH-chartBarH)/2
			for _, b := range row.bars {
				bx0, bx1 := xOf(b.from), xOf(b.to)
				p.fill(levelColors[b.level])
				pdf.Rect(bx0, y, max(bx1-bx0, 0.3), chartBarH, "F")
			}
		}
		// Axis line.
		p.draw(colMuted)
		pdf.SetLineWidth(0.3)
		pdf.Line(x0, bottom, x1, bottom)
		// Milestones: dashed lines through the plot, then numbered markers
		// above it (on top of the lines).
		p.draw(colAccent)
		pdf.SetLineWidth(0.2)
		pdf.SetDashPattern([]float64{0.8, 0.8}, 0)
		for i, ms := range c.milestones {
			x := xOf(ms.at)
			my := p.y + float64(levels[i])*chartMarkRowH + chartMarkRowH/2
			pdf.Line(x, my+chartMarkR, x, bottom)
		}
		pdf.SetDashPattern([]float64{}, 0)
		for i, ms := range c.milestones {
			x := xOf(ms.at)
			my := p.y + float64(levels[i])*chartMarkRowH + chartMarkRowH/2
			p.fill(colAccent)
			pdf.Circle(x, my, chartMarkR, "F")
			p.use(style{"B", 5.5, colWhite})
			p.put(x-chartMarkR, my-lineHeight(5.5)/2, 2*chartMarkR, 5.5, strconv.Itoa(i+1), "C")
		}
		p.y = bottom + chartAxisH
	}

	// Caption: the zone of the axis.
	p.use(style{"I", sizeSmall, colMuted})
	p.put(x0, p.y, x1-x0, sizeSmall, p.fit(c.axis, x1-x0), "L")
	p.y += lineHeight(sizeSmall) + 3

	// Legend: the levels drawn, then the milestones in two columns.
	p.need(legendH)
	var present [rca.NumLevels]bool
	for _, row := range c.rows {
		for _, b := range row.bars {
			present[b.level] = true
		}
	}
	x := p.left
	p.use(style{"B", sizeSmall, colText})
	p.put(x, p.y, 40, sizeSmall, p.fit(c.levelsTitle+":", 40), "L")
	x += pdf.GetStringWidth(clean(c.levelsTitle+":")) + 3
	for lv := rca.NumLevels - 1; lv >= 0; lv-- {
		if !present[lv] {
			continue
		}
		p.fill(levelColors[lv])
		pdf.Rect(x, p.y+0.6, 3.2, 2.4, "F")
		p.use(style{"", sizeSmall, colText})
		name := clean(c.levelNames[lv])
		p.put(x+4.2, p.y, 50, sizeSmall, name, "L")
		x += 4.2 + pdf.GetStringWidth(name) + 5
	}
	p.y += lineHeight(sizeSmall) + 2
	colW := p.width() / 2
	for i, ms := range c.milestones {
		cx := p.left + float64(i%2)*colW
		cy := p.y + float64(i/2)*lineHeight(sizeSmall)
		p.fill(colAccent)
		pdf.Circle(cx+1.6, cy+lineHeight(sizeSmall)/2, 1.5, "F")
		p.use(style{"B", 5, colWhite})
		p.put(cx+0.1, cy+(lineHeight(sizeSmall)-lineHeight(5))/2, 3, 5, strconv.Itoa(i+1), "C")
		p.use(style{"", sizeSmall, colText})
		p.put(cx+4.2, cy, colW-5, sizeSmall, p.fit(ms.label+" — "+ms.when, colW-5), "L")
	}
	p.y += float64((len(c.milestones)+1)/2) * lineHeight(sizeSmall)
}

// markerRows puts markers at xs, in order, into rows so that two markers of
// a row are at least gap apart: each goes into the first row whose last
// marker is far enough to its left, or a new row. It returns each
// marker's row and the number of rows.
func markerRows(xs []float64, gap float64) ([]int, int) {
	rows := make([]int, len(xs))
	var lastX []float64
	for i, x := range xs {
		r := 0
		for r < len(lastX) && x-lastX[r] < gap {
			r++
		}
		if r == len(lastX) {
			lastX = append(lastX, x)
		}
		lastX[r] = x
		rows[i] = r
	}
	return rows, len(lastX)
}

// chartSteps are the tick intervals the axis may use, in minutes.
var chartSteps = []int{5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2 * 1440, 7 * 1440, 14 * 1440, 28 * 1440, 91 * 1440, 365 * 1440}

// chartTicks returns tick instants in [from, to] at round wall-clock times
// of loc (whole hours, midnights), at most chartMaxTicks of them; daily is
// true when ticks are days apart (labels are then dates only). Ticks are
// placed by wall clock, so across a change of daylight saving time they
// stay on round local hours and the axis remains a true time scale.
func chartTicks(from, to time.Time, loc *time.Location) (ticks []time.Time, daily bool) {
	span := to.Sub(from)
	step := chartSteps[len(chartSteps)-1]
	for _, s := range chartSteps {
		if span/(time.Duration(s)*time.Minute) < chartMaxTicks {
			step = s
			break
		}
	}
	lf := from.In(loc)
	y, m, d := lf.Date()
	daily = step >= 1440
	for k := 0; ; k++ {
		var t time.Time
		if daily {
			t = calendar.DayStart(y, m, d+k*(step/1440), loc)
		} else {
			t = calendar.At(y, m, d, 0, k*step, 0, 0, loc)
		}
		if t.After(to) || k > 100000 {
			break
		}
		if t.Before(from) || (len(ticks) > 0 && !t.After(ticks[len(ticks)-1])) {
			continue
		}
		ticks = append(ticks, t)
	}
	return ticks, daily
}
