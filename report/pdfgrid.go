package report

import "strings"

// grid describes how rows of cells are drawn: tables (with a header row,
// zebra stripes and rules) and field lists (labels beside values).
type grid struct {
	widths []float64
	aligns []string
	header []string // nil: no header row
	size   float64
	zebra  bool
	labels bool // the first column holds labels: bold and muted
	// labelGap keeps a label's lines this far from its value.
	labelGap float64
	padX     float64
	padY     float64
}

// measured is a row split into lines per cell, with each cell's style and
// link (empty when it has none), worked out once: a row taller than a page
// is drawn in pieces, and looking at its text again for every piece would
// cost time in proportion to the square of its length.
type measured struct {
	cells  [][]string
	styles []style
	links  []string
	n      int // the most lines of any cell; at least 1
}

// gap is the room column i keeps free after its text.
func (g *grid) gap(i int) float64 {
	if g.labels && i == 0 {
		return g.labelGap
	}
	return 0
}

// cellStyle is the font of a cell; link is whether it is a link (see
// safeURL).
func (g *grid) cellStyle(col int, c cell, link bool) style {
	switch {
	case g.labels && col == 0:
		return style{"B", g.size, colMuted}
	case c.alert:
		return style{"B", g.size, colAlert}
	case link:
		return style{"", g.size, colLink}
	}
	return style{"", g.size, colText}
}

// measure splits each cell of row to its column's width.
func (p *pdfWriter) measure(g *grid, row []cell) measured {
	k := min(len(g.widths), len(row))
	m := measured{cells: make([][]string, len(g.widths)), styles: make([]style, k), links: make([]string, k), n: 1}
	for i := range k {
		text := row[i].text
		if row[i].link {
			if u, ok := safeURL(text); ok {
				m.links[i] = u
				text = withoutScheme(text)
			}
		}
		m.styles[i] = g.cellStyle(i, row[i], m.links[i] != "")
		p.use(m.styles[i])
		m.cells[i] = p.wrapText(text, g.widths[i]-2*g.padX-g.gap(i), m.links[i] == "")
		m.n = max(m.n, len(m.cells[i]))
	}
	return m
}

// withoutScheme is how a link is shown: without its "https://" (the
// annotation keeps the whole URL).
func withoutScheme(text string) string {
	s := strings.TrimSpace(text)
	for _, scheme := range []string{"https://", "http://"} {
		if len(s) > len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) {
			return s[len(scheme):]
		}
	}
	return text
}

// grid draws rows. Each row is measured first; a row that does not fit
// the page moves to the next one under a repeated header, and a row taller
// than a whole page is split between its lines.
// header measures a grid's header row; nil header gives an empty one.
func (p *pdfWriter) header(g *grid) measured {
	if g.header == nil {
		return measured{}
	}
	p.font("B", g.size)
	head := measured{cells: make([][]string, len(g.header)), n: 1}
	for i, h := range g.header {
		head.cells[i] = p.wrap(h, g.widths[i]-2*g.padX)
		head.n = max(head.n, len(head.cells[i]))
	}
	return head
}

// headerHeight is the height of a grid's header row; 0 without one.
func (p *pdfWriter) headerHeight(g *grid) float64 {
	if g.header == nil {
		return 0
	}
	return float64(p.header(g).n)*lineHeight(g.size) + 2*g.padY
}

func (p *pdfWriter) grid(g grid, rows [][]cell) {
	lh := lineHeight(g.size)
	head := p.header(&g)
	headH := p.headerHeight(&g)
	drawHeader := func() {
		if g.header == nil {
			return
		}
		p.fill(colHeadBg)
		p.pdf.Rect(p.left, p.y, p.width(), headH, "F")
		p.use(style{"B", g.size, colText})
		x := p.left
		for i, w := range g.widths {
			for j, l := range head.cells[i] {
				p.put(x+g.padX, p.y+g.padY+float64(j)*lh, w-2*g.padX, g.size, l, g.aligns[i])
			}
			x += w
		}
		p.y += headH
	}

	// Start on a page with room for the header and the first row (keep
	// with next: a header never ends a page), or two of its lines when it
	// is taller than a page.
	first := 2 * (lh + 2*g.padY)
	if len(rows) > 0 {
		first = min(float64(p.measure(&g, rows[0]).n)*lh+2*g.padY, p.bottom-p.top-headH)
	}
	p.need(headH + first)
	drawHeader()
	pageTop := p.y // where rows start on this page
	for r, row := range rows {
		m := p.measure(&g, row)
		for first := 0; first < m.n; {
			fit := int((p.bottom - p.y - 2*g.padY) / lh)
			rest := m.n - first
			if rest > fit {
				// Move the whole row to a fresh page when it fits there, or
				// when too little of it would fit here; else split it.
				fresh := int((p.bottom - p.top - headH - 2*g.padY) / lh)
				if p.y > pageTop && (rest <= fresh || fit < 2) {
					p.newPage()
					drawHeader()
					pageTop = p.y
					continue
				}
			}
			k := min(rest, max(fit, 1))
			p.row(&g, row, m, r, first, first+k)
			first += k
			if first < m.n {
				p.newPage()
				drawHeader()
				pageTop = p.y
			}
		}
	}
}

// row draws lines [from, to) of a measured row at p.y.
func (p *pdfWriter) row(g *grid, row []cell, m measured, index, from, to int) {
	lh := lineHeight(g.size)
	h := float64(to-from)*lh + 2*g.padY
	if g.zebra && index%2 == 1 {
		p.fill(colZebra)
		p.pdf.Rect(p.left, p.y, p.width(), h, "F")
	}
	x := p.left
	for i, w := range g.widths {
		if i >= len(m.styles) {
			break
		}
		p.use(m.styles[i])
		lines := m.cells[i]
		for j := from; j < to && j < len(lines); j++ {
			p.put(x+g.padX, p.y+g.padY+float64(j-from)*lh, w-2*g.padX, g.size, lines[j], g.aligns[i])
		}
		if u := m.links[i]; u != "" && from < len(lines) {
			p.pdf.LinkString(x, p.y, w, h, u)
		}
		x += w
	}
	if g.zebra {
		p.draw(colRule)
		p.pdf.SetLineWidth(0.15)
		p.pdf.Line(p.left, p.y+h, p.right, p.y+h)
	}
	p.y += h
}
