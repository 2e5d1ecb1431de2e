// Package pdftext extracts the text of the PDFs the report package writes,
// with the position, size and font of every piece, in pure Go: the tests
// read PDFs through it on any machine, with no poppler-utils installed.
//
// It reads what gofpdf writes with UTF-8 fonts: content streams (pdfcpu
// decodes them) whose text objects place strings with Td and show them with
// Tj or TJ, in Type0 fonts with Identity-H encoding whose codes are UTF-16BE
// (gofpdf's Unicode fonts). It is not a general PDF text extractor: other
// encodings come out as their bytes, and only Td positions text (gofpdf
// never writes Tm or T*).
package pdftext

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Item is a string shown on a page.
type Item struct {
	// X and Y are where its baseline starts, in points from the page's
	// top-left corner (Y grows downwards, as one reads).
	X, Y float64
	// Size is the font size in points; Font is the font's base name
	// without any subset tag: gofpdf names a UTF-8 font "utf8" + family +
	// style ("utf8sansB" for the bold style of family "sans").
	Size float64
	Font string
	Text string
}

// Bold reports whether the item is set in a bold font: gofpdf's style B
// (or a base name that says Bold).
func (it Item) Bold() bool {
	return strings.HasSuffix(it.Font, "B") || strings.HasSuffix(it.Font, "BI") || strings.Contains(it.Font, "Bold")
}

// Page is one page's items, in the order drawn, and its height.
type Page struct {
	Items  []Item
	Height float64
}

// Read returns the pages of the PDF in data.
// It turns off pdfcpu's configuration directory first (pdfcpu would
// otherwise write one under the user's home).
func Read(data []byte) ([]Page, error) {
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		return nil, fmt.Errorf("pdftext: %w", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("pdftext: %w", err)
	}
	pages := make([]Page, ctx.PageCount)
	for n := 1; n <= ctx.PageCount; n++ {
		d, _, inh, err := ctx.PageDict(n, true)
		if err != nil {
			return nil, fmt.Errorf("pdftext: page %d: %w", n, err)
		}
		content, err := ctx.PageContent(d, n)
		if err != nil {
			return nil, fmt.Errorf("pdftext: page %d: %w", n, err)
		}
		h := 842.0
		if inh != nil && inh.MediaBox != nil {
			h = inh.MediaBox.Height()
		} else if mb := d.ArrayEntry("MediaBox"); len(mb) == 4 {
			if v, ok := number(mb[3]); ok {
				h = v
			}
		}
		items, err := parse(content, fonts(ctx, d), h)
		if err != nil {
			return nil, fmt.Errorf("pdftext: page %d: %w", n, err)
		}
		pages[n-1] = Page{Items: items, Height: h}
	}
	return pages, nil
}

func number(o types.Object) (float64, bool) {
	switch v := o.(type) {
	case types.Integer:
		return float64(v), true
	case types.Float:
		return float64(v), true
	}
	return 0, false
}

// fonts maps the page's font resource names to their base font names.
func fonts(ctx *model.Context, page types.Dict) map[string]string {
	out := map[string]string{}
	res, err := ctx.DereferenceDict(page["Resources"])
	if err != nil || res == nil {
		return out
	}
	fd, err := ctx.DereferenceDict(res["Font"])
	if err != nil || fd == nil {
		return out
	}
	for name, ref := range fd {
		f, err := ctx.DereferenceDict(ref)
		if err != nil || f == nil {
			continue
		}
		base := f.NameEntry("BaseFont")
		if base == nil {
			continue
		}
		b := *base
		if i := strings.IndexByte(b, '+'); i == 6 {
			b = b[i+1:] // the subset tag
		}
		out[name] = b
	}
	return out
}

// parse runs the text operators of a content stream.
func parse(content []byte, fonts map[string]string, height float64) ([]Item, error) {
	var (
		items    []Item
		operands []any // float64, string (names as "/N"), []byte (strings), []any (arrays)
		font     string
		size     float64
		x, y     float64
	)
	sc := scanner{data: content}
	var stack [][]any // open arrays
	for {
		tok, kind, err := sc.next()
		if err != nil {
			return nil, err
		}
		if kind == tEOF {
			break
		}
		var v any
		switch kind {
		case tNumber:
			f, err := strconv.ParseFloat(tok, 64)
			if err != nil {
				return nil, fmt.Errorf("bad number %q", tok)
			}
			v = f
		case tName:
			v = tok
		case tString:
			v = []byte(tok)
		case tOpenArray:
			stack = append(stack, nil)
			continue
		case tCloseArray:
			if len(stack) == 0 {
				return nil, fmt.Errorf("unbalanced ]")
			}
			arr := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			v = arr
		case tOperator:
			switch tok {
			case "BT":
				x, y = 0, 0
			case "Tf":
				if len(operands) >= 2 {
					if n, ok := operands[len(operands)-2].(string); ok {
						font = fonts[strings.TrimPrefix(n, "/")]
					}
					size, _ = operands[len(operands)-1].(float64)
				}
			case "Td":
				if len(operands) >= 2 {
					dx, _ := operands[len(operands)-2].(float64)
					dy, _ := operands[len(operands)-1].(float64)
					x, y = x+dx, y+dy
				}
			case "Tj", "TJ", "'", "\"":
				var b []byte
				if len(operands) > 0 {
					switch o := operands[len(operands)-1].(type) {
					case []byte:
						b = o
					case []any:
						for _, e := range o {
							if s, ok := e.([]byte); ok {
								b = append(b, s...)
							}
						}
					}
				}
				items = append(items, Item{X: x, Y: height - y, Size: size, Font: font, Text: decode(b)})
			}
			operands = operands[:0]
			continue
		}
		if len(stack) > 0 {
			stack[len(stack)-1] = append(stack[len(stack)-1], v)
		} else {
			operands = append(operands, v)
		}
	}
	return items, nil
}

// decode reads a string of a Unicode font: UTF-16BE.
func decode(b []byte) string {
	if len(b)%2 != 0 {
		return string(b)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// Lines groups a page's items into lines, top to bottom, each line's items
// left to right joined by a space: roughly what a reader sees.
func (p Page) Lines() []string {
	items := slices.Clone(p.Items)
	slices.SortStableFunc(items, func(a, b Item) int {
		if d := a.Y - b.Y; d < -1 || d > 1 {
			if d < 0 {
				return -1
			}
			return 1
		}
		switch {
		case a.X < b.X:
			return -1
		case a.X > b.X:
			return 1
		}
		return 0
	})
	var lines []string
	var cur []string
	lastY := 0.0
	for i, it := range items {
		if i > 0 && (it.Y-lastY > 1 || lastY-it.Y > 1) {
			lines = append(lines, strings.Join(cur, " "))
			cur = nil
		}
		if it.Text != "" {
			cur = append(cur, it.Text)
		}
		lastY = it.Y
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}

// Text is the page's lines joined by newlines.
func (p Page) Text() string { return strings.Join(p.Lines(), "\n") }
