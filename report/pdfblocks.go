package report

import (
	"strconv"
	"strings"
)

// titlePage draws page 1: a band with the title, the facts of the title
// block, and the key figures.
func (p *pdfWriter) titlePage() {
	pdf, c := p.pdf, p.c
	pdf.AddPage()

	// The band: kind and edition, then the title in large type. A title too
	// long for five lines is shortened.
	const titleSize = 22.0
	p.font("B", titleSize)
	lines := p.wrap(c.title, p.width())
	if len(lines) > 5 {
		lines = append(lines[:4], p.fit(strings.Join(lines[4:], " "), p.width()-4))
	}
	lh := lineHeight(titleSize)
	bandH := 36 + float64(len(lines))*lh + 12
	p.fill(colAccent)
	pdf.Rect(0, 0, p.pageW, bandH, "F")

	p.font("B", 9)
	p.color(rgb{200, 216, 232})
	eyebrow := strings.ToUpper(c.kind)
	p.put(p.left, 24, p.width(), 9, p.fit(eyebrow, p.width()), "L")
	p.font("", 9)
	for i, l := range p.wrap(c.edition, p.width()) {
		if i == 2 {
			break
		}
		p.put(p.left, 28.5+float64(i)*lineHeight(9), p.width(), 9, l, "L")
	}
	p.font("B", titleSize)
	p.color(colWhite)
	y := 38.0
	for _, l := range lines {
		p.put(p.left, y, p.width(), titleSize, l, "L")
		y += lh
	}
	p.y = bandH + 8
	if c.draft != "" {
		p.draftBanner(c.draft)
	}
	p.y += 4

	// Key figures, side by side; a figure of several lines (credits in
	// several currencies) is set smaller.
	if n := len(c.highlights); n > 0 {
		gap := 4.0
		w := (p.width() - gap*float64(n-1)) / float64(n)
		maxLines := 1
		for _, f := range c.highlights {
			maxLines = max(maxLines, len(strings.Split(f.value, "\n")))
		}
		maxLines = min(maxLines, 6)
		valueSize := 16.0
		if maxLines > 1 {
			valueSize = 11
		}
		h := 12 + float64(maxLines)*lineHeight(valueSize) + 2
		for i, f := range c.highlights {
			x := p.left + float64(i)*(w+gap)
			p.fill(colZebra)
			p.draw(colRule)
			pdf.SetLineWidth(0.2)
			pdf.Rect(x, p.y, w, h, "FD")
			p.fill(colAccent)
			if f.alert {
				p.fill(colAlert)
			}
			pdf.Rect(x, p.y, 1.2, h, "F")
			p.font("", sizeSmall)
			p.color(colMuted)
			p.put(x+4, p.y+3.5, w-6, sizeSmall, p.fit(f.label, w-6), "L")
			values := strings.Split(f.value, "\n")
			if len(values) > maxLines {
				values = append(values[:maxLines-1], "…")
			}
			size := valueSize
			p.font("B", size)
			for _, v := range values {
				for size > 8 && p.pdf.GetStringWidth(clean(v)) > w-6 {
					size--
					p.font("B", size)
				}
			}
			p.color(colAccent)
			if f.alert {
				p.color(colAlert)
			}
			for j, v := range values {
				p.put(x+4, p.y+10+float64(j)*lineHeight(valueSize), w-6, size, p.fit(v, w-6), "L")
			}
		}
		p.y += h + 10
	}

	p.coverText(&c.cover)

	// The facts.
	p.fieldTable(c.facts, sizeBody)
}

// draftBanner draws the draft notice: a red-edged box under the band.
func (p *pdfWriter) draftBanner(text string) {
	st := style{"B", sizeBody, colAlert}
	p.use(st)
	ls := p.wrap(text, p.width()-8)
	if len(ls) > 4 {
		ls = append(ls[:3], p.fit(strings.Join(ls[3:], " "), p.width()-8))
	}
	h := float64(len(ls))*lineHeight(sizeBody) + 4
	p.fill(rgb{253, 236, 234})
	p.pdf.Rect(p.left, p.y, p.width(), h, "F")
	p.fill(colAlert)
	p.pdf.Rect(p.left, p.y, 1.2, h, "F")
	y := p.y + 2
	for _, l := range ls {
		p.put(p.left+4, y, p.width()-8, sizeBody, l, "L")
		y += lineHeight(sizeBody)
	}
	p.y += h
}

// Title-page limits: the cover must leave room for the facts.
const (
	coverHappenedLines = 7
	coverAffectedLines = 2
)

// coverText draws what a reader wants first: what happened, who was
// affected, what will change. Each part is short; the sections that
// follow have the rest.
func (p *pdfWriter) coverText(c *cover) {
	head := func(text string) {
		p.use(style{"B", sizeSub, colAccent})
		p.put(p.left, p.y, p.width(), sizeSub, p.fit(text, p.width()), "L")
		p.y += lineHeight(sizeSub) + 0.8
	}
	body := style{"", sizeBody, colText}
	clip := func(ls []string, n int) []string {
		if len(ls) > n {
			ls = append(ls[:n-1], p.fit(strings.Join(ls[n-1:], " "), p.width()))
		}
		return ls
	}
	if c.happened != "" {
		head(c.happenedHead)
		p.use(body)
		p.lines(clip(p.wrap(c.happened, p.width()), coverHappenedLines), p.left, p.width(), body)
		p.y += 3
	}
	if c.affected != "" {
		head(c.affectedHead)
		p.use(body)
		p.lines(clip(p.wrap(c.affected, p.width()), coverAffectedLines), p.left, p.width(), body)
		p.y += 3
	}
	if len(c.change) > 0 {
		head(c.changeHead)
		p.bullets(c.change)
		if c.moreText != "" {
			more := style{"I", sizeBody, colMuted}
			p.use(more)
			p.lines(p.wrap(c.moreText, p.width()-bulletIndent), p.left+bulletIndent, p.width()-bulletIndent, more)
		}
		p.y += 3
	}
	if c.happened != "" || c.affected != "" || len(c.change) > 0 {
		p.y += 3
	}
}

// section draws a numbered section: heading, bookmark, blocks.
func (p *pdfWriter) section(n int, s *section) {
	title := strconv.Itoa(n) + "  " + s.title
	p.font("B", sizeHeading)
	lines := p.wrap(title, p.width())
	if p.pdf.PageCount() < 2 {
		p.newPage()
	} else {
		// Keep with next: the heading moves to the next page unless what
		// starts the section fits under it.
		p.y += 4
		p.need(float64(len(lines))*lineHeight(sizeHeading) + 4 + p.leadHeight(s.blocks))
	}
	p.pdf.Bookmark(clean(s.title), 0, p.y)
	p.font("B", sizeHeading)
	p.color(colAccent)
	for _, l := range lines {
		p.put(p.left, p.y, p.width(), sizeHeading, l, "L")
		p.y += lineHeight(sizeHeading)
	}
	p.draw(colAccent)
	p.pdf.SetLineWidth(0.4)
	p.pdf.Line(p.left, p.y+0.8, p.right, p.y+0.8)
	p.y += 4
	for i, b := range s.blocks {
		p.block(b, s.blocks[i+1:])
	}
}

// leadHeight is the height of what must not be parted from a heading
// above blocks: the first block's first unit (a table's header and first
// row, a paragraph's first two lines, a field list kept together, a
// subheading with its own lead), at most a page.
func (p *pdfWriter) leadHeight(blocks []block) float64 {
	if len(blocks) == 0 {
		return 0
	}
	page := p.bottom - p.top
	var h float64
	switch b := blocks[0].(type) {
	case *subheading:
		p.font("B", sizeSub)
		h = 2.5 + float64(len(p.wrap(b.text, p.width())))*lineHeight(sizeSub) + p.leadHeight(blocks[1:])
	case *paragraph:
		p.font("", sizeBody)
		h = float64(min(len(p.wrap(b.text, p.width())), 2)) * lineHeight(sizeBody)
	case *none:
		h = lineHeight(sizeBody)
	case *fieldList:
		h = p.fieldListHeight(b.fields, sizeBody)
	case *bulletList:
		if len(b.items) > 0 {
			p.font("", sizeBody)
			h = float64(min(len(p.wrap(b.items[0], p.width()-bulletIndent)), 2)) * lineHeight(sizeBody)
		}
	case *table:
		g := p.tableGrid(b)
		h = p.headerHeight(&g)
		if len(b.rows) > 0 {
			h += float64(p.measure(&g, b.rows[0]).n)*lineHeight(g.size) + 2*g.padY
		}
	case *chart:
		h = 3*chartRowH + chartAxisH + 2*chartMarkRowH
	}
	return min(h, page)
}

// block draws b; next are the blocks after it in the section (a
// subheading stays with the first of them).
func (p *pdfWriter) block(b block, next []block) {
	switch b := b.(type) {
	case *subheading:
		p.y += 1.5
		p.font("B", sizeSub)
		p.need(float64(len(p.wrap(b.text, p.width())))*lineHeight(sizeSub) + 1 + p.leadHeight(next))
		p.font("B", sizeSub)
		p.color(colText)
		for _, l := range p.wrap(b.text, p.width()) {
			p.put(p.left, p.y, p.width(), sizeSub, l, "L")
			p.y += lineHeight(sizeSub)
		}
		p.y += 1
	case *paragraph:
		st := style{"", sizeBody, colText}
		p.use(st)
		p.lines(p.wrap(b.text, p.width()), p.left, p.width(), st)
		p.y += 2.5
	case *none:
		st := style{"I", sizeBody, colMuted}
		p.use(st)
		p.lines(p.wrap(b.text, p.width()), p.left, p.width(), st)
		p.y += 2.5
	case *fieldList:
		p.fieldTable(b.fields, sizeBody)
		p.y += 2.5
	case *bulletList:
		p.bullets(b.items)
		p.y += 2
	case *table:
		p.table(b)
		p.y += 4
	case *chart:
		p.chart(b)
		p.y += 4
	}
}

// style is a font style, size and text colour.
type style struct {
	font  string // "", "B" or "I"
	size  float64
	color rgb
}

func (p *pdfWriter) use(s style) {
	p.font(s.font, s.size)
	p.color(s.color)
}

// lines draws wrapped lines from p.y on in style st, breaking pages
// between lines.
func (p *pdfWriter) lines(ls []string, x, w float64, st style) {
	lh := lineHeight(st.size)
	for _, l := range ls {
		if !p.room(lh) {
			p.newPage()
			p.use(st)
		}
		p.put(x, p.y, w, st.size, l, "L")
		p.y += lh
	}
}

// bulletIndent is where a bullet item's text starts.
const bulletIndent = 4.5

func (p *pdfWriter) bullets(items []string) {
	const indent = bulletIndent
	lh := lineHeight(sizeBody)
	for _, it := range items {
		p.font("", sizeBody)
		ls := p.wrap(it, p.width()-indent)
		if len(ls) == 0 {
			continue
		}
		p.need(min(float64(len(ls)), 2) * lh)
		p.color(colAccent)
		p.put(p.left+0.5, p.y, indent, sizeBody, "•", "L")
		st := style{"", sizeBody, colText}
		p.use(st)
		p.lines(ls, p.left+indent, p.width()-indent, st)
		p.y += 0.8
	}
}

// fieldTable draws labelled values as a two-column table without header:
// labels in muted bold, values wrapped beside them.
func (p *pdfWriter) fieldTable(fs []field, size float64) {
	g, rows := p.fieldGrid(fs, size)
	// Keep a short list together: move it to the next page whole when it
	// fits there but not here.
	if h := p.fieldListHeight(fs, size); !p.room(h) && h <= p.bottom-p.top {
		p.newPage()
	}
	p.grid(g, rows)
}

// fieldGrid is the grid of a field list and its rows.
func (p *pdfWriter) fieldGrid(fs []field, size float64) (grid, [][]cell) {
	p.font("B", size)
	labelW := 0.0
	for _, f := range fs {
		labelW = max(labelW, p.pdf.GetStringWidth(clean(f.label)))
	}
	labelW = min(labelW+4, p.width()*0.4)
	rows := make([][]cell, len(fs))
	for i, f := range fs {
		rows[i] = []cell{{text: f.label}, {text: f.value, alert: f.alert}}
	}
	return grid{widths: []float64{labelW, p.width() - labelW}, aligns: []string{"L", "L"},
		size: size, labels: true, labelGap: 3, padY: 0.9}, rows
}

// fieldListHeight is the height a field list takes.
func (p *pdfWriter) fieldListHeight(fs []field, size float64) float64 {
	g, rows := p.fieldGrid(fs, size)
	h := 0.0
	for _, r := range rows {
		h += float64(p.measure(&g, r).n)*lineHeight(size) + 2*g.padY
	}
	return h
}

// columnWidths sizes the columns from their content, as browsers lay out
// tables: each column's minimum is its widest piece that cannot break (a
// header word, or a word of a cell up to its hyphens and slashes, at most
// a third of the text width: a longer one is hyphenated), its maximum its
// widest line unbroken. When every column fits unbroken they get their
// maximum and share the rest in proportion; otherwise each gets its
// minimum and the rest of the width goes to the columns in proportion to
// how much they would still grow. A right-aligned column (figures) has its
// widest line as its minimum, up to a quarter of the width, so "14 Std.
// 28 Min." stays on one line, and so has a column whose widest line is
// short (a seventh of the width: dates, levels); a word is cut only where
// a column cannot hold it at all.
func (p *pdfWriter) columnWidths(t *table, padX float64) []float64 {
	n := len(t.cols)
	minW, maxW := make([]float64, n), make([]float64, n)
	pad := 2*padX + 0.5
	limit := p.width() / 3
	p.font("B", sizeTable)
	for i, c := range t.cols {
		title := clean(c.title)
		for _, w := range strings.Fields(title) {
			minW[i] = max(minW[i], p.pdf.GetStringWidth(w)+pad)
		}
		maxW[i] = max(maxW[i], p.pdf.GetStringWidth(title)+pad)
	}
	for _, bold := range []bool{false, true} {
		if bold {
			p.font("B", sizeTable)
		} else {
			p.font("", sizeTable)
		}
		for _, row := range t.rows {
			for i := range min(n, len(row)) {
				c := row[i]
				if c.alert != bold {
					continue
				}
				text := c.text
				if c.link {
					text = withoutScheme(text)
				}
				text = clean(text)
				for _, line := range strings.Split(text, "\n") {
					maxW[i] = max(maxW[i], p.pdf.GetStringWidth(line)+pad)
					for _, w := range strings.Split(line, " ") { // not at no-break spaces
						for _, piece := range splitAfter(w, "-/") {
							minW[i] = max(minW[i], min(p.pdf.GetStringWidth(piece)+pad, limit))
						}
					}
				}
			}
		}
	}
	for i, c := range t.cols {
		maxW[i] = max(maxW[i], minW[i])
		switch {
		case c.right:
			// Figures (durations, amounts) are read whole: their column
			// is as wide as the widest, up to a quarter of the width.
			minW[i] = max(minW[i], min(maxW[i], p.width()/4))
		case maxW[i] <= p.width()/7:
			// A column of short values (dates, levels, statuses) is not
			// worth wrapping: "2014-05-" over "19" reads badly.
			minW[i] = maxW[i]
		}
	}
	total, sumMin, sumMax := p.width(), 0.0, 0.0
	for i := range n {
		sumMin += minW[i]
		sumMax += maxW[i]
	}
	widths := make([]float64, n)
	for i := range n {
		switch {
		case sumMax <= total:
			widths[i] = maxW[i] * total / sumMax
		case sumMin >= total:
			widths[i] = minW[i] * total / sumMin
		default:
			widths[i] = minW[i] + (total-sumMin)*(maxW[i]-minW[i])/(sumMax-sumMin)
		}
	}
	return widths
}

// table draws a table with a header row repeated on every page it spans.
func (p *pdfWriter) table(t *table) {
	p.grid(p.tableGrid(t), t.rows)
}

// tableGrid is the grid a table is drawn with; its column widths are
// worked out once per table (they look at every cell).
func (p *pdfWriter) tableGrid(t *table) grid {
	if g, ok := p.grids[t]; ok {
		return g
	}
	g := grid{size: sizeTable, zebra: true, padX: 1.6, padY: 1.3}
	g.widths = p.columnWidths(t, g.padX)
	for _, c := range t.cols {
		g.header = append(g.header, c.title)
		if c.right {
			g.aligns = append(g.aligns, "R")
		} else {
			g.aligns = append(g.aligns, "L")
		}
	}
	if p.grids == nil {
		p.grids = map[*table]grid{}
	}
	p.grids[t] = g
	return g
}
