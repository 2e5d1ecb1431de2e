package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// drawing is a picture laid out once and drawn by two renderers, SVG and
// PDF, so the two never disagree: blocks of shapes and text, in
// millimetres, y downwards, each block at the full width. The SVG stacks
// the blocks; the PDF puts them on A4 pages, a block never split between
// two. Coordinates are display values: they are computed from figures,
// never the other way round.
type drawing struct {
	width  float64
	blocks []*dblock
	lang   string
	title  string
	// dated is the PDF's creation and modification date.
	dated time.Time
}

// dblock is a part of a drawing: its height and its shapes, in the
// block's coordinates.
type dblock struct {
	h      float64
	shapes []shape
}

// shape is one thing drawn: a line, a polyline, a filled circle, or one
// line of text.
type shape struct {
	kind   shapeKind
	pts    []float64 // line, polyline: x1, y1, x2, y2, …
	x, y   float64   // circle: centre; text: the baseline's anchor
	r      float64   // circle
	col    rgb       // stroke of lines, fill of circles, text colour
	lw     float64   // line width
	dash   bool      // dashed line
	text   string    // text, cleaned (see clean)
	size   float64   // font size in points
	style  string    // "", "B" or "I"
	anchor byte      // 'L', 'C' or 'R': where x is on the text
}

type shapeKind uint8

const (
	shapeLine shapeKind = iota
	shapePolyline
	shapeCircle
	shapeText
)

// measurer measures text in the PDF's fonts, which the SVG names first.
type measurer struct{ pdf *gofpdf.Fpdf }

func newMeasurer() (*measurer, error) {
	pdf, err := newPDF(A4)
	return &measurer{pdf}, err
}

// width returns the width of s, cleaned, in millimetres.
func (m *measurer) width(s, style string, size float64) float64 {
	m.pdf.SetFont(fontSans, style, size)
	return m.pdf.GetStringWidth(clean(s))
}

// fit shortens s with an ellipsis until it is at most w wide.
func (m *measurer) fit(s, style string, size, w float64) string {
	s = clean(s)
	if m.width(s, style, size) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && m.width(string(r)+"…", style, size) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func (b *dblock) line(x1, y1, x2, y2 float64, col rgb, lw float64, dash bool) {
	b.shapes = append(b.shapes, shape{kind: shapeLine, pts: []float64{x1, y1, x2, y2}, col: col, lw: lw, dash: dash})
}

func (b *dblock) polyline(pts []float64, col rgb, lw float64) {
	b.shapes = append(b.shapes, shape{kind: shapePolyline, pts: pts, col: col, lw: lw})
}

func (b *dblock) circle(x, y, r float64, col rgb) {
	b.shapes = append(b.shapes, shape{kind: shapeCircle, x: x, y: y, r: r, col: col})
}

// text draws s with its baseline at y, anchored at x.
func (b *dblock) text(x, y float64, s string, size float64, style string, col rgb, anchor byte) {
	b.shapes = append(b.shapes, shape{kind: shapeText, x: x, y: y, text: clean(s), size: size, style: style, col: col, anchor: anchor})
}

// svgMargin is the white space around an SVG drawing, in millimetres.
const svgMargin = 6.0

// writeSVG writes d as an SVG document to w, the blocks one under the
// other. Text names the PDF's font first (Liberation Sans), then metric
// equivalents (Arial, Helvetica), so it has the widths it was laid out
// with wherever one of them is installed.
func writeSVG(w io.Writer, d *drawing) error {
	var b bytes.Buffer
	h := 2 * svgMargin
	for _, bl := range d.blocks {
		h += bl.h
	}
	wd := d.width + 2*svgMargin
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%smm\" height=\"%smm\" viewBox=\"0 0 %s %s\" font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\" xml:lang=\"%s\">\n",
		num(wd), num(h), num(wd), num(h), xmlText(d.lang))
	fmt.Fprintf(&b, "<title>%s</title>\n", xmlText(d.title))
	fmt.Fprintf(&b, "<rect width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n", num(wd), num(h))
	y := svgMargin
	for _, bl := range d.blocks {
		fmt.Fprintf(&b, "<g transform=\"translate(%s %s)\">\n", num(svgMargin), num(y))
		for i := range bl.shapes {
			svgShape(&b, &bl.shapes[i])
		}
		b.WriteString("</g>\n")
		y += bl.h
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// svgShape writes one shape.
func svgShape(b *bytes.Buffer, s *shape) {
	switch s.kind {
	case shapeLine, shapePolyline:
		var pts []string
		for i := 0; i+1 < len(s.pts); i += 2 {
			pts = append(pts, num(s.pts[i])+","+num(s.pts[i+1]))
		}
		dash := ""
		if s.dash {
			dash = ` stroke-dasharray="0.8 0.8"`
		}
		fmt.Fprintf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n",
			strings.Join(pts, " "), hex(s.col), num(s.lw), dash)
	case shapeCircle:
		fmt.Fprintf(b, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"/>\n", num(s.x), num(s.y), num(s.r), hex(s.col))
	case shapeText:
		anchor := map[byte]string{'L': "start", 'C': "middle", 'R': "end"}[s.anchor]
		attrs := ""
		switch s.style {
		case "B":
			attrs = ` font-weight="bold"`
		case "I":
			attrs = ` font-style="italic"`
		}
		fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" font-size=\"%s\" fill=\"%s\" text-anchor=\"%s\"%s>%s</text>\n",
			num(s.x), num(s.y), num(s.size*ptMM), hex(s.col), anchor, attrs, xmlText(s.text))
	}
}

// num writes a coordinate with two decimals, the same on every machine.
func num(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func hex(c rgb) string { return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b) }

// xmlText escapes s for XML text and attributes; characters XML cannot
// hold become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // never fails on a strings.Builder
	return b.String()
}

// writeDrawingPDF writes d as a PDF document to w: A4 pages (size) with
// the report's margins and fonts, the blocks flowing down the pages and a
// block that does not fit the rest of a page starting the next one. The
// document is rendered in memory and written only when complete; a panic
// inside the PDF library is returned as an error.
func writeDrawingPDF(w io.Writer, d *drawing, size PageSize) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: pdf: rendering failed: %v", r)
		}
	}()
	pdf, err := newPDF(size)
	if err != nil {
		return err
	}
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetTitle(clean(d.title), true)
	pdf.SetCreator("postmortem report", true)
	fixDates(pdf, d.dated)
	pageW, pageH := pdf.GetPageSize()
	left := (pageW - d.width) / 2
	bottom := pageH - marginBottom
	pdf.AddPage()
	y := marginTop
	for _, bl := range d.blocks {
		if y+bl.h > bottom && y > marginTop {
			pdf.AddPage()
			y = marginTop
		}
		for i := range bl.shapes {
			pdfShape(pdf, &bl.shapes[i], left, y)
		}
		y += bl.h
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	if buf.Len() == 0 {
		return errors.New("report: pdf: empty output")
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// pdfShape draws one shape of a block whose top left corner is at (ox, oy).
func pdfShape(pdf *gofpdf.Fpdf, s *shape, ox, oy float64) {
	switch s.kind {
	case shapeLine, shapePolyline:
		pdf.SetDrawColor(s.col.r, s.col.g, s.col.b)
		pdf.SetLineWidth(s.lw)
		if s.dash {
			pdf.SetDashPattern([]float64{0.8, 0.8}, 0)
		}
		if len(s.pts) >= 4 {
			pdf.MoveTo(ox+s.pts[0], oy+s.pts[1])
			for i := 2; i+1 < len(s.pts); i += 2 {
				pdf.LineTo(ox+s.pts[i], oy+s.pts[i+1])
			}
			pdf.DrawPath("D")
		}
		if s.dash {
			pdf.SetDashPattern([]float64{}, 0)
		}
	case shapeCircle:
		pdf.SetFillColor(s.col.r, s.col.g, s.col.b)
		pdf.Circle(ox+s.x, oy+s.y, s.r, "F")
	case shapeText:
		pdf.SetFont(fontSans, s.style, s.size)
		pdf.SetTextColor(s.col.r, s.col.g, s.col.b)
		x := ox + s.x
		switch s.anchor {
		case 'C':
			x -= pdf.GetStringWidth(s.text) / 2
		case 'R':
			x -= pdf.GetStringWidth(s.text)
		}
		pdf.Text(x, oy+s.y, s.text)
	}
}
