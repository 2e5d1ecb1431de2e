package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"github.com/outagekit/postmortem/internal/hyphen"
)

// WritePDF writes d as a PDF document to w: a title page, then the
// sections (see the package documentation) with a drawn timeline chart,
// tables that continue across pages under repeated headers, a running
// header and "page N of M" footers. Fonts are embedded; text they cannot
// draw is replaced (see the package documentation). The output depends
// only on d: the creation and modification dates are d's generation date,
// so the same document gives the same bytes.
//
// The document is rendered in memory and written to w only when complete:
// on error nothing is written. WritePDF returns ErrNoIncident when d has no
// incident, an error when rendering fails (a panic inside the PDF library
// is recovered and returned as one), or the error from w.
func WritePDF(w io.Writer, d *Document) error {
	c, err := build(d)
	if err != nil {
		return err
	}
	return writePDF(w, c, d.Options.PageSize)
}

// writePDF renders laid-out content and writes it to w once complete.
func writePDF(w io.Writer, c *content, size PageSize) error {
	var buf bytes.Buffer
	if err := renderPDF(&buf, c, size); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// renderPDF lays out c and writes the PDF to buf; it is the renderer's
// boundary, where panics from gofpdf become errors.
func renderPDF(buf *bytes.Buffer, c *content, size PageSize) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: pdf: rendering failed: %v", r)
		}
	}()
	pdf, err := newPDF(size)
	if err != nil {
		return err
	}
	p := newPDFWriter(pdf, c)
	p.metadata()
	p.titlePage()
	for i := range c.sections {
		p.section(i+1, &c.sections[i])
	}
	p.footers()
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	if err := pdf.Output(buf); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	if buf.Len() == 0 {
		return errors.New("report: pdf: empty output")
	}
	return nil
}

// newPDF returns an empty document of pages of size with the fonts
// loaded, in millimetres.
func newPDF(size PageSize) (*gofpdf.Fpdf, error) {
	sizeStr := "A4"
	if size == Letter {
		sizeStr = "Letter"
	} else if size != A4 {
		return nil, fmt.Errorf("report: pdf: unknown page size %d", size)
	}
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: sizeStr})
	addFonts(pdf)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("report: pdf: loading fonts: %w", err)
	}
	return pdf, nil
}

// pdfWriter lays content out on pages. Lengths are in millimetres, font
// sizes in points. It breaks pages itself (gofpdf's automatic page break is
// off): every block checks the room left before it draws.
type pdfWriter struct {
	pdf *gofpdf.Fpdf
	c   *content
	hy  *hyphen.Patterns // the report language's hyphenation; nil: none
	// grids are the tables' grids, sized once (see tableGrid).
	grids map[*table]grid

	pageW, pageH             float64
	left, right, top, bottom float64 // the text area
	y                        float64 // where the next block starts
}

// Layout and colours.
const (
	marginX      = 18.0
	marginTop    = 20.0
	marginBottom = 20.0
	ptMM         = 25.4 / 72 // millimetres per point

	sizeBody    = 9.5
	sizeTable   = 8.0
	sizeSmall   = 7.5
	sizeHeading = 14.0
	sizeSub     = 10.5
	leading     = 1.32 // line height ÷ font size
)

type rgb struct{ r, g, b int }

var (
	colText   = rgb{33, 37, 41}
	colMuted  = rgb{100, 108, 118}
	colAccent = rgb{28, 69, 110}
	colAlert  = rgb{183, 28, 28}
	colLink   = rgb{21, 101, 192}
	colRule   = rgb{206, 212, 218}
	colZebra  = rgb{244, 246, 249}
	colHeadBg = rgb{226, 232, 240}
	colWhite  = rgb{255, 255, 255}
)

func newPDFWriter(pdf *gofpdf.Fpdf, c *content) *pdfWriter {
	w, h := pdf.GetPageSize()
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	return &pdfWriter{pdf: pdf, c: c, hy: hyphen.For(c.lang), pageW: w, pageH: h,
		left: marginX, right: w - marginX, top: marginTop, bottom: h - marginBottom}
}

// fixedEpoch stands in for a document with no date at all, so that the
// PDF library never falls back to the clock.
var fixedEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func (p *pdfWriter) metadata() {
	pdf, c := p.pdf, p.c
	pdf.SetTitle(clean(c.title), true)
	pdf.SetSubject(clean(c.subject), true)
	if c.author != "" {
		pdf.SetAuthor(clean(c.author), true)
	}
	pdf.SetCreator("postmortem report", true)
	fixDates(pdf, c.dated)
	pdf.SetDisplayMode("fullwidth", "continuous")
}

// fixDates makes pdf's bytes depend only on what it draws: its creation
// and modification dates are dated (fixedEpoch when zero), and its catalog
// is sorted.
func fixDates(pdf *gofpdf.Fpdf, dated time.Time) {
	gen := dated.UTC()
	if dated.IsZero() {
		gen = fixedEpoch
	}
	pdf.SetCreationDate(gen)
	pdf.SetModificationDate(gen)
	pdf.SetCatalogSort(true)
}

func (p *pdfWriter) width() float64 { return p.right - p.left }

func (p *pdfWriter) font(style string, size float64) { p.pdf.SetFont(fontSans, style, size) }

func (p *pdfWriter) color(c rgb) { p.pdf.SetTextColor(c.r, c.g, c.b) }

func (p *pdfWriter) fill(c rgb) { p.pdf.SetFillColor(c.r, c.g, c.b) }

func (p *pdfWriter) draw(c rgb) { p.pdf.SetDrawColor(c.r, c.g, c.b) }

// lineHeight is the height of a line of text at size points.
func lineHeight(size float64) float64 { return size * ptMM * leading }

// wrap cleans s and splits it into lines no wider than w in the current
// font: at line breaks, and at ordinary spaces where a line would overflow.
// No-break spaces hold their neighbours together ("14 h 28 min" and
// "1 234,56 €" stay whole; gofpdf's SplitText would break at them). A word
// wider than w is broken after its hyphens and slashes, then hyphenated in
// the report's language (see breakLong). Blank text gives no lines.
func (p *pdfWriter) wrap(s string, w float64) []string { return p.wrapText(s, w, true) }

// wrapText is wrap; hyph false never hyphenates (a link: an added hyphen
// would change it).
func (p *pdfWriter) wrapText(s string, w float64, hyph bool) []string {
	s = clean(s)
	if strings.TrimSpace(s) == "" {
		return nil
	}
	space := p.pdf.GetStringWidth(" ")
	var lines []string
	for _, para := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		var line strings.Builder
		lw := 0.0
		flush := func() {
			lines = append(lines, line.String())
			line.Reset()
			lw = 0
		}
		for _, word := range strings.Split(para, " ") {
			if word == "" {
				continue
			}
			ww := p.pdf.GetStringWidth(word)
			if lw > 0 && lw+space+ww > w {
				flush()
			}
			if ww > w { // too wide for any line: break it
				for _, part := range p.breakLong(word, w, hyph) {
					if lw > 0 {
						flush()
					}
					line.WriteString(part)
					lw = p.pdf.GetStringWidth(part)
				}
				continue
			}
			if lw > 0 {
				line.WriteByte(' ')
				lw += space
			}
			line.WriteString(word)
			lw += ww
		}
		flush()
	}
	return lines
}

// breakLong breaks a word wider than w into lines no wider than w: after
// its hyphens and slashes first ("constant-" "contact-2014-04-18"); a
// piece still too wide is hyphenated at the points of the report's
// language (internal/hyphen: "Verfüg-" "barkeit"), with a hyphen added;
// only what has no such point (a long number, a URL, a word of another
// script) is cut between characters (breakWord).
func (p *pdfWriter) breakLong(word string, w float64, hyph bool) []string {
	var out []string
	cur := ""
	for _, pc := range splitAfter(word, "-/") {
		if p.pdf.GetStringWidth(cur+pc) <= w {
			cur += pc
			continue
		}
		if cur != "" {
			out = append(out, cur)
			cur = ""
		}
		if p.pdf.GetStringWidth(pc) <= w {
			cur = pc
			continue
		}
		parts := p.hyphenateLong(pc, w, hyph)
		out = append(out, parts[:len(parts)-1]...)
		cur = parts[len(parts)-1]
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// splitAfter splits s after every rune of seps: "a-b/c" → "a-", "b/", "c".
func splitAfter(s, seps string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if strings.ContainsRune(seps, r) && i+1 < len(s) {
			out = append(out, s[start:i+1])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// hyphenateLong cuts a piece wider than w (with no hyphen or slash inside)
// at hyphenation points, each line ending in "-" and no wider than w; the
// last element is the rest, which may fit with what follows. Without a
// usable point it falls back to breakWord.
func (p *pdfWriter) hyphenateLong(pc string, w float64, hyph bool) []string {
	rs := []rune(pc)
	var points []int
	if hyph && p.hy != nil {
		// The letters inside any leading and trailing punctuation.
		lo, hi := 0, len(rs)
		for lo < hi && !unicode.IsLetter(rs[lo]) {
			lo++
		}
		for hi > lo && !unicode.IsLetter(rs[hi-1]) {
			hi--
		}
		for _, k := range p.hy.Points(string(rs[lo:hi])) {
			points = append(points, lo+k)
		}
	}
	var out []string
	start := 0
	for {
		if p.pdf.GetStringWidth(string(rs[start:])) <= w {
			return append(out, string(rs[start:]))
		}
		best := -1
		for _, k := range points {
			if k > start && p.pdf.GetStringWidth(string(rs[start:k])+"-") <= w {
				best = k
			}
		}
		if best < 0 {
			parts := p.breakWord(string(rs[start:]), w)
			return append(out, parts...)
		}
		out = append(out, string(rs[start:best])+"-")
		start = best
	}
}

// breakWord cuts a word wider than w into pieces no wider than w, after a
// "/", "-", ".", "_", "?", "&" or "=" where one falls in the piece (URLs and
// paths break at their separators), else between characters.
func (p *pdfWriter) breakWord(word string, w float64) []string {
	var parts []string
	rs := []rune(word)
	for len(rs) > 0 {
		n, width, cut := 0, 0.0, -1
		for n < len(rs) {
			rw := p.pdf.GetStringWidth(string(rs[n]))
			if n > 0 && width+rw > w {
				break
			}
			width += rw
			if strings.ContainsRune("/-._?&=", rs[n]) && n+1 < len(rs) {
				cut = n + 1
			}
			n++
		}
		if n < len(rs) && cut > n/2 {
			n = cut
		}
		parts = append(parts, string(rs[:n]))
		rs = rs[n:]
	}
	return parts
}

// put draws one line of already cleaned text in a box of width w whose top
// is at y, in the current font and text colour; align is "L", "C" or "R".
func (p *pdfWriter) put(x, y, w, size float64, line, align string) {
	p.pdf.SetXY(x, y)
	p.pdf.CellFormat(w, lineHeight(size), line, "", 0, align, false, 0, "")
}

// fitRunes bounds the characters fit looks at: no line of a page holds
// nearly as many, so a longer text is shortened whatever its glyphs.
const fitRunes = 4096

// fit cleans s and shortens it with "…" until it is no wider than w: to
// the longest prefix that fits with the "…", found by binary search (widths
// only grow with the prefix), so that a long title costs O(n log n) and
// not O(n²) on every page header.
func (p *pdfWriter) fit(s string, w float64) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	cut := false
	if i := runeOffset(s, 2*fitRunes); i < len(s) {
		s, cut = s[:i], true
	}
	s = clean(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if !cut && p.pdf.GetStringWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	if len(rs) > fitRunes {
		rs = rs[:fitRunes]
	}
	n := sort.Search(len(rs)+1, func(k int) bool {
		return p.pdf.GetStringWidth(string(rs[:k])+"…") > w
	})
	return string(rs[:max(n-1, 0)]) + "…"
}

// runeOffset returns the byte offset of the n-th rune of s, or len(s) when
// s has no more than n runes.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// newPage starts a page with the running header.
func (p *pdfWriter) newPage() {
	p.pdf.AddPage()
	p.y = p.top
	p.font("", sizeSmall)
	p.color(colMuted)
	half := p.width()/2 - 4
	p.put(p.left, 10, half, sizeSmall, p.fit(p.c.title, half), "L")
	right := p.c.kind
	if strings.TrimSpace(p.c.id) != "" {
		right += " · " + p.c.id
	}
	p.put(p.left+half+8, 10, half, sizeSmall, p.fit(right, half), "R")
	p.draw(colRule)
	p.pdf.SetLineWidth(0.2)
	p.pdf.Line(p.left, 14.5, p.right, 14.5)
}

// room reports whether h more millimetres fit on the current page.
func (p *pdfWriter) room(h float64) bool { return p.y+h <= p.bottom }

// need starts a new page unless h more millimetres fit on this one.
func (p *pdfWriter) need(h float64) {
	if !p.room(h) {
		p.newPage()
	}
}

// footers writes "page N of M" on every page once the layout is done and
// M is known (gofpdf's page-count alias can lose digit glyphs with UTF-8
// fonts; writing the number itself keeps them in the font subset).
func (p *pdfWriter) footers() {
	total := p.pdf.PageCount()
	gen := p.c.generatedLine
	for n := 1; n <= total; n++ {
		p.pdf.SetPage(n)
		y := p.pageH - 13
		p.draw(colRule)
		p.pdf.SetLineWidth(0.2)
		p.pdf.Line(p.left, y-1.5, p.right, y-1.5)
		p.font("", sizeSmall)
		p.color(colMuted)
		half := p.width()/2 - 4
		p.put(p.left, y, half, sizeSmall, p.fit(gen, half), "L")
		p.put(p.left+half+8, y, half, sizeSmall, p.fit(p.c.page(n, total), half), "R")
	}
}
