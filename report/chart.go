package report

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/outagekit/postmortem/rca"
)

// buildChart returns the timeline chart, or nil when there is no impact to
// draw. Rows follow the order in which components were first impacted;
// milestones are the metrics' first instants of each milestone kind, those
// within a tenth of the impact's span of it (the full list is in the
// timeline).
func (b *builder) buildChart() *chart {
	imps := b.impacts()
	if len(imps) == 0 {
		return nil
	}
	l := b.l
	c := &chart{loc: b.loc, levelsTitle: l.T("chart.levels"), msTitle: l.T("chart.milestones")}
	for lv := range rca.NumLevels {
		c.levelNames[lv] = l.T("level." + rca.Level(lv).String())
	}
	index := map[string]int{}
	for _, imp := range imps {
		end := imp.End
		if imp.IsOngoing() {
			end = b.ongoingEnd(imp.Start)
		}
		if imp.Level == rca.Operational || !end.After(imp.Start) {
			continue
		}
		i, ok := index[imp.Component]
		if !ok {
			i = len(c.rows)
			index[imp.Component] = i
			c.rows = append(c.rows, chartRow{name: imp.Component})
		}
		c.rows[i].bars = append(c.rows[i].bars, bar{from: imp.Start, to: end, level: imp.Level})
		if c.from.IsZero() || imp.Start.Before(c.from) {
			c.from = imp.Start
		}
		if end.After(c.to) {
			c.to = end
		}
	}
	if len(c.rows) == 0 {
		return nil
	}
	// The first component hit comes first; ties by name.
	slices.SortStableFunc(c.rows, func(x, y chartRow) int {
		return cmp.Or(firstStart(x).Compare(firstStart(y)), strings.Compare(x.name, y.name))
	})
	// Milestones near the impact are drawn; those far outside it (the
	// incident closed days later) would squeeze the bars into a corner.
	slack := c.to.Sub(c.from) / 10
	lo, hi := c.from.Add(-slack), c.to.Add(slack)
	for _, ms := range b.m.Milestones {
		if !ms.Kind.IsMilestone() || ms.At.IsZero() || ms.At.Before(lo) || ms.At.After(hi) {
			continue
		}
		c.milestones = append(c.milestones, milestone{label: l.T("event." + ms.Kind.String()), at: ms.At, when: b.at(ms.At)})
		if ms.At.Before(c.from) {
			c.from = ms.At
		}
		if ms.At.After(c.to) {
			c.to = ms.At
		}
	}
	slices.SortStableFunc(c.milestones, func(x, y milestone) int { return x.at.Compare(y.at) })
	// The legend names the colour of each level drawn, worst first.
	var present [rca.NumLevels]bool
	for _, row := range c.rows {
		for _, b := range row.bars {
			present[b.level] = true
		}
	}
	var items []string
	for lv := rca.NumLevels - 1; lv > int(rca.Operational); lv-- {
		if present[lv] {
			name := rca.Level(lv).String()
			items = append(items, l.T("legend.item", l.T("colour."+name), l.T("level."+name)))
		}
	}
	c.legend = l.T("chart.legend", strings.Join(items, ", "))
	c.axis = l.T("chart.axis", zoneCaption(b.loc, c.from, c.to))
	return c
}

func firstStart(r chartRow) time.Time {
	t := r.bars[0].from
	for _, b := range r.bars[1:] {
		if b.from.Before(t) {
			t = b.from
		}
	}
	return t
}
